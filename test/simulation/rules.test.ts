/**
 * The other rules of the classic protocol, one scenario each, with the expected numbers derived
 * by hand from kafka-semantics.md in a comment beside each. Unless said otherwise: zero latency,
 * heartbeat 3 s, session 45 s, instant processing, auto-commit every 5 s, Kafka's default
 * [range, cooperative-sticky] (EAGER range). Three members starting together form generation 1 at
 * 6 s and then heartbeat at 6 s + k·3 s.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../language-server/src/model/simulation-input.js';
import { assignmentAt, eventsNamed, generations, members, names, run, topic, type Settings } from './helpers.js';

const startAll = (who: string[], at = 0): ScenarioEvent => ({ kind: 'start', at, members: who });

describe('JoinGroup rejections are fatal for the newcomer', () => {
    it('no common assignor: INCONSISTENT_GROUP_PROTOCOL', () => {
        // c1 [range] is added first (any protocol is accepted in Empty). c2 [roundrobin] joins while the
        // group is PreparingRebalance: none of its protocols is supported by every member → rejected,
        // fatal on the client (AC:705-717). The group forms with c1 alone at D = 3 s... plus the window
        // c2's rejected join does not extend (it was never added): 3 s.
        const ms = [
            ...members(['c1'], { 'partition.assignment.strategy': ['range'] }),
            ...members(['c2'], { 'partition.assignment.strategy': ['roundrobin'] })
        ];
        const r = run({ topics: [topic('orders', 4)], members: ms, events: [startAll(['c1', 'c2'])], durationMs: 20_000 });
        expect(r.trace.summary.errors.c2?.error).toBe('INCONSISTENT_GROUP_PROTOCOL');
        expect(r.trace.summary.errors.c1).toBeNull();
        expect(generations(r.trace).map((g) => [g.at, g.members])).toEqual([[3000, ['c1']]]);
        // It fails at its first JoinGroup, at 0: its whole activity is `failed`.
        expect(r.trace.activity.filter((a) => a.member === 'c2').map((a) => [a.kind, a.from, a.to])).toEqual([['failed', 0, 20_000]]);
    });

    it('a session timeout below group.min.session.timeout.ms: INVALID_SESSION_TIMEOUT', () => {
        // 5 s < 6 s (broker default): the JoinGroup is rejected before anything else (GCSvc:398-404).
        const ms = [...members(['c1']), ...members(['c2'], { 'session.timeout.ms': 5000, 'heartbeat.interval.ms': 1000 })];
        const r = run({ topics: [topic('orders', 4)], members: ms, events: [startAll(['c1', 'c2'])], durationMs: 20_000 });
        expect(r.trace.summary.errors.c2?.error).toBe('INVALID_SESSION_TIMEOUT');
        expect(generations(r.trace).map((g) => g.members)).toEqual([['c1']]);
    });

    it('group.max.size: the third member gets GROUP_MAX_SIZE_REACHED', () => {
        // max 2. The first JoinGroups (no member id) are all accepted in Empty (MEMBER_ID_REQUIRED).
        // Second JoinGroups: c1 is added (→ PreparingRebalance), c2 is accepted (1 awaiting < 2), c3 is
        // not (2 awaiting, not < 2) (GMM:5059-5084).
        const r = run({ topics: [topic('orders', 4)], members: members(names('c', 3)), events: [startAll(['c1', 'c2', 'c3'])], durationMs: 20_000, cluster: { 'group.max.size': 2 } });
        expect(r.trace.summary.errors.c3?.error).toBe('GROUP_MAX_SIZE_REACHED');
        expect(generations(r.trace).map((g) => [g.at, g.members])).toEqual([[6000, ['c1', 'c2']]]);
    });

    it('group.protocol = consumer next to a classic member: one consumer group, the classic member inside it', () => {
        // At 0 s c2's ConsumerGroupHeartbeat reaches the coordinator before c1's first JoinGroup (c1
        // joins from its first poll, after its FindCoordinator): the empty classic group is deleted,
        // c2 creates a consumer group (epoch 1) and gets all 4 partitions. c1's JoinGroup then goes to
        // the consumer group (kafka-semantics §4.10): MEMBER_ID_REQUIRED, and that extra round trip puts
        // its second JoinGroup after c2's acknowledgement; it is added as a classic member (epoch 2) and
        // answered at once with generation 2 and nothing (c2 holds its target). c2 learns the epoch-2
        // target at its 5 s heartbeat, revokes 2 partitions and acknowledges. c1's heartbeats run at
        // 3 s·k from its JoinGroup response: at 3 s it still waits on c2 (NONE), at 6 s its partitions
        // are free (REBALANCE_IN_PROGRESS): it rejoins and takes them at 6 s.
        // The consumer protocol's own tests are in test/simulation/consumer/.
        const ms = [...members(['c1']), ...members(['c2'], { 'group.protocol': 'consumer' })];
        const r = run({ topics: [topic('orders', 4)], members: ms, events: [startAll(['c1', 'c2'])], durationMs: 20_000 });
        expect(r.trace.summary.errors).toEqual({ c1: null, c2: null });
        expect(generations(r.trace).map((g) => [g.generation, g.at])).toEqual([
            [1, 0],
            [2, 0]
        ]);
        expect(r.trace.consumerProtocol?.groupTypes).toEqual([{ from: 0, to: 20_000, type: 'consumer' }]);
        const c1 = r.trace.ownership.filter((o) => o.member === 'c1');
        expect(c1.map((o) => o.from)).toEqual([6000, 6000]);
        expect(eventsNamed(r.trace, 'Heartbeat', 'c1').find((e) => e.error === 'REBALANCE_IN_PROGRESS')?.at).toBe(6000);
    });
});

describe('static membership', () => {
    it('a duplicate group.instance.id: the newcomer replaces the incumbent, which is fenced on its next heartbeat', () => {
        // c1 (static "dup") and c3 (dynamic) form generation 1 at 6 s; range puts static members first:
        // c1 [0,1], c3 [2,3]. c2 with the same instance id starts at 20 s: the coordinator replaces c1's
        // member id (Stable, vote unchanged → no rebalance) and c2 gets the cached [0,1], restarting from
        // c1's last auto-commit (16 s). At 21 s c1's auto-commit is due (timer restarted at 6 s) and its
        // heartbeat too; the commit comes first (its timer was armed earlier) and is answered
        // FENCED_INSTANCE_ID (CGrp:791-811), fatal for c1, which then sends no heartbeat.
        // Duplicates (100 records/s per partition): c2 re-processes 16→20 s: 4 s × 2 × 100 = 800, and both
        // process the same records 20→21 s: 200. 1000 in all, all caused by the fencing.
        const ms = [
            ...members(['c1', 'c2'], { 'group.instance.id': 'dup' }),
            ...members(['c3'])
        ];
        const r = run({
            topics: [topic('orders', 4, 400)],
            members: ms,
            events: [startAll(['c1', 'c3']), startAll(['c2'], 20_000)],
            durationMs: 40_000
        });
        expect(r.trace.summary.rebalances).toBe(1);
        expect(r.trace.summary.errors.c1).toMatchObject({ at: 21_000, error: 'FENCED_INSTANCE_ID' });
        expect(r.trace.events.filter((e) => e.member === 'c1' && e.error === 'FENCED_INSTANCE_ID' && e.kind === 'response').map((e) => [e.name, e.at])).toEqual([
            ['OffsetCommit', 21_000]
        ]);
        // The returning instance took over the leadership as well (the static leader keeps its role, KIP-814).
        expect(eventsNamed(r.trace, 'SkippedAssignment').map((e) => [e.member, e.at])).toEqual([['c2', 20_000]]);
        expect(assignmentAt(r.trace, 'c2', 30_000)).toEqual(['orders[0]', 'orders[1]']);
        expect(r.trace.summary.duplicates).toBe(1000);
        expect(r.trace.summary.duplicatesBySource).toEqual({ fenced: 1000 });
        // c1 is a zombie from its replacement until it fails.
        expect(r.trace.conditions.filter((c) => c.kind === 'zombie').map((c) => [c.member, c.from, c.to])).toEqual([['c1', 20_000, 21_000]]);
    });
});

describe('metadata and subscriptions', () => {
    function expansion(reset: 'latest' | 'earliest') {
        // metadata.max.age.ms = 100 s. add-partitions orders 3 at 50 s (6 → 9 partitions; 900/s now
        // spreads as 100/s per partition). Only the leader (c1, first added) compares its assignment
        // snapshot: at its refresh at 100 s it sees 9 partitions → JoinGroup in Stable (the leader always
        // triggers a rebalance) → PreparingRebalance at 100 s; the followers' next heartbeat is at 102 s
        // → generation 2 at 102 s: range gives 3 partitions each, orders[6..8] to c3.
        // The new partitions have no committed offset: with `latest` their first owner starts at the log
        // end, skipping 52 s × 100/s × 3 = 15600 records; with `earliest` it reads them all.
        const settings: Settings = { 'metadata.max.age.ms': 100_000, 'auto.offset.reset': reset };
        return run({
            topics: [topic('orders', 6, 900)],
            members: members(names('c', 3), settings),
            events: [startAll(['c1', 'c2', 'c3']), { kind: 'add-partitions', at: 50_000, topic: 'orders', count: 3 }],
            durationMs: 150_000
        });
    }

    it('only the leader notices new partitions, at its next metadata refresh', () => {
        const r = expansion('latest');
        expect(generations(r.trace).map((g) => [g.at, g.leader])).toEqual([
            [6000, 'c1'],
            [102_000, 'c1']
        ]);
        expect(r.trace.rebalances[1].preparedAt).toBe(100_000);
        expect(r.trace.rebalances[1].reason).toContain('Leader');
        expect(r.trace.rebalances[1].reason).toContain('cached metadata has changed');
        expect(eventsNamed(r.trace, 'MetadataRefresh').map((e) => [e.member, e.at])).toEqual([['c1', 100_000]]);
        expect(assignmentAt(r.trace, 'c3', 120_000)).toEqual(['orders[6]', 'orders[7]', 'orders[8]']);
        expect(r.trace.summary.skipped).toBe(15_600);
        // Unowned from creation (50 s) to generation 2 (102 s).
        expect(r.trace.summary.maxUnowned).toEqual({ ms: 52_000, topic: 'orders', partition: 6 });
        expect(r.trace.topics[0].partitions).toEqual([
            { at: 0, count: 6 },
            { at: 50_000, count: 9 }
        ]);
        const { produced, processed, skipped } = r.trace.summary;
        expect(processed + skipped).toBeCloseTo(produced, 6);
    });

    it('auto.offset.reset = earliest reads the added partitions from the start', () => {
        const r = expansion('earliest');
        expect(r.trace.summary.skipped).toBe(0);
        expect(r.trace.summary.processed).toBeCloseTo(r.trace.summary.produced, 6);
    });

    it('a subscription change makes the member rejoin with new metadata', () => {
        // At 20 s c2 subscribes to orders and payments: its next poll (idle: at once) sees the
        // subscription differ from the one it joined with → JoinGroup with changed metadata in Stable →
        // PreparingRebalance at 20 s; c1, c3 learn at 21 s → generation 2 at 21 s. Range assigns each
        // topic among its subscribers: all of payments to c2.
        const r = run({
            topics: [topic('orders', 6, 600), topic('payments', 3, 300)],
            members: members(names('c', 3)),
            events: [startAll(['c1', 'c2', 'c3']), { kind: 'subscribe', at: 20_000, members: ['c2'], topics: ['orders', 'payments'] }],
            durationMs: 40_000
        });
        expect(generations(r.trace).map((g) => g.at)).toEqual([6000, 21_000]);
        expect(r.trace.rebalances[1].reason).toContain('subscription has changed');
        expect(assignmentAt(r.trace, 'c2', 30_000)).toEqual(['orders[2]', 'orders[3]', 'payments[0]', 'payments[1]', 'payments[2]']);
        // payments had no owner until 21 s; lag on it built up from 0 and was drained at once.
        expect(r.trace.summary.maxLag.payments).toBe(21 * 300);
    });
});

describe('crashes, commits and duplicates', () => {
    function crash(settings: Settings) {
        // 2 members, 2 partitions of 2000 records/s, 1 ms per record, 500 records per poll: each member can
        // do 1000/s. At 6 s 12 000 records wait on each partition (from the committed offset 0) and the
        // backlog only grows, so every poll returns 500: 500 ms batches from 6 s (boundaries at 6 s + k·0.5 s).
        // c1 crashes at 20.25 s (no commit, no LeaveGroup). Its last heartbeat was at 18 s → expiry at
        // 63 s; c2's heartbeat at 63 s (after the coordinator timer) gets REBALANCE_IN_PROGRESS, c2 is busy
        // and polls at its next boundary, 63 s → generation 2 at 63 s, c2 gets orders[0] back from the
        // last commit.
        return run({
            topics: [topic('orders', 2, 4000)],
            members: members(['c1', 'c2'], { 'process.time.per.record': 1, ...settings }),
            events: [startAll(['c1', 'c2']), { kind: 'crash', at: 20_250, members: ['c1'] }],
            durationMs: 90_000
        });
    }

    it('auto-commit: everything since the last 5 s commit is processed again', () => {
        // Auto-commit is due at 11 s, 16 s, 21 s (timer restarted at 6 s), inside the poll at a batch
        // boundary: last commit at 16 s. c1 processed 4.25 s × 1000/s = 4250 records after it.
        const r = crash({});
        expect(generations(r.trace).map((g) => g.at)).toEqual([6000, 63_000]);
        expect(r.trace.summary.duplicates).toBe(4250);
        expect(r.trace.summary.duplicatesBySource).toEqual({ crash: 4250 });
        expect(r.trace.summary.pauses.c1.longest).toBe(90_000 - 20_250);
    });

    it('manual commit after each batch: at most one batch is processed again', () => {
        // enable.auto.commit = false: the application commits after every batch; the last boundary
        // before the crash is 20 s, so 250 ms × 1000/s = 250 records are processed again.
        const r = crash({ 'enable.auto.commit': false });
        expect(r.trace.summary.duplicates).toBe(250);
        expect(r.trace.summary.duplicatesBySource).toEqual({ crash: 250 });
    });

    it('a zombie with manual commits gets CommitFailedException after its batch', () => {
        // As in the poll-timeout test, with manual commits: from 30 s c2's batches double from 1 record
        // (each poll returns its backlog, growing 10 records/s), the 128-record one ends at 55.6 s and the
        // next holds 256 (25.6 s, until 81.2 s): its poll timer expires at 55.6 + 20 = 75.6 s (reset,
        // LeaveGroup); the commitSync after the batch, at 81.2 s, fails: it is no longer part of the group.
        const ms = members(names('c', 3), { 'max.poll.interval.ms': 20_000, 'enable.auto.commit': false });
        const slow = members(['c2'], { 'max.poll.interval.ms': 20_000, 'enable.auto.commit': false, 'process.time.per.record': 100 })[0].config;
        const r = run({
            topics: [topic('orders', 6, 60)],
            members: ms,
            events: [startAll(['c1', 'c2', 'c3']), { kind: 'slow', at: 30_000, members: ['c2'], configDuring: { c2: slow }, durationMs: 120_000 }],
            durationMs: 100_000
        });
        const failed = r.trace.commits.filter((c) => !c.ok && c.member === 'c2');
        expect(failed.map((c) => [c.at, c.error])).toEqual([[81_200, 'CommitFailedException']]);
    });
});

describe('network partition', () => {
    it('a member cut off from the coordinator keeps processing; after expiry it is a zombie until the cut heals', () => {
        // c2 is cut off at 61.5 s for 50 s. Its heartbeats are lost; its last accepted one was at 60 s →
        // expiry at 105 s; c1 and c3 heartbeat at 105 s (after the timer) → generation 2 at 105 s.
        // c2 logs its own session timeout at 105 s (last response 60 s + 45 s). Its partitions stay owned
        // by it until 105 s (cut off, still fetching) and pass to c1, c3 at once: never unowned.
        // The cut heals at 111.5 s: c2 finds the coordinator, heartbeats → UNKNOWN_MEMBER_ID, loses its
        // partitions, rejoins as a new member → generation 3 at the others' heartbeat, 105 + 3·3 = 114 s.
        // Duplicates: c1, c3 restart orders[2], [3] from c2's last commit (61 s; its commits during the
        // cut cannot reach the coordinator): 44 s × 200/s = 8800, and c2 keeps processing the same
        // records as a zombie 105→111.5 s: 6.5 s × 200/s = 1300. 10100 in all.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: members(names('c', 3)),
            events: [startAll(['c1', 'c2', 'c3']), { kind: 'network-partition', at: 61_500, members: ['c2'], durationMs: 50_000 }],
            durationMs: 150_000
        });
        expect(generations(r.trace).map((g) => [g.at, g.members])).toEqual([
            [6000, ['c1', 'c2', 'c3']],
            [105_000, ['c1', 'c3']],
            [114_000, ['c1', 'c2', 'c3']]
        ]);
        expect(eventsNamed(r.trace, 'SessionTimeout', 'c2').map((e) => e.at)).toEqual([105_000]);
        expect(r.trace.conditions.filter((c) => c.member === 'c2').map((c) => [c.kind, c.from, c.to]).sort()).toEqual([
            ['cut-off', 61_500, 111_500],
            ['zombie', 105_000, 111_500]
        ]);
        expect(r.trace.summary.maxUnowned?.ms).toBe(0);
        expect(r.trace.summary.duplicates).toBe(10_100);
        expect(r.trace.summary.pauses.c2).toEqual({ total: 6000 + 2500, longest: 6000 });
    });
});

describe('coordinator failover', () => {
    it('a Stable group is reloaded as it was: members rediscover the coordinator, no rebalance', () => {
        // At 32.5 s the coordinator moves (between the auto-commits at 31 s and 36 s). The new one replays the last GroupMetadata record (generation
        // 1, Stable) and re-arms every member's session timer. Each member's next heartbeat (33 s) goes to
        // the old broker → NOT_COORDINATOR (it no longer hosts the group) → FindCoordinator → the
        // heartbeat is retried after retry.backoff.ms (100 ms) → NONE.
        const r = run({
            topics: [topic('orders', 6, 600)],
            members: members(names('c', 3)),
            events: [startAll(['c1', 'c2', 'c3']), { kind: 'coordinator-failover', at: 32_500 }],
            durationMs: 60_000
        });
        expect(r.trace.summary.rebalances).toBe(1);
        expect(eventsNamed(r.trace, 'GroupLoaded').map((e) => e.at)).toEqual([0, 32_500]);
        expect(r.trace.events.filter((e) => e.name === 'Heartbeat' && e.error === 'NOT_COORDINATOR').map((e) => e.at)).toEqual([33_000, 33_000, 33_000]);
        expect(r.trace.heartbeats.filter((h) => h.member === 'c1').map((h) => h.from)).toEqual([9000, 33_100]);
        expect(r.trace.summary.pauses.c1.total).toBe(6000);
    });

    it('a rebalance in progress is lost with the old coordinator: it restarts from the last Stable generation', () => {
        // c4 joins at 30 s → PreparingRebalance. At 32 s the coordinator moves: c4's parked JoinGroup gets
        // NOT_COORDINATOR; the new coordinator loads generation 1 (c1..c3, Stable), which never knew c4.
        // c4 rediscovers, rejoins with its member id → UNKNOWN_MEMBER_ID → resets, MEMBER_ID_REQUIRED,
        // is added → PreparingRebalance at 32 s. c1..c3 learn at 33.1 s (their 33 s heartbeat hit the old
        // coordinator; retried 100 ms later) → generation 2 at 33.1 s with four members.
        const r = run({
            topics: [topic('orders', 8, 800)],
            members: members(names('c', 4)),
            events: [startAll(['c1', 'c2', 'c3']), startAll(['c4'], 30_000), { kind: 'coordinator-failover', at: 32_000 }],
            durationMs: 60_000
        });
        expect(generations(r.trace).map((g) => [g.generation, g.at, g.members.length])).toEqual([
            [1, 6000, 3],
            [2, 33_100, 4]
        ]);
        expect(r.trace.events.filter((e) => e.name === 'JoinGroup' && e.kind === 'response' && e.member === 'c4').map((e) => [e.at, e.error])).toEqual([
            [30_000, 'MEMBER_ID_REQUIRED'],
            [32_000, 'NOT_COORDINATOR'],
            [32_000, 'UNKNOWN_MEMBER_ID'],
            [32_000, 'MEMBER_ID_REQUIRED'],
            [33_100, 'NONE']
        ]);
    });
});

describe('rebalance timeout and member expiry during a long rebalance', () => {
    it('parked members are not expired by their session; a new member is, after 5 minutes', () => {
        // c1 alone: generation 1 at 3 s; 200 records/s produced for its 1 record/s capacity, so it is
        // always busy: 600 records wait at 3 s, the poll returns max.poll.records = 500, a 500 s batch
        // (and every later poll finds more than 500); max.poll.interval.ms = 600 s so no poll timeout:
        // polls at 3 s + k·500 s.
        // c2 joins at 20 s → PreparingRebalance; join timer = max rebalance timeout = 600 s → 620 s.
        // c1 learns at its 21 s heartbeat but rejoins only at its next poll, 503 s; its REBALANCE_IN_PROGRESS
        // heartbeats keep its session alive meanwhile. c2 waits parked in JoinGroup: its session (45 s)
        // does not apply, but as a new member it expires after 300 s (20 s + 300 s = 320 s): removed,
        // its JoinGroup answered UNKNOWN_MEMBER_ID, it joins again (new member id) at once.
        // c1 rejoins at 503 s: everyone has joined → generation 2 at 503 s.
        const settings: Settings = { 'max.poll.interval.ms': 600_000 };
        const ms = [...members(['c1'], { ...settings, 'process.time.per.record': 1000 }), ...members(['c2'], settings)];
        const r = run({ topics: [topic('orders', 1, 200)], members: ms, events: [startAll(['c1']), startAll(['c2'], 20_000)], durationMs: 700_000 });
        expect(generations(r.trace).map((g) => [g.at, g.members])).toEqual([
            [3000, ['c1']],
            [503_000, ['c1', 'c2']]
        ]);
        expect(eventsNamed(r.trace, 'NewMemberJoinTimeout').map((e) => [e.member, e.at])).toEqual([['c2', 320_000]]);
        expect(eventsNamed(r.trace, 'HeartbeatExpiry')).toHaveLength(0);
        expect(eventsNamed(r.trace, 'PollTimeout')).toHaveLength(0);
    });

    it('a KIP-394 pending member that never comes back blocks the join until its session timeout', () => {
        // 10 ms latency. c1 alone: generation 1 at 3.05 s, heartbeats sent at 3.06 s + k·3 s. At 20 s c2 and
        // c3 start; c2's first JoinGroup reaches the coordinator at 20.03 s (pending member, 45 s timer) but
        // c2 crashes at 20.035 s, before the MEMBER_ID_REQUIRED arrives. c3 is added at 20.05 s →
        // PreparingRebalance; c1 rejoins after its heartbeat (sent 21.06 s, answered 21.08 s, JoinGroup at
        // 21.09 s). Every member has joined but the pending c2 blocks completion until 20.03 + 45 = 65.03 s.
        const r = run({
            topics: [topic('orders', 4, 400)],
            members: members(names('c', 3)),
            events: [startAll(['c1']), startAll(['c2', 'c3'], 20_000), { kind: 'crash', at: 20_035, members: ['c2'] }],
            durationMs: 80_000,
            cluster: { 'network.latency': 10 }
        });
        expect(eventsNamed(r.trace, 'PendingMemberExpiry').map((e) => [e.member, e.at])).toEqual([['c2', 65_030]]);
        expect(generations(r.trace).map((g) => [g.at, g.members])).toEqual([
            [3050, ['c1']],
            [65_030, ['c1', 'c3']]
        ]);
    });
});
