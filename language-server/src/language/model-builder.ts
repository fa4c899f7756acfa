/**
 * From a checked `.rebal` scenario to the engine's SimulationInput: names resolved, values in
 * milliseconds and records per second, Kafka's defaults applied, member sets expanded, deploy
 * settings (`with { … }`) resolved per member in timeline order. `key = unset` in any layer
 * (a deploy's `with`, a `slow`, a member, the group) gives the member Kafka's default for the key,
 * whatever lower layers wrote (settings.ts).
 */
import { AstUtils, type AstNode, type LangiumDocuments } from 'langium';
import * as ast from './generated/ast.js';
import { resolveClusterConfig, resolveMemberConfig, resolveSkew, type SettingsLayer } from '../model/config.js';
import { PROPERTIES } from '../model/properties.js';
import type { ConfigAfter, ExpectationSpec, ExpectSubject, ExpectValue, MemberConfig, MemberSpec, ScenarioEvent, SimulationInput, TopicSpec } from '../model/simulation-input.js';
import { parseCount } from '../model/units.js';
import { declaredMembers, expandMemberRef, expandTargets, scenarioGroup, type DeclaredMember } from './members.js';
import { clusterBlocks, clusterLayer, groupLayer, groupSubscription, memberLayer, readLayer, toSettingsLayer } from './settings.js';
import { readCount, readDuration, readRate } from './values.js';
import { DEFAULT_SCENARIO_DURATION_MS } from './validation/scenario-checks.js';

export const DEFAULT_SEED = 0;

function lineOf(node: AstNode): number | undefined {
    const range = node.$cstNode?.range;
    return range ? range.start.line + 1 : undefined;
}

function duration(value: ast.Value | undefined): number | undefined {
    if (!value) return undefined;
    const read = readDuration(value, false, '');
    return typeof read.value === 'number' && read.problems.length === 0 ? read.value : undefined;
}

function topicSpec(topic: ast.Topic): TopicSpec {
    const layer = readLayer(topic.properties);
    return {
        name: topic.name,
        partitions: (layer.get('partitions')?.value as number | undefined) ?? (PROPERTIES.get('partitions')!.default as number),
        producePerSecond: (layer.get('produce')?.value as number | undefined) ?? 0,
        keySkew: resolveSkew(layer.get('key.skew')?.value ?? null)
    };
}

function expectValue(value: ast.Value): ExpectValue | undefined {
    if (ast.isListValue(value)) {
        const items = value.items.map(expectValue);
        return items.every((i) => i !== undefined) ? { kind: 'list', items: items as ExpectValue[] } : undefined;
    }
    if (ast.isNumberValue(value)) {
        const n = parseCount(value.value);
        return n === undefined ? undefined : { kind: 'number', value: value.negative ? -n : n };
    }
    if (ast.isDurationValue(value)) {
        const ms = duration(value);
        return ms === undefined ? undefined : { kind: 'duration', ms };
    }
    if (ast.isRateValue(value)) {
        const read = readRate(value, '');
        return typeof read.value === 'number' ? { kind: 'number', value: read.value } : undefined;
    }
    if (ast.isStringValue(value)) return { kind: 'name', name: value.value };
    if (ast.isNameValue(value)) {
        if (value.index !== undefined) return { kind: 'partition', topic: value.name, partition: Number(value.index) };
        return { kind: 'name', name: value.name };
    }
    return undefined;
}

function expectSubject(subject: ast.Subject, group: ast.Group): ExpectSubject | undefined {
    if (ast.isGroupSubject(subject)) return { kind: subject.kind };
    if (ast.isMemberSubject(subject)) {
        const names = subject.member ? expandMemberRef(subject.member, group) : [];
        return names.length === 1 ? { kind: subject.kind, member: names[0] } : undefined;
    }
    if (ast.isPartitionSubject(subject)) {
        const topic = subject.topic?.ref?.name;
        return topic ? { kind: subject.kind, topic, partition: Number(subject.partition) } : undefined;
    }
    const topic = subject.topic?.ref?.name;
    return topic ? { kind: subject.kind, topic } : undefined;
}

