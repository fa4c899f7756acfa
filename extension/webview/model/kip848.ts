/**
 * KIP-848 reading aids: the server's target assignment as spans per member and partition, and
 * what a member's record says at one instant (target, owned set, epochs, reconciliation).
 *
 * Invariant: only reads the trace's `consumerProtocol`, `ownership` and `groupStates`; it never
 * decides anything Kafka decides. A target assignment holds from the instant the coordinator
 * computed it (`targetAssignments[].at`) until the next one, while the group is a consumer group
 * (`groupTypes`) and, for one member, while it is a member (`memberEpochs`: the coordinator drops
 * a leaving member's target with the member). Several targets computed at one instant: the last.
 */
import type { PartitionSet, ReconciliationSpan, Trace } from '../../../language-server/src/simulation/trace.js';

/** A stretch of time during which a member's target holds a partition. */
export interface TargetSpan {
    readonly member: string;
    readonly topic: string;
    readonly partition: number;
    readonly from: number;
    readonly to: number;
    /** Epoch of the target that gave it (the first, when several in a row kept it). */
    readonly epoch: number;
    /** Whether the member held it meanwhile (its `ownership`); false: the target waits for it. */
    readonly owned: boolean;
}

type Interval = readonly [number, number];

/** Sorted, disjoint, non-empty intervals from any list (touching ones merged). */
function normalize(list: readonly Interval[]): Interval[] {
    const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
    const out: [number, number][] = [];
    for (const [a, b] of sorted) {
        const last = out[out.length - 1];
        if (last && a <= last[1]) last[1] = Math.max(last[1], b);
        else out.push([a, b]);
    }
    return out;
}

/** Intersection of two normalized lists. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        const from = Math.max(a[i][0], b[j][0]);
        const to = Math.min(a[i][1], b[j][1]);
        if (to > from) out.push([from, to]);
        if (a[i][1] < b[j][1]) i++;
        else j++;
    }
    return out;
}

/** `a` minus `b`, both normalized. */
function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const out: Interval[] = [];
    let j = 0;
    for (const [from, to] of a) {
        let start = from;
        while (j < b.length && b[j][1] <= start) j++;
        for (let k = j; k < b.length && b[k][0] < to; k++) {
            if (b[k][0] > start) out.push([start, b[k][0]]);
            start = Math.max(start, b[k][1]);
        }
        if (start < to) out.push([start, to]);
    }
    return out;
}

/** Each target with the time it holds: `[at, next target's at)`, the last until the run ends. */
export function targetWindows(trace: Trace): { readonly index: number; readonly from: number; readonly to: number }[] {
    const targets = trace.consumerProtocol?.targetAssignments ?? [];
    const order = targets.map((_, i) => i).sort((x, y) => targets[x].at - targets[y].at || x - y);
    const out: { index: number; from: number; to: number }[] = [];
    order.forEach((index, k) => {
        const from = targets[index].at;
        const to = k + 1 < order.length ? targets[order[k + 1]].at : trace.durationMs;
        if (to > from) out.push({ index, from, to });
    });
    return out;
}

/** When the group was a consumer group (the whole run when the trace does not say). */
function consumerTimes(trace: Trace): Interval[] {
    const types = trace.consumerProtocol?.groupTypes;
    if (!types) return [[0, trace.durationMs]];
    return normalize(types.filter((g) => g.type === 'consumer').map((g) => [g.from, g.to] as const));
}

const key = (member: string, topic: string, partition: number) => `${member}\u0000${topic}\u0000${partition}`;

/**
 * Every member's target, per partition, split where the member's ownership of it starts or ends.
 * One pass over the targets in time order: a partition's run with one member goes on while each
 * next target gives it to the same member without a gap (a big trace has a hundred targets of
 * thousands of partitions, so no per-window objects).
 */
