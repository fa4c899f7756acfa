/**
 * The poll loop's batches on the workload alone, without a group (conventions §4): each poll() of a
 * busy member returns the records fetchable then (log end − position, in whole records), at least
 * one and at most max.poll.records, and the next poll comes once the member has spent
 * process.time.per.record on each. One topic, every partition held from the committed offset 0
 * (the log end at 0 s, "committed offsets at start" in the simulation README).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../language-server/src/simulation/clock.js';
import { Workload } from '../../language-server/src/simulation/workload.js';
import { generations, members, run, topic } from './helpers.js';

function setup(perSecond: number, partitions: number, timePerRecordMs: number, maxPollRecords: number) {
    const clock = new Clock();
    const workload = new Workload(clock, [{ name: 't', partitions, producePerSecond: perSecond, keySkew: { kind: 'uniform' } }], { duplicate() {} });
    const proc = workload.processor('m', timePerRecordMs, maxPollRecords);
    workload.setRunning(proc, true);
    const holdAt = (at: number) => {
        const parts = workload.topics.get('t')!.partitions;
        clock.schedule(at, () => workload.holdAll(proc, parts, 'earliest', parts.map(() => 'rebalance')));
    };
    return { clock, workload, proc, holdAt };
}

/** The member's polls from `from` while it is busy (at most until `until`), as [instant, records]. */
function polls(s: ReturnType<typeof setup>, from: number, until: number): [number, number][] {
    const out: [number, number][] = [];
    s.clock.runUntil(from);
    let t = from;
    while (s.proc.busy && t < until) {
        const next = s.proc.pollAfter(t);
        out.push([t, Math.round((next - t) / s.proc.timePerRecord)]);
        s.clock.runUntil(next);
        t = next;
    }
    return out;
}

