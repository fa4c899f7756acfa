/**
 * One replay panel: a webview showing one scenario (or two, compared), kept in step with the
 * language server. The host holds the sources and the last good trace of each view; the webview
 * holds where the user is (playhead, zoom) in its own state, which survives a reload.
 *
 * Invariant: every message from the webview is parsed (messages.ts) before it is acted on, and
 * the webview can load nothing but the bundle folder (localResourceRoots) under a nonce CSP.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { exportReplayHtml } from '../../language-server/src/cli/html-export.js';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { type HostWireMessage, parseWebviewMessage, sameSource, type TraceSource, type WebviewMessage } from './messages.js';
import { pickComparison } from './replay-compare.js';
import { makeNonce, replayWebviewHtml } from './replay-html.js';
import type { ReplayServer } from './replay-server.js';

export const REPLAY_VIEW_TYPE = 'rebal.replay';

/** The bundle folder: the only place the webview may load from. */
export function bundleFolder(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'out', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [bundleFolder(extensionUri)] };
}

interface HostView {
    source: TraceSource;
    /** JSON text of the last trace that simulated; kept when an edit breaks the file. */
    json: string | null;
    problem?: string;
}

function title(sources: readonly TraceSource[]): string {
    const names = sources.map((s) => (s.override ? `${s.scenario} (${s.override.key} = ${s.override.value})` : s.scenario));
    return `Replay: ${names.join(' vs ')}`;
}

export class ReplayPanel {
    private views: HostView[];
    private ready = false;
    private readonly disposables: vscode.Disposable[] = [];
    private lastCursor: { uri: string; line: number } | null = null;
    private disposed = false;
    readonly onDidDispose: vscode.Event<void>;
    private readonly disposeEmitter = new vscode.EventEmitter<void>();

