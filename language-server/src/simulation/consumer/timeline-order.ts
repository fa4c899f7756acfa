/**
 * Iteration order of Kafka's `TimelineHashMap<String, …>` (server-common `BaseHashTable` and
 * `SnapshottableHashTable.CurrentIterator`), which holds a consumer group's members. The order
 * matters because the coordinator hands the members to the assignor in it, and the assignor
 * fills its own HashMap in that order (simulation-conventions §10).
 *
 * BaseHashTable: a power-of-two table, at least 2 slots, grown ×2 when `(size + 1) · 0.75`
 * exceeds it, never shrunk; the slot is the top bits of `hashCode · -7046029254386353131`
 * (Fibonacci hashing); a slot holding several keys keeps them in insertion order (a rehash
 * re-inserts slot by slot), and the iterator walks slots in order, each slot's keys from last
 * to first.
 */
import { javaStringHash } from '../../assignors/java-hash.js';

const FIBONACCI = -7046029254386353131n;
const MASK64 = (1n << 64n) - 1n;

function slotOf(hash: number, capacity: number): number {
    const log2size = 32 - Math.clz32(capacity);
    const shift = BigInt(65 - log2size);
    const product = (BigInt(hash | 0) * FIBONACCI) & MASK64; // long arithmetic, sign-extended int
    return Number(product >> shift);
}

export class TimelineHashOrder {
    private slots: string[][] = [[], []];
    private count = 0;

    get size(): number {
        return this.count;
    }

    has(key: string): boolean {
        return this.slots[slotOf(javaStringHash(key), this.slots.length)].includes(key);
    }

    /** `put`: a new key is appended to its slot; an existing key keeps its place. */
    add(key: string): void {
        if (this.has(key)) return;
        if ((this.count + 1) * 0.75 > this.slots.length) this.rehash(this.slots.length * 2);
        this.slots[slotOf(javaStringHash(key), this.slots.length)].push(key);
        this.count++;
    }

    delete(key: string): void {
        const slot = this.slots[slotOf(javaStringHash(key), this.slots.length)];
        const i = slot.indexOf(key);
        if (i < 0) return;
        slot.splice(i, 1);
        this.count--;
    }

    keys(): string[] {
        const out: string[] = [];
        for (const slot of this.slots) for (let i = slot.length - 1; i >= 0; i--) out.push(slot[i]);
        return out;
    }

    private rehash(capacity: number): void {
        const next: string[][] = Array.from({ length: capacity }, () => []);
        for (const slot of this.slots) for (const key of slot) next[slotOf(javaStringHash(key), capacity)].push(key);
        this.slots = next;
    }
}
