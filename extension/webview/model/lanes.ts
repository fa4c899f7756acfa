/**
 * Trace → lanes: what the timeline draws, as data. A lane is a labelled horizontal band made of
 * tracks (span rows, ticks or a series) stacked at fixed offsets. The renderer knows how to draw a
 * track kind, not what a lane means; adding a kind of information (KIP-848 epochs, reconciliation
 * states, target vs owned) means adding a track builder here, not touching the renderer.
 *
 * Invariant: built once per trace (and density); no field depends on zoom, scroll or theme.
 */
import type { ActivityKind, LagSeries, Trace, TraceEvent, TraceMember } from '../../../language-server/src/simulation/trace.js';
import { targetSpans, type TargetSpan } from './kip848.js';
import { groupTypeTrack, KIP848_GUTTER_LABELS, memberReconciliation, memberTarget } from './kip848-tracks.js';
import { PaintTable, partitionPaint } from './paints.js';
import { packRows, rowsOfSorted, type SpanInput, SpanRow, TickRow, toRow } from './spans.js';

/** What a span or tick refers to: the array of the trace it came from. */
export type RefKind =
    | 'ownership'
    | 'activity'
    | 'condition'
    | 'groupState'
    | 'event'
    | 'scenarioEvent'
    | 'lag'
    | 'memberEpoch'
    | 'memberState'
    /** KIP-848: `TraceModel.targets[ref]`, `consumerProtocol.reconciliations[ref]`, `consumerProtocol.groupTypes[ref]`. */
    | 'target'
    | 'reconciliation'
    | 'groupType';

interface TrackBase {
    readonly id: string;
    readonly height: number;
    readonly refKind: RefKind;
    /** A short name written in the gutter beside the track (KIP-848 lanes, where tracks are many). */
    readonly gutterLabel?: string;
}

export interface SpanTrack extends TrackBase {
    readonly kind: 'spans';
    readonly rows: SpanRow[];
    /** Texts to write inside a span, longest first; the renderer uses the first that fits. */
    readonly labels?: (ref: number) => readonly string[];
    /**
     * Spans whose paint is listed also veil another band of the lane (y offset from the lane's top):
     * a paused member's partitions are drawn dimmed under its pause.
     */
    readonly veil?: { readonly top: number; readonly height: number; readonly paints: ReadonlySet<number> };
    /** Spans whose paint is listed are drawn as diagonal stripes in their colour instead of a fill. */
    readonly hatched?: ReadonlySet<number>;
    /** Spans are outlined in their colour, not filled (hatched ones get both): a plan, not a fact. */
    readonly outlined?: boolean;
}

export interface TickTrack extends TrackBase {
    readonly kind: 'ticks';
    readonly row: TickRow;
    /** Text written right of a tick when there is room before the next one (scenario events). */
    readonly labels?: (ref: number) => string;
}

export interface SeriesTrack extends TrackBase {
    readonly kind: 'series';
    readonly series: LagSeries;
    /** Top of the y scale: the largest value of the whole run, so zooming does not rescale. */
    readonly max: number;
    readonly paint: number;
}

export type Track = SpanTrack | TickTrack | SeriesTrack;

export interface PlacedTrack {
    readonly track: Track;
    /** Offset from the lane's top, CSS pixels. */
    readonly top: number;
}

export type LaneKind = 'timeline' | 'group' | 'events' | 'lag' | 'member';

export interface Lane {
    readonly id: string;
    readonly kind: LaneKind;
    readonly label: string;
    /** Second, dimmer text in the gutter (static id, error). */
    readonly detail?: string;
    readonly height: number;
    readonly tracks: readonly PlacedTrack[];
    /** The member this lane shows. */
    readonly member?: string;
    /** 1-based source line: clicking the label reveals it. */
    readonly line?: number;
}

export type Density = 'normal' | 'compact';

