/**
 * The consumer-group side of the group coordinator (kafka-semantics.md §4.3-4.9, Kafka's
 * GroupMetadataManager for consumer groups): ConsumerGroupHeartbeat (join, heartbeat, leave,
 * static members), group epoch bumps, the target assignment computed lazily on the next
 * heartbeat after a bump, each member's reconciliation, the session and rebalance timers, and
 * fencing. Classic-protocol members inside a consumer group (classic-members.ts) and the
 * conversions (migration.ts) build on the primitives here.
 *
 * It talks to clients only through `env.reply` and reports what it does to the trace.
 */
import { assign, AssignorError } from '../../assignors/index.js';
import { javaStringHashMapOrder } from '../../assignors/java-hash.js';
import type { AssignorName, TopicPartition } from '../../assignors/types.js';
import type { ClusterConfig } from '../../model/simulation-input.js';
import { Priority, type Clock, type ScheduledEvent } from '../clock.js';
import type { SeededRandom } from '../random.js';
import type { MutableRebalance, TraceBuilder } from '../trace-builder.js';
import { toPartitionSet } from '../trace-builder.js';
import type { DuplicateSource, PartitionSet, TraceEvent, TraceGenerationMember, TraceLogLine } from '../trace.js';
import type { ConsumerProtocolTraceBuilder } from './cp-trace.js';
import { ConsumerGroup, newMember, sameSubscription, type GroupMember } from './group.js';
import { NO_PARTS, partsOf, sameParts, sortedList, type Parts } from './partitions.js';
import {
    CP_LOG,
    LEAVE_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH,
    type ConsumerGroupError,
    type ConsumerGroupHeartbeatRequest,
    type ConsumerGroupHeartbeatResponse
} from './protocol.js';
import { isReconciledTo, reconcile } from './reconcile.js';

/** A regular heartbeat answered with nothing new: the trace keeps it in a run, not as events. */
export function isRoutineHeartbeat(req: ConsumerGroupHeartbeatRequest, resp: ConsumerGroupHeartbeatResponse): boolean {
    return req.purpose === 'heartbeat' && !req.full && resp.error === 'NONE' && resp.assignment === null && resp.memberEpoch === req.memberEpoch;
}

/** Where ConsumerGroupHeartbeat responses go: one client incarnation. */
export interface ConsumerPort {
    readonly name: string;
    onConsumerHeartbeatResponse(resp: ConsumerGroupHeartbeatResponse): void;
}

export interface ConsumerCoordinatorEnv {
    readonly clock: Clock;
    readonly trace: TraceBuilder;
    readonly cp: ConsumerProtocolTraceBuilder;
    readonly groupId: string;
    readonly cluster: ClusterConfig;
    readonly rng: SeededRandom;
    /** The broker's partition count of a topic now (its metadata image), undefined if it does not exist. */
    partitionCount(topic: string): number | undefined;
    /** Deliver a response after the network latency (lost if the client is cut off or gone). */
    reply(port: { readonly name: string }, deliver: () => void): void;
    /** Someone was added, removed or replaced. */
    membershipChanged(): void;
    /** Something a commit's validity or a member's activity depends on changed. */
    groupChanged(): void;
    /** The group reached Stable. */
    stabilized(): void;
}

/** A coordinator-side failure, answered with its error code (Kafka throws ApiExceptions). */
export class GroupError extends Error {
    constructor(readonly code: ConsumerGroupError | 'ILLEGAL_GENERATION' | 'INCONSISTENT_GROUP_PROTOCOL' | 'REBALANCE_IN_PROGRESS' | 'STALE_MEMBER_EPOCH', message: string) {
        super(message);
    }
}

/** The broker's effective KIP-848 timings: the group configs within the broker's bounds (GCC:328-342, GCfg). */
export interface ConsumerGroupTimings {
    readonly heartbeatIntervalMs: number;
    readonly sessionTimeoutMs: number;
    /** Why a configured value was not used, for the trace's notes. */
    readonly notes: readonly string[];
}

