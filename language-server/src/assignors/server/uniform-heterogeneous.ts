/**
 * The group coordinator's UniformHeterogeneousAssignmentBuilder (members subscribe to different
 * topics), as reworked in KAFKA-17710:
 *
 * 1. members keep their owned partitions of topics they still subscribe to;
 * 2. unassigned partitions go, topic by topic (most partitions per subscriber first, then fewest
 *    subscribers, then topic id), to the least loaded subscribers in turn;
 * 3. topic by topic, partitions move from the most loaded subscribers to the least loaded until
 *    each topic's subscribers differ by at most one, for at most 16 rounds over the topics.
 *
 * Members are numbered in iteration order; that number breaks every tie between equally loaded
 * members.
 */
import { compareKafkaUuids } from '../kafka-uuid.js';
import type { GroupSpec } from './group-spec.js';

const MAX_ITERATION_COUNT = 16;

/**
 * Kafka's MemberAssignmentBalancer: two moving ranges over the subscribers sorted by load, the
 * least loaded range growing rightwards and the most loaded range growing leftwards.
 */
class MemberAssignmentBalancer {
    private sortedMembers: number[] = [];
    private leastLoadedRangeEnd = 0;
    private leastLoadedRangePartitionCount = -1;
    private nextLeastLoaded = 0;
    private mostLoadedRangeStart = 0;
    private mostLoadedRangeEnd = 0;
    private mostLoadedRangePartitionCount = 1;
    private nextMostLoaded = -1;

    constructor(private readonly sizes: Int32Array) {}

    initialize(members: readonly number[]): number {
        const sizes = this.sizes;
        this.sortedMembers = [...members].sort((a, b) => sizes[a] - sizes[b] || a - b);
        const n = this.sortedMembers.length;
        this.leastLoadedRangeEnd = 0;
        this.leastLoadedRangePartitionCount = sizes[this.sortedMembers[0]] - 1;
        this.nextLeastLoaded = 0;
        this.mostLoadedRangeStart = n;
        this.mostLoadedRangeEnd = n;
        this.mostLoadedRangePartitionCount = sizes[this.sortedMembers[n - 1]] + 1;
        this.nextMostLoaded = n - 1;
        return sizes[this.sortedMembers[n - 1]] - sizes[this.sortedMembers[0]];
    }

    nextLeastLoadedMember(): number {
        const sizes = this.sizes;
        if (this.nextLeastLoaded >= this.leastLoadedRangeEnd) {
            this.leastLoadedRangePartitionCount++;
            while (this.leastLoadedRangeEnd < this.sortedMembers.length
                && sizes[this.sortedMembers[this.leastLoadedRangeEnd]] === this.leastLoadedRangePartitionCount) {
                this.leastLoadedRangeEnd++;
            }
            this.nextLeastLoaded = 0;
        }
        return this.sortedMembers[this.nextLeastLoaded++];
    }

    nextMostLoadedMember(): number {
        const sizes = this.sizes;
        if (this.nextMostLoaded < this.mostLoadedRangeStart) {
            if (this.mostLoadedRangeEnd <= this.mostLoadedRangeStart && this.mostLoadedRangeStart > 0) {
                this.mostLoadedRangePartitionCount = sizes[this.sortedMembers[this.mostLoadedRangeStart - 1]];
            } else {
                this.mostLoadedRangePartitionCount--;
            }
            while (this.mostLoadedRangeStart > 0
                && sizes[this.sortedMembers[this.mostLoadedRangeStart - 1]] === this.mostLoadedRangePartitionCount) {
                this.mostLoadedRangeStart--;
            }
            this.nextMostLoaded = this.mostLoadedRangeEnd - 1;
        }
        if (this.nextMostLoaded < 0) return -1;
        return this.sortedMembers[this.nextMostLoaded--];
    }

    excludeMostLoadedMember(): void {
        const i = this.nextMostLoaded + 1;
        const excluded = this.sortedMembers[i];
        this.sortedMembers[i] = this.sortedMembers[this.mostLoadedRangeEnd - 1];
        this.sortedMembers[this.mostLoadedRangeEnd - 1] = excluded;
        this.mostLoadedRangeEnd--;
    }

    isBalanced(): boolean {
        return this.mostLoadedRangePartitionCount - this.leastLoadedRangePartitionCount <= 1;
    }
}

