/**
 * Audit of the samples' numbers: each sample's `expect` lines pass (the baselines check that);
 * here the numbers are re-derived by hand, including facts the samples leave unasserted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignmentOf, bumps, leaders, runSource } from './run-source.js';

const sample = (name: string) => readFileSync(`samples/${name}.rebal`, 'utf8');

describe('audit of samples/gc-pause.rebal (heartbeat 4 s)', () => {
    it('gc-pause-30s: expiry at 88 s, gen 2 at 90 s, c1 back as a new member → gen 3 at 98 s', async () => {
        // Gen 1 at 6 s; heartbeats at 6 + 4k. c1 freezes at 61 s; last heartbeat 58 s → expiry 88 s →
        // c2/c3 rejoin at 90 s → gen 2 (leader: first of c2, c3 in HashMap order; same bucket for seed 0,
        // c2 inserted first). c1 wakes at 96 s → UNKNOWN_MEMBER_ID → new member → PreparingRebalance at
        // 96 s; c2/c3 heartbeat at 90 + 4·2 = 98 s → gen 3 at 98 s (the sample leaves this time unasserted).
        // c1 paused 6 s + 35 s frozen + 2 s waiting = 43 s, longest 37 s; unowned orders[0] 61 → 90 s = 29 s.
        const { trace } = await runSource(sample('gc-pause'), 'gc-pause-30s');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 90000, 90000],
            [3, 98000, 98000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(88000);
        expect(trace.rebalances[2].preparedAt).toBe(96000);
        expect(leaders(trace)).toEqual(['c1', 'c2', 'c2']);
        expect(trace.summary.pauses.c1).toEqual({ total: 43000, longest: 37000 });
        expect(trace.summary.unownedMs.orders[0]).toBe(29000);
    });

    it('gc-pause-45s: no rebalance; orders[0] and orders[1] wait 35 s', async () => {
        // Expiry would be 58 + 45 = 103 s > 96 s.
        const { trace } = await runSource(sample('gc-pause'), 'gc-pause-45s');
        expect(bumps(trace)).toEqual([[1, 6000, 6000]]);
        expect([trace.summary.unownedMs.orders[0], trace.summary.unownedMs.orders[1], trace.summary.unownedMs.orders[2]]).toEqual([35000, 35000, 0]);
    });
});

describe('audit of samples/fourth-consumer-joins.rebal', () => {
    it('eager: 2 generations, c3 gives orders[5] to c4; pauses 6 s each plus c4 2 s', async () => {
        const { trace } = await runSource(sample('fourth-consumer-joins'), 'eager-fourth-joins');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 63000, 63000]
        ]);
        // Zero latency, idle members: the eager revoke → reassign happens within the instant at 63 s,
        // so the only pauses are formation (6 s × 3) and c4's wait (61 → 63 s): 20 s.
        expect(trace.summary.totalPause).toBe(20000);
    });

    it('cooperative: gen 3 at 66 s; c3 (third in HashMap order) gives up orders[5]; c4 waits 5 s', async () => {
        // Seed 0 member ids: c1 bucket 6, c2 and c3 bucket 11 (c2 inserted first), so owners are visited
        // c1, c2, c3: c1 keeps [0,3], c2 keeps [1,4] (the two max slots), c3 keeps [2] and orders[5] goes to
        // c4, withheld in gen 2 (63 s), given in gen 3 (66 s: c1/c2 hear c3's rejoin at 63 + 3).
        const { trace } = await runSource(sample('fourth-consumer-joins'), 'cooperative-fourth-joins');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 63000, 63000],
            [3, 66000, 66000]
        ]);
        expect(assignmentOf(trace, 3)).toEqual({ c1: ['orders[0]', 'orders[3]'], c2: ['orders[1]', 'orders[4]'], c3: ['orders[2]'], c4: ['orders[5]'] });
        expect(trace.summary.totalPause).toBe(23000);
        // orders[5] is revoked by c3 after SyncGroup at 63 s and reaches c4 at 66 s: 3 s without an owner.
        expect(trace.summary.unownedMs.orders[5]).toBe(3000);
        expect(trace.summary.maxUnowned?.ms).toBe(3000);
    });
});

describe('audit of samples/partitions-added.rebal', () => {
    it('the leader refreshes at 100 s, c2 hears at 102 s; the leader alone waited 2 s', async () => {
        const { trace } = await runSource(sample('partitions-added'), 'partitions-added');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 102000, 102000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(100000);
        // c1 revoked (eager) at its JoinGroup at 100 s and got [0,1,2] at 102 s: 2 s on top of formation.
        expect(trace.summary.pauses.c1.total).toBe(8000);
        expect(trace.summary.pauses.c2.total).toBe(6000);
        // orders[2] moved c2 → c1; orders[4], orders[5] are first assignments.
        expect(trace.summary.movedPartitions).toBe(1);
    });
});

describe('audit of samples/eager-to-cooperative-upgrade.rebal', () => {
    it('static-upgrade: exactly one extra generation, at 1m42s, electing cooperative-sticky', async () => {
        const { trace } = await runSource(sample('eager-to-cooperative-upgrade'), 'static-upgrade');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 102000, 102000]
        ]);
        expect(trace.rebalances[1].protocolName).toBe('cooperative-sticky');
    });
});

describe('audit of samples/slow-processing.rebal (poll() returns what waits, 1 to 100 records)', () => {
    // Both groups: 2 partitions at 50 records/s each, heartbeats at 6 + 3k s, max.poll.interval.ms 60 s,
    // manual commits. c1 owns orders[0] and keeps up until 60 s; slow from 60 s (1 s a record) its backlog
    // grows 49/s from 0: polls at 60 s (1 record), 61 s (49), 110 s (100 of 2450; until 210 s). The poll
    // timer set at 110 s expires at 170 s.
    it('dynamic-slow: poll timeouts at 170 s and 323 s, generations at 6, 171, 213, 324, 363 s', async () => {
        // LeaveGroup at 170 s → c2 hears at 171 s → gen 2 (c2 alone). c1's batch ends at 210 s: commit fails,
        // onPartitionsLost, JoinGroup as a new member (MEMBER_ID_REQUIRED first, so c2's 210 s heartbeat is
        // answered before the rebalance starts) → c2 hears at 213 s → gen 3. c1 back at the log end: the
        // same 1, 49, 100 from 213 s (polls 213, 214, 263 s) → poll timeout 263 + 60 = 323 s → gen 4 at c2's
        // 324 s heartbeat. At 360 s the slow spell ends: c1 catches up, polls, joins again → c2 hears at its
        // 363 s heartbeat (324 + 3·13) → gen 5. The join phases start at 0 s (formation), 170 s (LeaveGroup),
        // 210 s (c1's second JoinGroup), 323 s and 360 s.
        const { trace } = await runSource(sample('slow-processing'), 'dynamic-slow');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 171000, 171000],
            [3, 213000, 213000],
            [4, 324000, 324000],
            [5, 363000, 363000]
        ]);
        expect(trace.events.filter((e) => e.name === 'PollTimeout').map((e) => [e.member, e.at])).toEqual([
            ['c1', 170000],
            ['c1', 323000]
        ]);
        expect(trace.rebalances.map((r) => r.preparedAt)).toEqual([0, 170000, 210000, 323000, 360000]);
    });

    it('static-slow: poll timeouts at 170 s and 270 s, c1 back at 210 s and 310 s without a rebalance', async () => {
        // No LeaveGroup; c1's last heartbeat before 170 s was at 168 s (expiry 213 s). Back at 210 s with its
        // instance id (replaced, no rebalance), from its last commit (the 110 s boundary, 50 records past
        // 60 s): 50·150 − 50 = 7450 wait → 100 → until 310 s; its heartbeats restart at 210 s, the last
        // before its 270 s poll timeout at 267 s (expiry 312 s); back at 310 s, again 100 records (until
        // 410 s), but the slow spell ends at 360 s, before its 370 s deadline.
        const { trace } = await runSource(sample('slow-processing'), 'static-slow');
        expect(bumps(trace)).toEqual([[1, 6000, 6000]]);
        expect(trace.events.filter((e) => e.name === 'PollTimeout').map((e) => [e.member, e.at])).toEqual([
            ['c1', 170000],
            ['c1', 270000]
        ]);
        expect(trace.events.filter((e) => e.name === 'StaticNoRebalance').map((e) => e.at)).toEqual([210000, 310000]);
        expect(trace.events.filter((e) => e.name === 'HeartbeatExpiry')).toEqual([]);
    });
});
