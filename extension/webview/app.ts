/**
 * The replay panel: owns the views (one, or two when comparing), the shared time axis, the
 * playhead, and schedules drawing. The static canvas is redrawn only when what it shows changes;
 * the overlay canvas on every pointer or playhead move. Messages from the extension are parsed
 * (messages.ts) before anything is done with them.
 */
import { parseHostMessage, parseWebviewState, sameSource, type TraceSource, type ViewPayload, type WebviewState } from '../src/messages.js';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { formatDuration, formatInstant } from './format.js';
import { download, type Host } from './host.js';
import { type Hit, type HitItem, hitTest, itemObject } from './hit-test.js';
import { actionOf, type Action } from './keyboard.js';
import { computeLayout, HEADER_HEIGHT, type Layout, RULER_HEIGHT } from './layout.js';
import { buildModel, type TraceModel } from './model/lanes.js';
import { Playback, SPEEDS, stepMoment } from './playback.js';
import { drawOverlay, type Rect } from './render/overlay.js';
import { CanvasPainter, SvgPainter } from './render/painter.js';
import { type DrawLog, drawTimeline, type ViewHeader } from './render/timeline.js';
import { makePalette, type Palette, readThemeSource, resolvePaints } from './theme.js';
import { renderAtPlayhead, renderSummary, type DetailsView } from './ui/details.js';
import { buildHelp, buildLegend } from './ui/legend.js';
import { tooltipFor } from './ui/tooltip.js';
import { h } from './ui/dom.js';
import { Viewport } from './viewport.js';

interface View {
    source: TraceSource;
    model: TraceModel | null;
    problem?: string;
}

const LETTERS = ['A', 'B'];
/** Most pixels an exported picture may have in height (browsers cap canvas size). */
const MAX_EXPORT_HEIGHT = 16_000;

/** Timings the benchmark and the tests read through the debug hook. */
export interface Timings {
    /** performance.now() when the last `load` arrived, was parsed and checked, had its lanes built, its first timeline drawn, and then its side panels filled. */
    loadArrived: number | null;
    loadParsed: number | null;
    modelBuilt: number | null;
    panelsFilled: number | null;
    firstFrameDrawn: number | null;
    /** Wall time between consecutive animation frames while playing (last 600). */
    frameIntervals: number[];
    /** Time spent drawing in each of those frames. */
    frameWork: number[];
    staticDraws: number;
    overlayDraws: number;
    /** Time each static redraw took (last 600). */
    staticDrawMs: number[];
}

export class ReplayApp {
    private views: View[] = [];
    private viewport = new Viewport(1);
    private playback = new Playback(1);
    private layout: Layout = computeLayout([], 800);
    private palette: Palette;
    private colors: string[][] = [];
    private scrollTop = 0;
    private width = 800;
    private height = 400;
    private dpr = 1;
    private hover: Hit | null = null;
    private hoverX: number | null = null;
    private selected: HitItem | null = null;
    private highlight: { view: number; laneId: string } | null = null;
    private dirtyStatic = true;
    private dirtyOverlay = true;
    private frameRequested = false;
    private panelsPending = false;
    private lastFrameWall: number | null = null;
    private lastDetailsUpdate = 0;
    private stateTimer: ReturnType<typeof setTimeout> | null = null;
    private pendingRestore: WebviewState | null;
    private drawLog: DrawLog | null = null;
    private rejected: string[] = [];
    private lastCursor: { uri: string; line: number; moved: boolean } | null = null;
    private drag: { x: number; y: number; mode: 'scrub' | 'pan' | 'press'; from: number; to: number; moved: boolean } | null = null;
    readonly timings: Timings = { loadArrived: null, loadParsed: null, modelBuilt: null, panelsFilled: null, firstFrameDrawn: null, frameIntervals: [], frameWork: [], staticDraws: 0, overlayDraws: 0, staticDrawMs: [] };

    // DOM
    private readonly staticCanvas = h('canvas', { class: 'static', 'aria-hidden': 'true' } as Record<string, string>);
    private readonly overlayCanvas = h('canvas', { class: 'overlay', role: 'img', 'aria-label': 'Replay timeline' });
    private readonly stage = h('div', { class: 'stage' }, this.staticCanvas, this.overlayCanvas);
    private readonly spacer = h('div', { class: 'spacer' });
    private readonly scroller = h('div', { class: 'scroller', tabindex: '0', 'aria-label': 'Lanes: scroll with the arrow keys or the wheel' }, this.stage, this.spacer);
    private readonly emptyState = h('div', { class: 'empty-state' }, 'Waiting for a simulation…');
    private readonly timeline = h('div', { class: 'timeline' }, this.scroller, this.emptyState);
    private readonly details = h('div', { class: 'details', role: 'complementary', 'aria-label': 'Summary and expectations' });
    private readonly atPlayhead = h('div', { class: 'at-playhead' });
    private readonly summary = h('div', { class: 'summary' });
    private readonly banner = h('div', { class: 'banner', role: 'status' });
    private readonly legend = h('div', { class: 'legend' });
    private readonly tooltip = h('div', { class: 'tooltip', role: 'tooltip' });
    private readonly help = h('div', { class: 'help', role: 'dialog', 'aria-label': 'Keys' });
    private readonly playButton = h('button', { class: 'primary', title: 'Play / pause (Space)', 'data-action': 'togglePlay' }, '▶ Play');
    private readonly speedSelect = h('select', { title: 'Playback speed: simulated time per second ([ and ])', 'aria-label': 'Speed' });
    private readonly clock = h('span', { class: 'clock', 'aria-live': 'off' } as Record<string, string>);
    private readonly compareButton = h('button', { title: 'Compare with another scenario, or this one with a different setting', 'data-action': 'compare' }, 'Compare…');
    private readonly closeCompareButton = h('button', { title: 'Back to one view', 'data-action': 'closeCompare' }, 'Close B');

