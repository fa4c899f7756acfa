// Makes docs/images/replay-*.png: bundles doc-images.ts for Node into out/ and runs it.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = join(process.cwd(), 'out', 'doc-images', 'doc-images.mjs');
await esbuild.build({
    entryPoints: ['test/webview/doc-images.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    external: ['playwright-core', 'esbuild'],
    logLevel: 'warning'
});
await import(pathToFileURL(out).href);
