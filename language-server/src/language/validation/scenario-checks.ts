/**
 * Timeline sanity and expectation shapes: events within the scenario, on members that are
 * running, not overlapping on one member (deploys and static restarts: deploy-checks.ts); each
 * expectation comparing a subject with a value of the right kind.
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { formatDuration } from '../../model/units.js';
import { PROPERTIES } from '../../model/properties.js';
import { expandTargets, scenarioGroup } from '../members.js';
import { readLayer } from '../settings.js';
import { readCount, readDuration, readRate, type TypedValue } from '../values.js';
import { Codes } from './codes.js';
import type { AnalysedMember, GroupAnalysis } from './group-analysis.js';
import { checkDeploys } from './deploy-checks.js';
import { pollTimeoutConsequence } from './group-checks.js';

export const DEFAULT_SCENARIO_DURATION_MS = 10 * 60_000;

function report(accept: ValidationAcceptor, read: TypedValue): number | undefined {
    for (const p of read.problems) {
        accept(p.code === 'unit-assumed' ? 'info' : 'error', p.message, { node: p.node, code: p.code, data: { code: p.code, ...p.data } });
    }
    return typeof read.value === 'number' && !read.problems.some((p) => p.code !== 'unit-assumed') ? read.value : undefined;
}

export function scenarioDuration(scenario: ast.Scenario): number {
    const item = scenario.items.find(ast.isScenarioDuration);
    const read = item?.value ? readDuration(item.value, false, 'duration') : undefined;
    return typeof read?.value === 'number' && read.problems.length === 0 ? read.value : DEFAULT_SCENARIO_DURATION_MS;
}

interface Interval {
    readonly from: number;
    readonly to: number;
    readonly event: ast.Event;
    readonly what: string;
}

/** `analyse` gives a group's analysis (cached by the validator: several scenarios share a group). */
export function checkScenario(scenario: ast.Scenario, analyse: (group: ast.Group) => GroupAnalysis, accept: ValidationAcceptor): void {
    const group = scenarioGroup(scenario);
    if (!group && !scenario.items.some(ast.isScenarioGroup)) {
        accept('error', `Scenario ${scenario.name} needs a \`group NAME\` line: it runs against one consumer group.`, { node: scenario, property: 'name', code: Codes.missingGroup });
    }
    for (const kind of [ast.isScenarioGroup, ast.isScenarioDuration, ast.isScenarioSeed] as const) {
        const items = scenario.items.filter(kind);
        for (const extra of items.slice(1)) accept('warning', 'Written twice in this scenario; the first one counts.', { node: extra, code: Codes.duplicateProperty });
    }
    const durationItem = scenario.items.find(ast.isScenarioDuration);
    const durationMs = durationItem?.value ? report(accept, readDuration(durationItem.value, false, 'The scenario duration')) : undefined;
    const seedItem = scenario.items.find(ast.isScenarioSeed);
    if (seedItem?.value) report(accept, readCount(seedItem.value, 'The seed'));

    const analysis = group ? analyse(group) : undefined;
    const byName = new Map<string, AnalysedMember>(analysis?.members.map((m) => [m.member.name, m]) ?? []);
    const end = durationMs ?? DEFAULT_SCENARIO_DURATION_MS;
    const timed: { at: number; event: ast.Event }[] = [];
    for (const event of scenario.items.filter(ast.isEvent)) {
        const at = event.time ? report(accept, readDuration(event.time, false, 'An event time')) : undefined;
        if (at === undefined) continue;
        if (at > end) {
            accept('warning', `This event at ${formatDuration(at)} comes after the scenario ends (${formatDuration(end)}); it never happens.`, {
                node: event,
                property: 'time',
                code: Codes.eventAfterEnd
            });
        }
        timed.push({ at, event });
    }
    timed.sort((a, b) => a.at - b.at);
    checkTimeline(timed, group, byName, accept);
    checkDeploys(timed, analysis, accept);
    for (const expectation of scenario.items.filter(ast.isExpectation)) checkExpectation(expectation, accept);
}

