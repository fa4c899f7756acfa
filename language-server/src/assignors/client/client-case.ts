/**
 * A classic-protocol case as the group leader's assignor sees it, indexed for speed.
 *
 * `AbstractPartitionAssignor.assign` only knows the topics somebody subscribes to and that
 * exist with at least one partition (`partitionsPerTopic`); those form the *universe*. Topics
 * are numbered in name order and partitions get a global index (topic offset + partition), so
 * ascending global indices are the (topic, partition) order Kafka sorts by.
 *
 * Members are listed in the order the leader iterates its `HashMap<String, Subscription>`.
 */
import type { AssignmentInput, AssignorMember } from '../types.js';
import { compareJavaStrings, memberIterationOrder } from '../member-order.js';
import type { ResolvedOptions } from '../options.js';

export interface ClientMember {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    /** `client.rack`, or null when absent or empty (Kafka filters empty racks out). */
    readonly rack: string | null;
    /** The raw subscription (may name topics that do not exist). */
    readonly topics: readonly string[];
    /** The universe topics subscribed to, in subscription order. */
    readonly topicIndices: readonly number[];
    /** Owned partitions of universe topics, as global indices, in the order given (duplicates kept). */
    readonly owned: readonly number[];
    readonly generation: number | null;
    /** Position of the member id in `String.compareTo` order (used for ties). */
    readonly idRank: number;
    /** Position in the iteration order (the index into `ClientCase.members`). */
    readonly index: number;
}

export interface ClientCase {
    readonly topicNames: readonly string[];
    readonly partitionCounts: readonly number[];
    /** Global index of partition 0 of each topic. */
    readonly offsets: readonly number[];
    readonly totalPartitions: number;
    /** Topic index of each global partition. */
    readonly topicOf: Int32Array;
    /** Replica racks of each global partition (distinct, in replica order), or null when no racks were given at all. */
    readonly replicaRacks: (readonly string[])[] | null;
    /** Members in the leader's iteration order. */
    readonly members: readonly ClientMember[];
    readonly topicIndex: ReadonlyMap<string, number>;
}

export function partitionNumber(c: ClientCase, g: number): number {
    return g - c.offsets[c.topicOf[g]];
}

/** `withOwned: false` leaves `owned` empty, for the assignors that never look at it (range, roundrobin). */
export function buildClientCase(input: AssignmentInput, options: ResolvedOptions, withOwned = true): ClientCase {
    const subscribed = new Set<string>();
    const lists = new Set<readonly string[]>(); // members often share one subscription list
    for (const m of input.members) lists.add(m.topics);
    for (const list of lists) for (const t of list) subscribed.add(t);
    const topicNames = [...subscribed].filter((t) => Object.hasOwn(input.topics, t) && input.topics[t] > 0).sort(compareJavaStrings);
    const topicIndex = new Map(topicNames.map((t, i) => [t, i]));
    const partitionCounts = topicNames.map((t) => input.topics[t]);
    const offsets: number[] = [];
    let total = 0;
    for (const n of partitionCounts) {
        offsets.push(total);
        total += n;
    }
    const topicOf = new Int32Array(total);
    partitionCounts.forEach((n, t) => topicOf.fill(t, offsets[t], offsets[t] + n));

    let replicaRacks: (readonly string[])[] | null = null;
    if (input.partitionRacks !== undefined) {
        replicaRacks = new Array<readonly string[]>(total);
        topicNames.forEach((name, t) => {
            const racks = input.partitionRacks?.[name];
            for (let p = 0; p < partitionCounts[t]; p++) {
                replicaRacks![offsets[t] + p] = racks ? [...new Set(racks[p])] : [];
            }
        });
    }

    const ordered = memberIterationOrder(input.members, options);
    const topicIndicesOf = new Map<readonly string[], number[]>();
    const resolveTopics = (topics: readonly string[]) => {
        let r = topicIndicesOf.get(topics);
        if (!r) {
            r = topics.map((t) => topicIndex.get(t)).filter((t): t is number => t !== undefined);
            topicIndicesOf.set(topics, r);
        }
        return r;
    };
    const ranks = new Map([...input.members].map((m) => m.memberId).sort(compareJavaStrings).map((id, i) => [id, i]));
    const members = ordered.map((m: AssignorMember, index): ClientMember => ({
        index,
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        rack: m.rack !== null && m.rack.length > 0 ? m.rack : null,
        topics: m.topics,
        topicIndices: resolveTopics(m.topics),
        owned: withOwned ? ownedIndices(m, topicIndex, offsets) : [],
        generation: m.generation,
        idRank: ranks.get(m.memberId)!
    }));
    return { topicNames, partitionCounts, offsets, totalPartitions: total, topicOf, replicaRacks, members, topicIndex };
}

function ownedIndices(m: AssignorMember, topicIndex: ReadonlyMap<string, number>, offsets: readonly number[]): number[] {
    const out: number[] = [];
    // Owned lists usually run topic by topic: look a topic up once per run.
    let lastTopic: string | undefined;
    let t: number | undefined;
    for (const tp of m.owned) {
        if (tp.topic !== lastTopic) {
            lastTopic = tp.topic;
            t = topicIndex.get(tp.topic);
        }
        if (t !== undefined) out.push(offsets[t] + tp.partition);
    }
    return out;
}
