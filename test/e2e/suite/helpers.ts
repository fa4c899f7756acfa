// Waiting helpers for the extension-host tests: they wait for VS Code's own events (the
// diagnostics a server publishes, the extension's `ready` promise) instead of sleeping. The
// time limits only turn a hang into a readable failure.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RebalExtensionApi } from '../../../extension/src/extension.js';

export const EXTENSION_ID = 'rebal.rebal';

export function extensionRoot(): string {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
    return ext.extensionPath;
}

/** A file of the repository (the extension under test is the repository itself). */
export function repoFile(...parts: string[]): vscode.Uri {
    return vscode.Uri.file(path.join(extensionRoot(), ...parts));
}

/** Activates the extension (opening a .rebal file also does) and waits for its server. */
export async function activateRebal(): Promise<RebalExtensionApi> {
    const ext = vscode.extensions.getExtension<RebalExtensionApi>(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
    const api = await ext.activate();
    await api.ready;
    return api;
}

export async function openRebal(uri: vscode.Uri): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'rebal') throw new Error(`${uri.fsPath} opened as ${doc.languageId}, not rebal`);
    return vscode.window.showTextDocument(doc);
}

export function describeDiagnostics(diags: readonly vscode.Diagnostic[]): string {
    if (diags.length === 0) return '(none)';
    return diags
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d) ?? '-'} ${d.message}`)
        .join('\n');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return code === undefined ? undefined : String(code);
}

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` holds for them: checks what VS
 * Code has now, then on every `onDidChangeDiagnostics` for that file.
 */
export function waitForDiagnostics(
    uri: vscode.Uri,
    accept: (diags: readonly vscode.Diagnostic[]) => boolean,
    what: string,
    limitMs = 30_000
): Promise<vscode.Diagnostic[]> {
    return new Promise((resolve, reject) => {
        const check = (): boolean => {
            const diags = vscode.languages.getDiagnostics(uri);
            if (!accept(diags)) return false;
            cleanup();
            resolve(diags);
            return true;
        };
        const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
            if (e.uris.some((u) => u.toString() === uri.toString())) check();
        });
        const timer = setTimeout(() => {
            cleanup();
            const now = describeDiagnostics(vscode.languages.getDiagnostics(uri));
            reject(new Error(`no diagnostics matching "${what}" on ${path.basename(uri.fsPath)} after ${limitMs} ms; it has:\n${now}`));
        }, limitMs);
        const cleanup = (): void => {
            clearTimeout(timer);
            subscription.dispose();
        };
        check();
    });
}

/** The position of the `occurrence`-th (0-based) match of `needle` in the document. */
export function positionOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Position {
    const text = doc.getText();
    let at = -1;
    for (let i = 0; i <= occurrence; i++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
    }
    return doc.positionAt(at);
}

/** Hover contents as plain text, whichever shape the provider returned. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
    return hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
}

/** Closes every editor without saving, so one test's edits never leak into the next. */
export async function closeAllWithoutSaving(): Promise<void> {
    // Only our own files: the workbench may open (and race us on) its settings.json.
    for (const doc of vscode.workspace.textDocuments) {
        if (doc.isDirty && doc.uri.scheme === 'file' && doc.languageId === 'rebal') {
            for (let attempt = 0; attempt < 3; attempt++) {
                try {
                    await vscode.window.showTextDocument(doc);
                    await vscode.commands.executeCommand('workbench.action.files.revert');
                    break;
                } catch {
                    // "another editor opened in the meantime": try again.
                }
            }
        }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
