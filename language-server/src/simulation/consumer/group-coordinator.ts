/**
 * The group coordinator for one group id, whichever protocol the group speaks (Kafka's
 * GroupMetadataManager dispatching on the group's type): a classic group (classic/coordinator.ts)
 * or a consumer group (coordinator.ts), and the moves between them (kafka-semantics.md §4.10):
 *
 * - online upgrade: the first ConsumerGroupHeartbeat (epoch 0) for a non-empty classic group
 *   converts it in place when the migration policy allows it (GMM:777-798, 1154-1214);
 * - online downgrade: when the last consumer-protocol member leaves or is fenced and only
 *   classic members remain, or a classic static member replaces the last consumer-protocol one
 *   (GMM:1050-1147);
 * - offline migration: an empty group of one type is deleted when a member of the other
 *   protocol joins (GMM:787-789, 4041, 6016-6043).
 *
 * While the group is a consumer group, the classic coordinator hands it every classic request
 * (ClassicRequestDelegate). The engine asks this object, not the classic coordinator, what the
 * group is doing.
 */
import type { ClassicCoordinator, ClassicGroupSnapshot, ClassicRequestDelegate, ClientPort } from '../classic/coordinator.js';
import type { HeartbeatRequest, JoinGroupRequest, KafkaError, LeaveGroupRequest, SyncGroupRequest } from '../classic/protocol.js';
import type { MutableRebalance } from '../trace-builder.js';
import type { DuplicateSource, GroupStateName } from '../trace.js';
import { ClassicMembers } from './classic-members.js';
import { ConsumerGroupCoordinator, type ConsumerCoordinatorEnv, type ConsumerPort } from './coordinator.js';
import { ConsumerGroup, type GroupMember } from './group.js';
import { NO_PARTS, partsOf, sortedList } from './partitions.js';
import { CP_LOG, type ConsumerGroupHeartbeatRequest } from './protocol.js';

export type GroupType = 'classic' | 'consumer';

/** What survives a coordinator move: the group's records. */
export interface PersistedGroupState {
    readonly type: GroupType;
    readonly consumerGroup: ConsumerGroup | null;
    readonly assignorName: string | null;
}

export class GroupCoordinator implements ClassicRequestDelegate {
    type: GroupType = 'classic';
    readonly consumer: ConsumerGroupCoordinator;
    private readonly classicMembers: ClassicMembers;

    constructor(
        private readonly env: ConsumerCoordinatorEnv,
        readonly classic: ClassicCoordinator
    ) {
        this.consumer = new ConsumerGroupCoordinator(env, classic.node);
        this.consumer.downgradeOnFence = (m, cause) => this.maybeDowngradeOnFence(m, cause);
        this.classicMembers = new ClassicMembers(this.consumer, (replaced, joining) => this.maybeDowngradeOnReplace(replaced, joining));
        for (const note of this.consumer.timings.notes) if (!env.trace.notes.includes(note)) env.trace.notes.push(note);
        env.cp.initialGroupType(env.clock.now, 'classic');
    }

    get node(): string {
        return this.classic.node;
    }

    private get now(): number {
        return this.env.clock.now;
    }

    // ---- what the engine asks ----------------------------------------------------------------

    get state(): GroupStateName {
        if (this.type === 'classic') return this.classic.state;
        return this.consumer.dead ? 'Dead' : this.consumer.group.state;
    }

    get generation(): number {
        return this.type === 'classic' ? this.classic.generation : this.consumer.group.groupEpoch;
    }

    get memberCount(): number {
        return this.type === 'classic' ? this.classic.members.size : this.consumer.group.members.size;
    }

    isCurrentMember(memberId: string): boolean {
        return this.type === 'classic' ? this.classic.isCurrentMember(memberId) : this.consumer.isMember(memberId);
    }

    removedBecause(memberId: string): DuplicateSource | undefined {
        return this.consumer.removedBecause.get(memberId) ?? this.classic.removedBecause.get(memberId);
    }

    /** The rebalance record of a generation (classic) or group epoch (consumer). */
    rebalanceOf(generation: number): MutableRebalance | null {
        if (this.type === 'classic') return this.classic.rebalanceOf(generation);
        const list = this.env.trace.rebalances;
        for (let i = list.length - 1; i >= 0; i--) if (list[i].generation === generation) return list[i];
        return null;
    }

