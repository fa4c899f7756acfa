/**
 * What is under the pointer: a pixel position → the lane, the track and the span, tick or lag
 * sample there. Uses the same layout and rows as the renderer, so what you hover is what is drawn.
 */
import { type LaneBox, type Layout, laneAt, RULER_HEIGHT } from './layout.js';
import type { RefKind, TraceModel } from './model/lanes.js';
import type { Viewport } from './viewport.js';

export interface HitItem {
    readonly view: number;
    readonly refKind: RefKind;
    readonly ref: number;
    /** For lag samples: the topic. */
    readonly topic?: string;
    /** For ticks: every ref within reach of the pointer, nearest first (the card lists them all). */
    readonly near?: readonly number[];
    /** Canvas rectangle of the item (for the highlight). */
    readonly x0: number;
    readonly x1: number;
    readonly y0: number;
    readonly y1: number;
}

export type Hit =
    | { readonly area: 'ruler'; readonly t: number }
    | { readonly area: 'gutter'; readonly box: LaneBox }
    | { readonly area: 'lane'; readonly box: LaneBox; readonly t: number; readonly item: HitItem | null }
    | { readonly area: 'none' };

/** How far (px) the pointer may be from a thin tick or span and still hit it. */
const SLOP = 4;

export function hitTest(x: number, y: number, layout: Layout, viewport: Viewport, models: readonly TraceModel[], scrollTop: number): Hit {
    const t = viewport.t(x - layout.contentLeft);
    if (y < RULER_HEIGHT) return x >= layout.contentLeft ? { area: 'ruler', t } : { area: 'none' };
    const contentY = y - RULER_HEIGHT + scrollTop;
    const box = laneAt(layout, contentY);
    if (!box) return { area: 'none' };
    if (x < layout.contentLeft) return { area: 'gutter', box };
    const laneTop = y - (contentY - box.top);
    const X = (time: number) => layout.contentLeft + viewport.x(time);
    const tolerance = SLOP / viewport.scale;
    for (const placed of box.lane.tracks) {
        const track = placed.track;
        const top = laneTop + placed.top;
        // Thin tracks get a little vertical slop too, so a 4-pixel tick row can be hovered.
        const vSlop = track.height < 8 ? 2 : 0;
        if (y < top - vSlop || y >= top + track.height + vSlop) continue;
        if (track.kind === 'spans') {
            if (track.rows.length === 0) continue;
            const rowH = track.height / track.rows.length;
            const r = Math.min(track.rows.length - 1, Math.max(0, Math.floor((y - top) / rowH)));
            const row = track.rows[r];
            let i = row.at(t);
            if (i < 0) {
                // Nearest span within the slop (sub-pixel spans are drawn at least a pixel wide).
                const j = row.firstEndingAfter(t);
                const candidates = [j - 1, j].filter((k) => k >= 0 && k < row.length);
                let bestD = tolerance;
                for (const k of candidates) {
                    const d = t < row.from[k] ? row.from[k] - t : t - row.to[k];
                    if (d <= bestD) {
                        bestD = d;
                        i = k;
                    }
                }
            }
            if (i < 0) continue;
            return {
                area: 'lane',
                box,
                t,
                item: { view: box.view, refKind: track.refKind, ref: row.ref[i], x0: X(row.from[i]), x1: X(row.to[i]), y0: top + r * rowH, y1: top + (r + 1) * rowH }
            };
        }
        if (track.kind === 'ticks') {
            const row = track.row;
            const j = row.firstAtOrAfter(t);
            let best = -1;
            let bestD = tolerance;
            // Among ticks at the same distance prefer the later index: stable and deterministic.
            for (const k of [j - 1, j, j + 1]) {
                if (k < 0 || k >= row.length) continue;
                const d = Math.abs(row.at[k] - t);
                if (d <= bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (best < 0) continue;
            // Everything else within reach: events that share a pixel are shown together.
            const near: number[] = [];
            for (let k = row.firstAtOrAfter(t - tolerance); k < row.length && row.at[k] <= t + tolerance && near.length < 50; k++) near.push(k);
            near.sort((a, b) => Math.abs(row.at[a] - t) - Math.abs(row.at[b] - t) || a - b);
            const x = X(row.at[best]);
            return {
                area: 'lane',
                box,
                t,
                item: { view: box.view, refKind: track.refKind, ref: row.ref[best], near: near.map((k) => row.ref[k]), x0: x - 1, x1: x + 1, y0: top, y1: top + track.height }
            };
        }
        const s = track.series;
        const i = Math.min(s.lag.length - 1, Math.max(0, Math.round(t / s.stepMs)));
        const x = X(i * s.stepMs);
        return { area: 'lane', box, t, item: { view: box.view, refKind: 'lag', ref: i, topic: s.topic, x0: x - 1, x1: x + 1, y0: top, y1: top + track.height } };
    }
    return { area: 'lane', box, t, item: null };
}

/** The trace object a hit item refers to (for tooltips, selection and tests). */
export function itemObject(models: readonly TraceModel[], item: HitItem): unknown {
    const trace = models[item.view].trace;
    switch (item.refKind) {
        case 'ownership':
            return trace.ownership[item.ref];
        case 'activity':
            return trace.activity[item.ref];
        case 'condition':
            return trace.conditions[item.ref];
        case 'groupState':
            return trace.groupStates[item.ref];
        case 'event':
            return trace.events[item.ref];
        case 'scenarioEvent':
            return trace.scenarioEvents[item.ref];
        case 'memberEpoch':
            return trace.consumerProtocol?.memberEpochs[item.ref];
        case 'memberState':
            return trace.consumerProtocol?.memberStates[item.ref];
        case 'target':
            return models[item.view].targets[item.ref];
        case 'reconciliation':
            return trace.consumerProtocol?.reconciliations?.[item.ref];
        case 'groupType':
            return trace.consumerProtocol?.groupTypes?.[item.ref];
        case 'lag': {
            const s = trace.lag.find((l) => l.topic === item.topic);
            return s ? { topic: s.topic, at: item.ref * s.stepMs, lag: s.lag[item.ref], lagMax: s.lagMax[item.ref], committedLag: s.committedLag[item.ref] } : undefined;
        }
    }
}
