/**
 * Quick fixes: for each, the real checker reports the diagnostic, the real code action
 * provider (registered in the module) offers the fix, the edit is applied, and the result is
 * compared with the expected text and checked again: the diagnostic it fixed is gone.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { diagnosticCode } from '../../language-server/src/language/validation/diagnostic-shape.js';

const services = createRebalServices(EmptyFileSystem);
const parse = parseHelper(services.Rebal);

async function diagnosticsOf(text: string): Promise<{ document: Awaited<ReturnType<typeof parse>>; diagnostics: Diagnostic[] }> {
    const document = await parse(text, { validation: true });
    return { document, diagnostics: document.diagnostics ?? [] };
}

/** The fixes offered for the one diagnostic with `code`. */
async function actionsFor(text: string, code: string): Promise<{ actions: CodeAction[]; apply: (action: CodeAction) => string }> {
    const { document, diagnostics } = await diagnosticsOf(text);
    const matching = diagnostics.filter((d) => diagnosticCode(d) === code);
    expect(matching.map((d) => d.message), `one ${code} diagnostic`).toHaveLength(1);
    const provider = services.Rebal.lsp.CodeActionProvider!;
    const result = await provider.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri },
        range: matching[0].range,
        context: { diagnostics: matching }
    });
    const actions = (result ?? []) as CodeAction[];
    const apply = (action: CodeAction) => {
        const edits = action.edit?.changes?.[document.textDocument.uri] ?? [];
        return TextDocument.applyEdits(TextDocument.create('x.rebal', 'rebal', 0, text), edits);
    };
    return { actions, apply };
}

