/**
 * The classic Java consumer (group.protocol = classic), after kafka-semantics.md §2-3 and
 * Kafka's AbstractCoordinator / ConsumerCoordinator: the application thread's poll loop (which
 * sends JoinGroup and SyncGroup, runs the rebalance callbacks and auto-commits) and the
 * heartbeat thread with its three timers (heartbeat, session, poll).
 *
 * One instance is one incarnation of a member: a restart makes a new one. Everything reaches
 * the coordinator through `ClientEnv` (the network); the client never reads coordinator state,
 * except to validate a commit, which stands for an OffsetCommit round trip.
 */
import type { AssignmentInput, AssignmentResult, TopicPartition } from '../../assignors/types.js';
import type { ClusterConfig, MemberConfig } from '../../model/simulation-input.js';
import { Priority, type Clock, type ScheduledEvent } from '../clock.js';
import type { MutableRebalance, OpenHolding, TraceBuilder } from '../trace-builder.js';
import { toPartitionSet } from '../trace-builder.js';
import type { CommitKind, DuplicateSource, OwnershipEnd, RebalanceProtocolName, TraceLogLine } from '../trace.js';
import { CommitLedger, type Holding, type Processor, type Workload } from '../workload.js';
import type { ClassicCoordinator, ClientPort } from './coordinator.js';
import {
    ERROR_MESSAGES,
    FATAL_JOIN_ERRORS,
    LOG,
    rebalanceProtocolOf,
    type HeartbeatRequest,
    type JoinGroupRequest,
    type JoinGroupResponse,
    type KafkaError,
    type ProtocolEntry,
    type SyncGroupResponse
} from './protocol.js';

export type ClientState = 'UNJOINED' | 'PREPARING_REBALANCE' | 'COMPLETING_REBALANCE' | 'STABLE';

export interface ClientEnv {
    readonly clock: Clock;
    readonly trace: TraceBuilder;
    readonly workload: Workload;
    readonly cluster: ClusterConfig;
    readonly groupId: string;
    /** Settle routine heartbeat round trips within their tick when that cannot change the outcome (see sendHeartbeat). */
    readonly settleRoundTripsAtOnce: boolean;
    /** The coordinator a FindCoordinator returns now. */
    currentCoordinator(): ClassicCoordinator;
    /** Send a request; `handle` runs at the coordinator on arrival unless the message is lost. */
    toCoordinator(client: ClassicClient, target: ClassicCoordinator, api: string, handle: (c: ClassicCoordinator) => void): void;
    isCut(member: string): boolean;
    /** Deliver a response to this client after the network latency (lost if cut off or gone). */
    reply(client: ClassicClient, deliver: () => void): void;
    assign(name: string, input: AssignmentInput): AssignmentResult;
    /** Holdings, membership or process state changed: refresh ownership, activity, zombie. */
    changed(client: ClassicClient): void;
    fatal(client: ClassicClient, error: string, message: string): void;
    /** A partition handed to this member in a generation (moved-partition counting). */
    assigned(client: ClassicClient, tp: TopicPartition, generation: number): void;
    rebalanceOf(generation: number): MutableRebalance | null;
}

interface Held {
    readonly tp: TopicPartition;
    readonly holding: Holding | null;
    readonly generation: number;
    readonly span: OpenHolding;
}

/**
 * Events of this client that cannot change a group coordinator's state (they only change the
 * client, or send requests, which travel as events of their own): see Clock.onlyBenignAt.
 */
const BENIGN = true;

/** Interned `topic \0 partition` keys: the same string each time, so map lookups need not hash a new one. */
const keyCache = new Map<string, string[]>();
function key(tp: TopicPartition): string {
    let byPartition = keyCache.get(tp.topic);
    if (byPartition === undefined) {
        if (keyCache.size >= 10_000) keyCache.clear(); // a long-lived language server sees many topic names
        keyCache.set(tp.topic, (byPartition = []));
    }
    return (byPartition[tp.partition] ??= `${tp.topic}\u0000${tp.partition}`);
}

export class ClassicClient implements ClientPort {
    alive = true;
    /** Cut off from the coordinator until this instant (network-partition). */
    cutUntil = -1;
    readonly mode: RebalanceProtocolName;
    readonly processor: Processor;

    // group membership
    memberId = '';
    /** The member id it last had (a static member reset by a poll timeout is still registered under it). */
    lastMemberId = '';
    generation = -1;
    protocolName: string | null = null;
    state: ClientState = 'UNJOINED';
    private rejoinNeeded = true;
    private rejoinReason = 'initial join';
    private needsJoinPrepare = true;
    private joinedSubscription: readonly string[] | null = null;
    private joinInFlight = false;
    private syncInFlight = false;
    private pendingJoin: JoinGroupResponse | null = null;
    private pendingSync: SyncGroupResponse | null = null;
    isLeader = false;
    private assignmentSnapshot: Map<string, number> | null = null;
    /** Why the generation was last reset (attributes duplicates after onPartitionsLost). */
    resetCause: DuplicateSource | null = null;
    failed: string | null = null;
    private fencedInHeartbeat = false;

    // coordinator
    coordinator: ClassicCoordinator | null = null;
    private lookupInFlight = false;

    // heartbeat thread
    private hbEnabled = false;
    private hbEvent: ScheduledEvent | null = null;
    private hbNextAt = 0;
    private sessionDeadline = 0;
    private sessionLogged = false;
    private lastPollAt = 0;
    private pollCheck: ScheduledEvent | null = null;

    // application thread
    private pollEvent: ScheduledEvent | null = null;
    private inCallbackUntil = -1;
    private afterCallback: (() => void) | null = null;
    frozen = false;
    /** Thawed, waiting for the heartbeat thread's round trip before processing again. */
    resuming = false;
    private frozenSince = 0;
    private readonly deferred: (() => void)[] = [];

    // assignment and commits
    readonly held = new Map<string, Held>();
    /** Auto-commits of everything in `held` (each holding is attached when it is added). */
    private readonly commitLedger = new CommitLedger();
    /** holdings() of `held`, rebuilt lazily after `held` changes (every ownership refresh reads it). */
    private holdingList: Holding[] | null = null;
    private nextAutoCommitAt = Infinity;
    private autoCommitEvent: ScheduledEvent | null = null;
    private batchCommitsAccepted = false;

    // metadata
    private metadata = new Map<string, number>();
    private metadataEvent: ScheduledEvent | null = null;

    constructor(
        private readonly env: ClientEnv,
        readonly name: string,
        readonly config: MemberConfig
    ) {
        this.mode = rebalanceProtocolOf(config.assignors);
        this.processor = env.workload.processor(name, config.processTimePerRecordMs, config.maxPollRecords);
        env.workload.setProcessTime(this.processor, config.processTimePerRecordMs, config.maxPollRecords);
        this.processor.onBusyChange = (busy) => {
            if (!this.alive) return;
            if (!busy) this.onProcessorIdle();
            this.schedulePollCheck();
        };
    }

    private get now(): number {
        return this.env.clock.now;
    }

    private log(text: string, level: TraceLogLine['level'] = 'INFO'): TraceLogLine {
        return { side: 'client', level, text };
    }

    private event(kind: 'timer' | 'callback' | 'log' | 'request' | 'response', name: string, extra: Partial<import('../trace.js').TraceEvent> = {}): void {
        this.env.trace.event({ at: this.now, kind, name, member: this.name, memberId: this.memberId || undefined, ...extra });
    }