    constructor(
        private readonly root: HTMLElement,
        private readonly host: Host
    ) {
        this.palette = makePalette(readThemeSource());
        this.pendingRestore = parseWebviewState(host.getState());
        this.buildDom();
        this.installInput();
        this.installThemeWatch();
    }

    // ---------------------------------------------------------------- messages

    /** Entry point for every message from the extension (or the standalone page's data). */
    receive(raw: unknown): void {
        const arrived = performance.now();
        const parsed = parseHostMessage(raw);
        if (!parsed.ok) {
            this.reject(parsed.error);
            return;
        }
        const m = parsed.value;
        switch (m.type) {
            case 'load':
                Object.assign(this.timings, { loadArrived: arrived, loadParsed: performance.now(), modelBuilt: null, panelsFilled: null, firstFrameDrawn: null });
                this.load(m.views);
                break;
            case 'update':
                this.update(m.index, m.trace);
                break;
            case 'problem':
                if (this.views[m.index]) {
                    this.views[m.index].problem = m.message;
                    this.refreshBanner();
                    this.invalidate(true);
                }
                break;
            case 'cursor':
                this.followCursor(m.uri, m.line);
                break;
        }
    }

    private reject(reason: string): void {
        this.rejected.push(reason);
        if (this.rejected.length > 20) this.rejected.shift();
        this.refreshBanner();
        this.host.post({ type: 'rejected', reason });
    }

    private load(payloads: readonly ViewPayload[]): void {
        const previous = this.views;
        this.views = payloads.map((p) => ({ source: p.source, model: p.trace ? buildModel(p.trace) : null, problem: p.problem }));
        this.timings.modelBuilt = performance.now();
        this.rejected = [];
        const duration = this.duration();
        const restore = this.pendingRestore;
        const keepView = previous.length > 0 && previous[0].model !== null && sameSource(previous[0].source, this.views[0].source);
        if (restore && restore.sources.length === this.views.length && restore.sources.every((s, i) => sameSource(s, this.views[i].source))) {
            this.pendingRestore = null;
            this.viewport = new Viewport(duration, this.viewport.width);
            if (restore.view) this.viewport.set(restore.view.from, restore.view.to);
            this.playback = new Playback(duration);
            this.playback.seek(restore.playhead);
            if (restore.speed > 0) this.playback.speed = restore.speed;
            this.scrollTop = restore.scrollTop;
        } else if (keepView) {
            // Comparing or closing the comparison: same primary view, keep where the user was.
            this.viewport.setDuration(duration);
            this.playback.setDuration(duration);
        } else {
            this.viewport = new Viewport(duration, this.viewport.width);
            const speed = this.playback.speed;
            this.playback = new Playback(duration);
            if (previous.length > 0) this.playback.speed = speed;
            this.scrollTop = 0;
        }
        this.selected = null;
        this.highlight = null;
        this.afterDataChange();
    }

    private update(index: number, trace: Trace): void {
        const view = this.views[index];
        if (!view) {
            this.reject(`update for view ${index}, but the panel shows ${this.views.length}`);
            return;
        }
        view.model = buildModel(trace);
        view.problem = undefined;
        // Keep the playhead and the zoom: the user is editing and watching the same moment.
        const duration = this.duration();
        this.viewport.setDuration(duration);
        this.playback.setDuration(duration);
        this.selected = null;
        this.afterDataChange();
    }

    private duration(): number {
        return Math.max(1, ...this.views.map((v) => v.model?.trace.durationMs ?? 0));
    }

    private afterDataChange(): void {
        this.colors = this.views.map((v) => (v.model ? resolvePaints(v.model.paints.keys, this.palette) : []));
        this.emptyState.style.display = this.views.some((v) => v.model) ? 'none' : 'block';
        this.emptyState.textContent = this.views.length === 0 ? 'Waiting for a simulation…' : 'No trace to show: see the message above.';
        this.relayout();
        this.refreshBanner();
        this.refreshToolbar();
        // The timeline first; the legend, summary and expectations right after it is on screen.
        this.panelsPending = true;
        this.invalidate(true);
        this.saveStateSoon();
    }

    private fillPanels(): void {
        this.panelsPending = false;
        buildLegend(this.legend, this.models(), this.palette);
        renderSummary(this.summary, this.detailsViews(), { revealLine: (view, line) => this.revealLine(view, line) });
        this.updateDetails(true);
        if (this.timings.panelsFilled === null && this.timings.loadArrived !== null) this.timings.panelsFilled = performance.now();
        // A legend that wraps to another line shrinks the timeline: the ResizeObserver redraws it.
    }

    private models(): TraceModel[] {
        return this.views.flatMap((v) => (v.model ? [v.model] : []));
    }

