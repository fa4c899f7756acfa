/**
 * `rebal assign` (runAssign): JSON lines in, one JSON line per case out, in order; bad cases
 * give an error line and the run goes on; exit code 1 if any case failed.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { runAssign } from '../../language-server/src/cli/assign.js';

async function run(lines: string[]): Promise<{ code: number; out: unknown[] }> {
    const input = Readable.from([lines.join('\n') + '\n']);
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const code = await runAssign(input, output);
    output.end();
    const text = chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    return { code, out: text.trimEnd().split('\n').map((l) => JSON.parse(l)) };
}

const rangeCase = {
    id: 'c1',
    assignor: 'range',
    topics: { orders: 3, payments: 2 },
    members: [
        { memberId: 'm2', groupInstanceId: null, rack: null, topics: ['orders', 'payments'], owned: [], generation: null },
        { memberId: 'm1', groupInstanceId: null, rack: null, topics: ['payments', 'orders'], owned: [['orders', 2]], generation: 3 }
    ]
};

describe('rebal assign', () => {
    it('answers each case on its own line, members in input order, lists sorted', async () => {
        // Range sorts members by id: m1 takes orders 0-1 (3 = 2 + 1) and payments 0; m2 the rest.
        const { code, out } = await run([JSON.stringify(rangeCase)]);
        expect(code).toBe(0);
        expect(out).toEqual([{
            id: 'c1',
            assignment: {
                m2: [['orders', 2], ['payments', 1]],
                m1: [['orders', 0], ['orders', 1], ['payments', 0]]
            }
        }]);
        expect(Object.keys((out[0] as { assignment: object }).assignment)).toEqual(['m2', 'm1']);
    });

    it('reports bad cases in place and keeps going, exiting 1', async () => {
        const lines = [
            JSON.stringify({ ...rangeCase, id: 1 }),
            '{not json',
            '',
            JSON.stringify({ ...rangeCase, id: 'unknown', assignor: 'fancy' }),
            JSON.stringify({ ...rangeCase, id: 'badOwned', members: [{ ...rangeCase.members[0], owned: [['orders', 7]] }] }),
            JSON.stringify({ ...rangeCase, id: 'badPair', members: [{ ...rangeCase.members[0], owned: [{ topic: 'orders', partition: 1 }] }] }),
            JSON.stringify({ ...rangeCase, id: 'last', assignor: 'roundrobin' })
        ];
        const { code, out } = await run(lines);
        expect(code).toBe(1);
        // Six non-blank lines, six answers, in order.
        expect(out.map((o) => (o as { id: unknown }).id)).toEqual([1, null, 'unknown', 'badOwned', 'badPair', 'last']);
        expect(out[0]).toHaveProperty('assignment');
        expect((out[1] as { error: string }).error).toMatch(/not valid JSON/);
        expect((out[2] as { error: string }).error).toMatch(/"assignor" must be one of/);
        expect((out[3] as { error: string }).error).toMatch(/owns orders-7, but "orders" has 3 partitions/);
        expect((out[4] as { error: string }).error).toMatch(/\[topic, partition\] pair/);
        // Round robin over m1, m2 (sorted): orders-0 m1, orders-1 m2, orders-2 m1, payments-0 m2, payments-1 m1.
        expect(out[5]).toEqual({
            id: 'last',
            assignment: { m2: [['orders', 1], ['payments', 0]], m1: [['orders', 0], ['orders', 2], ['payments', 1]] }
        });
    });

    it('fills in left-out optional member fields', async () => {
        const { code, out } = await run([JSON.stringify({ id: 'x', assignor: 'uniform', topics: { t: 2 }, members: [{ memberId: 'only', topics: ['t'] }] })]);
        expect(code).toBe(0);
        expect(out).toEqual([{ id: 'x', assignment: { only: [['t', 0], ['t', 1]] } }]);
    });

    it('withholds what cooperative-sticky withholds', async () => {
        // c0 and c1 own three partitions each (generation 1); c2 joins. The constrained builder
        // keeps minQuota = 2 for each (maxQuota slots: 6 mod 3 = 0) and moves t-2 and t-5 to c2,
        // which cooperative-sticky leaves out until c0 and c1 have revoked them.
        const c = {
            id: 'coop', assignor: 'cooperative-sticky', topics: { t: 6 },
            members: [
                { memberId: 'c0', topics: ['t'], owned: [['t', 0], ['t', 1], ['t', 2]], generation: 1 },
                { memberId: 'c1', topics: ['t'], owned: [['t', 3], ['t', 4], ['t', 5]], generation: 1 },
                { memberId: 'c2', topics: ['t'], owned: [], generation: -1 }
            ]
        };
        const { out } = await run([JSON.stringify(c), JSON.stringify({ ...c, id: 'eager', assignor: 'sticky' })]);
        expect(out[0]).toEqual({ id: 'coop', assignment: { c0: [['t', 0], ['t', 1]], c1: [['t', 3], ['t', 4]], c2: [] } });
        expect(out[1]).toEqual({ id: 'eager', assignment: { c0: [['t', 0], ['t', 1]], c1: [['t', 3], ['t', 4]], c2: [['t', 2], ['t', 5]] } });
    });
});
