/**
 * Checks that combine a member's settings or compare the members of a group, the way the
 * Kafka client (at construction) and the broker (at JoinGroup) would.
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { formatDuration, formatRate } from '../../model/units.js';
import { PROPERTIES } from '../../model/properties.js';
import { readLayer, setIn } from '../settings.js';
import { setBounds } from '../members.js';
import { Codes, type Code } from './codes.js';
import { rebalanceMode, type AnalysedMember, type GroupAnalysis } from './group-analysis.js';
import type { ClusterConfig } from '../../model/simulation-input.js';

/**
 * Reports each (node, code) once, however many members of a set share the problem. With
 * `only`, reports only problems whose node passes it (a deploy reports what its own `with`
 * block causes, not what the group already has).
 */
export class OncePerNode {
    private readonly seen = new Set<string>();
    constructor(
        private readonly accept: ValidationAcceptor,
        private readonly only?: (node: AstNode) => boolean,
        /** Every member being checked, to name all those a shared line affects. */
        readonly peers: readonly AnalysedMember[] = []
    ) {}
    report(severity: 'error' | 'warning' | 'info', message: string, node: AstNode, code: Code, property?: string, data?: Record<string, unknown>): void {
        if (this.only && !this.only(node)) return;
        const key = `${code}@${node.$cstNode?.offset ?? -1}:${node.$type}`;
        if (this.seen.has(key)) return;
        this.seen.add(key);
        this.accept(severity, message, { node, property: property as never, code, data: { code, ...data } });
    }
}

/** A member by name; a member of a set by its set (`worker[1..6]`), since a set's problems are reported once, on the set. */
function memberLabel(m: AnalysedMember): string {
    const node = m.member.node;
    return ast.isConsumerSet(node) ? `${node.name}[${node.from}..${node.to}]` : m.member.name;
}

/**
 * Who a diagnostic on `node` concerns: every member for which that line is the one in force
 * (a group's line is shared by the members that do not override it), else `m` alone.
 */
function concerned(m: AnalysedMember, node: AstNode, once: OncePerNode): string {
    if (!ast.isProperty(node)) return memberLabel(m);
    const sharing = once.peers.filter((p) => p.decidedBy(node.key)?.property === node);
    if (sharing.length === 0) return memberLabel(m);
    // A whole set is named as the set; part of one (a deploy to worker2 only) by its members.
    const labels: string[] = [];
    for (const p of sharing) {
        const set = p.member.node;
        const whole = ast.isConsumerSet(set) && sharing.filter((q) => q.member.node === set).length === setSize(set);
        const label = whole ? memberLabel(p) : p.member.name;
        if (!labels.includes(label)) labels.push(label);
    }
    return labels.join(', ');
}

function setSize(set: ast.ConsumerSet): number {
    const bounds = setBounds(set);
    return bounds ? bounds.to - bounds.from + 1 : 0;
}

function plural(m: AnalysedMember, node: AstNode, once: OncePerNode): boolean {
    const who = concerned(m, node, once);
    return who.includes(',') || who.includes('[');
}

function joins(m: AnalysedMember, node: AstNode, once: OncePerNode): string {
    return plural(m, node, once) ? 'join' : 'joins';
}

/**
 * The line that decided the member's `key` (a `key = unset` line, when that is what gave it
 * Kafka's default over a value written below), or the member's declaration.
 */
function blame(m: AnalysedMember, key: string): { node: AstNode; property?: string } {
    const written = m.decidedBy(key);
    return written ? { node: written.property, property: 'value' } : { node: m.member.node, property: 'name' };
}

/** The innermost layer (cluster 0, group 1, member 2, deploys after) that writes `key`, or -1. */
function layerOf(m: AnalysedMember, key: string): number {
    for (let i = m.layers.length - 1; i >= 0; i--) if (m.layers[i].has(key)) return i;
    return -1;
}

/**
 * Of two settings that together cause a problem, the one written closest to the member: a
 * member's override is what made the combination bad for it (the group's line is shared with
 * members that are fine). On a tie, the first key.
 */
function blameEither(m: AnalysedMember, first: string, second: string): { node: AstNode; property?: string } {
    return layerOf(m, second) > layerOf(m, first) ? blame(m, second) : blame(m, first);
}

