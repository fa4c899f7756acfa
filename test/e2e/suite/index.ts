// The extension-host test entry, in the shape `@vscode/test-electron` (and VS Code's
// `extensionTestsPath`) expects: a module exporting `run()` that resolves when the tests pass
// and rejects when they fail. Mocha is bundled in (scripts/build-e2e.mjs), and so is the list
// of `*.test.ts` files beside this one, since a bundle cannot glob at run time.
import Mocha from 'mocha';
import { loadTestFiles } from 'virtual:e2e-test-files';

/** The runners (run-code-server.mjs) read this line from the host's log to count results. */
export const SUMMARY_PREFIX = 'rebal-e2e-summary ';

export async function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
    // Bind describe/it to this Mocha instance, then evaluate the test modules.
    mocha.suite.emit('pre-require', globalThis, 'rebal-e2e', mocha);
    loadTestFiles();
    return new Promise((resolve, reject) => {
        const runner = mocha.run((failures) => {
            const stats = runner.stats;
            console.log(SUMMARY_PREFIX + JSON.stringify({ passed: stats?.passes ?? 0, failed: failures }));
            if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
            else resolve();
        });
    });
}
