/**
 * The static layer: ruler, block headers, lane labels and every track, for the visible time range
 * and the visible lanes only. Redrawn when data, zoom, pan, scroll, size or theme change — never
 * on pointer moves or while the playhead moves inside the view (that is the overlay's job).
 *
 * Drawing what is visible: lanes come from a binary search on the layout, spans from a binary
 * search on each row; spans narrower than a pixel that touch are merged into one rectangle with
 * the paint of the longest of them, ticks are merged per pixel column keeping the most important.
 */
import { formatInstant } from '../format.js';
import { GUTTER_WIDTH, HEADER_HEIGHT, type LaneBox, type Layout, RULER_HEIGHT, visibleLanes } from '../layout.js';
import type { PlacedTrack, SeriesTrack, SpanTrack, TickTrack, TraceModel } from '../model/lanes.js';
import type { Palette } from '../theme.js';
import { tickStep, ticks, type Viewport } from '../viewport.js';
import type { Painter } from './painter.js';

export interface ViewHeader {
    readonly title: string;
    readonly detail: string;
    readonly problem?: string;
}

export interface TimelineScene {
    readonly layout: Layout;
    readonly viewport: Viewport;
    readonly models: readonly TraceModel[];
    /** Per model: colour of each paint id (theme.resolvePaints). */
    readonly colors: readonly (readonly string[])[];
    readonly headers: readonly ViewHeader[];
    readonly palette: Palette;
    readonly scrollTop: number;
    /** Height of the drawing surface (ruler included), CSS pixels. */
    readonly height: number;
}

export interface DrawnLabel {
    readonly text: string;
    readonly x: number;
    readonly y: number;
    readonly width: number;
}

export interface DrawnLane {
    readonly id: string;
    readonly view: number;
    readonly kind: string;
    /** Canvas y of the lane's top (ruler included, scroll applied). */
    readonly top: number;
    readonly height: number;
    /** Spans or ticks drawn as their own rectangle. */
    spans: number;
    /** Rectangles that stand for several sub-pixel spans or ticks. */
    merged: number;
    /** Spans or ticks those merged rectangles stand for. */
    mergedItems: number;
    labels: DrawnLabel[];
}

export interface DrawLog {
    readonly from: number;
    readonly to: number;
    readonly scrollTop: number;
    readonly lanes: DrawnLane[];
    readonly rulerLabels: DrawnLabel[];
}

const TICK_PRIORITY: Record<string, number> = {
    'ev:error': 7,
    'ev:failed-response': 6,
    'ev:callback': 5,
    'ev:state': 4,
    'ev:timer': 3,
    'ev:request': 2,
    'ev:response': 2,
    'ev:log': 1
};