/** Applies the fix whose title matches (or the only one) and checks the result and that `code` is gone. */
async function fixed(text: string, code: string, title?: RegExp): Promise<string> {
    const { actions, apply } = await actionsFor(text, code);
    const chosen = title ? actions.filter((a) => title.test(a.title)) : actions;
    expect(chosen.map((a) => a.title), 'one matching fix').toHaveLength(1);
    const after = apply(chosen[0]);
    const { diagnostics } = await diagnosticsOf(after);
    expect(diagnostics.filter((d) => diagnosticCode(d) === code).map((d) => d.message), `${code} after the fix`).toEqual([]);
    return after;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('heartbeat fixes', () => {
    test('heartbeat-ratio on the heartbeat line: set it below a third', async () => {
        // 45s / 3 = 15s is not below a third; the fix writes the whole second below: 14s.
        const input = lines('group g {', '  session.timeout.ms = 45s', '  heartbeat.interval.ms = 20s', '  consumer c1', '}');
        expect(await fixed(input, 'heartbeat-ratio')).toBe(lines('group g {', '  session.timeout.ms = 45s', '  heartbeat.interval.ms = 14s', '  consumer c1', '}'));
    });

    test('heartbeat-ratio on the session line: insert the heartbeat in the same block', async () => {
        // 9s / 3 = 3s (the default heartbeat) → 2s, written after the session line.
        const input = lines('group g {', '  session.timeout.ms = 9s', '  consumer c1', '}');
        expect(await fixed(input, 'heartbeat-ratio')).toBe(lines('group g {', '  session.timeout.ms = 9s', '  heartbeat.interval.ms = 2s', '  consumer c1', '}'));
    });

    test('heartbeat-not-below-session in a member block', async () => {
        // 50s ≥ 45s (default session) → 14s.
        const input = lines('group g {', '  consumer c1 {', '    heartbeat.interval.ms = 50s', '  }', '}');
        expect(await fixed(input, 'heartbeat-not-below-session')).toBe(lines('group g {', '  consumer c1 {', '    heartbeat.interval.ms = 14s', '  }', '}'));
    });

    test('heartbeat-not-below-session caused by a deploy: the heartbeat goes into the one-line `with` block', async () => {
        // 8s session with the group's 8s heartbeat → 8s / 3 ≈ 2.67s → 2s.
        const input = lines('group g {', '  heartbeat.interval.ms = 8s', '  consumer c1', '}', 'scenario s {', '  at 0s start c1', '  at 1m restart c1 down 5s with { session.timeout.ms = 8s }', '}');
        expect(await fixed(input, 'heartbeat-not-below-session')).toBe(
            lines('group g {', '  heartbeat.interval.ms = 8s', '  consumer c1', '}', 'scenario s {', '  at 0s start c1', '  at 1m restart c1 down 5s with { session.timeout.ms = 8s  heartbeat.interval.ms = 2s }', '}')
        );
    });
});

describe('names and values', () => {
    test('unknown-property: the nearest name', async () => {
        expect(await fixed(lines('group g {', '  session.timeout = 45s', '  consumer c1', '}'), 'unknown-property')).toBe(lines('group g {', '  session.timeout.ms = 45s', '  consumer c1', '}'));
    });

    test('unresolved-reference: the closest name in reach', async () => {
        // `wroker` → `worker`: a swap, two edits, within floor(6 / 3) = 2; worker1, worker2 are three away, c1 further.
        const input = lines('group g {', '  consumer c1', '  consumers worker[1..2]', '}', 'scenario s {', '  at 0s start all', '  at 1m crash wroker', '}');
        expect(await fixed(input, 'unresolved-reference')).toBe(lines('group g {', '  consumer c1', '  consumers worker[1..2]', '}', 'scenario s {', '  at 0s start all', '  at 1m crash worker', '}'));
    });

    test('type-mismatch with a missing unit: one fix per unit', async () => {
        const input = lines('group g {', '  process.time.per.record = 5', '  consumer c1', '}');
        const { actions } = await actionsFor(input, 'type-mismatch');
        expect(actions.map((a) => a.title)).toEqual(['Write `5s`', 'Write `5ms`', 'Write `5m`']);
        expect(await fixed(input, 'type-mismatch', /5ms/)).toBe(lines('group g {', '  process.time.per.record = 5ms', '  consumer c1', '}'));
    });

    test('type-mismatch on a rate: add /s', async () => {
        expect(await fixed(lines('topic t { produce = 2000 }'), 'type-mismatch')).toBe(lines('topic t { produce = 2000/s }'));
    });

    test('type-mismatch on an enum or assignor typo: the nearest value', async () => {
        expect(await fixed(lines('group g {', '  group.protocol = clasic', '  consumer c1', '}'), 'type-mismatch')).toBe(lines('group g {', '  group.protocol = classic', '  consumer c1', '}'));
        expect(await fixed(lines('group g {', '  partition.assignment.strategy = [cooperative-stiky]', '  consumer c1', '}'), 'type-mismatch')).toBe(
            lines('group g {', '  partition.assignment.strategy = [cooperative-sticky]', '  consumer c1', '}')
        );
    });

    test('unit-assumed: write the normalised value', async () => {
        expect(await fixed(lines('group g {', '  session.timeout.ms = 45000', '  consumer c1', '}'), 'unit-assumed')).toBe(lines('group g {', '  session.timeout.ms = 45s', '  consumer c1', '}'));
    });
});

describe('protocol fixes', () => {
    test('mixed-protocol on a member mid-upgrade: drop the eager assignors', async () => {
        const input = lines('group g {', '  partition.assignment.strategy = [cooperative-sticky]', '  consumer c1', '  consumer c3 { partition.assignment.strategy = [cooperative-sticky, range] }', '}');
        const { actions } = await actionsFor(input, 'mixed-protocol');
        expect(actions.map((a) => a.title)).toEqual(['Drop range to finish the upgrade to cooperative rebalancing']);
        expect(await fixed(input, 'mixed-protocol')).toBe(lines('group g {', '  partition.assignment.strategy = [cooperative-sticky]', '  consumer c1', '  consumer c3 { partition.assignment.strategy = [cooperative-sticky] }', '}'));
    });

    test('mixed-protocol on a member that lists no cooperative assignor: no fix (a one-bounce switch would break the group)', async () => {
        const input = lines('group g {', '  consumer c1 { partition.assignment.strategy = [cooperative-sticky, range] }', '  consumer c2 { partition.assignment.strategy = [range] }', '  consumer c3 { partition.assignment.strategy = [cooperative-sticky] }', '}');
        const { document, diagnostics } = await diagnosticsOf(input);
        const onC2 = diagnostics.filter((d) => diagnosticCode(d) === 'mixed-protocol' && d.range.start.line === 2);
        expect(onC2).toHaveLength(1);
        const actions = await services.Rebal.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.textDocument.uri }, range: onC2[0].range, context: { diagnostics: onC2 } });
        expect(actions).toEqual([]);
    });

    test('session-timeout-range: clamp into the broker bounds', async () => {
        expect(await fixed(lines('group g {', '  heartbeat.interval.ms = 1s', '  session.timeout.ms = 5s', '  consumer c1', '}'), 'session-timeout-range')).toBe(
            lines('group g {', '  heartbeat.interval.ms = 1s', '  session.timeout.ms = 6s', '  consumer c1', '}')
        );
        expect(await fixed(lines('group g {', '  session.timeout.ms = 31m', '  consumer c1', '}'), 'session-timeout-range')).toBe(lines('group g {', '  session.timeout.ms = 30m', '  consumer c1', '}'));
    });

    test('session-timeout-range on a member that writes no session timeout: give it one', async () => {
        expect(await fixed(lines('cluster { group.min.session.timeout.ms = 1m }', 'group g {', '  consumer c1', '}'), 'session-timeout-range')).toBe(
            lines('cluster { group.min.session.timeout.ms = 1m }', 'group g {', '  consumer c1 { session.timeout.ms = 1m }', '}')
        );
    });

    test('consumer-protocol-setting: the assignor list becomes group.remote.assignor', async () => {
        const input = lines('group g {', '  group.protocol = consumer', '  partition.assignment.strategy = [cooperative-sticky]', '  consumer c1', '}');
        expect(await fixed(input, 'consumer-protocol-setting', /Replace/)).toBe(lines('group g {', '  group.protocol = consumer', '  group.remote.assignor = uniform', '  consumer c1', '}'));
    });

    test('consumer-protocol-setting: session and heartbeat lines are removed', async () => {
        expect(await fixed(lines('group g {', '  group.protocol = consumer', '  session.timeout.ms = 45s', '  consumer c1', '}'), 'consumer-protocol-setting')).toBe(
            lines('group g {', '  group.protocol = consumer', '  consumer c1', '}')
        );
        expect(await fixed(lines('group g {', '  consumer c1 { group.protocol = consumer  heartbeat.interval.ms = 5s }', '}'), 'consumer-protocol-setting')).toBe(
            lines('group g {', '  consumer c1 { group.protocol = consumer }', '}')
        );
    });

    test('consumer-protocol-setting: group.remote.assignor on a classic member is removed', async () => {
        expect(await fixed(lines('group g {', '  consumer c1 {', '    group.remote.assignor = uniform', '  }', '}'), 'consumer-protocol-setting')).toBe(lines('group g {', '  consumer c1 {', '  }', '}'));
    });
});

