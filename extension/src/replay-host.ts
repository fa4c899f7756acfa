/**
 * The replay panel's side of the extension: commands, CodeLens target, the panel serializer (so
 * a panel survives a window reload), and the wiring that keeps panels in step with the editor
 * (server re-simulations, cursor moves). extension.ts calls `registerReplay` once in activate().
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseWebviewState, type TraceSource } from './messages.js';
import { pickComparison } from './replay-compare.js';
import { REPLAY_VIEW_TYPE, ReplayPanel } from './replay-panel.js';
import { type ReplayServer, replayServer, scenarioAtLine } from './replay-server.js';

export const REPLAY_COMMAND = 'rebal.replay';
export const REPLAY_AT_CURSOR_COMMAND = 'rebal.replayAtCursor';
export const COMPARE_COMMAND = 'rebal.replayCompare';

/** How long the cursor must rest on a line before the panel follows it. */
const CURSOR_DEBOUNCE_MS = 120;

export function registerReplay(context: vscode.ExtensionContext, client: LanguageClient): void {
    const server = replayServer(client);
    const log = vscode.window.createOutputChannel('rebal Replay');
    const panels = new Set<ReplayPanel>();

    const adopt = (panel: ReplayPanel) => {
        panels.add(panel);
        panel.onDidDispose(() => panels.delete(panel));
        return panel;
    };

    const open = (source: TraceSource): ReplayPanel => {
        for (const p of panels) {
            if (p.shows(source.uri, source.scenario)) {
                p.reveal();
                return p;
            }
        }
        const webviewPanel = vscode.window.createWebviewPanel(REPLAY_VIEW_TYPE, `Replay: ${source.scenario}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
        return adopt(new ReplayPanel(webviewPanel, context.extensionUri, server, [source], log));
    };

    context.subscriptions.push(
        log,
        vscode.commands.registerCommand(REPLAY_COMMAND, (uri?: unknown, scenario?: unknown) => {
            // From the CodeLens: [uri, scenario]. From the palette: no arguments → the cursor's scenario.
            if (typeof uri === 'string' && typeof scenario === 'string' && scenario.length > 0) return void open({ uri, scenario });
            return vscode.commands.executeCommand(REPLAY_AT_CURSOR_COMMAND);
        }),
        vscode.commands.registerCommand(REPLAY_AT_CURSOR_COMMAND, async () => {
            const source = await scenarioUnderCursor(server);
            if (source) open(source);
        }),
        vscode.commands.registerCommand(COMPARE_COMMAND, async () => {
            const source = await scenarioUnderCursor(server);
            if (!source) return;
            const panel = open(source);
            const second = await pickComparison(server, source);
            if (second) await panel.setSources([source, second]);
        }),
        vscode.window.registerWebviewPanelSerializer(REPLAY_VIEW_TYPE, {
            async deserializeWebviewPanel(webviewPanel, state) {
                const saved = parseWebviewState(state);
                if (!saved) {
                    // Nothing we can show again (state from another version, or none): close it
                    // rather than leave an empty panel behind.
                    webviewPanel.dispose();
                    return;
                }
                adopt(new ReplayPanel(webviewPanel, context.extensionUri, server, saved.sources, log));
            }
        }),
        server.onTraceChanged(({ uri, scenario }) => {
            for (const p of panels) void p.traceChanged(uri, scenario);
        }),
        followCursor(panels)
    );
}

/** The active .rebal editor's scenario at the cursor, asking `rebal/scenarios`. */
async function scenarioUnderCursor(server: ReplayServer): Promise<TraceSource | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'rebal') {
        void vscode.window.showInformationMessage('Open a .rebal file and put the cursor in a scenario to replay it.');
        return undefined;
    }
    const uri = editor.document.uri.toString();
    const scenarios = await server.scenarios(uri);
    if (scenarios.length === 0) {
        void vscode.window.showInformationMessage('This file has no scenario to replay.');
        return undefined;
    }
    const found = scenarioAtLine(scenarios, editor.selection.active.line + 1) ?? (scenarios.length === 1 ? scenarios[0] : undefined);
    if (found) return { uri, scenario: found.name };
    const picked = await vscode.window.showQuickPick(
        scenarios.map((s) => ({ label: s.name, description: `group ${s.group} · line ${s.line}` })),
        { title: 'Replay which scenario?' }
    );
    return picked ? { uri, scenario: picked.label } : undefined;
}

/** Tells the panels where the cursor rests, so an `at` line moves the playhead there. */
function followCursor(panels: ReadonlySet<ReplayPanel>): vscode.Disposable {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.languageId !== 'rebal' || panels.size === 0) return;
        const uri = e.textEditor.document.uri.toString();
        const line = e.selections[0].active.line + 1;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
            for (const p of panels) p.cursor(uri, line);
        }, CURSOR_DEBOUNCE_MS);
    });
    return { dispose: () => (sub.dispose(), timer && clearTimeout(timer)) };
}
