/**
 * The playhead's clock. Pure: the caller passes the wall-clock time of each frame, so tests and
 * benchmarks drive it deterministically. Speed is simulated milliseconds per real millisecond.
 */

export const SPEEDS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 3600] as const;

/** The speed that plays the whole run in about half a minute. */
export function defaultSpeed(durationMs: number): number {
    const wanted = durationMs / 30_000;
    return SPEEDS.find((s) => s >= wanted) ?? SPEEDS[SPEEDS.length - 1];
}

export class Playback {
    private t = 0;
    private running = false;
    private lastWall: number | null = null;
    speed: number;

    constructor(private duration: number) {
        this.speed = defaultSpeed(duration);
    }

    get playhead(): number {
        return this.t;
    }
    get playing(): boolean {
        return this.running;
    }

    setDuration(duration: number): void {
        this.duration = duration;
        this.seek(this.t);
    }

    seek(t: number): void {
        this.t = Math.min(Math.max(0, Number.isFinite(t) ? t : 0), this.duration);
    }

    play(): void {
        if (this.t >= this.duration) this.t = 0;
        this.running = true;
        this.lastWall = null;
    }

    pause(): void {
        this.running = false;
        this.lastWall = null;
    }

    toggle(): void {
        if (this.running) this.pause();
        else this.play();
    }

    /** Advances by the wall time since the previous frame; stops at the end. Returns whether it moved. */
    frame(wallMs: number): boolean {
        if (!this.running) return false;
        if (this.lastWall === null) {
            this.lastWall = wallMs;
            return false;
        }
        // A long gap (tab hidden, debugger) must not jump the playhead across the run.
        const dt = Math.min(wallMs - this.lastWall, 100);
        this.lastWall = wallMs;
        const before = this.t;
        this.t = Math.min(this.duration, this.t + dt * this.speed);
        if (this.t >= this.duration) this.pause();
        return this.t !== before;
    }

    faster(): void {
        this.speed = SPEEDS.find((s) => s > this.speed) ?? this.speed;
    }

    slower(): void {
        this.speed = [...SPEEDS].reverse().find((s) => s < this.speed) ?? this.speed;
    }
}

/** The first moment strictly after `t` (or before, for `direction` −1) in a sorted array. */
export function stepMoment(moments: ArrayLike<number>, t: number, direction: 1 | -1): number | null {
    // Moments within half a millisecond count as "here": stepping from an event goes to the next one.
    const eps = 0.5;
    let lo = 0;
    let hi = moments.length;
    if (direction > 0) {
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (moments[mid] <= t + eps) lo = mid + 1;
            else hi = mid;
        }
        return lo < moments.length ? moments[lo] : null;
    }
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (moments[mid] < t - eps) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 ? moments[lo - 1] : null;
}
