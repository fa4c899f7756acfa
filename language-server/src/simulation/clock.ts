/**
 * The simulation clock: a deterministic discrete-event queue on a millisecond clock.
 *
 * Ordering (simulation-conventions §2, §11): events run by time; at the same instant,
 * coordinator timers run before everything else, and otherwise events run in the order they
 * were scheduled. An event scheduled for the current instant runs after every event already
 * scheduled for that instant.
 */

/** Coordinator timers fire before client requests at the same instant. */
export const enum Priority {
    CoordinatorTimer = 0,
    Normal = 1,
    /** After everything else at the same instant (snapshots for `expect … at T`). */
    Last = 2
}

export interface ScheduledEvent {
    at: number;
    readonly run: () => void;
    cancelled: boolean;
    /** Waiting in the queue (an event that already ran may be scheduled again, see reuse). */
    queued: boolean;
    /**
     * Cannot change the group coordinator's state when it runs (heartbeat ticks, polls, commits,
     * samples…). Lets a heartbeat round trip be settled at once when only such events are pending
     * at the same instant (see Clock.onlyBenignAt).
     */
    readonly benign: boolean;
}

/**
 * The events of one instant, one FIFO list per priority (FIFO = the order they were scheduled):
 * entries heads[p] ≤ i < sizes[p] of lists[p] are pending. A drained bucket is recycled with its
 * lists' capacity (a thousand members' heartbeats share an instant: the lists would grow anew).
 */
interface Bucket {
    readonly lists: [(ScheduledEvent | undefined)[], (ScheduledEvent | undefined)[], (ScheduledEvent | undefined)[]];
    readonly heads: [number, number, number];
    readonly sizes: [number, number, number];
}

/** Drained buckets kept for reuse. */
const BUCKET_POOL = 8;

/**
 * The queue is bucketed by instant: a min-heap of the distinct instants with pending events, and
 * per instant a FIFO list per priority. That is exactly the (time, priority, schedule order)
 * order, with far fewer heap operations than one heap entry per event: many events share an
 * instant (members heartbeat in phase after a rebalance).
 */
export class Clock {
    now = 0;
    private readonly buckets = new Map<number, Bucket>();
    private readonly times: number[] = [];
    /** Events run so far (for benchmarks and the trace summary). */
    processed = 0;
    /** Run once after the current event (then cleared): coalesces work an event asked for several times. */
    afterEvent: (() => void) | null = null;
    /** Pending events that are not benign, per instant. */
    private readonly nonBenign = new Map<number, number>();
    /** The bucket push() used last (events come in runs for one instant: members heartbeat in phase). */
    private lastAt = NaN;
    private lastBucket: Bucket | null = null;
    private readonly pool: Bucket[] = [];

    /**
     * Run `run` at `at` (clamped to now). Returns a handle to cancel it. An event is benign only
     * when its caller says so (it cannot change a group coordinator's state); coordinator timers
     * never are.
     */
    schedule(at: number, run: () => void, priority: Priority = Priority.Normal, benign = false): ScheduledEvent {
        if (priority === Priority.CoordinatorTimer) benign = false;
        // The order among events of one instant is their place in the instant's FIFO list (see push).
        const ev: ScheduledEvent = { at: at < this.now ? this.now : at, run, cancelled: false, benign, queued: false };
        if (!benign) this.nonBenign.set(ev.at, (this.nonBenign.get(ev.at) ?? 0) + 1);
        this.push(ev, priority);
        return ev;
    }

    /**
     * Schedule `run` at `at` reusing `slot` when it is not waiting in the queue (a member's
     * heartbeat or commit timer: saves an allocation per tick). Same order as schedule().
     */
    reuse(slot: ScheduledEvent | null, at: number, run: () => void, priority: Priority = Priority.Normal, benign = true): ScheduledEvent {
        if (!slot || slot.queued || slot.run !== run || priority === Priority.CoordinatorTimer || !benign || !slot.benign) return this.schedule(at, run, priority, benign);
        slot.at = at < this.now ? this.now : at;
        slot.cancelled = false;
        this.push(slot, priority);
        return slot;
    }

