/**
 * AbstractStickyAssignor's GeneralAssignmentBuilder, used when members subscribe to different
 * topics:
 *
 * 1. keep every still-valid owned partition (in rack-aware mode, only those on the member's rack);
 * 2. give each unassigned partition — topics with the fewest potential members first — to the
 *    least loaded member that subscribes to it (first on a replica's rack, then anywhere);
 * 3. move partitions, one at a time, from a member to a less loaded one (back to a previous
 *    owner of a lower generation when that helps) until the assignment is balanced, and revert
 *    those moves if they did not improve the balance score.
 *
 * The data structures differ from Kafka's (typed arrays, a sorted member array, a cached balance
 * check) but every choice is made in the same order with the same tie-breaks.
 */
import { AssignorError } from '../../types.js';
import type { ClientCase } from '../client-case.js';
import type { StickyRackInfo } from './rack-info.js';
import { DEFAULT_GENERATION, type MemberData, type PreviousOwnership } from './previous-ownership.js';
import type { StickyBuildResult } from './constrained-builder.js';
import { PartitionMovements } from './partition-movements.js';

/** Members ordered by (number of assigned partitions, member id): Kafka's `sortedCurrentSubscriptions` TreeSet. */
class SortedMembers {
    readonly order: number[] = [];

    constructor(private readonly size: (m: number) => number, private readonly rank: (m: number) => number) {}

    private compare(a: number, b: number): number {
        return this.size(a) - this.size(b) || this.rank(a) - this.rank(b);
    }

    private search(m: number): number {
        let lo = 0;
        let hi = this.order.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.compare(this.order[mid], m) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    add(m: number): void {
        const i = this.search(m);
        if (this.order[i] !== m) this.order.splice(i, 0, m);
    }

    remove(m: number): void {
        const i = this.search(m);
        if (this.order[i] === m) this.order.splice(i, 1);
    }

    get length(): number {
        return this.order.length;
    }
}

/** Each member's partitions, with O(1) removal (their order never matters to the algorithm). */
class MemberPartitions {
    lists: number[][];
    private readonly position: Int32Array;

    constructor(initial: number[][], totalPartitions: number) {
        this.lists = initial.map((l) => [...l]);
        this.position = new Int32Array(totalPartitions).fill(-1);
        this.lists.forEach((l) => l.forEach((g, i) => (this.position[g] = i)));
    }

    add(m: number, g: number): void {
        this.position[g] = this.lists[m].length;
        this.lists[m].push(g);
    }

    remove(m: number, g: number): void {
        const list = this.lists[m];
        const i = this.position[g];
        const last = list.pop()!;
        if (last !== g) {
            list[i] = last;
            this.position[last] = i;
        }
        this.position[g] = -1;
    }

    snapshot(): number[][] {
        return this.lists.map((l) => [...l]);
    }

