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
