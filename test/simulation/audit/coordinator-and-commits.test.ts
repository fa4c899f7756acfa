/**
 * Audit: coordinator-side edge cases (a join during CompletingRebalance, coordinator failover,
 * the leader-only detection of new partitions with KIP-814) and commits (auto-commit timing, the
 * commit before JoinGroup, duplicates after a crash or a fenced static instance)
 * (kafka-semantics §1.2–1.4, §1.7, §2.3, §2.4, §2.9, §3.3, §3.4; GMM onLoaded for failover).
 * Defaults unless set: session 45 s, heartbeat 3 s, auto-commit every 5 s, D = 3 s, latency 0.
 */
import { describe, expect, it } from 'vitest';
import { assignmentOf, bumps, responses, runSource, times } from './run-source.js';

const source = `
topic orders { partitions = 6 }
topic six { partitions = 6 produce = 600/s }
topic four { partitions = 4 }
group idle {
  enable.auto.commit = false
  subscribe orders
  consumers c[1..4]
}
group auto {
  subscribe six
  consumers c[1..4]
}
group dup {
  subscribe six
  consumer c1 { group.instance.id = "same" }
  consumer c2 { group.instance.id = "same" }
  consumer c3 { group.instance.id = "other" }
}
group st {
  enable.auto.commit = false
  metadata.max.age.ms = 100s
  subscribe four
  consumers c[1..2] { group.instance.id = "inst-{i}" }
}
scenario cr-join        { group idle duration 30s assignor.time = 2s at 0s start c1, c2, c3 at 7s start c4 }
scenario failover       { group idle duration 1m at 0s start c1, c2, c3 at 31500ms coordinator-failover }
scenario failover-lat   { group idle duration 1m network.latency = 10ms at 0s start c1, c2, c3 at 31500ms coordinator-failover }
scenario failover-pr    { group idle duration 1m at 0s start c1, c2, c3 at 31500ms start c4 at 32s coordinator-failover }
scenario crash-failover { group idle duration 2m at 0s start c1, c2, c3 at 31500ms crash c3 at 32s coordinator-failover }
scenario join-prepare   { group auto duration 1m at 0s start c1, c2, c3 at 31500ms start c4 }
scenario crash-dup      { group auto duration 2m at 0s start c1, c2, c3 at 33500ms crash c3 }
scenario stop-dup       { group auto duration 2m at 0s start c1, c2, c3 at 33500ms stop c3 }
scenario fence-dup      { group dup duration 1m at 0s start c1, c3 at 19500ms start c2 }
scenario leader-back    { group st duration 4m at 0s start all at 20500ms restart c1 down 10s at 60s add-partitions four 2 }
`;

describe('audit: a join during CompletingRebalance (assignor.time = 2 s)', () => {
    it('bumps the generation again before the first one is ever Stable', async () => {
        // Gen 1 at 6 s; the leader c1 computes until 8 s, c2/c3 park their SyncGroup. c4 at 7 s is added in
        // CompletingRebalance → PreparingRebalance: the parked SyncGroups get REBALANCE_IN_PROGRESS and c2/c3
        // rejoin at 7 s; c1 sends its SyncGroup at 8 s → REBALANCE_IN_PROGRESS → rejoins at 8 s: everyone
        // has joined → gen 2 at 8 s; c1 computes until 10 s → Stable at 10 s. Two bumps, one completed.
        const { trace } = await runSource(source, 'cr-join');
        expect(bumps(trace)).toEqual([
            [1, 6000, null],
            [2, 8000, 10000]
        ]);
        expect(responses(trace, 'SyncGroup', 'REBALANCE_IN_PROGRESS').sort()).toEqual([
            [7000, 'c2'],
            [7000, 'c3'],
            [8000, 'c1']
        ]);
        expect(trace.summary.completedRebalances).toBe(1);
        // Everyone waits until 10 s: 10 + 10 + 10 + 3 = 33 s.
        expect(trace.summary.totalPause).toBe(33000);
    });
});

