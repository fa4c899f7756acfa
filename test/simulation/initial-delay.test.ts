/**
 * group.initial.rebalance.delay.ms (kafka-semantics §1.5): the first rebalance of an Empty
 * group waits D = 3 s, and another D for every window that saw a new member; it is not a
 * doubling. Zero latency, default settings (heartbeat 3 s), instant processing.
 */
import { describe, expect, it } from 'vitest';
import { eventsNamed, generations, members, names, run, topic } from './helpers.js';

const start = (at: number, ...who: string[]) => ({ kind: 'start' as const, at, members: who });

describe('initial rebalance delay', () => {
    it('one consumer: the group forms after exactly D = 3 s', () => {
        // c1's 2nd JoinGroup (after MEMBER_ID_REQUIRED, same instant) adds it to the Empty group:
        // prepareRebalance arms the initial delay (D = 3000, remaining = 300000 − 3000). The flag
        // newMemberAdded is only set by members added while the state is already PreparingRebalance,
        // so at 3000 the check completes the join: generation 1 at 3 s.
        const r = run({ topics: [topic('orders', 6)], members: members(['c1']), events: [start(0, 'c1')], durationMs: 10_000 });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.stableAt])).toEqual([[1, 3000, 3000]]);
        expect(eventsNamed(r.trace, 'InitialDelayedJoin').map((e) => e.at)).toEqual([3000]);
        // The KIP-394 round trip: one MEMBER_ID_REQUIRED, and it starts no rebalance by itself.
        expect(r.trace.events.filter((e) => e.error === 'MEMBER_ID_REQUIRED').map((e) => e.member)).toEqual(['c1']);
    });

    it('three consumers at once: 2·D = 6 s, not 3 s', () => {
        // c1 is added first (window [0, 3000] armed); c2 and c3 are added in PreparingRebalance with
        // previousState Empty, so the flag is set: at 3000 another window of min(D, 297000) = 3000;
        // nobody new in it, so the join completes at 6000.
        const r = run({ topics: [topic('orders', 6)], members: members(names('c', 3)), events: [start(0, 'c1', 'c2', 'c3')], durationMs: 10_000 });
        expect(generations(r.trace)).toEqual([{ generation: 1, at: 6000, protocol: 'range', leader: 'c1', members: ['c1', 'c2', 'c3'], stableAt: 6000 }]);
        expect(eventsNamed(r.trace, 'InitialDelayedJoin').map((e) => e.at)).toEqual([3000, 6000]);
    });

    it('staggered joiners extend by whole windows', () => {
        // c1 at 0 → check at 3000. c2 joins at 2000 (flag) → at 3000: wait until 6000.
        // c3 joins at 4500 (flag) → at 6000: wait until 9000. c4 joins at 8000 (flag) → until 12000.
        // Nobody joins in [9000, 12000) → generation 1 at 12 s with all four.
        const r = run({
            topics: [topic('orders', 6)],
            members: members(names('c', 4)),
            events: [start(0, 'c1'), start(2000, 'c2'), start(4500, 'c3'), start(8000, 'c4')],
            durationMs: 20_000
        });
        expect(eventsNamed(r.trace, 'InitialDelayedJoin').map((e) => e.at)).toEqual([3000, 6000, 9000, 12000]);
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members.length])).toEqual([[1, 12000, 4]]);
    });

    it('a joiner after the window closed gets an ordinary rebalance, learnt on the next heartbeat', () => {
        // c1 at 0, c2 at 2000 → generation 1 at 6000 (as above) with c1, c2.
        // c3 at 7000: the group is Stable → prepareRebalance with no delay; c1 and c2 learn of it on
        // their next heartbeat, at tJ + k·3000 = 9000 (REBALANCE_IN_PROGRESS), rejoin at once (idle)
        // → generation 2 at 9000.
        const r = run({
            topics: [topic('orders', 6)],
            members: members(names('c', 3)),
            events: [start(0, 'c1'), start(2000, 'c2'), start(7000, 'c3')],
            durationMs: 20_000
        });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members.length])).toEqual([
            [1, 6000, 2],
            [2, 9000, 3]
        ]);
        expect(r.trace.rebalances[1].preparedAt).toBe(7000);
        expect(r.trace.events.filter((e) => e.name === 'Heartbeat' && e.error === 'REBALANCE_IN_PROGRESS').map((e) => [e.at, e.member]).sort()).toEqual([
            [9000, 'c1'],
            [9000, 'c2']
        ]);
    });
});