export function consumerGroupTimings(cluster: ClusterConfig): ConsumerGroupTimings {
    const c = cluster.consumerGroup;
    const notes: string[] = [];
    const within = (key: string, v: number, min: number, max: number, fallback: number) => {
        if (v >= min && v <= max) return v;
        notes.push(`${key} = ${v} ms is outside the broker's bounds [${min}, ${max}] ms: Kafka refuses this configuration; the simulation uses ${fallback} ms.`);
        return fallback;
    };
    const clampDefault = (v: number, min: number, max: number) => Math.min(Math.max(v, min), max);
    let session = within('the consumer group session timeout', c.sessionTimeoutMs, c.minSessionTimeoutMs, c.maxSessionTimeoutMs, clampDefault(45_000, c.minSessionTimeoutMs, c.maxSessionTimeoutMs));
    let heartbeat = within('the consumer group heartbeat interval', c.heartbeatIntervalMs, c.minHeartbeatIntervalMs, c.maxHeartbeatIntervalMs, clampDefault(5000, c.minHeartbeatIntervalMs, c.maxHeartbeatIntervalMs));
    if (heartbeat >= session) {
        notes.push(`the consumer group heartbeat interval (${heartbeat} ms) must be less than its session timeout (${session} ms): Kafka refuses this configuration; the simulation uses ${Math.floor(session / 3)} ms.`);
        heartbeat = Math.max(1, Math.floor(session / 3));
    }
    return { heartbeatIntervalMs: heartbeat, sessionTimeoutMs: session, notes };
}

interface MemberTimers {
    session: ScheduledEvent | null;
    rebalance: ScheduledEvent | null;
    join: ScheduledEvent | null;
    sync: ScheduledEvent | null;
}

/** Kafka's server-side assignor names → the assignors module's names. */
function assignorFor(name: string): AssignorName {
    return name === 'range' ? 'server-range' : 'uniform';
}

/** A member's update on a heartbeat or a classic JoinGroup, before its reconciliation. */
export interface MemberUpdate {
    readonly previous: GroupMember;
    readonly updated: GroupMember;
    /** The member being replaced (a static member rejoining under a new member id). */
    readonly replaces: GroupMember | null;
    readonly isNew: boolean;
}

export class ConsumerGroupCoordinator {
    group = new ConsumerGroup();
    readonly timings: ConsumerGroupTimings;
    /** Unloaded (the coordinator moved): every request gets NOT_COORDINATOR. */
    dead = false;
    /** Why a member id left the group (attributes the re-processing its partitions cause). */
    readonly removedBecause = new Map<string, DuplicateSource>();
    private readonly timers = new Map<string, MemberTimers>();
    /** The coordinator is busy (computing an assignment) until then; requests wait. */
    private busyUntil = 0;
    /** The last epoch bump's rebalance record. */
    private currentRebalance: MutableRebalance | null = null;
    /** The assignor of the last target assignment. */
    assignorName: string | null = null;

    constructor(
        readonly env: ConsumerCoordinatorEnv,
        readonly node: string
    ) {
        this.timings = consumerGroupTimings(env.cluster);
    }

    // ---- helpers ------------------------------------------------------------------------------

    get now(): number {
        return this.env.clock.now;
    }

    log(text: string, level: TraceLogLine['level'] = 'INFO'): TraceLogLine {
        return { side: 'broker', level, text };
    }

    event(ev: Omit<TraceEvent, 'at'>): void {
        this.env.trace.event({ at: this.now, ...ev });
    }

    logEvent(name: string, text: string, member?: string, level: TraceLogLine['level'] = 'INFO'): void {
        this.event({ kind: 'log', name, member, log: this.log(text, level) });
    }

    /** Run now, or when the coordinator's single thread is free again (assignor.time). */
    whenFree(run: () => void): void {
        if (this.now < this.busyUntil) this.env.clock.schedule(this.busyUntil, run);
        else run();
    }

    nameOf(memberId: string): string {
        return this.group.members.get(memberId)?.name ?? memberId;
    }

    /** Whether the group is a consumer group now (set by the group coordinator): only then does it record its state. */
    active = false;

    /** Record the group's state and a reached Stable. */
    recordState(): void {
        if (!this.active && !this.dead) return;
        const g = this.group;
        const state = this.dead ? 'Dead' : g.state;
        this.env.trace.setGroupState(this.now, { state, generation: g.groupEpoch, protocolName: this.assignorName, leader: null, members: g.members.size });
        const r = this.currentRebalance;
        if (state === 'Stable' && r && r.stableAt === null && r.generation === g.groupEpoch) {
            r.stableAt = this.now;
            this.env.stabilized();
        }
    }

    private recordMember(name: string, m: GroupMember | null): void {
        this.env.cp.setServerMember(this.now, name, m);
    }

