/**
 * The replay panel's pure parts, in Node: span rows, lanes built from real engine traces, the
 * time axis, playback stepping and text formats.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { formatCount, formatDuration, formatInstant } from '../../extension/webview/format.js';
import { computeLayout, laneAt, visibleLanes } from '../../extension/webview/layout.js';
import { buildModel, showsLag } from '../../extension/webview/model/lanes.js';
import { packRows, rowsOfSorted, type SpanInput } from '../../extension/webview/model/spans.js';
import { defaultSpeed, Playback, stepMoment } from '../../extension/webview/playback.js';
import { tickStep, ticks, Viewport } from '../../extension/webview/viewport.js';
import { type SampleTrace, simulateSamples } from './engine-traces.js';

let samples: SampleTrace[] = [];
const sample = (scenario: string): Trace => {
    const s = samples.find((x) => x.scenario === scenario);
    if (!s) throw new Error(`no engine trace for scenario ${scenario}`);
    return s.trace;
};

beforeAll(async () => {
    const { traces, failures } = await simulateSamples();
    expect(failures).toEqual([]);
    samples = traces;
}, 300_000);

const spanArb = fc
    .record({ from: fc.integer({ min: 0, max: 1000 }), len: fc.integer({ min: 0, max: 300 }), paint: fc.integer({ min: 0, max: 9 }) })
    .map(({ from, len, paint }) => ({ from, to: from + len, paint }));

describe('span rows', () => {
    test('packRows keeps every non-empty span exactly once, rows sorted and disjoint', () => {
        fc.assert(
            fc.property(fc.array(spanArb, { maxLength: 60 }), (spans) => {
                const input: SpanInput[] = spans.map((s, ref) => ({ ...s, ref, order: ref }));
                const rows = packRows(input);
                const refs: number[] = [];
                for (const row of rows) {
                    for (let i = 0; i < row.length; i++) {
                        refs.push(row.ref[i]);
                        expect(row.to[i]).toBeGreaterThan(row.from[i]);
                        if (i > 0) expect(row.from[i]).toBeGreaterThanOrEqual(row.to[i - 1]);
                    }
                }
                const expected = input.filter((s) => s.to > s.from).map((s) => s.ref);
                expect(refs.sort((a, b) => a - b)).toEqual(expected);
                // Interval colouring is optimal: as many rows as spans overlap at one instant.
                let maxOverlap = 0;
                for (const s of input) if (s.to > s.from) maxOverlap = Math.max(maxOverlap, input.filter((o) => o.to > o.from && o.from <= s.from && o.to > s.from).length);
                expect(rows.length).toBe(maxOverlap);
            })
        );
    });

    test('firstEndingAfter and at agree with a linear scan', () => {
        fc.assert(
            fc.property(fc.array(spanArb, { maxLength: 40 }), fc.integer({ min: -10, max: 1400 }), (spans, t) => {
                for (const row of packRows(spans.map((s, ref) => ({ ...s, ref, order: 0 })))) {
                    let linear = 0;
                    while (linear < row.length && row.to[linear] <= t) linear++;
                    expect(row.firstEndingAfter(t)).toBe(linear);
                    let covering = -1;
                    for (let i = 0; i < row.length; i++) if (row.from[i] <= t && t < row.to[i]) covering = i;
                    expect(row.at(t)).toBe(covering);
                }
            })
        );
    });
});

test('rowsOfSorted gives the rows packRows gives, for any spans, sorted and disjoint or not', () => {
    const rowsAsLists = (rows: ReturnType<typeof packRows>) => rows.map((r) => Array.from({ length: r.length }, (_, i) => [r.from[i], r.to[i], r.paint[i], r.ref[i]]));
    fc.assert(
        fc.property(fc.array(spanArb, { maxLength: 40 }), fc.boolean(), (spans, makeDisjoint) => {
            let list = spans;
            if (makeDisjoint) {
                // Lay the same lengths end to end: sorted and disjoint, like a member's activity.
                let t = 0;
                list = spans.map((s) => ({ ...s, from: (t += 1), to: (t += s.to - s.from) }));
            }
            const refs = list.map((_, i) => i);
            expect(rowsAsLists(rowsOfSorted(list, refs, (s) => s.paint))).toEqual(rowsAsLists(packRows(list.map((s, ref) => ({ ...s, ref, order: 0 })))));
        })
    );
});

describe('lanes from engine traces', () => {
    test('every sample: a timeline, group and events lane, a lag lane per subscribed topic with traffic, a lane per member', () => {
        for (const { trace } of samples) {
            const model = buildModel(trace);
            const ids = model.lanes.map((l) => l.id);
            const lagTopics = trace.lag.filter((l) => showsLag(trace, l)).map((l) => `lag:${l.topic}`);
            expect(ids).toEqual(['timeline', 'group', 'events', ...lagTopics, ...trace.members.map((m) => `member:${m.name}`)]);
        }
    });

    test('every ownership, activity and condition span of a trace is in exactly one row of its member lane', () => {
        for (const { trace } of samples) {
            const model = buildModel(trace);
            for (const [trackId, list] of [
                ['ownership', trace.ownership],
                ['activity', trace.activity],
                ['conditions', trace.conditions]
            ] as const) {
                const seen: number[] = [];
                for (const lane of model.lanes) {
                    const track = lane.tracks.find((p) => p.track.id === trackId)?.track;
                    if (!track || track.kind !== 'spans') continue;
                    for (const row of track.rows) for (let i = 0; i < row.length; i++) {
                        seen.push(row.ref[i]);
                        expect(list[row.ref[i]].member).toBe(lane.member);
                    }
                }
                const nonEmpty = list.flatMap((s, i) => (s.to > s.from ? [i] : []));
                expect(seen.sort((a, b) => a - b)).toEqual(nonEmpty);
            }
        }
    });

    test('activity is exclusive per member, so it packs into one row (trace-format.md: "at most one span covers an instant")', () => {
        for (const { trace } of samples) {
            for (const lane of buildModel(trace).lanes.filter((l) => l.kind === 'member')) {
                const activity = lane.tracks.find((p) => p.track.id === 'activity')!.track;
                expect(activity.kind === 'spans' && activity.rows.length).toBeLessThanOrEqual(1);
            }
        }
    });

    test('key moments: scenario events, group state changes and fatal errors, sorted, each once', () => {
        const trace = sample('gc-pause-30s');
        const model = buildModel(trace);
        const expected = [...new Set([...trace.scenarioEvents.map((e) => e.at), ...trace.groupStates.map((s) => s.from), ...trace.events.filter((e) => e.kind === 'error').map((e) => e.at)])].sort((a, b) => a - b);
        expect([...model.keyMoments]).toEqual(expected);
    });

    test('a large group is laid out compactly and only visible lanes are returned', () => {
        const trace = sample('dynamic-rolling-restart');
        const layout = computeLayout([buildModel(trace), buildModel(sample('static-rolling-restart'))], 1000);
        // Lanes are stacked without gaps inside a block: each starts where the previous ended.
        for (let i = 1; i < layout.lanes.length; i++) {
            const [a, b] = [layout.lanes[i - 1], layout.lanes[i]];
            if (a.view === b.view) expect(b.top).toBe(a.top + a.height);
        }
        const visible = visibleLanes(layout, 100, 300);
        expect(visible.length).toBeGreaterThan(0);
        for (const l of visible) expect(l.top < 300 && l.top + l.height > 100).toBe(true);
        const hidden = layout.lanes.filter((l) => !visible.includes(l));
        for (const l of hidden) expect(l.top >= 300 || l.top + l.height <= 100).toBe(true);
        expect(laneAt(layout, visible[0].top + 1)).toBe(visible[0]);
    });
});

test('lag lanes: a subscribed topic with produce gets one; an idle or unsubscribed one does not', () => {
    const t = sample('rolling-deploy');
    // complete-example.rebal: orders 2000/s and payments 300/s, both subscribed.
    expect(t.lag.filter((l) => showsLag(t, l)).map((l) => l.topic)).toEqual(['orders', 'payments']);
    // fourth-consumer-joins.rebal declares `orders` with no produce rate: nothing to show.
    const idle = sample('eager-fourth-joins');
    expect(idle.lag.filter((l) => showsLag(idle, l))).toEqual([]);
    const unsubscribed = { ...t, topics: t.topics.map((x) => ({ ...x, subscribed: x.name !== 'payments' })) };
    expect(t.lag.filter((l) => showsLag(unsubscribed, l)).map((l) => l.topic)).toEqual(['orders']);
});

test('KIP-848 data (consumerProtocol) becomes labelled member-state and epoch tracks of that member only', async () => {
    const base = sample('rolling-deploy');
    const end = base.durationMs;
    const trace: Trace = {
        ...base,
        consumerProtocol: {
            memberEpochs: [
                { member: 'c1', from: 0, to: 6000, epoch: 1 },
                { member: 'c1', from: 6000, to: end, epoch: 3 }
            ],
            memberStates: [
                { member: 'c1', from: 0, to: 2000, state: 'JOINING' },
                { member: 'c1', from: 2000, to: 6000, state: 'RECONCILING' },
                { member: 'c1', from: 6000, to: end, state: 'STABLE' }
            ],
            targetAssignments: []
        }
    };
    const Ajv = (await import('ajv')).default;
    const { readFileSync } = await import('node:fs');
    const { checkTrace } = await import('../../extension/src/replay-trace-guard.js');
    const schema = new Ajv({ strict: false }).compile(JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')));
    expect(schema(trace)).toBe(true);
    expect(checkTrace(trace)).toEqual([]);
    const lanes = buildModel(trace).lanes;
    const c1 = lanes.find((l) => l.id === 'member:c1')!;
    const c2 = lanes.find((l) => l.id === 'member:c2')!;
    expect(c1.tracks.map((p) => p.track.id)).toEqual(['events', 'activity', 'ownership', 'member-state', 'epoch', 'conditions']);
    expect(c2.tracks.map((p) => p.track.id)).toEqual(['events', 'activity', 'ownership', 'conditions']);
    const states = c1.tracks.find((p) => p.track.id === 'member-state')!.track;
    expect(states.kind === 'spans' && states.rows[0].length).toBe(3);
    expect(states.kind === 'spans' && states.labels!(1)[0]).toBe('RECONCILING');
    const epochs = c1.tracks.find((p) => p.track.id === 'epoch')!.track;
    expect(epochs.kind === 'spans' && epochs.labels!(1)[0]).toBe('epoch 3');
    // A lane is its tracks stacked: 2 px padding, the tracks with 1 px between them, 2 px padding;
    // each track starts where the previous ended.
    for (const lane of [c1, c2]) {
        expect(lane.height).toBe(2 + lane.tracks.reduce((h, p) => h + p.track.height, 0) + (lane.tracks.length - 1) + 2);
        lane.tracks.forEach((p, i) => i > 0 && expect(p.top).toBe(lane.tracks[i - 1].top + lane.tracks[i - 1].track.height + 1));
    }
});

describe('time axis', () => {
    test('zoom keeps the anchor at the same pixel and the range inside the run', () => {
        fc.assert(
            fc.property(fc.integer({ min: 1000, max: 3_600_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (duration, where, factor) => {
                const vp = new Viewport(duration, 800);
                vp.zoom(4, duration / 3);
                const anchor = vp.from + where * vp.span;
                const before = vp.x(anchor);
                vp.zoom(factor, anchor);
                expect(vp.from).toBeGreaterThanOrEqual(0);
                expect(vp.to).toBeLessThanOrEqual(duration + 1e-6);
                // Unless clamped at an end of the run, the anchor stays where it was.
                if (vp.from > 0 && vp.to < duration && vp.span < duration) expect(Math.abs(vp.x(anchor) - before)).toBeLessThan(1e-6);
            })
        );
    });

    test('pan stops at the ends; reveal moves the page so t sits at the lead', () => {
        const vp = new Viewport(60_000, 600);
        vp.set(10_000, 20_000);
        vp.pan(-50_000);
        expect([vp.from, vp.to]).toEqual([0, 10_000]);
        vp.pan(1_000_000);
        expect([vp.from, vp.to]).toEqual([50_000, 60_000]);
        vp.set(0, 10_000);
        // 25 s is off the [0, 10 s] page: the page becomes [25 − 0.1·10, 25 − 0.1·10 + 10] = [24, 34] s.
        expect(vp.reveal(25_000, 0.1)).toBe(true);
        expect([vp.from, vp.to]).toEqual([24_000, 34_000]);
        expect(vp.reveal(30_000, 0.1)).toBe(false);
    });

    test('ruler steps: the smallest clock step at least 90 px wide', () => {
        // 15 min over 900 px = 1 px per second: 1m = 60 px is too narrow, 2m = 120 px is the first ≥ 90.
        expect(tickStep(900 / 900_000, 90)).toBe(120_000);
        // 1 s over 1000 px = 1 px/ms: 100 ms = 100 px.
        expect(tickStep(1, 90)).toBe(100);
        expect(ticks(50_000, 250_000, 60_000)).toEqual([60_000, 120_000, 180_000, 240_000]);
    });
});

describe('playback', () => {
    test('advances by wall time × speed, stops at the end, ignores long gaps beyond 100 ms', () => {
        const p = new Playback(10_000);
        p.speed = 10;
        p.play();
        p.frame(1000); // first frame only records the wall clock
        p.frame(1016); // 16 ms × 10 = 160 ms
        expect(p.playhead).toBe(160);
        p.frame(5016); // a 4 s gap counts as 100 ms: +1000
        expect(p.playhead).toBe(1160);
        for (let w = 5116; p.playing; w += 100) p.frame(w);
        expect(p.playhead).toBe(10_000);
        p.play(); // at the end, play starts over
        expect(p.playhead).toBe(0);
    });

    test('default speed plays the run in about 30 s; stepMoment finds neighbours', () => {
        // 15 min / 30 s = 30×; 1 h / 30 s = 120×.
        expect(defaultSpeed(900_000)).toBe(30);
        expect(defaultSpeed(3_600_000)).toBe(120);
        const m = Float64Array.from([0, 100, 250, 900]);
        expect(stepMoment(m, 100, 1)).toBe(250);
        expect(stepMoment(m, 100, -1)).toBe(0);
        expect(stepMoment(m, 120, -1)).toBe(100);
        expect(stepMoment(m, 900, 1)).toBeNull();
        expect(stepMoment(m, 0, -1)).toBeNull();
    });
});

describe('formats', () => {
    test('durations, instants and counts', () => {
        expect(formatDuration(350)).toBe('350ms');
        expect(formatDuration(2500)).toBe('2.5s');
        expect(formatDuration(72_000)).toBe('1m12s');
        expect(formatDuration(3_720_000)).toBe('1h02m');
        expect(formatInstant(150_250, 10)).toBe('2m30.25s');
        expect(formatInstant(125_000, 1000)).toBe('2m05s');
        expect(formatInstant(0)).toBe('0s');
        expect(formatInstant(3_900_000, 1000)).toBe('1h05m');
        expect(formatInstant(59_999.9, 1)).toBe('1m');
        expect(formatCount(12_345)).toBe('12,345');
        expect(formatCount(12_345, true)).toBe('12k');
        expect(formatCount(1_250, true)).toBe('1.3k');
        expect(formatCount(4_500_000, true)).toBe('4.5M');
    });
});
