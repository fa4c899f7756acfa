/**
 * A consumer group's state on the coordinator (kafka-semantics.md §4.3, Kafka's ConsumerGroup):
 * members as immutable records, the group epoch, the target assignment and its epoch, who holds
 * each partition (the partition epochs), the subscription metadata and the group state. No
 * timers, no messages: coordinator.ts drives it.
 */
import type { TopicPartition } from '../../assignors/types.js';
import type { ProtocolEntry } from '../classic/protocol.js';
import type { GroupStateName, RebalanceProtocolName } from '../trace.js';
import { NO_PARTS, type Parts, tpKey } from './partitions.js';
import { isReconciledTo, type AssignmentState } from './reconcile.js';
import { TimelineHashOrder } from './timeline-order.js';

/** What a member that speaks the classic protocol inside a consumer group also has (§4.10). */
export interface ClassicMemberMetadata {
    readonly sessionTimeoutMs: number;
    /** Its JoinGroup protocols, in its preference order, with their metadata. */
    readonly protocols: readonly ProtocolEntry[];
    readonly rebalanceProtocol: RebalanceProtocolName;
}

export interface GroupMember extends AssignmentState {
    readonly memberId: string;
    readonly instanceId: string | null;
    readonly clientId: string;
    /** The member's name in the file (trace only). */
    readonly name: string;
    readonly rackId: string | null;
    readonly rebalanceTimeoutMs: number;
    readonly subscribedTopics: readonly string[];
    /** `group.remote.assignor`, null when the member leaves it to the broker. */
    readonly serverAssignor: string | null;
    /** Set for a member using the classic protocol. */
    readonly classic: ClassicMemberMetadata | null;
}

export function newMember(memberId: string, name: string, clientId: string): GroupMember {
    return {
        memberId,
        name,
        clientId,
        instanceId: null,
        rackId: null,
        rebalanceTimeoutMs: -1,
        subscribedTopics: [],
        serverAssignor: null,
        classic: null,
        memberEpoch: 0,
        previousMemberEpoch: 0,
        state: 'STABLE',
        assigned: NO_PARTS,
        pendingRevocation: NO_PARTS
    };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
    if (a.length !== b.length) return false;
    const sb = new Set(b);
    return a.every((x) => sb.has(x));
}

export function sameSubscription(a: GroupMember, b: GroupMember): boolean {
    return sameStrings(a.subscribedTopics, b.subscribedTopics);
}

export class ConsumerGroup {
    groupEpoch = 0;
    assignmentEpoch = 0;
    readonly members = new Map<string, GroupMember>();
    /** The iteration order of Kafka's members map. */
    readonly order = new TimelineHashOrder();
    readonly staticMembers = new Map<string, string>();
    /** Member id → its target assignment (the last computed one). */
    readonly target = new Map<string, Parts>();
    /** Partition key → the member holding it (assigned or pending revocation) and at which epoch. */
    private readonly partitionEpochs = new Map<string, { memberId: string; epoch: number }>();
    /** Topic → partition count, for the subscribed topics (the subscription metadata). */
    subscriptionMetadata = new Map<string, number>();
    /** The broker's metadata image changed for a subscribed topic: refresh on the next heartbeat (MG:418-434). */
    metadataRefreshRequested = false;

    /** Members in Kafka's iteration order. */
    orderedMembers(): GroupMember[] {
        return this.order.keys().map((id) => this.members.get(id)!);
    }

    staticMember(instanceId: string | null): GroupMember | undefined {
        if (instanceId === null) return undefined;
        const id = this.staticMembers.get(instanceId);
        return id === undefined ? undefined : this.members.get(id);
    }

    /** ConsumerGroup.updateMember: replaces the record, keeps the partition epochs and static map in step. */
    updateMember(m: GroupMember): void {
        const old = this.members.get(m.memberId);
        if (old) this.removePartitionEpochs(old);
        this.members.set(m.memberId, m);
        this.order.add(m.memberId);
        if (m.instanceId !== null) this.staticMembers.set(m.instanceId, m.memberId);
        this.addPartitionEpochs(m);
    }

    removeMember(memberId: string): GroupMember | undefined {
        const old = this.members.get(memberId);
        if (!old) return undefined;
        this.members.delete(memberId);
        this.order.delete(memberId);
        this.removePartitionEpochs(old);
        if (old.instanceId !== null && this.staticMembers.get(old.instanceId) === memberId) this.staticMembers.delete(old.instanceId);
        this.target.delete(memberId);
        return old;
    }

