/**
 * Runs `.rebal` source text the way the language server and the CLI do (parse, check, build the
 * SimulationInput, simulate) and offers small readers over the trace, so that each audit test
 * states its scenario in the language a user writes and its expectation in Kafka's terms.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createRebalServices } from '../../../language-server/src/language/rebal-module.js';
import { buildSimulationInput } from '../../../language-server/src/language/model-builder.js';
import type { Document, Scenario } from '../../../language-server/src/language/generated/ast.js';
import { simulate } from '../../../language-server/src/simulation/index.js';
import type { SimulationResult, Trace, TraceEvent } from '../../../language-server/src/simulation/trace.js';

const services = createRebalServices(EmptyFileSystem);
const parse = parseHelper<Document>(services.Rebal);

/** Simulates scenario `name` of `source`; throws if the file does not parse or link. */
export async function runSource(source: string, name: string): Promise<SimulationResult> {
    const doc = await parse(source, { validation: true });
    const errors = (doc.diagnostics ?? []).filter((d) => d.severity === 1 && d.code !== 'duplicate-instance-id');
    if (doc.parseResult.parserErrors.length > 0 || errors.length > 0) {
        throw new Error(`source has errors: ${[...doc.parseResult.parserErrors.map((e) => e.message), ...errors.map((e) => `${String(e.code)} ${e.message}`)].join('; ')}`);
    }
    const scenario = doc.parseResult.value.elements.find((e): e is Scenario => e.$type === 'Scenario' && e.name === name);
    if (!scenario) throw new Error(`no scenario ${name}`);
    const input = buildSimulationInput(scenario, services.shared.workspace.LangiumDocuments);
    if (!input) throw new Error(`scenario ${name}: the model builder gave no input`);
    return simulate(input);
}

/** [generation, bumpedAt, stableAt] per generation bump. */
export function bumps(trace: Trace): [number, number, number | null][] {
    return trace.rebalances.map((r) => [r.generation, r.bumpedAt, r.stableAt]);
}

export function leaders(trace: Trace): (string | null)[] {
    return trace.rebalances.map((r) => r.leader);
}

/** What the leader handed each member in generation `gen`, as `topic[n]` lists. */
export function assignmentOf(trace: Trace, gen: number): Record<string, string[]> {
    const r = trace.rebalances.find((x) => x.generation === gen);
    if (!r) throw new Error(`no generation ${gen}`);
    const out: Record<string, string[]> = {};
    for (const m of r.members) {
        out[m.member] = Object.entries(m.assignment ?? {}).flatMap(([t, ps]) => ps.map((p) => `${t}[${p}]`));
    }
    return out;
}

export function events(trace: Trace, name: string, member?: string): TraceEvent[] {
    return trace.events.filter((e) => e.name === name && (member === undefined || e.member === member));
}

export function times(trace: Trace, name: string, member?: string): number[] {
    return events(trace, name, member).map((e) => e.at);
}

/** Responses of `api` answered with `error`, as [at, member]. */
export function responses(trace: Trace, api: string, error: string): [number, string][] {
    return trace.events.filter((e) => e.kind === 'response' && e.name === api && e.error === error).map((e) => [e.at, e.member ?? '']);
}

/** Java's String.hashCode, spread and masked as HashMap does (table of `n` buckets). */
export function javaBucket(key: string, n = 16): number {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (n - 1);
}

export function memberIdOf(trace: Trace, member: string, at: number): string {
    const span = trace.memberIds.find((m) => m.member === member && m.from <= at && at < m.to);
    if (!span) throw new Error(`no member id for ${member} at ${at}`);
    return span.memberId;
}
