/**
 * `rebal check FILES…`: type-checks .rebal files the way the language server does and prints
 * every diagnostic as `file:line:col severity code message` (or one JSON document with
 * `--json`), then a summary. Exit code 1 when there is any error, 0 otherwise. A file that
 * cannot be read is an error line of its own; the other files are still checked.
 */
import { NodeFileSystem } from 'langium/node';
import { createRebalServices } from '../language/rebal-module.js';
import { compareDiagnostics, formatDiagnostic, toRebalDiagnostic, type RebalDiagnostic, type SeverityName } from '../language/validation/diagnostic-shape.js';
import { buildWorkspace, expandPaths, type RequestedFile } from './workspace.js';
import { DocumentState, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import * as ast from '../language/generated/ast.js';
import type { RebalServices } from '../language/rebal-module.js';
import { inProcessBackend } from '../simulation/in-process.js';

export interface CheckOptions {
    readonly json: boolean;
    readonly cwd: string;
    /** Run the scenarios to check their expectations (`--no-simulate` turns it off). */
    readonly simulate?: boolean;
}

export interface CheckedFileReport {
    readonly file: string;
    readonly diagnostics: readonly RebalDiagnostic[];
}

export interface CheckReport {
    readonly version: 1;
    readonly files: readonly CheckedFileReport[];
    readonly summary: { readonly files: number } & Record<`${SeverityName}s`, number>;
}

/** Checks the files and returns the report (no output): used by the command and by tests. */
export async function checkFiles(paths: readonly string[], cwd: string, simulate = true): Promise<CheckReport> {
    const { shared, Rebal } = createRebalServices(NodeFileSystem);
    const files = expandPaths(paths, cwd);
    await buildWorkspace(shared, files);
    if (simulate) await checkExpectationsBySimulating(shared, Rebal, files);
    const reports = files.map((file): CheckedFileReport => {
        if (file.problem || !file.document) {
            const problem = file.problem ?? { code: 'file-not-found', message: `cannot read ${file.shown}` };
            const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
            return { file: file.shown, diagnostics: [{ file: file.shown, line: 1, column: 1, range, severity: 'error', code: problem.code, message: problem.message }] };
        }
        const diagnostics = (file.document.diagnostics ?? []).map((d) => toRebalDiagnostic(file.shown, d)).sort(compareDiagnostics);
        return { file: file.shown, diagnostics };
    });
    const all = reports.flatMap((r) => r.diagnostics);
    const count = (severity: SeverityName) => all.filter((d) => d.severity === severity).length;
    return {
        version: 1,
        files: reports,
        summary: { files: reports.length, errors: count('error'), warnings: count('warning'), infos: count('info'), hints: count('hint') }
    };
}

/**
 * `expect-failed` needs the simulation: run every scenario of the files named, then validate
 * those files again so the checker reads the results (as the editor does after a run).
 */
async function checkExpectationsBySimulating(shared: LangiumSharedCoreServices, services: RebalServices, files: readonly RequestedFile[]): Promise<void> {
    const simulation = services.simulation.SimulationService;
    simulation.enable(inProcessBackend);
    const documents = files.map((f) => f.document).filter((d): d is LangiumDocument => d !== undefined);
    for (const document of documents) {
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) continue;
        for (const scenario of root.elements.filter(ast.isScenario)) {
            const input = simulation.inputOf(scenario);
            if (input) await simulation.run(input);
        }
    }
    for (const document of documents) shared.workspace.DocumentBuilder.resetToState(document, DocumentState.IndexedReferences);
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(report: CheckReport): string {
    const s = report.summary;
    return `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}, ${plural(s.hints, 'hint')}`;
}

/** The text output: one line per diagnostic, file by file, then the summary. */
export function formatReport(report: CheckReport): string {
    const lines = report.files.flatMap((f) => f.diagnostics.map(formatDiagnostic));
    return [...lines, summaryLine(report)].join('\n') + '\n';
}

export async function runCheck(paths: readonly string[], options: CheckOptions, write: (text: string) => void): Promise<number> {
    const report = await checkFiles(paths, options.cwd, options.simulate ?? true);
    write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.summary.errors > 0 ? 1 : 0;
}
