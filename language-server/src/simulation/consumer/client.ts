/**
 * The KIP-848 Java consumer (group.protocol = consumer, AsyncKafkaConsumer), after
 * kafka-semantics.md §4.6 and Kafka's AbstractMembershipManager, ConsumerMembershipManager and
 * AbstractHeartbeatRequestManager:
 *
 * - the background thread: ConsumerGroupHeartbeat every interval the broker gives (on the grid
 *   of simulation-conventions §7), at once when JOINING, ACKNOWLEDGING or LEAVING; the member state
 *   machine; reconciliation (commit, revoke, assign, acknowledge); the poll timer
 *   (max.poll.interval.ms: leave, STALE, onPartitionsLost, rejoin at the next poll());
 * - the application thread: the poll loop (simulation-conventions §4). With a rebalance listener
 *   (`rebalance.listener = commit-on-revoke`) the callbacks run inside poll(); without one the
 *   reconciliation completes in the background (simulation-conventions §15).
 *
 * One instance is one incarnation of a member. It reaches the coordinator only through
 * `ConsumerClientEnv` (the network), except to validate a commit (an OffsetCommit round trip).
 */
import type { TopicPartition } from '../../assignors/types.js';
import type { ClusterConfig, MemberConfig } from '../../model/simulation-input.js';
import type { Clock, ScheduledEvent } from '../clock.js';
import type { SeededRandom } from '../random.js';
import type { OpenHolding, TraceBuilder } from '../trace-builder.js';
import { toPartitionSet } from '../trace-builder.js';
import type { CommitKind, DuplicateSource, OwnershipEnd, TraceEvent, TraceLogLine } from '../trace.js';
import type { Holding, Processor, Workload } from '../workload.js';
import { isRoutineHeartbeat, type ConsumerPort } from './coordinator.js';
import type { ConsumerProtocolTraceBuilder } from './cp-trace.js';
import type { GroupCoordinator } from './group-coordinator.js';
import { randomKafkaUuid } from './ids.js';
import { describeParts, minus, NO_PARTS, partsOf, sameParts, sortedList, tpKey, type Parts } from './partitions.js';
import {
    CP_LOG,
    ERROR_MESSAGES,
    FATAL_HEARTBEAT_ERRORS,
    JOIN_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH,
    type ClientMemberState,
    type ConsumerGroupHeartbeatRequest,
    type ConsumerGroupHeartbeatResponse
} from './protocol.js';

export interface ConsumerClientEnv {
    readonly clock: Clock;
    readonly trace: TraceBuilder;
    readonly cp: ConsumerProtocolTraceBuilder;
    readonly workload: Workload;
    readonly cluster: ClusterConfig;
    readonly groupId: string;
    readonly rng: SeededRandom;
    /** The coordinator a FindCoordinator returns now. */
    currentCoordinator(): GroupCoordinator;
    /** Send a request; `handle` runs at the coordinator on arrival unless the message is lost. */
    toCoordinator(client: ConsumerClient, target: GroupCoordinator, api: string, handle: (c: GroupCoordinator) => void): void;
    /** Holdings, membership or process state changed. */
    changed(client: ConsumerClient): void;
    fatal(client: ConsumerClient, error: string, message: string): void;
    /** A partition handed to this member at an epoch (moved-partition counting). */
    assigned(client: ConsumerClient, tp: TopicPartition, epoch: number): void;
}

/** AbstractMembershipManager.LocalAssignment: an assignment with a local epoch (NONE = not in a group). */
interface LocalAssignment {
    readonly localEpoch: number;
    readonly parts: Parts;
}

const NONE: LocalAssignment = { localEpoch: -1, parts: NO_PARTS };

function sameAssignment(a: LocalAssignment, b: LocalAssignment): boolean {
    return a.localEpoch === b.localEpoch && sameParts(a.parts, b.parts);
}

interface Held {
    readonly tp: TopicPartition;
    readonly holding: Holding | null;
    readonly epoch: number;
    readonly span: OpenHolding;
}

type CallbackName = 'onPartitionsRevoked' | 'onPartitionsAssigned' | 'onPartitionsLost';

/** A rebalance listener call queued for the application thread (a background event). */
interface QueuedCallback {
    readonly name: CallbackName;
    readonly tps: TopicPartition[];
    readonly done: () => void;
}

export class ConsumerClient implements ConsumerPort {
    alive = true;
    /** Cut off from the coordinator until this instant (network-partition; set by the engine). */
    cutUntil = -1;
    failed: string | null = null;
    frozen = false;
    /** The KIP-848 client resumes its threads together after a pause: no separate resume phase. */
    readonly resuming = false;
    readonly processor: Processor;

    // membership (AbstractMembershipManager)
    /** KIP-1082: a UUID made at startup and kept for the process lifetime. */
    readonly memberId: string;
    memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    state: ClientMemberState = 'UNSUBSCRIBED';
    private current: LocalAssignment = NONE;
    private target: LocalAssignment = NONE;
    private reconciliationInProgress = false;
    private rejoinedWhileReconciling = false;
    private pollTimerExpired = false;
    /** The STALE member's onPartitionsLost is done (the rejoin waits for it). */
    private staleReleased = true;
    private rejoinWhenReleased = false;
    /** Why the member last lost its partitions (attributes re-processing). */
    resetCause: DuplicateSource | null = null;

    // heartbeats (AbstractHeartbeatRequestManager)
    coordinator: GroupCoordinator | null = null;
    private lookupInFlight = false;
    /** The broker's interval; 0 until the first response (the first heartbeat goes at once). */
    private intervalMs = 0;
    /**
     * φ of simulation-conventions §7: regular heartbeats run at φ + k·interval, φ being when the
     * member joined (its join response arrived). The heartbeats that go out at once (acknowledging)
     * are extra and leave the grid alone; a retry after a failure or a healed cut starts a new one
     * (§13), as does a new interval from the broker.
     */
    private heartbeatPhase = 0;
    private heartbeatDueAt = 0;
    /** The next heartbeat is a retry at once: it starts a new grid. */
    private rephaseOnSend = false;
    private inFlight = false;
    private lastRequest: ConsumerGroupHeartbeatRequest | null = null;
    /** What the last requests carried (HeartbeatState.SentFields). */
    private sent: { rebalanceTimeoutMs: number; subscription: string | null; serverAssignor: string | null; local: LocalAssignment | null } = {
        rebalanceTimeoutMs: -1,
        subscription: null,
        serverAssignor: null,
        local: null
    };
    private tickEvent: ScheduledEvent | null = null;

