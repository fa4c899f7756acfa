/**
 * Langium 4 (through chevrotain) calls `Object.groupBy`, which Node 20 lacks. VS Code's own
 * extension host has it; the CLI and the tests on Node 20 do not. Import this module first.
 * It only fills what is missing, with the ES2024 semantics.
 */
type KeyFn<T, K> = (item: T, index: number) => K;

const objectWithGroupBy = Object as unknown as {
    groupBy?: <T>(items: Iterable<T>, key: KeyFn<T, PropertyKey>) => Record<PropertyKey, T[]>;
};
if (typeof objectWithGroupBy.groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value<T>(items: Iterable<T>, key: KeyFn<T, PropertyKey>): Record<PropertyKey, T[]> {
            const groups: Record<PropertyKey, T[]> = Object.create(null);
            let index = 0;
            for (const item of items) {
                const k = key(item, index++);
                (groups[k] ??= []).push(item);
            }
            return groups;
        }
    });
}

const mapWithGroupBy = Map as unknown as {
    groupBy?: <T, K>(items: Iterable<T>, key: KeyFn<T, K>) => Map<K, T[]>;
};
if (typeof mapWithGroupBy.groupBy !== 'function') {
    Object.defineProperty(Map, 'groupBy', {
        configurable: true,
        writable: true,
        value<T, K>(items: Iterable<T>, key: KeyFn<T, K>): Map<K, T[]> {
            const groups = new Map<K, T[]>();
            let index = 0;
            for (const item of items) {
                const k = key(item, index++);
                const group = groups.get(k);
                if (group) group.push(item);
                else groups.set(k, [item]);
            }
            return groups;
        }
    });
}

export {};
