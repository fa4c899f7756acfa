/**
 * A slow revocation with a rebalance listener (`rebalance.listener = commit-on-revoke`,
 * `revoke.time = 3s`): the callbacks run on the application thread inside poll(), and the member
 * acknowledges only when the onPartitionsAssigned that follows the revocation has returned
 * (kafka-semantics §4.6, simulation-conventions §15). Members are idle (instant processing), so
 * poll() runs as soon as a callback is queued. Zero latency, heartbeat 5 s.
 *
 * Formation at 0 s: c1 gets all 6 (onPartitionsAssigned in poll, instant), acknowledges, is told
 * to keep 2, and revokes 4: onPartitionsRevoked runs 0 → 3 s (its 2 kept partitions stop too: the
 * application thread is in the callback), then onPartitionsAssigned([]) at once (idle), and it
 * acknowledges at 3 s: the 4 partitions are free at 3 s. c2 and c3 acknowledged their empty
 * assignment at 0 s and take 2 each at their 5 s heartbeat. All three heartbeat at 5 s·k: the
 * grid starts when they joined (simulation-conventions §7), and c1's acknowledgement at 3 s is an
 * extra heartbeat that leaves the grid alone (Kafka's client would restart its timer there).
 */
import { describe, expect, it } from 'vitest';
import { names, run, topic } from '../helpers.js';
import { acquired, bumps, consumerMembers, diff, holdings, released, start, target } from './helpers.js';

const listener = { 'rebalance.listener': 'commit-on-revoke', 'revoke.time': 3000 };

