/**
 * The KIP-848 timers and settings: the client's poll timer, the broker's heartbeat interval and
 * session timeout (group.consumer.*, within their bounds), and a coordinator move. Zero latency,
 * 6 partitions, 600 records/s, no listener.
 */
import { describe, expect, it } from 'vitest';
import { names, run, topic, type Settings } from '../helpers.js';
import { acquired, bumps, consumerMembers, diff, pauses, start, stateAt, target } from './helpers.js';

describe('KIP-848 poll timeout', () => {
    it('a member stuck in a batch leaves with epoch -1, loses its partitions, and rejoins at its next poll()', () => {
        // c2 processes 10 records/s (100 ms each) and gets 2 partitions at 5 s (200 records/s): busy
        // from 5 s with 2 × 100/s × 5 s = 1000 records waiting (from the committed offset 0), so its poll
        // at 5 s returns 500, a 50 s batch: it polls next at 55 s. Its poll timer
        // (max.poll.interval.ms 30 s) expires at 35 s: WARN, leave heartbeat (epoch -1), STALE,
        // onPartitionsLost (no listener: at once). The leave bumps the epoch to 4 at 35 s; c1 and c3
        // heartbeat at 35 s after it (their ticks were scheduled later than c2's poll-timer check) and
        // take c2's partitions at once. At 55 s c2's poll() finds the timer expired ("exceeded
        // approximately by 20000 ms") and rejoins: epoch 5 at 55 s. c1 and c3, whose 55 s heartbeats
        // follow, revoke what c2 gets; c2 takes it at its next heartbeat, 60 s.
        const ms = consumerMembers(names('c', 3), (n): Settings => (n === 'c2' ? { 'process.time.per.record': 100, 'max.poll.interval.ms': 30_000 } : {}));
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events: [start(0, ['c1', 'c2', 'c3'])], durationMs: 70_000 });
        const t = r.trace;
        expect(bumps(t).slice(3)).toEqual([
            [4, 35_000],
            [5, 55_000]
        ]);
        const warn = t.events.find((e) => e.member === 'c2' && e.name === 'PollTimeout');
        expect(warn?.at).toBe(35_000);
        expect(warn?.log?.text.startsWith('Consumer poll timeout has expired.')).toBe(true);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat' && e.generation === -1)?.at).toBe(35_000);
        const rejoin = t.events.find((e) => e.member === 'c2' && e.name === 'PollTimerReset');
        expect([rejoin?.at, rejoin?.log?.text.match(/exceeded approximately by (\d+) ms/)?.[1]]).toEqual([55_000, '20000']);
        const had = target(t, 3).c2;
        for (const p of had) {
            const lost = t.ownership.find((o) => o.member === 'c2' && `${o.topic}[${o.partition}]` === p);
            expect([lost?.to, lost?.end]).toEqual([35_000, 'lost']);
        }
        const t4 = target(t, 4);
        for (const m of ['c1', 'c3']) for (const p of diff(t4[m], target(t, 3)[m])) expect(acquired(t, m, p, 30_000)).toBe(35_000);
        for (const p of target(t, 5).c2) expect(acquired(t, 'c2', p, 50_000)).toBe(60_000);
        expect(t.consumerProtocol?.memberStates.filter((s) => s.member === 'c2' && s.from >= 35_000 && s.from < 60_000).map((s) => [s.state, s.from])).toEqual([
            ['STALE', 35_000],
            ['STABLE', 55_000]
        ]);
    });
});

