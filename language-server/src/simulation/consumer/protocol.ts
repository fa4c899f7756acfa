/**
 * The consumer protocol's one RPC, ConsumerGroupHeartbeat (KIP-848, kafka-semantics.md §4.2),
 * its error codes, the member states of both sides, and the log lines Kafka prints around it
 * (kafka-semantics.md §6). Fields are the ones that change behaviour; `memberName` rides along
 * for the trace and is never read by protocol logic.
 */
import type { TopicPartition } from '../../assignors/types.js';

/** ConsumerGroupHeartbeatRequest.JOIN_GROUP_MEMBER_EPOCH. */
export const JOIN_GROUP_MEMBER_EPOCH = 0;
/** A dynamic member leaves. */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;
/** A static member leaves for a while and keeps its assignment (kafka-semantics §4.9). */
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

export type ConsumerGroupError =
    | 'NONE'
    | 'FENCED_MEMBER_EPOCH'
    | 'UNKNOWN_MEMBER_ID'
    | 'UNRELEASED_INSTANCE_ID'
    | 'FENCED_INSTANCE_ID'
    | 'GROUP_MAX_SIZE_REACHED'
    | 'UNSUPPORTED_ASSIGNOR'
    | 'UNSUPPORTED_VERSION'
    | 'GROUP_ID_NOT_FOUND'
    | 'INVALID_REQUEST'
    | 'UNKNOWN_SERVER_ERROR'
    | 'NOT_COORDINATOR'
    | 'COORDINATOR_NOT_AVAILABLE';

/** Errors the client treats as fatal: thrown from poll(), the member stops (AHRM:330-425, CHRM:92-118). */
export const FATAL_HEARTBEAT_ERRORS: ReadonlySet<ConsumerGroupError> = new Set<ConsumerGroupError>([
    'UNRELEASED_INSTANCE_ID',
    'FENCED_INSTANCE_ID',
    'GROUP_MAX_SIZE_REACHED',
    'UNSUPPORTED_ASSIGNOR',
    'UNSUPPORTED_VERSION',
    'INVALID_REQUEST',
    'GROUP_ID_NOT_FOUND'
]);

export interface ConsumerGroupHeartbeatRequest {
    readonly memberId: string;
    readonly memberEpoch: number;
    readonly instanceId: string | null;
    readonly rackId: string | null;
    /** The request header's client id (`client.id`). */
    readonly clientId: string;
    /** `max.poll.interval.ms`; -1 when not sent. */
    readonly rebalanceTimeoutMs: number;
    /** Null when unchanged since the last heartbeat. */
    readonly subscribedTopicNames: readonly string[] | null;
    /** `group.remote.assignor` (`uniform`, `range`), null for the broker's default. */
    readonly serverAssignor: string | null;
    /** The partitions the member owns (its reconciled assignment), null when not sent. */
    readonly topicPartitions: readonly TopicPartition[] | null;
    /** Every field is set: a join, or the first heartbeat after an error (CHRM:204-255). */
    readonly full: boolean;
    // simulation-only
    readonly memberName: string;
    /** Why the client sent it (the trace shows every one that is not a regular heartbeat). */
    readonly purpose: HeartbeatPurpose;
}

export type HeartbeatPurpose = 'join' | 'heartbeat' | 'acknowledge' | 'leave';

export interface ConsumerGroupHeartbeatResponse {
    readonly error: ConsumerGroupError;
    readonly errorMessage: string | null;
    readonly memberId: string;
    readonly memberEpoch: number;
    readonly heartbeatIntervalMs: number;
    /** Present on a full request or when the member's assigned partitions changed (GMM:1879-1887). */
    readonly assignment: readonly TopicPartition[] | null;
}

/** Server side: CurrentAssignmentBuilder's member states (SMS:25-50). */
export type ServerMemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS';

/** Client side: AbstractMembershipManager's member states (CMSt). */
export type ClientMemberState =
    | 'UNSUBSCRIBED'
    | 'JOINING'
    | 'RECONCILING'
    | 'ACKNOWLEDGING'
    | 'STABLE'
    | 'FENCED'
    | 'PREPARE_LEAVING'
    | 'LEAVING'
    | 'FATAL'
    | 'STALE';

/** Kafka's error messages for the fatal cases. */
export const ERROR_MESSAGES: Partial<Record<ConsumerGroupError, string>> = {
    UNRELEASED_INSTANCE_ID: 'The instance ID is still used by another member in the consumer group. That member must leave first.',
    FENCED_INSTANCE_ID: 'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.',
    GROUP_MAX_SIZE_REACHED: 'The group has reached its maximum size.',
    UNSUPPORTED_ASSIGNOR: 'The assignor or its version range is not supported by the consumer group.',
    UNSUPPORTED_VERSION: 'The cluster doesn\'t yet support the new consumer group protocol. Set group.protocol=classic to revert to the classic protocol until the cluster is upgraded.',
    GROUP_ID_NOT_FOUND: 'The group id does not exist.'
};

