/**
 * Audit, KIP-848 membership: formation, a 4th member (uniform and server-side range), a crash, a
 * graceful leave. Every member is idle (process time 0), auto-commit off, no listener, zero
 * latency, broker defaults (heartbeat 5 s, session 45 s, assignors [uniform, range]); seed 0.
 *
 * Formation, derived once (kafka-semantics §4.3-4.6, §4.8; conventions §7, §11):
 * - c1, c2, c3 start at 0 s; each sends its join heartbeat at once (JOINING), handled in that
 *   order. Each join is a subscription change → group epoch 1, 2, 3 at 0 s (no initial delay), the
 *   target recomputed on each join (groupEpoch > assignmentEpoch).
 * - The uniform assignor is fed each member's previous *target* (TargetAssignmentBuilder) and
 *   keeps owned partitions up to the quota in HashSet<Integer> order (ascending for small ints):
 *   epoch 1: c1 [0..5]; epoch 2 (quota 3): c1 keeps [0,1,2], c2 gets [3,4,5]; epoch 3 (quota 2):
 *   c1 keeps [0,1] (revokes 2), c2 keeps [3,4] (revokes 5), c3 gets [2,5]. P mod N = 0 each
 *   time, so no HashMap order enters.
 * - c1's join response (epoch 1, all 6) comes first: it reconciles in the background and acks;
 *   c2 and c3 are told epoch 2/3 with nothing (their targets are held by c1: UNRELEASED) and ack
 *   at 0 s, before c1's ack is handled. c1's ack meets the epoch-3 target: UNREVOKED (keep
 *   [0,1], revoke [2..5]); it revokes at once (no listener) and acks again: the four partitions
 *   are free at 0 s, after c2's and c3's acks. c2 and c3 pick them up on their next regular
 *   heartbeat: φ = 0 s (conventions §7) → 5 s. (The engine's restart-at-send timer gives the same
 *   5 s here: their last send is the ack at 0 s.)
 */
import { describe, expect, it } from 'vitest';
import { acquiredAt, bumps, groupStateAt, memberIdAt, specOrderByName, pauses, S, sim, spans, target, targetComputedAt, unowned } from './helpers.js';

const group = (extra = '') => `
topic orders { partitions = 6  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  ${extra}
  subscribe orders
  consumers c[1..4]
}`;

describe('audit KIP-848: formation', () => {
    it('three joins at 0 s: epochs 1-3 at once, targets as derived, c2/c3 wait one heartbeat, c1 never pauses', async () => {
        const r = await sim(`${group()}
scenario s { group g  duration 30s
  at 0s start c1, c2, c3 }`);
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0]
        ]);
        expect(target(t, 1)).toEqual({ c1: [0, 1, 2, 3, 4, 5] });
        expect(target(t, 2)).toEqual({ c1: [0, 1, 2], c2: [3, 4, 5] });
        expect(target(t, 3)).toEqual({ c1: [0, 1], c2: [3, 4], c3: [2, 5] });
        // c1 held all six at 0 s and gave 2..5 up within the instant (zero-length spans are dropped).
        expect(spans(t, 'c1')).toEqual([
            [0, 0, 30 * S, 'end'],
            [1, 0, 30 * S, 'end']
        ]);
        expect(spans(t, 'c2')).toEqual([
            [3, 5 * S, 30 * S, 'end'],
            [4, 5 * S, 30 * S, 'end']
        ]);
        expect(spans(t, 'c3')).toEqual([
            [2, 5 * S, 30 * S, 'end'],
            [5, 5 * S, 30 * S, 'end']
        ]);
        expect(pauses(t, 'c1')).toEqual([]);
        expect(pauses(t, 'c2')).toEqual([[0, 5 * S, 'paused-rebalance']]);
        expect(pauses(t, 'c3')).toEqual([[0, 5 * S, 'paused-rebalance']]);
        // Reconciling while c2/c3 wait for released partitions; Stable once they hold their targets.
        expect(groupStateAt(t, 1 * S)).toEqual(['Reconciling', 3]);
        expect(groupStateAt(t, 5 * S)).toEqual(['Stable', 3]);
        // Moves: 2..5 handed from c1 to c2/c3 (the first assignment to c1 does not count): 4.
        expect(t.summary.movedPartitions).toBe(4);
    });
});

