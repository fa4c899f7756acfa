/**
 * Audit, KIP-848 timers and broker settings: the client's poll timer (kafka-semantics §4.6,
 * AHRM:163-178, 250-261), partitions added (§4.4, GMM hasMetadataExpired / requestMetadataRefresh),
 * and the group.consumer.* bounds (GroupCoordinatorConfig:328-342) with the group-level overrides.
 * Dynamic members c1..c3 (c4 where said), idle unless slowed, no listener, auto-commit off, zero
 * latency, seed 0. Formation as in membership.test.ts (target c1 [0,1], c2 [3,4], c3 [2,5]).
 */
import { describe, expect, it } from 'vitest';
import { acquiredAt, bumps, check, eventAt, memberIdAt, specOrderByName, pauses, S, sim, spans, target, targetComputedAt, unowned, verdicts } from './helpers.js';

const text = (opts: { cluster?: string; group?: string; members?: string; events?: string; duration?: string; partitions?: number }) => `
cluster { ${opts.cluster ?? ''} }
topic orders { partitions = ${opts.partitions ?? 6}  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  ${opts.group ?? ''}
  subscribe orders
  ${opts.members ?? 'consumers c[1..3]'}
}
scenario s { group g  duration ${opts.duration ?? '2m'}
  at 0s start c1, c2, c3
  ${opts.events ?? ''} }`;

describe('audit KIP-848: poll timeout', () => {
    it('leave with epoch -1 at the poll deadline, STALE, partitions lost; rejoin (same member id) at the next poll()', async () => {
        // c2 (max.poll.interval.ms 20 s) slows to 100 ms a record at 20 s: 10 records/s for the 200/s of
        // its two partitions, busy from a zero backlog growing 190/s. Each poll() returns what waits (at
        // least 1, at most 500, conventions §4): 1 record at 20 s (→ 20.1 s), 19 at 20.1 s (→ 22 s), 380
        // at 22 s (→ 60 s). Its poll timer expires at 22 + 20 = 42 s (the check armed at its 22 s poll):
        // WARN, leave heartbeat with epoch -1 → fenced, epoch 4 at 42 s; STALE, onPartitionsLost (no
        // listener: at once), no more heartbeats. c1's 45 s heartbeat computes the epoch-4 target:
        // [3,4] go to the unfilled c1/c3 in HashMap order (the first takes 3); both take them at their
        // 45 s beats. At 60 s, when its batch ends, c2's poll() resets the timer ("exceeded approximately
        // by 18000 ms": 60 − 22 − 20 s) and rejoins with epoch 0 and its member id (KIP-1082), before
        // c1's and c3's 60 s beats (its poll was asked for at 42 s, their beats at 55 s): epoch 5 at
        // 60 s. Quota 2: c1 and c3 each give their highest partition up at their 60 s heartbeat
        // (background revocation, ack at once). c2's empty acknowledgement goes out on its join
        // response, which comes before theirs, so it is handled while the partitions are still held:
        // c2 takes them at its next beat, φ = 60 s → 65 s. Nobody fetched them for 5 s (c1 and c3
        // committed their positions, the log end, when they let go): 2 × 100/s × 5 s = 1000 records
        // wait, the poll at 65 s returns 500 (50 s), so c2's poll timer expires again at 65 + 20 = 85 s:
        // epoch 6 at 85 s.
        // (max.poll.interval.ms is 20 s for all three: c1 and c3 stay idle inside poll(), so only c2's expires.)
        const t = (await sim(text({ members: 'consumers c[1..3] { max.poll.interval.ms = 20s }', duration: '90s', events: 'at 20s slow c2 process.time.per.record = 100ms for 2m' }))).trace;
        expect(bumps(t).slice(3)).toEqual([
            [4, 42 * S],
            [5, 60 * S],
            [6, 85 * S]
        ]);
        const warn = t.events.find((e) => e.member === 'c2' && e.name === 'PollTimeout');
        expect(warn?.at).toBe(42 * S);
        expect(warn?.log?.text.startsWith('Consumer poll timeout has expired.')).toBe(true);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat' && e.generation === -1)?.at).toBe(42 * S);
        expect(spans(t, 'c2')).toEqual([
            [3, 5 * S, 42 * S, 'lost'],
            [4, 5 * S, 42 * S, 'lost'],
            [4, 65 * S, 85 * S, 'lost'],
            [5, 65 * S, 85 * S, 'lost']
        ]);
        const [first] = specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['-', 'c2', 0]]);
        const second = first === 'c1' ? 'c3' : 'c1';
        expect(acquiredAt(t, first, 3)).toBe(45 * S);
        expect(acquiredAt(t, second, 4)).toBe(45 * S);
        const reset = t.events.find((e) => e.member === 'c2' && e.name === 'PollTimerReset');
        expect(reset?.at).toBe(60 * S);
        expect(reset?.log?.text).toContain('exceeded approximately by 18000 ms');
        expect(memberIdAt(t, 'c2', 75 * S)).toBe(memberIdAt(t, 'c2', 0));
        const t4 = target(t, 4);
        const t5 = target(t, 5);
        expect(t5.c2).toEqual([Math.max(...t4.c1), Math.max(...t4.c3)].sort());
        for (const p of t5.c2) expect(acquiredAt(t, 'c2', p, 50 * S)).toBe(65 * S);
        const states = t.consumerProtocol!.memberStates.filter((x) => x.member === 'c2' && x.from >= 40 * S && x.from < 60 * S).map((x) => x.state);
        expect(states[0]).toBe('STALE');
        expect(states).not.toContain('JOINING');
    });
});

