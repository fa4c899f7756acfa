/**
 * The engine: runs one scenario of a classic consumer group. It owns the clock, the network
 * (latency, cuts), the coordinator, one client per running member, the workload and the
 * trace, and applies the scenario's timeline. Kafka's rules live in classic/; what the engine
 * adds is the bookkeeping that spans them: who owns what, who is paused, what moved.
 *
 * Members with `group.protocol = consumer` run the KIP-848 client (consumer/); the group
 * coordinator (consumer/group-coordinator.ts) serves both protocols and converts the group
 * between them, so the engine asks it, not the classic coordinator, what the group is doing.
 */
import { assign as runAssignor } from '../assignors/index.js';
import type { AssignmentInput, AssignmentResult, AssignorName, TopicPartition } from '../assignors/types.js';
import { formatDuration } from '../model/units.js';
import type { MemberConfig, ScenarioEvent, SimulationInput } from '../model/simulation-input.js';
import { ClassicClient } from './classic/client.js';
import { ClassicCoordinator, type ClientPort } from './classic/coordinator.js';
import { ConsumerClient } from './consumer/client.js';
import { ConsumerProtocolTraceBuilder } from './consumer/cp-trace.js';
import { GroupCoordinator } from './consumer/group-coordinator.js';
import { rebalanceProtocolOf } from './classic/protocol.js';
import { Clock, Priority } from './clock.js';
import { evaluateExpectations } from './expectations.js';
import { SeededRandom } from './random.js';
import { round, TraceBuilder } from './trace-builder.js';
import { TRACE_VERSION, type ActivityKind, type MemberError, type SimulationResult, type Trace, type TraceMemberConfig, type TraceSummary } from './trace.js';
import { Workload } from './workload.js';

export const ENGINE_VERSION = '1.0.0';

/** The most lag samples per topic (the step grows with the run's length). */
const LAG_POINTS = 1000;
/** Partition visits per run the committed-lag samples may cost (each sample visits every partition). */
const LAG_SAMPLE_BUDGET = 2_500_000;

type MemberStatus = 'not-started' | 'running' | 'down' | 'stopped' | 'failed';

interface MemberRuntime {
    readonly name: string;
    config: MemberConfig;
    client: ClassicClient | ConsumerClient | null;
    status: MemberStatus;
    /** The member comes back (restart in progress): `down`, not `stopped`. */
    restarting: boolean;
    cutUntil: number;
    frozenUntil: number;
    slowUntil: number;
    error: MemberError | null;
    /** The `zombie` condition as last set in the trace (refreshes set it only when it changes). */
    zombie: boolean;
    /** The activity as last set in the trace (likewise). */
    activity: ActivityKind | null;
}

export interface EngineOptions {
    /**
     * Settle a routine heartbeat's round trip within its tick when only benign events are pending
     * at that instant (default true). The trace is the same either way; false is for tests.
     */
    readonly settleRoundTripsAtOnce?: boolean;
}

export class AbortError extends Error {
    override readonly name = 'AbortError';
}

function brokerNode(id: number): string {
    return `broker-${id}:9092 (id: ${2147483647 - id} rack: null)`;
}

function anyFetching(holdings: readonly { readonly fetching: boolean }[]): boolean {
    for (const h of holdings) if (h.fetching) return true;
    return false;
}

