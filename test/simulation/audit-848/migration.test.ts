/**
 * Audit, mixed groups and migration (kafka-semantics §4.10; GMM getOrMaybeCreateConsumerGroup,
 * convertToConsumerGroup, ConsumerGroup.fromClassicGroup, classicGroupJoinToConsumerGroup,
 * classicGroupHeartbeatToConsumerGroup, consumerGroupFenceMember,
 * validateOnlineDowngradeWithFencedMember, convertToClassicGroup, ClassicGroup.fromConsumerGroup).
 * 6 partitions, 600 records/s, idle members, auto-commit off (per-batch commits), no listener,
 * zero latency, seed 0.
 *
 * Classic part, derived once (§1.4-1.5, §2.10; conventions §3): c1..c3 (defaults: EAGER range,
 * heartbeat 3 s) start at 0 s; two 3 s initial-delay windows: generation 1 at 6 s; range over the
 * sorted member ids (`c1-…` < `c2-…` < `c3-…`): c1 [0,1], c2 [2,3], c3 [4,5]; heartbeats at
 * 6 s + 3 s·k.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { acquiredAt, bumps, groupStateAt, groupTypeAt, hashMapOrder, memberIdAt, pauses, S, sim, spans, specOrderByName, target, targetComputedAt, timelineOrder, unowned, verdicts } from './helpers.js';

const mixed = (opts: { cluster?: string; classic?: string; events: string }) => `
cluster { ${opts.cluster ?? ''} }
topic orders { partitions = 6  produce = 600/s }
group g {
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3] { ${opts.classic ?? ''} }
  consumer c4 { group.protocol = consumer }
}
scenario s { group g  duration 2m
  at 0s start c1, c2, c3
  ${opts.events} }`;

/**
 * The member specs when c4's join converts the group: ConsumerGroup.fromClassicGroup puts the
 * classic members into a new TimelineHashMap in the classic group's HashMap order (members added
 * c1, c2, c3), and that converted group is the one the upgrading heartbeat computes the target on;
 * c4 is the updated member.
 */
function upgradeSpecOrder(t: Trace): string[] {
    const ids = ['c1', 'c2', 'c3'].map((m) => memberIdAt(t, m, 0));
    const classicOrder = hashMapOrder(ids).map((id) => `c${ids.indexOf(id) + 1}`);
    return specOrderByName(
        t,
        classicOrder.map((m): [string, string, number] => ['+', m, 0]),
        ['c4', 61 * S]
    );
}

