/**
 * `expect-failed`: the simulation contradicts an expectation. Reported from the cached result
 * of the scenario as written now (the simulation service re-validates when a result arrives),
 * so diagnostics never wait for the engine.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { formatDuration } from '../../model/units.js';
import type { SimulationOutcome } from '../simulation-service.js';
import { Codes } from './codes.js';

function lineOf(node: ast.Expectation): number | undefined {
    const range = node.$cstNode?.range;
    return range ? range.start.line + 1 : undefined;
}

export function checkExpectations(scenario: ast.Scenario, outcome: SimulationOutcome | undefined, accept: ValidationAcceptor): void {
    if (!outcome) return;
    if ('error' in outcome) {
        accept('warning', `The simulation of ${scenario.name} failed: ${outcome.error}`, { node: scenario, property: 'name', code: Codes.simulationFailed });
        return;
    }
    const expectations = scenario.items.filter(ast.isExpectation);
    for (const result of outcome.result.expectations) {
        if (result.pass) continue;
        const node = expectations.find((e) => lineOf(e) === result.line) ?? expectations[result.index];
        if (!node) continue;
        const detail = result.problem ? result.problem : `simulated: ${result.actual}`;
        accept('error', `Expected ${result.expected}, but the simulation says otherwise (${detail}).`, {
            node,
            code: Codes.expectFailed,
            data: { code: Codes.expectFailed, actual: result.actual }
        });
    }
    const expectsError = new Set(
        expectations.filter((e) => ast.isMemberSubject(e.subject) && e.subject.kind === 'error').map((e) => (e.subject as ast.MemberSubject).member?.member?.$refText)
    );
    for (const [member, error] of Object.entries(outcome.result.trace.summary.errors)) {
        if (!error || expectsError.has(member)) continue;
        accept('warning', `In this scenario ${member} fails at ${formatDuration(error.at)} with ${error.error}${error.message ? `: ${error.message}` : ''}. Add \`expect error ${member} == ${error.error}\` if that is the point.`, {
            node: scenario,
            property: 'name',
            code: Codes.memberFailed
        });
    }
}
