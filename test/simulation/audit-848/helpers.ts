/**
 * The audit's harness: a `.rebal` text goes through the language (parse, link, validate, build the
 * SimulationInput) and the engine, as `rebal simulate` does; the readers below pull plain numbers
 * out of the trace. Java's HashMap order is recomputed here from String.hashCode, independently of
 * the engine's own java-hash module, so that an order-dependent expectation is derived, not copied.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import type { Document, Scenario } from '../../../language-server/src/language/generated/ast.js';
import { buildSimulationInput } from '../../../language-server/src/language/model-builder.js';
import { createRebalServices } from '../../../language-server/src/language/rebal-module.js';
import { simulate } from '../../../language-server/src/simulation/index.js';
import type { SimulationResult, Trace } from '../../../language-server/src/simulation/trace.js';

export const S = 1000;

export interface Checked {
    /** Diagnostic codes with their severity, e.g. `error consumer-group-bounds`. */
    readonly diagnostics: string[];
    readonly document: Document;
    readonly services: ReturnType<typeof createRebalServices>;
}

export async function check(text: string): Promise<Checked> {
    const services = createRebalServices(EmptyFileSystem);
    const document = (await parseHelper<Document>(services.Rebal)(text, { validation: true })).parseResult.value;
    const diags = document.$document?.diagnostics ?? [];
    const severity = ['', 'error', 'warning', 'info', 'hint'];
    return { diagnostics: diags.map((d) => `${severity[d.severity ?? 1]} ${String(d.code ?? d.data?.code ?? '?')}`), document, services };
}

/** Simulate one scenario of a `.rebal` text (the first one unless named). */
export async function sim(text: string, scenario?: string): Promise<SimulationResult> {
    const { document, services } = await check(text);
    const scenarios = document.elements.filter((e): e is Scenario => e.$type === 'Scenario');
    const chosen = scenario === undefined ? scenarios[0] : scenarios.find((s) => s.name === scenario);
    if (!chosen) throw new Error(`no scenario ${scenario ?? ''}`);
    const input = buildSimulationInput(chosen, services.shared.workspace.LangiumDocuments);
    if (!input) throw new Error('the scenario does not resolve to a simulation input');
    return simulate(input);
}

// ---- Java's HashMap order (independent re-derivation) -----------------------------------------

export function javaStringHashCode(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return h;
}

/**
 * Iteration order of a `new HashMap<String, …>()` (16 buckets; valid up to 12 keys, before the
 * first resize) filled in the given order: buckets ascending by `(h ^ h >>> 16) & 15`, each
 * bucket in insertion order.
 */
export function hashMapOrder(keys: readonly string[]): string[] {
    if (keys.length > 12) throw new Error('hashMapOrder models a 16-bucket table only');
    const bucket = (k: string) => {
        const h = javaStringHashCode(k);
        return (h ^ (h >>> 16)) & 15;
    };
    return keys
        .map((k, i) => ({ k, i, b: bucket(k) }))
        .sort((a, b) => a.b - b.b || a.i - b.i)
        .map((x) => x.k);
}

/**
 * Iteration order of Kafka's `TimelineHashMap` (server-common BaseHashTable /
 * SnapshottableHashTable.CurrentIterator), which holds a consumer group's members, after the
 * given puts (`+id`) and removes (`-id`) from an empty map (expected size 0 → 2 slots): the table
 * doubles when `(size + 1) · 0.75 > slots` before a put of a new key, never shrinks; the slot is
 * the top log2(slots) bits of `hashCode · -7046029254386353131` (64-bit, the int sign-extended);
 * a slot keeps its keys in arrival order, a rehash re-inserts slot by slot; the iterator walks
 * the slots in order and each slot's keys from last to first.
 */
export function timelineOrder(ops: readonly string[]): string[] {
    const K = -7046029254386353131n;
    const MASK = (1n << 64n) - 1n;
    const slotOf = (key: string, n: number) => Number(((BigInt(javaStringHashCode(key)) * K) & MASK) >> BigInt(65 - (32 - Math.clz32(n))));
    let table: string[][] = [[], []];
    let size = 0;
    for (const op of ops) {
        const key = op.slice(1);
        const present = table.some((s) => s.includes(key));
        if (op[0] === '-') {
            if (present) {
                const s = table[slotOf(key, table.length)];
                s.splice(s.indexOf(key), 1);
                size--;
            }
            continue;
        }
        if (present) continue;
        if ((size + 1) * 0.75 > table.length) {
            const next: string[][] = Array.from({ length: table.length * 2 }, () => []);
            for (const s of table) for (const k of s) next[slotOf(k, next.length)].push(k);
            table = next;
        }
        table[slotOf(key, table.length)].push(key);
        size++;
    }
    return table.flatMap((s) => [...s].reverse());
}

/**
 * `groupSpec.memberIds()` order: TargetAssignmentBuilder fills a `new HashMap<>()` with the
 * group's members (TimelineHashMap order), then puts the updated member (a newcomer goes last).
 */
export function memberSpecOrder(groupOps: readonly string[], updated?: string): string[] {
    const keys = timelineOrder(groupOps);
    if (updated !== undefined && !keys.includes(updated)) keys.push(updated);
    return hashMapOrder(keys);
}

// ---- trace readers --------------------------------------------------------------------------

/** [epoch or generation, instant] of every rebalance (simulation-conventions §9). */
export function bumps(t: Trace): [number, number][] {
    return t.rebalances.map((r) => [r.generation, r.bumpedAt]);
}

