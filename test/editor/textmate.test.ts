// The hand-written TextMate grammar (extension/syntaxes/rebal.tmLanguage.json) colours what
// the language has: dotted Kafka keys, durations, rates, counts, event kinds, expectation
// subjects, group states, Kafka error names, `{i}` in instance-id templates, comments.
// vscode-textmate is not installed here, so a small interpreter of the subset the grammar
// uses (match with captures, begin/end, includes; the earliest match wins, ties go to the
// first rule, as in TextMate) runs it line by line.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';

interface Rule {
    match?: string;
    begin?: string;
    end?: string;
    name?: string;
    include?: string;
    patterns?: Rule[];
    captures?: Record<string, { name?: string; patterns?: Rule[] }>;
    beginCaptures?: Record<string, { name?: string }>;
    endCaptures?: Record<string, { name?: string }>;
}
interface Grammar extends Rule {
    repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync('extension/syntaxes/rebal.tmLanguage.json', 'utf8')) as Grammar;

function expand(rules: Rule[]): Rule[] {
    return rules.flatMap((r) => (r.include ? expand(r.include === '$self' ? grammar.patterns! : [grammar.repository[r.include.slice(1)]]) : r.patterns && !r.match && !r.begin ? expand(r.patterns) : [r]));
}

interface Token {
    text: string;
    scopes: string[];
}

function substitute(name: string, groups: RegExpExecArray): string {
    return name.replace(/\$(\d+)/g, (_, i: string) => groups[Number(i)] ?? '');
}

/** Tokenises one line; returns the innermost-scoped pieces of text. */
function tokenizeLine(line: string, rules: Rule[], outer: string[] = [], offset = 0, endAt = line.length): Token[] {
    const out: Token[] = [];
    let pos = offset;
    const candidates = expand(rules);
    while (pos < endAt) {
        let best: { rule: Rule; m: RegExpExecArray } | undefined;
        for (const rule of candidates) {
            const re = new RegExp(rule.match ?? rule.begin!, 'gd');
            re.lastIndex = pos;
            const m = re.exec(line);
            if (!m || m.index >= endAt || m[0].length === 0) continue;
            if (!best || m.index < best.m.index) best = { rule, m };
        }
        if (!best) break;
        const { rule, m } = best;
        if (m.index > pos) out.push({ text: line.slice(pos, m.index), scopes: outer });
        const scope = rule.name ? [...outer, substitute(rule.name, m)] : outer;
        if (rule.match) {
            out.push(...captured(line, m, rule.captures, scope));
            pos = m.index + m[0].length;
        } else {
            out.push(...captured(line, m, rule.beginCaptures, scope));
            pos = m.index + m[0].length;
            const endRe = new RegExp(rule.end!, 'gd');
            endRe.lastIndex = pos;
            const e = endRe.exec(line);
            const innerEnd = e ? e.index : line.length;
            out.push(...tokenizeLine(line, rule.patterns ?? [], scope, pos, innerEnd));
            if (e) out.push(...captured(line, e, rule.endCaptures, scope));
            pos = e ? e.index + e[0].length : line.length;
        }
    }
    if (pos < endAt) out.push({ text: line.slice(pos, endAt), scopes: outer });
    return out.filter((t) => t.text.trim() !== '');
}

function captured(line: string, m: RegExpExecArray, captures: Rule['captures'] | undefined, scope: string[]): Token[] {
    if (!captures) return [{ text: m[0], scopes: scope }];
    const out: Token[] = [];
    let pos = m.index;
    const end = m.index + m[0].length;
    const indices = m.indices!;
    for (let i = 1; i < m.length; i++) {
        const capture = captures[String(i)];
        const span = indices[i];
        if (!capture || !span) continue;
        if (span[0] > pos) out.push({ text: line.slice(pos, span[0]), scopes: scope });
        const inner = capture.name ? [...scope, substitute(capture.name, m)] : scope;
        if (capture.patterns) out.push(...tokenizeLine(line, capture.patterns, inner, span[0], span[1]));
        else out.push({ text: line.slice(span[0], span[1]), scopes: inner });
        pos = span[1];
    }
    if (pos < end) out.push({ text: line.slice(pos, end), scopes: scope });
    return out.filter((t) => t.text.trim() !== '');
}

/** The innermost scope of each word of `line`, as `text:scope` pairs. */
function scopesOf(line: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const token of tokenizeLine(line, grammar.patterns!)) result[token.text.trim()] = token.scopes.at(-1) ?? '';
    return result;
}

