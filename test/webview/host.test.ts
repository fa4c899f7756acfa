/**
 * The extension-host side of the replay panel (replay-panel.ts, replay-host.ts) against a
 * stand-in for the `vscode` module: the HTML and options it gives the webview, what it posts for
 * each webview message, how it follows the server and the cursor, and the serializer. The real
 * VS Code runs these through the e2e suite; here every path is driven and checked in Node.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';

// ---- a stand-in for the parts of `vscode` the replay modules use ---------------------------------
const calls = vi.hoisted(() => ({
    commands: new Map<string, (...args: unknown[]) => unknown>(),
    serializers: new Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }>(),
    selectionListeners: [] as ((e: unknown) => void)[],
    createdPanels: [] as unknown[],
    shown: [] as { uri: string; line: number }[],
    saved: [] as { path: string; bytes: Uint8Array }[],
    quickPicks: [] as unknown[],
    activeEditor: undefined as unknown
}));

vi.mock('vscode', () => {
    class Uri {
        constructor(
            readonly scheme: string,
            readonly path: string
        ) {}
        static parse(s: string) {
            const m = /^([a-z-]+):(?:\/\/)?(.*)$/.exec(s);
            return new Uri(m ? m[1] : 'file', m ? (m[2].startsWith('/') ? m[2] : `/${m[2]}`) : s);
        }
        static joinPath(base: Uri, ...parts: string[]) {
            const segs = base.path.split('/');
            for (const p of parts) for (const s of p.split('/')) s === '..' ? segs.pop() : segs.push(s);
            return new Uri(base.scheme, segs.join('/'));
        }
        toString() {
            return `${this.scheme}://${this.path}`;
        }
    }
    class EventEmitter<T> {
        private listeners: ((e: T) => void)[] = [];
        event = (l: (e: T) => void) => {
            this.listeners.push(l);
            return { dispose: () => undefined };
        };
        fire(e: T) {
            for (const l of this.listeners) l(e);
        }
        dispose() {
            this.listeners = [];
        }
    }
    const disposable = { dispose: () => undefined };
    return {
        Uri,
        EventEmitter,
        ViewColumn: { One: 1, Beside: -2 },
        QuickPickItemKind: { Separator: -1 },
        Range: class {
            constructor(
                readonly start: unknown,
                readonly end: unknown
            ) {}
        },
        commands: {
            registerCommand: (id: string, f: (...args: unknown[]) => unknown) => (calls.commands.set(id, f), disposable),
            executeCommand: (id: string, ...args: unknown[]) => calls.commands.get(id)?.(...args)
        },
        window: {
            createOutputChannel: () => ({ appendLine: () => undefined, dispose: () => undefined }),
            createWebviewPanel: (_type: string, title: string) => {
                const p = fakePanel(title);
                calls.createdPanels.push(p);
                return p;
            },
            registerWebviewPanelSerializer: (type: string, s: never) => (calls.serializers.set(type, s), disposable),
            onDidChangeTextEditorSelection: (l: (e: unknown) => void) => (calls.selectionListeners.push(l), disposable),
            get activeTextEditor() {
                return calls.activeEditor;
            },
            visibleTextEditors: [],
            showTextDocument: async (doc: { uri: Uri }, o: { selection: { start: { line: number } } }) => {
                calls.shown.push({ uri: doc.uri.toString(), line: o.selection.start.line + 1 });
            },
            showSaveDialog: async (o: { defaultUri: Uri }) => o.defaultUri,
            showQuickPick: async (items: unknown[]) => calls.quickPicks.shift() ?? items[0],
            showInputBox: async () => undefined,
            showInformationMessage: async () => undefined,
            showErrorMessage: async (m: string) => {
                throw new Error(`unexpected error message: ${m}`);
            }
        },
        workspace: {
            openTextDocument: async (uri: Uri) => ({
                uri,
                lineCount: 100,
                lineAt: (l: number) => ({ range: { start: { line: l }, end: { line: l } } })
            }),
            fs: {
                writeFile: async (uri: Uri, bytes: Uint8Array) => void calls.saved.push({ path: uri.path, bytes }),
                readFile: async () => new TextEncoder().encode('/* bundle */ console.log("</script>")')
            },
            workspaceFolders: undefined,
            asRelativePath: (u: Uri) => u.path
        }
    };

    function fakePanel(title: string) {
        const received: ((m: unknown) => void)[] = [];
        const disposeListeners: (() => void)[] = [];
        const panel = {
            title,
            posted: [] as unknown[],
            disposed: false,
            revealed: 0,
            webview: {
                options: {} as unknown,
                html: '',
                cspSource: 'https://webview.test',
                asWebviewUri: (u: Uri) => `https://webview.test${u.path}`,
                postMessage: async (m: unknown) => (panel.posted.push(JSON.parse(JSON.stringify(m))), true),
                onDidReceiveMessage: (l: (m: unknown) => void) => (received.push(l), disposable)
            },
            onDidDispose: (l: () => void) => (disposeListeners.push(l), disposable),
            reveal: () => void panel.revealed++,
            dispose: () => {
                if (panel.disposed) return;
                panel.disposed = true;
                for (const l of disposeListeners) l();
            },
            /** The webview sends a message to the host. */
            fromWebview: async (m: unknown) => {
                for (const l of received) await l(m);
                await new Promise((r) => setTimeout(r, 0));
            }
        };
        return panel;
    }
});

