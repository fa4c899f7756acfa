// A long, error-dense file must get diagnostics, not a stack overflow. Chevrotain re-enters a
// repetition from inside itself after each recovered error (four frames per error, see
// language-server/src/language/rebal-parser.ts); the rebal parser turns that into a loop.
import { describe, expect, test } from 'vitest';
import { createLangiumParser, EmptyFileSystem, URI } from 'langium';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

/**
 * Half-typed input, as a user leaves it mid-edit: a topic whose value is missing, then a
 * scenario with an event and an expectation cut short. Every unit leaves the top-level
 * `elements+=Element*` repetition in error, so each one is one more in-repetition recovery.
 */
function errorDenseFile(lines: number): string {
    const out: string[] = [];
    for (let i = 0; out.length < lines; i++) {
        out.push(`topic t${i} { partitions = `, `scenario s${i} {`, `  at 2m crash`, `  expect`);
    }
    return out.slice(0, lines).join('\n');
}

describe('error recovery on long broken files', () => {
    const services = createRebalServices(EmptyFileSystem);

    test("Langium's own parser overflows the stack on 20,000 error-dense lines (the bug this guards)", () => {
        const plain = createLangiumParser(services.Rebal);
        expect(() => plain.parse(errorDenseFile(20_000))).toThrow(RangeError);
    }, 180_000);

    test('the rebal parser gives the same result as the plain one where the plain one survives', () => {
        const plain = createLangiumParser(services.Rebal);
        const text = errorDenseFile(2_000);
        const a = plain.parse(text);
        const b = services.Rebal.parser.LangiumParser.parse(text);
        const errors = (r: typeof a) => r.parserErrors.map((e) => `${e.token.startOffset}:${e.message}`);
        expect(errors(b)).toEqual(errors(a));
        const shape = (r: typeof a) => JSON.stringify(r.value, (k, v) => (k.startsWith('$') && k !== '$type' ? undefined : v));
        expect(shape(b)).toEqual(shape(a));
        expect(a.parserErrors.length).toBeGreaterThan(1_000);
    }, 180_000);

    test('a 20,000-line error-dense document is parsed, linked and validated, with diagnostics', async () => {
        const text = errorDenseFile(20_000);
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('memory:///dense.rebal'));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        // Each 4-line unit has at least one syntax error, and recovery resumes after each, so
        // the errors reach the end of the file rather than stopping at the first one.
        expect(document.parseResult.parserErrors.length).toBeGreaterThanOrEqual(5_000);
        expect(document.diagnostics?.length ?? 0).toBeGreaterThanOrEqual(5_000);
        const lastErrorLine = Math.max(...document.parseResult.parserErrors.map((e) => e.token.startLine ?? 0));
        expect(lastErrorLine).toBeGreaterThan(19_000);
    }, 180_000);

    test('calls cannot nest, so `zipf(zipf(zipf(…` 20,000 deep is a syntax error, not an overflow', () => {
        // Before CallValue took only literal arguments, 400 nested calls overflowed the parser.
        const depth = 20_000;
        const text = `topic t { key.skew = ${'zipf('.repeat(depth)}1${')'.repeat(depth)} }`;
        const result = services.Rebal.parser.LangiumParser.parse(text);
        expect(result.parserErrors.length).toBeGreaterThan(0);
    });
});