export interface TraceModel {
    readonly trace: Trace;
    readonly paints: PaintTable;
    readonly lanes: readonly Lane[];
    /** KIP-848: each member's target per partition (`refKind` 'target' points here); empty for classic runs. */
    readonly targets: readonly TargetSpan[];
    /** Instants the step keys stop at: scenario events, group state changes, fatal errors. */
    readonly keyMoments: Float64Array;
    /** Every event instant (shift + step). */
    readonly eventMoments: Float64Array;
}

export const ACTIVITY_KINDS: readonly ActivityKind[] = ['processing', 'idle', 'paused-rebalance', 'revoking', 'frozen', 'down', 'stopped', 'failed'];
/** `act:<kind>` without building the string for each of tens of thousands of spans. */
const ACTIVITY_PAINT: Record<string, string> = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, `act:${k}`]));

/** Whether the trace's events are in time order (trace-format.md says so; checked, not assumed). */
const sortedEvents = new WeakMap<Trace, boolean>();
function eventsSorted(trace: Trace): boolean {
    let sorted = sortedEvents.get(trace);
    if (sorted === undefined) {
        sorted = true;
        for (let i = 1; i < trace.events.length && sorted; i++) sorted = trace.events[i - 1].at <= trace.events[i].at;
        sortedEvents.set(trace, sorted);
    }
    return sorted;
}

/** Group states shortened for narrow spans. */
const SHORT_STATE: Record<string, string> = {
    Empty: 'Empty',
    PreparingRebalance: 'Preparing',
    CompletingRebalance: 'Completing',
    Stable: 'Stable',
    Dead: 'Dead',
    Assigning: 'Assigning',
    Reconciling: 'Reconciling'
};

/** Paint of an event: its kind, or `ev:failed-response` for a response carrying an error. */
export function eventPaintKey(e: TraceEvent): string {
    if (e.kind === 'response' && e.error !== undefined && e.error !== 'NONE') return 'ev:failed-response';
    return `ev:${e.kind}`;
}

function sortedUnique(values: number[]): Float64Array {
    const sorted = Float64Array.from(values);
    let inOrder = true;
    for (let i = 1; i < sorted.length && inOrder; i++) inOrder = sorted[i - 1] <= sorted[i];
    if (!inOrder) sorted.sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
    return sorted.slice(0, n);
}

/** Groups the items of `list` by their `member`, keeping indices into `list`. */
function byMember<T extends { readonly member: string }>(list: readonly T[]): Map<string, number[]> {
    const out = new Map<string, number[]>();
    list.forEach((item, i) => {
        let l = out.get(item.member);
        if (!l) out.set(item.member, (l = []));
        l.push(i);
    });
    return out;
}

export interface MemberIndex {
    readonly ownership: Map<string, number[]>;
    readonly targets: Map<string, number[]>;
    readonly reconciliations: Map<string, number[]>;
    readonly activity: Map<string, number[]>;
    readonly conditions: Map<string, number[]>;
    readonly events: Map<string, number[]>;
    readonly epochs: Map<string, number[]>;
    readonly states: Map<string, number[]>;
}

/**
 * One builder per kind of per-member information, in drawing order from the top of the lane.
 * A builder returns null when the trace has nothing of its kind for that member.
 */
export type MemberTrackBuilder = (ctx: {
    trace: Trace;
    paints: PaintTable;
    index: MemberIndex;
    density: Density;
    member: TraceMember;
    eventPaint: Uint16Array;
    targets: readonly TargetSpan[];
}) => Track | null;

const memberEventTicks: MemberTrackBuilder = ({ trace, index, density, member, eventPaint }) => {
    if (density === 'compact') return null;
    const refs = index.events.get(member.name) ?? [];
    const row = eventsSorted(trace) ? TickRow.ofSorted(refs, (r) => trace.events[r].at, (r) => eventPaint[r]) : TickRow.of(refs.map((ref) => ({ at: trace.events[ref].at, paint: eventPaint[ref], ref })));
    return { kind: 'ticks', id: 'events', height: 4, refKind: 'event', row };
};