    /** Views that have a model, with their index in `views` (layout blocks are in this order). */
    private drawnViews(): { view: View; index: number; model: TraceModel }[] {
        return this.views.flatMap((view, index) => (view.model ? [{ view, index, model: view.model }] : []));
    }

    private detailsViews(): DetailsView[] {
        return this.views.map((v, i) => ({ letter: LETTERS[i], model: v.model, uri: v.source.uri }));
    }

    private refreshBanner(): void {
        const problems = this.views.flatMap((v, i) => (v.problem ? [`${this.views.length > 1 ? `${LETTERS[i]}: ` : ''}${v.problem}${v.model ? ' (showing the last run that worked)' : ''}`] : []));
        const rejected = this.rejected.map((r) => `Ignored a malformed message from the extension: ${r}`);
        const lines = [...rejected, ...problems];
        this.banner.textContent = lines.join('\n');
        this.banner.className = `banner${rejected.length ? ' error' : lines.length ? ' warning' : ''}`;
    }

    // ---------------------------------------------------------------- editor sync

    private followCursor(uri: string, line: number): void {
        this.lastCursor = { uri, line, moved: false };
        for (const { view, index, model } of this.drawnViews()) {
            if (view.source.uri !== uri) continue;
            const event = model.trace.scenarioEvents.find((e) => e.line === line);
            if (event) {
                this.playback.pause();
                this.seek(event.at);
                this.highlight = null;
                const ref = model.trace.scenarioEvents.indexOf(event);
                this.selectScenarioEvent(index, ref);
                this.lastCursor.moved = true;
                return;
            }
            const lane = model.lanes.find((l) => l.line === line);
            if (lane) {
                this.highlight = { view: index, laneId: lane.id };
                this.scrollLaneIntoView(index, lane.id);
                this.invalidate(false);
                return;
            }
        }
        if (this.highlight) {
            this.highlight = null;
            this.invalidate(false);
        }
    }

    private selectScenarioEvent(view: number, ref: number): void {
        const box = this.layout.lanes.find((b) => b.view === this.blockOf(view) && b.lane.id === 'timeline');
        const e = this.views[view].model!.trace.scenarioEvents[ref];
        if (!box) return;
        const x = this.layout.contentLeft + this.viewport.x(e.at);
        const y = RULER_HEIGHT + box.top - this.scrollTop;
        this.selected = { view, refKind: 'scenarioEvent', ref, x0: x - 1, x1: x + 1, y0: y + 2, y1: y + box.height - 2 };
        this.invalidate(false);
    }

    /** Layout block of a view (views without a model have no block). */
    private blockOf(view: number): number {
        return this.drawnViews().findIndex((d) => d.index === view);
    }

    private revealLine(view: number, line: number): void {
        const v = this.views[view];
        if (!v) return;
        this.host.post({ type: 'revealLine', uri: v.source.uri, line });
    }

    private scrollLaneIntoView(view: number, laneId: string): void {
        const box = this.layout.lanes.find((b) => b.view === this.blockOf(view) && b.lane.id === laneId);
        if (!box) return;
        const visible = this.height - RULER_HEIGHT;
        if (box.top < this.scrollTop || box.top + box.height > this.scrollTop + visible) {
            this.scroller.scrollTop = Math.max(0, box.top - visible / 3);
            this.scrollTop = this.scroller.scrollTop;
            this.invalidate(true);
        }
    }

    // ---------------------------------------------------------------- DOM

    private buildDom(): void {
        for (const s of SPEEDS) this.speedSelect.append(h('option', { value: String(s) } as Record<string, string>, `${s}×`));
        const button = (label: string, action: Action, title: string) => h('button', { title, 'data-action': action }, label);
        const standalone = this.host.kind === 'standalone';
        const toolbar = h(
            'div',
            { class: 'toolbar', role: 'toolbar', 'aria-label': 'Playback' },
            h(
                'div',
                { class: 'group' },
                button('⇤', 'start', 'Go to the start (Home)'),
                button('◂ prev', 'previousMoment', 'Previous key moment (←; Shift+← for every event)'),
                this.playButton,
                button('next ▸', 'nextMoment', 'Next key moment (→; Shift+→ for every event)'),
                this.speedSelect
            ),
            this.clock,
            h('div', { class: 'sep' }),
            h('div', { class: 'group' }, button('−', 'zoomOut', 'Zoom out (− or S)'), button('+', 'zoomIn', 'Zoom in (+ or W; Ctrl+wheel at the pointer)'), button('Fit', 'fit', 'Show the whole run (0)')),
            h('div', { class: 'spacer' }),
            standalone ? null : this.compareButton,
            standalone ? null : this.closeCompareButton,
            h('div', { class: 'sep' }),
            h(
                'div',
                { class: 'group', role: 'group', 'aria-label': 'Export' },
                h('button', { 'data-export': 'png', title: 'Save the picture as PNG' }, 'PNG'),
                h('button', { 'data-export': 'svg', title: 'Save the picture as SVG' }, 'SVG'),
                h('button', { 'data-export': 'json', title: 'Save the trace as JSON' }, 'JSON'),
                standalone ? null : h('button', { 'data-export': 'html', title: 'Save the whole replay as one HTML file that plays offline' }, 'HTML')
            ),
            button('?', 'help', 'Keys (?)')
        );
        this.details.append(this.atPlayhead, this.summary);
        buildHelp(this.help);
        this.root.append(toolbar, this.banner, this.legend, h('div', { class: 'main' }, this.timeline, this.details), this.tooltip);
        this.timeline.append(this.help);
        toolbar.addEventListener('click', (e) => {
            const target = (e.target as HTMLElement).closest('button');
            if (!target) return;
            const action = target.getAttribute('data-action');
            const exportFormat = target.getAttribute('data-export');
            if (exportFormat) this.export(exportFormat as 'png' | 'svg' | 'json' | 'html');
            else if (action === 'compare') this.host.post({ type: 'compare' });
            else if (action === 'closeCompare') this.host.post({ type: 'closeCompare' });
            else if (action) this.perform(action as Action);
        });
        this.speedSelect.addEventListener('change', () => {
            this.playback.speed = Number(this.speedSelect.value);
            this.saveStateSoon();
        });
        this.refreshToolbar();
    }

