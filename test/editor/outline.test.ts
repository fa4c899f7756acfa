// Outline (document symbols with kinds and nesting) and folding ranges.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectFoldings, expectSymbols, parseDocument } from 'langium/test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

const services = createRebalServices(EmptyFileSystem);
const symbols = expectSymbols(services.Rebal);
const foldings = expectFoldings(services.Rebal);
afterEach(() => clearDocuments(services.shared));

const KIND_NAMES = new Map(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

/** `name (kind)` with children indented, for a readable comparison. */
function outline(list: DocumentSymbol[] | undefined, depth = 0): string[] {
    return (list ?? []).flatMap((s) => [`${'  '.repeat(depth)}${s.name} (${KIND_NAMES.get(s.kind)})${s.detail ? ` ${s.detail}` : ''}`, ...outline(s.children, depth + 1)]);
}

describe('outline', () => {
    test('the complete example: cluster, topics, group → settings and members, scenario → events and expectations', async () => {
        const document = await parseDocument(services.Rebal, readFileSync('samples/complete-example.rebal', 'utf8'));
        const list = (await services.Rebal.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } })) as DocumentSymbol[];
        const lines = outline(list);
        expect(lines.filter((l) => !l.startsWith(' '))).toEqual(['cluster (Namespace)', 'orders (Struct) topic', 'payments (Struct) topic', 'orders-service (Module) group', 'rolling-deploy (Function) scenario']);
        expect(lines).toContain('  session.timeout.ms (Property) 45s');
        expect(lines).toContain('  subscribe (Field) orders, payments');
        expect(lines).toContain('  c3 (Object) consumer');
        expect(lines).toContain('    partition.assignment.strategy (Property) [cooperative-sticky, range]');
        expect(lines).toContain('  worker[1..6] (Array) worker1 … worker6');
        expect(lines).toContain('  at 2m rolling-restart (Event) c1, c2, c3 every 40s down 20s');
        expect(lines).toContain('  expect state at 14m == Stable (Boolean)');
    });

    test('through langium/test: top-level names', async () => {
        await symbols({
            text: 'topic t { }\ngroup g {\n  consumer c1\n}\nscenario s {\n  at 1m crash c1\n}',
            expectedSymbols: [
                { name: 't', kind: SymbolKind.Struct, detail: 'topic', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } }, selectionRange: { start: { line: 0, character: 6 }, end: { line: 0, character: 7 } } },
                {
                    name: 'g',
                    kind: SymbolKind.Module,
                    detail: 'group',
                    range: { start: { line: 1, character: 0 }, end: { line: 3, character: 1 } },
                    selectionRange: { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } },
                    children: [
                        {
                            name: 'c1',
                            kind: SymbolKind.Object,
                            detail: 'consumer',
                            range: { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } },
                            selectionRange: { start: { line: 2, character: 11 }, end: { line: 2, character: 13 } }
                        }
                    ]
                },
                {
                    name: 's',
                    kind: SymbolKind.Function,
                    detail: 'scenario',
                    range: { start: { line: 4, character: 0 }, end: { line: 6, character: 1 } },
                    selectionRange: { start: { line: 4, character: 9 }, end: { line: 4, character: 10 } },
                    children: [
                        {
                            name: 'at 1m crash',
                            kind: SymbolKind.Event,
                            detail: 'c1',
                            range: { start: { line: 5, character: 2 }, end: { line: 5, character: 16 } },
                            selectionRange: { start: { line: 5, character: 2 }, end: { line: 5, character: 2 } }
                        }
                    ]
                }
            ]
        });
    });

    test('an unfinished file still has an outline', async () => {
        const document = await parseDocument(services.Rebal, 'group g {\n  session.timeout.ms = \n  consumer c1 {\n');
        const list = (await services.Rebal.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } })) as DocumentSymbol[];
        expect(outline(list)[0]).toBe('g (Module) group');
    });
});

describe('folding', () => {
    test('blocks fold to the line before their brace; block comments and runs of line comments fold', async () => {
        // `<|` marks the first folded line, `|>` the last: the line before a closing brace.
        await foldings({
            text: [
                '<|// a header',
                '// of two lines|>',
                'cluster <|{',
                '  network.latency = 2ms|>',
                '}',
                'topic t { partitions = 1 }',
                '<|/* a',
                '   block */|>',
                'group g <|{',
                '  consumer c1 <|{',
                '    client.id = "a"   // trailing comments do not fold',
                '    client.rack = "b" // with the next line|>',
                '  }',
                '  partition.assignment.strategy = <|[',
                '    range|>',
                '  ]|>',
                '}'
            ].join('\n')
        });
    });

    test('line numbers of the folds', async () => {
        const text = ['// a header', '// of two lines', 'cluster {', '  network.latency = 2ms', '}', 'group g {', '  consumer c1 {', '    client.id = "a"  // x', '    client.rack = "b" // y', '  }', '}'].join('\n');
        const document = await parseDocument(services.Rebal, text);
        const ranges = await services.Rebal.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        const lines = ranges.map((r) => `${r.startLine}-${r.endLine}:${r.kind}`).sort();
        // cluster { on line 2, its } on 4: fold 2–3; group 5–9; consumer 6–8; the header 0–1.
        expect(lines).toEqual(['0-1:comment', '2-3:region', '5-9:region', '6-8:region']);
    });
});