    constructor(
        readonly panel: vscode.WebviewPanel,
        private readonly extensionUri: vscode.Uri,
        private readonly server: ReplayServer,
        sources: readonly TraceSource[],
        private readonly log: vscode.OutputChannel
    ) {
        this.views = sources.map((source) => ({ source, json: null }));
        this.onDidDispose = this.disposeEmitter.event;
        panel.webview.options = webviewOptions(extensionUri);
        panel.title = title(sources);
        const nonce = makeNonce((n) => randomBytes(n));
        panel.webview.html = replayWebviewHtml({
            cspSource: panel.webview.cspSource,
            nonce,
            scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundleFolder(extensionUri), 'replay.js')).toString(),
            title: panel.title
        });
        this.disposables.push(
            panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
            panel.onDidDispose(() => this.dispose())
        );
    }

    get sources(): readonly TraceSource[] {
        return this.views.map((v) => v.source);
    }

    /** The primary view is this file's scenario, without an override. */
    shows(uri: string, scenario: string): boolean {
        const s = this.views[0].source;
        return this.views.length === 1 && s.uri === uri && s.scenario === scenario && !s.override;
    }

    showsFile(uri: string): boolean {
        return this.views.some((v) => v.source.uri === uri);
    }

    private post(message: HostWireMessage): void {
        if (!this.disposed) void this.panel.webview.postMessage(message);
    }

    private async receive(raw: unknown): Promise<void> {
        const parsed = parseWebviewMessage(raw);
        if (!parsed.ok) {
            this.log.appendLine(`[replay] ignored a malformed message from the webview: ${parsed.error}`);
            return;
        }
        try {
            await this.handle(parsed.value);
        } catch (e) {
            void vscode.window.showErrorMessage(`rebal replay: ${e instanceof Error ? e.message : String(e)}`);
        }
    }

    private async handle(m: WebviewMessage): Promise<void> {
        switch (m.type) {
            case 'ready':
                this.ready = true;
                await this.loadAll();
                if (this.lastCursor) this.post({ type: 'cursor', ...this.lastCursor });
                return;
            case 'revealLine':
                await revealLine(m.uri, m.line);
                return;
            case 'exportPicture':
                await this.exportPicture(m.format, m.fileName, m.data);
                return;
            case 'exportTrace':
                await this.exportTrace(m.index);
                return;
            case 'exportHtml':
                await this.exportHtml();
                return;
            case 'compare': {
                const second = await pickComparison(this.server, this.views[0].source);
                if (second) await this.setSources([this.views[0].source, second]);
                return;
            }
            case 'closeCompare':
                await this.setSources([this.views[0].source]);
                return;
            case 'rejected':
                this.log.appendLine(`[replay] the webview rejected a message: ${m.reason}`);
                return;
        }
    }

    /** Shows other sources (compare, close compare); views that stay keep their trace. */
    async setSources(sources: readonly TraceSource[]): Promise<void> {
        const old = this.views;
        this.views = sources.map((source) => old.find((v) => sameSource(v.source, source)) ?? { source, json: null });
        this.panel.title = title(sources);
        await this.loadAll();
    }

    private async loadAll(): Promise<void> {
        await Promise.all(this.views.map((v) => (v.json ? Promise.resolve() : this.fetch(v))));
        if (!this.ready) return;
        const views = this.views.map((v) => (v.json ? { source: v.source, traceJson: v.json } : { source: v.source, trace: null, problem: v.problem ?? 'no trace' }));
        this.post({ type: 'load', views });
        this.views.forEach((v, index) => v.json && v.problem && this.post({ type: 'problem', index, message: v.problem }));
    }

    private async fetch(view: HostView): Promise<boolean> {
        const result = await this.server.trace(view.source);
        if ('json' in result) {
            view.json = result.json;
            view.problem = undefined;
            return true;
        }
        view.problem = result.error;
        return false;
    }

    /** The server re-simulated a scenario after an edit: refresh the views showing it, in place. */
    async traceChanged(uri: string, scenario: string): Promise<void> {
        await Promise.all(
            this.views.map(async (v, index) => {
                if (v.source.uri !== uri || v.source.scenario !== scenario) return;
                const hadTrace = v.json !== null;
                const ok = await this.fetch(v);
                if (!this.ready) return;
                if (ok && hadTrace) this.post({ type: 'update', index, traceJson: v.json! });
                else if (ok) await this.loadAll();
                else this.post({ type: 'problem', index, message: v.problem ?? 'no trace' });
            })
        );
    }

    /** The editor's cursor is on `line` of `uri`. */
    cursor(uri: string, line: number): void {
        if (this.lastCursor?.uri === uri && this.lastCursor.line === line) return;
        this.lastCursor = { uri, line };
        if (this.ready && this.showsFile(uri)) this.post({ type: 'cursor', uri, line });
    }

    private defaultFolder(): vscode.Uri | undefined {
        try {
            const uri = vscode.Uri.parse(this.views[0].source.uri);
            return uri.scheme === 'file' ? vscode.Uri.joinPath(uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
        } catch {
            return vscode.workspace.workspaceFolders?.[0]?.uri;
        }
    }

    private async save(fileName: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
        const folder = this.defaultFolder();
        const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined, filters });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}`);
    }

    private async exportPicture(format: 'svg' | 'png', fileName: string, data: string): Promise<void> {
        const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
        await this.save(fileName, format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] }, bytes);
    }

    private async exportTrace(index: number): Promise<void> {
        const json = this.views[index]?.json;
        if (!json) return;
        const trace = JSON.parse(json) as Trace;
        await this.save(`${trace.scenario}.trace.json`, { JSON: ['json'] }, new TextEncoder().encode(`${JSON.stringify(trace, null, 2)}\n`));
    }

    private async exportHtml(): Promise<void> {
        const views = this.views.flatMap((v) => (v.json ? [{ trace: JSON.parse(v.json) as Trace, uri: v.source.uri, override: v.source.override }] : []));
        if (views.length === 0) return;
        const bundle = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(bundleFolder(this.extensionUri), 'replay.js')));
        const html = exportReplayHtml({ views, bundle });
        const stem = views.map((v) => v.trace.scenario).join('-vs-');
        await this.save(`${stem}.replay.html`, { HTML: ['html'] }, new TextEncoder().encode(html));
    }

    reveal(): void {
        this.panel.reveal(undefined, true);
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.disposeEmitter.fire();
        this.disposeEmitter.dispose();
        for (const d of this.disposables) d.dispose();
        this.panel.dispose();
    }
}

/** Opens `uri` (or focuses its editor) with `line` (1-based) selected and in view. */
export async function revealLine(uri: string, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const l = Math.min(Math.max(0, line - 1), document.lineCount - 1);
    const range = document.lineAt(l).range;
    const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString());
    await vscode.window.showTextDocument(document, {
        viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One,
        selection: new vscode.Range(range.start, range.start),
        preserveFocus: false
    });
}
