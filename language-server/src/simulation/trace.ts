/**
 * The trace: everything one simulation run produced, as plain JSON. It is the only contract
 * between the engine and whatever draws or checks a run (the replay webview, the CLI, the
 * expectation checker): a consumer of a trace never recomputes Kafka behaviour, it reads it.
 *
 * Versioned: `traceVersion` changes whenever a field changes meaning or a required field is
 * added or removed; optional fields may be added within a version (a reader ignores what it
 * does not know). `docs/trace-format.md` explains every field, `docs/trace.schema.json`
 * validates a trace.
 *
 * Conventions used throughout:
 * - every time is an integer or fractional number of **milliseconds from the scenario start**;
 * - spans are half-open `[from, to)`; a span still open at the end of the run has `to = durationMs`;
 * - members are referred to by their **name in the file** (`c1`, `worker3`); Kafka member ids
 *   (`c1-5f0c…`) appear where Kafka would show them (requests, logs) and in `memberIds`;
 * - partitions are `{ topic, partition }` or, in bulk, `PartitionSet` (topic → sorted numbers).
 */

export const TRACE_VERSION = 1 as const;

/** Group states of both protocols: classic (first five) and KIP-848 (`Assigning`, `Reconciling`). */
export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead' | 'Assigning' | 'Reconciling';

export type RebalanceProtocolName = 'EAGER' | 'COOPERATIVE';
export type GroupProtocolName = 'classic' | 'consumer';

/** Topic → sorted partition numbers. Compact for large assignments. */
export type PartitionSet = Record<string, number[]>;

export interface Trace {
    readonly traceVersion: typeof TRACE_VERSION;
    readonly engine: TraceEngineInfo;
    readonly scenario: string;
    readonly group: string;
    readonly seed: number;
    readonly durationMs: number;
    /** Cluster and simulation settings the run used. */
    readonly cluster: TraceClusterInfo;
    readonly topics: TraceTopic[];
    readonly members: TraceMember[];
    /** The coordinator's view: one span per state, with the generation and elected assignor. */
    readonly groupStates: GroupStateSpan[];
    /** One entry per generation bump (= one classic rebalance, simulation-conventions §9). */
    readonly rebalances: TraceRebalance[];
    /** Which Kafka member id each member had when (a restart or a reset makes a new one). */
    readonly memberIds: MemberIdSpan[];
    /** What each member held, per partition (its own view, simulation-conventions §12). */
    readonly ownership: OwnershipSpan[];
    /** What each member was doing; exclusive per member: at most one span covers an instant. */
    readonly activity: ActivitySpan[];
    /** Conditions that overlap activity (cut off from the coordinator, zombie, slow). */
    readonly conditions: ConditionSpan[];
    /** Protocol messages, timers, callbacks, commits that are not routine, errors; by time. */
    readonly events: TraceEvent[];
    /** Routine heartbeats (answered NONE), run-length encoded: one entry per uninterrupted run. */
    readonly heartbeats: HeartbeatRun[];
    /** Routine successful commits (auto-commit or per-batch manual), run-length encoded. */
    readonly commitRuns: CommitRun[];
    /** Every other commit (before a JoinGroup, on revoke, on close) and every failed one. */
    readonly commits: TraceCommit[];
    /** Lag per topic over time, sampled on a fixed step (see LagSeries). */
    readonly lag: LagSeries[];
    /** Exact snapshots at the instants expectations ask about (`expect … at T`). */
    readonly probes: Probe[];
    /** Where re-processed records came from. */
    readonly duplicates: DuplicateIncident[];
    /** The scenario's timeline as the engine applied it. */
    readonly scenarioEvents: TraceScenarioEvent[];
    readonly expectations: ExpectationResult[];
    readonly summary: TraceSummary;
    /** KIP-848 (group.protocol = consumer) data. Absent in a classic-only run. */
    readonly consumerProtocol?: ConsumerProtocolTrace;
}

