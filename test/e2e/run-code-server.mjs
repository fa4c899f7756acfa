// Runs the editor tests in a real VS Code (code-server, see scripts/code-server.mjs) driven by
// Debian's chromium through playwright-core:
//  1. the extension-host suite (test/e2e/suite), loaded the way VS Code's own test tooling
//     does it: the workbench URL carries extensionDevelopmentPath / extensionTestsPath, and
//     the exit code comes back through window.codeAutomationExit;
//  2. a UI test on the workbench with the packaged extension installed: a file with a
//     deliberate error gets its red squiggle, its hover and its Problems panel entry.
// Screenshots go to test-results/e2e/. The last line is `N passed, N failed`.
import { cpSync, mkdirSync, mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ROOT, DEFAULT_VSIX, startCodeServer, stopOnSignals } from '../../scripts/code-server.mjs';
import { buildE2eSuite } from '../../scripts/build-e2e.mjs';

const CHROMIUM = process.env.REBAL_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const FIXTURES = path.join(ROOT, 'test', 'e2e', 'fixtures');
// Each run works on a fresh copy of the fixtures: the UI tests edit files.
let WORKSPACE = FIXTURES;
const SUMMARY_PREFIX = 'rebal-e2e-summary ';
const START_MARKER = 'rebal-e2e-start';
const SUITE_LIMIT_MS = 5 * 60_000;

const results = []; // { name, ok, error? }
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[e2e ${elapsed()}] ${msg}`);

function workbenchUrl(server, payload) {
    const u = new URL(server.url);
    u.searchParams.set('folder', WORKSPACE);
    if (payload) u.searchParams.set('payload', JSON.stringify(payload));
    return u.toString();
}

/** `vscode-remote://` URIs name files on the code-server machine (here, this one). */
function remote(server, absPath) {
    return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

async function runExtensionHostSuite(context, server, suiteBundle) {
    const page = await context.newPage();
    let summary;
    let inSuite = false;
    const hostLog = [];
    let resolveExit;
    const exitCode = new Promise((resolve) => (resolveExit = resolve));
    // The workbench calls these when it finds them on window (smoke-test driver mode).
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
        // Mocha logs printf-style (`%s) %s:`), so format the way console.log would.
        const line = format(...(Array.isArray(args) ? args : [args]));
        hostLog.push(`${elapsed()} [${type}] ${line}`);
        if (line.startsWith(START_MARKER)) inSuite = true;
        else if (line.startsWith(SUMMARY_PREFIX)) {
            summary = JSON.parse(line.slice(SUMMARY_PREFIX.length));
            inSuite = false;
        } else if (inSuite) console.log(`  ${line}`); // the spec reporter's output
    });
    const payload = [
        ['extensionDevelopmentPath', remote(server, ROOT)],
        ['extensionTestsPath', remote(server, suiteBundle)]
    ];
    await page.goto(workbenchUrl(server, payload));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_LIMIT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    await page.screenshot({ path: path.join(RESULTS, 'host-suite-end.png') }).catch(() => undefined);
    await page.close();
    // The workbench's own chatter (sockets, auth providers) is kept out of the console.
    writeFileSync(path.join(RESULTS, 'host.log'), hostLog.join('\n') + '\n');
    if (code === 'timeout') {
        results.push({ name: 'extension-host suite', ok: false, error: `no exit code within ${SUITE_LIMIT_MS / 1000} s` });
        return;
    }
    log(`extension-host suite exited with ${code}`);
    if (summary) {
        for (const name of summary.passed) results.push({ name, ok: true });
        for (const name of summary.failed) results.push({ name, ok: false, error: 'see the spec output above' });
        // A non-zero exit with no failed test means the host broke around the suite.
        if (code !== 0 && summary.failed.length === 0) results.push({ name: 'extension-host suite', ok: false, error: `exit ${code}` });
    } else {
        results.push({ name: 'extension-host suite', ok: code === 0, error: `exit ${code} and no summary line (did run() load?)` });
    }
}

let uiSteps = 0;
async function uiStep(page, name, fn) {
    const shot = path.join(RESULTS, `ui-${String(++uiSteps).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    try {
        await fn();
        results.push({ name, ok: true });
        log(`ok   ${name}`);
    } catch (e) {
        results.push({ name, ok: false, error: e instanceof Error ? e.message : String(e) });
        log(`FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    } finally {
        await page.screenshot({ path: shot }).catch(() => undefined);
    }
}

