/** The hover card: what a span, tick or sample is, in Kafka's words, with its log line. */
import type {
    ActivitySpan,
    ConditionSpan,
    GroupStateSpan,
    OwnershipSpan,
    Trace,
    TraceEvent,
    TraceScenarioEvent
} from '../../../language-server/src/simulation/trace.js';
import { formatCount, formatDuration, formatInstant, formatPartitionSet } from '../format.js';
import type { HitItem } from '../hit-test.js';
import { h } from './dom.js';
import { instantRows, kip848Card } from './kip848-text.js';

const ACTIVITY_TEXT: Record<string, string> = {
    processing: 'processing its partitions',
    idle: 'in the group, nothing assigned',
    'paused-rebalance': 'paused by a rebalance: nothing it may fetch',
    revoking: 'inside onPartitionsRevoked',
    frozen: 'frozen (GC pause): heartbeat thread stopped too',
    down: 'down (crashed or restarting)',
    stopped: 'stopped for good',
    failed: 'failed: poll() throws'
};

const CONDITION_TEXT: Record<string, string> = {
    'cut-off': 'cut off from the coordinator (requests lost), still fetching',
    zombie: 'zombie: the coordinator dropped it, it does not know yet',
    slow: 'slow: processing time changed'
};

const span = (from: number, to: number) => `${formatInstant(from)} → ${formatInstant(to)} (${formatDuration(to - from)})`;

function row(key: string, value: string): HTMLElement {
    return h('div', { class: 'tip-row' }, h('span', { class: 'tip-key' }, key), h('span', {}, value));
}

/** Whether `ownership[].generation` is a member epoch at t: the group was a consumer group then. */
function epochAt(trace: Trace, t: number): boolean {
    const cp = trace.consumerProtocol;
    if (!cp) return false;
    if (!cp.groupTypes) return true;
    return cp.groupTypes.some((g) => g.type === 'consumer' && g.from <= t && t < g.to);
}

/** How many events one card lists when several share the pointer's pixel. */
const MAX_LISTED = 5;

/**
 * Builds the card for a hovered item; events within reach of the pointer are listed together.
 * `at` is the instant under the pointer: cards of a consumer-protocol member end with what its
 * record says then.
 */
export function tooltipFor(trace: Trace, item: HitItem, object: unknown, at?: number): HTMLElement {
    const near = item.near ?? [];
    if (near.length <= 1 || (item.refKind !== 'event' && item.refKind !== 'scenarioEvent')) return cardFor(trace, item, object, at);
    const list = h('div', { class: 'tip-list' });
    for (const ref of near.slice(0, MAX_LISTED)) {
        const o = item.refKind === 'event' ? trace.events[ref] : trace.scenarioEvents[ref];
        list.append(cardFor(trace, { ...item, ref, near: undefined }, o));
    }
    if (near.length > MAX_LISTED) list.append(h('div', { class: 'tip-hint' }, `and ${near.length - MAX_LISTED} more here: zoom in (Ctrl+wheel) to tell them apart`));
    return list;
}