describe('audit KIP-848 online upgrade and downgrade (policy bidirectional)', () => {
    it('a consumer-protocol member converts a 3-member EAGER classic group, then its leave converts it back with a classic rebalance', async () => {
        // 61 s: c4's ConsumerGroupHeartbeat (epoch 0) finds a non-empty classic group: converted in
        // place, group epoch = assignment epoch = generation 1, c1..c3 classic members at epoch 1
        // with their assignment; c4's join bumps to epoch 2 at 61 s and the target is computed then.
        // Uniform (Kafka 4.0 UHAB, §4.8): 6 over 4, min 1, P mod N = 2: the first two members in spec
        // order get quota 2 whatever they own. Seed 0's order is c4, c1, c3, c2 (upgradeSpecOrder):
        // c4 and c1 quota 2, c3 and c2 quota 1; c1 keeps [0,1], c3 keeps [4] and gives 5, c2 keeps
        // [2] and gives 3 (HashSet order keeps the lower); unassigned [5, 3] → c4 [3,5].
        // 63 s: the classic members' heartbeats get REBALANCE_IN_PROGRESS (member epoch 1 < group
        // epoch 2); EAGER, idle: revoke everything and rejoin at once with no owned partitions. Each
        // JoinGroup is answered at once with generation = member epoch 2 and SyncGroup returns the
        // assignment: c2's [2], c3's [4] (3 and 5 were never reported owned, so no UNREVOKED wait:
        // both are free at 63 s). 66 s: c4 (φ = 61 s) takes 3 and 5. Old members re-get their
        // partitions within the instant: no pause.
        // 91 s: stop c4 → leave (epoch -1) → the last consumer-protocol member goes and only classic
        // members remain: converted back to a classic group at generation 2 (no bump), state Stable,
        // then prepareRebalance ("Downgrade group g from consumer to classic."): PreparingRebalance at
        // 91 s, not from Empty, so no initial delay. The classic members (heartbeats at 63 s + 3 s·k)
        // hear it at 93 s and rejoin at once: generation 3 at 93 s; range: c1 [0,1], c2 [2,3], c3 [4,5].
        // orders[3] and orders[5] unowned 63 → 66 s and 91 → 93 s: 5 s each.
        const r = await sim(mixed({ events: 'at 61s start c4\n  at 91s stop c4' }));
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S],
            [3, 93 * S]
        ]);
        expect([groupTypeAt(t, 60 * S), groupTypeAt(t, 61 * S), groupTypeAt(t, 90 * S), groupTypeAt(t, 91 * S)]).toEqual(['classic', 'consumer', 'consumer', 'classic']);
        expect(upgradeSpecOrder(t)).toEqual(['c4', 'c1', 'c3', 'c2']);
        expect(targetComputedAt(t, 2)).toBe(61 * S);
        expect(target(t, 2)).toEqual({ c1: [0, 1], c2: [2], c3: [4], c4: [3, 5] });
        const rip = t.events.filter((e) => e.kind === 'response' && e.name === 'Heartbeat' && e.error === 'REBALANCE_IN_PROGRESS' && e.at === 63 * S).map((e) => e.member);
        expect(rip.sort()).toEqual(['c1', 'c2', 'c3']);
        const joins = t.events.filter((e) => e.kind === 'response' && e.name === 'JoinGroup' && e.at === 63 * S).map((e) => [e.member, e.generation]);
        expect(joins.sort()).toEqual([
            ['c1', 2],
            ['c2', 2],
            ['c3', 2]
        ]);
        expect(spans(t, 'c2').find(([p]) => p === 3)?.slice(2)).toEqual([63 * S, 'revoked']);
        expect(spans(t, 'c3').find(([p]) => p === 5)?.slice(2)).toEqual([63 * S, 'revoked']);
        expect(acquiredAt(t, 'c4', 3)).toBe(66 * S);
        expect(acquiredAt(t, 'c4', 5)).toBe(66 * S);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 66 * S, 'paused-rebalance']]);
        for (const m of ['c1', 'c2', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 6 * S)).toEqual([]);
        expect(groupStateAt(t, 70 * S)).toEqual(['Stable', 2]);
        // The downgrade.
        expect(groupStateAt(t, 92 * S)).toEqual(['PreparingRebalance', 2]);
        expect(t.rebalances[2].reason).toBe('Downgrade group g from consumer to classic.');
        expect(t.rebalances[2].members.map((m) => [m.member, m.assignment?.orders]).sort()).toEqual([
            ['c1', [0, 1]],
            ['c2', [2, 3]],
            ['c3', [4, 5]]
        ]);
        expect(acquiredAt(t, 'c2', 3, 90 * S)).toBe(93 * S);
        expect(acquiredAt(t, 'c3', 5, 90 * S)).toBe(93 * S);
        expect([unowned(t, 3), unowned(t, 5)]).toEqual([5 * S, 5 * S]);
        expect(groupStateAt(t, 93 * S)).toEqual(['Stable', 3]);
    });

    it('COOPERATIVE classic members inside the consumer group: each giver is held at its epoch (UNREVOKED) until its second JoinGroup', async () => {
        // c1..c3 [cooperative-sticky]: generation 1 at 6 s (assignment read from the trace: the
        // classic assignor is not under audit here; each gets 2). c4 joins at 61 s: epoch 2. Uniform
        // (Kafka 4.0 UHAB, §4.8): the first two in spec order (seed 0: c4, c1, c3, c2) get quota 2,
        // so c1 keeps both and the givers are c3 and c2, each giving up its higher partition; c4
        // (quota 2) takes both. 63 s: all three get REBALANCE_IN_PROGRESS and rejoin keeping their
        // partitions (COOPERATIVE), reporting them owned. c1: nothing to revoke → epoch 2, JoinGroup
        // generation 2. A giver still reports its partition → UNREVOKED_PARTITIONS, stays at epoch 1:
        // JoinGroup generation 1, SyncGroup (no REBALANCE_IN_PROGRESS while revoking) returns its
        // assignment without that partition; onJoinComplete revokes it and rejoins at once ("need to
        // revoke partitions and re-join"), now not owning it → epoch 2, generation 2. Both partitions
        // are free at 63 s; c4 takes them at 66 s. Nobody else pauses.
        const r = await sim(mixed({ classic: 'partition.assignment.strategy = [cooperative-sticky]', events: 'at 61s start c4' }));
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S]
        ]);
        const gen1: Record<string, number[]> = Object.fromEntries(t.rebalances[0].members.map((m) => [m.member, [...(m.assignment?.orders ?? [])].sort((a, b) => a - b)]));
        const order = upgradeSpecOrder(t);
        expect(order).toEqual(['c4', 'c1', 'c3', 'c2']);
        const givers = ['c3', 'c2'];
        const given = givers.map((m) => Math.max(...gen1[m]));
        expect(target(t, 2)).toEqual({ c1: gen1.c1, c2: [Math.min(...gen1.c2)], c3: [Math.min(...gen1.c3)], c4: [...given].sort((a, b) => a - b) });
        givers.forEach((giver, i) => {
            const p = given[i];
            const joins = t.events.filter((e) => e.kind === 'response' && e.name === 'JoinGroup' && e.member === giver && e.at === 63 * S).map((e) => e.generation);
            expect(joins, giver).toEqual([1, 2]);
            expect(spans(t, giver).find(([q]) => q === p)?.slice(2), giver).toEqual([63 * S, 'revoked']);
            expect(acquiredAt(t, 'c4', p)).toBe(66 * S);
        });
        expect(t.events.filter((e) => e.kind === 'response' && e.name === 'JoinGroup' && e.member === 'c1' && e.at === 63 * S).map((e) => e.generation)).toEqual([2]);
        const revoked = t.events.filter((e) => e.kind === 'callback' && e.name === 'onPartitionsRevoked' && e.at === 63 * S);
        expect(revoked.map((e) => [e.member, e.partitions]).sort()).toEqual(givers.map((m, i) => [m, { orders: [given[i]] }]).sort());
        for (const m of ['c1', 'c2', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 6 * S)).toEqual([]);
    });
});

