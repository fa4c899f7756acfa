/**
 * Audit, KIP-848 reconciliation with and without a rebalance listener (kafka-semantics §4.6;
 * conventions §7, §15). 6 partitions, 600 records/s, auto-commit off, zero latency; c4 joins at
 * 61 s. The listener is `commit-on-revoke` with `revoke.time = 2s`.
 *
 * Kafka (ConsumerMembershipManager.invokeOnPartitions*Callback): onPartitionsRevoked and
 * onPartitionsLost are enqueued for the application thread only when non-empty, onPartitionsAssigned
 * always (even empty); they run inside poll(). Without a listener, reconciliation completes in the
 * background. The acknowledgement (ACKNOWLEDGING → immediate heartbeat) follows the
 * onPartitionsAssigned that follows the revocation.
 *
 * Who gives c4 a partition (kafka-semantics §4.8, Kafka 4.0 UHAB): 6 partitions over 4 members,
 * min 1, P mod N = 2, so the first two members in groupSpec.memberIds() order (HashMap of member
 * ids) have quota 2 and the last two quota 1, whatever they own. Every old member owns 2 (epoch 3:
 * c1 [0,1], c2 [3,4], c3 [2,5]), so each old member in position 2 or 3 gives up its higher
 * partition (HashSet order keeps the lower). Seed 3 is used where the heartbeat phase must not
 * matter: its order is c1, c2, c3, c4 (helpers' model), so c4 is last (quota 1) and the only
 * giver is c3, whose every send so far fell on its 5 s grid: both heartbeat-timer conventions
 * (§7's φ + k·5 s, and the engine's restart at each send) put its beats at 5 s·k. (Seed 1, used
 * before the assignor followed the 4.0 rule, orders c2, c4, c1, c3: c4 takes 2 and c1 gives too.)
 */
import { describe, expect, it } from 'vitest';
import { acquiredAt, heartbeatTimes, memberIdAt, specOrderByName, pauses, S, sim, spans, target, unowned } from './helpers.js';

const text = (listener: boolean, seed: number, extraEvents = '') => `
topic orders { partitions = 6  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  ${listener ? 'rebalance.listener = commit-on-revoke\n  revoke.time = 2s' : ''}
  subscribe orders
  consumers c[1..4]
}
scenario s { group g  duration 2m  seed ${seed}
  at 0s  start c1, c2, c3
  at 61s start c4
  ${extraEvents} }`;

/** The members that give c4 a partition under Kafka 4.0 UHAB: the old members in positions 2 and 3 of the HashMap order (see above). */
function revokersOf(t: Parameters<typeof memberIdAt>[0]): string[] {
    return specOrderByName(t, [['+', 'c1', 0], ['+', 'c2', 0], ['+', 'c3', 0]], ['c4', 61 * S]).slice(2).filter((m) => m !== 'c4');
}

describe('audit KIP-848: revocation without a listener', () => {
    it('the revoker gives the partition up in the background at its heartbeat; c4 takes it on its own next heartbeat', async () => {
        // c3 (seed 3) heartbeats at 65 s: UNREVOKED, revokes in the background and acks at once: free
        // at 65 s. c4 (joined 61 s) takes it at 66 s. c3 never pauses; c4 paused 61 → 66 s.
        const r = await sim(text(false, 3));
        const t = r.trace;
        expect(revokersOf(t)).toEqual(['c3']);
        const p = Math.max(...target(t, 3).c3);
        expect(target(t, 4).c4).toEqual([p]);
        expect(spans(t, 'c3').find(([q]) => q === p)?.[2]).toBe(65 * S);
        expect(acquiredAt(t, 'c4', p)).toBe(66 * S);
        expect(pauses(t, 'c3').filter(([from]) => from >= 60 * S)).toEqual([]);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 66 * S, 'paused-rebalance']]);
        // unowned: 0 → 5 s at formation (c1 freed it at 0 s, c3 took it at 5 s) + 65 → 66 s.
        expect(unowned(t, p)).toBe(6 * S);
        expect(t.events.filter((e) => e.kind === 'callback')).toEqual([]);
    });
});

