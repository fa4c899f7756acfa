/**
 * A classic coordinator move during PreparingRebalance (kafka-semantics §1.2, §1.4; the
 * simulation README's "Coordinator failover"). Kafka writes a GroupMetadata record only when a
 * generation's assignment is stored (SyncGroup of the leader) or the group becomes Empty:
 * prepareRebalance and the joins and leaves that start it write nothing (GMM prepareRebalance,
 * maybeCompleteJoinElseSchedule: EMPTY_RESULT, at 1eb7644349). The new coordinator replays the
 * last record, a Stable generation, and re-arms every session (GMM onLoaded:3827-3834); the
 * rebalance that was being prepared is lost with the old one, whose parked JoinGroups are answered
 * NOT_COORDINATOR (GMM onUnloaded:3880-3886).
 *
 * Defaults: session 45 s, heartbeat 3 s, D = 3 s, max.poll.interval.ms 300 s, retry.backoff.ms
 * 100 ms, auto-commit every 5 s, EAGER range, latency 0. 6 partitions, 600 records/s.
 * Gen 1: c1, c2, c3 start at 0 → two initial-delay windows → generation 1 at 6 s, Stable at 6 s,
 * c1 [0,1], c2 [2,3], c3 [4,5]; heartbeats at 6 s + k·3 s (…, 60 s, 63 s).
 */
import { describe, expect, it } from 'vitest';
import { assignmentAt, eventsNamed, generations, members, names, run, topic } from './helpers.js';

const base = {
    topics: [topic('orders', 6, 600)],
    members: members(names('c', 4)),
    durationMs: 130_000
};
const startAt = (at: number, who: string[]) => ({ kind: 'start' as const, at, members: who });
const failover = { kind: 'coordinator-failover' as const, at: 62_000 };

describe('a classic coordinator move during PreparingRebalance', () => {
    it('a joiner: the new coordinator has never heard of it; it joins again and the group goes to generation 2, not 3', () => {
        // 61 s: c4 starts; MEMBER_ID_REQUIRED, then added in Stable → PreparingRebalance (no record).
        // 62 s: the move. The old coordinator answers c4's parked JoinGroup NOT_COORDINATOR; the new one
        // loads generation 1 (Stable, c1–c3). c4 finds it (instant) and sends JoinGroup with its member id:
        // not a member, not pending → UNKNOWN_MEMBER_ID; it resets its member id and joins again:
        // MEMBER_ID_REQUIRED, added → PreparingRebalance at 62 s (the old rebalance, prepared at 61 s, is gone).
        // c1–c3 send their 63 s heartbeat to the old broker: a coordinator error; they find the new one and
        // heartbeat again after retry.backoff.ms: 63.1 s → REBALANCE_IN_PROGRESS → rejoin (idle: at once)
        // → everyone has joined → generation 2 (1 + 1) at 63.1 s, Stable at 63.1 s. Range over 4:
        // c1 [0,1], c2 [2,3], c3 [4], c4 [5].
        const r = run({ ...base, events: [startAt(0, ['c1', 'c2', 'c3']), startAt(61_000, ['c4']), failover] });
        const t = r.trace;
        expect(generations(t).map((g) => [g.generation, g.at, g.stableAt, g.members])).toEqual([
            [1, 6000, 6000, ['c1', 'c2', 'c3']],
            [2, 63_100, 63_100, ['c1', 'c2', 'c3', 'c4']]
        ]);
        expect(t.rebalances[1].preparedAt).toBe(62_000);
        expect(t.events.filter((e) => e.kind === 'state' && e.name === 'PreparingRebalance').map((e) => e.at)).toEqual([0, 61_000, 62_000]);
        expect(eventsNamed(t, 'GroupLoaded').map((e) => [e.at, e.log?.text])).toEqual([
            [0, 'Loaded classic group orders-service with 0 members.'],
            [62_000, 'Loaded classic group orders-service with 3 members.']
        ]);
        expect(t.events.filter((e) => e.kind === 'response' && e.name === 'JoinGroup' && e.member === 'c4').map((e) => [e.at, e.error])).toEqual([
            [61_000, 'MEMBER_ID_REQUIRED'],
            [62_000, 'NOT_COORDINATOR'],
            [62_000, 'UNKNOWN_MEMBER_ID'],
            [62_000, 'MEMBER_ID_REQUIRED'],
            [63_100, 'NONE']
        ]);
        for (const m of ['c1', 'c2', 'c3']) {
            expect(t.events.filter((e) => e.kind === 'response' && e.name === 'Heartbeat' && e.member === m && e.error !== 'NONE').map((e) => [e.at, e.error])).toEqual([
                [63_000, 'NOT_COORDINATOR'],
                [63_100, 'REBALANCE_IN_PROGRESS']
            ]);
        }
        expect(assignmentAt(t, 'c4', 64_000)).toEqual(['orders[5]']);
        expect(assignmentAt(t, 'c3', 64_000)).toEqual(['orders[4]']);
    });

    it('a leaver: its departure was never written, so the new coordinator keeps it until its session expires', () => {
        // 61 s: c3 stops: close() commits, revokes, LeaveGroup → removed, Stable → PreparingRebalance at 61 s
        // (no record). 62 s: the move; the new coordinator loads generation 1 with c1, c2 and c3, and re-arms
        // every session: c3's expires at 62 + 45 = 107 s. c1 and c2 heartbeat the old broker at 63 s (error),
        // find the new one and heartbeat at 63.1 s: the group is Stable there → NONE, no rebalance. Their
        // heartbeats now run at 63.1 s + k·3 s. At 107 s c3 is removed → PreparingRebalance; c1 and c2 hear it
        // at 108.1 s and rejoin → generation 2 at 108.1 s with c1 [0,1,2], c2 [3,4,5].
        // c3's partitions are unowned from 61 s to 108.1 s.
        const r = run({ ...base, events: [startAt(0, ['c1', 'c2', 'c3']), { kind: 'stop', at: 61_000, members: ['c3'] }, failover] });
        const t = r.trace;
        expect(generations(t).map((g) => [g.generation, g.at, g.stableAt, g.members])).toEqual([
            [1, 6000, 6000, ['c1', 'c2', 'c3']],
            [2, 108_100, 108_100, ['c1', 'c2']]
        ]);
        expect(t.rebalances[1].preparedAt).toBe(107_000);
        expect(eventsNamed(t, 'LeftGroup').map((e) => [e.at, e.member])).toEqual([[61_000, 'c3']]);
        expect(eventsNamed(t, 'HeartbeatExpiry').map((e) => [e.at, e.member])).toEqual([[107_000, 'c3']]);
        for (const m of ['c1', 'c2']) {
            expect(t.events.filter((e) => e.kind === 'response' && e.name === 'Heartbeat' && e.member === m && e.error !== 'NONE').map((e) => [e.at, e.error])).toEqual([
                [63_000, 'NOT_COORDINATOR'],
                [108_100, 'REBALANCE_IN_PROGRESS']
            ]);
        }
        expect(assignmentAt(t, 'c1', 110_000)).toEqual(['orders[0]', 'orders[1]', 'orders[2]']);
        expect(t.summary.unownedMs.orders[4]).toBe(108_100 - 61_000);
    });
});
