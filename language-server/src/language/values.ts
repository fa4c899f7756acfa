/**
 * Typing written values against the property catalog. One function reads a value for a key
 * and says what is wrong with it; the validator reports the problems and the model builder
 * uses the value, so the checker and the simulator can never disagree on what a value means.
 */
import type { AstNode } from 'langium';
import * as ast from './generated/ast.js';
import { parseCount, parseDuration, parseRate, formatDuration } from '../model/units.js';
import { ASSIGNOR_CLASS_NAMES, editDistance, type PropertyInfo, type PropertyType, type PropertyValue } from '../model/properties.js';

export type ValueProblemCode = 'type-mismatch' | 'negative-value' | 'unit-assumed' | 'out-of-range';

export interface ValueProblem {
    readonly code: ValueProblemCode;
    readonly message: string;
    /** The node to underline (a list item, or the whole value). */
    readonly node: AstNode;
    /** Data for quick fixes. */
    readonly data?: Record<string, unknown>;
}

export interface TypedValue {
    /** Undefined when the value could not be read. For `key = unset`, the catalog's default. */
    readonly value: PropertyValue | undefined;
    readonly problems: ValueProblem[];
    /** `key = unset`: the line takes the key away (language.md, "Unsetting a setting"). */
    readonly unset?: boolean;
}

/** The word that takes a key away: `session.timeout.ms = unset`. Quoted (`"unset"`), it is a plain string. */
export const UNSET = 'unset';

/**
 * `key = unset`: the block does not set the key at all, whatever lower layers wrote: Kafka's
 * default applies, and the key counts as not written. A bare word, so that a quoted
 * `client.rack = "unset"` can still mean the string.
 */
export function isUnset(value: ast.Value | undefined): value is ast.NameValue {
    return ast.isNameValue(value) && value.index === undefined && value.name === UNSET;
}

export function describeType(type: PropertyType): string {
    switch (type.kind) {
        case 'duration':
            return 'a duration (e.g. `45s`, `250ms`, `1m30s`)';
        case 'count':
            return 'a whole number (e.g. `500`, `10k`)';
        case 'rate':
            return 'a rate (e.g. `2000/s`, `1.2k/s`)';
        case 'boolean':
            return '`true` or `false`';
        case 'string':
            return 'a string (e.g. `"orders-1"`)';
        case 'enum':
            return `one of ${type.values.map((v) => '`' + v + '`').join(', ')}`;
        case 'enum-list':
            return `a list of ${type.values.map((v) => '`' + v + '`').join(', ')} (e.g. \`[${type.values[0]}]\`)`;
        case 'skew':
            return '`uniform` or `zipf(s)` (e.g. `zipf(1.1)`)';
    }
}

function valueKindName(value: ast.Value): string {
    if (ast.isDurationValue(value)) return 'a duration';
    if (ast.isRateValue(value)) return 'a rate';
    if (ast.isNumberValue(value)) return 'a number';
    if (ast.isStringValue(value)) return 'a string';
    if (ast.isListValue(value)) return 'a list';
    if (ast.isCallValue(value)) return `\`${value.name}(…)\``;
    return `\`${value.name}\``;
}

function nearest(word: string, options: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const option of options) {
        const d = editDistance(word.toLowerCase(), option.toLowerCase());
        if (d < bestDistance) {
            bestDistance = d;
            best = option;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The number a numeric literal denotes, before units (NaN when not numeric). */
export function numericText(value: ast.NumberValue | ast.DurationValue | ast.RateValue): string {
    return value.value;
}

/**
 * Reads a duration written anywhere (a property, `at`, `down`, `every`, `for`, `duration`).
 * `bareIsMs`: a bare number means milliseconds (Kafka's `.ms` keys) — reported as `unit-assumed`.
 */
export function readDuration(value: ast.Value, bareIsMs: boolean, what: string): TypedValue {
    if (ast.isDurationValue(value)) {
        const ms = parseDuration(value.value);
        if (ms === undefined) return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what}: \`${value.value}\` is not a duration.`, node: value }] };
        if (value.negative) return { value: -ms, problems: [{ code: 'negative-value', message: `${what} cannot be negative.`, node: value }] };
        return { value: ms, problems: [] };
    }
    if (ast.isNumberValue(value)) {
        const n = parseCount(value.value) ?? NaN;
        if (value.negative) return { value: -n, problems: [{ code: 'negative-value', message: `${what} cannot be negative.`, node: value }] };
        if (bareIsMs) {
            return {
                value: n,
                problems: [
                    {
                        code: 'unit-assumed',
                        message: `A bare number on a \`.ms\` key is milliseconds, as in Kafka: ${value.value} = ${formatDuration(n)}.`,
                        node: value,
                        data: { ms: n, normalised: formatDuration(n) }
                    }
                ]
            };
        }
        if (n === 0) return { value: 0, problems: [] };
        return {
            value: undefined,
            problems: [
                {
                    code: 'type-mismatch',
                    message: `${what} needs a unit: \`${value.value}ms\`, \`${value.value}s\`, \`${value.value}m\`…`,
                    node: value,
                    data: { addUnit: ['s', 'ms', 'm'], text: value.value }
                }
            ]
        };
    }
    return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what} must be a duration (e.g. \`45s\`), not ${valueKindName(value)}.`, node: value }] };
}

