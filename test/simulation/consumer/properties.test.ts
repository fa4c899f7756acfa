/**
 * The engine's properties (test/simulation/properties.test.ts) on consumer-protocol and mixed
 * groups, over random members and timelines (fast-check):
 * - determinism: the same input and seed give the same trace;
 * - nothing is lost: produced = processed + lag + skipped at every instant;
 * - no partition is held by two members at once, except where Kafka allows it (a member the
 *   coordinator dropped that does not know it yet: the `zombie` condition, or a process that is
 *   down); the coordinator itself never hands a held partition to another member (it would throw);
 * - every trace validates against docs/trace.schema.json; activity spans never overlap; the
 *   consumerProtocol section is consistent: each member's epoch never exceeds the group epoch;
 * - settling classic heartbeats at once (a mixed group) changes nothing but the event count.
 * Members are mostly consumer-protocol ones, some classic; restarts may switch a member's protocol
 * (online upgrade and downgrade), under any migration policy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../language-server/src/simulation/engine.js';
import { simulate } from '../../../language-server/src/simulation/index.js';
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { activityOverlaps, illegalOverlaps, processedByTwoAtOnce, schemaErrors, watchAccounting } from '../trace-properties.js';
import { inputArb } from './inputs.js';

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20240848);
const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 60);


/** A member's epoch (as the coordinator holds it) never exceeds the group epoch at that instant. */
function epochProblems(trace: Trace): string[] {
    const problems: string[] = [];
    for (const e of trace.consumerProtocol?.memberEpochs ?? []) {
        const group = trace.groupStates.find((g) => g.from <= e.from && e.from < g.to);
        if (group && e.epoch > group.generation) problems.push(`${e.member} at epoch ${e.epoch} > group epoch ${group.generation} at ${e.from}`);
    }
    return problems;
}

describe('engine properties with consumer-protocol and mixed groups', () => {
    it('is deterministic, loses nothing, never lets two members own a partition, and emits valid traces', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const engine = new Engine(input);
                const checks = watchAccounting(engine, input.durationMs);
                const first = engine.run();
                expect(checks).toEqual([]);
                const a = JSON.stringify(simulate(input).trace);
                const b = JSON.stringify(simulate(input).trace);
                expect(a === b).toBe(true);
                expect(schemaErrors(first.trace)).toEqual([]);
                expect(illegalOverlaps(first.trace)).toEqual([]);
                expect(epochProblems(first.trace)).toEqual([]);
                expect(activityOverlaps(first.trace)).toEqual([]);
                const s = first.trace.summary;
                expect(s.processed + s.skipped).toBeLessThanOrEqual(s.produced + 0.02);
                // Fatal errors are Kafka's, never an engine failure.
                for (const err of Object.values(s.errors)) if (err) expect(err.error).toMatch(/^[A-Z_]+$|Exception$/);
            }),
            { numRuns: RUNS, seed: SEED }
        );
    });

    it('settling classic heartbeats within their tick changes nothing but the number of events', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const strip = (t: Trace) => JSON.stringify({ ...t, summary: { ...t.summary, eventsProcessed: 0 } });
                const fast = simulate(input).trace;
                const exact = simulate(input, { settleRoundTripsAtOnce: false }).trace;
                expect(strip(fast) === strip(exact)).toBe(true);
            }),
            { numRuns: Math.ceil(RUNS / 2), seed: SEED + 2 }
        );
    });

    it('two members processing the same partition at once count duplicates', () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const { trace } = simulate(input);
                const rate = input.topics[0].producePerSecond;
                const overlap = processedByTwoAtOnce(trace, 'orders');
                const produceChanged = input.events.some((e) => e.kind === 'produce' || e.kind === 'slow');
                if (overlap && rate > 0 && !produceChanged) expect(trace.summary.duplicates).toBeGreaterThan(0);
            }),
            { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1 }
        );
    });
});
