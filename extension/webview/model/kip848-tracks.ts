/**
 * KIP-848 tracks: the server's target assignment over each member's ownership, the coordinator's
 * reconciliation record under it, and the group's type (classic / consumer) in the group lane.
 * Built from `consumerProtocol` only; a classic-only trace gets none of them.
 *
 * Paints: `target:<topic>:<p>` a target partition the member holds (solid, softened partition
 * colour), `pending:<topic>:<p>` one it does not hold yet (hatched in the partition colour);
 * `recon:<state>` (UNRELEASED hatched), `gtype:<type>`.
 */
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { formatPartitionSet } from '../format.js';
import type { MemberTrackBuilder, SpanTrack } from './lanes.js';
import type { PaintTable } from './paints.js';
import { packRows, type SpanInput, toRow } from './spans.js';

export const targetPaint = (topic: string, partition: number, owned: boolean): string => `${owned ? 'target' : 'pending'}:${topic}:${partition}`;
export const RECONCILIATION_STATES = ['STABLE', 'UNREVOKED_PARTITIONS', 'UNRELEASED_PARTITIONS'] as const;

/** Height of one target row: thin, so the strip reads as an annotation of the ownership above. */
const TARGET_ROW = 6;

/** What the gutter calls each track of a KIP-848 member lane. */
export const KIP848_GUTTER_LABELS: Readonly<Record<string, string>> = {
    ownership: 'holds',
    target: 'target',
    reconciliation: 'coordinator',
    'member-state': 'client',
    epoch: 'epoch'
};

/**
 * The member's target partitions under its ownership, one row per partition targeted at once:
 * outlined while the member holds the partition, hatched while the target waits for it.
 */
export const memberTarget: MemberTrackBuilder = ({ trace, paints, index, density, member, targets }) => {
    const refs = index.targets.get(member.name);
    if (!refs) return null;
    const topicOrder = new Map(trace.topics.map((t, i) => [t.name, i]));
    const pending = new Set<number>();
    const spans: SpanInput[] = refs.map((ref) => {
        const s = targets[ref];
        const paint = paints.id(targetPaint(s.topic, s.partition, s.owned));
        if (!s.owned) pending.add(paint);
        return { from: s.from, to: s.to, paint, ref, order: (topicOrder.get(s.topic) ?? 0) * 1e6 + s.partition };
    });
    const rows = packRows(spans);
    const height = density === 'compact' ? 4 : Math.min(3 * TARGET_ROW, Math.max(TARGET_ROW, rows.length * TARGET_ROW));
    return { kind: 'spans', id: 'target', height, refKind: 'target', rows, hatched: pending, outlined: density !== 'compact' };
};

/** The coordinator's reconciliation record: amber while unrevoked, hatched while unreleased. */
export const memberReconciliation: MemberTrackBuilder = ({ trace, paints, index, density, member }) => {
    const refs = index.reconciliations.get(member.name);
    const list = trace.consumerProtocol?.reconciliations;
    if (!refs || !list) return null;
    const spans = refs.map((ref) => ({ from: list[ref].from, to: list[ref].to, paint: paints.id(`recon:${list[ref].state}`), ref, order: 0 }));
    const track: SpanTrack = {
        kind: 'spans',
        id: 'reconciliation',
        height: density === 'compact' ? 3 : 10,
        refKind: 'reconciliation',
        rows: packRows(spans),
        hatched: new Set([paints.id('recon:UNRELEASED_PARTITIONS')]),
        labels: (ref) => {
            const r = list[ref];
            if (r.state === 'UNREVOKED_PARTITIONS') return [`unrevoked: ${formatPartitionSet(r.revoking, 60)}`, 'unrevoked', 'unrev'];
            if (r.state === 'UNRELEASED_PARTITIONS') return ['unreleased: waits for partitions others hold', 'unreleased', 'unrel'];
            // A steady consumer member says nothing; a classic member inside a consumer group does.
            return r.protocol === 'classic' ? ['classic member', 'classic', 'cl'] : [];
        }
    };
    return track;
};

/** The group's type over time: an online upgrade or downgrade, or a migration through Empty. */
export function groupTypeTrack(trace: Trace, paints: PaintTable): SpanTrack | null {
    const types = trace.consumerProtocol?.groupTypes;
    if (!types || types.length === 0) return null;
    const spans = types.map((g, ref) => ({ from: g.from, to: g.to, paint: paints.id(`gtype:${g.type}`), ref, order: 0 }));
    const disjoint = spans.every((s, i) => i === 0 || s.from >= spans[i - 1].to);
    return {
        kind: 'spans',
        id: 'group-type',
        height: 10,
        refKind: 'groupType',
        rows: disjoint ? [toRow(spans.filter((s) => s.to > s.from))] : packRows(spans),
        labels: (ref) => [`${types[ref].type} group`, types[ref].type, types[ref].type.slice(0, 2)]
    };
}