export interface TraceEngineInfo {
    readonly name: 'rebal';
    readonly version: string;
    /**
     * How ties that depend on Java HashMap order were broken (simulation-conventions §10):
     * `java-hashmap` = Java's iteration order for the same keys; `sorted` = a documented fallback.
     */
    readonly hashOrder: 'java-hashmap' | 'sorted';
    /** Free-text notes on modelling choices that affected this run (e.g. a deviation from Kafka). */
    readonly notes: string[];
}

export interface TraceClusterInfo {
    readonly initialRebalanceDelayMs: number;
    readonly minSessionTimeoutMs: number;
    readonly maxSessionTimeoutMs: number;
    readonly groupMaxSize: number;
    readonly networkLatencyMs: number;
    readonly assignorTimeMs: number;
}

export interface TraceTopic {
    readonly name: string;
    /** Partition count over time: the first entry is at 0; `add-partitions` appends one. */
    readonly partitions: { readonly at: number; readonly count: number }[];
    /** Produce rate (records/s) over time: the first entry is at 0. */
    readonly produce: { readonly at: number; readonly perSecond: number }[];
    /** `uniform`, or `zipf(s)`: how records spread over partitions. */
    readonly keySkew: string;
    /** Whether the group subscribes to it at some point (a topic may be declared and unused). */
    readonly subscribed: boolean;
}

export interface TraceMember {
    readonly name: string;
    readonly clientId: string;
    /** Static membership (KIP-345); null for a dynamic member. From its first configuration. */
    readonly groupInstanceId: string | null;
    /** 1-based line of its declaration. */
    readonly line?: number;
    /** Each configuration it ran with; a deploy (`with { … }`) starts a new one. */
    readonly configs: TraceMemberConfig[];
}

export interface TraceMemberConfig {
    /** When this configuration took effect (the start that used it). */
    readonly from: number;
    readonly groupProtocol: GroupProtocolName;
    readonly groupInstanceId: string | null;
    /** Classic `partition.assignment.strategy`, short names, preference order (empty under KIP-848). */
    readonly assignors: string[];
    /** KIP-848: the server-side assignor it asks for (`group.remote.assignor`, else the broker's first). */
    readonly remoteAssignor?: string;
    /**
     * The client's own mode: COOPERATIVE only when every assignor in its list supports it
     * (kafka-semantics §2.7); always COOPERATIVE (incremental) under KIP-848.
     */
    readonly rebalanceProtocol: RebalanceProtocolName;
    /** Classic: the client's settings; KIP-848: the broker's (group.consumer.*), which are what apply. */
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    readonly maxPollIntervalMs: number;
    readonly maxPollRecords: number;
    readonly processTimePerRecordMs: number;
    readonly enableAutoCommit: boolean;
    readonly autoCommitIntervalMs: number;
    readonly rebalanceListener: string;
    readonly revokeTimeMs: number;
    readonly subscription: string[];
}

export interface GroupStateSpan {
    readonly from: number;
    readonly to: number;
    readonly state: GroupStateName;
    /** Classic generation id (KIP-848: the group epoch). */
    readonly generation: number;
    /** The elected assignor (classic protocol name), null while none is elected. */
    readonly protocolName: string | null;
    /** Leader's member name, null when none. */
    readonly leader: string | null;
    /** How many members the coordinator holds. */
    readonly members: number;
}

export interface TraceRebalance {
    readonly generation: number;
    /** When the group entered PreparingRebalance for this generation. */
    readonly preparedAt: number;
    /** Kafka's reason string in "Preparing to rebalance group … (reason: …)". */
    readonly reason: string;
    /** The generation bump (join phase complete): this is the instant `rebalance-times` lists. */
    readonly bumpedAt: number;
    /** When the group became Stable in this generation, null if it never did. */
    readonly stableAt: number | null;
    /** State entered at the bump: CompletingRebalance, or Empty when no member was left. */
    readonly bumpedTo: GroupStateName;
    readonly protocolName: string | null;
    readonly leader: string | null;
    /** Every member of the generation, with what it sent in JoinGroup. */
    readonly members: TraceGenerationMember[];
    /** Partitions handed to a member other than their previous owner in this generation. */
    readonly moved: number;
}

