/**
 * The classic group coordinator (broker side), after kafka-semantics.md §1 and Kafka's
 * GroupMetadataManager / ClassicGroup: states Empty → PreparingRebalance → CompletingRebalance
 * → Stable (and Dead), generations, KIP-394 pending members, the initial rebalance delay,
 * the join (rebalance) timeout, the sync timeout, session expiry, leader election, the protocol
 * vote, static membership (KIP-345, KIP-814), group.max.size, and reloading after a coordinator
 * move.
 *
 * It talks to clients only through `CoordinatorEnv.reply` (the network) and reports what it does
 * to the trace. It never looks at a client's state.
 */
import { JavaHashTableModel, javaStringHash, javaStringHashMapOrder } from '../../assignors/java-hash.js';
import type { TopicPartition } from '../../assignors/types.js';
import type { ClusterConfig } from '../../model/simulation-input.js';
import { Priority, type Clock, type ScheduledEvent } from '../clock.js';
import type { SeededRandom } from '../random.js';
import type { MutableRebalance, TraceBuilder } from '../trace-builder.js';
import { toPartitionSet } from '../trace-builder.js';
import type { DuplicateSource, GroupStateName, RebalanceProtocolName, TraceLogLine } from '../trace.js';
import {
    LOG,
    protocolsMatch,
    type HeartbeatRequest,
    type JoinGroupMember,
    type JoinGroupRequest,
    type JoinGroupResponse,
    type KafkaError,
    type LeaveGroupRequest,
    type ProtocolEntry,
    type SyncGroupRequest,
    type SyncGroupResponse
} from './protocol.js';

/**
 * The answer to any request that reaches this coordinator after it unloaded the group (the only
 * way a group is Dead here): the broker no longer hosts the group's partition, and the
 * coordinator runtime refuses the operation before the group sees it with NOT_COORDINATOR
 * (CoordinatorRuntime.contextOrThrow / withActiveContextOrThrow). The client reacts as to
 * COORDINATOR_NOT_AVAILABLE: it marks the coordinator unknown and looks it up again.
 */
const NOT_HOSTED_HERE: KafkaError = 'NOT_COORDINATOR';

/** `CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS` (GCC:254). */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

/** Where responses go: one client incarnation. */
export interface ClientPort {
    readonly name: string;
    onJoinResponse(resp: JoinGroupResponse): void;
    onSyncResponse(resp: SyncGroupResponse): void;
    onHeartbeatResponse(error: KafkaError, sentGeneration: number): void;
}

export interface CoordinatorEnv {
    readonly clock: Clock;
    readonly trace: TraceBuilder;
    readonly groupId: string;
    readonly cluster: ClusterConfig;
    readonly rng: SeededRandom;
    /** Deliver a response to a client after the network latency (lost if the client is cut off or gone). */
    reply(port: ClientPort, deliver: () => void): void;
    /** Membership changed: someone was added, removed or replaced. */
    membershipChanged(): void;
    /** Something a commit's validity depends on changed (state, generation, members). */
    groupChanged(): void;
    /** The group became Stable in this generation (assignments propagated). */
    stabilized(generation: number, assignments: ReadonlyMap<string, readonly TopicPartition[]>): void;
}

interface GroupMember {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly clientId: string;
    /** The member's name in the file (trace only). */
    readonly name: string;
    rebalanceTimeoutMs: number;
    sessionTimeoutMs: number;
    protocols: readonly ProtocolEntry[];
    assignment: readonly TopicPartition[];
    awaitingJoin: ClientPort | null;
    awaitingSync: ClientPort | null;
    /** The port of the client incarnation that last spoke for this member (for pushes). */
    port: ClientPort | null;
    isNew: boolean;
    /** Heartbeat (session) deadline; the timer below fires at or before it. */
    hbDeadline: number;
    hbTimer: ScheduledEvent | null;
    rebalanceProtocol: RebalanceProtocolName;
    /** The last generation whose join phase it took part in (a static member that did not rejoin lags behind). */
    joinedGeneration: number;
}

/**
 * Takes the classic protocol's requests while the group is a consumer group (kafka-semantics
 * §4.10: classic members inside a consumer group). Set by consumer/group-coordinator.ts.
 */
export interface ClassicRequestDelegate {
    /** False when the delegate gives the join back (an empty consumer group becomes a new classic group). */
    handleJoin(port: ClientPort, req: JoinGroupRequest): boolean;
    handleSync(port: ClientPort, req: SyncGroupRequest, memberName: string): void;
    handleHeartbeat(port: ClientPort, req: HeartbeatRequest): KafkaError;
    handleLeave(req: LeaveGroupRequest, memberName: string): KafkaError;
    validateCommit(memberId: string, instanceId: string | null, generation: number): KafkaError;
    isMember(memberId: string): boolean;
}

/** A classic group's members as a conversion to or from a consumer group sees them. */
export interface ClassicGroupSnapshot {
    readonly generation: number;
    readonly protocolName: string | null;
    /** In the group's member-map order. */
    readonly members: readonly {
        readonly memberId: string;
        readonly groupInstanceId: string | null;
        readonly clientId: string;
        readonly name: string;
        readonly rebalanceTimeoutMs: number;
        readonly sessionTimeoutMs: number;
        readonly protocols: readonly ProtocolEntry[];
        readonly assignment: readonly TopicPartition[];
        readonly rebalanceProtocol: RebalanceProtocolName;
    }[];
}

/** What a GroupMetadata record holds: what a new coordinator loads after a failover. */
export interface PersistedGroup {
    readonly generation: number;
    readonly protocolName: string | null;
    readonly leaderId: string | null;
    readonly members: readonly {
        readonly memberId: string;
        readonly groupInstanceId: string | null;
        readonly clientId: string;
        readonly name: string;
        readonly rebalanceTimeoutMs: number;
        readonly sessionTimeoutMs: number;
        readonly protocol: ProtocolEntry | null;
        readonly assignment: readonly TopicPartition[];
        readonly rebalanceProtocol: RebalanceProtocolName;
    }[];
}

