/**
 * Audit of the KIP-848 samples: each sample's own `expect` lines must hold, and numbers it does not
 * state are re-derived here by hand (kafka-semantics §4; conventions §7, §9, §11).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acquiredAt, bumps, groupStateAt, pauses, S, sim, spans, specOrderByName, target, targetComputedAt, unowned, verdicts } from './helpers.js';

const sample = (name: string) => readFileSync(`samples/${name}.rebal`, 'utf8');

describe('audit sample kip-848.rebal', () => {
    it('its expectations hold, and the partitions added at 2m2s reach their owners at 2m5s and 2m6s', async () => {
        // Formation and c4 as in membership.test.ts (seed 0, spec order c4, c2, c3, c1; Kafka 4.0
        // UHAB, §4.8: the first two get the extra slots): epoch 4 at 61 s, c1 [0], c2 [3,4], c3 [2],
        // c4 [1,5]; orders[1] (c1) and orders[5] (c3) released at 65 s, taken by c4 at 66 s.
        // 122 s: 2 partitions added; c1's 125 s heartbeat (the first after it) refreshes the
        // metadata: epoch 5 at 125 s; 8 over 4, quota 2, no extra: the new [6,7] go to the unfilled
        // c3 and c1 in spec order (c3 first): c3 [2,6] at its own 125 s heartbeat (after c1's),
        // c1 [0,7] at 125 s. Unowned: orders[6] and orders[7] 122 → 125 s = 3 s, orders[1]
        // 65 → 66 s = 1 s, orders[5] 0 → 5 s + 65 → 66 s = 6 s (the worst), orders[2..4] 0 → 5 s at
        // formation. Moves: 4 at formation + orders[1] and orders[5]: 6 (new partitions' first
        // owners do not count).
        const r = await sim(sample('kip-848'));
        const t = r.trace;
        expect(Object.values(verdicts(r)).every(Boolean)).toBe(true);
        expect(r.expectations).toHaveLength(11);
        expect(bumps(t)).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 61 * S],
            [5, 125 * S]
        ]);
        expect(specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0]], ['c4', 61 * S])).toEqual(['c4', 'c2', 'c3', 'c1']);
        expect(target(t, 4)).toEqual({ c1: [0], c2: [3, 4], c3: [2], c4: [1, 5] });
        const order = specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['+', 'c4', 61 * S]], ['c1', 125 * S]);
        expect(order.filter((m) => m === 'c1' || m === 'c3')).toEqual(['c3', 'c1']);
        expect(target(t, 5)).toEqual({ c1: [0, 7], c2: [3, 4], c3: [2, 6], c4: [1, 5] });
        expect(acquiredAt(t, 'c4', 1)).toBe(66 * S);
        expect(acquiredAt(t, 'c4', 5)).toBe(66 * S);
        expect(acquiredAt(t, 'c1', 7)).toBe(125 * S);
        expect(acquiredAt(t, 'c3', 6)).toBe(125 * S);
        expect([unowned(t, 1), unowned(t, 2), unowned(t, 5), unowned(t, 6), unowned(t, 7)]).toEqual([1 * S, 5 * S, 6 * S, 3 * S, 3 * S]);
        expect(t.summary.movedPartitions).toBe(6);
        expect(t.summary.maxUnowned).toEqual({ ms: 6 * S, topic: 'orders', partition: 5 });
    });
});

describe('audit sample protocols-compared.rebal, scenario kip848', () => {
    it('its expectations hold; c2\'s leave at 2m2s: Assigning until 2m5s, its partitions at 2m5s (c3 and c1)', async () => {
        // Up to 66 s as kip-848.rebal (c1 [0], c2 [3,4], c3 [2], c4 [1,5]). 122 s: stop c2 → leave
        // heartbeat, fenced at once: epoch 5 at 122 s, Assigning until the next heartbeat computes
        // the target: c1's at 125 s. 6 over 3, quota 2, no extra: c4 keeps [1,5]; c2's [3,4] go to
        // the unfilled c3 and c1 in spec order (c4, c3, c1): c3 gets 3 (at its own 125 s heartbeat,
        // after c1's), c1 gets 4 (at 125 s). orders[3] and orders[4]: 5 s at formation + 122 → 125 s
        // = 8 s each, the worst (orders[3] reported first); orders[5] 6 s. Moves: 4 + 2 + 2 = 8.
        const r = await sim(sample('protocols-compared'), 'kip848');
        const t = r.trace;
        expect(Object.values(verdicts(r)).every(Boolean)).toBe(true);
        expect(bumps(t).slice(3)).toEqual([
            [4, 61 * S],
            [5, 122 * S]
        ]);
        expect(groupStateAt(t, 123 * S)).toEqual(['Assigning', 5]);
        expect(targetComputedAt(t, 5)).toBe(125 * S);
        expect(specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0], ['+', 'c4', 61 * S], ['-', 'c2', 0]], ['c1', 125 * S])).toEqual(['c4', 'c3', 'c1']);
        expect(target(t, 5)).toEqual({ c1: [0, 4], c3: [2, 3], c4: [1, 5] });
        expect(acquiredAt(t, 'c1', 4, 100 * S)).toBe(125 * S);
        expect(acquiredAt(t, 'c3', 3, 100 * S)).toBe(125 * S);
        expect([unowned(t, 3), unowned(t, 4), unowned(t, 5)]).toEqual([8 * S, 8 * S, 6 * S]);
        expect(t.summary.maxUnowned).toEqual({ ms: 8 * S, topic: 'orders', partition: 3 });
        expect(t.summary.movedPartitions).toBe(8);
        expect(pauses(t, 'c3').filter(([from]) => from >= 5 * S)).toEqual([]);
    });
});

describe('audit sample live-migration.rebal', () => {
    it('its expectations hold; each restarted member is down 4 s then waits for its first heartbeat after joining', async () => {
        // Re-derived (kafka-semantics §1.4, §2.4, §4.10): generation 1 at 6 s; c1 leaves at 61 s, the
        // others hear it at 63 s: generation 2 (range: c2 [0,1,2], c3 [3,4,5]), beats at 63 s + 3 s·k.
        // 65 s: c1 (consumer protocol) converts the group (epoch 2) and joins: epoch 3; quota 2: c2
        // keeps [0,1], c3 keeps [3,4], c1's target [2,5]. 66 s: c2/c3 heartbeats → REBALANCE_IN_PROGRESS
        // → EAGER rejoin (nothing reported owned): 2 and 5 free at 66 s. c1 (φ = 65 s) takes them at
        // 70 s: down 61-65 s, waiting 65-70 s. The same 4 s + 5 s pattern for c2 (91-100 s) and c3
        // (121-130 s); bumps at 91 s (classic leave), 95 s (c2's join), 121 s, 125 s.
        const r = await sim(sample('live-migration'));
        const t = r.trace;
        expect(Object.values(verdicts(r)).every(Boolean)).toBe(true);
        expect(bumps(t)).toEqual([
            [1, 6 * S],
            [2, 63 * S],
            [3, 65 * S],
            [4, 91 * S],
            [5, 95 * S],
            [6, 121 * S],
            [7, 125 * S]
        ]);
        expect(target(t, 3)).toEqual({ c1: [2, 5], c2: [0, 1], c3: [3, 4] });
        expect(spans(t, 'c2').find(([p, from]) => p === 2 && from < 60 * S)?.slice(2)).toEqual([66 * S, 'revoked']);
        expect(spans(t, 'c3').find(([p, from]) => p === 5 && from < 60 * S)?.slice(2)).toEqual([66 * S, 'revoked']);
        for (const p of [2, 5]) expect(acquiredAt(t, 'c1', p, 60 * S)).toBe(70 * S);
        const restarts: Record<string, [number, number, number]> = { c1: [61, 65, 70], c2: [91, 95, 100], c3: [121, 125, 130] };
        for (const [m, [down, back, holds]] of Object.entries(restarts)) {
            expect(pauses(t, m).filter(([from]) => from >= 60 * S)).toEqual([
                [down * S, back * S, 'down'],
                [back * S, holds * S, 'paused-rebalance']
            ]);
        }
        expect(t.summary.duplicates).toBe(0);
    });
});
