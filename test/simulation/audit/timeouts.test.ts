/**
 * Audit: session timeout, rebalance timeout, sync timeout and max.poll.interval.ms
 * (kafka-semantics §1.4, §1.8, §1.9, §2.6, §3.2; conventions §9, §12, §13).
 * Defaults unless set: session 45 s, heartbeat 3 s, D = 3 s, latency 0. Three starters at 0 s
 * form generation 1 at 6 s; heartbeats then run at 6 + 3k s.
 */
import { describe, expect, it } from 'vitest';
import { assignmentOf, bumps, leaders, javaBucket, memberIdOf, responses, runSource, times } from './run-source.js';

const source = `
topic orders { partitions = 6 }
topic six { partitions = 6 produce = 600/s }
topic one { partitions = 1 produce = 10/s }
group s30 {
  session.timeout.ms = 30s
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3]
}
group s45 {
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3]
}
group producing {
  subscribe six
  consumers c[1..3]
}
group manual {
  enable.auto.commit = false
  subscribe six
  consumers c[1..3]
}
group kick {
  enable.auto.commit = false
  session.timeout.ms = 2m
  max.poll.interval.ms = 1m
  subscribe orders
  consumers c[1..4]
}
group static-kick {
  enable.auto.commit = false
  max.poll.interval.ms = 20s
  subscribe orders
  consumers c[1..4] { group.instance.id = "inst-{i}" }
}
group slow-dyn {
  enable.auto.commit = false
  max.poll.records = 100
  process.time.per.record = 1s
  max.poll.interval.ms = 61s
  subscribe one
  consumer c1
}
group slow-static {
  enable.auto.commit = false
  max.poll.records = 100
  process.time.per.record = 1s
  max.poll.interval.ms = 61s
  subscribe one
  consumer c1 { group.instance.id = "s1" }
}
scenario gc30         { group s30 duration 2m at 0s start all at 31500ms gc-pause c1 35s }
scenario gc45         { group s45 duration 2m at 0s start all at 31500ms gc-pause c1 35s }
scenario cut          { group producing duration 2m at 0s start all at 31500ms network-partition c3 50s }
scenario cut-manual   { group manual duration 2m at 0s start all at 31500ms network-partition c3 50s }
scenario kick         { group kick duration 4m at 0s start c1, c2, c3 at 31500ms network-partition c3 100s at 32500ms start c4 }
scenario static-kick  { group static-kick duration 3m at 0s start c1, c2, c3 at 31500ms network-partition c1 100s at 32500ms start c4 }
scenario slow-dyn     { group slow-dyn duration 230s at 15s start c1 }
scenario slow-static  { group slow-static duration 230s at 15s start c1 }
scenario slow-dyn-early { group slow-dyn duration 230s at 0s start c1 }
`;

describe('audit: gc-pause 35 s against a 30 s and a 45 s session', () => {
    it('30 s: removed at last heartbeat + 30 s, rejoins as a new member when it wakes', async () => {
        // c1 freezes at 31.5 s; its last heartbeat reached the coordinator at 30 s → expiry at 60 s
        // (on c2/c3's grid: timer first) → gen 2 at 60 s, c2 [0,1,2], c3 [3,4,5]; the new leader is c2
        // (first of c2, c3 in HashMap order: same bucket, c2 inserted first). c1 wakes at 66.5 s, heartbeats
        // at once → UNKNOWN_MEMBER_ID → onPartitionsLost → joins as a new member → PreparingRebalance at
        // 66.5 s; c2/c3 hear it at 69 s → gen 3 at 69 s. orders[0] unowned 31.5 → 60 s = 28.5 s.
        const { trace } = await runSource(source, 'gc30');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 60000, 60000],
            [3, 69000, 69000]
        ]);
        expect(javaBucket(memberIdOf(trace, 'c2', 40000))).toBe(javaBucket(memberIdOf(trace, 'c3', 40000)));
        expect(leaders(trace)).toEqual(['c1', 'c2', 'c2']);
        expect(responses(trace, 'Heartbeat', 'UNKNOWN_MEMBER_ID')).toEqual([[66500, 'c1']]);
        expect(trace.rebalances[2].preparedAt).toBe(66500);
        expect(trace.summary.unownedMs.orders[0]).toBe(28500);
        // c1: 6 s + frozen 35 s + waiting 66.5 → 69 s = 43.5 s; the longest run is 35 + 2.5 = 37.5 s.
        expect(trace.summary.pauses.c1).toEqual({ total: 43500, longest: 37500 });
    });

    it('45 s: the pause fits in the session, no rebalance; partitions wait the whole 35 s', async () => {
        // Expiry would be at 30 + 45 = 75 s > 66.5 s; c1 heartbeats on waking (NONE).
        const { trace } = await runSource(source, 'gc45');
        expect(bumps(trace)).toEqual([[1, 6000, 6000]]);
        expect(trace.summary.unownedMs.orders[0]).toBe(35000);
        expect(trace.summary.pauses.c1).toEqual({ total: 41000, longest: 35000 });
    });
});

