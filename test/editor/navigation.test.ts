// Go to definition, find references and rename, including the members of a set: `worker3`
// links to `consumers worker[1..6]`, is found among its references, and follows a rename
// of the set (`node` → `node3`).
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectFindReferences, expectGoToDefinition, parseDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

const services = createRebalServices(EmptyFileSystem);
const definition = expectGoToDefinition(services.Rebal);
const references = expectFindReferences(services.Rebal);
afterEach(() => clearDocuments(services.shared));

const FILE = `topic orders { partitions = 6 }
group svc {
  subscribe orders
  consumer c1
  consumers worker[1..6]
}
scenario s {
  group svc
  at 1m crash worker3
  at 2m rolling-restart c1, worker[2..4] every 30s down 10s
  at 3m stop worker5
  at 4m start worker
  expect max-pause worker3 < 1m
}`;

/** Puts `<|>` before the n-th (0-based) occurrence of `word`, and `<|`…`|>` around the listed ones. */
function mark(text: string, word: string, cursor: number, ranges: number[]): string {
    let count = 0;
    return text.replace(new RegExp(`\\b${word}\\b`, 'g'), (m) => {
        const i = count++;
        const marked = ranges.includes(i) ? `<|${m}|>` : m;
        return i === cursor ? `<|>${marked}` : marked;
    });
}

async function rename(text: string, at: string, occurrence: number, newName: string): Promise<string> {
    const document = await parseDocument(services.Rebal, text);
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = text.indexOf(at, offset + 1);
    const edit = await services.Rebal.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset + 1), newName });
    const edits: TextEdit[] = edit?.changes?.[document.uri.toString()] ?? [];
    return TextDocument.applyEdits(document.textDocument, edits);
}

describe('go to definition', () => {
    test('a set member goes to its set', async () => {
        await definition({ text: FILE.replace('consumers worker[', 'consumers <|worker|>[').replace('crash worker3', 'crash <|>worker3'), index: 0, rangeIndex: 0 });
    });

    test('a topic and a group go to their declarations', async () => {
        await definition({ text: FILE.replace('topic orders', 'topic <|orders|>').replace('subscribe orders', 'subscribe <|>orders'), index: 0, rangeIndex: 0 });
        await definition({ text: FILE.replace('group svc {', 'group <|svc|> {').replace('  group svc\n', '  group s<|>vc\n'), index: 0, rangeIndex: 0 });
    });
});

describe('find references', () => {
    test('from the set: every way of naming it, members included', async () => {
        // Occurrences of \bworker\b: 0 the declaration, 1 worker[2..4], 2 `start worker`.
        // worker3 (twice) and worker5 are separate words, marked by hand.
        let text = mark(FILE, 'worker', 0, [1, 2]);
        text = text.replace('crash worker3', 'crash <|worker3|>').replace('stop worker5', 'stop <|worker5|>').replace('max-pause worker3', 'max-pause <|worker3|>');
        await references({ text, includeDeclaration: false });
    });

    test('from worker3: worker3, the whole set, the ranges that contain 3 — not worker5', async () => {
        // worker[2..4] contains 3; `start worker` is the whole set; worker5 is another member.
        let text = FILE.replace('consumers worker[', 'consumers <|worker|>[')
            .replace('crash worker3', 'crash <|><|worker3|>')
            .replace('c1, worker[2..4]', 'c1, <|worker|>[2..4]')
            .replace('start worker', 'start <|worker|>')
            .replace('max-pause worker3', 'max-pause <|worker3|>');
        await references({ text, includeDeclaration: true });
        // A range that does not contain the member is left out.
        text = FILE.replace('crash worker3', 'crash <|><|worker3|>').replace('worker[2..4]', 'worker[4..6]').replace('start worker', 'start <|worker|>').replace('max-pause worker3', 'max-pause <|worker3|>');
        await references({ text, includeDeclaration: false });
    });
});

describe('rename', () => {
    test('renaming a set renames its members: worker3 → node3, worker[2..4] → node[2..4]', async () => {
        const renamed = await rename(FILE, 'worker[1..6]', 0, 'node');
        expect(renamed).toBe(FILE.replaceAll(/\bworker(\d*)\b/g, 'node$1'));
    });

    test('renaming at a member reference renames its set', async () => {
        const renamed = await rename(FILE, 'worker3', 0, 'node3');
        expect(renamed).toContain('consumers node[1..6]');
        expect(renamed).toContain('crash node3');
        expect(renamed).toContain('stop node5');
        expect(renamed).not.toMatch(/worker/);
    });

    test('a consumer, a topic and a group rename everywhere (Langium default)', async () => {
        expect(await rename(FILE, 'c1', 0, 'first')).toBe(FILE.replaceAll(/\bc1\b/g, 'first'));
        expect(await rename(FILE, 'orders', 1, 'orders.v2')).toBe(FILE.replaceAll('orders', 'orders.v2'));
        expect(await rename(FILE, 'svc', 0, 'orders-service')).toBe(FILE.replaceAll('svc', 'orders-service'));
    });

    test('a new name that is not a name is refused', async () => {
        await expect(rename(FILE, 'c1', 0, '1bad name')).rejects.toThrow(/not a valid name/);
    });
});
