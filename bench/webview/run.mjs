// Runs the replay panel benchmark: bundles bench.ts for Node (esbuild) into out/ (so packages
// resolve from the repository's node_modules) and runs it. `node bench/webview/run.mjs`.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = join(process.cwd(), 'out', 'bench', 'webview-bench.mjs');
await esbuild.build({
    entryPoints: ['bench/webview/bench.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    external: ['playwright-core', 'esbuild', 'ajv'],
    logLevel: 'warning'
});
await import(pathToFileURL(out).href);
