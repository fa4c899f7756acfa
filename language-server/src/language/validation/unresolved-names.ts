/**
 * `unresolved-reference`: what a name that does not resolve should say. Langium's own text
 * ("Could not resolve reference to Topic named 'x'.") names a grammar type and not where the
 * name was looked for; these messages say where (the file and its imports, the scenario's
 * group), and offer the closest existing name when one is an obvious typo (the quick fix
 * `Change to …` reads it from the diagnostic's data).
 */
import type { ReferenceInfo, ScopeProvider } from 'langium';
import { AstUtils } from 'langium';
import * as ast from '../generated/ast.js';
import { editDistance } from '../../model/properties.js';
import { scenarioGroup, setBounds } from '../members.js';

export interface UnresolvedName {
    readonly message: string;
    /** The existing name the user most likely meant, for "did you mean" and its quick fix. */
    readonly replaceWith?: string;
}

/**
 * The one candidate closest to `name`, if it is close enough to be a typo (at most one edit
 * per three characters, at least one) and no other candidate is as close: `c9` among c1, c2,
 * c3 suggests nothing rather than an arbitrary one.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
    const limit = Math.max(1, Math.floor(name.length / 3));
    let best: string | undefined;
    let bestDistance = Infinity;
    let tie = false;
    for (const candidate of new Set(candidates)) {
        if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
        const d = editDistance(name, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
            tie = false;
        } else if (d === bestDistance) {
            tie = true;
        }
    }
    return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

function didYouMean(replaceWith: string | undefined): string {
    return replaceWith ? ` Did you mean \`${replaceWith}\`?` : '';
}

export function describeUnresolved(info: ReferenceInfo, referenceType: string, scopes: ScopeProvider): UnresolvedName {
    const name = info.reference.$refText;
    const candidates = () => scopes.getScope(info).getAllElements().map((d) => d.name);
    if (referenceType === ast.Topic.$type || referenceType === ast.Group.$type) {
        const kind = referenceType === ast.Topic.$type ? 'topic' : 'group';
        const replaceWith = closestName(name, candidates());
        return { message: `No ${kind} \`${name}\` in this file or the files it imports.${didYouMean(replaceWith)}`, replaceWith };
    }
    if (ast.isMemberRef(info.container)) return describeUnresolvedMember(info, name, candidates);
    return { message: `\`${name}\` does not name any ${referenceType.toLowerCase()} in reach.` };
}

function describeUnresolvedMember(info: ReferenceInfo, name: string, candidates: () => Iterable<string>): UnresolvedName {
    const scenario = AstUtils.getContainerOfType(info.container, ast.isScenario);
    const groupLine = scenario?.items.find(ast.isScenarioGroup);
    const group = scenario && scenarioGroup(scenario);
    if (!group) {
        const why = groupLine
            ? `the scenario's group \`${groupLine.group?.$refText ?? ''}\` does not resolve`
            : 'the scenario names no group (add a `group NAME` line)';
        return { message: `No member \`${name}\`: members are looked up in the scenario's group, and ${why}.` };
    }
    // `worker9` next to `consumers worker[1..6]`: say which members the set declares.
    for (const item of group.items) {
        if (!ast.isConsumerSet(item) || !name.startsWith(item.name) || !/^\d+$/.test(name.slice(item.name.length))) continue;
        const bounds = setBounds(item);
        if (!bounds) continue;
        return { message: `No member \`${name}\` in group ${group.name}: \`${item.name}[${item.from}..${item.to}]\` declares ${item.name}${bounds.from} … ${item.name}${bounds.to}.` };
    }
    const replaceWith = closestName(name, candidates());
    return { message: `No member \`${name}\` in group ${group.name}.${didYouMean(replaceWith)}`, replaceWith };
}
