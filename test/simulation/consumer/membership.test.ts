/**
 * KIP-848 membership changes on 6 partitions, three members c1..c3, no rebalance listener,
 * zero latency, the broker's defaults (heartbeat 5 s, session 45 s, uniform assignor).
 *
 * Common start (kafka-semantics §4.3-4.6, simulation-conventions §7, §11): c1, c2, c3 join at
 * 0 s, each join a subscription change → epochs 1, 2, 3 at 0 s, the target recomputed on each
 * join. c1 (epoch 1) gets all 6 partitions; c2 and c3 join UNRELEASED (their targets are held by
 * c1) and acknowledge at once, still empty. c1 acknowledges its 6, is told to keep 2 (epoch 3
 * target) and revoke 4, revokes in the background (no listener) and acknowledges at 0 s: the 4
 * partitions are free at 0 s, after c2's and c3's acknowledgements. c2 and c3 pick them up at
 * their next heartbeat, 5 s (the heartbeat timer restarts at each send: their acks at 0 s).
 * c1 heartbeats at 5 s·k (its ack at 0 s); c2, c3 too (regular + ack at 5 s).
 */
import { describe, expect, it } from 'vitest';
import { names, run, topic } from '../helpers.js';
import { acquired, bumps, consumerMembers, diff, holdings, pauses, released, start, stateAt, target, targetAt } from './helpers.js';

const three = () => consumerMembers(names('c', 3));

describe('KIP-848: the group forms', () => {
    it('three joins: three epoch bumps at 0 s, c2 and c3 get their partitions on their 5 s heartbeat, c1 never pauses', () => {
        const r = run({ topics: [topic('orders', 6, 600)], members: three(), events: [start(0, ['c1', 'c2', 'c3'])], durationMs: 20_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(target(t, 1)).toEqual({ c1: ['orders[0]', 'orders[1]', 'orders[2]', 'orders[3]', 'orders[4]', 'orders[5]'] });
        const t3 = target(t, 3);
        expect(Object.values(t3).map((ps) => ps.length)).toEqual([2, 2, 2]);
        // c1 keeps its epoch-3 target from 0 s on and gives the other 4 up at 0 s.
        for (const p of t3.c1) expect(holdings(t, 'c1').filter(([q]) => q === p)).toEqual([[p, 0, 20_000]]);
        for (const m of ['c2', 'c3']) for (const p of t3[m]) expect(acquired(t, m, p)).toBe(5000);
        expect(pauses(t, 'c1')).toEqual([]);
        expect(pauses(t, 'c2')).toEqual([[0, 5000]]);
        expect(pauses(t, 'c3')).toEqual([[0, 5000]]);
        // Reconciling until c2 and c3 hold their targets; the group was Stable for an instant at epoch 1.
        expect(stateAt(t, 0)).toEqual(['Reconciling', 3]);
        expect(stateAt(t, 5000)).toEqual(['Stable', 3]);
        expect(t.summary.finalState).toBe('Stable');
        expect(t.summary.rebalanceTimes).toEqual([0, 0, 0]);
        // The KIP-848 log lines (kafka-semantics §6).
        const logs = t.events.filter((e) => e.log?.side === 'broker').map((e) => e.log!.text);
        expect(logs).toContain('[GroupId orders-service] Bumped group epoch to 3.');
        expect(logs).toContain("[GroupId orders-service] Computed a new target assignment for epoch 3 with 'uniform' assignor in 0ms.");
    });
});

describe('KIP-848: a 4th member joins 6 partitions', () => {
    it('one epoch bump; only the partitions c4 takes move; they are free at their owners\' heartbeat and reach c4 on its own', () => {
        // c4 starts at 22 s: its join bumps the epoch to 4 at 22 s and the target is recomputed
        // there (uniform: 6 over 4 → two members get 2, two get 1, by HashMap order). c4's target is
        // held by others: UNRELEASED, nothing assigned; it acknowledges at 22 s and heartbeats at 27 s.
        // c1..c3 heartbeat at 25 s: whoever must give a partition to c4 revokes it in the background
        // and acknowledges at 25 s (it is free then). c4 takes it at 27 s. Nobody else moves: the
        // uniform assignor keeps owned partitions up to the quota, so c4's partitions are exactly the
        // ones that move, and the others keep the rest of theirs without a pause.
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 4)), events: [start(0, ['c1', 'c2', 'c3']), start(22_000, ['c4'])], durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 22_000]
        ]);
        expect(targetAt(t, 4)).toEqual({ at: 22_000, assignor: 'uniform' });
        const before = target(t, 3);
        const after = target(t, 4);
        expect(after.c4.length).toBeGreaterThanOrEqual(1);
        for (const m of ['c1', 'c2', 'c3']) {
            // Sticky: each keeps a subset of what it had.
            expect(diff(after[m], before[m])).toEqual([]);
            for (const p of diff(before[m], after[m])) {
                expect(after.c4).toContain(p);
                expect(released(t, m, p)).toBe(25_000);
                expect(acquired(t, 'c4', p)).toBe(27_000);
            }
        }
        expect(t.summary.movedPartitions - 4).toBe(after.c4.length); // 4 moved at formation (c1 → c2, c3)
        expect(t.rebalances[3].moved).toBe(after.c4.length);
        for (const m of ['c1', 'c2', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 5000)).toEqual([]);
        expect(pauses(t, 'c4')).toEqual([[22_000, 27_000]]);
        expect(stateAt(t, 26_000)).toEqual(['Reconciling', 4]);
        expect(stateAt(t, 27_000)).toEqual(['Stable', 4]);
        // 2 s between its release and c4's heartbeat, plus the 5 s at formation for a partition c2 or c3 had.
        for (const p of after.c4) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(before.c1.includes(p) ? 2000 : 7000);
    });

    it('joining off the heartbeat grid of the others: c4 waits a whole interval when it beats before they revoke', () => {
        // c4 starts at 20 s, the instant c1..c3 heartbeat: their heartbeats (scheduled at 15 s) run
        // before c4's join, so they learn epoch 4 only at 25 s. c4 heartbeats at 25 s as well, after
        // them in event order but before their acknowledgements: its partitions are still held, and
        // it takes them at 30 s. Freed at 25 s, taken at 30 s: 5 s unowned (plus the 5 s at formation
        // for a partition c2 or c3 had), c4 paused 10 s.
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 4)), events: [start(0, ['c1', 'c2', 'c3']), start(20_000, ['c4'])], durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t).at(-1)).toEqual([4, 20_000]);
        const after = target(t, 4);
        for (const p of after.c4) expect(acquired(t, 'c4', p)).toBe(30_000);
        expect(pauses(t, 'c4')).toEqual([[20_000, 30_000]]);
        const before = target(t, 3);
        for (const p of after.c4) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(before.c1.includes(p) ? 5000 : 10_000);
    });
});