const memberActivity: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.activity.get(member.name) ?? [];
    const rows = rowsOfSorted(trace.activity, refs, (a) => paints.id(ACTIVITY_PAINT[a.kind] ?? `act:${a.kind}`));
    return { kind: 'spans', id: 'activity', height: density === 'compact' ? 3 : 6, refKind: 'activity', rows };
};

const memberOwnership: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.ownership.get(member.name) ?? [];
    const topicOrder = new Map(trace.topics.map((t, i) => [t.name, i]));
    const spans: SpanInput[] = refs.map((ref) => {
        const o = trace.ownership[ref];
        return { from: o.from, to: o.to, paint: paints.id(partitionPaint(o.topic, o.partition)), ref, order: (topicOrder.get(o.topic) ?? 0) * 1e6 + o.partition };
    });
    const rows = packRows(spans);
    // Enough height for a label per row when a member holds few partitions at once; thinner
    // stripes (down to under a pixel, merged by the renderer) when it holds many.
    const height = density === 'compact' ? 10 : Math.min(48, Math.max(14, rows.length * 12));
    return {
        kind: 'spans',
        id: 'ownership',
        height,
        refKind: 'ownership',
        rows,
        labels: (ref) => {
            const o = trace.ownership[ref];
            return [`${o.topic}-${o.partition}`, `${o.partition}`];
        }
    };
};

const memberConditions: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.conditions.get(member.name) ?? [];
    const spans: SpanInput[] = refs.map((ref) => {
        const c = trace.conditions[ref];
        return { from: c.from, to: c.to, paint: paints.id(`cond:${c.kind}`), ref, order: 0 };
    });
    const rows = packRows(spans);
    return { kind: 'spans', id: 'conditions', height: (density === 'compact' ? 2 : 3) * Math.max(1, rows.length), refKind: 'condition', rows };
};

/** KIP-848: the member's client state (JOINING, RECONCILING, STABLE, …), labelled. */
const memberStates: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.states.get(member.name);
    if (!refs || !trace.consumerProtocol) return null;
    const states = trace.consumerProtocol.memberStates;
    const spans = refs.map((ref) => ({ from: states[ref].from, to: states[ref].to, paint: paints.id(`mstate:${states[ref].state}`), ref, order: 0 }));
    // Compact (large groups): a thin strip without labels, like the other tracks.
    return { kind: 'spans', id: 'member-state', height: density === 'compact' ? 3 : 10, refKind: 'memberState', rows: packRows(spans), labels: (ref) => [states[ref].state, states[ref].state.slice(0, 3)] };
};

/** KIP-848: the member epoch, labelled. */
const memberEpochs: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.epochs.get(member.name);
    if (!refs || !trace.consumerProtocol) return null;
    const epochs = trace.consumerProtocol.memberEpochs;
    const spans = refs.map((ref) => ({ from: epochs[ref].from, to: epochs[ref].to, paint: paints.id(`epoch:${epochs[ref].epoch % 2}`), ref, order: 0 }));
    return { kind: 'spans', id: 'epoch', height: density === 'compact' ? 3 : 10, refKind: 'memberEpoch', rows: packRows(spans), labels: (ref) => [`epoch ${epochs[ref].epoch}`, `${epochs[ref].epoch}`] };
};

/** The per-member tracks, top to bottom. Order here is the order on screen. */
export const MEMBER_TRACKS: readonly MemberTrackBuilder[] = [
    memberEventTicks,
    memberActivity,
    memberOwnership,
    memberTarget,
    memberReconciliation,
    memberStates,
    memberEpochs,
    memberConditions
];

const GAP = 1;
const LANE_PAD = 2;