describe('audit KIP-848: slow revocation with a listener (commit-on-revoke, revoke.time 2 s)', () => {
    it('formation: c1 revokes inside poll() for 2 s, so c2/c3 still take their partitions at 5 s; c1 is paused while it revokes', async () => {
        // 0 s: c1 gets all 6, onPartitionsAssigned(6) in poll() (idle: at once), acks; told to keep
        // [0,1]: onPartitionsRevoked([2..5]) in poll(): sync commit, 2 s → returns at 2 s, then
        // onPartitionsAssigned([]) at once (idle poll) → ack at 2 s: partitions free at 2 s. c2/c3
        // (acked their empty assignment at 0 s) take them at their 5 s heartbeat, onPartitionsAssigned
        // at once. c1: revoking (paused) 0 → 2 s; holds 2..5 until the callback returns (§12).
        const r = await sim(text(true, 3));
        const t = r.trace;
        expect(target(t, 3)).toEqual({ c1: [0, 1], c2: [3, 4], c3: [2, 5] });
        expect(spans(t, 'c1').filter(([p]) => p >= 2).map(([p, from, to, end]) => [p, from, to, end])).toEqual([
            [2, 0, 2 * S, 'revoked'],
            [3, 0, 2 * S, 'revoked'],
            [4, 0, 2 * S, 'revoked'],
            [5, 0, 2 * S, 'revoked']
        ]);
        expect(pauses(t, 'c1')).toEqual([[0, 2 * S, 'revoking']]);
        for (const m of ['c2', 'c3']) for (const p of target(t, 3)[m]) expect(acquiredAt(t, m, p)).toBe(5 * S);
        const revoked = t.events.find((e) => e.kind === 'callback' && e.name === 'onPartitionsRevoked' && e.member === 'c1');
        expect([revoked?.at, revoked?.partitions]).toEqual([0, { orders: [2, 3, 4, 5] }]);
        const commit = t.commits.find((c) => c.member === 'c1' && c.kind === 'on-revoke');
        expect([commit?.at, commit?.ok, commit?.partitions]).toEqual([0, true, 4]);
        // onPartitionsAssigned is called even when empty: c1 (6), c2 and c3 (nothing) at 0 s; c1 again
        // (nothing added) when its revocation returns at 2 s.
        const assigned = (at: number) => t.events.filter((e) => e.kind === 'callback' && e.name === 'onPartitionsAssigned' && e.at === at).map((e) => e.member).sort();
        expect(assigned(0)).toEqual(['c1', 'c2', 'c3']);
        expect(assigned(2 * S)).toEqual(['c1']);
    });

    it('an idle revoker: revocation inside poll() at its heartbeat, ack when the callbacks return (2 s later); c4 waits a whole extra heartbeat', async () => {
        // c3 learns at 65 s; idle, so poll() runs onPartitionsRevoked([p]) at once: commit, 2 s; then
        // onPartitionsAssigned([]) at once → ack at 67 s: p free at 67 s. c4 heartbeats at 66 s (still
        // held: nothing) and 71 s: takes p, onPartitionsAssigned([p]) at once. c4 paused 61 → 71 s;
        // c3 paused (revoking) 65 → 67 s; p unowned 67 → 71 s on top of formation.
        const r = await sim(text(true, 3));
        const t = r.trace;
        expect(revokersOf(t)).toEqual(['c3']);
        const p = Math.max(...target(t, 3).c3);
        expect(spans(t, 'c3').find(([q]) => q === p)?.slice(2)).toEqual([67 * S, 'revoked']);
        expect(acquiredAt(t, 'c4', p)).toBe(71 * S);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 71 * S, 'paused-rebalance']]);
        expect(pauses(t, 'c3').filter(([from]) => from >= 60 * S)).toEqual([[65 * S, 67 * S, 'revoking']]);
        const commit = t.commits.find((c) => c.member === 'c3' && c.kind === 'on-revoke');
        expect([commit?.at, commit?.ok, commit?.partitions]).toEqual([65 * S, true, 1]);
        // Formation (c1 held p until 2 s, c3 from 5 s) + 67 → 71 s.
        expect(unowned(t, p) - unowned(t, 2)).toBe(4 * S);
    });

    // At 40 s c3 slows to 8 ms a record: 125 records/s for the 200/s of its two partitions, busy
    // from 40 s with a backlog growing 75/s from zero. Each poll() returns what waits, at least 1
    // record and at most 500 (conventions §4): a poll at 40 s + x returns ⌊0.075·x⌋ (x in ms), so
    // 1, 1, 1, 1, 2, 3, 5, 8, 13, 21, 33, 53, 85, 136, 217, 348 records at 40, 40.008, 40.016, 40.024,
    // 40.032, 40.048, 40.072, 40.112, 40.176, 40.28, 40.448, 40.712, 41.136, 41.816, 42.904, 44.64 s,
    // then 500 (555 wait) at 47.424 s and full 4 s batches after it: 51.424, …, 63.424, 67.424 s. It
    // learns at its 65 s heartbeat; fetching of p stops; onPartitionsRevoked runs in the 67.424 s
    // poll() (commit, 2 s → 69.424 s). Kafka's AsyncKafkaConsumer.poll() runs the queued callbacks in
    // updateAssignmentMetadataIfNeeded → processBackgroundEvents, then pollForFetches returns the
    // records already buffered for the partition c3 keeps at once (AsyncKafkaConsumer.java:697-719,
    // 1516-1520). onPartitionsAssigned([]) is enqueued by the background thread only after the
    // revocation future completes, so it runs in the *next* poll(), after that batch: the partition
    // c3 keeps still has more than 500 records waiting (its share was 62.5/s of its 100/s until 65 s),
    // so a 4 s batch (69.424 → 73.424 s): ack at 73.424 s, p free then (conventions §15: "inside its
    // next poll() … and the poll returned records in between"). c4 heartbeats at 66, 71, 76 s: takes p
    // at 76 s, paused 61 → 76 s.
    const busy = () => sim(text(true, 3, 'at 40s slow c3 process.time.per.record = 8ms for 1m'));

    it('a busy revoker: onPartitionsRevoked waits for its next poll() (67.424 s) and blocks it 2 s', async () => {
        const t = (await busy()).trace;
        expect(t.events.find((e) => e.kind === 'callback' && e.name === 'onPartitionsRevoked' && e.member === 'c3')?.at).toBe(67_424);
        expect(pauses(t, 'c3').filter(([from]) => from >= 60 * S)).toEqual([[67_424, 69_424, 'revoking']]);
        const commit = t.commits.find((c) => c.member === 'c3' && c.kind === 'on-revoke');
        expect([commit?.at, commit?.ok]).toEqual([67_424, true]);
    });

    // (Fixed: the onPartitionsAssigned queued when the revocation returned used to run at once, and
    // c4 took p at 71 s.) c3 stops holding p when onPartitionsRevoked returns, at 69.424 s
    // (conventions §12); the coordinator frees p only at the acknowledgement, 73.424 s.
    it('a busy revoker acknowledges only in the poll() after the batch its revoking poll returned (73.424 s); c4 takes p at 76 s', async () => {
        const t = (await busy()).trace;
        const p = Math.max(...target(t, 3).c3);
        expect(t.events.find((e) => e.kind === 'callback' && e.name === 'onPartitionsAssigned' && e.member === 'c3' && e.at > 60 * S)?.at).toBe(73_424);
        expect(spans(t, 'c3').find(([q]) => q === p)?.slice(2)).toEqual([69_424, 'revoked']);
        expect(t.events.find((e) => e.member === 'c3' && e.kind === 'request' && e.name === 'ConsumerGroupHeartbeat' && e.at > 65 * S)?.at).toBe(73_424);
        expect(acquiredAt(t, 'c4', p)).toBe(76 * S);
        expect(pauses(t, 'c4')).toEqual([[61 * S, 76 * S, 'paused-rebalance']]);
    });
});