describe('audit: coordinator failover', () => {
    it('in Stable: the group is reloaded Stable at its generation, no rebalance', async () => {
        // GroupMetadata replay gives a Stable group of generation 1 with c1–c3; onLoaded re-arms their
        // session timers (GMM:3828-3834). Nothing else changes.
        const { trace } = await runSource(source, 'failover');
        expect(bumps(trace)).toEqual([[1, 6000, 6000]]);
        expect(trace.summary.finalState).toBe('Stable');
        expect(trace.summary.finalGeneration).toBe(1);
    });

    // OffsetCommit answered NOT_COORDINATOR is retriable: the response handler marks the coordinator
    // unknown and raises NOT_COORDINATOR (ConsumerCoordinator OffsetCommitResponseHandler, CC:1350-1355
    // at 1eb7644349), and commitSync looks the coordinator up again and retries until it succeeds
    // (CC:1110-1134). Nothing fails. (Fixed: each batch commit used to fail with CommitFailedException.)
    it('in Stable: no commit fails with CommitFailedException', async () => {
        const { trace } = await runSource(source, 'failover');
        expect(trace.commits.filter((c) => !c.ok)).toEqual([]);
        expect(trace.events.filter((e) => e.log?.level === 'ERROR')).toEqual([]);
    });

    it('the members find the new coordinator through their batch commit, which is sent again there', async () => {
        // Latency 10 ms. Gen 1: added at 50 (KIP-394 round trip), two windows → 6050, JoinGroup responses
        // at 6060 (heartbeats at 9060, …, 30060, 33060), Stable at 6070. Nothing is produced: each member is
        // idle inside poll(), so its commit after the failover at 31.5 s goes out at 31.5 s, to the old
        // coordinator → NOT_COORDINATOR (validated when sent). markCoordinatorUnknown → FindCoordinator
        // at 31 500, answered 2 · 10 ms later at 31 520; the retried commit is accepted there at 31 520
        // (a batch commit run starting at 31 520). The heartbeat at 33 060 goes to the new coordinator:
        // no heartbeat ever meets a coordinator error, no rebalance.
        const { trace } = await runSource(source, 'failover-lat');
        expect(responses(trace, 'OffsetCommit', 'NOT_COORDINATOR').sort()).toEqual([
            [31500, 'c1'],
            [31500, 'c2'],
            [31500, 'c3']
        ]);
        const lookups = (kind: string) => trace.events.filter((e) => e.kind === kind && e.name === 'FindCoordinator' && e.at > 30000).map((e) => [e.at, e.member]);
        expect(lookups('request').sort()).toEqual([
            [31500, 'c1'],
            [31500, 'c2'],
            [31500, 'c3']
        ]);
        expect(lookups('response').sort()).toEqual([
            [31520, 'c1'],
            [31520, 'c2'],
            [31520, 'c3']
        ]);
        expect(trace.commitRuns.filter((r) => r.kind === 'batch' && r.from > 30000).map((r) => [r.member, r.from]).sort()).toEqual([
            ['c1', 31520],
            ['c2', 31520],
            ['c3', 31520]
        ]);
        expect(trace.commits.filter((c) => !c.ok)).toEqual([]);
        expect(trace.events.filter((e) => e.name === 'Heartbeat' && e.kind === 'response' && e.error !== undefined && e.error !== 'NONE')).toEqual([]);
        expect(bumps(trace)).toEqual([[1, 6050, 6070]]);
    });

    it('during PreparingRebalance: the unpersisted joiner is unknown to the new coordinator and joins again', async () => {
        // c4 at 31.5 s → added, PreparingRebalance. Failover at 32 s: the last record is gen 1 (Stable,
        // c1–c3); c4's parked JoinGroup gets NOT_COORDINATOR; it finds the new coordinator and sends its
        // JoinGroup with its member id → UNKNOWN_MEMBER_ID (unknown dynamic member) → resets → MEMBER_ID_REQUIRED
        // → added → PreparingRebalance at 32 s. c1–c3 hear it at 33 s → gen 2 at 33 s (generation 1 + 1).
        const { trace } = await runSource(source, 'failover-pr');
        expect(responses(trace, 'JoinGroup', 'NOT_COORDINATOR')).toEqual([[32000, 'c4']]);
        expect(responses(trace, 'JoinGroup', 'UNKNOWN_MEMBER_ID')).toEqual([[32000, 'c4']]);
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 33000, 33000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(32000);
    });

    it('the new coordinator re-arms every session at load time', async () => {
        // c3 crashes at 31.5 s (last heartbeat 30 s: expiry would be 75 s). The failover at 32 s re-arms its
        // timer to 32 + 45 = 77 s. c1/c2 hear it at 78 s → gen 2 at 78 s.
        const { trace } = await runSource(source, 'crash-failover');
        expect(times(trace, 'HeartbeatExpiry', 'c3')).toEqual([77000]);
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 78000, 78000]
        ]);
    });
});

