/**
 * Semantic highlighting, on top of the TextMate grammar: what only the server knows.
 * - property keys: `property`, with a modifier saying whose key it is — `kafka` (and the
 *   standard `defaultLibrary`, which themes colour), `simulation`, or `unknown` for a key the
 *   catalog does not have;
 * - durations, rates, counts: `number`; strings: `string`;
 * - names: topics `type`, groups `namespace`, scenarios `class`, members and sets `variable`
 *   (`declaration` where they are declared), so a reference that resolves looks like its
 *   declaration and one that does not stays plain;
 * - event kinds and statement words: `keyword`; expectation subjects: `function`; enum values,
 *   booleans, group states and Kafka error names: `enumMember`; `zipf(…)`: `function`;
 *   `unset` as a property's value (it takes the key away; it is no value of the key): `keyword`.
 */
import { type AstNode } from 'langium';
import { AbstractSemanticTokenProvider, AllSemanticTokenModifiers, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { PROPERTIES } from '../model/properties.js';
import { GROUP_STATES, KAFKA_ERRORS } from './rebal-hover.js';
import { isUnset } from './values.js';

/** Modifiers of our own, after the ten standard ones (bits 0–9). */
export const REBAL_MODIFIERS = { kafka: 1 << 10, simulation: 1 << 11, unknown: 1 << 12 } as const;

export class RebalSemanticTokenProvider extends AbstractSemanticTokenProvider {
    override get tokenModifiers(): Record<string, number> {
        return { ...AllSemanticTokenModifiers, ...REBAL_MODIFIERS };
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isProperty(node)) {
            const info = PROPERTIES.get(node.key);
            const modifier = !info ? ['unknown'] : info.origin === 'simulation' ? ['simulation'] : ['kafka', SemanticTokenModifiers.defaultLibrary];
            acceptor({ node, property: 'key', type: SemanticTokenTypes.property, modifier });
        } else if (ast.isNumberValue(node) || ast.isDurationValue(node) || ast.isRateValue(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
        } else if (ast.isStringValue(node) || ast.isImport(node)) {
            acceptor({ node, property: ast.isImport(node) ? 'path' : 'value', type: SemanticTokenTypes.string });
        } else if (ast.isNameValue(node)) {
            this.highlightNameValue(node, acceptor);
        } else if (ast.isCallValue(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function });
        } else if (ast.isTopic(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isGroup(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isScenario(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isConsumer(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isConsumerSet(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.declaration });
            acceptor({ node, property: 'from', type: SemanticTokenTypes.number });
            acceptor({ node, property: 'to', type: SemanticTokenTypes.number });
        } else if (ast.isSubscription(node) || ast.isSubscribeAction(node)) {
            node.topics.forEach((ref, index) => ref?.ref && acceptor({ node, property: 'topics', index, type: SemanticTokenTypes.type }));
            if (ast.isSubscribeAction(node)) acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
        } else if (ast.isAddPartitionsAction(node) || ast.isProduceAction(node)) {
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
            if (node.topic?.ref) acceptor({ node, property: 'topic', type: SemanticTokenTypes.type });
        } else if (ast.isAction(node)) {
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
        } else if (ast.isScenarioGroup(node)) {
            if (node.group?.ref) acceptor({ node, property: 'group', type: SemanticTokenTypes.namespace });
        } else if (ast.isMemberRef(node)) {
            if (node.member?.ref) acceptor({ node, property: 'member', type: SemanticTokenTypes.variable });
            if (node.from !== undefined) acceptor({ node, property: 'from', type: SemanticTokenTypes.number });
            if (node.to !== undefined) acceptor({ node, property: 'to', type: SemanticTokenTypes.number });
        } else if (ast.isGroupSubject(node) || ast.isMemberSubject(node) || ast.isTopicSubject(node) || ast.isPartitionSubject(node)) {
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.function });
            if ((ast.isTopicSubject(node) || ast.isPartitionSubject(node)) && node.topic?.ref) acceptor({ node, property: 'topic', type: SemanticTokenTypes.type });
            if (ast.isPartitionSubject(node)) acceptor({ node, property: 'partition', type: SemanticTokenTypes.number });
        } else if (ast.isEvent(node)) {
            acceptor({ node, keyword: 'at', type: SemanticTokenTypes.keyword });
        } else if (ast.isExpectation(node)) {
            acceptor({ node, keyword: 'expect', type: SemanticTokenTypes.keyword });
            if (node.at) acceptor({ node, keyword: 'at', type: SemanticTokenTypes.keyword });
            acceptor({ node, property: 'op', type: SemanticTokenTypes.operator });
        }
    }

    private highlightNameValue(node: ast.NameValue, acceptor: SemanticTokenAcceptor): void {
        const inExpectation = node.$container && (ast.isExpectation(node.$container) || ast.isListValue(node.$container));
        if (ast.isProperty(node.$container) && isUnset(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.keyword });
        } else if (node.index !== undefined) {
            // `orders[4]` in an expectation: a topic and a partition.
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type });
            acceptor({ node, property: 'index', type: SemanticTokenTypes.number });
        } else if (node.name === 'true' || node.name === 'false' || GROUP_STATES[node.name] || KAFKA_ERRORS[node.name] || node.name === 'none' || !inExpectation) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enumMember });
        } else {
            // A member named in an expectation (`owner orders[3] == c1`).
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable });
        }
    }
}