    /** Apply a member record to the group (a record replayed). */
    putMember(m: GroupMember): void {
        this.group.updateMember(m);
        this.recordMember(m.name, m);
    }

    /** Remove a member (tombstones) and cancel its timers. */
    dropMember(memberId: string, cause: DuplicateSource): GroupMember | undefined {
        const old = this.group.removeMember(memberId);
        this.cancelTimers(memberId);
        if (old) {
            this.removedBecause.set(memberId, cause);
            // A replaced static member's name now belongs to its successor: only clear the span if nobody took it.
            if (![...this.group.members.values()].some((m) => m.name === old.name)) this.recordMember(old.name, null);
        }
        return old;
    }

    // ---- timers -------------------------------------------------------------------------------

    private timersOf(memberId: string): MemberTimers {
        let t = this.timers.get(memberId);
        if (!t) this.timers.set(memberId, (t = { session: null, rebalance: null, join: null, sync: null }));
        return t;
    }

    private arm(memberId: string, kind: keyof MemberTimers, delay: number, fire: () => void, ifAbsent = false): void {
        const t = this.timersOf(memberId);
        const cur = t[kind];
        if (ifAbsent && cur && !cur.cancelled) return;
        this.env.clock.cancel(cur);
        t[kind] = this.env.clock.after(
            delay,
            () => {
                t[kind] = null;
                if (this.dead) return;
                this.whenFree(fire);
            },
            Priority.CoordinatorTimer
        );
    }

    cancelTimer(memberId: string, kind: keyof MemberTimers): void {
        const t = this.timers.get(memberId);
        if (!t) return;
        this.env.clock.cancel(t[kind]);
        t[kind] = null;
    }

    cancelTimers(memberId: string): void {
        for (const kind of ['session', 'rebalance', 'join', 'sync'] as const) this.cancelTimer(memberId, kind);
        this.timers.delete(memberId);
    }

    cancelAllTimers(): void {
        for (const id of [...this.timers.keys()]) this.cancelTimers(id);
    }

    /** Session timeout: a member's own classic session timeout, or the group's. */
    scheduleSession(memberId: string, timeoutMs = this.sessionTimeoutOf(memberId)): void {
        this.arm(memberId, 'session', timeoutMs, () => this.fenceOperation(memberId, CP_LOG.sessionExpired(), 'session-expiry', 'SessionTimeout'));
    }

    private sessionTimeoutOf(memberId: string): number {
        return this.group.members.get(memberId)?.classic?.sessionTimeoutMs ?? this.timings.sessionTimeoutMs;
    }

    private scheduleRebalanceTimeout(memberId: string, epoch: number, timeoutMs: number): void {
        this.arm(memberId, 'rebalance', timeoutMs, () => {
            const m = this.group.members.get(memberId);
            if (!m || m.memberEpoch !== epoch) return; // it moved on: nothing to do
            this.event({ kind: 'timer', name: 'RebalanceTimeout', member: m.name, memberId, generation: epoch, log: this.log(CP_LOG.fenced(this.env.groupId, memberId, CP_LOG.rebalanceTimeout(epoch, timeoutMs))) });
            this.fence(m, 'poll-timeout');
        });
    }

    scheduleJoinTimeoutIfAbsent(memberId: string, timeoutMs: number): void {
        this.arm(memberId, 'join', timeoutMs, () => this.fenceOperation(memberId, CP_LOG.classicJoinTimeout(), 'poll-timeout', 'JoinTimeout'), true);
    }

    scheduleSyncTimeout(memberId: string, timeoutMs: number): void {
        this.arm(memberId, 'sync', timeoutMs, () => this.fenceOperation(memberId, CP_LOG.classicSyncTimeout(), 'session-expiry', 'SyncTimeout'));
    }

    /** consumerGroupFenceMemberOperation: a timer fences a member that still exists. */
    private fenceOperation(memberId: string, reason: string, cause: DuplicateSource, timer: string): void {
        const m = this.group.members.get(memberId);
        if (!m) return;
        this.event({ kind: 'timer', name: timer, member: m.name, memberId, generation: m.memberEpoch, log: this.log(CP_LOG.fenced(this.env.groupId, memberId, reason)) });
        this.fence(m, cause);
    }

    // ---- epochs and the target assignment -------------------------------------------------

