// Profile one build size: `node bench/language/profile.mjs [LINES] [BUILDS]`.
// Bundles bench.ts as run.mjs does, runs it once under `node --cpu-prof`, and prints the
// functions with the most self time and the most total (inclusive) time, so a superlinear
// cost shows up by name. The .cpuprofile is kept (its path is printed) for Chrome DevTools.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const polyfill = join(here, '..', '..', 'language-server', 'src', 'polyfill.cjs');
const lines = Number(process.argv[2] ?? 50_000);
const builds = Number(process.argv[3] ?? 2);

const dir = mkdtempSync(join(tmpdir(), 'rebal-profile-language-'));
// Langium and chevrotain stay outside the bundle, so the profile names their files apart
// from ours. Langium is ESM-only: the bundle is ESM and sits inside the repository (removed
// after the run) so that Node finds node_modules from it.
const bundleDir = join(here, '.profile-bundle');
mkdirSync(bundleDir, { recursive: true });
const outfile = join(bundleDir, 'bench.mjs');
const external = ['langium', 'langium/*', 'chevrotain', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-types', 'vscode-jsonrpc', 'vscode-uri'];
await build({ entryPoints: [join(here, 'bench.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', external });
// One request each: the profile is about the builds.
const child = spawnSync(process.execPath, ['--max-old-space-size=4096', '--cpu-prof', `--cpu-prof-dir=${dir}`, '-r', polyfill, outfile, String(lines), String(builds), '1'], { encoding: 'utf8' });
rmSync(bundleDir, { recursive: true, force: true });
if (child.status !== 0) throw new Error(child.stderr);
console.log(child.stdout.trim().split('\n').pop());

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000; // ms per sample
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\//, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
for (const [id, count] of selfSamples) {
    const node = byId.get(id);
    self.set(label(node), (self.get(label(node)) ?? 0) + count);
    // Inclusive: once per distinct function on the stack.
    const onStack = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) onStack.add(label(byId.get(at)));
    for (const l of onStack) total.set(l, (total.get(l) ?? 0) + count);
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([l, c]) => `${(c * interval).toFixed(0).padStart(7)} ms  ${l}`).join('\n');
// Per library: self time summed by package (ours is the bundle, bench.cjs).
const byPackage = new Map();
for (const [l, c] of self) {
    const m = /\s(@?[\w.-]+)\//.exec(l);
    const key = l.includes('bench.mjs') ? 'rebal (bench.mjs)' : m ? m[1] : l.split(' ')[0];
    byPackage.set(key, (byPackage.get(key) ?? 0) + c);
}
const ours = new Map([...total].filter(([l]) => l.includes('bench.mjs')));
console.log(`\nself time by package:\n${top(byPackage, 8)}\n\nself time (top 30):\n${top(self, 30)}\n\ntotal time, rebal's functions (top 30):\n${top(ours, 30)}\n\nprofile: ${join(dir, file)}`);
