// Snippets: each one, expanded with its default values, is valid rebal that links against a
// small file (no syntax error, no unresolved name, no error from the checker); and the
// extension contributes the file.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseDocument } from 'langium/test';
import { readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

interface Snippet {
    prefix: string | string[];
    body: string[];
    description: string;
}

const snippets = JSON.parse(readFileSync('extension/snippets/rebal.json', 'utf8')) as Record<string, Snippet>;
const services = createRebalServices(EmptyFileSystem);
afterEach(() => clearDocuments(services.shared));

/** VS Code's expansion with every placeholder left at its default (a choice at its first option). */
function expandSnippet(body: string): string {
    const values = new Map<string, string>();
    const expand = (text: string): string =>
        text.replace(/\$\{(\d+):((?:[^${}]|\$\{\d+:[^}]*\}|\$\d+)*)\}|\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+)\}|\$(\d+)/g, (_m, n1, def, n2, choices, n3, n4) => {
            if (n1 !== undefined) {
                const value = expand(def);
                values.set(n1, value);
                return value;
            }
            if (n2 !== undefined) {
                const value = choices.split(',')[0];
                values.set(n2, value);
                return value;
            }
            return values.get(n3 ?? n4) ?? '';
        });
    return expand(body);
}

const TOPICS = 'topic orders { partitions = 6  produce = 500/s }\n';
const GROUP = TOPICS + 'group orders-service {\n  partition.assignment.strategy = [range]\n  subscribe orders\n  consumer c1\n  consumer c2\n  consumer c3\n}\n';

describe('snippets', () => {
    test('the extension contributes them for rebal', () => {
        const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
        expect(manifest.contributes.snippets).toContainEqual({ language: 'rebal', path: './extension/snippets/rebal.json' });
        expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(5);
    });

    test('the expander reads defaults, mirrors and choices', () => {
        expect(expandSnippet('a ${1:x} b ${2|u,v|} c ${1:x} $2')).toBe('a x b u c x u');
    });

    for (const [name, snippet] of Object.entries(snippets)) {
        test(`${name}: expands to valid rebal`, async () => {
            const expanded = expandSnippet(snippet.body.join('\n'));
            // Scenarios need a group to run against; groups need their topics.
            const context = expanded.includes('scenario') ? GROUP : TOPICS;
            const document = await parseDocument(services.Rebal, `${context}\n${expanded}\n`, { validation: true });
            expect(document.parseResult.lexerErrors).toEqual([]);
            expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
            const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1 && d.code !== 'expect-failed');
            expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
            expect(snippet.description.length).toBeGreaterThan(20);
        });
    }
});
