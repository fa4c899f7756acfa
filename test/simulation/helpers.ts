/**
 * Building SimulationInputs by hand for the engine's tests, with Kafka's defaults resolved by
 * the same code the language server uses (model/config.ts).
 */
import { resolveClusterConfig, resolveMemberConfig } from '../../language-server/src/model/config.js';
import type { PropertyValue } from '../../language-server/src/model/properties.js';
import type {
    ClusterConfig,
    ConfigAfter,
    ExpectationSpec,
    MemberConfig,
    MemberSpec,
    ScenarioEvent,
    SimulationInput,
    TopicSpec
} from '../../language-server/src/model/simulation-input.js';
import { simulate } from '../../language-server/src/simulation/index.js';
import type { ActivitySpan, SimulationResult, Trace, TraceEvent } from '../../language-server/src/simulation/trace.js';

export type Settings = Record<string, PropertyValue>;

const layer = (s: Settings) => new Map(Object.entries(s));

export function clusterConfig(settings: Settings = {}): ClusterConfig {
    return resolveClusterConfig([layer(settings)]);
}

export function memberConfig(name: string, settings: Settings = {}, subscription: readonly string[] = ['orders']): MemberConfig {
    return resolveMemberConfig(name, [layer(settings)], subscription);
}

export function members(names: readonly string[], settings: Settings | ((name: string, i: number) => Settings) = {}, subscription: readonly string[] = ['orders']): MemberSpec[] {
    return names.map((name, i) => ({ name, config: memberConfig(name, typeof settings === 'function' ? settings(name, i) : settings, subscription) }));
}

export function topic(name: string, partitions: number, producePerSecond = 0, keySkew: TopicSpec['keySkew'] = { kind: 'uniform' }): TopicSpec {
    return { name, partitions, producePerSecond, keySkew };
}

export function names(prefix: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/** Per-member configs after a deploy (`with { … }`). */
export function configAfter(specs: readonly MemberSpec[], settings: Settings, subscription: readonly string[] = ['orders']): ConfigAfter {
    const out: Record<string, MemberConfig> = {};
    for (const s of specs) out[s.name] = memberConfig(s.name, { ...settingsOf(s), ...settings }, subscription);
    return out;
}

/** The settings a MemberSpec was built with cannot be recovered; tests pass them explicitly through this registry. */
const settingsRegistry = new WeakMap<MemberSpec, Settings>();
function settingsOf(s: MemberSpec): Settings {
    return settingsRegistry.get(s) ?? {};
}
export function withSettings(specs: MemberSpec[], settings: Settings | ((name: string, i: number) => Settings)): MemberSpec[] {
    specs.forEach((s, i) => settingsRegistry.set(s, typeof settings === 'function' ? settings(s.name, i) : settings));
    return specs;
}

export interface ScenarioParts {
    readonly topics: readonly TopicSpec[];
    readonly members: readonly MemberSpec[];
    readonly events: readonly ScenarioEvent[];
    readonly durationMs: number;
    readonly seed?: number;
    readonly cluster?: Settings;
    readonly expectations?: readonly ExpectationSpec[];
}

export function scenario(parts: ScenarioParts): SimulationInput {
    return {
        scenario: 'test',
        group: 'orders-service',
        durationMs: parts.durationMs,
        seed: parts.seed ?? 42,
        cluster: clusterConfig(parts.cluster),
        topics: parts.topics,
        members: parts.members,
        events: [...parts.events].sort((a, b) => a.at - b.at),
        expectations: parts.expectations ?? []
    };
}

export function run(parts: ScenarioParts): SimulationResult {
    return simulate(scenario(parts));
}

// ---- reading traces ------------------------------------------------------------------------

export function generations(trace: Trace): { generation: number; at: number; protocol: string | null; leader: string | null; members: string[]; stableAt: number | null }[] {
    return trace.rebalances.map((r) => ({ generation: r.generation, at: r.bumpedAt, protocol: r.protocolName, leader: r.leader, members: r.members.map((m) => m.member).sort(), stableAt: r.stableAt }));
}

export function assignmentAt(trace: Trace, member: string, at: number): string[] {
    return trace.ownership
        .filter((o) => o.member === member && o.from <= at && at < o.to)
        .map((o) => `${o.topic}[${o.partition}]`)
        .sort();
}

export function pausedSpans(trace: Trace, member: string): ActivitySpan[] {
    return trace.activity.filter((a) => a.member === member && a.paused);
}

export function eventsNamed(trace: Trace, name: string, member?: string): TraceEvent[] {
    return trace.events.filter((e) => e.name === name && (member === undefined || e.member === member));
}

export function stateAt(trace: Trace, at: number): string {
    return trace.groupStates.find((s) => s.from <= at && at < s.to)?.state ?? 'none';
}
