/**
 * Real traces for the browser tests and the demo images: every scenario of every sample, simulated
 * by the engine from the file as the language server reads it. Each file runs in its own Node
 * process with a time limit, so an engine run that never ends is reported, not waited for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Trace } from '../../language-server/src/simulation/trace.js';

export interface SampleTrace {
    /** `samples/gc-pause.rebal` */
    readonly file: string;
    readonly scenario: string;
    readonly trace: Trace;
}

export interface SampleFailure {
    readonly file: string;
    readonly scenario?: string;
    readonly error: string;
}

export const SAMPLES_DIR = 'samples';
const TIME_LIMIT_MS = 90_000;

export async function simulateSamples(files = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.rebal')).sort().map((f) => join(SAMPLES_DIR, f))): Promise<{ traces: SampleTrace[]; failures: SampleFailure[] }> {
    const dir = mkdtempSync(join(tmpdir(), 'rebal-samples-'));
    const script = join(dir, 'simulate.cjs');
    try {
        await esbuild.build({
            entryPoints: ['test/webview/simulate-samples.script.ts'],
            bundle: true,
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            outfile: script,
            logLevel: 'warning'
        });
        const traces: SampleTrace[] = [];
        const failures: SampleFailure[] = [];
        // One file at a time: the machine has two cores and the browser needs one.
        for (const file of files) {
            const out = await new Promise<{ stdout: string; error?: string }>((resolve) => {
                execFile(
                    process.execPath,
                    ['-r', './language-server/src/polyfill.cjs', script, file],
                    { timeout: TIME_LIMIT_MS, maxBuffer: 1 << 30 },
                    (err, stdout, stderr) => resolve({ stdout, error: err ? `${err.killed ? `no answer within ${TIME_LIMIT_MS / 1000}s` : err.message} ${stderr}`.trim() : undefined })
                );
            });
            for (const line of out.stdout.split('\n')) {
                if (!line.trim()) continue;
                const r = JSON.parse(line) as { scenario: string; trace?: Trace; error?: string };
                if (r.trace) traces.push({ file, scenario: r.scenario, trace: r.trace });
                else failures.push({ file, scenario: r.scenario, error: r.error ?? 'unknown' });
            }
            if (out.error) failures.push({ file, error: out.error });
        }
        return { traces, failures };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
