/**
 * Kafka's (client-side) RangeAssignor, rack-aware since KIP-881.
 *
 * Per topic, the subscribers in MemberInfo order each take a contiguous range; the first
 * `P mod N` take one extra. With racks on both sides (and some partition not replicated on
 * every rack), a first pass gives each member the partitions of its rack it may take within
 * the same per-topic quotas — for topics with the same subscribers and partition count
 * together, partition by partition, to keep co-partitioning — and the plain range pass
 * places the rest.
 */
import type { ClientCase, ClientMember } from './client-case.js';
import { compareMemberInfo } from '../member-order.js';
import { useRackAwareAssignment } from './rack-aware.js';

class TopicAssignmentState {
    /** Subscribers in MemberInfo order. */
    readonly consumers: ClientMember[];
    readonly numPartitions: number;
    readonly needsRackAwareAssignment: boolean;
    /** Replica racks per partition; empty when none of this topic's subscribers has a rack. */
    readonly partitionRacks: (readonly string[])[];
    private readonly unassigned: Uint8Array; // 1 = still unassigned
    private unassignedCount: number;
    /** Every partition below this index is assigned (keeps the plain range pass linear). */
    private firstUnassigned = 0;
    /** Partitions of this topic assigned so far, by member iteration index. */
    private readonly numAssigned: Int32Array;
    private readonly numPartitionsPerConsumer: number;
    private remainingConsumersWithExtraPartition: number;

    /** `subscribers` come already in MemberInfo order. */
    constructor(readonly c: ClientCase, readonly topic: number, subscribers: ClientMember[], anyRack: boolean, preferRackAwareLogic: boolean) {
        this.consumers = subscribers;
        this.numPartitions = c.partitionCounts[topic];
        this.unassigned = new Uint8Array(this.numPartitions).fill(1);
        this.unassignedCount = this.numPartitions;
        this.numAssigned = new Int32Array(c.members.length);
        const n = this.consumers.length;
        this.numPartitionsPerConsumer = n === 0 ? 0 : Math.floor(this.numPartitions / n);
        this.remainingConsumersWithExtraPartition = n === 0 ? 0 : this.numPartitions % n;

        const consumerRacks = anyRack ? new Set(this.consumers.map((m) => m.rack).filter((r): r is string => r !== null)) : new Set<string>();
        const allPartitionRacks = new Set<string>();
        this.partitionRacks = [];
        if (consumerRacks.size > 0) {
            for (let p = 0; p < this.numPartitions; p++) {
                const racks = c.replicaRacks?.[c.offsets[topic] + p] ?? [];
                this.partitionRacks.push(racks);
                for (const r of racks) allPartitionRacks.add(r);
            }
        }
        this.needsRackAwareAssignment = useRackAwareAssignment(consumerRacks, allPartitionRacks, this.partitionRacks, preferRackAwareLogic);
    }

    /** A member without a rack matches every partition. */
    racksMatch(consumer: ClientMember, p: number): boolean {
        if (consumer.rack === null) return true;
        const racks = this.partitionRacks[p];
        return racks !== undefined && racks.includes(consumer.rack);
    }

    maxAssignable(consumer: ClientMember): number {
        const max = this.numPartitionsPerConsumer + (this.remainingConsumersWithExtraPartition > 0 ? 1 : 0) - this.numAssigned[consumer.index];
        return Math.max(0, max);
    }

    hasUnassigned(): boolean {
        return this.unassignedCount > 0;
    }

    /** Unassigned partitions in order, filtered, at most `limit`. */
    take(filter: (p: number) => boolean, limit: number): number[] {
        const out: number[] = [];
        while (this.firstUnassigned < this.numPartitions && !this.unassigned[this.firstUnassigned]) this.firstUnassigned++;
        for (let p = this.firstUnassigned; p < this.numPartitions && out.length < limit; p++) {
            if (this.unassigned[p] && filter(p)) out.push(p);
        }
        return out;
    }

