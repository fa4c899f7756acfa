/**
 * Every `expect` subject of language.md, evaluated on the trace of the 35 s GC pause with a 30 s
 * session timeout (gc-pause.test.ts derives its numbers): generations at 6 s, 90 s, 99 s; c2 frozen
 * 61.5 → 96.5 s, expired at 90 s, a zombie until 96.5 s, back in generation 3 at 99 s.
 */
import { describe, expect, it } from 'vitest';
import type { CompareOp, ExpectationSpec, ExpectSubject, ExpectValue } from '../../language-server/src/model/simulation-input.js';
import { evaluateExpectations } from '../../language-server/src/simulation/index.js';
import { members, names, run, topic } from './helpers.js';

const trace = run({
    topics: [topic('orders', 6, 600)],
    members: members(names('c', 3), { 'session.timeout.ms': 30_000 }),
    events: [
        { kind: 'start', at: 0, members: ['c1', 'c2', 'c3'] },
        { kind: 'gc-pause', at: 61_500, members: ['c2'], durationMs: 35_000 }
    ],
    durationMs: 150_000,
    expectations: []
}).trace;

const n = (value: number): ExpectValue => ({ kind: 'number', value });
const d = (ms: number): ExpectValue => ({ kind: 'duration', ms });
const name = (v: string): ExpectValue => ({ kind: 'name', name: v });
const p = (t: string, i: number): ExpectValue => ({ kind: 'partition', topic: t, partition: i });
const list = (...items: ExpectValue[]): ExpectValue => ({ kind: 'list', items });

let index = 0;
function spec(subject: ExpectSubject, op: CompareOp, value: ExpectValue, at?: number): ExpectationSpec {
    return { index: index++, text: `${subject.kind} ${op}`, subject, op, value, at };
}

describe('expectations on a trace', () => {
    it('evaluates every subject with the simulated value', () => {
        const specs = [
            spec({ kind: 'rebalances' }, '==', n(3)),
            spec({ kind: 'rebalance-times' }, '==', list(d(6000), d(90_000), d(99_000))),
            spec({ kind: 'generation' }, '==', n(2), 95_000),
            spec({ kind: 'state' }, '==', name('Stable'), 95_000),
            spec({ kind: 'members' }, '==', n(2), 95_000),
            spec({ kind: 'moved-partitions' }, '==', n(4)),
            // orders[2], [3] unowned 61.5 → 90 s.
            spec({ kind: 'max-unowned' }, '==', d(28_500)),
            // c1 and c3 pause at startup only (6 s each); c2 6 s + 35 s frozen + 2.5 s waiting.
            spec({ kind: 'total-pause' }, '==', d(6000 + 6000 + 43_500)),
            spec({ kind: 'duplicates' }, '==', n(100)),
            // Its own view (simulation-conventions §12): the zombie still holds [2,3] at 95 s; nothing at 98 s.
            spec({ kind: 'assignment', member: 'c2' }, '==', list(p('orders', 2), p('orders', 3)), 95_000),
            spec({ kind: 'assignment', member: 'c2' }, '==', list(), 98_000),
            spec({ kind: 'paused', member: 'c2' }, '==', d(43_500)),
            spec({ kind: 'max-pause', member: 'c2' }, '==', d(37_500)),
            spec({ kind: 'error', member: 'c2' }, '==', name('none')),
            // At 95 s orders[2] belongs to c1 (generation 2; c2, which still holds it, is a zombie);
            // at 70 s nobody consumes it (c2 is frozen).
            spec({ kind: 'owner', topic: 'orders', partition: 2 }, '==', name('c1'), 95_000),
            spec({ kind: 'owner', topic: 'orders', partition: 2 }, '==', name('none'), 70_000),
            spec({ kind: 'unowned', topic: 'orders', partition: 2 }, '==', d(28_500)),
            // The largest lag: orders[2], [3] at 90 s, 28.5 s × 200/s (more than the 3600 of the startup).
            spec({ kind: 'max-lag', topic: 'orders' }, '==', n(5700)),
            // At 70 s: 8.5 s × 200/s behind on c2's partitions.
            spec({ kind: 'lag', topic: 'orders' }, '==', n(1700), 70_000),
            spec({ kind: 'lag', topic: 'orders' }, '==', n(0), 95_000)
        ];
        const withProbes = run({
            topics: [topic('orders', 6, 600)],
            members: members(names('c', 3), { 'session.timeout.ms': 30_000 }),
            events: [
                { kind: 'start', at: 0, members: ['c1', 'c2', 'c3'] },
                { kind: 'gc-pause', at: 61_500, members: ['c2'], durationMs: 35_000 }
            ],
            durationMs: 150_000,
            expectations: specs
        });
        for (const r of withProbes.expectations) expect({ text: r.text, pass: r.pass, actual: r.actual, problem: r.problem }).toEqual({ text: r.text, pass: true, actual: r.actual, problem: undefined });
        expect(withProbes.expectations.map((r) => r.actual)).toEqual([
            '3',
            '[6s, 1m30s, 1m39s]',
            '2',
            'Stable',
            '2',
            '4',
            '28s500ms',
            '55s500ms',
            '100',
            '[orders[2], orders[3]]',
            '[]',
            '43s500ms',
            '37s500ms',
            'none',
            'c1',
            'none',
            '28s500ms',
            '5700',
            '1700',
            '0'
        ]);
    });

    it('reports a failed expectation with the simulated value, and a problem when it cannot be evaluated', () => {
        const [failed, unknown, outside, badOp] = evaluateExpectations(trace, [
            spec({ kind: 'rebalances' }, '<', n(3)),
            spec({ kind: 'paused', member: 'nobody' }, '<', d(1000)),
            spec({ kind: 'state' }, '==', name('Stable'), 200_000),
            spec({ kind: 'state' }, '<', name('Stable'), 10_000)
        ]);
        expect(failed).toMatchObject({ pass: false, actual: '3', expected: '3' });
        expect(unknown).toMatchObject({ pass: false, problem: 'no member named nobody in this scenario' });
        expect(outside.problem).toContain('outside the run');
        expect(badOp.problem).toContain('== or !=');
    });

    it('compares durations, counts and names with every operator', () => {
        const results = evaluateExpectations(trace, [
            spec({ kind: 'max-pause', member: 'c2' }, '>', d(30_000)),
            spec({ kind: 'max-pause', member: 'c2' }, '<=', d(37_500)),
            spec({ kind: 'max-pause', member: 'c2' }, '>=', d(37_501)),
            spec({ kind: 'duplicates' }, '!=', n(0)),
            spec({ kind: 'state' }, '!=', name('Empty'), 10_000),
            spec({ kind: 'rebalance-times' }, '!=', list(d(6000)))
        ]);
        expect(results.map((r) => r.pass)).toEqual([true, true, false, true, true, true]);
    });
});
