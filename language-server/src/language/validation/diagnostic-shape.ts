/**
 * One shape for a diagnostic, shared by the language server and the `rebal` CLI: a stable
 * code, a severity name, a message and a range. Langium's own lexer, parser and linker
 * diagnostics carry their kind only in `data.code` (`lexing-error`, `parsing-error`,
 * `linking-error`); here they get the codes users see everywhere (`syntax-error`,
 * `unresolved-reference`), so a problem reads the same in the Problems panel and in CI.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { Codes } from './codes.js';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

const SEVERITY_NAMES: Record<number, SeverityName> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** LSP's numeric severity as a word; a diagnostic without one is an error (the LSP default is up to the client; we choose the safe side). */
export function severityName(severity: number | undefined): SeverityName {
    return SEVERITY_NAMES[severity ?? 1] ?? 'error';
}

const LANGIUM_CODES: Record<string, string> = {
    'lexing-error': Codes.syntaxError,
    'lexing-warning': Codes.syntaxError,
    'lexing-info': Codes.syntaxError,
    'lexing-hint': Codes.syntaxError,
    'parsing-error': Codes.syntaxError,
    'linking-error': Codes.unresolvedReference
};

/** The stable code of a diagnostic: ours as written by the checker, or the mapped name of Langium's built-in kind. */
export function diagnosticCode(diagnostic: Pick<Diagnostic, 'code' | 'data'>): string {
    if (diagnostic.code !== undefined && diagnostic.code !== '') return String(diagnostic.code);
    const builtIn = (diagnostic.data as { code?: unknown } | undefined)?.code;
    if (typeof builtIn === 'string') return LANGIUM_CODES[builtIn] ?? builtIn;
    return 'unknown';
}

/** A zero-based LSP range, as in the server's diagnostics. */
export interface ZeroBasedRange {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
}

export interface RebalDiagnostic {
    /** The file as the user named it (CLI) or its URI (server). */
    readonly file: string;
    /** One-based line and column of the start, as editors and compilers print them. */
    readonly line: number;
    readonly column: number;
    readonly range: ZeroBasedRange;
    readonly severity: SeverityName;
    readonly code: string;
    readonly message: string;
}

export function toRebalDiagnostic(file: string, diagnostic: Diagnostic): RebalDiagnostic {
    const range = diagnostic.range;
    return {
        file,
        line: range.start.line + 1,
        column: range.start.character + 1,
        range: { start: { ...range.start }, end: { ...range.end } },
        severity: severityName(diagnostic.severity),
        code: diagnosticCode(diagnostic),
        message: messageText(diagnostic)
    };
}

/** The message as plain text (LSP 3.18 allows markup in diagnostics; ours are plain). */
export function messageText(diagnostic: Pick<Diagnostic, 'message'>): string {
    const message = diagnostic.message as unknown;
    return typeof message === 'string' ? message : String((message as { value?: unknown })?.value ?? '');
}

/** `file:line:col severity code message`, one line (newlines in a message are folded). */
export function formatDiagnostic(d: RebalDiagnostic): string {
    return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message.replace(/\s*\r?\n\s*/g, ' ')}`;
}

/** Position order, then severity (errors first), then code: a stable order for output and tests. */
export function compareDiagnostics(a: RebalDiagnostic, b: RebalDiagnostic): number {
    const order: SeverityName[] = ['error', 'warning', 'info', 'hint'];
    return (
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        order.indexOf(a.severity) - order.indexOf(b.severity) ||
        a.code.localeCompare(b.code) ||
        a.message.localeCompare(b.message)
    );
}