    restore(lists: number[][]): void {
        this.lists = lists.map((l) => [...l]);
        this.lists.forEach((l) => l.forEach((g, i) => (this.position[g] = i)));
    }
}

export function buildGeneral(
    c: ClientCase,
    rackInfo: StickyRackInfo,
    previous: PreviousOwnership,
    memberData: readonly MemberData[]
): StickyBuildResult {
    const M = c.members.length;
    const T = c.topicNames.length;
    const P = c.totalPartitions;
    const topicOf = c.topicOf;

    const topicConsumers: number[][] = c.topicNames.map(() => []);
    const subscribes = new Uint8Array(M * T);
    const maxAssignmentSize = new Int32Array(M);
    c.members.forEach((m, i) => {
        for (const t of m.topicIndices) {
            topicConsumers[t].push(i);
            subscribes[i * T + t] = 1;
            maxAssignmentSize[i] += c.partitionCounts[t];
        }
    });

    const current = new MemberPartitions(previous.ownedByMember, P);
    const present = new Uint8Array(M).fill(1);
    const owner = new Int32Array(P).fill(-1);
    current.lists.forEach((l, m) => l.forEach((g) => (owner[g] = m)));

    const sortedTopics = c.topicNames.map((_, t) => t).sort((a, b) => topicConsumers[a].length - topicConsumers[b].length || a - b);
    let sortedAllPartitions: number[] = [];
    for (const t of sortedTopics) for (let p = 0; p < c.partitionCounts[t]; p++) sortedAllPartitions.push(c.offsets[t] + p);

    const sizeOf = (m: number) => current.lists[m].length;
    const sorted = new SortedMembers(sizeOf, (m) => c.members[m].idRank);

    // prevAssignment: owners from earlier generations, for moving partitions back to them.
    const prevOwner = new Int32Array(P).fill(-1);
    const prevGeneration = new Int32Array(P);
    const updatePrevious = (partitions: readonly number[], m: number, generation: number) => {
        for (const g of partitions) {
            if (prevOwner[g] === -1 || generation > prevGeneration[g]) {
                prevOwner[g] = m;
                prevGeneration[g] = generation;
            }
        }
    };
    memberData.forEach((md, m) => {
        if (md.generation !== null && md.generation < previous.maxGeneration) updatePrevious(md.partitions, m, md.generation);
        else if (md.generation === null && previous.maxGeneration > DEFAULT_GENERATION) updatePrevious(md.partitions, m, DEFAULT_GENERATION);
    });

    // assignOwnedPartitions: drop partitions of topics no longer subscribed to, or off-rack.
    let revocationRequired = false;
    const isAssigned = new Uint8Array(P);
    for (let m = 0; m < M; m++) {
        for (const g of [...current.lists[m]]) {
            if (!subscribes[m * T + topicOf[g]] || rackInfo.racksMismatch(m, g)) {
                current.remove(m, g);
                revocationRequired = true;
            } else {
                isAssigned[g] = 1;
            }
        }
    }
    const unassigned = sortedAllPartitions.filter((g) => !isAssigned[g]);

    for (let m = 0; m < M; m++) sorted.add(m);

    // The balance check of Kafka's isBalanced(), recomputed only after the assignment changed.
    let balancedCache: boolean | null = null;
    const invalidate = () => {
        balancedCache = null;
    };
    const isBalanced = (): boolean => {
        if (balancedCache !== null) return balancedCache;
        balancedCache = computeBalanced();
        return balancedCache;
    };
    const computeBalanced = (): boolean => {
        const min = sizeOf(sorted.order[0]);
        const max = sizeOf(sorted.order[sorted.length - 1]);
        if (min >= max - 1) return true;
        // Unbalanced iff some member, not holding exactly all the partitions it could get, subscribes to a
        // topic one of whose partitions sits with a member holding 2+ more partitions than it.
        for (let t = 0; t < T; t++) {
            let minShort = Infinity;
            for (const m of topicConsumers[t]) {
                // Kafka skips a member only when it holds exactly as many partitions as it could
                // get: one that holds more (a partition of a topic it left, handed back to it as
                // its previous owner) is still checked.
                if (present[m] && sizeOf(m) !== maxAssignmentSize[m] && sizeOf(m) < minShort) minShort = sizeOf(m);
            }
            if (minShort === Infinity) continue;
            const end = c.offsets[t] + c.partitionCounts[t];
            for (let g = c.offsets[t]; g < end; g++) {
                const o = owner[g];
                if (o >= 0 && present[o] && sizeOf(o) > minShort + 1) return false;
            }
        }
        return true;
    };

    const assignTo = (g: number, m: number) => {
        sorted.remove(m);
        current.add(m, g);
        owner[g] = m;
        sorted.add(m);
        invalidate();
    };

    const maybeAssignPartition = (g: number, withRacks: boolean): boolean => {
        const t = topicOf[g];
        for (const m of sorted.order) {
            if (subscribes[m * T + t] && (!withRacks || !rackInfo.racksMismatch(m, g))) {
                assignTo(g, m);
                return true;
            }
        }
        return false;
    };

    const initializing = sizeOf(sorted.order[sorted.length - 1]) === 0;

    // First with rack matching, then anywhere.
    let partitionsToAssign = unassigned;
    if (rackInfo.rackAware) {
        partitionsToAssign = unassigned.filter((g) => topicConsumers[topicOf[g]].length === 0 || !maybeAssignPartition(g, true));
    }
    for (const g of partitionsToAssign) {
        if (topicConsumers[topicOf[g]].length > 0) maybeAssignPartition(g, false);
    }

    // Narrow the reassignment down to topics with 2+ potential members…
    const topicCanMove = (t: number) => topicConsumers[t].length >= 2;
    sortedAllPartitions = sortedAllPartitions.filter((g) => topicCanMove(topicOf[g]));
    const reassignableUnassigned = unassigned.filter((g) => topicCanMove(topicOf[g]));
    // …and to members that can take or give something.
    const canConsumerParticipate = (m: number): boolean => {
        if (sizeOf(m) < maxAssignmentSize[m]) return true;
        return current.lists[m].some((g) => topicCanMove(topicOf[g]));
    };
    const fixed: number[] = [];
    for (let m = 0; m < M; m++) {
        if (!canConsumerParticipate(m)) {
            sorted.remove(m);
            present[m] = 0;
            fixed.push(m);
        }
    }
    invalidate();

    const preBalanceLists = current.snapshot();
    const preBalanceOwners = owner.slice();
    const movements = new PartitionMovements(c);

    const processPartitionMovement = (g: number, newConsumer: number) => {
        const oldConsumer = owner[g];
        sorted.remove(oldConsumer);
        sorted.remove(newConsumer);
        movements.movePartition(g, oldConsumer, newConsumer);
        current.remove(oldConsumer, g);
        current.add(newConsumer, g);
        owner[g] = newConsumer;
        sorted.add(newConsumer);
        sorted.add(oldConsumer);
        invalidate();
    };
    const reassignPartitionTo = (g: number, newConsumer: number) => {
        const toMove = movements.getTheActualPartitionToBeMoved(g, owner[g], newConsumer);
        processPartitionMovement(toMove, newConsumer);
    };
    const reassignPartition = (g: number) => {
        const t = topicOf[g];
        const newConsumer = sorted.order.find((m) => subscribes[m * T + t]);
        reassignPartitionTo(g, newConsumer!);
    };

    const performReassignments = (partitions: readonly number[]): boolean => {
        let reassignmentPerformed = false;
        let modified: boolean;
        do {
            modified = false;
            for (let i = 0; i < partitions.length && !isBalanced(); i++) {
                const g = partitions[i];
                const t = topicOf[g];
                const consumer = owner[g];
                if (consumer < 0 || !present[consumer]) {
                    throw new AssignorError(`NullPointerException: partition ${c.topicNames[t]}-${g - c.offsets[t]} has no current owner during sticky balancing`);
                }
                const consumerSize = sizeOf(consumer);
                const prev = prevOwner[g];
                if (prev !== -1) {
                    if (!present[prev]) {
                        throw new AssignorError(`NullPointerException: the previous owner of ${c.topicNames[t]}-${g - c.offsets[t]} takes no part in the reassignment`);
                    }
                    if (consumerSize > sizeOf(prev) + 1) {
                        reassignPartitionTo(g, prev);
                        reassignmentPerformed = true;
                        modified = true;
                        continue;
                    }
                }
                // A better-suited member? Prefer one on a replica's rack.
                let found = false;
                const consumerRack = rackInfo.consumerRacks[consumer];
                const partitionRacks = rackInfo.partitionRacks?.[g];
                if (consumerRack !== null && partitionRacks !== undefined && partitionRacks.length > 0 && partitionRacks.includes(consumerRack)) {
                    for (const other of topicConsumers[t]) {
                        const otherRack = rackInfo.consumerRacks[other];
                        if (otherRack === null || !partitionRacks.includes(otherRack)) continue;
                        if (consumerSize > sizeOf(other) + 1) {
                            reassignPartition(g);
                            reassignmentPerformed = true;
                            modified = true;
                            found = true;
                            break;
                        }
                    }
                }
                if (!found) {
                    for (const other of topicConsumers[t]) {
                        if (consumerSize > sizeOf(other) + 1) {
                            reassignPartition(g);
                            reassignmentPerformed = true;
                            modified = true;
                            break;
                        }
                    }
                }
            }
        } while (modified);
        return reassignmentPerformed;
    };

    if (!revocationRequired) performReassignments(reassignableUnassigned);
    const reassignmentPerformed = performReassignments(sortedAllPartitions);

    const presentMembers = [...Array(M).keys()].filter((m) => present[m]);
    if (!initializing && reassignmentPerformed
        && balanceScore(presentMembers.map(sizeOf)) >= balanceScore(presentMembers.map((m) => preBalanceLists[m].length))) {
        current.restore(preBalanceLists);
        owner.set(preBalanceOwners);
    }
    void fixed;
    const finalOwner = new Int32Array(P).fill(-1);
    current.lists.forEach((list, m) => list.forEach((g) => (finalOwner[g] = m)));
    return { owner: finalOwner, partitionsTransferringOwnership: null };
}

/** Kafka's getBalanceScore: the sum over all member pairs of the difference of their sizes. */
function balanceScore(sizes: number[]): number {
    const s = [...sizes].sort((a, b) => a - b);
    let score = 0;
    for (let i = 0; i < s.length; i++) score += s[i] * (2 * i - (s.length - 1));
    return score;
}
