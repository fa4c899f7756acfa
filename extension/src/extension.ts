// Entry point of the VS Code extension. It activates on the rebal language only, starts the
// language server and hands back a small API so tests can wait for the server instead of
// sleeping. Commands of the replay panel are registered from their own module.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client.js';
import { registerReplay } from './replay-host.js';

/** What `activate()` returns: `vscode.extensions.getExtension('rebal.rebal').exports`. */
export interface RebalExtensionApi {
    readonly client: LanguageClient;
    /** Settles once the server has answered `initialize` (rejects if it failed to start). */
    readonly ready: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): RebalExtensionApi {
    client = createLanguageClient(context);
    const ready = client.start();
    // The client already reports a failed start in its output channel; this branch only keeps
    // the rejection from also surfacing as unhandled when no one awaits `ready`.
    ready.catch(() => undefined);
    // The replay panel: CodeLens ▶ Replay, open/compare commands, serializer, editor sync.
    registerReplay(context, client);
    return { client, ready };
}

export async function deactivate(): Promise<void> {
    const stopping = client;
    client = undefined;
    // stop() may reject when the server already died; VS Code is shutting us down anyway.
    await stopping?.stop().catch(() => undefined);
}