function checkRange(info: PropertyInfo, n: number, node: AstNode, shown: string): ValueProblem[] {
    if (info.min !== undefined && n < info.min) {
        return [{ code: 'out-of-range', message: `\`${info.key}\` must be at least ${info.type.kind === 'duration' ? formatDuration(info.min) : info.min}; ${shown} is not accepted by Kafka.`, node }];
    }
    if (info.max !== undefined && n > info.max) {
        return [{ code: 'out-of-range', message: `\`${info.key}\` must be at most ${info.max}; ${shown} is not accepted by Kafka.`, node }];
    }
    return [];
}

function readEnumWord(word: string, node: AstNode, info: PropertyInfo, allowed: readonly string[]): { value?: string; problems: ValueProblem[] } {
    const normalised = info.key === 'partition.assignment.strategy' ? ASSIGNOR_CLASS_NAMES[word] ?? word : word;
    if (allowed.includes(normalised)) return { value: normalised, problems: [] };
    const suggestion = nearest(word, allowed);
    return {
        problems: [
            {
                code: 'type-mismatch',
                message: `\`${word}\` is not a value of \`${info.key}\`: expected ${allowed.map((v) => '`' + v + '`').join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
                node,
                data: suggestion ? { replaceWith: suggestion } : undefined
            }
        ]
    };
}

/**
 * Reads `value` as the value of the catalog property `info`. A value with an error (wrong
 * type, negative, out of range) reads as no value: Kafka would refuse it, so the checks that
 * combine settings and the simulator fall back to the default instead of reasoning about a
 * number the user is told to fix (one error, not a cascade of consequences).
 */
export function readPropertyValue(info: PropertyInfo, value: ast.Value): TypedValue {
    // Every key can be taken away; what applies then is the catalog's default.
    if (isUnset(value)) return { value: info.default, problems: [], unset: true };
    const read = readTypedPropertyValue(info, value);
    return read.problems.some((p) => p.code !== 'unit-assumed') ? { value: undefined, problems: read.problems } : read;
}

function readTypedPropertyValue(info: PropertyInfo, value: ast.Value): TypedValue {
    const type = info.type;
    const mismatch = (): TypedValue => ({
        value: undefined,
        problems: [{ code: 'type-mismatch', message: `\`${info.key}\` expects ${describeType(type)}, not ${valueKindName(value)}.`, node: value }]
    });
    switch (type.kind) {
        case 'duration': {
            const read = readDuration(value, info.key.endsWith('.ms'), `\`${info.key}\``);
            if (typeof read.value === 'number' && read.problems.every((p) => p.code === 'unit-assumed')) {
                return { value: read.value, problems: [...read.problems, ...checkRange(info, read.value, value, formatDuration(read.value))] };
            }
            return read;
        }
        case 'count': {
            if (!ast.isNumberValue(value)) return mismatch();
            const n = parseCount(value.value);
            if (n === undefined || !Number.isInteger(n)) {
                return { value: undefined, problems: [{ code: 'type-mismatch', message: `\`${info.key}\` expects a whole number, not \`${value.value}\`.`, node: value }] };
            }
            if (value.negative) return { value: -n, problems: [{ code: 'negative-value', message: `\`${info.key}\` cannot be negative.`, node: value }] };
            return { value: n, problems: checkRange(info, n, value, String(n)) };
        }
        case 'rate': {
            if (ast.isNumberValue(value)) {
                return {
                    value: undefined,
                    problems: [
                        {
                            code: 'type-mismatch',
                            message: `\`${info.key}\` expects a rate in records per second: \`${value.value}/s\`.`,
                            node: value,
                            data: { addUnit: ['/s'], text: value.value }
                        }
                    ]
                };
            }
            if (!ast.isRateValue(value)) return mismatch();
            const n = parseRate(value.value)!;
            if (value.negative) return { value: -n, problems: [{ code: 'negative-value', message: `\`${info.key}\` cannot be negative.`, node: value }] };
            return { value: n, problems: [] };
        }
        case 'boolean': {
            if (ast.isNameValue(value) && value.index === undefined && (value.name === 'true' || value.name === 'false')) {
                return { value: value.name === 'true', problems: [] };
            }
            return mismatch();
        }
        case 'string': {
            if (ast.isStringValue(value)) return { value: value.value, problems: [] };
            // `client.rack = us-east-1a`, as in a .properties file.
            if (ast.isNameValue(value) && value.index === undefined) return { value: value.name, problems: [] };
            return mismatch();
        }
        case 'enum': {
            const word = ast.isNameValue(value) && value.index === undefined ? value.name : ast.isStringValue(value) ? value.value : undefined;
            if (word === undefined) return mismatch();
            const read = readEnumWord(word, value, info, type.values);
            return { value: read.value, problems: read.problems };
        }
        case 'enum-list': {
            const items: ast.ScalarValue[] = ast.isListValue(value) ? value.items : [value];
            const words: string[] = [];
            const problems: ValueProblem[] = [];
            for (const item of items) {
                const word = ast.isNameValue(item) && item.index === undefined ? item.name : ast.isStringValue(item) ? item.value : undefined;
                if (isUnset(item)) {
                    problems.push({
                        code: 'type-mismatch',
                        message: `\`unset\` takes the whole setting away; it is not an item of a list. Write \`${info.key} = unset\` (Kafka's default then applies: \`[${(info.default as string[] | null)?.join(', ') ?? ''}]\`).`,
                        node: item
                    });
                    continue;
                }
                if (word === undefined) {
                    problems.push({ code: 'type-mismatch', message: `\`${info.key}\` lists ${describeType({ kind: 'enum', values: type.values })}, not ${valueKindName(item)}.`, node: item });
                    continue;
                }
                const read = readEnumWord(word, item, info, type.values);
                problems.push(...read.problems);
                if (read.value !== undefined) words.push(read.value);
            }
            if (items.length === 0) {
                problems.push({ code: 'type-mismatch', message: `\`${info.key}\` cannot be empty.`, node: value });
            }
            return { value: problems.some((p) => p.code === 'type-mismatch') ? undefined : words, problems };
        }
        case 'skew': {
            if (ast.isNameValue(value) && value.name === 'uniform') return { value: { kind: 'uniform' }, problems: [] };
            if (ast.isCallValue(value) && value.name === 'zipf' && value.args.length === 1 && ast.isNumberValue(value.args[0])) {
                const s = parseCount(value.args[0].value);
                if (s !== undefined && s > 0 && !value.args[0].negative) return { value: { kind: 'zipf', exponent: s }, problems: [] };
                return { value: undefined, problems: [{ code: 'out-of-range', message: 'The zipf exponent must be a positive number, e.g. `zipf(1.1)`.', node: value }] };
            }
            return mismatch();
        }
    }
}

