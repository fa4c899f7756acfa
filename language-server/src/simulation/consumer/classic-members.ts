/**
 * Classic-protocol members inside a consumer group (kafka-semantics.md §4.10, Kafka's
 * classicGroup{Join,Sync,Heartbeat,Leave}ToConsumerGroup): JoinGroup is answered at once with
 * `generation = member epoch` and the server-side assignor's decision (there is no join
 * barrier); Heartbeat answers REBALANCE_IN_PROGRESS when the member must catch up, revoke, or
 * can now take partitions that were released; SyncGroup returns what the member is assigned.
 */
import type { ClientPort } from '../classic/coordinator.js';
import type { HeartbeatRequest, JoinGroupRequest, JoinGroupResponse, KafkaError, LeaveGroupRequest, SyncGroupRequest, SyncGroupResponse } from '../classic/protocol.js';
import { GroupError, type ConsumerGroupCoordinator } from './coordinator.js';
import type { GroupMember } from './group.js';
import { randomKafkaUuid } from './ids.js';
import { partsOf, sortedList } from './partitions.js';
import { CP_LOG } from './protocol.js';

type ClassicError = KafkaError;

/** Converts the group to classic when a classic static member replaces the last consumer-protocol one (GMM:2060-2071). */
export type DowngradeOnReplace = (replacedMemberId: string, joining: GroupMember) => boolean;

export class ClassicMembers {
    constructor(
        private readonly core: ConsumerGroupCoordinator,
        private readonly downgradeOnReplace: DowngradeOnReplace
    ) {}

    private get group() {
        return this.core.group;
    }

    /** The member traces its JoinGroup and SyncGroup messages itself (docs/trace-format.md, events). */
    private respondJoin(port: ClientPort, resp: JoinGroupResponse): void {
        this.core.env.reply(port, () => port.onJoinResponse(resp));
    }

    private joinError(port: ClientPort, req: JoinGroupRequest, memberId: string, error: ClassicError): void {
        this.respondJoin(port, { error, memberId, generation: -1, protocolName: null, leader: null, skipAssignment: false, members: [] });
    }

    /** A classic member's current member, validated (validateConsumerGroupMember + classic checks). */
    private classicMember(memberId: string, instanceId: string | null): GroupMember {
        const g = this.group;
        let m: GroupMember | undefined;
        if (instanceId === null) {
            m = g.members.get(memberId);
            if (!m) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${this.core.env.groupId}.`);
        } else {
            m = g.staticMember(instanceId);
            if (!m) throw new GroupError('UNKNOWN_MEMBER_ID', `Member with instance id ${instanceId} is not a member of group ${this.core.env.groupId}.`);
            if (m.memberId !== memberId) {
                this.core.logEvent('StaticMemberFenced', CP_LOG.staticFenced(this.core.env.groupId, memberId, instanceId, m.memberId), m.name);
                throw new GroupError('FENCED_INSTANCE_ID', `Static member ${memberId} with instance id ${instanceId} was fenced by member ${m.memberId}.`);
            }
        }
        if (!m.classic) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${m.memberId} does not use the classic protocol.`);
        return m;
    }

