/**
 * The messages between the extension host and the replay webview, defined once and imported by
 * both sides (extension/src/replay-*.ts and extension/webview/**). Nothing here imports VS Code
 * or the DOM, so the standalone HTML export and the tests use the same definitions.
 *
 * Invariant: neither side acts on a message it has not parsed with the functions below. A message
 * that does not parse is reported (the webview shows it in the panel and tells the host with
 * `rejected`), never drawn.
 */
import type { Trace } from '../../language-server/src/simulation/trace.js';
import { checkTrace } from './replay-trace-guard.js';

/** What a view shows: one scenario of one file, optionally with one group setting overridden. */
export interface TraceSource {
    readonly uri: string;
    readonly scenario: string;
    /** One group setting written as in the language, e.g. `partition.assignment.strategy` = `[range]`. */
    readonly override?: { readonly key: string; readonly value: string };
}

/** One view of the panel: its source and the last trace the server gave for it. */
export interface ViewPayload {
    readonly source: TraceSource;
    /** Null when the server could not simulate it (then `problem` says why). */
    readonly trace: Trace | null;
    readonly problem?: string;
}

/**
 * How a trace travels: as the object, or as its JSON text. The text is much cheaper to move into
 * a webview (one string to copy instead of a hundred thousand objects to clone, docs/benchmarks.md)
 * and the webview parses it once; the host sends text, tests and the HTML export may send either.
 */
export type TraceOnWire = { readonly trace: Trace } | { readonly traceJson: string };

/** What the host actually posts: HostMessage with traces on the wire. */
export type HostWireMessage =
    | { readonly type: 'load'; readonly views: readonly ({ readonly source: TraceSource } & (TraceOnWire | { readonly trace: null; readonly problem: string }))[] }
    | ({ readonly type: 'update'; readonly index: number } & TraceOnWire)
    | Extract<HostMessage, { type: 'problem' | 'cursor' }>;

/** Host → webview, as the webview sees it once parsed. */
export type HostMessage =
    /** Replace what the panel shows (first open, compare, close compare). One or two views. */
    | { readonly type: 'load'; readonly views: readonly ViewPayload[] }
    /** A view's scenario was re-simulated after an edit: redraw in place, keep the playhead. */
    | { readonly type: 'update'; readonly index: number; readonly trace: Trace }
    /** The server could not give a trace for a view (syntax error while typing…): keep the last one, say why. */
    | { readonly type: 'problem'; readonly index: number; readonly message: string }
    /** The editor's cursor moved to `line` (1-based) of `uri`: an `at` line moves the playhead there. */
    | { readonly type: 'cursor'; readonly uri: string; readonly line: number };

export type ExportPictureFormat = 'svg' | 'png';

/** Webview → host. */
export type WebviewMessage =
    /** The webview has installed its message listener; the host may send `load`. */
    | { readonly type: 'ready' }
    /** Reveal a line of a file (a clicked scenario event or expectation). */
    | { readonly type: 'revealLine'; readonly uri: string; readonly line: number }
    /** Save a picture the webview rendered. `data`: SVG text, or a PNG `data:image/png;base64,…` URL. */
    | { readonly type: 'exportPicture'; readonly format: ExportPictureFormat; readonly fileName: string; readonly data: string }
    /** Save the trace of a view as JSON (the host holds the traces). */
    | { readonly type: 'exportTrace'; readonly index: number }
    /** Save the whole replay as one self-contained HTML file. */
    | { readonly type: 'exportHtml' }
    /** Ask the host to pick a second scenario (or the same one with a different setting). */
    | { readonly type: 'compare' }
    /** Drop the second view. */
    | { readonly type: 'closeCompare' }
    /** A host message did not parse; the panel shows `reason` too. */
    | { readonly type: 'rejected'; readonly reason: string };

/**
 * What the webview keeps with `setState` (and the panel serializer receives after a reload):
 * where it was, not the traces, which the host asks the server for again.
 */
