/**
 * Turns the owner of each global partition into the contract's result: every member present
 * (in input order), each list sorted by topic then partition — ascending global indices, since
 * topics are numbered in name order.
 */
import type { AssignmentResult, TopicPartition } from '../types.js';
import type { ClientCase } from './client-case.js';
import { partitionObjects } from '../partition-objects.js';

/** `owner[g]` is the index in `c.members` of the partition's member, or -1. */
export function clientResult(c: ClientCase, inputOrder: readonly string[], owner: Int32Array): AssignmentResult {
    const sizes = new Int32Array(c.members.length);
    for (let g = 0; g < owner.length; g++) if (owner[g] >= 0) sizes[owner[g]]++;
    const lists = c.members.map((_, i) => new Array<TopicPartition>(sizes[i]));
    const filled = new Int32Array(c.members.length);
    for (let t = 0; t < c.topicNames.length; t++) {
        const objects = partitionObjects(c.topicNames[t], c.partitionCounts[t]);
        const base = c.offsets[t];
        for (let p = 0; p < c.partitionCounts[t]; p++) {
            const m = owner[base + p];
            if (m >= 0) lists[m][filled[m]++] = objects[p];
        }
    }
    const byId = new Map(c.members.map((m, i) => [m.memberId, lists[i]]));
    const assignment: Record<string, TopicPartition[]> = {};
    for (const memberId of inputOrder) assignment[memberId] = byId.get(memberId) ?? [];
    return { assignment };
}
