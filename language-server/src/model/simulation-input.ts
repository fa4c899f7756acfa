/**
 * What the simulation engine is given: one scenario, fully resolved. Plain data (numbers in
 * milliseconds, names, records per second), no Langium or VS Code types. The language server
 * builds it from a `.rebal` document (language/model-builder.ts); tests build it by hand.
 */
import type { SkewValue } from './properties.js';

export type GroupProtocol = 'classic' | 'consumer';
export type RebalanceListener = 'none' | 'commit-on-revoke';

/** Every setting of one consumer, after group → member → `with` overrides and Kafka's defaults. */
export interface MemberConfig {
    readonly clientId: string;
    readonly groupInstanceId: string | null;
    readonly clientRack: string | null;
    readonly groupProtocol: GroupProtocol;
    /** KIP-848 `group.remote.assignor` (`uniform` | `range`), null = the broker's default. */
    readonly groupRemoteAssignor: string | null;
    /** Classic `partition.assignment.strategy`, short names, in preference order. */
    readonly assignors: readonly string[];
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    readonly maxPollIntervalMs: number;
    readonly maxPollRecords: number;
    readonly enableAutoCommit: boolean;
    readonly autoCommitIntervalMs: number;
    readonly metadataMaxAgeMs: number;
    readonly requestTimeoutMs: number;
    readonly defaultApiTimeoutMs: number;
    readonly retryBackoffMs: number;
    readonly retryBackoffMaxMs: number;
    readonly autoOffsetReset: 'latest' | 'earliest' | 'none';
    readonly leaveGroupOnClose: boolean;
    /** Simulation: time spent on each record. */
    readonly processTimePerRecordMs: number;
    readonly rebalanceListener: RebalanceListener;
    /** Simulation: time spent inside onPartitionsRevoked. */
    readonly revokeTimeMs: number;
    /** Subscribed topics (the group's `subscribe`, changed by `subscribe` events). */
    readonly subscription: readonly string[];
}

export interface ClusterConfig {
    readonly initialRebalanceDelayMs: number;
    readonly minSessionTimeoutMs: number;
    readonly maxSessionTimeoutMs: number;
    readonly groupMaxSize: number;
    readonly rebalanceProtocols: readonly GroupProtocol[];
    /** KIP-848 settings, with the group's `consumer.*` group configs applied. */
    readonly consumerGroup: {
        readonly heartbeatIntervalMs: number;
        readonly sessionTimeoutMs: number;
        readonly minHeartbeatIntervalMs: number;
        readonly maxHeartbeatIntervalMs: number;
        readonly minSessionTimeoutMs: number;
        readonly maxSessionTimeoutMs: number;
        readonly maxSize: number;
        readonly assignors: readonly string[];
        readonly migrationPolicy: 'bidirectional' | 'upgrade' | 'downgrade' | 'disabled';
    };
    /** Simulation: one-way request/response delay. */
    readonly networkLatencyMs: number;
    /** Simulation: time to compute an assignment. */
    readonly assignorTimeMs: number;
}

export interface TopicSpec {
    readonly name: string;
    readonly partitions: number;
    readonly producePerSecond: number;
    readonly keySkew: SkewValue;
}

export interface MemberSpec {
    /** The member's name in the file (`c1`, `worker3`). */
    readonly name: string;
    readonly config: MemberConfig;
    /** 1-based line of its declaration, for the editor. */
    readonly line?: number;
}

interface EventBase {
    /** Milliseconds from the scenario's start. */
    readonly at: number;
    /** 1-based line of the `at` line in the file, when it came from one. */
    readonly line?: number;
}

/** The settings members come back with after a deploy (`with { … }`), resolved per member. */
export type ConfigAfter = Readonly<Record<string, MemberConfig>>;

export type ScenarioEvent =
    | (EventBase & { readonly kind: 'start'; readonly members: readonly string[]; readonly configAfter?: ConfigAfter })
    | (EventBase & { readonly kind: 'stop'; readonly members: readonly string[] })
    | (EventBase & { readonly kind: 'crash'; readonly members: readonly string[] })
    | (EventBase & { readonly kind: 'restart'; readonly members: readonly string[]; readonly downMs: number; readonly configAfter?: ConfigAfter })
    | (EventBase & {
          readonly kind: 'rolling-restart';
          readonly members: readonly string[];
          readonly everyMs: number;
          readonly downMs: number;
          readonly configAfter?: ConfigAfter;
      })
    | (EventBase & { readonly kind: 'gc-pause'; readonly members: readonly string[]; readonly durationMs: number })
    | (EventBase & { readonly kind: 'network-partition'; readonly members: readonly string[]; readonly durationMs: number })
    | (EventBase & {
          readonly kind: 'slow';
          readonly members: readonly string[];
          /** Member settings while slow (e.g. a larger processTimePerRecordMs). */
          readonly configDuring: ConfigAfter;
          readonly durationMs: number;
      })
    | (EventBase & { readonly kind: 'subscribe'; readonly members: readonly string[]; readonly topics: readonly string[] })
    | (EventBase & { readonly kind: 'add-partitions'; readonly topic: string; readonly count: number })
    | (EventBase & { readonly kind: 'produce'; readonly topic: string; readonly perSecond: number })
    | (EventBase & { readonly kind: 'coordinator-failover' });

export type ExpectSubject =
    | { readonly kind: 'rebalances' | 'rebalance-times' | 'generation' | 'state' | 'members' | 'moved-partitions' | 'max-unowned' | 'total-pause' | 'duplicates' }
    | { readonly kind: 'assignment' | 'paused' | 'max-pause' | 'error'; readonly member: string }
    | { readonly kind: 'owner' | 'unowned'; readonly topic: string; readonly partition: number }
    | { readonly kind: 'max-lag' | 'lag'; readonly topic: string };

export type ExpectValue =
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'duration'; readonly ms: number }
    | { readonly kind: 'name'; readonly name: string }
    | { readonly kind: 'partition'; readonly topic: string; readonly partition: number }
    | { readonly kind: 'list'; readonly items: readonly ExpectValue[] };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface ExpectationSpec {
    /** Position among the scenario's expectations. */
    readonly index: number;
    readonly line?: number;
    /** The expectation as written, for reports. */
    readonly text: string;
    readonly subject: ExpectSubject;
    readonly at?: number;
    readonly op: CompareOp;
    readonly value: ExpectValue;
}

export interface SimulationInput {
    readonly scenario: string;
    readonly group: string;
    readonly durationMs: number;
    readonly seed: number;
    readonly cluster: ClusterConfig;
    readonly topics: readonly TopicSpec[];
    /** Every member the group declares, sets expanded, in file order. */
    readonly members: readonly MemberSpec[];
    /** Sorted by time (stable for equal times). */
    readonly events: readonly ScenarioEvent[];
    readonly expectations: readonly ExpectationSpec[];
}
