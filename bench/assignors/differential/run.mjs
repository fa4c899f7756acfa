// Differential runs against Kafka's own assignors (see README.md):
//   sh bench/assignors/differential/setup.sh /path/to/kafka/.git   (once)
//   node bench/assignors/differential/run.mjs [--cases N] [--seeds a,b,c] [--large]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const out = process.env.OUT ?? '/tmp/rebal-kafka-diff';
if (!existsSync(join(out, 'slf4j-jar'))) {
    console.error(`no Kafka build in ${out}: run setup.sh first`);
    process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'rebal-differential-'));
try {
    const outfile = join(dir, 'differential.cjs');
    await build({ entryPoints: [join(here, 'differential.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
    let failed = false;
    for (const side of ['client', 'server']) {
        for (const seed of opt('--seeds', '1,2,3').split(',')) {
            const r = spawnSync(process.execPath, [outfile, side, seed, opt('--cases', '1000'), args.includes('--large') ? 'large' : 'small', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
            process.stdout.write(r.stdout);
            if (r.status !== 0) {
                failed = true;
                process.stderr.write(r.stderr);
            }
        }
    }
    process.exitCode = failed ? 1 : 0;
} finally {
    rmSync(dir, { recursive: true, force: true });
}