/**
 * The member specs for a target computed after the upgrade, on the group the records built: the
 * conversion's records (ConsumerGroup.createConsumerGroupRecords: members().forEach over the
 * converted group's TimelineHashMap) are replayed into a fresh ConsumerGroup
 * (getOrMaybeCreatePersistedConsumerGroup), so its map is filled in the converted group's
 * iteration order, then c4's record; `updated` is the member whose request computes the target,
 * `gone` members removed (fenced) since.
 */
function replayedSpecOrder(t: Trace, updated: [string, number], gone: readonly string[] = []): string[] {
    const ids = ['c1', 'c2', 'c3'].map((m) => memberIdAt(t, m, 0));
    const name = (id: string) => `c${ids.indexOf(id) + 1}`;
    const converted = timelineOrder(hashMapOrder(ids).map((id) => `+${id}`)).map(name);
    const removals = gone.map((m): [string, string, number] => ['-', m, 61 * S]);
    return specOrderByName(t, [...converted.map((m): [string, string, number] => ['+', m, 0]), ['+', 'c4', 61 * S], ...removals], updated);
}

/** A classic member c5 joins the upgraded group (c1..c3 classic EAGER, c4 consumer) at 100 s. */
const fifth = (seed: number) => `
topic orders { partitions = 6  produce = 600/s }
group g {
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3]
  consumer c4 { group.protocol = consumer }
  consumer c5 { }
}
scenario s { group g  duration 2m  seed ${seed}
  at 0s   start c1, c2, c3
  at 61s  start c4
  at 100s start c5 }`;

