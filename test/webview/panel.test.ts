/**
 * The replay panel in real Chromium, fed with engine traces of the samples: what it draws, what it
 * posts back on clicks and keys, how it follows the editor, refuses malformed messages, keeps its
 * state, exports, and runs standalone. Screenshots go to test-results/webview/.
 *
 * Expected values come from the trace itself (the panel must show the trace, not recompute it)
 * and from the rules written in the comments.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { exportReplayHtml } from '../../language-server/src/cli/html-export.js';
import { formatDuration } from '../../extension/webview/format.js';
import { SPEEDS } from '../../extension/webview/playback.js';
import { syntheticTrace, BENCH_OPTIONS } from '../../bench/webview/synthetic-trace.js';
import { type SampleTrace, simulateSamples } from './engine-traces.js';
import {
    type Browser,
    buildBundle,
    type Harness,
    hasChromium,
    launch,
    openPanel,
    posted,
    screenshot,
    send,
    setTheme,
    settle,
    snapshot,
    staticPixel
} from './harness.js';

if (!hasChromium) {
    // eslint-disable-next-line no-console
    console.warn('test/webview/panel.test.ts skipped: /usr/bin/chromium is absent (apt-get install -y chromium)');
}

let samples: SampleTrace[] = [];
let bundle = '';
let harness: Harness;
let browser: Browser;
const consoleErrors: string[] = [];

const trace = (scenario: string): Trace => {
    const s = samples.find((x) => x.scenario === scenario);
    if (!s) throw new Error(`no engine trace for ${scenario}`);
    return s.trace;
};
const uriOf = (scenario: string) => `file:///work/${samples.find((x) => x.scenario === scenario)!.file}`;
const load = (...scenarios: string[]) => ({ type: 'load', views: scenarios.map((s) => ({ source: { uri: uriOf(s), scenario: s }, trace: trace(s) })) });

async function open(scenarios: string[], options: Parameters<typeof openPanel>[2] = {}) {
    const opened = await openPanel(browser, harness, options);
    opened.page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    if (scenarios.length) {
        await send(opened.page, load(...scenarios));
        await settle(opened.page);
    }
    return opened.page;
}

type Rect = { x0: number; x1: number; y0: number; y1: number };
async function itemRect(page: import('playwright-core').Page, view: number, refKind: string, ref: number): Promise<Rect> {
    const r = await page.evaluate(([v, k, i]) => (window as any).rebalReplay.itemRect(v, k, i), [view, refKind, ref] as const);
    if (!r) throw new Error(`${refKind}[${ref}] is not drawn`);
    return r;
}
async function colorOf(page: import('playwright-core').Page, key: string, view = 0): Promise<string> {
    return page.evaluate(([v, k]) => (window as any).rebalReplay.colorOf(v, k), [view, key] as const);
}
/** Page coordinates of a canvas point (the canvas is not at the page's origin). */
async function pagePoint(page: import('playwright-core').Page, x: number, y: number) {
    const box = (await page.locator('canvas.overlay').boundingBox())!;
    return { x: box.x + x, y: box.y + y };
}

