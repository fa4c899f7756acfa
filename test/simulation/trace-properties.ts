/**
 * What every engine run must satisfy, shared by the property suites (properties.test.ts for the
 * classic protocol, consumer/properties.test.ts for consumer-protocol and mixed groups). Each
 * check returns the problems it found (an empty list when the run is sound), so a failing
 * property says what broke and where.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../language-server/src/simulation/engine.js';
import type { Trace } from '../../language-server/src/simulation/trace.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/trace.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The trace's departures from docs/trace.schema.json. */
export function schemaErrors(trace: Trace): unknown[] {
    return validate(trace) ? [] : [...(validate.errors ?? [{ message: 'invalid' }])];
}

/**
 * White-box accounting at five instants of the run (schedule before `engine.run()`, read after):
 * produced = log ends = processed + lag + skipped, no position or frontier past its log end, and
 * each topic's incrementally kept lag equal to the sum over its partitions.
 */
export function watchAccounting(engine: Engine, durationMs: number): string[] {
    const problems: string[] = [];
    for (let k = 1; k <= 5; k++) {
        const at = Math.floor((durationMs * k) / 6);
        engine.clock.schedule(at, () => {
            const w = engine.workload;
            w.settleAll(at);
            let logEnd = 0;
            let lag = 0;
            for (const t of w.topics.values()) {
                let topicLag = 0;
                for (const p of t.partitions) {
                    logEnd += p.logEnd;
                    topicLag += p.logEnd - p.frontier;
                    if (p.frontier > p.logEnd + 1e-6) problems.push(`frontier past log end on ${p.key}`);
                    for (const h of p.holders) if (h.pos > p.logEnd + 1e-6) problems.push(`position past log end on ${p.key}`);
                }
                lag += topicLag;
                if (Math.abs(t.lagAt(at) - topicLag) > 1e-3 * Math.max(1, topicLag)) problems.push(`topic ${t.name} lag ${t.lagAt(at)} vs ${topicLag} at ${at}`);
            }
            const processed = w.processedTotal - w.duplicates;
            if (Math.abs(w.produced - logEnd) > 1e-6 * Math.max(1, logEnd)) problems.push(`produced ${w.produced} vs log ends ${logEnd}`);
            if (Math.abs(w.produced - (processed + lag + w.skipped)) > 1e-6 * Math.max(1, w.produced)) {
                problems.push(`produced ${w.produced} != processed ${processed} + lag ${lag} + skipped ${w.skipped} at ${at}`);
            }
        });
    }
    return problems;
}

/** Instants where two members hold one partition and neither is excused (zombie, or its process is gone). */
export function illegalOverlaps(trace: Trace): string[] {
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
                // Cut the overlap at every condition/activity boundary and check each piece.
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

/** A member's activity spans never overlap. */
export function activityOverlaps(trace: Trace): string[] {
    const byMember = new Map<string, Trace['activity']>();
    for (const a of trace.activity) {
        if (!byMember.has(a.member)) byMember.set(a.member, []);
        byMember.get(a.member)!.push(a);
    }
    const problems: string[] = [];
    for (const [member, spans] of byMember) {
        const sorted = [...spans].sort((x, y) => x.from - y.from);
        for (let i = 1; i < sorted.length; i++) {
            if (sorted[i].from < sorted[i - 1].to) problems.push(`${member}: ${sorted[i - 1].kind} [${sorted[i - 1].from}, ${sorted[i - 1].to}) overlaps ${sorted[i].kind} from ${sorted[i].from}`);
        }
    }
    return problems;
}

/** Whether two members held one partition of `topic` for more than 50 ms while both were processing. */
export function processedByTwoAtOnce(trace: Trace, topic: string): boolean {
    const processing = (m: string, f: number, t: number) => trace.activity.some((a) => a.member === m && a.kind === 'processing' && a.from <= f && t <= a.to);
    for (const a of trace.ownership) {
        for (const b of trace.ownership) {
            if (a === b || a.member === b.member || a.topic !== b.topic || a.partition !== b.partition || a.topic !== topic) continue;
            const f = Math.max(a.from, b.from);
            const t = Math.min(a.to, b.to);
            if (t - f > 50 && processing(a.member, f, t) && processing(b.member, f, t)) return true;
        }
    }
    return false;
}
