/**
 * Hover: what the thing under the cursor means. A property key (or its value) shows the
 * catalog's documentation with type, unit, Kafka's default, range, where the key belongs
 * and the value written here, normalised (`45000` → `45s`). A member, set, topic, group or
 * scenario shows a summary of its effective settings. Event kinds, expectation subjects and
 * the language's other keywords explain themselves.
 *
 * The vocabulary below (events, subjects, group states, Kafka errors) is shared with
 * completion, so an item's documentation and its hover never disagree.
 */
import { AstUtils, CstUtils, GrammarAST, type AstNode, type CstNode, type LangiumDocument, type LangiumDocuments, type MaybePromise } from 'langium';
import { MultilineCommentHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { PROPERTIES, nearestPropertyKey, type PropertyInfo, type PropertyScope, type PropertyValue } from '../model/properties.js';
import { formatCount, formatDuration, formatRate } from '../model/units.js';
import { declaredMembers, expandTargets, scenarioGroup, setBounds } from './members.js';
import { propertyScope, readLayer } from './settings.js';
import { describeType, readPropertyValue } from './values.js';
import { analyseGroup, rebalanceMode, type AnalysedMember, type GroupAnalysis } from './validation/group-analysis.js';

// ---- vocabulary ----------------------------------------------------------------------------

export interface Term {
    /** How it is written, e.g. `at T rolling-restart LIST every T down D`. */
    readonly syntax: string;
    readonly doc: string;
}

/** Events of a scenario timeline (language.md "Events"). */
export const EVENT_KINDS: Readonly<Record<string, Term>> = {
    start: {
        syntax: 'start MEMBERS [with { key = value … }]',
        doc: 'The members start and join the group (a JoinGroup under the classic protocol, a first heartbeat with epoch 0 under KIP-848). With `with { … }` they start with those settings.'
    },
    stop: {
        syntax: 'stop MEMBERS',
        doc: 'A graceful `close()`: the member commits, revokes its partitions and leaves. A dynamic classic member sends LeaveGroup, so the group rebalances at once; a static one sends none, and the coordinator waits for `session.timeout.ms`.'
    },
    crash: {
        syntax: 'crash MEMBERS',
        doc: 'The process dies: no LeaveGroup, no commit. The coordinator notices only when the session times out (`session.timeout.ms` after the last heartbeat); records processed since the last commit are processed again by the next owner.'
    },
    restart: {
        syntax: 'restart MEMBERS down D [with { … }]',
        doc: 'Close, then start again `D` later (with the `with` settings, if any). A static member that is back within `session.timeout.ms` gets its partitions back without a rebalance.'
    },
    'rolling-restart': {
        syntax: 'rolling-restart MEMBERS every T down D [with { … }]',
        doc: 'A deploy: the k-th member listed stops at t + (k−1)·T and starts again D later, with the `with` settings if any — how a two-bounce eager→cooperative upgrade is written.'
    },
    'gc-pause': {
        syntax: 'gc-pause MEMBER D',
        doc: 'The whole process freezes for D, heartbeat thread included: no heartbeats, no processing. Longer than `session.timeout.ms`, the member is removed and the group rebalances.'
    },
    'network-partition': {
        syntax: 'network-partition MEMBER D',
        doc: 'The member is cut from the coordinator for D. It keeps fetching and processing, but its heartbeats fail; past `session.timeout.ms` it is removed. When the cut heals it heartbeats at once.'
    },
    slow: {
        syntax: 'slow MEMBERS key = value for D',
        doc: 'Changes a member setting for D, typically `process.time.per.record`: a slower poll loop delays the member\'s reaction to a rebalance and can exceed `max.poll.interval.ms`.'
    },
    subscribe: {
        syntax: 'subscribe MEMBERS TOPICS',
        doc: 'The members change their subscription to these topics, which makes the group rebalance.'
    },
    'add-partitions': {
        syntax: 'add-partitions TOPIC N',
        doc: 'Adds N partitions to the topic. Under the classic protocol the group leader notices them at its next metadata refresh (`metadata.max.age.ms`) and rebalances; until then nobody consumes them.'
    },
    produce: {
        syntax: 'produce TOPIC RATE',
        doc: 'Changes the topic\'s produce rate from now on (e.g. `5000/s`).'
    },
    'coordinator-failover': {
        syntax: 'coordinator-failover',
        doc: 'The group\'s coordinator moves to another broker: the old one unloads the group, the new one loads its last stored state, and the members find the new coordinator.'
    }
};

/** Subjects of `expect` lines (language.md, counted as in simulation-conventions.md). */
export const EXPECT_SUBJECTS: Readonly<Record<string, Term & { readonly takes: 'group' | 'member' | 'partition' | 'topic' }>> = {
    rebalances: { takes: 'group', syntax: 'expect rebalances OP N', doc: 'Rebalances in the whole run: generation bumps (classic) or group-epoch bumps (KIP-848), the group\'s first formation included.' },
    'rebalance-times': { takes: 'group', syntax: 'expect rebalance-times == [T, …]', doc: 'The instants of those generation (or epoch) bumps, e.g. `== [6s, 12s, 15s]`.' },
    generation: { takes: 'group', syntax: 'expect generation at T OP N', doc: 'The coordinator\'s generation (classic) or group epoch (KIP-848) at T.' },
    state: { takes: 'group', syntax: 'expect state at T == STATE', doc: 'The group state at T: `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`, `Dead`; `Assigning`, `Reconciling` under the consumer protocol.' },
    members: { takes: 'group', syntax: 'expect members at T OP N', doc: 'How many members the coordinator has at T.' },
    'moved-partitions': { takes: 'group', syntax: 'expect moved-partitions OP N', doc: 'How many times a partition was handed to a member other than its previous owner; the first assignment does not count.' },
    'max-unowned': { takes: 'group', syntax: 'expect max-unowned OP D', doc: 'The longest total time any partition had no running owner after the group first became Stable.' },
    'total-pause': { takes: 'group', syntax: 'expect total-pause OP D', doc: 'Time members could not process (down, frozen, revoked, waiting in a rebalance), summed over all members.' },
    duplicates: { takes: 'group', syntax: 'expect duplicates OP N', doc: 'Records processed more than once (after a crash, a lost partition, or by a member the coordinator already dropped).' },
    assignment: { takes: 'member', syntax: 'expect assignment M at T == [topic[n], …]', doc: 'The partitions member M holds at T, in its own view (what it may fetch); empty while M is down.' },
    paused: { takes: 'member', syntax: 'expect paused M OP D', doc: 'Total time member M could not process: down, frozen, its partitions revoked or lost, or waiting in a rebalance with nothing it may fetch.' },
    'max-pause': { takes: 'member', syntax: 'expect max-pause M OP D', doc: 'The longest single stretch member M could not process.' },
    error: { takes: 'member', syntax: 'expect error M == ERROR', doc: 'The fatal error member M hit, by Kafka\'s name (`INCONSISTENT_GROUP_PROTOCOL`, `FENCED_INSTANCE_ID`, …), or `none`.' },
    owner: { takes: 'partition', syntax: 'expect owner topic[n] at T == M', doc: 'The running member consuming that partition at T — it holds it in the current generation (or epoch) and is neither down nor frozen — or `none`.' },
    unowned: { takes: 'partition', syntax: 'expect unowned topic[n] OP D', doc: 'Total time the partition had no running owner after the group first became Stable.' },
    'max-lag': { takes: 'topic', syntax: 'expect max-lag TOPIC OP N', doc: 'The largest number of records produced to the topic but not yet processed, over the run.' },
    lag: { takes: 'topic', syntax: 'expect lag TOPIC at T OP N', doc: 'Records produced to the topic but not yet processed, at T.' }
};

/** Group states (kafka-semantics.md §1, §4). */
export const GROUP_STATES: Readonly<Record<string, string>> = {
    Empty: 'No members (classic and KIP-848).',
    PreparingRebalance: 'Classic: a rebalance started; the coordinator waits for members to (re)send JoinGroup.',
    CompletingRebalance: 'Classic: every member joined; waiting for the leader\'s assignment in SyncGroup.',
    Stable: 'Every member has its assignment and consumes.',
    Dead: 'The group has been removed (or its coordinator unloaded it).',
    Assigning: 'KIP-848: the group epoch moved ahead of the target assignment; the coordinator computes a new one.',
    Reconciling: 'KIP-848: a target assignment exists; members are converging on it, each on its own heartbeats.'
};

/** Fatal errors a member can hit, by Kafka's names (kafka-semantics.md §2, §4.6). */
export const KAFKA_ERRORS: Readonly<Record<string, string>> = {
    INCONSISTENT_GROUP_PROTOCOL: 'Classic: the member shares no assignor with the group (or uses another protocol type); it cannot join.',
    INVALID_SESSION_TIMEOUT: 'Classic: `session.timeout.ms` is outside the broker\'s `group.min.session.timeout.ms` … `group.max.session.timeout.ms`.',
    GROUP_MAX_SIZE_REACHED: 'The group is full (`group.max.size`, or `group.consumer.max.size` under KIP-848).',
    FENCED_INSTANCE_ID: 'Another process registered the same `group.instance.id`; this one is fenced.',
    UNRELEASED_INSTANCE_ID: 'KIP-848: a newcomer used a `group.instance.id` whose previous member has not left yet.',
    UNSUPPORTED_ASSIGNOR: 'KIP-848: `group.remote.assignor` names an assignor the broker does not have.'
};

/** Keywords that are not events or subjects. */
export const KEYWORDS: Readonly<Record<string, string>> = {
    cluster: 'Broker settings (`group.*`) and simulation settings for every group in this file and the files that import it.',
    topic: 'A topic: its partition count, produce rate and key skew.',
    group: 'A consumer group: defaults for every member, the subscription, and the members. Inside a scenario, `group NAME` says which group the timeline runs against.',
    consumer: 'One member of the group; its settings override the group\'s.',
    consumers: 'A numbered set of members with the same settings: `consumers worker[1..6]` is worker1 … worker6. `{i}` in a string value (e.g. `group.instance.id = "w-{i}"`) is each member\'s index.',
    subscribe: 'The topics the group\'s members subscribe to.',
    scenario: 'A timeline run against one group: `duration`, `seed`, `at TIME EVENT` lines and `expect` lines, checked by simulating it.',
    duration: 'How long the scenario runs (10m when omitted).',
    seed: 'The seed of the scenario\'s random source (member ids); same seed, same run.',
    at: 'When the event happens, from the start of the scenario; in an expectation, the instant it looks at.',
    expect: 'An expectation, checked by running the scenario: `expect SUBJECT [at T] OP VALUE`.',
    every: 'The gap between two members of a rolling restart.',
    down: 'How long a restarted member stays down.',
    with: 'The settings members come back with (a deploy that changes configuration).',
    for: 'How long the slowdown lasts.',
    all: 'Every member of the scenario\'s group.',
    import: 'Reuse the topics, groups and cluster settings of another file.'
};

// ---- values ---------------------------------------------------------------------------------

/** A typed value the way a user would write it: 45000 ms → `45s`, 1200/s → `1.2k/s`. */
export function formatPropertyValue(info: PropertyInfo, value: PropertyValue): string {
    if (value === null) return 'unset';
    switch (info.type.kind) {
        case 'duration':
            return typeof value === 'number' ? formatDuration(value) : String(value);
        case 'count':
            return typeof value === 'number' ? (value === 2_147_483_647 ? 'Integer.MAX_VALUE' : formatCount(value)) : String(value);
        case 'rate':
            return typeof value === 'number' ? formatRate(value) : String(value);
        case 'string':
            return JSON.stringify(value);
        case 'enum-list':
            return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
        case 'skew':
            return typeof value === 'object' && value !== null && 'kind' in value ? (value.kind === 'zipf' ? `zipf(${value.exponent})` : 'uniform') : String(value);
        default:
            return String(value);
    }
}

const SCOPE_NAMES: Record<PropertyScope, string> = {
    cluster: '`cluster`',
    group: '`group`',
    member: '`consumer`, `consumers`, `with` and `slow`',
    topic: '`topic`',
    scenario: '`scenario`'
};

const ORIGIN_NAMES: Record<PropertyInfo['origin'], string> = {
    'kafka-client': 'Kafka consumer property',
    'kafka-broker': 'Kafka broker property',
    'kafka-group-config': 'Kafka group config (KIP-848)',
    simulation: 'simulation setting (not a Kafka property)',
    topic: 'topic setting'
};

function unitText(info: PropertyInfo): string | undefined {
    switch (info.type.kind) {
        case 'duration':
            return info.key.endsWith('.ms') ? 'milliseconds; write units (`45s`, `250ms`); a bare number means ms, as in Kafka' : 'a duration with its unit (`2s`, `250ms`)';
        case 'rate':
            return 'records per second (`2000/s`, `1.2k/s`)';
        case 'count':
            return 'a whole number (`10k` = 10000, `1M` = 1000000)';
        default:
            return undefined;
    }
}

function rangeText(info: PropertyInfo): string | undefined {
    if (info.min === undefined && info.max === undefined) return undefined;
    const show = (n: number) => (n === 2_147_483_647 ? 'Integer.MAX_VALUE' : info.type.kind === 'duration' ? formatDuration(n) : String(n));
    if (info.max === undefined) return `at least ${show(info.min!)}`;
    return `${show(info.min ?? 0)} … ${show(info.max)}`;
}

/** The blocks a `key = unset` line can be in; each hides different layers. */
export type UnsetPlace = 'cluster' | 'topic' | 'group' | 'member' | 'with' | 'slow' | 'scenario';

export function unsetPlace(property: ast.Property): UnsetPlace | undefined {
    const c = property.$container;
    if (ast.isWithBlock(c)) return 'with';
    if (ast.isSlowAction(c)) return 'slow';
    if (ast.isConsumer(c) || ast.isConsumerSet(c)) return 'member';
    const scope = propertyScope(property);
    return scope === 'member' ? undefined : scope;
}

/** What lower layers an `unset` line hides. */
const BELOW: Record<UnsetPlace, string> = {
    cluster: 'what the cluster block of an imported file writes no longer applies',
    topic: 'a topic has no other layer, so this is the same as leaving the line out',
    group: 'what the cluster block writes no longer applies; a member may still set it',
    member: 'what the group or the cluster block write does not apply to this member; a deploy may still set it',
    with: 'what the member, its group, the cluster block or an earlier deploy write no longer applies to the members this deploy starts',
    slow: 'for the slowdown, whatever the member was running with',
    scenario: 'what the cluster block writes does not apply in this scenario'
};

/** What takes a key's place when it is unset, for keys without a default value. */
const NO_DEFAULT: Record<string, string> = {
    'group.instance.id': 'no `group.instance.id`: a dynamic member',
    'group.remote.assignor': 'no `group.remote.assignor`: the broker uses the first of `group.consumer.assignors`',
    'client.id': 'no `client.id`: the member\'s name in this file',
    'client.rack': 'no rack',
    'consumer.session.timeout.ms': 'no group config: the broker\'s `group.consumer.session.timeout.ms` applies',
    'consumer.heartbeat.interval.ms': 'no group config: the broker\'s `group.consumer.heartbeat.interval.ms` applies'
};

/** `key = unset` at `scope`: what the key is then (Kafka's default) and what it hides. */
export function unsetMeaning(info: PropertyInfo, place: UnsetPlace | undefined): string {
    const whose = info.origin === 'kafka-broker' ? 'the broker\'s default' : info.origin === 'simulation' ? 'the simulator\'s default' : info.origin === 'topic' ? 'the default' : 'Kafka\'s default';
    const value = info.default === null ? NO_DEFAULT[info.key] ?? 'no value' : `${whose} \`${formatPropertyValue(info, info.default)}\``;
    return `${value}${place ? `; ${BELOW[place]}` : ''}`;
}

/** The markdown of a property hover; `property` is the line it is written on, if any. */
export function propertyHoverMarkdown(key: string, property?: ast.Property): string {
    const info = PROPERTIES.get(key);
    if (!info) {
        const scope = property ? propertyScope(property) : undefined;
        const nearest = nearestPropertyKey(key, scope);
        return `**${key}**\n\nNot a Kafka property or a simulation setting known to rebal; Kafka would ignore it.${nearest ? ` Did you mean \`${nearest}\`?` : ''}`;
    }
    const lines: string[] = [];
    lines.push(`**${info.key}** — ${ORIGIN_NAMES[info.origin]}${info.protocol ? ` (${info.protocol === 'classic' ? 'classic protocol' : 'consumer protocol, KIP-848'})` : ''}`);
    lines.push('', info.doc, '');
    const rows: [string, string][] = [['type', describeType(info.type)]];
    const unit = unitText(info);
    if (unit) rows.push(['unit', unit]);
    rows.push([info.origin === 'simulation' || info.origin === 'topic' ? 'default' : 'Kafka default', `\`${formatPropertyValue(info, info.default)}\``]);
    const range = rangeText(info);
    if (range) rows.push(['range', range]);
    rows.push(['belongs in', info.scopes.map((s) => SCOPE_NAMES[s]).join(', ')]);
    if (property?.value) {
        const read = readPropertyValue(info, property.value);
        const written = property.value.$cstNode?.text ?? '';
        if (read.unset) {
            rows.push(['here', `\`unset\`: ${unsetMeaning(info, unsetPlace(property))}`]);
        } else if (read.value !== undefined) {
            const shown = formatPropertyValue(info, read.value);
            rows.push(['here', shown === written ? `\`${shown}\`` : `\`${written}\` = \`${shown}\``]);
        } else {
            rows.push(['here', `\`${written}\` is not ${describeType(info.type)}`]);
        }
        const scope = propertyScope(property);
        if (scope && !info.scopes.includes(scope)) rows.push(['note', `not valid in ${SCOPE_NAMES[scope]}`]);
    }
    lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`));
    if (info.source) lines.push('', `Kafka: ${info.source}`);
    return lines.join('\n');
}

// ---- summaries ------------------------------------------------------------------------------

function memberLines(member: AnalysedMember, analysis: GroupAnalysis): string[] {
    const c = member.config;
    const out: string[] = [];
    if (c.groupProtocol === 'consumer') {
        out.push(`protocol: **consumer** (KIP-848), server-side assignor \`${c.groupRemoteAssignor ?? analysis.cluster.consumerGroup.assignors[0] ?? 'uniform'}\``);
        out.push(`session ${formatDuration(analysis.cluster.consumerGroup.sessionTimeoutMs)}, heartbeat ${formatDuration(analysis.cluster.consumerGroup.heartbeatIntervalMs)} (set by the broker)`);
    } else {
        out.push(`protocol: classic, **${rebalanceMode(c)}** (assignors \`[${c.assignors.join(', ')}]\`)`);
        out.push(`session ${formatDuration(c.sessionTimeoutMs)}, heartbeat ${formatDuration(c.heartbeatIntervalMs)}`);
    }
    out.push(c.groupInstanceId === null ? 'dynamic member (no `group.instance.id`)' : `static member, \`group.instance.id = ${JSON.stringify(c.groupInstanceId)}\``);
    out.push(`max.poll.interval ${formatDuration(c.maxPollIntervalMs)}, max.poll.records ${c.maxPollRecords}${c.processTimePerRecordMs > 0 ? `, ${formatDuration(c.processTimePerRecordMs)} per record` : ''}`);
    return out;
}