    get usable(): boolean {
        return this.alive && this.failed === null;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** `new KafkaConsumer(…)`, `subscribe`, then the first poll(). */
    start(): void {
        this.refreshMetadata();
        this.lastPollAt = this.now;
        this.env.workload.setRunning(this.processor, true);
        this.findCoordinator();
        this.env.changed(this);
    }

    /** Crash: no commit, no LeaveGroup; the process is gone. */
    crash(): void {
        if (!this.alive) return;
        if (!this.config.enableAutoCommit && this.batchCommitsAccepted) {
            // The batch in progress was never committed: the committed offsets stay at the last boundary.
            this.batchCommitsAccepted = false;
            const sinceBoundary = this.now - this.processor.lastPoll(this.now);
            for (const h of this.holdings()) this.env.workload.setCommitFollowing(h, false, sinceBoundary);
        }
        this.dropAll('crashed', 'crash');
        this.shutdown();
    }

    /**
     * close(): sync auto-commit, onPartitionsRevoked (or Lost), LeaveGroup for a dynamic member
     * (kafka-semantics §2.6). `done` runs once the member is gone.
     */
    close(done: () => void): void {
        if (!this.alive) return done();
        if (this.failed !== null) {
            this.dropAll('stopped', 'rebalance');
            this.shutdown();
            return done();
        }
        if (this.config.enableAutoCommit && this.state === 'STABLE') this.commitAll('close');
        const owned = [...this.held.values()].map((h) => h.tp);
        const lost = this.generation < 0 || this.state !== 'STABLE' || this.rejoinNeeded;
        const finish = () => {
            if (!this.alive) return done();
            this.dropAll('stopped', 'rebalance');
            if (this.config.groupInstanceId === null && this.config.leaveGroupOnClose) this.maybeLeaveGroup('the consumer is being closed');
            this.shutdown();
            done();
        };
        if (owned.length === 0) return finish();
        this.runCallback(lost ? 'onPartitionsLost' : 'onPartitionsRevoked', owned, finish);
    }

    private shutdown(): void {
        this.alive = false;
        this.disableHeartbeat();
        this.env.clock.cancel(this.pollEvent);
        this.env.clock.cancel(this.metadataEvent);
        this.env.clock.cancel(this.autoCommitEvent);
        this.env.clock.cancel(this.pollCheck);
        this.env.workload.setRunning(this.processor, false);
        this.env.changed(this);
    }

    /** gc-pause: the whole process stops, heartbeat thread included. */
    freeze(): void {
        if (!this.alive || this.frozen) return;
        this.frozen = true;
        this.frozenSince = this.now;
        this.env.clock.cancel(this.hbEvent);
        this.hbEvent = null;
        this.env.workload.freeze(this.processor);
        this.env.changed(this);
    }

    thaw(): void {
        if (!this.alive || !this.frozen) return;
        const pausedFor = this.now - this.frozenSince;
        this.frozen = false;
        if (this.inCallbackUntil >= 0) {
            this.inCallbackUntil += pausedFor;
            this.env.clock.schedule(this.inCallbackUntil, () => this.endCallback(), Priority.Normal, BENIGN);
        } else {
            // The batch in hand resumes with processing (Workload.freeze): its poll moves by the time it did not run.
            // The heartbeat thread wakes first and re-establishes the session (a heartbeat round trip,
            // after a FindCoordinator when its session timer expired); the application thread goes back
            // to its records after that, having seen what the heartbeat learnt (modelling choice: Kafka
            // may process up to one more batch before its next poll()).
            if (this.hbEnabled) {
                const latency = this.env.cluster.networkLatencyMs;
                const rediscover = this.now >= this.sessionDeadline;
                this.resuming = true;
                this.env.clock.schedule(
                    this.now + (rediscover ? 4 : 2) * latency,
                    () => {
                        this.resuming = false;
                        if (!this.alive || this.frozen || this.inCallbackUntil >= 0) return;
                        this.env.workload.setRunning(this.processor, this.failed === null);
                        this.env.changed(this);
                    },
                    Priority.Last,
                    BENIGN
                );
            } else {
                this.env.workload.setRunning(this.processor, true);
            }
        }
        if (this.nextAutoCommitAt < Infinity) this.scheduleAutoCommit(Math.max(this.now, this.nextAutoCommitAt));
        if (this.hbEnabled) this.scheduleHeartbeat(this.now);
        const queued = this.deferred.splice(0);
        for (const deliver of queued) deliver();
        this.env.changed(this);
        this.requestPoll();
        this.schedulePollCheck();
    }

    /** Run `deliver` now, or when the process thaws. */
    private deliver(deliver: () => void): void {
        if (!this.alive) return;
        if (this.frozen) this.deferred.push(deliver);
        else deliver();
    }

    /** The network healed: retry at once (simulation-conventions §13). */
    healed(): void {
        if (!this.usable) return;
        if (this.coordinator === null) this.findCoordinator();
        else if (this.hbEnabled && !this.frozen) this.scheduleHeartbeat(this.now);
        if (this.joinInFlight || this.syncInFlight) {
            // A request or response lost in the cut: the client retries it.
            this.joinInFlight = false;
            this.syncInFlight = false;
            this.rejoinNeeded = true;
            if (this.state === 'COMPLETING_REBALANCE') this.state = 'PREPARING_REBALANCE';
            this.requestPoll();
        }
    }

    /** A `slow` event changed the processing settings. */
    setProcessing(timePerRecord: number, maxPollRecords: number): void {
        this.env.workload.setProcessTime(this.processor, timePerRecord, maxPollRecords);
        this.schedulePollCheck();
    }

    subscribe(topics: readonly string[]): void {
        (this as { config: MemberConfig }).config = { ...this.config, subscription: [...topics] };
        // A subscription change asks for a metadata update and a rejoin (kafka-semantics §2.3).
        this.refreshMetadata();
        this.requestPoll();
    }

    // ---- coordinator discovery ----------------------------------------------------------------

    private findCoordinator(): void {
        if (this.lookupInFlight || !this.usable) return;
        this.lookupInFlight = true;
        this.event('request', 'FindCoordinator', { direction: 'to-coordinator' });
        const latency = this.env.cluster.networkLatencyMs;
        // FindCoordinator goes to any broker: it is not cut off with the coordinator.
        this.env.clock.after(2 * latency, () =>
            this.deliver(() => {
                this.lookupInFlight = false;
                if (!this.usable) return;
                if (this.cutUntil > this.now) return; // the coordinator is unreachable: retried when the cut heals
                this.coordinator = this.env.currentCoordinator();
                this.event('response', 'FindCoordinator', { direction: 'to-member', error: 'NONE', detail: this.coordinator.node });
                // FindCoordinatorResponseHandler resets the session timer.
                this.sessionDeadline = this.now + this.config.sessionTimeoutMs;
                this.sessionLogged = false;
                if (this.hbEnabled) this.scheduleHeartbeat(Math.max(this.now, this.hbNextAt));
                if (this.batchCommitRetry) this.retryBatchCommit();
                this.requestPoll();
            }),
            Priority.Normal,
            BENIGN
        );
    }

    private markCoordinatorUnknown(): void {
        this.coordinator = null;
        this.findCoordinator();
    }

    // ---- the poll loop -----------------------------------------------------------------------

    /** Ask for the poll-side work to run at the application thread's next poll(). */
    requestPoll(): void {
        if (!this.usable || this.frozen || this.inCallbackUntil >= 0) return;
        const at = this.processor.nextPoll(this.now);
        if (this.pollEvent && !this.pollEvent.cancelled && this.pollEvent.at <= at) return;
        this.env.clock.cancel(this.pollEvent);
        this.pollEvent = this.env.clock.schedule(at, this.pollRun, Priority.Normal, BENIGN);
    }

    /** One function for every scheduled poll (no closure, hence no allocation, per request). */
    private readonly pollRun = (): void => {
        this.pollEvent = null;
        this.poll();
    };

    private onProcessorIdle(): void {
        // Back inside poll(): pending work runs now.
        if (this.pollEvent) {
            this.env.clock.cancel(this.pollEvent);
            this.pollEvent = null;
            this.requestPoll();
        }
    }

    /** The last instant the application called poll(). */
    private lastPoll(): number {
        if (this.frozen) return this.lastPollAt;
        if (this.inCallbackUntil >= 0) return this.lastPollAt;
        const p = this.processor.busy ? this.processor.lastPoll(this.now) : this.now;
        return Math.max(this.lastPollAt, p);
    }

    /** One poll() of the application thread: ConsumerCoordinator.poll (kafka-semantics §2.2). */
    private poll(): void {
        if (!this.usable || this.frozen || this.inCallbackUntil >= 0) return;
        this.lastPollAt = this.now;
        this.surfaceBatchFailure();
        if (this.fencedInHeartbeat) return this.fail('FENCED_INSTANCE_ID', `FencedInstanceIdException: ${ERROR_MESSAGES.FENCED_INSTANCE_ID}`);
        if (this.coordinator === null) {
            this.findCoordinator();
            return;
        }
        this.batchCommitCheck();
        if (this.pendingJoin) {
            const resp = this.pendingJoin;
            this.pendingJoin = null;
            if (!this.handleJoinResponse(resp)) return;
        }
        if (this.pendingSync) {
            const resp = this.pendingSync;
            this.pendingSync = null;
            this.handleSyncResponse(resp);
            if (this.inCallbackUntil >= 0) return;
        }
        if (!this.usable) return;
        if (this.state === 'STABLE' && !this.rejoinNeeded) {
            if (this.joinedSubscription !== null && !sameList(this.joinedSubscription, this.config.subscription)) {
                this.requestRejoin(`subscription has changed from [${this.joinedSubscription.join(', ')}] to [${this.config.subscription.join(', ')}]`);
            } else if (this.isLeader && this.assignmentSnapshot && !this.snapshotMatches()) {
                this.requestRejoin('cached metadata has changed');
            }
        }
        if (this.rejoinNeeded || this.state === 'UNJOINED') {
            if (!this.joinInFlight && !this.syncInFlight) this.ensureActiveGroup();
            return;
        }
        if (this.config.enableAutoCommit && this.state === 'STABLE' && this.now >= this.nextAutoCommitAt) {
            this.commitAll('auto');
            this.nextAutoCommitAt = this.now + this.config.autoCommitIntervalMs;
            this.scheduleAutoCommit(this.nextAutoCommitAt);
        }
    }

    private requestRejoin(reason: string): void {
        this.rejoinNeeded = true;
        this.rejoinReason = reason;
        this.env.changed(this);
        this.requestPoll();
    }

    /** joinGroupIfNeeded: onJoinPrepare once per rejoin, then JoinGroup. */
    private ensureActiveGroup(): void {
        if (this.needsJoinPrepare) {
            this.needsJoinPrepare = false;
            this.onJoinPrepare(() => this.sendJoinGroup());
            return;
        }
        this.sendJoinGroup();
    }

    /** ConsumerCoordinator.onJoinPrepare (kafka-semantics §2.4). */
    private onJoinPrepare(then: () => void): void {
        const owned = [...this.held.values()];
        if (this.mode === 'EAGER') this.env.workload.setFetchingAll(this.holdings(), false); // `owned`'s holdings, in the same order
        if (this.config.enableAutoCommit && this.state === 'STABLE' && this.generation >= 0 && owned.length > 0) this.commitAll('join-prepare');
        this.isLeader = false;
        if (this.generation < 0 || this.memberId === '') {
            if (owned.length > 0) {
                this.event('log', 'PartitionsLost', { log: this.log(LOG.lost()) });
                this.runCallback('onPartitionsLost', owned.map((h) => h.tp), then);
                return;
            }
            return then();
        }
        if (this.mode === 'EAGER') {
            if (owned.length > 0) {
                this.runCallback('onPartitionsRevoked', owned.map((h) => h.tp), then);
                return;
            }
            return then();
        }
        const unsubscribed = owned.filter((h) => !this.config.subscription.includes(h.tp.topic)).map((h) => h.tp);
        if (unsubscribed.length > 0) {
            this.runCallback('onPartitionsRevoked', unsubscribed, then);
            return;
        }
        then();
    }

    private sendJoinGroup(): void {
        if (!this.usable || this.coordinator === null) return;
        this.state = 'PREPARING_REBALANCE';
        this.disableHeartbeat();
        this.joinInFlight = true;
        this.rejoinNeeded = false;
        this.joinedSubscription = [...this.config.subscription];
        const owned = this.mode === 'COOPERATIVE' ? [...this.held.values()].map((h) => h.tp) : [];
        const metadata = { topics: [...this.config.subscription].sort(), owned: sortTps(owned), generation: this.generation, rack: this.config.clientRack };
        const protocols: ProtocolEntry[] = this.config.assignors.map((name) => ({ name, metadata }));
        const req: JoinGroupRequest = {
            memberId: this.memberId,
            groupInstanceId: this.config.groupInstanceId,
            clientId: this.config.clientId,
            sessionTimeoutMs: this.config.sessionTimeoutMs,
            rebalanceTimeoutMs: this.config.maxPollIntervalMs,
            protocols,
            reason: this.rejoinReason,
            memberName: this.name,
            rebalanceProtocol: this.mode
        };
        this.event('request', 'JoinGroup', {
            direction: 'to-coordinator',
            detail: `protocols [${protocols.map((p) => p.name).join(', ')}], owned ${owned.length}, reason: ${req.reason}`,
            log: this.log(LOG.joining())
        });
        this.env.changed(this);
        this.env.toCoordinator(this, this.coordinator, 'JoinGroup', (c) => c.handleJoin(this, req));
    }

    onJoinResponse(resp: JoinGroupResponse): void {
        this.deliver(() => {
            // Every response, MEMBER_ID_REQUIRED included, is traced when it arrives (docs/trace-format.md).
            this.env.trace.event({
                at: this.now,
                kind: 'response',
                name: 'JoinGroup',
                direction: 'to-member',
                member: this.name,
                memberId: resp.memberId || undefined,
                generation: resp.generation >= 0 ? resp.generation : undefined,
                error: resp.error,
                detail:
                    resp.error === 'NONE'
                        ? `generation ${resp.generation}, protocol ${resp.protocolName}, leader ${resp.leaderName ?? resp.leader}${resp.members.length ? ` (${resp.members.length} members sent to the leader)` : ''}${resp.skipAssignment ? ', skipAssignment' : ''}`
                        : undefined,
                log: resp.error === 'NONE' ? this.log(LOG.joined(resp.generation)) : undefined
            });
            if (!this.joinInFlight) return;
            this.joinInFlight = false;
            // MEMBER_ID_REQUIRED and coordinator errors are handled by the network thread inside the same poll.
            if (resp.error === 'MEMBER_ID_REQUIRED') {
                this.memberId = resp.memberId;
                this.env.trace.setMemberId(this.now, this.name, this.memberId);
                this.rejoinReason = `need to re-join with the given member-id: ${resp.memberId}`;
                this.sendJoinGroup();
                return;
            }
            this.pendingJoin = resp;
            this.requestPoll();
        });
    }

    /** Returns false when poll() should stop here. */
    private handleJoinResponse(resp: JoinGroupResponse): boolean {
        switch (resp.error) {
            case 'NONE':
                break;
            case 'UNKNOWN_MEMBER_ID':
            case 'ILLEGAL_GENERATION':
                this.resetGeneration(`encountered ${resp.error} from JOIN_GROUP response`, resp.error === 'UNKNOWN_MEMBER_ID', 'reset');
                this.requestRejoin(`rebalance failed due to ${resp.error}`);
                return false;
            case 'NOT_COORDINATOR':
            case 'COORDINATOR_NOT_AVAILABLE':
                this.rejoinNeeded = true;
                this.markCoordinatorUnknown();
                return false;
            case 'FENCED_INSTANCE_ID':
                this.event('log', 'JoinGroupFenced', { log: this.log(LOG.joinFenced(this.config.groupInstanceId ?? '', this.generation), 'ERROR') });
                this.fail('FENCED_INSTANCE_ID', `FencedInstanceIdException: ${ERROR_MESSAGES.FENCED_INSTANCE_ID}`);
                return false;
            default:
                if (FATAL_JOIN_ERRORS.has(resp.error)) {
                    this.event('log', 'JoinGroupFatal', { log: this.log(LOG.joinFatal(resp.error), 'ERROR') });
                    this.fail(resp.error, ERROR_MESSAGES[resp.error] ?? resp.error);
                    return false;
                }
                this.requestRejoin(`rebalance failed due to ${resp.error}`);
                return false;
        }
        this.memberId = resp.memberId;
        this.lastMemberId = resp.memberId;
        this.generation = resp.generation;
        this.protocolName = resp.protocolName;
        this.env.trace.setMemberId(this.now, this.name, this.memberId);
        this.state = 'COMPLETING_REBALANCE';
        this.enableHeartbeat();
        this.env.changed(this);
        const send = (assignments: ReadonlyMap<string, readonly TopicPartition[]> | null) => {
            if (!this.usable || this.state !== 'COMPLETING_REBALANCE' || this.coordinator === null) return;
            this.syncInFlight = true;
            const generation = this.generation;
            const req = { memberId: this.memberId, groupInstanceId: this.config.groupInstanceId, generation, protocolName: this.protocolName, assignments };
            this.event('request', 'SyncGroup', { direction: 'to-coordinator', generation, detail: assignments ? `leader's assignment for ${assignments.size} members` : undefined });
            this.env.toCoordinator(this, this.coordinator, 'SyncGroup', (c) => c.handleSync(this, req, this.name));
        };
        if (resp.leader !== this.memberId) {
            this.isLeader = false;
            this.assignmentSnapshot = null;
            send(null);
            return true;
        }
        this.isLeader = true;
        this.assignmentSnapshot = this.subscribedSnapshot(resp.members.flatMap((m) => m.metadata.topics));
        if (resp.skipAssignment) {
            // KIP-814: a returning static leader keeps its assignment and only resumes metadata monitoring.
            this.event('log', 'SkippedAssignment', { generation: this.generation, log: this.log(LOG.skippedAssignment(this.generation)) });
            send(new Map());
            return true;
        }
        let assignments: Map<string, readonly TopicPartition[]>;
        try {
            const topics: Record<string, number> = {};
            for (const m of resp.members) for (const t of m.metadata.topics) if (this.metadata.has(t)) topics[t] = this.metadata.get(t)!;
            const result = this.env.assign(resp.protocolName ?? '', {
                topics,
                members: resp.members.map((m) => ({
                    memberId: m.memberId,
                    groupInstanceId: m.groupInstanceId,
                    rack: m.metadata.rack,
                    topics: m.metadata.topics,
                    owned: m.metadata.owned,
                    generation: m.metadata.generation >= 0 ? m.metadata.generation : null
                }))
            });
            assignments = new Map(Object.entries(result.assignment));
        } catch (e) {
            this.fail('ASSIGNOR_ERROR', `the leader's assignor failed: ${(e as Error).message}`);
            return false;
        }
        const assignorTime = this.env.cluster.assignorTimeMs;
        if (assignorTime > 0) {
            this.runBlocking(assignorTime, () => send(assignments));
            return false;
        }
        send(assignments);
        return true;
    }

    onSyncResponse(resp: SyncGroupResponse): void {
        this.deliver(() => {
            this.env.trace.event({
                at: this.now,
                kind: 'response',
                name: 'SyncGroup',
                direction: 'to-member',
                member: this.name,
                memberId: this.memberId || undefined,
                generation: this.generation >= 0 ? this.generation : undefined,
                error: resp.error,
                partitions: resp.error === 'NONE' ? toPartitionSet(resp.assignment) : undefined,
                log: resp.error === 'NONE' ? this.log(LOG.synced(this.generation)) : undefined
            });
            if (!this.syncInFlight) return;
            this.syncInFlight = false;
            if (resp.error === 'NONE' || resp.error === 'FENCED_INSTANCE_ID' || resp.error === 'UNKNOWN_MEMBER_ID' || resp.error === 'ILLEGAL_GENERATION') {
                this.pendingSync = resp;
                this.requestPoll();
                return;
            }
            if (resp.error === 'REBALANCE_IN_PROGRESS') {
                this.event('log', 'SyncRebalancing', { log: this.log(LOG.syncRebalancing(this.generation)) });
                this.requestRejoin('group is already rebalancing');
                return;
            }
            if (resp.error === 'NOT_COORDINATOR' || resp.error === 'COORDINATOR_NOT_AVAILABLE') {
                this.rejoinNeeded = true;
                this.markCoordinatorUnknown();
                return;
            }
            this.requestRejoin(`rebalance failed due to ${resp.error}`);
        });
    }

    private handleSyncResponse(resp: SyncGroupResponse): void {
        if (resp.error === 'FENCED_INSTANCE_ID') {
            this.fail('FENCED_INSTANCE_ID', `FencedInstanceIdException: ${ERROR_MESSAGES.FENCED_INSTANCE_ID}`);
            return;
        }
        if (resp.error !== 'NONE') {
            this.resetGeneration(`encountered ${resp.error} from SYNC_GROUP response`, resp.error === 'UNKNOWN_MEMBER_ID', 'reset');
            this.requestRejoin(`rebalance failed due to ${resp.error}`);
            return;
        }
        if (this.state !== 'COMPLETING_REBALANCE') return;
        this.state = 'STABLE';
        this.onJoinComplete(resp.assignment);
    }

    /** ConsumerCoordinator.onJoinComplete (kafka-semantics §2.5). */
    private onJoinComplete(assignment: readonly TopicPartition[]): void {
        this.needsJoinPrepare = true;
        if (this.held.size === 0 && strictlyAscending(assignment)) {
            // Nothing owned (an eager member): nothing to revoke, everything is added; an ascending
            // list has no duplicates, so it is what the map below would give.
            this.joinCompleted(assignment.slice());
            return;
        }
        const assigned = new Map(assignment.map((tp) => [key(tp), tp]));
        const revoked = [...this.held.values()].filter((h) => !assigned.has(key(h.tp))).map((h) => h.tp);
        const finish = () => this.joinCompleted([...assigned.values()].filter((tp) => !this.held.has(key(tp))));
        if (revoked.length > 0) {
            // Cooperative: give up what moves, then rejoin for the follow-up rebalance. (Eager owns nothing here.)
            this.runCallback('onPartitionsRevoked', revoked, () => {
                this.requestRejoin('need to revoke partitions and re-join');
                finish();
            });
            return;
        }
        finish();
    }

    /** The end of onJoinComplete, once what was revoked is gone: `added` are the new partitions. */
    private joinCompleted(added: TopicPartition[]): void {
        if (!this.usable) return;
        if (this.config.enableAutoCommit) {
            this.nextAutoCommitAt = this.now + this.config.autoCommitIntervalMs;
            this.scheduleAutoCommit(this.nextAutoCommitAt);
        }
        this.onPartitionsAssigned(sortTps(added));
        this.env.changed(this);
        this.batchCommitCheck();
        this.requestPoll();
    }

    private onPartitionsAssigned(added: TopicPartition[]): void {
        this.event('callback', 'onPartitionsAssigned', { generation: this.generation, partitions: toPartitionSet(added) });
        const parts = added.map((tp) => this.env.workload.partition(tp.topic, tp.partition));
        const known = parts.filter((p): p is NonNullable<typeof p> => p !== undefined);
        const holdings = this.env.workload.holdAll(this.processor, known, this.config.autoOffsetReset, known.map((p) => p.lastRelease ?? 'rebalance'));
        let k = 0;
        for (let i = 0; i < added.length; i++) {
            const tp = added[i];
            let holding: Holding | null = null;
            if (parts[i]) {
                holding = holdings[k++];
                if (holding === null) {
                    this.fail('NoOffsetForPartitionException', `Undefined offset with no reset policy for partitions: [${tp.topic}-${tp.partition}]`);
                    return;
                }
                this.env.workload.attachLedger(holding, this.commitLedger);
            }
            const span = this.env.trace.openHolding(this.now, this.name, tp.topic, tp.partition, this.generation);
            this.env.trace.registerHolding(span);
            this.held.set(key(tp), { tp, holding, generation: this.generation, span });
            this.holdingList = null;
            this.env.assigned(this, tp, this.generation);
        }
    }

    private holdingsOf(list: Iterable<Held>): Holding[] {
        const out: Holding[] = [];
        for (const h of list) if (h.holding) out.push(h.holding);
        return out;
    }

    // ---- callbacks --------------------------------------------------------------------------

    /**
     * Run a rebalance callback. Revocation (and loss, whose default calls onPartitionsRevoked)
     * takes `revoke.time` and, with `commit-on-revoke`, commits synchronously first.
     */
    private runCallback(name: 'onPartitionsRevoked' | 'onPartitionsLost', tps: TopicPartition[], then: () => void): void {
        this.event('callback', name, { generation: this.generation >= 0 ? this.generation : undefined, partitions: toPartitionSet(tps) });
        const entries: Held[] = [];
        for (const tp of tps) {
            const h = this.held.get(key(tp));
            if (h) entries.push(h);
        }
        this.env.workload.setFetchingAll(this.holdingsOf(entries), false);
        if (this.config.rebalanceListener === 'commit-on-revoke') this.commitHeld('on-revoke', entries);
        const release = () => {
            const end: OwnershipEnd = name === 'onPartitionsLost' ? 'lost' : 'revoked';
            const cause: DuplicateSource = name === 'onPartitionsLost' ? (this.resetCause ?? 'reset') : 'rebalance';
            this.dropEntries(entries, end, cause);
            this.env.changed(this);
            then();
        };
        if (this.config.revokeTimeMs > 0) this.runBlocking(this.config.revokeTimeMs, release, true);
        else release();
    }

    /** The application thread is busy inside poll() (a callback, the assignor) for `ms`. */
    private runBlocking(ms: number, then: () => void, revoking = false): void {
        this.inCallbackUntil = this.now + ms;
        this.afterCallback = then;
        this.revoking = revoking;
        this.env.workload.setRunning(this.processor, false);
        this.env.changed(this);
        this.env.clock.schedule(this.inCallbackUntil, () => this.endCallback(), Priority.Normal, BENIGN);
        this.schedulePollCheck();
    }

    revoking = false;

    get inCallback(): boolean {
        return this.inCallbackUntil >= 0;
    }

    private endCallback(): void {
        if (!this.alive || this.frozen || this.inCallbackUntil < 0 || this.now < this.inCallbackUntil) return;
        this.inCallbackUntil = -1;
        this.revoking = false;
        const then = this.afterCallback;
        this.afterCallback = null;
        this.lastPollAt = this.now;
        this.env.workload.setRunning(this.processor, !this.resuming);
        this.env.workload.restartBatches(this.processor);
        this.env.changed(this);
        then?.();
        this.requestPoll();
    }

    // ---- holdings -----------------------------------------------------------------------------

    private dropEntries(entries: readonly Held[], end: OwnershipEnd, cause: DuplicateSource): void {
        const live = entries.filter((h) => this.held.get(key(h.tp)) === h);
        for (const h of live) {
            this.held.delete(key(h.tp));
            this.holdingList = null;
            this.env.trace.closeHolding(this.now, h.span, end);
        }
        this.env.workload.releaseAll(this.holdingsOf(live), cause);
    }

    private dropAll(end: OwnershipEnd, cause: DuplicateSource): void {
        this.dropEntries([...this.held.values()], end, cause);
        this.env.changed(this);
    }

    // ---- errors and resets --------------------------------------------------------------------

    private resetGeneration(reason: string, resetMemberId: boolean, cause: DuplicateSource): void {
        this.event('log', 'ResetGeneration', { log: this.log(LOG.resetting(reason)) });
        this.generation = -1;
        this.protocolName = null;
        if (resetMemberId) {
            this.memberId = '';
            this.env.trace.setMemberId(this.now, this.name, null);
        }
        this.state = 'UNJOINED';
        this.resetCause = cause;
        this.needsJoinPrepare = true;
        this.isLeader = false;
        this.disableHeartbeat();
        this.batchCommitCheck();
        this.env.changed(this);
    }

    /** A fatal error: poll() throws, the application stops consuming. */
    fail(error: string, message: string): void {
        if (this.failed !== null || !this.alive) return;
        this.failed = error;
        this.event('log', 'FatalError', { error, log: this.log(message, 'ERROR') });
        this.env.trace.event({ at: this.now, kind: 'error', name: error, member: this.name, error, detail: message });
        this.dropAll('fenced', 'fenced');
        this.disableHeartbeat();
        this.env.clock.cancel(this.pollEvent);
        this.env.clock.cancel(this.autoCommitEvent);
        this.env.clock.cancel(this.pollCheck);
        this.env.workload.setRunning(this.processor, false);
        this.env.fatal(this, error, message);
        this.env.changed(this);
    }

    /** maybeLeaveGroup: LeaveGroup only for dynamic members (kafka-semantics §2.6). */
    private maybeLeaveGroup(reason: string): void {
        if (this.config.groupInstanceId === null && this.coordinator !== null && this.state !== 'UNJOINED' && this.memberId !== '') {
            const memberId = this.memberId;
            this.event('log', 'SendingLeaveGroup', { log: this.log(LOG.sendingLeave(memberId, this.coordinator.node, reason)) });
            const req = { memberId, groupInstanceId: null, reason };
            this.env.toCoordinator(this, this.coordinator, 'LeaveGroup', (c) => {
                c.handleLeave(req, this.name);
            });
        }
    }

    // ---- heartbeat thread -----------------------------------------------------------------------

    private enableHeartbeat(): void {
        this.hbEnabled = true;
        // resetTimeouts: the heartbeat phase restarts at each JoinGroup response (simulation-conventions §3).
        this.sessionDeadline = this.now + this.config.sessionTimeoutMs;
        this.sessionLogged = false;
        this.lastPollAt = this.now;
        this.scheduleHeartbeat(this.now + this.config.heartbeatIntervalMs);
        this.schedulePollCheck();
    }

    private disableHeartbeat(): void {
        this.hbEnabled = false;
        this.env.clock.cancel(this.hbEvent);
        this.hbEvent = null;
        this.env.clock.cancel(this.pollCheck);
        this.pollCheck = null;
    }

    private readonly hbRun = (): void => {
        this.hbEvent = null;
        this.heartbeatTick();
    };
    private hbSlot: ScheduledEvent | null = null;

    private scheduleHeartbeat(at: number): void {
        this.hbNextAt = at;
        this.env.clock.cancel(this.hbEvent);
        this.hbEvent = this.hbSlot = this.env.clock.reuse(this.hbSlot, at, this.hbRun, Priority.Normal, BENIGN);
    }

    /** One iteration of the heartbeat thread loop (kafka-semantics §2.1). */
    private heartbeatTick(): void {
        if (!this.hbEnabled || !this.usable || this.frozen) return;
        if (this.fencedInHeartbeat) return;
        if (this.coordinator === null) {
            this.findCoordinator();
            return; // rescheduled when the coordinator is found
        }
        if (this.now >= this.sessionDeadline) {
            if (!this.sessionLogged) {
                this.sessionLogged = true;
                this.event('timer', 'SessionTimeout', { log: this.log(LOG.sessionTimedOut(this.coordinator.node)) });
            }
            this.markCoordinatorUnknown();
            return;
        }
        if (this.now >= this.lastPoll() + this.config.maxPollIntervalMs) {
            this.handlePollTimeout();
            return;
        }
        if (this.now < this.hbNextAt) {
            this.scheduleHeartbeat(this.hbNextAt);
            return;
        }
        this.sendHeartbeat();
    }

    private heartbeatAnswered(error: KafkaError, memberId: string, sentAt: number, interval: number): void {
        if (error === 'NONE') this.env.trace.routineHeartbeat(this.name, memberId, sentAt, interval);
        else this.env.trace.breakHeartbeatRun(this.name);
    }

    /** Reused: the coordinator reads a heartbeat request on arrival and keeps nothing of it. */
    private readonly hbRequest = { memberId: '', groupInstanceId: null as string | null, generation: -1 };

    private sendHeartbeat(): void {
        const coordinator = this.coordinator!;
        const generation = this.generation;
        const memberId = this.memberId;
        const interval = this.config.heartbeatIntervalMs;
        const sentAt = this.now;
        this.scheduleHeartbeat(this.now + interval);
        const req = this.hbRequest;
        req.memberId = memberId;
        req.groupInstanceId = this.config.groupInstanceId;
        req.generation = generation;
        // Routine answers are run-length encoded (heartbeatAnswered); the others are traced when the client handles them.
        if (this.env.settleRoundTripsAtOnce && this.env.cluster.networkLatencyMs === 0 && this.env.clock.onlyBenignAt(this.now) && this.cutUntil <= this.now) {
            // Nothing pending at this instant can change the coordinator's answer (only benign events
            // are), so the round trip is settled now. A NONE answer only re-arms the session timer,
            // which nothing else at this instant reads: it is applied at once. Any other answer travels
            // as usual, so that the client handles it in Kafka's order.
            const error = coordinator.handleHeartbeat(this, req);
            if (error === 'NONE') {
                this.heartbeatAnswered(error, memberId, sentAt, interval);
                this.sessionDeadline = this.now + this.config.sessionTimeoutMs;
                this.sessionLogged = false;
                return;
            }
            this.answerLater(error, memberId, sentAt, interval, generation);
            return;
        }
        this.sendHeartbeatRequest(coordinator, { ...req }, sentAt, interval);
    }

    // The two paths below are methods of their own so that sendHeartbeat captures nothing in
    // closures: V8 would allocate a context for the captured variables on every heartbeat.

    /** A settled heartbeat whose answer is not NONE: the response travels as usual. */
    private answerLater(error: KafkaError, memberId: string, sentAt: number, interval: number, generation: number): void {
        this.env.clock.after(
            0,
            () => {
                this.heartbeatAnswered(error, memberId, sentAt, interval);
                this.env.reply(this, () => this.onHeartbeatResponse(error, generation));
            },
            Priority.Normal,
            BENIGN
        );
    }

    private sendHeartbeatRequest(coordinator: ClassicCoordinator, inFlight: HeartbeatRequest, sentAt: number, interval: number): void {
        const memberId = inFlight.memberId;
        const generation = inFlight.generation;
        this.env.toCoordinator(this, coordinator, 'Heartbeat', (c) => {
            const error = c.handleHeartbeat(this, inFlight);
            this.heartbeatAnswered(error, memberId, sentAt, interval);
            this.env.reply(this, () => this.onHeartbeatResponse(error, generation));
        });
    }

    onHeartbeatResponse(error: KafkaError, sentGeneration: number): void {
        this.deliver(() => {
            if (!this.usable) return;
            const traced = (log?: TraceLogLine) =>
                this.env.trace.event({ at: this.now, kind: 'response', name: 'Heartbeat', direction: 'to-member', member: this.name, memberId: this.memberId || undefined, generation: sentGeneration, error, log });
            switch (error) {
                case 'NONE':
                    this.sessionDeadline = this.now + this.config.sessionTimeoutMs;
                    this.sessionLogged = false;
                    return;
                case 'REBALANCE_IN_PROGRESS':
                    this.sessionDeadline = this.now + this.config.sessionTimeoutMs;
                    this.sessionLogged = false;
                    if (this.state === 'STABLE' && !this.rejoinNeeded) {
                        traced(this.log(LOG.rejoinRebalancing()));
                        this.requestRejoin('group is already rebalancing');
                    } else traced();
                    return;
                case 'ILLEGAL_GENERATION':
                case 'UNKNOWN_MEMBER_ID':
                case 'FENCED_INSTANCE_ID':
                    if (sentGeneration !== this.generation) return traced(); // stale: ignored
                    if (error === 'FENCED_INSTANCE_ID') {
                        traced(this.log(LOG.heartbeatFenced(this.config.groupInstanceId ?? ''), 'ERROR'));
                        this.fencedInHeartbeat = true;
                        this.requestPoll();
                        return;
                    }
                    traced(this.log(LOG.heartbeatFailed(this.generation, this.config.groupInstanceId, error)));
                    this.resetGeneration(`encountered ${error} from HEARTBEAT response`, error === 'UNKNOWN_MEMBER_ID', this.resetCause ?? 'session-expiry');
                    this.requestRejoin(`encountered ${error} from HEARTBEAT response`);
                    return;
                case 'NOT_COORDINATOR':
                case 'COORDINATOR_NOT_AVAILABLE':
                    traced();
                    // failHeartbeat: retry after retry.backoff.ms, once the coordinator is found again.
                    this.hbNextAt = this.now + this.config.retryBackoffMs;
                    this.markCoordinatorUnknown();
                    return;
                default:
                    return;
            }
        });
    }

    /** handlePollTimeoutExpiry (kafka-semantics §2.6). */
    private handlePollTimeout(): void {
        this.event('timer', 'PollTimeout', { log: this.log(LOG.pollTimeout(), 'WARN') });
        this.maybeLeaveGroup('consumer poll timeout has expired.');
        this.resetGeneration('consumer pro-actively leaving the group', true, 'poll-timeout');
        this.rejoinNeeded = true;
        this.rejoinReason = 'consumer poll timeout has expired.';
        this.requestPoll();
    }

    /** Arm a check for the poll timer when the application will not poll before it expires. */
    private schedulePollCheck(): void {
        this.env.clock.cancel(this.pollCheck);
        this.pollCheck = null;
        if (!this.hbEnabled || !this.usable || this.frozen) return;
        const last = this.lastPoll();
        const deadline = last + this.config.maxPollIntervalMs;
        let at: number;
        if (this.inCallbackUntil >= 0) {
            if (this.inCallbackUntil <= deadline) return;
            at = deadline;
        } else if (this.processor.busy) {
            // Each poll returns what is there: a later batch may be longer than this one. Look again
            // at the next poll when a batch could outlast the poll interval at all.
            const next = this.processor.pollAfter(this.now);
            if (next > deadline) at = deadline;
            else if (this.processor.fullBatchMs > this.config.maxPollIntervalMs) at = next;
            else return;
        } else return; // idle inside poll(): the poll timer keeps being reset
        this.pollCheck = this.env.clock.schedule(
            at,
            () => {
            this.pollCheck = null;
            if (!this.hbEnabled || !this.usable || this.frozen) return;
            if (this.now >= this.lastPoll() + this.config.maxPollIntervalMs) this.heartbeatTick();
            else this.schedulePollCheck();
            },
            Priority.Normal,
            BENIGN
        );
    }

    // ---- commits -------------------------------------------------------------------------------

    private commitError(): KafkaError | 'NOT_STABLE' | 'UNREACHABLE' {
        if (this.state !== 'STABLE' || this.generation < 0) return 'NOT_STABLE';
        if (this.coordinator === null || this.cutUntil > this.now) return 'UNREACHABLE';
        if (this.coordinator !== this.env.currentCoordinator()) return 'NOT_COORDINATOR';
        return this.coordinator.validateCommit(this.memberId, this.config.groupInstanceId, this.generation);
    }

    private commitAll(kind: CommitKind): void {
        if (kind === 'auto' && this.held.size > 0 && this.commitError() === 'NONE') {
            // The routine case, without building lists.
            // Every holding in `held` is attached to the ledger (onPartitionsAssigned), and only those.
            this.env.workload.commitLedger(this.commitLedger);
            this.env.trace.routineCommit(this.name, 'auto', this.now);
            return;
        }
        this.commitHeld(kind, [...this.held.values()]);
    }

    /** An OffsetCommit of the positions of `held`; validated as the coordinator would at this instant. */
    private commitHeld(kind: CommitKind, held: readonly Held[]): void {
        if (held.length === 0) return;
        const error = this.commitError();
        if (error === 'NONE') {
            for (const h of held) if (h.holding) this.env.workload.commit(h.holding);
            if (kind === 'auto') this.env.trace.routineCommit(this.name, 'auto', this.now);
            else this.env.trace.commit({ at: this.now, member: this.name, kind, ok: true, partitions: held.length });
            return;
        }
        if (kind === 'auto' && (error === 'NOT_STABLE' || error === 'UNREACHABLE')) return; // not sent
        const exception =
            error === 'NOT_STABLE'
                ? this.generation < 0
                    ? 'CommitFailedException'
                    : 'RebalanceInProgressException'
                : error === 'UNREACHABLE'
                  ? 'TimeoutException'
                  : error === 'UNKNOWN_MEMBER_ID' || error === 'ILLEGAL_GENERATION'
                    ? 'CommitFailedException'
                    : error;
        this.env.trace.commit({ at: this.now, member: this.name, kind, ok: false, error: exception, partitions: held.length });
        this.env.trace.event({
            at: this.now,
            kind: 'response',
            name: 'OffsetCommit',
            direction: 'to-member',
            member: this.name,
            memberId: this.memberId || undefined,
            error: error === 'NOT_STABLE' || error === 'UNREACHABLE' ? undefined : error,
            detail: `${kind} commit failed: ${exception}`,
            log:
                exception === 'CommitFailedException'
                    ? this.log(error === 'NOT_STABLE' ? LOG.commitNotInGroup() : LOG.commitFailed(), 'ERROR')
                    : undefined
        });
        this.reactToCommitError(error);
    }

    private reactToCommitError(error: KafkaError | 'NOT_STABLE' | 'UNREACHABLE'): void {
        switch (error) {
            case 'REBALANCE_IN_PROGRESS':
                this.requestRejoin('group is already rebalancing');
                return;
            case 'UNKNOWN_MEMBER_ID':
            case 'ILLEGAL_GENERATION':
                this.resetGeneration(`encountered ${error} from OFFSET_COMMIT response`, error === 'UNKNOWN_MEMBER_ID', this.resetCause ?? 'reset');
                this.requestRejoin(`encountered ${error} from OFFSET_COMMIT response`);
                return;
            case 'FENCED_INSTANCE_ID':
                this.fail('FENCED_INSTANCE_ID', `FencedInstanceIdException: ${ERROR_MESSAGES.FENCED_INSTANCE_ID}`);
                return;
            case 'NOT_COORDINATOR':
            case 'COORDINATOR_NOT_AVAILABLE':
                this.markCoordinatorUnknown();
                return;
            default:
                return;
        }
    }

    private readonly autoCommitRun = (): void => {
        this.autoCommitEvent = null;
        // An idle member is inside poll() and commits now; a busy one at its next poll.
        if (!this.frozen && this.inCallbackUntil < 0 && this.processor.nextPoll(this.now) === this.now && !this.pollEvent) this.poll();
        else this.requestPoll();
    };
    private autoCommitSlot: ScheduledEvent | null = null;

    private scheduleAutoCommit(at: number): void {
        this.env.clock.cancel(this.autoCommitEvent);
        this.autoCommitEvent = null;
        if (!this.config.enableAutoCommit || !this.usable) return;
        this.autoCommitEvent = this.autoCommitSlot = this.env.clock.reuse(this.autoCommitSlot, at, this.autoCommitRun, Priority.Normal, BENIGN);
    }

    /**
     * Manual per-batch commits (`enable.auto.commit = false`): while they are accepted the
     * committed offsets follow the positions; when they stop being accepted the member finds
     * out at its next commit (after its current batch) and reacts as Kafka's client does.
     */
    batchCommitCheck(): void {
        if (this.config.enableAutoCommit) return;
        const error = this.alive && this.failed === null && this.held.size > 0 ? this.commitError() : 'NOT_STABLE';
        const accepted = error === 'NONE';
        if (accepted === this.batchCommitsAccepted) return;
        this.batchCommitsAccepted = accepted;
        const sinceBoundary = this.now - this.processor.lastPoll(this.now);
        for (const h of this.held.values()) if (h.holding) this.env.workload.setCommitFollowing(h.holding, accepted, sinceBoundary);
        if (accepted) this.env.trace.routineCommit(this.name, 'batch', this.now);
        else this.env.trace.breakCommitRun(this.name, 'batch');
        if (!accepted && this.alive && this.failed === null && this.held.size > 0 && error !== 'UNREACHABLE') {
            // The failure surfaces at the commitSync after the current batch, i.e. before the next poll().
            this.batchFailurePending = true;
            this.env.clock.schedule(this.processor.nextPoll(this.now), () => this.surfaceBatchFailure(), Priority.Normal, BENIGN);
        }
    }

    private batchFailurePending = false;
    /** A batch's commitSync got NOT_COORDINATOR: it is sent again once the coordinator is found. */
    private batchCommitRetry = false;

    private surfaceBatchFailure(): void {
        if (!this.batchFailurePending) return;
        this.batchFailurePending = false;
        if (!this.usable || this.batchCommitsAccepted || this.frozen || this.held.size === 0) return;
        const now = this.commitError();
        if (now === 'NONE' || now === 'UNREACHABLE') return;
        if (now === 'NOT_COORDINATOR' || now === 'COORDINATOR_NOT_AVAILABLE') return this.rediscoverForBatchCommit(now);
        const exception =
            now === 'NOT_STABLE'
                ? this.generation < 0
                    ? 'CommitFailedException'
                    : 'RebalanceInProgressException'
                : now === 'REBALANCE_IN_PROGRESS'
                  ? 'RebalanceInProgressException'
                  : now === 'FENCED_INSTANCE_ID'
                    ? now
                    : 'CommitFailedException';
        this.env.trace.commit({ at: this.now, member: this.name, kind: 'batch', ok: false, error: exception, partitions: this.held.size });
        if (exception === 'CommitFailedException') {
            this.event('log', 'CommitFailed', { log: this.log(now === 'NOT_STABLE' ? LOG.commitNotInGroup() : LOG.commitFailed(), 'ERROR') });
        }
        if (now !== 'NOT_STABLE') this.reactToCommitError(now);
    }

    /**
     * The OffsetCommit reached a broker that is no longer the coordinator. The error is retriable:
     * the response handler marks the coordinator unknown (CC:1350-1355), and commitSync looks it
     * up again and sends the same commit to the new one (CC:1110-1134). Nothing fails, and this is
     * how the member finds the new coordinator. The retry follows the lookup at once
     * (simulation-conventions §13: Kafka waits retry.backoff.ms).
     */
    private rediscoverForBatchCommit(error: 'NOT_COORDINATOR' | 'COORDINATOR_NOT_AVAILABLE'): void {
        this.event('response', 'OffsetCommit', {
            direction: 'to-member',
            error,
            detail: 'batch commit: retriable, sent again once the coordinator is found',
            log: this.log(LOG.coordinatorUnknown(this.coordinator?.node ?? '', `error response ${error}`))
        });
        this.batchCommitRetry = true;
        this.markCoordinatorUnknown();
    }

    /** The coordinator is known again: the batch's commitSync sends its commit there. */
    private retryBatchCommit(): void {
        this.batchCommitRetry = false;
        this.batchCommitCheck();
        if (this.batchCommitsAccepted) return;
        // Refused by the new coordinator too (e.g. it does not know the member): that answer is the commit's.
        this.batchFailurePending = true;
        this.surfaceBatchFailure();
    }

    // ---- metadata ------------------------------------------------------------------------------

    /** Fetch metadata now, then every metadata.max.age.ms (simulation-conventions §14). */
    private refreshMetadata(): void {
        this.env.clock.cancel(this.metadataEvent);
        const fresh = new Map<string, number>();
        for (const [name, topic] of this.env.workload.topics) fresh.set(name, topic.partitions.length);
        this.metadata = fresh;
        this.metadataEvent = this.env.clock.after(
            this.config.metadataMaxAgeMs,
            () => {
            this.metadataEvent = null;
            if (!this.usable) return;
            if (this.frozen) {
                this.metadataEvent = this.env.clock.after(1, () => this.refreshMetadata(), Priority.Normal, BENIGN);
                return;
            }
            this.refreshMetadata();
            if (this.isLeader && this.assignmentSnapshot && !this.snapshotMatches()) {
                this.event('timer', 'MetadataRefresh', { detail: 'the leader sees a partition count change' });
                this.requestPoll();
            }
            },
            Priority.Normal,
            BENIGN
        );
    }

    private subscribedSnapshot(topics: readonly string[]): Map<string, number> {
        const snap = new Map<string, number>();
        for (const t of topics) if (this.metadata.has(t)) snap.set(t, this.metadata.get(t)!);
        return snap;
    }

    private snapshotMatches(): boolean {
        for (const [t, count] of this.assignmentSnapshot!) if (this.metadata.get(t) !== count) return false;
        return true;
    }

    /** What the member may fetch (its own view), sorted. */
    heldPartitions(): TopicPartition[] {
        return sortTps([...this.held.values()].map((h) => h.tp));
    }

    /** The workload holdings of what it holds (cached until `held` changes: do not modify). */
    holdings(): readonly Holding[] {
        if (this.holdingList === null) {
            const list: Holding[] = [];
            for (const h of this.held.values()) if (h.holding) list.push(h.holding);
            this.holdingList = list;
        }
        return this.holdingList;
    }

    /** Waiting in a rebalance: not Stable, or a rejoin pending. */
    get inRebalance(): boolean {
        return this.state !== 'STABLE' || this.rejoinNeeded || this.joinInFlight || this.syncInFlight;
    }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
    if (a.length !== b.length) return false;
    // Checked inside every poll(): the same order is the usual case and needs no sorted copies.
    let inOrder = true;
    for (let i = 0; i < a.length && inOrder; i++) inOrder = a[i] === b[i];
    if (inOrder) return true;
    const sa = [...a].sort();
    const sb = [...b].sort();
    return sa.every((v, i) => v === sb[i]);
}

function compareTps(a: TopicPartition, b: TopicPartition): number {
    return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/** Strictly ascending by topic, then partition (hence without duplicates). */
function strictlyAscending(tps: readonly TopicPartition[]): boolean {
    for (let i = 1; i < tps.length; i++) if (compareTps(tps[i - 1], tps[i]) >= 0) return false;
    return true;
}

/** Sorted in place by topic, then partition (assignments usually come sorted: checked first). */
function sortTps(tps: TopicPartition[]): TopicPartition[] {
    for (let i = 1; i < tps.length; i++) if (compareTps(tps[i - 1], tps[i]) > 0) return tps.sort(compareTps);
    return tps;
}
