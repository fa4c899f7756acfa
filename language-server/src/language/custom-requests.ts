/**
 * The requests the extension sends beside standard LSP: the trace of a scenario (for the
 * replay panel, optionally with one group setting changed for a comparison) and the list of
 * scenarios in a document. Also the `rebal/traceChanged` notification after a re-simulation.
 */
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import type { RebalServices } from './rebal-module.js';
import type { Trace } from '../simulation/trace.js';
import { scenarioGroup } from './members.js';

export const TraceRequest = 'rebal/trace';
export const ScenariosRequest = 'rebal/scenarios';
export const TraceChangedNotification = 'rebal/traceChanged';

export interface TraceParams {
    readonly uri: string;
    readonly scenario: string;
    /** One group setting changed, written as in the language (`[cooperative-sticky]`). */
    readonly override?: { readonly key: string; readonly value: string };
}
export type TraceReply = { readonly trace: Trace } | { readonly error: string };
export interface ScenariosReply {
    readonly scenarios: { readonly name: string; readonly line: number; readonly endLine: number; readonly group: string }[];
}

function findScenario(shared: LangiumSharedServices, uri: string, name: string): ast.Scenario | undefined {
    const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
    const root = document?.parseResult.value;
    return ast.isDocument(root) ? root.elements.filter(ast.isScenario).find((s) => s.name === name) : undefined;
}

/** Applies a one-setting override by re-parsing the document with the setting added to the group. */
async function withOverride(services: RebalServices, scenario: ast.Scenario, override: { key: string; value: string }): Promise<ast.Scenario | undefined> {
    const group = scenarioGroup(scenario);
    const document = scenario.$document;
    const groupEnd = group?.$cstNode?.range.end;
    if (!group || !document || !groupEnd || group.$document !== document) return undefined;
    const text = document.textDocument.getText();
    const offset = document.textDocument.offsetAt(groupEnd) - 1; // before the group's closing brace
    const patched = `${text.slice(0, offset)}\n  ${override.key} = ${override.value}\n${text.slice(offset)}`;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const copy = factory.fromString(patched, URI.parse(`${document.uri.toString()}.override-${Date.now()}.rebal`));
    services.shared.workspace.LangiumDocuments.addDocument(copy);
    try {
        await services.shared.workspace.DocumentBuilder.build([copy], { validation: false });
        const root = copy.parseResult.value;
        return ast.isDocument(root) ? root.elements.filter(ast.isScenario).find((s) => s.name === scenario.name) : undefined;
    } finally {
        services.shared.workspace.LangiumDocuments.deleteDocument(copy.uri);
    }
}

export function registerCustomRequests(connection: Connection, shared: LangiumSharedServices, services: RebalServices): void {
    const simulation = services.simulation.SimulationService;
    connection.onRequest(TraceRequest, async (params: TraceParams): Promise<TraceReply> => {
        try {
            let scenario = findScenario(shared, params.uri, params.scenario);
            if (!scenario) return { error: `No scenario named ${params.scenario} in ${params.uri}.` };
            if (params.override) {
                scenario = await withOverride(services, scenario, params.override);
                if (!scenario) return { error: 'The setting could not be applied to this scenario\'s group.' };
            }
            const input = simulation.inputOf(scenario);
            if (!input) return { error: `Scenario ${params.scenario} has no group to run against.` };
            const outcome = await simulation.run(input);
            return 'error' in outcome ? { error: outcome.error } : { trace: outcome.result.trace };
        } catch (error) {
            return { error: error instanceof Error ? error.message : String(error) };
        }
    });
    connection.onRequest(ScenariosRequest, (params: { uri: string }): ScenariosReply => {
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(params.uri));
        const root = document?.parseResult.value;
        if (!ast.isDocument(root)) return { scenarios: [] };
        return {
            scenarios: root.elements.filter(ast.isScenario).map((s) => ({
                name: s.name,
                line: (s.$cstNode?.range.start.line ?? 0) + 1,
                endLine: (s.$cstNode?.range.end.line ?? 0) + 1,
                group: scenarioGroup(s)?.name ?? ''
            }))
        };
    });
    simulation.onResult((uri, scenario) => {
        void simulation.revalidate(uri).then(() => {
            void connection.sendNotification(TraceChangedNotification, { uri, scenario });
            void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
        });
    });
}