/** A heartbeat safely below a third of the session timeout, in whole seconds where possible. */
export function suggestedHeartbeat(sessionMs: number): number {
    const third = sessionMs / 3;
    const seconds = Math.ceil(third / 1000) - 1;
    if (seconds >= 1) return seconds * 1000;
    return Math.max(1, Math.ceil(third) - 1);
}

export function checkGroup(analysis: GroupAnalysis, accept: ValidationAcceptor): void {
    const once = new OncePerNode(accept, undefined, analysis.members);
    const classic = analysis.members.filter((m) => m.config.groupProtocol === 'classic');
    const consumer = analysis.members.filter((m) => m.config.groupProtocol === 'consumer');

    for (const m of classic) checkHeartbeat(m, once);
    for (const m of classic) checkSessionBounds(m, analysis.cluster, once);
    for (const m of classic) checkRemoteAssignorOnClassic(m, once);
    for (const m of consumer) checkConsumerProtocolSettings(m, once);
    checkMixedProtocol(classic, once);
    checkCommonAssignor(classic, analysis.group, once);
    for (const m of analysis.members) checkPollBudget(m, once);
    checkCapacity(analysis, once);
    checkDuplicateInstanceIds(analysis.members, once);
    checkConsumerGroupBounds(analysis, once);
}

export function checkHeartbeat(m: AnalysedMember, once: OncePerNode): void {
    const hb = m.config.heartbeatIntervalMs;
    const session = m.config.sessionTimeoutMs;
    const where = blameEither(m, 'heartbeat.interval.ms', 'session.timeout.ms');
    if (hb >= session) {
        once.report(
            'error',
            `heartbeat.interval.ms (${formatDuration(hb)}) must be lower than session.timeout.ms (${formatDuration(session)}): the Kafka consumer refuses to start ("Failed to construct kafka consumer", caused by IllegalArgumentException "Heartbeat must be set lower than the session timeout"), and ${concerned(m, where.node, once)} never ${joins(m, where.node, once)}.`,
            where.node,
            Codes.heartbeatNotBelowSession,
            where.property,
            { heartbeatMs: suggestedHeartbeat(session), sessionMs: session }
        );
    } else if (3 * hb >= session) {
        once.report(
            'warning',
            `heartbeat.interval.ms (${formatDuration(hb)}) is not below a third of session.timeout.ms (${formatDuration(session)}): one or two lost heartbeats and the coordinator removes ${concerned(m, where.node, once)} and rebalances the group. Kafka recommends at most a third.`,
            where.node,
            Codes.heartbeatRatio,
            where.property,
            { heartbeatMs: suggestedHeartbeat(session), sessionMs: session }
        );
    }
}

export function checkSessionBounds(m: AnalysedMember, cluster: ClusterConfig, once: OncePerNode): void {
    const session = m.config.sessionTimeoutMs;
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = cluster;
    if (session >= min && session <= max) return;
    const where = blame(m, 'session.timeout.ms');
    const bound = session < min ? `below the broker's group.min.session.timeout.ms (${formatDuration(min)})` : `above the broker's group.max.session.timeout.ms (${formatDuration(max)})`;
    once.report(
        'error',
        `session.timeout.ms (${formatDuration(session)}) is ${bound}: JoinGroup fails with INVALID_SESSION_TIMEOUT, fatal for ${concerned(m, where.node, once)}.`,
        where.node,
        Codes.sessionTimeoutRange,
        where.property,
        { sessionMs: Math.min(Math.max(session, min), max) }
    );
}

const MOVED_TO_BROKER: Record<string, string> = {
    'partition.assignment.strategy': 'group.remote.assignor',
    'session.timeout.ms': 'group.consumer.session.timeout.ms',
    'heartbeat.interval.ms': 'group.consumer.heartbeat.interval.ms'
};

/** The client settings the Kafka 4 consumer refuses under `protocol` (ConsumerConfig's checks, kafka-semantics.md §4.1). */
export function refusedKeys(protocol: 'classic' | 'consumer'): readonly string[] {
    return protocol === 'consumer' ? Object.keys(MOVED_TO_BROKER) : ['group.remote.assignor'];
}

