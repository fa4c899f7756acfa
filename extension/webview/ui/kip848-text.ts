/**
 * KIP-848 text: hover cards for its marks (a target partition, a reconciliation record, the
 * group's type), the "at this instant" block every consumer-protocol member card ends with (the
 * member's target, what it owns, its epoch and the group's, who still holds its target), and the
 * side panel's lines at the playhead. The values are the trace's (model/kip848.ts reads them).
 */
import type { GroupProtocolName, PartitionSet, ReconciliationSpan, Trace } from '../../../language-server/src/simulation/trace.js';
import { formatDuration, formatInstant, formatPartitionSet } from '../format.js';
import { converged, memberAt, membersAt, type TargetSpan } from '../model/kip848.js';
import { h } from './dom.js';

const RECONCILIATION_TEXT: Record<string, string> = {
    STABLE: 'at its target: nothing to give up, nothing to wait for',
    UNREVOKED_PARTITIONS: 'must revoke partitions the target took away before it gets more',
    UNRELEASED_PARTITIONS: 'part of its target is still held by other members'
};

const span = (from: number, to: number) => `${formatInstant(from)} → ${formatInstant(to)} (${formatDuration(to - from)})`;
const set = (s: PartitionSet) => (Object.values(s).some((l) => l.length > 0) ? formatPartitionSet(s, 120) : 'nothing');

function row(key: string, value: string): HTMLElement {
    return h('div', { class: 'tip-row' }, h('span', { class: 'tip-key' }, key), h('span', {}, value));
}

/** The card of a target span, a reconciliation record or a group-type span; null for other kinds. */
export function kip848Card(trace: Trace, refKind: string, object: unknown, at: number | undefined): HTMLElement[] | null {
    switch (refKind) {
        case 'target': {
            const s = object as TargetSpan;
            return [
                h('div', { class: 'tip-title' }, `${s.topic}-${s.partition} → ${s.member}`, h('span', { class: 'tip-dim' }, ' in the target assignment')),
                row('when', span(s.from, s.to)),
                row('since epoch', String(s.epoch)),
                row(`held by ${s.member}`, s.owned ? 'yes' : 'not yet: the target waits for it'),
                ...instantRows(trace, s.member, at)
            ];
        }
        case 'reconciliation': {
            const r = object as ReconciliationSpan;
            return [
                h('div', { class: 'tip-title' }, `${r.member}: ${r.state}`, h('span', { class: 'tip-dim' }, ` member epoch ${r.epoch}`)),
                h('div', {}, RECONCILIATION_TEXT[r.state] ?? r.state),
                row('when', span(r.from, r.to)),
                row('assigned', set(r.assigned)),
                row('to revoke', set(r.revoking)),
                row('speaks', r.protocol === 'classic' ? 'the classic protocol (a classic member of a consumer group)' : 'the consumer protocol'),
                ...instantRows(trace, r.member, at)
            ];
        }
        case 'groupType': {
            const g = object as { from: number; to: number; type: GroupProtocolName };
            return [
                h('div', { class: 'tip-title' }, `${g.type} group`),
                h('div', {}, g.type === 'consumer' ? 'the coordinator computes a target assignment; members converge on their heartbeats (KIP-848)' : 'join and sync rounds; the leader assigns'),
                row('when', span(g.from, g.to))
            ];
        }
    }
    return null;
}

/** "At t": the member's target, owned set and epochs, for any card of a consumer-protocol member. */
export function instantRows(trace: Trace, member: string, at: number | undefined): HTMLElement[] {
    if (at === undefined) return [];
    const m = memberAt(trace, member, at);
    if (!m || (m.target === null && m.memberEpoch === null)) return [];
    const epochs = [m.memberEpoch !== null ? `member ${m.memberEpoch}` : 'not a member', m.groupEpoch !== null ? `group ${m.groupEpoch}` : null].filter(Boolean).join(' · ');
    return [
        h('div', { class: 'tip-detail tip-dim' }, `at ${formatInstant(at)}`),
        row('target', m.target ? `${set(m.target.partitions)} (epoch ${m.target.epoch}, ${m.target.assignor})` : 'none'),
        row('owns', set(m.owned)),
        row('epochs', epochs),
        m.reconciliation ? row('coordinator', m.reconciliation.state) : null,
        ...m.heldByOthers.slice(0, 4).map((o) => row('still held', `${o.topic}-${o.partition} by ${o.holder} until ${formatInstant(o.until)}`))
    ].filter((x): x is HTMLElement => x !== null);
}

/**
 * At the playhead: the group's type and target epoch, then each member whose holdings differ from
 * its target (`c4: gets orders[1] · epoch 4 · UNRELEASED_PARTITIONS`). Null for a classic-only trace.
 */
export function kip848AtPlayhead(trace: Trace, t: number): HTMLElement | null {
    if (!trace.consumerProtocol) return null;
    const block = h('div', { class: 'at-kip848' });
    const states = membersAt(trace, t) ?? [];
    const type = states[0]?.groupType;
    const target = states.find((m) => m.target)?.target;
    block.append(h('div', { class: 'at-group-type', 'data-type': type ?? 'none' }, [type ? `${type} group` : null, target ? `target epoch ${target.epoch} (${target.assignor})` : null].filter(Boolean).join(' · ') || 'no consumer group'));
    for (const m of states) {
        if (!m.target || converged(m)) continue;
        const gets = diff(m.target.partitions, m.owned);
        const gives = diff(m.owned, m.target.partitions);
        const parts = [gets ? `gets ${gets}` : null, gives ? `gives up ${gives}` : null, m.memberEpoch !== null ? `epoch ${m.memberEpoch}` : null, m.reconciliation && m.reconciliation.state !== 'STABLE' ? m.reconciliation.state : null];
        block.append(h('div', { 'data-member': m.member }, h('span', { class: 'at-kind' }, `${m.member}: `), parts.filter(Boolean).join(' · ')));
    }
    return block;
}

/** `a` minus `b` as text (`orders[1,6]`), or null when nothing is left. */
function diff(a: PartitionSet, b: PartitionSet): string | null {
    const out: PartitionSet = {};
    for (const [topic, ps] of Object.entries(a)) {
        const left = ps.filter((p) => !(b[topic] ?? []).includes(p));
        if (left.length) out[topic] = left;
    }
    return Object.keys(out).length ? formatPartitionSet(out, 80) : null;
}