/** Returns the owner (member index) of each global partition, -1 when unassigned. */
export function assignUniformHeterogeneous(spec: GroupSpec): Int32Array {
    const M = spec.members.length;
    const T = spec.topicNames.length;
    const owner = new Int32Array(spec.totalPartitions).fill(-1);
    const sizes = new Int32Array(M);
    const topicSubscribers: number[][] = spec.topicNames.map(() => []);
    spec.members.forEach((m, i) => {
        for (const t of m.subscribedTopics) topicSubscribers[t].push(i);
    });
    const subscribedTopics = [...Array(T).keys()].filter((t) => topicSubscribers[t].length > 0);
    if (subscribedTopics.length === 0) return owner;

    const topicComparator = (a: number, b: number): number => {
        const perA = spec.partitionCounts[a] / topicSubscribers[a].length;
        const perB = spec.partitionCounts[b] / topicSubscribers[b].length;
        if (perA !== perB) return perB < perA ? -1 : 1; // partitions per subscriber, descending
        if (topicSubscribers[a].length !== topicSubscribers[b].length) return topicSubscribers[a].length - topicSubscribers[b].length;
        return compareKafkaUuids(spec.topicIds[a], spec.topicIds[b]);
    };

    // 1. Keep owned partitions of still-subscribed topics.
    spec.members.forEach((m, i) => {
        for (const { topic, partitions } of m.assignment) {
            if (!m.subscribes[topic]) continue;
            sizes[i] += partitions.length;
            for (const p of partitions) owner[spec.offsets[topic] + p] = i;
        }
    });

    const assignPartition = (g: number, member: number) => {
        const old = owner[g];
        if (old !== -1) sizes[old]--;
        owner[g] = member;
        sizes[member]++;
    };

    // 2. Hand out the unassigned partitions.
    const balancer = new MemberAssignmentBalancer(sizes);
    const withUnassigned = subscribedTopics.filter((t) => {
        for (let g = spec.offsets[t]; g < spec.offsets[t] + spec.partitionCounts[t]; g++) if (owner[g] === -1) return true;
        return false;
    });
    for (const t of withUnassigned.sort(topicComparator)) {
        balancer.initialize(topicSubscribers[t]);
        for (let g = spec.offsets[t]; g < spec.offsets[t] + spec.partitionCounts[t]; g++) {
            if (owner[g] === -1) assignPartition(g, balancer.nextLeastLoadedMember());
        }
    }

    // 3. Balance topics with two or more subscribers.
    const movable = subscribedTopics.filter((t) => topicSubscribers[t].length >= 2).sort(topicComparator);
    if (movable.length > 0) balanceTopics(spec, movable, topicSubscribers, owner, sizes, balancer, assignPartition);
    return owner;
}

function balanceTopics(
    spec: GroupSpec,
    sortedTopics: readonly number[],
    topicSubscribers: readonly number[][],
    owner: Int32Array,
    sizes: Int32Array,
    balancer: MemberAssignmentBalancer,
    assignPartition: (g: number, member: number) => void
): void {
    let lastRebalanceTopicIndex = -1;
    const start = new Int32Array(spec.members.length).fill(-1);
    const end = new Int32Array(spec.members.length).fill(-1); // exclusive; -1 = no range
    for (let i = 0; i < MAX_ITERATION_COUNT; i++) {
        for (let topicIndex = 0; topicIndex < sortedTopics.length; topicIndex++) {
            if (topicIndex === lastRebalanceTopicIndex) return;
            const reassigned = balanceTopic(spec, sortedTopics[topicIndex], topicSubscribers, owner, sizes, balancer, assignPartition, start, end);
            if (reassigned > 0 || lastRebalanceTopicIndex === -1) lastRebalanceTopicIndex = topicIndex;
        }
    }
}

function balanceTopic(
    spec: GroupSpec,
    t: number,
    topicSubscribers: readonly number[][],
    owner: Int32Array,
    sizes: Int32Array,
    balancer: MemberAssignmentBalancer,
    assignPartition: (g: number, member: number) => void,
    start: Int32Array,
    end: Int32Array
): number {
    let reassigned = 0;
    const imbalance = balancer.initialize(topicSubscribers[t]);
    if (imbalance <= 1) return reassigned;
    const n = spec.partitionCounts[t];
    const base = spec.offsets[t];
    // The topic's partitions grouped by owner (owners ascending, partitions ascending).
    const partitions = [...Array(n).keys()].sort((a, b) => owner[base + a] - owner[base + b] || a - b);
    const touched: number[] = [];
    for (let i = 0; i < n; i++) {
        const o = owner[base + partitions[i]];
        if (o < 0) continue; // every partition is assigned by now
        if (end[o] === -1) {
            start[o] = i;
            touched.push(o);
        }
        end[o] = i + 1;
    }
    try {
        while (!balancer.isBalanced()) {
            let mostLoaded = -1;
            for (;;) {
                mostLoaded = balancer.nextMostLoadedMember();
                if (mostLoaded === -1) break;
                if (end[mostLoaded] === -1 || end[mostLoaded] - start[mostLoaded] <= 0) {
                    balancer.excludeMostLoadedMember();
                    continue;
                }
                break;
            }
            if (mostLoaded === -1) break;
            const p = partitions[end[mostLoaded] - 1];
            end[mostLoaded]--;
            const leastLoaded = balancer.nextLeastLoadedMember();
            if (balancer.isBalanced()) break;
            assignPartition(base + p, leastLoaded);
            reassigned++;
        }
    } finally {
        for (const o of touched) {
            start[o] = -1;
            end[o] = -1;
        }
    }
    return reassigned;
}
