/**
 * The typed messages between the extension and the webview, and the trace guard that keeps a
 * malformed trace from being drawn. Real engine traces must pass; broken ones must not.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { parseHostMessage, parseWebviewMessage, parseWebviewState } from '../../extension/src/messages.js';
import { checkTrace } from '../../extension/src/replay-trace-guard.js';
import { scenarioAtLine } from '../../extension/src/replay-server.js';
import { type SampleTrace, simulateSamples } from './engine-traces.js';

let samples: SampleTrace[] = [];
const schema = new Ajv({ strict: false, allErrors: false }).compile(JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')));

beforeAll(async () => {
    const { traces, failures } = await simulateSamples();
    expect(failures).toEqual([]);
    samples = traces;
}, 300_000);

const clone = (t: Trace): Record<string, unknown> => JSON.parse(JSON.stringify(t));

/** Breaks one thing the panel reads; each must be refused by the guard and by the schema. */
const BREAKAGES: readonly [string, (t: Record<string, any>) => void][] = [
    ['traceVersion 2', (t) => (t.traceVersion = 2)],
    ['durationMs a string', (t) => (t.durationMs = '15m')],
    ['activity kind unknown', (t) => (t.activity[0].kind = 'sleeping')],
    ['ownership partition negative', (t) => (t.ownership[0].partition = -1)],
    ['group state unknown', (t) => (t.groupStates[0].state = 'Rebalancing')],
    ['event without a name', (t) => delete t.events[0].name],
    ['lag not numbers', (t) => (t.lag[0].lag = ['a'])],
    ['expectation pass not boolean', (t) => (t.expectations[0] = { ...t.expectations[0], pass: 'yes' })],
    ['members not an array', (t) => (t.members = {})],
    ['summary missing', (t) => delete t.summary]
];

describe('trace guard', () => {
    test('every engine trace of the samples passes the schema and the guard', () => {
        expect(samples.length).toBeGreaterThan(0);
        for (const { scenario, trace } of samples) {
            expect(schema(trace), `${scenario}: ${JSON.stringify(schema.errors?.slice(0, 2))}`).toBe(true);
            expect(checkTrace(trace), scenario).toEqual([]);
        }
    });

    test.each(BREAKAGES)('refuses a trace with %s (and so does the schema)', (_, breakIt) => {
        const t = clone(samples.find((s) => s.trace.expectations.length > 0 && s.trace.activity.length > 0 && s.trace.ownership.length > 0)!.trace);
        breakIt(t);
        expect(checkTrace(t).length).toBeGreaterThan(0);
        expect(schema(t)).toBe(false);
    });

    test('refuses cross-references the schema cannot see: a span of an unknown member, a span outside the run', () => {
        const base = samples[0].trace;
        const t1 = clone(base) as any;
        t1.activity[0].member = 'nobody';
        expect(checkTrace(t1).join()).toMatch(/member "nobody" is not in members/);
        const t2 = clone(base) as any;
        t2.ownership[0].to = base.durationMs + 1000;
        expect(checkTrace(t2).join()).toMatch(/outside the run/);
        const t3 = clone(base) as any;
        t3.groupStates[0] = { ...t3.groupStates[0], from: 10, to: 5 };
        expect(checkTrace(t3).join()).toMatch(/from 10 > to 5/);
    });

    /** Breaks one KIP-848 field the panel draws (target strip, reconciliation, group-type band). */
    const KIP848_BREAKAGES: readonly [string, (cp: Record<string, any>) => void, RegExp][] = [
        ['a reconciliation state unknown', (cp) => (cp.reconciliations[0].state = 'RECONCILING'), /is not a reconciliation state/],
        ['a reconciliation without revoking', (cp) => delete cp.reconciliations[0].revoking, /assigned\/revoking are not partition sets/],
        ['a group type unknown', (cp) => (cp.groupTypes[0].type = 'share'), /is not classic or consumer/],
        ['a target partition negative', (cp) => (Object.values(cp.targetAssignments[0].assignment)[0] as Record<string, number[]>).orders.push(-1), /is not a partition set/],
        ['a target assignment at a string', (cp) => (cp.targetAssignments[0].at = '1m'), /at is not a time in the run/]
    ];
    test.each(KIP848_BREAKAGES)('refuses a consumer-protocol trace with %s (and so does the schema)', (_, breakIt, message) => {
        const t = clone(samples.find((s) => s.scenario === 'live-upgrade')!.trace) as any;
        breakIt(t.consumerProtocol);
        expect(checkTrace(t).join()).toMatch(message);
        expect(schema(t)).toBe(false);
    });

    test('refuses a target naming a member the trace does not have', () => {
        const t = clone(samples.find((s) => s.scenario === 'kip848')!.trace) as any;
        t.consumerProtocol.targetAssignments[0].assignment.nobody = { orders: [0] };
        expect(checkTrace(t).join()).toMatch(/member "nobody" is not in members/);
    });
});

