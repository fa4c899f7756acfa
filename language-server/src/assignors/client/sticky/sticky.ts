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

/** Returns the owner (member iteration index) of each global partition, -1 when unassigned or withheld. */
export function assignSticky(c: ClientCase, flavor: StickyFlavor, preferRackAwareLogic: boolean, leaderMaxGeneration?: number): Int32Array {
    const rackInfo = new StickyRackInfo(c, preferRackAwareLogic);
    const data = memberDataOf(c, flavor);
    const previous = resolvePreviousOwnership(c, data, leaderMaxGeneration);
    const built = previous.allSubscriptionsEqual
        ? buildConstrained(c, rackInfo, previous)
        : buildGeneral(c, rackInfo, previous, data);
    const owner = built.owner;
    if (flavor === 'cooperative-sticky') {
        // adjustAssignment: the new owner gets these only in the follow-up rebalance.
        const transferring = built.partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(data, owner);
        for (const g of transferring.keys()) owner[g] = -1;
    }
    return owner;
}

/** Partitions assigned to a member that did not claim them and revoked from a member that did. */
function computePartitionsTransferringOwnership(data: readonly MemberData[], owner: Int32Array): Map<number, number> {
    const revoked = new Set<number>();
    data.forEach((d, m) => {
        for (const g of d.partitions) if (owner[g] !== m) revoked.add(g);
    });
    const claimed = new Map<number, Set<number>>(); // built lazily for the new owners we ask about
    const claims = (m: number) => {
        let s = claimed.get(m);
        if (!s) claimed.set(m, (s = new Set(data[m].partitions)));
        return s;
    };
    const transferring = new Map<number, number>();
    for (const g of revoked) {
        const m = owner[g];
        if (m >= 0 && !claims(m).has(g)) transferring.set(g, m);
    }
    return transferring;
}
