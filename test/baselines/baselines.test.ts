/**
 * Baseline traces of the samples: each scenario's story (story.ts) is kept in
 * test/baselines/<sample>.<scenario>.txt. A difference fails the test; `npm run baselines`
 * refreshes every file so the change is reviewed in the diff.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NodeFileSystem } from 'langium/node';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { buildWorkspace, expandPaths } from '../../language-server/src/cli/workspace.js';
import * as ast from '../../language-server/src/language/generated/ast.js';
import { simulate } from '../../language-server/src/simulation/index.js';
import { traceStory } from './story.js';

const UPDATE = process.env.REBAL_UPDATE_BASELINES === '1';
const dir = 'test/baselines/stories';
const samples = readdirSync('samples').filter((f) => f.endsWith('.rebal')).sort();

describe('baselines of the samples', async () => {
    const { shared, Rebal } = createRebalServices(NodeFileSystem);
    const files = expandPaths(samples.map((s) => join('samples', s)), process.cwd());
    await buildWorkspace(shared, files);
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
        const root = file.document?.parseResult.value;
        if (!ast.isDocument(root)) continue;
        for (const scenario of root.elements.filter(ast.isScenario)) {
            const name = `${basename(file.shown, '.rebal')}.${scenario.name}.txt`;
            test(name, () => {
                const input = Rebal.simulation.SimulationService.inputOf(scenario);
                expect(input, `${name}: no group`).toBeDefined();
                const story = traceStory(simulate(input!).trace);
                const path = join(dir, name);
                if (UPDATE) writeFileSync(path, story);
                expect(existsSync(path), `${path} is missing: run npm run baselines and review it`).toBe(true);
                expect(story).toBe(readFileSync(path, 'utf8'));
            });
        }
    }
});
