/**
 * Checks of single `key = value` lines: is the key a Kafka or simulation property, is it
 * valid where it is written, and does its value have the right type, unit and range.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { nearestPropertyKey, PROPERTIES } from '../../model/properties.js';
import { propertyScope } from '../settings.js';
import { readPropertyValue } from '../values.js';
import { Codes } from './codes.js';

const SCOPE_NAMES: Record<string, string> = {
    cluster: 'the `cluster` block',
    topic: 'a `topic` block',
    group: 'a `group` block',
    member: 'a consumer',
    scenario: 'a `scenario`'
};

export function checkProperty(property: ast.Property, accept: ValidationAcceptor): void {
    const key = property.key;
    if (!key) return;
    const scope = propertyScope(property);
    const info = PROPERTIES.get(key);
    if (!info) {
        const suggestion = nearestPropertyKey(key, scope) ?? nearestPropertyKey(key);
        accept('warning', `\`${key}\` is not a Kafka consumer, broker or simulation property; it is ignored.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`, {
            node: property,
            property: 'key',
            code: Codes.unknownProperty,
            data: suggestion ? { code: Codes.unknownProperty, replaceWith: suggestion } : { code: Codes.unknownProperty }
        });
        return;
    }
    if (scope && !info.scopes.includes(scope)) {
        const where = info.scopes.map((s) => SCOPE_NAMES[s]).join(' or ');
        accept('warning', `\`${key}\` does not belong in ${SCOPE_NAMES[scope]}: it is set in ${where}. Here it is ignored.`, {
            node: property,
            property: 'key',
            code: Codes.misplacedProperty
        });
    }
    if (!property.value) return;
    const read = readPropertyValue(info, property.value);
    for (const problem of read.problems) {
        const severity = problem.code === 'unit-assumed' ? 'info' : 'error';
        accept(severity, problem.message, { node: problem.node, code: problem.code, data: { code: problem.code, ...problem.data } });
    }
}

/** The same key twice in one block: the last one wins, as in a .properties file. */
export function checkDuplicateKeys(properties: readonly ast.Property[], accept: ValidationAcceptor): void {
    const seen = new Map<string, ast.Property>();
    for (const property of properties) {
        const earlier = seen.get(property.key);
        if (earlier) {
            accept('warning', `\`${property.key}\` is set twice in this block; the later value wins.`, {
                node: earlier,
                property: 'key',
                code: Codes.duplicateProperty,
                tags: [1]
            });
        }
        seen.set(property.key, property);
    }
}