describe('audit: network partition', () => {
    it('cut-off member keeps processing; after expiry it is a zombie until the cut heals', async () => {
        // Range: c3 holds six[4], six[5] (100 records/s each). Cut at 31.5 s: last heartbeat 30 s →
        // expiry 75 s → gen 2 at 75 s (c2 takes [3,4,5]). Heal at 81.5 s: heartbeat → UNKNOWN_MEMBER_ID →
        // new member → c1/c2 hear it at 84 s → gen 3 at 84 s, c3 gets [4,5] back.
        // Auto-commit (5 s from 6 s: 11, …, 31 s) stops reaching the coordinator after 31.5 s, so
        // committed = position at 31 s. c2 re-reads [31 s, 75 s) of six[4] and six[5]: 44 s·100·2 = 8800,
        // and both process [75 s, 81.5 s): 6.5 s·100·2 = 1300 → 10100 duplicates. c2's commit before its
        // JoinGroup at 84 s covers everything, so c3 re-reads nothing.
        const { trace } = await runSource(source, 'cut');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 75000, 75000],
            [3, 84000, 84000]
        ]);
        expect(trace.conditions.filter((c) => c.member === 'c3').map((c) => [c.kind, c.from, c.to])).toEqual([
            ['cut-off', 31500, 81500],
            ['zombie', 75000, 81500]
        ]);
        expect(trace.summary.duplicates).toBe(10100);
        // A cut-off member's partitions stay owned (convention §9): nothing is unowned after formation.
        expect(trace.summary.maxUnowned?.ms ?? 0).toBe(0);
    });
});

describe('audit: network partition with manual commits (enable.auto.commit = false)', () => {
    // engine bug: with enable.auto.commit = false the application commits with commitSync() after each
    // batch (convention §5). Cut off from the coordinator, that commitSync blocks: the OffsetCommit is lost,
    // the coordinator becomes unknown and commitSync retries until default.api.timeout.ms (60 s) runs out
    // (ConsumerCoordinator.commitOffsetsSync, CC:1101-1137: coordinatorUnknownAndUnreadySync, retriable
    // failures loop while the timer runs). So c3 stops processing at its first batch after the cut; it does
    // not go on consuming six[4], six[5] as the engine has it (convention §13 holds for async auto-commit,
    // not for a blocking commitSync). When its call returns (≥ 81.5 s) its heartbeat thread has already seen
    // UNKNOWN_MEMBER_ID, so its next poll() loses the partitions without processing more.
    it.fails('a member blocked in commitSync during the cut processes nothing more: no duplicates', async () => {
        // Gen 2 at 75 s hands six[4], six[5] to c2 from the committed offsets, which are c3's position at the
        // cut (it committed after every batch until 31.5 s): nothing is read twice. Lag on those two partitions
        // grows 31.5 → 75 s: 43.5 s · 100/s · 2 = 8700 (more than the 3600 of the first 6 s).
        const { trace } = await runSource(source, 'cut-manual');
        expect(bumps(trace).slice(0, 2)).toEqual([
            [1, 6000, 6000],
            [2, 75000, 75000]
        ]);
        expect(trace.summary.duplicates).toBe(0);
        expect(trace.summary.maxLag.six).toBe(8700);
    });
});