function cardFor(trace: Trace, item: HitItem, object: unknown, at?: number): HTMLElement {
    const card = h('div', { class: 'tip-card' });
    const add = (...nodes: (HTMLElement | null)[]) => nodes.forEach((n) => n && card.append(n));
    const kip848 = kip848Card(trace, item.refKind, object, at);
    if (kip848) {
        add(...kip848);
        return card;
    }
    switch (item.refKind) {
        case 'ownership': {
            const o = object as OwnershipSpan;
            add(
                h('div', { class: 'tip-title' }, `${o.topic}-${o.partition}`, h('span', { class: 'tip-dim' }, ` held by ${o.member}`)),
                row('when', span(o.from, o.to)),
                row(epochAt(trace, o.from) ? 'from member epoch' : 'from generation', String(o.generation)),
                row('ended', o.end === 'end' ? 'still held at the end' : o.end),
                ...instantRows(trace, o.member, at)
            );
            break;
        }
        case 'activity': {
            const a = object as ActivitySpan;
            add(h('div', { class: 'tip-title' }, `${a.member}: ${a.kind}`), h('div', {}, ACTIVITY_TEXT[a.kind] ?? a.kind), row('when', span(a.from, a.to)), row('counts as pause', a.paused ? 'yes' : 'no'));
            break;
        }
        case 'condition': {
            const c = object as ConditionSpan;
            add(h('div', { class: 'tip-title' }, `${c.member}: ${c.kind}`), h('div', {}, CONDITION_TEXT[c.kind] ?? c.kind), row('when', span(c.from, c.to)));
            break;
        }
        case 'groupState': {
            const s = object as GroupStateSpan;
            const rebalance = trace.rebalances.find((r) => r.generation === s.generation);
            add(
                h('div', { class: 'tip-title' }, `${s.state}`, h('span', { class: 'tip-dim' }, ` generation ${s.generation}`)),
                row('when', span(s.from, s.to)),
                row('assignor', s.protocolName ?? 'none elected'),
                row('leader', s.leader ?? 'none'),
                row('members', String(s.members)),
                rebalance ? row('rebalance reason', rebalance.reason) : null,
                rebalance ? row('partitions moved', String(rebalance.moved)) : null
            );
            break;
        }
        case 'event': {
            const e = object as TraceEvent;
            const dir = e.direction === 'to-coordinator' ? ' → coordinator' : e.direction === 'to-member' ? ' → member' : '';
            add(
                h('div', { class: 'tip-title' }, `${e.name}`, h('span', { class: 'tip-dim' }, ` ${e.kind}${dir}`)),
                row('at', formatInstant(e.at)),
                e.member ? row('member', e.memberId ? `${e.member} (${e.memberId})` : e.member) : null,
                e.generation !== undefined ? row('generation', String(e.generation)) : null,
                e.error ? row('error', e.error) : null,
                e.partitions ? row('partitions', formatPartitionSet(e.partitions)) : null,
                e.detail ? h('div', { class: 'tip-detail' }, e.detail) : null,
                e.log ? h('div', { class: 'tip-log' }, `[${e.log.side} ${e.log.level}] ${e.log.text}`) : null,
                e.line ? h('div', { class: 'tip-hint' }, `click to show line ${e.line}`) : null
            );
            break;
        }
        case 'scenarioEvent': {
            const e = object as TraceScenarioEvent;
            add(
                h('div', { class: 'tip-title' }, e.text),
                row('at', formatInstant(e.at)),
                e.members.length ? row('members', e.members.length > 12 ? `${e.members.slice(0, 12).join(', ')} … (${e.members.length})` : e.members.join(', ')) : null,
                e.line ? h('div', { class: 'tip-hint' }, `click to show line ${e.line}`) : null
            );
            break;
        }
        case 'lag': {
            const l = object as { topic: string; at: number; lag: number; lagMax: number; committedLag: number };
            add(
                h('div', { class: 'tip-title' }, `lag ${l.topic}`, h('span', { class: 'tip-dim' }, ` at ${formatInstant(l.at)}`)),
                row('lag', `${formatCount(l.lag)} records`),
                row('largest in this step', formatCount(l.lagMax)),
                row('committed lag', formatCount(l.committedLag))
            );
            break;
        }
        case 'memberEpoch': {
            const e = object as { member: string; from: number; to: number; epoch: number };
            add(h('div', { class: 'tip-title' }, `${e.member}: member epoch ${e.epoch}`), row('when', span(e.from, e.to)), ...instantRows(trace, e.member, at));
            break;
        }
        case 'memberState': {
            const e = object as { member: string; from: number; to: number; state: string };
            add(h('div', { class: 'tip-title' }, `${e.member}: ${e.state}`), row('when', span(e.from, e.to)), ...instantRows(trace, e.member, at));
            break;
        }
    }
    return card;
}
