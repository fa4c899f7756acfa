// Builds the language client: the rebal language server runs in its own Node process,
// spoken to over IPC. The server is the bundled `out/language-server/main.cjs` inside the
// installed extension, so the client never depends on the workspace's node_modules.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions
} from 'vscode-languageclient/node';

export const LANGUAGE_ID = 'rebal';

/** Where esbuild puts the server, relative to the extension's root (see esbuild.mjs). */
export const SERVER_MODULE = path.join('out', 'language-server', 'main.cjs');

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath(SERVER_MODULE);
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: {
            module,
            transport: TransportKind.ipc,
            // --nolazy so breakpoints bind before the code first runs; 6009 is free of
            // VS Code's own debug ports.
            options: { execArgv: ['--nolazy', '--inspect=6009'] }
        }
    };

    // Cross-file imports resolve through the server's workspace index: it must hear about
    // .rebal files created, changed or deleted on disk, not only the open ones.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.rebal');
    context.subscriptions.push(watcher);

    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: LANGUAGE_ID }],
        synchronize: { fileEvents: watcher },
        outputChannelName: 'rebal Language Server'
    };

    return new LanguageClient(LANGUAGE_ID, 'rebal Language Server', serverOptions, clientOptions);
}
