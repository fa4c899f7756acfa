/**
 * A fingerprint of the engine's output: the SHA-256 of the JSON trace of every sample scenario
 * (exact and with settled heartbeat round trips) and of the benchmark timeline at small sizes
 * under several settings. An optimisation must leave every line unchanged; the event count (the
 * last column) is the only thing it may change. Run by trace-hashes.mjs.
 */
import '../../language-server/src/polyfill.cjs';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NodeFileSystem } from 'langium/node';
import { buildWorkspace, expandPaths } from '../../language-server/src/cli/workspace.js';
import * as ast from '../../language-server/src/language/generated/ast.js';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import type { MemberConfig, SimulationInput } from '../../language-server/src/model/simulation-input.js';
import { simulate } from '../../language-server/src/simulation/index.js';
import { benchInput } from './cases.js';

function line(name: string, input: SimulationInput, settleRoundTripsAtOnce = true): void {
    const { trace } = simulate(input, { settleRoundTripsAtOnce });
    // The event count says what the engine did, not what happened: it is printed apart.
    const json = JSON.stringify({ ...trace, summary: { ...trace.summary, eventsProcessed: 0 } });
    console.log(`${name} ${createHash('sha256').update(json).digest('hex').slice(0, 24)} ${trace.summary.eventsProcessed}`);
}

/** The same input with every member's (and every `slow` event's) config patched. */
function patched(input: SimulationInput, patch: (c: MemberConfig, i: number) => Partial<MemberConfig>): SimulationInput {
    const index = new Map(input.members.map((m, i) => [m.name, i]));
    const fix = (c: MemberConfig, i: number): MemberConfig => ({ ...c, ...patch(c, i) });
    return {
        ...input,
        members: input.members.map((m, i) => ({ ...m, config: fix(m.config, i) })),
        events: input.events.map((e) =>
            e.kind === 'slow' ? { ...e, configDuring: Object.fromEntries(Object.entries(e.configDuring).map(([n, c]) => [n, fix(c, index.get(n) ?? 0)])) } : e
        )
    };
}

async function main(): Promise<void> {
    const root = join(__dirname, '..', '..');
    const { shared, Rebal } = createRebalServices(NodeFileSystem);
    const samples = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.rebal')).sort();
    const files = expandPaths(samples.map((s) => join(root, 'samples', s)), root);
    await buildWorkspace(shared, files);
    for (const file of files) {
        const doc = file.document?.parseResult.value;
        if (!ast.isDocument(doc)) continue;
        for (const scenario of doc.elements.filter(ast.isScenario)) {
            const input = Rebal.simulation.SimulationService.inputOf(scenario);
            if (!input) continue;
            const name = `sample ${basename(file.shown, '.rebal')}.${scenario.name}`;
            line(name, input);
            line(`${name} exact`, input, false);
        }
    }
    for (const [members, partitions] of [[10, 100], [30, 300]] as const) {
        for (const assignor of ['range', 'cooperative-sticky'] as const) {
            const base = benchInput(members, partitions, assignor);
            const name = `bench ${members}x${partitions} ${assignor}`;
            line(name, base);
            line(`${name} exact`, base, false);
            line(`${name} latency-5ms`, { ...base, cluster: { ...base.cluster, networkLatencyMs: 5 } });
            line(`${name} manual-commits`, patched(base, () => ({ enableAutoCommit: false })));
            line(`${name} static`, patched(base, (_, i) => ({ groupInstanceId: `instance-${i}` })));
            line(`${name} commit-on-revoke`, patched(base, () => ({ rebalanceListener: 'commit-on-revoke', revokeTimeMs: 200 })));
            line(`${name} busy`, patched(base, (c, i) => ({ processTimePerRecordMs: i % 3 === 0 ? 2 : c.processTimePerRecordMs, maxPollRecords: 100 })));
            line(`${name} odd-intervals`, patched(base, (_, i) => ({ heartbeatIntervalMs: 1000 + (i % 2) * 700, autoCommitIntervalMs: 2000 + i * 13 })));
        }
    }
    line('bench 100x1000 range', benchInput(100, 1000, 'range'));
    line('bench 100x1000 cooperative-sticky', benchInput(100, 1000, 'cooperative-sticky'));
}

void main();
