/**
 * Checks that follow a scenario's timeline of deploys: `start`, `restart` and
 * `rolling-restart` may carry `with { … }`, and the members come back with those settings,
 * which stay until a later deploy changes them (as the model builder resolves them). A
 * restart is judged with the settings the member was running with (its session timeout is
 * the one the coordinator holds), a `with` block with the settings it brings.
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { resolveMemberConfig } from '../../model/config.js';
import { formatDuration } from '../../model/units.js';
import { expandTargets } from '../members.js';
import { readLayer, toSettingsLayer, type WrittenLayer } from '../settings.js';
import { readDuration } from '../values.js';
import { Codes } from './codes.js';
import { checkConsumerProtocolSettings, checkHeartbeat, checkRemoteAssignorOnClassic, checkSessionBounds, OncePerNode, refusedKeys } from './group-checks.js';
import { analysedMember, type AnalysedMember, type GroupAnalysis } from './group-analysis.js';

export interface TimedEvent {
    readonly at: number;
    readonly event: ast.Event;
}

/** The member with extra layers (deploys) on top of cluster → group → member. */
function withLayers(m: AnalysedMember, extra: readonly WrittenLayer[], analysis: GroupAnalysis): AnalysedMember {
    if (extra.length === 0) return m;
    const layers = [...m.layers, ...extra];
    const config = resolveMemberConfig(m.member.name, layers.map(toSettingsLayer), analysis.subscription, m.member.index);
    return analysedMember(m.member, layers, config);
}

function isInside(node: AstNode, container: AstNode): boolean {
    for (let n: AstNode | undefined = node; n; n = n.$container) if (n === container) return true;
    return false;
}

/** The session timeout the coordinator enforces for the member: its own (classic) or the group's KIP-848 one. */
function sessionTimeoutOf(m: AnalysedMember, analysis: GroupAnalysis): number {
    return m.config.groupProtocol === 'classic' ? m.config.sessionTimeoutMs : analysis.cluster.consumerGroup.sessionTimeoutMs;
}

type DeployAction = ast.StartAction | ast.RestartAction | ast.RollingRestartAction;

function isDeployAction(action: ast.Action | undefined): action is DeployAction {
    return action?.$type === 'StartAction' || action?.$type === 'RestartAction' || action?.$type === 'RollingRestartAction';
}

/** The scenario's events with their times, in time order; events whose time does not read are left out. */
export function timedEvents(scenario: ast.Scenario): TimedEvent[] {
    const timed: TimedEvent[] = [];
    for (const event of scenario.items.filter(ast.isEvent)) {
        const at = event.time ? readDuration(event.time, false, '') : undefined;
        if (typeof at?.value === 'number' && at.problems.length === 0) timed.push({ at: at.value, event });
    }
    return timed.sort((a, b) => a.at - b.at);
}

/**
 * Walks the deploys in time order. For each start/restart, `visit` gets the targets with the
 * settings they run with before it; then the event's `with` layer is applied to them.
 */
function replayDeploys(timed: readonly TimedEvent[], analysis: GroupAnalysis, visit: (event: ast.Event, action: DeployAction, before: AnalysedMember[], layer: WrittenLayer | undefined) => void): void {
    const byName = new Map(analysis.members.map((m) => [m.member.name, m]));
    const deployed = new Map<string, WrittenLayer[]>();
    for (const { event } of timed) {
        const action = event.action;
        if (!isDeployAction(action)) continue;
        const targets = action.targets ? expandTargets(action.targets, analysis.group).flatMap((name) => byName.get(name) ?? []) : [];
        const before = targets.map((m) => withLayers(m, deployed.get(m.member.name) ?? [], analysis));
        const layer = action.with ? readLayer(action.with.properties) : undefined;
        visit(event, action, before, layer);
        if (layer) for (const m of targets) deployed.set(m.member.name, [...(deployed.get(m.member.name) ?? []), layer]);
    }
}

