/**
 * Random consumer-protocol and mixed groups with random timelines, for the property tests
 * (properties.test.ts). Members are mostly consumer-protocol ones, some classic; restarts may
 * switch a member's protocol (online upgrade and downgrade), under any migration policy.
 */
import fc from 'fast-check';
import type { ConfigAfter, MemberSpec, SimulationInput } from '../../../language-server/src/model/simulation-input.js';
import { memberConfig, scenario, topic, type Settings } from '../helpers.js';
import { eventArb, timelineOf } from '../random-timelines.js';

const memberArb = fc.record({
    protocol: fc.constantFrom('consumer', 'consumer', 'consumer', 'classic'),
    assignors: fc.constantFrom(['range', 'cooperative-sticky'], ['cooperative-sticky']),
    remote: fc.constantFrom(null, 'uniform', 'range'),
    static: fc.boolean(),
    processMs: fc.constantFrom(0, 0, 0.2, 1, 5),
    maxPollRecords: fc.constantFrom(500, 100),
    autoCommit: fc.boolean(),
    listener: fc.constantFrom('none', 'commit-on-revoke'),
    revokeMs: fc.constantFrom(0, 0, 500, 3000),
    maxPoll: fc.constantFrom(30_000, 300_000)
});

export const inputArb = fc
    .record({
        members: fc.array(memberArb, { minLength: 1, maxLength: 5 }),
        partitions: fc.integer({ min: 1, max: 8 }),
        rate: fc.integer({ min: 0, max: 3000 }),
        latency: fc.constantFrom(0, 0, 3),
        assignorTime: fc.constantFrom(0, 0, 200),
        policy: fc.constantFrom('bidirectional', 'bidirectional', 'upgrade', 'downgrade', 'disabled'),
        seed: fc.integer({ min: 0, max: 1000 }),
        duration: fc.integer({ min: 30_000, max: 200_000 })
    })
    .chain((base) => fc.record({ base: fc.constant(base), events: fc.array(eventArb(base.members.length, base.duration, true), { maxLength: 8 }) }))
    .map(({ base, events }): SimulationInput => {
        const names = base.members.map((_, i) => `m${i + 1}`);
        const settingsOf = (i: number, extra: Settings = {}): Settings => {
            const m = base.members[i];
            // The classic settings are left at Kafka's defaults for consumer-protocol members (they refuse them).
            const protocol = (extra['group.protocol'] as string | undefined) ?? m.protocol;
            return {
                'group.protocol': protocol,
                ...(protocol === 'classic' ? { 'partition.assignment.strategy': m.assignors } : { 'group.remote.assignor': m.remote }),
                'group.instance.id': m.static ? `inst-${i}` : null,
                'process.time.per.record': m.processMs,
                'max.poll.records': m.maxPollRecords,
                'enable.auto.commit': m.autoCommit,
                'rebalance.listener': m.listener,
                'revoke.time': m.revokeMs,
                'max.poll.interval.ms': m.maxPoll,
                ...extra
            };
        };
        const switched = (who: number[]): ConfigAfter =>
            Object.fromEntries(who.map((i) => [names[i], memberConfig(names[i], settingsOf(i, { 'group.protocol': base.members[i].protocol === 'classic' ? 'consumer' : 'classic' }))]));
        const specs: MemberSpec[] = names.map((name, i) => ({ name, config: memberConfig(name, settingsOf(i)) }));
        const timeline = timelineOf(events, names, settingsOf, switched);
        return scenario({
            topics: [topic('orders', base.partitions, base.rate), topic('payments', 2, 200)],
            members: specs,
            events: timeline,
            durationMs: base.duration,
            seed: base.seed,
            cluster: { 'network.latency': base.latency, 'assignor.time': base.assignorTime, 'group.consumer.migration.policy': base.policy }
        });
    });

