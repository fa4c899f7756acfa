/**
 * Moving a classic group to the consumer protocol and back (kafka-semantics §4.10).
 *
 * c1..c3 are classic members with Kafka's defaults (EAGER range, heartbeat 3 s, session 45 s) on 6
 * partitions, zero latency. Generation 1 at 6 s (initial delay: two 3 s windows), range by member
 * id (= by name): c1 [0,1], c2 [2,3], c3 [4,5]; their heartbeats run at 6 s + 3 s·k.
 *
 * Online upgrade, c1 restarted at 31 s with `group.protocol = consumer` (down 5 s):
 * - 31 s: c1 closes: onPartitionsRevoked, LeaveGroup → PreparingRebalance. c2 and c3 learn it at
 *   their 33 s heartbeat, rejoin at once (idle): generation 2 at 33 s, range over two: c2 [0,1,2],
 *   c3 [3,4,5]. Their heartbeats now run at 33 s + 3 s·k.
 * - 36 s: c1's ConsumerGroupHeartbeat (epoch 0) finds a non-empty classic group: it is converted in
 *   place (group epoch = generation 2, c2 and c3 classic members at epoch 2 with their assignment),
 *   and c1's join bumps the epoch to 3 at 36 s. The uniform target gives each 2; c2 and c3 keep 2 of
 *   theirs and c1 gets one of each; c1 is UNRELEASED. (c2's and c3's 36 s heartbeats reached the
 *   classic group before the conversion: NONE.)
 * - 39 s: c2's and c3's heartbeats get REBALANCE_IN_PROGRESS (member epoch 2 < group epoch 3); they
 *   rejoin (EAGER: they revoke everything first and own nothing in the JoinGroup), the JoinGroup is
 *   answered at once with generation 3 and their 2 partitions; the third is released.
 * - 41 s: c1's heartbeat (5 s after its join) takes the two released partitions: Stable, epoch 3.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../../language-server/src/model/simulation-input.js';
import { configAfter, members, names, run, topic } from '../helpers.js';
import { acquired, bumps, consumerMembers, diff, start, stateAt, target } from './helpers.js';

const classic = () => members(names('c', 3));

function upgradeTimeline(ms: ReturnType<typeof classic>): ScenarioEvent[] {
    return [start(0, ['c1', 'c2', 'c3']), { kind: 'restart', at: 31_000, members: ['c1'], downMs: 5000, configAfter: configAfter([ms[0]], { 'group.protocol': 'consumer' }) }];
}

describe('online upgrade of a classic group', () => {
    it('a consumer-protocol member converts the group in place; the classic members are answered from the server-side assignment', () => {
        const ms = classic();
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events: upgradeTimeline(ms), durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6000],
            [2, 33_000],
            [3, 36_000]
        ]);
        expect(t.consumerProtocol?.groupTypes).toEqual([
            { from: 0, to: 36_000, type: 'classic' },
            { from: 36_000, to: 60_000, type: 'consumer' }
        ]);
        const t3 = target(t, 3);
        expect(t3.c1.length).toBe(2);
        // c2 and c3 keep two of their generation-2 partitions each, and give c1 one each.
        expect(diff(['orders[0]', 'orders[1]', 'orders[2]'], t3.c2)).toHaveLength(1);
        expect(diff(['orders[3]', 'orders[4]', 'orders[5]'], t3.c3)).toHaveLength(1);
        for (const p of t3.c1) expect(acquired(t, 'c1', p, 36_000)).toBe(41_000);
        // The classic members learn it from a heartbeat and get generation = member epoch 3 from JoinGroup at once.
        for (const m of ['c2', 'c3']) {
            expect(t.events.find((e) => e.member === m && e.name === 'Heartbeat' && e.error === 'REBALANCE_IN_PROGRESS' && e.at > 34_000)?.at).toBe(39_000);
            const join = t.events.find((e) => e.member === m && e.kind === 'response' && e.name === 'JoinGroup' && e.at >= 39_000);
            expect([join?.at, join?.generation, join?.error]).toEqual([39_000, 3, 'NONE']);
            // EAGER: revoked and assigned again within the instant, so the holding runs on across 39 s.
            for (const p of t3[m]) expect(t.ownership.some((o) => o.member === m && `${o.topic}[${o.partition}]` === p && o.from <= 39_000 && o.to > 39_000)).toBe(true);
        }
        const moved = [...diff(['orders[0]', 'orders[1]', 'orders[2]'], t3.c2), ...diff(['orders[3]', 'orders[4]', 'orders[5]'], t3.c3)].sort();
        expect(moved).toEqual(t3.c1);
        for (const p of moved) {
            // Released at 39 s, taken at 41 s; before that, c1's generation-1 partitions waited 31 → 33 s.
            const i = Number(p.slice(7, -1));
            expect(t.summary.unownedMs.orders[i]).toBe(2000 + (i <= 1 ? 2000 : 0));
        }
        expect(stateAt(t, 40_000)).toEqual(['Reconciling', 3]);
        expect(stateAt(t, 41_000)).toEqual(['Stable', 3]);
        expect(t.summary.errors).toEqual({ c1: null, c2: null, c3: null });
        // The epoch and reconciliation records of the classic members, as the coordinator holds them.
        const rec = t.consumerProtocol?.reconciliations?.find((x) => x.member === 'c2' && x.from === 36_000);
        expect([rec?.epoch, rec?.state, rec?.protocol]).toEqual([2, 'STABLE', 'classic']);
    });

    it('the consumer-protocol member leaves: the group goes back to classic and rebalances', () => {
        // From the upgraded group (Stable at epoch 3 from 41 s; c2 and c3 heartbeat at 39 s + 3 s·k),
        // stop c1 at 62 s: its leave heartbeat fences it, only classic members remain: the group
        // becomes a classic group at generation 3 (no epoch bump) with c2 and c3 holding their target
        // assignment, and prepares a rebalance ("Downgrade group … from consumer to classic."). c2 and
        // c3 learn it at 63 s and rejoin: generation 4 at 63 s, range over two. c1's partitions wait
        // 62 → 63 s.
        const ms = classic();
        const events = [...upgradeTimeline(ms), { kind: 'stop' as const, at: 62_000, members: ['c1'] }];
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events, durationMs: 90_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 6000],
            [2, 33_000],
            [3, 36_000],
            [4, 63_000]
        ]);
        expect(t.rebalances[3].reason).toBe('Downgrade group orders-service from consumer to classic.');
        expect(t.rebalances[3].protocolName).toBe('range');
        expect(t.consumerProtocol?.groupTypes?.map((g) => [g.from, g.type])).toEqual([
            [0, 'classic'],
            [36_000, 'consumer'],
            [62_000, 'classic']
        ]);
        expect(stateAt(t, 62_000)).toEqual(['PreparingRebalance', 3]);
        const c1Had = target(t, 3).c1;
        for (const p of c1Had) {
            // As in the upgrade (2 s, plus 2 s for c1's own generation-1 partitions), then 62 → 63 s.
            const i = Number(p.slice(7, -1));
            expect(t.summary.unownedMs.orders[i]).toBe(2000 + (i <= 1 ? 2000 : 0) + 1000);
        }
        expect(t.summary.finalState).toBe('Stable');
        expect(t.summary.finalGeneration).toBe(4);
    });

    it('migration policy upgrade: no downgrade; the departure is an epoch bump and the classic members take the partitions on rejoin', () => {
        // Same, with group.consumer.migration.policy = upgrade: fencing c1 at 62 s bumps the epoch to 4
        // and the group stays a consumer group. c2 and c3 get REBALANCE_IN_PROGRESS at 63 s (member
        // epoch 3 < 4), rejoin, and the JoinGroup computes the epoch-4 target and hands them c1's
        // partitions (free since 62 s) at once: generation 4 at 63 s.
        const ms = classic();
        const events = [...upgradeTimeline(ms), { kind: 'stop' as const, at: 62_000, members: ['c1'] }];
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events, durationMs: 90_000, cluster: { 'group.consumer.migration.policy': 'upgrade' } });
        const t = r.trace;
        expect(bumps(t).slice(3)).toEqual([[4, 62_000]]);
        expect(t.consumerProtocol?.groupTypes?.map((g) => g.type)).toEqual(['classic', 'consumer']);
        const c1Had = target(t, 3).c1;
        const t4 = target(t, 4);
        expect(targetAt4(t)).toBe(63_000);
        for (const p of c1Had) {
            const taker = t4.c2.includes(p) ? 'c2' : 'c3';
            expect(acquired(t, taker, p, 62_000)).toBe(63_000);
        }
        expect(t.events.some((e) => e.log?.text === 'Cannot downgrade consumer group orders-service to classic group because the online downgrade is disabled.')).toBe(true);
        expect(t.summary.finalState).toBe('Stable');
    });

    it('migration policy disabled: the consumer-protocol member is refused (GROUP_ID_NOT_FOUND, fatal); the classic group carries on', () => {
        const ms = classic();
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events: upgradeTimeline(ms), durationMs: 60_000, cluster: { 'group.consumer.migration.policy': 'disabled' } });
        const t = r.trace;
        expect(t.summary.errors.c1?.error).toBe('GROUP_ID_NOT_FOUND');
        expect(t.summary.errors.c1?.at).toBe(36_000);
        expect(bumps(t)).toEqual([
            [1, 6000],
            [2, 33_000]
        ]);
        expect(t.consumerProtocol?.groupTypes).toEqual([{ from: 0, to: 60_000, type: 'classic' }]);
        expect(t.consumerProtocol?.memberStates.filter((s) => s.member === 'c1').map((s) => s.state)).toEqual(['FATAL']);
        expect(t.events.some((e) => e.log?.text === 'Cannot upgrade classic group orders-service to consumer group because the online upgrade is disabled.')).toBe(true);
    });
});

function targetAt4(t: Parameters<typeof target>[0]): number | undefined {
    return t.consumerProtocol?.targetAssignments.find((a) => a.epoch === 4)?.at;
}

describe('offline migration', () => {
    it('stop everyone, start them with the consumer protocol: the empty classic group is replaced by a consumer group from epoch 1; offsets survive', () => {
        // stop all at 31 s: each closes (auto-commit, onPartitionsRevoked, LeaveGroup); the last leave
        // completes the join phase with nobody: generation 2, Empty, at 31 s. At 40 s they start with
        // group.protocol = consumer: the empty classic group is deleted, a consumer group starts at
        // epoch 0 and the three joins bump it to 1, 2, 3 at 40 s; c2 and c3 take their partitions at
        // 45 s. Committed offsets are not part of the group: the new owners resume where the classic
        // members committed on close, so nothing is processed twice.
        const ms = classic();
        const after = configAfter(ms, { 'group.protocol': 'consumer' });
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: ms,
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'stop', at: 31_000, members: ['c1', 'c2', 'c3'] }, { kind: 'start', at: 40_000, members: ['c1', 'c2', 'c3'], configAfter: after }],
            durationMs: 60_000
        });
        const t = r.trace;
        expect(t.summary.rebalanceTimes).toEqual([6000, 31_000, 40_000, 40_000, 40_000]);
        expect(bumps(t)).toEqual([
            [1, 6000],
            [2, 31_000],
            [1, 40_000],
            [2, 40_000],
            [3, 40_000]
        ]);
        expect(t.rebalances[1].bumpedTo).toBe('Empty');
        expect(stateAt(t, 35_000)).toEqual(['Empty', 2]);
        expect(stateAt(t, 45_000)).toEqual(['Stable', 3]);
        expect(t.consumerProtocol?.groupTypes?.map((g) => [g.from, g.type])).toEqual([
            [0, 'classic'],
            [40_000, 'consumer']
        ]);
        expect(t.summary.duplicates).toBe(0);
        expect(t.summary.errors).toEqual({ c1: null, c2: null, c3: null });
    });

    it('and back: an empty consumer group is replaced by a classic group from generation 1', () => {
        // Three consumer-protocol members stop at 31 s (each leave fences: epochs 4, 5, 6 at 31 s, the
        // group Empty), and start at 40 s as classic members: the empty consumer group is deleted, a
        // new classic group forms with the initial delay: generation 1 at 46 s.
        const ms = consumerMembers(names('c', 3));
        const after = configAfter(ms, { 'group.protocol': 'classic' });
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: ms,
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'stop', at: 31_000, members: ['c1', 'c2', 'c3'] }, { kind: 'start', at: 40_000, members: ['c1', 'c2', 'c3'], configAfter: after }],
            durationMs: 60_000
        });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 31_000],
            [5, 31_000],
            [6, 31_000],
            [1, 46_000]
        ]);
        expect(t.consumerProtocol?.groupTypes?.map((g) => [g.from, g.type])).toEqual([
            [0, 'consumer'],
            [40_000, 'classic']
        ]);
        expect(stateAt(t, 50_000)).toEqual(['Stable', 1]);
    });
});
