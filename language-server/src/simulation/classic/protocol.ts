/**
 * Classic group protocol messages (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), the error
 * codes they carry and the log lines Kafka prints around them (kafka-semantics.md §6).
 * Fields are the ones that change behaviour; a few simulation-only fields (the member's name,
 * its EAGER/COOPERATIVE mode) ride along for the trace and are never read by protocol logic.
 */
import type { TopicPartition } from '../../assignors/types.js';
import type { RebalanceProtocolName } from '../trace.js';

export type KafkaError =
    | 'NONE'
    | 'MEMBER_ID_REQUIRED'
    | 'REBALANCE_IN_PROGRESS'
    | 'UNKNOWN_MEMBER_ID'
    | 'ILLEGAL_GENERATION'
    | 'FENCED_INSTANCE_ID'
    | 'INCONSISTENT_GROUP_PROTOCOL'
    | 'INVALID_SESSION_TIMEOUT'
    | 'GROUP_MAX_SIZE_REACHED'
    | 'NOT_COORDINATOR'
    | 'COORDINATOR_NOT_AVAILABLE';

/** Errors the classic client treats as fatal on JoinGroup (AC:705-717). */
export const FATAL_JOIN_ERRORS: ReadonlySet<KafkaError> = new Set<KafkaError>([
    'INCONSISTENT_GROUP_PROTOCOL',
    'INVALID_SESSION_TIMEOUT',
    'GROUP_MAX_SIZE_REACHED',
    'FENCED_INSTANCE_ID'
]);

/** Kafka's messages for the fatal errors (Errors.java). */
export const ERROR_MESSAGES: Partial<Record<KafkaError, string>> = {
    INCONSISTENT_GROUP_PROTOCOL:
        "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.",
    INVALID_SESSION_TIMEOUT: 'The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).',
    GROUP_MAX_SIZE_REACHED: 'The group has reached its maximum size.',
    FENCED_INSTANCE_ID: 'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.'
};

/** The consumer protocol's Subscription (ConsumerProtocolSubscription v3): what a JoinGroup carries per assignor. */
export interface Subscription {
    readonly topics: readonly string[];
    /** Partitions the member owns (empty for a client in EAGER mode). */
    readonly owned: readonly TopicPartition[];
    /** The member's generation when it sent the JoinGroup (-1 when it has none). */
    readonly generation: number;
    readonly rack: string | null;
}

export interface ProtocolEntry {
    readonly name: string;
    readonly metadata: Subscription;
}

/** Same assignors in the same order, same metadata: ClassicGroupMember.matches. */
export function protocolsMatch(a: readonly ProtocolEntry[], b: readonly ProtocolEntry[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
        if (a[i].name !== b[i].name || !subscriptionEquals(a[i].metadata, b[i].metadata)) return false;
    }
    return true;
}

function subscriptionEquals(a: Subscription, b: Subscription): boolean {
    if (a.generation !== b.generation || a.rack !== b.rack) return false;
    if (a.topics.length !== b.topics.length || a.owned.length !== b.owned.length) return false;
    for (let i = 0; i < a.topics.length; i++) if (a.topics[i] !== b.topics[i]) return false;
    for (let i = 0; i < a.owned.length; i++) if (a.owned[i].topic !== b.owned[i].topic || a.owned[i].partition !== b.owned[i].partition) return false;
    return true;
}

export interface JoinGroupRequest {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly clientId: string;
    readonly sessionTimeoutMs: number;
    readonly rebalanceTimeoutMs: number;
    readonly protocols: readonly ProtocolEntry[];
    /** KIP-800 join reason. */
    readonly reason: string;
    // simulation-only
    readonly memberName: string;
    readonly rebalanceProtocol: RebalanceProtocolName;
}

export interface JoinGroupMember {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly metadata: Subscription;
}

export interface JoinGroupResponse {
    readonly error: KafkaError;
    readonly memberId: string;
    readonly generation: number;
    readonly protocolName: string | null;
    readonly leader: string | null;
    readonly skipAssignment: boolean;
    /** The leader gets every member; followers get none. */
    readonly members: readonly JoinGroupMember[];
    // simulation-only: the leader's name, for the trace
    readonly leaderName?: string | null;
}

export interface SyncGroupRequest {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly generation: number;
    readonly protocolName: string | null;
    /** The leader's assignment (member id → partitions); null for followers. */
    readonly assignments: ReadonlyMap<string, readonly TopicPartition[]> | null;
}

export interface SyncGroupResponse {
    readonly error: KafkaError;
    readonly assignment: readonly TopicPartition[];
}

export interface HeartbeatRequest {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly generation: number;
}