export const CP_LOG = {
    // broker (GroupMetadataManager)
    bumped: (group: string, epoch: number) => `[GroupId ${group}] Bumped group epoch to ${epoch}.`,
    computed: (group: string, epoch: number, assignor: string, ms: number) =>
        `[GroupId ${group}] Computed a new target assignment for epoch ${epoch} with '${assignor}' assignor in ${ms}ms.`,
    joins: (group: string, memberId: string, protocol: 'consumer' | 'classic') =>
        `[GroupId ${group}] Member ${memberId} joins the consumer group using the ${protocol} protocol.`,
    staticJoins: (group: string, memberId: string, instanceId: string, protocol: 'consumer' | 'classic') =>
        `[GroupId ${group}] Static member ${memberId} with instance id ${instanceId} joins the consumer group using the ${protocol} protocol.`,
    staticRejoins: (group: string, instanceId: string, protocol: 'consumer' | 'classic', memberId: string, previous: string) =>
        `[GroupId ${group}] Static member with instance id ${instanceId} re-joins the consumer group using the ${protocol} protocol. Created a new member ${memberId} to replace the existing member ${previous}.`,
    unreleased: (group: string, memberId: string, instanceId: string, owner: string) =>
        `[GroupId ${group}] Static member ${memberId} with instance id ${instanceId} cannot join the group because the instance id is is owned by member ${owner}.`,
    staticFenced: (group: string, memberId: string, instanceId: string, owner: string) =>
        `[GroupId ${group}] Static member ${memberId} with instance id ${instanceId} is fenced by existing member ${owner}.`,
    left: (group: string, memberId: string) => `[GroupId ${group}] Member ${memberId} left the consumer group.`,
    staticLeft: (group: string, memberId: string, instanceId: string) =>
        `[GroupId ${group}] Static Member ${memberId} with instance id ${instanceId} left the consumer group.`,
    staticTemporarilyLeft: (group: string, memberId: string, instanceId: string) =>
        `[GroupId ${group}] Static Member ${memberId} with instance id ${instanceId} temporarily left the consumer group.`,
    fenced: (group: string, memberId: string, reason: string) => `[GroupId ${group}] Member ${memberId} fenced from the group because ${reason}`,
    sessionExpired: () => 'the member session expired.',
    rebalanceTimeout: (epoch: number, ms: number) => `it failed to transition from epoch ${epoch} within ${ms}ms.`,
    classicJoinTimeout: () => 'the classic member failed to join within the rebalance timeout.',
    classicSyncTimeout: () => 'the member failed to sync within timeout.',
    classicMemberIdRequired: (group: string, memberId: string) =>
        `[GroupId ${group}] Dynamic member with unknown member id joins the consumer group. Created a new member id ${memberId} and requesting the member to rejoin with this id.`,
    classicLeft: (group: string, memberId: string, reason: string) =>
        `[Group ${group}] Dynamic Member ${memberId} has left group through explicit \`LeaveGroup\` request; client reason: ${reason}`,
    classicStaticLeft: (group: string, memberId: string, instanceId: string, reason: string) =>
        `[Group ${group}] Static Member ${memberId} with instance id ${instanceId} has left group through explicit \`LeaveGroup\` request; client reason: ${reason}`,
    upgradeDisabled: (group: string) => `Cannot upgrade classic group ${group} to consumer group because the online upgrade is disabled.`,
    upgradeTooLarge: (group: string) => `Cannot upgrade classic group ${group} to consumer group because the group size exceeds the consumer group maximum size.`,
    downgradeDisabled: (group: string) => `Cannot downgrade consumer group ${group} to classic group because the online downgrade is disabled.`,
    downgradeTooLarge: (group: string) => `Cannot downgrade consumer group ${group} to classic group because its group size is greater than classic group max size.`,
    downgradeReason: (group: string) => `Downgrade group ${group} from consumer to classic.`,
    loaded: (group: string, members: number) => `Loaded consumer group ${group} with ${members} members.`,
    unloaded: (group: string, epoch: number) => `[GroupId=${group}] Unloaded group metadata for group epoch ${epoch}.`,
    // client (AbstractHeartbeatRequestManager, ConsumerHeartbeatRequestManager, AbstractMembershipManager)
    pollTimeout: () =>
        'Consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.',
    rejoinAfterPollTimeout: (exceededMs: number, memberId: string) =>
        `Time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, exceeded approximately by ${exceededMs} ms. Member ${memberId} will rejoin the group now.`,
    unreleasedInstanceId: (instanceId: string, message: string) => `ConsumerGroupHeartbeatRequest failed due to unreleased instance id ${instanceId}: ${message}`,
    fencedInstanceId: (instanceId: string, message: string) =>
        `ConsumerGroupHeartbeatRequest failed due to fenced instance id ${instanceId}: ${message}. This is expected in the case that the member was removed from the group by an admin client, and another member joined using the same group instance id.`,
    fatal: (error: string, message: string) => `ConsumerGroupHeartbeatRequest failed due to ${error}: ${message}`,
    unexpected: (error: string, message: string) => `ConsumerGroupHeartbeatRequest failed due to unexpected error ${error}: ${message}`,
    fencedEpoch: (memberId: string, epoch: number) => `ConsumerGroupHeartbeatRequest failed for member ${memberId} because epoch ${epoch} is fenced.`,
    unknownMember: (memberId: string) => `ConsumerGroupHeartbeatRequest failed because member ${memberId} is unknown.`,
    reconciling: (memberId: string, added: string, revoked: string) =>
        `Reconciling assignment for member ${memberId}: added partitions [${added}], revoked partitions [${revoked}]`,
    revoking: (parts: string) => `Revoking previously assigned partitions ${parts}`,
    releasing: (memberId: string, parts: string) => `Member ${memberId} is triggering callbacks to release assignment [${parts}] and leave group`
} as const;
