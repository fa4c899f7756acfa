/**
 * Member orderings shared by the assignors.
 */
import { javaStringHashMapOrder } from './java-hash.js';
import type { ResolvedOptions } from './options.js';

/** `String.compareTo`: UTF-16 code units, which is also how JavaScript compares strings. */
export function compareJavaStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `AbstractPartitionAssignor.MemberInfo.compareTo` (and the server-side range assignor's
 * `sortMemberIds`): static members first, ordered by `group.instance.id`; then dynamic
 * members, ordered by member id.
 */
export function compareMemberInfo(
    a: { readonly memberId: string; readonly groupInstanceId: string | null },
    b: { readonly memberId: string; readonly groupInstanceId: string | null }
): number {
    if (a.groupInstanceId !== null && b.groupInstanceId !== null) return compareJavaStrings(a.groupInstanceId, b.groupInstanceId);
    if (a.groupInstanceId !== null) return -1;
    if (b.groupInstanceId !== null) return 1;
    return compareJavaStrings(a.memberId, b.memberId);
}

/**
 * The order in which an assignor iterates the members of a `HashMap<String, …>` keyed by
 * member id and filled in the order of `members` (the consumer leader's subscription map,
 * the coordinator's member specs), or the given order when the options ask for it.
 */
export function memberIterationOrder<M extends { readonly memberId: string }>(members: readonly M[], options: ResolvedOptions): M[] {
    if (options.memberOrder === 'input') return [...members];
    const byId = new Map(members.map((m) => [m.memberId, m]));
    return javaStringHashMapOrder(members.map((m) => m.memberId)).map((id) => byId.get(id)!);
}