function memberLane(ctx: Parameters<MemberTrackBuilder>[0], paints: PaintTable): Lane {
    const placed: PlacedTrack[] = [];
    let y = LANE_PAD;
    let ownershipBand: { top: number; height: number } | null = null;
    for (const build of MEMBER_TRACKS) {
        const track = build(ctx);
        if (!track) continue;
        if (track.id === 'ownership') ownershipBand = { top: y, height: track.height };
        placed.push({ track, top: y });
        y += track.height + GAP;
    }
    // The activity track veils the partitions while the member cannot process them.
    const veilPaints = new Set(
        ACTIVITY_KINDS.filter((k) => k !== 'processing' && k !== 'idle').map((k) => paints.id(`act:${k}`))
    );
    let tracks = placed.map((p) =>
        p.track.id === 'activity' && ownershipBand && p.track.kind === 'spans'
            ? { top: p.top, track: { ...p.track, veil: { ...ownershipBand, paints: veilPaints } } }
            : p
    );
    // A KIP-848 member lane stacks five kinds of span: name them in the gutter.
    if (ctx.trace.consumerProtocol && ctx.density === 'normal') tracks = tracks.map((p) => (KIP848_GUTTER_LABELS[p.track.id] ? { top: p.top, track: { ...p.track, gutterLabel: KIP848_GUTTER_LABELS[p.track.id] } } : p));
    const m = ctx.member;
    const error = ctx.trace.summary.errors?.[m.name];
    return {
        id: `member:${m.name}`,
        kind: 'member',
        label: m.name,
        detail: error ? error.error : m.groupInstanceId ? `static ${m.groupInstanceId}` : undefined,
        height: y - GAP + LANE_PAD,
        tracks,
        member: m.name,
        line: m.line
    };
}

function lagLane(trace: Trace, series: LagSeries, paints: PaintTable, density: Density): Lane {
    let max = 0;
    for (const v of series.lagMax) max = Math.max(max, v);
    for (const v of series.lag) max = Math.max(max, v);
    for (const v of series.committedLag) max = Math.max(max, v);
    const height = density === 'compact' ? 32 : 44;
    return {
        id: `lag:${series.topic}`,
        kind: 'lag',
        label: `lag ${series.topic}`,
        detail: `max ${Math.round(trace.summary.maxLag?.[series.topic] ?? max).toLocaleString('en-US')}`,
        height: height + 2 * LANE_PAD,
        tracks: [{ top: LANE_PAD, track: { kind: 'series', id: 'lag', height, refKind: 'lag', series, max, paint: paints.id(`lag:${series.topic}`) } }]
    };
}

/** Whether a topic's lag is worth a lane: subscribed, and something is produced or lagging. */
export function showsLag(trace: Trace, series: LagSeries): boolean {
    const topic = trace.topics.find((t) => t.name === series.topic);
    if (topic && !topic.subscribed) return false;
    const produced = topic ? topic.produce.some((p) => p.perSecond > 0) : true;
    return produced || series.lagMax.some((v) => v > 0) || series.committedLag.some((v) => v > 0);
}

