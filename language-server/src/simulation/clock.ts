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
    /** Priority · 2^40 + sequence: a total order among events at the same instant. */
    key: number;
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

const PRIORITY_SPAN = 2 ** 40;

export class Clock {
    now = 0;
    private seq = 0;
    private heap: ScheduledEvent[] = [];
    /** Events run so far (for benchmarks and the trace summary). */
    processed = 0;
    /** Run once after the current event (then cleared): coalesces work an event asked for several times. */
    afterEvent: (() => void) | null = null;
    /** Pending events that are not benign, per instant. */
    private readonly nonBenign = new Map<number, number>();

    /**
     * Run `run` at `at` (clamped to now). Returns a handle to cancel it. An event is benign only
     * when its caller says so (it cannot change a group coordinator's state); coordinator timers
     * never are.
     */
    schedule(at: number, run: () => void, priority: Priority = Priority.Normal, benign = false): ScheduledEvent {
        if (priority === Priority.CoordinatorTimer) benign = false;
        const ev: ScheduledEvent = { at: at < this.now ? this.now : at, key: priority * PRIORITY_SPAN + this.seq++, run, cancelled: false, benign, queued: false };
        if (!benign) this.nonBenign.set(ev.at, (this.nonBenign.get(ev.at) ?? 0) + 1);
        this.push(ev);
        return ev;
    }

    /**
     * Schedule `run` at `at` reusing `slot` when it is not waiting in the queue (a member's
     * heartbeat or commit timer: saves an allocation per tick). Same order as schedule().
     */
    reuse(slot: ScheduledEvent | null, at: number, run: () => void, priority: Priority = Priority.Normal, benign = true): ScheduledEvent {
        if (!slot || slot.queued || slot.run !== run || priority === Priority.CoordinatorTimer || !benign || !slot.benign) return this.schedule(at, run, priority, benign);
        slot.at = at < this.now ? this.now : at;
        slot.key = priority * PRIORITY_SPAN + this.seq++;
        slot.cancelled = false;
        this.push(slot);
        return slot;
    }

    /** Run `run` after `delay` ms. */
    after(delay: number, run: () => void, priority: Priority = Priority.Normal, benign = false): ScheduledEvent {
        return this.schedule(this.now + delay, run, priority, benign);
    }

    cancel(ev: ScheduledEvent | null | undefined): void {
        if (!ev || ev.cancelled) return;
        ev.cancelled = true;
        if (!ev.benign) this.settleNonBenign(ev.at);
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

    /** The time of the next live event, or Infinity. */
    peekTime(): number {
        while (this.heap.length > 0 && this.heap[0].cancelled) this.pop(); // cancelled ones were already uncounted
        return this.heap.length > 0 ? this.heap[0].at : Infinity;
    }

    /**
     * Run events up to and including `until`. `shouldStop` is polled every few thousand events
     * (cancellation). Returns false if stopped early.
     */
    runUntil(until: number, shouldStop?: () => boolean): boolean {
        let sinceCheck = 0;
        while (this.heap.length > 0) {
            const top = this.heap[0];
            if (top.cancelled) {
                this.pop();
                continue;
            }
            if (top.at > until) break;
            this.pop();
            if (!top.benign) this.settleNonBenign(top.at);
            this.now = top.at;
            this.processed++;
            top.run();
            if (this.afterEvent) this.afterEvent();
            if (shouldStop && ++sinceCheck >= 4096) {
                sinceCheck = 0;
                if (shouldStop()) return false;
            }
        }
        this.now = Math.max(this.now, until);
        return true;
    }

    private less(a: ScheduledEvent, b: ScheduledEvent): boolean {
        return a.at < b.at || (a.at === b.at && a.key < b.key);
    }

    private push(ev: ScheduledEvent): void {
        ev.queued = true;
        const h = this.heap;
        h.push(ev);
        let i = h.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!this.less(h[i], h[parent])) break;
            [h[i], h[parent]] = [h[parent], h[i]];
            i = parent;
        }
    }

    private pop(): ScheduledEvent {
        const h = this.heap;
        const top = h[0];
        top.queued = false;
        const last = h.pop()!;
        if (h.length > 0) {
            h[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < h.length && this.less(h[l], h[m])) m = l;
                if (r < h.length && this.less(h[r], h[m])) m = r;
                if (m === i) break;
                [h[i], h[m]] = [h[m], h[i]];
                i = m;
            }
        }
        return top;
    }
}