    /** A consumer-protocol member still has to converge to its target (it waits in a rebalance). */
    isConverging(memberId: string): boolean {
        return this.type === 'consumer' && this.consumer.isConverging(memberId);
    }

    /** The broker's metadata changed (partitions added). */
    topicChanged(topic: string): void {
        if (this.type === 'consumer') this.consumer.topicChanged(topic);
    }

    // ---- ConsumerGroupHeartbeat -------------------------------------------------------------

    handleConsumerHeartbeat(port: ConsumerPort, req: ConsumerGroupHeartbeatRequest, sentAt: number): void {
        const c = this.consumer;
        if (c.dead || this.classic.state === 'Dead') {
            return c.reject(port, req, 'NOT_COORDINATOR', `This is not the correct coordinator for group ${this.env.groupId}.`, sentAt);
        }
        if (!this.env.cluster.rebalanceProtocols.includes('consumer')) {
            return c.reject(port, req, 'UNSUPPORTED_VERSION', 'The broker does not support the consumer group protocol (group.coordinator.rebalance.protocols).', sentAt);
        }
        const assignors = this.env.cluster.consumerGroup.assignors;
        if (req.serverAssignor !== null && !assignors.includes(req.serverAssignor)) {
            return c.reject(port, req, 'UNSUPPORTED_ASSIGNOR', `ServerAssignor ${req.serverAssignor} is not supported. Supported assignors: ${assignors.join(', ')}.`, sentAt);
        }
        c.whenFree(() => {
            if (this.type === 'classic') {
                // getOrMaybeCreateConsumerGroup: only a join may create or convert the group.
                const refused = req.memberEpoch !== 0 ? `Consumer group ${this.env.groupId} not found.` : this.classic.members.size === 0 ? null : this.upgradeRefusal();
                if (refused !== null) return c.reject(port, req, 'GROUP_ID_NOT_FOUND', refused, sentAt);
                if (this.classic.members.size === 0) this.becomeEmptyConsumerGroup();
                else this.upgrade();
            }
            c.handleHeartbeat(port, req, sentAt);
        });
    }

    /** ConsumerGroup.validateOffsetCommit for a consumer-protocol member (member epoch must match). */
    validateConsumerCommit(memberId: string, memberEpoch: number): 'NONE' | 'UNKNOWN_MEMBER_ID' | 'STALE_MEMBER_EPOCH' | 'NOT_COORDINATOR' {
        if (this.consumer.dead || this.classic.state === 'Dead') return 'NOT_COORDINATOR';
        if (this.type !== 'consumer') return 'UNKNOWN_MEMBER_ID';
        const m = this.consumer.group.members.get(memberId);
        if (!m) return 'UNKNOWN_MEMBER_ID';
        return m.memberEpoch === memberEpoch ? 'NONE' : 'STALE_MEMBER_EPOCH';
    }

    // ---- classic requests while the group is a consumer group ------------------------------

    handleJoin(port: ClientPort, req: JoinGroupRequest): boolean {
        if (this.consumer.group.members.size === 0) {
            // classicGroupJoinToClassicGroup: the empty consumer group is deleted, a new classic group takes the join.
            this.becomeNewClassicGroup();
            return false;
        }
        this.consumer.whenFree(() => this.classicMembers.handleJoin(port, req));
        return true;
    }

    handleSync(port: ClientPort, req: SyncGroupRequest, memberName: string): void {
        this.consumer.whenFree(() => this.classicMembers.handleSync(port, req, memberName));
    }

    handleHeartbeat(port: ClientPort, req: HeartbeatRequest): KafkaError {
        return this.classicMembers.handleHeartbeat(port, req);
    }

    handleLeave(req: LeaveGroupRequest, memberName: string): KafkaError {
        return this.classicMembers.handleLeave(req, memberName);
    }

    validateCommit(memberId: string, instanceId: string | null, generation: number): KafkaError {
        return this.classicMembers.validateCommit(memberId, instanceId, generation);
    }

    isMember(memberId: string): boolean {
        return this.consumer.isMember(memberId);
    }

    // ---- migration -------------------------------------------------------------------------

    private setType(type: GroupType): void {
        this.type = type;
        this.consumer.active = type === 'consumer';
        this.classic.delegate = type === 'consumer' ? this : null;
        this.env.cp.setGroupType(this.now, type);
    }