    /** classicGroupJoinToConsumerGroup (GMM:1902-2104). */
    handleJoin(port: ClientPort, req: JoinGroupRequest): void {
        const core = this.core;
        const g = this.group;
        const unknown = req.memberId === '';
        const memberId = unknown ? randomKafkaUuid(core.env.rng) : req.memberId;
        try {
            core.throwIfFull(memberId);
            if (!g.supportsClassicProtocols(req.protocols)) throw new GroupError('INCONSISTENT_GROUP_PROTOCOL', `Member ${memberId}'s protocols are not supported.`);
            if (unknown && req.groupInstanceId === null) {
                // KIP-394 still applies: the member comes back with the id (no pending-member bookkeeping here).
                // The broker's line now; the client traces the response when it arrives.
                core.event({
                    kind: 'log',
                    name: 'MemberIdRequired',
                    member: req.memberName,
                    memberId,
                    log: core.log(CP_LOG.classicMemberIdRequired(core.env.groupId, memberId))
                });
                const resp: JoinGroupResponse = { error: 'MEMBER_ID_REQUIRED', memberId, generation: -1, protocolName: null, leader: null, skipAssignment: false, members: [] };
                core.env.reply(port, () => port.onJoinResponse(resp));
                return;
            }
            const existingStaticId = req.groupInstanceId === null ? null : (g.staticMembers.get(req.groupInstanceId) ?? null);
            const { member, replaces, isNew } = core.resolveMember(memberId, req.memberName, req.clientId, req.groupInstanceId, req.groupInstanceId === null || unknown, true, () => {});
            const sub = req.protocols[0].metadata;
            let updated: GroupMember = {
                ...member,
                name: req.memberName,
                instanceId: req.groupInstanceId ?? member.instanceId,
                rackId: sub.rack ?? member.rackId,
                rebalanceTimeoutMs: req.rebalanceTimeoutMs !== -1 ? req.rebalanceTimeoutMs : member.rebalanceTimeoutMs,
                subscribedTopics: sub.topics,
                classic: { sessionTimeoutMs: req.sessionTimeoutMs, protocols: req.protocols, rebalanceProtocol: req.rebalanceProtocol }
            };
            const order = core.specOrder(updated.memberId, replaces?.memberId ?? null);
            core.applyReplacement(replaces, updated);
            const reason = isNew ? `classic member ${req.memberName} (${updated.memberId}) joined` : `classic member ${req.memberName} changed its subscription`;
            const target = core.bumpAndAssign({ previous: member, updated, replaces, isNew }, reason, order);
            // An EAGER client owns nothing here (it revoked everything before joining): nothing to wait for.
            updated = core.reconcileMember(updated, target, partsOf(sub.owned));
            const downgrade = existingStaticId !== null && this.downgradeOnReplace(existingStaticId, updated);
            if (!downgrade) core.putMember(updated);
            if (isNew || replaces) core.env.membershipChanged();
            const resp: JoinGroupResponse = {
                error: 'NONE',
                memberId: updated.memberId,
                generation: updated.memberEpoch,
                protocolName: req.protocols[0].name,
                leader: null,
                skipAssignment: false,
                members: []
            };
            core.cancelTimer(updated.memberId, 'join');
            if (!downgrade) {
                core.scheduleSession(updated.memberId, req.sessionTimeoutMs);
                core.scheduleSyncTimeout(updated.memberId, req.rebalanceTimeoutMs);
                core.recordState();
            }
            core.env.groupChanged();
            core.whenFree(() => this.respondJoin(port, resp));
        } catch (e) {
            if (!(e instanceof GroupError)) throw e;
            this.joinError(port, req, memberId, e.code as ClassicError);
        }
    }

    /** classicGroupSyncToConsumerGroup (GMM:5361-5392). */
    handleSync(port: ClientPort, req: SyncGroupRequest, _memberName: string): void {
        const core = this.core;
        let resp: SyncGroupResponse;
        try {
            const m = this.classicMember(req.memberId, req.groupInstanceId);
            if (req.generation !== m.memberEpoch) {
                throw new GroupError('ILLEGAL_GENERATION', `The request generation id ${req.generation} is not equal to the member epoch ${m.memberEpoch} of member ${m.memberId}.`);
            }
            const protocolName = m.classic!.protocols[0]?.name ?? null;
            if (req.protocolName !== null && req.protocolName !== protocolName) {
                throw new GroupError('INCONSISTENT_GROUP_PROTOCOL', `The protocol name ${req.protocolName} from member ${m.memberId} request is not equal to the protocol name ${protocolName} returned in the join response.`);
            }
            this.throwIfRebalanceInProgress(m);
            core.cancelTimer(m.memberId, 'sync');
            core.scheduleSession(m.memberId, m.classic!.sessionTimeoutMs);
            resp = { error: 'NONE', assignment: sortedList(m.assigned) };
        } catch (e) {
            if (!(e instanceof GroupError)) throw e;
            resp = { error: e.code as ClassicError, assignment: [] };
        }
        core.env.reply(port, () => port.onSyncResponse(resp));
    }