export interface TraceGenerationMember {
    readonly member: string;
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    /** Its protocols (assignor names) in its preference order, as sent in JoinGroup. */
    readonly protocols: string[];
    /** The protocol it voted for (its first choice among those every member supports). */
    readonly vote: string | null;
    readonly rebalanceProtocol: RebalanceProtocolName;
    /** The assignment the leader gave it (absent when the generation never synced). */
    readonly assignment?: PartitionSet;
}

export interface MemberIdSpan {
    readonly member: string;
    readonly memberId: string;
    readonly from: number;
    readonly to: number;
}

export type OwnershipEnd = 'revoked' | 'lost' | 'crashed' | 'stopped' | 'fenced' | 'end';

export interface OwnershipSpan {
    readonly member: string;
    readonly topic: string;
    readonly partition: number;
    readonly from: number;
    readonly to: number;
    /** The generation whose assignment gave it this partition. */
    readonly generation: number;
    /** How the holding ended (`end` = still held when the run stopped). */
    readonly end: OwnershipEnd;
}

/**
 * Exclusive per member. `paused` says whether the span counts toward `paused M` (the member
 * could not process, simulation-conventions §9).
 * - processing: running, holds partitions and may fetch them;
 * - idle: running and in the group with nothing assigned (more members than partitions);
 * - paused-rebalance: waits in a rebalance with nothing it may fetch;
 * - revoking: inside onPartitionsRevoked (revoke.time);
 * - frozen: whole process stopped (gc-pause), heartbeat thread too;
 * - down: crashed, or stopped for a restart;
 * - stopped: closed on purpose and not coming back (not a pause);
 * - failed: hit a fatal error (`error M`), poll() throws; counted as a pause.
 */
export type ActivityKind = 'processing' | 'idle' | 'paused-rebalance' | 'revoking' | 'frozen' | 'down' | 'stopped' | 'failed';

export interface ActivitySpan {
    readonly member: string;
    readonly from: number;
    readonly to: number;
    readonly kind: ActivityKind;
    readonly paused: boolean;
}

/**
 * - cut-off: requests to and from the coordinator are lost (network-partition); it keeps fetching;
 * - zombie: the coordinator no longer counts it as a member of the current generation (removed,
 *   fenced, or a static member kept with a stale assignment because it did not rejoin) but it does
 *   not know yet and keeps processing what it holds (poll timeout, session expiry, network cut);
 * - slow: a `slow` event changed its processing time.
 */
export type ConditionKind = 'cut-off' | 'zombie' | 'slow';

export interface ConditionSpan {
    readonly member: string;
    readonly from: number;
    readonly to: number;
    readonly kind: ConditionKind;
}

/**
 * - request / response: a protocol message, named by Kafka's API name (`JoinGroup`, `SyncGroup`,
 *   `Heartbeat`, `LeaveGroup`, `OffsetCommit`, `FindCoordinator`, `Metadata`); `error` carries the
 *   response's error code (`NONE`, `MEMBER_ID_REQUIRED`, `REBALANCE_IN_PROGRESS`, …);
 * - timer: a timer firing (coordinator: `InitialDelayedJoin`, `DelayedJoin`, `HeartbeatExpiry`,
 *   `PendingMemberExpiry`, `PendingSyncExpiry`; client: `PollTimeout`, `SessionTimeout`,
 *   `MetadataRefresh`, `AutoCommit`);
 * - callback: a rebalance listener call (`onPartitionsRevoked`, `onPartitionsAssigned`, `onPartitionsLost`);
 * - state: a coordinator or client state change worth showing (`PreparingRebalance`, `Stable`, …);
 * - log: a line Kafka logs, with no message of its own;
 * - error: a fatal error (the member fails);
 * - scenario: an event of the timeline as applied (see also `scenarioEvents`).
 */
export type TraceEventKind = 'request' | 'response' | 'timer' | 'callback' | 'state' | 'log' | 'error' | 'scenario';

