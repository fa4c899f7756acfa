/**
 * Partition sets as the KIP-848 code needs them: small keyed maps (`topic\0partition` →
 * TopicPartition) with the set operations CurrentAssignmentBuilder uses, and sorted lists for
 * messages and the trace. Sizes are those of one group, so plain Maps are enough.
 */
import type { TopicPartition } from '../../assignors/types.js';

export type Parts = ReadonlyMap<string, TopicPartition>;

export const NO_PARTS: Parts = new Map();

export function tpKey(tp: TopicPartition): string {
    return `${tp.topic}\u0000${tp.partition}`;
}

export function partsOf(list: Iterable<TopicPartition>): Parts {
    const m = new Map<string, TopicPartition>();
    for (const tp of list) m.set(tpKey(tp), tp);
    return m;
}

/** a ∩ b */
export function intersect(a: Parts, b: Parts): Parts {
    const m = new Map<string, TopicPartition>();
    for (const [k, tp] of a) if (b.has(k)) m.set(k, tp);
    return m;
}

/** a − b */
export function minus(a: Parts, b: Parts): Parts {
    const m = new Map<string, TopicPartition>();
    for (const [k, tp] of a) if (!b.has(k)) m.set(k, tp);
    return m;
}

/** a ∪ b */
export function union(a: Parts, b: Parts): Parts {
    const m = new Map<string, TopicPartition>(a);
    for (const [k, tp] of b) m.set(k, tp);
    return m;
}

export function sameParts(a: Parts, b: Parts): boolean {
    if (a.size !== b.size) return false;
    for (const k of a.keys()) if (!b.has(k)) return false;
    return true;
}

export function overlaps(a: Parts, b: Parts): boolean {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    for (const k of small.keys()) if (large.has(k)) return true;
    return false;
}

export function compareTps(a: TopicPartition, b: TopicPartition): number {
    return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/** Sorted by topic, then partition. */
export function sortedList(parts: Parts | Iterable<TopicPartition>): TopicPartition[] {
    const list = parts instanceof Map ? [...parts.values()] : [...(parts as Iterable<TopicPartition>)];
    return list.sort(compareTps);
}

/** `orders-0, orders-3` as Kafka prints TopicPartitions. */
export function describeParts(parts: Parts | Iterable<TopicPartition>): string {
    return sortedList(parts)
        .map((tp) => `${tp.topic}-${tp.partition}`)
        .join(', ');
}