describe('audit KIP-848 a classic member joins a consumer group', () => {
    it('its partitions are pushed to it: REBALANCE_IN_PROGRESS on the heartbeat after they are released', async () => {
        // After 66 s (seed 0): c1 [0,1], c2 [2], c3 [4], c4 [3,5], epoch 2 (as in the upgrade above).
        // 100 s: c5 (classic) sends JoinGroup (MEMBER_ID_REQUIRED, then again with the id): a new
        // member → epoch 3 at 100 s; 6 over 5: min 1, one extra, for the first member in spec order
        // (Kafka 4.0 UHAB, §4.8) whatever it owns. replayedSpecOrder: c4, c1, c5, c3, c2: c4 keeps
        // [3,5] (quota 2); c1 (quota 1) keeps 0 and gives 1; c3, c2 keep theirs; unassigned [1] → c5.
        // c5's target is held: UNRELEASED, JoinGroup answered at once with generation 3, SyncGroup
        // returns nothing; heartbeats at 100 s + 3 s·k. The classic members (heartbeats at
        // 63 s + 3 s·k) get REBALANCE_IN_PROGRESS at 102 s (epoch 2 < 3) and rejoin EAGER (nothing
        // owned reported): c1 is left with [0], 1 is free at 102 s. c5's 103 s heartbeat: UNRELEASED
        // but no longer waiting on a held partition → REBALANCE_IN_PROGRESS; it rejoins and SyncGroup
        // gives it [1] at 103 s.
        const t = (await sim(fifth(0))).trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S],
            [3, 100 * S]
        ]);
        expect(replayedSpecOrder(t, ['c5', 100 * S])).toEqual(['c4', 'c1', 'c5', 'c3', 'c2']);
        expect(target(t, 3)).toEqual({ c1: [0], c2: [2], c3: [4], c4: [3, 5], c5: [1] });
        expect(t.events.filter((e) => e.member === 'c5' && e.kind === 'response' && e.name === 'JoinGroup').map((e) => [e.at, e.error, e.generation ?? null])).toEqual([
            [100 * S, 'MEMBER_ID_REQUIRED', null],
            [100 * S, 'NONE', 3],
            [103 * S, 'NONE', 3]
        ]);
        expect(t.events.find((e) => e.member === 'c5' && e.kind === 'response' && e.name === 'Heartbeat' && e.error === 'REBALANCE_IN_PROGRESS')?.at).toBe(103 * S);
        expect(spans(t, 'c1').find(([p]) => p === 1)?.slice(2)).toEqual([102 * S, 'revoked']);
        expect(acquiredAt(t, 'c5', 1)).toBe(103 * S);
        expect(pauses(t, 'c5')).toEqual([[100 * S, 103 * S, 'paused-rebalance']]);
    });

    // (Fixed: after an online upgrade the engine kept the consumer group's members in the order
    // the classic group listed them, one insertion.) Kafka replays the conversion records into a
    // fresh group, inserting them in the *converted* group's TimelineHashMap iteration order, which
    // reverses members sharing a slot. With seed 43, c1 and c2 then swap in the uniform assignor's
    // member order. Derivation (Kafka 4.0 UHAB, §4.8: the first P mod N members in spec order get
    // min+1): epoch 2, upgrade order c2, c1, c4, c3: c2 and c1 keep 2, c3 gives 5 to c4 →
    // c1 [0,1], c2 [2,3], c3 [4], c4 [5]; epoch 3, 6 over 5, one extra for the first in Kafka's
    // order c1, c2, c5, c4, c3: c1 keeps [0,1], c2 (quota 1) gives 3 to c5. (The engine's old order
    // c2, c1, … gave c2 the extra: c2 kept [2,3] and c1 gave 1.)
    it('seed 43: the member order after the upgrade is the replayed group\'s: c1 keeps its extra partition, c5 gets orders[3]', async () => {
        const t = (await sim(fifth(43))).trace;
        expect(upgradeSpecOrder(t)).toEqual(['c2', 'c1', 'c4', 'c3']);
        expect(target(t, 2)).toEqual({ c1: [0, 1], c2: [2, 3], c3: [4], c4: [5] });
        expect(replayedSpecOrder(t, ['c5', 100 * S])).toEqual(['c1', 'c2', 'c5', 'c4', 'c3']);
        expect(target(t, 3)).toEqual({ c1: [0, 1], c2: [2], c3: [4], c4: [5], c5: [3] });
    });
});

