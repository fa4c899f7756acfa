/**
 * The worker entry (language-server/src/simulation/worker.ts), bundled the way esbuild.mjs
 * bundles it, run in a real worker thread: it answers a SimulationInput with the same result as
 * simulate() in-process, reports engine failures as messages, and can be cancelled by terminating it.
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../language-server/src/simulation/index.js';
import type { WorkerResponse } from '../../language-server/src/simulation/worker.js';
import { members, names, scenario, topic } from './helpers.js';

let bundle = '';

beforeAll(async () => {
    bundle = join(mkdtempSync(join(tmpdir(), 'rebal-sim-worker-')), 'simulation-worker.cjs');
    await build({ entryPoints: ['language-server/src/simulation/worker.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
});

function ask(worker: Worker, message: unknown): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(message);
    });
}

describe('simulation worker', () => {
    const input = scenario({
        topics: [topic('orders', 6, 600)],
        members: members(names('c', 3)),
        events: [{ kind: 'start', at: 0, members: ['c1', 'c2', 'c3'] }],
        durationMs: 60_000
    });

    it('answers with the same result as simulate()', async () => {
        const worker = new Worker(bundle);
        try {
            const response = await ask(worker, { id: 7, input });
            expect(response.id).toBe(7);
            expect(response.ok).toBe(true);
            if (response.ok) expect(JSON.stringify(response.result)).toBe(JSON.stringify(simulate(input)));
        } finally {
            await worker.terminate();
        }
    });

    it('reports a failure instead of dying', async () => {
        const worker = new Worker(bundle);
        try {
            const response = await ask(worker, { id: 1, input: { ...input, members: null } });
            expect(response).toMatchObject({ id: 1, ok: false });
        } finally {
            await worker.terminate();
        }
    });

    it('is cancelled by terminating it', async () => {
        const worker = new Worker(bundle);
        const long = { ...input, durationMs: 10 * 24 * 3_600_000 };
        const answered = new Promise((resolve) => worker.once('message', resolve));
        worker.postMessage({ id: 2, input: long });
        // Let it start on ten simulated days, then cancel.
        await new Promise((r) => setTimeout(r, 300));
        await worker.terminate();
        const raced = await Promise.race([answered, new Promise((r) => setTimeout(() => r('no answer'), 200))]);
        expect(raced).toBe('no answer');
    });
});