describe('audit KIP-848: a 4th member joins 6 partitions', () => {
    it('uniform: one epoch bump; the first two members in HashMap order get 2 (Kafka 4.0 UHAB, §4.8): c4 first, two partitions move', async () => {
        // c4 starts at 61 s: join → epoch 4 at 61 s, target computed then. 6 over 4: min 1, and
        // P mod N = 2 extra slots. kafka-semantics §4.8 (UHAB:155-217, the 4.0 snapshot): the first
        // two members in groupSpec.memberIds() order (the Java HashMap of member ids, 16 buckets)
        // get quota 2 *whether or not they own anything*, the other two quota 1. Each old member
        // owns 2 (epoch 3: c1 [0,1], c2 [3,4], c3 [2,5]) and keeps them in HashSet<Integer> order
        // (ascending) up to its quota; a quota-1 member revokes its higher partition, appended to
        // the unassigned list in member order; the unfilled members (c4 only) take them in order.
        // Seed 0: the order is c4, c2, c3, c1 (helpers' independent TimelineHashMap → HashMap
        // model). So c4 and c2 have quota 2, c3 and c1 quota 1: c2 keeps [3,4]; c3 keeps [2] and
        // revokes 5; c1 keeps [0] and revokes 1; unassigned = [5, 1] → c4 gets [1, 5]. Two moves.
        // [Kafka 4.1+ (KAFKA-18688, uniformExtraSlots kafka-18688): c4, owning nothing, would give
        // its extra slot back and take 1 partition; one move.]
        // Timing: the old members heartbeat at 65 s (5 s grid from 0 s); c1 and c3 revoke in the
        // background (no listener) and ack at 65 s: 1 and 5 are free. c4 (joined at 61 s,
        // UNRELEASED, acked its empty assignment at 61 s) heartbeats at φ + 5 s = 66 s and takes
        // both. Both heartbeat-timer conventions give 66 s (c4's only sends before are at 61 s).
        const r = await sim(`${group()}
scenario s { group g  duration 2m
  at 0s start c1, c2, c3
  at 61s start c4 }`);
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 61 * S]
        ]);
        expect(targetComputedAt(t, 4)).toBe(61 * S);
        // The group's map holds c1, c2, c3 (put in that order at 0 s); c4 is the updated member.
        const order = specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0]], ['c4', 61 * S]);
        expect(order).toEqual(['c4', 'c2', 'c3', 'c1']);
        const epoch3 = target(t, 3);
        expect(epoch3).toEqual({ c1: [0, 1], c2: [3, 4], c3: [2, 5] });
        // The rule, applied to the order: quota 2 for positions 0-1, 1 after; keep the lowest.
        const quota = (m: string) => (order.indexOf(m) < 2 ? 2 : 1);
        const revoked = order.filter((m) => m !== 'c4').flatMap((m) => epoch3[m].slice(quota(m)));
        const expected: Record<string, number[]> = { c4: [...revoked].sort((a, b) => a - b) };
        for (const m of ['c1', 'c2', 'c3']) expected[m] = epoch3[m].slice(0, quota(m));
        expect(expected).toEqual({ c1: [0], c2: [3, 4], c3: [2], c4: [1, 5] });
        expect(target(t, 4)).toEqual(expected);
        expect(spans(t, 'c1').find(([p]) => p === 1)).toEqual([1, 0, 65 * S, 'revoked']);
        expect(spans(t, 'c3').find(([p]) => p === 5)).toEqual([5, 5 * S, 65 * S, 'revoked']);
        expect(acquiredAt(t, 'c4', 1)).toBe(66 * S);
        expect(acquiredAt(t, 'c4', 5)).toBe(66 * S);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 66 * S, 'paused-rebalance']]);
        for (const m of ['c1', 'c2', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 5 * S)).toEqual([]);
        // Unowned: 65 s → 66 s; 5 was c3's, so it also waited 5 s at formation (c1 held 1 from 0 s).
        expect(unowned(t, 1)).toBe(1 * S);
        expect(unowned(t, 5)).toBe(6 * S);
        expect(t.rebalances[3].moved).toBe(2);
        expect(t.summary.movedPartitions).toBe(6); // 4 at formation + 2
        expect(groupStateAt(t, 63 * S)).toEqual(['Reconciling', 4]);
        expect(groupStateAt(t, 66 * S)).toEqual(['Stable', 4]);
    });

    it('server-side range: members sorted by member id get contiguous ranges; a chain of revocations', async () => {
        // group.remote.assignor = range (SRA): members sorted by member id (String.compareTo; no
        // instance ids), the first P mod N get min+1, contiguous; not sticky. Epoch 3 (3 members):
        // [0,1], [2,3], [4,5] in id order; epoch 4 (4 members, 2 extras): [0,1], [2,3], [4], [5].
        // At 65 s each old member heartbeats: a member losing partitions is UNREVOKED, revokes in the
        // background and acks at once; a member whose new partitions are still held by another
        // (not yet acked in this instant) is UNRELEASED and takes them at its next heartbeat (70 s);
        // c4 (joined at 61 s) takes what was freed at 65 s on its own heartbeat at 66 s.
        const r = await sim(`${group('group.remote.assignor = range')}
scenario s { group g  duration 2m
  at 0s start c1, c2, c3
  at 61s start c4 }`);
        const t = r.trace;
        const ids = ['c1', 'c2', 'c3', 'c4'].map((m) => memberIdAt(t, m, 61 * S));
        const byId = (names: string[]) => [...names].sort((a, b) => (ids[Number(a[1]) - 1] < ids[Number(b[1]) - 1] ? -1 : 1));
        const ranges = (names: string[], extras: number, min: number) => {
            const out: Record<string, number[]> = {};
            let next = 0;
            byId(names).forEach((m, i) => {
                const n = min + (i < extras ? 1 : 0);
                out[m] = Array.from({ length: n }, (_, k) => next + k);
                next += n;
            });
            return out;
        };
        const before = ranges(['c1', 'c2', 'c3'], 0, 2);
        const after = ranges(['c1', 'c2', 'c3', 'c4'], 2, 1);
        expect(target(t, 3)).toEqual(before);
        expect(target(t, 4)).toEqual(after);
        expect(bumps(t).at(-1)).toEqual([4, 61 * S]);
        // Seed 0: ids sort c1 < c4 < c2 < c3, so c2 gives [2,3] to c4 and takes [4] from c3.
        expect(byId(['c1', 'c2', 'c3', 'c4'])).toEqual(['c1', 'c4', 'c2', 'c3']);
        // At 65 s, handled in send order c1, c2, c3: c2's revocation ack is handled before c3's, so
        // orders[4] is still held by c3 when c2 asks: c2 UNRELEASED, takes [4] at its 70 s heartbeat.
        // c3 frees 4 at 65 s. c4 takes [2,3] at 66 s.
        expect(spans(t, 'c2').filter(([, from]) => from >= 60 * S)).toEqual([[4, 70 * S, 120 * S, 'end']]);
        expect(spans(t, 'c2').filter(([p]) => p === 2 || p === 3).map(([p, , to, end]) => [p, to, end])).toEqual([
            [2, 65 * S, 'revoked'],
            [3, 65 * S, 'revoked']
        ]);
        expect(acquiredAt(t, 'c4', 2)).toBe(66 * S);
        expect(acquiredAt(t, 'c4', 3)).toBe(66 * S);
        // c2 holds nothing from 65 s to 70 s: paused; c3 and c1 never pause.
        expect(pauses(t, 'c2').filter(([from]) => from >= 60 * S)).toEqual([[65 * S, 70 * S, 'paused-rebalance']]);
        expect(pauses(t, 'c3').filter(([from]) => from >= 60 * S)).toEqual([]);
        expect(pauses(t, 'c1')).toEqual([]);
        expect(unowned(t, 4) - unowned(t, 5)).toBe(5 * S); // 65 s → 70 s (both waited 5 s at formation)
        expect(t.rebalances[3].moved).toBe(3); // 2, 3 → c4; 4 → c2
        expect(groupStateAt(t, 70 * S)).toEqual(['Stable', 4]);
    });
});