describe('static membership fixes', () => {
    test('duplicate-instance-id in a set: add -{i}', async () => {
        expect(await fixed(lines('group g {', '  consumers w[1..3] { group.instance.id = "w" }', '}'), 'duplicate-instance-id')).toBe(lines('group g {', '  consumers w[1..3] { group.instance.id = "w-{i}" }', '}'));
    });

    test('static-restart-exceeds-session: raise the session timeout on the group', async () => {
        // down 1m + heartbeat 3s = 63s → the next whole 5s above it: 65s = 1m5s.
        const input = lines('group g {', '  consumer c1 { group.instance.id = "c1" }', '}', 'scenario s {', '  at 0s start c1', '  at 1m restart c1 down 1m', '}');
        expect(await fixed(input, 'static-restart-exceeds-session')).toBe(
            lines('group g {', '  session.timeout.ms = 1m5s', '  consumer c1 { group.instance.id = "c1" }', '}', 'scenario s {', '  at 0s start c1', '  at 1m restart c1 down 1m', '}')
        );
    });

    test('static-restart-exceeds-session: raise it where it governs, here an earlier deploy', async () => {
        // down 50s + heartbeat 3s = 53s → 55s.
        const input = lines(
            'group g {',
            '  session.timeout.ms = 2m',
            '  consumer c1 { group.instance.id = "c1" }',
            '}',
            'scenario s {',
            '  at 0s start c1',
            '  at 1m restart c1 down 5s with { session.timeout.ms = 30s }',
            '  at 3m restart c1 down 50s',
            '}'
        );
        expect(await fixed(input, 'static-restart-exceeds-session')).toBe(input.replace('with { session.timeout.ms = 30s }', 'with { session.timeout.ms = 55s }'));
    });
});

