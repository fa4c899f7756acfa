// Simulation benchmark: one simulated hour with a busy timeline, for 10/100/1,000 members and
// 100/1,000/10,000 partitions. Bundles the engine with esbuild, runs each case in its own Node
// process (so peak memory is per case), prints a table with ratios.
//   node bench/simulation/run.mjs            all cases
//   node bench/simulation/run.mjs 1000 10000 one case
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rebal-bench-simulation-'));
const outfile = join(dir, 'one.cjs');
await build({ entryPoints: [join(here, 'one.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });

const args = process.argv.slice(2);
const cases = args.length >= 2 ? [[Number(args[0]), Number(args[1]), args[2] ?? 'range']] : [];
if (cases.length === 0) for (const m of [10, 100, 1000]) for (const p of [100, 1000, 10000]) if (p >= m) cases.push([m, p, 'range']);
if (args.length === 0) cases.push([100, 1000, 'cooperative-sticky'], [1000, 10000, 'cooperative-sticky']);

const rows = [];
for (const [m, p, a] of cases) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', outfile, String(m), String(p), a], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const row = JSON.parse(out.trim().split('\n').pop());
    rows.push(row);
    console.log(
        `${String(m).padStart(5)} members ${String(p).padStart(6)} partitions ${a.padEnd(18)} ` +
            `${(row.wallMs / 1000).toFixed(2).padStart(7)} s wall ${(row.cpuMs / 1000).toFixed(2).padStart(7)} s CPU  ` +
            `${(row.simulatedMsPerWallSecond / 1000).toFixed(0).padStart(6)} simulated s per wall s  ` +
            `${row.events.toString().padStart(9)} events  ${row.rebalances.toString().padStart(4)} rebalances  ` +
            `trace ${(row.traceBytes / 1e6).toFixed(1).padStart(6)} MB  peak RSS ${row.maxRssMb.toFixed(0).padStart(5)} MB`
    );
}
const find = (m, p) => rows.find((r) => r.members === m && r.partitions === p && r.assignor === 'range');
const ratio = (a, b, key) => (a && b ? (a[key] / b[key]).toFixed(1) : 'n/a');
if (rows.length > 1) {
    console.log('\ngrowth (CPU time ratio, peak RSS ratio):');
    const line = (label, a, b) => console.log(`  ${label.padEnd(42)} ${ratio(a, b, 'cpuMs')}× CPU, ${ratio(a, b, 'maxRssMb')}× memory, ${ratio(a, b, 'events')}× events`);
    line('members ×10 (100→1000, 10000 partitions)', find(1000, 10000), find(100, 10000));
    line('members ×10 (10→100, 1000 partitions)', find(100, 1000), find(10, 1000));
    line('partitions ×10 (1000→10000, 100 members)', find(100, 10000), find(100, 1000));
    line('partitions ×10 (100→1000, 10 members)', find(10, 1000), find(10, 100));
}