describe('audit: commits and duplicates (600 records/s over 6 partitions, 100/s each)', () => {
    it('auto-commit every 5 s from the end of each rebalance, and once more before each JoinGroup', async () => {
        // Gen 1 at 6 s: auto-commits at 11, 16, 21, 26, 31 s. c4 at 31.5 s; c1–c3 rejoin at 33 s and commit
        // first (onJoinPrepare), so the partition that moves (six[5], c3 → c4) is handed over at its
        // position: no duplicates. The timer restarts at gen 2 (33 s): next commits at 38 s, …
        const { trace } = await runSource(source, 'join-prepare');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 33000, 33000]
        ]);
        expect(trace.commits.filter((c) => c.kind === 'join-prepare').map((c) => [c.at, c.member, c.ok])).toEqual([
            [33000, 'c1', true],
            [33000, 'c2', true],
            [33000, 'c3', true]
        ]);
        // c1's routine auto-commits: 11, 16, 21, 26, 31 s, then 38, 43, 48, 53, 58 s → 10, the last at 58 s
        // (without the restart at 33 s the last would be 56 s).
        expect(trace.commitRuns.filter((r) => r.member === 'c1' && r.kind === 'auto').map((r) => [r.from, r.to, r.count])).toEqual([[11000, 58000, 10]]);
        expect(trace.summary.duplicates).toBe(0);
    });

    it('a crash re-processes what the crashed member consumed since its last auto-commit', async () => {
        // c3 holds six[4], six[5]. Last auto-commit 31 s, crash 33.5 s → 2.5 s · 100/s · 2 = 500 records
        // processed again by c2 after gen 2. Expiry: last heartbeat 33 s → 78 s → gen 2 at 78 s.
        // Lag peaks just before 78 s: 100/s · (78 − 33.5) s · 2 = 8900. Unowned 33.5 → 78 s = 44.5 s.
        const { trace } = await runSource(source, 'crash-dup');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 78000, 78000]
        ]);
        expect(trace.summary.duplicates).toBe(500);
        expect(trace.summary.duplicatesBySource).toEqual({ crash: 500 });
        expect(trace.summary.maxLag.six).toBe(8900);
        expect(trace.summary.maxUnowned?.ms).toBe(44500);
    });

    it('a graceful stop commits synchronously in close(): no duplicates', async () => {
        // close() commits at 33.5 s, LeaveGroup → gen 2 at 36 s (next heartbeat). Unowned 2.5 s.
        const { trace } = await runSource(source, 'stop-dup');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 36000, 36000]
        ]);
        expect(trace.commits.filter((c) => c.kind === 'close').map((c) => [c.at, c.member, c.ok])).toEqual([[33500, 'c3', true]]);
        expect(trace.summary.duplicates).toBe(0);
        expect(trace.summary.maxUnowned?.ms).toBe(2500);
    });

    it('a fenced duplicate instance: both process the same partitions until the incumbent is fenced', async () => {
        // c1 ("same") holds six[3..5] (static range: "other" first). c1's last auto-commit was at 16 s.
        // c2 ("same") replaces it at 19.5 s and starts from the committed offsets (16 s); c1 goes on until
        // its auto-commit / heartbeat at 21 s gets FENCED_INSTANCE_ID. c2 re-processes [16 s, 21 s) of the
        // three partitions: 5 s · 100/s · 3 = 1500.
        const { trace } = await runSource(source, 'fence-dup');
        expect(trace.summary.errors.c1?.at).toBe(21000);
        expect(trace.summary.duplicates).toBe(1500);
    });
});

describe('audit: new partitions are noticed by the leader only, KIP-814 keeps a returning static leader watching', () => {
    it('static leader restarted: it still leads and detects the new partitions at its own refresh', async () => {
        // Gen 1 at 6 s: c1 [0,1], c2 [2,3]. c1 restarts 20.5 → 30.5 s: static replacement, no rebalance,
        // skipAssignment (it is the leader), assignmentSnapshot = its metadata fetched at 30.5 s (4 partitions).
        // Two partitions are added at 60 s. c2's refreshes (100 s, 200 s) change nothing (followers keep no
        // snapshot). c1's refresh at 30.5 + 100 = 130.5 s sees 6 → JoinGroup in Stable → rebalance; c2 hears it
        // at 6 + 3·42 = 132 s → gen 2: c1 [0,1,2], c2 [3,4,5]. four[4] waits 60 → 132 s.
        const { trace } = await runSource(source, 'leader-back');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 132000, 132000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(130500);
        expect(times(trace, 'SkippedAssignment', 'c1')).toEqual([30500]);
        expect(assignmentOf(trace, 2)).toEqual({ c1: ['four[0]', 'four[1]', 'four[2]'], c2: ['four[3]', 'four[4]', 'four[5]'] });
        expect(trace.summary.unownedMs.four[4]).toBe(72000);
    });
});