describe('KIP-848 with a rebalance listener', () => {
    it('formation: c1 revokes 4 partitions for 3 s (paused meanwhile), the others take them at their 5 s heartbeat', () => {
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 3), listener), events: [start(0, ['c1', 'c2', 'c3'])], durationMs: 20_000 });
        const t = r.trace;
        const t3 = target(t, 3);
        const revokes = t.events.filter((e) => e.kind === 'callback' && e.name === 'onPartitionsRevoked');
        expect(revokes.map((e) => [e.member, e.at, e.partitions!.orders.length])).toEqual([['c1', 0, 4]]);
        expect(t.activity.filter((a) => a.member === 'c1' && a.kind === 'revoking').map((a) => [a.from, a.to])).toEqual([[0, 3000]]);
        for (const p of diff(target(t, 1).c1, t3.c1)) expect(released(t, 'c1', p)).toBe(3000);
        for (const m of ['c2', 'c3']) for (const p of t3[m]) expect(acquired(t, m, p)).toBe(5000);
        // The listener commits what it processed before giving the partitions up.
        expect(t.commits.filter((c) => c.kind === 'on-revoke').map((c) => [c.member, c.at, c.ok])).toEqual([['c1', 0, true]]);
        // Every assignment goes through onPartitionsAssigned, an empty one too.
        expect(t.events.filter((e) => e.kind === 'callback' && e.name === 'onPartitionsAssigned' && e.at === 0).map((e) => e.member).sort()).toEqual(['c1', 'c2', 'c3']);
    });

    // Who gives c4 a partition depends on the uniform assignor's HashMap order of the member ids
    // (seeded). kafka-semantics §4.8 (Kafka 4.0 UHAB): 6 over 4 → min 1, P mod N = 2, so the first
    // two members in that order have quota 2 and the last two quota 1, whatever they own; every old
    // member owns 2 (epoch 3: c1 [0,1], c2 [3,4], c3 [2,5]) and one in position 2 or 3 gives up its
    // higher partition. Seed 5 orders c3, c4, c2, c1: c2 gives 4 and c1 gives 1, c4 takes [1,4].
    // Seed 3 orders c1, c2, c3, c4: only c3 gives (5), c4 takes [5]. Both cases run.
    it.each([
        [5, ['c1', 'c2']],
        [3, ['c3']]
    ])('a 4th member (seed %i, givers %j): each giver is paused in onPartitionsRevoked for 3 s; c4 gets the partitions on its first heartbeat after the acknowledgements', (seed, givers) => {
        // c4 joins at 22 s: epoch 4 at 22 s. c1, c2 and c3 hear of it at their 25 s heartbeat (their
        // grid is 5 s·k from formation, §7). A member that must give c4 a partition revokes it at
        // that heartbeat (callback 3 s) and acknowledges 3 s later, at 28 s. c4 heartbeats on its own
        // grid, 22 s + 5 s·k: at 27 s the partitions are still held, at 32 s it takes them. A member
        // whose target is unchanged receives no assignment, so runs no callback and never pauses.
        const r = run({
            seed,
            topics: [topic('orders', 6, 600)],
            members: consumerMembers(names('c', 4), listener),
            events: [start(0, ['c1', 'c2', 'c3']), start(22_000, ['c4'])],
            durationMs: 60_000
        });
        const t = r.trace;
        expect(bumps(t).at(-1)).toEqual([4, 22_000]);
        const before = target(t, 3);
        const after = target(t, 4);
        const heard = { c1: 25_000, c2: 25_000, c3: 25_000 } as Record<string, number>;
        expect(['c1', 'c2', 'c3'].filter((m) => diff(before[m], after[m]).length > 0)).toEqual(givers);
        expect(givers.flatMap((m) => diff(before[m], after[m])).sort()).toEqual(after.c4);
        expect(after.c4).toEqual(seed === 5 ? ['orders[1]', 'orders[4]'] : ['orders[5]']);
        for (const m of ['c1', 'c2', 'c3']) {
            const given = diff(before[m], after[m]);
            const spans = t.activity.filter((a) => a.member === m && a.kind === 'revoking' && a.from > 10_000).map((a) => [a.from, a.to]);
            if (given.length === 0) {
                expect(spans).toEqual([]);
                expect(t.events.filter((e) => e.member === m && e.kind === 'callback' && e.at > 10_000)).toEqual([]);
                continue;
            }
            expect(spans).toEqual([[heard[m], heard[m] + 3000]]);
            for (const p of given) {
                expect(released(t, m, p, 10_000)).toBe(heard[m] + 3000);
                expect(acquired(t, 'c4', p)).toBe(32_000);
            }
        }
        // c4 holds all of its target from its last pick-up on.
        expect(holdings(t, 'c4').map(([p]) => p).sort()).toEqual(after.c4);
    });

    it('a member that does not finish its revocation within max.poll.interval.ms is fenced by the rebalance timeout', () => {
        // Seed 3: c3 gives c4 a partition at its 25 s heartbeat and enters UNREVOKED_PARTITIONS; the
        // coordinator arms its rebalance timeout (its max.poll.interval.ms, 20 s here). c3 starts its
        // 3 s onPartitionsRevoked at 25 s but a 30 s GC pause freezes it at 26 s. At 45 s it is still
        // at epoch 3: fenced ("failed to transition from epoch 3 within 20000ms"), epoch 5 at 45 s,
        // its partitions free. When it thaws at 56 s, its background thread finds its poll timer
        // expired (the poll() that runs the callback began at 25 s): it sends a leave heartbeat (the
        // coordinator no longer knows it) and goes STALE; onPartitionsLost waits for the application
        // thread, which finishes onPartitionsRevoked at 58 s (3 s of callback around the pause), then
        // runs onPartitionsLost (3 s more) and rejoins with epoch 0 at 61 s: epoch 6.
        const r = run({
            seed: 3,
            topics: [topic('orders', 6, 600)],
            members: consumerMembers(names('c', 4), { ...listener, 'max.poll.interval.ms': 20_000 }),
            events: [start(0, ['c1', 'c2', 'c3']), start(22_000, ['c4']), { kind: 'gc-pause', at: 26_000, members: ['c3'], durationMs: 30_000 }],
            durationMs: 90_000
        });
        const t = r.trace;
        const timeout = t.events.find((e) => e.name === 'RebalanceTimeout');
        expect(timeout?.at).toBe(45_000);
        expect(timeout?.log?.text).toMatch(/^\[GroupId orders-service\] Member \S+ fenced from the group because it failed to transition from epoch 3 within 20000ms\.$/);
        expect(bumps(t).slice(3, 6)).toEqual([
            [4, 22_000],
            [5, 45_000],
            [6, 61_000]
        ]);
        expect(t.events.find((e) => e.member === 'c3' && e.name === 'PollTimeout')?.at).toBe(56_000);
        expect(t.events.filter((e) => e.member === 'c3' && e.kind === 'callback' && e.at > 30_000 && e.at <= 61_000).map((e) => [e.name, e.at])).toEqual([
            ['onPartitionsLost', 58_000],
            ['onPartitionsAssigned', 61_000]
        ]);
        expect(t.consumerProtocol?.memberStates.filter((x) => x.member === 'c3' && x.from >= 56_000).map((x) => [x.state, x.from]).slice(0, 2)).toEqual([
            ['STALE', 56_000],
            ['STABLE', 61_000]
        ]);
        expect(t.summary.errors.c3).toBeNull();
    });
});