function actionDurations(action: ast.Action, accept: ValidationAcceptor): Record<string, number | undefined> {
    const d = (v: ast.Value | undefined, what: string) => (v ? report(accept, readDuration(v, false, what)) : undefined);
    switch (action.$type) {
        case 'RestartAction':
            return { down: d(action.down, 'The downtime') };
        case 'RollingRestartAction':
            return { every: d(action.every, 'The interval'), down: d(action.down, 'The downtime') };
        case 'GcPauseAction':
        case 'NetworkPartitionAction':
            return { duration: d(action.duration, 'The duration') };
        case 'SlowAction':
            return { duration: d(action.duration, 'The duration') };
        case 'AddPartitionsAction':
            if (action.count) report(accept, readCount(action.count, 'The number of partitions to add', 1));
            return {};
        case 'ProduceAction':
            if (action.rate) report(accept, readRate(action.rate, 'The produce rate'));
            return {};
        default:
            return {};
    }
}

function checkTimeline(timed: { at: number; event: ast.Event }[], group: ast.Group | undefined, byName: Map<string, AnalysedMember>, accept: ValidationAcceptor): void {
    // Each member's up/down transitions, walked in time order.
    type Step = { at: number; member: string; change: 'start' | 'stop' | 'check'; event: ast.Event; label: string };
    const steps: Step[] = [];
    const intervals = new Map<string, Interval[]>();
    const addInterval = (member: string, interval: Interval) => intervals.set(member, [...(intervals.get(member) ?? []), interval]);
    for (const { at, event } of timed) {
        const action = event.action;
        if (!action) continue;
        const durations = actionDurations(action, accept);
        const targets = 'targets' in action && action.targets ? expandTargets(action.targets, group) : [];
        switch (action.$type) {
            case 'StartAction':
                for (const m of targets) steps.push({ at, member: m, change: 'start', event, label: 'start' });
                break;
            case 'StopAction':
            case 'CrashAction':
                for (const m of targets) steps.push({ at, member: m, change: 'stop', event, label: action.kind });
                break;
            case 'RestartAction':
            case 'RollingRestartAction': {
                const down = durations.down ?? 0;
                const every = action.$type === 'RollingRestartAction' ? durations.every ?? 0 : 0;
                targets.forEach((m, k) => {
                    const t = at + k * every;
                    steps.push({ at: t, member: m, change: 'stop', event, label: action.kind });
                    steps.push({ at: t + down, member: m, change: 'start', event, label: `${action.kind} (back up)` });
                    addInterval(m, { from: t, to: t + down, event, what: `${action.kind} (down ${formatDuration(down)})` });
                });
                break;
            }
            case 'GcPauseAction':
            case 'NetworkPartitionAction':
            case 'SlowAction': {
                const duration = durations.duration ?? 0;
                for (const m of targets) {
                    steps.push({ at, member: m, change: 'check', event, label: action.kind });
                    addInterval(m, { from: at, to: at + duration, event, what: `${action.kind} ${formatDuration(duration)}` });
                }
                if (action.$type === 'SlowAction') checkSlowBudget(action, targets, byName, accept);
                break;
            }
            case 'SubscribeAction':
                for (const m of targets) steps.push({ at, member: m, change: 'check', event, label: 'subscribe' });
                break;
            default:
                break;
        }
    }
    steps.sort((a, b) => a.at - b.at);
    const running = new Set<string>();
    const reported = new Set<ast.Event>();
    for (const step of steps) {
        const up = running.has(step.member);
        if (step.change === 'start') {
            running.add(step.member);
            continue;
        }
        if (!up && !step.label.includes('back up') && !reported.has(step.event)) {
            reported.add(step.event);
            accept('warning', `${step.member} is not running at ${formatDuration(step.at)} (never started, or already stopped), so \`${step.label}\` does nothing to it.`, {
                node: step.event,
                property: 'action',
                code: Codes.eventOnStoppedMember
            });
        }
        if (step.change === 'stop') running.delete(step.member);
    }
    for (const [member, list] of intervals) {
        const sorted = [...list].sort((a, b) => a.from - b.from);
        for (let i = 1; i < sorted.length; i++) {
            const earlier = sorted.slice(0, i).find((p) => p.to > sorted[i].from && p.event !== sorted[i].event);
            if (earlier) {
                accept('warning', `On ${member}, ${sorted[i].what} starts at ${formatDuration(sorted[i].from)} while ${earlier.what} (from ${formatDuration(earlier.from)}) is still going on; the two overlap.`, {
                    node: sorted[i].event,
                    property: 'action',
                    code: Codes.overlappingEvents
                });
            }
        }
    }
}

