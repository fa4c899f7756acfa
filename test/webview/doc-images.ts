/**
 * Makes the README's demo pictures (docs/images/replay-*.png) from the real panel in Chromium,
 * fed with engine traces of the samples. `node test/webview/doc-images.mjs` from the repository root
 * makes them all; `node test/webview/doc-images.mjs kip848` only docs/images/replay-kip848.png.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { targetSpans } from '../../extension/webview/model/kip848.js';
import { simulateSamples } from './engine-traces.js';
import { buildBundle, hasChromium, launch, openPanel, send, serve, settle } from './harness.js';

const OUT = 'docs/images';
const CLASSIC = ['overview', 'hover', 'step-zoom', 'compare', 'light'];
/** Pictures asked for on the command line (all when none). */
const only = process.argv.slice(2);
const wanted = (names: readonly string[]) => only.length === 0 || names.some((n) => only.includes(n));

async function main(): Promise<void> {
    if (!hasChromium) throw new Error('/usr/bin/chromium is absent');
    const { traces, failures } = await simulateSamples();
    if (failures.length) throw new Error(JSON.stringify(failures));
    const find = (scenario: string) => traces.find((t) => t.scenario === scenario)!;
    const view = (scenario: string) => ({ source: { uri: `file:///work/${find(scenario).file}`, scenario }, traceJson: JSON.stringify(find(scenario).trace) });
    const harness = await serve(await buildBundle());
    const browser = await launch();
    mkdirSync(OUT, { recursive: true });
    const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });
    const hook = (page: Page, f: string, ...args: unknown[]) => page.evaluate(([name, a]) => (window as any).rebalReplay[name as string](...(a as unknown[])), [f, args] as const);
    try {
        if (wanted(CLASSIC)) await classicPictures();
        if (wanted(['kip848'])) await kip848Picture();
    } finally {
        await browser.close();
        await harness.close();
    }
    console.log(`wrote ${OUT}/replay-{${[...CLASSIC, 'kip848'].filter((n) => wanted([n])).join(',')}}.png`);

    async function classicPictures(): Promise<void> {
        // 1. The whole run of the complete example, the playhead on the GC pause.
        let { page } = await openPanel(browser, harness, { width: 1280, height: 760 });
        await send(page, { type: 'load', views: [view('rolling-deploy')] });
        const rd = find('rolling-deploy').trace;
        const gc = rd.scenarioEvents.find((e) => e.kind === 'gc-pause')!;
        await send(page, { type: 'cursor', uri: view('rolling-deploy').source.uri, line: gc.line });
        await settle(page);
        await shot(page, 'replay-overview');

        // 2. Hover: a rebalance's "Preparing to rebalance" log line, zoomed in with Ctrl+wheel at its tick.
        const i = rd.events.findIndex((e) => e.log && /Preparing to rebalance/.test(e.log.text) && e.at > 100_000);
        await page.keyboard.press('Escape');
        const box = (await page.locator('canvas.overlay').boundingBox())!;
        const tick = async () => (await hook(page, 'itemRect', 0, 'event', i)) as { x0: number; y0: number; y1: number };
        let r = await tick();
        await page.mouse.move(box.x + r.x0, box.y + (r.y0 + r.y1) / 2);
        await page.keyboard.down('Control');
        for (let k = 0; k < 6; k++) {
            r = await tick();
            await page.mouse.move(box.x + r.x0, box.y + (r.y0 + r.y1) / 2);
            await page.mouse.wheel(0, -400);
            await settle(page);
        }
        await page.keyboard.up('Control');
        r = await tick();
        await page.mouse.move(box.x + r.x0, box.y + (r.y0 + r.y1) / 2);
        await settle(page);
        await shot(page, 'replay-hover');
        await page.close();

        // 3. Step and zoom: the network partition of c1, zoomed in, the playhead on its expiry.
        ({ page } = await openPanel(browser, harness, { width: 1280, height: 760 }));
        await send(page, { type: 'load', views: [view('rolling-deploy')] });
        const np = rd.scenarioEvents.find((e) => e.kind === 'network-partition')!;
        await send(page, { type: 'cursor', uri: view('rolling-deploy').source.uri, line: np.line });
        await page.evaluate(() => (document.querySelector('canvas.overlay') as HTMLElement).focus());
        for (let k = 0; k < 3; k++) await page.keyboard.press('+');
        for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
        await settle(page);
        await shot(page, 'replay-step-zoom');
        await page.close();

        // 4. Compare eager and cooperative: a fourth consumer joins.
        ({ page } = await openPanel(browser, harness, { width: 1280, height: 760 }));
        await send(page, { type: 'load', views: [view('eager-fourth-joins'), view('cooperative-fourth-joins')] });
        const joins = find('eager-fourth-joins').trace.scenarioEvents[1];
        await send(page, { type: 'cursor', uri: view('eager-fourth-joins').source.uri, line: joins.line! });
        await page.evaluate(() => (document.querySelector('canvas.overlay') as HTMLElement).focus());
        await page.keyboard.press('+');
        await page.keyboard.press('+');
        await settle(page);
        await shot(page, 'replay-compare');
        await page.close();

        // 5. Light theme: the GC pause against a 30 s session.
        ({ page } = await openPanel(browser, harness, { width: 1280, height: 760, theme: 'light' }));
        await send(page, { type: 'load', views: [view('gc-pause-30s'), view('gc-pause-45s')] });
        const pause = find('gc-pause-30s').trace.scenarioEvents.find((e) => e.kind === 'gc-pause')!;
        await send(page, { type: 'cursor', uri: view('gc-pause-30s').source.uri, line: pause.line! });
        await settle(page);
        await shot(page, 'replay-light');
        await page.close();
    }

    /**
     * 6. KIP-848 (samples/kip-848.rebal): zoomed on c4's join at 1m1s, the playhead at 1m3s and the
     * pointer on c4's target: the target already gives c4 a partition (hatched) that its previous
     * owner still holds until 1m5s; c4 takes it at 1m6s.
     */
    async function kip848Picture(): Promise<void> {
        const { page } = await openPanel(browser, harness, { width: 1280, height: 720 });
        // Two samples have a `kip848` scenario: this one is kip-848.rebal's.
        const sample = traces.find((x) => x.scenario === 'kip848' && x.file.endsWith('kip-848.rebal'))!;
        const t = sample.trace;
        await send(page, { type: 'load', views: [{ source: { uri: `file:///work/${sample.file}`, scenario: 'kip848' }, traceJson: JSON.stringify(t) }] });
        await settle(page);
        const box = (await page.locator('canvas.overlay').boundingBox())!;
        const x = async (at: number) => (await hook(page, 'xOf', at)) as number;
        await page.mouse.click(box.x + (await x(63_000)), box.y + 10);
        await page.evaluate(() => (document.querySelector('canvas.overlay') as HTMLElement).focus());
        for (let k = 0; k < 3; k++) await page.keyboard.press('+');
        await settle(page);
        const [[topic, [p]]] = Object.entries(t.consumerProtocol!.targetAssignments.find((a) => a.epoch === 4)!.assignment.c4);
        const ref = targetSpans(t).findIndex((s) => s.member === 'c4' && s.topic === topic && s.partition === p && s.from <= 63_000 && 63_000 < s.to);
        const r = (await hook(page, 'itemRect', 0, 'target', ref)) as { y0: number; y1: number };
        await page.mouse.move(box.x + (await x(63_500)), box.y + (r.y0 + r.y1) / 2);
        await settle(page);
        await shot(page, 'replay-kip848');
        await page.close();
    }
}

void main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
});
