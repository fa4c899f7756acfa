/**
 * Reads a rule test written as data (in the spirit of Safe-DS): a `.rebal` file whose
 * comments say which diagnostics the checker must report, and where.
 *
 *     // $TEST$ warning "heartbeat-ratio" says "a third"
 *     heartbeat.interval.ms = »15s«
 *
 * - `// $TEST$ SEVERITY "CODE"` expects a diagnostic with that code and severity on exactly
 *   the next `»…«` range. Consecutive `$TEST$` lines share that range.
 * - `says "TEXT"` (repeatable) requires the message to contain TEXT.
 * - `// $TEST$ no SEVERITY "CODE"` forbids such a diagnostic overlapping the next range;
 *   with `anywhere` at the end it forbids it in the whole file (and takes no range).
 * Every error and warning the checker reports must be expected; infos and hints are checked
 * only where a test names them. The markers are removed before parsing, so positions are
 * those of the file without them.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Position {
    readonly line: number;
    readonly character: number;
}

export interface Range {
    readonly start: Position;
    readonly end: Position;
}

export interface Expectation {
    readonly present: boolean;
    readonly severity: Severity;
    readonly code: string;
    readonly says: readonly string[];
    /** Undefined for `anywhere`. */
    readonly range?: Range;
    /** 1-based line of the `$TEST$` comment, for failure messages. */
    readonly commentLine: number;
    readonly source: string;
}

export interface TestFile {
    /** The text with the `»` `«` markers removed: what is parsed. */
    readonly text: string;
    readonly expectations: readonly Expectation[];
    /** Mistakes in the test file itself (a range no test uses, a test with no range…). */
    readonly malformed: readonly string[];
}

const TEST_COMMENT = /\/\/\s*\$TEST\$\s*(.*)$/;
const EXPECTATION = /^(no\s+)?(error|warning|info|hint)\s+"([^"]+)"((?:\s+says\s+"[^"]*")*)(\s+anywhere)?\s*$/;
const SAYS = /says\s+"([^"]*)"/g;

interface PendingExpectation extends Omit<Expectation, 'range'> {
    readonly anywhere: boolean;
}

export function readTestFile(raw: string): TestFile {
    const malformed: string[] = [];
    const expectations: Expectation[] = [];
    // Strip markers, remembering where each range starts and ends in the stripped text.
    let text = '';
    let line = 0;
    let character = 0;
    const open: Position[] = [];
    const ranges: { range: Range; rawLine: number }[] = [];
    let rawLine = 1;
    for (const ch of raw) {
        if (ch === '»') {
            open.push({ line, character });
            continue;
        }
        if (ch === '«') {
            const start = open.pop();
            if (!start) malformed.push(`line ${rawLine}: « without a matching »`);
            else ranges.push({ range: { start, end: { line, character } }, rawLine });
            continue;
        }
        text += ch;
        if (ch === '\n') {
            line++;
            rawLine++;
            character = 0;
        } else {
            character++;
        }
    }
    for (const _ of open) malformed.push('» without a matching «');
    // Ranges in the order their `»` appears (nested ranges open in order too).
    ranges.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

    // Walk the lines (markers are not newlines, so raw and stripped lines line up): a block
    // of consecutive $TEST$ lines binds to the first range that opens after it.
    const lines = raw.split('\n');
    let pending: PendingExpectation[] = [];
    let codeSincePending = false;
    let nextRange = 0;
    for (let i = 0; i < lines.length; i++) {
        const match = TEST_COMMENT.exec(lines[i]);
        if (match) {
            if (pending.length > 0 && codeSincePending) {
                malformed.push(`line ${pending[0].commentLine}: \`${pending[0].source}\` has no »…« range before the next $TEST$ (line ${i + 1})`);
                pending = [];
            }
            const expectation = readExpectation(match[1].trim(), i + 1, malformed);
            if (expectation?.anywhere) expectations.push(stripPending(expectation));
            else if (expectation) {
                if (pending.length === 0) codeSincePending = false;
                pending.push(expectation);
            }
        } else if (pending.length > 0 && lines[i].trim() !== '' && !lines[i].trim().startsWith('//')) {
            codeSincePending = true;
        }
        for (; nextRange < ranges.length && ranges[nextRange].range.start.line === i; nextRange++) {
            if (pending.length === 0 || match) {
                malformed.push(`line ${i + 1}: a »…« range that no $TEST$ comment before it uses`);
                continue;
            }
            for (const p of pending) expectations.push({ ...stripPending(p), range: ranges[nextRange].range });
            pending = [];
        }
    }
    for (const p of pending) malformed.push(`line ${p.commentLine}: \`${p.source}\` has no »…« range after it`);
    for (; nextRange < ranges.length; nextRange++) malformed.push(`line ${ranges[nextRange].rawLine}: a »…« range that no $TEST$ comment before it uses`);
    return { text, expectations, malformed };
}

function readExpectation(text: string, line: number, malformed: string[]): PendingExpectation | undefined {
    const parsed = EXPECTATION.exec(text);
    if (!parsed) {
        malformed.push(`line ${line}: cannot read \`${text}\` (expected e.g. warning "heartbeat-ratio" says "…")`);
        return undefined;
    }
    const anywhere = Boolean(parsed[5]);
    if (anywhere && !parsed[1]) {
        malformed.push(`line ${line}: \`anywhere\` only goes with \`no\``);
        return undefined;
    }
    return {
        present: !parsed[1],
        severity: parsed[2] as Severity,
        code: parsed[3],
        says: [...(parsed[4] ?? '').matchAll(SAYS)].map((m) => m[1]),
        commentLine: line,
        source: text,
        anywhere
    };
}

function stripPending(p: PendingExpectation): Expectation {
    return { present: p.present, severity: p.severity, code: p.code, says: p.says, commentLine: p.commentLine, source: p.source };
}

export function rangesEqual(a: Range, b: Range): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function before(a: Position, b: Position): boolean {
    return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when the ranges share at least one character (an empty range counts at its point). */
export function rangesOverlap(a: Range, b: Range): boolean {
    const empty = !before(a.start, a.end) || !before(b.start, b.end);
    if (empty) return !before(a.end, b.start) && !before(b.end, a.start);
    return before(a.start, b.end) && before(b.start, a.end);
}

export function formatRange(r: Range): string {
    return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}
