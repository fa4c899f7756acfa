/**
 * Inlay hints where a computed value helps reading the file:
 * - a bare number on a `.ms` key is milliseconds: `45000` shows `= 45s`;
 * - `key = unset` shows the default that then applies: `session.timeout.ms = unset` shows `= 45s`;
 * - after `heartbeat.interval.ms`, the bound Kafka recommends: a third of the session timeout
 *   that applies there (the member's, the set's, the group's or the cluster's);
 * - after `consumers worker[1..6]`, the members it declares: `worker1 … worker6`;
 * - after a `{i}` template in a set, the ids it produces: `"w-1" … "w-6"`.
 */
import { AstUtils, GrammarUtils, type AstNode, type LangiumDocuments } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor, type LangiumServices } from 'langium/lsp';
import { InlayHintKind, type Position } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { PROPERTIES } from '../model/properties.js';
import { formatDuration, parseCount } from '../model/units.js';
import { formatPropertyValue, setMemberNames, unsetMeaning, unsetPlace } from './rebal-hover.js';
import { isUnset } from './values.js';
import { clusterBlocks, clusterLayer, groupLayer } from './settings.js';
import { analyseGroup } from './validation/group-analysis.js';

function ellipsis(items: readonly string[]): string {
    if (items.length <= 3) return items.join(', ');
    return `${items[0]} … ${items[items.length - 1]}`;
}

export class RebalInlayHintProvider extends AbstractInlayHintProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super();
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (ast.isProperty(node)) this.propertyHints(node, acceptor);
        else if (ast.isConsumerSet(node)) this.setHint(node, acceptor);
    }

    private after(node: AstNode | undefined): Position | undefined {
        return node?.$cstNode?.range.end;
    }

    private propertyHints(property: ast.Property, acceptor: InlayHintAcceptor): void {
        const info = PROPERTIES.get(property.key);
        const value = property.value;
        if (!info || !value) return;
        const position = this.after(value);
        if (!position) return;
        if (info.type.kind === 'duration' && ast.isNumberValue(value) && !value.negative && property.key.endsWith('.ms')) {
            const ms = parseCount(value.value);
            if (ms !== undefined) acceptor({ position, label: `= ${formatDuration(ms)}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: 'A bare number on a `.ms` key is milliseconds, as in Kafka.' });
        }
        if (isUnset(value) && info.default !== null) {
            acceptor({ position, label: `= ${formatPropertyValue(info, info.default)}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: `unset: ${unsetMeaning(info, unsetPlace(property))}.` });
        }
        if (property.key === 'heartbeat.interval.ms') {
            const session = this.sessionTimeoutAt(property);
            if (session !== undefined) {
                acceptor({
                    position,
                    label: `≤ ${formatDuration(Math.floor(session / 3))} (⅓ of session ${formatDuration(session)})`,
                    kind: InlayHintKind.Parameter,
                    paddingLeft: true,
                    tooltip: 'Kafka recommends a heartbeat interval of at most a third of session.timeout.ms.'
                });
            }
        }
        const set = property.$container;
        if (ast.isConsumerSet(set) && ast.isStringValue(value) && (value.value ?? '').includes('{i}')) {
            const names = setMemberNames(set);
            const bounds = names.length;
            if (bounds > 0) {
                const first = Number(/\d+$/.exec(names[0])![0]);
                const last = Number(/\d+$/.exec(names[names.length - 1])![0]);
                const ids = [...new Set([first, first + 1, first + 2, last])].filter((i) => i <= last).map((i) => JSON.stringify(value.value.replaceAll('{i}', String(i))));
                acceptor({ position, label: ids.length <= 3 ? ids.join(', ') : `${ids[0]} … ${ids[ids.length - 1]}`, kind: InlayHintKind.Type, paddingLeft: true });
            }
        }
    }

    private setHint(set: ast.ConsumerSet, acceptor: InlayHintAcceptor): void {
        const close = set.$cstNode ? GrammarUtils.findNodeForKeyword(set.$cstNode, ']') : undefined;
        const names = setMemberNames(set);
        if (!close || names.length === 0) return;
        acceptor({ position: close.range.end, label: ellipsis(names), kind: InlayHintKind.Type, paddingLeft: true, tooltip: `${names.length} members` });
    }

    /** The session timeout in force where `property` is written. */
    private sessionTimeoutAt(property: ast.Property): number | undefined {
        const holder = property.$container;
        const fallback = PROPERTIES.get('session.timeout.ms')!.default as number;
        const read = (layer: ReadonlyMap<string, { value: unknown }>) => {
            const v = layer.get('session.timeout.ms')?.value;
            return typeof v === 'number' ? v : undefined;
        };
        if (ast.isCluster(holder)) {
            const root = AstUtils.getContainerOfType(holder, ast.isDocument)!;
            return read(clusterLayer(clusterBlocks(root, this.documents))) ?? fallback;
        }
        if (ast.isGroup(holder)) {
            const root = AstUtils.getContainerOfType(holder, ast.isDocument)!;
            return read(groupLayer(holder)) ?? read(clusterLayer(clusterBlocks(root, this.documents))) ?? fallback;
        }
        if (ast.isConsumer(holder) || ast.isConsumerSet(holder)) {
            const group = AstUtils.getContainerOfType(holder, ast.isGroup);
            if (!group) return undefined;
            const member = analyseGroup(group, this.documents).members.find((m) => m.member.node === holder);
            return member?.config.sessionTimeoutMs;
        }
        return undefined;
    }
}
