/**
 * `AbstractPartitionAssignor.useRackAwareAssignment` (KIP-881): rack-aware assignment is used
 * when some member has a rack that some partition has a replica on, and not every partition is
 * replicated on every rack (Kafka's unit tests can force it with `preferRackAwareLogic`).
 */
export function useRackAwareAssignment(
    consumerRacks: ReadonlySet<string>,
    partitionRacks: ReadonlySet<string>,
    racksPerPartition: readonly (readonly string[])[],
    preferRackAwareLogic: boolean
): boolean {
    if (consumerRacks.size === 0) return false;
    let disjoint = true;
    for (const r of consumerRacks) {
        if (partitionRacks.has(r)) {
            disjoint = false;
            break;
        }
    }
    if (disjoint) return false;
    if (preferRackAwareLogic) return true;
    return !racksPerPartition.every((racks) => sameRackSet(racks, partitionRacks));
}

function sameRackSet(racks: readonly string[], all: ReadonlySet<string>): boolean {
    // `racks` holds distinct names, so equal sizes plus inclusion is set equality.
    return racks.length === all.size && racks.every((r) => all.has(r));
}
