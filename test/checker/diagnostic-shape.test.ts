/**
 * The one diagnostic shape of the CLI and the server: Langium's built-in diagnostics get
 * stable codes, and a diagnostic prints as `file:line:col severity code message`.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { diagnosticCode, formatDiagnostic, toRebalDiagnostic } from '../../language-server/src/language/validation/diagnostic-shape.js';
import { RebalDocumentValidator } from '../../language-server/src/language/validation/document-validator.js';

const services = createRebalServices(EmptyFileSystem);
const parse = parseHelper(services.Rebal);

describe('diagnostic shape', () => {
    test("Langium's lexer, parser and linker kinds become syntax-error and unresolved-reference", () => {
        expect(diagnosticCode({ data: { code: 'lexing-error' } })).toBe('syntax-error');
        expect(diagnosticCode({ data: { code: 'parsing-error' } })).toBe('syntax-error');
        expect(diagnosticCode({ data: { code: 'linking-error' } })).toBe('unresolved-reference');
        expect(diagnosticCode({ code: 'heartbeat-ratio', data: { code: 'heartbeat-ratio' } })).toBe('heartbeat-ratio');
    });

    test('the document validator puts the stable code on every diagnostic (for the server)', async () => {
        // Line 2: `$` is not a token; line 3: `ordrs` does not resolve.
        const document = await parse('topic orders { partitions = 1 }\ntopic payments { partitions = 1 $ }\ngroup g { subscribe ordrs }\n');
        const diagnostics = await new RebalDocumentValidator(services.Rebal).validateDocument(document);
        expect(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).toEqual(['2:33 syntax-error', '3:21 unresolved-reference']);
    });

    test('one line per diagnostic, 1-based, the file as given', () => {
        const d = toRebalDiagnostic('a/b.rebal', {
            range: { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } },
            severity: 2,
            code: 'heartbeat-ratio',
            message: 'first line\n  second line'
        });
        expect(formatDiagnostic(d)).toBe('a/b.rebal:5:3 warning heartbeat-ratio first line second line');
    });
});
