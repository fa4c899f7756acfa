/**
 * A group's members as the simulator sees them: `consumer c1` is one member, `consumers
 * worker[1..6]` is worker1 … worker6. Also the expansion of event targets (`all`, `c1, c2`,
 * `worker3`, `worker[2..4]`, `worker`).
 */
import { AstUtils } from 'langium';
import * as ast from './generated/ast.js';
import { parseCount } from '../model/units.js';

export interface DeclaredMember {
    readonly name: string;
    readonly node: ast.Consumer | ast.ConsumerSet;
    /** The index inside a `consumers` set. */
    readonly index?: number;
}

/** Bounds of a `consumers name[a..b]` set; undefined when the numbers are not valid. */
export function setBounds(set: ast.ConsumerSet): { from: number; to: number } | undefined {
    const from = parseCount(set.from);
    const to = parseCount(set.to);
    if (from === undefined || to === undefined || !Number.isInteger(from) || !Number.isInteger(to) || to < from) return undefined;
    return { from, to };
}

/** The most members one set may declare (keeps a typo like `[1..1000000000]` from hanging the editor). */
export const MAX_SET_SIZE = 100_000;

export function declaredMembers(group: ast.Group): DeclaredMember[] {
    const out: DeclaredMember[] = [];
    for (const item of group.items) {
        if (ast.isConsumer(item)) out.push({ name: item.name, node: item });
        else if (ast.isConsumerSet(item)) {
            const bounds = setBounds(item);
            if (!bounds || bounds.to - bounds.from + 1 > MAX_SET_SIZE) continue;
            for (let i = bounds.from; i <= bounds.to; i++) out.push({ name: `${item.name}${i}`, node: item, index: i });
        }
    }
    return out;
}

/** The names one `MemberRef` denotes (empty when it does not resolve). */
export function expandMemberRef(ref: ast.MemberRef, group: ast.Group | undefined): string[] {
    const target = ref.member?.ref;
    if (!target) return [];
    if (ast.isConsumer(target)) return [target.name];
    const bounds = setBounds(target);
    if (!bounds) return [];
    const refText = ref.member.$refText;
    if (ref.from !== undefined && ref.to !== undefined) {
        const from = Math.max(parseCount(ref.from) ?? bounds.from, bounds.from);
        const to = Math.min(parseCount(ref.to) ?? bounds.to, bounds.to);
        const names: string[] = [];
        for (let i = from; i <= to; i++) names.push(`${target.name}${i}`);
        return names;
    }
    if (refText === target.name) {
        return (group ? declaredMembers(group) : []).filter((m) => m.node === target).map((m) => m.name);
    }
    return [refText];
}

export function expandTargets(targets: ast.Targets, group: ast.Group | undefined): string[] {
    if (targets.all) return group ? declaredMembers(group).map((m) => m.name) : [];
    const names: string[] = [];
    for (const ref of targets.members) {
        for (const name of expandMemberRef(ref, group)) if (!names.includes(name)) names.push(name);
    }
    return names;
}

/** The group a scenario runs against: its `group` line, or the only group in reach. */
export function scenarioGroup(scenario: ast.Scenario): ast.Group | undefined {
    for (const item of scenario.items) {
        if (ast.isScenarioGroup(item)) return item.group?.ref;
    }
    const document = AstUtils.getContainerOfType(scenario, ast.isDocument);
    return document ? onlyGroup(document) : undefined;
}

/**
 * The document's group when it declares exactly one. Kept per parsed tree: a tree's elements
 * never change (an edit makes a new tree), and scanning every element for each scenario
 * without a `group` line made checking a file of many scenarios quadratic.
 */
const onlyGroups = new WeakMap<ast.Document, ast.Group | null>();

function onlyGroup(document: ast.Document): ast.Group | undefined {
    let group = onlyGroups.get(document);
    if (group === undefined) {
        const groups = document.elements.filter(ast.isGroup);
        group = groups.length === 1 ? groups[0] : null;
        onlyGroups.set(document, group);
    }
    return group ?? undefined;
}
