/**
 * The TopicPartition objects results are made of, created once per (topic, partition) and
 * shared by every result: a group with a million partitions rebalances often, and making a
 * million fresh objects each time costs more than the assignment itself. They are frozen, so
 * sharing them is safe. The cache forgets everything when it passes a few million entries.
 */
import type { TopicPartition } from './types.js';

const CACHE_LIMIT = 4_000_000;
const cache = new Map<string, TopicPartition[]>();
let cachedCount = 0;

/** Partitions 0‥count-1 of `topic` as shared, frozen objects (index = partition number). */
export function partitionObjects(topic: string, count: number): readonly TopicPartition[] {
    let list = cache.get(topic);
    if (!list) {
        if (cachedCount + count > CACHE_LIMIT) {
            cache.clear();
            cachedCount = 0;
        }
        list = [];
        cache.set(topic, list);
    }
    while (list.length < count) {
        list.push(Object.freeze({ topic, partition: list.length }));
        cachedCount++;
    }
    return list;
}
