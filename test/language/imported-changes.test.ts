/**
 * A file depends on what it imports even where it names nothing from it: the imported
 * `cluster` block sets its members' broker bounds. An edit to the imported file must reach the
 * importing file's diagnostics: the builder rebuilds importers (rebal-document-builder.ts) and
 * the cached group analyses and cluster layers (GroupAnalyses) are recomputed, not reused.
 */
import { describe, expect, test } from 'vitest';
import { MemoryWorkspace } from './memory-workspace.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const MAIN = lines('import "broker.rebal"', 'group svc {', '  heartbeat.interval.ms = 2s', '  session.timeout.ms = 8s', '  consumer c1', '}');
const brokerWithMinimum = (min: string) => lines(`cluster { group.min.session.timeout.ms = ${min} }`);

describe('edits to an imported file', () => {
    test("an imported cluster block's bound reaches the importing file, and follows its edits", async () => {
        const ws = new MemoryWorkspace();
        // 8s < the imported minimum 10s: INVALID_SESSION_TIMEOUT, reported on main's line 4.
        await ws.open({ 'broker.rebal': brokerWithMinimum('10s'), 'main.rebal': MAIN });
        expect(ws.describe('main.rebal', 'session-timeout-range')).toEqual([
            "4:24 session-timeout-range session.timeout.ms (8s) is below the broker's group.min.session.timeout.ms (10s): JoinGroup fails with INVALID_SESSION_TIMEOUT, fatal for c1."
        ]);
        // A 6s minimum admits 8s: the diagnostic goes.
        await ws.edit('broker.rebal', brokerWithMinimum('6s'));
        expect(ws.describe('main.rebal', 'session-timeout-range')).toEqual([]);
        // 9s: back, with the new bound in the message.
        await ws.edit('broker.rebal', brokerWithMinimum('9s'));
        expect(ws.describe('main.rebal', 'session-timeout-range')).toEqual([
            "4:24 session-timeout-range session.timeout.ms (8s) is below the broker's group.min.session.timeout.ms (9s): JoinGroup fails with INVALID_SESSION_TIMEOUT, fatal for c1."
        ]);
    });

    test('a file that does not import the edited one is left alone', async () => {
        const ws = new MemoryWorkspace();
        await ws.open({ 'broker.rebal': brokerWithMinimum('10s'), 'main.rebal': MAIN, 'other.rebal': lines('group other { consumer c1 }') });
        const before = ws.document('other.rebal').parseResult.value;
        const validated: string[] = [];
        ws.services.shared.workspace.DocumentBuilder.onDocumentPhase(4 /* Linked */, (d) => void validated.push(d.uri.path));
        await ws.edit('broker.rebal', brokerWithMinimum('6s'));
        expect(validated.sort()).toEqual(['/ws/broker.rebal', '/ws/main.rebal']);
        expect(ws.document('other.rebal').parseResult.value).toBe(before);
    });
});
