/**
 * The driver itself: markers are read at the right places, malformed tests are caught, and
 * a wrong expectation makes a case fail (so the data-driven suite can fail).
 */
import { describe, expect, test } from 'vitest';
import { checkFiles, compareWithExpectations } from './check-case.js';
import { readTestFile } from './test-data.js';

describe('reading $TEST$ comments and »…« ranges', () => {
    test('a block of comments binds to the next range; markers are removed', () => {
        const file = readTestFile(['// $TEST$ warning "a" says "x" says "y"', '// $TEST$ no error "b"', 'key = »15s«', ''].join('\n'));
        expect(file.malformed).toEqual([]);
        expect(file.text).toBe(['// $TEST$ warning "a" says "x" says "y"', '// $TEST$ no error "b"', 'key = 15s', ''].join('\n'));
        expect(file.expectations.map((e) => [e.present, e.severity, e.code, e.says, e.range])).toEqual([
            // line 2 (0-based), characters 6..9 of `key = 15s`
            [true, 'warning', 'a', ['x', 'y'], { start: { line: 2, character: 6 }, end: { line: 2, character: 9 } }],
            [false, 'error', 'b', [], { start: { line: 2, character: 6 }, end: { line: 2, character: 9 } }]
        ]);
    });

    test('`anywhere` takes no range; nested ranges open in order', () => {
        const file = readTestFile(['// $TEST$ no warning "w" anywhere', '// $TEST$ error "outer"', 'x = »a »b« c«'].join('\n'));
        expect(file.malformed).toEqual(['line 3: a »…« range that no $TEST$ comment before it uses']);
        expect(file.expectations[0].range).toBeUndefined();
        // `x = a b c`: the outer range runs from `a` (4) to after `c` (9).
        expect(file.expectations[1].range).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
    });

    test('mistakes in a test file are reported', () => {
        expect(readTestFile('// $TEST$ warning "a"\nx = 1\n').malformed).toEqual(['line 1: `warning "a"` has no »…« range after it']);
        expect(readTestFile('x = »1«\n').malformed).toEqual(['line 1: a »…« range that no $TEST$ comment before it uses']);
        expect(readTestFile('// $TEST$ warnin "a"\n').malformed[0]).toMatch(/cannot read/);
        expect(readTestFile('// $TEST$ warning "a" anywhere\n').malformed[0]).toMatch(/only goes with `no`/);
        expect(readTestFile('// $TEST$ warning "a"\nx = 1\n// $TEST$ warning "b"\ny = »2«\n').malformed[0]).toMatch(/has no »…« range before the next/);
    });
});

describe('comparing with the checker', () => {
    const group = (hb: string) => `group g {\n  session.timeout.ms = 9s\n  heartbeat.interval.ms = ${hb}\n  consumer c1\n}\n`;

    test('an expected diagnostic on another range fails', async () => {
        // The heartbeat-ratio warning lands on `3s` (line 3), not on the key.
        const raw = `// $TEST$ warning "heartbeat-ratio"\n` + group('3s').replace('heartbeat.interval.ms', '»heartbeat.interval.ms«');
        const [checked] = await checkFiles([{ path: 'a.rebal', raw }]);
        const failures = compareWithExpectations(checked);
        expect(failures.join('\n')).toMatch(/no warning "heartbeat-ratio" at 4:3-4:24; found it at 4:27-4:29/);
    });

    test('an unexpected warning fails, and a `says` that is not in the message fails', async () => {
        const [plain] = await checkFiles([{ path: 'a.rebal', raw: group('3s') }]);
        expect(compareWithExpectations(plain).join('\n')).toMatch(/unexpected warning "heartbeat-ratio"/);
        const [says] = await checkFiles([{ path: 'a.rebal', raw: `// $TEST$ warning "heartbeat-ratio" says "FENCED"\n` + group('»3s«') }]);
        expect(compareWithExpectations(says).join('\n')).toMatch(/does not say "FENCED"/);
    });

    test('a forbidden diagnostic that appears fails', async () => {
        const raw = `// $TEST$ no warning "heartbeat-ratio" anywhere\n// $TEST$ warning "heartbeat-ratio"\n` + group('»3s«');
        const [checked] = await checkFiles([{ path: 'a.rebal', raw }]);
        expect(compareWithExpectations(checked).join('\n')).toMatch(/`no warning "heartbeat-ratio" anywhere`: unexpected warning/);
    });
});
