// Language server benchmark: `node bench/language/run.mjs [--requests N] [--builds N]`.
// Bundles bench.ts with esbuild into a temporary CommonJS file and runs each file size in a
// fresh Node process with the Object.groupBy polyfill preloaded (Langium needs it on Node 20).
// Prints, per size: parse + link + check time (first and best of N builds), completion and
// hover latency (median, p95, max over N requests), and ratios between sizes.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const polyfill = join(here, '..', '..', 'language-server', 'src', 'polyfill.cjs');
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
};
const requests = option('--requests', 400);
const builds = option('--builds', 10);
const SIZES = [2_000, 10_000, 50_000];

const dir = mkdtempSync(join(tmpdir(), 'rebal-bench-language-'));
try {
    const outfile = join(dir, 'bench.cjs');
    await build({ entryPoints: [join(here, 'bench.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
    const run = (...argv) => {
        const child = spawnSync(process.execPath, ['--max-old-space-size=4096', '-r', polyfill, outfile, ...argv.map(String)], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`bench ${argv.join(' ')} failed:\n${child.stderr}`);
        return JSON.parse(child.stdout.trim().split('\n').pop());
    };
    const results = SIZES.map((lines) => run(lines, lines >= 50_000 ? Math.min(builds, 3) : builds, requests));
    const dense = run('dense', 20_000);
    const noGroup = [2_000, 8_000].map((lines) => run('no-group-line', lines, lines <= 2_000 ? builds : 3));
    const ms = (n) => n.toFixed(n < 10 ? 2 : 1);
    console.table(
        results.map((r) => ({
            lines: r.lines,
            KB: (r.bytes / 1024).toFixed(0),
            'errors in file': r.errors,
            'build first ms': ms(r.build.first),
            'build best ms': ms(r.build.best),
            'build best CPU ms': ms(r.build.bestCpu),
            'best ms / 1k lines': (r.build.best / (r.lines / 1000)).toFixed(2),
            'completion median ms': ms(r.completion.median),
            'completion p95 ms': ms(r.completion.p95),
            'hover median ms': ms(r.hover.median),
            'hover p95 ms': ms(r.hover.p95),
            requests: `${r.completion.n}+${r.hover.n}`
        }))
    );
    console.log('where the best build goes, per phase (best of the builds, ms): parse, then Langium\'s builder phases');
    console.table(results.map((r) => ({ lines: r.lines, ...Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, ms(v)])) })));
    const base = results[0];
    console.log('ratios to the 2k-line file (size ratio in brackets; 1.0× per 1.0× of size is linear):');
    for (const r of results.slice(1)) {
        const size = r.lines / base.lines;
        console.log(
            `  ${r.lines} lines [${size}×]: build ${(r.build.best / base.build.best).toFixed(1)}×, completion median ${(r.completion.median / base.completion.median).toFixed(1)}×, hover median ${(r.hover.median / base.hover.median).toFixed(1)}×`
        );
    }
    console.log(`error-dense file: ${dense.lines} lines, ${(dense.bytes / 1024).toFixed(0)} KB, ${dense.diagnostics} diagnostics, parse + link + check ${ms(dense.build.best)} ms`);
    console.log(
        `scenarios without a group line: ${noGroup.map((r) => `${r.lines} lines ${ms(r.build.best)} ms`).join(', ')} (${(noGroup[1].build.best / noGroup[0].build.best).toFixed(1)}× for ${(noGroup[1].lines / noGroup[0].lines).toFixed(1)}× the size; ${noGroup.map((r) => r.errors).join(' and ')} errors)`
    );
    console.log(`node ${process.version}; build = parse + link + check of the whole file (${builds} builds, 3 at 50k; CPU = user + system time of the process, all threads, garbage collector included); completion and hover: ${requests} requests per size.`);
} finally {
    rmSync(dir, { recursive: true, force: true });
}
