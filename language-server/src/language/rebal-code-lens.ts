/**
 * CodeLens over each scenario: its summary from the latest simulation (rebalances, longest
 * pause, max lag, duplicates) and ▶ Replay, which opens the replay panel on it.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import * as ast from './generated/ast.js';
import type { RebalServices } from './rebal-module.js';
import type { SimulationService } from './simulation-service.js';
import type { TraceSummary } from '../simulation/trace.js';
import { formatCount, formatDuration } from '../model/units.js';

export const REPLAY_COMMAND = 'rebal.replay';

export function summaryTitle(summary: TraceSummary): string {
    const longest = Object.entries(summary.pauses).reduce<[string, number] | undefined>(
        (best, [member, pause]) => (!best || pause.longest > best[1] ? [member, pause.longest] : best),
        undefined
    );
    const maxLag = Math.max(0, ...Object.values(summary.maxLag));
    const parts = [
        `${summary.rebalances} rebalance${summary.rebalances === 1 ? '' : 's'}`,
        longest ? `longest pause ${formatDuration(longest[1])} (${longest[0]})` : 'no pause',
        `max lag ${formatCount(Math.round(maxLag))}`,
        `${formatCount(Math.round(summary.duplicates))} duplicate${Math.round(summary.duplicates) === 1 ? '' : 's'}`
    ];
    return parts.join(' · ');
}

export class RebalCodeLensProvider implements CodeLensProvider {
    private readonly simulation: () => SimulationService;

    constructor(services: RebalServices) {
        this.simulation = () => services.simulation.SimulationService;
    }

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) return [];
        const lenses: CodeLens[] = [];
        for (const scenario of root.elements.filter(ast.isScenario)) {
            const range = scenario.$cstNode?.range;
            if (!range || !scenario.name) continue;
            const line = { start: range.start, end: range.start };
            const args = [document.uri.toString(), scenario.name];
            lenses.push({ range: line, command: { title: '▶ Replay', command: REPLAY_COMMAND, arguments: args } });
            const outcome = this.simulation().enabled ? this.simulation().cached(scenario) : undefined;
            const title = !outcome
                ? this.simulation().inputOf(scenario)
                    ? 'simulating…'
                    : 'no group to run against'
                : 'error' in outcome
                  ? `simulation failed: ${outcome.error}`
                  : summaryTitle(outcome.result.trace.summary) +
                    (outcome.result.expectations.length ? ` · expectations ${outcome.result.expectations.filter((e) => e.pass).length}/${outcome.result.expectations.length}` : '');
            lenses.push({ range: line, command: { title, command: REPLAY_COMMAND, arguments: args } });
        }
        return lenses;
    }
}