export function drawTimeline(p: Painter, scene: TimelineScene): DrawLog {
    const { layout, viewport, palette } = scene;
    const font = `${Math.round(palette.fontSize * 0.85)}px ${palette.font}`;
    const smallFont = `${Math.round(palette.fontSize * 0.75)}px ${palette.font}`;
    const boldFont = `600 ${Math.round(palette.fontSize * 0.9)}px ${palette.font}`;
    const log: DrawLog = { from: viewport.from, to: viewport.to, scrollTop: scene.scrollTop, lanes: [], rulerLabels: [] };
    const left = layout.contentLeft;
    const right = left + layout.contentWidth;
    const X = (t: number) => left + viewport.x(t);
    const toCanvasY = (y: number) => RULER_HEIGHT + y - scene.scrollTop;

    p.rect(0, 0, layout.width, scene.height, palette.bg);

    const step = tickStep(viewport.scale, 90);
    const tickTimes = ticks(viewport.from, viewport.to, step);

    p.clip(0, RULER_HEIGHT, layout.width, scene.height - RULER_HEIGHT);
    const visibleTop = scene.scrollTop;
    const visibleBottom = scene.scrollTop + scene.height - RULER_HEIGHT;

    for (const box of visibleLanes(layout, visibleTop, visibleBottom)) {
        const y = toCanvasY(box.top);
        if (box.alt) p.rect(0, y, layout.width, box.height, palette.laneAltBg);
    }
    // Grid under everything, and the scenario's instants across the whole block.
    for (const t of tickTimes) p.line(X(t) + 0.5, RULER_HEIGHT, X(t) + 0.5, scene.height, palette.grid);
    for (const h of layout.headers) {
        const model = scene.models[h.view];
        const blockTop = toCanvasY(h.top + h.height);
        const last = layout.lanes.filter((l) => l.view === h.view).at(-1);
        const blockBottom = last ? toCanvasY(last.top + last.height) : blockTop;
        if (blockBottom < RULER_HEIGHT || blockTop > scene.height) continue;
        p.clip(left, Math.max(RULER_HEIGHT, blockTop), layout.contentWidth, blockBottom - blockTop);
        for (const e of model.trace.scenarioEvents) {
            if (e.at < viewport.from || e.at > viewport.to) continue;
            p.line(Math.round(X(e.at)) + 0.5, blockTop, Math.round(X(e.at)) + 0.5, blockBottom, palette.border, 1, [2, 3]);
        }
        p.unclip();
    }

    for (const h of layout.headers) {
        const y = toCanvasY(h.top);
        if (y + h.height < RULER_HEIGHT || y > scene.height) continue;
        const header = scene.headers[h.view];
        p.rect(0, y, layout.width, h.height, palette.rulerBg);
        p.line(0, y + h.height - 0.5, layout.width, y + h.height - 0.5, palette.border);
        p.text(header.title, 8, y + HEADER_HEIGHT / 2, palette.fg, boldFont);
        const titleWidth = p.measure(header.title, boldFont);
        p.text(header.detail, 8 + titleWidth + 12, y + HEADER_HEIGHT / 2, palette.muted, font);
        if (header.problem) p.text(header.problem, layout.width - 8, y + HEADER_HEIGHT / 2, palette.chart.orange, font, 'right');
    }

    for (const box of visibleLanes(layout, visibleTop, visibleBottom)) {
        const drawn = drawLane(p, scene, box, toCanvasY(box.top), X, { font, smallFont });
        log.lanes.push(drawn);
    }
    p.unclip();

    // The ruler last, over everything that scrolled under it.
    p.rect(0, 0, layout.width, RULER_HEIGHT, palette.rulerBg);
    p.line(0, RULER_HEIGHT - 0.5, layout.width, RULER_HEIGHT - 0.5, palette.border);
    p.clip(left - 40, 0, layout.contentWidth + 80, RULER_HEIGHT);
    let lastLabelEnd = -Infinity;
    for (const t of tickTimes) {
        const x = X(t);
        p.line(Math.round(x) + 0.5, RULER_HEIGHT - 6, Math.round(x) + 0.5, RULER_HEIGHT, palette.muted);
        const text = formatInstant(t, step);
        const w = p.measure(text, smallFont);
        const lx = Math.min(Math.max(x, left + w / 2), right - w / 2);
        if (lx - w / 2 < lastLabelEnd + 6) continue;
        p.text(text, lx, RULER_HEIGHT / 2 - 2, palette.muted, smallFont, 'center');
        log.rulerLabels.push({ text, x: lx - w / 2, y: 0, width: w });
        lastLabelEnd = lx + w / 2;
    }
    p.unclip();
    const zoomText = viewport.isWhole ? 'whole run' : `${formatInstant(viewport.from, step / 10)} – ${formatInstant(viewport.to, step / 10)}`;
    p.text(zoomText, 8, RULER_HEIGHT / 2, palette.muted, smallFont);
    return log;
}

interface Fonts {
    readonly font: string;
    readonly smallFont: string;
}

