/**
 * Audit, KIP-848 static membership (kafka-semantics §4.9; GMM consumerGroupLeave /
 * consumerGroupStaticMemberGroupLeave / getOrMaybeSubscribeStaticConsumerGroupMember /
 * throwIfInstanceIdIsUnreleased). c1..c3 static (`group.instance.id = "s-{i}"`), idle, no
 * listener, auto-commit off, zero latency, heartbeat 5 s, session 45 s; seed 0. Formation as in
 * membership.test.ts: epochs 1-3 at 0 s, target c1 [0,1], c2 [3,4], c3 [2,5], beats at 5 s·k.
 */
import { describe, expect, it } from 'vitest';
import { acquiredAt, bumps, check, eventAt, groupStateAt, memberIdAt, specOrderByName, pauses, S, serverMember, sim, spans, target, unowned } from './helpers.js';

const text = (events: string, duration = '2m') => `
topic orders { partitions = 6  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3] { group.instance.id = "s-{i}" }
}
scenario s { group g  duration ${duration}
  at 0s start c1, c2, c3
  ${events} }`;

/** Which of c1/c3 comes first in the member specs once c2's first incarnation is gone (it takes the lower unassigned partition). */
function firstOf(t: Parameters<typeof memberIdAt>[0]): string {
    return specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['-', 'c2', 0]])[0];
}

describe('audit KIP-848 static members: graceful restart', () => {
    it('close() sends epoch -2: no bump, the assignment waits for it; the restart (new member id) takes it back at once', async () => {
        // restart c2 down 10s at 32 s: close() → leave heartbeat with epoch -2: the member stays with
        // epoch -2 and keeps [3,4] (no bump; nobody else may take them). Group state Reconciling
        // (a member not at the target epoch). At 42 s the new process joins (epoch 0, instance s-2):
        // the existing member is at -2 → replaced by a copy under the new member id (no subscription
        // change, no bump); its target follows the instance id; reconciliation: assigned [3,4] ∩
        // target = [3,4], nothing pending → epoch 3 at once, the join response carries [3,4].
        // c2 down 32 → 42 s; [3,4] unowned 10 s (+5 s at formation). The old member id's session
        // timer (armed at its 30 s beat) finds no member at 75 s: nothing happens.
        const r = await sim(text('at 32s restart c2 down 10s'));
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'request' && e.generation === -2)?.at).toBe(32 * S);
        expect(t.events.some((e) => e.log?.text === `[GroupId g] Static Member ${memberIdAt(t, 'c2', 0)} with instance id s-2 temporarily left the consumer group.`)).toBe(true);
        expect(serverMember(t, 'c2', 35 * S)?.[0]).toBe(-2);
        expect(groupStateAt(t, 35 * S)).toEqual(['Reconciling', 3]);
        expect(memberIdAt(t, 'c2', 42 * S)).not.toBe(memberIdAt(t, 'c2', 0));
        expect(spans(t, 'c2')).toEqual([
            [3, 5 * S, 32 * S, 'stopped'],
            [4, 5 * S, 32 * S, 'stopped'],
            [3, 42 * S, 120 * S, 'end'],
            [4, 42 * S, 120 * S, 'end']
        ]);
        expect(serverMember(t, 'c2', 42 * S)).toEqual([3, 'STABLE']);
        expect(groupStateAt(t, 42 * S)).toEqual(['Stable', 3]);
        expect(unowned(t, 3)).toBe(15 * S);
        expect(pauses(t, 'c2')).toEqual([
            [0, 5 * S, 'paused-rebalance'],
            [32 * S, 42 * S, 'down']
        ]);
        for (const m of ['c1', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 5 * S)).toEqual([]);
        expect(t.summary.movedPartitions).toBe(4);
    });

    it('a graceful restart longer than the session: the -2 member expires 45 s after its last regular heartbeat', async () => {
        // restart c2 down 50s at 32 s. The -2 leave does not re-arm the session timer (the leave path
        // schedules nothing), so it fires 45 s after the 30 s heartbeat: fenced at 75 s, epoch 4. The
        // timer runs before c1's and c3's 75 s heartbeats, which take [3,4] at once (unfilled members
        // in HashMap order: the first takes 3). c2 is back at 82 s as a new static member (the
        // instance id was freed): epoch 5 at 82 s; quota 2 each: c1 and c3 give their highest
        // partition up at their 85 s heartbeat (background); c2 (φ = 82 s) takes both at 87 s.
        // The checker warns: downtime 50 s ≥ the group's consumer session timeout 45 s.
        const src = text('at 32s restart c2 down 50s');
        expect((await check(src)).diagnostics).toContain('warning static-restart-exceeds-session');
        const t = (await sim(src)).trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 75 * S],
            [5, 82 * S]
        ]);
        const first = firstOf(t);
        const second = first === 'c1' ? 'c3' : 'c1';
        const t4 = target(t, 4);
        expect(t4[first]).toEqual([...target(t, 3)[first], 3].sort());
        expect(t4[second]).toEqual([...target(t, 3)[second], 4].sort());
        expect(acquiredAt(t, first, 3, 70 * S)).toBe(75 * S);
        const t5 = target(t, 5);
        const given = [Math.max(...t4.c1), Math.max(...t4.c3)].sort();
        expect(t5.c2).toEqual(given);
        for (const p of given) expect(acquiredAt(t, 'c2', p, 80 * S)).toBe(87 * S);
        expect(pauses(t, 'c2').filter(([from]) => from >= 30 * S)).toEqual([
            [32 * S, 82 * S, 'down'],
            [82 * S, 87 * S, 'paused-rebalance']
        ]);
    });
});