describe('host → webview messages', () => {
    test('a load with an engine trace parses', () => {
        const { trace } = samples[0];
        const r = parseHostMessage({ type: 'load', views: [{ source: { uri: 'file:///s.rebal', scenario: trace.scenario }, trace }] });
        expect(r.ok).toBe(true);
    });

    test.each([
        ['not an object', 42, /not an object/],
        ['unknown type', { type: 'draw' }, /unknown message type/],
        ['load with three views', { type: 'load', views: [1, 2, 3] }, /one or two views/],
        ['load without a source', { type: 'load', views: [{ trace: null }] }, /source is not an object/],
        ['update of view 2', { type: 'update', index: 2, trace: {} }, /index must be 0 or 1/],
        ['cursor at line 0', { type: 'cursor', uri: 'file:///a', line: 0 }, /1-based/],
        ['problem without text', { type: 'problem', index: 0 }, /message is not a string/]
    ])('refuses %s', (_, message, error) => {
        const r = parseHostMessage(message);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(error);
    });

    test('a trace may travel as JSON text (what the extension sends): parsed, then checked like an object', () => {
        const { trace } = samples[0];
        const source = { uri: 'file:///s.rebal', scenario: trace.scenario };
        const r = parseHostMessage({ type: 'load', views: [{ source, traceJson: JSON.stringify(trace) }] });
        expect(r.ok && r.value.type === 'load' && r.value.views[0].trace).toEqual(trace);
        const u = parseHostMessage({ type: 'update', index: 0, traceJson: JSON.stringify(trace) });
        expect(u.ok && u.value.type === 'update' && u.value.trace.scenario).toBe(trace.scenario);
        const notJson = parseHostMessage({ type: 'load', views: [{ source, traceJson: '{"traceVersion": 1,' }] });
        expect(notJson.ok).toBe(false);
        if (!notJson.ok) expect(notJson.error).toMatch(/load\.views\[0\]\.traceJson is not JSON/);
        const broken = parseHostMessage({ type: 'update', index: 0, traceJson: JSON.stringify({ ...trace, durationMs: -1 }) });
        expect(broken.ok).toBe(false);
    });

    test('a load whose trace is broken is refused as a whole, naming the field', () => {
        const t = clone(samples[0].trace) as any;
        t.activity[0].kind = 'sleeping';
        const r = parseHostMessage({ type: 'load', views: [{ source: { uri: 'u', scenario: 's' }, trace: t }] });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(/load\.views\[0\]\.trace: activity\[0\]\.kind "sleeping"/);
    });
});

describe('webview → host messages and saved state', () => {
    test('pictures must be what they say they are, file names plain', () => {
        expect(parseWebviewMessage({ type: 'exportPicture', format: 'svg', fileName: 'a.svg', data: '<svg xmlns="…"></svg>' }).ok).toBe(true);
        expect(parseWebviewMessage({ type: 'exportPicture', format: 'png', fileName: 'a.png', data: 'data:image/png;base64,iVBORw0KGgo=' }).ok).toBe(true);
        expect(parseWebviewMessage({ type: 'exportPicture', format: 'png', fileName: 'a.png', data: '<svg>' }).ok).toBe(false);
        expect(parseWebviewMessage({ type: 'exportPicture', format: 'svg', fileName: '../../etc/passwd', data: '<svg>' }).ok).toBe(false);
        expect(parseWebviewMessage({ type: 'revealLine', uri: 'file:///a', line: 3 }).ok).toBe(true);
        expect(parseWebviewMessage({ type: 'revealLine', uri: 'file:///a', line: 2.5 }).ok).toBe(false);
        expect(parseWebviewMessage({ type: 'exportTrace', index: 1 }).ok).toBe(true);
        expect(parseWebviewMessage({ type: 'nonsense' }).ok).toBe(false);
    });

    test('saved state: good state round-trips, anything else restores nothing', () => {
        const state = { stateVersion: 1, sources: [{ uri: 'file:///a.rebal', scenario: 's', override: { key: 'session.timeout.ms', value: '10s' } }], playhead: 1234, view: { from: 0, to: 5000 }, speed: 30, scrollTop: 12 };
        expect(parseWebviewState(state)).toEqual(state);
        expect(parseWebviewState({ ...state, stateVersion: 2 })).toBeNull();
        expect(parseWebviewState({ ...state, sources: [] })).toBeNull();
        expect(parseWebviewState(undefined)).toBeNull();
        // Bad numbers fall back to the start, the whole run, the default speed.
        expect(parseWebviewState({ ...state, playhead: -5, view: { from: 9, to: 1 }, speed: 'fast' })).toMatchObject({ playhead: 0, view: null, speed: 0 });
    });

    test('the scenario under the cursor is the last one declared at or above it', () => {
        const scenarios = [
            { name: 'a', line: 10, group: 'g' },
            { name: 'b', line: 30, group: 'g' }
        ];
        expect(scenarioAtLine(scenarios, 9)).toBeUndefined();
        expect(scenarioAtLine(scenarios, 10)?.name).toBe('a');
        expect(scenarioAtLine(scenarios, 29)?.name).toBe('a');
        expect(scenarioAtLine(scenarios, 31)?.name).toBe('b');
    });
});
