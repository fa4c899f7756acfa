/**
 * The rack view of AbstractStickyAssignor (KIP-881): which member is on which rack and which
 * racks hold replicas of each partition — both empty unless rack-aware assignment applies.
 */
import type { ClientCase } from '../client-case.js';
import { useRackAwareAssignment } from '../rack-aware.js';

export class StickyRackInfo {
    /** Rack of each member (by iteration index), or null; all null unless rack-aware. */
    readonly consumerRacks: (string | null)[];
    /** Replica racks per global partition; null unless rack-aware. */
    readonly partitionRacks: (readonly string[])[] | null;
    /**
     * Per partition, how many members sit on a rack holding a replica. Kafka computes it
     * whenever some member has a rack, even when rack-aware assignment is then not used.
     */
    private readonly numConsumersByPartition: Int32Array | null;

    constructor(c: ClientCase, preferRackAwareLogic: boolean) {
        const consumersByRack = new Map<string, number>();
        c.members.forEach((m) => {
            if (m.rack !== null) consumersByRack.set(m.rack, (consumersByRack.get(m.rack) ?? 0) + 1);
        });
        let racksPerPartition: (readonly string[])[] = [];
        const allPartitionRacks = new Set<string>();
        if (consumersByRack.size > 0) {
            racksPerPartition = new Array(c.totalPartitions);
            for (let g = 0; g < c.totalPartitions; g++) {
                const racks = c.replicaRacks?.[g] ?? [];
                racksPerPartition[g] = racks;
                for (const r of racks) allPartitionRacks.add(r);
            }
        }
        const rackAware = useRackAwareAssignment(new Set(consumersByRack.keys()), allPartitionRacks, racksPerPartition, preferRackAwareLogic);
        this.consumerRacks = c.members.map((m) => (rackAware ? m.rack : null));
        this.partitionRacks = rackAware ? racksPerPartition : null;
        if (consumersByRack.size > 0) {
            this.numConsumersByPartition = new Int32Array(c.totalPartitions);
            for (let g = 0; g < c.totalPartitions; g++) {
                let n = 0;
                for (const r of racksPerPartition[g]) n += consumersByRack.get(r) ?? 0;
                this.numConsumersByPartition[g] = n;
            }
        } else {
            this.numConsumersByPartition = null;
        }
    }

    get rackAware(): boolean {
        return this.partitionRacks !== null;
    }

    /** True when the member has a rack (rack-aware mode) and the partition has no replica there. */
    racksMismatch(member: number, g: number): boolean {
        const rack = this.consumerRacks[member];
        if (rack === null) return false;
        const racks = this.partitionRacks?.[g];
        return racks === undefined || !racks.includes(rack);
    }

    /** Partitions with the fewest same-rack members first (a stable sort, as List.sort is). */
    sortPartitionsByRackConsumers(partitions: ArrayLike<number>): ArrayLike<number> {
        const counts = this.numConsumersByPartition;
        if (counts === null) return partitions;
        return Array.from(partitions, (g, i) => ({ g, i }))
            .sort((a, b) => counts[a.g] - counts[b.g] || a.i - b.i)
            .map((x) => x.g);
    }

    /** Index in `members`, starting the search at `firstIndex` and wrapping, of the first member on a replica's rack; -1 if none. */
    nextRackConsumer(g: number, members: readonly number[], firstIndex: number): number {
        const racks = this.partitionRacks?.[g];
        if (racks === undefined || racks.length === 0) return -1;
        for (let i = 0; i < members.length; i++) {
            const index = (firstIndex + i) % members.length;
            const rack = this.consumerRacks[members[index]];
            if (rack !== null && racks.includes(rack)) return index;
        }
        return -1;
    }
}