    private refreshToolbar(): void {
        this.playButton.textContent = this.playback.playing ? '❚❚ Pause' : '▶ Play';
        this.playButton.setAttribute('aria-pressed', String(this.playback.playing));
        this.speedSelect.value = String(this.playback.speed);
        this.clock.textContent = `${formatInstant(this.playback.playhead, 10)} / ${formatDuration(this.duration())}`;
        this.compareButton.style.display = this.views.length === 1 ? '' : 'none';
        this.closeCompareButton.style.display = this.views.length === 2 ? '' : 'none';
    }

    private installThemeWatch(): void {
        // VS Code changes the body's class and the root's inline CSS variables on a theme switch.
        const observer = new MutationObserver(() => {
            this.palette = makePalette(readThemeSource());
            this.colors = this.views.map((v) => (v.model ? resolvePaints(v.model.paints.keys, this.palette) : []));
            buildLegend(this.legend, this.models(), this.palette);
            this.invalidate(true);
        });
        observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
        observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    }

    // ---------------------------------------------------------------- sizing and drawing

    private resize(): void {
        const rect = this.timeline.getBoundingClientRect();
        const width = Math.max(200, Math.floor(rect.width));
        const height = Math.max(120, Math.floor(rect.height));
        const dpr = window.devicePixelRatio || 1;
        if (width === this.width && height === this.height && dpr === this.dpr && this.staticCanvas.width > 0) return;
        this.width = width;
        this.height = height;
        this.dpr = dpr;
        for (const c of [this.staticCanvas, this.overlayCanvas]) {
            c.width = Math.round(this.width * this.dpr);
            c.height = Math.round(this.height * this.dpr);
            c.style.width = `${this.width}px`;
            c.style.height = `${this.height}px`;
        }
        this.stage.style.height = `${this.height}px`;
        this.relayout();
        // Resizing a canvas clears it: draw now (the ResizeObserver runs before the browser
        // paints), so no blank frame is ever shown.
        this.drawStatic();
        this.drawOverlayLayer();
    }

    private relayout(): void {
        this.layout = computeLayout(this.models(), this.width);
        this.viewport.width = this.layout.contentWidth;
        const content = RULER_HEIGHT + this.layout.totalHeight;
        this.spacer.style.height = `${Math.max(0, content - this.height)}px`;
        const maxScroll = Math.max(0, content - this.height);
        if (this.scrollTop > maxScroll) this.scrollTop = maxScroll;
        if (Math.abs(this.scroller.scrollTop - this.scrollTop) > 0.5) this.scroller.scrollTop = this.scrollTop;
    }

    private invalidate(staticToo: boolean): void {
        if (staticToo) this.dirtyStatic = true;
        this.dirtyOverlay = true;
        this.requestFrame();
    }

    private requestFrame(): void {
        if (this.frameRequested) return;
        this.frameRequested = true;
        requestAnimationFrame((now) => this.frame(now));
    }

    private frame(now: number): void {
        this.frameRequested = false;
        const start = performance.now();
        if (this.playback.playing) {
            if (this.playback.frame(now)) {
                if (this.viewport.reveal(this.playback.playhead, 0.02)) this.dirtyStatic = true;
                this.dirtyOverlay = true;
            }
            if (!this.playback.playing) {
                // Reached the end of the run.
                this.refreshToolbar();
                this.updateDetails(true);
            }
        }
        if (this.dirtyStatic) this.drawStatic();
        if (this.dirtyOverlay) this.drawOverlayLayer();
        if (this.panelsPending) setTimeout(() => this.panelsPending && this.fillPanels(), 0);
        if (this.playback.playing) {
            this.clock.textContent = `${formatInstant(this.playback.playhead, 10)} / ${formatDuration(this.duration())}`;
            if (now - this.lastDetailsUpdate > 150) this.updateDetails(false);
            if (this.lastFrameWall !== null) {
                this.timings.frameIntervals.push(now - this.lastFrameWall);
                this.timings.frameWork.push(performance.now() - start);
                if (this.timings.frameIntervals.length > 600) {
                    this.timings.frameIntervals.shift();
                    this.timings.frameWork.shift();
                }
            }
            this.lastFrameWall = now;
            this.requestFrame();
        } else {
            this.lastFrameWall = null;
        }
    }

    private headers(): ViewHeader[] {
        const compare = this.views.length > 1;
        return this.drawnViews().map(({ view, index, model }) => {
            const t = model.trace;
            const o = view.source.override;
            return {
                title: `${compare ? `${LETTERS[index]}  ` : ''}${t.scenario}`,
                detail: `group ${t.group} · ${formatDuration(t.durationMs)} · seed ${t.seed} · ${t.members.length} members${o ? ` · with ${o.key} = ${o.value}` : ''}`,
                problem: view.problem ? '⚠ edited file does not simulate: showing the last run' : undefined
            };
        });
    }