describe('audit KIP-848 a classic member fails inside a consumer group', () => {
    it('its own classic session timeout fences it; the bump reaches the classic members by REBALANCE_IN_PROGRESS', async () => {
        // Upgraded at 61 s as above (c1 [0,1], c2 [2], c3 [4], c4 [3,5], epoch 2; classic beats at
        // 63 s + 3 s·k). crash c1 at 70 s: its last heartbeat was at 69 s; the coordinator arms a
        // classic member's session with its own session.timeout.ms (45 s): fenced at 114 s, epoch 3
        // (no downgrade: c4 still speaks the consumer protocol). The timer runs before c2's and c3's
        // 114 s heartbeats, which get REBALANCE_IN_PROGRESS; c2's JoinGroup computes the target: 6 over
        // 3, quota 2 each (P mod N = 0: no member order in the quotas). c4 keeps [3,5]; c2 keeps [2]
        // and c3 keeps [4], one short each; c1's [0,1] (unassigned, partition order) go to the
        // unfilled members in spec order, c3 before c2 (replayedSpecOrder without c1: c4, c3, c2):
        // c3 gets 0, c2 gets 1, each at once with its JoinGroup/SyncGroup at 114 s.
        const t = (await sim(mixed({ events: 'at 61s start c4\n  at 70s crash c1' }))).trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S],
            [3, 114 * S]
        ]);
        expect(t.events.find((e) => e.name === 'SessionTimeout')?.member).toBe('c1');
        expect(groupTypeAt(t, 119 * S)).toBe('consumer');
        expect(targetComputedAt(t, 3)).toBe(114 * S);
        expect(replayedSpecOrder(t, ['c2', 114 * S], ['c1'])).toEqual(['c4', 'c3', 'c2']);
        expect(target(t, 3)).toEqual({ c2: [1, 2], c3: [0, 4], c4: [3, 5] });
        expect(acquiredAt(t, 'c2', 1)).toBe(114 * S);
        expect(acquiredAt(t, 'c3', 0)).toBe(114 * S);
        // 70 s (crash) → 114 s.
        expect([unowned(t, 0), unowned(t, 1)]).toEqual([44 * S, 44 * S]);
    });
});

describe('audit KIP-848 migration policies (group.consumer.migration.policy)', () => {
    it.each(['downgrade', 'disabled'])('%s: the upgrade is refused; the consumer-protocol newcomer fails with GROUP_ID_NOT_FOUND', async (policy) => {
        // validateOnlineUpgrade: upgrade not enabled → GroupIdNotFoundException("Group g is not a
        // consumer group"); the client has no specific handling for it: fatal (AHRM onErrorResponse
        // default → handleFatalFailure). The classic group carries on untouched: one rebalance.
        const r = await sim(mixed({ cluster: `group.consumer.migration.policy = ${policy}`, events: 'at 61s start c4\n  expect error c4 == GROUP_ID_NOT_FOUND' }));
        const t = r.trace;
        expect(Object.values(verdicts(r))).toEqual([true]);
        expect(t.summary.errors.c4?.at).toBe(61 * S);
        expect(t.events.find((e) => e.member === 'c4' && e.kind === 'response' && e.error === 'GROUP_ID_NOT_FOUND')?.detail).toBe('Group g is not a consumer group');
        expect(bumps(t)).toEqual([[1, 6 * S]]);
        expect(groupTypeAt(t, 100 * S)).toBe('classic');
        expect(groupStateAt(t, 100 * S)).toEqual(['Stable', 1]);
    });

    it('upgrade: converted at 61 s, but the last consumer member\'s leave does not convert back: an epoch bump, the classic members rejoin', async () => {
        // Upgrade as in the bidirectional case (epoch 2 at 61 s). At 91 s c4 leaves: downgrade not
        // enabled → plain fence: removed, epoch 3 at 91 s (Assigning: nobody has computed the target).
        // The classic members' 93 s heartbeats get REBALANCE_IN_PROGRESS (epoch 2 < 3); c1's JoinGroup
        // (first) computes the epoch-3 target: 6 over 3, quota 2 each (no member order in the quotas).
        // c1 keeps [0,1]; c2 [2] and c3 [4] are one short; c4's [3,5] (unassigned, partition order)
        // go to the unfilled members in spec order, c3 before c2 (as in the crash case above): c3
        // gets 3, c2 gets 5, each with its JoinGroup/SyncGroup at 93 s: unowned 63 → 66 s and
        // 91 → 93 s.
        const r = await sim(mixed({ cluster: 'group.consumer.migration.policy = upgrade', events: 'at 61s start c4\n  at 91s stop c4' }));
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S],
            [3, 91 * S]
        ]);
        expect(groupTypeAt(t, 100 * S)).toBe('consumer');
        expect(groupStateAt(t, 92 * S)).toEqual(['Assigning', 3]);
        expect(targetComputedAt(t, 3)).toBe(93 * S);
        expect(replayedSpecOrder(t, ['c1', 93 * S], ['c4'])).toEqual(['c1', 'c3', 'c2']);
        expect(target(t, 3)).toEqual({ c1: [0, 1], c2: [2, 5], c3: [3, 4] });
        expect(acquiredAt(t, 'c3', 3, 90 * S)).toBe(93 * S);
        expect(acquiredAt(t, 'c2', 5, 90 * S)).toBe(93 * S);
        expect([unowned(t, 3), unowned(t, 5)]).toEqual([5 * S, 5 * S]);
        expect(groupStateAt(t, 93 * S)).toEqual(['Stable', 3]);
        expect(t.events.some((e) => e.log?.text === 'Cannot downgrade consumer group g to classic group because the online downgrade is disabled.')).toBe(true);
    });
});

