/**
 * The type checker's rules, tested as data: every `.rebal` file under rules/<code>/ is one
 * case, every folder under rules/<code>/ is one multi-file case (its files see each other
 * through `import`). The expectations are the files' `$TEST$` comments (test-data.ts).
 * Adding a rule test means adding a file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Codes } from '../../language-server/src/language/validation/codes.js';
import { checkFiles, compareWithExpectations, type CaseFile } from './check-case.js';
import { readTestFile } from './test-data.js';

const ROOT = join(__dirname, 'rules');

interface RuleCase {
    readonly name: string;
    readonly files: CaseFile[];
}

function rebalFilesUnder(dir: string): string[] {
    return readdirSync(dir)
        .sort()
        .flatMap((entry) => {
            const path = join(dir, entry);
            if (statSync(path).isDirectory()) return rebalFilesUnder(path);
            return entry.endsWith('.rebal') ? [path] : [];
        });
}

function discoverCases(): RuleCase[] {
    const cases: RuleCase[] = [];
    for (const code of readdirSync(ROOT).sort()) {
        const codeDir = join(ROOT, code);
        if (!statSync(codeDir).isDirectory()) continue;
        for (const entry of readdirSync(codeDir).sort()) {
            const path = join(codeDir, entry);
            const paths = statSync(path).isDirectory() ? rebalFilesUnder(path) : entry.endsWith('.rebal') ? [path] : [];
            if (paths.length === 0) continue;
            const base = statSync(path).isDirectory() ? path : codeDir;
            cases.push({
                name: relative(ROOT, path),
                files: paths.map((p) => ({ path: relative(base, p), raw: readFileSync(p, 'utf8') }))
            });
        }
    }
    return cases;
}

const cases = discoverCases();

describe('checker rules (test/checker/rules)', () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, ruleCase) => {
        const checked = await checkFiles(ruleCase.files);
        const failures = checked.flatMap(compareWithExpectations);
        expect(failures, failures.join('\n')).toEqual([]);
    });
});

/** The codes the checker does not emit: they come from running the simulation. */
const NOT_FROM_THE_CHECKER = new Set<string>([Codes.expectFailed, Codes.memberFailed, Codes.simulationFailed]);

describe('rule coverage', () => {
    test('every code the checker emits has a case expecting it and a case forbidding it', () => {
        const positive = new Set<string>();
        const negative = new Set<string>();
        for (const c of cases) {
            for (const f of c.files) {
                for (const e of readTestFile(f.raw).expectations) (e.present ? positive : negative).add(e.code);
            }
        }
        const codes = Object.values(Codes).filter((c) => !NOT_FROM_THE_CHECKER.has(c));
        expect(codes.filter((c) => !positive.has(c)), 'codes no case expects').toEqual([]);
        expect(codes.filter((c) => !negative.has(c)), 'codes no case rules out').toEqual([]);
    });

    test('each case folder is named after a code, and its cases expect that code', () => {
        const known = new Set<string>(Object.values(Codes));
        const wrong: string[] = [];
        for (const c of cases) {
            const code = c.name.split(/[\\/]/)[0];
            if (!known.has(code)) wrong.push(`${c.name}: ${code} is not a code`);
        }
        expect(wrong).toEqual([]);
    });
});
