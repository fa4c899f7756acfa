/**
 * Vertical layout: the ruler on top (fixed), then one block per view (a header and its lanes),
 * stacked; compare mode has two blocks on the same time axis. Positions are CSS pixels in
 * content coordinates (0 = just under the ruler, before scrolling). Pure.
 */
import type { Lane, TraceModel } from './model/lanes.js';

export const RULER_HEIGHT = 26;
export const GUTTER_WIDTH = 150;
export const HEADER_HEIGHT = 24;
/** Room right of the content so the last label and the end of the run are not clipped. */
export const RIGHT_PAD = 12;

export interface LaneBox {
    readonly view: number;
    readonly lane: Lane;
    readonly top: number;
    readonly height: number;
    /** Every other member lane gets a faint background, to follow a lane across the width. */
    readonly alt: boolean;
}

export interface HeaderBox {
    readonly view: number;
    readonly top: number;
    readonly height: number;
}

export interface Layout {
    readonly width: number;
    readonly contentLeft: number;
    readonly contentWidth: number;
    readonly headers: readonly HeaderBox[];
    readonly lanes: readonly LaneBox[];
    /** Height of everything below the ruler. */
    readonly totalHeight: number;
}

export function computeLayout(models: readonly TraceModel[], width: number): Layout {
    const headers: HeaderBox[] = [];
    const lanes: LaneBox[] = [];
    let y = 0;
    models.forEach((model, view) => {
        headers.push({ view, top: y, height: HEADER_HEIGHT });
        y += HEADER_HEIGHT;
        let memberIndex = 0;
        for (const lane of model.lanes) {
            lanes.push({ view, lane, top: y, height: lane.height, alt: lane.kind === 'member' && memberIndex++ % 2 === 1 });
            y += lane.height;
        }
        y += 6;
    });
    return { width, contentLeft: GUTTER_WIDTH, contentWidth: Math.max(50, width - GUTTER_WIDTH - RIGHT_PAD), headers, lanes, totalHeight: y };
}

/** Index of the first lane whose bottom is below `y` (binary search: lanes are sorted by top). */
export function firstLaneBelow(layout: Layout, y: number): number {
    let lo = 0;
    let hi = layout.lanes.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const l = layout.lanes[mid];
        if (l.top + l.height <= y) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/** Lanes intersecting [top, bottom). */
export function visibleLanes(layout: Layout, top: number, bottom: number): LaneBox[] {
    const out: LaneBox[] = [];
    for (let i = firstLaneBelow(layout, top); i < layout.lanes.length && layout.lanes[i].top < bottom; i++) out.push(layout.lanes[i]);
    return out;
}

/** The lane under content y, if any. */
export function laneAt(layout: Layout, y: number): LaneBox | undefined {
    const l = layout.lanes[firstLaneBelow(layout, y)];
    return l && l.top <= y ? l : undefined;
}
