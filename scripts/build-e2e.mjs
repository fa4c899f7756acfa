// Bundles the extension-host test suite (test/e2e/suite) into one CommonJS file,
// out/test/e2e/suite/index.cjs, with Mocha inside: VS Code loads it with require() from the
// extension host, where the workspace's node_modules may not be reachable.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = path.join(root, 'test', 'e2e', 'suite');
export const SUITE_BUNDLE = path.join(root, 'out', 'test', 'e2e', 'suite', 'index.cjs');

/** `virtual:e2e-test-files`: requires every suite/*.test.ts, in name order. */
const testFilesPlugin = {
    name: 'e2e-test-files',
    setup(build) {
        build.onResolve({ filter: /^virtual:e2e-test-files$/ }, () => ({ path: 'e2e-test-files', namespace: 'e2e' }));
        build.onLoad({ filter: /.*/, namespace: 'e2e' }, () => {
            const files = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).sort();
            if (files.length === 0) throw new Error(`no *.test.ts in ${suiteDir}`);
            const requires = files.map((f) => `    require(${JSON.stringify(path.join(suiteDir, f))});`).join('\n');
            return { contents: `exports.loadTestFiles = function () {\n${requires}\n};\n`, loader: 'js', resolveDir: suiteDir };
        });
    }
};

export async function buildE2eSuite() {
    await esbuild.build({
        entryPoints: [path.join(suiteDir, 'index.ts')],
        outfile: SUITE_BUNDLE,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'inline',
        logLevel: 'warning',
        // Mocha's parallel mode resolves worker files at run time; the suite runs serially.
        logOverride: { 'require-resolve-not-external': 'silent' },
        external: ['vscode'],
        plugins: [testFilesPlugin]
    });
    return SUITE_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    console.log(path.relative(root, await buildE2eSuite()));
}
