/**
 * `expect` lines, evaluated on a trace alone (language.md, "Expectations"): the same code
 * serves the engine, the CLI and anything that holds a saved trace. Each result carries the
 * simulated value rendered for a diagnostic ("simulated: 4", "simulated: 1m12s").
 */
import { formatDuration } from '../model/units.js';
import type { CompareOp, ExpectationSpec, ExpectValue } from '../model/simulation-input.js';
import type { ActivityKind, ExpectationResult, Trace } from './trace.js';

/** Activity in which a member does not consume what it holds (language.md `owner`). */
const NOT_CONSUMING: ReadonlySet<ActivityKind> = new Set<ActivityKind>(['down', 'frozen', 'failed', 'stopped']);

type Actual =
    | { kind: 'number'; value: number; records?: boolean }
    | { kind: 'duration'; ms: number }
    | { kind: 'name'; name: string }
    | { kind: 'partitions'; items: string[] }
    | { kind: 'durations'; items: number[] };

class Problem extends Error {}

function covering<T extends { from: number; to: number }>(spans: readonly T[], at: number): T[] {
    return spans.filter((s) => s.from <= at && at < s.to);
}

function at(spec: ExpectationSpec, trace: Trace): number {
    if (spec.at === undefined) return trace.durationMs;
    if (spec.at < 0 || spec.at > trace.durationMs) throw new Problem(`${formatDuration(spec.at)} is outside the run (0 to ${formatDuration(trace.durationMs)})`);
    return spec.at;
}

/** The instant used for span look-ups: the end of the run means the last state. */
function lookupTime(t: number, trace: Trace): number {
    return t >= trace.durationMs ? Math.max(0, trace.durationMs - 1e-6) : t;
}

function member(trace: Trace, name: string): void {
    if (!trace.members.some((m) => m.name === name)) throw new Problem(`no member named ${name} in this scenario`);
}

function groupStateAt(trace: Trace, t: number) {
    return covering(trace.groupStates, lookupTime(t, trace))[0];
}

/** The running member consuming `topic[partition]` at t in the current generation, or null. */
export function ownerAt(trace: Trace, topic: string, partition: number, t: number): string | null {
    const tt = lookupTime(t, trace);
    for (const span of covering(trace.ownership, tt)) {
        if (span.topic !== topic || span.partition !== partition) continue;
        const activity = covering(trace.activity, tt).find((a) => a.member === span.member);
        if (activity && NOT_CONSUMING.has(activity.kind)) continue;
        if (covering(trace.conditions, tt).some((c) => c.member === span.member && c.kind === 'zombie')) continue;
        return span.member;
    }
    return null;
}

function actualOf(spec: ExpectationSpec, trace: Trace): Actual {
    const s = spec.subject;
    const summary = trace.summary;
    switch (s.kind) {
        case 'rebalances':
            return { kind: 'number', value: summary.rebalances };
        case 'rebalance-times':
            return { kind: 'durations', items: summary.rebalanceTimes };
        case 'generation':
            return { kind: 'number', value: groupStateAt(trace, at(spec, trace))?.generation ?? 0 };
        case 'state':
            return { kind: 'name', name: groupStateAt(trace, at(spec, trace))?.state ?? 'Empty' };
        case 'members':
            return { kind: 'number', value: groupStateAt(trace, at(spec, trace))?.members ?? 0 };
        case 'moved-partitions':
            return { kind: 'number', value: summary.movedPartitions };
        case 'max-unowned':
            return { kind: 'duration', ms: summary.maxUnowned?.ms ?? 0 };
        case 'total-pause':
            return { kind: 'duration', ms: summary.totalPause };
        case 'duplicates':
            return { kind: 'number', value: summary.duplicates, records: true };
        case 'assignment': {
            member(trace, s.member);
            const tt = lookupTime(at(spec, trace), trace);
            const items = covering(trace.ownership, tt)
                .filter((o) => o.member === s.member)
                .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
                .map((o) => `${o.topic}[${o.partition}]`);
            return { kind: 'partitions', items };
        }
        case 'paused':
            member(trace, s.member);
            return { kind: 'duration', ms: summary.pauses[s.member]?.total ?? 0 };
        case 'max-pause':
            member(trace, s.member);
            return { kind: 'duration', ms: summary.pauses[s.member]?.longest ?? 0 };
        case 'error':
            member(trace, s.member);
            return { kind: 'name', name: summary.errors[s.member]?.error ?? 'none' };
        case 'owner': {
            if (!trace.topics.some((t) => t.name === s.topic)) throw new Problem(`no topic named ${s.topic}`);
            return { kind: 'name', name: ownerAt(trace, s.topic, s.partition, at(spec, trace)) ?? 'none' };
        }
        case 'unowned': {
            const list = summary.unownedMs[s.topic];
            if (!list) throw new Problem(`no topic named ${s.topic}`);
            if (s.partition >= list.length) throw new Problem(`${s.topic} has no partition ${s.partition}`);
            return { kind: 'duration', ms: list[s.partition] };
        }
        case 'max-lag':
            if (!(s.topic in summary.maxLag)) throw new Problem(`no topic named ${s.topic}`);
            return { kind: 'number', value: summary.maxLag[s.topic], records: true };
        case 'lag': {
            const t = at(spec, trace);
            const probe = trace.probes.find((p) => p.at === t);
            if (probe && s.topic in probe.lag) return { kind: 'number', value: probe.lag[s.topic], records: true };
            const series = trace.lag.find((l) => l.topic === s.topic);
            if (!series) throw new Problem(`no topic named ${s.topic}`);
            const i = Math.min(series.lag.length - 1, Math.round(t / series.stepMs));
            return { kind: 'number', value: series.lag[i] ?? 0, records: true };
        }
    }
}

