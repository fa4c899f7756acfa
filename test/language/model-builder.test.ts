import { describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { buildSimulationInput } from '../../language-server/src/language/model-builder.js';
import type { Document, Scenario } from '../../language-server/src/language/generated/ast.js';

async function build(text: string) {
    const services = createRebalServices(EmptyFileSystem);
    const doc = await parseHelper<Document>(services.Rebal)(text, { validation: true });
    const scenario = doc.parseResult.value.elements.find((e): e is Scenario => e.$type === 'Scenario')!;
    return buildSimulationInput(scenario, services.shared.workspace.LangiumDocuments)!;
}

describe('model builder', () => {
    test('the complete example resolves to what language.md says', async () => {
        const input = await build(readFileSync('samples/complete-example.rebal', 'utf8'));
        expect(input.scenario).toBe('rolling-deploy');
        expect(input.durationMs).toBe(15 * 60_000);
        expect(input.seed).toBe(42);
        expect(input.cluster.initialRebalanceDelayMs).toBe(3000);
        expect(input.cluster.networkLatencyMs).toBe(2);
        expect(input.topics.map((t) => [t.name, t.partitions, t.producePerSecond])).toEqual([
            ['orders', 12, 2000],
            ['payments', 6, 300]
        ]);
        expect(input.topics[1].keySkew).toEqual({ kind: 'zipf', exponent: 1.1 });
        expect(input.members.map((m) => m.name)).toEqual(['c1', 'c2', 'c3', 'worker1', 'worker2', 'worker3', 'worker4', 'worker5', 'worker6']);
        const c3 = input.members[2].config;
        expect(c3.assignors).toEqual(['cooperative-sticky', 'range']);
        expect(c3.groupInstanceId).toBe('orders-3');
        expect(c3.sessionTimeoutMs).toBe(45_000);
        expect(c3.heartbeatIntervalMs).toBe(3000);
        expect(c3.enableAutoCommit).toBe(false);
        expect(c3.processTimePerRecordMs).toBe(1);
        const w1 = input.members[3].config;
        expect(w1.groupInstanceId).toBeNull();
        expect(w1.assignors).toEqual(['cooperative-sticky']);
        expect(w1.subscription).toEqual(['orders', 'payments']);
        expect(input.events.map((e) => [e.kind, e.at])).toEqual([
            ['start', 0],
            ['rolling-restart', 120_000],
            ['crash', 300_000],
            ['gc-pause', 360_000],
            ['network-partition', 420_000],
            ['slow', 480_000],
            ['add-partitions', 540_000],
            ['subscribe', 600_000],
            ['stop', 660_000],
            ['coordinator-failover', 720_000]
        ]);
        const start = input.events[0];
        expect(start.kind === 'start' && start.members.length).toBe(9);
        const slow = input.events[5];
        expect(slow.kind === 'slow' && slow.configDuring.worker1.processTimePerRecordMs).toBe(800);
        expect(input.expectations.map((e) => [e.subject.kind, e.op, e.at])).toEqual([
            ['rebalances', '>=', undefined],
            ['max-pause', '<', undefined],
            ['error', '==', undefined],
            ['state', '==', 14 * 60_000]
        ]);
        expect(input.expectations[1].value).toEqual({ kind: 'duration', ms: 60_000 });
    });

    test('deploys accumulate: the two-bounce upgrade', async () => {
        const input = await build(`
topic t { partitions = 6 }
group g {
  subscribe t
  consumers c[1..3]
}
scenario upgrade {
  group g
  at 0s start all
  at 2m rolling-restart c1, c2, c3 every 30s down 10s with { partition.assignment.strategy = [cooperative-sticky, range] }
  at 6m rolling-restart c[1..3] every 30s down 10s with { partition.assignment.strategy = [cooperative-sticky] }
}`);
        const [, first, second] = input.events;
        expect(first.kind === 'rolling-restart' && first.configAfter!.c2.assignors).toEqual(['cooperative-sticky', 'range']);
        expect(second.kind === 'rolling-restart' && second.configAfter!.c3.assignors).toEqual(['cooperative-sticky']);
        expect(input.members[0].config.assignors).toEqual(['range', 'cooperative-sticky']);
    });

    test('`key = unset` in a deploy: the members come back with Kafka\'s defaults, whatever the group wrote', async () => {
        // The group writes session 30s, heartbeat 5s, [cooperative-sticky]; the deploy moves c1, c2
        // to the consumer protocol and unsets the classic settings: the catalog's defaults follow
        // (45 000 ms, 3 000 ms, [range, cooperative-sticky], kafka-semantics.md §5.1), c3 keeps the group's.
        const input = await build(`
topic t { partitions = 6 }
group g {
  session.timeout.ms = 30s
  heartbeat.interval.ms = 5s
  partition.assignment.strategy = [cooperative-sticky]
  group.instance.id = "g-static"
  subscribe t
  consumer c1
  consumer c2
  consumer c3 { group.instance.id = "c3" }
}
scenario migrate {
  group g
  at 0s start all
  at 1m rolling-restart c1, c2 every 30s down 4s
    with { group.protocol = consumer  partition.assignment.strategy = unset  session.timeout.ms = unset  heartbeat.interval.ms = unset  group.instance.id = unset }
  at 3m restart c2 down 4s with { session.timeout.ms = 20s }
}`);
        expect(input.members.map((m) => [m.name, m.config.sessionTimeoutMs, m.config.heartbeatIntervalMs, m.config.assignors])).toEqual([
            ['c1', 30_000, 5000, ['cooperative-sticky']],
            ['c2', 30_000, 5000, ['cooperative-sticky']],
            ['c3', 30_000, 5000, ['cooperative-sticky']]
        ]);
        const [, migrate, later] = input.events;
        if (migrate.kind !== 'rolling-restart' || later.kind !== 'restart') throw new Error('unexpected events');
        expect(Object.keys(migrate.configAfter!)).toEqual(['c1', 'c2']);
        for (const name of ['c1', 'c2']) {
            const config = migrate.configAfter![name];
            expect(config.groupProtocol).toBe('consumer');
            expect(config.sessionTimeoutMs).toBe(45_000);
            expect(config.heartbeatIntervalMs).toBe(3000);
            expect(config.assignors).toEqual(['range', 'cooperative-sticky']);
            // group.instance.id has no default: unset, the member is dynamic.
            expect(config.groupInstanceId).toBeNull();
        }
        // A later deploy layers on top of the unset: c2 gets 20s and keeps the rest.
        expect(later.configAfter!.c2.sessionTimeoutMs).toBe(20_000);
        expect(later.configAfter!.c2.heartbeatIntervalMs).toBe(3000);
        expect(later.configAfter!.c2.groupProtocol).toBe('consumer');
    });

    test('`key = unset` in a member, a group, a slow event, the cluster and a scenario', async () => {
        const input = await build(`
cluster { group.initial.rebalance.delay.ms = 0ms  network.latency = 5ms  process.time.per.record = 2ms }
topic t { partitions = 6 }
group g {
  session.timeout.ms = 30s
  process.time.per.record = unset
  consumer.session.timeout.ms = 50s
  subscribe t
  consumer c1
  consumer c2 { session.timeout.ms = unset  client.id = unset }
}
scenario s {
  group g
  network.latency = unset
  at 0s start all
  at 1m slow c1 session.timeout.ms = unset for 10s
}`);
        const [c1, c2] = input.members;
        // The member's unset beats the group's 30s; the group's unset beats the cluster's 2ms.
        expect(c1.config.sessionTimeoutMs).toBe(30_000);
        expect(c2.config.sessionTimeoutMs).toBe(45_000);
        expect(c1.config.processTimePerRecordMs).toBe(0);
        // client.id has no Kafka default: rebal's is the member's name.
        expect(c2.config.clientId).toBe('c2');
        // The scenario's unset hides the cluster's 5ms: the simulator's 0ms.
        expect(input.cluster.networkLatencyMs).toBe(0);
        expect(input.cluster.initialRebalanceDelayMs).toBe(0);
        expect(input.cluster.consumerGroup.sessionTimeoutMs).toBe(50_000);
        const slow = input.events[1];
        expect(slow.kind === 'slow' && slow.configDuring.c1.sessionTimeoutMs).toBe(45_000);
    });

    test('`consumer.session.timeout.ms = unset` on a group: the broker\'s group.consumer.session.timeout.ms applies', async () => {
        const input = await build(`
cluster { group.consumer.session.timeout.ms = 50s }
topic t { partitions = 1 }
group g {
  group.protocol = consumer
  consumer.session.timeout.ms = unset
  subscribe t
  consumer c1
}
scenario s { at 0s start all }`);
        expect(input.cluster.consumerGroup.sessionTimeoutMs).toBe(50_000);
    });

    test('cluster blocks merge in import order: a later `unset` restores the broker default over an earlier block', async () => {
        const input = await build(`
cluster { group.initial.rebalance.delay.ms = 10s }
cluster { group.initial.rebalance.delay.ms = unset }
topic t { partitions = 1 }
group g {
  subscribe t
  consumer c1
}
scenario s { at 0s start all }`);
        // GroupCoordinatorConfig's default: 3 000 ms.
        expect(input.cluster.initialRebalanceDelayMs).toBe(3000);
    });
});
