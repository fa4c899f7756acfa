/**
 * The visible time range and its mapping to pixels. Pure state: no DOM. The range always lies
 * inside [0, duration] and is never narrower than MIN_SPAN_MS, so every operation (zoom, pan,
 * scrub) leaves it drawable.
 */

export const MIN_SPAN_MS = 1;

export class Viewport {
    private fromMs = 0;
    private toMs: number;

    constructor(
        private durationMs: number,
        /** Width in CSS pixels of the area the range maps to. */
        public width = 1000
    ) {
        this.durationMs = Math.max(MIN_SPAN_MS, durationMs);
        this.toMs = this.durationMs;
    }

    get from(): number {
        return this.fromMs;
    }
    get to(): number {
        return this.toMs;
    }
    get span(): number {
        return this.toMs - this.fromMs;
    }
    get duration(): number {
        return this.durationMs;
    }
    get isWhole(): boolean {
        return this.fromMs <= 0 && this.toMs >= this.durationMs;
    }

    /** Pixels per millisecond. */
    get scale(): number {
        return this.width / this.span;
    }

    x(t: number): number {
        return ((t - this.fromMs) / this.span) * this.width;
    }

    t(x: number): number {
        return this.fromMs + (x / this.width) * this.span;
    }

    /** A new run length (after an edit): keeps the range if it still fits. */
    setDuration(durationMs: number): void {
        const wasWhole = this.isWhole;
        this.durationMs = Math.max(MIN_SPAN_MS, durationMs);
        if (wasWhole) this.set(0, this.durationMs);
        else this.set(this.fromMs, this.toMs);
    }

    set(from: number, to: number): void {
        let span = Math.min(this.durationMs, Math.max(MIN_SPAN_MS, to - from));
        if (!Number.isFinite(span)) span = this.durationMs;
        let f = Number.isFinite(from) ? from : 0;
        f = Math.min(Math.max(0, f), this.durationMs - span);
        this.fromMs = f;
        this.toMs = f + span;
    }

    fit(): void {
        this.set(0, this.durationMs);
    }

    /** Zoom by `factor` (> 1 = in) keeping instant `anchor` at the same pixel. */
    zoom(factor: number, anchor: number): void {
        const span = this.span / factor;
        const ratio = (anchor - this.fromMs) / this.span;
        this.set(anchor - ratio * span, anchor - ratio * span + span);
    }

    /** Move the range by `dt` milliseconds (clamped at both ends). */
    pan(dt: number): void {
        this.set(this.fromMs + dt, this.toMs + dt);
    }

    /**
     * Makes `t` visible. If it is off screen the range moves so that `t` sits `lead` (a fraction of
     * the width) from the left edge: while playing, the playhead turns the page like a score.
     */
    reveal(t: number, lead = 0.1): boolean {
        if (t >= this.fromMs && t <= this.toMs) return false;
        const span = this.span;
        this.set(t - lead * span, t - lead * span + span);
        return true;
    }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Ruler steps a reader counts in: 1-2-5 below a second, clock units above. */
const STEPS = [
    1, 2, 5, 10, 20, 50, 100, 200, 500,
    SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
    MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
    HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR
];

/** The smallest ruler step that keeps labels at least `minPx` apart. */
export function tickStep(scalePxPerMs: number, minPx: number): number {
    for (const step of STEPS) if (step * scalePxPerMs >= minPx) return step;
    return STEPS[STEPS.length - 1];
}

/** Instants of the ruler's ticks inside [from, to]. */
export function ticks(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
    return out;
}
