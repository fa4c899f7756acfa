import { JavaHashMapSimulation } from './java-hash-tree.js';

/**
 * Java's hash codes and the iteration order of `java.util.HashMap` / `HashSet`.
 *
 * Kafka's assignors iterate HashMaps of member ids, topic ids and partitions, and the
 * group coordinator does the same for leader choice and protocol votes. To reproduce
 * their results we reproduce the order: the same hash codes (`String.hashCode`,
 * `Uuid.hashCode`, `Integer.hashCode`, `TopicPartition.hashCode`), the same bit
 * spreading (`h ^ (h >>> 16)`), the same table sizes (initial capacity, doubling when
 * the size passes 3/4 of the table, doubling when a bucket of a small table passes
 * 8 entries) and the same bucket order (a bucket keeps its entries in insertion order,
 * and a resize keeps that relative order).
 *
 * A bucket that passes 8 entries in a table of 64 or more becomes a red-black tree in Java,
 * which changes its iteration order. That needs 9 keys whose spread hashes agree on all the
 * table's low bits; `javaHashOrder` then replays the insertions with a full model
 * (java-hash-tree.ts). The incremental JavaHashTableModel (which also removes keys) only
 * notices it (`treeifiedBuckets`) and keeps insertion order in such a bucket.
 *
 * Everything here is written from the documented behaviour of `java.util.HashMap`
 * (JDK 17 and 21 differ only in the capacity chosen by the copy constructors).
 */

/** `String.hashCode()`: s[0]·31^(n-1) + … + s[n-1], over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) {
        h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    }
    return h;
}

/** `Integer.hashCode()` is the value itself. */
export function javaIntegerHash(n: number): number {
    return n | 0;
}

/**
 * `org.apache.kafka.common.TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`.
 * Pass the topic's `javaStringHash` so that callers can cache it.
 */
export function topicPartitionHash(topicHash: number, partition: number): number {
    return (Math.imul(31, (31 + partition) | 0) + topicHash) | 0;
}

/** A Kafka `Uuid` as four signed 32-bit words: the most significant long is (w0, w1), the least (w2, w3). */
export interface UuidWords {
    readonly w0: number;
    readonly w1: number;
    readonly w2: number;
    readonly w3: number;
}

/** `org.apache.kafka.common.Uuid.hashCode()`: the high and low halves of (msb ^ lsb), xor-ed. */
export function uuidHash(u: UuidWords): number {
    return (u.w0 ^ u.w2) ^ (u.w1 ^ u.w3);
}

/** `HashMap.hash()`: the spread applied to every key's hash code before choosing a bucket. */
export function spreadHash(h: number): number {
    return (h ^ (h >>> 16)) | 0;
}

const MAXIMUM_CAPACITY = 1 << 30;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** `HashMap.tableSizeFor`: the smallest power of two ≥ cap (1 for cap ≤ 1). */
export function tableSizeFor(cap: number): number {
    if (cap <= 1) return 1;
    if (cap >= MAXIMUM_CAPACITY) return MAXIMUM_CAPACITY;
    let n = 1;
    while (n < cap) n *= 2;
    return n;
}

/** The JDK whose collection copy constructors we reproduce (they changed in JDK 19). */
export type JavaVersion = 17 | 21;

/**
 * The table size of `new HashMap<>(map)` / `putAll` into an empty map holding `size` entries.
 * JDK 17: `tableSizeFor((int) ((float) size / 0.75f + 1.0f))`; JDK 19+: `tableSizeFor((int) Math.ceil(size / 0.75))`.
 */
export function copyConstructorCapacity(size: number, jdk: JavaVersion = 17): number {
    if (size <= 0) return 0; // the table stays unallocated; the first put makes it 16
    if (jdk === 17) {
        const ft = Math.fround(Math.fround(Math.fround(size) / Math.fround(0.75)) + 1);
        return tableSizeFor(Math.trunc(ft));
    }
    return tableSizeFor(Math.ceil(size / 0.75));
}

/**
 * The table size of `new HashSet<>(collection)` holding `size` elements.
 * JDK 17: `new HashMap<>(Math.max((int) (size / .75f) + 1, 16))`;
 * JDK 19+: `HashMap.newHashMap(Math.max(size, 12))`, i.e. `ceil(max(size, 12) / 0.75)`.
 */
export function hashSetFromCollectionCapacity(size: number, jdk: JavaVersion = 17): number {
    if (jdk === 17) {
        return tableSizeFor(Math.max(Math.trunc(Math.fround(Math.fround(size) / Math.fround(0.75))) + 1, 16));
    }
    return tableSizeFor(Math.ceil(Math.max(size, 12) / 0.75));
}

