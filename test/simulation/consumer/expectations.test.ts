/**
 * `expect` lines on a KIP-848 trace (language.md: a rebalance is a group-epoch bump, `generation`
 * is the group epoch, `state` includes Assigning and Reconciling). The trace is the crash of
 * membership.test.ts: epochs 1-3 at 0 s (c2 and c3 take their partitions at 5 s), c2 crashes at
 * 32 s, its last heartbeat at 30 s, fenced at 75 s: epoch 4 (Assigning until c1's heartbeat at
 * 75 s computes the target), c1 and c3 take its partitions at once. A second crash (c3 at 82 s,
 * last heartbeat 80 s) is fenced at 125 s: epoch 5, and the lone c1 takes everything at 125 s.
 */
import { describe, expect, it } from 'vitest';
import type { CompareOp, ExpectationSpec, ExpectSubject, ExpectValue } from '../../../language-server/src/model/simulation-input.js';
import { evaluateExpectations } from '../../../language-server/src/simulation/index.js';
import { names, run, topic } from '../helpers.js';
import { consumerMembers, start } from './helpers.js';

const trace = run({
    topics: [topic('orders', 6, 600)],
    members: consumerMembers(names('c', 3)),
    events: [start(0, ['c1', 'c2', 'c3']), { kind: 'crash', at: 32_000, members: ['c2'] }, { kind: 'crash', at: 82_000, members: ['c3'] }],
    durationMs: 150_000
}).trace;

const n = (value: number): ExpectValue => ({ kind: 'number', value });
const d = (ms: number): ExpectValue => ({ kind: 'duration', ms });
const name = (v: string): ExpectValue => ({ kind: 'name', name: v });
const list = (...items: ExpectValue[]): ExpectValue => ({ kind: 'list', items });
let index = 0;
const spec = (subject: ExpectSubject, op: CompareOp, value: ExpectValue, at?: number): ExpectationSpec => ({ index: index++, text: `${subject.kind} ${op}`, subject, op, value, at });

describe('expectations on a KIP-848 trace', () => {
    it('counts epoch bumps, reads the group epoch and the consumer group states', () => {
        const specs = [
            spec({ kind: 'rebalances' }, '==', n(5)),
            spec({ kind: 'rebalance-times' }, '==', list(d(0), d(0), d(0), d(75_000), d(125_000))),
            spec({ kind: 'state' }, '==', name('Reconciling'), 1000),
            spec({ kind: 'state' }, '==', name('Stable'), 5000),
            spec({ kind: 'generation' }, '==', n(3), 74_000),
            spec({ kind: 'generation' }, '==', n(4), 75_000),
            spec({ kind: 'members' }, '==', n(2), 100_000),
            spec({ kind: 'state' }, '==', name('Stable'), 130_000),
            spec({ kind: 'generation' }, '==', n(5), 130_000),
            spec({ kind: 'members' }, '==', n(1), 130_000),
            spec({ kind: 'max-pause', member: 'c1' }, '==', d(0)),
            spec({ kind: 'error', member: 'c2' }, '==', name('none'))
        ];
        const results = evaluateExpectations(trace, specs);
        expect(results.filter((r) => !r.pass).map((r) => `${r.text}: ${r.actual}`)).toEqual([]);
        // The group was Assigning only within the instant of each fence (the next heartbeat came at once).
        expect(trace.groupStates.filter((g) => g.state === 'Assigning')).toEqual([]);
        expect(trace.summary.finalState).toBe('Stable');
        expect(trace.summary.finalGeneration).toBe(5);
    });
});
