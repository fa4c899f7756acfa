/**
 * Replay panel benchmark, in the machine's Chromium: a synthetic trace of 500 members × 5,000
 * partitions over an hour (validated against docs/trace.schema.json first), then
 * - first frame: from posting the `load` message to the first drawn timeline (clone, validation,
 *   lanes, draw), median of 5 fresh pages;
 * - playing: frame intervals and work per frame for 5 s at the whole-run view (only the overlay
 *   moves) and zoomed to one minute (the view turns a page as the playhead leaves it);
 * - panning: a static redraw on every frame, 120 frames of shift+wheel;
 * - scrolling: the lanes scrolled through, a static redraw per frame.
 * The first frame is measured again for the same trace with a KIP-848 section
 * (synthetic-kip848.ts): target strips, reconciliation records and epochs for every member.
 * Prints sizes and ratios to the targets (first frame < 300 ms, ≥ 50 fps); asserts nothing.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { checkTrace } from '../../extension/src/replay-trace-guard.js';
import { buildModel } from '../../extension/webview/model/lanes.js';
import { buildBundle, hasChromium, launch, openPanel, serve } from '../../test/webview/harness.js';
import { withConsumerProtocol } from './synthetic-kip848.js';
import { BENCH_OPTIONS, syntheticTrace } from './synthetic-trace.js';

const TARGET_FIRST_FRAME_MS = 300;
const TARGET_FPS = 50;

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] : NaN;
};
const f1 = (x: number) => x.toFixed(1);

async function loadInPage(page: Page, message: unknown) {
    // Put the message in the page first (outside the measurement), then time from postMessage.
    await page.evaluate((m) => ((window as any).__benchMessage = m), message);
    return page.evaluate(async () => {
        const t0 = performance.now();
        window.postMessage((window as any).__benchMessage, '*');
        const hook = (window as any).rebalReplay;
        // Poll the hook's timings each frame until the first static frame is drawn.
        for (;;) {
            await new Promise((r) => requestAnimationFrame(r));
            const t = hook.snapshot().timings;
            if (t.firstFrameDrawn !== null && t.panelsFilled !== null)
                return {
                    delivered: t.loadArrived - t0,
                    parsed: t.loadParsed - t.loadArrived,
                    model: t.modelBuilt - t.loadParsed,
                    draw: t.firstFrameDrawn - t.modelBuilt,
                    panels: t.panelsFilled - t.firstFrameDrawn,
                    panel: t.firstFrameDrawn - t.loadArrived,
                    total: t.firstFrameDrawn - t0
                };
        }
    });
}

async function measureFrames(page: Page, seconds: number) {
    await page.keyboard.press('Space');
    await page.waitForTimeout(seconds * 1000);
    await page.keyboard.press('Space');
    const t = await page.evaluate(() => (window as any).rebalReplay.snapshot().timings);
    return { intervals: t.frameIntervals as number[], work: t.frameWork as number[], staticDraws: t.staticDraws as number };
}

async function perFrame(page: Page, frames: number, step: string) {
    return page.evaluate(
        async ([n, kind]) => {
            const canvas = document.querySelector('canvas.overlay')!;
            const scroller = document.querySelector('.scroller')!;
            const intervals: number[] = [];
            let last = performance.now();
            for (let i = 0; i < n; i++) {
                if (kind === 'pan') canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: 0, deltaY: 12, shiftKey: true, bubbles: true, cancelable: true, clientX: 600, clientY: 300 }));
                else scroller.scrollTop += 40;
                await new Promise((r) => requestAnimationFrame(r));
                const now = performance.now();
                intervals.push(now - last);
                last = now;
            }
            const t = (window as any).rebalReplay.snapshot().timings;
            return { intervals, staticDrawMs: (t.staticDrawMs as number[]).slice(-n) };
        },
        [frames, step] as const
    );
}

async function main(): Promise<void> {
    if (!hasChromium) {
        console.log('bench/webview: /usr/bin/chromium is absent; nothing measured.');
        return;
    }
    const genStart = performance.now();
    const trace = syntheticTrace(BENCH_OPTIONS);
    const genMs = performance.now() - genStart;
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')));
    const valid = validate(trace);
    const guard = checkTrace(trace);
    if (!valid || guard.length) throw new Error(`synthetic trace invalid: ${JSON.stringify(validate.errors?.slice(0, 3))} ${guard.join('; ')}`);
    const partitions = trace.topics.reduce((n, t) => n + t.partitions[0].count, 0);
    const json = JSON.stringify(trace).length;
    console.log('## Replay panel benchmark (Chromium, headless, software rendering)\n');
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start\n`);
    console.log(`trace: ${trace.members.length} members × ${partitions} partitions, ${trace.durationMs / 60_000} min, ${trace.rebalances.length} rebalances`);
    console.log(`       ${trace.ownership.length} ownership spans, ${trace.activity.length} activity spans, ${trace.events.length} events, ${(json / 1e6).toFixed(1)} MB of JSON`);
    console.log(`       generated in ${genMs.toFixed(0)} ms, valid against docs/trace.schema.json and the panel's guard\n`);

    // The panel's own stages in Node, as CPU time (user + system, all threads): steadier than wall
    // time on a shared machine, and the same code as in the webview.
    const cpuMedian = (f: () => void) => {
        const xs: number[] = [];
        for (let i = 0; i < 7; i++) {
            const a = process.cpuUsage();
            f();
            const d = process.cpuUsage(a);
            xs.push((d.user + d.system) / 1000);
        }
        return median(xs);
    };
    const text = JSON.stringify(trace);
    const cpu = { parse: cpuMedian(() => JSON.parse(text)), guard: cpuMedian(() => checkTrace(trace)), lanes: cpuMedian(() => buildModel(trace)) };
    console.log(`stage CPU time in Node 20 (median of 7): JSON.parse ${f1(cpu.parse)} ms, guard ${f1(cpu.guard)} ms, lanes ${f1(cpu.lanes)} ms`);
    const kip848 = withConsumerProtocol(trace);
    const kipGuard = checkTrace(kip848);
    if (!validate(kip848) || kipGuard.length) throw new Error(`synthetic KIP-848 trace invalid: ${JSON.stringify(validate.errors?.slice(0, 3))} ${kipGuard.join('; ')}`);
    const kipText = JSON.stringify(kip848);
    const cp = kip848.consumerProtocol!;
    const kipCpu = { parse: cpuMedian(() => JSON.parse(kipText)), guard: cpuMedian(() => checkTrace(kip848)), lanes: cpuMedian(() => buildModel(kip848)) };
    console.log(
      `KIP-848 variant: +${cp.targetAssignments.length} target assignments, ${cp.reconciliations!.length} reconciliation records, ${cp.memberEpochs.length} member epochs, ${(kipText.length / 1e6).toFixed(1)} MB of JSON (${(kipText.length / text.length).toFixed(2)}× the classic trace)`
    );
    console.log(`  stage CPU time: JSON.parse ${f1(kipCpu.parse)} ms, guard ${f1(kipCpu.guard)} ms, lanes ${f1(kipCpu.lanes)} ms (${(kipCpu.lanes / cpu.lanes).toFixed(2)}× the classic lanes)\n`);

    const bundle = await buildBundle();
    const harness = await serve(bundle);
    const browser = await launch();
    const message = { type: 'load', views: [{ source: { uri: 'file:///bench.rebal', scenario: trace.scenario }, trace }] };
    try {
        const wire = { type: 'load', views: [{ source: message.views[0].source, traceJson: JSON.stringify(trace) }] };
        const kipWire = { type: 'load', views: [{ source: message.views[0].source, traceJson: kipText }] };
        const modes = [
            ['trace as JSON text (what the extension sends)', wire],
            ['trace as an object (structured clone)', message],
            ['KIP-848 variant as JSON text', kipWire]
        ] as const;
        console.log('first frame (median of 5 fresh pages), ms      delivered  parse+guard  lanes    draw  panel total  total   panel vs 300 ms  then side panels');
        const panelTotals: number[] = [];
        for (const [name, m] of modes) {
            const runs: Awaited<ReturnType<typeof loadInPage>>[] = [];
            for (let i = 0; i < 5; i++) {
                const { page } = await openPanel(browser, harness, { width: 1600, height: 1000 });
                runs.push(await loadInPage(page, m));
                await page.close();
            }
            const med = (k: keyof (typeof runs)[number]) => f1(median(runs.map((r) => r[k]))).padStart(7);
            const panel = median(runs.map((r) => r.panel));
            panelTotals.push(panel);
            console.log(`  ${name.padEnd(46)} ${med('delivered')}  ${med('parsed')}     ${med('model')} ${med('draw')}  ${med('panel')}  ${med('total')}   ${(panel / TARGET_FIRST_FRAME_MS).toFixed(2)}×            +${med('panels')}`);
        }
        console.log('  (delivered: postMessage until the panel has the message; panel total: from then to the first drawn timeline)\n');
        const { page } = await openPanel(browser, harness, { width: 1600, height: 1000 });
        await loadInPage(page, message);
        await page.locator('canvas.overlay').focus();
        const rows: string[] = [];
        const report = (name: string, intervals: number[], work: number[], statics: string) => {
            const mean = intervals.reduce((a, b) => a + b, 0) / Math.max(1, intervals.length);
            const fps = 1000 / mean;
            rows.push(`  ${name.padEnd(30)} ${String(intervals.length).padStart(6)} ${f1(fps).padStart(6)} ${f1(median(intervals)).padStart(8)} ${f1(pct(intervals, 95)).padStart(8)} ${f1(pct(work, 95)).padStart(9)}   ${statics}   ${(fps / TARGET_FPS).toFixed(2)}× target`);
        };
        const whole = await measureFrames(page, 5);
        report('playing, whole hour in view', whole.intervals, whole.work, `${whole.staticDraws} static draws`);
        // Zoom to about a minute (+ six times: 60 min / 64) and play: pages turn as the playhead leaves the view.
        await page.keyboard.press('Home');
        for (let i = 0; i < 6; i++) await page.keyboard.press('+');
        await page.keyboard.press(']');
        const before = (await page.evaluate(() => (window as any).rebalReplay.snapshot().timings.staticDraws)) as number;
        const zoomed = await measureFrames(page, 5);
        report('playing, ~1 min in view', zoomed.intervals, zoomed.work, `${zoomed.staticDraws - before} static draws`);
        const pan = await perFrame(page, 120, 'pan');
        report('panning (redraw every frame)', pan.intervals, pan.staticDrawMs, `static draw p95 ${f1(pct(pan.staticDrawMs, 95))} ms`);
        await page.keyboard.press('0');
        const scroll = await perFrame(page, 120, 'scroll');
        report('scrolling lanes, whole hour', scroll.intervals, scroll.staticDrawMs, `static draw p95 ${f1(pct(scroll.staticDrawMs, 95))} ms`);
        console.log(`frames                           frames    fps   median      p95  work p95`);
        for (const r of rows) console.log(r);
        const drawn = await page.evaluate(() => {
            const s = (window as any).rebalReplay.snapshot();
            return { lanes: s.views[0].lanes.length, drawn: s.drawn.lanes.length, spans: s.drawn.lanes.reduce((n: number, l: any) => n + l.spans, 0), merged: s.drawn.lanes.reduce((n: number, l: any) => n + l.merged, 0), items: s.drawn.lanes.reduce((n: number, l: any) => n + l.mergedItems, 0) };
        });
        console.log(`\nlast frame: ${drawn.drawn} of ${drawn.lanes} lanes drawn; ${drawn.spans} rectangles for single items, ${drawn.merged} for ${drawn.items} merged sub-pixel items`);
        await page.close();
    } finally {
        await browser.close();
        await harness.close();
    }
}

void main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
});