    /** The subscription metadata the group would have with `members`: partition counts of the subscribed topics. */
    subscriptionMetadataFor(members: Iterable<GroupMember>): Map<string, number> {
        const names = new Set<string>();
        for (const m of members) for (const t of m.subscribedTopics) names.add(t);
        const meta = new Map<string, number>();
        for (const t of [...names].sort()) {
            const n = this.env.partitionCount(t);
            if (n !== undefined) meta.set(t, n);
        }
        return meta;
    }

    private static sameMetadata(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
        if (a.size !== b.size) return false;
        for (const [t, n] of a) if (b.get(t) !== n) return false;
        return true;
    }

    /** The broker's metadata changed for `topic`: the next heartbeat of any member refreshes (§4.4). */
    topicChanged(topic: string): void {
        if (this.group.subscribedTopicNames().has(topic)) this.group.metadataRefreshRequested = true;
    }

    /** Bump the group epoch (one KIP-848 rebalance, simulation-conventions §9). */
    bumpEpoch(reason: string, logIt: boolean, emptied = false): void {
        const g = this.group;
        g.groupEpoch++;
        if (logIt) this.logEvent('BumpedGroupEpoch', CP_LOG.bumped(this.env.groupId, g.groupEpoch));
        const r: MutableRebalance = {
            generation: g.groupEpoch,
            preparedAt: this.now,
            reason,
            bumpedAt: this.now,
            stableAt: null,
            bumpedTo: emptied ? 'Empty' : 'Assigning',
            protocolName: this.assignorName,
            leader: null,
            moved: 0,
            members: this.generationMembers(g.orderedMembers(), null)
        };
        this.env.trace.rebalances.push(r);
        this.currentRebalance = r;
    }

    private generationMembers(members: readonly GroupMember[], target: ReadonlyMap<string, Parts> | null): TraceGenerationMember[] {
        return members.map((m) => ({
            member: m.name,
            memberId: m.memberId,
            groupInstanceId: m.instanceId,
            protocols: m.classic ? m.classic.protocols.map((p) => p.name) : [m.serverAssignor ?? this.defaultAssignor()],
            vote: null,
            rebalanceProtocol: m.classic ? m.classic.rebalanceProtocol : 'COOPERATIVE',
            ...(target ? { assignment: toPartitionSet((target.get(m.memberId) ?? NO_PARTS).values()) } : {})
        }));
    }

    defaultAssignor(): string {
        return this.env.cluster.consumerGroup.assignors[0] ?? 'uniform';
    }

    /**
     * After a member update: maybe bump the epoch (subscription or metadata changed), then
     * compute the target if the epoch moved past it (GMM:1785-1856). Returns the member's target.
     */
    bumpAndAssign(u: MemberUpdate, reason: string, specOrder: readonly string[]): Parts {
        const g = this.group;
        let bump = !sameSubscription(u.previous, u.updated);
        if (bump || g.metadataRefreshRequested) {
            const members = [...g.members.values()].filter((m) => m.memberId !== u.updated.memberId && m.memberId !== u.replaces?.memberId);
            members.push(u.updated);
            const meta = this.subscriptionMetadataFor(members);
            if (!ConsumerGroupCoordinator.sameMetadata(meta, g.subscriptionMetadata)) {
                if (!bump) reason = `the partitions of ${[...meta.keys()].filter((t) => g.subscriptionMetadata.get(t) !== meta.get(t)).join(', ') || 'the subscribed topics'} changed`;
                bump = true;
                g.subscriptionMetadata = meta;
            }
            g.metadataRefreshRequested = false;
        }
        if (bump) this.bumpEpoch(reason, true);
        if (g.groupEpoch > g.assignmentEpoch) {
            this.computeTargetAssignment(u, specOrder);
            return g.target.get(u.updated.memberId) ?? NO_PARTS;
        }
        return g.targetOf(u.updated.memberId, u.updated.instanceId);
    }

