/**
 * The benchmark's synthetic trace with a `consumerProtocol` section, so the cost of the KIP-848
 * marks (target per member and partition, reconciliation records, member epochs and states, the
 * group-type band) is measured at the same size. Derived from the classic synthetic trace, not
 * simulated: each rebalance becomes a target assignment computed when it starts (`preparedAt`),
 * holding what the members hold once it is stable; a member that gains partitions is UNRELEASED
 * from then until it holds them, STABLE otherwise; epochs follow the generations.
 */
import type { PartitionSet, ReconciliationSpan, Trace } from '../../language-server/src/simulation/trace.js';

type Span = { from: number; to: number };

/** `a` minus the sorted, disjoint `cuts`. */
function minus(a: Span, cuts: readonly Span[]): Span[] {
    const out: Span[] = [];
    let start = a.from;
    for (const c of cuts) {
        if (c.to <= start || c.from >= a.to) continue;
        if (c.from > start) out.push({ from: start, to: c.from });
        start = Math.max(start, c.to);
    }
    if (start < a.to) out.push({ from: start, to: a.to });
    return out;
}

export function withConsumerProtocol(trace: Trace): Trace {
    const rebalances = trace.rebalances;
    // What each member holds once each rebalance is stable (its target).
    const targets = rebalances.map((r) => {
        const at = r.stableAt ?? r.bumpedAt;
        const assignment: Record<string, PartitionSet> = {};
        for (const o of trace.ownership) {
            if (o.from > at || o.to <= at) continue;
            ((assignment[o.member] ??= {})[o.topic] ??= []).push(o.partition);
        }
        for (const set of Object.values(assignment)) for (const l of Object.values(set)) l.sort((x, y) => x - y);
        return { epoch: r.generation, at: r.preparedAt, assignor: 'uniform', assignment };
    });

    // Membership: the member-id spans (a restart is a new member id).
    const memberEpochs: NonNullable<Trace['consumerProtocol']>['memberEpochs'] = [];
    const memberStates: { member: string; from: number; to: number; state: string }[] = [];
    const reconciliations: ReconciliationSpan[] = [];
    const cutsAt = rebalances.map((r) => r.preparedAt);
    /** Instants at which each member starts holding a partition. */
    const gainsAt = new Map<string, Set<number>>();
    for (const o of trace.ownership) {
        let set = gainsAt.get(o.member);
        if (!set) gainsAt.set(o.member, (set = new Set()));
        set.add(o.from);
    }
    for (const id of trace.memberIds) {
        memberStates.push({ member: id.member, from: id.from, to: id.to, state: 'STABLE' });
        // Epoch spans: the generation in force, changing at each rebalance inside the membership.
        let from = id.from;
        for (let k = 0; k <= cutsAt.length; k++) {
            const to = Math.min(id.to, k < cutsAt.length ? cutsAt[k] : id.to);
            if (to > from) memberEpochs.push({ member: id.member, from, to, epoch: k === 0 ? 0 : rebalances[k - 1].generation });
            from = Math.max(from, to);
            if (from >= id.to) break;
        }
        // UNRELEASED while a rebalance's target gives it partitions it does not hold yet.
        const waits: Span[] = [];
        for (const r of rebalances) {
            const stable = r.stableAt ?? r.bumpedAt;
            if (r.preparedAt < id.from || stable > id.to) continue;
            if (gainsAt.get(id.member)?.has(stable) && stable > r.preparedAt) waits.push({ from: r.preparedAt, to: stable });
        }
        const record = (s: Span, state: ReconciliationSpan['state']) =>
            reconciliations.push({ member: id.member, memberId: id.memberId, from: s.from, to: s.to, epoch: 0, state, assigned: {}, revoking: {}, protocol: 'consumer' });
        for (const w of waits) record(w, 'UNRELEASED_PARTITIONS');
        for (const s of minus(id, waits)) record(s, 'STABLE');
    }
    return {
        ...trace,
        consumerProtocol: { memberEpochs, memberStates, targetAssignments: targets, reconciliations, groupTypes: [{ from: 0, to: trace.durationMs, type: 'consumer' }] }
    };
}
