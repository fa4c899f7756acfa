// The extension-host test entry, in the shape `@vscode/test-electron` (and VS Code's
// `extensionTestsPath`) expects: a module exporting `run()` that resolves when the tests pass
// and rejects when they fail. Mocha is bundled in (scripts/build-e2e.mjs), and so is the list
// of `*.test.ts` files beside this one, since a bundle cannot glob at run time.
import Mocha from 'mocha';
import { loadTestFiles } from 'virtual:e2e-test-files';

/** The runners (run-code-server.mjs) read this line from the host's log to count results. */
export const SUMMARY_PREFIX = 'rebal-e2e-summary ';
/** Printed before Mocha starts, so a runner can tell the suite's output from the host's. */
export const START_MARKER = 'rebal-e2e-start';

export async function run(): Promise<void> {
    // diff: false because node's assert already puts a diff in its message.
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', diff: false });
    // Bind describe/it to this Mocha instance, then evaluate the test modules.
    mocha.suite.emit('pre-require', globalThis, 'rebal-e2e', mocha);
    loadTestFiles();
    console.log(START_MARKER);
    return new Promise((resolve, reject) => {
        const passed: string[] = [];
        const failed: string[] = [];
        const runner = mocha.run((failures) => {
            console.log(SUMMARY_PREFIX + JSON.stringify({ passed, failed }));
            if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
            else resolve();
        });
        runner.on('pass', (test) => passed.push(test.fullTitle()));
        // Hook failures count too: a failing `before` skips the tests it guards.
        runner.on('fail', (test) => failed.push(test.fullTitle()));
    });
}