describe('audit KIP-848: the heartbeat phase (conventions §7, pending in the engine)', () => {
    it('a member whose acknowledgement is off its grid keeps its regular beats at φ + k·5 s', async () => {
        // Depends on the §7 change: c1 joins at φ = 0 s; its sends are the join (0 s), the ack of its
        // 6 partitions (0 s) and the ack after its 2 s revocation (2 s), extra sends that do not move
        // the phase; its regular heartbeats stay at 5, 10, 15, 20 s. (Kafka's client, and the engine
        // before the change, restart the interval at each send: 7, 12, 17 s.)
        const r = await sim(text(true, 3));
        expect(heartbeatTimes(r.trace, 'c1', 0, 21 * S)).toEqual([0, 0, 2 * S, 5 * S, 10 * S, 15 * S, 20 * S]);
    });

    it('seed 0: c1 and c3 give, c1 with its formation ack at 2 s; per §7 c1 still learns of epoch 4 at 65 s', async () => {
        // Depends on the §7 change. Seed 0 orders c4, c2, c3, c1 (membership.test.ts): c4 and c2 have
        // quota 2, c3 and c1 quota 1, so c3 gives 5 and c1 gives 1 (their higher partitions). c1
        // beats at 5 s·k: learns at 65 s, revokes 65 → 67 s, acks at 67 s. c3's sends (0 s, and the
        // ack of [2,5] at 5 s, its onPartitionsAssigned running at once) are on its grid: it learns
        // at 65 s too, revokes 65 → 67 s, acks at 67 s. c4 beats at 66 s (both still held) and 71 s:
        // takes both. (With the interval restarted at c1's 2 s ack, c1 would learn at 67 s and free
        // 1 at 69 s; c4 still at 71 s.)
        const r = await sim(text(true, 0));
        const t = r.trace;
        expect(revokersOf(t)).toEqual(['c3', 'c1']);
        expect(target(t, 4).c4).toEqual([1, 5]);
        expect(pauses(t, 'c1').filter(([from]) => from >= 60 * S)).toEqual([[65 * S, 67 * S, 'revoking']]);
        expect(spans(t, 'c1').find(([q]) => q === 1)?.slice(2)).toEqual([67 * S, 'revoked']);
        expect(pauses(t, 'c3').filter(([from]) => from >= 60 * S)).toEqual([[65 * S, 67 * S, 'revoking']]);
        expect(spans(t, 'c3').find(([q]) => q === 5)?.slice(2)).toEqual([67 * S, 'revoked']);
        expect(acquiredAt(t, 'c4', 1)).toBe(71 * S);
        expect(acquiredAt(t, 'c4', 5)).toBe(71 * S);
    });
});