describe('audit: the rebalance timeout removes dynamic members that never rejoin', () => {
    it('join timer = max rebalance timeout (max.poll.interval.ms = 60 s) from PreparingRebalance', async () => {
        // session 2 m so expiry plays no part. c3 cut at 31.5 s (last heartbeat 30 s, expiry would be 150 s).
        // c4 at 32.5 s → PreparingRebalance, join timer at 32.5 + 60 = 92.5 s. c1/c2 rejoin at 33 s.
        // At 92.5 s c3 (dynamic, not rejoined) is removed → gen 2: c1 [0,1], c2 [2,3], c4 [4,5].
        // c3 heals at 131.5 s → UNKNOWN_MEMBER_ID → new member; others hear it at 92.5 + 3·14 = 134.5 s →
        // gen 3: c1 [0,1], c2 [2,3], c3 [4], c4 [5].
        const { trace } = await runSource(source, 'kick');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 92500, 92500],
            [3, 134500, 134500]
        ]);
        expect(times(trace, 'DelayedJoin')).toEqual([92500]);
        expect(assignmentOf(trace, 2)).toEqual({ c1: ['orders[0]', 'orders[1]'], c2: ['orders[2]', 'orders[3]'], c4: ['orders[4]', 'orders[5]'] });
        expect(assignmentOf(trace, 3)).toEqual({ c1: ['orders[0]', 'orders[1]'], c2: ['orders[2]', 'orders[3]'], c3: ['orders[4]'], c4: ['orders[5]'] });
        // EAGER: c1 and c2 revoked everything at 33 s and waited 59.5 s; c4 waited 60 s.
        expect(trace.summary.pauses.c1).toEqual({ total: 65500, longest: 59500 });
        expect(trace.summary.pauses.c4).toEqual({ total: 60000, longest: 60000 });
    });

    it('a static leader that does not rejoin is kept; a joined member leads; the sync timer removes it', async () => {
        // R = 20 s. c1 (static leader) cut at 31.5 s; c4 at 32.5 s → join timer 52.5 s. At 52.5 s c1
        // is static, so kept (GMM:4472-4485); it has not rejoined, so the leader becomes the first joined
        // member in HashMap order (CGrp:503-532). Gen 2 includes c1 (range by instance id: c1 [0,1],
        // c2 [2,3], c3 [4], c4 [5]). Session timers re-armed to 52.5 + 45 = 97.5 s, sync timer at
        // 52.5 + 20 = 72.5 s: c1 never sends SyncGroup → removed at 72.5 s even though the group is
        // Stable (GMM:5030-5044) → gen 3 when the others heartbeat at 52.5 + 3·7 = 73.5 s.
        // c1 heals at 131.5 s → UNKNOWN_MEMBER_ID (its instance id is gone) → added again → gen 4 at 133.5 s.
        const { trace } = await runSource(source, 'static-kick');
        const joined = ['c2', 'c3', 'c4'];
        const newLeader = joined.map((m, i) => ({ m, i, b: javaBucket(memberIdOf(trace, m, 60000)) })).sort((a, b) => a.b - b.b || a.i - b.i)[0].m;
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 52500, 52500],
            [3, 73500, 73500],
            [4, 133500, 133500]
        ]);
        expect(leaders(trace)[1]).toBe(newLeader);
        expect(assignmentOf(trace, 2).c1).toEqual(['orders[0]', 'orders[1]']);
        expect(times(trace, 'PendingSyncExpiry')).toEqual([72500]);
        expect(trace.rebalances[2].preparedAt).toBe(72500);
        expect(assignmentOf(trace, 3)).toEqual({ c2: ['orders[0]', 'orders[1]'], c3: ['orders[2]', 'orders[3]'], c4: ['orders[4]', 'orders[5]'] });
    });
});

