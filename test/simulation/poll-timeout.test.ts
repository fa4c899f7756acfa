/**
 * Processing longer than max.poll.interval.ms (kafka-semantics §2.6): 3 members, 6 partitions
 * of 10 records/s each, max.poll.interval.ms = 20 s, session 45 s, heartbeat 3 s, auto-commit
 * every 5 s. At 30 s, c2 turns slow for 120 s: 100 ms per record with max.poll.records = 500,
 * i.e. a 50 s batch, and it can process only 10 records/s for its 20 records/s.
 *
 * Generation 1 at 6 s: range gives c2 orders[2], [3]. c2 last auto-committed at 26 s (its timer
 * restarted at 6 s); until 30 s it processes instantly; from 30 s it is busy: its batch boundaries
 * are 30 s + k·50 s, and it shares its 10 records/s between its two partitions (5/s each).
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../language-server/src/model/simulation-input.js';
import { eventsNamed, generations, memberConfig, members, names, run, topic, type Settings } from './helpers.js';

function scenario(settings: (name: string) => Settings) {
    const ms = members(names('c', 3), (n) => ({ 'max.poll.interval.ms': 20_000, ...settings(n) }));
    const slow = memberConfig('c2', { 'max.poll.interval.ms': 20_000, ...settings('c2'), 'process.time.per.record': 100 });
    const events: ScenarioEvent[] = [
        { kind: 'start', at: 0, members: ['c1', 'c2', 'c3'] },
        { kind: 'slow', at: 30_000, members: ['c2'], configDuring: { c2: slow }, durationMs: 120_000 }
    ];
    return run({ topics: [topic('orders', 6, 60)], members: ms, events, durationMs: 200_000 });
}

describe('processing longer than max.poll.interval.ms', () => {
    it('dynamic member: LeaveGroup on poll timeout, a rebalance each time, the zombie batch is processed twice', () => {
        // c2's last poll was at 30 s; its next is at 80 s > 30 + 20 s → at 50 s the heartbeat thread logs
        // the poll timeout, sends LeaveGroup (dynamic) and resets its member id. PreparingRebalance at 50 s;
        // c1, c3 heartbeat at 6 + 15·3 = 51 s → generation 2 at 51 s with c1, c3.
        // c2 finishes its batch at 80 s: onPartitionsLost, joins as a new member → PreparingRebalance; the
        // others' phase is 51 + k·3 s → generation 3 at 81 s, c2 gets [2,3] back, busy again (its
        // input 20/s > 10/s), next poll at 131 s → poll timeout at 81 + 20 = 101 s → generation 4 at
        // 81 + 7·3 = 102 s. At 131 s c2 rejoins → generation 5 at 102 + 10·3 = 132 s. At 150 s the slow
        // spell ends; c2 catches up instantly and polls again: no more timeouts.
        const r = scenario(() => ({}));
        expect(r.trace.summary.rebalanceTimes).toEqual([6000, 51_000, 81_000, 102_000, 132_000]);
        expect(generations(r.trace).map((g) => g.members.length)).toEqual([3, 2, 3, 2, 3]);
        expect(eventsNamed(r.trace, 'PollTimeout').map((e) => [e.member, e.at])).toEqual([
            ['c2', 50_000],
            ['c2', 101_000]
        ]);
        expect(eventsNamed(r.trace, 'LeaveGroup').filter((e) => e.kind === 'request').map((e) => e.at)).toEqual([50_000, 101_000]);
        expect(eventsNamed(r.trace, 'onPartitionsLost', 'c2').map((e) => e.at)).toEqual([80_000, 131_000]);
        // Duplicates, per partition: at 51 s the new owners restart from the 26 s commit, after c2
        // processed 4 s × 10/s = 40 (26→30 s) + 21 s × 5/s = 105 (30→51 s): 145; then c2 keeps processing
        // behind them as a zombie until 80 s: 29 s × 5/s = 145. Second round: restart at 102 s from the
        // 81 s commit (c1, c3 committed before revoking): 21 s × 5/s = 105, zombie 102→131 s: 145.
        // (145 + 145 + 105 + 145) × 2 partitions = 1080.
        expect(r.trace.summary.duplicates).toBe(1080);
        expect(r.trace.summary.duplicatesBySource).toEqual({ 'poll-timeout': 500, zombie: 580 });
        expect(r.trace.conditions.filter((c) => c.kind === 'zombie').map((c) => [c.from, c.to])).toEqual([
            [50_000, 80_000],
            [101_000, 131_000]
        ]);
    });

    it('static member: no LeaveGroup, it replaces itself without a rebalance and re-processes from its last commit', () => {
        // group.instance.id set: at 50 s the poll timeout resets the member id but sends no LeaveGroup;
        // the coordinator still has c2 (its last heartbeat was at 48 s, expiry at 93 s). At 80 s c2's
        // batch ends: onPartitionsLost, JoinGroup with its instance id and no member id → the coordinator
        // replaces the old member id; the vote is unchanged → no rebalance; SyncGroup returns the cached
        // [2,3]. c2 restarts from the 26 s commit, busy again → poll timeout at 100 s, back at 130 s (same
        // story), and at 150 s it catches up. Only the first generation in the whole run.
        // Duplicates, per partition: c2 had processed 40 + 250 = 290 past the commit by 80 s; 80→130 s it
        // re-processes 250 of them; 130→150 s 100 more; at 150 s it jumps over the remaining 190: 540;
        // × 2 partitions = 1080, all caused by its own poll timeouts.
        const r = scenario((n) => ({ 'group.instance.id': `orders-${n}` }));
        expect(r.trace.summary.rebalanceTimes).toEqual([6000]);
        expect(eventsNamed(r.trace, 'PollTimeout').map((e) => e.at)).toEqual([50_000, 100_000]);
        expect(eventsNamed(r.trace, 'LeaveGroup')).toHaveLength(0);
        expect(eventsNamed(r.trace, 'StaticNoRebalance').map((e) => e.at)).toEqual([80_000, 130_000]);
        expect(r.trace.summary.duplicates).toBe(1080);
        expect(r.trace.summary.duplicatesBySource).toEqual({ 'poll-timeout': 1080 });
        expect(r.trace.summary.errors.c2).toBeNull();
    });
});