describe('KIP-848 broker settings', () => {
    it('group.consumer.heartbeat.interval.ms sets every member\'s heartbeat: c2 and c3 get their partitions at 8 s', () => {
        // Formation as usual; the freed partitions reach c2 and c3 at their next heartbeat, one broker
        // interval (8 s, within [5 s, 15 s]) after their acknowledgements at 0 s. The client's own
        // heartbeat.interval.ms does not apply.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: consumerMembers(names('c', 3), { 'heartbeat.interval.ms': 1000 }),
            events: [start(0, ['c1', 'c2', 'c3'])],
            durationMs: 30_000,
            cluster: { 'group.consumer.heartbeat.interval.ms': 8000 }
        });
        const t = r.trace;
        for (const m of ['c2', 'c3']) for (const p of target(t, 3)[m]) expect(acquired(t, m, p)).toBe(8000);
        expect(stateAt(t, 8000)).toEqual(['Stable', 3]);
        expect(t.members.find((m) => m.name === 'c1')?.configs[0].heartbeatIntervalMs).toBe(8000);
        // Routine heartbeats run every 8 s.
        expect(t.heartbeats.filter((h) => h.member === 'c1').every((h) => h.intervalMs === 8000)).toBe(true);
    });

    it('a session timeout below group.consumer.min.session.timeout.ms is refused: the 45 s default stays', () => {
        // group.consumer.session.timeout.ms = 30 s is below the 45 s minimum: Kafka refuses the config;
        // the trace notes it and the session stays 45 s, so a crash at 32 s (last heartbeat 30 s) is
        // fenced at 75 s.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: consumerMembers(names('c', 3)),
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 32_000, members: ['c2'] }],
            durationMs: 90_000,
            cluster: { 'group.consumer.session.timeout.ms': 30_000 }
        });
        expect(bumps(r.trace).at(-1)).toEqual([4, 75_000]);
        expect(r.trace.engine.notes.some((n) => n.includes('outside the broker\'s bounds [45000, 60000]'))).toBe(true);
    });

    it('with the minimum lowered, a 20 s session fences a crashed member 20 s after its last heartbeat', () => {
        // min.session 10 s, session 20 s, heartbeat 5 s (min 5 s): crash at 32 s, last heartbeat at 30 s,
        // fenced at 50 s. The client's session.timeout.ms (45 s by default) does not apply.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: consumerMembers(names('c', 3)),
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 32_000, members: ['c2'] }],
            durationMs: 90_000,
            cluster: { 'group.consumer.min.session.timeout.ms': 10_000, 'group.consumer.session.timeout.ms': 20_000 }
        });
        expect(bumps(r.trace).at(-1)).toEqual([4, 50_000]);
        expect(r.trace.engine.notes).toEqual([]);
    });
});

describe('KIP-848 coordinator failover', () => {
    it('the consumer group is reloaded as it was: members find the new coordinator and carry on, no epoch bump, no pause', () => {
        // The coordinator moves at 32 s. Each member's 35 s heartbeat goes to the old one: NOT_COORDINATOR;
        // it looks the coordinator up (instant here) and heartbeats again at once with a full request:
        // the new coordinator knows it at epoch 3 and answers with its assignment, unchanged.
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 3)), events: [start(0, ['c1', 'c2', 'c3']), { kind: 'coordinator-failover', at: 32_000 }], durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(t.events.find((e) => e.log?.text === 'Loaded consumer group orders-service with 3 members.')?.at).toBe(32_000);
        for (const m of ['c1', 'c2', 'c3']) {
            const errors = t.events.filter((e) => e.member === m && e.name === 'ConsumerGroupHeartbeat' && e.kind === 'response' && e.error === 'NOT_COORDINATOR');
            expect(errors.map((e) => e.at)).toEqual([35_000]);
            expect(pauses(t, m).filter(([from]) => from >= 5000)).toEqual([]);
        }
        expect(stateAt(t, 40_000)).toEqual(['Stable', 3]);
        expect(t.summary.movedPartitions).toBe(4);
    });
});

describe('KIP-848 with network latency', () => {
    it('10 ms each way: the heartbeat grid runs from the join response; acknowledgements are extra beats', () => {
        // FindCoordinator 0 → 20 ms; the joins go at 20 ms and are handled at 30 ms (epochs 1-3),
        // the responses arrive at 40 ms. The broker's interval replaces the initial 0 at that response:
        // next heartbeat due at 5040 ms. c2 and c3 acknowledge at 40 ms (handled at 50: epoch 3, nothing
        // yet); c1 acknowledges its 6 at 40 ms, learns at 60 ms that it keeps 2, revokes 4 and
        // acknowledges at 60 ms (handled at 70 ms: free). c2 and c3 heartbeat at 5040 ms (40 ms + 5 s),
        // handled at 5050, and hold their partitions when the response arrives, at 5060 ms. The group
        // was first Stable at 30 ms (c1 alone, epoch 1), so a partition c2 or c3 takes waited from 30 to
        // 40 ms (before c1 held it) and from 60 ms to 5060 ms: 5010 ms; one c1 keeps, 10 ms. c2's
        // acknowledgement at 5060 ms is an extra beat that leaves the grid alone (simulation-conventions
        // §7): its regular heartbeats stay at 40 ms + 5 s·k, the next at 10040 ms.
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 3)), events: [start(0, ['c1', 'c2', 'c3'])], durationMs: 20_000, cluster: { 'network.latency': 10 } });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 30],
            [2, 30],
            [3, 30]
        ]);
        const t3 = target(t, 3);
        for (const m of ['c2', 'c3']) for (const p of t3[m]) expect(acquired(t, m, p)).toBe(5060);
        for (const p of [...t3.c2, ...t3.c3]) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(5010);
        for (const p of t3.c1) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(10);
        expect(t.heartbeats.filter((h) => h.member === 'c2').map((h) => [h.from, h.intervalMs])[0]).toEqual([10_040, 5000]);
    });
});