describe('audit KIP-848 offline migration', () => {
    it('classic → consumer: stop all, the empty classic group is deleted by the first consumer-protocol join; offsets survive', async () => {
        // 61 s: all three stop (LeaveGroup): c1's leave starts a rebalance, the last one completes it
        // with no member: generation 2, Empty (§1.2). 70 s: they start with group.protocol = consumer:
        // c1's heartbeat (epoch 0) finds an empty classic group: deleted, a new consumer group; three
        // joins → epochs 1, 2, 3 at 70 s; targets as any formation (c1 [0,1], c2 [3,4], c3 [2,5]);
        // c2/c3 take theirs at 75 s. The committed offsets (per-batch commits up to 61 s) are separate
        // records: every member resumes from them, nothing skipped, nothing processed twice.
        const r = await sim(mixed({ events: 'at 61s stop c1, c2, c3\n  at 70s start c1, c2, c3 with { group.protocol = consumer }' }));
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 61 * S],
            [1, 70 * S],
            [2, 70 * S],
            [3, 70 * S]
        ]);
        expect(t.rebalances[1].bumpedTo).toBe('Empty');
        expect(groupStateAt(t, 65 * S)).toEqual(['Empty', 2]);
        expect(groupTypeAt(t, 65 * S)).toBe('classic');
        expect(groupTypeAt(t, 70 * S)).toBe('consumer');
        expect(target(t, 3)).toEqual({ c1: [0, 1], c2: [3, 4], c3: [2, 5] });
        for (const [m, ps] of [['c2', [3, 4]], ['c3', [2, 5]]] as const) for (const p of ps) expect(acquiredAt(t, m, p, 70 * S)).toBe(75 * S);
        expect(unowned(t, 0)).toBe(9 * S);
        expect(unowned(t, 2)).toBe(14 * S);
        expect(t.summary.skipped).toBe(0);
        expect(t.summary.duplicates).toBe(0);
    });

    it('consumer → classic: stop all (three epoch bumps, Empty), the empty consumer group is deleted by the first classic join', async () => {
        // A consumer group c1..c3 (epochs 1-3 at 0 s). 61 s: three leave heartbeats: epochs 4, 5, 6 at
        // 61 s, the last one Empty (no downgrade: the others are consumer-protocol members). 70 s: they
        // start with group.protocol = classic: the first JoinGroup finds an empty consumer group:
        // deleted; a new classic group (generation 0, Empty) → initial delay: two 3 s windows (the
        // three are added in the first), generation 1 at 76 s; range c1 [0,1], c2 [2,3], c3 [4,5].
        const src = `
topic orders { partitions = 6  produce = 600/s }
group k {
  group.protocol = consumer
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3]
}
scenario s { group k  duration 2m
  at 0s  start c1, c2, c3
  at 61s stop c1, c2, c3
  at 70s start c1, c2, c3 with { group.protocol = classic } }`;
        const t = (await sim(src)).trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 61 * S],
            [5, 61 * S],
            [6, 61 * S],
            [1, 76 * S]
        ]);
        expect(groupStateAt(t, 65 * S)).toEqual(['Empty', 6]);
        expect(groupTypeAt(t, 65 * S)).toBe('consumer');
        expect(groupTypeAt(t, 71 * S)).toBe('classic');
        expect(groupStateAt(t, 73 * S)).toEqual(['PreparingRebalance', 0]);
        expect(t.rebalances[6].members.map((m) => [m.member, m.assignment?.orders]).sort()).toEqual([
            ['c1', [0, 1]],
            ['c2', [2, 3]],
            ['c3', [4, 5]]
        ]);
        expect(t.summary.skipped).toBe(0);
        expect(t.summary.duplicates).toBe(0);
    });
});
