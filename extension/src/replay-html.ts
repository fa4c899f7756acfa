/**
 * The replay webview's HTML: a strict Content-Security-Policy (nothing but the bundle, by nonce;
 * styles only by the same nonce; images only inline data for the export), and the bundle. No VS
 * Code import, so the browser tests serve exactly this page.
 */

export interface WebviewHtmlOptions {
    /** `webview.cspSource`: the origin the bundle is served from. */
    readonly cspSource: string;
    /** A fresh random nonce per page load. */
    readonly nonce: string;
    /** `webview.asWebviewUri(…/out/webview/replay.js)`. */
    readonly scriptUri: string;
    readonly title: string;
}

/** Attribute values are double-quoted: escaping &, <, > and " is enough (CSP quotes stay readable). */
const escapeAttr = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `script-src 'nonce-${nonce}' ${cspSource}`,
        `style-src 'nonce-${nonce}'`,
        `img-src ${cspSource} data: blob:`,
        `font-src ${cspSource}`
    ].join('; ');
}

export function replayWebviewHtml(o: WebviewHtmlOptions): string {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttr(o.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** 32 random characters from [A-Za-z0-9] (the webview-sample's nonce, from a CSPRNG). */
export function makeNonce(random: (n: number) => Uint8Array): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}