/**
 * Who a refused line concerns: the members of `protocol` for which it is the line in force, and
 * whether members of the other protocol run with it too (then the line is right for them, and
 * the fix is to unset the key for the others, not to delete it).
 */
function refusedLineUsers(m: AnalysedMember, key: string, property: ast.Property, once: OncePerNode): { members: string[]; sharedWithOthers: boolean } {
    const sharing = once.peers.filter((p) => p.written(key)?.property === property);
    const same = sharing.filter((p) => p.config.groupProtocol === m.config.groupProtocol);
    const members = [...new Set((same.length ? same : [m]).map((p) => p.member.name))];
    return { members, sharedWithOthers: sharing.some((p) => p.config.groupProtocol !== m.config.groupProtocol) };
}

function unsetAdvice(key: string, users: { members: string[]; sharedWithOthers: boolean }): string {
    return users.sharedWithOthers ? ` The line is right for the members of the other protocol that share it; write \`${key} = unset\` for ${users.members.join(', ')} instead of deleting it.` : '';
}

export function checkConsumerProtocolSettings(m: AnalysedMember, once: OncePerNode): void {
    for (const [key, replacement] of Object.entries(MOVED_TO_BROKER)) {
        // An `unset` line is not a setting: Kafka's check sees the key as absent.
        const written = m.written(key);
        if (!written) continue;
        const where = replacement === 'group.remote.assignor' ? `the member's \`${replacement}\`` : `the broker's \`${replacement}\` (or the group config \`${replacement.replace('group.', '')}\`)`;
        const users = refusedLineUsers(m, key, written.property, once);
        once.report(
            'error',
            `With group.protocol = consumer (KIP-848), \`${key}\` is a broker-side setting: the Kafka 4 consumer rejects it at start ("${key} cannot be set when group.protocol=CONSUMER"). Use ${where}.${unsetAdvice(key, users)}`,
            written.property,
            Codes.consumerProtocolSetting,
            'key',
            { key, replacement, ...users }
        );
    }
}

/** Kafka's ConsumerConfig refuses `group.remote.assignor` on a classic consumer (checkGroupRemoteAssignor). */
export function checkRemoteAssignorOnClassic(m: AnalysedMember, once: OncePerNode): void {
    const written = m.written('group.remote.assignor');
    if (!written) return;
    const users = refusedLineUsers(m, 'group.remote.assignor', written.property, once);
    once.report(
        'error',
        `\`group.remote.assignor\` is a KIP-848 setting: with group.protocol = classic the Kafka consumer rejects it at start (ConfigException "group.remote.assignor cannot be set when group.protocol=CLASSIC"), and ${concerned(m, written.property, once)} never ${joins(m, written.property, once)}. Set \`group.protocol = consumer\` too, or use \`partition.assignment.strategy\`.${unsetAdvice('group.remote.assignor', users)}`,
        written.property,
        Codes.consumerProtocolSetting,
        'key',
        { key: 'group.remote.assignor', replacement: 'partition.assignment.strategy', ...users }
    );
}

function checkMixedProtocol(classic: readonly AnalysedMember[], once: OncePerNode): void {
    const eager = classic.filter((m) => rebalanceMode(m.config) === 'EAGER');
    const cooperative = classic.filter((m) => rebalanceMode(m.config) === 'COOPERATIVE');
    if (eager.length === 0 || cooperative.length === 0) return;
    const holdouts = [...new Set(eager.map(memberLabel))];
    for (const m of eager) {
        const eagerOnly = m.config.assignors.filter((a) => a !== 'cooperative-sticky');
        once.report(
            'warning',
            `${memberLabel(m)} runs the EAGER protocol: its assignors [${m.config.assignors.join(', ')}] include ${eagerOnly.join(', ')}, which ${eagerOnly.length > 1 ? 'support' : 'supports'} only EAGER, so it revokes all its partitions at every rebalance while the cooperative members revoke only what moves. The group is not cooperative until every member lists only cooperative assignors; held back by: ${holdouts.join(', ')}.`,
            m.member.node,
            Codes.mixedProtocol,
            'name',
            { assignors: m.config.assignors }
        );
    }
}