function drawLane(p: Painter, scene: TimelineScene, box: LaneBox, y: number, X: (t: number) => number, fonts: Fonts): DrawnLane {
    const { layout, palette } = scene;
    const lane = box.lane;
    const drawn: DrawnLane = { id: lane.id, view: box.view, kind: lane.kind, top: y, height: box.height, spans: 0, merged: 0, mergedItems: 0, labels: [] };
    p.line(0, y + box.height - 0.5, layout.width, y + box.height - 0.5, palette.grid);

    // Gutter: the name, and a dimmer detail when there is room for a second line or beside it.
    p.clip(0, y, GUTTER_WIDTH - 4, box.height);
    const labelFont = lane.kind === 'member' ? fonts.font : `italic ${fonts.font}`;
    const name = ellipsize(p, lane.label, labelFont, GUTTER_WIDTH - 16);
    // What the gutter holds on the left: [top, bottom, right edge] of each text, so track names
    // (right-aligned) are written only where they do not run into it.
    const taken: [number, number, number][] = [];
    if (lane.detail && box.height >= 28) {
        p.text(name, 8, y + box.height / 2 - 6, palette.fg, labelFont);
        const detail = ellipsize(p, lane.detail, fonts.smallFont, GUTTER_WIDTH - 16);
        p.text(detail, 8, y + box.height / 2 + 7, palette.muted, fonts.smallFont);
        taken.push([y + box.height / 2 - 13, y + box.height / 2 + 1, 8 + p.measure(name, labelFont)], [y + box.height / 2 + 1, y + box.height / 2 + 13, 8 + p.measure(detail, fonts.smallFont)]);
    } else {
        p.text(name, 8, y + box.height / 2, lane.kind === 'member' ? palette.fg : palette.muted, labelFont);
        const nameWidth = p.measure(name, labelFont);
        taken.push([y + box.height / 2 - 7, y + box.height / 2 + 7, 8 + nameWidth]);
        if (lane.detail && nameWidth + 24 < GUTTER_WIDTH - 16) {
            p.text(ellipsize(p, lane.detail, fonts.smallFont, GUTTER_WIDTH - 24 - nameWidth), 8 + nameWidth + 8, y + box.height / 2, palette.muted, fonts.smallFont);
            taken[0][2] = GUTTER_WIDTH;
        }
    }
    drawTrackNames(p, scene, lane, y, taken);
    p.unclip();

    p.clip(layout.contentLeft, y, layout.contentWidth, box.height);
    const colors = scene.colors[box.view];
    const model = scene.models[box.view];
    const veils: Veil[] = [];
    for (const placed of lane.tracks) {
        const track = placed.track;
        if (track.kind === 'spans') drawSpans(p, scene, placed, track, y, X, colors, model.paints.keys, drawn, fonts, veils);
        else if (track.kind === 'ticks') drawTicks(p, scene, placed, track, y, X, colors, model.paints.keys, drawn, fonts);
        else drawSeries(p, scene, placed, track, y, X, colors, drawn);
    }
    // Veils go over every track of the lane (a paused member's partitions are drawn dimmed).
    for (const v of veils) p.rect(v.x, v.y, v.w, v.h, v.color);
    p.unclip();
    p.line(GUTTER_WIDTH - 0.5, y, GUTTER_WIDTH - 0.5, y + box.height, palette.border);
    return drawn;
}

/** The tracks' own names (KIP-848 lanes), right-aligned in the gutter beside each track. */
function drawTrackNames(p: Painter, scene: TimelineScene, lane: LaneBox['lane'], y: number, taken: readonly [number, number, number][]): void {
    const { palette } = scene;
    const font = `${Math.max(8, Math.round(palette.fontSize * 0.7))}px ${palette.font}`;
    const right = GUTTER_WIDTH - 8;
    let lastBottom = -Infinity;
    for (const placed of lane.tracks) {
        const text = placed.track.gutterLabel;
        if (!text) continue;
        const cy = y + placed.top + placed.track.height / 2;
        const w = p.measure(text, font);
        const top = cy - 5;
        const bottom = cy + 5;
        if (top < lastBottom - 1) continue;
        if (taken.some(([t0, t1, r]) => top < t1 && bottom > t0 && r + 6 > right - w)) continue;
        p.text(text, right, cy, palette.muted, font, 'right');
        lastBottom = bottom;
    }
}

interface Veil {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
    readonly color: string;
}

function ellipsize(p: Painter, text: string, font: string, max: number): string {
    if (p.measure(text, font) <= max) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (p.measure(`${text.slice(0, mid)}…`, font) <= max) lo = mid;
        else hi = mid - 1;
    }
    return lo === 0 ? '' : `${text.slice(0, lo)}…`;
}

