/**
 * Audit: group.initial.rebalance.delay.ms and the KIP-394 round trip (kafka-semantics §1.5, §1.6).
 * Each expected number is derived by hand in the comment beside it; defaults are Kafka's
 * (D = 3 s, heartbeat 3 s, max.poll.interval.ms = rebalance timeout R = 300 s), latency 0.
 */
import { describe, expect, it } from 'vitest';
import { bumps, runSource, times } from './run-source.js';

const source = (cluster = '', group = '') => `
cluster { ${cluster} }
topic orders { partitions = 6 }
group g {
  enable.auto.commit = false
  ${group}
  subscribe orders
  consumers c[1..4]
}
scenario one     { group g duration 20s at 0s start c1 }
scenario three   { group g duration 20s at 0s start c1, c2, c3 }
scenario stagger { group g duration 30s at 0s start c1 at 2s start c2 at 4500ms start c3 at 8s start c4 }
scenario late    { group g duration 30s at 0s start c1 at 4s start c2 }
scenario capped  { group g duration 30s at 0s start c1 at 1s start c2 at 8s start c3 }
scenario latency { group g duration 20s network.latency = 10ms at 0s start c1 }
`;

describe('audit: initial rebalance delay', () => {
    it('one consumer: generation 1 after exactly D', async () => {
        // c1's second JoinGroup (after MEMBER_ID_REQUIRED, same instant) adds it to the Empty group:
        // check(D=3000, remaining=max(300000-3000,0)) at 3000. The member added by that JoinGroup does
        // not set newMemberAdded (the state was Empty, GMM:4738-4741), so the check completes: gen 1 at 3 s.
        const { trace } = await runSource(source(), 'one');
        expect(bumps(trace)).toEqual([[1, 3000, 3000]]);
        expect(times(trace, 'InitialDelayedJoin')).toEqual([3000]);
        expect(trace.summary.pauses.c1).toEqual({ total: 3000, longest: 3000 });
    });

    it('three starters at once: 2·D, not D', async () => {
        // c2 and c3 are added while PreparingRebalance with previousState Empty → flag set. At 3000:
        // newDelay = min(3000, 297000) = 3000, next check at 6000; nobody new → complete at 6000.
        const { trace } = await runSource(source(), 'three');
        expect(bumps(trace)).toEqual([[1, 6000, 6000]]);
        expect(times(trace, 'InitialDelayedJoin')).toEqual([3000, 6000]);
        expect(trace.rebalances[0].members.map((m) => m.member).sort()).toEqual(['c1', 'c2', 'c3']);
    });

    it('staggered starters extend by whole windows, each window that saw a joiner adds one more', async () => {
        // check@3000 (c2 joined at 2000) → +3000; check@6000 (c3 at 4500) → +3000;
        // check@9000 (c4 at 8000) → +3000; check@12000 (nobody since 9000) → complete.
        const { trace } = await runSource(source(), 'stagger');
        expect(times(trace, 'InitialDelayedJoin')).toEqual([3000, 6000, 9000, 12000]);
        expect(bumps(trace)).toEqual([[1, 12000, 12000]]);
        // Paused from each start to 12 s: 12 + 10 + 7.5 + 4 = 33.5 s.
        expect(trace.summary.totalPause).toBe(33_500);
    });

    it('a joiner after the delay gets an ordinary rebalance, heard on the next heartbeat', async () => {
        // c1 alone → gen 1 at 3000. c2 at 4000: Stable → PreparingRebalance without any delay;
        // c1 hears REBALANCE_IN_PROGRESS on its heartbeat at 3000 + 3000 = 6000 and rejoins → gen 2 at 6 s.
        const { trace } = await runSource(source(), 'late');
        expect(bumps(trace)).toEqual([
            [1, 3000, 3000],
            [2, 6000, 6000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(4000);
        // Range moves c1's [3,4,5] to c2 (first assignments do not count): 3.
        expect(trace.summary.movedPartitions).toBe(3);
    });

    it('the windows are capped by the rebalance timeout (D = 6 s, R = 10 s)', async () => {
        // c1 at 0: delay 6000, remaining max(10000-6000, 0) = 4000 → check at 6000.
        // c2 at 1000 sets the flag → at 6000: newDelay = min(6000, 4000) = 4000,
        // newRemaining = max(4000-6000, 0) = 0 → check at 10000. c3 joins at 8000 (flag set) but
        // remaining == 0 → complete at 10000 with c1, c2, c3 (not at 16000 as uncapped windows would give).
        const { trace } = await runSource(source('group.initial.rebalance.delay.ms = 6s', 'max.poll.interval.ms = 10s'), 'capped');
        expect(times(trace, 'InitialDelayedJoin')).toEqual([6000, 10000]);
        expect(bumps(trace)).toEqual([[1, 10000, 10000]]);
        expect(trace.rebalances[0].members.map((m) => m.member).sort()).toEqual(['c1', 'c2', 'c3']);
        // Paused from start to 10 s: c1 10 s, c2 9 s, c3 2 s.
        expect([trace.summary.pauses.c1.total, trace.summary.pauses.c2.total, trace.summary.pauses.c3.total]).toEqual([10000, 9000, 2000]);
    });

    it('KIP-394 round trip with 10 ms latency: every hop costs one way', async () => {
        // FindCoordinator 0→10→20; JoinGroup(no id) 20→30, MEMBER_ID_REQUIRED back at 40; JoinGroup(id)
        // 40→50: added at 50 (PreparingRebalance), initial delay → complete at 3050; the JoinGroup response
        // reaches c1 at 3060, its SyncGroup the coordinator at 3070 (Stable), the assignment c1 at 3080.
        const { trace } = await runSource(source(), 'latency');
        expect(trace.rebalances[0].preparedAt).toBe(50);
        expect(bumps(trace)).toEqual([[1, 3050, 3070]]);
        // The JoinGroup carrying the new member id leaves c1 when MEMBER_ID_REQUIRED arrives, at 40.
        expect(trace.events.filter((e) => e.kind === 'request' && e.name === 'JoinGroup').map((e) => e.at)).toEqual([20, 40]);
        expect(times(trace, 'onPartitionsAssigned', 'c1')).toEqual([3080]);
        // c1 paused from 0 to 3080; the partitions were unowned from Stable (3070) to 3080.
        expect(trace.summary.pauses.c1.total).toBe(3080);
        expect(trace.summary.maxUnowned?.ms).toBe(10);
        // Heartbeats run from the JoinGroup response (3060): the first at 6060.
        expect(trace.heartbeats.filter((h) => h.member === 'c1')[0]?.from).toBe(6060);
    });

    // docs/trace-format.md: a response is traced "when it arrives", as every other one is (FindCoordinator
    // at 20, JoinGroup at 3060, SyncGroup at 3080). (Fixed: the MEMBER_ID_REQUIRED response was stamped
    // when the coordinator sent it, 30.)
    it('trace: the MEMBER_ID_REQUIRED response is stamped when it reaches the member', async () => {
        // Sent by the coordinator at 30, one-way latency 10 ms → arrives at 40.
        const { trace } = await runSource(source(), 'latency');
        expect(trace.events.filter((e) => e.kind === 'response' && e.error === 'MEMBER_ID_REQUIRED').map((e) => e.at)).toEqual([40]);
        // The broker's "Dynamic member with unknown member id joins group …" line is logged when the
        // coordinator handles the JoinGroup, at 30 (GMM:4254-4256).
        expect(trace.events.filter((e) => e.log?.text.startsWith('Dynamic member with unknown member id')).map((e) => [e.at, e.kind, e.member])).toEqual([[30, 'log', 'c1']]);
    });
});
