/**
 * `duplicate-name` across imports through the real services: the error sits on the local
 * declaration's name and names the imported file as the user would write its path, and it
 * follows edits of the imported file (which the importing file does not refer to).
 */
import { describe, expect, test } from 'vitest';
import { MemoryWorkspace } from './memory-workspace.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const MAIN = lines('import "shared/topics.rebal"', '', 'topic orders { partitions = 12 }', 'group svc {', '  subscribe orders', '  consumer c1', '}');

describe('duplicate-name across imports', () => {
    test('on the local name, naming the imported file by its path from this one', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared/topics.rebal': lines('topic orders { partitions = 6 }'), 'main.rebal': MAIN });
        // Line 3, `orders` starts at column 7 (after "topic ").
        expect(ws.describe('main.rebal', 'duplicate-name')).toEqual([
            '3:7 duplicate-name A topic named orders is also declared in shared/topics.rebal, which this file imports: references to orders link to only one of the two.'
        ]);
        const [diagnostic] = ws.diagnostics('main.rebal').filter((d) => d.code === 'duplicate-name');
        expect(diagnostic.range.end).toEqual({ line: 2, character: 12 });
        expect(diagnostic.data).toMatchObject({ importedFile: 'shared/topics.rebal' });
        expect(ws.describe('shared/topics.rebal', 'duplicate-name')).toEqual([]);
    });

    test('follows edits of the imported file', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'shared/topics.rebal': lines('topic payments { partitions = 6 }'), 'main.rebal': MAIN });
        expect(ws.describe('main.rebal', 'duplicate-name')).toEqual([]);
        // The imported file gains an `orders`: main.rebal, unchanged, now has the duplicate.
        await ws.edit('shared/topics.rebal', lines('topic payments { partitions = 6 }', 'topic orders { partitions = 6 }'));
        expect(ws.describe('main.rebal', 'duplicate-name')).toHaveLength(1);
        // Renamed there: gone again.
        await ws.edit('shared/topics.rebal', lines('topic payments { partitions = 6 }', 'topic orders-v2 { partitions = 6 }'));
        expect(ws.describe('main.rebal', 'duplicate-name')).toEqual([]);
    });

    test('a file that imports nothing is checked as before: in-file duplicates only', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'other.rebal': lines('topic orders { partitions = 6 }'), 'main.rebal': lines('topic orders { partitions = 1 }', 'topic orders { partitions = 2 }') });
        expect(ws.describe('main.rebal', 'duplicate-name')).toEqual(['2:7 duplicate-name Another topic is already named orders.']);
    });
});
