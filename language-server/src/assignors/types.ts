/**
 * The contract of every assignor: plain data in, plain data out. No Langium, no VS Code.
 * The simulation engine, `rebal assign` and the tests all call assignors through `assign()`
 * in `index.ts` with these shapes.
 */

export interface TopicPartition {
    readonly topic: string;
    readonly partition: number;
}

/** Client-side (classic protocol, run by the group leader) and server-side (KIP-848) assignor names. */
export type ClientAssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';
export type ServerAssignorName = 'uniform' | 'server-range';
export type AssignorName = ClientAssignorName | ServerAssignorName;

export interface AssignorMember {
    /** Classic: `client.id + "-" + UUID` (or instance id + UUID); KIP-848: the member's UUID. */
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    /** `client.rack`, for rack-aware assignment (KIP-881). */
    readonly rack: string | null;
    /** Subscribed topic names. */
    readonly topics: readonly string[];
    /**
     * Classic: the `ownedPartitions` of the member's Subscription (empty for a client in EAGER mode).
     * KIP-848: the member's current target assignment, as the coordinator feeds it.
     */
    readonly owned: readonly TopicPartition[];
    /** The generation carried in the subscription (classic sticky logic), or null when absent. */
    readonly generation: number | null;
}

export interface AssignmentInput {
    /** Partition count per topic. */
    readonly topics: Readonly<Record<string, number>>;
    /** Optional: per topic, per partition, the racks of its replicas. */
    readonly partitionRacks?: Readonly<Record<string, readonly (readonly string[])[]>>;
    /** Optional: Kafka topic ids (base64 Uuid) per topic, used for the server-side assignors' iteration order. */
    readonly topicIds?: Readonly<Record<string, string>>;
    readonly members: readonly AssignorMember[];
    /**
     * Optional, sticky assignors only: the largest generation the leader's assignor instance saw
     * in earlier assignments. Kafka keeps it in a field (`AbstractStickyAssignor.maxGeneration`)
     * that is never reset; it matters when every member reports an older generation than that.
     * Left out, only this case's generations count.
     */
    readonly leaderMaxGeneration?: number;
}

export interface AssignmentResult {
    /** Every member present; each list sorted by topic, then partition. */
    readonly assignment: Readonly<Record<string, TopicPartition[]>>;
}

/** A case Kafka itself would reject (the message says why, in Kafka's terms). */
export class AssignorError extends Error {
    override readonly name = 'AssignorError';
}

/**
 * A case that does not describe a state Kafka can be in (unknown topic partition in `owned`,
 * duplicate member ids, racks that do not match the partition count…). A subclass of
 * AssignorError so that callers handle both the same way; `rebal assign` prints the message.
 */
export class InvalidAssignmentCase extends AssignorError {
}