async function runUiTest(context, server) {
    const page = await context.newPage();
    await page.goto(workbenchUrl(server));
    const editorRegion = page.locator('.editor-group-container .monaco-editor').first();

    await uiStep(page, 'workbench loads', async () => {
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // The explorer lists the fixtures folder: the workspace really opened.
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'unresolved-topic.rebal' }).waitFor({ timeout: 30_000 });
    });

    await uiStep(page, 'open file with quick open', async () => {
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill('unresolved-topic.rebal');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'unresolved-topic.rebal' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active', { hasText: 'unresolved-topic.rebal' }).waitFor({ timeout: 10_000 });
        await editorRegion.waitFor();
        // The status bar names the language mode: the extension's language contribution applied.
        await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: /rebal/i }).waitFor({ timeout: 10_000 });
    });

    await uiStep(page, 'red squiggle under the unknown topic', async () => {
        const squiggle = editorRegion.locator('.squiggly-error').first();
        await squiggle.waitFor({ timeout: 60_000 });
        // Hover the squiggle's middle: the editor shows the server's message for it.
        const box = await squiggle.boundingBox();
        if (!box) throw new Error('the squiggle has no box');
        // The hover shows after the mouse rests; move onto the squiggle again if it did not.
        const hover = page.locator('.monaco-hover', { hasText: 'shipments' }).first();
        for (let attempt = 0; attempt < 3; attempt++) {
            await page.mouse.move(box.x + 2 + attempt, box.y + box.height / 2);
            await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            if (await hover.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) break;
        }
        await hover.waitFor({ state: 'visible', timeout: 1_000 });
    });

    await uiStep(page, 'problems panel lists the error', async () => {
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+M');
        // The row carries the message and the rule's stable code.
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'shipments' })
            .filter({ hasText: 'unresolved-reference' }).first();
        await row.waitFor({ timeout: 15_000 });
        // The panel groups markers under their file: ours is there with an error icon.
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'unresolved-topic.rebal' }).first().waitFor({ timeout: 5_000 });
        const errorIcons = await page.locator('.markers-panel .monaco-list-row .codicon-error').count();
        if (errorIcons < 1) throw new Error('no error icon in the Problems panel');
    });
    await page.close();
}

/**
 * The replay panel in the real VS Code: the CodeLens opens it on the scenario, it shows that
 * scenario's simulation, and an edit to the file updates it in place.
 */
function editorLine(page, text) {
    return page.locator('.editor-group-container .monaco-editor .view-line', { hasText: text }).first();
}

async function runReplayUiTest(context, server) {
    const page = await context.newPage();
    await page.goto(workbenchUrl(server));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const rebalancesRow = panel.locator('tr', { hasText: 'rebalances' }).first();

    await uiStep(page, 'replay codelens over the scenario', async () => {
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill('replay.rebal');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'replay.rebal' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active', { hasText: 'replay.rebal' }).waitFor({ timeout: 10_000 });
        // The summary lens appears once the simulation is in: "3 rebalances · …".
        await page.locator('.codelens-decoration a', { hasText: '3 rebalances' }).first().waitFor({ timeout: 60_000 });
    });

    await uiStep(page, 'replay panel shows the scenario', async () => {
        await page.locator('.codelens-decoration a', { hasText: 'Replay' }).first().click();
        await panel.locator('body').waitFor({ timeout: 30_000 });
        await rebalancesRow.waitFor({ timeout: 30_000 });
        const text = (await rebalancesRow.innerText()).replace(/\s+/g, ' ').trim();
        if (!/^rebalances 3\b/.test(text)) throw new Error(`the panel's rebalances row says "${text}", expected 3`);
        // The panel's tab is titled after the scenario.
        await page.locator('.tabs-container .tab', { hasText: 'scale-out' }).first().waitFor({ timeout: 10_000 });
    });

    await uiStep(page, 'an edit updates the panel in place', async () => {
        // Back to the editor, after the `at 30s` line: c4 leaves at 1m.
        await page.locator('.tabs-container .tab', { hasText: 'replay.rebal' }).first().click();
        await editorLine(page, 'start c4').click();
        await page.keyboard.press('End');
        await page.keyboard.type('\nat 1m stop c4');
        // A graceful leave of a dynamic member is one more rebalance: 4.
        await page.keyboard.press('Escape'); // close the completion list the typing opened
        const deadline = Date.now() + 60_000;
        let seen = '';
        while (Date.now() < deadline) {
            seen = (await rebalancesRow.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
            if (/^rebalances 4\b/.test(seen)) break;
            await page.waitForTimeout(250);
        }
        if (!/^rebalances 4\b/.test(seen)) throw new Error(`the panel's rebalances row still says "${seen}", expected 4`);
    });
    await page.close();
}

async function main() {
    rmSync(RESULTS, { recursive: true, force: true });
    mkdirSync(RESULTS, { recursive: true });
    for (const f of ['extension/extension.cjs', 'language-server/main.cjs']) {
        if (!existsSync(path.join(ROOT, 'out', f))) throw new Error(`out/${f} is missing: run \`npm run package\` first`);
    }
    WORKSPACE = path.join(mkdtempSync(path.join(os.tmpdir(), 'rebal-e2e-ws-')), 'fixtures');
    cpSync(FIXTURES, WORKSPACE, { recursive: true });
    const suiteBundle = await buildE2eSuite();
    log('suite bundled');

    const server = await startCodeServer({ vsix: process.env.REBAL_VSIX ?? DEFAULT_VSIX, keepRunDir: false });
    stopOnSignals(server, 130);
    log(`code-server up at ${server.url}`);

    const profile = mkdtempSync(path.join(os.tmpdir(), 'rebal-chromium-'));
    let context;
    try {
        context = await chromium.launchPersistentContext(profile, {
            executablePath: CHROMIUM,
            headless: true,
            viewport: { width: 1400, height: 900 },
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync']
        });
        log('extension-host suite: start');
        await runExtensionHostSuite(context, server, suiteBundle);
        log('UI test: start');
        await runUiTest(context, server);
        log('replay UI test: start');
        await runReplayUiTest(context, server);
    } catch (e) {
        results.push({ name: 'runner', ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    } finally {
        await context?.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
        await server.stop();
        rmSync(path.dirname(WORKSPACE), { recursive: true, force: true });
    }

    const failed = results.filter((r) => !r.ok);
    for (const f of failed) console.log(`FAILED ${f.name}: ${f.error}`);
    log(`done; screenshots in ${path.relative(ROOT, RESULTS)}/`);
    console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
    process.exitCode = failed.length ? 1 : 0;
}

await main();
