/**
 * Reading KIP-848 traces in tests: epoch bumps, target assignments, when a member first held
 * a partition, which members paused. Scenario building comes from ../helpers.ts.
 */
import type { ScenarioEvent } from '../../../language-server/src/model/simulation-input.js';
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { members, type Settings } from '../helpers.js';

export const CONSUMER: Settings = { 'group.protocol': 'consumer' };

export function consumerMembers(names: readonly string[], settings: Settings | ((name: string, i: number) => Settings) = {}, subscription: readonly string[] = ['orders']) {
    return members(names, typeof settings === 'function' ? (n, i) => ({ ...CONSUMER, ...settings(n, i) }) : { ...CONSUMER, ...settings }, subscription);
}

export function start(at: number, who: readonly string[]): ScenarioEvent {
    return { kind: 'start', at, members: [...who] };
}

/** [epoch (or generation), instant] of every rebalance. */
export function bumps(trace: Trace): [number, number][] {
    return trace.rebalances.map((r) => [r.generation, r.bumpedAt]);
}

/** The target assignment computed for an epoch: member name → sorted `topic[n]`. */
export function target(trace: Trace, epoch: number): Record<string, string[]> {
    const t = trace.consumerProtocol?.targetAssignments.find((a) => a.epoch === epoch);
    if (!t) throw new Error(`no target assignment for epoch ${epoch}`);
    const out: Record<string, string[]> = {};
    for (const [m, set] of Object.entries(t.assignment)) out[m] = Object.entries(set).flatMap(([topic, ps]) => ps.map((p) => `${topic}[${p}]`)).sort();
    return out;
}

export function targetAt(trace: Trace, epoch: number): { at: number; assignor: string } {
    const t = trace.consumerProtocol?.targetAssignments.find((a) => a.epoch === epoch);
    if (!t) throw new Error(`no target assignment for epoch ${epoch}`);
    return { at: t.at, assignor: t.assignor };
}

/** Ownership spans of a member, as [`topic[n]`, from, to]. */
export function holdings(trace: Trace, member: string): [string, number, number][] {
    return trace.ownership.filter((o) => o.member === member).map((o) => [`${o.topic}[${o.partition}]`, o.from, o.to] as [string, number, number]).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
}

/** When `member` started holding `tp` (`topic[n]`), the first time after `after`. */
export function acquired(trace: Trace, member: string, tp: string, after = 0): number | undefined {
    return holdings(trace, member).find(([p, from]) => p === tp && from >= after)?.[1];
}

/** When `member` stopped holding `tp`, the first time after `after`. */
export function released(trace: Trace, member: string, tp: string, after = 0): number | undefined {
    return holdings(trace, member).find(([p, , to]) => p === tp && to > after)?.[2];
}

/** Paused spans of a member as [from, to]. */
export function pauses(trace: Trace, member: string): [number, number][] {
    return trace.activity.filter((a) => a.member === member && a.paused).map((a) => [a.from, a.to]);
}

export function stateAt(trace: Trace, at: number): [string, number] {
    const s = trace.groupStates.find((g) => g.from <= at && at < g.to);
    return s ? [s.state, s.generation] : ['none', -1];
}

/** The coordinator's record of a member at an instant: [epoch, state]. */
export function serverMember(trace: Trace, member: string, at: number): [number, string] | null {
    const r = trace.consumerProtocol?.reconciliations?.find((x) => x.member === member && x.from <= at && at < x.to);
    return r ? [r.epoch, r.state] : null;
}

export function diff(a: readonly string[], b: readonly string[]): string[] {
    const sb = new Set(b);
    return a.filter((x) => !sb.has(x));
}
