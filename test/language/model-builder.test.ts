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
});