export class ClassicCoordinator {
    state: GroupStateName = 'Empty';
    previousState: GroupStateName = 'Empty';
    generation = 0;
    protocolName: string | null = null;
    leaderId: string | null = null;
    readonly members = new Map<string, GroupMember>();
    /** Java iteration order of the members HashMap (leader choice). */
    private readonly memberOrder = new JavaHashTableModel<string>(javaStringHash);
    private readonly staticMembers = new Map<string, string>();
    private readonly pendingJoin = new Map<string, { timer: ScheduledEvent; name: string }>();
    private readonly pendingSync = new Set<string>();
    private readonly supportedProtocols = new Map<string, number>();
    private numAwaitingJoin = 0;
    private newMemberAdded = false;
    private joinTimer: ScheduledEvent | null = null;
    private syncTimer: ScheduledEvent | null = null;
    /** The last GroupMetadata record written. */
    persisted: PersistedGroup | null = null;
    /** The rebalance being prepared (PreparingRebalance), for the trace. */
    private pendingRebalance: { preparedAt: number; reason: string } | null = null;
    private currentRebalance: MutableRebalance | null = null;
    /** Why a member id left the group (attributes the re-processing its partitions cause). */
    readonly removedBecause = new Map<string, DuplicateSource>();
    /** Set while the group is a consumer group: every classic request goes there. */
    delegate: ClassicRequestDelegate | null = null;

    constructor(private readonly env: CoordinatorEnv, readonly node: string) {}

    // ---- helpers ----------------------------------------------------------------------------

    private get now(): number {
        return this.env.clock.now;
    }

    private nameOf(memberId: string | null): string | null {
        if (memberId === null) return null;
        return this.members.get(memberId)?.name ?? null;
    }

    private log(text: string, level: TraceLogLine['level'] = 'INFO'): TraceLogLine {
        return { side: 'broker', level, text };
    }

    private logEvent(name: string, text: string, member?: string, level: TraceLogLine['level'] = 'INFO'): void {
        this.env.trace.event({ at: this.now, kind: 'log', name, member, log: this.log(text, level) });
    }

    private recordState(): void {
        this.env.trace.setGroupState(this.now, {
            state: this.state,
            generation: this.generation,
            protocolName: this.protocolName,
            leader: this.nameOf(this.leaderId),
            members: this.members.size
        });
    }

    private transitionTo(state: GroupStateName): void {
        this.previousState = this.state;
        this.state = state;
        this.recordState();
        this.env.trace.event({ at: this.now, kind: 'state', name: state, generation: this.generation });
        this.env.groupChanged();
    }

    /** The max rebalance timeout over current members (CGrp:760-766). */
    private rebalanceTimeoutMs(): number {
        let max = 0;
        for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
        return max;
    }

    private hasAllMembersJoined(): boolean {
        return this.members.size === this.numAwaitingJoin && this.pendingJoin.size === 0;
    }

    private canRebalance(): boolean {
        return this.state === 'Stable' || this.state === 'CompletingRebalance' || this.state === 'Empty';
    }