export interface LeaveGroupRequest {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly reason: string;
}

/** An assignor is cooperative when it supports COOPERATIVE (kafka-semantics §2.7). */
export function supportsCooperative(assignor: string): boolean {
    return assignor === 'cooperative-sticky';
}

/** The client's mode: the highest protocol every configured assignor supports (CC:205-231). */
export function rebalanceProtocolOf(assignors: readonly string[]): RebalanceProtocolName {
    return assignors.length > 0 && assignors.every(supportsCooperative) ? 'COOPERATIVE' : 'EAGER';
}

export const LOG = {
    preparing: (group: string, state: string, generation: number, reason: string) =>
        `Preparing to rebalance group ${group} in state ${state} with old generation ${generation} (reason: ${reason}).`,
    stabilized: (group: string, generation: number, members: number) => `Stabilized group ${group} generation ${generation} with ${members} members.`,
    nowEmpty: (group: string, generation: number) => `Group ${group} with generation ${generation} is now empty.`,
    memberFailed: (memberId: string, group: string) => `Member ${memberId} in group ${group} has failed, removing it from the group.`,
    pendingExpired: (memberId: string, group: string) => `Pending member ${memberId} in group ${group} has been removed after session timeout expiration.`,
    removedNotJoined: (group: string, ids: readonly string[]) => `Group ${group} removed dynamic members who haven't joined: [${ids.join(', ')}]`,
    leftGroup: (group: string, memberId: string, reason: string) =>
        `[Group ${group}] Member ${memberId} has left group through explicit \`LeaveGroup\` request; client reason: ${reason}`,
    memberIdRequired: (group: string, state: string, memberId: string) =>
        `Dynamic member with unknown member id joins group ${group} in ${state} state. Created a new member id ${memberId} and requesting the member to rejoin with this id.`,
    staticNoRebalance: () => "Static member which joins during Stable stage and doesn't affect the selected protocol will not trigger a rebalance.",
    fenced: (memberId: string, instanceId: string, existing: string, operation: string) =>
        `Request memberId=${memberId} for static member with groupInstanceId=${instanceId} is fenced by existing memberId=${existing} during operation ${operation}`,
    pollTimeout: () =>
        'consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.',
    sendingLeave: (memberId: string, node: string, reason: string) => `Member ${memberId} sending LeaveGroup request to coordinator ${node} due to ${reason}`,
    rejoinRebalancing: () => 'Request joining group due to: group is already rebalancing',
    /** AbstractCoordinator.markCoordinatorUnknown(Errors): e.g. an OffsetCommit answered NOT_COORDINATOR. */
    coordinatorUnknown: (node: string, cause: string) => `Group coordinator ${node} is unavailable or invalid due to cause: ${cause}. isDisconnected: false. Rediscovery will be attempted.`,
    sessionTimedOut: (node: string) =>
        `Group coordinator ${node} is unavailable or invalid due to cause: session timed out without receiving a heartbeat response. isDisconnected: false. Rediscovery will be attempted.`,
    heartbeatFailed: (generation: number, instanceId: string | null, error: string) =>
        `Attempt to heartbeat with Generation{generationId=${generation}} and group instance id ${instanceId === null ? 'Optional.empty' : `Optional[${instanceId}]`} failed due to ${error}, resetting generation`,
    resetting: (reason: string) => `Resetting generation and member id due to: ${reason}`,
    lost: () =>
        'Giving away all assigned partitions as lost since generation/memberID has been reset,indicating that consumer is in old state or no longer part of the group',
    joining: () => '(Re-)joining group',
    joined: (generation: number) => `Successfully joined group with generation Generation{generationId=${generation}}`,
    synced: (generation: number) => `Successfully synced group in generation Generation{generationId=${generation}}`,
    syncRebalancing: (generation: number) => `SyncGroup failed: The group began another rebalance. Need to re-join the group. Sent generation was Generation{generationId=${generation}}`,
    joinFenced: (instanceId: string, generation: number) =>
        `JoinGroup failed: The group instance id ${instanceId} has been fenced by another instance. Sent generation was Generation{generationId=${generation}}`,
    heartbeatFenced: (instanceId: string) => `Caught fenced group.instance.id Optional[${instanceId}] error in heartbeat thread`,
    joinFatal: (error: string) => `JoinGroup failed due to fatal error: ${error}`,
    commitFailed: () =>
        'Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.',
    commitNotInGroup: () =>
        'Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.',
    skippedAssignment: (generation: number) =>
        `Skipped assignment for returning static leader at generation ${generation}. The static leader will continue with its existing assignment.`
} as const;