import { registerReplay } from '../../extension/src/replay-host.js';
import { ReplayPanel } from '../../extension/src/replay-panel.js';
import type { ReplayServer } from '../../extension/src/replay-server.js';
import * as vscode from 'vscode';

type FakePanel = {
    title: string;
    posted: any[];
    disposed: boolean;
    revealed: number;
    webview: { options: any; html: string };
    fromWebview(m: unknown): Promise<void>;
};

/** Enough of a trace for the host, which only forwards and saves traces (the webview checks them). */
const TRACE = (scenario: string, durationMs = 60_000) => ({ traceVersion: 1, engine: { name: 'rebal', version: 'test' }, scenario, durationMs });

function fakeServer(answers: Record<string, { json: string } | { error: string }>) {
    const requested: unknown[] = [];
    let changed: ((e: { uri: string; scenario: string }) => void) | undefined;
    const server: ReplayServer = {
        trace: async (source) => {
            requested.push(source);
            const key = source.override ? `${source.scenario}+${source.override.key}=${source.override.value}` : source.scenario;
            return answers[key] ?? { error: `no such scenario ${key}` };
        },
        scenarios: async () => [
            { name: 'eager', line: 10, group: 'g' },
            { name: 'cooperative', line: 30, group: 'g' }
        ],
        onTraceChanged: (l) => ((changed = l), { dispose: () => undefined })
    };
    return { server, requested, fire: (e: { uri: string; scenario: string }) => changed?.(e), answers };
}

const extensionUri = vscode.Uri.parse('file:///ext');
const log = { appendLine: vi.fn() } as unknown as vscode.OutputChannel;

function panelWith(sources: { uri: string; scenario: string }[], answers: Record<string, { json: string } | { error: string }>) {
    const fake = (vscode.window.createWebviewPanel as unknown as (t: string, title: string) => FakePanel)('rebal.replay', 'x');
    const server = fakeServer(answers);
    const panel = new ReplayPanel(fake as unknown as vscode.WebviewPanel, extensionUri, server.server, sources, log);
    return { fake, panel, server };
}

beforeEach(() => {
    calls.shown.length = 0;
    calls.saved.length = 0;
    calls.quickPicks.length = 0;
});

