/**
 * CLI tests written as markdown (in the style of Quint's): each test/cli/*.md file holds
 * commands and the output they must print. A `sh` block with one `rebal …` command is
 * followed by an `output exit=N` block (the exact standard output and the exit code), and
 * optionally a `stderr` block (the exact standard error); a `stdin` block before the command
 * is fed to it. The command runs the bundled CLI (out/cli/rebal.cjs) with node, from the
 * repository root. See test/cli/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'out', 'cli', 'rebal.cjs');

interface CliCase {
    readonly title: string;
    readonly args: string[];
    readonly stdin?: string;
    readonly stdout: string;
    readonly exit: number;
    readonly stderr?: string;
}

interface Block {
    readonly info: string;
    readonly body: string;
    readonly heading: string;
    readonly line: number;
}

function blocks(markdown: string): Block[] {
    const out: Block[] = [];
    const lines = markdown.split('\n');
    let heading = '';
    for (let i = 0; i < lines.length; i++) {
        const h = /^#+\s+(.*)$/.exec(lines[i]);
        if (h) heading = h[1].trim();
        const open = /^```(.*)$/.exec(lines[i]);
        if (!open) continue;
        const start = i;
        const body: string[] = [];
        for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
        out.push({ info: open[1].trim(), body: body.length ? body.join('\n') + '\n' : '', heading, line: start + 1 });
    }
    return out;
}

/** Splits a command line into words: spaces separate, single or double quotes group. */
function shellWords(line: string): string[] {
    const words: string[] = [];
    const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
    for (const m of line.matchAll(pattern)) words.push(m[1] ?? m[2] ?? m[3]);
    return words;
}

function readCases(file: string): CliCase[] {
    const cases: CliCase[] = [];
    const all = blocks(readFileSync(file, 'utf8'));
    let stdin: string | undefined;
    for (let i = 0; i < all.length; i++) {
        const block = all[i];
        if (block.info === 'stdin') {
            stdin = block.body;
            continue;
        }
        if (block.info !== 'sh') continue;
        const where = `${file}:${block.line}`;
        const words = shellWords(block.body.trim());
        if (words[0] !== 'rebal') throw new Error(`${where}: a sh block holds one \`rebal …\` command`);
        const output = all[i + 1];
        const exit = output ? /^output\s+exit=(\d+)$/.exec(output.info) : null;
        if (!exit) throw new Error(`${where}: the command must be followed by an \`output exit=N\` block`);
        const stderr = all[i + 2]?.info === 'stderr' ? all[i + 2].body : undefined;
        cases.push({ title: `${block.heading} (line ${block.line})`, args: words.slice(1), stdin, stdout: output.body, exit: Number(exit[1]), stderr });
        stdin = undefined;
        i += stderr === undefined ? 1 : 2;
    }
    return cases;
}

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        const stat = statSync(path);
        newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
    }
    return newest;
}

beforeAll(() => {
    // Build the bundle when it is missing or older than the sources it is made from.
    if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestSource(join(ROOT, 'language-server', 'src'))) return;
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs failed:\n${build.stderr}`);
});

const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort();

for (const file of files) {
    describe(`test/cli/${file}`, () => {
        const cases = readCases(join(__dirname, file));
        test('has commands', () => expect(cases.length).toBeGreaterThan(0));
        for (const c of cases) {
            test(c.title, () => {
                const run = spawnSync(process.execPath, [BUNDLE, ...c.args], { cwd: ROOT, input: c.stdin ?? '', encoding: 'utf8' });
                expect(run.stdout).toBe(c.stdout);
                if (c.stderr !== undefined) expect(run.stderr).toBe(c.stderr);
                expect(run.status, `exit code; stderr:\n${run.stderr}`).toBe(c.exit);
            });
        }
    });
}