function lagStep(durationMs: number, partitions: number): number {
    const points = Math.max(250, Math.min(LAG_POINTS, LAG_SAMPLE_BUDGET / Math.max(1, partitions)));
    const raw = Math.max(100, durationMs / points);
    const nice = [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
    for (const n of nice) if (n >= raw) return n;
    return Math.ceil(raw / 600_000) * 600_000;
}

export class Engine {
    readonly clock = new Clock();
    readonly trace = new TraceBuilder();
    readonly rng: SeededRandom;
    readonly workload: Workload;
    coordinator: ClassicCoordinator;
    /** The group coordinator for both protocols (it wraps `coordinator`). */
    group: GroupCoordinator;
    readonly cp = new ConsumerProtocolTraceBuilder();
    private brokerId = 1;
    readonly members = new Map<string, MemberRuntime>();
    private readonly lastOwner = new Map<string, string>();
    movedPartitions = 0;
    private readonly topicHistory = new Map<string, { partitions: { at: number; count: number }[]; produce: { at: number; perSecond: number }[] }>();
    private readonly subscribedTopics = new Set<string>();

    constructor(
        readonly input: SimulationInput,
        private readonly options: EngineOptions = {}
    ) {
        this.rng = new SeededRandom(input.seed);
        this.workload = new Workload(this.clock, input.topics, this.trace);
        this.coordinator = this.newCoordinator();
        this.group = this.newGroupCoordinator(this.coordinator);
        this.coordinator.load(null);
        for (const t of input.topics) {
            this.topicHistory.set(t.name, { partitions: [{ at: 0, count: t.partitions }], produce: [{ at: 0, perSecond: t.producePerSecond }] });
        }
        for (const spec of input.members) {
            this.members.set(spec.name, { name: spec.name, config: spec.config, client: null, status: 'not-started', restarting: false, cutUntil: -1, frozenUntil: -1, slowUntil: -1, error: null, zombie: false, activity: null });
            this.trace.addMember({ name: spec.name, clientId: spec.config.clientId, groupInstanceId: spec.config.groupInstanceId, line: spec.line, configs: [] });
            for (const t of spec.config.subscription) this.subscribedTopics.add(t);
        }
    }

    private newCoordinator(): ClassicCoordinator {
        const engine = this;
        return new ClassicCoordinator(
            {
                clock: this.clock,
                trace: this.trace,
                groupId: this.input.group,
                cluster: this.input.cluster,
                rng: this.rng,
                reply: (port: ClientPort, deliver: () => void) => engine.reply(port as ClassicClient, deliver),
                // Coalesced: refreshed once when the coordinator's event is over (see Clock.afterEvent).
                membershipChanged: () => engine.refreshSoon(false),
                groupChanged: () => engine.refreshSoon(true),
                stabilized: () => {
                    if (engine.workload.firstStableAt === null) engine.workload.firstStableAt = engine.clock.now;
                }
            },
            brokerNode(this.brokerId)
        );
    }

    private newGroupCoordinator(classic: ClassicCoordinator): GroupCoordinator {
        const engine = this;
        return new GroupCoordinator(
            {
                clock: this.clock,
                trace: this.trace,
                cp: this.cp,
                groupId: this.input.group,
                cluster: this.input.cluster,
                rng: this.rng,
                partitionCount: (topic) => engine.workload.topics.get(topic)?.partitions.length,
                reply: (port, deliver) => engine.reply(port as ConsumerClient, deliver),
                membershipChanged: () => engine.refreshAll(),
                groupChanged: () => {
                    engine.refreshCommits();
                    engine.refreshAll();
                },
                stabilized: () => {
                    if (engine.workload.firstStableAt === null) engine.workload.firstStableAt = engine.clock.now;
                }
            },
            classic
        );
    }

    // ---- network ------------------------------------------------------------------------------

    isCut(name: string): boolean {
        const rt = this.members.get(name);
        return rt !== undefined && rt.cutUntil > this.clock.now;
    }

    private lost(name: string, api: string, direction: 'to-coordinator' | 'to-member'): void {
        this.trace.breakHeartbeatRun(name);
        this.trace.event({ at: this.clock.now, kind: direction === 'to-coordinator' ? 'request' : 'response', name: api, member: name, direction, detail: 'lost: network partition' });
    }

    private toCoordinator<C>(client: { readonly name: string; readonly cutUntil: number }, target: C, api: string, handle: (c: C) => void): void {
        if (client.cutUntil > this.clock.now) return this.lost(client.name, api, 'to-coordinator');
        this.clock.after(
            this.input.cluster.networkLatencyMs,
            () => {
                if (client.cutUntil > this.clock.now) return this.lost(client.name, api, 'to-coordinator');
                handle(target);
            },
            Priority.Normal,
            api === 'Heartbeat'
        );
    }

    private reply(client: { readonly name: string; readonly alive: boolean; readonly cutUntil: number }, deliver: () => void): void {
        this.clock.after(this.input.cluster.networkLatencyMs, () => {
            if (!client.alive) return;
            if (client.cutUntil > this.clock.now) return this.lost(client.name, 'response', 'to-member');
            deliver();
        });
    }

    private assign(name: string, input: AssignmentInput): AssignmentResult {
        return runAssignor(name as AssignorName, input);
    }

    // ---- members -----------------------------------------------------------------------------

    private traceConfig(c: MemberConfig): TraceMemberConfig {
        return {
            from: this.clock.now,
            groupProtocol: c.groupProtocol,
            groupInstanceId: c.groupInstanceId,
            ...(c.groupProtocol === 'consumer'
                ? // KIP-848: the broker's timings apply, and the broker assigns (kafka-semantics §4.1).
                  {
                      assignors: [],
                      remoteAssignor: c.groupRemoteAssignor ?? this.input.cluster.consumerGroup.assignors[0] ?? 'uniform',
                      rebalanceProtocol: 'COOPERATIVE' as const,
                      sessionTimeoutMs: this.group.consumer.timings.sessionTimeoutMs,
                      heartbeatIntervalMs: this.group.consumer.timings.heartbeatIntervalMs
                  }
                : { assignors: [...c.assignors], rebalanceProtocol: rebalanceProtocolOf(c.assignors), sessionTimeoutMs: c.sessionTimeoutMs, heartbeatIntervalMs: c.heartbeatIntervalMs }),
            maxPollIntervalMs: c.maxPollIntervalMs,
            maxPollRecords: c.maxPollRecords,
            processTimePerRecordMs: c.processTimePerRecordMs,
            enableAutoCommit: c.enableAutoCommit,
            autoCommitIntervalMs: c.autoCommitIntervalMs,
            rebalanceListener: c.rebalanceListener,
            revokeTimeMs: c.revokeTimeMs,
            subscription: [...c.subscription]
        };
    }

    private startMember(rt: MemberRuntime, config?: MemberConfig): void {
        if (rt.client?.alive || rt.status === 'running') return;
        if (config) rt.config = { ...config, subscription: config.subscription.length ? config.subscription : rt.config.subscription };
        for (const t of rt.config.subscription) this.subscribedTopics.add(t);
        rt.restarting = false;
        rt.error = null;
        this.trace.addMemberConfig(rt.name, this.traceConfig(rt.config));
        if (rt.config.groupProtocol === 'consumer') return this.startConsumerMember(rt);
        if (rt.config.heartbeatIntervalMs >= rt.config.sessionTimeoutMs) {
            rt.status = 'failed';
            rt.client = null;
            this.memberFailed(rt, 'IllegalArgumentException', 'Heartbeat must be set lower than the session timeout');
            return;
        }
        const engine = this;
        const client = new ClassicClient(
            {
                clock: this.clock,
                trace: this.trace,
                workload: this.workload,
                cluster: this.input.cluster,
                groupId: this.input.group,
                settleRoundTripsAtOnce: this.options.settleRoundTripsAtOnce ?? true,
                currentCoordinator: () => engine.coordinator,
                toCoordinator: (c, target, api, handle) => engine.toCoordinator(c, target, api, handle),
                reply: (c, deliver) => engine.reply(c, deliver),
                isCut: (name) => engine.isCut(name),
                assign: (name, input) => engine.assign(name, input),
                changed: (c) => engine.refreshClient(c),
                fatal: (c, error, message) => {
                    const r = engine.members.get(c.name);
                    if (r && r.client === c) {
                        r.status = 'failed';
                        r.error = { at: engine.clock.now, error, message };
                    }
                },
                assigned: (c, tp, generation) => engine.countMove(c.name, tp, generation),
                rebalanceOf: (generation) => engine.group.rebalanceOf(generation)
            },
            rt.name,
            rt.config
        );
        rt.client = client;
        rt.status = 'running';
        client.cutUntil = rt.cutUntil;
        client.start();
        if (rt.slowUntil > this.clock.now) {
            // A restart during a `slow` window keeps the slow settings until it ends.
        }
        this.refreshClient(client);
    }

    /** A member with `group.protocol = consumer`: the KIP-848 client. */
    private startConsumerMember(rt: MemberRuntime): void {
        const engine = this;
        const client = new ConsumerClient(
            {
                clock: this.clock,
                trace: this.trace,
                cp: this.cp,
                workload: this.workload,
                cluster: this.input.cluster,
                groupId: this.input.group,
                rng: this.rng,
                currentCoordinator: () => engine.group,
                toCoordinator: (c, target, api, handle) => engine.toCoordinator(c, target, api, handle),
                changed: (c) => engine.refreshClient(c),
                fatal: (c, error, message) => {
                    const r = engine.members.get(c.name);
                    if (r && r.client === c) {
                        r.status = 'failed';
                        r.error = { at: engine.clock.now, error, message };
                    }
                },
                assigned: (c, tp, epoch) => engine.countMove(c.name, tp, epoch)
            },
            rt.name,
            rt.config
        );
        rt.client = client;
        rt.status = 'running';
        client.cutUntil = rt.cutUntil;
        client.start();
        this.refreshClient(client);
    }

    private memberFailed(rt: MemberRuntime, error: string, message: string): void {
        rt.error = { at: this.clock.now, error, message };
        this.trace.event({ at: this.clock.now, kind: 'error', name: error, member: rt.name, error, detail: message, log: { side: 'client', level: 'ERROR', text: message } });
        this.setActivity(rt, 'failed');
    }

    private countMove(name: string, tp: TopicPartition, generation: number): void {
        const part = this.workload.partition(tp.topic, tp.partition);
        const previous = part ? part.lastOwner : this.lastOwner.get(`${tp.topic}[${tp.partition}]`);
        if (previous !== undefined && previous !== name) {
            this.movedPartitions++;
            const reb = this.group.rebalanceOf(generation);
            if (reb) reb.moved++;
        }
        if (part) part.lastOwner = name;
        else this.lastOwner.set(`${tp.topic}[${tp.partition}]`, name);
    }

    /** Ownership validity, zombie condition and activity of one client's member. */
    refreshClient(client: ClassicClient | ConsumerClient): void {
        const rt = this.members.get(client.name);
        if (!rt || rt.client !== client) {
            // An old incarnation: only its holdings' validity matters (it has none once gone).
            for (const h of client.holdings()) this.workload.setValid(h, false);
            return;
        }
        this.refreshMember(rt);
    }

    private refreshMember(rt: MemberRuntime): void {
        const now = this.clock.now;
        const client = rt.client;
        if (!client) {
            this.setActivity(rt, this.activityWithoutClient(rt));
            this.setZombie(rt, false);
            return;
        }
        const usable = client.usable;
        // A static member that reset itself (poll timeout) is still registered under its old member id.
        const id = client.memberId !== '' ? client.memberId : client.config.groupInstanceId !== null ? client.lastMemberId : '';
        const inGroup = usable && id !== '' && this.group.isCurrentMember(id);
        const running = usable && !client.frozen && !client.resuming;
        const holdings = client.holdings();
        for (const h of holdings) this.workload.setValid(h, inGroup && running);
        const zombie = usable && client.held.size > 0 && !inGroup;
        if (zombie) {
            // Its partitions' next owners re-process what it did not commit: attribute that to why it left.
            const cause = this.group.removedBecause(id) ?? this.group.removedBecause(client.lastMemberId) ?? client.resetCause ?? 'session-expiry';
            for (const h of holdings) {
                if (h.source !== 'zombie') {
                    h.source = 'zombie';
                    h.since = now;
                    h.incident = null;
                    h.part.lastRelease = cause;
                }
            }
        }
        this.setZombie(rt, zombie);
        let kind: ActivityKind | null;
        if (!client.alive) kind = this.activityWithoutClient(rt);
        else if (client.failed !== null) kind = 'failed';
        else if (client.frozen || client.resuming) kind = 'frozen';
        else if (client.inCallback && client.revoking) kind = 'revoking';
        else if (!client.inCallback && anyFetching(holdings)) kind = 'processing';
        else if (client.inRebalance || client.inCallback || client.held.size > 0 || this.groupUnsettledFor(id)) kind = 'paused-rebalance';
        else kind = 'idle';
        this.setActivity(rt, kind);
    }

    private setActivity(rt: MemberRuntime, kind: ActivityKind | null): void {
        if (rt.activity === kind) return; // TraceBuilder.setActivity would change nothing
        rt.activity = kind;
        this.trace.setActivity(this.clock.now, rt.name, kind);
    }

    private setZombie(rt: MemberRuntime, zombie: boolean): void {
        if (rt.zombie === zombie) return; // setCondition would change nothing
        rt.zombie = zombie;
        this.trace.setCondition(this.clock.now, rt.name, 'zombie', zombie);
    }

    /** Whether a member with nothing to fetch waits on the group: a classic group not Stable, or its own KIP-848 reconciliation. */
    private groupUnsettledFor(memberId: string): boolean {
        return this.group.type === 'consumer' ? this.group.isConverging(memberId) : this.group.state !== 'Stable';
    }

    private activityWithoutClient(rt: MemberRuntime): ActivityKind | null {
        switch (rt.status) {
            case 'not-started':
                return null;
            case 'failed':
                return 'failed';
            case 'stopped':
                return rt.restarting ? 'down' : 'stopped';
            default:
                return 'down';
        }
    }

    private pendingCommitRefresh = false;

    private refreshSoon(commits: boolean): void {
        if (commits) this.pendingCommitRefresh = true;
        this.clock.afterEvent = this.flushRefresh;
    }

    private readonly flushRefresh = (): void => {
        this.clock.afterEvent = null;
        const commits = this.pendingCommitRefresh;
        this.pendingCommitRefresh = false;
        if (commits) this.refreshCommits();
        this.refreshAll();
    };

    private refreshAll(): void {
        for (const rt of this.members.values()) this.refreshMember(rt);
    }

    private refreshCommits(): void {
        for (const rt of this.members.values()) if (rt.client && rt.client.alive && !rt.config.enableAutoCommit) rt.client.batchCommitCheck();
    }

    // ---- the timeline ---------------------------------------------------------------------------

    private describe(ev: ScenarioEvent): string {
        const list = 'members' in ev ? ev.members.join(', ') : '';
        switch (ev.kind) {
            case 'start':
            case 'stop':
            case 'crash':
                return `${ev.kind} ${list}`;
            case 'restart':
                return `restart ${list} down ${formatDuration(ev.downMs)}`;
            case 'rolling-restart':
                return `rolling-restart ${list} every ${formatDuration(ev.everyMs)} down ${formatDuration(ev.downMs)}`;
            case 'gc-pause':
            case 'network-partition':
                return `${ev.kind} ${list} ${formatDuration(ev.durationMs)}`;
            case 'slow':
                return `slow ${list} for ${formatDuration(ev.durationMs)}`;
            case 'subscribe':
                return `subscribe ${list} ${ev.topics.join(', ')}`;
            case 'add-partitions':
                return `add-partitions ${ev.topic} ${ev.count}`;
            case 'produce':
                return `produce ${ev.topic} ${ev.perSecond}/s`;
            case 'coordinator-failover':
                return 'coordinator-failover';
        }
    }

    private apply(ev: ScenarioEvent): void {
        const now = this.clock.now;
        const members = 'members' in ev ? ev.members : [];
        this.trace.scenarioEvent({ at: now, kind: ev.kind, line: ev.line, members: [...members], text: this.describe(ev) });
        const runtimes = members.map((m) => this.members.get(m)).filter((r): r is MemberRuntime => r !== undefined);
        switch (ev.kind) {
            case 'start':
                for (const rt of runtimes) this.startMember(rt, ev.configAfter?.[rt.name]);
                return;
            case 'stop':
                for (const rt of runtimes) this.stopMember(rt, false);
                return;
            case 'crash':
                for (const rt of runtimes) this.crashMember(rt);
                return;
            case 'restart':
                for (const rt of runtimes) this.restartMember(rt, ev.downMs, ev.configAfter?.[rt.name]);
                return;
            case 'rolling-restart':
                runtimes.forEach((rt, k) => {
                    this.clock.schedule(now + k * ev.everyMs, () => this.restartMember(rt, ev.downMs, ev.configAfter?.[rt.name]), Priority.Normal, false);
                });
                return;
            case 'gc-pause':
                for (const rt of runtimes) this.freezeMember(rt, ev.durationMs);
                return;
            case 'network-partition':
                for (const rt of runtimes) this.cutMember(rt, ev.durationMs);
                return;
            case 'slow':
                for (const rt of runtimes) this.slowMember(rt, ev.configDuring[rt.name], ev.durationMs);
                return;
            case 'subscribe':
                for (const rt of runtimes) {
                    rt.config = { ...rt.config, subscription: [...ev.topics] };
                    for (const t of ev.topics) this.subscribedTopics.add(t);
                    rt.client?.subscribe(ev.topics);
                }
                return;
            case 'add-partitions': {
                this.workload.addPartitions(ev.topic, ev.count);
                this.group.topicChanged(ev.topic);
                const hist = this.topicHistory.get(ev.topic);
                const topic = this.workload.topics.get(ev.topic);
                if (hist && topic) hist.partitions.push({ at: now, count: topic.partitions.length });
                return;
            }
            case 'produce': {
                this.workload.setProduceRate(ev.topic, ev.perSecond);
                this.topicHistory.get(ev.topic)?.produce.push({ at: now, perSecond: ev.perSecond });
                return;
            }
            case 'coordinator-failover':
                this.failover();
                return;
        }
    }

    private stopMember(rt: MemberRuntime, restarting: boolean, then?: () => void): void {
        const client = rt.client;
        if (!client || !client.alive) {
            if (rt.status === 'failed' && client) {
                client.crash();
            }
            if (rt.status !== 'not-started') {
                rt.status = 'stopped';
                rt.restarting = restarting;
            }
            this.refreshMember(rt);
            then?.();
            return;
        }
        rt.restarting = restarting;
        client.close(() => {
            if (rt.client === client) {
                rt.status = 'stopped';
                this.refreshMember(rt);
            }
            then?.();
        });
        this.refreshMember(rt);
    }

    private crashMember(rt: MemberRuntime): void {
        if (!rt.client || !rt.client.alive) return;
        rt.client.crash();
        rt.status = 'down';
        this.refreshMember(rt);
    }

    private restartMember(rt: MemberRuntime, downMs: number, config?: MemberConfig): void {
        if (rt.status === 'not-started') {
            this.clock.after(downMs, () => this.startMember(rt, config), Priority.Normal, false);
            return;
        }
        this.stopMember(rt, true, () => {
            this.clock.after(
                downMs,
                () => {
                    if (rt.status === 'running') return;
                    this.startMember(rt, config);
                },
                Priority.Normal,
                false
            );
        });
    }

    private freezeMember(rt: MemberRuntime, durationMs: number): void {
        const client = rt.client;
        if (!client || !client.usable || client.frozen) return;
        client.freeze();
        rt.frozenUntil = this.clock.now + durationMs;
        this.refreshMember(rt);
        this.clock.after(
            durationMs,
            () => {
                client.thaw();
                this.refreshClient(client);
            },
            Priority.Normal,
            false
        );
    }

    private cutMember(rt: MemberRuntime, durationMs: number): void {
        const until = this.clock.now + durationMs;
        rt.cutUntil = Math.max(rt.cutUntil, until);
        if (rt.client) rt.client.cutUntil = rt.cutUntil;
        this.trace.setCondition(this.clock.now, rt.name, 'cut-off', true);
        this.refreshCommits();
        this.clock.schedule(
            until,
            () => {
                if (rt.cutUntil > this.clock.now) return;
                this.trace.setCondition(this.clock.now, rt.name, 'cut-off', false);
                rt.client?.healed();
                this.refreshCommits();
            },
            Priority.Normal,
            false
        );
    }

    private slowMember(rt: MemberRuntime, during: MemberConfig | undefined, durationMs: number): void {
        if (!during) return;
        rt.slowUntil = this.clock.now + durationMs;
        this.trace.setCondition(this.clock.now, rt.name, 'slow', true);
        rt.client?.setProcessing(during.processTimePerRecordMs, during.maxPollRecords);
        this.clock.after(durationMs, () => {
            // A processing change only: it cannot change the coordinator's answers.
            this.trace.setCondition(this.clock.now, rt.name, 'slow', false);
            rt.slowUntil = -1;
            const c = rt.client;
            if (c && c.alive) c.setProcessing(rt.config.processTimePerRecordMs, rt.config.maxPollRecords);
        });
    }

    /** The group's coordinator moves: the old one unloads, a new one loads the last record (kafka-semantics §1.2 Dead). */
    private failover(): void {
        const old = this.coordinator;
        const oldGroup = this.group;
        this.trace.event({ at: this.clock.now, kind: 'state', name: 'CoordinatorFailover', detail: `coordinator moves from ${old.node}` });
        oldGroup.unload();
        old.unload();
        this.brokerId++;
        this.coordinator = this.newCoordinator();
        this.group = this.newGroupCoordinator(this.coordinator);
        this.group.load(oldGroup.persisted(), old.persisted);
        this.refreshAll();
        this.refreshCommits();
    }

    // ---- running --------------------------------------------------------------------------------

    run(signal?: AbortSignal): SimulationResult {
        const input = this.input;
        const duration = input.durationMs;
        for (const ev of input.events) {
            if (ev.at > duration) continue;
            this.clock.schedule(ev.at, () => this.apply(ev), Priority.Normal, false);
        }
        const step = lagStep(duration, [...this.workload.topics.values()].reduce((n, t) => n + t.partitions.length, 0));
        const points = Math.floor(duration / step) + 1;
        const topics = [...this.workload.topics.values()];
        const series = topics.map((t) => ({ topic: t.name, stepMs: step, lag: [] as number[], lagMax: [] as number[], committedLag: [] as number[] }));
        for (let i = 0; i < points; i++) {
            const at = i * step;
            this.clock.schedule(
                at,
                () => {
                    topics.forEach((t, k) => {
                        const v = t.lagAt(at);
                        this.workload.observe(t, at);
                        const s = series[k];
                        if (i > 0) s.lagMax.push(round(Math.max(t.bucketMax, v), 2));
                        t.bucketMax = v;
                        s.lag.push(round(v, 2));
                        s.committedLag.push(round(t.committedLagAt(at), 2));
                    });
                },
                Priority.Normal
            );
        }
        const probes: Trace['probes'] = [];
        const probeTimes = [...new Set(input.expectations.filter((e) => e.at !== undefined && e.at <= duration).map((e) => e.at!))].sort((a, b) => a - b);
        for (const at of probeTimes) {
            this.clock.schedule(
                at,
                () => {
                    const lag: Record<string, number> = {};
                    for (const t of topics) {
                        for (const p of t.partitions) this.workload.settle(p, at);
                        let sum = 0;
                        for (const p of t.partitions) sum += p.logEnd - p.frontier;
                        lag[t.name] = round(sum, 3);
                    }
                    probes.push({ at, state: this.group.state, generation: this.group.generation, members: this.group.memberCount, lag });
                },
                Priority.Last
            );
        }
        const finished = this.clock.runUntil(duration, signal ? () => signal.aborted : undefined);
        if (!finished || signal?.aborted) throw new AbortError('simulation cancelled');
        return this.finish(series, probes);
    }

    private finish(series: Trace['lag'], probes: Trace['probes']): SimulationResult {
        const end = this.input.durationMs;
        const topics = [...this.workload.topics.values()];
        this.workload.settleAll(end);
        topics.forEach((t, k) => {
            this.workload.observe(t, end);
            const s = series[k];
            if (s.lag.length > 0) s.lagMax.push(round(Math.max(t.bucketMax, t.lagAt(end)), 2));
        });
        this.trace.closeAll(end);
        const pauses = this.trace.pauses();
        const unownedMs: Record<string, number[]> = {};
        let maxUnowned: TraceSummary['maxUnowned'] = null;
        for (const t of topics) {
            unownedMs[t.name] = t.partitions.map((p) => {
                const ms = round(this.workload.unownedMs(p, end));
                if (this.subscribedTopics.has(t.name) && (maxUnowned === null || ms > maxUnowned.ms)) maxUnowned = { ms, topic: t.name, partition: p.index };
                return ms;
            });
        }
        const duplicatesBySource: TraceSummary['duplicatesBySource'] = {};
        for (const d of this.trace.duplicates) duplicatesBySource[d.source] = round((duplicatesBySource[d.source] ?? 0) + d.records);
        const errors: Record<string, MemberError | null> = {};
        for (const rt of this.members.values()) errors[rt.name] = rt.error;
        const rebalances = this.trace.rebalances;
        const maxLag: Record<string, number> = {};
        for (const t of topics) maxLag[t.name] = round(t.maxLag, 2);
        const summary: TraceSummary = {
            rebalances: rebalances.length,
            rebalanceTimes: rebalances.map((r) => r.bumpedAt),
            completedRebalances: rebalances.filter((r) => r.stableAt !== null).length,
            rebalanceDurations: rebalances.map((r) => ({ generation: r.generation, ms: r.stableAt === null ? null : r.stableAt - r.preparedAt })),
            pauses,
            totalPause: round(Object.values(pauses).reduce((a, p) => a + p.total, 0)),
            maxLag,
            produced: round(this.workload.produced, 2),
            processed: round(this.workload.processedTotal - this.workload.duplicates, 2),
            skipped: round(this.workload.skipped, 2),
            duplicates: round(this.workload.duplicates, 2),
            duplicatesBySource,
            movedPartitions: this.movedPartitions,
            maxUnowned,
            unownedMs,
            errors,
            finalState: this.group.state,
            finalGeneration: this.group.generation,
            eventsProcessed: this.clock.processed
        };
        const history = this.topicHistory;
        const trace: Trace = {
            traceVersion: TRACE_VERSION,
            engine: { name: 'rebal', version: ENGINE_VERSION, hashOrder: 'java-hashmap', notes: this.trace.notes },
            scenario: this.input.scenario,
            group: this.input.group,
            seed: this.input.seed,
            durationMs: end,
            cluster: {
                initialRebalanceDelayMs: this.input.cluster.initialRebalanceDelayMs,
                minSessionTimeoutMs: this.input.cluster.minSessionTimeoutMs,
                maxSessionTimeoutMs: this.input.cluster.maxSessionTimeoutMs,
                groupMaxSize: this.input.cluster.groupMaxSize,
                networkLatencyMs: this.input.cluster.networkLatencyMs,
                assignorTimeMs: this.input.cluster.assignorTimeMs
            },
            topics: this.input.topics.map((t) => ({
                name: t.name,
                partitions: history.get(t.name)!.partitions,
                produce: history.get(t.name)!.produce,
                keySkew: t.keySkew.kind === 'zipf' ? `zipf(${t.keySkew.exponent})` : 'uniform',
                subscribed: this.subscribedTopics.has(t.name)
            })),
            members: [...this.trace.members.values()],
            groupStates: this.trace.groupStates,
            rebalances: rebalances.map((r) => ({ ...r })),
            memberIds: this.trace.memberIds,
            ownership: this.trace.ownership,
            activity: this.trace.activity,
            conditions: this.trace.conditions,
            events: this.trace.events,
            // Runs open in time order; runs that open at the same instant go by member name, so the
            // order does not depend on how that instant's round trips were interleaved.
            heartbeats: [...this.trace.heartbeats].sort((x, y) => x.from - y.from || (x.member < y.member ? -1 : x.member > y.member ? 1 : 0)),
            commitRuns: this.trace.commitRuns,
            commits: this.trace.commits,
            lag: series,
            probes,
            duplicates: this.trace.duplicates,
            scenarioEvents: this.trace.scenarioEvents,
            expectations: [],
            summary
        };
        const consumerProtocol = this.cp.build(end);
        if (consumerProtocol) (trace as { consumerProtocol?: typeof consumerProtocol }).consumerProtocol = consumerProtocol;
        const expectations = evaluateExpectations(trace, this.input.expectations);
        (trace as { expectations: typeof expectations }).expectations = expectations;
        return { trace, expectations };
    }
}
