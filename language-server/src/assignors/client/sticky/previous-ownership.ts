/**
 * What AbstractStickyAssignor makes of the members' claims before building anything
 * (`allSubscriptionsEqual`): whether all subscriptions are equal, each member's still-valid
 * owned partitions, and the partitions claimed by several members in the same generation.
 *
 * Claims are resolved in member iteration order: a partition already claimed goes to the claim
 * with the higher generation; with equal generations it is taken from both and marked.
 */
import type { ClientCase } from '../client-case.js';

export const DEFAULT_GENERATION = -1;

export interface MemberData {
    /** The partitions the member reports (Kafka's `MemberData.partitions`), as global indices. */
    readonly partitions: readonly number[];
    /** `MemberData.generation`, or null when absent. */
    readonly generation: number | null;
    /** `Subscription.generationId().orElse(DEFAULT_GENERATION)`, used against other claimants. */
    readonly subscriptionGeneration: number;
}

/**
 * CooperativeStickyAssignor reads owned partitions and generation from the subscription (always
 * present: a generation of -1 before the first assignment). StickyAssignor (eager) reads its
 * user data, which carries the last assignment and its generation, and is absent before the
 * member's first assignment.
 */
export function memberDataOf(c: ClientCase, flavor: 'sticky' | 'cooperative-sticky'): MemberData[] {
    return c.members.map((m) => ({
        partitions: m.owned,
        generation: flavor === 'cooperative-sticky' ? (m.generation ?? DEFAULT_GENERATION) : m.generation,
        subscriptionGeneration: m.generation ?? DEFAULT_GENERATION
    }));
}

export interface PreviousOwnership {
    readonly allSubscriptionsEqual: boolean;
    /** Each member's previously owned, still valid partitions (order of claims kept). */
    readonly ownedByMember: number[][];
    /** 1 for partitions claimed by several members of the same generation. */
    readonly multiplyClaimed: Uint8Array;
    readonly maxGeneration: number;
}

export function resolvePreviousOwnership(c: ClientCase, data: readonly MemberData[], leaderMaxGeneration = DEFAULT_GENERATION): PreviousOwnership {
    let allEqual = true;
    let subscribedTopics: Set<string> | null = null;
    let reference: readonly string[] | null = null; // the list subscribedTopics was made from
    const previousOwner = new Int32Array(c.totalPartitions).fill(-1);
    const multiplyClaimed = new Uint8Array(c.totalPartitions);
    const ownedByMember: number[][] = [];
    let maxGeneration = Math.max(DEFAULT_GENERATION, leaderMaxGeneration);

    c.members.forEach((m, i) => {
        // Kafka initialises the reference set from the first *non-empty* subscription, so a member
        // subscribed to nothing never makes the subscriptions unequal.
        if (subscribedTopics === null || subscribedTopics.size === 0) {
            subscribedTopics = new Set(m.topics);
            reference = m.topics;
        } else if (allEqual && m.topics !== reference && !(m.topics.length === subscribedTopics.size && m.topics.every((t) => subscribedTopics!.has(t)))) {
            allEqual = false;
        }
        const generation = data[i].generation ?? DEFAULT_GENERATION;
        maxGeneration = Math.max(maxGeneration, generation);
        const owned: number[] = [];
        ownedByMember.push(owned);
        for (const g of data[i].partitions) {
            const other = previousOwner[g];
            if (other === -1) {
                owned.push(g);
                previousOwner[g] = i;
                continue;
            }
            const otherGeneration = data[other].subscriptionGeneration;
            if (generation === otherGeneration) {
                multiplyClaimed[g] = 1;
                removeFirst(ownedByMember[other], g);
                previousOwner[g] = i;
            } else if (generation > otherGeneration) {
                owned.push(g);
                removeFirst(ownedByMember[other], g);
                previousOwner[g] = i;
            }
        }
    });
    return { allSubscriptionsEqual: allEqual, ownedByMember, multiplyClaimed, maxGeneration };
}

function removeFirst(list: number[], value: number): void {
    const i = list.indexOf(value);
    if (i >= 0) list.splice(i, 1);
}