describe('audit KIP-848: a member leaves', () => {
    it('crash: fenced by the 45 s session timer after its last heartbeat; one bump; survivors take its partitions on their heartbeat', async () => {
        // c2 heartbeats at 5 s·k; crashes at 32 s, last heartbeat 30 s → the coordinator's session
        // timer (group.consumer.session.timeout.ms 45 s, re-armed at each heartbeat) fires at 75 s:
        // fence, partitions free, epoch 4 at 75 s. The timer runs before the 75 s heartbeats of c1
        // and c3 (conventions §2): c1's (sent first) computes the epoch-4 target: quota 3 each,
        // nobody revokes, unassigned [3,4] go to the unfilled members in HashMap order (derived
        // from the ids). Each takes its new partition at its 75 s heartbeat.
        // c2's partitions: unowned 0 → 5 s (formation) and 32 s → 75 s: 48 s.
        const r = await sim(`${group()}
scenario s { group g  duration 100s
  at 0s  start c1, c2, c3
  at 32s crash c2 }`);
        const t = r.trace;
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 75 * S]
        ]);
        const fenced = t.events.find((e) => e.name === 'SessionTimeout');
        expect(fenced?.at).toBe(75 * S);
        expect(fenced?.log?.text).toBe(`[GroupId g] Member ${memberIdAt(t, 'c2', 0)} fenced from the group because the member session expired.`);
        expect(targetComputedAt(t, 4)).toBe(75 * S);
        const [first] = specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['-', 'c2', 0]]);
        const second = first === 'c1' ? 'c3' : 'c1';
        const t4 = target(t, 4);
        expect(t4[first]).toEqual([...target(t, 3)[first], 3].sort());
        expect(t4[second]).toEqual([...target(t, 3)[second], 4].sort());
        expect(acquiredAt(t, first, 3)).toBe(75 * S);
        expect(acquiredAt(t, second, 4)).toBe(75 * S);
        expect(spans(t, 'c2')).toEqual([
            [3, 5 * S, 32 * S, 'crashed'],
            [4, 5 * S, 32 * S, 'crashed']
        ]);
        expect(unowned(t, 3)).toBe(48 * S);
        expect(unowned(t, 4)).toBe(48 * S);
        for (const m of ['c1', 'c3']) expect(pauses(t, m).filter(([from]) => from >= 5 * S)).toEqual([]);
        expect(groupStateAt(t, 75 * S)).toEqual(['Stable', 4]);
    });

    it('graceful leave: epoch -1 fences at once (epoch 4 at 32 s), Assigning until the next heartbeat computes the target', async () => {
        // stop c2 at 32 s: close() (nothing to commit, no listener) sends the leave heartbeat, epoch
        // -1: fenced at 32 s, partitions free, epoch 4 at 32 s. The target is computed lazily by the
        // next heartbeat of any member: c1's at 35 s. Group state Assigning 32 s → 35 s. c1 and c3
        // take their share at 35 s: unowned 5 s (formation) + 3 s.
        const r = await sim(`${group()}
scenario s { group g  duration 60s
  at 0s  start c1, c2, c3
  at 32s stop c2 }`);
        const t = r.trace;
        expect(bumps(t).at(-1)).toEqual([4, 32 * S]);
        expect(t.events.find((e) => e.member === 'c2' && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat' && e.generation === -1)?.at).toBe(32 * S);
        expect(groupStateAt(t, 33 * S)).toEqual(['Assigning', 4]);
        expect(targetComputedAt(t, 4)).toBe(35 * S);
        for (const p of [3, 4]) expect(unowned(t, p)).toBe(8 * S);
        expect(spans(t, 'c2').map(([p, , to, end]) => [p, to, end])).toEqual([
            [3, 32 * S, 'stopped'],
            [4, 32 * S, 'stopped']
        ]);
        expect(groupStateAt(t, 35 * S)).toEqual(['Stable', 4]);
        expect(t.summary.rebalances).toBe(4);
    });
});
