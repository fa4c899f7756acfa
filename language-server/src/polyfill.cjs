/*
 * Langium 4 (through chevrotain) calls `Object.groupBy`, which Node 20 lacks. VS Code's own
 * extension host has it; the CLI, langium-cli and the tests on Node 20 do not. Load this
 * first (`import './polyfill.cjs'`, `node -r ./language-server/src/polyfill.cjs`). It only
 * fills what is missing, with the ES2024 semantics.
 */
'use strict';

function groupInto(items, key, add) {
    let index = 0;
    for (const item of items) add(key(item, index++), item);
}

if (typeof Object.groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value(items, key) {
            const groups = Object.create(null);
            groupInto(items, key, (k, item) => (groups[k] ??= []).push(item));
            return groups;
        }
    });
}

if (typeof Map.groupBy !== 'function') {
    Object.defineProperty(Map, 'groupBy', {
        configurable: true,
        writable: true,
        value(items, key) {
            const groups = new Map();
            groupInto(items, key, (k, item) => {
                const group = groups.get(k);
                if (group) group.push(item);
                else groups.set(k, [item]);
            });
            return groups;
        }
    });
}
