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
import Ajv from 'ajv';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../language-server/src/simulation/engine.js';
import { simulate } from '../../../language-server/src/simulation/index.js';
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { inputArb } from './inputs.js';

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20240848);
const RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 60);

const schema = JSON.parse(readFileSync(new URL('../../../docs/trace.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Instants where two members hold one partition and neither is excused (zombie, or its process is gone). */
function illegalOverlaps(trace: Trace): string[] {
    const problems: string[] = [];
    const excused = (member: string, from: number, to: number) =>
        trace.conditions.some((c) => c.member === member && c.kind === 'zombie' && c.from <= from && to <= c.to) ||
        trace.activity.some((a) => a.member === member && (a.kind === 'down' || a.kind === 'failed' || a.kind === 'stopped') && a.from <= from && to <= a.to);
    const byPartition = new Map<string, Trace['ownership']>();
    for (const o of trace.ownership) {
        const k = `${o.topic}[${o.partition}]`;
        if (!byPartition.has(k)) byPartition.set(k, []);
        byPartition.get(k)!.push(o);
    }
    for (const [k, spans] of byPartition) {
        for (let i = 0; i < spans.length; i++) {
            for (let j = i + 1; j < spans.length; j++) {
                const a = spans[i];
                const b = spans[j];
                const from = Math.max(a.from, b.from);
                const to = Math.min(a.to, b.to);
                if (to <= from || a.member === b.member) continue;
                const cuts = new Set([from, to]);
                for (const c of trace.conditions) for (const t of [c.from, c.to]) if (t > from && t < to) cuts.add(t);
                for (const s of trace.activity) for (const t of [s.from, s.to]) if (t > from && t < to) cuts.add(t);
                const points = [...cuts].sort((x, y) => x - y);
                for (let c = 0; c + 1 < points.length; c++) {
                    const [f, t] = [points[c], points[c + 1]];
                    if (!excused(a.member, f, t) && !excused(b.member, f, t)) problems.push(`${k} held by ${a.member} and ${b.member} in [${f}, ${t})`);
                }
            }
        }
    }
    return problems;
}

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
                const checks: string[] = [];
                for (let k = 1; k <= 5; k++) {
                    const at = Math.floor((input.durationMs * k) / 6);
                    engine.clock.schedule(at, () => {
                        const w = engine.workload;
                        w.settleAll(at);
                        let lag = 0;
                        for (const t of w.topics.values()) for (const p of t.partitions) lag += p.logEnd - p.frontier;
                        const processed = w.processedTotal - w.duplicates;
                        if (Math.abs(w.produced - (processed + lag + w.skipped)) > 1e-6 * Math.max(1, w.produced)) {
                            checks.push(`produced ${w.produced} != processed ${processed} + lag ${lag} + skipped ${w.skipped} at ${at}`);
                        }
                    });
                }
                const first = engine.run();
                expect(checks).toEqual([]);
                const a = JSON.stringify(simulate(input).trace);
                const b = JSON.stringify(simulate(input).trace);
                expect(a === b).toBe(true);
                const valid = validate(first.trace);
                expect(validate.errors ?? []).toEqual([]);
                expect(valid).toBe(true);
                expect(illegalOverlaps(first.trace)).toEqual([]);
                expect(epochProblems(first.trace)).toEqual([]);
                const byMember = new Map<string, Trace['activity']>();
                for (const s of first.trace.activity) {
                    if (!byMember.has(s.member)) byMember.set(s.member, []);
                    byMember.get(s.member)!.push(s);
                }
                for (const spans of byMember.values()) {
                    spans.sort((x, y) => x.from - y.from);
                    for (let i = 1; i < spans.length; i++) expect(spans[i].from).toBeGreaterThanOrEqual(spans[i - 1].to);
                }
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
                const processing = (m: string, f: number, t: number) => trace.activity.some((a) => a.member === m && a.kind === 'processing' && a.from <= f && t <= a.to);
                let overlap = false;
                for (const a of trace.ownership) {
                    for (const b of trace.ownership) {
                        if (a === b || a.member === b.member || a.topic !== b.topic || a.partition !== b.partition || a.topic !== 'orders') continue;
                        const f = Math.max(a.from, b.from);
                        const t = Math.min(a.to, b.to);
                        if (t - f > 50 && processing(a.member, f, t) && processing(b.member, f, t)) overlap = true;
                    }
                }
                const produceChanged = input.events.some((e) => e.kind === 'produce' || e.kind === 'slow');
                if (overlap && rate > 0 && !produceChanged) expect(trace.summary.duplicates).toBeGreaterThan(0);
            }),
            { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1 }
        );
    });
});
