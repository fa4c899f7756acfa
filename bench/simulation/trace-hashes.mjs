// Fingerprints of the engine's traces (trace-hashes.ts), to show that a change to the engine
// changes no outcome:
//   node bench/simulation/trace-hashes.mjs > before.txt   (on the commit before the change)
//   node bench/simulation/trace-hashes.mjs > after.txt
//   diff before.txt after.txt                              (only the event counts may differ)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rebal-trace-hashes-'));
const outfile = join(dir, 'trace-hashes.cjs');
// __dirname in the bundle must still find samples/: the bundle is told where the sources are.
await build({ entryPoints: [join(here, 'trace-hashes.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error', define: { __dirname: JSON.stringify(here) } });
process.stdout.write(execFileSync(process.execPath, ['--max-old-space-size=4096', outfile], { encoding: 'utf8', maxBuffer: 1 << 26 }));
