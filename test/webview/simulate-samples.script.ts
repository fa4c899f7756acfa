/**
 * Run by engine-traces.ts in a child process (so a run that never ends can be stopped): parses
 * one .rebal file as the language server does, builds each scenario's SimulationInput and
 * simulates it. Prints one JSON line per scenario: { scenario, trace } or { scenario, error }.
 */
import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { buildSimulationInput } from '../../language-server/src/language/model-builder.js';
import type { Document, Scenario } from '../../language-server/src/language/generated/ast.js';
import { simulate } from '../../language-server/src/simulation/index.js';

async function main(file: string): Promise<void> {
    const services = createRebalServices(EmptyFileSystem);
    const doc = await parseHelper<Document>(services.Rebal)(readFileSync(file, 'utf8'), { validation: true });
    const scenarios = doc.parseResult.value.elements.filter((e): e is Scenario => e.$type === 'Scenario');
    for (const scenario of scenarios) {
        try {
            const input = buildSimulationInput(scenario, services.shared.workspace.LangiumDocuments);
            if (!input) {
                process.stdout.write(`${JSON.stringify({ scenario: scenario.name, error: 'the model builder gave no input (file has errors?)' })}\n`);
                continue;
            }
            const { trace } = simulate(input);
            process.stdout.write(`${JSON.stringify({ scenario: scenario.name, trace })}\n`);
        } catch (e) {
            process.stdout.write(`${JSON.stringify({ scenario: scenario.name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })}\n`);
        }
    }
}

void main(process.argv[2]);
