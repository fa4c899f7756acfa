// Keeps docs/language.md in step with what the grammar accepts, the property catalog and the
// checker's codes: adding a key, an event or a rule without documenting it fails here.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { PROPERTIES } from '../../language-server/src/model/properties.js';
import { Codes } from '../../language-server/src/language/validation/codes.js';

const reference = readFileSync('docs/language.md', 'utf8');
const grammar = readFileSync('grammar/rebal.langium', 'utf8');

describe('docs/language.md', () => {
    test('documents every property of the catalog', () => {
        const missing = [...PROPERTIES.keys()].filter((key) => !reference.includes(`\`${key}\``));
        expect(missing).toEqual([]);
    });

    test('documents every event kind and expectation subject of the grammar', () => {
        const kinds = [...grammar.matchAll(/kind='([a-z-]+)'/g)].map((m) => m[1]);
        const subjects = [...grammar.matchAll(/kind=\(([^)]*)\)/gs)].flatMap((m) => [...m[1].matchAll(/'([a-z-]+)'/g)].map((s) => s[1]));
        expect(kinds.length).toBeGreaterThan(10);
        expect(subjects.length).toBeGreaterThan(10);
        const missing = [...kinds, ...subjects].filter((word) => !reference.includes(`\`${word}`));
        expect(missing).toEqual([]);
    });

    test('documents every diagnostic code', () => {
        const missing = Object.values(Codes).filter((code) => !reference.includes(`\`${code}\``));
        expect(missing).toEqual([]);
    });
});
