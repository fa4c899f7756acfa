// The server never crashes and never stops answering, whatever is typed: random text and
// mutated samples (characters and tokens deleted, duplicated, inserted; lines cut) go
// through the parser, the linker and the checker, then completion, hover, formatting,
// semantic tokens, inlay hints, outline, folding, references and rename at random places.
// A failing case is shrunk by fast-check and printed with its seed.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { readdirSync, readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

const services = createRebalServices(EmptyFileSystem);
const SAMPLES = readdirSync('samples')
    .filter((f) => f.endsWith('.rebal'))
    .map((f) => readFileSync(`samples/${f}`, 'utf8'));

/** Words and symbols of the language, for token-level mutations and random files. */
const TOKENS = [
    'cluster', 'topic', 'group', 'consumer', 'consumers', 'subscribe', 'scenario', 'import', 'at', 'expect', 'duration', 'seed',
    'start', 'stop', 'crash', 'restart', 'rolling-restart', 'gc-pause', 'network-partition', 'slow', 'add-partitions', 'produce',
    'coordinator-failover', 'every', 'down', 'for', 'with', 'all', 'rebalances', 'state', 'owner', 'max-pause', 'error', 'lag',
    '{', '}', '[', ']', '(', ')', ',', '.', '..', '=', '==', '!=', '<', '<=', '>', '>=', '-',
    '45s', '3000', '1m30s', '2000/s', '1.2k/s', '10k', '0', '-5', '"x-{i}"', "'q'", 'zipf(1.1)',
    'session.timeout.ms', 'heartbeat.interval.ms', 'partition.assignment.strategy', 'group.instance.id', 'group.protocol',
    'c1', 'worker', 'worker3', 'worker[1..3]', 'orders', 'orders[2]', 'Stable', 'none', 'true', '//', '/*', '*/', '\n', ' '
];
const CHARS = [...'{}[]()=,.<>!-+*/"\'\\\n\t 0123456789azAZ_#@$%^&~`|:;?', 'é', '€', '\u0000', '\r'];

type Mutation =
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'duplicate'; at: number; length: number }
    | { kind: 'insert-chars'; at: number; text: string }
    | { kind: 'insert-token'; at: number; token: string }
    | { kind: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('insert-chars' as const), at: fc.nat(), text: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')) }),
    fc.record({ kind: fc.constant('insert-token' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
);

function apply(text: string, m: Mutation): string {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.kind) {
        case 'delete':
            return text.slice(0, at) + text.slice(at + m.length);
        case 'duplicate':
            return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
        case 'insert-chars':
            return text.slice(0, at) + m.text + text.slice(at);
        case 'insert-token':
            return `${text.slice(0, at)} ${m.token} ${text.slice(at)}`;
        case 'truncate':
            return text.slice(0, at);
    }
}

const mutatedSample = fc.tuple(fc.nat(SAMPLES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) => ms.reduce(apply, SAMPLES[i]));
const randomFile = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.constantFrom(...CHARS)), { maxLength: 120 }).map((parts) => parts.join(' '));

let counter = 0;
let consoleError: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
    // Langium logs (and swallows) exceptions thrown by checks: a logged error is a crash.
    consoleError = vi.spyOn(console, 'error');
});
afterAll(() => consoleError.mockRestore());
afterEach(() => expect(consoleError).not.toHaveBeenCalled());

/** Runs every service on `text`; throws on any exception. */
async function exercise(text: string, places: number[]): Promise<void> {
    const uri = URI.parse(`memory:///fuzz/${counter++}.rebal`);
    const document: LangiumDocument = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    services.shared.workspace.LangiumDocuments.addDocument(document);
    try {
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const internal = (document.diagnostics ?? []).filter((d) => /An error occurred/.test(typeof d.message === 'string' ? d.message : d.message.value));
        if (internal.length > 0) throw new Error(`a check threw: ${JSON.stringify(internal[0].message)}`);
        const lsp = services.Rebal.lsp;
        const textDocument = { uri: uri.toString() };
        const whole = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
        await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } });
        await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
        await lsp.InlayHintProvider!.getInlayHints(document, { textDocument, range: whole });
        await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
        await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument });
        for (const place of places) {
            const position = document.textDocument.positionAt(Math.floor(place * text.length));
            await lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
            await lsp.HoverProvider!.getHoverContent(document, { textDocument, position });
            await lsp.ReferencesProvider!.findReferences(document, { textDocument, position, context: { includeDeclaration: true } });
            await lsp.DefinitionProvider!.getDefinition(document, { textDocument, position });
            await lsp.RenameProvider!.rename(document, { textDocument, position, newName: 'renamed1' });
        }
    } finally {
        services.shared.workspace.LangiumDocuments.deleteDocument(uri);
    }
}

describe('robustness', () => {
    test('the samples themselves go through every service', async () => {
        for (const sample of SAMPLES) await exercise(sample, [0, 0.25, 0.5, 0.75, 1]);
        expect(SAMPLES.length).toBeGreaterThanOrEqual(1);
    });

    test('mutated samples never make a service throw', async () => {
        await fc.assert(fc.asyncProperty(mutatedSample, fc.array(position, { minLength: 1, maxLength: 3 }), exercise), { numRuns: 400 });
    }, 240_000);

    test('random token soup never makes a service throw', async () => {
        await fc.assert(fc.asyncProperty(randomFile, fc.array(position, { minLength: 1, maxLength: 3 }), exercise), { numRuns: 400 });
    }, 240_000);

    test('completion and hover at every offset of a half-typed file', async () => {
        const text = 'cluster {\n  group.initial.rebalance.delay.ms = \n}\ngroup g {\n  session.\n  consumers w[1..\n  consumer c1 { group.instance.id = "a\n}\nscenario s {\n  at 2m \n  at 3m crash \n  expect \n  expect state at 1m == \n';
        await exercise(text, Array.from({ length: text.length + 1 }, (_, i) => i / text.length));
    });
});