describe('replay panel (extension host)', () => {
    test('the webview gets scripts, the bundle folder as its only resource root, and a CSP with a fresh nonce', () => {
        const { fake } = panelWith([{ uri: 'file:///a.rebal', scenario: 'eager' }], {});
        expect(fake.webview.options.enableScripts).toBe(true);
        expect(fake.webview.options.localResourceRoots.map((u: vscode.Uri) => u.toString())).toEqual(['file:///ext/out/webview']);
        const nonce = /nonce-([A-Za-z0-9]{32})/.exec(fake.webview.html)?.[1];
        expect(nonce).toBeDefined();
        expect(fake.webview.html).toContain(`<script nonce="${nonce}" src="https://webview.test/ext/out/webview/replay.js">`);
        expect(fake.webview.html).toMatch(/default-src 'none'/);
        const other = panelWith([{ uri: 'file:///a.rebal', scenario: 'eager' }], {});
        expect(other.fake.webview.html).not.toContain(nonce);
    });

    test('ready → load with the traces as JSON text; a view that does not simulate carries its error', async () => {
        const { fake } = panelWith(
            [
                { uri: 'file:///a.rebal', scenario: 'eager' },
                { uri: 'file:///a.rebal', scenario: 'broken' }
            ],
            { eager: { json: JSON.stringify(TRACE('eager')) }, broken: { error: 'line 3: unknown member c9' } }
        );
        await fake.fromWebview({ type: 'ready' });
        expect(fake.posted).toEqual([
            {
                type: 'load',
                views: [
                    { source: { uri: 'file:///a.rebal', scenario: 'eager' }, traceJson: JSON.stringify(TRACE('eager')) },
                    { source: { uri: 'file:///a.rebal', scenario: 'broken' }, trace: null, problem: 'line 3: unknown member c9' }
                ]
            }
        ]);
        expect(fake.title).toBe('Replay: eager vs broken');
    });

    test('the server re-simulated after an edit: update in place; an edit that breaks it: problem, last trace kept', async () => {
        const { fake, panel, server } = panelWith([{ uri: 'file:///a.rebal', scenario: 'eager' }], { eager: { json: JSON.stringify(TRACE('eager')) } });
        await fake.fromWebview({ type: 'ready' });
        server.answers.eager = { json: JSON.stringify(TRACE('eager', 90_000)) };
        await panel.traceChanged('file:///a.rebal', 'eager');
        expect(fake.posted.at(-1)).toEqual({ type: 'update', index: 0, traceJson: JSON.stringify(TRACE('eager', 90_000)) });
        await panel.traceChanged('file:///a.rebal', 'cooperative');
        await panel.traceChanged('file:///b.rebal', 'eager');
        expect(fake.posted).toHaveLength(2);
        server.answers.eager = { error: 'line 12: expected a duration' };
        await panel.traceChanged('file:///a.rebal', 'eager');
        expect(fake.posted.at(-1)).toEqual({ type: 'problem', index: 0, message: 'line 12: expected a duration' });
        // The HTML export still has the last trace that simulated.
        await fake.fromWebview({ type: 'exportHtml' });
        const html = new TextDecoder().decode(calls.saved.at(-1)!.bytes);
        expect(calls.saved.at(-1)!.path).toBe('/eager.replay.html');
        expect(html).toContain('"durationMs":90000');
        // The bundle's "</script>" cannot end the inline script early.
        expect(html).toContain('console.log("<\\/script>")');
    });

    test('cursor moves reach the webview once per line, only for its file', async () => {
        const { fake, panel } = panelWith([{ uri: 'file:///a.rebal', scenario: 'eager' }], { eager: { json: JSON.stringify(TRACE('eager')) } });
        panel.cursor('file:///a.rebal', 14); // before ready: remembered, sent after the load
        await fake.fromWebview({ type: 'ready' });
        expect(fake.posted.map((m) => m.type)).toEqual(['load', 'cursor']);
        panel.cursor('file:///a.rebal', 14);
        panel.cursor('file:///b.rebal', 15);
        panel.cursor('file:///a.rebal', 16);
        expect(fake.posted.slice(2)).toEqual([{ type: 'cursor', uri: 'file:///a.rebal', line: 16 }]);
    });

    test('webview requests: reveal a line, save pictures and the trace, compare and close it; malformed ones are ignored', async () => {
        const { fake } = panelWith([{ uri: 'file:///w/a.rebal', scenario: 'eager' }], {
            eager: { json: JSON.stringify(TRACE('eager')) },
            cooperative: { json: JSON.stringify(TRACE('cooperative')) },
            'eager+session.timeout.ms=10s': { json: JSON.stringify(TRACE('eager')) }
        });
        await fake.fromWebview({ type: 'ready' });
        await fake.fromWebview({ type: 'revealLine', uri: 'file:///w/a.rebal', line: 37 });
        expect(calls.shown).toEqual([{ uri: 'file:///w/a.rebal', line: 37 }]);
        await fake.fromWebview({ type: 'exportPicture', format: 'svg', fileName: 'eager.svg', data: '<svg xmlns="x"></svg>' });
        await fake.fromWebview({ type: 'exportPicture', format: 'png', fileName: 'eager.png', data: 'data:image/png;base64,iVBORw0KGgo=' });
        await fake.fromWebview({ type: 'exportTrace', index: 0 });
        expect(calls.saved.map((s) => s.path)).toEqual(['/w/eager.svg', '/w/eager.png', '/w/eager.trace.json']);
        expect(new TextDecoder().decode(calls.saved[0].bytes)).toBe('<svg xmlns="x"></svg>');
        expect([...calls.saved[1].bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        expect(JSON.parse(new TextDecoder().decode(calls.saved[2].bytes))).toEqual(TRACE('eager'));
        // Compare: the picker offers the other scenario first (the stand-in picks the first item).
        await fake.fromWebview({ type: 'compare' });
        expect(fake.posted.at(-1).views.map((v: any) => v.source.scenario)).toEqual(['eager', 'cooperative']);
        await fake.fromWebview({ type: 'closeCompare' });
        expect(fake.posted.at(-1).views.map((v: any) => v.source.scenario)).toEqual(['eager']);
        // Same scenario with a different setting: pick the setting item, the key, the value.
        calls.quickPicks.push({ setting: true, label: 'eager with a different setting…' }, { label: 'session.timeout.ms' }, '10s');
        await fake.fromWebview({ type: 'compare' });
        expect(fake.posted.at(-1).views.map((v: any) => v.source)).toEqual([
            { uri: 'file:///w/a.rebal', scenario: 'eager' },
            { uri: 'file:///w/a.rebal', scenario: 'eager', override: { key: 'session.timeout.ms', value: '10s' } }
        ]);
        const before = fake.posted.length;
        await fake.fromWebview({ type: 'exportPicture', format: 'png', fileName: '../../x.png', data: 'data:image/png;base64,AAAA' });
        await fake.fromWebview({ type: 'revealLine', uri: 'file:///w/a.rebal' });
        await fake.fromWebview(null);
        expect(fake.posted.length).toBe(before);
        expect(calls.saved).toHaveLength(3);
    });
});

describe('registerReplay', () => {
    const context = { extensionUri, subscriptions: [] as { dispose(): void }[] } as unknown as vscode.ExtensionContext;
    const client = {
        isRunning: () => true,
        onDidChangeState: () => ({ dispose: () => undefined }),
        sendRequest: async (method: string, params: any) => {
            if (method === 'rebal/scenarios') return { scenarios: [{ name: 'eager', line: 10, group: 'g' }, { name: 'cooperative', line: 30, group: 'g' }] };
            if (method === 'rebal/trace') return { trace: TRACE(params.scenario) };
            throw new Error(method);
        },
        onNotification: () => ({ dispose: () => undefined })
    };

    test('commands: the CodeLens command opens one panel per scenario; at-cursor finds the scenario above the cursor', async () => {
        calls.createdPanels.length = 0;
        registerReplay(context, client as never);
        expect([...calls.commands.keys()]).toEqual(expect.arrayContaining(['rebal.replay', 'rebal.replayAtCursor', 'rebal.replayCompare']));
        await calls.commands.get('rebal.replay')!('file:///a.rebal', 'eager');
        await calls.commands.get('rebal.replay')!('file:///a.rebal', 'eager');
        expect(calls.createdPanels).toHaveLength(1);
        expect((calls.createdPanels[0] as FakePanel).revealed).toBe(1);
        // Cursor on line 31 (0-based 30): below `scenario cooperative` at line 30.
        calls.activeEditor = { document: { languageId: 'rebal', uri: vscode.Uri.parse('file:///a.rebal') }, selection: { active: { line: 30 } } };
        await calls.commands.get('rebal.replayAtCursor')!();
        expect(calls.createdPanels).toHaveLength(2);
        const second = calls.createdPanels[1] as FakePanel;
        await second.fromWebview({ type: 'ready' });
        expect(second.posted[0].views[0].source).toEqual({ uri: 'file:///a.rebal', scenario: 'cooperative' });
    });

    test('the serializer restores a panel from its saved state, and closes one it cannot restore', async () => {
        const serializer = calls.serializers.get('rebal.replay')!;
        const restored = (vscode.window.createWebviewPanel as unknown as (t: string, title: string) => FakePanel)('rebal.replay', 'restored');
        await serializer.deserializeWebviewPanel(restored, { stateVersion: 1, sources: [{ uri: 'file:///a.rebal', scenario: 'eager' }], playhead: 5, view: null, speed: 30, scrollTop: 0 });
        await restored.fromWebview({ type: 'ready' });
        expect(restored.posted[0]).toMatchObject({ type: 'load', views: [{ source: { uri: 'file:///a.rebal', scenario: 'eager' } }] });
        const junk = (vscode.window.createWebviewPanel as unknown as (t: string, title: string) => FakePanel)('rebal.replay', 'junk');
        await serializer.deserializeWebviewPanel(junk, { something: 'else' });
        expect(junk.disposed).toBe(true);
    });

    test('a selection change in a .rebal editor reaches open panels after a short rest', async () => {
        const panel = calls.createdPanels[0] as FakePanel;
        await panel.fromWebview({ type: 'ready' });
        vi.useFakeTimers();
        try {
            const count = panel.posted.length;
            const editor = { document: { languageId: 'rebal', uri: vscode.Uri.parse('file:///a.rebal') } };
            for (const l of calls.selectionListeners) l({ textEditor: editor, selections: [{ active: { line: 11 } }] });
            for (const l of calls.selectionListeners) l({ textEditor: editor, selections: [{ active: { line: 12 } }] });
            expect(panel.posted.length).toBe(count);
            vi.advanceTimersByTime(200);
            // Only the line the cursor rested on (0-based 12 → line 13) is sent.
            expect(panel.posted.slice(count)).toEqual([{ type: 'cursor', uri: 'file:///a.rebal', line: 13 }]);
        } finally {
            vi.useRealTimers();
        }
    });
});
