/**
 * Static members under KIP-848 (kafka-semantics §4.9): a graceful close sends epoch -2 and the
 * member keeps its assignment (no epoch bump) until it comes back; a crashed member's instance id
 * stays owned until its session expires, and a newcomer with the same id gets
 * UNRELEASED_INSTANCE_ID, which is fatal (the Java client does not retry).
 *
 * c1..c3 with group.instance.id i1..i3, 6 partitions, no listener, zero latency; formation as in
 * membership.test.ts (epochs 1-3 at 0 s, c2 and c3 take their partitions at 5 s). Heartbeats of
 * every member at 5 s·k.
 */
import { describe, expect, it } from 'vitest';
import { names, run, topic, type Settings } from '../helpers.js';
import { acquired, bumps, consumerMembers, diff, pauses, serverMember, start, stateAt, target } from './helpers.js';

const statics = () => consumerMembers(names('c', 3), (_n, i) => ({ 'group.instance.id': `i${i + 1}` }));
const unowned = (t: { summary: { unownedMs: Record<string, number[]> } }, p: string) => t.summary.unownedMs.orders[Number(p.slice(7, -1))];

describe('KIP-848 static members', () => {
    it('graceful restart: epoch -2, the assignment waits for it, no epoch bump, the new process gets it back at once', () => {
        // restart c2 at 32 s, down 10 s. close() commits, releases, and sends the leave heartbeat with
        // epoch -2: c2 stays in the group with its assignment (Reconciling: epoch -2 is not the target
        // epoch). At 42 s the new process (a new member id) joins with epoch 0 and instance id i2: it
        // replaces the departed member, keeps the same target, and gets its 2 partitions in the join
        // response at 42 s. No epoch bump; the group is Stable again at 42 s. c2's partitions: 10 s
        // unowned (plus 5 s at formation). c1 and c3 never notice.
        const r = run({ topics: [topic('orders', 6, 600)], members: statics(), events: [start(0, ['c1', 'c2', 'c3']), { kind: 'restart', at: 32_000, members: ['c2'], downMs: 10_000 }], durationMs: 60_000 });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(serverMember(t, 'c2', 35_000)).toEqual([-2, 'STABLE']);
        expect(stateAt(t, 35_000)).toEqual(['Reconciling', 3]);
        expect(stateAt(t, 42_000)).toEqual(['Stable', 3]);
        expect(serverMember(t, 'c2', 42_000)).toEqual([3, 'STABLE']);
        const mine = target(t, 3).c2;
        for (const p of mine) {
            expect(acquired(t, 'c2', p, 40_000)).toBe(42_000);
            expect(unowned(t, p)).toBe(15_000);
        }
        expect(t.events.some((e) => e.log?.text.match(/^\[GroupId orders-service\] Static Member \S+ with instance id i2 temporarily left the consumer group\.$/))).toBe(true);
        expect(new Set(t.memberIds.filter((m) => m.member === 'c2').map((m) => m.memberId)).size).toBe(2);
        expect(pauses(t, 'c1')).toEqual([]);
        expect(pauses(t, 'c3').filter(([from]) => from > 5000)).toEqual([]);
        expect(t.summary.errors.c2).toBeNull();
    });

    it('crash, then a quick restart: UNRELEASED_INSTANCE_ID for the newcomer; the old member is fenced when its session expires', () => {
        // crash c2 at 32 s (its last heartbeat at 30 s), start it again at 37 s: the old member is
        // still active (epoch 3), so the newcomer's join gets UNRELEASED_INSTANCE_ID, fatal. The old
        // session expires at 30 + 45 = 75 s: fenced, epoch 4 at 75 s; c1 and c3 take its partitions at
        // their 75 s heartbeats. Unowned from the crash (32 s) to 75 s (plus 5 s at formation).
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: statics(),
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 32_000, members: ['c2'] }, start(37_000, ['c2'])],
            durationMs: 100_000
        });
        const t = r.trace;
        expect(t.summary.errors.c2?.error).toBe('UNRELEASED_INSTANCE_ID');
        expect(t.summary.errors.c2?.at).toBe(37_000);
        const err = t.events.find((e) => e.member === 'c2' && e.log?.level === 'ERROR' && e.log.text.includes('unreleased instance id'));
        expect(err?.log?.text).toMatch(/^ConsumerGroupHeartbeatRequest failed due to unreleased instance id i2: Static member \S+ with instance id i2 cannot join the group because the instance id is owned by \S+ member\.$/);
        expect(bumps(t).at(-1)).toEqual([4, 75_000]);
        const lost = target(t, 3).c2;
        const after = target(t, 4);
        for (const p of lost) {
            expect(unowned(t, p)).toBe(5000 + 43_000);
            const taker = after.c1.includes(p) ? 'c1' : 'c3';
            expect(acquired(t, taker, p)).toBe(75_000);
        }
    });

    it('a restart after the session expired: a new static member, one more epoch bump, partitions moved back through the others\' revocation', () => {
        // crash at 32 s, fenced at 75 s (epoch 4), start again at 80 s. c1 and c3 send their 80 s
        // heartbeats before c2's join is handled (their ticks were scheduled at 75 s): they learn epoch
        // 5 at 85 s and revoke what c2 gets then. c2's own 85 s heartbeat is handled before their
        // acknowledgements, so c2 takes its partitions at 90 s.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: statics(),
            events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 32_000, members: ['c2'] }, start(80_000, ['c2'])],
            durationMs: 120_000
        });
        const t = r.trace;
        expect(t.summary.errors.c2).toBeNull();
        expect(bumps(t).slice(3)).toEqual([
            [4, 75_000],
            [5, 80_000]
        ]);
        const before = target(t, 4);
        const after = target(t, 5);
        expect(after.c2.length).toBe(2);
        for (const p of after.c2) expect(acquired(t, 'c2', p, 80_000)).toBe(90_000);
        for (const m of ['c1', 'c3']) expect(diff(before[m], after[m]).every((p) => after.c2.includes(p))).toBe(true);
        expect(pauses(t, 'c2').filter(([from]) => from >= 80_000)).toEqual([[80_000, 90_000]]);
    });

    it('FENCED_INSTANCE_ID: a frozen incarnation comes back after another process took its instance id', () => {
        // c1 and c2 share group.instance.id "dup"; c3 is dynamic. c1 and c3 start at 0 s (epochs 1, 2);
        // c1's heartbeats run at 5 s·k. A 60 s GC pause freezes c1 at 10 s, before its 10 s heartbeat:
        // its last one was at 5 s, so its session expires at 50 s: fenced, epoch 3. c2 starts at 55 s
        // with the same instance id, now free: a new static member, epoch 4. c1 thaws at 70 s and
        // heartbeats at once (its timer is long due) with its old member id: the instance id belongs
        // to c2's member, so FENCED_INSTANCE_ID, fatal for c1 (kafka-semantics §4.9, GMM:1517-1527).
        const ms = consumerMembers(['c1', 'c2', 'c3'], (n): Settings => (n === 'c3' ? {} : { 'group.instance.id': 'dup' }));
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: ms,
            events: [start(0, ['c1', 'c3']), { kind: 'gc-pause', at: 10_000, members: ['c1'], durationMs: 60_000 }, start(55_000, ['c2'])],
            durationMs: 90_000
        });
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 50_000],
            [4, 55_000]
        ]);
        expect(t.summary.errors.c1?.error).toBe('FENCED_INSTANCE_ID');
        expect(t.summary.errors.c1?.at).toBe(70_000);
        expect(t.summary.errors.c2).toBeNull();
        expect(t.events.some((e) => e.member === 'c1' && e.log?.level === 'ERROR' && e.log.text.startsWith('ConsumerGroupHeartbeatRequest failed due to fenced instance id dup:'))).toBe(true);
    });
});