/** The Kafka member id a member had at an instant. */
export function memberIdAt(t: Trace, member: string, at: number): string {
    const spans = t.memberIds.filter((m) => m.member === member && m.from <= at);
    const last = spans.at(-1);
    if (!last) throw new Error(`${member} has no member id at ${at}`);
    return last.memberId;
}

/**
 * memberSpecOrder over member names: `ops` are [`+` or `-`, name, an instant at which the name
 * had the member id meant]; returns names in `groupSpec.memberIds()` order.
 */
export function specOrderByName(t: Trace, ops: readonly [string, string, number][], updated?: [string, number]): string[] {
    const names = new Map<string, string>();
    const idOf = (name: string, at: number) => {
        const id = memberIdAt(t, name, at);
        names.set(id, name);
        return id;
    };
    const groupOps = ops.map(([sign, name, at]) => sign + idOf(name, at));
    const order = memberSpecOrder(groupOps, updated ? idOf(updated[0], updated[1]) : undefined);
    return order.map((id) => names.get(id)!);
}

/** The target assignment of an epoch: member → sorted partition numbers of `topic`. */
export function target(t: Trace, epoch: number, topic = 'orders'): Record<string, number[]> {
    const a = t.consumerProtocol?.targetAssignments.find((x) => x.epoch === epoch);
    if (!a) throw new Error(`no target assignment for epoch ${epoch}`);
    const out: Record<string, number[]> = {};
    for (const [m, set] of Object.entries(a.assignment)) out[m] = [...(set[topic] ?? [])].sort((x, y) => x - y);
    return out;
}

export function targetComputedAt(t: Trace, epoch: number): number | undefined {
    return t.consumerProtocol?.targetAssignments.find((x) => x.epoch === epoch)?.at;
}

/** A member's holding spans of `topic`: [partition, from, to, end]. */
export function spans(t: Trace, member: string, topic = 'orders'): [number, number, number, string][] {
    return t.ownership
        .filter((o) => o.member === member && o.topic === topic)
        .map((o): [number, number, number, string] => [o.partition, o.from, o.to, o.end])
        .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** Partitions of `topic` a member holds at an instant (its own view), sorted. */
export function heldAt(t: Trace, member: string, at: number, topic = 'orders'): number[] {
    return t.ownership
        .filter((o) => o.member === member && o.topic === topic && o.from <= at && at < o.to)
        .map((o) => o.partition)
        .sort((a, b) => a - b);
}

/** When a member started holding a partition, the first time at or after `after`. */
export function acquiredAt(t: Trace, member: string, partition: number, after = 0, topic = 'orders'): number | undefined {
    return spans(t, member, topic).find(([p, from]) => p === partition && from >= after)?.[1];
}

/** Paused spans of a member, [from, to, kind], consecutive spans of one kind merged. */
export function pauses(t: Trace, member: string): [number, number, string][] {
    const out: [number, number, string][] = [];
    for (const a of t.activity.filter((x) => x.member === member && x.paused).sort((x, y) => x.from - y.from)) {
        const last = out.at(-1);
        if (last && last[1] === a.from && last[2] === a.kind) last[1] = a.to;
        else out.push([a.from, a.to, a.kind]);
    }
    return out;
}

/** The coordinator's group state and epoch at an instant. */
export function groupStateAt(t: Trace, at: number): [string, number] {
    const s = t.groupStates.find((g) => g.from <= at && at < g.to);
    return s ? [s.state, s.generation] : ['none', -1];
}

/** The group's protocol type at an instant. */
export function groupTypeAt(t: Trace, at: number): string {
    return t.consumerProtocol?.groupTypes?.find((g) => g.from <= at && at < g.to)?.type ?? 'classic';
}

/** The coordinator's record of a member at an instant: [epoch, state]. */
export function serverMember(t: Trace, member: string, at: number): [number, string] | null {
    const r = t.consumerProtocol?.reconciliations?.find((x) => x.member === member && x.from <= at && at < x.to);
    return r ? [r.epoch, r.state] : null;
}

/** Instants of every ConsumerGroupHeartbeat a member sent in [from, to): routine runs and traced requests. */
export function heartbeatTimes(t: Trace, member: string, from: number, to: number): number[] {
    const times: number[] = [];
    for (const run of t.heartbeats.filter((h) => h.member === member)) {
        for (let k = 0; k < run.count; k++) times.push(run.from + k * run.intervalMs);
    }
    for (const e of t.events) if (e.member === member && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat') times.push(e.at);
    return times.filter((x) => x >= from && x < to).sort((a, b) => a - b);
}

/** Traced ConsumerGroupHeartbeat requests of a member: [instant, member epoch sent]. */
export function cgRequests(t: Trace, member: string): [number, number][] {
    return t.events.filter((e) => e.member === member && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat').map((e) => [e.at, e.generation ?? NaN]);
}

export function eventAt(t: Trace, name: string, member?: string): number | undefined {
    return t.events.find((e) => e.name === name && (member === undefined || e.member === member))?.at;
}

export function unowned(t: Trace, partition: number, topic = 'orders'): number {
    return t.summary.unownedMs[topic]?.[partition] ?? NaN;
}

/** Each expectation line's verdict, `text → pass`. */
export function verdicts(r: SimulationResult): Record<string, boolean> {
    return Object.fromEntries(r.expectations.map((e) => [e.text, e.pass]));
}
