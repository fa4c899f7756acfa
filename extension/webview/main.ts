/**
 * Entry of the webview bundle (out/webview/replay.js, an IIFE). Injects the CSS with the script's
 * CSP nonce, connects to VS Code (or reads the traces inlined in a standalone HTML export), and
 * exposes a read-only debug hook, `window.rebalReplay`, that tests and benchmarks read.
 */
import { ReplayApp } from './app.js';
import { connectHost } from './host.js';
import { STANDALONE_DATA_ID } from './standalone.js';
import { CSS } from './styles.js';

// Read while this script runs: document.currentScript is null once it has finished.
const scriptNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

function start(): void {
    const nonce = scriptNonce;
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = CSS;
    document.head.append(style);

    const host = connectHost();
    if (host.kind === 'standalone') document.body.classList.add('standalone');
    let root = document.getElementById('app');
    if (!root) {
        root = document.createElement('div');
        root.id = 'app';
        document.body.append(root);
    }
    const app = new ReplayApp(root, host);

    const hook = Object.freeze({
        snapshot: () => JSON.parse(JSON.stringify(app.snapshot())),
        colorOf: (view: number, key: string) => app.colorOf(view, key),
        xOf: (t: number) => app.xOf(t),
        itemRect: (view: number, refKind: string, ref: number) => app.itemRect(view, refKind, ref),
        renderPicture: (format: 'png' | 'svg') => app.renderPicture(format)
    });
    Object.defineProperty(window, 'rebalReplay', { value: hook, writable: false, configurable: false });

    if (host.kind === 'vscode') {
        window.addEventListener('message', (e: MessageEvent) => app.receive(e.data));
        host.post({ type: 'ready' });
        return;
    }
    const data = document.getElementById(STANDALONE_DATA_ID)?.textContent;
    if (!data) {
        app.receive({ type: 'load', views: [] });
        return;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(data);
    } catch (e) {
        parsed = { type: 'invalid JSON', error: String(e) };
    }
    app.receive(parsed);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(), { once: true });
else start();
