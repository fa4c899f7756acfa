import { describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import type { Document } from '../../language-server/src/language/generated/ast.js';

describe('complete example', () => {
    test('parses, links and only warns mixed-protocol on c3', async () => {
        const services = createRebalServices(EmptyFileSystem);
        const parse = parseHelper<Document>(services.Rebal);
        const doc = await parse(readFileSync('samples/complete-example.rebal', 'utf8'), { validation: true });
        expect(doc.parseResult.lexerErrors).toEqual([]);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const diags = (doc.diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}:${d.message}`);
        console.log(diags.join('\n'));
        expect(diags.filter((d) => d.split(':')[1] === '1')).toEqual([]);
    });
});