describe('poll() returns what is waiting, 1 to max.poll.records records', () => {
    it('a backlog that drains: the batches halve down to 1 record, then the member is idle again', () => {
        // 1 partition at 50 records/s, 10 ms a record (100/s), max.poll.records 500. Held at 2 s with
        // 100 records waiting; the backlog then falls by 100 − 50 = 50/s, i.e. 0.05 a ms: a poll at
        // 2 s + x returns ⌊100 − 0.05·x⌋ (at least 1). 2 s: 100 (1 s) → 3 s: 50 (0.5 s) → 3.5 s: 25 →
        // 3.75 s: 12.5 → 12 (120 ms) → 3.87 s: 6.5 → 6 → 3.93 s: 3.5 → 3 → 3.96 s: 2 → 3.98 s: 1 →
        // 3.99 s: 0.5 → 1 record (the floor). The fluid empties the backlog at 2 s + 100 / 0.05 ms = 4 s:
        // the member is back inside poll() (idle) then.
        const s = setup(50, 1, 10, 500);
        s.holdAt(2000);
        expect(polls(s, 2000, 10_000)).toEqual([
            [2000, 100],
            [3000, 50],
            [3500, 25],
            [3750, 12],
            [3870, 6],
            [3930, 3],
            [3960, 2],
            [3980, 1],
            [3990, 1]
        ]);
        expect(s.clock.now).toBe(4000);
        expect(s.proc.busy).toBe(false);
        expect(s.proc.nextPoll(4000)).toBe(4000);
    });

    it('a member that cannot keep up: the batches double from 1 record until max.poll.records', () => {
        // 1 partition at 20 records/s, 100 ms a record (10/s), held at 0 s with nothing waiting: it is
        // busy at once (it cannot keep up) and the backlog grows 10/s, 0.01 a ms. The first poll finds
        // nothing and returns the first record to arrive (the floor); then a poll at x ms returns
        // ⌊0.01·x⌋: 0 s: 1 → 0.1 s: 1 → 0.2 s: 2 → 0.4 s: 4 → … → 25.6 s: 256 → 51.2 s: 512 → 500
        // (50 s) → 101.2 s: 1012 → 500 → 151.2 s.
        const s = setup(20, 1, 100, 500);
        s.holdAt(0);
        expect(polls(s, 0, 160_000)).toEqual([
            [0, 1],
            [100, 1],
            [200, 2],
            [400, 4],
            [800, 8],
            [1600, 16],
            [3200, 32],
            [6400, 64],
            [12_800, 128],
            [25_600, 256],
            [51_200, 500],
            [101_200, 500],
            [151_200, 500]
        ]);
    });

    it('what a poll returns is summed over the partitions it fetches, not those paused', () => {
        // 2 partitions at 10 records/s each, 1 s a record, max.poll.records 100, held at 3 s: 30 wait
        // on each, 60 in all → the first batch is 60 records (until 63 s). With one partition paused
        // from the start (not fetching, as during a revocation), only its 30 count: until 33 s.
        const both = setup(20, 2, 1000, 100);
        both.holdAt(3000);
        both.clock.runUntil(3000);
        expect([both.proc.lastPoll(3000), both.proc.pollAfter(3000)]).toEqual([3000, 63_000]);
        const one = setup(20, 2, 1000, 100);
        one.clock.schedule(3000, () => {
            const parts = one.workload.topics.get('t')!.partitions;
            const [a, b] = one.workload.holdAll(one.proc, parts, 'earliest', ['rebalance', 'rebalance']);
            one.workload.setFetching(b!, false);
            expect(a).not.toBeNull();
        });
        one.clock.runUntil(3000);
        expect(one.proc.pollAfter(3000)).toBe(33_000);
    });

    it('slow: the batch in hand finishes at the new speed, the next poll returns what waits then', () => {
        // As the doubling case: the 256-record batch runs 25.6 → 51.2 s at 100 ms a record. At 30 s, 44
        // are done and 212 left; from 30 s each takes 50 ms: the batch ends at 30 + 212 × 0.05 = 40.6 s,
        // and its poll is still the one at 25.6 s. At 50 ms a record the member processes 20/s, its
        // input: the backlog stays at what it was at 30 s, 0.01 × 30 000 = 300 records, so every poll
        // from 40.6 s returns 300 (15 s): 40.6, 55.6, 70.6, 85.6, 100.6 s.
        const s = setup(20, 1, 100, 500);
        s.holdAt(0);
        s.clock.schedule(30_000, () => s.workload.setProcessTime(s.proc, 50, 500));
        s.clock.runUntil(30_000);
        expect([s.proc.lastPoll(30_000), s.proc.nextPoll(30_000)]).toEqual([25_600, 40_600]);
        s.clock.runUntil(100_000);
        expect([s.proc.lastPoll(100_000), s.proc.nextPoll(100_000)]).toEqual([85_600, 100_600]);
    });

    it('a frozen member keeps its batch in hand: its poll and the batch end move by the pause', () => {
        // As the doubling case: frozen at 30 s inside the 25.6 → 51.2 s batch, running again at 40 s:
        // the batch resumes where it stopped, its poll counted from 25.6 + 10 = 35.6 s, its end at
        // 51.2 + 10 = 61.2 s. A stop that is not a pause (a callback, a crash) drops it instead: the
        // member polls when it runs again, and that poll returns what waits then: by 30 s it processed
        // 1 + 1 + 2 + … + 128 = 256 records (until 25.6 s) and 44 more, 300, and 800 are produced by
        // 40 s: 500 wait → 500 records → 50 s → next poll at 90 s.
        const frozen = setup(20, 1, 100, 500);
        frozen.holdAt(0);
        frozen.clock.schedule(30_000, () => frozen.workload.freeze(frozen.proc));
        frozen.clock.schedule(40_000, () => frozen.workload.setRunning(frozen.proc, true));
        frozen.clock.runUntil(40_000);
        expect([frozen.proc.lastPoll(40_000), frozen.proc.nextPoll(40_000)]).toEqual([35_600, 61_200]);
        const stopped = setup(20, 1, 100, 500);
        stopped.holdAt(0);
        stopped.clock.schedule(30_000, () => stopped.workload.setRunning(stopped.proc, false));
        stopped.clock.schedule(40_000, () => stopped.workload.setRunning(stopped.proc, true));
        stopped.clock.runUntil(40_000);
        expect([stopped.proc.lastPoll(40_000), stopped.proc.pollAfter(40_000)]).toEqual([40_000, 90_000]);
    });
    it('a frozen batch is gone once the member runs and is idle (it finished it at once)', () => {
        // As the doubling case, frozen at 30 s; at 35 s, still frozen, its time per record becomes 0 and it
        // thaws at 40 s: it processes everything at once and is idle. At 50 s it slows to 100 ms a record
        // again, caught up and unable to keep up: a new poll at 50 s returning 1 record (until 50.1 s), not
        // the rest of the batch it had in hand at 30 s.
        const s = setup(20, 1, 100, 500);
        s.holdAt(0);
        s.clock.schedule(30_000, () => s.workload.freeze(s.proc));
        s.clock.schedule(35_000, () => s.workload.setProcessTime(s.proc, 0, 500));
        s.clock.schedule(40_000, () => s.workload.setRunning(s.proc, true));
        s.clock.schedule(50_000, () => s.workload.setProcessTime(s.proc, 100, 500));
        s.clock.runUntil(40_000);
        expect(s.proc.busy).toBe(false);
        s.clock.runUntil(50_000);
        expect([s.proc.lastPoll(50_000), s.proc.pollAfter(50_000)]).toEqual([50_000, 50_100]);
    });

    it('batches too short for the clock at that hour: the member counts as polling all the time', () => {
        // 1e-10 ms a record, held one hour in (36 000 records waiting at 10/s): the first poll returns
        // 500 (5e-8 ms), and the backlog is gone within 36 000 × 1e-10 = 3.6e-6 ms, but the fluid only
        // notices at its next whole millisecond; meanwhile each poll returns 1 record, 1e-10 ms, less
        // than the spacing of doubles near 3.6e6 ms (4.7e-10): the polls are as dense as the clock can
        // tell. Asked half a millisecond later (5e9 such polls), the member polls then, and the answer
        // comes at once (runs of equal batches are skipped, not stepped through).
        const s = setup(10, 1, 1e-10, 500);
        s.holdAt(3_600_000);
        s.clock.runUntil(3_600_000.5);
        expect(s.proc.busy).toBe(true);
        expect([s.proc.lastPoll(3_600_000.5), s.proc.nextPoll(3_600_000.5)]).toEqual([3_600_000.5, 3_600_000.5]);
    });
});