/** The scenario's input for the engine, or undefined when it has no group to run against. */
export function buildSimulationInput(scenario: ast.Scenario, documents: LangiumDocuments): SimulationInput | undefined {
    const group = scenarioGroup(scenario);
    if (!group) return undefined;
    const root = AstUtils.getContainerOfType(scenario, ast.isDocument)!;
    const scenarioLayer = readLayer(scenario.items.filter(ast.isProperty));
    const cLayer = toSettingsLayer(clusterLayer(clusterBlocks(root, documents)));
    const clusterLayers: SettingsLayer[] = [cLayer, toSettingsLayer(scenarioLayer)];
    const gLayer = toSettingsLayer(groupLayer(group));
    const subscription = groupSubscription(group);
    const declared = declaredMembers(group);
    const byName = new Map<string, DeclaredMember>(declared.map((m) => [m.name, m]));
    const baseLayers = new Map<string, SettingsLayer[]>(declared.map((m) => [m.name, [cLayer, gLayer, toSettingsLayer(memberLayer(m))]]));

    const members: MemberSpec[] = declared.map((m) => ({
        name: m.name,
        config: resolveMemberConfig(m.name, baseLayers.get(m.name)!, subscription, m.index),
        line: lineOf(m.node)
    }));

    const topics = new Map<string, TopicSpec>();
    const addTopic = (topic: ast.Topic | undefined) => {
        if (topic && !topics.has(topic.name)) topics.set(topic.name, topicSpec(topic));
    };
    for (const item of group.items) if (ast.isSubscription(item)) item.topics.forEach((t) => addTopic(t.ref));

    // Deploy settings accumulate per member in timeline order; so do subscription changes.
    const deployLayers = new Map<string, SettingsLayer[]>();
    const currentSubscription = new Map<string, readonly string[]>(declared.map((m) => [m.name, subscription]));
    const configWith = (name: string, extra: SettingsLayer[]): MemberConfig => {
        const m = byName.get(name)!;
        return resolveMemberConfig(name, [...baseLayers.get(name)!, ...(deployLayers.get(name) ?? []), ...extra], currentSubscription.get(name) ?? subscription, m.index);
    };
    const deploy = (targets: string[], withBlock: ast.WithBlock | undefined): ConfigAfter | undefined => {
        if (!withBlock) return undefined;
        const layer = toSettingsLayer(readLayer(withBlock.properties));
        const after: Record<string, MemberConfig> = {};
        for (const name of targets) {
            deployLayers.set(name, [...(deployLayers.get(name) ?? []), layer]);
            after[name] = configWith(name, []);
        }
        return after;
    };

    const timed = scenario.items
        .filter(ast.isEvent)
        .map((event) => ({ event, at: duration(event.time) }))
        .filter((e): e is { event: ast.Event; at: number } => e.at !== undefined && e.event.action !== undefined)
        .sort((a, b) => a.at - b.at);
    const events: ScenarioEvent[] = [];
    for (const { event, at } of timed) {
        const action = event.action;
        const line = lineOf(event);
        const targets = 'targets' in action && action.targets ? expandTargets(action.targets, group).filter((n) => byName.has(n)) : [];
        switch (action.$type) {
            case 'StartAction':
                events.push({ kind: 'start', at, line, members: targets, configAfter: deploy(targets, action.with) });
                break;
            case 'StopAction':
                events.push({ kind: 'stop', at, line, members: targets });
                break;
            case 'CrashAction':
                events.push({ kind: 'crash', at, line, members: targets });
                break;
            case 'RestartAction': {
                const downMs = duration(action.down);
                if (downMs !== undefined) events.push({ kind: 'restart', at, line, members: targets, downMs, configAfter: deploy(targets, action.with) });
                break;
            }
            case 'RollingRestartAction': {
                const downMs = duration(action.down);
                const everyMs = duration(action.every);
                if (downMs !== undefined && everyMs !== undefined) {
                    events.push({ kind: 'rolling-restart', at, line, members: targets, everyMs, downMs, configAfter: deploy(targets, action.with) });
                }
                break;
            }
            case 'GcPauseAction':
            case 'NetworkPartitionAction': {
                const durationMs = duration(action.duration);
                if (durationMs !== undefined) events.push({ kind: action.kind, at, line, members: targets, durationMs });
                break;
            }
            case 'SlowAction': {
                const durationMs = duration(action.duration);
                if (durationMs === undefined || !action.property) break;
                const layer = toSettingsLayer(readLayer([action.property]));
                const during: Record<string, MemberConfig> = {};
                for (const name of targets) during[name] = configWith(name, [layer]);
                events.push({ kind: 'slow', at, line, members: targets, configDuring: during, durationMs });
                break;
            }
            case 'SubscribeAction': {
                const names = action.topics.map((t) => t.ref?.name).filter((n): n is string => n !== undefined);
                action.topics.forEach((t) => addTopic(t.ref));
                for (const name of targets) currentSubscription.set(name, names);
                events.push({ kind: 'subscribe', at, line, members: targets, topics: names });
                break;
            }
            case 'AddPartitionsAction': {
                const count = action.count ? readCount(action.count, '', 1) : undefined;
                addTopic(action.topic?.ref);
                if (action.topic?.ref && typeof count?.value === 'number' && count.problems.length === 0) {
                    events.push({ kind: 'add-partitions', at, line, topic: action.topic.ref.name, count: count.value });
                }
                break;
            }
            case 'ProduceAction': {
                const rate = action.rate ? readRate(action.rate, '') : undefined;
                addTopic(action.topic?.ref);
                if (action.topic?.ref && typeof rate?.value === 'number' && rate.problems.length === 0) {
                    events.push({ kind: 'produce', at, line, topic: action.topic.ref.name, perSecond: rate.value });
                }
                break;
            }
            case 'CoordinatorFailoverAction':
                events.push({ kind: 'coordinator-failover', at, line });
                break;
        }
    }

    const expectations: ExpectationSpec[] = [];
    for (const expectation of scenario.items.filter(ast.isExpectation)) {
        if (!expectation.subject || !expectation.value || !expectation.op) continue;
        const subject = expectSubject(expectation.subject, group);
        const value = expectValue(expectation.value);
        if (!subject || !value) continue;
        if ('topic' in subject) {
            const topic = ast.isPartitionSubject(expectation.subject) || ast.isTopicSubject(expectation.subject) ? expectation.subject.topic?.ref : undefined;
            addTopic(topic);
        }
        const at = expectation.at ? duration(expectation.at) : undefined;
        if (expectation.at && at === undefined) continue;
        expectations.push({
            index: expectations.length,
            line: lineOf(expectation),
            text: expectation.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '',
            subject,
            at,
            op: expectation.op as ExpectationSpec['op'],
            value
        });
    }

    const durationItem = scenario.items.find(ast.isScenarioDuration);
    const seedItem = scenario.items.find(ast.isScenarioSeed);
    const seed = seedItem?.value ? readCount(seedItem.value, '').value : undefined;
    return {
        scenario: scenario.name,
        group: group.name,
        durationMs: duration(durationItem?.value) ?? DEFAULT_SCENARIO_DURATION_MS,
        seed: typeof seed === 'number' ? seed : DEFAULT_SEED,
        cluster: resolveClusterConfig(clusterLayers, [gLayer]),
        topics: [...topics.values()],
        members,
        events,
        expectations
    };
}
