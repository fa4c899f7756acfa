/**
 * The two-bounce eager → cooperative upgrade (kafka-semantics §1.11, §2.7): 3 dynamic members,
 * 6 partitions, starting with Kafka's default [range, cooperative-sticky].
 * Bounce 1 at 61 s: rolling restart every 30 s, down 10 s, with [cooperative-sticky, range].
 * Bounce 2 at 181 s: the same with [cooperative-sticky].
 * Zero latency, heartbeat 3 s, instant processing.
 *
 * Timing (as in the rolling-restart test): member k leaves at 61 s + 30 s·k (LeaveGroup) and the
 * others learn at their next heartbeat; it comes back 10 s later as a new member.
 */
import { describe, expect, it } from 'vitest';
import { configAfter, generations, members, names, run, topic, withSettings } from './helpers.js';

describe('two-bounce upgrade to cooperative-sticky', () => {
    it('elects the assignor by vote and runs EAGER until every client lists only cooperative assignors', () => {
        const ms = withSettings(members(names('c', 3)), {});
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: ms,
            events: [
                { kind: 'start', at: 0, members: ['c1', 'c2', 'c3'] },
                {
                    kind: 'rolling-restart',
                    at: 61_000,
                    members: ['c1', 'c2', 'c3'],
                    everyMs: 30_000,
                    downMs: 10_000,
                    configAfter: configAfter(ms, { 'partition.assignment.strategy': ['cooperative-sticky', 'range'] })
                },
                {
                    kind: 'rolling-restart',
                    at: 181_000,
                    members: ['c1', 'c2', 'c3'],
                    everyMs: 30_000,
                    downMs: 10_000,
                    configAfter: configAfter(ms, { 'partition.assignment.strategy': ['cooperative-sticky'] })
                }
            ],
            durationMs: 300_000
        });
        const gens = r.trace.rebalances.map((g) => ({
            at: g.bumpedAt,
            elected: g.protocolName,
            votes: Object.fromEntries(g.members.map((m) => [m.member, m.vote])),
            modes: Object.fromEntries(g.members.map((m) => [m.member, m.rebalanceProtocol]))
        }));
        // Gen 1 (6 s): everyone lists [range, cooperative-sticky] and votes range. All EAGER.
        // Bounce 1 (all clients still EAGER: range is still in every list):
        //  63 s  c1 gone: c2, c3 vote range → range.
        //  72 s  c1 back with [coop, range]: c1 votes coop, c2 and c3 range → range (2 to 1).
        //  93 s  c2 gone: c1 coop, c3 range → a tie, won by the protocol first in Java HashMap order of
        //        the vote map: "range" (bucket 9) before "cooperative-sticky" (bucket 15) → range.
        // 102 s  c2 back: c1, c2 coop, c3 range → cooperative-sticky (2 to 1). Still all EAGER.
        // 123 s  c3 gone: coop. 132 s c3 back: coop, everyone votes coop, everyone EAGER.
        const E = 'EAGER';
        const C = 'COOPERATIVE';
        expect(gens.slice(0, 7)).toEqual([
            { at: 6000, elected: 'range', votes: { c1: 'range', c2: 'range', c3: 'range' }, modes: { c1: E, c2: E, c3: E } },
            { at: 63_000, elected: 'range', votes: { c2: 'range', c3: 'range' }, modes: { c2: E, c3: E } },
            { at: 72_000, elected: 'range', votes: { c1: 'cooperative-sticky', c2: 'range', c3: 'range' }, modes: { c1: E, c2: E, c3: E } },
            { at: 93_000, elected: 'range', votes: { c1: 'cooperative-sticky', c3: 'range' }, modes: { c1: E, c3: E } },
            { at: 102_000, elected: 'cooperative-sticky', votes: { c1: 'cooperative-sticky', c2: 'cooperative-sticky', c3: 'range' }, modes: { c1: E, c2: E, c3: E } },
            { at: 123_000, elected: 'cooperative-sticky', votes: { c1: 'cooperative-sticky', c2: 'cooperative-sticky' }, modes: { c1: E, c2: E } },
            { at: 132_000, elected: 'cooperative-sticky', votes: { c1: 'cooperative-sticky', c2: 'cooperative-sticky', c3: 'cooperative-sticky' }, modes: { c1: E, c2: E, c3: E } }
        ]);
        // Bounce 2: a client that lists only cooperative-sticky runs COOPERATIVE; the candidates shrink
        // to {cooperative-sticky} as soon as one such client is in the group.
        // 183 s c1 gone (c2, c3 EAGER). 192 s c1 back, COOPERATIVE, owns nothing: no follow-up.
        // 213 s c2 gone: c1 (cooperative) keeps its 2 partitions and gains 1, c3 (eager, owns nothing
        //       in its subscription) gets 3; no partition leaves a cooperative owner: no follow-up.
        // 222 s c2 back (COOPERATIVE, owns nothing): c1 owns 3, quota 2 → c1 gives one up; it is withheld
        //       (changing owner), c1 revokes it and rejoins → PreparingRebalance at 222 s; c2 and c3 learn at
        //       their next heartbeat, 225 s → follow-up generation at 225 s.
        // 243 s c3 gone: its partitions were never reported as owned (eager): assigned at once.
        // 252 s c3 back, COOPERATIVE: c1 and c2 own 3 each, quota 2 → each gives one up → follow-up at 255 s.
        expect(gens.slice(7).map((g) => [g.at, g.elected, g.modes])).toEqual([
            [183_000, 'cooperative-sticky', { c2: E, c3: E }],
            [192_000, 'cooperative-sticky', { c1: C, c2: E, c3: E }],
            [213_000, 'cooperative-sticky', { c1: C, c3: E }],
            [222_000, 'cooperative-sticky', { c1: C, c2: C, c3: E }],
            [225_000, 'cooperative-sticky', { c1: C, c2: C, c3: E }],
            [243_000, 'cooperative-sticky', { c1: C, c2: C }],
            [252_000, 'cooperative-sticky', { c1: C, c2: C, c3: C }],
            [255_000, 'cooperative-sticky', { c1: C, c2: C, c3: C }]
        ]);
        expect(r.trace.rebalances[11].reason).toContain('need to revoke partitions and re-join');
        // The members' own configurations over time are in the trace.
        expect(r.trace.members.find((m) => m.name === 'c1')!.configs.map((c) => [c.from, c.assignors.join(','), c.rebalanceProtocol])).toEqual([
            [0, 'range,cooperative-sticky', E],
            [71_000, 'cooperative-sticky,range', E],
            [191_000, 'cooperative-sticky', C]
        ]);
        expect(generations(r.trace).every((g) => g.stableAt !== null)).toBe(true);
    });
});
