/**
 * Kafka's own assignor test suites, as data: every file in fixtures/ holds the cases of one
 * Kafka test class (see fixture-model.ts for the encoding) and this driver runs them all.
 */
import { describe, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureFile } from './fixture-model.js';
import { expand, runCase } from './fixture-driver.js';

const dir = join(__dirname, 'fixtures');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FixtureFile;
    describe(`${fixture.suite} (${file})`, () => {
        for (const c of fixture.cases) {
            for (const concrete of expand(c)) {
                it(concrete.label, () => runCase(concrete));
            }
        }
    });
}
