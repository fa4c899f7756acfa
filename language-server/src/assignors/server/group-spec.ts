/**
 * A KIP-848 case as the group coordinator hands it to a server-side assignor (its GroupSpec
 * and SubscribedTopicDescriber), with the iteration orders the coordinator's collections have:
 *
 * - members: a `HashMap<String, MemberSubscriptionAndAssignmentImpl>` filled in `members` order;
 * - a member's subscription: topic *names* (a HashSet); the topic ids are those that resolve
 *   in the metadata (the `topics` of the case);
 * - a member's current target assignment (`owned`): `Assignment.fromRecord`, a
 *   `HashMap<Uuid, Set<Integer>>` filled topic by topic in the order of `owned`, each partition
 *   set a `new HashSet<>(list)` of the partitions in the order given;
 * - topic ids: `topicIds` when given, otherwise derived from the names (kafka-uuid.ts).
 *
 * Topics are numbered in name order and partitions get global indices (topic offset + partition).
 */
import { InvalidAssignmentCase, type AssignmentInput } from '../types.js';
import { compareJavaStrings, memberIterationOrder } from '../member-order.js';
import { compareKafkaUuids, deriveTopicId, parseKafkaUuid, type KafkaUuid } from '../kafka-uuid.js';
import { compareIntegers, compareStrings, hashSetFromCollectionCapacity, javaHashOrder, javaStringHash } from '../java-hash.js';
import type { ResolvedOptions } from '../options.js';

export interface SpecMember {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    /** Raw subscribed topic names. */
    readonly topicNames: readonly string[];
    /** 1 per topic index the member subscribes to (resolved names only). */
    readonly subscribes: Uint8Array;
    /** Resolved subscribed topics, in the iteration order of the member's TopicIds view. */
    readonly subscribedTopics: readonly number[];
    /** Current target assignment: topics in iteration order, each with its partitions in iteration order. */
    readonly assignment: readonly { readonly topic: number; readonly partitions: readonly number[] }[];
}

export interface GroupSpec {
    readonly topicNames: readonly string[];
    readonly topicIds: readonly KafkaUuid[];
    readonly partitionCounts: readonly number[];
    readonly offsets: readonly number[];
    readonly totalPartitions: number;
    readonly topicOf: Int32Array;
    /** Members in `groupSpec.memberIds()` order. */
    readonly members: readonly SpecMember[];
    /** Owner (member index) of each global partition in the current target assignment, or -1. */
    readonly currentOwner: Int32Array;
    readonly homogeneous: boolean;
    readonly options: ResolvedOptions;
}

export function buildGroupSpec(input: AssignmentInput, options: ResolvedOptions): GroupSpec {
    const topicNames = Object.keys(input.topics).sort(compareJavaStrings);
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

    const topicIds = topicNames.map((name) => {
        const given = input.topicIds?.[name];
        if (given === undefined) return deriveTopicId(name);
        try {
            return parseKafkaUuid(given);
        } catch (e) {
            throw new InvalidAssignmentCase(`topic id of "${name}": ${(e as Error).message}`);
        }
    });
    const seenIds = new Map<string, string>();
    topicIds.forEach((id, t) => {
        const key = `${id.w0},${id.w1},${id.w2},${id.w3}`;
        const other = seenIds.get(key);
        if (other !== undefined) throw new InvalidAssignmentCase(`topics "${other}" and "${topicNames[t]}" have the same topic id`);
        seenIds.set(key, topicNames[t]);
    });

    const ordered = memberIterationOrder(input.members, options);
    // Members usually share subscriptions: compute each distinct one's resolution once.
    const resolvedSubscriptions = new Map<string, { subscribes: Uint8Array; subscribedTopics: number[] }>();
    const byArray = new Map<readonly string[], { subscribes: Uint8Array; subscribedTopics: number[] }>();
    const resolve = (names: readonly string[]) => {
        const known = byArray.get(names);
        if (known) return known;
        const key = names.join('\u0000');
        let r = resolvedSubscriptions.get(key);
        if (!r) {
            const subscribes = new Uint8Array(topicNames.length);
            // The member's names form a HashSet; TopicIds iterates it and yields the ids that resolve.
            const nameOrder = javaHashOrder(names, javaStringHash, {
                kind: 'table', size: hashSetFromCollectionCapacity(names.length, options.javaVersion)
            }, compareStrings);
            const subscribedTopics: number[] = [];
            for (const name of nameOrder) {
                const t = topicIndex.get(name);
                if (t !== undefined) {
                    subscribes[t] = 1;
                    subscribedTopics.push(t);
                }
            }
            r = { subscribes, subscribedTopics };
            resolvedSubscriptions.set(key, r);
        }
        byArray.set(names, r);
        return r;
    };
    const currentOwner = new Int32Array(total).fill(-1);
    const members = ordered.map((m, index): SpecMember => {
        const { subscribes, subscribedTopics } = resolve(m.topics);
        // Group the owned partitions by topic, keeping first-seen order.
        const byTopic = new Map<number, number[]>();
        for (const tp of m.owned) {
            const t = topicIndex.get(tp.topic);
            if (t === undefined) continue; // a deleted topic: unsubscribed, dropped by every assignor
            let list = byTopic.get(t);
            if (!list) byTopic.set(t, (list = []));
            const g = offsets[t] + tp.partition;
            if (currentOwner[g] === index) continue; // listed twice: a set holds it once
            if (currentOwner[g] !== -1) {
                throw new InvalidAssignmentCase(`${tp.topic}-${tp.partition} is in the target assignment of two members ("${ordered[currentOwner[g]].memberId}" and "${m.memberId}")`);
            }
            currentOwner[g] = index;
            list.push(tp.partition);
        }
        const topicsInOrder = options.ownedTopicOrder === 'insertion'
            ? [...byTopic.keys()]
            : javaHashOrder(byTopic.keys(), (t) => topicIds[t].hash, { kind: 'default' }, (a, b) => compareKafkaUuids(topicIds[a], topicIds[b]));
        const assignment = topicsInOrder.map((t) => {
            const list = byTopic.get(t)!;
            const partitions = javaHashOrder(list, (p) => p, {
                kind: 'table', size: hashSetFromCollectionCapacity(list.length, options.javaVersion)
            }, compareIntegers);
            return { topic: t, partitions };
        });
        return { memberId: m.memberId, groupInstanceId: m.groupInstanceId, topicNames: m.topics, subscribes, subscribedTopics, assignment };
    });

    // ModernGroup.subscriptionType: homogeneous when every subscribed name has every member.
    const counts = new Map<string, number>();
    const membersPerList = new Map<readonly string[], number>();
    for (const m of input.members) membersPerList.set(m.topics, (membersPerList.get(m.topics) ?? 0) + 1);
    for (const [list, n] of membersPerList) for (const t of list) counts.set(t, (counts.get(t) ?? 0) + n);
    const homogeneous = options.subscriptionType !== undefined
        ? options.subscriptionType === 'homogeneous'
        : [...counts.values()].every((n) => n === input.members.length);

    return { topicNames, topicIds, partitionCounts, offsets, totalPartitions: total, topicOf, members, currentOwner, homogeneous, options };
}