export function targetSpans(trace: Trace): TargetSpan[] {
    const cp = trace.consumerProtocol;
    if (!cp || cp.targetAssignments.length === 0) return [];
    const consumer = consumerTimes(trace);
    const membership = new Map<string, Interval[]>();
    for (const e of cp.memberEpochs) {
        let l = membership.get(e.member);
        if (!l) membership.set(e.member, (l = []));
        l.push([e.from, e.to]);
    }
    const valid = new Map<string, Interval[]>();
    for (const [member, list] of membership) valid.set(member, intersect(normalize(list), consumer));

    interface Run {
        member: string;
        topic: string;
        partition: number;
        from: number;
        to: number;
        epoch: number;
    }
    const runs: Run[] = [];
    // The open run of each partition (index into `runs`, plus one), by a dense index (the topic's
    // place in `trace.topics` · 2^16 + partition), so the inner loop reads a typed array instead
    // of a map per partition per target; a topic or partition outside that range uses a map.
    const SLOT = 1 << 16;
    const slotOf = new Map(trace.topics.map((t, i) => [t.name, i]));
    const openRun = new Int32Array(trace.topics.length * SLOT);
    const openElsewhere = new Map<string, number>();
    for (const w of targetWindows(trace)) {
        const target = cp.targetAssignments[w.index];
        for (const member in target.assignment) {
            const set = target.assignment[member];
            for (const topic in set) {
                const slot = slotOf.get(topic);
                const partitions = set[topic];
                for (let i = 0; i < partitions.length; i++) {
                    const partition = partitions[i];
                    const dense = slot !== undefined && partition < SLOT ? slot * SLOT + partition : -1;
                    const open = dense >= 0 ? openRun[dense] - 1 : (openElsewhere.get(`${topic}\u0000${partition}`) ?? -1);
                    const run = open >= 0 ? runs[open] : undefined;
                    if (run && run.member === member && run.to === w.from) run.to = w.to;
                    else {
                        runs.push({ member, topic, partition, from: w.from, to: w.to, epoch: target.epoch });
                        if (dense >= 0) openRun[dense] = runs.length;
                        else openElsewhere.set(`${topic}\u0000${partition}`, runs.length - 1);
                    }
                }
            }
        }
    }
    const owned = new Map<string, Interval[]>();
    for (const o of trace.ownership) {
        const k = key(o.member, o.topic, o.partition);
        let l = owned.get(k);
        if (!l) owned.set(k, (l = []));
        l.push([o.from, o.to]);
    }
    for (const [k, l] of owned) owned.set(k, normalize(l));

    const out: TargetSpan[] = [];
    for (const run of runs) {
        const times = intersect([[run.from, run.to]], valid.get(run.member) ?? []);
        if (times.length === 0) continue;
        const mine = owned.get(key(run.member, run.topic, run.partition)) ?? [];
        const piece = (p: Interval, isOwned: boolean): TargetSpan => ({ member: run.member, topic: run.topic, partition: run.partition, from: p[0], to: p[1], epoch: run.epoch, owned: isOwned });
        for (const p of intersect(times, mine)) out.push(piece(p, true));
        for (const p of subtract(times, mine)) out.push(piece(p, false));
    }
    out.sort((a, b) => a.from - b.from || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0) || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) || a.partition - b.partition);
    return out;
}

/** Whether a span `[from, to)` covers t; the run's last instant counts as inside the last span. */
const covers = (s: { from: number; to: number }, t: number, end: number) => (s.from <= t && t < s.to) || (t === end && s.to === end && s.from < end);

/** What the coordinator's record and the member's own view say at instant t. */
export interface MemberInstant {
    readonly member: string;
    readonly at: number;
    readonly groupType: 'classic' | 'consumer' | null;
    /** The group epoch (consumer group) at t. */
    readonly groupEpoch: number | null;
    /** The target that holds at t for this member (null: none, e.g. not a member or a classic group). */
    readonly target: { readonly epoch: number; readonly assignor: string; readonly partitions: PartitionSet } | null;
    /** What the member holds at t, its own view. */
    readonly owned: PartitionSet;
    readonly memberEpoch: number | null;
    readonly reconciliation: ReconciliationSpan | null;
    /** Partitions of its target that another member still holds at t, and until when. */
    readonly heldByOthers: readonly { readonly topic: string; readonly partition: number; readonly holder: string; readonly until: number }[];
}

