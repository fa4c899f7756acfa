/**
 * `rebal simulate FILE [--scenario NAME] [--json OUT] [--summary] [--seed N] [--html OUT]`:
 * runs the scenarios of FILE with the same checker and engine as the editor, prints the seed,
 * the summary and each expectation's result. Exit 1 when an expectation fails, a member hits a
 * fatal error the scenario does not expect, or the file cannot be simulated.
 */
import { writeFileSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import * as ast from '../language/generated/ast.js';
import { createRebalServices } from '../language/rebal-module.js';
import { compareDiagnostics, formatDiagnostic, toRebalDiagnostic } from '../language/validation/diagnostic-shape.js';
import { formatCount, formatDuration } from '../model/units.js';
import { inProcessBackend } from '../simulation/in-process.js';
import type { SimulationResult, Trace } from '../simulation/trace.js';
import { buildWorkspace, expandPaths } from './workspace.js';

export interface SimulateOptions {
    readonly file: string;
    readonly scenario?: string;
    readonly json?: string;
    readonly html?: string;
    readonly summaryOnly: boolean;
    readonly seed?: number;
    readonly cwd: string;
    /** Renders a trace as one self-contained HTML file (the replay panel, offline). */
    readonly renderHtml?: (traces: Trace[]) => string;
}

export interface ScenarioRun {
    readonly scenario: string;
    readonly result: SimulationResult;
    /** Fatal member errors the scenario did not expect. */
    readonly unexpectedErrors: { member: string; error: string; at: number }[];
}

function expectedErrors(scenario: ast.Scenario): Set<string> {
    const members = new Set<string>();
    for (const e of scenario.items.filter(ast.isExpectation)) {
        if (ast.isMemberSubject(e.subject) && e.subject.kind === 'error' && e.subject.member?.member) members.add(e.subject.member.member.$refText);
    }
    return members;
}

export function formatRun(run: ScenarioRun, summaryOnly: boolean): string {
    const { trace, expectations } = run.result;
    const s = trace.summary;
    const lines: string[] = [];
    lines.push(`scenario ${trace.scenario} (group ${trace.group}, seed ${trace.seed}, ${formatDuration(trace.durationMs)})`);
    const times = s.rebalanceTimes.map(formatDuration).join(', ');
    lines.push(`  rebalances: ${s.rebalances}${s.rebalances ? ` at ${times}` : ''} (${s.completedRebalances} completed)`);
    const pauses = Object.entries(s.pauses).sort((a, b) => b[1].longest - a[1].longest);
    const longest = pauses[0];
    lines.push(`  longest pause: ${longest ? `${formatDuration(longest[1].longest)} (${longest[0]})` : 'none'} · total pause ${formatDuration(s.totalPause)}`);
    const lag = Object.entries(s.maxLag).map(([topic, n]) => `${topic} ${formatCount(Math.round(n))}`).join(', ');
    lines.push(`  max lag: ${lag || 'none'} · duplicates ${formatCount(Math.round(s.duplicates))} · moved partitions ${s.movedPartitions}`);
    if (s.maxUnowned) lines.push(`  max unowned: ${formatDuration(s.maxUnowned.ms)} (${s.maxUnowned.topic}[${s.maxUnowned.partition}])`);
    const errors = Object.entries(s.errors).filter(([, e]) => e);
    lines.push(`  errors: ${errors.length ? errors.map(([m, e]) => `${m} ${e!.error} at ${formatDuration(e!.at)}`).join(', ') : 'none'}`);
    lines.push(`  final state: ${s.finalState}, generation ${s.finalGeneration}`);
    if (!summaryOnly && expectations.length > 0) {
        lines.push('  expectations:');
        for (const e of expectations) {
            const where = e.line ? `line ${e.line}: ` : '';
            lines.push(`    ${e.pass ? 'pass' : 'FAIL'}  ${where}${e.text}${e.pass ? '' : `  (simulated: ${e.problem ?? e.actual})`}`);
        }
    }
    for (const u of run.unexpectedErrors) lines.push(`  unexpected fatal error: ${u.member} failed with ${u.error} at ${formatDuration(u.at)}`);
    return lines.join('\n') + '\n';
}

export async function runSimulate(options: SimulateOptions, out: (text: string) => void, err: (text: string) => void): Promise<number> {
    const { shared, Rebal } = createRebalServices(NodeFileSystem);
    const [file] = expandPaths([options.file], options.cwd);
    if (file.problem) {
        err(`rebal simulate: ${file.problem.message}\n`);
        return 1;
    }
    await buildWorkspace(shared, [file]);
    const document = file.document!;
    const errors = (document.diagnostics ?? []).map((d) => toRebalDiagnostic(file.shown, d)).filter((d) => d.severity === 'error');
    for (const d of errors.sort(compareDiagnostics)) err(formatDiagnostic(d) + '\n');
    const root = document.parseResult.value;
    const scenarios = ast.isDocument(root) ? root.elements.filter(ast.isScenario) : [];
    const chosen = options.scenario ? scenarios.filter((s) => s.name === options.scenario) : scenarios;
    if (chosen.length === 0) {
        err(options.scenario ? `rebal simulate: no scenario named ${options.scenario} in ${file.shown} (it has: ${scenarios.map((s) => s.name).join(', ') || 'none'})\n` : `rebal simulate: ${file.shown} has no scenario\n`);
        return 1;
    }
    const simulation = Rebal.simulation.SimulationService;
    simulation.enable(inProcessBackend);
    const runs: ScenarioRun[] = [];
    let failed = false;
    for (const scenario of chosen) {
        const built = simulation.inputOf(scenario);
        if (!built) {
            err(`rebal simulate: scenario ${scenario.name} has no group to run against\n`);
            failed = true;
            continue;
        }
        const input = options.seed === undefined ? built : { ...built, seed: options.seed };
        const outcome = await simulation.run(input);
        if ('error' in outcome) {
            err(`rebal simulate: scenario ${scenario.name} could not be simulated: ${outcome.error}\n`);
            failed = true;
            continue;
        }
        const expected = expectedErrors(scenario);
        const unexpectedErrors = Object.entries(outcome.result.trace.summary.errors)
            .filter(([member, e]) => e && !expected.has(member))
            .map(([member, e]) => ({ member, error: e!.error, at: e!.at }));
        const run: ScenarioRun = { scenario: scenario.name, result: outcome.result, unexpectedErrors };
        runs.push(run);
        out(formatRun(run, options.summaryOnly));
        if (run.result.expectations.some((e) => !e.pass) || unexpectedErrors.length > 0) failed = true;
    }
    const total = runs.reduce((n, r) => n + r.result.expectations.length, 0);
    const failing = runs.reduce((n, r) => n + r.result.expectations.filter((e) => !e.pass).length, 0);
    if (total > 0) out(`${total - failing} of ${total} expectations hold\n`);
    if (options.json) {
        const text = JSON.stringify({ version: 1, file: file.shown, runs: runs.map((r) => ({ scenario: r.scenario, expectations: r.result.expectations, trace: r.result.trace })) }, null, 2);
        if (options.json === '-') out(text + '\n');
        else writeFileSync(options.json, text);
    }
    if (options.html) {
        if (!options.renderHtml) {
            err('rebal simulate: --html is not available in this build\n');
            return 1;
        }
        try {
            writeFileSync(options.html, options.renderHtml(runs.map((r) => r.result.trace)));
            out(`replay written to ${options.html}\n`);
        } catch (error) {
            err(`rebal simulate: --html: ${error instanceof Error ? error.message : String(error)}\n`);
            return 1;
        }
    }
    return failed ? 1 : 0;
}