    private drawStatic(): void {
        this.dirtyStatic = false;
        const ctx = this.staticCanvas.getContext('2d');
        if (!ctx) return;
        ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
        const models = this.models();
        if (models.length === 0) {
            ctx.fillStyle = this.palette.bg;
            ctx.fillRect(0, 0, this.width, this.height);
            this.drawLog = null;
            return;
        }
        const started = performance.now();
        this.drawLog = drawTimeline(new CanvasPainter(ctx), {
            layout: this.layout,
            viewport: this.viewport,
            models,
            colors: this.drawnViews().map((d) => this.colors[d.index]),
            headers: this.headers(),
            palette: this.palette,
            scrollTop: this.scrollTop,
            height: this.height
        });
        this.timings.staticDraws++;
        this.timings.staticDrawMs.push(performance.now() - started);
        if (this.timings.staticDrawMs.length > 600) this.timings.staticDrawMs.shift();
        if (this.timings.firstFrameDrawn === null && this.timings.loadArrived !== null) this.timings.firstFrameDrawn = performance.now();
    }

    private drawOverlayLayer(): void {
        this.dirtyOverlay = false;
        const ctx = this.overlayCanvas.getContext('2d');
        if (!ctx) return;
        ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
        ctx.clearRect(0, 0, this.width, this.height);
        if (this.models().length === 0) return;
        let highlightRect: Rect | null = null;
        if (this.highlight) {
            const hl = this.highlight;
            const box = this.layout.lanes.find((b) => b.view === this.blockOf(hl.view) && b.lane.id === hl.laneId);
            if (box) highlightRect = { x0: 0, x1: this.width, y0: RULER_HEIGHT + box.top - this.scrollTop, y1: RULER_HEIGHT + box.top - this.scrollTop + box.height };
        }
        drawOverlay(new CanvasPainter(ctx), {
            layout: this.layout,
            viewport: this.viewport,
            palette: this.palette,
            height: this.height,
            playhead: this.playback.playhead,
            hoverX: this.hoverX,
            hoverRect: this.hover?.area === 'lane' ? this.hover.item : null,
            selectedRect: this.selectedRect(),
            highlightRect
        });
        this.timings.overlayDraws++;
    }

    /** Where the selection is now (it follows zoom and scroll). */
    private selectedRect(): Rect | null {
        const s = this.selected;
        if (!s) return null;
        const model = this.views[s.view]?.model;
        if (!model) return null;
        const at = s.refKind === 'scenarioEvent' ? model.trace.scenarioEvents[s.ref]?.at : s.refKind === 'event' ? model.trace.events[s.ref]?.at : undefined;
        if (at === undefined) return s;
        const laneId = s.refKind === 'scenarioEvent' ? 'timeline' : 'events';
        const box = this.layout.lanes.find((b) => b.view === this.blockOf(s.view) && b.lane.id === laneId);
        if (!box) return null;
        const x = this.layout.contentLeft + this.viewport.x(at);
        const y = RULER_HEIGHT + box.top - this.scrollTop;
        return { x0: x - 1, x1: x + 1, y0: y + 2, y1: y + box.height - 2 };
    }

    private updateDetails(force: boolean): void {
        this.lastDetailsUpdate = performance.now();
        if (!force && this.details.offsetParent === null) return;
        renderAtPlayhead(this.atPlayhead, this.detailsViews(), this.playback.playhead);
    }

    // ---------------------------------------------------------------- actions

    private seek(t: number): void {
        this.playback.seek(t);
        if (this.viewport.reveal(this.playback.playhead, 0.1)) this.dirtyStatic = true;
        this.refreshToolbar();
        this.updateDetails(true);
        this.invalidate(false);
        this.saveStateSoon();
    }

    private moments(kind: 'key' | 'event'): Float64Array {
        const all = this.models().map((m) => (kind === 'key' ? m.keyMoments : m.eventMoments));
        if (all.length === 1) return all[0];
        const merged = new Float64Array(all.reduce((n, a) => n + a.length, 0));
        let o = 0;
        for (const a of all) {
            merged.set(a, o);
            o += a.length;
        }
        return merged.sort();
    }