    private addSupported(protocols: readonly ProtocolEntry[], delta: number): void {
        for (const p of protocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) + delta);
    }

    /** ClassicGroup.supportsProtocols: in Empty anything non-empty; otherwise one protocol every member supports. */
    private supportsProtocols(protocols: readonly ProtocolEntry[]): boolean {
        if (protocols.length === 0) return false;
        if (this.state === 'Empty') return true;
        return protocols.some((p) => (this.supportedProtocols.get(p.name) ?? 0) === this.members.size);
    }

    /** The vote (kafka-semantics §1.11): first choice among protocols all members support; ties go to Java HashMap order. */
    private selectProtocol(): string | null {
        const candidates = new Set<string>();
        for (const [name, count] of this.supportedProtocols) if (count === this.members.size && count > 0) candidates.add(name);
        const votes = new Map<string, number>();
        for (const id of this.memberOrder.keys()) {
            const m = this.members.get(id)!;
            const vote = m.protocols.find((p) => candidates.has(p.name))?.name;
            if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
        }
        let best: string | null = null;
        let bestCount = -1;
        for (const name of javaStringHashMapOrder(votes.keys())) {
            const c = votes.get(name)!;
            if (c > bestCount) {
                best = name;
                bestCount = c;
            }
        }
        return best;
    }

    private voteOf(m: GroupMember, candidates: ReadonlySet<string>): string | null {
        return m.protocols.find((p) => candidates.has(p.name))?.name ?? null;
    }

    // ---- timers -----------------------------------------------------------------------------

    private scheduleJoin(delay: number, run: () => void): void {
        this.env.clock.cancel(this.joinTimer);
        this.joinTimer = this.env.clock.after(delay, () => {
            this.joinTimer = null;
            run();
        }, Priority.CoordinatorTimer);
    }

    private cancelJoin(): void {
        this.env.clock.cancel(this.joinTimer);
        this.joinTimer = null;
    }

    /** Re-arm a member's heartbeat timer (scheduling a key again replaces the previous timer). */
    private rescheduleHeartbeat(m: GroupMember, timeoutMs: number = m.sessionTimeoutMs): void {
        m.hbDeadline = this.now + timeoutMs;
        if (m.hbTimer && !m.hbTimer.cancelled && m.hbTimer.at <= m.hbDeadline) return; // fires early, then re-checks
        this.env.clock.cancel(m.hbTimer);
        this.armHeartbeatTimer(m);
    }

    /** Apart from rescheduleHeartbeat, which runs on every heartbeat: its closure would cost an allocation each time. */
    private armHeartbeatTimer(m: GroupMember): void {
        m.hbTimer = this.env.clock.schedule(m.hbDeadline, () => this.onHeartbeatTimer(m), Priority.CoordinatorTimer);
    }

    private cancelHeartbeat(m: GroupMember): void {
        this.env.clock.cancel(m.hbTimer);
        m.hbTimer = null;
    }

    private onHeartbeatTimer(m: GroupMember): void {
        m.hbTimer = null;
        if (this.members.get(m.memberId) !== m) return; // replaced or removed: the old key is a no-op
        if (m.hbDeadline > this.now) {
            this.armHeartbeatTimer(m);
            return;
        }
        this.expireHeartbeat(m);
    }

    /** GMM expireClassicGroupMemberHeartbeat (kafka-semantics §1.9). */
    private expireHeartbeat(m: GroupMember): void {
        if (this.state === 'Dead') return;
        const satisfied = !m.isNew && (m.awaitingJoin !== null || m.awaitingSync !== null);
        if (satisfied) return; // not re-armed until the next reschedule point
        this.env.trace.event({
            at: this.now,
            kind: 'timer',
            name: m.isNew ? 'NewMemberJoinTimeout' : 'HeartbeatExpiry',
            member: m.name,
            memberId: m.memberId,
            generation: this.generation,
            log: this.log(LOG.memberFailed(m.memberId, this.env.groupId))
        });
        this.removedBecause.set(m.memberId, 'session-expiry');
        this.removeMemberAndUpdateGroup(m, `removing member ${m.memberId} on heartbeat expiration`);
    }

    private expirePending(memberId: string): void {
        const pending = this.pendingJoin.get(memberId);
        if (!pending) return;
        this.pendingJoin.delete(memberId);
        this.env.trace.event({
            at: this.now,
            kind: 'timer',
            name: 'PendingMemberExpiry',
            member: pending.name,
            memberId,
            log: this.log(LOG.pendingExpired(memberId, this.env.groupId))
        });
        if (this.state === 'PreparingRebalance') this.maybeCompleteJoinPhase();
    }

    // ---- membership -------------------------------------------------------------------------

    private addMember(m: GroupMember, port: ClientPort): void {
        if (this.leaderId === null) this.leaderId = m.memberId;
        this.members.set(m.memberId, m);
        this.memberOrder.add(m.memberId);
        this.addSupported(m.protocols, 1);
        m.awaitingJoin = port;
        m.port = port;
        this.numAwaitingJoin++;
        this.pendingJoin.delete(m.memberId);
        if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
        this.recordState();
        this.env.membershipChanged();
    }

    private removeMember(memberId: string): void {
        const m = this.members.get(memberId);
        if (m) {
            this.members.delete(memberId);
            this.memberOrder.delete(memberId);
            this.addSupported(m.protocols, -1);
            if (m.awaitingJoin) this.numAwaitingJoin--;
            if (m.groupInstanceId !== null && this.staticMembers.get(m.groupInstanceId) === memberId) this.staticMembers.delete(m.groupInstanceId);
            this.cancelHeartbeat(m);
        }
        if (this.leaderId === memberId) this.leaderId = this.memberOrder.first() ?? null;
        this.pendingJoin.delete(memberId);
        this.pendingSync.delete(memberId);
        this.recordState();
        this.env.membershipChanged();
    }

    private updateMember(m: GroupMember, req: JoinGroupRequest, port: ClientPort): void {
        this.addSupported(m.protocols, -1);
        m.protocols = req.protocols;
        this.addSupported(m.protocols, 1);
        m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
        m.sessionTimeoutMs = req.sessionTimeoutMs;
        m.rebalanceProtocol = req.rebalanceProtocol;
        if (!m.awaitingJoin) this.numAwaitingJoin++;
        m.awaitingJoin = port;
        m.port = port;
    }

    private completeJoin(m: GroupMember, resp: JoinGroupResponse): void {
        const port = m.awaitingJoin;
        if (!port) return;
        m.awaitingJoin = null;
        this.numAwaitingJoin--;
        this.respondJoin(port, resp, m.name);
    }

    /** Responses are traced by the client when they arrive (with its log line). */
    private respondJoin(port: ClientPort, resp: JoinGroupResponse, _name: string): void {
        const withLeader = resp.leader !== null && resp.leaderName === undefined ? { ...resp, leaderName: this.nameOf(resp.leader) } : resp;
        this.env.reply(port, () => port.onJoinResponse(withLeader));
    }

    private respondSync(port: ClientPort, resp: SyncGroupResponse, _name: string, _memberId: string): void {
        this.env.reply(port, () => port.onSyncResponse(resp));
    }

    /** A JoinGroup answered with an error: no generation, no protocol, no leader. */
    private joinErrorResponse(error: KafkaError, memberId: string): JoinGroupResponse {
        return { error, memberId, generation: -1, protocolName: null, leader: null, skipAssignment: false, members: [] };
    }

    /**
     * The member's parked JoinGroup and SyncGroup are answered with `error` and its heartbeat timer
     * stops: it is replaced by a new static incarnation (FENCED_INSTANCE_ID), the coordinator
     * unloads the group (NOT_COORDINATOR), or the group is converted to a consumer group
     * (REBALANCE_IN_PROGRESS).
     */
    private releaseParked(m: GroupMember, error: KafkaError): void {
        this.cancelHeartbeat(m);
        this.completeJoin(m, this.joinErrorResponse(error, m.memberId));
        if (m.awaitingSync) {
            const port = m.awaitingSync;
            m.awaitingSync = null;
            this.respondSync(port, { error, assignment: [] }, m.name, m.memberId);
        }
    }

    private removeMemberAndUpdateGroup(m: GroupMember, reason: string): void {
        // A member parked in JoinGroup learns it was removed (Scala removeMemberAndUpdateGroup).
        if (m.awaitingJoin) {
            this.completeJoin(m, this.joinErrorResponse('UNKNOWN_MEMBER_ID', m.memberId));
        }
        this.removeMember(m.memberId);
        switch (this.state) {
            case 'Dead':
            case 'Empty':
                return;
            case 'PreparingRebalance':
                this.maybeCompleteJoinPhase();
                return;
            case 'Stable':
            case 'CompletingRebalance':
                this.prepareRebalance(reason);
                return;
        }
    }

    // ---- the join phase ---------------------------------------------------------------------

    private maybePrepareRebalanceOrCompleteJoin(reason: string): void {
        if (this.canRebalance()) this.prepareRebalance(reason);
        else this.maybeCompleteJoinPhase();
    }

    private maybeCompleteJoinPhase(): void {
        if (this.state === 'PreparingRebalance' && this.hasAllMembersJoined() && this.previousState !== 'Empty') {
            this.cancelJoin();
            this.completeGroupJoin();
        }
    }

    /** GMM prepareRebalance (kafka-semantics §1.4). */
    private prepareRebalance(reason: string): void {
        if (this.state === 'CompletingRebalance') this.resetAndPropagateAssignmentWithError('REBALANCE_IN_PROGRESS');
        this.env.clock.cancel(this.syncTimer);
        this.syncTimer = null;
        const initial = this.state === 'Empty';
        const oldGeneration = this.generation;
        if (!this.pendingRebalance) this.pendingRebalance = { preparedAt: this.now, reason };
        this.transitionTo('PreparingRebalance');
        this.logEvent('PreparingRebalance', LOG.preparing(this.env.groupId, this.state, oldGeneration, reason));
        if (initial) {
            const d = this.env.cluster.initialRebalanceDelayMs;
            const remaining = Math.max(this.rebalanceTimeoutMs() - d, 0);
            this.newMemberAdded = false;
            this.scheduleJoin(d, () => this.tryCompleteInitialRebalance(d, remaining));
        } else if (this.hasAllMembersJoined()) {
            this.completeGroupJoin();
        } else {
            this.scheduleJoin(this.rebalanceTimeoutMs(), () => this.onJoinTimeout());
        }
    }

    /** `group.initial.rebalance.delay.ms` windows (kafka-semantics §1.5). */
    private tryCompleteInitialRebalance(delay: number, remaining: number): void {
        if (this.state !== 'PreparingRebalance') return;
        if (this.newMemberAdded && remaining !== 0) {
            this.newMemberAdded = false;
            const newDelay = Math.min(this.env.cluster.initialRebalanceDelayMs, remaining);
            const newRemaining = Math.max(remaining - delay, 0);
            this.env.trace.event({ at: this.now, kind: 'timer', name: 'InitialDelayedJoin', detail: `new members joined in the last window: wait another ${newDelay} ms` });
            this.scheduleJoin(newDelay, () => this.tryCompleteInitialRebalance(newDelay, newRemaining));
        } else {
            this.env.trace.event({ at: this.now, kind: 'timer', name: 'InitialDelayedJoin', detail: 'initial rebalance delay over: complete the join phase' });
            this.completeGroupJoin();
        }
    }

    private onJoinTimeout(): void {
        if (this.state !== 'PreparingRebalance') return;
        this.env.trace.event({ at: this.now, kind: 'timer', name: 'DelayedJoin', detail: `rebalance timeout (${this.rebalanceTimeoutMs()} ms) expired` });
        this.completeGroupJoin();
    }

    /** completeClassicGroupJoin (kafka-semantics §1.4, steps 1-5). */
    private completeGroupJoin(): void {
        this.cancelJoin();
        if (this.state === 'Dead') return;
        const notRejoined = this.memberOrder
            .keys()
            .map((id) => this.members.get(id)!)
            .filter((m) => m.awaitingJoin === null && m.groupInstanceId === null);
        if (notRejoined.length > 0) {
            for (const m of notRejoined) {
                this.removedBecause.set(m.memberId, 'poll-timeout');
                this.removeMember(m.memberId);
            }
            this.logEvent('RemovedNotJoined', LOG.removedNotJoined(this.env.groupId, notRejoined.map((m) => m.memberId)));
        }
        if (!this.maybeElectNewJoinedLeader() && this.members.size > 0) {
            this.logEvent('NoMemberRejoined', `Group ${this.env.groupId} could not complete rebalance because no members rejoined.`, undefined, 'ERROR');
            this.scheduleJoin(this.rebalanceTimeoutMs(), () => this.onJoinTimeout());
            return;
        }
        // initNextGeneration
        this.generation++;
        const candidates = new Set<string>();
        for (const [name, count] of this.supportedProtocols) if (count === this.members.size && count > 0) candidates.add(name);
        this.protocolName = this.members.size > 0 ? this.selectProtocol() : null;
        this.pendingSync.clear();
        const prepared = this.pendingRebalance ?? { preparedAt: this.now, reason: 'join phase completed' };
        this.pendingRebalance = null;
        const ordered = this.memberOrder.keys().map((id) => this.members.get(id)!);
        const rebalance: MutableRebalance = {
            generation: this.generation,
            preparedAt: prepared.preparedAt,
            reason: prepared.reason,
            bumpedAt: this.now,
            stableAt: null,
            bumpedTo: this.members.size > 0 ? 'CompletingRebalance' : 'Empty',
            protocolName: this.protocolName,
            leader: this.nameOf(this.leaderId),
            moved: 0,
            members: ordered.map((m) => ({
                member: m.name,
                memberId: m.memberId,
                groupInstanceId: m.groupInstanceId,
                protocols: m.protocols.map((p) => p.name),
                vote: this.voteOf(m, candidates),
                rebalanceProtocol: m.rebalanceProtocol
            }))
        };
        this.env.trace.rebalances.push(rebalance);
        this.currentRebalance = rebalance;
        if (this.members.size === 0) {
            this.transitionTo('Empty');
            this.logEvent('Empty', LOG.nowEmpty(this.env.groupId, this.generation));
            this.persist();
            return;
        }
        this.transitionTo('CompletingRebalance');
        this.logEvent('Stabilized', LOG.stabilized(this.env.groupId, this.generation, this.members.size));
        const leaderMembers: JoinGroupMember[] = ordered.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.protocols.find((p) => p.name === this.protocolName)!.metadata
        }));
        // Named once for every response (respondJoin would name it in a copy of each).
        const leaderName = this.nameOf(this.leaderId);
        for (const m of ordered) {
            if (m.awaitingJoin) m.joinedGeneration = this.generation;
            else this.removedBecause.set(m.memberId, 'rebalance'); // a static member carried over with a stale assignment
            const isLeader = m.memberId === this.leaderId;
            this.completeJoin(m, {
                error: 'NONE',
                memberId: m.memberId,
                generation: this.generation,
                protocolName: this.protocolName,
                leader: this.leaderId,
                skipAssignment: false,
                members: isLeader ? leaderMembers : [],
                leaderName
            });
            this.rescheduleHeartbeat(m);
            m.isNew = false;
            this.pendingSync.add(m.memberId);
        }
        const generation = this.generation;
        this.syncTimer = this.env.clock.after(this.rebalanceTimeoutMs(), () => this.expirePendingSync(generation), Priority.CoordinatorTimer);
        this.env.membershipChanged();
    }

    /** ClassicGroup.maybeElectNewJoinedLeader. */
    private maybeElectNewJoinedLeader(): boolean {
        if (this.leaderId === null) return false;
        const leader = this.members.get(this.leaderId);
        if (leader && leader.awaitingJoin) return true;
        for (const id of this.memberOrder.keys()) {
            if (this.members.get(id)!.awaitingJoin) {
                this.leaderId = id;
                return true;
            }
        }
        return false;
    }

    private expirePendingSync(generation: number): void {
        this.syncTimer = null;
        if (generation !== this.generation) return;
        if (this.state !== 'CompletingRebalance' && this.state !== 'Stable') return;
        if (this.pendingSync.size === 0) return;
        const ids = [...this.pendingSync];
        this.env.trace.event({ at: this.now, kind: 'timer', name: 'PendingSyncExpiry', generation, detail: `members that never sent SyncGroup: ${ids.map((id) => this.nameOf(id) ?? id).join(', ')}` });
        for (const id of ids) {
            this.removedBecause.set(id, 'session-expiry');
            this.removeMember(id);
        }
        this.prepareRebalance(`Removing [${ids.join(', ')}] on pending sync request expiration`);
    }

    private resetAndPropagateAssignmentWithError(error: KafkaError): void {
        for (const m of this.members.values()) m.assignment = [];
        this.propagateAssignment(error);
    }

    private propagateAssignment(error: KafkaError): void {
        for (const m of this.members.values()) {
            if (m.awaitingSync) {
                const port = m.awaitingSync;
                m.awaitingSync = null;
                this.respondSync(port, { error, assignment: error === 'NONE' ? m.assignment : [] }, m.name, m.memberId);
            }
            // Propagation resets every member's session timer (GMM:4930-4958).
            this.rescheduleHeartbeat(m);
        }
    }

    // ---- requests -----------------------------------------------------------------------------

    private validateMember(memberId: string, instanceId: string | null, operation: string): KafkaError {
        if (instanceId !== null) {
            const existing = this.staticMembers.get(instanceId);
            if (existing === undefined) return 'UNKNOWN_MEMBER_ID';
            if (existing !== memberId) {
                this.logEvent('Fenced', LOG.fenced(memberId, instanceId, existing, operation));
                return 'FENCED_INSTANCE_ID';
            }
            return 'NONE';
        }
        return this.members.has(memberId) ? 'NONE' : 'UNKNOWN_MEMBER_ID';
    }

    private acceptJoiningMember(memberId: string): boolean {
        const max = this.env.cluster.groupMaxSize;
        switch (this.state) {
            case 'Empty':
            case 'Dead':
                return true;
            case 'PreparingRebalance':
                return (this.members.get(memberId)?.awaitingJoin ?? null) !== null || this.numAwaitingJoin < max;
            default:
                return this.members.has(memberId) || this.members.size < max;
        }
    }

    private joinError(port: ClientPort, req: JoinGroupRequest, error: KafkaError): void {
        this.respondJoin(port, this.joinErrorResponse(error, req.memberId), req.memberName);
    }

    handleJoin(port: ClientPort, req: JoinGroupRequest): void {
        const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.env.cluster;
        if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) return this.joinError(port, req, 'INVALID_SESSION_TIMEOUT');
        if (this.state === 'Dead') return this.joinError(port, req, NOT_HOSTED_HERE);
        if (this.delegate && this.delegate.handleJoin(port, req)) return;
        if (!this.acceptJoiningMember(req.memberId)) return this.joinError(port, req, 'GROUP_MAX_SIZE_REACHED');
        if (req.memberId === '') this.joinNewMember(port, req);
        else this.joinExistingMember(port, req);
    }

    private joinNewMember(port: ClientPort, req: JoinGroupRequest): void {
        if (!this.supportsProtocols(req.protocols)) return this.joinError(port, req, 'INCONSISTENT_GROUP_PROTOCOL');
        const newMemberId = `${req.groupInstanceId ?? req.clientId}-${this.env.rng.uuid()}`;
        if (req.groupInstanceId !== null) {
            const existing = this.staticMembers.get(req.groupInstanceId);
            if (existing !== undefined) return this.updateStaticMember(port, req, existing, newMemberId);
            return this.addMemberThenRebalanceOrCompleteJoin(port, req, newMemberId);
        }
        // KIP-394: park the id, ask the client to come back with it.
        const timer = this.env.clock.after(req.sessionTimeoutMs, () => this.expirePending(newMemberId), Priority.CoordinatorTimer);
        this.pendingJoin.set(newMemberId, { timer, name: req.memberName });
        // The broker's line is logged now; the response is traced by the client when it arrives.
        this.env.trace.event({
            at: this.now,
            kind: 'log',
            name: 'MemberIdRequired',
            member: req.memberName,
            memberId: newMemberId,
            log: this.log(LOG.memberIdRequired(this.env.groupId, this.state, newMemberId))
        });
        const resp = this.joinErrorResponse('MEMBER_ID_REQUIRED', newMemberId);
        this.env.reply(port, () => port.onJoinResponse(resp));
    }

    private addMemberThenRebalanceOrCompleteJoin(port: ClientPort, req: JoinGroupRequest, memberId: string): void {
        const pending = this.pendingJoin.get(memberId);
        if (pending) this.env.clock.cancel(pending.timer);
        const m: GroupMember = {
            memberId,
            groupInstanceId: req.groupInstanceId,
            clientId: req.clientId,
            name: req.memberName,
            rebalanceTimeoutMs: req.rebalanceTimeoutMs,
            sessionTimeoutMs: req.sessionTimeoutMs,
            protocols: req.protocols,
            assignment: [],
            awaitingJoin: null,
            awaitingSync: null,
            port,
            isNew: true,
            hbDeadline: 0,
            hbTimer: null,
            rebalanceProtocol: req.rebalanceProtocol,
            joinedGeneration: -1
        };
        if (this.state === 'PreparingRebalance' && this.previousState === 'Empty') this.newMemberAdded = true;
        this.addMember(m, port);
        this.rescheduleHeartbeat(m, NEW_MEMBER_JOIN_TIMEOUT_MS);
        this.maybePrepareRebalanceOrCompleteJoin(`Adding new member ${memberId} with group instance id ${req.groupInstanceId}; client reason: ${req.reason}`);
    }

    /** KIP-345 replacement (kafka-semantics §3.1). */
    private updateStaticMember(port: ClientPort, req: JoinGroupRequest, oldMemberId: string, newMemberId: string): void {
        const old = this.members.get(oldMemberId)!;
        this.logEvent(
            'StaticReplace',
            `Static member with groupInstanceId=${req.groupInstanceId} and unknown member id joins group ${this.env.groupId} in ${this.state} state. Replacing previously mapped member ${oldMemberId} with this groupInstanceId.`,
            req.memberName
        );
        // replaceStaticMember: the old id's parked requests are fenced at once.
        this.removedBecause.set(oldMemberId, 'fenced');
        this.members.delete(oldMemberId);
        this.memberOrder.delete(oldMemberId);
        this.addSupported(old.protocols, -1);
        this.releaseParked(old, 'FENCED_INSTANCE_ID');
        const m: GroupMember = {
            memberId: newMemberId,
            groupInstanceId: old.groupInstanceId,
            clientId: req.clientId,
            name: req.memberName,
            rebalanceTimeoutMs: old.rebalanceTimeoutMs,
            sessionTimeoutMs: req.sessionTimeoutMs,
            protocols: old.protocols,
            assignment: old.assignment,
            awaitingJoin: null,
            awaitingSync: null,
            port,
            isNew: false,
            hbDeadline: 0,
            hbTimer: null,
            rebalanceProtocol: req.rebalanceProtocol,
            joinedGeneration: old.joinedGeneration
        };
        this.members.set(newMemberId, m);
        this.memberOrder.add(newMemberId);
        this.addSupported(m.protocols, 1);
        if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
        this.staticMembers.set(m.groupInstanceId!, newMemberId);
        if (this.pendingSync.delete(oldMemberId)) this.pendingSync.add(newMemberId);
        this.rescheduleHeartbeat(m);
        this.updateMember(m, req, port);
        this.recordState();
        this.env.membershipChanged();

        if (this.state === 'Stable') {
            const selected = this.selectProtocol();
            if ((this.protocolName ?? '') === selected) {
                this.logEvent('StaticNoRebalance', LOG.staticNoRebalance(), req.memberName);
                this.persist();
                const isLeader = this.leaderId === newMemberId;
                const leaderMembers: JoinGroupMember[] = isLeader
                    ? this.memberOrder.keys().map((id) => {
                          const mm = this.members.get(id)!;
                          return { memberId: id, groupInstanceId: mm.groupInstanceId, metadata: (mm.protocols.find((p) => p.name === this.protocolName) ?? mm.protocols[0]).metadata };
                      })
                    : [];
                // JoinGroup v9+ (KIP-814): a returning static leader is told it leads, and to skip the assignment.
                this.completeJoin(m, {
                    error: 'NONE',
                    memberId: newMemberId,
                    generation: this.generation,
                    protocolName: this.protocolName,
                    leader: this.leaderId,
                    skipAssignment: isLeader,
                    members: leaderMembers
                });
                return;
            }
            this.maybePrepareRebalanceOrCompleteJoin(
                `Group's selectedProtocol will change because static member ${newMemberId} with instance id ${req.groupInstanceId} joined with change of protocol; client reason: ${req.reason}`
            );
            return;
        }
        if (this.state === 'CompletingRebalance') {
            this.prepareRebalance(`Updating metadata for static member ${newMemberId} with instance id ${req.groupInstanceId}; client reason: ${req.reason}`);
            return;
        }
        this.maybeCompleteJoinPhase();
    }

    private joinExistingMember(port: ClientPort, req: JoinGroupRequest): void {
        const memberId = req.memberId;
        if (!this.supportsProtocols(req.protocols)) return this.joinError(port, req, 'INCONSISTENT_GROUP_PROTOCOL');
        if (this.pendingJoin.has(memberId)) {
            this.addMemberThenRebalanceOrCompleteJoin(port, req, memberId);
            return;
        }
        const error = this.validateMember(memberId, req.groupInstanceId, 'join-group');
        if (error !== 'NONE') return this.joinError(port, req, error);
        const m = this.members.get(memberId)!;
        switch (this.state) {
            case 'PreparingRebalance':
                this.updateMember(m, req, port);
                this.maybePrepareRebalanceOrCompleteJoin(`Member ${memberId} is joining group during ${this.state}; client reason: ${req.reason}`);
                return;
            case 'CompletingRebalance':
                if (protocolsMatch(m.protocols, req.protocols)) {
                    // A retry after a lost response: answer with the current generation.
                    m.port = port;
                    this.respondJoin(port, this.currentJoinResponse(m, this.leaderId === memberId), m.name);
                    return;
                }
                this.updateMember(m, req, port);
                this.prepareRebalance(`Updating metadata for member ${memberId} during ${this.state}; client reason: ${req.reason}`);
                return;
            case 'Stable':
                if (this.leaderId === memberId) {
                    this.updateMember(m, req, port);
                    this.prepareRebalance(`Leader ${memberId} re-joining group during ${this.state}; client reason: ${req.reason}`);
                } else if (!protocolsMatch(m.protocols, req.protocols)) {
                    this.updateMember(m, req, port);
                    this.prepareRebalance(`Updating metadata for member ${memberId} during ${this.state}; client reason: ${req.reason}`);
                } else {
                    m.port = port;
                    this.respondJoin(port, this.currentJoinResponse(m, false), m.name);
                }
                return;
            default:
                this.joinError(port, req, 'UNKNOWN_MEMBER_ID');
        }
    }

    private currentJoinResponse(m: GroupMember, withMembers: boolean): JoinGroupResponse {
        return {
            error: 'NONE',
            memberId: m.memberId,
            generation: this.generation,
            protocolName: this.protocolName,
            leader: this.leaderId,
            skipAssignment: false,
            members: withMembers
                ? this.memberOrder.keys().map((id) => {
                      const mm = this.members.get(id)!;
                      return { memberId: id, groupInstanceId: mm.groupInstanceId, metadata: (mm.protocols.find((p) => p.name === this.protocolName) ?? mm.protocols[0]).metadata };
                  })
                : []
        };
    }

    handleSync(port: ClientPort, req: SyncGroupRequest, memberName: string): void {
        const fail = (error: KafkaError) => this.respondSync(port, { error, assignment: [] }, memberName, req.memberId);
        if (this.state === 'Dead') return fail(NOT_HOSTED_HERE);
        if (this.delegate) return this.delegate.handleSync(port, req, memberName);
        if (this.members.size === 0) return fail('UNKNOWN_MEMBER_ID');
        const error = this.validateMember(req.memberId, req.groupInstanceId, 'sync-group');
        if (error !== 'NONE') return fail(error);
        if (req.generation !== this.generation) return fail('ILLEGAL_GENERATION');
        if (req.protocolName !== null && this.protocolName !== null && req.protocolName !== this.protocolName) return fail('INCONSISTENT_GROUP_PROTOCOL');
        const m = this.members.get(req.memberId)!;
        m.port = port;
        if (this.state === 'PreparingRebalance') return fail('REBALANCE_IN_PROGRESS');
        if (this.state === 'CompletingRebalance') {
            m.awaitingSync = port;
            this.removePendingSync(req.memberId);
            if (this.leaderId === req.memberId && req.assignments) {
                const assignments = req.assignments;
                for (const mm of this.members.values()) mm.assignment = assignments.get(mm.memberId) ?? [];
                const missing = [...this.members.values()].filter((mm) => !assignments.has(mm.memberId));
                if (missing.length > 0) {
                    this.logEvent('EmptyAssignment', `Setting empty assignments for members [${missing.map((mm) => mm.memberId).join(', ')}] of ${this.env.groupId} for generation ${this.generation}.`, undefined, 'WARN');
                }
                this.persist();
                this.propagateAssignment('NONE');
                this.transitionTo('Stable');
                if (this.currentRebalance && this.currentRebalance.generation === this.generation) {
                    this.currentRebalance.stableAt = this.now;
                    for (const entry of this.currentRebalance.members) {
                        const mm = this.members.get(entry.memberId);
                        if (mm) (entry as { assignment?: unknown }).assignment = toPartitionSet(mm.assignment);
                    }
                }
                const map = new Map<string, readonly TopicPartition[]>();
                for (const mm of this.members.values()) map.set(mm.memberId, mm.assignment);
                this.env.stabilized(this.generation, map);
            }
            return;
        }
        // Stable: return the stored assignment.
        this.removePendingSync(req.memberId);
        this.respondSync(port, { error: 'NONE', assignment: m.assignment }, memberName, req.memberId);
    }

    private removePendingSync(memberId: string): void {
        this.pendingSync.delete(memberId);
        if ((this.state === 'CompletingRebalance' || this.state === 'Stable') && this.pendingSync.size === 0) {
            this.env.clock.cancel(this.syncTimer);
            this.syncTimer = null;
        }
    }

    /** Returns the heartbeat's error; the response travels back through the network. */
    handleHeartbeat(port: ClientPort, req: HeartbeatRequest): KafkaError {
        if (this.state === 'Dead') return NOT_HOSTED_HERE;
        if (this.delegate) return this.delegate.handleHeartbeat(port, req);
        // validateMember, looking a dynamic member up once (this runs for every heartbeat of every member).
        let m = req.groupInstanceId === null ? this.members.get(req.memberId) : undefined;
        if (m === undefined) {
            const error = this.validateMember(req.memberId, req.groupInstanceId, 'heartbeat');
            if (error !== 'NONE') return error;
        }
        if (req.generation !== this.generation) return 'ILLEGAL_GENERATION';
        m ??= this.members.get(req.memberId)!;
        m.port = port;
        switch (this.state) {
            case 'Empty':
                return 'UNKNOWN_MEMBER_ID';
            case 'PreparingRebalance':
                this.rescheduleHeartbeat(m);
                return 'REBALANCE_IN_PROGRESS';
            default:
                this.rescheduleHeartbeat(m);
                return 'NONE';
        }
    }

    handleLeave(req: LeaveGroupRequest, memberName: string): KafkaError {
        this.env.trace.event({
            at: this.now,
            kind: 'request',
            name: 'LeaveGroup',
            direction: 'to-coordinator',
            member: memberName,
            memberId: req.memberId,
            detail: `reason: ${req.reason}`
        });
        if (this.state === 'Dead') return NOT_HOSTED_HERE;
        if (this.delegate) return this.delegate.handleLeave(req, memberName);
        if (req.groupInstanceId !== null) {
            const error = this.validateMember(req.memberId, req.groupInstanceId, 'leave-group');
            if (error !== 'NONE') return error;
        }
        const pending = this.pendingJoin.get(req.memberId);
        if (pending) {
            this.env.clock.cancel(pending.timer);
            this.pendingJoin.delete(req.memberId);
            if (this.state === 'PreparingRebalance') this.maybeCompleteJoinPhase();
            return 'NONE';
        }
        const m = this.members.get(req.memberId);
        if (!m) return 'UNKNOWN_MEMBER_ID';
        this.logEvent('LeftGroup', LOG.leftGroup(this.env.groupId, req.memberId, req.reason), memberName);
        this.removedBecause.set(req.memberId, req.reason.includes('poll timeout') ? 'poll-timeout' : 'rebalance');
        this.removeMemberAndUpdateGroup(m, `Removing member ${req.memberId} on LeaveGroup; client reason: ${req.reason}`);
        return 'NONE';
    }

    /** CGrp validateOffsetCommit (kafka-semantics §1.3). */
    validateCommit(memberId: string, instanceId: string | null, generation: number): KafkaError {
        if (this.state === 'Dead') return NOT_HOSTED_HERE;
        if (this.delegate) return this.delegate.validateCommit(memberId, instanceId, generation);
        if (generation < 0 && this.state === 'Empty') return 'NONE';
        const error = this.validateMember(memberId, instanceId, 'offset-commit');
        if (error !== 'NONE') return error;
        if (generation !== this.generation) return 'ILLEGAL_GENERATION';
        if (this.state === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
        return 'NONE';
    }

    /** Whether the coordinator counts this member id as a member. */
    isMember(memberId: string): boolean {
        if (this.delegate) return this.delegate.isMember(memberId);
        return this.members.has(memberId);
    }

    /**
     * A member of the current generation: it took part in the last join phase (a static member that
     * did not rejoin is kept, but the generation's assignment may have given its partitions away).
     */
    isCurrentMember(memberId: string): boolean {
        if (this.delegate) return this.delegate.isMember(memberId);
        const m = this.members.get(memberId);
        return m !== undefined && m.joinedGeneration === this.generation;
    }

    // ---- persistence and failover -------------------------------------------------------------

    /** Write a GroupMetadata record (at Stable, at Empty, at a static replacement). */
    private persist(): void {
        this.persisted = {
            generation: this.generation,
            protocolName: this.protocolName,
            leaderId: this.leaderId,
            members: this.memberOrder.keys().map((id) => {
                const m = this.members.get(id)!;
                return this.memberRecord(m, { protocol: m.protocols.find((p) => p.name === this.protocolName) ?? null });
            })
        };
    }

    /** What a GroupMetadata record or a conversion keeps of a member; `protocols` is what each keeps of its protocols. */
    private memberRecord<P extends object>(m: GroupMember, protocols: P) {
        return {
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            name: m.name,
            rebalanceTimeoutMs: m.rebalanceTimeoutMs,
            sessionTimeoutMs: m.sessionTimeoutMs,
            ...protocols,
            assignment: m.assignment,
            rebalanceProtocol: m.rebalanceProtocol
        };
    }

    /** The coordinator moved away (onUnloaded): the group is Dead here; parked requests learn NOT_COORDINATOR. */
    unload(): void {
        this.cancelJoin();
        this.env.clock.cancel(this.syncTimer);
        for (const p of this.pendingJoin.values()) this.env.clock.cancel(p.timer);
        this.pendingJoin.clear();
        for (const m of this.members.values()) this.releaseParked(m, 'NOT_COORDINATOR');
        this.numAwaitingJoin = 0;
        this.previousState = this.state;
        this.state = 'Dead';
        // onUnloaded logs one line per group, by its type (GMM:3862-3873): while the group is a
        // consumer group this object only stands by for classic requests, and the consumer group logs.
        if (this.delegate !== null) return;
        this.env.trace.event({ at: this.now, kind: 'log', name: 'Unloading', log: this.log(`[GroupId=${this.env.groupId}] Unloading group metadata for generation ${this.generation}.`) });
    }

    // ---- conversions to and from a consumer group (kafka-semantics §4.10) -------------------------

    /**
     * convertToConsumerGroup: parked JoinGroup/SyncGroup requests get REBALANCE_IN_PROGRESS, the
     * classic group is deleted (tombstones), and its members are handed over with their last
     * assignment. Nothing is recorded as a group state: the consumer group records its own.
     */
    exportForUpgrade(): ClassicGroupSnapshot {
        const snapshot: ClassicGroupSnapshot = {
            generation: this.generation,
            protocolName: this.protocolName,
            members: this.memberOrder.keys().map((id) => {
                const m = this.members.get(id)!;
                return this.memberRecord(m, { protocols: m.protocols });
            })
        };
        for (const m of this.members.values()) this.releaseParked(m, 'REBALANCE_IN_PROGRESS');
        this.clearGroup();
        return snapshot;
    }

    /** Forget everything: the group no longer exists on this coordinator (a conversion deleted it). */
    private clearGroup(): void {
        this.cancelJoin();
        this.env.clock.cancel(this.syncTimer);
        this.syncTimer = null;
        for (const p of this.pendingJoin.values()) this.env.clock.cancel(p.timer);
        for (const m of this.members.values()) this.cancelHeartbeat(m);
        this.pendingJoin.clear();
        this.pendingSync.clear();
        this.members.clear();
        for (const id of this.memberOrder.keys()) this.memberOrder.delete(id);
        this.staticMembers.clear();
        this.supportedProtocols.clear();
        this.numAwaitingJoin = 0;
        this.newMemberAdded = false;
        this.generation = 0;
        this.protocolName = null;
        this.leaderId = null;
        this.state = 'Empty';
        this.previousState = 'Empty';
        this.persisted = null;
        this.pendingRebalance = null;
        this.currentRebalance = null;
    }

    /** Offline migration: an empty consumer group was deleted, a new classic group starts at generation 0. */
    resetToNewGroup(): void {
        this.clearGroup();
        this.recordState();
        this.env.groupChanged();
    }

    /**
     * ClassicGroup.fromConsumerGroup: the remaining classic members, with their target assignment,
     * in a Stable group whose generation is the group epoch; then, when a member's departure caused
     * the downgrade, a classic rebalance (GMM:1097-1147).
     */
    importFromConsumerGroup(snapshot: ClassicGroupSnapshot, rebalanceReason: string | null): void {
        this.clearGroup();
        this.generation = snapshot.generation;
        for (const cm of snapshot.members) {
            const m: GroupMember = {
                memberId: cm.memberId,
                groupInstanceId: cm.groupInstanceId,
                clientId: cm.clientId,
                name: cm.name,
                rebalanceTimeoutMs: cm.rebalanceTimeoutMs,
                sessionTimeoutMs: cm.sessionTimeoutMs,
                protocols: cm.protocols,
                assignment: cm.assignment,
                awaitingJoin: null,
                awaitingSync: null,
                port: null,
                isNew: false,
                hbDeadline: 0,
                hbTimer: null,
                rebalanceProtocol: cm.rebalanceProtocol,
                joinedGeneration: snapshot.generation
            };
            if (this.leaderId === null) this.leaderId = m.memberId;
            this.members.set(m.memberId, m);
            this.memberOrder.add(m.memberId);
            this.addSupported(m.protocols, 1);
            if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
        }
        this.protocolName = this.selectProtocol();
        this.state = 'Stable';
        this.previousState = 'Stable';
        this.persist();
        this.recordState();
        this.env.trace.event({ at: this.now, kind: 'state', name: 'Stable', generation: this.generation, detail: 'classic group made from the consumer group' });
        for (const m of this.members.values()) this.rescheduleHeartbeat(m);
        this.env.membershipChanged();
        this.env.groupChanged();
        if (rebalanceReason !== null) this.prepareRebalance(rebalanceReason);
    }

    /** A new coordinator replays the last GroupMetadata record (GMM replay + onLoaded). */
    load(from: PersistedGroup | null, announce = true): void {
        if (from) {
            this.generation = from.generation;
            this.protocolName = from.protocolName;
            this.leaderId = from.leaderId;
            for (const pm of from.members) {
                const m: GroupMember = {
                    memberId: pm.memberId,
                    groupInstanceId: pm.groupInstanceId,
                    clientId: pm.clientId,
                    name: pm.name,
                    rebalanceTimeoutMs: pm.rebalanceTimeoutMs,
                    sessionTimeoutMs: pm.sessionTimeoutMs,
                    // Only the elected protocol is stored (GMM replay).
                    protocols: pm.protocol ? [pm.protocol] : [],
                    assignment: pm.assignment,
                    awaitingJoin: null,
                    awaitingSync: null,
                    port: null,
                    isNew: false,
                    hbDeadline: 0,
                    hbTimer: null,
                    rebalanceProtocol: pm.rebalanceProtocol,
                    joinedGeneration: from.generation
                };
                this.members.set(m.memberId, m);
                this.memberOrder.add(m.memberId);
                this.addSupported(m.protocols, 1);
                if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
            }
            this.state = this.members.size === 0 ? 'Empty' : 'Stable';
            this.persisted = from;
        }
        this.previousState = this.state;
        this.recordState();
        if (announce) {
            this.env.trace.event({
                at: this.now,
                kind: 'state',
                name: 'GroupLoaded',
                generation: this.generation,
                log: this.log(`Loaded classic group ${this.env.groupId} with ${this.members.size} members.`)
            });
        }
        for (const m of this.members.values()) this.rescheduleHeartbeat(m);
        if (this.members.size > this.env.cluster.groupMaxSize) {
            this.prepareRebalance(
                `Freshly-loaded group ${this.env.groupId} (size ${this.members.size}) is over capacity ${this.env.cluster.groupMaxSize}. Rebalancing in order to give a chance for consumers to commit offsets`
            );
        }
        this.env.membershipChanged();
        this.env.groupChanged();
    }

    /** The rebalance record of a generation, for the engine to count moves. */
    rebalanceOf(generation: number): MutableRebalance | null {
        return this.currentRebalance && this.currentRebalance.generation === generation ? this.currentRebalance : null;
    }
}
