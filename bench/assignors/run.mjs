// Assignor benchmarks: `node bench/assignors/run.mjs [case-name-substring] [--runs N]`.
// Bundles bench.ts with esbuild into a temporary CommonJS file, runs each case in its own Node
// process (so peak memory is per case) and prints time, ratio to Kafka's time and peak memory.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const filter = args.find((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1)) ?? '';

const dir = mkdtempSync(join(tmpdir(), 'rebal-bench-assignors-'));
try {
    const outfile = join(dir, 'bench.cjs');
    await build({ entryPoints: [join(here, 'bench.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
    const { CASES } = await import(join(here, 'case-names.mjs'));
    const rows = [];
    for (const c of CASES.filter((c) => c.name.includes(filter))) {
        const child = spawnSync(process.execPath, ['--max-old-space-size=4096', outfile, c.name, String(runs)], { encoding: 'utf8' });
        if (child.status !== 0) {
            console.error(`${c.name}: failed\n${child.stderr}`);
            process.exitCode = 1;
            continue;
        }
        const r = JSON.parse(child.stdout.trim().split('\n').pop());
        const first = r.times[0];
        const best = Math.min(...r.times);
        rows.push({
            case: c.name,
            members: r.members,
            partitions: r.partitions,
            'first ms': first.toFixed(0),
            'best ms': best.toFixed(0),
            'best CPU ms': Math.min(...r.cpuTimes).toFixed(0),
            'Kafka ms': c.kafkaMs,
            'Kafka/first': (c.kafkaMs / first).toFixed(1) + '×',
            'Kafka/best': (c.kafkaMs / best).toFixed(1) + '×',
            'peak RSS MB': r.peakRssMb.toFixed(0),
            'RSS before MB': r.rssBeforeMb.toFixed(0)
        });
    }
    console.table(rows);
    console.log(`node ${process.version}, ${runs} run(s) per case; CPU = user + system time of the process (all threads) during the call; Kafka times: JDK 17, from the task brief.`);
} finally {
    rmSync(dir, { recursive: true, force: true });
}
