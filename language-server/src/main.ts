/**
 * The language server: Langium's LSP services for .rebal over the connection VS Code opens
 * (IPC when started by the extension, stdio with --stdio).
 */
import './polyfill.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createRebalServices } from './language/rebal-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createRebalServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
