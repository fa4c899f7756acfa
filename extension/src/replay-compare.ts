/**
 * Choosing what to compare with: another scenario of the same file, or the same scenario with
 * one group setting changed (the server applies it as `override`, written as in the language).
 */
import * as vscode from 'vscode';
import type { TraceSource } from './messages.js';
import type { ReplayServer } from './replay-server.js';

/** Settings people compare most, with values worth trying. */
export const COMPARE_SETTINGS: readonly { key: string; values: readonly string[]; what: string }[] = [
    { key: 'partition.assignment.strategy', values: ['[cooperative-sticky]', '[range]', '[roundrobin]', '[sticky]', '[cooperative-sticky, range]'], what: 'eager vs cooperative, sticky vs not' },
    { key: 'session.timeout.ms', values: ['10s', '45s', '2m'], what: 'how fast a dead member is noticed' },
    { key: 'heartbeat.interval.ms', values: ['1s', '3s'], what: 'how fast members hear of a rebalance' },
    { key: 'max.poll.interval.ms', values: ['30s', '5m'], what: 'how long a poll loop may stall' },
    { key: 'max.poll.records', values: ['50', '500'], what: 'work per poll' },
    { key: 'group.protocol', values: ['classic', 'consumer'], what: 'classic vs KIP-848' },
    { key: 'enable.auto.commit', values: ['true', 'false'], what: 'commit policy' }
];

export async function pickComparison(server: ReplayServer, primary: TraceSource): Promise<TraceSource | undefined> {
    const scenarios = await server.scenarios(primary.uri);
    type Item = vscode.QuickPickItem & { scenario?: string; setting?: boolean };
    const items: Item[] = [
        ...scenarios.filter((s) => s.name !== primary.scenario).map((s) => ({ label: s.name, description: `group ${s.group} · line ${s.line}`, scenario: s.name })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: `${primary.scenario} with a different setting…`, description: 'same timeline, one group setting changed', setting: true }
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Compare ${primary.scenario} with…`, placeHolder: 'a scenario of this file, or the same one with another setting' });
    if (!picked) return undefined;
    if (picked.scenario) return { uri: primary.uri, scenario: picked.scenario };
    const keyItems = [...COMPARE_SETTINGS.map((s) => ({ label: s.key, description: s.what })), { label: 'Other setting…', description: 'type its key' }];
    const keyPick = await vscode.window.showQuickPick(keyItems, { title: 'Which group setting?' });
    if (!keyPick) return undefined;
    const key = keyPick.label === 'Other setting…' ? await vscode.window.showInputBox({ title: 'Setting key', placeHolder: 'e.g. max.poll.interval.ms' }) : keyPick.label;
    if (!key) return undefined;
    const known = COMPARE_SETTINGS.find((s) => s.key === key);
    let value: string | undefined;
    if (known) {
        const v = await vscode.window.showQuickPick([...known.values, 'Other value…'], { title: `${key} =` });
        value = v === 'Other value…' ? await vscode.window.showInputBox({ title: `${key} =`, placeHolder: 'as written in a .rebal file' }) : v;
    } else value = await vscode.window.showInputBox({ title: `${key} =`, placeHolder: 'as written in a .rebal file' });
    if (!value) return undefined;
    return { uri: primary.uri, scenario: primary.scenario, override: { key: key.trim(), value: value.trim() } };
}
