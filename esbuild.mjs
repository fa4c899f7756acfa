// Bundles every runnable part to out/: the VS Code extension and the language server as
// CommonJS (VS Code loads extensions with require), the `rebal` CLI, and the webview as an
// IIFE for the browser. `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const node = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    // VS Code provides `vscode` at run time.
    external: ['vscode']
};

const targets = [
    { ...node, entryPoints: ['extension/src/extension.ts'], outfile: 'out/extension/extension.cjs' },
    { ...node, entryPoints: ['language-server/src/main.ts'], outfile: 'out/language-server/main.cjs' },
    { ...node, entryPoints: ['language-server/src/simulation/worker.ts'], outfile: 'out/language-server/simulation-worker.cjs' },
    {
        ...node,
        entryPoints: ['language-server/src/cli/main.ts'],
        outfile: 'out/cli/rebal.cjs',
        banner: { js: '#!/usr/bin/env node' }
    },
    {
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        sourcemap: true,
        minify,
        logLevel: 'warning',
        entryPoints: ['extension/webview/main.ts'],
        outfile: 'out/webview/replay.js'
    }
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
    for (const t of targets) (await esbuild.context(t)).watch();
} else {
    await Promise.all(targets.map((t) => esbuild.build(t)));
}
