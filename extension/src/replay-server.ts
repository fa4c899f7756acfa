/**
 * The language server's replay requests, as the extension sends them. The server owns the truth:
 * the panel never simulates, it asks `rebal/trace` and draws what comes back.
 *
 * Contract (implemented in the language server):
 * - request `rebal/trace` { uri, scenario, override? } → { trace } | { error };
 * - request `rebal/scenarios` { uri } → { scenarios: { name, line, group }[] } (line is 1-based);
 * - notification `rebal/traceChanged` { uri, scenario } after an edit re-simulated a scenario.
 */
import type { Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import type { TraceSource } from './messages.js';

export const TRACE_REQUEST = 'rebal/trace';
export const SCENARIOS_REQUEST = 'rebal/scenarios';
export const TRACE_CHANGED_NOTIFICATION = 'rebal/traceChanged';

/** What the server answers: the trace, or (cheaper for big runs) its JSON text, or an error. */
export type TraceResult = { readonly trace: Trace } | { readonly traceJson: string } | { readonly error: string };

/** A trace as the panel keeps and forwards it: JSON text (see TraceOnWire in messages.ts). */
export type TraceTextResult = { readonly json: string } | { readonly error: string };

export interface ScenarioInfo {
    readonly name: string;
    /** 1-based line of the `scenario` keyword. */
    readonly line: number;
    readonly group: string;
}

export interface ReplayServer {
    trace(source: TraceSource): Promise<TraceTextResult>;
    scenarios(uri: string): Promise<ScenarioInfo[]>;
    onTraceChanged(listener: (e: { uri: string; scenario: string }) => void): Disposable;
}

/** Resolves once the client is running (requests sent earlier would fail). */
async function running(client: LanguageClient): Promise<void> {
    if (client.isRunning()) return;
    await new Promise<void>((resolve) => {
        const sub = client.onDidChangeState(() => {
            if (client.isRunning()) {
                sub.dispose();
                resolve();
            }
        });
    });
}

export function replayServer(client: LanguageClient): ReplayServer {
    return {
        async trace(source) {
            await running(client);
            const params = { uri: source.uri, scenario: source.scenario, ...(source.override ? { override: source.override } : {}) };
            try {
                const result = await client.sendRequest<TraceResult>(TRACE_REQUEST, params);
                if (result && typeof result === 'object') {
                    if ('traceJson' in result && typeof result.traceJson === 'string') return { json: result.traceJson };
                    if ('trace' in result && result.trace) return { json: JSON.stringify(result.trace) };
                    if ('error' in result && typeof result.error === 'string') return { error: result.error };
                }
                return { error: 'the language server answered rebal/trace with neither a trace nor an error' };
            } catch (e) {
                return { error: `rebal/trace failed: ${e instanceof Error ? e.message : String(e)}` };
            }
        },
        async scenarios(uri) {
            await running(client);
            const result = await client.sendRequest<{ scenarios?: ScenarioInfo[] }>(SCENARIOS_REQUEST, { uri });
            return Array.isArray(result?.scenarios) ? result.scenarios : [];
        },
        onTraceChanged(listener) {
            return client.onNotification(TRACE_CHANGED_NOTIFICATION, (e: { uri?: unknown; scenario?: unknown }) => {
                if (typeof e?.uri === 'string' && typeof e?.scenario === 'string') listener({ uri: e.uri, scenario: e.scenario });
            });
        }
    };
}

/** The scenario the cursor is in: the last one declared at or above the cursor's line. */
export function scenarioAtLine(scenarios: readonly ScenarioInfo[], line: number): ScenarioInfo | undefined {
    let best: ScenarioInfo | undefined;
    for (const s of scenarios) if (s.line <= line && (!best || s.line > best.line)) best = s;
    return best;
}