    /** Run `run` after `delay` ms. */
    after(delay: number, run: () => void, priority: Priority = Priority.Normal, benign = false): ScheduledEvent {
        return this.schedule(this.now + delay, run, priority, benign);
    }

    cancel(ev: ScheduledEvent | null | undefined): void {
        if (!ev || ev.cancelled) return;
        ev.cancelled = true;
        if (!ev.benign && ev.queued) this.settleNonBenign(ev.at);
    }

    /** Whether every event still pending at instant `t` is benign. */
    onlyBenignAt(t: number): boolean {
        return !this.nonBenign.has(t);
    }

    private settleNonBenign(at: number): void {
        const n = this.nonBenign.get(at)! - 1;
        if (n === 0) this.nonBenign.delete(at);
        else this.nonBenign.set(at, n);
    }

    /** The earliest instant with pending events (some may be cancelled), or Infinity. */
    peekTime(): number {
        return this.times.length > 0 ? this.times[0] : Infinity;
    }

    /**
     * Run events up to and including `until`. `shouldStop` is polled every few thousand events
     * (cancellation). Returns false if stopped early.
     */
    runUntil(until: number, shouldStop?: () => boolean): boolean {
        let sinceCheck = 0;
        while (this.times.length > 0) {
            const at = this.times[0];
            if (at > until) break;
            const bucket = this.buckets.get(at)!;
            this.now = at;
            for (;;) {
                // The lowest priority first; events scheduled meanwhile for this instant join the lists.
                let p = 0;
                while (p < 3 && bucket.heads[p] >= bucket.sizes[p]) p++;
                if (p === 3) break;
                const i = bucket.heads[p]++;
                const ev = bucket.lists[p][i]!;
                bucket.lists[p][i] = undefined; // no reference kept in a recycled list
                ev.queued = false;
                if (ev.cancelled) continue; // uncounted when cancelled
                if (!ev.benign) this.settleNonBenign(at);
                this.processed++;
                ev.run();
                if (this.afterEvent) this.afterEvent();
                if (shouldStop && ++sinceCheck >= 4096) {
                    sinceCheck = 0;
                    if (shouldStop()) return false;
                }
            }
            this.buckets.delete(at);
            if (this.lastAt === at) this.lastBucket = null;
            if (this.pool.length < BUCKET_POOL) {
                bucket.heads[0] = bucket.heads[1] = bucket.heads[2] = 0;
                bucket.sizes[0] = bucket.sizes[1] = bucket.sizes[2] = 0;
                this.pool.push(bucket);
            }
            this.popTime();
        }
        this.now = Math.max(this.now, until);
        return true;
    }

    private push(ev: ScheduledEvent, priority: Priority): void {
        ev.queued = true;
        let bucket = ev.at === this.lastAt ? this.lastBucket : null;
        if (bucket === null) {
            bucket = this.buckets.get(ev.at) ?? null;
            if (bucket === null) {
                bucket = this.pool.pop() ?? { lists: [[], [], []], heads: [0, 0, 0], sizes: [0, 0, 0] };
                this.buckets.set(ev.at, bucket);
                this.pushTime(ev.at);
            }
            this.lastAt = ev.at;
            this.lastBucket = bucket;
        }
        bucket.lists[priority][bucket.sizes[priority]++] = ev;
    }

    private pushTime(t: number): void {
        const h = this.times;
        h.push(t);
        let i = h.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (h[parent] <= t) break;
            h[i] = h[parent];
            i = parent;
        }
        h[i] = t;
    }

    private popTime(): void {
        const h = this.times;
        const last = h.pop()!;
        if (h.length === 0) return;
        let i = 0;
        const n = h.length;
        for (;;) {
            const l = 2 * i + 1;
            if (l >= n) break;
            const r = l + 1;
            const c = r < n && h[r] < h[l] ? r : l;
            if (h[c] >= last) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = last;
    }
}