    private addPartitionEpochs(m: GroupMember): void {
        for (const parts of [m.assigned, m.pendingRevocation]) {
            for (const k of parts.keys()) {
                const holder = this.partitionEpochs.get(k);
                if (holder && holder.memberId !== m.memberId) {
                    // Kafka throws IllegalStateException here: CurrentAssignmentBuilder never hands out a held partition.
                    throw new Error(`${k.replace('\u0000', '-')} is still owned by ${holder.memberId} at epoch ${holder.epoch}`);
                }
                this.partitionEpochs.set(k, { memberId: m.memberId, epoch: m.memberEpoch });
            }
        }
    }

    private removePartitionEpochs(m: GroupMember): void {
        for (const parts of [m.assigned, m.pendingRevocation]) {
            for (const k of parts.keys()) if (this.partitionEpochs.get(k)?.memberId === m.memberId) this.partitionEpochs.delete(k);
        }
    }

    /** currentPartitionEpoch(p) != -1. */
    isOwned(key: string): boolean {
        return this.partitionEpochs.has(key);
    }

    ownerOf(tp: TopicPartition): string | null {
        return this.partitionEpochs.get(tpKey(tp))?.memberId ?? null;
    }

    /** ConsumerGroup.targetAssignment(memberId, instanceId): a replaced static member's target goes with its instance id. */
    targetOf(memberId: string, instanceId: string | null): Parts {
        const own = this.target.get(memberId);
        if (own) return own;
        const previous = instanceId === null ? undefined : this.staticMembers.get(instanceId);
        return (previous !== undefined ? this.target.get(previous) : undefined) ?? NO_PARTS;
    }

    /** The topics some member subscribes to. */
    subscribedTopicNames(): Set<string> {
        const names = new Set<string>();
        for (const m of this.members.values()) for (const t of m.subscribedTopics) names.add(t);
        return names;
    }

    /** ConsumerGroup.maybeUpdateGroupState (CG:611-628). */
    get state(): GroupStateName {
        if (this.members.size === 0) return 'Empty';
        if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
        for (const m of this.members.values()) if (!isReconciledTo(m, this.assignmentEpoch)) return 'Reconciling';
        return 'Stable';
    }

    /**
     * ConsumerGroup.computePreferredServerAssignor: the assignor most members ask for; ties go
     * to the first in Java HashMap order of the names (Stream.max keeps the first); none → null.
     */
    preferredAssignor(order: (names: Iterable<string>) => string[]): string | null {
        const counts = new Map<string, number>();
        for (const m of this.members.values()) if (m.serverAssignor !== null) counts.set(m.serverAssignor, (counts.get(m.serverAssignor) ?? 0) + 1);
        let best: string | null = null;
        let bestCount = 0;
        for (const name of order(counts.keys())) {
            const c = counts.get(name)!;
            if (c > bestCount) {
                best = name;
                bestCount = c;
            }
        }
        return best;
    }

    numClassicMembers(): number {
        let n = 0;
        for (const m of this.members.values()) if (m.classic) n++;
        return n;
    }

    /** ConsumerGroup.allMembersUseClassicProtocolExcept. */
    allUseClassicExcept(memberId: string): boolean {
        for (const m of this.members.values()) if (m.memberId !== memberId && !m.classic) return false;
        return true;
    }

    /** ConsumerGroup.supportsClassicProtocols: like a classic group, among the classic members only. */
    supportsClassicProtocols(protocols: readonly ProtocolEntry[]): boolean {
        if (protocols.length === 0) return false;
        const classic = [...this.members.values()].filter((m) => m.classic);
        if (classic.length === 0) return true;
        return protocols.some((p) => classic.every((m) => m.classic!.protocols.some((q) => q.name === p.name)));
    }

    /** ConsumerGroup.waitingOnUnreleasedPartition. */
    waitingOnUnreleasedPartition(m: GroupMember): boolean {
        if (m.state !== 'UNRELEASED_PARTITIONS') return false;
        for (const k of this.targetOf(m.memberId, m.instanceId).keys()) if (!m.assigned.has(k) && this.isOwned(k)) return true;
        return false;
    }
}