function drawSpans(
    p: Painter,
    scene: TimelineScene,
    placed: PlacedTrack,
    track: SpanTrack,
    laneY: number,
    X: (t: number) => number,
    colors: readonly string[],
    keys: readonly string[],
    drawn: DrawnLane,
    fonts: Fonts,
    veils: Veil[]
): void {
    const { viewport, layout, palette } = scene;
    const rows = track.rows;
    if (rows.length === 0) return;
    const left = layout.contentLeft - 1;
    const right = layout.contentLeft + layout.contentWidth + 1;
    const rowH = track.height / rows.length;
    const gap = rowH >= 4 ? 1 : 0;
    const labelFont = `${Math.max(8, Math.min(Math.round(palette.fontSize * 0.8), Math.floor(rowH - 2)))}px ${palette.font}`;
    for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const y = laneY + placed.top + r * rowH;
        const h = Math.max(rowH - gap, 0.75);
        // A run of sub-pixel spans collapsed into one rectangle.
        let mx0 = 0;
        let mx1 = -Infinity;
        let mPaint = -1;
        let mBest = -1;
        let mCount = 0;
        const flush = () => {
            if (mCount === 0) return;
            p.rect(mx0, y, Math.max(1, mx1 - mx0), h, colors[mPaint]);
            if (mCount > 1) {
                drawn.merged++;
                drawn.mergedItems += mCount;
            } else drawn.spans++;
            mCount = 0;
        };
        for (let i = row.firstEndingAfter(viewport.from); i < row.length && row.from[i] < viewport.to; i++) {
            const x0 = Math.max(left, X(row.from[i]));
            const x1 = Math.min(right, X(row.to[i]));
            const paint = row.paint[i];
            if (x1 - x0 < 1) {
                if (mCount > 0 && x0 <= mx1 + 0.5) {
                    mx1 = Math.max(mx1, x1);
                    if (x1 - x0 > mBest) {
                        mBest = x1 - x0;
                        mPaint = paint;
                    }
                    mCount++;
                } else {
                    flush();
                    mx0 = x0;
                    mx1 = x1;
                    mPaint = paint;
                    mBest = x1 - x0;
                    mCount = 1;
                }
                continue;
            }
            flush();
            const color = colors[paint];
            const hatched = track.hatched?.has(paint) ?? false;
            if (hatched) p.hatch(x0, y, x1 - x0, h, color);
            else if (!track.outlined) p.rect(x0, y, x1 - x0, h, color);
            if (track.outlined && h >= 3) p.strokeRect(x0 + 0.5, y + 0.5, Math.max(0, x1 - x0 - 1), h - 1, color);
            else if (palette.highContrast && h >= 4) p.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, h - 1, palette.border);
            drawn.spans++;
            if (track.veil && track.veil.paints.has(paint)) {
                veils.push({ x: x0, y: laneY + track.veil.top, w: x1 - x0, h: track.veil.height, color: palette.veil(keys[paint]) });
            }
            if (track.labels && h >= 9 && x1 - x0 >= 24) {
                const text = fitLabel(p, track.labels(row.ref[i]), labelFont, x1 - x0 - 8);
                if (text) {
                    // Labels of spans that start left of the view stay readable at the left edge.
                    const tx = Math.max(x0, layout.contentLeft) + 4;
                    if (tx + p.measure(text, labelFont) <= x1 - 2) {
                        // On stripes the text gets a patch of background to stay readable.
                        if (hatched) p.rect(tx - 2, y, p.measure(text, labelFont) + 4, h, palette.bg);
                        p.text(text, tx, y + h / 2, hatched ? palette.fg : textOn(color, palette), labelFont);
                        drawn.labels.push({ text, x: tx, y, width: p.measure(text, labelFont) });
                    }
                }
            }
        }
        flush();
    }
}

function fitLabel(p: Painter, candidates: readonly string[], font: string, room: number): string | null {
    for (const c of candidates) if (p.measure(c, font) <= room) return c;
    return null;
}

/** Foreground or background colour, whichever reads better on `color`. */
function textOn(color: string, palette: Palette): string {
    const m = /^#([0-9a-f]{6})$/i.exec(color);
    if (!m) return palette.fg;
    const v = parseInt(m[1], 16);
    const l = (0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255)) / 255;
    return l > 0.55 ? '#1e1e1e' : '#f3f3f3';
}

