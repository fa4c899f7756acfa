/**
 * Written settings with their origin: which `key = value` line gives a member its value.
 * Layers go cluster → group → member (→ `with` in a scenario); the last one that writes a key
 * wins, and Kafka's default applies when none does. `key = unset` writes the key away: the
 * default applies whatever lower layers wrote, and the key counts as not written (the line is
 * still the one that decided the value). Used by the checker (to underline the line
 * responsible) and the model builder (to resolve configs).
 */
import { AstUtils, type LangiumDocuments } from 'langium';
import * as ast from './generated/ast.js';
import { PROPERTIES, type PropertyScope, type PropertyValue } from '../model/properties.js';
import type { SettingsLayer } from '../model/config.js';
import { importClosure } from './imports.js';
import { readPropertyValue } from './values.js';
import type { DeclaredMember } from './members.js';

export interface WrittenSetting {
    /** The value this line gives; for an `unset` line, the catalog's default. */
    readonly value: PropertyValue;
    readonly property: ast.Property;
    /** `key = unset`: the line takes the key away rather than setting it. */
    readonly unset: boolean;
}

export type WrittenLayer = Map<string, WrittenSetting>;

/** Where a property is written decides which keys are valid there. */
export function propertyScope(property: ast.Property): PropertyScope | undefined {
    const container = property.$container;
    if (ast.isCluster(container)) return 'cluster';
    if (ast.isTopic(container)) return 'topic';
    if (ast.isGroup(container)) return 'group';
    if (ast.isConsumer(container) || ast.isConsumerSet(container) || ast.isWithBlock(container) || ast.isSlowAction(container)) return 'member';
    if (ast.isScenario(container)) return 'scenario';
    return undefined;
}

/** The readable settings among `properties` (unknown keys and unreadable values are left out). */
export function readLayer(properties: Iterable<ast.Property>): WrittenLayer {
    const layer: WrittenLayer = new Map();
    for (const property of properties) {
        const info = PROPERTIES.get(property.key);
        if (!info || !property.value) continue;
        const read = readPropertyValue(info, property.value);
        if (read.value === undefined) continue;
        layer.set(property.key, { value: read.value, property, unset: read.unset === true });
    }
    return layer;
}

/** An `unset` line becomes the catalog's default, which hides whatever lower layers wrote. */
export function toSettingsLayer(layer: WrittenLayer): SettingsLayer {
    return new Map([...layer].map(([key, setting]) => [key, setting.value]));
}

/**
 * The innermost line that writes `key`, an `unset` line included: the line that decided the
 * value in force (for an `unset` line, Kafka's default). For pointing at "the line responsible".
 */
export function decidingLine(layers: readonly WrittenLayer[], key: string): WrittenSetting | undefined {
    for (let i = layers.length - 1; i >= 0; i--) {
        const setting = layers[i].get(key);
        if (setting) return setting;
    }
    return undefined;
}

/**
 * The line that sets `key` to the value in force, or undefined when none does: nothing writes
 * it, or the innermost line is `unset`. For rules that ask "is it set?" (Kafka refusing a key
 * under one protocol asks exactly that).
 */
export function writtenIn(layers: readonly WrittenLayer[], key: string): WrittenSetting | undefined {
    const deciding = decidingLine(layers, key);
    return deciding?.unset ? undefined : deciding;
}

/** The setting `layer` gives `key` if it sets a value (not `unset`). */
export function setIn(layer: WrittenLayer, key: string): WrittenSetting | undefined {
    const setting = layer.get(key);
    return setting?.unset ? undefined : setting;
}

/** Every `cluster { … }` block a document sees: those of its imports first, then its own. */
export function clusterBlocks(node: ast.Document, documents: LangiumDocuments): ast.Cluster[] {
    const document = AstUtils.getDocument(node);
    const own = document.uri.toString();
    const blocks: ast.Cluster[] = [];
    for (const uri of importClosure(document, documents)) {
        if (uri === own) continue;
        const root = documents.all.find((d) => d.uri.toString() === uri)?.parseResult.value;
        if (ast.isDocument(root)) blocks.push(...root.elements.filter(ast.isCluster));
    }
    blocks.push(...node.elements.filter(ast.isCluster));
    return blocks;
}

export function clusterLayer(clusters: readonly ast.Cluster[]): WrittenLayer {
    return readLayer(clusters.flatMap((c) => c.properties));
}

export function groupLayer(group: ast.Group): WrittenLayer {
    return readLayer(group.items.filter(ast.isProperty));
}

export function memberLayer(member: DeclaredMember): WrittenLayer {
    return readLayer(member.node.properties);
}

/** The group's subscription: the union of its `subscribe` lines, in order. */
export function groupSubscription(group: ast.Group): string[] {
    const topics: string[] = [];
    for (const item of group.items) {
        if (!ast.isSubscription(item)) continue;
        for (const ref of item.topics) {
            const name = ref.ref?.name ?? ref.$refText;
            if (name && !topics.includes(name)) topics.push(name);
        }
    }
    return topics;
}
