/**
 * Behaviours of Kafka's assignors that look like bugs but are what Kafka does, pinned down so
 * that nobody "fixes" them here. Each expectation is derived by hand from Kafka's source.
 */
import { describe, expect, it } from 'vitest';
import { assign, type AssignorMember } from '../../language-server/src/assignors/index.js';
import { javaStringHashMapOrder } from '../../language-server/src/assignors/java-hash.js';

const member = (memberId: string, topics: string[]): AssignorMember => ({ memberId, groupInstanceId: null, rack: null, topics, owned: [], generation: null });

describe('AbstractStickyAssignor and empty subscriptions', () => {
    it('gives partitions to a member subscribed to nothing when it comes first', () => {
        // "a" (hash 97, bucket 1) iterates before "b" (98, bucket 2). allSubscriptionsEqual starts
        // from the first non-empty subscription, so "a"'s empty one never counts as different:
        // the constrained builder runs with 2 members and 1 partition (minQuota 0, maxQuota 1).
        // Both keep their 0 owned partitions and wait in the "may reach maxQuota" list, sorted by
        // id; the round-robin pass polls "a" first and gives it t-0.
        expect(javaStringHashMapOrder(['b', 'a'])).toEqual(['a', 'b']);
        for (const name of ['sticky', 'cooperative-sticky'] as const) {
            const result = assign(name, { topics: { t: 1 }, members: [member('b', ['t']), member('a', [])] });
            expect(result.assignment).toEqual({ b: [], a: [{ topic: 't', partition: 0 }] });
        }
    });

    it('does not when the member subscribed to nothing comes later', () => {
        // Now "b" is empty and iterates second: sizes 0 and 1 differ, the general builder runs
        // and only subscribers get partitions.
        const result = assign('sticky', { topics: { t: 1 }, members: [member('a', ['t']), member('b', [])] });
        expect(result.assignment).toEqual({ a: [{ topic: 't', partition: 0 }], b: [] });
    });
});

describe('AbstractStickyAssignor.maxGeneration outlives a rebalance', () => {
    // Topics t (3 partitions) and u (2). A [u] owns u-0 in generation 1; B [u] owns nothing
    // (generation 1); C [t, u] owns t-2 and u-0 in generation 2. Iteration order A, B, C.
    // C's newer claim wins u-0. Subscriptions differ, so the general builder runs: t-0 and t-1
    // go to C (the only subscriber of t), u-1 to A (least loaded subscriber of u); then u-0
    // (held by C, 4 partitions) is moved:
    // - with maxGeneration 2 (this case only), A's generation-1 claim makes A the previous owner
    //   of u-0, and C (4) > A (1) + 1 sends it back to A; then u-1 goes from A (2) to B (0);
    // - with maxGeneration 5 (the leader saw generation 5 before), C's own generation-2 claim
    //   becomes u-0's previous owner, which does not help; u-0 goes to the least loaded
    //   subscriber, B, and the group is balanced.
    const input = {
        topics: { t: 3, u: 2 },
        members: [
            { memberId: 'A', groupInstanceId: null, rack: null, topics: ['u'], owned: [{ topic: 'u', partition: 0 }], generation: 1 },
            { memberId: 'B', groupInstanceId: null, rack: null, topics: ['u'], owned: [], generation: 1 },
            { memberId: 'C', groupInstanceId: null, rack: null, topics: ['t', 'u'], owned: [{ topic: 't', partition: 2 }, { topic: 'u', partition: 0 }], generation: 2 }
        ]
    };
    const ts = (p: number[]) => p.map((partition) => ({ topic: 't', partition }));

    it('counts only this case\'s generations by default', () => {
        expect(assign('sticky', input).assignment).toEqual({ A: [{ topic: 'u', partition: 0 }], B: [{ topic: 'u', partition: 1 }], C: ts([0, 1, 2]) });
    });

    it('uses the leader\'s remembered maximum when given', () => {
        expect(assign('sticky', { ...input, leaderMaxGeneration: 5 }).assignment)
            .toEqual({ A: [{ topic: 'u', partition: 1 }], B: [{ topic: 'u', partition: 0 }], C: ts([0, 1, 2]) });
    });
});
