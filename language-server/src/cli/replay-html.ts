/**
 * `--html`: the replay panel as one self-contained file. The webview bundle ships beside the
 * CLI (out/webview/replay.js); html-export.ts inlines it with the traces (one scenario, or two
 * side by side on one time axis).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../simulation/trace.js';
import { exportReplayHtml } from './html-export.js';

export function renderHtml(traces: Trace[]): string {
    if (traces.length === 0) throw new Error('no scenario was simulated');
    if (traces.length > 2) throw new Error(`an HTML replay shows one scenario, or two side by side; pick with --scenario (this file has ${traces.length})`);
    const bundlePath = join(__dirname, '..', 'webview', 'replay.js');
    if (!existsSync(bundlePath)) throw new Error(`the replay bundle is missing (${bundlePath}); run npm run build`);
    return exportReplayHtml({ views: traces.map((trace) => ({ trace })), bundle: readFileSync(bundlePath, 'utf8') });
}
