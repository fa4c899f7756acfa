/**
 * Processing longer than max.poll.interval.ms (kafka-semantics §2.6): 3 members, 6 partitions
 * of 10 records/s each, max.poll.interval.ms = 20 s, session 45 s, heartbeat 3 s, auto-commit
 * every 5 s. At 30 s, c2 turns slow for 120 s: 100 ms per record with max.poll.records = 500,
 * i.e. a 50 s batch, and it can process only 10 records/s for its 20 records/s.
 *
 * Generation 1 at 6 s: range gives c2 orders[2], [3]. Until 30 s it processes instantly (it
 * auto-commits at 11, 16, 21, 26 s: the timer restarts at each commit, 5 s later); from 30 s it is
 * busy and shares its 10 records/s between its two partitions (5/s each), so its backlog grows by
 * 20 − 10 = 10 records/s from 0. Each poll() returns what is waiting, at least 1 record and at most
 * 500 (conventions §4), at 100 ms each: a poll at t returns n = 10·(t − t0) records (t0 = when the
 * backlog was 0), so the batches double: 1 (30 → 30.1 s), 1 (→ 30.2), 2 (→ 30.4), 4 (→ 30.8),
 * 8 (→ 31.6), 16 (→ 33.2), 32 (→ 36.4), 64 (→ 42.8), 128 (→ 55.6), 256 (→ 81.2 s). The 256-record
 * batch takes 25.6 s > 20 s: the poll timer set at 55.6 s expires at 75.6 s. The auto-commits due
 * at 31, 36.6 and 47.8 s go out at the next poll: 31.6, 42.8, 55.6 s (the last one that succeeds).
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
        // The poll timer set at 55.6 s expires at 75.6 s (see above): the heartbeat thread logs the poll
        // timeout, sends LeaveGroup (dynamic) and resets its member id. PreparingRebalance at 75.6 s; c1, c3
        // heartbeat at 6 + 24·3 = 78 s → generation 2 at 78 s with c1, c3.
        // c2 finishes its 256-record batch at 81.2 s: onPartitionsLost, joins as a new member →
        // PreparingRebalance; the others' phase is 78 + k·3 s → generation 3 at 84 s, c2 gets [2,3] back
        // at the log end (c1, c3 are instant and commit before revoking), busy again from a zero backlog:
        // the same doubling from 84 s: polls at 84, 84.1, 84.2, 84.4, 84.8, 85.6, 87.2, 90.4, 96.8, 109.6 s,
        // then 256 records until 135.2 s → poll timeout at 109.6 + 20 = 129.6 s → generation 4 at
        // 84 + 16·3 = 132 s. At 135.2 s c2 rejoins → generation 5 at 132 + 2·3 = 138 s. It is busy again
        // (the doubling from 138 s: …, 141.2, 144.4 s), but at 150 s the slow spell ends inside its
        // 64-record batch (144.4 → 150.8 s, poll timer until 164.4 s): it catches up instantly and polls
        // again: no more timeouts.
        const r = scenario(() => ({}));
        expect(r.trace.summary.rebalanceTimes).toEqual([6000, 78_000, 84_000, 132_000, 138_000]);
        expect(generations(r.trace).map((g) => g.members.length)).toEqual([3, 2, 3, 2, 3]);
        expect(eventsNamed(r.trace, 'PollTimeout').map((e) => [e.member, e.at])).toEqual([
            ['c2', 75_600],
            ['c2', 129_600]
        ]);
        expect(eventsNamed(r.trace, 'LeaveGroup').filter((e) => e.kind === 'request').map((e) => e.at)).toEqual([75_600, 129_600]);
        expect(eventsNamed(r.trace, 'onPartitionsLost', 'c2').map((e) => e.at)).toEqual([81_200, 135_200]);
        // Duplicates, per partition: at 78 s the new owners restart from c2's 55.6 s commit, after c2
        // processed 22.4 s × 5/s = 112 more (55.6 → 78 s); then c2 keeps processing behind them as a zombie
        // until 81.2 s: 3.2 s × 5/s = 16. Second round: c2's commits from 84 s go out at its polls at 90.4,
        // 96.8 and 109.6 s (due 89, 95.4, 101.8 s); the new owners restart at 132 s from the 109.6 s
        // commit: 22.4 s × 5/s = 112, zombie 132 → 135.2 s: 16. (112 + 16 + 112 + 16) × 2 partitions = 512.
        expect(r.trace.summary.duplicates).toBe(512);
        expect(r.trace.summary.duplicatesBySource).toEqual({ 'poll-timeout': 448, zombie: 64 });
        expect(r.trace.conditions.filter((c) => c.kind === 'zombie').map((c) => [c.from, c.to])).toEqual([
            [75_600, 81_200],
            [129_600, 135_200]
        ]);
    });

    it('static member: no LeaveGroup, it replaces itself without a rebalance and re-processes from its last commit', () => {
        // group.instance.id set: at 75.6 s the poll timeout resets the member id but sends no LeaveGroup;
        // the coordinator still has c2 (its last heartbeat was at 75 s, expiry at 120 s). At 81.2 s c2's
        // batch ends: onPartitionsLost, JoinGroup with its instance id and no member id → the coordinator
        // replaces the old member id; the vote is unchanged → no rebalance; SyncGroup returns the cached
        // [2,3]. c2 restarts from its 55.6 s commit. Per partition, counting from where it was at 30 s:
        // committed 5 × 25.6 = 128, log end at 81.2 s 10 × 51.2 = 512, so 384 wait on each, 768 in all:
        // the poll returns 500 → 50 s → next poll at 131.2 s → poll timeout at 81.2 + 20 = 101.2 s (its
        // heartbeats restarted at 81.2 s, the last at 99.2 s: expiry 144.2 s). At 131.2 s it is back the
        // same way (no commit since 55.6 s: the one due at 86.2 s waited for the 131.2 s poll, after the
        // reset), 500 records again; at 150 s the slow spell ends (131.2 + 20 = 151.2 s: no timeout) and it
        // catches up. Only the first generation in the whole run.
        // Duplicates, per partition (frontier 5 × 51.2 = 256 by 81.2 s): 81.2 → 131.2 s from 128 to
        // 128 + 250 = 378, 128 of them below 256; 131.2 → 150 s from 128 to 128 + 94 = 222, all 94 below
        // 378; at 150 s it jumps to the log end over 378 − 222 = 156 more: 378; × 2 partitions = 756, all
        // caused by its own poll timeouts.
        const r = scenario((n) => ({ 'group.instance.id': `orders-${n}` }));
        expect(r.trace.summary.rebalanceTimes).toEqual([6000]);
        expect(eventsNamed(r.trace, 'PollTimeout').map((e) => e.at)).toEqual([75_600, 101_200]);
        expect(eventsNamed(r.trace, 'LeaveGroup')).toHaveLength(0);
        expect(eventsNamed(r.trace, 'StaticNoRebalance').map((e) => e.at)).toEqual([81_200, 131_200]);
        expect(r.trace.summary.duplicates).toBe(756);
        expect(r.trace.summary.duplicatesBySource).toEqual({ 'poll-timeout': 756 });
        expect(r.trace.summary.errors.c2).toBeNull();
    });
});
