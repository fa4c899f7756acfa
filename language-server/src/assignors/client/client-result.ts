/**
 * Turns per-member lists of global partition indices into the contract's result: every member
 * present (in input order), each list sorted by topic then partition.
 */
import type { AssignmentResult, TopicPartition } from '../types.js';
import type { ClientCase } from './client-case.js';

export function clientResult(c: ClientCase, inputOrder: readonly string[], lists: ReadonlyMap<string, ArrayLike<number>>): AssignmentResult {
    const assignment: Record<string, TopicPartition[]> = {};
    for (const memberId of inputOrder) {
        const list = lists.get(memberId);
        if (!list || list.length === 0) {
            assignment[memberId] = [];
            continue;
        }
        const sorted = Int32Array.from(list).sort();
        const out = new Array<TopicPartition>(sorted.length);
        for (let i = 0; i < sorted.length; i++) {
            const g = sorted[i];
            const t = c.topicOf[g];
            out[i] = { topic: c.topicNames[t], partition: g - c.offsets[t] };
        }
        assignment[memberId] = out;
    }
    return { assignment };
}
