/**
 * StickyAssignor (eager) and CooperativeStickyAssignor: AbstractStickyAssignor's two builders,
 * plus, for cooperative-sticky, the withholding of every partition that changes owner
 * (`adjustAssignment`): the new owner only gets it in the follow-up rebalance, after the old
 * owner has revoked it.
 */
import type { ClientCase } from '../client-case.js';
import { StickyRackInfo } from './rack-info.js';
import { memberDataOf, resolvePreviousOwnership, type MemberData } from './previous-ownership.js';
import { buildConstrained } from './constrained-builder.js';
import { buildGeneral } from './general-builder.js';

export type StickyFlavor = 'sticky' | 'cooperative-sticky';

export function assignSticky(c: ClientCase, flavor: StickyFlavor, preferRackAwareLogic: boolean): Map<string, number[]> {
    const rackInfo = new StickyRackInfo(c, preferRackAwareLogic);
    const data = memberDataOf(c, flavor);
    const previous = resolvePreviousOwnership(c, data);
    const built = previous.allSubscriptionsEqual
        ? buildConstrained(c, rackInfo, previous)
        : buildGeneral(c, rackInfo, previous, data);
    const assignment = built.assignment;
    if (flavor === 'cooperative-sticky') {
        const transferring = built.partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(c, data, assignment);
        withholdTransferring(assignment, transferring);
    }
    return new Map(c.members.map((m, i) => [m.memberId, assignment[i]]));
}

/** Partitions assigned to a member that did not own them and revoked from a member that did. */
function computePartitionsTransferringOwnership(c: ClientCase, data: readonly MemberData[], assignment: number[][]): Map<number, number> {
    const added = new Map<number, number>();
    const revoked = new Set<number>();
    c.members.forEach((_, m) => {
        const owned = new Set(data[m].partitions);
        const assigned = new Set(assignment[m]);
        for (const g of assignment[m]) if (!owned.has(g)) added.set(g, m);
        for (const g of data[m].partitions) if (!assigned.has(g)) revoked.add(g);
    });
    for (const g of [...added.keys()]) if (!revoked.has(g)) added.delete(g);
    return added;
}

function withholdTransferring(assignment: number[][], transferring: ReadonlyMap<number, number>): void {
    if (transferring.size === 0) return;
    const byMember = new Map<number, Set<number>>();
    for (const [g, m] of transferring) {
        let s = byMember.get(m);
        if (!s) byMember.set(m, (s = new Set()));
        s.add(g);
    }
    for (const [m, withheld] of byMember) {
        // List.remove(Object) takes out the first occurrence; partitions are unique per list.
        assignment[m] = assignment[m].filter((g) => !withheld.has(g));
    }
}