function checkSlowBudget(action: ast.SlowAction, targets: string[], byName: Map<string, AnalysedMember>, accept: ValidationAcceptor): void {
    const property = action.property;
    if (!property) return;
    if (property.key !== 'process.time.per.record') return;
    const perRecord = readLayer([property]).get('process.time.per.record')?.value;
    if (typeof perRecord !== 'number') return;
    for (const name of targets) {
        const m = byName.get(name);
        if (!m) continue;
        const batch = m.config.maxPollRecords * perRecord;
        if (batch > m.config.maxPollIntervalMs) {
            // A hint, not a warning: a `slow` event is usually written to show exactly this.
            accept(
                'hint',
                `While slow, a full batch of ${name} takes ${formatDuration(batch)} (${m.config.maxPollRecords} × ${formatDuration(perRecord)}), longer than max.poll.interval.ms (${formatDuration(m.config.maxPollIntervalMs)}): its poll timer expires in the middle of the batch; ${pollTimeoutConsequence(m)}.`,
                { node: property, property: 'value', code: Codes.pollBudget }
            );
            return;
        }
    }
}

const NUMBER_SUBJECTS = new Set(['rebalances', 'generation', 'members', 'moved-partitions', 'duplicates', 'max-lag', 'lag']);
const DURATION_SUBJECTS = new Set(['max-unowned', 'total-pause', 'paused', 'max-pause', 'unowned']);
const AT_SUBJECTS = new Set(['generation', 'state', 'members', 'owner', 'assignment', 'lag']);
export const GROUP_STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Assigning', 'Reconciling'];
export const KAFKA_ERRORS = [
    'none',
    'INCONSISTENT_GROUP_PROTOCOL',
    'FENCED_INSTANCE_ID',
    'UNRELEASED_INSTANCE_ID',
    'INVALID_SESSION_TIMEOUT',
    'GROUP_MAX_SIZE_REACHED',
    'UNKNOWN_MEMBER_ID',
    'ILLEGAL_GENERATION',
    'FENCED_MEMBER_EPOCH',
    'UNSUPPORTED_ASSIGNOR',
    'INVALID_REQUEST',
    'UNSUPPORTED_VERSION',
    'GROUP_ID_NOT_FOUND',
    'COORDINATOR_NOT_AVAILABLE'
];

function invalid(accept: ValidationAcceptor, node: AstNode, message: string): void {
    accept('error', message, { node, code: Codes.invalidExpectation });
}