describe('the polls do not depend on when they are asked for', () => {
    // The engine works the polls out lazily: asked at many instants or only at the end, with the same
    // events in between (a produce-rate change, a pause of fetching), the member must poll at the
    // same instants, to the last bit.
    it('many questions or one give the same last and next poll', () => {
        fc.assert(
            fc.property(
                fc.record({
                    perSecond: fc.integer({ min: 1, max: 5000 }),
                    partitions: fc.integer({ min: 1, max: 4 }),
                    timePerRecordMs: fc.constantFrom(0.1, 1, 3, 8, 100, 1000),
                    maxPollRecords: fc.integer({ min: 1, max: 1000 }),
                    holdAt: fc.integer({ min: 0, max: 20_000 }),
                    rateAt: fc.integer({ min: 0, max: 200_000 }),
                    newRate: fc.integer({ min: 0, max: 5000 }),
                    questions: fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 40 }),
                    end: fc.integer({ min: 200_000, max: 400_000 })
                }),
                (c) => {
                    const run = (ask: readonly number[]) => {
                        const s = setup(c.perSecond, c.partitions, c.timePerRecordMs, c.maxPollRecords);
                        s.holdAt(c.holdAt);
                        s.clock.schedule(c.rateAt, () => s.workload.setProduceRate('t', c.newRate));
                        for (const at of ask) s.clock.schedule(at, () => s.proc.nextPoll(s.clock.now) + s.proc.lastPoll(s.clock.now));
                        s.clock.runUntil(c.end);
                        return [s.proc.busy, s.proc.lastPoll(c.end), s.proc.nextPoll(c.end)];
                    };
                    expect(run(c.questions)).toEqual(run([]));
                }
            ),
            { numRuns: 150, seed: 848 }
        );
    });
});

describe('a busy member reacts at its next poll, which a GC pause moves by the pause', () => {
    // 1 partition at 10 records/s; c1 takes 1 s a record, max.poll.records 100, max.poll.interval.ms
    // 10 min (no poll timeout); c2 processes instantly. Zero latency, heartbeats every 3 s, D = 3 s.
    // c1 starts alone: generation 1 at 3 s with 30 records waiting → its poll at 3 s returns 30 (until
    // 33 s), the one at 33 s returns 100 (300 wait; until 133 s). c2 starts at 80 s → PreparingRebalance
    // at 80 s (its second JoinGroup, with the member id KIP-394 gave it); c1 hears it at a heartbeat and
    // joins at its next poll, which completes the join phase: generation 2 then.
    const ms = [
        ...members(['c1'], { 'process.time.per.record': 1000, 'max.poll.records': 100, 'max.poll.interval.ms': 600_000 }),
        ...members(['c2'], { 'max.poll.interval.ms': 600_000 })
    ];
    const start = [
        { kind: 'start' as const, at: 0, members: ['c1'] },
        { kind: 'start' as const, at: 80_000, members: ['c2'] }
    ];

    it('without a pause: generation 2 when the 100-record batch ends, at 133 s', () => {
        // c1 heartbeats at 3 + 3k s and hears of the rebalance at 81 s; its poll is at 133 s.
        const r = run({ topics: [topic('orders', 1, 10)], members: ms, events: start, durationMs: 200_000 });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members])).toEqual([
            [1, 3000, ['c1']],
            [2, 133_000, ['c1', 'c2']]
        ]);
    });

    it('frozen 20 s inside that batch: it finishes 20 s later, generation 2 at 153 s', () => {
        // c1 freezes at 50 s, 17 records into its 100-record batch, and thaws at 70 s (20 s < its 45 s
        // session): its heartbeat thread beats at once (70 s, zero latency) and then at 70 + 3k s, and
        // the application goes back to the 83 records left, so the batch ends at 133 + 20 = 153 s. c1
        // hears of c2 at its 82 s heartbeat and joins at its 153 s poll: generation 2 at 153 s. (Polling
        // anew when it thaws would give a batch of 100 from 70 s, until 170 s.)
        const events = [...start, { kind: 'gc-pause' as const, at: 50_000, members: ['c1'], durationMs: 20_000 }];
        const r = run({ topics: [topic('orders', 1, 10)], members: ms, events, durationMs: 200_000 });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members])).toEqual([
            [1, 3000, ['c1']],
            [2, 153_000, ['c1', 'c2']]
        ]);
    });
});