describe('KIP-848: a member leaves', () => {
    it('crash: fenced 45 s after its last heartbeat, one epoch bump, its partitions picked up at once by the survivors\' heartbeat', () => {
        // c2 heartbeats at 5 s·k; the crash event at 30 s runs before its 30 s heartbeat, so its last
        // one was at 25 s and its session expires at 70 s (the coordinator timer runs before the
        // heartbeats of that instant). Fencing removes it, frees its partitions and bumps the epoch to
        // 4 at 70 s; c1's heartbeat at 70 s computes the epoch-4 target (3 each, c1 and c3 keep theirs)
        // and takes its share at once; c3 likewise. c2's partitions: unowned from the crash (30 s) to
        // 70 s = 40 s, after the 5 s they waited at formation (c2 took them at 5 s). c1 and c3 never pause.
        const r = run({ topics: [topic('orders', 6, 600)], members: three(), events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 30_000, members: ['c2'] }], durationMs: 90_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 70_000]
        ]);
        expect(t.rebalances[3].reason).toContain('left the group');
        const fenced = t.events.find((e) => e.name === 'SessionTimeout');
        expect(fenced?.at).toBe(70_000);
        expect(fenced?.log?.text).toMatch(/^\[GroupId orders-service\] Member \S+ fenced from the group because the member session expired\.$/);
        expect(targetAt(t, 4).at).toBe(70_000);
        const before = target(t, 3);
        const after = target(t, 4);
        expect(after.c2).toBeUndefined();
        for (const m of ['c1', 'c3']) {
            expect(diff(before[m], after[m])).toEqual([]);
            for (const p of diff(after[m], before[m])) expect(acquired(t, m, p)).toBe(70_000);
        }
        for (const p of before.c2) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(45_000);
        expect(pauses(t, 'c1')).toEqual([]);
        expect(pauses(t, 'c3').filter(([from]) => from > 0)).toEqual([]);
        expect(stateAt(t, 70_000)).toEqual(['Stable', 4]);
    });

    it('graceful leave: the leave heartbeat fences at once; the others take the partitions at their next heartbeat', () => {
        // stop c2 at 32 s: close() commits, releases its partitions (no listener) and sends the leave
        // heartbeat (epoch -1): fenced at 32 s, epoch 4. c1 and c3 see epoch 4 at their 35 s
        // heartbeat, the first of them computes the target, and each takes its share of c2's
        // partitions then: 3 s unowned (plus the 5 s at formation).
        const r = run({ topics: [topic('orders', 6, 600)], members: three(), events: [start(0, ['c1', 'c2', 'c3']), { kind: 'stop', at: 32_000, members: ['c2'] }], durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t).at(-1)).toEqual([4, 32_000]);
        const leave = t.events.find((e) => e.name === 'ConsumerGroupHeartbeat' && e.kind === 'request' && e.generation === -1);
        expect(leave?.at).toBe(32_000);
        expect(t.events.some((e) => e.log?.text.match(/^\[GroupId orders-service\] Member \S+ left the consumer group\.$/))).toBe(true);
        expect(targetAt(t, 4).at).toBe(35_000);
        // Between the bump and the first heartbeat the epoch-4 target does not exist yet: Assigning.
        expect(stateAt(t, 32_000)).toEqual(['Assigning', 4]);
        expect(stateAt(t, 35_000)).toEqual(['Stable', 4]);
        const before = target(t, 3);
        const after = target(t, 4);
        for (const m of ['c1', 'c3']) for (const p of diff(after[m], before[m])) expect(acquired(t, m, p)).toBe(35_000);
        for (const p of before.c2) expect(t.summary.unownedMs.orders[Number(p.slice(7, -1))]).toBe(8000);
        // Auto-commit on close: the next owners resume where c2 stopped.
        expect(t.commits.some((c) => c.member === 'c2' && c.kind === 'close' && c.ok)).toBe(true);
        expect(t.summary.duplicates).toBe(0);
        expect(pauses(t, 'c1')).toEqual([]);
    });
});
