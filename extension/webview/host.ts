/**
 * Where the panel runs: inside VS Code (messages and state through acquireVsCodeApi) or as the
 * exported standalone HTML file (traces inlined, exports downloaded by the browser).
 */
import type { WebviewMessage, WebviewState } from '../src/messages.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

export interface Host {
    readonly kind: 'vscode' | 'standalone';
    post(message: WebviewMessage): void;
    getState(): unknown;
    setState(state: WebviewState): void;
}

export function connectHost(): Host {
    if (typeof acquireVsCodeApi === 'function') {
        const api = acquireVsCodeApi();
        return {
            kind: 'vscode',
            post: (m) => api.postMessage(m),
            getState: () => api.getState(),
            setState: (s) => api.setState(s)
        };
    }
    // Standalone: nobody to talk to; state lives only as long as the page.
    let state: unknown = null;
    return {
        kind: 'standalone',
        post: () => undefined,
        getState: () => state,
        setState: (s) => {
            state = s;
        }
    };
}

/** Saves `data` as a file through the browser (standalone HTML only). */
export function download(fileName: string, data: string | Blob, mime: string): void {
    const blob = typeof data === 'string' ? new Blob([data], { type: mime }) : data;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