describe('audit KIP-848 static members: restart after a crash', () => {
    it('before the session expires: the newcomer gets UNRELEASED_INSTANCE_ID (fatal); the old member is fenced at 75 s', async () => {
        // crash c2 at 32 s (no leave), start it at 42 s: its join (epoch 0, instance s-2) finds the
        // instance owned by a member at epoch 3 (not -2): UNRELEASED_INSTANCE_ID, fatal for the
        // newcomer (ConsumerHeartbeatRequestManager.handleSpecificError); no retry. The old member's
        // session expires 45 s after its 30 s heartbeat: fenced at 75 s, epoch 4, and c1/c3 take
        // [3,4] at their 75 s heartbeats.
        const src = text('at 32s crash c2\n  at 42s start c2\n  expect error c2 == UNRELEASED_INSTANCE_ID');
        const r = await sim(src);
        const t = r.trace;
        expect(r.expectations.map((e) => e.pass)).toEqual([true]);
        expect(t.summary.errors.c2?.at).toBe(42 * S);
        const log = t.events.find((e) => e.member === 'c2' && e.log?.text.startsWith('ConsumerGroupHeartbeatRequest failed due to unreleased instance id s-2: '));
        expect(log?.at).toBe(42 * S);
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 75 * S]
        ]);
        const first = firstOf(t);
        expect(acquiredAt(t, first, 3, 70 * S)).toBe(75 * S);
        expect(acquiredAt(t, first === 'c1' ? 'c3' : 'c1', 4, 70 * S)).toBe(75 * S);
        expect(pauses(t, 'c2').filter(([from]) => from >= 30 * S)).toEqual([
            [32 * S, 42 * S, 'down'],
            [42 * S, 120 * S, 'failed']
        ]);
        // 5 s at formation + 32 s → 75 s.
        expect(unowned(t, 3)).toBe(48 * S);
        expect(groupStateAt(t, 80 * S)).toEqual(['Stable', 4]);
    });

    it('after the session expired: a new static member, a bump, and c2 off its peers\' grid waits one more heartbeat', async () => {
        // crash c2 at 32 s; fenced at 75 s (epoch 4, c1/c3 take [3,4] at 75 s). start c2 at 80 s: the
        // process starts first, but its FindCoordinator answer (zero latency) comes after c1's and
        // c3's 80 s heartbeats (scheduled earlier), so its join (epoch 5 at 80 s) follows them. c1 and
        // c3 learn of epoch 5 at 85 s and revoke their highest partition in the background; c2's
        // 85 s heartbeat (its grid φ = 80 s) is sent after theirs and handled before their acks, so
        // the partitions are still held: c2 takes them at 90 s.
        const t = (await sim(text('at 32s crash c2\n  at 80s start c2'))).trace;
        expect(bumps(t).slice(3)).toEqual([
            [4, 75 * S],
            [5, 80 * S]
        ]);
        expect(t.summary.errors.c2 ?? null).toBeNull();
        const t4 = target(t, 4);
        const given = [Math.max(...t4.c1), Math.max(...t4.c3)].sort();
        expect(target(t, 5).c2).toEqual(given);
        for (const p of given) {
            const holder = t4.c1.includes(p) ? 'c1' : 'c3';
            expect(spans(t, holder).find(([q, , to]) => q === p && to > 80 * S)?.slice(2)).toEqual([85 * S, 'revoked']);
        }
        for (const p of given) expect(acquiredAt(t, 'c2', p, 80 * S)).toBe(90 * S);
        expect(pauses(t, 'c2').filter(([from]) => from >= 80 * S)).toEqual([[80 * S, 90 * S, 'paused-rebalance']]);
    });
});

