/**
 * The KIP-848 reading of a trace (extension/webview/model/kip848.ts) and the tracks built from it,
 * in Node, on engine traces of samples/kip-848.rebal, samples/live-migration.rebal and the
 * slow-revocation fixture. Instants written as numbers are derived by hand in the comments from
 * the samples' own derivations; everything else is compared with the trace's fields.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PartitionSet, Trace } from '../../language-server/src/simulation/trace.js';
import { buildModel } from '../../extension/webview/model/lanes.js';
import { converged, memberAt, membersAt, targetSpans } from '../../extension/webview/model/kip848.js';
import { KIP848_TRACE_FILES, kip848Traces } from './kip848-traces.js';

let traces: Awaited<ReturnType<typeof kip848Traces>>;
beforeAll(async () => {
    traces = await kip848Traces();
}, 300_000);

const owner = (t: Trace, topic: string, partition: number, at: number) => t.ownership.filter((o) => o.topic === topic && o.partition === partition && o.from <= at && at < o.to).map((o) => o.member);
const entries = (set: PartitionSet): [string, number][] => Object.entries(set).flatMap(([topic, ps]) => ps.map((p) => [topic, p] as [string, number]));
const only = (set: PartitionSet): [string, number] => {
    const list = entries(set);
    expect(list).toHaveLength(1);
    return list[0];
};

describe('target spans', () => {
    test('kip-848.rebal: the target gives c4 its partitions at 1m1s; their owners keep them until 1m5s, c4 holds them from 1m6s', () => {
        // Hand-derived from the sample (its derivation comment): c4 starts at 1m1s and its join bumps
        // the group epoch to 4 at once (no initial delay under KIP-848); the uniform target of
        // epoch 4 is computed then and gives c4 one or two of the six partitions (6 over 4
        // members: 1 or 2 each), all held by others until then. Their owners give them up through
        // their heartbeats at 1m5s (5 s grid from 0), and c4 takes them on its own heartbeat at
        // 1m6s (1m1s + 5 s) — the sample's `max-pause c4 == 5s`.
        const t = traces.kip848;
        const e4 = t.consumerProtocol!.targetAssignments.find((a) => a.epoch === 4)!;
        expect(e4.at).toBe(61_000);
        const gets = entries(e4.assignment.c4);
        expect(gets.length === 1 || gets.length === 2).toBe(true);
        const spans = targetSpans(t);
        for (const [topic, p] of gets) {
            const [previous] = owner(t, topic, p, 61_000);
            expect(previous).toBeDefined();
            expect(previous).not.toBe('c4');
            const mine = spans.filter((s) => s.topic === topic && s.partition === p);
            // c4: pending from the target (1m1s) to its heartbeat (1m6s), held from then to the end.
            expect(mine.filter((s) => s.member === 'c4').map((s) => [s.from, s.to, s.owned, s.epoch])).toEqual([
                [61_000, 66_000, false, 4],
                [66_000, t.durationMs, true, 4]
            ]);
            // The previous owner's target lost it at 1m1s, though it held it until 1m5s.
            expect(mine.filter((s) => s.member === previous).at(-1)!.to).toBe(61_000);
            expect(t.ownership.find((o) => o.member === previous && o.topic === topic && o.partition === p && o.from <= 61_000 && o.to > 61_000)!.to).toBe(65_000);
        }
    });

    test('live-migration.rebal: no target while the group is classic; c1 waits 1m5s → 1m10s for what c2 and c3 give up at 1m6s', () => {
        // Hand-derived from the sample: c1 comes back at 1m5s (down 4 s from 1m1s) with the
        // consumer protocol and converts the classic group; its join bumps the epoch to 3 and the
        // uniform target takes a partition from each of c2 and c3 for it. c2 and c3 hear it on
        // their 1m6s heartbeats (REBALANCE_IN_PROGRESS), revoke everything (EAGER) and rejoin; c1
        // takes the two partitions on its heartbeat 5 s after its join: 1m10s.
        const t = traces['live-upgrade'];
        const types = t.consumerProtocol!.groupTypes!;
        expect(types.map((g) => [g.type, g.from, g.to])).toEqual([
            ['classic', 0, 65_000],
            ['consumer', 65_000, t.durationMs]
        ]);
        const spans = targetSpans(t);
        expect(Math.min(...spans.map((s) => s.from))).toBe(65_000);
        const e3 = t.consumerProtocol!.targetAssignments.find((a) => a.epoch === 3)!;
        expect(e3.at).toBe(65_000);
        const c1Target = Object.entries(e3.assignment.c1).flatMap(([topic, ps]) => ps.map((p) => [topic, p] as const));
        expect(c1Target).toHaveLength(2);
        const holders = c1Target.map(([topic, p]) => owner(t, topic, p, 65_000)[0]).sort();
        expect(holders).toEqual(['c2', 'c3']);
        for (const [topic, p] of c1Target) {
            const c1 = spans.filter((s) => s.member === 'c1' && s.topic === topic && s.partition === p);
            expect(c1[0]).toMatchObject({ from: 65_000, to: 70_000, owned: false, epoch: 3 });
            expect(c1[1]).toMatchObject({ from: 70_000, owned: true });
            const held = t.ownership.find((o) => o.topic === topic && o.partition === p && o.member !== 'c1' && o.from < 65_000 && o.to > 65_000)!;
            expect(held.to).toBe(66_000);
        }
    });

    test('at any instant, the target spans covering it are the member’s target there, and `owned` is its ownership', () => {
        for (const t of Object.values(traces)) {
            const spans = targetSpans(t);
            fc.assert(
                fc.property(fc.integer({ min: 0, max: t.durationMs - 1 }), (at) => {
                    for (const m of membersAt(t, at)!) {
                        const covering = spans.filter((s) => s.member === m.member && s.from <= at && at < s.to);
                        const fromSpans = covering.map((s) => `${s.topic}-${s.partition}`).sort();
                        const fromTarget = Object.entries(m.target?.partitions ?? {}).flatMap(([topic, ps]) => ps.map((p) => `${topic}-${p}`)).sort();
                        expect(fromSpans).toEqual(fromTarget);
                        for (const s of covering) expect(s.owned).toBe(m.owned[s.topic]?.includes(s.partition) ?? false);
                    }
                }),
                { numRuns: 200 }
            );
        }
    });
});

describe('a member at an instant', () => {
    test('kip-848.rebal at 1m3s: c4 waits for the partitions their previous owners still hold; at 3m everyone holds its target', () => {
        const t = traces.kip848;
        const target = t.consumerProtocol!.targetAssignments.find((a) => a.epoch === 4)!.assignment.c4;
        const c4 = memberAt(t, 'c4', 63_000)!;
        expect(c4.target).toEqual({ epoch: 4, assignor: 'uniform', partitions: target });
        expect(c4.owned).toEqual({});
        expect(c4.memberEpoch).toBe(4);
        expect(c4.groupEpoch).toBe(4);
        expect(c4.reconciliation?.state).toBe('UNRELEASED_PARTITIONS');
        // Every partition of its target is still held by its owner, until 1m5s (see above).
        expect(c4.heldByOthers).toEqual(entries(target).map(([topic, partition]) => ({ topic, partition, holder: owner(t, topic, partition, 63_000)[0], until: 65_000 })));
        expect(converged(c4)).toBe(false);
        // The sample expects Stable at epoch 5 at 3m: every member holds exactly its target.
        expect(membersAt(t, 180_000)!.every(converged)).toBe(true);
    });

    test('a classic-only trace has no KIP-848 picture', () => {
        const classic = { ...traces.kip848, consumerProtocol: undefined };
        expect(memberAt(classic, 'c1', 0)).toBeNull();
        expect(targetSpans(classic)).toEqual([]);
    });
});

describe('tracks', () => {
    test('consumer-protocol lanes: target under the ownership, the coordinator’s record under it; a group-type band over the states', () => {
        const model = buildModel(traces.kip848);
        const c4 = model.lanes.find((l) => l.id === 'member:c4')!;
        expect(c4.tracks.map((p) => p.track.id)).toEqual(['events', 'activity', 'ownership', 'target', 'reconciliation', 'member-state', 'epoch', 'conditions']);
        expect(c4.tracks.filter((p) => p.track.gutterLabel).map((p) => p.track.gutterLabel)).toEqual(['holds', 'target', 'coordinator', 'client', 'epoch']);
        const group = model.lanes.find((l) => l.id === 'group')!;
        expect(group.tracks.map((p) => p.track.id)).toEqual(['group-type', 'state']);
        // Stacked: the band (10 px) and a 1 px gap push the state track down by 11 px.
        expect(group.height).toBe(22 + 11);
        const target = c4.tracks.find((p) => p.track.id === 'target')!.track;
        expect(target.kind === 'spans' && target.outlined).toBe(true);
        // Every pending target piece is hatched, no held one is.
        if (target.kind !== 'spans') throw new Error('target is a span track');
        for (const row of target.rows) for (let i = 0; i < row.length; i++) expect(target.hatched!.has(row.paint[i])).toBe(!model.targets[row.ref[i]].owned);
    });

    test('a classic-only trace gets none of it (the lanes are what they were)', () => {
        const classic = { ...traces['live-upgrade'], consumerProtocol: undefined };
        const model = buildModel(classic);
        expect(model.targets).toEqual([]);
        expect(model.lanes.find((l) => l.id === 'group')!.tracks.map((p) => p.track.id)).toEqual(['state']);
        for (const lane of model.lanes.filter((l) => l.kind === 'member')) {
            expect(lane.tracks.map((p) => p.track.id)).toEqual(['events', 'activity', 'ownership', 'conditions']);
            expect(lane.tracks.some((p) => p.track.gutterLabel)).toBe(false);
        }
    });

    test('the slow-revocation fixture: c1 is UNREVOKED for revoke.time after c4 joins, labelled with what it must revoke', () => {
        // Hand-derived: c4 joins at 1m1s and the new target takes a partition from c1; c1 hears of
        // it on its next heartbeat (within one 5 s interval) and spends revoke.time = 3 s inside
        // onPartitionsRevoked, holding the partition until the callback returns.
        const t = traces['kip848-slow-revoke'];
        const r = t.consumerProtocol!.reconciliations!.find((x) => x.member === 'c1' && x.state === 'UNREVOKED_PARTITIONS' && x.from > 60_000)!;
        expect(r.to - r.from).toBe(3_000);
        expect(r.from).toBeGreaterThanOrEqual(61_000);
        expect(r.from).toBeLessThan(66_000);
        const [revoked, partition] = only(r.revoking);
        expect(t.ownership.find((o) => o.member === 'c1' && o.topic === revoked && o.partition === partition && o.from < r.from && o.to >= r.from)!.to).toBe(r.to);
        const model = buildModel(t);
        const track = model.lanes.find((l) => l.id === 'member:c1')!.tracks.find((p) => p.track.id === 'reconciliation')!.track;
        if (track.kind !== 'spans') throw new Error('reconciliation is a span track');
        const ref = t.consumerProtocol!.reconciliations!.indexOf(r);
        const [topic, p] = only(r.revoking);
        expect(track.labels!(ref)[0]).toBe(`unrevoked: ${topic}[${p}]`);
    });
});

test('the fixture and the samples these tests read are the ones simulated, and pass the schema and the panel’s guard', async () => {
    expect(Object.keys(traces).sort()).toEqual(['cooperative-upgrade', 'kip848', 'kip848-slow-revoke', 'live-upgrade']);
    expect(KIP848_TRACE_FILES).toContain('samples/kip-848.rebal');
    const Ajv = (await import('ajv')).default;
    const { readFileSync } = await import('node:fs');
    const { checkTrace } = await import('../../extension/src/replay-trace-guard.js');
    const schema = new Ajv({ strict: false }).compile(JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')));
    for (const [scenario, t] of Object.entries(traces)) {
        expect(schema(t), scenario).toBe(true);
        expect(checkTrace(t), scenario).toEqual([]);
    }
});
