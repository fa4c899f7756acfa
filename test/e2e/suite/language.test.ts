// The language server as a user meets it inside a real VS Code: diagnostics, hover,
// completion and a quick fix, all through the `vscode` API (the same calls the editor makes).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { propertiesInScope, propertyInfo } from '../../../language-server/src/model/properties.js';
import { parseDuration } from '../../../language-server/src/model/units.js';
import {
    activateRebal,
    closeAllWithoutSaving,
    codeOf,
    describeDiagnostics,
    hoverText,
    openRebal,
    positionOf,
    repoFile,
    waitForDiagnostics
} from './helpers.js';

const hasCode = (code: string) => (diags: readonly vscode.Diagnostic[]) => diags.some((d) => codeOf(d) === code);

describe('rebal in VS Code', () => {
    before(async () => {
        await activateRebal();
    });

    afterEach(async () => {
        await closeAllWithoutSaving();
    });

    it('checks samples/complete-example.rebal: no error, and the mixed-protocol warning on c3', async () => {
        // language.md: the complete example "parses and links with no error … c3, mid-upgrade,
        // gets a mixed-protocol warning by design" (it lists cooperative-sticky and range while
        // the rest of the group lists only cooperative-sticky).
        const uri = repoFile('samples', 'complete-example.rebal');
        const editor = await openRebal(uri);
        const diags = await waitForDiagnostics(uri, hasCode('mixed-protocol'), 'a mixed-protocol warning');

        const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.equal(errors.length, 0, `unexpected errors:\n${describeDiagnostics(errors)}`);

        const mixed = diags.filter((d) => codeOf(d) === 'mixed-protocol');
        for (const d of mixed) assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
        const c3Start = positionOf(editor.document, 'consumer c3').line;
        const c3End = positionOf(editor.document, 'consumers worker').line;
        assert.ok(
            mixed.some((d) => /\bc3\b/.test(d.message) || (d.range.start.line >= c3Start && d.range.start.line < c3End)),
            `no mixed-protocol warning names or points at c3:\n${describeDiagnostics(mixed)}`
        );
    });

    it('warns heartbeat-ratio when the heartbeat is not below a third of the session timeout', async () => {
        // fixtures/heartbeat-ratio.rebal: heartbeat 12s >= 30s / 3 = 10s.
        const uri = repoFile('test', 'e2e', 'fixtures', 'heartbeat-ratio.rebal');
        const editor = await openRebal(uri);
        const diags = await waitForDiagnostics(uri, hasCode('heartbeat-ratio'), 'a heartbeat-ratio warning');
        const warning = diags.find((d) => codeOf(d) === 'heartbeat-ratio')!;
        assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
        assert.equal(warning.range.start.line, positionOf(editor.document, 'heartbeat.interval.ms =').line);
    });

    it('shows the documentation of a Kafka property on hover over its key', async () => {
        const uri = repoFile('test', 'e2e', 'fixtures', 'heartbeat-ratio.rebal');
        const editor = await openRebal(uri);
        await waitForDiagnostics(uri, hasCode('heartbeat-ratio'), 'the document to be checked');
        // Hover in the middle of the key, on "timeout".
        const at = positionOf(editor.document, 'session.timeout.ms =').translate(0, 'session.ti'.length);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
        const text = hoverText(hovers ?? []);
        assert.match(text, /session\.timeout\.ms/, `hover does not name the key:\n${text}`);
        // The hover carries the catalog's documentation; compare its first sentence, with
        // whitespace and markdown code ticks evened out.
        const doc = propertyInfo('session.timeout.ms')?.doc;
        assert.ok(doc, 'session.timeout.ms is missing from the property catalog');
        const flat = (s: string) => s.replace(/`/g, '').replace(/\s+/g, ' ');
        const firstSentence = flat(doc.split(/(?<=\.)\s/)[0]!);
        assert.ok(flat(text).includes(firstSentence), `hover lacks "${firstSentence}":\n${text}`);
    });

    it('completes Kafka consumer property names inside a group block', async () => {
        const uri = repoFile('test', 'e2e', 'fixtures', 'completion.rebal');
        const editor = await openRebal(uri);
        await waitForDiagnostics(uri, () => true, 'the document to be opened');
        // The empty line right after `subscribe orders`, inside `group completing { … }`.
        const line = positionOf(editor.document, 'subscribe orders').line + 1;
        assert.equal(editor.document.lineAt(line).text.trim(), '', 'the fixture lost its empty line');
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 0));
        const labels = new Set(list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)));
        // Every classic-protocol Kafka client property that may be written on a group (the
        // catalog's scope table) must be offered there.
        const expected = propertiesInScope('group')
            .filter((p) => p.origin === 'kafka-client' && p.protocol !== 'consumer')
            .map((p) => p.key);
        assert.ok(expected.includes('session.timeout.ms') && expected.includes('max.poll.interval.ms'), 'catalog scope changed');
        const missing = expected.filter((key) => !labels.has(key));
        assert.deepEqual(missing, [], `not offered in a group block: ${missing.join(', ')}\noffered: ${[...labels].join(', ')}`);
    });

    it('quick-fixes heartbeat-ratio by setting the heartbeat below a third of the session timeout', async () => {
        const uri = repoFile('test', 'e2e', 'fixtures', 'heartbeat-ratio.rebal');
        const editor = await openRebal(uri);
        const diags = await waitForDiagnostics(uri, hasCode('heartbeat-ratio'), 'a heartbeat-ratio warning');
        const warning = diags.find((d) => codeOf(d) === 'heartbeat-ratio')!;

        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
            'vscode.executeCodeActionProvider', uri, warning.range, vscode.CodeActionKind.QuickFix.value);
        const fix = (actions ?? []).find(
            (a): a is vscode.CodeAction => 'kind' in a && /^Set heartbeat\.interval\.ms to \S+ \(below a third of the session timeout\)/.test(a.title));
        assert.ok(fix, `no such quick fix; offered: ${(actions ?? []).map((a) => a.title).join(' | ') || '(none)'}`);
        if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the workspace refused the edit');
        if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

        // session.timeout.ms = 30s, a third is 10s; the warning fires at heartbeat >= 10s, so
        // the fix picks the largest whole number of seconds strictly below it: 9s (9 000 ms),
        // the value its title announces, whichever way the edit writes it.
        const line = editor.document.lineAt(positionOf(editor.document, 'heartbeat.interval.ms =').line).text;
        const value = /heartbeat\.interval\.ms\s*=\s*(\S+)/.exec(line)?.[1] ?? '';
        const ms = /^\d+$/.test(value) ? Number(value) : parseDuration(value);
        assert.equal(ms, 9_000, `after the fix the line reads "${line.trim()}"`);
        assert.ok(fix.title.includes(` to ${value} `), `the title "${fix.title}" announces another value than ${value}`);
        // And the warning it fixed is gone once the server rechecks the edited text.
        await waitForDiagnostics(uri, (d) => !hasCode('heartbeat-ratio')(d), 'the heartbeat-ratio warning to clear');
    });
});
