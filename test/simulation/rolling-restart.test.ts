/**
 * A rolling restart of 10 consumers (20 partitions, eager range, 2000 records/s), every 30 s,
 * each down 10 s, starting at 61 s: dynamic members vs static members (KIP-345).
 * Zero latency, heartbeat 3 s, session 45 s, instant processing.
 */
import { describe, expect, it } from 'vitest';
import { eventsNamed, generations, members, names, run, topic } from './helpers.js';

const ns = names('c', 10);
const events = [
    { kind: 'start' as const, at: 0, members: ns },
    { kind: 'rolling-restart' as const, at: 61_000, members: ns, everyMs: 30_000, downMs: 10_000 }
];

describe('rolling restart of 10 consumers', () => {
    it('dynamic members: two rebalances per restart', () => {
        // Generation 1 at 6 s (initial delay). Member k (0-based) closes at 61 s + 30 s·k: it revokes,
        // commits and sends LeaveGroup → PreparingRebalance. The others learn on their next heartbeat:
        // the phase is the last JoinGroup response, so at 63 s + 30 s·k → a generation without it.
        // It comes back at 71 s + 30 s·k as a new member (new member id) → PreparingRebalance; the
        // others' next heartbeat is at 72 s + 30 s·k → a generation with it. (72 → 102 is again 30 s,
        // so the phase repeats.) 1 + 2·10 = 21 rebalances.
        const r = run({ topics: [topic('orders', 20, 2000)], members: members(ns), events, durationMs: 400_000 });
        const expected = [6000];
        for (let k = 0; k < 10; k++) expected.push(63_000 + 30_000 * k, 72_000 + 30_000 * k);
        expect(r.trace.summary.rebalanceTimes).toEqual(expected);
        expect(r.trace.summary.rebalances).toBe(21);
        expect(eventsNamed(r.trace, 'LeaveGroup').filter((e) => e.kind === 'request')).toHaveLength(10);
        // Range sorts members by member id, i.e. by name: c1, c10, c2, …, c9, two partitions each.
        // Without c1 (9 members, 20 = 9·2 + 2): c10 [0,1,2], c2 [3,4,5], the rest keep theirs →
        // orders[0], [1], [3] change owner (3 moves); with c1 back the same three move back (3 moves).
        expect(r.trace.rebalances[1].moved).toBe(3);
        expect(r.trace.rebalances[2].moved).toBe(3);
        // c1's pauses: startup 0–6 s, down 61–71 s, waiting 71–72 s as a new member (one uninterrupted
        // pause of 11 s). The eager revoke/assign of the other rebalances takes no time at zero latency.
        expect(r.trace.summary.pauses.c1).toEqual({ total: 6000 + 10_000 + 1000, longest: 11_000 });
        // Close commits synchronously before leaving: nothing is processed twice.
        expect(r.trace.summary.duplicates).toBe(0);
    });

    it('static members: no rebalance at all, each member keeps its partitions', () => {
        // group.instance.id set: close sends no LeaveGroup; the member comes back within the session
        // timeout (10 s < 45 s) with the same instance id and an empty member id → the coordinator
        // replaces the old member id, the vote is unchanged → no rebalance (GMM:5132), the JoinGroup is
        // answered with generation 1 and the SyncGroup with the cached assignment. c1 is the leader
        // (first added): it gets skipAssignment (KIP-814). One rebalance in the whole run.
        const ms = members(ns, (n) => ({ 'group.instance.id': `orders-${n}` }));
        const r = run({ topics: [topic('orders', 20, 2000)], members: ms, events, durationMs: 400_000 });
        expect(generations(r.trace).map((g) => g.at)).toEqual([6000]);
        expect(eventsNamed(r.trace, 'LeaveGroup')).toHaveLength(0);
        expect(eventsNamed(r.trace, 'StaticNoRebalance')).toHaveLength(10);
        expect(eventsNamed(r.trace, 'SkippedAssignment').map((e) => [e.member, e.at])).toEqual([['c1', 71_000]]);
        expect(r.trace.summary.movedPartitions).toBe(0);
        // Each member pauses at startup (6 s) and while down (10 s); its partitions are unowned only
        // while it is down: 10 s each.
        for (const n of ns) expect(r.trace.summary.pauses[n]).toEqual({ total: 16_000, longest: 10_000 });
        expect(r.trace.summary.maxUnowned?.ms).toBe(10_000);
        expect(r.trace.summary.duplicates).toBe(0);
        // Static instance ids sort as strings: orders-c1 < orders-c10 < orders-c2 …: c10 holds [2,3].
        const c10 = r.trace.ownership.filter((o) => o.member === 'c10').map((o) => o.partition);
        expect([...new Set(c10)].sort((a, b) => a - b)).toEqual([2, 3]);
    });
});