export interface WebviewState {
    readonly stateVersion: 1;
    readonly sources: readonly TraceSource[];
    readonly playhead: number;
    /** Visible time range; null = the whole run. */
    readonly view: { readonly from: number; readonly to: number } | null;
    readonly speed: number;
    readonly scrollTop: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

function isRecord(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isString = (x: unknown): x is string => typeof x === 'string';
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isLine = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
const isIndex = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < 2;

/** Longest text accepted in a `problem` or `rejected` message (they are shown, not parsed). */
const MAX_TEXT = 4000;

export function parseTraceSource(x: unknown): Parsed<TraceSource> {
    if (!isRecord(x)) return fail('source is not an object');
    if (!isString(x.uri) || x.uri.length === 0) return fail('source.uri is not a non-empty string');
    if (!isString(x.scenario) || x.scenario.length === 0) return fail('source.scenario is not a non-empty string');
    if (x.override === undefined) return ok({ uri: x.uri, scenario: x.scenario });
    const o = x.override;
    if (!isRecord(o) || !isString(o.key) || !isString(o.value) || o.key.length === 0) {
        return fail('source.override is not { key, value } strings');
    }
    return ok({ uri: x.uri, scenario: x.scenario, override: { key: o.key, value: o.value } });
}

function parseTrace(x: unknown, where: string): Parsed<Trace> {
    const problems = checkTrace(x);
    return problems.length === 0 ? ok(x as Trace) : fail(`${where}: ${problems.join('; ')}`);
}

/** The trace of a view or an update: `trace` (object) or `traceJson` (its text). */
function parseTraceOnWire(x: Record<string, unknown>, where: string): Parsed<Trace> {
    if (typeof x.traceJson === 'string') {
        let value: unknown;
        try {
            value = JSON.parse(x.traceJson);
        } catch (e) {
            return fail(`${where}Json is not JSON: ${e instanceof Error ? e.message : String(e)}`.slice(0, MAX_TEXT));
        }
        return parseTrace(value, where);
    }
    return parseTrace(x.trace, where);
}

/** Parses what the webview received from the host. */
export function parseHostMessage(x: unknown): Parsed<HostMessage> {
    if (!isRecord(x)) return fail('message is not an object');
    switch (x.type) {
        case 'load': {
            if (!Array.isArray(x.views) || x.views.length < 1 || x.views.length > 2) {
                return fail('load.views must hold one or two views');
            }
            const views: ViewPayload[] = [];
            for (const [i, v] of x.views.entries()) {
                if (!isRecord(v)) return fail(`load.views[${i}] is not an object`);
                const source = parseTraceSource(v.source);
                if (!source.ok) return fail(`load.views[${i}].${source.error}`);
                if (v.problem !== undefined && !isString(v.problem)) return fail(`load.views[${i}].problem is not a string`);
                if (v.trace === null && v.traceJson === undefined) {
                    views.push({ source: source.value, trace: null, problem: (v.problem as string | undefined)?.slice(0, MAX_TEXT) ?? 'no trace' });
                    continue;
                }
                const trace = parseTraceOnWire(v, `load.views[${i}].trace`);
                if (!trace.ok) return fail(trace.error);
                views.push({ source: source.value, trace: trace.value });
            }
            return ok({ type: 'load', views });
        }
        case 'update': {
            if (!isIndex(x.index)) return fail('update.index must be 0 or 1');
            const trace = parseTraceOnWire(x, 'update.trace');
            if (!trace.ok) return fail(trace.error);
            return ok({ type: 'update', index: x.index, trace: trace.value });
        }
        case 'problem':
            if (!isIndex(x.index)) return fail('problem.index must be 0 or 1');
            if (!isString(x.message)) return fail('problem.message is not a string');
            return ok({ type: 'problem', index: x.index, message: x.message.slice(0, MAX_TEXT) });
        case 'cursor':
            if (!isString(x.uri)) return fail('cursor.uri is not a string');
            if (!isLine(x.line)) return fail('cursor.line is not a 1-based line number');
            return ok({ type: 'cursor', uri: x.uri, line: x.line });
        default:
            return fail(`unknown message type ${JSON.stringify(String(x.type)).slice(0, 60)}`);
    }
}

const PICTURE_DATA = { svg: /^<svg[\s>]/, png: /^data:image\/png;base64,[A-Za-z0-9+/=]+$/ } as const;
const SAFE_FILE_NAME = /^[\w.,()+\- ]{1,120}$/;

/** Parses what the host received from the webview. */
export function parseWebviewMessage(x: unknown): Parsed<WebviewMessage> {
    if (!isRecord(x)) return fail('message is not an object');
    switch (x.type) {
        case 'ready':
        case 'exportHtml':
        case 'compare':
        case 'closeCompare':
            return ok({ type: x.type });
        case 'revealLine':
            if (!isString(x.uri) || !isLine(x.line)) return fail('revealLine needs a uri and a 1-based line');
            return ok({ type: 'revealLine', uri: x.uri, line: x.line });
        case 'exportPicture': {
            if (x.format !== 'svg' && x.format !== 'png') return fail('exportPicture.format must be svg or png');
            if (!isString(x.fileName) || !SAFE_FILE_NAME.test(x.fileName)) return fail('exportPicture.fileName is not a plain file name');
            if (!isString(x.data) || !PICTURE_DATA[x.format].test(x.data.slice(0, 200_000_000))) {
                return fail(`exportPicture.data is not ${x.format === 'svg' ? 'SVG text' : 'a PNG data URL'}`);
            }
            return ok({ type: 'exportPicture', format: x.format, fileName: x.fileName, data: x.data });
        }
        case 'exportTrace':
            if (!isIndex(x.index)) return fail('exportTrace.index must be 0 or 1');
            return ok({ type: 'exportTrace', index: x.index });
        case 'rejected':
            if (!isString(x.reason)) return fail('rejected.reason is not a string');
            return ok({ type: 'rejected', reason: x.reason.slice(0, MAX_TEXT) });
        default:
            return fail(`unknown message type ${JSON.stringify(String(x.type)).slice(0, 60)}`);
    }
}

/** Parses a saved webview state; anything unusable gives null (the panel then starts fresh). */
export function parseWebviewState(x: unknown): WebviewState | null {
    if (!isRecord(x) || x.stateVersion !== 1 || !Array.isArray(x.sources)) return null;
    const sources: TraceSource[] = [];
    for (const s of x.sources.slice(0, 2)) {
        const parsed = parseTraceSource(s);
        if (!parsed.ok) return null;
        sources.push(parsed.value);
    }
    if (sources.length === 0) return null;
    const view = isRecord(x.view) && isFiniteNumber(x.view.from) && isFiniteNumber(x.view.to) && x.view.to > x.view.from
        ? { from: x.view.from, to: x.view.to }
        : null;
    return {
        stateVersion: 1,
        sources,
        playhead: isFiniteNumber(x.playhead) && x.playhead >= 0 ? x.playhead : 0,
        view,
        speed: isFiniteNumber(x.speed) && x.speed > 0 ? x.speed : 0,
        scrollTop: isFiniteNumber(x.scrollTop) && x.scrollTop >= 0 ? x.scrollTop : 0
    };
}

/** The two sources are the same view (same file, scenario and override). */
export function sameSource(a: TraceSource, b: TraceSource): boolean {
    return a.uri === b.uri && a.scenario === b.scenario && a.override?.key === b.override?.key && a.override?.value === b.override?.value;
}