function drawTicks(
    p: Painter,
    scene: TimelineScene,
    placed: PlacedTrack,
    track: TickTrack,
    laneY: number,
    X: (t: number) => number,
    colors: readonly string[],
    keys: readonly string[],
    drawn: DrawnLane,
    fonts: Fonts
): void {
    const { viewport, layout, palette } = scene;
    const row = track.row;
    const y = laneY + placed.top;
    const h = track.height;
    const start = row.firstAtOrAfter(viewport.from);
    const end = row.firstAtOrAfter(viewport.to + 1e-9);
    if (track.labels) {
        // Few, labelled ticks (the scenario's timeline): a flag per tick and its text in the first
        // of two rows free at the flag; a text may run past the next flag (whose text then takes the
        // other row) but not past the one after.
        const rowCount = h >= 26 ? 2 : 1;
        const rowH = h / rowCount;
        const rowEnd = new Array<number>(rowCount).fill(-Infinity);
        const contentRight = layout.contentLeft + layout.contentWidth;
        for (let i = start; i < end; i++) {
            const x = Math.round(X(row.at[i])) + 0.5;
            p.line(x, y, x, y + h, colors[row.paint[i]], 1.5);
            p.rect(x, y, 4, 4, colors[row.paint[i]]);
            drawn.spans++;
        }
        for (let i = start; i < end; i++) {
            const x = Math.round(X(row.at[i])) + 0.5;
            const r = rowEnd.findIndex((e) => e <= x + 2);
            if (r < 0) continue;
            const limit = Math.min(i + rowCount < row.length ? X(row.at[i + rowCount]) - 6 : contentRight + 40, contentRight);
            const room = limit - x - 8;
            if (room < 28) continue;
            const text = ellipsize(p, track.labels(row.ref[i]), fonts.font, room);
            if (!text) continue;
            const w = p.measure(text, fonts.font);
            const ty = y + r * rowH;
            p.rect(x + 4, ty + 1, w + 6, rowH - 2, palette.bg);
            p.text(text, x + 7, ty + rowH / 2 + 1, palette.fg, fonts.font);
            drawn.labels.push({ text, x: x + 7, y: ty, width: w });
            rowEnd[r] = x + 12 + w;
        }
        return;
    }
    // Dense ticks: one per pixel column, the most important event of the column wins.
    let column = Number.NaN;
    let best = -1;
    let bestPaint = 0;
    let count = 0;
    const emit = () => {
        if (count === 0) return;
        const key = keys[bestPaint];
        const tall = key === 'ev:error' || key === 'ev:failed-response';
        const th = tall ? h : Math.max(2, Math.round(h * 0.7));
        p.rect(column, y + h - th, 1, th, colors[bestPaint]);
        if (count > 1) {
            drawn.merged++;
            drawn.mergedItems += count;
        } else drawn.spans++;
    };
    for (let i = start; i < end; i++) {
        const c = Math.floor(X(row.at[i]));
        if (c !== column) {
            emit();
            column = c;
            best = -1;
            count = 0;
        }
        const pr = TICK_PRIORITY[keys[row.paint[i]]] ?? 0;
        if (pr > best) {
            best = pr;
            bestPaint = row.paint[i];
        }
        count++;
    }
    emit();
}

function drawSeries(
    p: Painter,
    scene: TimelineScene,
    placed: PlacedTrack,
    track: SeriesTrack,
    laneY: number,
    X: (t: number) => number,
    colors: readonly string[],
    drawn: DrawnLane
): void {
    const { viewport, layout, palette } = scene;
    const s = track.series;
    const top = laneY + placed.top;
    const bottom = top + track.height;
    const Y = (v: number) => (track.max > 0 ? bottom - (v / track.max) * (track.height - 2) : bottom - 0.5);
    const color = colors[track.paint];
    const n = s.lag.length;
    if (n === 0) return;
    const maxPts: number[] = [];
    const lagPts: number[] = [];
    const committedPts: number[] = [];
    const pxPerSample = s.stepMs * viewport.scale;
    if (pxPerSample >= 1) {
        const i0 = Math.max(0, Math.floor(viewport.from / s.stepMs) - 1);
        const i1 = Math.min(n - 1, Math.ceil(viewport.to / s.stepMs) + 1);
        for (let i = i0; i <= i1; i++) {
            const x = X(i * s.stepMs);
            maxPts.push(x, Y(s.lagMax[i] ?? s.lag[i]));
            lagPts.push(x, Y(s.lag[i]));
            committedPts.push(x, Y(s.committedLag[i] ?? s.lag[i]));
        }
        drawn.spans += i1 - i0 + 1;
    } else {
        // Several samples per pixel: keep each column's maximum, so a spike is never averaged away.
        for (let px = 0; px < layout.contentWidth; px++) {
            const i0 = Math.max(0, Math.floor(viewport.t(px) / s.stepMs));
            const i1 = Math.min(n - 1, Math.floor(viewport.t(px + 1) / s.stepMs));
            if (i0 > n - 1) break;
            let mx = 0;
            let lg = 0;
            let cm = 0;
            for (let i = i0; i <= i1; i++) {
                mx = Math.max(mx, s.lagMax[i] ?? 0, s.lag[i]);
                lg = Math.max(lg, s.lag[i]);
                cm = Math.max(cm, s.committedLag[i] ?? 0);
            }
            const x = layout.contentLeft + px + 0.5;
            maxPts.push(x, Y(mx));
            lagPts.push(x, Y(lg));
            committedPts.push(x, Y(cm));
            drawn.merged++;
            drawn.mergedItems += i1 - i0 + 1;
        }
    }
    p.line(layout.contentLeft, bottom - 0.5, layout.contentLeft + layout.contentWidth, bottom - 0.5, palette.grid);
    p.area(maxPts, bottom, color, palette.highContrast ? 0.5 : 0.28);
    p.path(committedPts, palette.muted, 1, [3, 3]);
    p.path(lagPts, color, 1.5);
}
