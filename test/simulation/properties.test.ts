/**
 * Properties of the engine over random groups and timelines (fast-check):
 * - determinism: the same input and seed give the same trace;
 * - nothing is lost: produced = processed + lag + skipped at every instant, and the per-topic lag
 *   the engine keeps incrementally equals the sum over partitions;
 * - no partition is consumed by two members at once, except where Kafka allows it (a member out
 *   of the group that does not know it yet: the `zombie` condition), and such overlaps while both
 *   process show up as duplicates;
 * - every trace validates against docs/trace.schema.json; activity spans never overlap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberSpec, SimulationInput } from '../../language-server/src/model/simulation-input.js';
import { Engine } from '../../language-server/src/simulation/engine.js';
import { simulate } from '../../language-server/src/simulation/index.js';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { memberConfig, scenario, topic, type Settings } from './helpers.js';
import { eventArb, timelineOf } from './random-timelines.js';
import { activityOverlaps, illegalOverlaps, processedByTwoAtOnce, schemaErrors, watchAccounting } from './trace-properties.js';

// Fixed by default so that a failure reproduces; SIM_PROPERTY_SEED / SIM_PROPERTY_RUNS explore further.
const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20240601);
const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 80);


const ASSIGNOR_LISTS = [['range', 'cooperative-sticky'], ['cooperative-sticky'], ['range'], ['roundrobin'], ['cooperative-sticky', 'range'], ['sticky']];

const memberArb = fc.record({
    assignors: fc.constantFrom(...ASSIGNOR_LISTS),
    static: fc.boolean(),
    processMs: fc.constantFrom(0, 0, 0.2, 1, 5),
    maxPollRecords: fc.constantFrom(500, 100),
    autoCommit: fc.boolean(),
    listener: fc.constantFrom('none', 'commit-on-revoke'),
    revokeMs: fc.constantFrom(0, 0, 500),
    session: fc.constantFrom(10_000, 45_000),
    maxPoll: fc.constantFrom(30_000, 300_000)
});

const inputArb = fc
    .record({
        members: fc.array(memberArb, { minLength: 1, maxLength: 5 }),
        partitions: fc.integer({ min: 1, max: 8 }),
        rate: fc.integer({ min: 0, max: 3000 }),
        skew: fc.boolean(),
        latency: fc.constantFrom(0, 0, 3),
        seed: fc.integer({ min: 0, max: 1000 }),
        duration: fc.integer({ min: 30_000, max: 200_000 })
    })
    .chain((base) => fc.record({ base: fc.constant(base), events: fc.array(eventArb(base.members.length, base.duration), { maxLength: 8 }) }))
    .map(({ base, events }): SimulationInput => {
        const names = base.members.map((_, i) => `m${i + 1}`);
        const settingsOf = (i: number, extra: Settings = {}): Settings => {
            const m = base.members[i];
            return {
                'partition.assignment.strategy': m.assignors,
                'group.instance.id': m.static ? `inst-${i}` : null,
                'process.time.per.record': m.processMs,
                'max.poll.records': m.maxPollRecords,
                'enable.auto.commit': m.autoCommit,
                'rebalance.listener': m.listener,
                'revoke.time': m.revokeMs,
                'session.timeout.ms': m.session,
                'heartbeat.interval.ms': 3000,
                'max.poll.interval.ms': m.maxPoll,
                ...extra
            };
        };
        const specs: MemberSpec[] = names.map((name, i) => ({ name, config: memberConfig(name, settingsOf(i)) }));
        const timeline = timelineOf(events, names, settingsOf);
        return scenario({
            topics: [topic('orders', base.partitions, base.rate, base.skew ? { kind: 'zipf', exponent: 1.1 } : { kind: 'uniform' }), topic('payments', 2, 200)],
            members: specs,
            events: timeline,
            durationMs: base.duration,
            seed: base.seed,
            cluster: { 'network.latency': base.latency }
        });
    });

describe('engine properties', () => {
    it('is deterministic, loses nothing, never lets two members own a partition, and emits valid traces', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                // White-box: check the accounting at five instants while the engine runs.
                const engine = new Engine(input);
                const checks = watchAccounting(engine, input.durationMs);
                const first = engine.run();
                expect(checks).toEqual([]);
                // Same input, same trace. (The white-box run above is not compared: its extra settling
                // points change the floating-point rounding of the workload totals.)
                const a = JSON.stringify(simulate(input).trace);
                const b = JSON.stringify(simulate(input).trace);
                expect(a === b).toBe(true);
                expect(schemaErrors(first.trace)).toEqual([]);
                expect(illegalOverlaps(first.trace)).toEqual([]);
                expect(activityOverlaps(first.trace)).toEqual([]);
                const s = first.trace.summary;
                // Summary values are rounded to 0.01 record each.
                expect(s.processed + s.skipped).toBeLessThanOrEqual(s.produced + 0.02);
            }),
            { numRuns: RUNS, seed: SEED }
        );
    });

    it('settling routine heartbeats within their tick changes nothing but the number of events', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const strip = (t: Trace) => JSON.stringify({ ...t, summary: { ...t.summary, eventsProcessed: 0 } });
                const fast = simulate(input).trace;
                const exact = simulate(input, { settleRoundTripsAtOnce: false }).trace;
                expect(strip(fast) === strip(exact)).toBe(true);
                expect(fast.summary.eventsProcessed).toBeLessThanOrEqual(exact.summary.eventsProcessed);
            }),
            { numRuns: RUNS, seed: SEED + 2 }
        );
    });

    it('two members processing the same partition at once count duplicates', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const { trace } = simulate(input);
                const rate = input.topics[0].producePerSecond;
                // Overlapping holdings of the same partition while both members are processing.
                const overlap = processedByTwoAtOnce(trace, 'orders');
                const produceChanged = input.events.some((e) => e.kind === 'produce' || e.kind === 'slow');
                if (overlap && rate > 0 && !produceChanged) expect(trace.summary.duplicates).toBeGreaterThan(0);
            }),
            { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1 }
        );
    });
});