describe('audit: max.poll.interval.ms exceeded (batches of 100 records at 1 s each, 61 s poll interval)', () => {
    // c1 starts at 15 s: 150 records wait (10/s), 180 by gen 1 at 18 s, so every batch is full (100 s).
    it('dynamic: LeaveGroup at the poll timeout (the group goes Empty, still a generation), rejoin at the batch end', async () => {
        // Gen 1 at 18 s (one starter: D). Poll at 18 s → poll timer expires at 79 s → LeaveGroup →
        // PreparingRebalance → no member left → Empty, generation 2 (bumped even to Empty, §1.2).
        // Batch ends at 118 s: onPartitionsLost, JoinGroup as a new member of an Empty group → initial
        // delay D → gen 3 at 121 s. Full batch again from 121 s → poll timeout 182 s (gen 4, Empty); batch
        // ends 221 s → gen 5 at 224 s.
        const { trace } = await runSource(source, 'slow-dyn');
        expect(bumps(trace)).toEqual([
            [1, 18000, 18000],
            [2, 79000, null],
            [3, 121000, 121000],
            [4, 182000, null],
            [5, 224000, 224000]
        ]);
        expect(trace.rebalances.map((r) => r.bumpedTo)).toEqual(['CompletingRebalance', 'Empty', 'CompletingRebalance', 'Empty', 'CompletingRebalance']);
        expect(times(trace, 'PollTimeout', 'c1')).toEqual([79000, 182000]);
        // The commit after each batch fails (generation reset), so each new generation re-reads from the
        // committed offset 0: records 0–99 again in [121 s, 221 s) and 0–5 in [224 s, 230 s) → 106.
        expect(trace.summary.duplicates).toBe(106);
        // Lag at the end: 2300 produced, frontier 100.
        expect(trace.summary.maxLag.one).toBe(2200);
    });

    it('static: no LeaveGroup; back with its instance id before its session expires → no rebalance', async () => {
        // Poll timeout at 79 s: no LeaveGroup (static), generation and member id reset, heartbeats stop;
        // the last one reached the coordinator at 78 s (18 + 3·20) → expiry would be 123 s. The batch ends at
        // 118 s: JoinGroup(instance id) → replaced in Stable, protocol unchanged → no rebalance; as the
        // returning leader it gets skipAssignment (KIP-814).
        const { trace } = await runSource(source, 'slow-static');
        expect(bumps(trace)).toEqual([[1, 18000, 18000]]);
        expect(trace.events.filter((e) => e.name === 'LeaveGroup')).toEqual([]);
        expect(times(trace, 'PollTimeout', 'c1')[0]).toBe(79000);
        expect(times(trace, 'SkippedAssignment', 'c1')[0]).toBe(118000);
    });

    // Kafka's poll() returns what has been fetched, up to max.poll.records (fetch.min.bytes = 1 answers
    // as soon as anything is there), so the first batch after the assignment is only the backlog, not a
    // full one (conventions §4). (Fixed: the engine used to take every batch as full from the moment the
    // member became busy, which put this poll timeout at 3 + 61 = 64 s.)
    it('the first batch after the assignment holds only the records that were waiting', async () => {
        // c1 starts at 0 s: gen 1 at 3 s, 30 records waiting (10/s · 3 s). Poll at 3 s returns 30 → batch
        // until 33 s; poll at 33 s returns 100 (300 waiting) → batch until 133 s; the poll timer set at 33 s
        // expires at 33 + 61 = 94 s.
        const { trace } = await runSource(source, 'slow-dyn-early');
        expect(times(trace, 'PollTimeout', 'c1')[0]).toBe(94000);
        expect(bumps(trace)[1]).toEqual([2, 94000, null]);
    });
});
