/**
 * Engine traces for the KIP-848 tests of the panel: the two consumer-protocol samples and the
 * slow-revocation fixture (test/webview/fixtures/), simulated as engine-traces.ts simulates every
 * sample. Keyed by scenario name.
 */
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { simulateSamples } from './engine-traces.js';

export const KIP848_TRACE_FILES = ['samples/kip-848.rebal', 'samples/live-migration.rebal', 'test/webview/fixtures/kip848-slow-revoke.rebal'];

export async function kip848Traces(): Promise<Record<string, Trace>> {
    const { traces, failures } = await simulateSamples(KIP848_TRACE_FILES);
    if (failures.length) throw new Error(`simulation failed: ${JSON.stringify(failures)}`);
    return Object.fromEntries(traces.map((t) => [t.scenario, t.trace]));
}
