/**
 * The benchmark's scenarios: one simulated hour of a group of N members on P partitions with a
 * busy timeline (a rolling restart, crashes and restarts, a GC pause, a network cut, a slow
 * spell, a partition expansion, a produce-rate change, a coordinator failover).
 */
import { resolveClusterConfig, resolveMemberConfig } from '../../language-server/src/model/config.js';
import type { PropertyValue } from '../../language-server/src/model/properties.js';
import type { MemberConfig, ScenarioEvent, SimulationInput } from '../../language-server/src/model/simulation-input.js';

const HOUR = 3_600_000;
const layer = (s: Record<string, PropertyValue>) => new Map(Object.entries(s));

export function benchInput(memberCount: number, partitions: number, assignor: 'range' | 'cooperative-sticky' = 'range'): SimulationInput {
    const names = Array.from({ length: memberCount }, (_, i) => `w${i + 1}`);
    const settings = { 'partition.assignment.strategy': assignor === 'range' ? ['range', 'cooperative-sticky'] : ['cooperative-sticky'], 'process.time.per.record': 0.1 };
    const config = (name: string, extra: Record<string, PropertyValue> = {}): MemberConfig => resolveMemberConfig(name, [layer({ ...settings, ...extra })], ['orders']);
    const pick = (k: number) => names[Math.floor((k * 7919) % memberCount)];
    const rolling = names.slice(0, Math.min(10, memberCount));
    const slow = [pick(3), pick(5)];
    const events: ScenarioEvent[] = [
        { kind: 'start', at: 0, members: names },
        { kind: 'rolling-restart', at: 5 * 60_000, members: rolling, everyMs: 30_000, downMs: 10_000 },
        { kind: 'crash', at: 15 * 60_000, members: [pick(11), pick(13)] },
        { kind: 'start', at: 20 * 60_000, members: [pick(11), pick(13)] },
        { kind: 'gc-pause', at: 25 * 60_000, members: [pick(17)], durationMs: 35_000 },
        { kind: 'network-partition', at: 30 * 60_000, members: [pick(19)], durationMs: 50_000 },
        { kind: 'slow', at: 35 * 60_000, members: slow, durationMs: 120_000, configDuring: Object.fromEntries(slow.map((n) => [n, config(n, { 'process.time.per.record': 5 })])) },
        { kind: 'add-partitions', at: 40 * 60_000, topic: 'orders', count: Math.max(1, Math.round(partitions / 10)) },
        { kind: 'produce', at: 45 * 60_000, topic: 'orders', perSecond: partitions * 15 },
        { kind: 'coordinator-failover', at: 50 * 60_000 }
    ];
    return {
        scenario: `bench-${memberCount}x${partitions}`,
        group: 'bench',
        durationMs: HOUR,
        seed: 1,
        cluster: resolveClusterConfig([layer({})]),
        topics: [{ name: 'orders', partitions, producePerSecond: partitions * 10, keySkew: { kind: 'uniform' } }],
        members: names.map((name) => ({ name, config: config(name) })),
        events: events.sort((a, b) => a.at - b.at),
        expectations: []
    };
}
