/**
 * Kafka's RoundRobinAssignor: members in MemberInfo order (static by instance id, then by
 * member id) on a circular list; all partitions of all subscribed topics, topics in name
 * order; each partition goes to the next member in the circle that subscribes to its topic.
 * Not rack-aware (Kafka's is not either).
 */
import type { ClientCase } from './client-case.js';
import { compareMemberInfo } from '../member-order.js';

/** Returns the owner (member index) of each global partition. */
export function assignRoundRobin(c: ClientCase): Int32Array {
    const owner = new Int32Array(c.totalPartitions).fill(-1);
    if (c.members.length === 0) return owner;
    const circle = [...c.members].sort(compareMemberInfo);
    const subscribes = circle.map((m) => new Set(m.topicIndices));
    let cursor = 0;
    // Universe topics are already numbered in name order, and the universe is exactly the
    // subscribed topics that have partitions: the same list RoundRobinAssignor walks.
    for (let t = 0; t < c.topicNames.length; t++) {
        for (let p = 0; p < c.partitionCounts[t]; p++) {
            while (!subscribes[cursor].has(t)) cursor = (cursor + 1) % circle.length;
            owner[c.offsets[t] + p] = circle[cursor].index;
            cursor = (cursor + 1) % circle.length;
        }
    }
    return owner;
}
