/**
 * The group coordinator's UniformHomogeneousAssignmentBuilder (all members subscribe to the same
 * topics). Two generations of it, chosen by `options.uniformExtraSlots`:
 *
 * - `first-members` (default): Kafka 4.0, the snapshot kafka-semantics.md §4.8 is taken from
 *   (UHAB:155-217). `min = P div N`; the first `P mod N` members in `memberIds()` order have a
 *   quota of min+1 whether or not they own anything, the others min. So a balanced assignment
 *   can move when the members holding min+1 are not the first ones (a joiner that iterates
 *   first takes min+1, two or more partitions may move).
 * - `kafka-18688`: Kafka 4.1+ (KAFKA-18688, apache/kafka#19677). While extra slots remain a
 *   member may keep min+1, but one whose owned partitions do not fill min+1 gives its extra slot
 *   back; the last unfilled members (in reverse order) take the slots left. A balanced
 *   assignment stays put.
 *
 * Common to both:
 * - Unassigned: every partition of the subscribed topics (topic-id HashSet order) that no
 *   member's current target assignment holds.
 * - Members in iteration order keep owned partitions (topics and partitions in their HashMap /
 *   HashSet order) up to their quota; the excess is revoked and appended to the unassigned list;
 *   topics no longer subscribed are dropped whole.
 * - Unfilled members, in order, take the unassigned partitions in order, up to their quota.
 */
import { AssignorError } from '../types.js';
import { hashSetFromCollectionCapacity, javaHashOrder } from '../java-hash.js';
import { compareKafkaUuids } from '../kafka-uuid.js';
import type { GroupSpec } from './group-spec.js';

interface UnfilledMember {
    readonly member: number;
    /** How many more partitions the member takes from the unassigned list. */
    room: number;
}

/** Returns the owner (member index) of each global partition, -1 when unassigned. */
export function assignUniformHomogeneous(spec: GroupSpec): Int32Array {
    const owner = new Int32Array(spec.totalPartitions).fill(-1);
    if (spec.members.length === 0) return owner;
    const subscribedTopics = subscribedTopicOrder(spec);
    if (subscribedTopics.length === 0) return owner;
    const subscribed = new Uint8Array(spec.topicNames.length);
    for (const t of subscribedTopics) subscribed[t] = 1;

    const unassigned: number[] = [];
    let totalPartitions = 0;
    for (const t of subscribedTopics) {
        const n = spec.partitionCounts[t];
        for (let p = 0; p < n; p++) {
            const g = spec.offsets[t] + p;
            if (spec.currentOwner[g] === -1) unassigned.push(g);
        }
        totalPartitions += n;
    }

    const quotas = { min: Math.floor(totalPartitions / spec.members.length), extra: totalPartitions % spec.members.length };
    const unfilled = spec.options.uniformExtraSlots === 'kafka-18688'
        ? keepOwnedAnyMemberMayHoldExtra(spec, subscribed, quotas, owner, unassigned)
        : keepOwnedFirstMembersHoldExtra(spec, subscribed, quotas, owner, unassigned);

    let next = 0;
    for (const { member, room } of unfilled) {
        for (let i = 0; i < room && next < unassigned.length; i++) owner[unassigned[next++]] = member;
    }
    if (next < unassigned.length) throw new AssignorError('PartitionAssignorException: Partitions were left unassigned');
    return owner;
}

/**
 * `new HashSet<>(TopicIds)` of the first member's subscription: sized from the number of
 * subscribed *names*, filled with the ids that resolve.
 */
function subscribedTopicOrder(spec: GroupSpec): readonly number[] {
    const first = spec.members[0];
    return javaHashOrder(first.subscribedTopics, (t) => spec.topicIds[t].hash, {
        kind: 'table', size: hashSetFromCollectionCapacity(first.topicNames.length, spec.options.javaVersion)
    }, (a, b) => compareKafkaUuids(spec.topicIds[a], spec.topicIds[b]));
}

/**
 * Keeps up to `quota` of the member's owned partitions of subscribed topics (marking them in
 * `owner`), appends the excess to `unassigned`, and returns the quota left. A topic that fits
 * whole is kept whole; one that does not is kept partition by partition in its set's order.
 */
function keepOwned(spec: GroupSpec, index: number, quota: number, subscribed: Uint8Array, owner: Int32Array, unassigned: number[]): number {
    for (const { topic, partitions } of spec.members[index].assignment) {
        if (!subscribed[topic]) continue;
        const base = spec.offsets[topic];
        for (const p of partitions) {
            if (quota > 0) {
                quota--;
                owner[base + p] = index;
            } else {
                unassigned.push(base + p);
            }
        }
    }
    return quota;
}

/** Kafka 4.0: the quota is fixed by the member's position alone. */
function keepOwnedFirstMembersHoldExtra(
    spec: GroupSpec, subscribed: Uint8Array, quotas: { min: number; extra: number },
    owner: Int32Array, unassigned: number[]
): UnfilledMember[] {
    const unfilled: UnfilledMember[] = [];
    for (let index = 0; index < spec.members.length; index++) {
        const quota = quotas.min + (index < quotas.extra ? 1 : 0);
        const room = keepOwned(spec, index, quota, subscribed, owner, unassigned);
        if (room > 0) unfilled.push({ member: index, room });
    }
    return unfilled;
}

/**
 * Kafka 4.1+: an extra slot stays with a member only if its owned partitions fill it; the slots
 * given back go to the last unfilled members, so that members already at min+1 need not move.
 */
function keepOwnedAnyMemberMayHoldExtra(
    spec: GroupSpec, subscribed: Uint8Array, quotas: { min: number; extra: number },
    owner: Int32Array, unassigned: number[]
): UnfilledMember[] {
    let extraLeft = quotas.extra;
    const unfilled: UnfilledMember[] = [];
    for (let index = 0; index < spec.members.length; index++) {
        const offeredExtra = extraLeft > 0;
        let room = keepOwned(spec, index, quotas.min + (offeredExtra ? 1 : 0), subscribed, owner, unassigned);
        let holdsExtra = offeredExtra;
        if (holdsExtra && room > 0) {
            room--; // could not fill min+1 from what it owns: the slot goes back to the pool
            holdsExtra = false;
        }
        if (holdsExtra) extraLeft--;
        // A member at exactly min stays a candidate for a slot given back.
        if (room > 0 || (extraLeft > 0 && !holdsExtra)) unfilled.push({ member: index, room });
    }
    for (let i = unfilled.length - 1; i >= 0 && extraLeft > 0; i--) {
        unfilled[i].room++;
        extraLeft--;
    }
    return unfilled.filter((u) => u.room > 0);
}
