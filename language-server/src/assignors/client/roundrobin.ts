/**
 * Kafka's RoundRobinAssignor: members in MemberInfo order (static by instance id, then by
 * member id) on a circular list; all partitions of all subscribed topics, topics in name
 * order; each partition goes to the next member in the circle that subscribes to its topic.
 * Not rack-aware (Kafka's is not either).
 */
import type { ClientCase } from './client-case.js';
import { compareMemberInfo } from '../member-order.js';

export function assignRoundRobin(c: ClientCase): Map<string, number[]> {
    const lists = new Map<string, number[]>(c.members.map((m) => [m.memberId, []]));
    if (c.members.length === 0) return lists;
    const circle = [...c.members].sort(compareMemberInfo);
    const subscribes = circle.map((m) => new Set(m.topicIndices));
    const targets = circle.map((m) => lists.get(m.memberId)!);
    let cursor = 0;
    // Universe topics are already numbered in name order, and the universe is exactly the
    // subscribed topics that have partitions: the same list RoundRobinAssignor walks.
    for (let t = 0; t < c.topicNames.length; t++) {
        for (let p = 0; p < c.partitionCounts[t]; p++) {
            while (!subscribes[cursor].has(t)) cursor = (cursor + 1) % circle.length;
            targets[cursor].push(c.offsets[t] + p);
            cursor = (cursor + 1) % circle.length;
        }
    }
    return lists;
}