function render(a: Actual): string {
    switch (a.kind) {
        case 'number':
            return a.records ? String(Math.round(a.value)) : String(a.value);
        case 'duration':
            return formatDuration(Math.round(a.ms));
        case 'name':
            return a.name;
        case 'partitions':
            return `[${a.items.join(', ')}]`;
        case 'durations':
            return `[${a.items.map((ms) => formatDuration(Math.round(ms))).join(', ')}]`;
    }
}

function renderValue(v: ExpectValue): string {
    switch (v.kind) {
        case 'number':
            return String(v.value);
        case 'duration':
            return formatDuration(v.ms);
        case 'name':
            return v.name;
        case 'partition':
            return `${v.topic}[${v.partition}]`;
        case 'list':
            return `[${v.items.map(renderValue).join(', ')}]`;
    }
}

function compareNumbers(a: number, op: CompareOp, b: number): boolean {
    switch (op) {
        case '==':
            return a === b;
        case '!=':
            return a !== b;
        case '<':
            return a < b;
        case '<=':
            return a <= b;
        case '>':
            return a > b;
        case '>=':
            return a >= b;
    }
}

function equalityOnly(op: CompareOp, what: string): void {
    if (op !== '==' && op !== '!=') throw new Problem(`${what} can only be compared with == or !=`);
}

function scalar(v: ExpectValue, durationSubject: boolean): number {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'duration') {
        if (!durationSubject) throw new Problem('a duration is compared with a count');
        return v.ms;
    }
    throw new Problem(`expected a ${durationSubject ? 'duration' : 'number'}, found ${renderValue(v)}`);
}

function holds(a: Actual, op: CompareOp, v: ExpectValue): boolean {
    switch (a.kind) {
        case 'number': {
            const value = a.records ? Math.round(a.value) : a.value;
            return compareNumbers(value, op, scalar(v, false));
        }
        case 'duration':
            return compareNumbers(Math.round(a.ms), op, scalar(v, true));
        case 'name': {
            equalityOnly(op, 'a name');
            if (v.kind !== 'name') throw new Problem(`expected a name, found ${renderValue(v)}`);
            const same = a.name.toLowerCase() === v.name.toLowerCase();
            return op === '==' ? same : !same;
        }
        case 'partitions': {
            equalityOnly(op, 'an assignment');
            const items = v.kind === 'list' ? v.items : [v];
            const expected = items.map((i) => {
                if (i.kind !== 'partition') throw new Problem(`expected partitions like orders[4], found ${renderValue(i)}`);
                return `${i.topic}[${i.partition}]`;
            });
            const same = expected.length === a.items.length && [...expected].sort().every((e, k) => e === [...a.items].sort()[k]);
            return op === '==' ? same : !same;
        }
        case 'durations': {
            equalityOnly(op, 'a list of times');
            const items = v.kind === 'list' ? v.items : [v];
            const expected = items.map((i) => scalar(i, true));
            const same = expected.length === a.items.length && expected.every((e, k) => e === Math.round(a.items[k]));
            return op === '==' ? same : !same;
        }
    }
}

export function evaluateExpectation(trace: Trace, spec: ExpectationSpec): ExpectationResult {
    const base = { index: spec.index, line: spec.line, text: spec.text, expected: renderValue(spec.value) };
    try {
        const actual = actualOf(spec, trace);
        return { ...base, actual: render(actual), pass: holds(actual, spec.op, spec.value) };
    } catch (e) {
        if (e instanceof Problem) return { ...base, actual: 'n/a', pass: false, problem: e.message };
        throw e;
    }
}

export function evaluateExpectations(trace: Trace, specs: readonly ExpectationSpec[]): ExpectationResult[] {
    return specs.map((s) => evaluateExpectation(trace, s));
}