    /** validateOnlineUpgrade (GMM:1149-1168): null when the upgrade may go ahead, else why not. */
    private upgradeRefusal(): string | null {
        const policy = this.env.cluster.consumerGroup.migrationPolicy;
        if (policy !== 'bidirectional' && policy !== 'upgrade') {
            this.consumer.logEvent('UpgradeRefused', CP_LOG.upgradeDisabled(this.env.groupId));
            return `Group ${this.env.groupId} is not a consumer group`;
        }
        if (this.classic.members.size > this.env.cluster.consumerGroup.maxSize) {
            this.consumer.logEvent('UpgradeRefused', CP_LOG.upgradeTooLarge(this.env.groupId));
            return `Group ${this.env.groupId} is not a consumer group`;
        }
        return null;
    }

    /** An empty classic group is deleted; a new consumer group starts at epoch 0. */
    private becomeEmptyConsumerGroup(): void {
        this.consumer.group = new ConsumerGroup();
        this.consumer.assignorName = null;
        this.consumer.event({ kind: 'state', name: 'GroupTypeChanged', detail: 'the empty classic group is deleted: a consumer-protocol member creates a consumer group (offline migration)' });
        this.setType('consumer');
        this.consumer.recordState();
    }

    /** An empty consumer group is deleted; a new classic group (generation 0) takes the classic join. */
    private becomeNewClassicGroup(): void {
        this.consumer.cancelAllTimers();
        this.consumer.group = new ConsumerGroup();
        this.consumer.event({ kind: 'state', name: 'GroupTypeChanged', detail: 'the empty consumer group is deleted: a classic member creates a classic group (offline migration)' });
        this.setType('classic');
        this.classic.resetToNewGroup();
    }

    /** convertToConsumerGroup + ConsumerGroup.fromClassicGroup (GMM:1170-1214, CG:841-891). */
    private upgrade(): void {
        const snap = this.classic.exportForUpgrade();
        const g = new ConsumerGroup();
        g.groupEpoch = snap.generation;
        g.assignmentEpoch = snap.generation;
        const taken = new Set<string>();
        for (const cm of snap.members) {
            const metadata = (cm.protocols.find((p) => p.name === snap.protocolName) ?? cm.protocols[0])?.metadata;
            // Two members claiming one partition cannot both keep it (Kafka would refuse the conversion).
            const assignment = cm.assignment.filter((tp) => !taken.has(`${tp.topic}\u0000${tp.partition}`));
            for (const tp of assignment) taken.add(`${tp.topic}\u0000${tp.partition}`);
            const assigned = partsOf(assignment);
            const m: GroupMember = {
                memberId: cm.memberId,
                name: cm.name,
                clientId: cm.clientId,
                instanceId: cm.groupInstanceId,
                rackId: metadata?.rack ?? null,
                rebalanceTimeoutMs: cm.rebalanceTimeoutMs,
                subscribedTopics: metadata?.topics ?? [],
                serverAssignor: null,
                classic: { sessionTimeoutMs: cm.sessionTimeoutMs, protocols: cm.protocols, rebalanceProtocol: cm.rebalanceProtocol },
                memberEpoch: snap.generation,
                previousMemberEpoch: snap.generation,
                state: 'STABLE',
                assigned,
                pendingRevocation: NO_PARTS
            };
            g.target.set(m.memberId, assigned);
            g.updateMember(m);
        }
        // Kafka builds this group as a temporary one, writes its records in the temporary group's
        // iteration order (createConsumerGroupRecords) and replays them into a fresh group
        // (GMM:1170-1214, CG:898-920): the members go into the real map in that order, which reverses
        // the members that share a slot of the temporary map.
        const replayed = new ConsumerGroup();
        replayed.groupEpoch = g.groupEpoch;
        replayed.assignmentEpoch = g.assignmentEpoch;
        for (const m of g.orderedMembers()) {
            replayed.target.set(m.memberId, g.target.get(m.memberId)!);
            replayed.updateMember(m);
        }
        const c = this.consumer;
        c.group = replayed;
        c.assignorName = null;
        c.event({
            kind: 'state',
            name: 'GroupTypeChanged',
            generation: snap.generation,
            detail: `online upgrade: the classic group becomes a consumer group at epoch ${snap.generation}; its ${snap.members.length} members keep their assignment and speak the classic protocol (pending JoinGroup/SyncGroup answered REBALANCE_IN_PROGRESS)`
        });
        this.setType('consumer');
        for (const m of g.orderedMembers()) {
            c.putMember(m);
            c.scheduleSession(m.memberId, m.classic!.sessionTimeoutMs);
        }
        c.recordState();
        this.env.membershipChanged();
    }