    perform(action: Action): void {
        const vp = this.viewport;
        const t = this.playback.playhead;
        switch (action) {
            case 'togglePlay':
                this.playback.toggle();
                this.refreshToolbar();
                this.updateDetails(true);
                this.invalidate(false);
                this.saveStateSoon();
                break;
            case 'nextMoment':
            case 'previousMoment':
            case 'nextEvent':
            case 'previousEvent': {
                const moments = this.moments(action.endsWith('Moment') ? 'key' : 'event');
                const next = stepMoment(moments, t, action.startsWith('next') ? 1 : -1);
                if (next !== null) {
                    this.playback.pause();
                    this.seek(next);
                }
                break;
            }
            case 'nudgeForward':
                this.seek(t + vp.span / 100);
                break;
            case 'nudgeBack':
                this.seek(t - vp.span / 100);
                break;
            case 'start':
                this.seek(0);
                break;
            case 'end':
                this.seek(this.duration());
                break;
            case 'zoomIn':
            case 'zoomOut': {
                const anchor = t >= vp.from && t <= vp.to ? t : vp.from + vp.span / 2;
                vp.zoom(action === 'zoomIn' ? 2 : 0.5, anchor);
                this.invalidate(true);
                this.saveStateSoon();
                break;
            }
            case 'fit':
                vp.fit();
                this.invalidate(true);
                this.saveStateSoon();
                break;
            case 'panLeft':
            case 'panRight':
                vp.pan((action === 'panLeft' ? -1 : 1) * vp.span * 0.2);
                this.invalidate(true);
                this.saveStateSoon();
                break;
            case 'faster':
                this.playback.faster();
                this.refreshToolbar();
                this.saveStateSoon();
                break;
            case 'slower':
                this.playback.slower();
                this.refreshToolbar();
                this.saveStateSoon();
                break;
            case 'revealSelection':
                this.revealItem(this.selected);
                break;
            case 'help':
                this.help.classList.toggle('open');
                break;
            case 'escape':
                this.help.classList.remove('open');
                this.selected = null;
                this.highlight = null;
                this.invalidate(false);
                break;
        }
    }

    /** Posts revealLine for an item that has a source line; true if it had one. */
    private revealItem(item: HitItem | null): boolean {
        if (!item) return false;
        const model = this.views[item.view]?.model;
        if (!model) return false;
        const line =
            item.refKind === 'scenarioEvent'
                ? model.trace.scenarioEvents[item.ref]?.line
                : item.refKind === 'event'
                  ? model.trace.events[item.ref]?.line
                  : undefined;
        if (line === undefined) return false;
        this.revealLine(item.view, line);
        return true;
    }

    // ---------------------------------------------------------------- input