    // application thread
    private lastPollAt = 0;
    private pollEvent: ScheduledEvent | null = null;
    private pollCheck: ScheduledEvent | null = null;
    private inCallbackUntil = -1;
    private afterCallback: (() => void) | null = null;
    revoking = false;
    private readonly callbacks: QueuedCallback[] = [];
    private readonly deferred: (() => void)[] = [];
    private frozenSince = 0;

    // assignment and commits
    readonly held = new Map<string, Held>();
    private nextAutoCommitAt = Infinity;
    private autoCommitEvent: ScheduledEvent | null = null;
    private batchCommitsAccepted = false;

    constructor(
        private readonly env: ConsumerClientEnv,
        readonly name: string,
        readonly config: MemberConfig
    ) {
        this.memberId = randomKafkaUuid(env.rng);
        this.processor = env.workload.processor(name, config.processTimePerRecordMs, config.maxPollRecords);
        env.workload.setProcessTime(this.processor, config.processTimePerRecordMs, config.maxPollRecords);
        this.processor.onBusyChange = (busy) => {
            if (!this.alive) return;
            if (!busy) this.onProcessorIdle();
            this.schedulePollCheck();
        };
    }

    /** A consumer-protocol member keeps its id across a rejoin (KIP-1082). */
    get lastMemberId(): string {
        return this.memberId;
    }

    private get now(): number {
        return this.env.clock.now;
    }

    get usable(): boolean {
        return this.alive && this.failed === null;
    }

    private get hasListener(): boolean {
        return this.config.rebalanceListener !== 'none';
    }

    private log(text: string, level: TraceLogLine['level'] = 'INFO'): TraceLogLine {
        return { side: 'client', level, text };
    }

    private event(kind: TraceEvent['kind'], name: string, extra: Partial<TraceEvent> = {}): void {
        this.env.trace.event({ at: this.now, kind, name, member: this.name, memberId: this.memberId, ...extra });
    }