function bullet(lines: string[]): string {
    return lines.map((l) => `- ${l}`).join('\n');
}

function groupOf(node: AstNode): ast.Group | undefined {
    return AstUtils.getContainerOfType(node, ast.isGroup);
}

export function memberSummary(name: string, node: ast.Consumer | ast.ConsumerSet, documents: LangiumDocuments): string {
    const group = groupOf(node);
    if (!group) return `**${name}**`;
    const analysis = analyseGroup(group, documents);
    if (ast.isConsumer(node) || name !== node.name) {
        const member = analysis.members.find((m) => m.member.name === name && m.member.node === node);
        const header = ast.isConsumerSet(node) ? `**${name}** — member ${member?.member.index ?? '?'} of \`consumers ${node.name}[${node.from}..${node.to}]\` in group \`${group.name}\`` : `**consumer ${name}** in group \`${group.name}\``;
        return member ? `${header}\n\n${bullet(memberLines(member, analysis))}` : header;
    }
    const members = analysis.members.filter((m) => m.member.node === node);
    const bounds = setBounds(node);
    const header = `**consumers ${node.name}[${node.from}..${node.to}]** in group \`${group.name}\`: ${members.length} member${members.length === 1 ? '' : 's'}${members.length > 0 ? ` (${members[0].member.name}${members.length > 1 ? ` … ${members[members.length - 1].member.name}` : ''})` : bounds ? '' : ' — the bounds are not valid'}`;
    if (members.length === 0) return header;
    const lines = memberLines(members[0], analysis);
    if (members.length > 1 && members[0].config.groupInstanceId !== null) {
        lines[2] = `static members, \`group.instance.id\` ${members
            .slice(0, 3)
            .map((m) => JSON.stringify(m.config.groupInstanceId))
            .join(', ')}${members.length > 3 ? ', …' : ''}`;
    }
    return `${header}\n\n${bullet(lines)}`;
}

