// Before/after comparison of the engine in one process: bundles `simulate` and the benchmark input
// from two checkouts, then runs 1,000 members × 10,000 partitions with each, alternating (so that
// the machine's other load falls on both alike), and prints each one's CPU times and medians.
//   node --single-threaded --expose-gc bench/simulation/ab.mjs <before-dir> [after-dir] [range|cooperative-sticky] [runs]
// <before-dir> is a copy of the repository at the commit to compare with (e.g. `git archive <commit> | tar -x -C dir`);
// after-dir defaults to this repository. Nothing is asserted: the numbers are measurements.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [beforeArg, afterArg, assignor = 'range', runsArg = '5'] = process.argv.slice(2);
if (!beforeArg) {
    console.error('usage: node --single-threaded --expose-gc bench/simulation/ab.mjs <before-dir> [after-dir] [assignor] [runs]');
    process.exit(2);
}
const dirs = { before: resolve(beforeArg), after: resolve(afterArg ?? join(here, '..', '..')) };
const out = mkdtempSync(join(tmpdir(), 'rebal-bench-ab-'));
const require = createRequire(import.meta.url);
const libs = {};
for (const [name, dir] of Object.entries(dirs)) {
    const outfile = join(out, `${name}.cjs`);
    await build({
        stdin: {
            contents: "export { simulate } from './language-server/src/simulation/index.js';\nexport { benchInput } from './bench/simulation/cases.js';\n",
            resolveDir: dir,
            loader: 'ts'
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'error'
    });
    libs[name] = require(outfile);
}

const runs = Number(runsArg);
const results = { before: [], after: [] };
for (let i = 0; i < runs; i++) {
    for (const name of i % 2 === 0 ? ['before', 'after'] : ['after', 'before']) {
        const input = libs[name].benchInput(1000, 10000, assignor);
        globalThis.gc?.();
        const cpu0 = process.cpuUsage();
        const { trace } = libs[name].simulate(input);
        const cpu = process.cpuUsage(cpu0);
        results[name].push({ cpuMs: (cpu.user + cpu.system) / 1000, events: trace.summary.eventsProcessed });
    }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const name of ['before', 'after']) {
    const cpu = results[name].map((r) => r.cpuMs);
    console.log(
        `${name.padEnd(6)} ${assignor}: CPU ${cpu.map((x) => (x / 1000).toFixed(2)).join(' ')} s, median ${(median(cpu) / 1000).toFixed(2)} s, ` +
            `best ${(Math.min(...cpu) / 1000).toFixed(2)} s, events ${results[name][0].events}`
    );
}
const ratio = median(results.after.map((r) => r.cpuMs)) / median(results.before.map((r) => r.cpuMs));
console.log(`after / before (CPU medians): ${ratio.toFixed(3)}`);