/** Builds the drawing model of a trace. */
export function buildModel(trace: Trace, density: Density = trace.members.length > 40 ? 'compact' : 'normal'): TraceModel {
    const paints = new PaintTable();
    // Stable ids for the fixed vocabulary first, so legends and tests can rely on them.
    for (const k of ACTIVITY_KINDS) paints.id(`act:${k}`);
    const lanes: Lane[] = [];

    const scenarioTicks = TickRow.of(trace.scenarioEvents.map((e, ref) => ({ at: e.at, paint: paints.id('scenario'), ref })));
    lanes.push({
        id: 'timeline',
        kind: 'timeline',
        label: 'timeline',
        height: 34,
        tracks: [{ top: 2, track: { kind: 'ticks', id: 'scenario', height: 30, refKind: 'scenarioEvent', row: scenarioTicks, labels: (ref) => trace.scenarioEvents[ref].text } }]
    });

    const states = trace.groupStates.map((s, ref) => ({ from: s.from, to: s.to, paint: paints.id(`state:${s.state}`), ref, order: 0 }));
    // KIP-848: the group's type (classic / consumer) in a band over its states.
    const groupType = groupTypeTrack(trace, paints);
    const typeBand = groupType ? groupType.height + GAP : 0;
    lanes.push({
        id: 'group',
        kind: 'group',
        label: 'group',
        detail: trace.group,
        height: 22 + typeBand,
        tracks: [
            ...(groupType ? [{ top: 2, track: groupType }] : []),
            {
                top: 2 + typeBand,
                track: {
                    kind: 'spans',
                    id: 'state',
                    height: 18,
                    refKind: 'groupState',
                    rows: states.every((s, i) => i === 0 || s.from >= states[i - 1].to) ? [toRow(states)] : packRows(states),
                    labels: (ref) => {
                        const s = trace.groupStates[ref];
                        const short = SHORT_STATE[s.state] ?? s.state;
                        const assignor = s.protocolName ? ` · ${s.protocolName}` : '';
                        return [`${s.state} · gen ${s.generation}${assignor}`, `${short} · gen ${s.generation}${assignor}`, `${short} g${s.generation}`, `g${s.generation}`];
                    }
                }
            }
        ]
    });

    // One paint id per event, shared by the events lane and the member lanes; looked up per kind,
    // not per event (a big trace has a hundred thousand events and a dozen kinds).
    const eventPaint = new Uint16Array(trace.events.length);
    const kindPaint = new Map<string, number>();
    const groupRefs: number[] = [];
    trace.events.forEach((e, i) => {
        const failed = e.kind === 'response' && e.error !== undefined && e.error !== 'NONE';
        const k = failed ? '!' : e.kind;
        let id = kindPaint.get(k);
        if (id === undefined) kindPaint.set(k, (id = paints.id(eventPaintKey(e))));
        eventPaint[i] = id;
        if (e.kind !== 'scenario') groupRefs.push(i);
    });
    lanes.push({
        id: 'events',
        kind: 'events',
        label: 'events',
        detail: `${trace.events.length.toLocaleString('en-US')}`,
        height: 16,
        tracks: [
            {
                top: 2,
                track: {
                    kind: 'ticks',
                    id: 'events',
                    height: 12,
                    refKind: 'event',
                    row: eventsSorted(trace)
                        ? TickRow.ofSorted(groupRefs, (r) => trace.events[r].at, (r) => eventPaint[r])
                        : TickRow.of(groupRefs.map((ref) => ({ at: trace.events[ref].at, paint: eventPaint[ref], ref })))
                }
            }
        ]
    });

    // A lag lane per topic the group reads; none for a topic nothing is produced to (a flat zero line
    // says nothing and costs a lane).
    for (const series of trace.lag) if (showsLag(trace, series)) lanes.push(lagLane(trace, series, paints, density));

    const memberEvents = new Map<string, number[]>();
    trace.events.forEach((e, i) => {
        if (e.member === undefined || e.kind === 'scenario') return;
        let l = memberEvents.get(e.member);
        if (!l) memberEvents.set(e.member, (l = []));
        l.push(i);
    });
    const targets = targetSpans(trace);
    const index: MemberIndex = {
        ownership: byMember(trace.ownership),
        targets: byMember(targets),
        reconciliations: byMember(trace.consumerProtocol?.reconciliations ?? []),
        activity: byMember(trace.activity),
        conditions: byMember(trace.conditions),
        events: memberEvents,
        epochs: byMember(trace.consumerProtocol?.memberEpochs ?? []),
        states: byMember(trace.consumerProtocol?.memberStates ?? [])
    };

    for (const member of trace.members) lanes.push(memberLane({ trace, paints, index, density, member, eventPaint, targets }, paints));

    const keyMoments = sortedUnique([
        ...trace.scenarioEvents.map((e) => e.at),
        ...trace.groupStates.map((s) => s.from),
        ...trace.events.filter((e) => e.kind === 'error').map((e) => e.at)
    ]);
    const eventTimes = new Array<number>(trace.events.length);
    for (let i = 0; i < trace.events.length; i++) eventTimes[i] = trace.events[i].at;
    const eventMoments = sortedUnique(eventTimes);
    return { trace, paints, lanes, targets, keyMoments, eventMoments };
}
