/**
 * The language server: Langium's LSP services for .rebal over the connection VS Code opens
 * (IPC when started by the extension, stdio with --stdio), plus the simulation running in
 * worker threads and the requests of the replay panel.
 */
import './polyfill.cjs';
import * as path from 'node:path';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createRebalServices } from './language/rebal-module.js';
import { registerCustomRequests } from './language/custom-requests.js';
import { workerBackend } from './language/worker-backend.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Rebal } = createRebalServices({ connection, ...NodeFileSystem });
// The bundle sits beside its worker in out/language-server/.
Rebal.simulation.SimulationService.start(workerBackend(path.join(__dirname, 'simulation-worker.cjs')));
registerCustomRequests(connection, shared, Rebal);
startLanguageServer(shared);
