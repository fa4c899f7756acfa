/**
 * The samples are what a user starts from: each checks without errors (`rebal check
 * samples/*.rebal` exits 0), and the only warnings and infos are those a sample shows on
 * purpose, marked by a `// shows CODE` comment on the line of the diagnostic or in the
 * comment lines just above it. complete-example.rebal is language.md's acceptance example:
 * its only warning is `mixed-protocol` on c3 (a `poll-budget` hint on the `slow` line is
 * allowed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkFiles } from '../../language-server/src/cli/check.js';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = readdirSync(join(ROOT, 'samples'))
    .filter((f) => f.endsWith('.rebal'))
    .sort()
    .map((f) => `samples/${f}`);

/** The codes a `// shows CODE` comment marks for the diagnostic starting on `line` (0-based). */
function markedCodes(lines: readonly string[], line: number): string[] {
    const codes: string[] = [];
    const collect = (text: string) => {
        for (const m of text.matchAll(/\/\/.*?\bshows\s+([a-z-]+)/g)) codes.push(m[1]);
    };
    collect(lines[line] ?? '');
    for (let i = line - 1; i >= 0 && lines[i].trim().startsWith('//'); i--) collect(lines[i]);
    return codes;
}

describe('samples', () => {
    test('there is one sample per seed scenario at least', () => {
        expect(SAMPLES.length).toBeGreaterThanOrEqual(8);
    });

    test('every sample checks without errors; warnings and infos only where a sample shows them on purpose', async () => {
        const report = await checkFiles(SAMPLES, ROOT);
        const unexpected: string[] = [];
        for (const file of report.files) {
            if (file.file.endsWith('complete-example.rebal')) continue;
            const lines = readFileSync(join(ROOT, file.file), 'utf8').split('\n');
            for (const d of file.diagnostics) {
                if (d.severity === 'hint') continue;
                if (d.severity === 'error' || !markedCodes(lines, d.range.start.line).includes(d.code)) {
                    unexpected.push(`${file.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
                }
            }
        }
        expect(unexpected).toEqual([]);
    });

    test('complete-example.rebal: only mixed-protocol on c3 (and the allowed poll-budget hint)', async () => {
        const report = await checkFiles(['samples/complete-example.rebal'], ROOT);
        const lines = readFileSync(join(ROOT, 'samples/complete-example.rebal'), 'utf8').split('\n');
        const shown = report.files[0].diagnostics
            .filter((d) => !(d.severity === 'hint' && d.code === 'poll-budget' && /\bslow\b/.test(lines[d.range.start.line])))
            .map((d) => `${d.severity} ${d.code} ${lines[d.range.start.line].trim()}`);
        expect(shown).toEqual(['warning mixed-protocol consumer c3 {']);
    });

    test('`rebal check samples/*.rebal` exits 0', () => {
        const bundle = join(ROOT, 'out', 'cli', 'rebal.cjs');
        if (!existsSync(bundle)) {
            const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
            expect(build.status, build.stderr).toBe(0);
        }
        const run = spawnSync(process.execPath, [bundle, 'check', ...SAMPLES], { cwd: ROOT, encoding: 'utf8' });
        expect(run.stdout).toMatch(/files checked: 0 errors/);
        expect(run.status, run.stdout + run.stderr).toBe(0);
    });
});