/** The targets of `event` with the settings they run with just before it (earlier deploys applied). */
export function membersBefore(timed: readonly TimedEvent[], analysis: GroupAnalysis, event: ast.Event): AnalysedMember[] {
    let found: AnalysedMember[] = [];
    replayDeploys(timed, analysis, (e, _action, before) => {
        if (e === event) found = before;
    });
    return found;
}

/** `timed` must be in time order. */
export function checkDeploys(timed: readonly TimedEvent[], analysis: GroupAnalysis | undefined, accept: ValidationAcceptor): void {
    if (!analysis) return;
    replayDeploys(timed, analysis, (event, action, before, layer) => {
        if (action.$type !== 'StartAction' && action.down) {
            const down = readDuration(action.down, false, '');
            if (typeof down.value === 'number' && down.problems.length === 0) checkStaticRestart(before, down.value, event, analysis, accept);
        }
        const withBlock = action.with;
        if (!withBlock || !layer) return;
        const afters = before.map((m) => withLayers(m, [layer], analysis));
        const once = new OncePerNode(accept, (node) => isInside(node, withBlock), afters);
        for (const after of afters) {
            if (after.config.groupProtocol === 'classic') {
                checkHeartbeat(after, once);
                checkSessionBounds(after, analysis.cluster, once);
                checkRemoteAssignorOnClassic(after, once);
            } else {
                checkConsumerProtocolSettings(after, once);
            }
        }
        checkKeptSettings(before, afters, withBlock, accept);
    });
}

/** Where a line is, for a message: `group orders, line 3`. */
function lineLabel(property: ast.Property): string {
    const c = property.$container;
    const where = ast.isGroup(c)
        ? `group ${c.name}`
        : ast.isConsumer(c)
          ? `consumer ${c.name}`
          : ast.isConsumerSet(c)
            ? `consumers ${c.name}[${c.from}..${c.to}]`
            : ast.isCluster(c)
              ? 'the cluster block'
              : ast.isWithBlock(c)
                ? 'an earlier deploy'
                : 'this file';
    const line = property.$cstNode ? property.$cstNode.range.start.line + 1 : undefined;
    return line === undefined ? where : `${where}, line ${line}`;
}

/**
 * A deploy that switches members to the other protocol while they keep, from a layer below
 * (group, member, cluster, an earlier deploy), a setting the new protocol refuses: the restarted
 * consumer throws a ConfigException at start (kafka-semantics.md §4.1). In real life the operator
 * deletes those lines from the consumer's config; here the deploy does it with `key = unset`.
 * Reported once per deploy, on the `with` block's `group.protocol` line, with every key and member.
 */
function checkKeptSettings(before: readonly AnalysedMember[], afters: readonly AnalysedMember[], withBlock: ast.WithBlock, accept: ValidationAcceptor): void {
    const switched = afters.filter((after, i) => after.config.groupProtocol !== before[i].config.groupProtocol);
    for (const protocol of ['consumer', 'classic'] as const) {
        const members = switched.filter((m) => m.config.groupProtocol === protocol);
        const protocolLine = members[0]?.decidedBy('group.protocol')?.property;
        if (!protocolLine || !isInside(protocolLine, withBlock)) continue;
        const kept: { key: string; lines: ast.Property[]; members: string[] }[] = [];
        for (const key of refusedKeys(protocol)) {
            const lines: ast.Property[] = [];
            const names: string[] = [];
            for (const m of members) {
                const written = m.written(key);
                if (!written || isInside(written.property, withBlock)) continue;
                if (!lines.includes(written.property)) lines.push(written.property);
                names.push(m.member.name);
            }
            if (names.length > 0) kept.push({ key, lines, members: names });
        }
        if (kept.length === 0) continue;
        const who = [...new Set(kept.flatMap((k) => k.members))];
        const settings = kept.map((k) => `\`${k.key}\` (${k.lines.map((l) => `${l.value?.$cstNode?.text ?? '?'} from ${lineLabel(l)}`).join('; ')})`).join(', ');
        const first = kept[0].key;
        accept(
            'error',
            `${who.join(', ')} ${who.length > 1 ? 'come' : 'comes'} back with group.protocol = ${protocol} but still ${who.length > 1 ? 'set' : 'sets'} ${settings}: the Kafka 4 consumer rejects ${kept.length > 1 ? 'them' : 'it'} at start (ConfigException "${first} cannot be set when group.protocol=${protocol.toUpperCase()}"), and ${who.length > 1 ? 'they never join' : 'it never joins'}. An operator deletes those lines from the consumer's config when redeploying; here, write \`${kept.map((k) => `${k.key} = unset`).join('  ')}\` in this \`with\` block.`,
            {
                node: protocolLine,
                code: Codes.consumerProtocolSetting,
                data: { code: Codes.consumerProtocolSetting, key: first, unsetInWith: kept.map((k) => k.key), members: who }
            }
        );
    }
}