/** The table size of `new HashMap<>(n)` / `new HashSet<>(n)` before its first put. */
export function explicitInitialCapacity(n: number): number {
    return tableSizeFor(n);
}

/** The resize threshold for a table of `cap` buckets at load factor 0.75. */
function thresholdOf(cap: number): number {
    return Math.floor(cap * 0.75);
}

/**
 * How a map or set was created, which fixes its first table size:
 * - `{ kind: 'default' }`: `new HashMap<>()`, 16 buckets at the first put;
 * - `{ kind: 'capacity', n }`: `new HashMap<>(n)`;
 * - `{ kind: 'table', size }`: a table of exactly `size` buckets (already computed, e.g. by
 *   `copyConstructorCapacity` or `hashSetFromCollectionCapacity`).
 */
export type JavaTableInit =
    | { readonly kind: 'default' }
    | { readonly kind: 'capacity'; readonly n: number }
    | { readonly kind: 'table'; readonly size: number };

interface Slot<K> {
    readonly key: K;
    readonly hash: number; // spread hash
    readonly seq: number; // insertion sequence number, orders a bucket
}

/**
 * A model of one `java.util.HashMap` (or `HashSet`, which is a HashMap): it does not store
 * values, only what decides the iteration order — the keys' spread hashes, their insertion
 * sequence and the table size, which it grows exactly as Java does.
 */
export class JavaHashTableModel<K> {
    private readonly slots = new Map<K, Slot<K>>();
    private capacity: number; // 0 until the first put allocates the table
    private firstCapacity: number;
    private seq = 0;
    private bucketCounts: Int32Array | undefined;
    /** keys() until the next add, delete or resize (a group coordinator asks several times per rebalance). */
    private ordered: K[] | null = null;
    /** Buckets that Java would have turned into red-black trees (order approximated, see module doc). */
    treeifiedBuckets = 0;

    constructor(private readonly hashCode: (key: K) => number, init: JavaTableInit = { kind: 'default' }) {
        this.capacity = 0;
        switch (init.kind) {
            case 'default': this.firstCapacity = 16; break;
            case 'capacity': this.firstCapacity = tableSizeFor(init.n); break;
            case 'table': this.firstCapacity = init.size <= 0 ? 16 : tableSizeFor(init.size); break;
        }
    }

    get size(): number {
        return this.slots.size;
    }

    get tableSize(): number {
        return this.capacity === 0 ? this.firstCapacity : this.capacity;
    }

    has(key: K): boolean {
        return this.slots.has(key);
    }

    /** `put` / `add`: a key already present keeps its place. */
    add(key: K): void {
        if (this.slots.has(key)) return;
        if (this.capacity === 0) this.allocate(this.firstCapacity);
        const hash = spreadHash(this.hashCode(key));
        this.ordered = null;
        this.slots.set(key, { key, hash, seq: this.seq++ });
        const counts = this.bucketCounts!;
        const bucket = hash & (this.capacity - 1);
        counts[bucket]++;
        if (counts[bucket] > TREEIFY_THRESHOLD) {
            // putVal calls treeifyBin once the bucket passes 8 entries; a small table grows instead.
            if (this.capacity < MIN_TREEIFY_CAPACITY) this.resize();
            else if (counts[bucket] === TREEIFY_THRESHOLD + 1) this.treeifiedBuckets++;
        }
        if (this.slots.size > thresholdOf(this.capacity)) this.resize();
    }

    /** `remove`: the table never shrinks. */
    delete(key: K): void {
        const slot = this.slots.get(key);
        if (!slot) return;
        this.slots.delete(key);
        this.ordered = null;
        this.bucketCounts![slot.hash & (this.capacity - 1)]--;
    }

    /** The keys in the order Java iterates them: by bucket index, then insertion order. */
    keys(): K[] {
        if (this.ordered === null) {
            const list = [...this.slots.values()];
            const mask = this.tableSize - 1;
            list.sort((a, b) => ((a.hash & mask) - (b.hash & mask)) || (a.seq - b.seq));
            this.ordered = list.map((s) => s.key);
        }
        return this.ordered.slice();
    }

    /** The first key in iteration order (what `iterator().next()` returns), or undefined when empty. */
    first(): K | undefined {
        const mask = this.tableSize - 1;
        let best: Slot<K> | undefined;
        for (const s of this.slots.values()) {
            if (!best) { best = s; continue; }
            const d = (s.hash & mask) - (best.hash & mask);
            if (d < 0 || (d === 0 && s.seq < best.seq)) best = s;
        }
        return best?.key;
    }