/** A count written outside a property (`add-partitions orders 6`, `seed 42`). */
export function readCount(value: ast.Value, what: string, min = 0): TypedValue {
    if (!ast.isNumberValue(value)) {
        return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what} must be a whole number, not ${valueKindName(value)}.`, node: value }] };
    }
    const n = parseCount(value.value);
    if (n === undefined || !Number.isInteger(n)) return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what} must be a whole number.`, node: value }] };
    if (value.negative) return { value: -n, problems: [{ code: 'negative-value', message: `${what} cannot be negative.`, node: value }] };
    if (n < min) return { value: n, problems: [{ code: 'out-of-range', message: `${what} must be at least ${min}.`, node: value }] };
    return { value: n, problems: [] };
}

/** A rate written outside a property (`produce orders 5000/s`). */
export function readRate(value: ast.Value, what: string): TypedValue {
    if (ast.isRateValue(value)) {
        const n = parseRate(value.value)!;
        if (value.negative) return { value: -n, problems: [{ code: 'negative-value', message: `${what} cannot be negative.`, node: value }] };
        return { value: n, problems: [] };
    }
    if (ast.isNumberValue(value)) {
        return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what} must be a rate in records per second: \`${value.value}/s\`.`, node: value, data: { addUnit: ['/s'], text: value.value } }] };
    }
    return { value: undefined, problems: [{ code: 'type-mismatch', message: `${what} must be a rate (e.g. \`2000/s\`), not ${valueKindName(value)}.`, node: value }] };
}
