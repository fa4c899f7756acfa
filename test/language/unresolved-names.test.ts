/**
 * Unresolved names through the real services: the message says where the name was looked for
 * (instead of Langium's "Could not resolve reference to Topic named 'x'."), stays on the
 * reference's range with the `unresolved-reference` code, offers the closest name, and the
 * quick fix writes it.
 */
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { closestName } from '../../language-server/src/language/validation/unresolved-names.js';
import { MemoryWorkspace } from './memory-workspace.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const SHARED = lines('topic orders { partitions = 6 }', 'topic payments { partitions = 3 }');
const MAIN = lines(
    'import "shared.rebal"',
    'group svc {',
    '  subscribe ordrs, refunds',
    '  consumer c1',
    '  consumer c2',
    '  consumers worker[1..3]',
    '}',
    'scenario s {',
    '  group sv',
    '}',
    'scenario t {',
    '  group svc',
    '  at 0s start c3, worker4, wroker2',
    '  expect error c2x == none',
    '}'
);

describe('unresolved-reference messages', () => {
    test('say where the name was looked for, on the reference, with the closest name', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared.rebal': SHARED, 'main.rebal': MAIN });
        expect(ws.describe('main.rebal', 'unresolved-reference')).toEqual([
            // ordrs → orders: one deletion, within max(1, floor(5 / 3)) = 1.
            '3:13 unresolved-reference No topic `ordrs` in this file or the files it imports. Did you mean `orders`?',
            // refunds: 7 characters allow 2 edits; orders and payments are both 6 away.
            '3:20 unresolved-reference No topic `refunds` in this file or the files it imports.',
            // sv → svc: one insertion, within max(1, floor(2 / 3)) = 1.
            '9:9 unresolved-reference No group `sv` in this file or the files it imports. Did you mean `svc`?',
            // c3 is one edit from c1 and from c2: a tie, no suggestion.
            '13:15 unresolved-reference No member `c3` in group svc.',
            '13:19 unresolved-reference No member `worker4` in group svc: `worker[1..3]` declares worker1 … worker3.',
            // wroker2 → worker2: a swap is two edits, within floor(7 / 3) = 2; worker1 and worker3 are three away.
            '13:28 unresolved-reference No member `wroker2` in group svc. Did you mean `worker2`?',
            // c2x → c2: one deletion (c1 and the set's name worker are further).
            '14:16 unresolved-reference No member `c2x` in group svc. Did you mean `c2`?'
        ]);
        expect(ws.diagnostics('main.rebal').map((d) => d.message).join('\n')).not.toContain('Could not resolve');
    });

    test('a name added to the imported file resolves after that file is edited', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared.rebal': SHARED, 'main.rebal': MAIN });
        await ws.edit('shared.rebal', SHARED + 'topic refunds { partitions = 1 }\n');
        const topics = ws.describe('main.rebal', 'unresolved-reference').filter((d) => d.includes('topic'));
        expect(topics).toEqual(['3:13 unresolved-reference No topic `ordrs` in this file or the files it imports. Did you mean `orders`?']);
    });

    test('the quick fix writes the suggested name, and the error is gone', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared.rebal': SHARED, 'main.rebal': MAIN });
        const document = ws.document('main.rebal');
        const diagnostic = ws.diagnostics('main.rebal').find((d) => String(d.message).includes('`ordrs`'))!;
        const actions = ((await ws.services.Rebal.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] }
        })) ?? []) as CodeAction[];
        expect(actions.map((a) => a.title)).toEqual(['Change to `orders`']);
        const edits = actions[0].edit!.changes![document.textDocument.uri];
        const after = TextDocument.applyEdits(TextDocument.create('x', 'rebal', 0, MAIN), edits);
        expect(after.split('\n')[2]).toBe('  subscribe orders, refunds');
        await ws.edit('main.rebal', after);
        expect(ws.describe('main.rebal', 'unresolved-reference').filter((d) => d.includes('ordrs'))).toEqual([]);
    });

    test('no quick fix when nothing is close', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared.rebal': SHARED, 'main.rebal': MAIN });
        const document = ws.document('main.rebal');
        const diagnostic = ws.diagnostics('main.rebal').find((d) => String(d.message).includes('`refunds`'))!;
        const actions = await ws.services.Rebal.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] }
        });
        expect(actions).toEqual([]);
    });
});

describe('closestName', () => {
    test('one edit per three characters, at least one', () => {
        expect(closestName('ordrs', ['orders', 'payments'])).toBe('orders'); // 1 ≤ max(1, 1)
        expect(closestName('odrs', ['orders'])).toBeUndefined(); // 2 > max(1, floor(4 / 3) = 1)
        expect(closestName('paymnets', ['payments'])).toBe('payments'); // a swap = 2 ≤ floor(8 / 3) = 2
        expect(closestName('x', ['y'])).toBe('y'); // 1 ≤ 1
    });

    test('nothing on a tie, and duplicates of one name are one candidate', () => {
        expect(closestName('c3', ['c1', 'c2'])).toBeUndefined();
        expect(closestName('ordrs', ['orders', 'orders'])).toBe('orders');
    });

    test('the name itself is not a suggestion', () => {
        expect(closestName('orders', ['orders'])).toBeUndefined();
    });
});