    private installInput(): void {
        new ResizeObserver(() => this.resize()).observe(this.timeline);
        this.scroller.addEventListener('scroll', () => {
            this.scrollTop = this.scroller.scrollTop;
            this.hideTooltip();
            this.invalidate(true);
            this.saveStateSoon();
        });
        const c = this.overlayCanvas;
        const local = (e: MouseEvent) => {
            const r = c.getBoundingClientRect();
            return { x: e.clientX - r.left, y: e.clientY - r.top };
        };
        c.addEventListener('pointerdown', (e) => {
            if (e.button !== 0) return;
            const { x, y } = local(e);
            const mode = y < RULER_HEIGHT && x >= this.layout.contentLeft ? 'scrub' : 'press';
            this.drag = { x, y, mode, from: this.viewport.from, to: this.viewport.to, moved: false };
            c.setPointerCapture(e.pointerId);
            if (mode === 'scrub') {
                this.playback.pause();
                this.seek(this.viewport.t(x - this.layout.contentLeft));
            }
        });
        c.addEventListener('pointermove', (e) => {
            const { x, y } = local(e);
            const d = this.drag;
            if (d) {
                if (Math.abs(x - d.x) > 3 || Math.abs(y - d.y) > 3) d.moved = true;
                if (d.mode === 'scrub') {
                    this.seek(this.viewport.t(x - this.layout.contentLeft));
                    return;
                }
                if (d.moved && x >= this.layout.contentLeft - 20) {
                    // Drag the run like a sheet of paper: the instant under the pointer stays under it.
                    d.mode = 'pan';
                    c.classList.add('grab');
                    const dt = ((x - d.x) / this.layout.contentWidth) * (d.to - d.from);
                    this.viewport.set(d.from - dt, d.to - dt);
                    this.hideTooltip();
                    this.invalidate(true);
                    return;
                }
            }
            this.hoverAt(x, y, e.clientX, e.clientY);
        });
        c.addEventListener('pointerup', (e) => {
            const d = this.drag;
            this.drag = null;
            c.classList.remove('grab');
            if (!d) return;
            if (d.mode === 'pan') {
                this.saveStateSoon();
                return;
            }
            if (d.mode === 'press' && !d.moved) {
                const { x, y } = local(e);
                this.click(x, y);
            }
        });
        c.addEventListener('pointerleave', () => {
            if (this.drag) return;
            this.hover = null;
            this.hoverX = null;
            this.hideTooltip();
            this.invalidate(false);
        });
        c.addEventListener('dblclick', (e) => {
            const { x } = local(e);
            if (x < this.layout.contentLeft) return;
            this.viewport.zoom(2, this.viewport.t(x - this.layout.contentLeft));
            this.invalidate(true);
            this.saveStateSoon();
        });
        c.addEventListener(
            'wheel',
            (e) => {
                const { x } = local(e);
                if (e.ctrlKey || e.metaKey) {
                    e.preventDefault();
                    const anchor = this.viewport.t(Math.max(0, x - this.layout.contentLeft));
                    this.viewport.zoom(Math.exp(-e.deltaY * 0.002), anchor);
                    this.invalidate(true);
                    this.saveStateSoon();
                } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
                    e.preventDefault();
                    const delta = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
                    this.viewport.pan((delta / this.layout.contentWidth) * this.viewport.span);
                    this.invalidate(true);
                    this.saveStateSoon();
                }
                // A plain vertical wheel scrolls the lanes natively.
            },
            { passive: false }
        );
        document.addEventListener('keydown', (e) => {
            const target = e.target as HTMLElement | null;
            if (target && (target.tagName === 'SELECT' || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
            const action = actionOf(e);
            if (!action) return;
            // Space and Enter on a focused toolbar button would press it as well.
            if (target?.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
            e.preventDefault();
            this.perform(action);
        });
    }

    private click(x: number, y: number): void {
        const hit = hitTest(x, y, this.layout, this.viewport, this.models(), this.scrollTop);
        if (hit.area === 'gutter') {
            const view = this.drawnViews()[hit.box.view]?.index ?? 0;
            if (hit.box.lane.line) this.revealLine(view, hit.box.lane.line);
            return;
        }
        if (hit.area !== 'lane') return;
        const item = hit.item ? { ...hit.item, view: this.drawnViews()[hit.item.view]?.index ?? 0 } : null;
        if (item && (item.refKind === 'event' || item.refKind === 'scenarioEvent')) {
            const model = this.views[item.view].model!;
            const at = item.refKind === 'event' ? model.trace.events[item.ref].at : model.trace.scenarioEvents[item.ref].at;
            this.selected = item;
            this.playback.pause();
            this.seek(at);
            this.revealItem(item);
            return;
        }
        this.selected = null;
        this.seek(hit.t);
    }

    private hoverAt(x: number, y: number, clientX: number, clientY: number): void {
        const hit = hitTest(x, y, this.layout, this.viewport, this.models(), this.scrollTop);
        this.hover = hit;
        this.hoverX = hit.area === 'lane' || hit.area === 'ruler' ? x : null;
        let pointer = false;
        if (hit.area === 'lane' && hit.item) {
            const viewIndex = this.drawnViews()[hit.item.view]?.index ?? 0;
            const item = { ...hit.item, view: viewIndex };
            const model = this.views[viewIndex].model!;
            const object = itemObject(this.views.map((v) => v.model!).filter(Boolean), hit.item);
            if (object) {
                this.showTooltip(tooltipFor(model.trace, item, object, hit.t), clientX, clientY);
                pointer = item.refKind === 'scenarioEvent' || (item.refKind === 'event' && model.trace.events[item.ref]?.line !== undefined);
            } else this.hideTooltip();
        } else if (hit.area === 'gutter' && hit.box.lane.line) {
            pointer = true;
            this.showTooltip(h('div', { class: 'tip-card' }, h('div', { class: 'tip-title' }, hit.box.lane.label), h('div', { class: 'tip-hint' }, `click to show line ${hit.box.lane.line}`)), clientX, clientY);
        } else this.hideTooltip();
        this.overlayCanvas.classList.toggle('pointer', pointer);
        this.invalidate(false);
    }

    private showTooltip(card: HTMLElement, clientX: number, clientY: number): void {
        this.tooltip.replaceChildren(card);
        this.tooltip.style.display = 'block';
        const w = this.tooltip.offsetWidth;
        const hgt = this.tooltip.offsetHeight;
        const left = clientX + 14 + w > window.innerWidth ? Math.max(4, clientX - 14 - w) : clientX + 14;
        const top = clientY + 16 + hgt > window.innerHeight ? Math.max(4, clientY - 10 - hgt) : clientY + 16;
        this.tooltip.style.left = `${left}px`;
        this.tooltip.style.top = `${top}px`;
    }

    private hideTooltip(): void {
        this.tooltip.style.display = 'none';
    }

    // ---------------------------------------------------------------- state and export

    private saveStateSoon(): void {
        if (this.stateTimer !== null) return;
        this.stateTimer = setTimeout(() => {
            this.stateTimer = null;
            this.host.setState(this.currentState());
        }, 250);
    }

    currentState(): WebviewState {
        return {
            stateVersion: 1,
            sources: this.views.map((v) => v.source),
            playhead: this.playback.playhead,
            view: this.viewport.isWhole ? null : { from: this.viewport.from, to: this.viewport.to },
            speed: this.playback.speed,
            scrollTop: this.scrollTop
        };
    }

    private fileStem(): string {
        const names = this.models().map((m) => m.trace.scenario);
        const stem = names.join('-vs-').replace(/[^\w.\-]+/g, '_').slice(0, 80);
        return stem || 'replay';
    }

    /** Draws the whole picture (all lanes of the visible time range, playhead included). */
    renderPicture(format: 'png' | 'svg'): string {
        const height = Math.min(MAX_EXPORT_HEIGHT, RULER_HEIGHT + this.layout.totalHeight);
        const scene = {
            layout: this.layout,
            viewport: this.viewport,
            models: this.models(),
            colors: this.drawnViews().map((d) => this.colors[d.index]),
            headers: this.headers(),
            palette: this.palette,
            scrollTop: 0,
            height
        };
        const overlay = { layout: this.layout, viewport: this.viewport, palette: this.palette, height, playhead: this.playback.playhead, hoverX: null, hoverRect: null, selectedRect: null, highlightRect: null };
        if (format === 'svg') {
            const measurer = new CanvasPainter(document.createElement('canvas').getContext('2d')!);
            const svg = new SvgPainter(this.width, height, measurer, this.palette.bg);
            drawTimeline(svg, scene);
            drawOverlay(svg, overlay);
            return svg.toString();
        }
        const scale = height * 2 <= MAX_EXPORT_HEIGHT ? 2 : 1;
        const canvas = document.createElement('canvas');
        canvas.width = this.width * scale;
        canvas.height = height * scale;
        const ctx = canvas.getContext('2d')!;
        ctx.setTransform(scale, 0, 0, scale, 0, 0);
        const painter = new CanvasPainter(ctx);
        drawTimeline(painter, scene);
        drawOverlay(painter, overlay);
        return canvas.toDataURL('image/png');
    }

    private export(format: 'png' | 'svg' | 'json' | 'html'): void {
        if (this.models().length === 0) return;
        const standalone = this.host.kind === 'standalone';
        if (format === 'json') {
            if (standalone) {
                this.models().forEach((m, i) => download(`${m.trace.scenario}${i ? '-b' : ''}.trace.json`, JSON.stringify(m.trace, null, 1), 'application/json'));
            } else this.views.forEach((v, index) => v.model && this.host.post({ type: 'exportTrace', index }));
            return;
        }
        if (format === 'html') {
            this.host.post({ type: 'exportHtml' });
            return;
        }
        const data = this.renderPicture(format);
        const fileName = `${this.fileStem()}.${format}`;
        if (standalone) {
            if (format === 'svg') download(fileName, data, 'image/svg+xml');
            else fetchDataUrlAsBlob(data).then((blob) => download(fileName, blob, 'image/png'));
        } else this.host.post({ type: 'exportPicture', format, fileName, data });
    }

    // ---------------------------------------------------------------- debug hook

    /** A read-only description of what is on screen, for tests and benchmarks. */
    snapshot() {
        return {
            views: this.views.map((v, i) => ({
                letter: LETTERS[i],
                source: v.source,
                scenario: v.model?.trace.scenario ?? null,
                problem: v.problem ?? null,
                lanes: v.model?.lanes.map((l) => ({ id: l.id, kind: l.kind, label: l.label, height: l.height, tracks: l.tracks.map((p) => ({ id: p.track.id, top: p.top, height: p.track.height, rows: p.track.kind === 'spans' ? p.track.rows.length : 1 })) })) ?? []
            })),
            playhead: this.playback.playhead,
            playing: this.playback.playing,
            speed: this.playback.speed,
            view: { from: this.viewport.from, to: this.viewport.to, duration: this.viewport.duration },
            scrollTop: this.scrollTop,
            size: { width: this.width, height: this.height, dpr: this.dpr },
            layout: {
                contentLeft: this.layout.contentLeft,
                contentWidth: this.layout.contentWidth,
                rulerHeight: RULER_HEIGHT,
                headerHeight: HEADER_HEIGHT,
                totalHeight: this.layout.totalHeight,
                lanes: this.layout.lanes.map((b) => ({ id: b.lane.id, view: this.drawnViews()[b.view]?.index ?? b.view, top: RULER_HEIGHT + b.top - this.scrollTop, height: b.height }))
            },
            drawn: this.drawLog,
            /** Work is queued (a frame, or the side panels): what is on screen may still change. */
            pending: this.frameRequested || this.panelsPending,
            selected: this.selected ? { view: this.selected.view, refKind: this.selected.refKind, ref: this.selected.ref } : null,
            highlight: this.highlight,
            banner: this.banner.textContent ?? '',
            bannerKind: this.banner.className,
            rejected: [...this.rejected],
            lastCursor: this.lastCursor,
            helpOpen: this.help.classList.contains('open'),
            tooltip: this.tooltip.style.display === 'block' ? this.tooltip.textContent : null,
            timings: { ...this.timings, frameIntervals: [...this.timings.frameIntervals], frameWork: [...this.timings.frameWork], staticDrawMs: [...this.timings.staticDrawMs] },
            state: this.currentState()
        };
    }

    /** Colour the canvas uses for a paint key in a view (tests compare pixels with it). */
    colorOf(view: number, key: string): string | null {
        return this.views[view]?.model ? this.palette.color(key) : null;
    }

    /**
     * Where the renderer puts an item (canvas CSS pixels, scroll applied), found through the same
     * layout and rows it draws from; null when the item is in no lane.
     */
    itemRect(view: number, refKind: string, ref: number): Rect | null {
        const block = this.blockOf(view);
        for (const box of this.layout.lanes) {
            if (box.view !== block) continue;
            for (const placed of box.lane.tracks) {
                const track = placed.track;
                if (track.refKind !== refKind) continue;
                const top = RULER_HEIGHT + box.top - this.scrollTop + placed.top;
                if (track.kind === 'spans') {
                    const rowH = track.height / Math.max(1, track.rows.length);
                    for (let r = 0; r < track.rows.length; r++) {
                        const row = track.rows[r];
                        for (let i = 0; i < row.length; i++) {
                            if (row.ref[i] === ref) return { x0: this.xOf(row.from[i]), x1: this.xOf(row.to[i]), y0: top + r * rowH, y1: top + (r + 1) * rowH };
                        }
                    }
                } else if (track.kind === 'ticks') {
                    for (let i = 0; i < track.row.length; i++) {
                        if (track.row.ref[i] === ref) return { x0: this.xOf(track.row.at[i]), x1: this.xOf(track.row.at[i]), y0: top, y1: top + track.height };
                    }
                }
            }
        }
        return null;
    }

    /** Canvas x of instant t. */
    xOf(t: number): number {
        return this.layout.contentLeft + this.viewport.x(t);
    }
}

async function fetchDataUrlAsBlob(dataUrl: string): Promise<Blob> {
    const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new Blob([bytes], { type: 'image/png' });
}