function checkCommonAssignor(classic: readonly AnalysedMember[], group: ast.Group, once: OncePerNode): void {
    if (classic.length < 2) return;
    let common = new Set(classic[0].config.assignors);
    for (const m of classic.slice(1)) common = new Set(m.config.assignors.filter((a) => common.has(a)));
    if (common.size > 0) return;
    const lists = new Map<string, string[]>();
    for (const m of classic) {
        const key = `[${m.config.assignors.join(', ')}]`;
        const names = lists.get(key) ?? [];
        if (!names.includes(memberLabel(m))) names.push(memberLabel(m));
        lists.set(key, names);
    }
    const detail = [...lists].map(([list, names]) => `${names.join(', ')}: ${list}`).join('; ');
    once.report(
        'error',
        `No assignor is supported by every member (${detail}): the coordinator rejects the JoinGroup of whoever arrives second with INCONSISTENT_GROUP_PROTOCOL, which is fatal for that consumer.`,
        group,
        Codes.noCommonAssignor,
        'name'
    );
}

/** What a poll timeout does to the member (kafka-semantics.md §2.6, §4.6). */
export function pollTimeoutConsequence(m: AnalysedMember): string {
    const dynamic = m.config.groupInstanceId === null;
    if (m.config.groupProtocol === 'consumer') {
        return dynamic ? 'it leaves the group (epoch -1) and rejoins at its next poll' : 'it leaves temporarily (epoch -2) and rejoins at its next poll';
    }
    return dynamic
        ? 'it sends LeaveGroup (a rebalance) and joins again as a new member when the batch ends (another one)'
        : `it stops heartbeating (a static member sends no LeaveGroup) and is removed session.timeout.ms (${formatDuration(m.config.sessionTimeoutMs)}) after its last heartbeat unless its next poll comes first`;
}

function checkPollBudget(m: AnalysedMember, once: OncePerNode): void {
    const batchMs = m.config.maxPollRecords * m.config.processTimePerRecordMs;
    if (batchMs <= m.config.maxPollIntervalMs) return;
    const where = blameEither(m, 'process.time.per.record', 'max.poll.records');
    once.report(
        'warning',
        `A full batch takes ${formatDuration(batchMs)} (max.poll.records ${m.config.maxPollRecords} × ${formatDuration(m.config.processTimePerRecordMs)} per record), longer than max.poll.interval.ms (${formatDuration(m.config.maxPollIntervalMs)}): the poll timer of ${concerned(m, where.node, once)} expires in the middle of every full batch: ${pollTimeoutConsequence(m)}.`,
        where.node,
        Codes.pollBudget,
        where.property
    );
}

interface TopicFacts {
    readonly partitions: number;
    readonly rate: number;
    readonly hottestShare: number;
}

function topicFacts(topic: ast.Topic): TopicFacts {
    const layer = readLayer(topic.properties);
    const partitions = (layer.get('partitions')?.value as number | undefined) ?? (PROPERTIES.get('partitions')!.default as number);
    const rate = (layer.get('produce')?.value as number | undefined) ?? 0;
    const skew = layer.get('key.skew')?.value as { kind: string; exponent?: number } | undefined;
    let hottestShare = 1 / partitions;
    if (skew?.kind === 'zipf' && skew.exponent) {
        let total = 0;
        for (let k = 1; k <= partitions; k++) total += 1 / Math.pow(k, skew.exponent);
        hottestShare = 1 / total;
    }
    return { partitions, rate, hottestShare };
}