export interface TraceEvent {
    readonly at: number;
    readonly kind: TraceEventKind;
    readonly name: string;
    /** Member name, when the event concerns one member. */
    readonly member?: string;
    /** Kafka member id used in the message. */
    readonly memberId?: string;
    readonly generation?: number;
    /** Direction of a message: client → coordinator or coordinator → client. */
    readonly direction?: 'to-coordinator' | 'to-member';
    /** Kafka error code of a response or of a fatal error. */
    readonly error?: string;
    /** Partitions concerned (callbacks, SyncGroup assignments). */
    readonly partitions?: PartitionSet;
    /** Short explanation in our words. */
    readonly detail?: string;
    /** Kafka's exact log line for this event, when it logs one (kafka-semantics §6). */
    readonly log?: TraceLogLine;
    /** 1-based source line (scenario events). */
    readonly line?: number;
}

export interface TraceLogLine {
    readonly side: 'client' | 'broker';
    readonly level: 'INFO' | 'WARN' | 'ERROR';
    readonly text: string;
}

/** `count` heartbeats at `from + k·intervalMs` (k = 0 … count−1), each answered NONE. */
export interface HeartbeatRun {
    readonly member: string;
    readonly memberId: string;
    readonly from: number;
    readonly intervalMs: number;
    readonly count: number;
}

/**
 * `join-prepare`: classic, before a JoinGroup; `reconcile`: KIP-848 auto-commit before the
 * client reconciles a new assignment (CMM:266-273); `on-revoke`: the listener's commit.
 */
export type CommitKind = 'auto' | 'batch' | 'join-prepare' | 'reconcile' | 'on-revoke' | 'close';

/** `count` successful commits of one kind between `from` and `to` (inclusive instants). */
export interface CommitRun {
    readonly member: string;
    readonly kind: CommitKind;
    readonly from: number;
    readonly to: number;
    readonly count: number;
}

export interface TraceCommit {
    readonly at: number;
    readonly member: string;
    readonly kind: CommitKind;
    readonly ok: boolean;
    /** Kafka error or exception when it failed (`REBALANCE_IN_PROGRESS`, `CommitFailedException`, …). */
    readonly error?: string;
    /** How many partitions it carried. */
    readonly partitions: number;
}

/**
 * Lag of one topic, sampled every `stepMs` from 0: `lag[i]` is at `i·stepMs`.
 * - lag: records produced and not yet processed by anyone (log end − processed frontier);
 * - committedLag: log end − committed offset (what `kafka-consumer-groups --describe` shows);
 * - lagMax: the largest lag within `[i·stepMs, (i+1)·stepMs)`, so a short spike survives sampling.
 * The exact maximum is in `summary.maxLag`; exact values at expectation instants in `probes`.
 */
export interface LagSeries {
    readonly topic: string;
    readonly stepMs: number;
    readonly lag: number[];
    readonly lagMax: number[];
    readonly committedLag: number[];
}

export interface Probe {
    readonly at: number;
    readonly state: GroupStateName;
    readonly generation: number;
    readonly members: number;
    /** Lag per topic at exactly `at`. */
    readonly lag: Record<string, number>;
}

export type DuplicateSource = 'crash' | 'session-expiry' | 'poll-timeout' | 'fenced' | 'rebalance' | 'zombie' | 'reset';

/** Records a member processed that had already been processed (by it or another member). */
export interface DuplicateIncident {
    readonly member: string;
    readonly topic: string;
    readonly partition: number;
    /** When the member started re-processing. */
    readonly from: number;
    readonly records: number;
    /** Why the records were processed again. */
    readonly source: DuplicateSource;
}

export interface TraceScenarioEvent {
    readonly at: number;
    readonly kind: string;
    readonly line?: number;
    readonly members: string[];
    /** Human description, e.g. `gc-pause c2 35s`. */
    readonly text: string;
}

export interface ExpectationResult {
    readonly index: number;
    readonly line?: number;
    readonly text: string;
    /** The expected value as written, rendered. */
    readonly expected: string;
    /** The simulated value, rendered for a diagnostic ("simulated: 4"). */
    readonly actual: string;
    readonly pass: boolean;
    /** Set when the expectation could not be evaluated (unknown member, time outside the run). */
    readonly problem?: string;
}