describe.skipIf(!hasChromium)('replay panel in Chromium', () => {
    beforeAll(async () => {
        const { traces, failures } = await simulateSamples();
        expect(failures).toEqual([]);
        samples = traces;
        bundle = await buildBundle();
        const { serve } = await import('./harness.js');
        harness = await serve(bundle);
        browser = await launch();
    }, 300_000);

    afterAll(async () => {
        await browser?.close();
        await harness?.close();
        // A CSP violation, a failed load or an exception would have been logged as an error.
        expect(consoleErrors).toEqual([]);
    });

    test('draws a lane per member, the group state with generations and assignor, the events and the lag', async () => {
        const page = await open(['rolling-deploy']);
        const t = trace('rolling-deploy');
        const s = await snapshot(page);
        const modelIds = s.views[0].lanes.map((l: any) => l.id);
        expect(modelIds).toEqual(['timeline', 'group', 'events', 'lag:orders', 'lag:payments', ...t.members.map((m) => `member:${m.name}`)]);
        // Drawn: the lanes in model order, as many as fit the canvas (all of them here).
        const drawnIds = s.drawn.lanes.map((l: any) => l.id);
        expect(drawnIds).toEqual(modelIds.slice(0, drawnIds.length));
        const last = s.drawn.lanes.at(-1);
        expect(drawnIds.length === modelIds.length || last.top + last.height >= s.size.height).toBe(true);

        // The longest Stable span is labelled with its state, generation and elected assignor.
        const longest = t.groupStates.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
        const groupLabels = s.drawn.lanes.find((l: any) => l.id === 'group').labels.map((l: any) => l.text);
        expect(groupLabels).toContain(`${longest.state} · gen ${longest.generation} · ${longest.protocolName}`);

        // Its left edge, above the text, has the Stable colour.
        const ref = t.groupStates.indexOf(longest);
        const r = await itemRect(page, 0, 'groupState', ref);
        expect(await staticPixel(page, r.x0 + 3, r.y0 + 1)).toBe(await colorOf(page, `state:${longest.state}`));

        // worker3 crashed at 5m (line 38): its activity is `down` after that, drawn in the down colour.
        const down = t.activity.findIndex((a) => a.member === 'worker3' && a.kind === 'down');
        expect(down).toBeGreaterThanOrEqual(0);
        const dr = await itemRect(page, 0, 'activity', down);
        expect(await staticPixel(page, (dr.x0 + dr.x1) / 2, (dr.y0 + dr.y1) / 2)).toBe(await colorOf(page, 'act:down'));

        // A partition c1 holds is drawn in that partition's colour (stable per topic and partition).
        const held = t.ownership.map((o, i) => ({ o, i })).filter(({ o }) => o.member === 'c1').sort((a, b) => b.o.to - b.o.from - (a.o.to - a.o.from))[0];
        const hr = await itemRect(page, 0, 'ownership', held.i);
        const partitionColor = await colorOf(page, `p:${held.o.topic}:${held.o.partition}`);
        expect(await staticPixel(page, hr.x1 - 3, hr.y0 + 1)).toBe(partitionColor);

        // Lag lanes exist for both subscribed topics, with the exact maximum from the summary.
        const lagLanes = s.views[0].lanes.filter((l: any) => l.kind === 'lag');
        expect(lagLanes.map((l: any) => l.id)).toEqual(['lag:orders', 'lag:payments']);
        await screenshot(page, 'rolling-deploy');
        await page.close();
    });

    test('the summary metrics and the expectations are the trace’s', async () => {
        const page = await open(['gc-pause-30s']);
        const t = trace('gc-pause-30s');
        const metric = (name: string) => page.locator(`tr[data-metric="${name}"] td.metric-value`).first().textContent();
        const completed = t.summary.completedRebalances === t.summary.rebalances ? '' : ` (${t.summary.completedRebalances} completed)`;
        expect(await metric('rebalances')).toBe(`${t.summary.rebalances}${completed}`);
        expect(await metric('total pause')).toBe(formatDuration(t.summary.totalPause));
        const items = page.locator('li.expectation');
        expect(await items.count()).toBe(t.expectations.length);
        const statuses = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
        expect(statuses).toEqual(t.expectations.map((e) => (e.problem ? 'problem' : e.pass ? 'pass' : 'fail')));
        // Clicking an expectation reveals its `expect` line.
        await items.first().click();
        const reveal = (await posted(page)).filter((m) => m.type === 'revealLine').at(-1);
        expect(reveal).toEqual({ type: 'revealLine', uri: uriOf('gc-pause-30s'), line: t.expectations[0].line });
        await screenshot(page, 'gc-pause-30s');
        await page.close();
    });

    test('a frozen member’s partitions are drawn veiled while it cannot process them', async () => {
        // gc-pause.rebal: c1 is frozen 35 s from 60 s and keeps its partitions (45 s session).
        const page = await open(['gc-pause-45s']);
        const t = trace('gc-pause-45s');
        const frozen = t.activity.findIndex((a) => a.member === 'c1' && a.kind === 'frozen');
        const f = t.activity[frozen];
        const held = t.ownership.findIndex((o) => o.member === 'c1' && o.from < f.from && o.to > f.to);
        expect(frozen >= 0 && held >= 0).toBe(true);
        const o = t.ownership[held];
        const r = await itemRect(page, 0, 'ownership', held);
        const inside = await staticPixel(page, await page.evaluate((x) => (window as any).rebalReplay.xOf(x), (f.from + f.to) / 2), r.y0 + 2);
        const before = await staticPixel(page, await page.evaluate((x) => (window as any).rebalReplay.xOf(x), (o.from + f.from) / 2), r.y0 + 2);
        const partition = await colorOf(page, `p:${o.topic}:${o.partition}`);
        expect(before).toBe(partition);
        expect(inside).not.toBe(partition);
        // The frozen strip itself is in the frozen colour.
        const a = await itemRect(page, 0, 'activity', frozen);
        expect(await staticPixel(page, (a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2)).toBe(await colorOf(page, 'act:frozen'));
        await page.close();
    });

    test('hovering an event shows its Kafka name and log line', async () => {
        // An event with a log line and at most four other events within the hover's reach (4 px at
        // full view), so the card, which lists up to five events nearest first, must show it.
        let found: { scenario: string; index: number } | null = null;
        for (const { scenario, trace: t } of samples) {
            const events = t.events.map((e, i) => ({ e, i })).filter(({ e }) => e.kind !== 'scenario');
            const pxPerMs = (1280 - 150 - 12 - 290) / t.durationMs;
            for (let k = 0; k < events.length && !found; k++) {
                const { e, i } = events[k];
                if (!e.log) continue;
                const near = events.filter((o) => o.i !== i && Math.abs(o.e.at - e.at) * pxPerMs < 6).length;
                if (near <= 4) found = { scenario, index: i };
            }
            if (found) break;
        }
        expect(found).not.toBeNull();
        const page = await open([found!.scenario]);
        const e = trace(found!.scenario).events[found!.index];
        const r = await itemRect(page, 0, 'event', found!.index);
        const p = await pagePoint(page, r.x0, (r.y0 + r.y1) / 2);
        await page.mouse.move(p.x, p.y);
        await settle(page);
        const s = await snapshot(page);
        expect(s.tooltip).toContain(e.name);
        expect(s.tooltip).toContain(e.log!.text);
        await screenshot(page, 'hover-event');
        await page.close();
    });

    test('keys: play, pause, step to the next key moment and event, zoom, speed', async () => {
        const page = await open(['eager-fourth-joins']);
        const t = trace('eager-fourth-joins');
        await page.locator('canvas.overlay').focus();
        await page.keyboard.press('Space');
        expect((await snapshot(page)).playing).toBe(true);
        await page.keyboard.press('Space');
        expect((await snapshot(page)).playing).toBe(false);
        await page.keyboard.press('Home');
        expect((await snapshot(page)).playhead).toBe(0);
        // Key moments: scenario events, group state changes, fatal errors (keyboard.ts); the first
        // one after 0 is the smallest such instant > 0.5 ms.
        const moments = [...new Set([...t.scenarioEvents.map((e) => e.at), ...t.groupStates.map((g) => g.from), ...t.events.filter((e) => e.kind === 'error').map((e) => e.at)])].sort((a, b) => a - b);
        await page.keyboard.press('ArrowRight');
        expect((await snapshot(page)).playhead).toBe(moments.find((m) => m > 0.5));
        await page.keyboard.press('ArrowRight');
        expect((await snapshot(page)).playhead).toBe(moments.filter((m) => m > 0.5)[1]);
        await page.keyboard.press('ArrowLeft');
        expect((await snapshot(page)).playhead).toBe(moments.find((m) => m > 0.5));
        // Shift+→ steps through every event instant instead.
        const here = (await snapshot(page)).playhead;
        const nextEvent = [...new Set(t.events.map((e) => e.at))].sort((a, b) => a - b).find((a) => a > here + 0.5);
        await page.keyboard.press('Shift+ArrowRight');
        expect((await snapshot(page)).playhead).toBe(nextEvent);
        // + halves the visible span around the playhead, 0 shows the whole run again.
        await page.keyboard.press('+');
        let s = await snapshot(page);
        expect(s.view.to - s.view.from).toBeCloseTo(t.durationMs / 2, 6);
        expect(s.view.from <= s.playhead && s.playhead <= s.view.to).toBe(true);
        await page.keyboard.press('0');
        s = await snapshot(page);
        expect([s.view.from, s.view.to]).toEqual([0, t.durationMs]);
        // ] is the next speed of the list.
        const before = s.speed;
        await page.keyboard.press(']');
        expect((await snapshot(page)).speed).toBe(SPEEDS.find((x) => x > before));
        // Playing moves the playhead forward on its own.
        await page.keyboard.press('Home');
        await page.keyboard.press('Space');
        await page.waitForFunction(() => (window as any).rebalReplay.snapshot().playhead > 0);
        await page.keyboard.press('Space');
        await page.keyboard.press('?');
        expect((await snapshot(page)).helpOpen).toBe(true);
        await screenshot(page, 'keys-help');
        await page.keyboard.press('Escape');
        expect((await snapshot(page)).helpOpen).toBe(false);
        await page.close();
    });

    test('clicking a timeline event selects it, moves the playhead and reveals its `at` line', async () => {
        const page = await open(['rolling-deploy']);
        const t = trace('rolling-deploy');
        const k = t.scenarioEvents.findIndex((e) => e.kind === 'gc-pause');
        const e = t.scenarioEvents[k];
        const r = await itemRect(page, 0, 'scenarioEvent', k);
        const p = await pagePoint(page, r.x0, (r.y0 + r.y1) / 2);
        await page.mouse.click(p.x, p.y);
        await settle(page);
        const s = await snapshot(page);
        expect(s.playhead).toBe(e.at);
        expect(s.selected).toEqual({ view: 0, refKind: 'scenarioEvent', ref: k });
        expect((await posted(page)).filter((m) => m.type === 'revealLine').at(-1)).toEqual({ type: 'revealLine', uri: uriOf('rolling-deploy'), line: e.line });
        // Clicking a member's name reveals its declaration.
        const c1 = t.members.find((m) => m.name === 'c1')!;
        const lane = s.layout.lanes.find((l: any) => l.id === 'member:c1');
        const q = await pagePoint(page, 20, lane.top + lane.height / 2);
        await page.mouse.click(q.x, q.y);
        expect((await posted(page)).filter((m) => m.type === 'revealLine').at(-1)).toEqual({ type: 'revealLine', uri: uriOf('rolling-deploy'), line: c1.line });
        await page.close();
    });

    test('the cursor on an `at` line moves the playhead there; on a member line it marks the lane', async () => {
        const page = await open(['rolling-deploy']);
        const t = trace('rolling-deploy');
        const crash = t.scenarioEvents.find((e) => e.kind === 'crash')!;
        await send(page, { type: 'cursor', uri: uriOf('rolling-deploy'), line: crash.line });
        await settle(page);
        expect((await snapshot(page)).playhead).toBe(crash.at);
        // Another file's line 38 is not this scenario's: nothing moves.
        await send(page, { type: 'cursor', uri: 'file:///elsewhere.rebal', line: 40 });
        await settle(page);
        expect((await snapshot(page)).playhead).toBe(crash.at);
        const worker = t.members.find((m) => m.name === 'worker1')!;
        await send(page, { type: 'cursor', uri: uriOf('rolling-deploy'), line: worker.line });
        await settle(page);
        expect((await snapshot(page)).highlight).toEqual({ view: 0, laneId: 'member:worker1' });
        await screenshot(page, 'cursor-follow');
        await page.close();
    });

    test('malformed messages are reported in the panel, posted back as rejected, and not drawn', async () => {
        const page = await open(['gc-pause-45s']);
        const before = await snapshot(page);
        const broken = JSON.parse(JSON.stringify(trace('gc-pause-30s')));
        broken.activity[0].kind = 'sleeping';
        await send(page, { type: 'load', views: [{ source: { uri: uriOf('gc-pause-30s'), scenario: 'gc-pause-30s' }, trace: broken }] });
        await send(page, 'hello');
        await send(page, { type: 'update', index: 1, trace: trace('gc-pause-30s') });
        await settle(page);
        const s = await snapshot(page);
        expect(s.views[0].scenario).toBe('gc-pause-45s');
        expect(s.drawn.lanes.map((l: any) => l.id)).toEqual(before.drawn.lanes.map((l: any) => l.id));
        expect(s.bannerKind).toContain('error');
        expect(s.banner).toContain('activity[0].kind "sleeping" is not an activity');
        expect(s.banner).toContain('message is not an object');
        const rejected = (await posted(page)).filter((m) => m.type === 'rejected');
        expect(rejected).toHaveLength(3);
        expect(rejected[2].reason).toMatch(/update for view 1/);
        await screenshot(page, 'malformed-message');
        await page.close();
    });

    test('an edit re-simulates in place: the playhead stays, a file that stops simulating keeps the last run', async () => {
        const page = await open(['gc-pause-30s']);
        const t30 = trace('gc-pause-30s');
        const pause = t30.scenarioEvents.find((e) => e.kind === 'gc-pause')!;
        await send(page, { type: 'cursor', uri: uriOf('gc-pause-30s'), line: pause.line });
        await page.keyboard.press('+');
        const before = await snapshot(page);
        // The "edited" scenario: the same file with the 45 s session (what an edit of the timeout gives).
        await send(page, { type: 'update', index: 0, trace: trace('gc-pause-45s') });
        await settle(page);
        const after = await snapshot(page);
        expect(after.views[0].scenario).toBe('gc-pause-45s');
        expect(after.playhead).toBe(before.playhead);
        expect(after.view).toEqual(before.view);
        await send(page, { type: 'problem', index: 0, message: 'line 12: expected a duration' });
        await settle(page);
        const broken = await snapshot(page);
        expect(broken.views[0].scenario).toBe('gc-pause-45s');
        expect(broken.banner).toContain('line 12: expected a duration');
        expect(broken.bannerKind).toContain('warning');
        await screenshot(page, 'edit-problem');
        await page.close();
    });

    test('compare: eager and cooperative on one time axis, differing metrics marked', async () => {
        const page = await open(['eager-fourth-joins', 'cooperative-fourth-joins']);
        const [a, b] = [trace('eager-fourth-joins'), trace('cooperative-fourth-joins')];
        const s = await snapshot(page);
        expect(s.views.map((v: any) => v.scenario)).toEqual(['eager-fourth-joins', 'cooperative-fourth-joins']);
        const views = new Set(s.drawn.lanes.map((l: any) => l.view));
        expect([...views].sort()).toEqual([0, 1]);
        // One axis: an instant has the same x in both blocks (the same viewport maps both).
        expect(s.view).toEqual({ from: 0, to: Math.max(a.durationMs, b.durationMs), duration: Math.max(a.durationMs, b.durationMs) });
        const ra = await itemRect(page, 0, 'scenarioEvent', 0);
        const rb = await itemRect(page, 1, 'scenarioEvent', 0);
        if (a.scenarioEvents[0].at === b.scenarioEvents[0].at) expect(ra.x0).toBe(rb.x0);
        const cells = await page.locator('tr[data-metric="rebalances"] td.metric-value').allTextContents();
        // Every rebalance of these two runs completes (fourth-consumer-joins.rebal: 2 vs 3).
        expect([a.summary.completedRebalances, b.summary.completedRebalances]).toEqual([a.summary.rebalances, b.summary.rebalances]);
        expect(cells).toEqual([`${a.summary.rebalances}`, `${b.summary.rebalances}`]);
        if (a.summary.rebalances !== b.summary.rebalances) expect(await page.locator('tr[data-metric="rebalances"] td.differs').count()).toBe(2);
        await page.getByRole('button', { name: 'Close B' }).click();
        expect((await posted(page)).at(-1)).toEqual({ type: 'closeCompare' });
        await screenshot(page, 'compare');
        await page.close();
    });

    test('the panel keeps its place across a reload (state through setState, restored from getState)', async () => {
        const page = await open(['rolling-deploy']);
        const t = trace('rolling-deploy');
        const gc = t.scenarioEvents.find((e) => e.kind === 'gc-pause')!;
        await send(page, { type: 'cursor', uri: uriOf('rolling-deploy'), line: gc.line });
        await page.keyboard.press('+');
        await page.waitForFunction(() => (window as any).__state?.playhead > 0 && (window as any).__state?.view !== null);
        const saved = await page.evaluate(() => (window as any).__state);
        expect(saved).toMatchObject({ stateVersion: 1, sources: [{ uri: uriOf('rolling-deploy'), scenario: 'rolling-deploy' }], playhead: gc.at });
        await page.close();
        const again = await open(['rolling-deploy'], { state: saved });
        const s = await snapshot(again);
        expect(s.playhead).toBe(gc.at);
        expect(s.view.from).toBe(saved.view.from);
        expect(s.view.to).toBe(saved.view.to);
        await again.close();
    });

    test('follows VS Code’s theme: light, dark, high contrast, and a switch while open', async () => {
        const page = await open(['cooperative-fourth-joins'], { theme: 'light' });
        // A point in the gutter under the last lane: background only.
        const s = await snapshot(page);
        const blankY = Math.min(s.size.height - 4, s.drawn.lanes.at(-1).top + s.drawn.lanes.at(-1).height + 20);
        expect(await staticPixel(page, 60, blankY)).toBe('#ffffff');
        await screenshot(page, 'theme-light');
        await setTheme(page, 'high-contrast');
        await settle(page);
        expect(await staticPixel(page, 60, blankY)).toBe('#000000');
        await screenshot(page, 'theme-high-contrast');
        await setTheme(page, 'dark');
        await settle(page);
        expect(await staticPixel(page, 60, blankY)).toBe('#1f1f1f');
        await page.close();
    });

    test('the CSP admits only the nonce’d bundle: an injected inline script does not run', async () => {
        // Opened without the shared console check: this test provokes a CSP error on purpose.
        const { page } = await openPanel(browser, harness);
        await send(page, load('gc-pause-45s'));
        const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-/);
        const violations: string[] = [];
        page.on('console', (m) => violations.push(m.text()));
        await page.evaluate(() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true';
            document.body.append(s);
        });
        await settle(page);
        expect(await page.evaluate(() => (window as any).__injected)).toBeUndefined();
        expect(violations.join('\n')).toMatch(/Content Security Policy/);
        await page.close();
    });

    test('exports: PNG and SVG of the picture, the trace as JSON, the replay as HTML', async () => {
        const page = await open(['cooperative-fourth-joins']);
        await page.getByRole('button', { name: 'PNG' }).click();
        await page.getByRole('button', { name: 'SVG' }).click();
        await page.getByRole('button', { name: 'JSON' }).click();
        await page.getByRole('button', { name: 'HTML' }).click();
        const msgs = (await posted(page)).filter((m) => m.type.startsWith('export'));
        expect(msgs.map((m) => m.type)).toEqual(['exportPicture', 'exportPicture', 'exportTrace', 'exportHtml']);
        const [png, svg] = msgs as any[];
        expect(png.format).toBe('png');
        expect(png.fileName).toBe('cooperative-fourth-joins.png');
        // PNG signature 89 50 4E 47 0D 0A 1A 0A, then IHDR: width at bytes 16–19.
        const bytes = Buffer.from(png.data.slice(png.data.indexOf(',') + 1), 'base64');
        expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const s = await snapshot(page);
        expect(bytes.readUInt32BE(16)).toBe(s.size.width * 2);
        expect(svg.format).toBe('svg');
        expect(svg.data).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        for (const m of trace('cooperative-fourth-joins').members) expect(svg.data).toContain(`>${m.name}</text>`);
        expect(msgs[2]).toEqual({ type: 'exportTrace', index: 0 });
        await page.close();
    });

    test('the exported HTML file plays on its own: no VS Code, no network', async () => {
        const t = trace('rolling-deploy');
        harness.pages.set('/standalone.html', exportReplayHtml({ views: [{ trace: t }], bundle }));
        const page = await browser.context.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`${harness.url}/standalone.html`);
        await page.waitForFunction(() => (window as any).rebalReplay?.snapshot().views[0]?.scenario === 'rolling-deploy');
        await settle(page);
        const s = await snapshot(page);
        expect(s.drawn.lanes.length).toBeGreaterThan(5);
        expect(requests.filter((u) => !u.endsWith('/standalone.html') && !u.endsWith('/favicon.ico'))).toEqual([]);
        expect(errors).toEqual([]);
        // No HTML or compare button in the file itself; playing works.
        expect(await page.getByRole('button', { name: 'HTML' }).count()).toBe(0);
        await page.keyboard.press('Space');
        await page.waitForFunction(() => (window as any).rebalReplay.snapshot().playhead > 0);
        await screenshot(page, 'standalone-html');
        await page.close();
    });

    test('hundreds of members: only the visible lanes are drawn, sub-pixel items merged', async () => {
        const big = syntheticTrace({ ...BENCH_OPTIONS, members: 300, topics: [{ name: 't1', partitions: 1500 }, { name: 't2', partitions: 1500 }], durationMs: 1_800_000 });
        const page = await open([]);
        await send(page, { type: 'load', views: [{ source: { uri: 'file:///synthetic.rebal', scenario: big.scenario }, trace: big }] });
        await page.waitForFunction(() => (window as any).rebalReplay.snapshot().drawn !== null);
        let s = await snapshot(page);
        expect(s.views[0].lanes).toHaveLength(3 + 2 + 300);
        // Compact member lanes: the canvas (≈745 px) holds a few dozen, not 300.
        expect(s.drawn.lanes.length).toBeLessThan(60);
        const events = s.drawn.lanes.find((l: any) => l.id === 'events');
        expect(events.merged).toBeGreaterThan(0);
        expect(events.mergedItems + events.spans).toBe(big.events.filter((e) => e.kind !== 'scenario').length);
        // Scrolled to the bottom, the last member's lane is drawn, the first is not.
        await page.locator('.scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
        await settle(page);
        s = await snapshot(page);
        const ids = s.drawn.lanes.map((l: any) => l.id);
        expect(ids).toContain('member:c300');
        expect(ids).not.toContain('member:c1');
        await screenshot(page, 'large-group-bottom');
        await page.close();
    });
});
