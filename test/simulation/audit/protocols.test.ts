/**
 * Audit: the rebalance protocol and who waits for whom (kafka-semantics §1.10, §1.11, §2.2, §2.7,
 * §3.1; convention §4): the two-bounce eager → cooperative upgrade with static members, and a busy
 * member that keeps its session alive with REBALANCE_IN_PROGRESS heartbeats and rejoins only at its
 * next poll(). Defaults unless set; latency 0.
 */
import { describe, expect, it } from 'vitest';
import { bumps, responses, runSource } from './run-source.js';

const source = `
topic orders { partitions = 6 }
topic two { partitions = 2 produce = 20/s }
group upgrade {
  enable.auto.commit = false
  subscribe orders
  consumers c[1..3] { group.instance.id = "c-{i}" }
}
group busy {
  enable.auto.commit = false
  session.timeout.ms = 10s
  max.poll.interval.ms = 60s
  max.poll.records = 100
  subscribe two
  consumer c1 { process.time.per.record = 300ms }
  consumer c2
  consumer c3
}
scenario two-bounce {
  group upgrade
  duration 7m
  at 0s   start all
  at 61s  rolling-restart c1, c2, c3 every 31s down 8s with { partition.assignment.strategy = [cooperative-sticky, range] }
  at 241s rolling-restart c1, c2, c3 every 31s down 8s with { partition.assignment.strategy = [cooperative-sticky] }
}
scenario busy-member { group busy duration 70s at 10s start c1, c2 at 20500ms start c3 }
`;

describe('audit: two-bounce eager → cooperative upgrade, static members', () => {
    it('one extra generation, when the vote tips; the group ends COOPERATIVE on cooperative-sticky', async () => {
        // Gen 1 at 6 s, everyone votes range (default [range, cooperative-sticky]).
        // Bounce 1 ([cooperative-sticky, range], still EAGER): c1 back at 69 s → the static replacement re-runs
        // the vote with c1's new protocols: coop 1, range 2 → range unchanged → no rebalance (GMM:5130-5140).
        // c2 back at 100 s: coop 2, range 1 → the elected protocol would change → rebalance; c1 (69 + 3·11) and
        // c3 (6 + 3·32) heartbeat at 102 s → gen 2 at 102 s, cooperative-sticky. c3 back at 131 s: all three
        // vote coop → unchanged, none.
        // Bounce 2 ([cooperative-sticky] alone): the only common protocol is coop, already elected → no
        // rebalance for any of the three restarts (c1 at 249 s, c2 at 280 s, c3 at 311 s).
        const { trace } = await runSource(source, 'two-bounce');
        expect(bumps(trace)).toEqual([
            [1, 6000, 6000],
            [2, 102000, 102000]
        ]);
        expect(trace.rebalances[1].preparedAt).toBe(100000);
        expect(trace.rebalances.map((r) => r.protocolName)).toEqual(['range', 'cooperative-sticky']);
        // Gen 2 members still run EAGER (range is still in every list).
        expect(trace.rebalances[1].members.map((m) => m.rebalanceProtocol)).toEqual(['EAGER', 'EAGER', 'EAGER']);
        // After the second bounce each member's last configuration is COOPERATIVE.
        for (const m of trace.members) expect(m.configs[m.configs.length - 1].rebalanceProtocol).toBe('COOPERATIVE');
        for (const m of ['c1', 'c2', 'c3']) expect(trace.summary.errors[m]).toBeNull();
    });
});

describe('audit: a busy member stretches the join phase, its heartbeats keep it in the group', () => {
    it('REBALANCE_IN_PROGRESS heartbeats reset the session; the JoinGroup waits for the batch end', async () => {
        // c1, c2 start at 10 s → gen 1 at 16 s: c1 two[0], c2 two[1] (range); c3 gets nothing later (2 partitions).
        // c1 (0.3 s/record, 10 records/s arriving) has 160 records waiting at 16 s: full batches of 100
        // (30 s): polls at 16 s, 46 s. c3 at 20.5 s → PreparingRebalance. c2 hears it at 22 s and rejoins;
        // c1 hears it at 22 s too but is inside its batch: it keeps heartbeating (22, 25, …, 43 s, all
        // REBALANCE_IN_PROGRESS, each resetting its 10 s session on both sides) and sends JoinGroup at its
        // poll at 46 s → gen 2 at 46 s. Without those resets its session would have expired at 29.5 s.
        const { trace } = await runSource(source, 'busy-member');
        expect(bumps(trace)).toEqual([
            [1, 16000, 16000],
            [2, 46000, 46000]
        ]);
        expect(responses(trace, 'Heartbeat', 'REBALANCE_IN_PROGRESS').filter(([, m]) => m === 'c1').map(([at]) => at)).toEqual([22000, 25000, 28000, 31000, 34000, 37000, 40000, 43000]);
        expect(trace.events.filter((e) => e.name === 'HeartbeatExpiry')).toEqual([]);
        // EAGER: c2 revoked at 22 s and waited until 46 s; c3 waited 20.5 → 46 s; c1 kept processing.
        expect(trace.summary.pauses.c2).toEqual({ total: 30000, longest: 24000 });
        expect(trace.summary.pauses.c3).toEqual({ total: 25500, longest: 25500 });
        expect(trace.summary.pauses.c1.total).toBe(6000);
    });
});
