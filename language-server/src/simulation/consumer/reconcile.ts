/**
 * The server side of a member's reconciliation (kafka-semantics.md §4.5, Kafka's
 * CurrentAssignmentBuilder): given what a member is assigned now, its target assignment and
 * what it reports owning, the member's next epoch, state and assigned partitions. Pure.
 *
 * A partition is handed to a member only when no member holds it in its assigned partitions
 * or its partitions pending revocation (the `isOwned` callback, Kafka's currentPartitionEpoch);
 * a member gives partitions up only by reporting it no longer owns them.
 */
import { intersect, minus, overlaps, union, type Parts } from './partitions.js';
import type { ServerMemberState } from './protocol.js';

export interface AssignmentState {
    readonly memberEpoch: number;
    readonly previousMemberEpoch: number;
    readonly state: ServerMemberState;
    readonly assigned: Parts;
    readonly pendingRevocation: Parts;
}

/** ModernGroupMember.isReconciledTo. */
export function isReconciledTo(m: AssignmentState, targetEpoch: number): boolean {
    return m.state === 'STABLE' && m.memberEpoch === targetEpoch;
}

export interface ReconcileInput {
    readonly targetEpoch: number;
    readonly target: Parts;
    /** What the member reports owning; null when the request did not say (counts as still owning). */
    readonly owned: Parts | null;
    /** Whether some member (this one included) holds the partition, assigned or pending revocation. */
    readonly isOwned: (key: string) => boolean;
}

function ownsAnyOf(owned: Parts | null, revoking: Parts): boolean {
    return owned === null ? true : overlaps(owned, revoking);
}

function withEpoch(m: AssignmentState, epoch: number): { memberEpoch: number; previousMemberEpoch: number } {
    // ConsumerGroupMember.Builder.updateMemberEpoch keeps the epoch it replaces.
    return { memberEpoch: epoch, previousMemberEpoch: m.memberEpoch };
}

/** CurrentAssignmentBuilder.build(): the member unchanged, or its next state. */
export function reconcile(m: AssignmentState, input: ReconcileInput): AssignmentState {
    switch (m.state) {
        case 'STABLE':
            return m.memberEpoch !== input.targetEpoch ? computeNext(m, m.memberEpoch, input) : m;
        case 'UNREVOKED_PARTITIONS':
            // Wait until the member no longer reports any partition pending revocation.
            if (ownsAnyOf(input.owned, m.pendingRevocation)) return m;
            return computeNext(m, m.memberEpoch + 1, input);
        case 'UNRELEASED_PARTITIONS':
            // Freed partitions are picked up on the member's own heartbeat, never pushed.
            return computeNext(m, m.memberEpoch, input);
    }
}

/** CurrentAssignmentBuilder.computeNextAssignment. */
function computeNext(m: AssignmentState, memberEpoch: number, input: ReconcileInput): AssignmentState {
    const assigned = intersect(m.assigned, input.target);
    const revoking = minus(m.assigned, assigned);
    const wanted = minus(input.target, assigned);
    const pendingAssignment = new Map([...wanted].filter(([k]) => !input.isOwned(k)));
    const hasUnreleased = pendingAssignment.size < wanted.size;
    if (revoking.size > 0 && ownsAnyOf(input.owned, revoking)) {
        // Revoke first: the member stays in its epoch until it acknowledges.
        return {
            ...withEpoch(m, memberEpoch),
            state: 'UNREVOKED_PARTITIONS',
            assigned,
            pendingRevocation: revoking
        };
    }
    const next = withEpoch(m, input.targetEpoch);
    if (pendingAssignment.size > 0) {
        return { ...next, state: hasUnreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE', assigned: union(assigned, pendingAssignment), pendingRevocation: new Map() };
    }
    return { ...next, state: hasUnreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE', assigned, pendingRevocation: new Map() };
}