export function topicSummary(topic: ast.Topic): string {
    const layer = readLayer(topic.properties);
    const show = (key: string) => {
        const info = PROPERTIES.get(key)!;
        const written = layer.get(key);
        return `${formatPropertyValue(info, written ? written.value : info.default)}${written && !written.unset ? '' : ' (default)'}`;
    };
    const partitions = show('partitions');
    return `**topic ${topic.name}**\n\n${bullet([`partitions: ${partitions}`, `produce: ${show('produce')}`, `key skew: ${show('key.skew')}`])}`;
}

export function groupSummary(group: ast.Group, documents: LangiumDocuments): string {
    const analysis = analyseGroup(group, documents);
    const lines: string[] = [];
    lines.push(`${analysis.members.length} member${analysis.members.length === 1 ? '' : 's'}${analysis.members.length ? `: ${abbreviate(analysis.members.map((m) => m.member.name))}` : ''}`);
    lines.push(`subscribes to ${analysis.subscription.length ? analysis.subscription.map((t) => `\`${t}\``).join(', ') : 'nothing'}`);
    const classic = analysis.members.filter((m) => m.config.groupProtocol === 'classic');
    const consumer = analysis.members.filter((m) => m.config.groupProtocol === 'consumer');
    if (consumer.length > 0) lines.push(`${consumer.length} member${consumer.length === 1 ? '' : 's'} on the consumer protocol (KIP-848)`);
    if (classic.length > 0) {
        const eager = classic.filter((m) => rebalanceMode(m.config) === 'EAGER').map((m) => m.member.name);
        lines.push(eager.length === 0 ? 'classic protocol, rebalances **COOPERATIVE**' : `classic protocol, rebalances **EAGER**${eager.length < classic.length ? ` (held back by ${abbreviate(eager)})` : ''}`);
        const statics = classic.filter((m) => m.config.groupInstanceId !== null).length;
        if (statics > 0) lines.push(`${statics} static member${statics === 1 ? '' : 's'}`);
    }
    return `**group ${group.name}**\n\n${bullet(lines)}`;
}

export function scenarioSummary(scenario: ast.Scenario): string {
    const group = scenarioGroup(scenario);
    const duration = scenario.items.find(ast.isScenarioDuration)?.value?.$cstNode?.text ?? '10m (default)';
    const seed = scenario.items.find(ast.isScenarioSeed)?.value?.$cstNode?.text ?? '0 (default)';
    const events = scenario.items.filter(ast.isEvent).length;
    const expectations = scenario.items.filter(ast.isExpectation).length;
    return `**scenario ${scenario.name}**\n\n${bullet([`against group ${group ? `\`${group.name}\`` : '(none resolved)'}`, `duration ${duration}, seed ${seed}`, `${events} event${events === 1 ? '' : 's'}, ${expectations} expectation${expectations === 1 ? '' : 's'}`])}`;
}

function abbreviate(names: readonly string[]): string {
    return names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, … ${names[names.length - 1]}`;
}

function termMarkdown(word: string, term: Term, what: string): string {
    return `**${word}** — ${what}\n\n\`${term.syntax}\`\n\n${term.doc}`;
}

/** Hover text for a keyword of the language, by its text and the node it belongs to. */
export function keywordMarkdown(word: string, node: AstNode | undefined): string | undefined {
    const inEvent = node && (AstUtils.getContainerOfType(node, ast.isEvent) !== undefined);
    if (node && (ast.isGroupSubject(node) || ast.isMemberSubject(node) || ast.isPartitionSubject(node) || ast.isTopicSubject(node)) && EXPECT_SUBJECTS[word]) {
        return termMarkdown(word, EXPECT_SUBJECTS[word], 'expectation subject');
    }
    if (inEvent && EVENT_KINDS[word] && node && 'kind' in node && (node as { kind?: string }).kind === word) {
        return termMarkdown(word, EVENT_KINDS[word], 'event');
    }
    if (KEYWORDS[word]) return `**${word}**\n\n${KEYWORDS[word]}`;
    return undefined;
}

// ---- the provider ---------------------------------------------------------------------------

export class RebalHoverProvider extends MultilineCommentHoverProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult?.value?.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (leaf && leaf.offset + leaf.length >= offset) {
            const own = this.ownHover(leaf);
            if (own) return { contents: { kind: 'markdown', value: own }, range: leaf.range };
        }
        return super.getHoverContent(document, params);
    }

    /** Hovers the grammar cannot express: keys, values, set members, keywords. */
    private ownHover(leaf: CstNode): string | undefined {
        const node = leaf.astNode;
        const property = AstUtils.getContainerOfType(node, ast.isProperty);
        if (property && (ast.isProperty(node) || AstUtils.hasContainerOfType(node, (n) => n === property.value))) {
            return propertyHoverMarkdown(property.key, property);
        }
        if (ast.isNameValue(node) && AstUtils.hasContainerOfType(node, ast.isExpectation)) {
            if (GROUP_STATES[node.name]) return `**${node.name}** — group state\n\n${GROUP_STATES[node.name]}`;
            if (KAFKA_ERRORS[node.name]) return `**${node.name}** — Kafka error\n\n${KAFKA_ERRORS[node.name]}`;
        }
        if (ast.isMemberRef(node) && !GrammarAST.isKeyword(leaf.grammarSource)) {
            const target = node.member?.ref;
            if (target) return memberSummary(node.member.$refText, target, this.documents);
        }
        if (ast.isTargets(node) && node.all && leaf.text === 'all') {
            const scenario = AstUtils.getContainerOfType(node, ast.isScenario);
            const group = scenario ? scenarioGroup(scenario) : undefined;
            const names = expandTargets(node, group);
            return `**all** — every member of ${group ? `group \`${group.name}\`` : 'the scenario\'s group'}${names.length ? `: ${abbreviate(names)}` : ''}`;
        }
        if (GrammarAST.isKeyword(leaf.grammarSource)) {
            // A keyword used as a name (`consumer group`) is a name, not a keyword.
            const rule = AstUtils.getContainerOfType(leaf.grammarSource, GrammarAST.isParserRule);
            if (rule?.name === 'Name' || rule?.name === 'PropertyKey' || rule?.name === 'DottedName') return undefined;
            return keywordMarkdown(leaf.text, node);
        }
        return undefined;
    }

    protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        if (ast.isConsumer(node) || ast.isConsumerSet(node)) return memberSummary(node.name, node, this.documents);
        if (ast.isTopic(node)) return topicSummary(node);
        if (ast.isGroup(node)) return groupSummary(node, this.documents);
        if (ast.isScenario(node)) return scenarioSummary(node);
        return super.getAstNodeHoverContent(node);
    }
}

/** Members a set declares, for inlay hints and rename. */
export function setMemberNames(set: ast.ConsumerSet): string[] {
    const group = groupOf(set);
    return group ? declaredMembers(group).filter((m) => m.node === set).map((m) => m.name) : [];
}