function checkExpectation(expectation: ast.Expectation, accept: ValidationAcceptor): void {
    const subject = expectation.subject;
    const value = expectation.value;
    if (!subject || !value) return;
    const kind = subject.kind;
    if (expectation.at) {
        if (!AT_SUBJECTS.has(kind)) invalid(accept, expectation.at, `\`${kind}\` is a whole-run figure; \`at\` applies to generation, state, members, owner, assignment and lag.`);
        else report(accept, readDuration(expectation.at, false, 'The expectation time'));
    }
    const op = expectation.op;
    const ordered = op !== '==' && op !== '!=';
    if (NUMBER_SUBJECTS.has(kind)) {
        if (!ast.isNumberValue(value)) invalid(accept, value, `\`${kind}\` is a count: compare it with a number.`);
        else report(accept, readCount(value, `The value of \`${kind}\``));
    } else if (DURATION_SUBJECTS.has(kind)) {
        if (ast.isNumberValue(value) && value.value !== '0') invalid(accept, value, `\`${kind}\` is a duration: write a unit (e.g. \`${value.value}s\`).`);
        else if (!ast.isNumberValue(value)) report(accept, readDuration(value, false, `The value of \`${kind}\``));
    } else if (kind === 'rebalance-times') {
        if (!ast.isListValue(value)) invalid(accept, value, '`rebalance-times` is a list of instants, e.g. `[6s, 12s]`.');
        else for (const item of value.items) report(accept, readDuration(item, false, 'An instant'));
        if (ordered) invalid(accept, expectation, '`rebalance-times` compares with `==` or `!=`.');
    } else if (kind === 'state') {
        if (!ast.isNameValue(value) || !GROUP_STATES.includes(value.name)) invalid(accept, value, `A group state is one of ${GROUP_STATES.join(', ')}.`);
        if (ordered) invalid(accept, expectation, '`state` compares with `==` or `!=`.');
    } else if (kind === 'error') {
        if (!ast.isNameValue(value) || !KAFKA_ERRORS.includes(value.name)) {
            accept('warning', `Not an error this simulator reports: expected one of ${KAFKA_ERRORS.join(', ')}.`, { node: value, code: Codes.invalidExpectation });
        }
        if (ordered) invalid(accept, expectation, '`error` compares with `==` or `!=`.');
    } else if (kind === 'owner') {
        if (!ast.isNameValue(value) || value.index !== undefined) invalid(accept, value, '`owner` is a member name or `none`.');
        if (ordered) invalid(accept, expectation, '`owner` compares with `==` or `!=`.');
    } else if (kind === 'assignment') {
        if (!ast.isListValue(value) || value.items.some((i) => !ast.isNameValue(i) || i.index === undefined)) {
            invalid(accept, value, '`assignment` is a list of partitions, e.g. `[orders[4], orders[5]]`.');
        }
        if (ordered) invalid(accept, expectation, '`assignment` compares with `==` or `!=`.');
    }
    if (ast.isPartitionSubject(subject) && subject.topic?.ref) {
        const topic = subject.topic.ref;
        const initial = readLayer(topic.properties).get('partitions')?.value ?? PROPERTIES.get('partitions')!.default;
        const added = addedPartitions(expectation.$container, topic);
        const index = Number(subject.partition);
        if (!Number.isInteger(index)) invalid(accept, subject, 'A partition number is a whole number.');
        else if (typeof initial === 'number' && index >= initial + added) {
            const total = initial + added;
            const growth = added > 0 ? `, ${total} after this scenario's add-partitions` : ' and this scenario adds none';
            accept('warning', `${topic.name} has ${initial} partitions${growth}: ${topic.name}[${index}] never exists (partitions are numbered 0–${total - 1}).`, {
                node: subject,
                property: 'partition',
                code: Codes.invalidExpectation
            });
        }
    }
}

/** Partitions the scenario's `add-partitions` events add to `topic` (those whose count reads). */
function addedPartitions(scenario: ast.Scenario, topic: ast.Topic): number {
    let added = 0;
    for (const event of scenario.items.filter(ast.isEvent)) {
        const action = event.action;
        if (action?.$type !== 'AddPartitionsAction' || action.topic?.ref !== topic || !action.count) continue;
        const count = readCount(action.count, '', 1);
        if (typeof count.value === 'number' && count.problems.length === 0) added += count.value;
    }
    return added;
}