describe('TextMate grammar', () => {
    test('every regex compiles', () => {
        const all: string[] = [];
        const walk = (r: Rule) => {
            for (const key of ['match', 'begin', 'end'] as const) if (r[key]) all.push(r[key]!);
            r.patterns?.forEach(walk);
            Object.values(r.captures ?? {}).forEach((c) => c.patterns?.forEach(walk));
        };
        walk(grammar);
        Object.values(grammar.repository).forEach(walk);
        expect(all.length).toBeGreaterThan(20);
        for (const source of all) expect(() => new RegExp(source)).not.toThrow();
    });

    test('dotted Kafka keys and durations', () => {
        const s = scopesOf('  session.timeout.ms = 45s   // why');
        expect(s['session.timeout.ms']).toBe('variable.other.property.rebal');
        expect(s['=']).toBe('keyword.operator.assignment.rebal');
        expect(s['45s']).toBe('constant.numeric.duration.rebal');
        expect(s['why']).toBe('comment.line.double-slash.rebal');
        expect(scopesOf('max.poll.interval.ms = 1m30s')['1m30s']).toBe('constant.numeric.duration.rebal');
    });

    test('a topic: name, keys that are also event words, counts and rates', () => {
        const s = scopesOf('topic orders.v2 { partitions = 12  produce = 2.5k/s  key.skew = zipf(1.1) }');
        expect(s['topic']).toBe('storage.type.topic.rebal');
        expect(s['orders.v2']).toBe('entity.name.type.topic.rebal');
        expect(s['produce']).toBe('variable.other.property.rebal');
        expect(s['12']).toBe('constant.numeric.rebal');
        expect(s['2.5k/s']).toBe('constant.numeric.rate.rebal');
        expect(s['zipf']).toBe('support.function.rebal');
        expect(s['1.1']).toBe('constant.numeric.rebal');
    });

    test('declarations and the member set', () => {
        expect(scopesOf('group orders-service {')['orders-service']).toBe('entity.name.type.group.rebal');
        expect(scopesOf('  consumer c3 {')['c3']).toBe('entity.name.type.consumer.rebal');
        const set = scopesOf('  consumers worker[1..6]');
        expect(set['worker']).toBe('entity.name.type.consumers.rebal');
        expect(set['..']).toBe('keyword.operator.range.rebal');
        expect(set['6']).toBe('constant.numeric.integer.rebal');
        // A scenario's `group NAME` line is a reference, not a declaration.
        expect(scopesOf('  group orders-service')['group']).toBe('keyword.other.statement.rebal');
    });

    test('events: the whole hyphenated kind, arguments, durations', () => {
        const s = scopesOf('  at 2m    rolling-restart c1, c2, c3 every 40s down 20s');
        expect(s['at']).toBe('keyword.control.at.rebal');
        expect(s['2m']).toBe('constant.numeric.duration.rebal');
        expect(s['rolling-restart']).toBe('keyword.other.event.rebal');
        expect(s['every']).toBe('keyword.other.event-argument.rebal');
        expect(s['40s']).toBe('constant.numeric.duration.rebal');
        expect(scopesOf('at 12m   coordinator-failover')['coordinator-failover']).toBe('keyword.other.event.rebal');
        expect(scopesOf('at 8m slow worker1 process.time.per.record = 800ms for 2m')['process.time.per.record']).toBe('variable.other.property.rebal');
    });

    test('expectations: subjects, operators, group states, Kafka errors', () => {
        const s = scopesOf('  expect state at 14m == Stable');
        expect(s['expect']).toBe('keyword.control.expect.rebal');
        expect(s['state']).toBe('support.function.subject.rebal');
        expect(s['==']).toBe('keyword.operator.comparison.rebal');
        expect(s['Stable']).toBe('constant.language.group-state.rebal');
        expect(scopesOf('expect error c1 == FENCED_INSTANCE_ID')['FENCED_INSTANCE_ID']).toBe('constant.other.kafka-error.rebal');
        expect(scopesOf('expect max-pause c1 < 1m')['max-pause']).toBe('support.function.subject.rebal');
        expect(scopesOf('expect rebalance-times == [6s, 12s]')['rebalance-times']).toBe('support.function.subject.rebal');
    });

    test('strings with the {i} index, booleans, block comments', () => {
        const s = scopesOf('group.instance.id = "orders-{i}"  /* static */ enable.auto.commit = false');
        expect(s['{i}']).toBe('variable.parameter.index.rebal');
        expect(s['false']).toBe('constant.language.boolean.rebal');
        expect(s['static']).toBe('comment.block.rebal');
    });

    test('`unset` as a value', () => {
        const s = scopesOf('  at 1m restart c1 down 5s with { session.timeout.ms = unset }');
        expect(s['session.timeout.ms']).toBe('variable.other.property.rebal');
        expect(s['unset']).toBe('keyword.other.unset.rebal');
    });
});
