/**
 * Runs the scenarios of open documents off the request path: debounced after each build,
 * cancellable (a newer edit aborts the older run), cached by the exact simulation input, so
 * typing never waits for the engine and an unchanged scenario is never simulated twice.
 * Results feed `expect-failed` diagnostics, the CodeLens summaries and the replay panel.
 */
import { DocumentState, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import * as ast from './generated/ast.js';
import type { SimulationInput } from '../model/simulation-input.js';
import type { SimulationResult } from '../simulation/trace.js';
import { buildSimulationInput } from './model-builder.js';

/** Runs one simulation: in a worker thread in the editor, in process in the CLI and tests. */
export type SimulationBackend = (input: SimulationInput, signal: AbortSignal) => Promise<SimulationResult>;

export type SimulationOutcome = { readonly result: SimulationResult } | { readonly error: string };

const DEBOUNCE_MS = 250;
const CACHE_LIMIT = 256;

/** FNV-1a over the input's JSON: the cache key (same input, same trace: the engine is deterministic). */
export function inputKey(input: SimulationInput): string {
    const text = JSON.stringify(input);
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${text.length}`;
}

interface PendingRun {
    readonly key: string;
    readonly controller: AbortController;
    timer?: ReturnType<typeof setTimeout>;
}

export class SimulationService {
    private readonly cache = new Map<string, SimulationOutcome>();
    private readonly inFlight = new Map<string, Promise<SimulationOutcome>>();
    private readonly pending = new Map<string, PendingRun>();
    private readonly listeners: ((uri: string, scenario: string) => void)[] = [];
    private backend: SimulationBackend | undefined;

    constructor(private readonly shared: LangiumSharedCoreServices) {}

    /** Installs the backend; `run()` works from now on, nothing is scheduled by itself (CLI). */
    enable(backend: SimulationBackend): void {
        this.backend = backend;
    }

    /** Installs the backend and starts simulating documents after each build (editor). */
    start(backend: SimulationBackend, debounceMs = DEBOUNCE_MS): void {
        this.backend = backend;
        this.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (documents) => {
            for (const document of documents) this.schedule(document, debounceMs);
        });
    }

    get enabled(): boolean {
        return this.backend !== undefined;
    }

    /** Called with (uri, scenario) when a new result is in. */
    onResult(listener: (uri: string, scenario: string) => void): void {
        this.listeners.push(listener);
    }

    inputOf(scenario: ast.Scenario): SimulationInput | undefined {
        return buildSimulationInput(scenario, this.shared.workspace.LangiumDocuments);
    }

    /** The cached outcome of this scenario as it is written now, if it was simulated. */
    cached(scenario: ast.Scenario): SimulationOutcome | undefined {
        const input = this.inputOf(scenario);
        return input ? this.cache.get(inputKey(input)) : undefined;
    }

    /** Simulates now (no debounce), or returns the cached outcome. */
    run(input: SimulationInput): Promise<SimulationOutcome> {
        const key = inputKey(input);
        const hit = this.cache.get(key);
        if (hit) return Promise.resolve(hit);
        return this.execute(key, input, new AbortController());
    }

    private schedule(document: LangiumDocument, debounceMs: number): void {
        const root = document.parseResult?.value;
        if (!ast.isDocument(root)) return;
        const uri = document.uri.toString();
        const live = new Set<string>();
        for (const scenario of root.elements.filter(ast.isScenario)) {
            const id = `${uri}#${scenario.name}`;
            live.add(id);
            const input = this.inputOf(scenario);
            if (!input) continue;
            const key = inputKey(input);
            const previous = this.pending.get(id);
            if (previous?.key === key) continue;
            if (previous) this.cancel(id);
            if (this.cache.has(key)) continue;
            const run: PendingRun = { key, controller: new AbortController() };
            this.pending.set(id, run);
            run.timer = setTimeout(() => {
                run.timer = undefined;
                void this.execute(key, input, run.controller).then((outcome) => {
                    if (this.pending.get(id) === run) this.pending.delete(id);
                    if (!run.controller.signal.aborted && outcome) this.notify(uri, scenario.name);
                });
            }, debounceMs);
        }
        for (const id of [...this.pending.keys()]) if (id.startsWith(`${uri}#`) && !live.has(id)) this.cancel(id);
    }

    private cancel(id: string): void {
        const run = this.pending.get(id);
        if (!run) return;
        if (run.timer) clearTimeout(run.timer);
        run.controller.abort();
        this.pending.delete(id);
    }

    private execute(key: string, input: SimulationInput, controller: AbortController): Promise<SimulationOutcome> {
        const running = this.inFlight.get(key);
        if (running) return running;
        const backend = this.backend;
        if (!backend) return Promise.resolve({ error: 'The simulator is not available here.' });
        const promise = backend(input, controller.signal)
            .then((result): SimulationOutcome => ({ result }))
            .catch((error: unknown): SimulationOutcome => ({ error: error instanceof Error ? error.message : String(error) }))
            .then((outcome) => {
                this.inFlight.delete(key);
                if (!controller.signal.aborted) this.remember(key, outcome);
                return outcome;
            });
        this.inFlight.set(key, promise);
        return promise;
    }

    private remember(key: string, outcome: SimulationOutcome): void {
        this.cache.set(key, outcome);
        while (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    }

    private notify(uri: string, scenario: string): void {
        for (const listener of this.listeners) {
            try {
                listener(uri, scenario);
            } catch {
                // A listener's failure must not stop the others.
            }
        }
    }

    /** Re-validates a document so that its `expect-failed` diagnostics reflect the new results. */
    async revalidate(uri: string): Promise<void> {
        await this.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
    }
}