describe('audit KIP-848: partitions added', () => {
    it('noticed on the next heartbeat of any member (not metadata.max.age.ms): one bump, new partitions to the unfilled members', async () => {
        // c4 joins at 61 s (epoch 4: c1 [0], c2 [3,4], c3 [2], c4 [1,5] with seed 0: Kafka 4.0 UHAB
        // gives the two extra slots to the first two in HashMap order, c4 and c2; membership.test.ts).
        // 2 partitions are added at 122 s: the broker's metadata image changes, the group's refresh
        // deadline is reset; the next heartbeat of any member, c1's at 125 s, recomputes the
        // subscription metadata (8 partitions) and bumps: epoch 5 at 125 s, target computed there.
        // 8 over 4: quota 2, no extras; [6,7] go to the unfilled c3 and c1 in HashMap order (c4, c2,
        // c3, c1 with seed 0, buckets derived from the ids): c3 gets 6, c1 gets 7. c1 takes its new
        // one at 125 s (free, its own heartbeat); c3 at its own 125 s heartbeat, handled after c1's.
        const t = (await sim(text({ members: 'consumers c[1..4]', duration: '3m', events: 'at 61s start c4\n  at 122s add-partitions orders 2' }))).trace;
        expect(bumps(t).slice(3)).toEqual([
            [4, 61 * S],
            [5, 125 * S]
        ]);
        expect(targetComputedAt(t, 5)).toBe(125 * S);
        const t4 = target(t, 4);
        expect(t4).toEqual({ c1: [0], c2: [3, 4], c3: [2], c4: [1, 5] });
        const order = specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['+', 'c4', 61 * S]], ['c1', 125 * S]);
        expect(order).toEqual(['c4', 'c2', 'c3', 'c1']);
        expect(target(t, 5)).toEqual({ c1: [0, 7], c2: [3, 4], c3: [2, 6], c4: [1, 5] });
        expect(acquiredAt(t, 'c1', 7)).toBe(125 * S);
        expect(acquiredAt(t, 'c3', 6)).toBe(125 * S);
        expect(t.rebalances[4].reason).toContain('orders');
        // Nobody pauses for it: nothing is revoked.
        for (const m of ['c1', 'c2', 'c3', 'c4']) expect(pauses(t, m).filter(([from]) => from >= 100 * S)).toEqual([]);
    });
});