    /** validateOnlineDowngradeWithFencedMember (GMM:1050-1066). */
    private maybeDowngradeOnFence(m: GroupMember, cause: DuplicateSource): boolean {
        const g = this.consumer.group;
        if (!g.allUseClassicExcept(m.memberId) || g.members.size <= 1) return false;
        if (!this.downgradeAllowed(g.members.size - 1)) return false;
        this.downgrade(m.memberId, null, cause);
        return true;
    }

    /** validateOnlineDowngradeWithReplacedMemberId (GMM:1075-1093). */
    private maybeDowngradeOnReplace(replacedId: string, joining: GroupMember): boolean {
        const g = this.consumer.group;
        if (!g.allUseClassicExcept(replacedId)) return false;
        const size = g.members.size + (g.members.has(replacedId) ? 0 : 1);
        if (!this.downgradeAllowed(size)) return false;
        this.downgrade(replacedId, joining, 'fenced');
        return true;
    }

    private downgradeAllowed(size: number): boolean {
        const policy = this.env.cluster.consumerGroup.migrationPolicy;
        if (policy !== 'bidirectional' && policy !== 'downgrade') {
            this.consumer.logEvent('DowngradeRefused', CP_LOG.downgradeDisabled(this.env.groupId));
            return false;
        }
        if (size > this.env.cluster.groupMaxSize) {
            this.consumer.logEvent('DowngradeRefused', CP_LOG.downgradeTooLarge(this.env.groupId));
            return false;
        }
        return true;
    }

    /** convertToClassicGroup + ClassicGroup.fromConsumerGroup (GMM:1097-1147). */
    private downgrade(leavingId: string, joining: GroupMember | null, cause: DuplicateSource): void {
        const c = this.consumer;
        const g = c.group;
        const members = g.orderedMembers().filter((m) => m.memberId !== leavingId && m.memberId !== joining?.memberId);
        if (joining) members.push(joining);
        const leavingTarget = g.target.get(leavingId) ?? NO_PARTS;
        const snapshot: ClassicGroupSnapshot = {
            generation: g.groupEpoch,
            protocolName: null,
            members: members.map((m) => ({
                memberId: m.memberId,
                groupInstanceId: m.instanceId,
                clientId: m.clientId,
                name: m.name,
                rebalanceTimeoutMs: m.rebalanceTimeoutMs,
                sessionTimeoutMs: m.classic!.sessionTimeoutMs,
                protocols: m.classic!.protocols,
                // The joining static member takes the assignment of the member it replaces.
                assignment: sortedList(m === joining ? leavingTarget : (g.target.get(m.memberId) ?? NO_PARTS)),
                rebalanceProtocol: m.classic!.rebalanceProtocol
            }))
        };
        c.event({
            kind: 'state',
            name: 'GroupTypeChanged',
            generation: g.groupEpoch,
            detail: `online downgrade: the last consumer-protocol member is gone; the group becomes a classic group at generation ${g.groupEpoch}${joining ? '' : ' and rebalances'}`
        });
        c.cancelAllTimers();
        for (const m of g.orderedMembers()) c.dropMember(m.memberId, cause);
        for (const m of members) c.removedBecause.delete(m.memberId);
        c.group = new ConsumerGroup();
        this.setType('classic');
        this.classic.importFromConsumerGroup(snapshot, joining ? null : CP_LOG.downgradeReason(this.env.groupId));
        this.env.membershipChanged();
    }

    // ---- failover ---------------------------------------------------------------------------

    persisted(): PersistedGroupState {
        return { type: this.type, consumerGroup: this.type === 'consumer' ? this.consumer.group : null, assignorName: this.consumer.assignorName };
    }

    unload(): void {
        if (this.type === 'consumer') this.consumer.unload();
        else {
            this.consumer.cancelAllTimers();
            this.consumer.dead = true;
        }
    }

    /** A new coordinator loads the group: the classic coordinator loads a classic group itself. */
    load(from: PersistedGroupState, classicPersisted: Parameters<ClassicCoordinator['load']>[0]): void {
        if (from.type === 'consumer' && from.consumerGroup) {
            this.classic.load(null, false);
            this.type = 'consumer';
            this.consumer.active = true;
            this.classic.delegate = this;
            this.consumer.load(from.consumerGroup, from.assignorName);
            this.env.membershipChanged();
            return;
        }
        this.classic.load(classicPersisted);
    }
}