describe('fixes around `key = unset`', () => {
    test('consumer-protocol-setting on a deploy that keeps the group\'s classic settings: unset them in its `with` block', async () => {
        const input = lines(
            'group g {',
            '  session.timeout.ms = 30s',
            '  partition.assignment.strategy = [cooperative-sticky]',
            '  consumer c1',
            '}',
            'scenario s {',
            '  at 0s start c1',
            '  at 1m restart c1 down 5s with { group.protocol = consumer }',
            '}'
        );
        expect(await fixed(input, 'consumer-protocol-setting')).toBe(
            input.replace('with { group.protocol = consumer }', 'with { group.protocol = consumer  partition.assignment.strategy = unset  session.timeout.ms = unset }')
        );
    });

    test('consumer-protocol-setting on a group line a classic member needs: unset it for the consumer-protocol member, keep it', async () => {
        const input = lines('group g {', '  session.timeout.ms = 30s', '  consumer c1', '  consumer c2 { group.protocol = consumer }', '}');
        const { actions } = await actionsFor(input, 'consumer-protocol-setting');
        // Deleting the line would change c1 (classic) too: not offered.
        expect(actions.map((a) => a.title)).toEqual(['Unset `session.timeout.ms` for c2 (the group keeps it for the others)']);
        expect(await fixed(input, 'consumer-protocol-setting')).toBe(lines('group g {', '  session.timeout.ms = 30s', '  consumer c1', '  consumer c2 { group.protocol = consumer  session.timeout.ms = unset }', '}'));
    });

    test('static-restart-exceeds-session where an `unset` line decided the session: raise it on that line', async () => {
        // c1 unsets the group's 2m and runs Kafka's 45s; down 50s + heartbeat 3s = 53s → 55s.
        const input = lines('group g {', '  session.timeout.ms = 2m', '  consumer c1 { group.instance.id = "c1"  session.timeout.ms = unset }', '}', 'scenario s {', '  at 0s start c1', '  at 1m restart c1 down 50s', '}');
        expect(await fixed(input, 'static-restart-exceeds-session')).toBe(input.replace('session.timeout.ms = unset', 'session.timeout.ms = 55s'));
    });

    test('mixed-protocol on a member that unsets its assignors: it runs Kafka\'s default, and the fix writes the cooperative part of it', async () => {
        const input = lines('group g {', '  partition.assignment.strategy = [cooperative-sticky]', '  consumer c1', '  consumer c2 { partition.assignment.strategy = unset }', '}');
        expect(await fixed(input, 'mixed-protocol')).toBe(input.replace('partition.assignment.strategy = unset', 'partition.assignment.strategy = [cooperative-sticky]'));
    });

    test('session-timeout-range on an unset session line: Kafka\'s 45s is above the broker\'s maximum, so the line gets the maximum', async () => {
        // group.max.session.timeout.ms = 30s; c1 unsets the group's 20s and would run with 45s: clamped to 30s on c1's line.
        const input = lines('cluster { group.max.session.timeout.ms = 30s }', 'group g {', '  session.timeout.ms = 20s', '  consumer c1 { session.timeout.ms = unset }', '}');
        expect(await fixed(input, 'session-timeout-range')).toBe(input.replace('session.timeout.ms = unset', 'session.timeout.ms = 30s'));
    });

    test('heartbeat-ratio on an unset session line: the heartbeat goes into the same member block', async () => {
        // c2: Kafka's 45s session with the group's 15s heartbeat; 45s / 3 = 15s → 14s.
        const input = lines('group g {', '  session.timeout.ms = 1m', '  heartbeat.interval.ms = 15s', '  consumer c1', '  consumer c2 { session.timeout.ms = unset }', '}');
        expect(await fixed(input, 'heartbeat-ratio')).toBe(input.replace('{ session.timeout.ms = unset }', '{ session.timeout.ms = unset  heartbeat.interval.ms = 14s }'));
    });
});