describe('audit KIP-848: group.consumer.* bounds and group configs', () => {
    it('the broker heartbeat interval (8 s, within [5 s, 15 s]) paces every member; the client key is refused', async () => {
        // c2, c3 take their partitions at their first regular beat, 8 s after joining. The client's
        // heartbeat.interval.ms does not apply under group.protocol = consumer: the checker says so.
        const src = text({ cluster: 'group.consumer.heartbeat.interval.ms = 8s', duration: '30s' });
        expect((await check(src)).diagnostics.filter((d) => d.startsWith('error'))).toEqual([]);
        const t = (await sim(src)).trace;
        for (const [m, ps] of [['c2', [3, 4]], ['c3', [2, 5]]] as const) for (const p of ps) expect(acquiredAt(t, m, p)).toBe(8 * S);
        const withClientKey = text({ group: 'heartbeat.interval.ms = 1s', duration: '30s' });
        expect((await check(withClientKey)).diagnostics).toContain('error consumer-protocol-setting');
    });

    it('the group config consumer.heartbeat.interval.ms overrides the broker default for this group', async () => {
        const t = (await sim(text({ group: 'consumer.heartbeat.interval.ms = 7s', duration: '30s' }))).trace;
        for (const p of [3, 4]) expect(acquiredAt(t, 'c2', p)).toBe(7 * S);
    });

    it('a session timeout within [45 s, 60 s] sets the fencing delay: 50 s after the last heartbeat', async () => {
        // crash c2 at 32 s, last heartbeat 30 s → fenced at 80 s, epoch 4.
        const t = (await sim(text({ cluster: 'group.consumer.session.timeout.ms = 50s', events: 'at 32s crash c2' }))).trace;
        expect(bumps(t).at(-1)).toEqual([4, 80 * S]);
        expect(eventAt(t, 'SessionTimeout')).toBe(80 * S);
    });

    it('values outside the broker\'s bounds: Kafka refuses the configuration; the checker reports consumer-group-bounds', async () => {
        // GroupCoordinatorConfig requires min ≤ heartbeat ≤ max, min ≤ session ≤ max, heartbeat < session.
        for (const cluster of ['group.consumer.heartbeat.interval.ms = 3s', 'group.consumer.heartbeat.interval.ms = 20s', 'group.consumer.session.timeout.ms = 30s', 'group.consumer.session.timeout.ms = 70s']) {
            expect((await check(text({ cluster }))).diagnostics, cluster).toContain('error consumer-group-bounds');
        }
        // Lowering the minimum makes 20 s legal: fenced 20 s after the 30 s heartbeat.
        const ok = text({ cluster: 'group.consumer.min.session.timeout.ms = 10s\n  group.consumer.session.timeout.ms = 20s', events: 'at 32s crash c2' });
        expect((await check(ok)).diagnostics.filter((d) => d.startsWith('error'))).toEqual([]);
        expect(bumps((await sim(ok)).trace).at(-1)).toEqual([4, 50 * S]);
    });

    it('heartbeat interval not below the session timeout is refused (heartbeat < session)', async () => {
        // min.session 5 s, session 6 s (legal alone), heartbeat 6 s (≥ min heartbeat 5 s) but not < session.
        const cluster = 'group.consumer.min.session.timeout.ms = 5s\n  group.consumer.session.timeout.ms = 6s\n  group.consumer.heartbeat.interval.ms = 6s';
        expect((await check(text({ cluster }))).diagnostics).toContain('error consumer-group-bounds');
    });
});

describe('audit KIP-848: a member cut off from the coordinator', () => {
    it('fenced by its session 45 s after its last answered heartbeat; keeps processing (owned, zombie); UNKNOWN_MEMBER_ID when the cut heals, lost, rejoin', async () => {
        // network-partition c2 at 32 s for 60 s: its heartbeats from 35 s are lost; the coordinator
        // last heard it at 30 s → fenced at 75 s, epoch 4; c1/c3 take [3,4] at their 75 s heartbeats
        // (the timer first). c2 keeps fetching from the partition leaders (conventions §9, §12): it
        // still holds [3,4] (duplicates with the new owners). At 92 s the cut heals: it heartbeats
        // at once (§13) → UNKNOWN_MEMBER_ID → FENCED: onPartitionsLost, rejoin with epoch 0 (its
        // member id kept): epoch 5 at 92 s; c1 and c3 give their highest partition up at their 95 s
        // heartbeat; c2 (φ = 92 s) takes them at 97 s.
        const t = (await sim(text({ events: 'at 32s network-partition c2 60s' }))).trace;
        expect(bumps(t).slice(3)).toEqual([
            [4, 75 * S],
            [5, 92 * S]
        ]);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'response' && e.error === 'UNKNOWN_MEMBER_ID')?.at).toBe(92 * S);
        expect(spans(t, 'c2').filter(([, from]) => from < 90 * S)).toEqual([
            [3, 5 * S, 92 * S, 'lost'],
            [4, 5 * S, 92 * S, 'lost']
        ]);
        expect(t.summary.duplicates).toBeGreaterThan(0);
        // Owned all along: c2 until 92 s, the new owners from 75 s.
        expect(unowned(t, 3) - 5 * S).toBeLessThanOrEqual(2 * S);
        const t4 = target(t, 4);
        const given = [Math.max(...t4.c1), Math.max(...t4.c3)].sort((a, b) => a - b);
        expect(target(t, 5).c2).toEqual(given);
        for (const p of given) expect(acquiredAt(t, 'c2', p, 90 * S)).toBe(97 * S);
        expect(pauses(t, 'c2').filter(([from]) => from >= 30 * S)).toEqual([[92 * S, 97 * S, 'paused-rebalance']]);
    });
});