    private allocate(cap: number): void {
        this.capacity = Math.min(cap, MAXIMUM_CAPACITY);
        this.recount();
    }

    private resize(): void {
        if (this.capacity >= MAXIMUM_CAPACITY) return;
        this.capacity *= 2;
        this.recount();
    }

    private recount(): void {
        this.ordered = null; // a new table size, a new order
        const counts = new Int32Array(this.capacity);
        const mask = this.capacity - 1;
        for (const s of this.slots.values()) counts[s.hash & mask]++;
        this.bucketCounts = counts;
    }
}

function firstTableSize(init: JavaTableInit): number {
    return init.kind === 'default' ? 16 : init.kind === 'capacity' ? tableSizeFor(init.n) : (init.size <= 0 ? 16 : tableSizeFor(init.size));
}

/**
 * Replays the insertions' effect on the table size: doubling past 3/4 full, and doubling when a
 * bucket of a table under 64 passes 8 entries. Returns the final size, or -1 when a bucket of a
 * table of 64 or more passes 8 entries: Java then turns it into a tree (java-hash-tree.ts).
 */
function finalTableSize(spread: Int32Array, init: JavaTableInit): number {
    const n = spread.length;
    let cap = firstTableSize(init);
    let counts = new Int32Array(cap);
    const recount = (upTo: number) => {
        counts = new Int32Array(cap);
        for (let j = 0; j <= upTo; j++) counts[spread[j] & (cap - 1)]++;
    };
    for (let i = 0; i < n; i++) {
        const b = spread[i] & (cap - 1);
        if (++counts[b] > TREEIFY_THRESHOLD) {
            if (cap >= MIN_TREEIFY_CAPACITY) return -1;
            cap *= 2; // treeifyBin resizes a small table instead
            recount(i);
        }
        if (i + 1 > thresholdOf(cap) && cap < MAXIMUM_CAPACITY) {
            cap *= 2;
            recount(i);
            // A resize never makes a bucket fuller, so no bucket passes 8 here.
        }
    }
    return cap;
}

/**
 * Positions (0-based insertion indices) in the order Java iterates a HashMap/HashSet built by
 * inserting distinct keys with these hash codes, in this order, into a map created as `init`.
 * `compare` orders keys with equal hashes the way their compareTo does (String, Integer, Uuid);
 * it only matters in the rare tree buckets.
 */
export function javaHashOrderOfHashes(
    hashCodes: ArrayLike<number>,
    init: JavaTableInit = { kind: 'default' },
    compare: (a: number, b: number) => number = () => 0
): Int32Array {
    const n = hashCodes.length;
    const spread = new Int32Array(n);
    for (let i = 0; i < n; i++) spread[i] = spreadHash(hashCodes[i]);
    const cap = finalTableSize(spread, init);
    if (cap < 0) {
        const map = new JavaHashMapSimulation(firstTableSize(init), compare);
        for (let i = 0; i < n; i++) map.put(i, spread[i]);
        return Int32Array.from(map.order());
    }
    const mask = cap - 1;
    // Sort by (bucket, insertion index), packed into one float: bucket · n + index < 2^53.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (spread[i] & mask) * n + i;
    keys.sort();
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[i] % n;
    return order;
}

/**
 * The iteration order of a `java.util.HashMap` (or `HashSet`) built by inserting `keys`, in
 * this order, into a map created as `init`. Duplicate keys keep their first place.
 */
export function javaHashOrder<K>(
    keys: Iterable<K>,
    hashCode: (key: K) => number,
    init: JavaTableInit = { kind: 'default' },
    compareKeys?: (a: K, b: K) => number
): K[] {
    const seen = new Set<K>();
    const distinct: K[] = [];
    for (const k of keys) {
        if (!seen.has(k)) {
            seen.add(k);
            distinct.push(k);
        }
    }
    const compare = compareKeys ? (a: number, b: number) => compareKeys(distinct[a], distinct[b]) : undefined;
    const order = javaHashOrderOfHashes(distinct.map(hashCode), init, compare);
    return Array.from(order, (i) => distinct[i]);
}

/** Shorthand: iteration order of a `HashMap<String, …>` built with `new HashMap<>()` and puts in `keys` order. */
export function javaStringHashMapOrder(keys: Iterable<string>, init: JavaTableInit = { kind: 'default' }): string[] {
    return javaHashOrder(keys, javaStringHash, init, compareStrings);
}

/** `String.compareTo` (UTF-16 code units), `Integer.compareTo`. */
export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export function compareIntegers(a: number, b: number): number {
    return a - b;
}
