/**
 * Runs the real checker (Langium services, EmptyFileSystem) on one rule test case (one file,
 * or a folder of files that import each other) and compares what it reports with what the
 * files' `$TEST$` comments expect. Returns the failures as sentences; none means the case holds.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { diagnosticCode, messageText, severityName } from '../../language-server/src/language/validation/diagnostic-shape.js';
import { formatRange, rangesEqual, rangesOverlap, readTestFile, type Expectation, type TestFile } from './test-data.js';

export interface CaseFile {
    /** Path inside the case, used in the virtual URI (so relative imports resolve) and in messages. */
    readonly path: string;
    readonly raw: string;
}

export interface CheckedFile {
    readonly path: string;
    readonly test: TestFile;
    readonly diagnostics: readonly Diagnostic[];
}

/** Parses, links and validates every file of the case together, as one workspace. */
export async function checkFiles(files: readonly CaseFile[]): Promise<CheckedFile[]> {
    const { shared } = createRebalServices(EmptyFileSystem);
    const tests = files.map((f) => ({ path: f.path, test: readTestFile(f.raw) }));
    const documents: LangiumDocument[] = tests.map(({ path, test }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(test.text, URI.parse(`file:///case/${path}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return tests.map(({ path, test }, i) => ({ path, test, diagnostics: documents[i].diagnostics ?? [] }));
}

function describe(d: Diagnostic): string {
    return `${severityName(d.severity)} "${diagnosticCode(d)}" at ${formatRange(d.range)}: ${messageText(d)}`;
}

function matches(e: Expectation, d: Diagnostic): boolean {
    return diagnosticCode(d) === e.code && severityName(d.severity) === e.severity;
}

/** What does not hold in one checked file, each as a sentence naming the `$TEST$` line. */
export function compareWithExpectations(file: CheckedFile): string[] {
    const failures: string[] = file.test.malformed.map((m) => `${file.path}: malformed test: ${m}`);
    const expected = new Set<Diagnostic>();
    for (const e of file.test.expectations) {
        const where = `${file.path}:${e.commentLine} \`${e.source}\``;
        if (e.present) {
            const onRange = file.diagnostics.filter((d) => matches(e, d) && rangesEqual(d.range, e.range!));
            if (onRange.length === 0) {
                const elsewhere = file.diagnostics.filter((d) => matches(e, d));
                failures.push(
                    `${where}: no ${e.severity} "${e.code}" at ${formatRange(e.range!)}` +
                        (elsewhere.length ? `; found it at ${elsewhere.map((d) => formatRange(d.range)).join(', ')}` : '; the file has:\n    ' + (file.diagnostics.map(describe).join('\n    ') || '(no diagnostics)'))
                );
                continue;
            }
            for (const d of onRange) {
                expected.add(d);
                for (const text of e.says) {
                    if (!messageText(d).includes(text)) failures.push(`${where}: the message does not say "${text}": ${messageText(d)}`);
                }
            }
        } else {
            const offending = file.diagnostics.filter((d) => matches(e, d) && (e.range === undefined || rangesOverlap(d.range, e.range)));
            for (const d of offending) failures.push(`${where}: unexpected ${describe(d)}`);
        }
    }
    for (const d of file.diagnostics) {
        const severity = severityName(d.severity);
        if ((severity === 'error' || severity === 'warning') && !expected.has(d)) {
            failures.push(`${file.path}: unexpected ${describe(d)}`);
        }
    }
    return failures;
}
