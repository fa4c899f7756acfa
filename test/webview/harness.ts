/**
 * A page that hosts the replay webview the way VS Code does, in real Chromium: the same HTML and
 * CSP as the extension (extension/src/replay-html.ts), the bundle built as esbuild.mjs builds it,
 * and a stand-in for `acquireVsCodeApi` that records what the panel posts and saves. Served on
 * 127.0.0.1; the browser is the machine's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { replayWebviewHtml } from '../../extension/src/replay-html.js';
import { type ThemeName, themeScript } from './vscode-themes.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = 'test-results/webview';

/** Builds the webview bundle with the options esbuild.mjs uses for it, in memory. */
export async function buildBundle(): Promise<string> {
    const result = await esbuild.build({
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        entryPoints: ['extension/webview/main.ts'],
        write: false,
        logLevel: 'warning'
    });
    return result.outputFiles[0].text;
}

const NONCE = 'harnessNonce0123456789abcdefABCD';

/** The stand-in for VS Code's webview API; `state` is what getState() returns first. */
function vscodeStub(state: unknown): string {
    return `window.__posted = [];
window.__state = ${JSON.stringify(state ?? null).replace(/</g, '\\u003c')};
window.__stateWrites = 0;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); window.__stateWrites++; }
});`;
}

export interface Harness {
    readonly url: string;
    /** Extra pages the server answers: path → HTML. */
    readonly pages: Map<string, string>;
    close(): Promise<void>;
}

export async function serve(bundle: string): Promise<Harness> {
    const pages = new Map<string, string>();
    let base = '';
    const server: Server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', base || 'http://127.0.0.1');
        if (url.pathname === '/replay.js') {
            res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
            res.end(bundle);
            return;
        }
        if (url.pathname === '/') {
            const stateParam = url.searchParams.get('state');
            const state = stateParam ? JSON.parse(Buffer.from(stateParam, 'base64url').toString('utf8')) : null;
            const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeName;
            const html = replayWebviewHtml({ cspSource: base, nonce: NONCE, scriptUri: `${base}/replay.js`, title: 'replay harness' }).replace(
                '<div id="app"></div>',
                `<div id="app"></div>\n<script nonce="${NONCE}">${themeScript(theme)}\n${vscodeStub(state)}</script>`
            );
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(html);
            return;
        }
        if (url.pathname === '/favicon.ico') {
            res.writeHead(204);
            res.end();
            return;
        }
        const page = pages.get(url.pathname);
        if (page !== undefined) {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(page);
            return;
        }
        res.writeHead(404);
        res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: base, pages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface Browser {
    readonly context: BrowserContext;
    close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'rebal-webview-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 800 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    return {
        context,
        close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        }
    };
}

export interface OpenedPage {
    readonly page: Page;
    /** Console errors and CSP violations seen by the page. */
    readonly errors: string[];
}

/** Opens the harness page and waits until the panel has said `ready`. */
export async function openPanel(browser: Browser, harness: Harness, options: { state?: unknown; width?: number; height?: number; colorScheme?: 'light' | 'dark'; theme?: ThemeName } = {}): Promise<OpenedPage> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: options.width ?? 1280, height: options.height ?? 800 });
    if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    const errors: string[] = [];
    page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const query = new URLSearchParams({ theme: options.theme ?? 'dark' });
    if (options.state !== undefined) query.set('state', Buffer.from(JSON.stringify(options.state)).toString('base64url'));
    await page.goto(`${harness.url}/?${query}`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return { page, errors };
}

/** Switches the page to another VS Code theme, as VS Code does when the user changes theme. */
export async function setTheme(page: Page, theme: ThemeName): Promise<void> {
    await page.evaluate(themeScript(theme));
}

/** Sends a message to the panel the way VS Code delivers host messages (a window message event). */
export async function send(page: Page, message: unknown): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits until the panel has drawn whatever the last message or input asked for, and has nothing queued. */
export async function settle(page: Page): Promise<void> {
    await page.evaluate(async () => {
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        await frame();
        await frame();
        for (let i = 0; i < 100 && (window as any).rebalReplay?.snapshot().pending; i++) await frame();
    });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Snapshot = any;

export async function snapshot(page: Page): Promise<Snapshot> {
    return page.evaluate(() => (window as unknown as { rebalReplay: { snapshot(): unknown } }).rebalReplay.snapshot());
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
    return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

export async function screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path });
    return path;
}

/** The colour of one device pixel of the static canvas, as `#rrggbb`. */
export async function staticPixel(page: Page, x: number, y: number): Promise<string> {
    return page.evaluate(
        ([px, py]) => {
            const c = document.querySelector('canvas.static') as HTMLCanvasElement;
            const dpr = c.width / c.getBoundingClientRect().width;
            const d = c.getContext('2d')!.getImageData(Math.floor(px * dpr), Math.floor(py * dpr), 1, 1).data;
            return `#${[d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        },
        [x, y]
    );
}
