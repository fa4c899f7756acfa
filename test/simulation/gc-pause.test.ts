/**
 * A 35 s GC pause of c2 at 61.5 s (3 dynamic members, 6 partitions, eager range, 100 records/s
 * per partition, instant processing, auto-commit every 5 s), with a 30 s and a 45 s session
 * timeout. Heartbeats at 6 s + k·3 s: c2's last one before the pause is at 60 s.
 */
import { describe, expect, it } from 'vitest';
import { eventsNamed, generations, members, names, run, topic } from './helpers.js';

const events = [
    { kind: 'start' as const, at: 0, members: ['c1', 'c2', 'c3'] },
    { kind: 'gc-pause' as const, at: 61_500, members: ['c2'], durationMs: 35_000 }
];

describe('35 s GC pause', () => {
    it('session 30 s: c2 is expired during the pause and comes back as a new member', () => {
        // Coordinator: c2's heartbeat timer fires at 60 + 30 = 90 s ("Member … has failed") →
        // PreparingRebalance. Coordinator timers run before requests at the same instant, so c1 and c3's
        // heartbeats at 90 s get REBALANCE_IN_PROGRESS → generation 2 at 90 s with c1, c3:
        // c1 [0,1,2], c3 [3,4,5] (orders[2], [3] move).
        // c2 thaws at 96.5 s: its own session timer (last response 60 s + 30 s) has expired → it logs the
        // session timeout, rediscovers the coordinator, heartbeats → UNKNOWN_MEMBER_ID → resets, and at its
        // poll calls onPartitionsLost([2,3]) and joins as a new member → PreparingRebalance at 96.5 s.
        // c1, c3 heartbeat at 90 + 3·3 = 99 s → generation 3 at 99 s; range gives c2 [2,3] back (2 moves).
        // Duplicates: c2 auto-committed last at 61 s (timer restarted at 6 s, every 5 s) and processed
        // up to 61.5 s; c1 and c3 restart orders[2], [3] from the 61 s commit: 0.5 s × 100/s × 2 = 100.
        const ms = members(names('c', 3), { 'session.timeout.ms': 30_000 });
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events, durationMs: 150_000 });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members])).toEqual([
            [1, 6000, ['c1', 'c2', 'c3']],
            [2, 90_000, ['c1', 'c3']],
            [3, 99_000, ['c1', 'c2', 'c3']]
        ]);
        expect(eventsNamed(r.trace, 'HeartbeatExpiry').map((e) => [e.at, e.member])).toEqual([[90_000, 'c2']]);
        expect(eventsNamed(r.trace, 'SessionTimeout', 'c2').map((e) => e.at)).toEqual([96_500]);
        expect(r.trace.events.find((e) => e.name === 'Heartbeat' && e.member === 'c2' && e.error === 'UNKNOWN_MEMBER_ID')?.at).toBe(96_500);
        expect(eventsNamed(r.trace, 'onPartitionsLost', 'c2').map((e) => [e.at, e.partitions])).toEqual([[96_500, { orders: [2, 3] }]]);
        expect(r.trace.summary.movedPartitions).toBe(4);
        expect(r.trace.summary.duplicates).toBe(100);
        expect(r.trace.summary.duplicatesBySource).toEqual({ 'session-expiry': 100 });
        // c2 pauses at startup (6 s), frozen 35 s, then waits 96.5 → 99 s as a new member.
        expect(r.trace.summary.pauses.c2).toEqual({ total: 6000 + 35_000 + 2500, longest: 37_500 });
        // orders[2] and [3] have no running owner from 61.5 s (frozen) to 90 s (reassigned).
        expect(r.trace.summary.unownedMs.orders).toEqual([0, 0, 28_500, 28_500, 0, 0]);
        // c2 is a zombie from its removal (90 s) until onPartitionsLost (96.5 s).
        expect(r.trace.conditions.filter((c) => c.kind === 'zombie').map((c) => [c.member, c.from, c.to])).toEqual([['c2', 90_000, 96_500]]);
    });

    it('session 45 s: the pause goes unnoticed, no rebalance', () => {
        // c2's heartbeat timer would fire at 60 + 45 = 105 s; it thaws at 96.5 s, its client-side session
        // timer (60 + 45 = 105 s) has not expired and its poll timer (300 s) neither: it heartbeats at
        // 96.5 s (overdue) and gets NONE. One rebalance in the run. Its partitions are unowned while it is
        // frozen (35 s each) and their lag peaks when it thaws: 35 s × 200/s = 7000 records.
        const r = run({ topics: [topic('orders', 6, 600)], members: members(names('c', 3)), events, durationMs: 150_000 });
        expect(generations(r.trace).map((g) => g.at)).toEqual([6000]);
        expect(eventsNamed(r.trace, 'HeartbeatExpiry')).toHaveLength(0);
        expect(r.trace.summary.unownedMs.orders).toEqual([0, 0, 35_000, 35_000, 0, 0]);
        expect(r.trace.summary.pauses.c2).toEqual({ total: 41_000, longest: 35_000 });
        expect(r.trace.summary.maxLag.orders).toBe(7000);
        expect(r.trace.summary.duplicates).toBe(0);
        // The heartbeat phase moves: c2 now beats at 96.5 s + k·3 s.
        expect(r.trace.heartbeats.filter((h) => h.member === 'c2').map((h) => h.from)).toEqual([9000, 96_500]);
    });
});