describe('audit KIP-848: coordinator failover in the middle of a rebalance', () => {
    const src = text({ members: 'consumers c[1..4]', duration: '100s', events: 'at 61s start c4\n  at 63s coordinator-failover' });

    it('the group is reloaded as written (epoch 4, its target); members rediscover on NOT_COORDINATOR and converge on the usual heartbeats', async () => {
        // c4 joins at 61 s: epoch 4, target computed (c1 gives orders[1], seed 0). The coordinator
        // moves at 63 s: the new one loads the group from its records (epoch 4 and its target, no
        // bump). c1..c3's 65 s heartbeats reach the old coordinator: NOT_COORDINATOR → lookup →
        // heartbeat again at once (full request, AHRM: reset, no backoff): c1 is told to revoke
        // orders[1] and frees it at 65 s; c4's 66 s heartbeat does the same dance and takes it.
        const t = (await sim(src)).trace;
        expect(bumps(t).at(-1)).toEqual([4, 61 * S]);
        expect(t.rebalances).toHaveLength(4);
        for (const m of ['c1', 'c2', 'c3']) expect(t.events.filter((e) => e.member === m && e.error === 'NOT_COORDINATOR').map((e) => e.at)).toEqual([65 * S]);
        expect(spans(t, 'c1').find(([p]) => p === 1)?.slice(2)).toEqual([65 * S, 'revoked']);
        expect(acquiredAt(t, 'c4', 1)).toBe(66 * S);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 66 * S, 'paused-rebalance']]);
        expect(t.groupStates.find((g) => g.from <= 70 * S && 70 * S < g.to)?.state).toBe('Stable');
    });

    // (Fixed: the rebalance record of epoch 4 never got its stableAt after the failover, as the new
    // coordinator started without the current rebalance.) The group reaches Stable at epoch 4 at
    // 66 s, so that rebalance completed (conventions §9: "Completed" means the group reached Stable). Expected:
    // epochs 1 (0 s, Stable for an instant), 3 (5 s) and 4 (66 s) completed; epoch 2 never.
    it('a rebalance that completes after the failover counts as completed (Stable at epoch 4 at 66 s)', async () => {
        const t = (await sim(src)).trace;
        expect(t.rebalances[3].stableAt).toBe(66 * S);
        expect(t.summary.completedRebalances).toBe(3);
        expect(t.summary.rebalanceDurations[3]).toEqual({ generation: 4, ms: 5 * S });
    });
});

describe('audit KIP-848: group.consumer.max.size', () => {
    const src = text({ cluster: 'group.consumer.max.size = 3', members: 'consumers c[1..4]', events: 'at 61s start c4\n  expect error c4 == GROUP_MAX_SIZE_REACHED' });

    it('a 4th member of a full group is refused: GROUP_MAX_SIZE_REACHED, fatal for it; the group does not notice', async () => {
        // throwIfConsumerGroupIsFull: 3 members ≥ max 3 and c4 (its own member id, KIP-1082) is not
        // one of them → GroupMaxSizeReachedException before anything changes; the client treats it as
        // fatal (AHRM onErrorResponse). No bump, nobody else moves.
        const r = await sim(src);
        const t = r.trace;
        expect(Object.values(verdicts(r))).toEqual([true]);
        expect(t.summary.errors.c4?.at).toBe(61 * S);
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 120 * S, 'failed']]);
    });

    // (Fixed, cosmetic: the member's fatal error message was the error code's default text, "The
    // group has reached its maximum size.") The broker's message is what the client puts in
    // the exception it throws from poll(): AHRM onErrorResponse → handleFatalFailure(
    // error.exception(errorMessage)), Errors.exception(message) builds the exception with the
    // response's message when there is one (Errors.java:455-462; GMM:1403-1404).
    it('the fatal error carries the broker\'s message', async () => {
        const t = (await sim(src)).trace;
        expect(t.summary.errors.c4?.message).toContain('The consumer group has reached its maximum capacity of 3 members.');
    });
});