    /**
     * The plain range pass for one member (the `(c, tp) -> true` filter): the next unassigned
     * partitions, up to what the member may still take. Same result as take(() => true, …) +
     * onAssigned, without building intermediate lists.
     */
    assignNextRange(consumer: ClientMember, owner: Int32Array): void {
        let limit = this.maxAssignable(consumer);
        if (limit === 0) return;
        const base = this.c.offsets[this.topic];
        let n = 0;
        while (this.firstUnassigned < this.numPartitions && !this.unassigned[this.firstUnassigned]) this.firstUnassigned++;
        for (let p = this.firstUnassigned; p < this.numPartitions && n < limit; p++) {
            if (!this.unassigned[p]) continue;
            this.unassigned[p] = 0;
            this.unassignedCount--;
            owner[base + p] = consumer.index;
            n++;
        }
        if (n === 0) return;
        limit = (this.numAssigned[consumer.index] += n);
        if (limit > this.numPartitionsPerConsumer) this.remainingConsumersWithExtraPartition--;
    }

    onAssigned(consumer: ClientMember, partitions: readonly number[]): void {
        const i = consumer.index;
        const n = (this.numAssigned[i] += partitions.length);
        if (n > this.numPartitionsPerConsumer) this.remainingConsumersWithExtraPartition--;
        for (const p of partitions) {
            if (this.unassigned[p]) {
                this.unassigned[p] = 0;
                this.unassignedCount--;
            }
        }
    }

    /** The subscriber list as a key: LinkedHashMap equality of (member id → rack). */
    consumersKey(): string {
        return JSON.stringify(this.consumers.map((m) => [m.memberId, m.rack]));
    }
}

/** Returns the owner (member index) of each global partition. */
export function assignRange(c: ClientCase, preferRackAwareLogic: boolean): Int32Array {
    const owner = new Int32Array(c.totalPartitions).fill(-1);
    // Sorting the members once in MemberInfo order gives every topic its subscribers in that order.
    const subscribers: ClientMember[][] = c.topicNames.map(() => []);
    for (const m of [...c.members].sort(compareMemberInfo)) for (const t of m.topicIndices) subscribers[t].push(m);
    const anyRack = c.members.some((m) => m.rack !== null);
    const states = c.topicNames.map((_, t) => new TopicAssignmentState(c, t, subscribers[t], anyRack, preferRackAwareLogic));

    const assign = (consumer: ClientMember, partitions: readonly number[], state: TopicAssignmentState) => {
        for (const p of partitions) owner[c.offsets[state.topic] + p] = consumer.index;
        state.onAssigned(consumer, partitions);
    };

    const assignRanges = (state: TopicAssignmentState, mayAssign: (m: ClientMember, p: number) => boolean) => {
        for (const consumer of state.consumers) {
            if (!state.hasUnassigned()) break;
            const assignable = state.take((p) => mayAssign(consumer, p), state.maxAssignable(consumer));
            if (assignable.length === 0) continue;
            assign(consumer, assignable, state);
        }
    };

    if (states.some((s) => s.needsRackAwareAssignment)) {
        // Topics with the same subscribers and the same number of partitions (as Kafka counts
        // them: the size of the rack map, 0 when no subscriber has a rack) are co-partitioned.
        // Groups are independent of each other, so the order we visit them in does not matter.
        const groups = new Map<string, TopicAssignmentState[]>();
        for (const s of states) {
            const key = `${s.consumersKey()}#${s.partitionRacks.length}`;
            const g = groups.get(key);
            if (g) g.push(s);
            else groups.set(key, [s]);
        }
        for (const group of groups.values()) {
            if (group.length > 1) assignCoPartitionedWithRackMatching(group, assign);
            else if (group[0].needsRackAwareAssignment) assignRanges(group[0], (m, p) => group[0].racksMatch(m, p));
        }
    }
    for (const s of states) {
        for (const consumer of s.consumers) {
            if (!s.hasUnassigned()) break;
            s.assignNextRange(consumer, owner);
        }
    }
    return owner;
}

function assignCoPartitionedWithRackMatching(
    states: TopicAssignmentState[],
    assign: (consumer: ClientMember, partitions: readonly number[], state: TopicAssignmentState) => void
): void {
    const numPartitions = states[0].partitionRacks.length;
    const remaining = [...states[0].consumers];
    for (let p = 0; p < numPartitions; p++) {
        const i = remaining.findIndex((m) => states.every((s) => s.racksMatch(m, p) && s.maxAssignable(m) > 0));
        if (i < 0) continue;
        const consumer = remaining[i];
        for (const s of states) assign(consumer, [p], s);
        if (states.every((s) => s.maxAssignable(consumer) <= 0)) {
            remaining.splice(i, 1);
            if (remaining.length === 0) break;
        }
    }
}
