/**
 * The group coordinator's RangeAssignor (KIP-848 "range", rewritten in KAFKA-16944): members
 * sorted like the classic range assignor (static members by instance id first, then member
 * ids); per topic, each subscriber in that order takes the next contiguous range, the first
 * `P mod N` subscribers one partition more. Not sticky: it recomputes the ranges every time.
 */
import { compareMemberInfo } from '../member-order.js';
import type { GroupSpec } from './group-spec.js';

/** Returns the owner (member index) of each global partition, -1 when unassigned. */
export function assignServerRange(spec: GroupSpec): Int32Array {
    const owner = new Int32Array(spec.totalPartitions).fill(-1);
    const sorted = [...spec.members.keys()].sort((a, b) => compareMemberInfo(spec.members[a], spec.members[b]));
    const T = spec.topicNames.length;
    // Homogeneous groups count every member for every topic; heterogeneous ones count subscribers.
    const numMembers = new Int32Array(T);
    for (const m of spec.members) for (const t of m.subscribedTopics) numMembers[t]++;
    const nextRange = new Int32Array(T);
    const extra = new Int32Array(T);
    for (let t = 0; t < T; t++) {
        if (numMembers[t] > 0) extra[t] = spec.partitionCounts[t] % numMembers[t];
    }
    for (const m of sorted) {
        for (const t of spec.members[m].subscribedTopics) {
            let quota = Math.floor(spec.partitionCounts[t] / numMembers[t]);
            if (extra[t] > 0) {
                quota++;
                extra[t]--;
            }
            const start = nextRange[t];
            const end = Math.min(start + quota, spec.partitionCounts[t]);
            nextRange[t] = end;
            for (let p = start; p < end; p++) owner[spec.offsets[t] + p] = m;
        }
    }
    return owner;
}
