/**
 * The scenario's seeded random source (simulation-conventions §6): the only randomness in a
 * run. Same seed, same member ids, same trace.
 */

/** mulberry32: small, fast, good enough for ids. */
export class SeededRandom {
    private state: number;

    constructor(seed: number) {
        // Mix the seed so that 0, 1, 2 … give unrelated streams.
        this.state = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) | 0;
    }

    /** A uniform 32-bit unsigned integer. */
    nextUint32(): number {
        let t = (this.state = (this.state + 0x6d2b79f5) | 0);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }

    /** A version-4 UUID in Java's `UUID.randomUUID().toString()` form. */
    uuid(): string {
        const words = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()];
        words[1] = ((words[1] & 0xffff0fff) | 0x00004000) >>> 0; // version 4
        words[2] = ((words[2] & 0x3fffffff) | 0x80000000) >>> 0; // IETF variant
        const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    }
}