/**
 * A static member that stays down at least its session timeout is expired by the coordinator
 * (classic: removed, a rebalance follows, kafka-semantics.md §3.2; KIP-848: fenced, its
 * partitions reassigned with an epoch bump, §4.9), so static membership does not save the
 * rebalance. One diagnostic per event, naming every member concerned.
 */
/**
 * A session timeout that outlasts the downtime whatever the heartbeat phase: the coordinator
 * expires a member `session` after the last heartbeat it received, which can be up to one
 * heartbeat interval before the member went down, so it needs session > down + heartbeat.
 * Rounded up to the next whole 5 seconds strictly above that.
 */
export function suggestedSession(downMs: number, members: readonly AnalysedMember[]): number {
    const heartbeat = Math.max(0, ...members.map((m) => (m.config.groupProtocol === 'classic' ? m.config.heartbeatIntervalMs : 0)));
    return (Math.floor((downMs + heartbeat) / 5000) + 1) * 5000;
}

function checkStaticRestart(members: readonly AnalysedMember[], downMs: number, event: ast.Event, analysis: GroupAnalysis, accept: ValidationAcceptor): void {
    const expired = members.filter((m) => m.config.groupInstanceId !== null && downMs >= sessionTimeoutOf(m, analysis));
    if (expired.length === 0) return;
    const sessions = [...new Set(expired.map((m) => sessionTimeoutOf(m, analysis)))];
    const who = expired.map((m) => `${m.member.name} (group.instance.id "${m.config.groupInstanceId}")`).join(', ');
    const classic = expired.some((m) => m.config.groupProtocol === 'classic');
    const consumer = expired.some((m) => m.config.groupProtocol === 'consumer');
    const consequence = [
        classic ? 'the coordinator removes a classic member at session expiry and rebalances the group' : '',
        consumer ? 'the KIP-848 coordinator fences the member at session expiry, bumps the group epoch and hands its partitions to others' : ''
    ]
        .filter(Boolean)
        .join('; ');
    const plural = expired.length > 1;
    accept(
        'warning',
        `${who} ${plural ? 'are' : 'is'} static but stay${plural ? '' : 's'} down ${formatDuration(downMs)}, not less than ${plural ? 'their' : 'its'} session timeout (${sessions.map(formatDuration).join(', ')}): ${consequence}, so static membership does not avoid the rebalance.`,
        {
            node: event,
            property: 'action',
            code: Codes.staticRestartExceedsSession,
            data: {
                code: Codes.staticRestartExceedsSession,
                downMs,
                sessionMs: Math.max(...sessions),
                suggestedSessionMs: suggestedSession(downMs, expired),
                members: expired.map((m) => m.member.name),
                protocol: consumer && !classic ? 'consumer' : classic && !consumer ? 'classic' : 'mixed'
            }
        }
    );
}
