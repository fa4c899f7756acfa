/**
 * AbstractStickyAssignor's ConstrainedAssignmentBuilder, used when all members subscribe to
 * the same topics. With P partitions and N members: minQuota = ⌊P/N⌋, maxQuota = ⌈P/N⌉ and
 * P mod N members end with maxQuota.
 *
 * 1. Members, in iteration order, keep owned partitions (sorted by partition number, then
 *    topic; in rack-aware mode only those on their rack): all of them below minQuota, maxQuota
 *    while maxQuota slots remain, else minQuota.
 * 2. Rack-aware mode: the unassigned partitions go round-robin to unfilled members on a
 *    replica's rack.
 * 3. The rest go round-robin to unfilled members (sorted by member id), first up to minQuota,
 *    then the remaining maxQuota slots.
 *
 * It also records the partitions that change owner, which CooperativeStickyAssignor withholds.
 */
import { AssignorError } from '../../types.js';
import type { ClientCase } from '../client-case.js';
import type { StickyRackInfo } from './rack-info.js';
import type { PreviousOwnership } from './previous-ownership.js';
import { javaStringHashMapOrder } from '../../java-hash.js';

export interface StickyBuildResult {
    /** Owner (member iteration index) of each global partition, -1 when unassigned. */
    readonly owner: Int32Array;
    /** Partition → new owner, for partitions taken from a previous owner; null when not tracked (general builder). */
    readonly partitionsTransferringOwnership: Map<number, number> | null;
}

