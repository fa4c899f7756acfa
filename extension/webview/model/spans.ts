/**
 * Span rows in typed arrays, built once per trace, queried on every frame.
 *
 * Invariant: inside one row spans do not overlap and are sorted by `from`; therefore `to` is
 * sorted too and the first span visible from t0 is found by binary search on `to`. Rows are
 * built by `packRows`, which gives every span the lowest row free at its start (interval
 * colouring), so any list of spans, overlapping or not, becomes rows that keep the invariant.
 */

export class SpanRow {
    constructor(
        readonly from: Float64Array,
        readonly to: Float64Array,
        /** Index into the model's paint keys (colour). */
        readonly paint: Uint16Array,
        /** Index of the source object (e.g. trace.ownership[ref]). */
        readonly ref: Int32Array
    ) {}

    get length(): number {
        return this.from.length;
    }

    /** Index of the first span with `to > t` (spans ending at or before `t` are not visible). */
    firstEndingAfter(t: number): number {
        let lo = 0;
        let hi = this.to.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.to[mid] <= t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Index of the span covering `t`, or -1. */
    at(t: number): number {
        const i = this.firstEndingAfter(t);
        return i < this.length && this.from[i] <= t ? i : -1;
    }
}

export interface SpanInput {
    readonly from: number;
    readonly to: number;
    readonly paint: number;
    readonly ref: number;
    /** Ties at the same start: lower first (so partition order is stable across rows). */
    readonly order: number;
}

/** Packs spans into as few non-overlapping rows as possible. Zero-length spans are dropped. */
export function packRows(spans: readonly SpanInput[]): SpanRow[] {
    const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from || a.order - b.order || a.to - b.to);
    const rowEnd: number[] = [];
    const rows: SpanInput[][] = [];
    for (const s of sorted) {
        // Lowest row that is free at s.from. Rows are few (the partitions a member holds at once),
        // so a linear scan is cheaper than a heap and keeps the choice deterministic.
        let r = 0;
        while (r < rowEnd.length && rowEnd[r] > s.from) r++;
        if (r === rowEnd.length) {
            rowEnd.push(s.to);
            rows.push([s]);
        } else {
            rowEnd[r] = s.to;
            rows[r].push(s);
        }
    }
    return rows.map(toRow);
}

/**
 * Rows for refs into `list` when the spans they name are already sorted and disjoint (a member's
 * activity, trace-format.md: "at most one span covers an instant"): one typed-array row without an
 * object per span. Falls back to `packRows` when they are not.
 */
export function rowsOfSorted<T extends { readonly from: number; readonly to: number }>(list: readonly T[], refs: readonly number[], paint: (item: T) => number): SpanRow[] {
    let n = 0;
    let ordered = true;
    let end = -Infinity;
    for (const r of refs) {
        const s = list[r];
        if (s.to <= s.from) continue;
        if (s.from < end) {
            ordered = false;
            break;
        }
        end = s.to;
        n++;
    }
    if (!ordered) return packRows(refs.map((ref) => ({ from: list[ref].from, to: list[ref].to, paint: paint(list[ref]), ref, order: 0 })));
    if (n === 0) return [];
    const row = new SpanRow(new Float64Array(n), new Float64Array(n), new Uint16Array(n), new Int32Array(n));
    let i = 0;
    for (const r of refs) {
        const s = list[r];
        if (s.to <= s.from) continue;
        row.from[i] = s.from;
        row.to[i] = s.to;
        row.paint[i] = paint(s);
        row.ref[i] = r;
        i++;
    }
    return [row];
}

/** A row from spans that are already sorted and disjoint (activity, group states). */
export function toRow(spans: readonly SpanInput[]): SpanRow {
    const n = spans.length;
    const row = new SpanRow(new Float64Array(n), new Float64Array(n), new Uint16Array(n), new Int32Array(n));
    spans.forEach((s, i) => {
        row.from[i] = s.from;
        row.to[i] = s.to;
        row.paint[i] = s.paint;
        row.ref[i] = s.ref;
    });
    return row;
}

/** Instants (events) sorted by time, with a paint and a source index each. */
export class TickRow {
    constructor(
        readonly at: Float64Array,
        readonly paint: Uint16Array,
        readonly ref: Int32Array
    ) {}

    get length(): number {
        return this.at.length;
    }

    /** Index of the first instant ≥ t. */
    firstAtOrAfter(t: number): number {
        let lo = 0;
        let hi = this.at.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.at[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Ticks from `refs` (indices into a list sorted by time), without building an object per tick. */
    static ofSorted(refs: ArrayLike<number>, at: (ref: number) => number, paint: (ref: number) => number): TickRow {
        const n = refs.length;
        const row = new TickRow(new Float64Array(n), new Uint16Array(n), new Int32Array(n));
        for (let i = 0; i < n; i++) {
            const ref = refs[i];
            row.at[i] = at(ref);
            row.paint[i] = paint(ref);
            row.ref[i] = ref;
        }
        return row;
    }

    static of(items: readonly { at: number; paint: number; ref: number }[]): TickRow {
        // Traces list events in time order already: sort only when they are not.
        let inOrder = true;
        for (let i = 1; i < items.length && inOrder; i++) inOrder = items[i - 1].at < items[i].at || (items[i - 1].at === items[i].at && items[i - 1].ref <= items[i].ref);
        const sorted = inOrder ? items : [...items].sort((a, b) => a.at - b.at || a.ref - b.ref);
        const row = new TickRow(new Float64Array(sorted.length), new Uint16Array(sorted.length), new Int32Array(sorted.length));
        sorted.forEach((s, i) => {
            row.at[i] = s.at;
            row.paint[i] = s.paint;
            row.ref[i] = s.ref;
        });
        return row;
    }
}