    /** throwIfRebalanceInProgress: a member behind the group epoch rejoins first, unless it is revoking. */
    private throwIfRebalanceInProgress(m: GroupMember): void {
        if (this.group.groupEpoch > m.memberEpoch && m.state !== 'UNREVOKED_PARTITIONS') {
            this.core.scheduleJoinTimeoutIfAbsent(m.memberId, m.rebalanceTimeoutMs);
            throw new GroupError('REBALANCE_IN_PROGRESS', `A new rebalance is triggered in group ${this.core.env.groupId} and member ${m.memberId} should rejoin to catch up.`);
        }
    }

    /** classicGroupHeartbeatToConsumerGroup (GMM:5617-5648). */
    handleHeartbeat(_port: ClientPort, req: HeartbeatRequest): ClassicError {
        const core = this.core;
        const g = this.group;
        try {
            const m = this.classicMember(req.memberId, req.groupInstanceId);
            if (req.generation !== m.memberEpoch) return 'ILLEGAL_GENERATION';
            core.scheduleSession(m.memberId, m.classic!.sessionTimeoutMs);
            if (m.memberEpoch < g.groupEpoch || m.state === 'UNREVOKED_PARTITIONS' || (m.state === 'UNRELEASED_PARTITIONS' && !g.waitingOnUnreleasedPartition(m))) {
                core.scheduleJoinTimeoutIfAbsent(m.memberId, m.rebalanceTimeoutMs);
                return 'REBALANCE_IN_PROGRESS';
            }
            return 'NONE';
        } catch (e) {
            if (!(e instanceof GroupError)) throw e;
            return e.code as ClassicError;
        }
    }

    /** classicGroupLeaveToConsumerGroup (GMM:5717-5790): no downgrade here, the leaver speaks classic. */
    handleLeave(req: LeaveGroupRequest, memberName: string): ClassicError {
        const core = this.core;
        try {
            const m = req.groupInstanceId === null ? this.group.members.get(req.memberId) : this.group.staticMember(req.groupInstanceId);
            if (!m) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${core.env.groupId}.`);
            if (req.groupInstanceId !== null && req.memberId !== '' && m.memberId !== req.memberId) {
                throw new GroupError('FENCED_INSTANCE_ID', `Static member ${req.memberId} with instance id ${req.groupInstanceId} was fenced by member ${m.memberId}.`);
            }
            if (!m.classic) throw new GroupError('UNKNOWN_MEMBER_ID', `Member ${m.memberId} does not use the classic protocol.`);
            core.logEvent(
                'LeftGroup',
                req.groupInstanceId === null
                    ? CP_LOG.classicLeft(core.env.groupId, m.memberId, req.reason)
                    : CP_LOG.classicStaticLeft(core.env.groupId, m.memberId, req.groupInstanceId, req.reason),
                memberName
            );
            core.dropMember(m.memberId, req.reason.includes('poll timeout') ? 'poll-timeout' : 'rebalance');
            core.group.subscriptionMetadata = core.subscriptionMetadataFor(core.group.members.values());
            core.bumpEpoch(`classic member ${m.name} (${m.memberId}) left the group`, false, core.group.members.size === 0);
            core.recordState();
            core.env.membershipChanged();
            core.env.groupChanged();
            return 'NONE';
        } catch (e) {
            if (!(e instanceof GroupError)) throw e;
            return e.code as ClassicError;
        }
    }

    /** ConsumerGroup.validateOffsetCommit for a classic member: its generation must be its member epoch. */
    validateCommit(memberId: string, _instanceId: string | null, generation: number): ClassicError {
        const g = this.group;
        if (generation < 0 && g.members.size === 0) return 'NONE';
        const m = g.members.get(memberId);
        if (!m) return 'UNKNOWN_MEMBER_ID';
        return generation === m.memberEpoch ? 'NONE' : 'ILLEGAL_GENERATION';
    }
}