describe('audit KIP-848 static members: poll timeout', () => {
    it('a static member whose poll timer expires leaves with epoch -2: no rebalance, and its rejoin takes its partitions straight back', async () => {
        // c2 (max.poll.interval.ms 20 s) slows to 100 ms a record at 20 s: 10 records/s for the 200/s
        // of [3,4], busy from a zero backlog growing 190/s. Each poll() returns what waits (at least 1,
        // at most 500, conventions §4): 1 record at 20 s (→ 20.1 s), 19 at 20.1 s (→ 22 s), 380 at 22 s
        // (38 s, → 60 s). At 22 + 20 = 42 s its poll timer expires (the check armed at its 22 s poll):
        // leave heartbeat with epoch -2 (static, AHRM / AMM transitionToSendingLeaveGroup): the member
        // stays with epoch -2 and keeps [3,4] on the coordinator, no bump; the client goes STALE and
        // loses them (onPartitionsLost, no listener). Its session timer runs from its 40 s beat (85 s).
        // At 60 s, when the batch in hand ends, its poll() rejoins (epoch 0, same instance id and member
        // id): the -2 member is replaced by a copy at epoch 0, reconciled at once to epoch 3 with [3,4];
        // no bump. It restarts from the last batch boundary (22 s): more than 500 records wait, a 50 s
        // batch, but the slow spell ends at 70 s, before its poll timer (80 s). [3,4] unowned 42 → 60 s
        // (+5 s at formation).
        const src = `
topic orders { partitions = 6  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3] { group.instance.id = "s-{i}"  max.poll.interval.ms = 20s }
}
scenario s { group g  duration 100s
  at 0s  start c1, c2, c3
  at 20s slow c2 process.time.per.record = 100ms for 50s }`;
        const t = (await sim(src)).trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(t.events.find((e) => e.member === 'c2' && e.name === 'PollTimeout')?.at).toBe(42 * S);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'request' && e.generation === -2)?.at).toBe(42 * S);
        expect(serverMember(t, 'c2', 50 * S)?.[0]).toBe(-2);
        expect(spans(t, 'c2')).toEqual([
            [3, 5 * S, 42 * S, 'lost'],
            [4, 5 * S, 42 * S, 'lost'],
            [3, 60 * S, 100 * S, 'end'],
            [4, 60 * S, 100 * S, 'end']
        ]);
        expect(memberIdAt(t, 'c2', 75 * S)).toBe(memberIdAt(t, 'c2', 0));
        expect(serverMember(t, 'c2', 60 * S)).toEqual([3, 'STABLE']);
        expect(unowned(t, 3)).toBe(23 * S);
        expect(eventAt(t, 'SessionTimeout')).toBeUndefined();
    });
});