export interface MemberPause {
    /** Total paused time (ms). */
    readonly total: number;
    /** Longest uninterrupted pause (ms). */
    readonly longest: number;
}

export interface MemberError {
    readonly at: number;
    /** Kafka's error name (`INCONSISTENT_GROUP_PROTOCOL`, `FENCED_INSTANCE_ID`, …). */
    readonly error: string;
    readonly message: string;
}

export interface TraceSummary {
    /** Generation bumps, the first formation included. */
    readonly rebalances: number;
    /** Instants of those bumps. */
    readonly rebalanceTimes: number[];
    /** Generations that reached Stable. */
    readonly completedRebalances: number;
    /** For each bump: PreparingRebalance start → Stable (null when it never got there). */
    readonly rebalanceDurations: { readonly generation: number; readonly ms: number | null }[];
    readonly pauses: Record<string, MemberPause>;
    readonly totalPause: number;
    readonly maxLag: Record<string, number>;
    readonly produced: number;
    /** Distinct records processed (each offset counted once). */
    readonly processed: number;
    /** Records produced to partitions the group started reading at their end (`auto.offset.reset = latest`). */
    readonly skipped: number;
    readonly duplicates: number;
    readonly duplicatesBySource: Partial<Record<DuplicateSource, number>>;
    readonly movedPartitions: number;
    /** Worst partition's unowned time after the group first became Stable. */
    readonly maxUnowned: { readonly ms: number; readonly topic: string; readonly partition: number } | null;
    /** Unowned time per partition, per topic (index = partition). */
    readonly unownedMs: Record<string, number[]>;
    /** Fatal error per member, null when none. */
    readonly errors: Record<string, MemberError | null>;
    readonly finalState: GroupStateName;
    readonly finalGeneration: number;
    /** Engine work: discrete events handled (for benchmarks). */
    readonly eventsProcessed: number;
}

/**
 * KIP-848 data (docs/trace-format.md, last section); present when a consumer group existed in
 * the run (a consumer-protocol member ran, or a classic group was converted).
 */
export interface ConsumerProtocolTrace {
    /** Each member's epoch as the coordinator holds it (0 joining, -2 a static member away); absent while not a member. */
    readonly memberEpochs: { readonly member: string; readonly from: number; readonly to: number; readonly epoch: number }[];
    /**
     * Each consumer-protocol client's own member state: `UNSUBSCRIBED`, `JOINING`, `RECONCILING`,
     * `ACKNOWLEDGING`, `STABLE`, `FENCED`, `PREPARE_LEAVING`, `LEAVING`, `FATAL`, `STALE`.
     */
    readonly memberStates: { readonly member: string; readonly from: number; readonly to: number; readonly state: string }[];
    /** Every target assignment the coordinator computed: its epoch, when, with which assignor, member name → partitions. */
    readonly targetAssignments: { readonly epoch: number; readonly at: number; readonly assignor: string; readonly assignment: Record<string, PartitionSet> }[];
    /** The coordinator's record of each member over time (its reconciliation, kafka-semantics §4.5). */
    readonly reconciliations?: ReconciliationSpan[];
    /** Whether the group was a classic or a consumer group when (online upgrade and downgrade, offline migration). */
    readonly groupTypes?: { readonly from: number; readonly to: number; readonly type: GroupProtocolName }[];
}

/**
 * A member as the coordinator records it: its epoch, its server-side reconciliation state
 * (`STABLE`, `UNREVOKED_PARTITIONS`: it must revoke `revoking` first; `UNRELEASED_PARTITIONS`:
 * part of its target is still held by others), the partitions assigned to it and those it must
 * revoke, and which protocol it speaks (`classic` members of a consumer group, §4.10).
 */
export interface ReconciliationSpan {
    readonly member: string;
    readonly memberId: string;
    readonly from: number;
    readonly to: number;
    readonly epoch: number;
    readonly state: 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS';
    readonly assigned: PartitionSet;
    readonly revoking: PartitionSet;
    readonly protocol: GroupProtocolName;
}

/** What `simulate()` returns. */
export interface SimulationResult {
    readonly trace: Trace;
    readonly expectations: ExpectationResult[];
}
