// Inlay hints: a bare .ms number normalised, a third of the session timeout next to the
// heartbeat, the members a set declares, the ids an `{i}` template produces.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseDocument } from 'langium/test';
import type { InlayHint } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

const services = createRebalServices(EmptyFileSystem);
afterEach(() => clearDocuments(services.shared));

async function hints(text: string): Promise<{ label: string; at: string }[]> {
    const document = await parseDocument(services.Rebal, text);
    const end = document.textDocument.positionAt(text.length);
    const result: InlayHint[] = (await services.Rebal.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end } })) ?? [];
    // `at`: the text of the line up to the hint, to show where it sits.
    return result.map((h) => ({ label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''), at: text.split('\n')[h.position.line].slice(0, h.position.character).trim() }));
}

describe('inlay hints', () => {
    test('a bare number on a .ms key is shown in units', async () => {
        // 45000 ms = 45 s; 90000 ms = 1 min 30 s.
        expect(await hints('group g {\n  session.timeout.ms = 45000\n  max.poll.interval.ms = 90000\n}')).toEqual([
            { label: '= 45s', at: 'session.timeout.ms = 45000' },
            { label: '= 1m30s', at: 'max.poll.interval.ms = 90000' }
        ]);
    });

    test('no hint where the value already has a unit', async () => {
        expect(await hints('group g {\n  session.timeout.ms = 45s\n}')).toEqual([]);
    });

    test("next to heartbeat.interval.ms: a third of the session timeout in force there", async () => {
        const text = [
            'cluster { heartbeat.interval.ms = 5s }',
            'group g {',
            '  session.timeout.ms = 30s',
            '  heartbeat.interval.ms = 3s',
            '  consumer c1 { session.timeout.ms = 60s  heartbeat.interval.ms = 25s }',
            '  consumers w[1..2] { heartbeat.interval.ms = 2s }',
            '}'
        ].join('\n');
        const labels = (await hints(text)).map((h) => h.label);
        expect(labels).toEqual([
            // cluster: nothing sets the session, Kafka's 45 s; a third is 15 s.
            '≤ 15s (⅓ of session 45s)',
            // group: 30 s / 3 = 10 s.
            '≤ 10s (⅓ of session 30s)',
            // c1 sets 60 s: 20 s.
            '≤ 20s (⅓ of session 1m)',
            // the set's members, after `]`, then its heartbeat: it inherits the group's 30 s.
            'w1, w2',
            '≤ 10s (⅓ of session 30s)'
        ]);
    });

    test('a set shows the members it declares; a template shows the ids it produces', async () => {
        const found = await hints('group g {\n  consumers worker[1..6] { group.instance.id = "orders-{i}" }\n}');
        expect(found).toEqual([
            { label: 'worker1 … worker6', at: 'consumers worker[1..6]' },
            // {i} = 1, 2, 3 … 6.
            { label: '"orders-1" … "orders-6"', at: 'consumers worker[1..6] { group.instance.id = "orders-{i}"' }
        ]);
        expect((await hints('group g {\n  consumers w[3..4]\n}')).map((h) => h.label)).toEqual(['w3, w4']);
    });

    test('`key = unset` shows the default that applies then; none for a key without a default', async () => {
        // session.timeout.ms: 45 000 ms; heartbeat.interval.ms: 3 000 ms and, next to it, a third
        // of the session in force on c1 (its own unset: 45s → 15s).
        const text = 'group g {\n  session.timeout.ms = 30s\n  consumer c1 { session.timeout.ms = unset  heartbeat.interval.ms = unset  group.instance.id = unset }\n}';
        expect(await hints(text)).toEqual([
            { label: '= 45s', at: 'consumer c1 { session.timeout.ms = unset' },
            { label: '= 3s', at: 'consumer c1 { session.timeout.ms = unset  heartbeat.interval.ms = unset' },
            { label: '≤ 15s (⅓ of session 45s)', at: 'consumer c1 { session.timeout.ms = unset  heartbeat.interval.ms = unset' }
        ]);
    });
});
