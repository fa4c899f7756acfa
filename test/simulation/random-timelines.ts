/**
 * Random timelines for the engine's property tests, shared by the classic suite
 * (properties.test.ts) and the consumer-protocol / mixed suite (consumer/inputs.ts): every event
 * kind of the language, over random subsets of the members. Each suite draws its own members and
 * settings; `settingsOf(i, extra)` gives member i's settings with `extra` on top.
 */
import fc from 'fast-check';
import type { ConfigAfter, ScenarioEvent } from '../../language-server/src/model/simulation-input.js';
import { memberConfig, type Settings } from './helpers.js';

/**
 * One random event. With `protocolSwitch`, restarts may come back under the other group
 * protocol (an online upgrade or downgrade); without it the records have no `switch` field, so
 * the classic suite's generated cases stay what they were.
 */
export const eventArb = (memberCount: number, duration: number, protocolSwitch = false) => {
    const who = fc.uniqueArray(fc.integer({ min: 0, max: memberCount - 1 }), { minLength: 1, maxLength: memberCount });
    const at = fc.integer({ min: 1, max: duration - 1 });
    const switches: { switch?: fc.Arbitrary<boolean> } = protocolSwitch ? { switch: fc.boolean() } : {};
    return fc.oneof(
        fc.record({ kind: fc.constant('crash' as const), at, who }),
        fc.record({ kind: fc.constant('stop' as const), at, who }),
        fc.record({ kind: fc.constant('start' as const), at, who }),
        fc.record({ kind: fc.constant('restart' as const), at, who, ms: fc.integer({ min: 100, max: 60_000 }), ...switches }),
        fc.record({ kind: fc.constant('rolling-restart' as const), at, who, ms: fc.integer({ min: 100, max: 30_000 }), every: fc.integer({ min: 1000, max: 40_000 }), ...switches }),
        fc.record({ kind: fc.constant('gc-pause' as const), at, who, ms: fc.integer({ min: 100, max: 60_000 }) }),
        fc.record({ kind: fc.constant('network-partition' as const), at, who, ms: fc.integer({ min: 100, max: 60_000 }) }),
        fc.record({ kind: fc.constant('slow' as const), at, who, ms: fc.integer({ min: 1000, max: 60_000 }), p: fc.constantFrom(2, 50, 500) }),
        fc.record({ kind: fc.constant('subscribe' as const), at, who, both: fc.boolean() }),
        fc.record({ kind: fc.constant('add-partitions' as const), at, count: fc.integer({ min: 1, max: 4 }) }),
        fc.record({ kind: fc.constant('produce' as const), at, rate: fc.integer({ min: 0, max: 5000 }) }),
        fc.record({ kind: fc.constant('coordinator-failover' as const), at })
    );
};

export type RandomEvent = ReturnType<typeof eventArb> extends fc.Arbitrary<infer E> ? E : never;

/**
 * The scenario's timeline: everyone starts at 0, then the random events on topics `orders` and
 * `payments`. `switched(who)` gives the configuration after a protocol-switching restart.
 */
export function timelineOf(events: readonly RandomEvent[], names: readonly string[], settingsOf: (i: number, extra?: Settings) => Settings, switched?: (who: number[]) => ConfigAfter): ScenarioEvent[] {
    const timeline: ScenarioEvent[] = [{ kind: 'start', at: 0, members: [...names] }];
    const after = (e: { who: number[]; switch?: boolean }) => (e.switch && switched ? { configAfter: switched(e.who) } : {});
    for (const e of events) {
        const who = 'who' in e ? e.who.map((i) => names[i]) : [];
        switch (e.kind) {
            case 'crash':
            case 'stop':
            case 'start':
                timeline.push({ kind: e.kind, at: e.at, members: who });
                break;
            case 'restart':
                timeline.push({ kind: 'restart', at: e.at, members: who, downMs: e.ms, ...after(e) });
                break;
            case 'rolling-restart':
                timeline.push({ kind: 'rolling-restart', at: e.at, members: who, downMs: e.ms, everyMs: e.every, ...after(e) });
                break;
            case 'gc-pause':
            case 'network-partition':
                timeline.push({ kind: e.kind, at: e.at, members: who, durationMs: e.ms });
                break;
            case 'slow':
                timeline.push({
                    kind: 'slow',
                    at: e.at,
                    members: who,
                    durationMs: e.ms,
                    configDuring: Object.fromEntries(e.who.map((i) => [names[i], memberConfig(names[i], settingsOf(i, { 'process.time.per.record': e.p }))]))
                });
                break;
            case 'subscribe':
                timeline.push({ kind: 'subscribe', at: e.at, members: who, topics: e.both ? ['orders', 'payments'] : ['payments'] });
                break;
            case 'add-partitions':
                timeline.push({ kind: 'add-partitions', at: e.at, topic: 'orders', count: e.count });
                break;
            case 'produce':
                timeline.push({ kind: 'produce', at: e.at, topic: 'orders', perSecond: e.rate });
                break;
            case 'coordinator-failover':
                timeline.push({ kind: 'coordinator-failover', at: e.at });
                break;
        }
    }
    return timeline;
}
