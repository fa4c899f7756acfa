/**
 * The whole replay as one HTML file: the webview bundle and the trace(s) inlined, so it plays in
 * any browser, offline, with nothing to install. Pure: text in, text out. The CLI
 * (`rebal simulate FILE --html OUT.html`) and the panel's HTML export both call it; the caller
 * reads the bundle (out/webview/replay.js — from the CLI bundle that is `../webview/replay.js`).
 *
 * The page carries the same kind of Content-Security-Policy as the webview: scripts and styles only
 * by a nonce, no network (`default-src 'none'`). The nonce is derived from the content, so the same
 * inputs give the same file.
 */
import { createHash } from 'node:crypto';
import type { Trace } from '../simulation/trace.js';

/** Where the webview bundle is, relative to the CLI bundle's folder (see esbuild.mjs). */
export const WEBVIEW_BUNDLE_FROM_CLI = '../webview/replay.js';

/** Must match STANDALONE_DATA_ID in extension/webview/main.ts. */
export const STANDALONE_DATA_ID = 'rebal-replay-data';

export interface HtmlExportView {
    readonly trace: Trace;
    /** Where it came from (shown nowhere yet; kept so a reader of the file knows). */
    readonly uri?: string;
    readonly override?: { readonly key: string; readonly value: string };
}

export interface HtmlExportInput {
    /** One view, or two to compare on the same time axis. */
    readonly views: readonly HtmlExportView[];
    /** The webview bundle's JavaScript text. */
    readonly bundle: string;
    readonly title?: string;
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no U+2028/2029 surprises. */
export function scriptSafeJson(value: unknown): string {
    return JSON.stringify(value)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}

/** JavaScript that is safe inside a <script> element (only `</script` and `<!--` need breaking up). */
export function scriptSafeCode(code: string): string {
    return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function exportReplayHtml(input: HtmlExportInput): string {
    if (input.views.length < 1 || input.views.length > 2) throw new Error('an HTML export holds one or two views');
    const message = {
        type: 'load',
        views: input.views.map((v) => ({
            source: { uri: v.uri ?? `standalone:${v.trace.scenario}`, scenario: v.trace.scenario, ...(v.override ? { override: v.override } : {}) },
            trace: v.trace
        }))
    };
    const data = scriptSafeJson(message);
    const code = scriptSafeCode(input.bundle);
    const nonce = createHash('sha256').update(code).update('\u0000').update(data).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
    const title = input.title ?? `rebal replay: ${input.views.map((v) => v.trace.scenario).join(' vs ')}`;
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data: blob:`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="rebal ${escapeHtml(input.views[0].trace.engine.version)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="${STANDALONE_DATA_ID}">${data}</script>
<script nonce="${nonce}">${code}</script>
</body>
</html>
`;
}