function addTo(set: PartitionSet, topic: string, partition: number): void {
    const l = (set[topic] ??= []);
    if (!l.includes(partition)) {
        l.push(partition);
        l.sort((a, b) => a - b);
    }
}

/** The member's KIP-848 picture at t; null for a trace without `consumerProtocol`. */
export function memberAt(trace: Trace, member: string, t: number): MemberInstant | null {
    return membersAt(trace, t, member)?.[0] ?? null;
}

/**
 * Every member's KIP-848 picture at t (or only `only`'s), in `trace.members` order, from one pass
 * over the trace's spans; null for a trace without `consumerProtocol`.
 */
export function membersAt(trace: Trace, t: number, only?: string): MemberInstant[] | null {
    const cp = trace.consumerProtocol;
    if (!cp) return null;
    const end = trace.durationMs;
    const names = only !== undefined ? [only] : trace.members.map((m) => m.name);
    const wanted = new Set(names);
    const type = cp.groupTypes?.find((g) => covers(g, t, end))?.type ?? null;
    const inConsumerGroup = cp.groupTypes ? type === 'consumer' : true;
    const groupEpoch = inConsumerGroup ? (trace.groupStates.find((s) => covers(s, t, end))?.generation ?? null) : null;
    const window = targetWindows(trace).find((w) => covers(w, t, end));
    const assignment = window && inConsumerGroup ? cp.targetAssignments[window.index] : undefined;

    const epochs = new Map<string, number>();
    for (const e of cp.memberEpochs) if (wanted.has(e.member) && covers(e, t, end)) epochs.set(e.member, e.epoch);
    const records = new Map<string, ReconciliationSpan>();
    for (const r of cp.reconciliations ?? []) if (wanted.has(r.member) && covers(r, t, end)) records.set(r.member, r);
    // A member's target exists while it is a member (see the invariant above).
    const targetOf = (m: string) => (assignment && epochs.has(m) ? { epoch: assignment.epoch, assignor: assignment.assignor, partitions: assignment.assignment[m] ?? {} } : null);
    const targets = new Map(names.map((m) => [m, targetOf(m)]));
    // Who targets each partition at t, to name the members a holder keeps waiting.
    const targetedBy = new Map<string, string>();
    for (const [m, target] of targets) for (const [topic, ps] of Object.entries(target?.partitions ?? {})) for (const p of ps) targetedBy.set(`${topic}\u0000${p}`, m);

    const owned = new Map<string, PartitionSet>(names.map((m) => [m, {}]));
    const heldByOthers = new Map<string, { topic: string; partition: number; holder: string; until: number }[]>(names.map((m) => [m, []]));
    for (const o of trace.ownership) {
        if (!covers(o, t, end)) continue;
        if (wanted.has(o.member)) addTo(owned.get(o.member)!, o.topic, o.partition);
        const waiting = targetedBy.get(`${o.topic}\u0000${o.partition}`);
        if (waiting !== undefined && waiting !== o.member) heldByOthers.get(waiting)!.push({ topic: o.topic, partition: o.partition, holder: o.member, until: o.to });
    }
    return names.map((member) => ({
        member,
        at: t,
        groupType: type,
        groupEpoch,
        target: targets.get(member) ?? null,
        owned: owned.get(member)!,
        memberEpoch: epochs.get(member) ?? null,
        reconciliation: records.get(member) ?? null,
        heldByOthers: heldByOthers.get(member)!.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) || a.partition - b.partition)
    }));
}

/** Whether the member holds exactly its target at that instant (nothing to give up or to get). */
export function converged(m: MemberInstant): boolean {
    if (!m.target) return true;
    const a = m.target.partitions;
    const b = m.owned;
    const topics = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const topic of topics) {
        const x = a[topic] ?? [];
        const y = b[topic] ?? [];
        if (x.length !== y.length || x.some((p, i) => p !== y[i])) return false;
    }
    return true;
}
