/**
 * language-server/src/cli/html-export.ts: one self-contained HTML file from traces and the bundle.
 * What a trace or the bundle contains must never end a <script> early or reach the page as markup.
 */
import { describe, expect, test } from 'vitest';
import { exportReplayHtml, STANDALONE_DATA_ID } from '../../language-server/src/cli/html-export.js';
import { STANDALONE_DATA_ID as WEBVIEW_DATA_ID } from '../../extension/webview/standalone.js';
import { syntheticTrace, BENCH_OPTIONS } from '../../bench/webview/synthetic-trace.js';

const small = syntheticTrace({ ...BENCH_OPTIONS, members: 3, topics: [{ name: 'orders', partitions: 6 }], durationMs: 300_000, restartEveryMs: 100_000 });
const hostile = { ...small, scenario: 'x</script><script>alert(1)</script>', engine: { ...small.engine, notes: ['<!-- a note -->', '\u2028 line separator', '& ampersand'] } };

function dataOf(html: string): unknown {
    const m = new RegExp(`<script type="application/json" id="${STANDALONE_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
    if (!m) throw new Error('no data element');
    return JSON.parse(m[1]);
}

describe('HTML export', () => {
    test('the webview and the export agree on where the data is', () => {
        expect(STANDALONE_DATA_ID).toBe(WEBVIEW_DATA_ID);
    });

    test('hostile strings in the trace and the bundle stay inside their scripts and round-trip exactly', () => {
        const bundle = 'console.log("</script><b>not markup</b>"); /* <!-- */';
        const html = exportReplayHtml({ views: [{ trace: hostile }], bundle });
        // Exactly the two scripts we put there, and each closes once.
        expect(html.match(/<script/gi)).toHaveLength(2);
        expect(html.match(/<\/script>/gi)).toHaveLength(2);
        expect(html).not.toContain('<!--');
        expect(dataOf(html)).toEqual({ type: 'load', views: [{ source: { uri: `standalone:${hostile.scenario}`, scenario: hostile.scenario }, trace: hostile }] });
        expect(html).toContain('console.log("<\\/script><b>not markup</b>")');
        // The title is text, not markup.
        expect(html).toContain('<title>rebal replay: x&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>');
    });

    test('a strict CSP whose nonce is derived from the content: same inputs, same file', () => {
        const a = exportReplayHtml({ views: [{ trace: small }], bundle: 'void 0' });
        const b = exportReplayHtml({ views: [{ trace: small }], bundle: 'void 0' });
        const c = exportReplayHtml({ views: [{ trace: small }], bundle: 'void 1' });
        expect(a).toBe(b);
        const nonce = (h: string) => /script-src 'nonce-([A-Za-z0-9]+)'/.exec(h)?.[1];
        expect(nonce(a)).toMatch(/^[A-Za-z0-9]{20,}$/);
        expect(nonce(a)).not.toBe(nonce(c));
        expect(a).toContain(`default-src 'none'; script-src 'nonce-${nonce(a)}'; style-src 'nonce-${nonce(a)}'; img-src data: blob:`);
        expect(a).toContain(`<script nonce="${nonce(a)}">void 0</script>`);
    });

    test('two views for a comparison, with the override that made the second', () => {
        const html = exportReplayHtml({ views: [{ trace: small }, { trace: small, override: { key: 'session.timeout.ms', value: '10s' } }], bundle: '' });
        const data = dataOf(html) as { views: { source: unknown }[] };
        expect(data.views.map((v) => v.source)).toEqual([
            { uri: `standalone:${small.scenario}`, scenario: small.scenario },
            { uri: `standalone:${small.scenario}`, scenario: small.scenario, override: { key: 'session.timeout.ms', value: '10s' } }
        ]);
        expect(() => exportReplayHtml({ views: [], bundle: '' })).toThrow(/one or two views/);
    });
});