    /** updateTargetAssignment (GMM:2559-2620): run the assignor for the whole group. */
    private computeTargetAssignment(u: MemberUpdate, specOrder: readonly string[]): void {
        const g = this.group;
        const byId = (id: string) => (id === u.updated.memberId ? u.updated : g.members.get(id));
        const members = specOrder.map(byId).filter((m): m is GroupMember => m !== undefined);
        const counts = new Map<string, number>();
        for (const m of members) if (m.serverAssignor !== null) counts.set(m.serverAssignor, (counts.get(m.serverAssignor) ?? 0) + 1);
        let assignor: string | null = null;
        let best = 0;
        for (const name of javaStringHashMapOrder(counts.keys())) {
            if (counts.get(name)! > best) {
                assignor = name;
                best = counts.get(name)!;
            }
        }
        const name = assignor ?? this.defaultAssignor();
        const topics: Record<string, number> = {};
        for (const [t, n] of g.subscriptionMetadata) topics[t] = n;
        const ownedOf = (m: GroupMember): TopicPartition[] => {
            // A static member replacing another takes over its target (TargetAssignmentBuilder.build).
            const own = g.target.get(m.memberId) ?? (u.replaces && m === u.updated ? g.target.get(u.replaces.memberId) : undefined) ?? NO_PARTS;
            return sortedList(own);
        };
        let result: ReturnType<typeof assign>;
        try {
            result = assign(assignorFor(name), {
                topics,
                members: members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.instanceId, rack: m.rackId, topics: m.subscribedTopics, owned: ownedOf(m), generation: null }))
            });
        } catch (e) {
            if (!(e instanceof AssignorError)) throw e;
            // PartitionAssignorException → UnknownServerException (GMM:2612-2617); the member's client treats it as fatal.
            const msg = `Failed to compute a new target assignment for epoch ${g.groupEpoch}: ${e.message}`;
            this.logEvent('TargetAssignmentFailed', `[GroupId ${this.env.groupId}] ${msg}.`, undefined, 'ERROR');
            throw new GroupError('UNKNOWN_SERVER_ERROR', msg);
        }
        const target = new Map<string, Parts>();
        for (const m of members) target.set(m.memberId, partsOf(result.assignment[m.memberId] ?? []));
        for (const [id, parts] of target) g.target.set(id, parts);
        g.assignmentEpoch = g.groupEpoch;
        this.assignorName = name;
        const ms = this.env.cluster.assignorTimeMs;
        if (ms > 0) this.busyUntil = Math.max(this.busyUntil, this.now + ms);
        this.logEvent('ComputedTargetAssignment', CP_LOG.computed(this.env.groupId, g.groupEpoch, name, ms));
        const named: Record<string, PartitionSet> = {};
        for (const m of members) named[m.name] = toPartitionSet(target.get(m.memberId)!.values());
        this.env.cp.targetAssignment(this.now, g.groupEpoch, name, named);
        const r = this.currentRebalance;
        if (r && r.generation === g.groupEpoch) {
            r.members = this.generationMembers(members, target);
            (r as { protocolName: string | null }).protocolName = name;
        }
    }

    /** maybeReconcile (GMM:2461-2510): the member's next state; arms or cancels its rebalance timeout. */
    reconcileMember(m: GroupMember, target: Parts, owned: Parts | null): GroupMember {
        const g = this.group;
        if (isReconciledTo(m, g.assignmentEpoch)) return m;
        const next = reconcile(m, { targetEpoch: g.assignmentEpoch, target, owned, isOwned: (k) => g.isOwned(k) });
        if (next === m) return m;
        const updated: GroupMember = { ...m, ...next };
        if (!updated.classic) {
            if (updated.state === 'UNREVOKED_PARTITIONS') this.scheduleRebalanceTimeout(updated.memberId, updated.memberEpoch, updated.rebalanceTimeoutMs);
            else this.cancelTimer(updated.memberId, 'rebalance');
        }
        return updated;
    }

    /** The order in which TargetAssignmentBuilder fills its member map: the group's members, then a newcomer. */
    specOrder(updatedId: string, replacedId: string | null): string[] {
        const ids = this.group.order.keys().filter((id) => id !== replacedId);
        if (!ids.includes(updatedId)) ids.push(updatedId);
        return ids;
    }

    // ---- ConsumerGroupHeartbeat ---------------------------------------------------------------

    /**
     * Answer a heartbeat. A routine one (a regular heartbeat that changes nothing) joins the
     * member's run-length-encoded run; the member traces every other request and response
     * itself (docs/trace-format.md, events).
     */
    private respond(port: ConsumerPort, req: ConsumerGroupHeartbeatRequest, resp: ConsumerGroupHeartbeatResponse, sentAt: number): void {
        if (isRoutineHeartbeat(req, resp)) this.env.trace.routineHeartbeat(req.memberName, req.memberId, sentAt, this.timings.heartbeatIntervalMs);
        else this.env.trace.breakHeartbeatRun(req.memberName);
        const delay = Math.max(0, this.busyUntil - this.now);
        const send = () => this.env.reply(port, () => port.onConsumerHeartbeatResponse(resp));
        if (delay > 0) this.env.clock.after(delay, send);
        else send();
    }

    errorResponse(req: ConsumerGroupHeartbeatRequest, code: ConsumerGroupError, message: string): ConsumerGroupHeartbeatResponse {
        return { error: code, errorMessage: message, memberId: req.memberId, memberEpoch: req.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
    }

    /** Answer a request that never reached the group (coordinator moved, protocol disabled, not a consumer group). */
    reject(port: ConsumerPort, req: ConsumerGroupHeartbeatRequest, code: ConsumerGroupError, message: string, sentAt: number): void {
        this.respond(port, req, this.errorResponse(req, code, message), sentAt);
    }

    /**
     * One ConsumerGroupHeartbeat against this consumer group (the group coordinator has already
     * routed it here: the group is a consumer group, or has just become one).
     */
    handleHeartbeat(port: ConsumerPort, req: ConsumerGroupHeartbeatRequest, sentAt: number): void {
        let resp: ConsumerGroupHeartbeatResponse;
        try {
            resp = req.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH ? this.leave(req) : this.heartbeat(req);
        } catch (e) {
            if (!(e instanceof GroupError)) throw e;
            resp = this.errorResponse(req, e.code as ConsumerGroupError, e.message);
        }
        this.recordState();
        this.env.groupChanged();
        this.respond(port, req, resp, sentAt);
    }

    /** throwIfConsumerGroupMemberEpochIsInvalid (GMM:1439-1457). */
    private checkEpoch(m: GroupMember, epoch: number, owned: Parts | null): void {
        // [post-snapshot] KAFKA-19233 (apache/kafka#21305, 2026): a fenced member may rejoin with epoch 0
        // under the member id it keeps (KIP-1082); before it, the rejoin was fenced again until the session expired.
        if (epoch === 0) return;
        if (epoch > m.memberEpoch) {
            throw new GroupError('FENCED_MEMBER_EPOCH', `The consumer group member has a greater member epoch (${epoch}) than the one known by the group coordinator (${m.memberEpoch}). The member must abandon all its partitions and rejoin.`);
        }
        if (epoch < m.memberEpoch) {
            // The previous epoch is accepted with a subset of the assignment: the response that bumped it may have been lost.
            const subset = owned !== null && [...owned.keys()].every((k) => m.assigned.has(k));
            if (epoch !== m.previousMemberEpoch || !subset) {
                throw new GroupError('FENCED_MEMBER_EPOCH', `The consumer group member has a smaller member epoch (${epoch}) than the one known by the group coordinator (${m.memberEpoch}). The member must abandon all its partitions and rejoin.`);
            }
        }
    }

    throwIfFull(memberId: string): void {
        const g = this.group;
        if (g.members.size >= this.env.cluster.consumerGroup.maxSize && (memberId === '' || !g.members.has(memberId))) {
            throw new GroupError('GROUP_MAX_SIZE_REACHED', `The consumer group has reached its maximum capacity of ${this.env.cluster.consumerGroup.maxSize} members.`);
        }
    }

    /**
     * getOrMaybeSubscribe{Dynamic,Static}ConsumerGroupMember: the member this request speaks
     * for, created or replacing a static predecessor when allowed.
     */
    resolveMember(
        memberId: string,
        name: string,
        clientId: string,
        instanceId: string | null,
        create: boolean,
        classic: boolean,
        checkEpoch: (m: GroupMember) => void
    ): { member: GroupMember; replaces: GroupMember | null; isNew: boolean } {
        const g = this.group;
        const protocol = classic ? 'classic' : 'consumer';
        if (instanceId === null) {
            const existing = g.members.get(memberId);
            if (!existing && !create) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${this.env.groupId}.`);
            const member = existing ?? newMember(memberId, name, clientId);
            if (!classic) checkEpoch(member);
            if (create) this.logEvent('MemberJoins', CP_LOG.joins(this.env.groupId, memberId, protocol), name);
            return { member, replaces: null, isNew: !existing };
        }
        const existing = g.staticMember(instanceId);
        if (create) {
            if (!existing) {
                const fresh = g.members.get(memberId) ?? newMember(memberId, name, clientId);
                this.logEvent('MemberJoins', CP_LOG.staticJoins(this.env.groupId, memberId, instanceId, protocol), name);
                return { member: fresh, replaces: null, isNew: !g.members.has(memberId) };
            }
            if (!classic && !existing.classic && existing.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                // Both speak the consumer protocol: the instance id is free only after its owner left with epoch -2.
                this.logEvent('UnreleasedInstanceId', CP_LOG.unreleased(this.env.groupId, memberId, instanceId, existing.memberId), name);
                throw new GroupError('UNRELEASED_INSTANCE_ID', `Static member ${memberId} with instance id ${instanceId} cannot join the group because the instance id is owned by ${existing.memberId} member.`);
            }
            // A copy of the member under its new id, at epoch 0 (GMM:2311-2343).
            const copy: GroupMember = { ...existing, memberId, name, clientId, memberEpoch: 0, previousMemberEpoch: 0 };
            this.logEvent('StaticMemberRejoins', CP_LOG.staticRejoins(this.env.groupId, instanceId, protocol, memberId, existing.memberId), name);
            return { member: copy, replaces: existing.memberId === memberId ? null : existing, isNew: false };
        }
        if (!existing) throw new GroupError('UNKNOWN_MEMBER_ID', `Instance id ${instanceId} is unknown.`);
        if (existing.memberId !== memberId) {
            this.logEvent('StaticMemberFenced', CP_LOG.staticFenced(this.env.groupId, memberId, instanceId, existing.memberId), name);
            throw new GroupError('FENCED_INSTANCE_ID', `Static member ${memberId} with instance id ${instanceId} was fenced by member ${existing.memberId}.`);
        }
        if (!classic) checkEpoch(existing);
        return { member: existing, replaces: null, isNew: false };
    }

    /** Apply a static replacement's records: the predecessor goes, its target assignment moves to the successor. */
    applyReplacement(replaces: GroupMember | null, successor: GroupMember): void {
        if (!replaces) return;
        const target = this.group.target.get(replaces.memberId);
        // Its timers stay armed but find no member (GMM replaceMember).
        this.group.removeMember(replaces.memberId);
        this.removedBecause.set(replaces.memberId, 'fenced');
        if (target) this.group.target.set(successor.memberId, target);
    }

    /** consumerGroupHeartbeat (GMM:1721-1888). */
    private heartbeat(req: ConsumerGroupHeartbeatRequest): ConsumerGroupHeartbeatResponse {
        const create = req.memberEpoch === 0;
        this.throwIfFull(req.memberId);
        const owned = req.topicPartitions === null ? null : partsOf(req.topicPartitions);
        const { member, replaces, isNew } = this.resolveMember(req.memberId, req.memberName, req.clientId, req.instanceId, create, false, (m) =>
            this.checkEpoch(m, req.memberEpoch, owned)
        );
        let updated: GroupMember = {
            ...member,
            name: req.memberName,
            instanceId: req.instanceId ?? member.instanceId,
            rackId: req.rackId ?? member.rackId,
            rebalanceTimeoutMs: req.rebalanceTimeoutMs !== -1 ? req.rebalanceTimeoutMs : member.rebalanceTimeoutMs,
            serverAssignor: req.serverAssignor ?? member.serverAssignor,
            subscribedTopics: req.subscribedTopicNames ?? member.subscribedTopics,
            classic: null
        };
        const order = this.specOrder(updated.memberId, replaces?.memberId ?? null);
        this.applyReplacement(replaces, updated);
        const reason = isNew ? `member ${req.memberName} (${updated.memberId}) joined` : `member ${req.memberName} changed its subscription`;
        const target = this.bumpAndAssign({ previous: member, updated, replaces, isNew }, reason, order);
        updated = this.reconcileMember(updated, target, owned);
        this.scheduleSession(updated.memberId, this.timings.sessionTimeoutMs);
        this.putMember(updated);
        if (isNew || replaces) this.env.membershipChanged();
        const changed = !sameParts(member.assigned, updated.assigned);
        return {
            error: 'NONE',
            errorMessage: null,
            memberId: updated.memberId,
            memberEpoch: updated.memberEpoch,
            heartbeatIntervalMs: this.timings.heartbeatIntervalMs,
            assignment: req.full || create || changed ? sortedList(updated.assigned) : null
        };
    }

    /** consumerGroupLeave (GMM:2685-2726). */
    private leave(req: ConsumerGroupHeartbeatRequest): ConsumerGroupHeartbeatResponse {
        const g = this.group;
        const resp = { error: 'NONE' as const, errorMessage: null, memberId: req.memberId, memberEpoch: req.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
        if (req.instanceId === null) {
            const m = g.members.get(req.memberId);
            if (!m) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${this.env.groupId}.`);
            this.logEvent('MemberLeft', CP_LOG.left(this.env.groupId, req.memberId), m.name);
            this.fence(m, 'rebalance');
            return resp;
        }
        const m = g.staticMember(req.instanceId);
        if (!m) throw new GroupError('UNKNOWN_MEMBER_ID', `Instance id ${req.instanceId} is unknown.`);
        if (m.memberId !== req.memberId) {
            this.logEvent('StaticMemberFenced', CP_LOG.staticFenced(this.env.groupId, req.memberId, req.instanceId, m.memberId), req.memberName);
            throw new GroupError('FENCED_INSTANCE_ID', `Static member ${req.memberId} with instance id ${req.instanceId} was fenced by member ${m.memberId}.`);
        }
        if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            // It keeps its assignment and its session timer; what it was revoking is free now (GMM:2728-2743).
            this.logEvent('StaticMemberTemporarilyLeft', CP_LOG.staticTemporarilyLeft(this.env.groupId, req.memberId, req.instanceId), m.name);
            this.putMember({ ...m, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH, pendingRevocation: NO_PARTS });
            this.env.membershipChanged();
            return { ...resp, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH };
        }
        this.logEvent('MemberLeft', CP_LOG.staticLeft(this.env.groupId, req.memberId, req.instanceId), m.name);
        this.fence(m, 'rebalance');
        return resp;
    }

    /**
     * consumerGroupFenceMember (GMM:2780-2815): remove the member, its partitions are free at
     * once, bump the epoch; or downgrade the group when only classic members remain.
     */
    fence(m: GroupMember, cause: DuplicateSource): void {
        if (this.downgradeOnFence(m, cause)) return;
        const g = this.group;
        this.dropMember(m.memberId, cause);
        g.subscriptionMetadata = this.subscriptionMetadataFor(g.members.values());
        this.bumpEpoch(`member ${m.name} (${m.memberId}) left the group`, false, g.members.size === 0);
        this.recordState();
        this.env.membershipChanged();
        this.env.groupChanged();
    }

    /** Set by the group coordinator: converts the group to classic when the last consumer-protocol member goes (§4.10). */
    downgradeOnFence: (m: GroupMember, cause: DuplicateSource) => boolean = () => false;

    // ---- what the engine asks ---------------------------------------------------------------

    /** A member of this group (a static member away with epoch -2 still counts). */
    isMember(memberId: string): boolean {
        return this.group.members.has(memberId);
    }

    /** The member still has to converge: not reconciled to the target, or the target is not computed yet. */
    isConverging(memberId: string): boolean {
        const g = this.group;
        const m = g.members.get(memberId);
        if (!m) return false;
        return g.groupEpoch > g.assignmentEpoch || !isReconciledTo(m, g.assignmentEpoch);
    }

    // ---- failover -------------------------------------------------------------------------------

    /** onUnloaded: the group is gone from this broker; timers stop. */
    unload(): void {
        this.cancelAllTimers();
        this.dead = true;
        this.logEvent('Unloading', CP_LOG.unloaded(this.env.groupId, this.group.groupEpoch));
    }

    /** onLoaded: replay the records (the group as it was) and re-arm the session and rebalance timers (GMM:3807-3826). */
    load(from: ConsumerGroup, assignorName: string | null): void {
        this.group = from;
        this.assignorName = assignorName;
        // The trace's record of the epoch's rebalance carries over (bookkeeping, not group state):
        // when the group reaches Stable at this epoch under the new coordinator, the rebalance completed.
        const records = this.env.trace.rebalances;
        let i = records.length - 1;
        while (i >= 0 && records[i].generation !== from.groupEpoch) i--;
        this.currentRebalance = i >= 0 ? records[i] : null;
        this.logEvent('GroupLoaded', CP_LOG.loaded(this.env.groupId, from.members.size));
        for (const m of from.orderedMembers()) {
            this.scheduleSession(m.memberId, this.timings.sessionTimeoutMs);
            if (m.state === 'UNREVOKED_PARTITIONS' && !m.classic) this.scheduleRebalanceTimeout(m.memberId, m.memberEpoch, m.rebalanceTimeoutMs);
        }
        this.recordState();
    }
}
