// Formatting: 2-space blocks, one item per line, `key = value`, single spaces in statements,
// tight brackets, comments kept where they are; idempotent; broken documents left alone.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectFormatting, parseDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

const services = createRebalServices(EmptyFileSystem);
const formatting = expectFormatting(services.Rebal);
afterEach(() => clearDocuments(services.shared));

async function format(text: string): Promise<string> {
    const document = await parseDocument(services.Rebal, text);
    const edits = await services.Rebal.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
    return TextDocument.applyEdits(document.textDocument, edits);
}

describe('formatter', () => {
    test('blocks: 2 spaces whatever the editor asks, one item per line, key = value', async () => {
        await formatting({
            before: 'topic   orders{partitions=12    produce=2000/s}\ngroup g {\n        session.timeout.ms=45s\n  subscribe   orders ,payments\n}',
            after: 'topic orders {\n  partitions = 12\n  produce = 2000/s\n}\ngroup g {\n  session.timeout.ms = 45s\n  subscribe orders, payments\n}',
            // The editor asks for 4-space tabs; rebal's style is 2 spaces.
            options: { tabSize: 4, insertSpaces: true }
        });
    });

    test('a one-item block written on one line stays on its line; an empty block is `{ }`', async () => {
        await formatting({
            before: 'group g {\n  consumer c1 {group.instance.id="c-1"}\n  consumer c2 {  }\n}',
            after: 'group g {\n  consumer c1 { group.instance.id = "c-1" }\n  consumer c2 { }\n}'
        });
    });

    test('statements: `at TIME EVENT` with single spaces, tight ranges, lists, calls and partitions', async () => {
        await formatting({
            before: [
                'scenario s {',
                '  at 2m    rolling-restart c1 ,worker [2..3]   every 30s   down 10s',
                '  at 4m   slow worker1   process.time.per.record  =   800ms   for   2m',
                '  expect owner orders [ 3 ]   at 5m   ==   c1',
                '  expect assignment c1 at 5m == [ orders[1] , orders [2] ]',
                '  expect rebalances>=3',
                '}'
            ].join('\n'),
            after: [
                'scenario s {',
                '  at 2m rolling-restart c1, worker[2..3] every 30s down 10s',
                '  at 4m slow worker1 process.time.per.record = 800ms for 2m',
                '  expect owner orders[3] at 5m == c1',
                '  expect assignment c1 at 5m == [orders[1], orders[2]]',
                '  expect rebalances >= 3',
                '}'
            ].join('\n')
        });
    });

    test('`with` on its own line is indented under its event; a multi-item `with` is expanded', async () => {
        await formatting({
            before: 'scenario s {\n  at 2m rolling-restart c1 every 30s down 10s\n with { partition.assignment.strategy = [cooperative-sticky] }\n  at 3m restart c1 down 5s with {session.timeout.ms=10s heartbeat.interval.ms=3s}\n}',
            after:
                'scenario s {\n  at 2m rolling-restart c1 every 30s down 10s\n    with { partition.assignment.strategy = [cooperative-sticky] }\n  at 3m restart c1 down 5s with {\n    session.timeout.ms = 10s\n    heartbeat.interval.ms = 3s\n  }\n}'
        });
    });

    test('`unset` is a value like any other: `key = unset`', async () => {
        await formatting({
            before: 'group g {\n  consumer c1 {session.timeout.ms=unset}\n}',
            after: 'group g {\n  consumer c1 { session.timeout.ms = unset }\n}'
        });
    });

    test('comments at line ends and on their own lines stay; own-line comments follow the indentation', async () => {
        await formatting({
            before: [
                '// header',
                'cluster {',
                '      // about the delay',
                '   group.initial.rebalance.delay.ms=3s    // trailing, spaces kept',
                '/* block',
                '   comment */',
                '      network.latency = 2ms',
                '}'
            ].join('\n'),
            after: [
                '// header',
                'cluster {',
                '  // about the delay',
                '  group.initial.rebalance.delay.ms = 3s    // trailing, spaces kept',
                '  /* block',
                '     comment */',
                '  network.latency = 2ms',
                '}'
            ].join('\n')
        });
    });

    test('a one-line block with a comment inside is expanded; `//` inside a string is not a comment', async () => {
        await formatting({
            before: 'group g {\n  consumer c1 { client.rack = "a" /* why */ }\n  consumer c2 { client.id = "http://x" }\n}',
            after: 'group g {\n  consumer c1 {\n    client.rack = "a" /* why */\n  }\n  consumer c2 { client.id = "http://x" }\n}'
        });
    });

    test('blank lines: at most one kept, between elements and inside blocks', async () => {
        await formatting({
            before: 'topic a { }\n\n\n\ntopic b { }\ngroup g {\n  a = 1\n\n\n  b = 2\n}',
            after: 'topic a { }\n\ntopic b { }\ngroup g {\n  a = 1\n\n  b = 2\n}'
        });
    });

    test('the complete example is a fixed point after one pass (idempotent)', async () => {
        const once = await format(readFileSync('samples/complete-example.rebal', 'utf8'));
        expect(await format(once)).toBe(once);
        // Single-spaced events, as the formatter writes them.
        expect(once).toContain('  at 2m rolling-restart c1, c2, c3 every 40s down 20s\n');
        expect(once).toContain('  network.latency = 2ms                    // simulation setting, not a Kafka property\n');
    });

    test('a document with syntax errors is left alone', async () => {
        const broken = 'group g {\n  session.timeout.ms = \n   heartbeat.interval.ms=3s\n';
        expect(await format(broken)).toBe(broken);
    });
});
