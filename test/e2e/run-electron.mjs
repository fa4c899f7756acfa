// Runs the same extension-host suite (test/e2e/suite) under desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (this one cannot: use
// run-code-server.mjs here). `node test/e2e/run-electron.mjs [--version 1.91.0]` after
// `npm run package` (or `npm run build:fast`).
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildE2eSuite } from '../../scripts/build-e2e.mjs';
import { ROOT } from '../../scripts/code-server.mjs';

const versionAt = process.argv.indexOf('--version');
const version = versionAt > 0 ? process.argv[versionAt + 1] : 'stable';

const suite = await buildE2eSuite();
const profile = mkdtempSync(path.join(os.tmpdir(), 'rebal-vscode-'));
try {
    const code = await runTests({
        version,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: suite,
        launchArgs: [
            path.join(ROOT, 'test', 'e2e', 'fixtures'),
            '--user-data-dir', path.join(profile, 'user-data'),
            '--extensions-dir', path.join(profile, 'extensions'),
            '--disable-extensions', // other installed extensions; the one under development still loads
            '--disable-workspace-trust',
            '--skip-welcome',
            '--skip-release-notes'
        ]
    });
    process.exitCode = code;
} catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
} finally {
    rmSync(profile, { recursive: true, force: true });
}
