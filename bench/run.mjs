// `npm run bench`: every benchmark, one after the other (they would disturb each other's
// timings in parallel on 2 cores). Each prints its own table with sizes and ratios; the
// latest results are recorded in docs/benchmarks.md. `npm run bench -- simulation language`
// runs only the named ones.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = ['language', 'assignors', 'simulation', 'webview'];
const chosen = process.argv.slice(2).filter((a) => all.includes(a));
const failures = [];
for (const name of chosen.length ? chosen : all) {
    const script = join(here, name, 'run.mjs');
    if (!existsSync(script)) continue;
    console.log(`\n=== ${name} ===`);
    const started = Date.now();
    const { status } = spawnSync(process.execPath, [script], { stdio: 'inherit' });
    console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (status !== 0) failures.push(name);
}
if (failures.length) {
    console.error(`benchmarks that failed: ${failures.join(', ')}`);
    process.exitCode = 1;
}