function checkCapacity(analysis: GroupAnalysis, once: OncePerNode): void {
    const group = analysis.group;
    const topics = new Map<string, TopicFacts>();
    for (const item of group.items) {
        if (!ast.isSubscription(item)) continue;
        for (const ref of item.topics) if (ref.ref) topics.set(ref.ref.name, topicFacts(ref.ref));
    }
    if (topics.size === 0 || analysis.members.length === 0) return;
    const partitions = [...topics.values()].reduce((n, t) => n + t.partitions, 0);
    const members = analysis.members.length;
    if (members > partitions) {
        once.report(
            'info',
            `${members} members share ${partitions} subscribed partitions: ${members - partitions} will sit idle with nothing assigned (a partition goes to one member at a time).`,
            group,
            Codes.idleMembers,
            'name'
        );
    }
    const rate = [...topics.values()].reduce((n, t) => n + t.rate, 0);
    if (rate <= 0) return;
    const perMember = analysis.members.map((m) => (m.config.processTimePerRecordMs > 0 ? 1000 / m.config.processTimePerRecordMs : Infinity)).sort((a, b) => b - a);
    const capacity = perMember.slice(0, Math.min(members, partitions)).reduce((n, c) => n + c, 0);
    if (capacity < rate) {
        once.report(
            'warning',
            `The group cannot keep up: ${formatRate(rate)} produced, but ${members} members process at most ${formatRate(Math.floor(capacity))} (process.time.per.record). Lag grows without bound.`,
            group,
            Codes.underProvisioned,
            'name',
            { capacity, rate }
        );
        return;
    }
    const fastest = perMember[0];
    for (const [name, t] of topics) {
        const hottest = t.rate * t.hottestShare;
        if (hottest > fastest) {
            once.report(
                'warning',
                `The hottest partition of ${name} gets ${formatRate(Math.round(hottest))}, more than one member can process (${formatRate(Math.floor(fastest))}): its lag grows without bound whoever owns it.`,
                group,
                Codes.underProvisioned,
                'name',
                { capacity: fastest, rate: hottest }
            );
        }
    }
}

function checkDuplicateInstanceIds(members: readonly AnalysedMember[], once: OncePerNode): void {
    const byId = new Map<string, AnalysedMember[]>();
    for (const m of members) {
        const id = m.config.groupInstanceId;
        if (id === null) continue;
        byId.set(id, [...(byId.get(id) ?? []), m]);
    }
    for (const [id, sharing] of byId) {
        if (sharing.length < 2) continue;
        const names = sharing.map((m) => m.member.name);
        for (const m of sharing) {
            const where = blame(m, 'group.instance.id');
            once.report(
                'error',
                `group.instance.id "${id}" is shared by ${names.join(', ')}: only one live process may hold a static id. Classic: the newcomer takes over and the other is fenced (FENCED_INSTANCE_ID); KIP-848: the newcomer is rejected (UNRELEASED_INSTANCE_ID).${m.member.index !== undefined ? ' Use `{i}` in a `consumers` set to give each member its own id.' : ''}`,
                where.node,
                Codes.duplicateInstanceId,
                where.property
            );
        }
    }
}

function checkConsumerGroupBounds(analysis: GroupAnalysis, once: OncePerNode): void {
    const cg = analysis.cluster.consumerGroup;
    const checks: [string, number, number, number][] = [
        ['consumer.session.timeout.ms', cg.sessionTimeoutMs, cg.minSessionTimeoutMs, cg.maxSessionTimeoutMs],
        ['consumer.heartbeat.interval.ms', cg.heartbeatIntervalMs, cg.minHeartbeatIntervalMs, cg.maxHeartbeatIntervalMs]
    ];
    // The line that gives the value: the group config, else the broker key (`unset` lines give none).
    const gLayer = readLayer(analysis.group.items.filter(ast.isProperty));
    const lineOf = (key: string) => setIn(gLayer, key)?.property ?? setIn(analysis.clusterLayer, `group.${key}`)?.property;
    for (const [key, value, min, max] of checks) {
        const written = lineOf(key);
        if (!written || (value >= min && value <= max)) continue;
        once.report(
            'error',
            `${written.key} = ${formatDuration(value)} is outside the broker's bounds [${formatDuration(min)}, ${formatDuration(max)}]: the coordinator rejects it (INVALID_CONFIG / INVALID_REQUEST).`,
            written,
            Codes.consumerGroupBounds,
            'value'
        );
    }
    if (cg.heartbeatIntervalMs >= cg.sessionTimeoutMs) {
        const written = lineOf('consumer.heartbeat.interval.ms');
        if (written) {
            once.report('error', `The KIP-848 heartbeat interval (${formatDuration(cg.heartbeatIntervalMs)}) must be lower than the session timeout (${formatDuration(cg.sessionTimeoutMs)}).`, written, Codes.consumerGroupBounds, 'value');
        }
    }
}
