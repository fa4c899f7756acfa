/**
 * Records are whole: the engine's flow model gives fractional duplicate counts (processing is a
 * continuous flow, simulation/README.md), but what a user reads — the CLI summary and the
 * CodeLens — counts whole records, as the expectations compare them (rounded).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulate } from '../../language-server/src/cli/simulate.js';
import { summaryTitle } from '../../language-server/src/language/rebal-code-lens.js';
import type { Trace } from '../../language-server/src/simulation/trace.js';

const ROOT = join(__dirname, '..', '..');

describe('record counts in summaries', () => {
    it('complete-example: the CLI summary and the CodeLens show whole duplicates where the flow model has a fraction', async () => {
        const json = join(mkdtempSync(join(tmpdir(), 'rebal-summary-')), 'trace.json');
        let out = '';
        const code = await runSimulate({ file: 'samples/complete-example.rebal', cwd: ROOT, summaryOnly: true, json }, (t) => (out += t), () => {});
        expect(code).toBe(0);
        const written = JSON.parse(readFileSync(json, 'utf8'));
        const trace: Trace = written.runs[0].trace;
        const duplicates = trace.summary.duplicates;
        expect(Number.isInteger(duplicates)).toBe(false);
        const whole = Math.round(duplicates);
        expect(out).toContain(`duplicates ${whole} · `);
        expect(summaryTitle(trace.summary)).toMatch(new RegExp(`· ${whole} duplicates$`));
    });
});