export function buildConstrained(c: ClientCase, rackInfo: StickyRackInfo, previous: PreviousOwnership): StickyBuildResult {
    const numberOfConsumers = c.members.length;
    const total = c.totalPartitions;
    const minQuota = Math.floor(total / numberOfConsumers);
    const maxQuota = Math.ceil(total / numberOfConsumers);
    const expectedNumMembersWithOverMinQuotaPartitions = total % numberOfConsumers;
    let currentNumMembersWithOverMinQuotaPartitions = 0;

    const owner = new Int32Array(total).fill(-1);
    const count = new Int32Array(numberOfConsumers); // partitions assigned to each member so far
    const maybeRevoked = new Int32Array(total).fill(-1);
    const transferring = new Map<number, number>();
    let unfilledUnder: number[] = []; // members with fewer than minQuota partitions
    let unfilledExact: number[] = []; // members at minQuota that may still take one more

    const partitionOf = (g: number) => g - c.offsets[c.topicOf[g]];

    // 1. Reassign previously owned partitions, up to the expected number per member. Kafka walks
    // consumerToOwnedPartitions, a second HashMap filled in the order of the subscriptions map:
    // the same order, except when a bucket is a tree (see java-hash-tree.ts).
    const memberIndex = new Map(c.members.map((m, i) => [m.memberId, i]));
    for (const memberId of javaStringHashMapOrder(c.members.map((m) => m.memberId))) {
        const consumer = memberIndex.get(memberId)!;
        const claims = previous.ownedByMember[consumer];
        const owned = claims
            .filter((g) => {
                const mismatch = rackInfo.racksMismatch(consumer, g);
                if (mismatch) maybeRevoked[g] = consumer;
                return !mismatch;
            })
            .sort((a, b) => partitionOf(a) - partitionOf(b) || c.topicOf[a] - c.topicOf[b])
            .filter((g) => !previous.multiplyClaimed[g]);
        const keep = (n: number) => {
            for (let i = 0; i < n; i++) owner[owned[i]] = consumer;
            count[consumer] += n;
            for (let i = n; i < owned.length; i++) maybeRevoked[owned[i]] = consumer;
        };
        if (owned.length < minQuota) {
            keep(owned.length);
            unfilledUnder.push(consumer);
        } else if (owned.length >= maxQuota && currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
            currentNumMembersWithOverMinQuotaPartitions++;
            if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) unfilledExact = [];
            keep(maxQuota);
        } else {
            keep(minQuota);
            if (currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) unfilledExact.push(consumer);
        }
    }

    // Unassigned partitions in topic-name then partition order: ascending global index.
    let assignedCount = 0;
    for (let m = 0; m < numberOfConsumers; m++) assignedCount += count[m];
    let unassigned: ArrayLike<number> = new Int32Array(total - assignedCount);
    for (let g = 0, i = 0; g < total; g++) if (owner[g] === -1) (unassigned as Int32Array)[i++] = g;

    const byMemberId = (a: number, b: number) => c.members[a].idRank - c.members[b].idRank;
    unfilledUnder.sort(byMemberId);
    unfilledExact.sort(byMemberId);
    unassigned = rackInfo.sortPartitionsByRackConsumers(unassigned);

    const assignNewPartition = (g: number, consumer: number): number => {
        owner[g] = consumer;
        if ((maybeRevoked[g] !== -1 && maybeRevoked[g] !== consumer) || previous.multiplyClaimed[g]) {
            transferring.set(g, consumer);
        }
        return ++count[consumer];
    };

    // 2. Round-robin within racks, up to maxQuota where slots remain, else minQuota.
    if (rackInfo.rackAware) {
        let nextUnfilledConsumerIndex = 0;
        const stillUnassigned: number[] = [];
        for (let u = 0; u < unassigned.length; u++) {
            const g = unassigned[u];
            let consumer = -1;
            let nextIndex = rackInfo.nextRackConsumer(g, unfilledUnder, nextUnfilledConsumerIndex);
            if (nextIndex >= 0) {
                consumer = unfilledUnder[nextIndex];
                const assignmentCount = count[consumer] + 1;
                if (assignmentCount >= minQuota) {
                    unfilledUnder.splice(unfilledUnder.indexOf(consumer), 1);
                    if (assignmentCount < maxQuota && currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
                        unfilledExact.push(consumer);
                    }
                } else {
                    nextIndex++;
                }
                nextUnfilledConsumerIndex = unfilledUnder.length === 0 ? 0 : nextIndex % unfilledUnder.length;
            } else if (unfilledExact.length > 0) {
                const firstIndex = rackInfo.nextRackConsumer(g, unfilledExact, 0);
                if (firstIndex >= 0) {
                    consumer = unfilledExact[firstIndex];
                    if (count[consumer] + 1 === maxQuota) {
                        unfilledExact.splice(firstIndex, 1);
                        currentNumMembersWithOverMinQuotaPartitions++;
                        if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) unfilledExact = [];
                    }
                }
            }
            if (consumer !== -1) assignNewPartition(g, consumer);
            else stillUnassigned.push(g);
        }
        unassigned = stillUnassigned;
    }

    // 3. Round-robin over the members below minQuota; then the members that may reach maxQuota.
    // `cursor` plays the role of Java's LinkedList iterator over `unfilledUnder`.
    let cursor = 0;
    for (let u = 0; u < unassigned.length; u++) {
        const g = unassigned[u];
        let consumer: number;
        let fromUnder: boolean;
        if (cursor < unfilledUnder.length) {
            consumer = unfilledUnder[cursor++];
            fromUnder = true;
        } else if (unfilledUnder.length === 0 && unfilledExact.length === 0) {
            throw new AssignorError('IllegalStateException: No more unfilled consumers to be assigned.');
        } else if (unfilledUnder.length === 0) {
            consumer = unfilledExact.shift()!;
            fromUnder = false;
        } else {
            cursor = 0;
            consumer = unfilledUnder[cursor++];
            fromUnder = true;
        }
        const assignedNow = assignNewPartition(g, consumer);
        if (assignedNow === minQuota) {
            // iterator.remove() removes the element last returned by the LinkedList iterator.
            if (!fromUnder) throw new AssignorError('IllegalStateException: iterator.remove() without a current element');
            unfilledUnder.splice(--cursor, 1);
            unfilledExact.push(consumer);
        } else if (assignedNow === maxQuota) {
            currentNumMembersWithOverMinQuotaPartitions++;
        }
    }

    // verifyUnfilledMembers
    if (unfilledUnder.length > 0) {
        if (currentNumMembersWithOverMinQuotaPartitions !== expectedNumMembersWithOverMinQuotaPartitions) {
            throw new AssignorError('IllegalStateException: We haven\'t reached the expected number of members with more than the minQuota partitions, but no more partitions to be assigned');
        }
        for (const m of unfilledUnder) {
            if (count[m] !== minQuota) {
                throw new AssignorError(`IllegalStateException: Consumer: [${c.members[m].memberId}] doesn't reach minQuota partitions, and no more partitions to be assigned`);
            }
        }
    }
    return { owner, partitionsTransferringOwnership: transferring };
}