    private transitionTo(state: ClientMemberState): void {
        if (this.state === state) return;
        this.state = state;
        this.env.cp.setClientState(this.now, this.name, state);
        this.env.changed(this);
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** `new KafkaConsumer(…)`, `subscribe`, then the first poll(): the member starts joining. */
    start(): void {
        this.lastPollAt = this.now;
        this.env.trace.setMemberId(this.now, this.name, this.memberId);
        this.env.workload.setRunning(this.processor, true);
        this.transitionTo('JOINING');
        this.findCoordinator();
        this.env.changed(this);
    }

    /** Crash: no commit, no leave heartbeat. */
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
     * close(): commit, onPartitionsRevoked (or Lost), then the leave heartbeat with epoch -1, or
     * -2 for a static member (kafka-semantics §4.6). `done` runs once the member is gone.
     */
    close(done: () => void): void {
        if (!this.alive) return done();
        if (this.failed !== null) {
            this.dropAll('stopped', 'rebalance');
            this.shutdown();
            return done();
        }
        if (this.config.enableAutoCommit) this.commitAll('close');
        const finish = () => {
            if (!this.alive) return done();
            this.dropAll('stopped', 'rebalance');
            this.current = NONE;
            if (this.state === 'PREPARE_LEAVING') this.sendLeave(false);
            this.shutdown();
            done();
        };
        if (this.isNotInGroup()) {
            this.transitionTo('UNSUBSCRIBED');
            return finish();
        }
        if (this.state === 'PREPARE_LEAVING' || this.state === 'LEAVING') return finish();
        this.transitionTo('PREPARE_LEAVING');
        const owned = [...this.held.values()].map((h) => h.tp);
        this.event('log', 'ReleasingAssignment', { log: this.log(CP_LOG.releasing(this.memberId, describeParts(owned))) });
        if (owned.length === 0) return finish();
        // The application thread is inside close(): the listener runs now.
        const name: CallbackName = this.memberEpoch > 0 ? 'onPartitionsRevoked' : 'onPartitionsLost';
        this.pauseFetching(owned);
        if (!this.hasListener) return finish();
        this.runCallback({ name, tps: owned, done: finish });
    }

    private shutdown(): void {
        this.alive = false;
        this.env.clock.cancel(this.tickEvent);
        this.env.clock.cancel(this.pollEvent);
        this.env.clock.cancel(this.pollCheck);
        this.env.clock.cancel(this.autoCommitEvent);
        this.env.workload.setRunning(this.processor, false);
        this.env.cp.setClientState(this.now, this.name, null);
        this.env.changed(this);
    }

    /** gc-pause: the whole process stops, background thread too. */
    freeze(): void {
        if (!this.alive || this.frozen) return;
        this.frozen = true;
        this.frozenSince = this.now;
        this.env.clock.cancel(this.tickEvent);
        this.tickEvent = null;
        this.env.workload.freeze(this.processor);
        this.env.changed(this);
    }

    thaw(): void {
        if (!this.alive || !this.frozen) return;
        const pausedFor = this.now - this.frozenSince;
        this.frozen = false;
        if (this.inCallbackUntil >= 0) {
            this.inCallbackUntil += pausedFor;
            this.env.clock.schedule(this.inCallbackUntil, () => this.endCallback());
        } else {
            // The batch in hand resumes (Workload.freeze): its poll moves by the time it did not run.
            this.env.workload.setRunning(this.processor, this.failed === null);
        }
        // The background thread wakes first: what arrived meanwhile, then its poll-timer check and a due heartbeat.
        const queued = this.deferred.splice(0);
        for (const deliver of queued) deliver();
        this.tick();
        this.env.changed(this);
        this.requestPoll();
        this.schedulePollCheck();
    }

    private deliver(deliver: () => void): void {
        if (!this.alive) return;
        if (this.frozen) this.deferred.push(deliver);
        else deliver();
    }

    /**
     * The network healed: retry at once (simulation-conventions §13). A heartbeat still in flight
     * (its response lost in the cut) waits for its request timeout, as the client's does.
     */
    healed(): void {
        if (!this.usable) return;
        if (this.inFlight) return;
        this.resetSentFields();
        this.beatAtOnce();
        if (this.coordinator === null) this.findCoordinator();
        else this.tick();
    }

    setProcessing(timePerRecord: number, maxPollRecords: number): void {
        this.env.workload.setProcessTime(this.processor, timePerRecord, maxPollRecords);
        this.schedulePollCheck();
    }

    /** A new subscription goes out with the next heartbeat (AMM.onSubscriptionUpdated). */
    subscribe(topics: readonly string[]): void {
        (this as { config: MemberConfig }).config = { ...this.config, subscription: [...topics] };
    }

    // ---- coordinator discovery ----------------------------------------------------------------

    private findCoordinator(): void {
        if (this.lookupInFlight || !this.usable) return;
        this.lookupInFlight = true;
        this.event('request', 'FindCoordinator', { direction: 'to-coordinator' });
        // FindCoordinator goes to any broker: it is not cut off with the coordinator.
        this.env.clock.after(2 * this.env.cluster.networkLatencyMs, () =>
            this.deliver(() => {
                this.lookupInFlight = false;
                if (!this.usable) return;
                if (this.cutUntil > this.now) return; // retried when the cut heals
                this.coordinator = this.env.currentCoordinator();
                this.event('response', 'FindCoordinator', { direction: 'to-member', error: 'NONE', detail: this.coordinator.node });
                this.tick();
            })
        );
    }

    private markCoordinatorUnknown(): void {
        this.coordinator = null;
        this.findCoordinator();
    }

    // ---- the background thread ------------------------------------------------------------------

    private scheduleTick(at: number): void {
        if (this.tickEvent && !this.tickEvent.cancelled && this.tickEvent.at <= at && this.tickEvent.at >= this.now) return;
        this.env.clock.cancel(this.tickEvent);
        this.tickEvent = this.env.clock.schedule(at, () => {
            this.tickEvent = null;
            this.tick();
        });
    }

    private isNotInGroup(): boolean {
        return this.state === 'UNSUBSCRIBED' || this.state === 'FENCED' || this.state === 'FATAL' || this.state === 'STALE';
    }

    private skipHeartbeat(): boolean {
        return this.state === 'UNSUBSCRIBED' || this.state === 'FATAL' || this.state === 'STALE' || this.state === 'FENCED';
    }

    /** One iteration of the network thread: the membership manager's poll, then the heartbeat manager's. */
    private tick(): void {
        if (!this.usable || this.frozen) return;
        if (this.state === 'RECONCILING') this.maybeReconcile();
        if (!this.usable || this.frozen) return;
        if (this.coordinator === null) {
            if (this.state === 'LEAVING') this.transitionTo('UNSUBSCRIBED'); // onHeartbeatRequestSkipped
            this.findCoordinator();
            return;
        }
        if (this.skipHeartbeat()) return;
        if (this.now >= this.lastPoll() + this.config.maxPollIntervalMs && this.state !== 'PREPARE_LEAVING' && this.state !== 'LEAVING') {
            this.pollTimeoutLeave();
            return;
        }
        const urgent = this.state === 'LEAVING' || ((this.state === 'JOINING' || this.state === 'ACKNOWLEDGING') && !this.inFlight);
        if (!urgent && (this.inFlight || this.now < this.heartbeatDueAt)) {
            if (!this.inFlight) this.scheduleTick(this.heartbeatDueAt);
            this.schedulePollCheck();
            return;
        }
        this.sendHeartbeat();
    }

    /**
     * ConsumerHeartbeatRequestManager.HeartbeatState: a field goes out when joining or when it
     * changed since the last request; null otherwise. In particular the owned partitions go out
     * only after the member reconciled a new assignment: a null list tells the coordinator the
     * member still owns what it owned, so it keeps waiting for a revocation (CAB:131-200).
     */
    private buildRequest(epoch: number): ConsumerGroupHeartbeatRequest {
        const leaving = epoch < 0;
        const all = this.state === 'JOINING';
        const sent = this.sent;
        const subscription = [...this.config.subscription].sort();
        const subscriptionKey = subscription.join('\u0000');
        const rebalanceTimeoutMs = all || sent.rebalanceTimeoutMs !== this.config.maxPollIntervalMs ? this.config.maxPollIntervalMs : -1;
        const subscribedTopicNames = all || sent.subscription !== subscriptionKey ? subscription : null;
        const assignor = this.config.groupRemoteAssignor;
        const serverAssignor = assignor !== null && (all || sent.serverAssignor !== assignor) ? assignor : null;
        const topicPartitions = all || sent.local === null || !sameAssignment(sent.local, this.current) ? sortedList(this.current.parts) : null;
        if (!leaving) this.sent = { rebalanceTimeoutMs: this.config.maxPollIntervalMs, subscription: subscriptionKey, serverAssignor: assignor, local: this.current };
        return {
            memberId: this.memberId,
            memberEpoch: epoch,
            instanceId: this.config.groupInstanceId,
            rackId: leaving ? null : this.config.clientRack,
            clientId: this.config.clientId,
            rebalanceTimeoutMs: leaving ? -1 : rebalanceTimeoutMs,
            subscribedTopicNames: leaving ? null : subscribedTopicNames,
            serverAssignor: leaving ? null : serverAssignor,
            topicPartitions: leaving ? null : topicPartitions,
            // GMM: "isFullRequest" (epoch 0, or every non-optional field set): the response then carries the assignment.
            full: !leaving && (epoch === JOIN_GROUP_MEMBER_EPOCH || (rebalanceTimeoutMs !== -1 && subscribedTopicNames !== null && topicPartitions !== null)),
            memberName: this.name,
            purpose: leaving ? 'leave' : epoch === JOIN_GROUP_MEMBER_EPOCH ? 'join' : this.state === 'ACKNOWLEDGING' ? 'acknowledge' : 'heartbeat'
        };
    }

    /** HeartbeatState.reset (after an error): the next request carries every field. */
    private resetSentFields(): void {
        this.sent = { rebalanceTimeoutMs: -1, subscription: null, serverAssignor: null, local: null };
    }

    private sendHeartbeat(): void {
        const coordinator = this.coordinator!;
        const req = this.buildRequest(this.memberEpoch);
        const sentAt = this.now;
        this.traceRequest(req);
        this.advanceHeartbeatGrid();
        this.onHeartbeatRequestGenerated();
        if (this.cutUntil > this.now) {
            // Lost on the way: the client retries when the cut heals (simulation-conventions §13).
            this.resetSentFields();
            this.env.toCoordinator(this, coordinator, 'ConsumerGroupHeartbeat', () => {});
            this.scheduleTick(this.heartbeatDueAt);
            return;
        }
        this.inFlight = true;
        this.lastRequest = req;
        this.env.toCoordinator(this, coordinator, 'ConsumerGroupHeartbeat', (c) => c.handleConsumerHeartbeat(this.portFor(req), req, sentAt));
        this.env.clock.after(this.config.requestTimeoutMs, () => this.requestTimedOut(req));
        this.scheduleTick(this.heartbeatDueAt);
    }

    /** Where the response to one request goes: a response to a request given up on (timed out) is dropped. */
    private portFor(req: ConsumerGroupHeartbeatRequest): ConsumerPort & { readonly alive: boolean; readonly cutUntil: number } {
        const client = this;
        return {
            name: this.name,
            get alive() {
                return client.alive;
            },
            get cutUntil() {
                return client.cutUntil;
            },
            onConsumerHeartbeatResponse: (resp) => {
                if (this.lastRequest === req) this.onConsumerHeartbeatResponse(resp);
            }
        };
    }

    /** No response within request.timeout.ms (lost in a network cut): a retriable failure, the coordinator is looked up again. */
    private requestTimedOut(req: ConsumerGroupHeartbeatRequest): void {
        this.deliver(() => {
            if (!this.usable || !this.inFlight || this.lastRequest !== req) return;
            this.inFlight = false;
            this.resetSentFields();
            this.beatAtOnce();
            this.event('timer', 'RequestTimeout', { detail: `no ConsumerGroupHeartbeat response within request.timeout.ms (${this.config.requestTimeoutMs} ms): retried after a coordinator lookup` });
            this.markCoordinatorUnknown();
        });
    }

    /** The member traces what it sends and receives, except routine heartbeats (run-length encoded by the coordinator). */
    private traceRequest(req: ConsumerGroupHeartbeatRequest): void {
        if (req.purpose === 'heartbeat' && !req.full) return;
        const what = req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH ? 'static leave' : req.purpose;
        this.event('request', 'ConsumerGroupHeartbeat', {
            direction: 'to-coordinator',
            generation: req.memberEpoch,
            partitions: req.topicPartitions ? toPartitionSet(req.topicPartitions) : undefined,
            detail: `${what}, member epoch ${req.memberEpoch}${req.topicPartitions ? `, owns ${req.topicPartitions.length}` : ''}${req.full ? ', full request' : ''}`
        });
    }

    private traceResponse(req: ConsumerGroupHeartbeatRequest | null, resp: ConsumerGroupHeartbeatResponse): void {
        if (req && isRoutineHeartbeat(req, resp)) return;
        this.event('response', 'ConsumerGroupHeartbeat', {
            direction: 'to-member',
            generation: resp.memberEpoch,
            error: resp.error,
            partitions: resp.assignment ? toPartitionSet(resp.assignment) : undefined,
            detail: resp.errorMessage ?? `member epoch ${resp.memberEpoch}${resp.assignment ? `, assignment of ${resp.assignment.length}` : ''}`
        });
    }

    /** A leave heartbeat (epoch -1, or -2 for a static member); its response is only logged. */
    private sendLeave(dueToPollTimer: boolean): void {
        if (this.state === 'FATAL' || this.state === 'UNSUBSCRIBED') return;
        if (dueToPollTimer) {
            this.pollTimerExpired = true;
            this.transitionTo('PREPARE_LEAVING');
        }
        this.memberEpoch = this.config.groupInstanceId === null ? LEAVE_GROUP_MEMBER_EPOCH : LEAVE_GROUP_STATIC_MEMBER_EPOCH;
        this.current = NONE;
        this.transitionTo('LEAVING');
        if (this.coordinator === null) {
            this.transitionTo('UNSUBSCRIBED');
            return;
        }
        const req = this.buildRequest(this.memberEpoch);
        const coordinator = this.coordinator;
        const sentAt = this.now;
        this.traceRequest(req);
        this.onHeartbeatRequestGenerated();
        this.env.toCoordinator(this, coordinator, 'ConsumerGroupHeartbeat', (c) =>
            c.handleConsumerHeartbeat({ name: this.name, onConsumerHeartbeatResponse: () => {} }, req, sentAt)
        );
        // heartbeatRequestState.reset() + resetHeartbeatState(): the next heartbeat is full and immediate.
        this.inFlight = false;
        this.resetSentFields();
        this.beatAtOnce();
    }

    /** AMM.onHeartbeatRequestGenerated: ACKNOWLEDGING and LEAVING end when their heartbeat goes. */
    private onHeartbeatRequestGenerated(): void {
        if (this.state === 'ACKNOWLEDGING') {
            this.transitionTo(sameAssignment(this.current, this.target) ? 'STABLE' : 'RECONCILING');
        } else if (this.state === 'LEAVING') {
            if (this.pollTimerExpired) this.transitionToStale();
            else this.transitionTo('UNSUBSCRIBED');
        }
    }

    /** The next heartbeat goes at once and starts a new grid (a retry: simulation-conventions §13). */
    private beatAtOnce(): void {
        this.heartbeatDueAt = this.now;
        this.rephaseOnSend = true;
    }

    /**
     * A heartbeat is going out. A regular one (due now, or a retry) moves the due time to the next
     * point of the grid φ + k·interval; one sent early, at once (acknowledging, joining), does not
     * (simulation-conventions §7). Kafka's client restarts its interval at every send
     * (HeartbeatRequestState.onSendAttempt); the convention keeps the grid so that a member's beats
     * do not drift with its acknowledgements.
     */
    private advanceHeartbeatGrid(): void {
        if (this.rephaseOnSend) {
            this.rephaseOnSend = false;
            this.heartbeatPhase = this.now;
        }
        if (this.now < this.heartbeatDueAt) return;
        this.heartbeatDueAt = this.intervalMs > 0 ? this.heartbeatPhase + (Math.floor((this.now - this.heartbeatPhase) / this.intervalMs) + 1) * this.intervalMs : this.now;
    }

    /** φ := now: the member joined, or the broker gave a new interval (updateHeartbeatIntervalMs restarts the timer). */
    private restartHeartbeatGrid(): void {
        this.heartbeatPhase = this.now;
        this.heartbeatDueAt = this.now + this.intervalMs;
    }

    onConsumerHeartbeatResponse(resp: ConsumerGroupHeartbeatResponse): void {
        this.deliver(() => {
            if (!this.usable) return;
            this.inFlight = false;
            this.traceResponse(this.lastRequest, resp);
            if (resp.error === 'NONE') this.onHeartbeatSuccess(resp);
            else this.onHeartbeatError(resp);
            this.tick();
        });
    }

    private onHeartbeatSuccess(resp: ConsumerGroupHeartbeatResponse): void {
        const joined = this.lastRequest !== null && this.lastRequest.memberEpoch === JOIN_GROUP_MEMBER_EPOCH;
        if (resp.heartbeatIntervalMs !== this.intervalMs || joined) {
            this.intervalMs = resp.heartbeatIntervalMs;
            this.restartHeartbeatGrid();
        }
        if (this.state === 'LEAVING' || this.isNotInGroup()) return;
        this.updateEpoch(resp.memberEpoch);
        if (resp.assignment === null) return;
        if (!(this.state === 'STABLE' || this.state === 'JOINING' || this.state === 'ACKNOWLEDGING' || this.state === 'RECONCILING')) return;
        // processAssignmentReceived: a different assignment gets the next local epoch.
        const parts = partsOf(resp.assignment);
        if (this.target.localEpoch === -1 || !sameParts(this.target.parts, parts)) this.target = { localEpoch: this.target.localEpoch + 1, parts };
        if (!sameAssignment(this.current, this.target)) this.transitionTo('RECONCILING');
        else if (this.state === 'RECONCILING' || this.state === 'JOINING') this.transitionTo('STABLE');
    }

    private updateEpoch(epoch: number): void {
        if (this.memberEpoch === epoch) return;
        this.memberEpoch = epoch;
        this.env.changed(this);
    }

    private onHeartbeatError(resp: ConsumerGroupHeartbeatResponse): void {
        const message = resp.errorMessage ?? resp.error;
        // resetHeartbeatState + onFailedAttempt: the next heartbeat is full and may go at once.
        this.resetSentFields();
        this.beatAtOnce();
        switch (resp.error) {
            case 'NOT_COORDINATOR':
            case 'COORDINATOR_NOT_AVAILABLE':
                this.markCoordinatorUnknown();
                return;
            case 'FENCED_MEMBER_EPOCH':
                this.event('log', 'HeartbeatFenced', { error: resp.error, log: this.log(`${CP_LOG.fencedEpoch(this.memberId, this.memberEpoch)} ${message}`) });
                this.resetCause = 'fenced';
                this.transitionToFenced();
                return;
            case 'UNKNOWN_MEMBER_ID':
                this.event('log', 'HeartbeatFenced', { error: resp.error, log: this.log(`${CP_LOG.unknownMember(this.memberId)} ${message}`) });
                this.resetCause = this.resetCause ?? 'session-expiry';
                this.transitionToFenced();
                return;
            case 'UNRELEASED_INSTANCE_ID':
                this.event('log', 'HeartbeatFatal', { error: resp.error, log: this.log(CP_LOG.unreleasedInstanceId(this.config.groupInstanceId ?? 'null', message), 'ERROR') });
                return this.fail(resp.error, `UnreleasedInstanceIdException: ${message}`);
            case 'FENCED_INSTANCE_ID':
                this.event('log', 'HeartbeatFatal', { error: resp.error, log: this.log(CP_LOG.fencedInstanceId(this.config.groupInstanceId ?? 'null', message), 'ERROR') });
                return this.fail(resp.error, `FencedInstanceIdException: ${message}`);
            default: {
                const known = FATAL_HEARTBEAT_ERRORS.has(resp.error) && resp.error !== 'GROUP_ID_NOT_FOUND';
                const text = known ? CP_LOG.fatal(resp.error, message) : CP_LOG.unexpected(resp.error, message);
                this.event('log', 'HeartbeatFatal', { error: resp.error, log: this.log(text, 'ERROR') });
                // error.exception(errorMessage): the broker's message when it sent one (Errors.exception).
                return this.fail(resp.error, resp.errorMessage ?? ERROR_MESSAGES[resp.error] ?? resp.error);
            }
        }
    }

    /** transitionToFenced: release everything as lost, then rejoin with epoch 0. */
    private transitionToFenced(): void {
        if (this.state === 'PREPARE_LEAVING' || this.state === 'LEAVING') {
            this.transitionTo('UNSUBSCRIBED');
            return;
        }
        if (this.state === 'UNSUBSCRIBED') return;
        this.transitionTo('FENCED');
        this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
        this.signalPartitionsLost(() => {
            this.clearAssignment('lost');
            if (this.state === 'FENCED') this.transitionToJoining();
        });
    }

    private transitionToJoining(): void {
        if (this.state === 'FATAL') return;
        if (this.reconciliationInProgress) this.rejoinedWhileReconciling = true;
        this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
        this.target = NONE;
        this.transitionTo('JOINING');
        this.tick();
    }

    /** Poll timer expired (AHRM:163-178): leave, go STALE, release as lost, rejoin at the next poll(). */
    private pollTimeoutLeave(): void {
        this.event('timer', 'PollTimeout', { log: this.log(CP_LOG.pollTimeout(), 'WARN') });
        this.resetCause = 'poll-timeout';
        this.sendLeave(true);
    }

    private transitionToStale(): void {
        this.transitionTo('STALE');
        this.staleReleased = false;
        this.signalPartitionsLost(() => {
            this.clearAssignment('lost');
            this.staleReleased = true;
            if (this.rejoinWhenReleased) {
                this.rejoinWhenReleased = false;
                this.transitionToJoining();
            }
        });
    }

    private clearAssignment(end: OwnershipEnd): void {
        this.keepBatchInHand();
        for (const h of [...this.held.values()]) this.drop(h.tp, end, this.resetCause ?? 'reset');
        if (this.state === 'STALE') this.requestPoll(); // it rejoins at its next poll(), after that batch
        this.current = NONE;
        this.target = NONE;
        this.env.changed(this);
    }

    // ---- reconciliation (AbstractMembershipManager.maybeReconcile) ------------------------------

    private maybeAbortReconciliation(): boolean {
        const abort = this.state !== 'RECONCILING' || this.rejoinedWhileReconciling;
        if (abort) {
            this.reconciliationInProgress = false;
            this.rejoinedWhileReconciling = false;
        }
        return abort;
    }

    private maybeReconcile(): void {
        if (sameAssignment(this.current, this.target) || this.reconciliationInProgress) return;
        const resolved = this.target;
        if (this.current.localEpoch !== -1 && sameParts(resolved.parts, this.current.parts)) {
            this.current = resolved;
            this.transitionTo('ACKNOWLEDGING');
            return;
        }
        this.reconciliationInProgress = true;
        this.rejoinedWhileReconciling = false;
        const owned = partsOf([...this.held.values()].map((h) => h.tp));
        const added = sortedList(minus(resolved.parts, owned));
        const revoked = sortedList(minus(owned, resolved.parts));
        this.event('log', 'Reconciling', {
            generation: this.memberEpoch,
            detail: `local epoch ${resolved.localEpoch}`,
            log: this.log(CP_LOG.reconciling(this.memberId, describeParts(added), describeParts(revoked)))
        });
        // Auto-commit before revocation (CMM.signalReconciliationStarted), synchronous and bounded by the rebalance timeout.
        if (this.config.enableAutoCommit && this.held.size > 0) this.commitAll('reconcile');
        if (this.maybeAbortReconciliation()) return;
        const assign = () => {
            if (this.maybeAbortReconciliation()) return;
            this.assignPartitions(resolved, added, () => {
                if (!this.reconciliationInProgress || this.maybeAbortReconciliation()) return;
                this.current = resolved;
                if (this.config.enableAutoCommit) {
                    this.nextAutoCommitAt = this.now + this.config.autoCommitIntervalMs;
                    this.scheduleAutoCommit();
                }
                this.transitionTo('ACKNOWLEDGING');
                this.reconciliationInProgress = false;
                this.tick();
            });
        };
        if (revoked.length > 0) this.revokePartitions(revoked, assign);
        else assign();
    }

    private pauseFetching(tps: readonly TopicPartition[]): void {
        this.keepBatchInHand();
        for (const tp of tps) {
            const h = this.held.get(tpKey(tp));
            if (h?.holding) this.env.workload.setFetching(h.holding, false);
        }
    }

    /** revokePartitions: stop fetching, then onPartitionsRevoked in poll() (listener) or nothing. */
    private revokePartitions(tps: TopicPartition[], then: () => void): void {
        const revoked = tps.filter((tp) => this.held.has(tpKey(tp)));
        this.event('log', 'RevokingPartitions', { partitions: toPartitionSet(revoked), log: this.log(CP_LOG.revoking(describeParts(revoked))) });
        this.pauseFetching(revoked);
        this.env.changed(this);
        if (revoked.length > 0 && this.hasListener) this.enqueueCallback({ name: 'onPartitionsRevoked', tps: revoked, done: then });
        else then();
    }

    /**
     * assignPartitions: the member's partitions become the assignment (what it revoked goes now);
     * added partitions are fetched once onPartitionsAssigned returns (listener) or at once.
     */
    private assignPartitions(resolved: LocalAssignment, added: TopicPartition[], then: () => void): void {
        this.keepBatchInHand();
        for (const h of [...this.held.values()]) if (!resolved.parts.has(tpKey(h.tp))) this.drop(h.tp, 'revoked', 'rebalance');
        const newHoldings: Holding[] = [];
        for (const tp of added) {
            const h = this.hold(tp);
            if (h === undefined) return; // failed (no offset to reset to)
            if (h) newHoldings.push(h);
        }
        this.env.changed(this);
        if (!this.hasListener) {
            this.batchCommitCheck();
            return then();
        }
        // Fetching starts once onPartitionsAssigned returns (updateSubscriptionAwaitingCallback).
        for (const h of newHoldings) this.env.workload.setFetching(h, false);
        const enable = () => {
            for (const h of newHoldings) if (this.held.get(tpKey({ topic: h.part.topic.name, partition: h.part.index }))?.holding === h) this.env.workload.setFetching(h, true);
            this.env.changed(this);
            this.batchCommitCheck();
            then();
        };
        this.enqueueCallback({ name: 'onPartitionsAssigned', tps: added, done: enable });
    }

    /** Start holding a partition; undefined when the member failed (auto.offset.reset = none). */
    private hold(tp: TopicPartition): Holding | null | undefined {
        const part = this.env.workload.partition(tp.topic, tp.partition);
        let holding: Holding | null = null;
        if (part) {
            holding = this.env.workload.hold(this.processor, part, this.config.autoOffsetReset, part.lastRelease ?? 'rebalance');
            if (holding === null) {
                this.fail('NoOffsetForPartitionException', `Undefined offset with no reset policy for partitions: [${tp.topic}-${tp.partition}]`);
                return undefined;
            }
        }
        const span = this.env.trace.openHolding(this.now, this.name, tp.topic, tp.partition, this.memberEpoch);
        this.env.trace.registerHolding(span);
        this.held.set(tpKey(tp), { tp, holding, epoch: this.memberEpoch, span });
        this.env.assigned(this, tp, this.memberEpoch);
        return holding;
    }

    private signalPartitionsLost(then: () => void): void {
        const owned = [...this.held.values()].map((h) => h.tp);
        this.pauseFetching(owned);
        if (owned.length > 0 && this.hasListener) this.enqueueCallback({ name: 'onPartitionsLost', tps: owned, done: then });
        else then();
    }

    // ---- the application thread ------------------------------------------------------------------

    /**
     * The background thread queues a callback for the application thread. One queued while a
     * poll() is running its callbacks (the background continues a reconciliation when a callback
     * returns) is for the next poll(): this one has processed its background events already and
     * goes on to return records (AsyncKafkaConsumer.poll); afterPollCallbacks asks for that poll.
     */
    private enqueueCallback(cb: QueuedCallback): void {
        this.callbacks.push(cb);
        if (!this.runningPollCallbacks) this.requestPoll();
    }

    /** Inside poll(), between its processing of background events and its return. */
    private runningPollCallbacks = false;

    /**
     * The background thread takes partitions away while the application is in the middle of a
     * batch: the application still finishes it (its records are in its hands) before it polls
     * again. Remember when that batch started and ends.
     */
    private keepBatchInHand(): void {
        if (!this.processor.busy || this.frozen || this.inCallbackUntil >= 0) return;
        const end = this.processor.nextPoll(this.now);
        if (end <= this.now) return;
        this.batchStartedAt = this.processor.lastPoll(this.now);
        this.batchEndsAt = Math.max(this.batchEndsAt, end);
    }

    private batchStartedAt = 0;
    private batchEndsAt = -1;

    /** Ask for the application thread's next poll(). */
    private requestPoll(at = this.processor.nextPoll(this.now)): void {
        if (!this.usable || this.frozen || this.inCallbackUntil >= 0) return;
        if (this.batchEndsAt > this.now) at = Math.max(at, this.batchEndsAt);
        if (this.pollEvent && !this.pollEvent.cancelled && this.pollEvent.at <= at) return;
        this.env.clock.cancel(this.pollEvent);
        this.pollEvent = this.env.clock.schedule(at, () => {
            this.pollEvent = null;
            this.poll();
        });
    }

    private onProcessorIdle(): void {
        // Back inside poll(): pending work runs now.
        if (this.pollEvent) {
            this.env.clock.cancel(this.pollEvent);
            this.pollEvent = null;
            this.requestPoll();
        }
    }

    private lastPoll(): number {
        if (this.frozen || this.inCallbackUntil >= 0) return this.lastPollAt;
        if (this.batchEndsAt > this.now) return Math.max(this.lastPollAt, this.batchStartedAt);
        const p = this.processor.busy ? this.processor.lastPoll(this.now) : this.now;
        return Math.max(this.lastPollAt, p);
    }

    /** One poll(): the poll event (resets the poll timer), the queued callbacks, auto-commit, records. */
    private poll(): void {
        if (!this.usable || this.frozen || this.inCallbackUntil >= 0) return;
        // The poll that returned the batch in hand, when the background took its partitions meanwhile.
        const previous = this.batchEndsAt >= 0 && this.batchEndsAt <= this.now ? Math.max(this.lastPollAt, this.batchStartedAt) : this.lastPoll();
        if (this.batchEndsAt <= this.now) this.batchEndsAt = -1;
        this.lastPollAt = this.now;
        if (this.pollTimerExpired || this.state === 'STALE') this.resetPollTimer(previous);
        const batch = this.callbacks.splice(0);
        this.runningPollCallbacks = true;
        this.runCallbacks(batch, 0);
    }

    /** AHRM.resetPollTimer: a STALE member rejoins once its partitions are released. */
    private resetPollTimer(previous: number): void {
        const exceeded = Math.max(0, this.now - previous - this.config.maxPollIntervalMs);
        this.event('log', 'PollTimerReset', { log: this.log(CP_LOG.rejoinAfterPollTimeout(exceeded, this.memberId), 'WARN') });
        this.pollTimerExpired = false;
        if (this.state === 'STALE') {
            if (this.staleReleased) this.transitionToJoining();
            else this.rejoinWhenReleased = true;
        }
    }

    private runCallbacks(list: QueuedCallback[], i: number): void {
        if (!this.usable) return;
        if (i >= list.length) return this.afterPollCallbacks(list.length > 0);
        this.runCallback(list[i], () => this.runCallbacks(list, i + 1));
    }

    /** A listener call on the application thread; revocation (and loss) take `revoke.time`. */
    private runCallback(cb: QueuedCallback, next?: () => void): void {
        this.event('callback', cb.name, { generation: this.memberEpoch > 0 ? this.memberEpoch : undefined, partitions: toPartitionSet(cb.tps) });
        const finish = () => {
            cb.done();
            next?.();
        };
        if (cb.name === 'onPartitionsAssigned') return finish();
        if (this.config.rebalanceListener === 'commit-on-revoke') this.commitPartitions('on-revoke', cb.tps);
        if (this.config.revokeTimeMs > 0) this.runBlocking(this.config.revokeTimeMs, finish);
        else finish();
    }

    private afterPollCallbacks(ranCallbacks: boolean): void {
        this.runningPollCallbacks = false;
        if (this.config.enableAutoCommit && this.now >= this.nextAutoCommitAt) {
            // The timer restarts whether or not there was anything to commit.
            if (this.held.size > 0) this.commitAll('auto');
            this.nextAutoCommitAt = this.now + this.config.autoCommitIntervalMs;
        }
        this.batchCommitCheck();
        if (this.callbacks.length > 0) {
            // Events queued while this poll ran wait for the next one; it comes at once unless this one returns records.
            this.requestPoll(ranCallbacks && this.processor.busy ? this.processor.pollAfter(this.now) : this.processor.nextPoll(this.now));
        }
        this.scheduleAutoCommit();
        this.schedulePollCheck();
    }

    /** Wake the application at the next auto-commit (it commits inside poll()). */
    private scheduleAutoCommit(): void {
        if (!this.config.enableAutoCommit || this.nextAutoCommitAt === Infinity || !this.usable) return;
        const at = Math.max(this.now, this.nextAutoCommitAt);
        if (this.autoCommitEvent && !this.autoCommitEvent.cancelled && this.autoCommitEvent.at === at) return;
        this.env.clock.cancel(this.autoCommitEvent);
        this.autoCommitEvent = this.env.clock.schedule(at, () => {
            this.autoCommitEvent = null;
            this.requestPoll();
        });
    }

    /** The application thread is busy inside poll() (a callback) for `ms`. */
    private runBlocking(ms: number, then: () => void): void {
        this.inCallbackUntil = this.now + ms;
        this.afterCallback = then;
        this.revoking = true;
        this.env.workload.setRunning(this.processor, false);
        this.env.changed(this);
        this.env.clock.schedule(this.inCallbackUntil, () => this.endCallback());
        this.schedulePollCheck();
    }

    get inCallback(): boolean {
        return this.inCallbackUntil >= 0;
    }

    private endCallback(): void {
        if (!this.alive || this.frozen || this.inCallbackUntil < 0 || this.now < this.inCallbackUntil) return;
        this.inCallbackUntil = -1;
        this.revoking = false;
        const then = this.afterCallback;
        this.afterCallback = null;
        this.env.workload.setRunning(this.processor, this.failed === null);
        this.env.workload.restartBatches(this.processor);
        this.env.changed(this);
        then?.();
    }

    /** Arm the poll-timer check when the application will not poll before it expires. */
    private schedulePollCheck(): void {
        const previous = this.pollCheck;
        this.pollCheck = null;
        const keep = (ev: ScheduledEvent | null) => {
            if (ev !== previous) this.env.clock.cancel(previous);
            this.pollCheck = ev;
        };
        if (!this.usable || this.frozen || this.skipHeartbeat()) return keep(null);
        const last = this.lastPoll();
        const deadline = last + this.config.maxPollIntervalMs;
        // The same deadline keeps its check (and its place among the events of that instant).
        if (previous && !previous.cancelled && previous.at === deadline) return keep(previous);
        let next: number;
        if (this.inCallbackUntil >= 0) next = this.inCallbackUntil;
        else if (this.processor.busy) {
            next = this.processor.pollAfter(this.now);
            if (next <= deadline && this.processor.fullBatchMs > this.config.maxPollIntervalMs) {
                // Each poll returns what is there: a later batch may outlast the poll interval. Look again then.
                keep(null);
                this.pollCheck = this.env.clock.schedule(next, () => {
                    this.pollCheck = null;
                    this.schedulePollCheck();
                });
                return;
            }
        } else return keep(null); // idle inside poll(): the timer keeps being reset
        if (next <= deadline) return keep(null);
        if (deadline <= this.now) {
            // Already expired: the background thread acts on it now, unless it is leaving anyway.
            if (this.state !== 'PREPARE_LEAVING' && this.state !== 'LEAVING') this.scheduleTick(this.now);
            return keep(null);
        }
        keep(null);
        this.pollCheck = this.env.clock.schedule(deadline, () => {
            this.pollCheck = null;
            this.tick();
        });
    }

    // ---- holdings -----------------------------------------------------------------------------

    private drop(tp: TopicPartition, end: OwnershipEnd, cause: DuplicateSource): void {
        const k = tpKey(tp);
        const h = this.held.get(k);
        if (!h) return;
        this.held.delete(k);
        if (h.holding) this.env.workload.release(h.holding, cause);
        this.env.trace.closeHolding(this.now, h.span, end);
    }

    private dropAll(end: OwnershipEnd, cause: DuplicateSource): void {
        for (const h of [...this.held.values()]) this.drop(h.tp, end, cause);
        this.env.changed(this);
    }

    /** A fatal error: poll() throws, the application stops consuming. */
    fail(error: string, message: string): void {
        if (this.failed !== null || !this.alive) return;
        this.failed = error;
        this.transitionTo('FATAL');
        this.event('error', error, { error, detail: message, log: this.log(message, 'ERROR') });
        this.dropAll('fenced', 'fenced');
        this.env.clock.cancel(this.tickEvent);
        this.env.clock.cancel(this.pollEvent);
        this.env.clock.cancel(this.pollCheck);
        this.env.workload.setRunning(this.processor, false);
        this.env.fatal(this, error, message);
        this.env.changed(this);
    }

    heldPartitions(): TopicPartition[] {
        return sortedList([...this.held.values()].map((h) => h.tp));
    }

    holdings(): Holding[] {
        const list: Holding[] = [];
        for (const h of this.held.values()) if (h.holding) list.push(h.holding);
        return list;
    }

    /** Between a join and its acknowledged assignment, or out of the group on its way back. */
    get inRebalance(): boolean {
        return this.reconciliationInProgress || this.callbacks.length > 0 || !(this.state === 'STABLE' || this.state === 'FATAL' || this.state === 'UNSUBSCRIBED');
    }

    // ---- commits ---------------------------------------------------------------------------------

    private commitError(): 'NONE' | 'NOT_IN_GROUP' | 'UNREACHABLE' | 'UNKNOWN_MEMBER_ID' | 'NOT_COORDINATOR' {
        if (this.memberEpoch <= 0 || this.isNotInGroup()) return 'NOT_IN_GROUP';
        if (this.coordinator === null || this.cutUntil > this.now) return 'UNREACHABLE';
        if (this.coordinator !== this.env.currentCoordinator()) return 'NOT_COORDINATOR';
        const error = this.coordinator.validateConsumerCommit(this.memberId, this.memberEpoch);
        // STALE_MEMBER_EPOCH: the client retries with the epoch its next response brings (CommitRequestManager).
        return error === 'STALE_MEMBER_EPOCH' ? 'NONE' : error;
    }

    private commitAll(kind: CommitKind): void {
        this.commitPartitions(kind, [...this.held.values()].map((h) => h.tp));
    }

    private commitPartitions(kind: CommitKind, tps: readonly TopicPartition[]): void {
        if (tps.length === 0) return;
        const error = this.commitError();
        if (error === 'NONE') {
            for (const tp of tps) {
                const h = this.held.get(tpKey(tp));
                if (h?.holding) this.env.workload.commit(h.holding);
            }
            if (kind === 'auto') this.env.trace.routineCommit(this.name, 'auto', this.now);
            else this.env.trace.commit({ at: this.now, member: this.name, kind, ok: true, partitions: tps.length });
            return;
        }
        if (kind === 'auto' && (error === 'NOT_IN_GROUP' || error === 'UNREACHABLE')) return; // not sent
        const exception = error === 'UNREACHABLE' ? 'TimeoutException' : error === 'NOT_COORDINATOR' ? 'NOT_COORDINATOR' : 'CommitFailedException';
        this.env.trace.commit({ at: this.now, member: this.name, kind, ok: false, error: exception, partitions: tps.length });
        if (error === 'NOT_COORDINATOR') this.markCoordinatorUnknown();
    }

    /**
     * Manual per-batch commits (`enable.auto.commit = false`): while they are accepted the
     * committed offsets follow the positions; when they stop, they stay at the last boundary.
     */
    batchCommitCheck(): void {
        if (this.config.enableAutoCommit) return;
        const error = this.alive && this.failed === null && this.held.size > 0 ? this.commitError() : 'NOT_IN_GROUP';
        const accepted = error === 'NONE';
        if (accepted === this.batchCommitsAccepted) return;
        this.batchCommitsAccepted = accepted;
        const sinceBoundary = this.now - this.processor.lastPoll(this.now);
        for (const h of this.held.values()) if (h.holding) this.env.workload.setCommitFollowing(h.holding, accepted, sinceBoundary);
        if (accepted) this.env.trace.routineCommit(this.name, 'batch', this.now);
        else this.env.trace.breakCommitRun(this.name, 'batch');
    }
}
