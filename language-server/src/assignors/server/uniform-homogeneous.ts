/**
 * The group coordinator's UniformHomogeneousAssignmentBuilder (all members subscribe to the same
 * topics), as in Kafka 4.1+ (KAFKA-18688: any member may keep the extra partition, so a balanced
 * assignment stays put).
 *
 * - Unassigned: every partition of the subscribed topics (topic-id HashSet order) that no
 *   member's current target assignment holds.
 * - Members in iteration order keep owned partitions up to their quota (min, or min+1 while
 *   extra slots remain); the excess is revoked and appended to the unassigned list. A member
 *   whose owned partitions do not fill min+1 gives its extra slot back.
 * - The last unfilled members (in reverse order) take the remaining extra slots; then unfilled
 *   members, in order, take the unassigned partitions in order.
 */
import { AssignorError } from '../types.js';
import { hashSetFromCollectionCapacity, javaHashOrder } from '../java-hash.js';
import { compareKafkaUuids } from '../kafka-uuid.js';
import type { GroupSpec } from './group-spec.js';

/** Returns the owner (member index) of each global partition, -1 when unassigned. */
export function assignUniformHomogeneous(spec: GroupSpec): Int32Array {
    const owner = new Int32Array(spec.totalPartitions).fill(-1);
    if (spec.members.length === 0) return owner;
    const first = spec.members[0];
    // new HashSet<>(TopicIds): sized from the number of subscribed *names*, filled with the ids that resolve.
    const subscribedTopics = javaHashOrder(first.subscribedTopics, (t) => spec.topicIds[t].hash, {
        kind: 'table', size: hashSetFromCollectionCapacity(first.topicNames.length, spec.options.javaVersion)
    }, (a, b) => compareKafkaUuids(spec.topicIds[a], spec.topicIds[b]));
    if (subscribedTopics.length === 0) return owner;
    const subscribed = new Uint8Array(spec.topicNames.length);
    for (const t of subscribedTopics) subscribed[t] = 1;

    const unassigned: number[] = [];
    let totalPartitionsCount = 0;
    for (const t of subscribedTopics) {
        const n = spec.partitionCounts[t];
        for (let p = 0; p < n; p++) {
            const g = spec.offsets[t] + p;
            if (spec.currentOwner[g] === -1) unassigned.push(g);
        }
        totalPartitionsCount += n;
    }

    const numberOfMembers = spec.members.length;
    const minimumMemberQuota = Math.floor(totalPartitionsCount / numberOfMembers);
    let remainingMembersToGetAnExtraPartition = totalPartitionsCount % numberOfMembers;

    // maybeRevokePartitions
    const unfilled: { member: number; quota: number }[] = [];
    spec.members.forEach((m, index) => {
        let quota = minimumMemberQuota;
        let quotaHasExtraPartition = false;
        if (remainingMembersToGetAnExtraPartition > 0) {
            quota++;
            quotaHasExtraPartition = true;
        }
        for (const { topic, partitions } of m.assignment) {
            if (!subscribed[topic]) continue; // the whole topic is dropped
            if (partitions.length <= quota) {
                quota -= partitions.length;
                for (const p of partitions) owner[spec.offsets[topic] + p] = index;
            } else {
                for (const p of partitions) {
                    const g = spec.offsets[topic] + p;
                    if (quota > 0) {
                        quota--;
                        owner[g] = index;
                    } else {
                        unassigned.push(g);
                    }
                }
            }
        }
        if (quota > 0 && quotaHasExtraPartition) {
            // Give up the extra partition quota for another member to claim.
            quota--;
            quotaHasExtraPartition = false;
        }
        if (quota === 0 && quotaHasExtraPartition) remainingMembersToGetAnExtraPartition--;
        if (quota > 0 || (remainingMembersToGetAnExtraPartition > 0 && !quotaHasExtraPartition)) {
            unfilled.push({ member: index, quota });
        }
    });

    // assignRemainingPartitions: the last unfilled members must take the remaining extra partitions.
    for (let i = unfilled.length - 1; i >= 0; i--) {
        if (remainingMembersToGetAnExtraPartition > 0) {
            remainingMembersToGetAnExtraPartition--;
            unfilled[i].quota++;
        }
        if (unfilled[i].quota === 0) unfilled.splice(i, 1);
    }
    let next = 0;
    for (const { member, quota } of unfilled) {
        for (let i = 0; i < quota && next < unassigned.length; i++) owner[unassigned[next++]] = member;
    }
    if (next < unassigned.length) throw new AssignorError('PartitionAssignorException: Partitions were left unassigned');
    return owner;
}
