/**
 * Runs one fixture case (fixture-model.ts) against `assign` and checks its assertions the way
 * Kafka's test does.
 */
import { expect } from 'vitest';
import {
    assign, AssignorError, type AssignmentInput, type AssignmentResult, type AssignorMember, type AssignOptions
} from '../../language-server/src/assignors/index.js';
import { javaHashOrder, javaStringHash } from '../../language-server/src/assignors/java-hash.js';
import { ALL_RACKS, type Assertions, type FixtureCase, type FixtureMember, type RackConfig } from './fixture-model.js';

export interface ConcreteCase {
    readonly label: string;
    readonly fixture: FixtureCase;
    readonly rackConfig?: RackConfig;
}

/** One concrete case per rack configuration the fixture asks for (or just the fixture). */
export function expand(fixture: FixtureCase): ConcreteCase[] {
    if (!fixture.rackConfigs) return [{ label: fixture.name, fixture }];
    return fixture.rackConfigs.configs.map((rc) => ({ label: `${fixture.name} [${rc}]`, fixture, rackConfig: rc }));
}

interface Harness {
    readonly brokers?: FixtureCase['brokers'];
    readonly consumerRack: (index: number | undefined) => string | null;
    readonly preferRackAwareLogic: boolean;
}

/** The suites' initializeRacks(), turned into a broker layout and a consumer-rack rule. */
function harnessOf(c: ConcreteCase): Harness {
    const f = c.fixture;
    if (!c.rackConfig || !f.rackConfigs) {
        return { brokers: f.brokers, consumerRack: () => null, preferRackAwareLogic: f.options?.preferRackAwareLogic ?? false };
    }
    const maxConsumers = f.rackConfigs.maxConsumers ?? 3;
    const replication = f.rackConfigs.style === 'range' ? maxConsumers : 3;
    const numBrokerRacks = c.rackConfig !== 'NO_BROKER_RACK' ? (f.rackConfigs.style === 'range' ? maxConsumers : 3) : 0;
    const hasConsumerRack = c.rackConfig !== 'NO_CONSUMER_RACK';
    const numBrokers = numBrokerRacks <= 0 ? replication : numBrokerRacks * replication;
    const racks = Array.from({ length: numBrokers }, (_, i) => (numBrokerRacks <= 0 ? null : ALL_RACKS[i % numBrokerRacks]));
    const numRacks = numBrokerRacks > 0 ? numBrokerRacks : ALL_RACKS.length;
    return {
        brokers: { racks, replication, start: f.rackConfigs.style === 'range' ? 'zero' : 'topic-position' },
        consumerRack: (index) => (hasConsumerRack && index !== undefined ? ALL_RACKS[index % numRacks] : null),
        preferRackAwareLogic: true
    };
}

function partitionRacksOf(topics: Readonly<Record<string, number>>, brokers: NonNullable<FixtureCase['brokers']>): Record<string, string[][]> {
    const out: Record<string, string[][]> = {};
    let position = 0;
    let cumulative = 0;
    for (const [topic, n] of Object.entries(topics)) {
        const start = brokers.start === 'zero' ? 0 : brokers.start === 'topic-position' ? position : cumulative;
        out[topic] = Array.from({ length: n }, (_, p) => {
            const racks: string[] = [];
            for (let j = 0; j < brokers.replication; j++) {
                const rack = brokers.racks[(p + j + start) % brokers.racks.length];
                if (rack !== null && !racks.includes(rack)) racks.push(rack);
            }
            return racks;
        });
        position++;
        cumulative += n;
    }
    return out;
}

export function tp(text: string): { topic: string; partition: number } {
    const dash = text.lastIndexOf('-');
    return { topic: text.slice(0, dash), partition: Number(text.slice(dash + 1)) };
}

export function tpText(p: { topic: string; partition: number }): string {
    return `${p.topic}-${p.partition}`;
}

type History = AssignmentResult[];

function resolveReference(ref: string | readonly string[], current: AssignmentResult, history: History): string[] {
    if (Array.isArray(ref)) return [...ref];
    const r = ref as string;
    if (r.startsWith('$')) {
        const dot = r.indexOf('.');
        const step = Number(r.slice(1, dot));
        const member = r.slice(dot + 1);
        const result = history[step];
        if (!result) throw new Error(`fixture refers to step ${step}, which has not run`);
        return (result.assignment[member] ?? []).map(tpText);
    }
    return (current.assignment[r] ?? []).map(tpText);
}

function buildInput(
    topics: Readonly<Record<string, number>>,
    members: readonly FixtureMember[],
    c: ConcreteCase,
    harness: Harness,
    history: History
): { input: AssignmentInput; options: AssignOptions } {
    const f = c.fixture;
    let partitionRacks: AssignmentInput['partitionRacks'];
    if (f.partitionRacks) {
        partitionRacks = Object.fromEntries(Object.entries(f.partitionRacks)
            .filter(([t]) => topics[t] !== undefined)
            .map(([t, racks]) => [t, racks.map((r) => r.filter((x): x is string => x !== null))]));
    } else if (harness.brokers) {
        // Replica placement depends on the order the test created the topics in (the case's list).
        const all = partitionRacksOf({ ...f.topics, ...topics }, harness.brokers);
        partitionRacks = Object.fromEntries(Object.keys(topics).map((t) => [t, all[t]]));
    }
    const assignorMembers: AssignorMember[] = members.map((m) => {
        const owned = typeof m.owned === 'string' ? resolveReference(m.owned, { assignment: {} }, history) : [...(m.owned ?? [])];
        return {
            memberId: m.id,
            groupInstanceId: m.instance ?? null,
            rack: m.rack !== undefined ? m.rack : m.noRack ? null : harness.consumerRack(m.index),
            topics: m.topics,
            owned: owned.map(tp),
            generation: m.generation ?? null
        };
    });
    let ordered = assignorMembers;
    let memberOrder: AssignOptions['memberOrder'] = 'java-hashmap';
    const map = f.memberMap ?? 'hashmap';
    if (map === 'input') {
        memberOrder = 'input';
    } else if (typeof map === 'object') {
        const order = javaHashOrder(assignorMembers.map((m) => m.memberId), javaStringHash, { kind: 'capacity', n: map.hashmapCapacity });
        ordered = order.map((id) => assignorMembers.find((m) => m.memberId === id)!);
        memberOrder = 'input';
    }
    return {
        input: { topics, partitionRacks, topicIds: f.topicIds, members: ordered },
        options: { ...f.options, memberOrder, preferRackAwareLogic: harness.preferRackAwareLogic }
    };
}

function sortedTexts(list: readonly { topic: string; partition: number }[]): string[] {
    return list.map(tpText).sort();
}

/** AbstractStickyAssignorTest.verifyValidityAndBalance (the eager part). */
function verifyValidityAndBalance(input: AssignmentInput, result: AssignmentResult): void {
    const consumers = Object.keys(result.assignment).sort();
    const topicsOf = new Map(input.members.map((m) => [m.memberId, new Set(m.topics)]));
    for (let i = 0; i < consumers.length; i++) {
        const partitions = result.assignment[consumers[i]];
        for (const p of partitions) expect(topicsOf.get(consumers[i])!.has(p.topic), `${tpText(p)} assigned to unsubscribed ${consumers[i]}`).toBe(true);
        for (let j = i + 1; j < consumers.length; j++) {
            const other = result.assignment[consumers[j]];
            const otherSet = new Set(other.map(tpText));
            expect(partitions.filter((p) => otherSet.has(tpText(p))), `${consumers[i]} and ${consumers[j]} share partitions`).toEqual([]);
            if (Math.abs(partitions.length - other.length) <= 1) continue;
            const otherTopics = new Set(other.map((p) => p.topic));
            for (const p of partitions) {
                expect(otherTopics.has(p.topic), `a partition of ${p.topic} could move between ${consumers[i]} and ${consumers[j]}`).toBe(false);
            }
        }
    }
}

/**
 * CooperativeStickyAssignorTest.verifyValidityAndBalance: while partitions are being revoked, no
 * partition may be revoked and assigned in the same rebalance; the members then report what
 * they got (generation 1) and rebalance again, at most four times; the end state must be valid
 * and balanced.
 */
function verifyCooperative(input: AssignmentInput, result: AssignmentResult, options: AssignOptions): AssignmentResult {
    let current = result;
    let currentInput = input;
    for (let rebalances = 0; ; rebalances++) {
        const added = new Set<string>();
        const revoked = new Set<string>();
        for (const m of currentInput.members) {
            const owned = new Set(m.owned.map(tpText));
            const assigned = new Set(current.assignment[m.memberId].map(tpText));
            for (const p of owned) if (!assigned.has(p)) revoked.add(p);
            for (const p of assigned) if (!owned.has(p)) added.add(p);
        }
        expect([...added].filter((p) => revoked.has(p)), 'partitions assigned while still being revoked').toEqual([]);
        if (revoked.size === 0) break;
        expect(rebalances, 'more than four follow-up rebalances').toBeLessThan(4);
        currentInput = {
            ...currentInput,
            members: currentInput.members.map((m) => ({ ...m, owned: current.assignment[m.memberId], generation: 1 }))
        };
        current = assign('cooperative-sticky', currentInput, options);
    }
    verifyValidityAndBalance(currentInput, current);
    return current;
}

function check(a: Assertions, c: ConcreteCase, input: AssignmentInput, options: AssignOptions, run: () => AssignmentResult, history: History): AssignmentResult | undefined {
    if (a.throws !== undefined) {
        expect(run).toThrow(AssignorError);
        expect(run).toThrow(a.throws);
        return undefined;
    }
    const direct = run();
    expect(Object.keys(direct.assignment).sort()).toEqual(input.members.map((m) => m.memberId).sort());
    for (const [member, expected] of Object.entries(a.expect ?? {})) {
        expect(sortedTexts(direct.assignment[member] ?? []), `assignment of ${member}`).toEqual([...expected].sort());
    }
    if (a.complete) {
        const assigned = new Set(Object.values(direct.assignment).flatMap((l) => l.map(tpText)));
        const subscribed = new Set(input.members.flatMap((m) => m.topics));
        for (const [topic, n] of Object.entries(input.topics)) {
            if (!subscribed.has(topic)) continue;
            for (let p = 0; p < n; p++) expect(assigned.has(`${topic}-${p}`), `${topic}-${p} is assigned`).toBe(true);
        }
    }
    let result = direct;
    if (a.validAndBalanced) {
        if (c.fixture.assignor === 'cooperative-sticky') result = verifyCooperative(input, direct, options);
        else verifyValidityAndBalance(input, direct);
    }
    for (const [member, expected] of Object.entries(a.expectFinal ?? {})) {
        expect(sortedTexts(result.assignment[member] ?? []), `final assignment of ${member}`).toEqual([...expected].sort());
    }
    if (a.expectByInstance) {
        const byInstance: Record<string, string[]> = {};
        for (const m of input.members) if (m.groupInstanceId !== null) byInstance[m.groupInstanceId] = sortedTexts(result.assignment[m.memberId]);
        const expected = Object.fromEntries(Object.entries(a.expectByInstance).map(([k, v]) => [k, [...v].sort()]));
        expect(byInstance).toEqual(expected);
    }
    for (const [member, size] of Object.entries(a.sizes ?? {})) expect(result.assignment[member].length, `size of ${member}`).toBe(size);
    if (a.sizesBetween) {
        for (const [member, list] of Object.entries(result.assignment)) {
            expect(list.length, `size of ${member}`).toBeGreaterThanOrEqual(a.sizesBetween[0]);
            expect(list.length, `size of ${member}`).toBeLessThanOrEqual(a.sizesBetween[1]);
        }
    }
    for (const [topic, n] of Object.entries(a.perMemberTopicCounts ?? {})) {
        for (const [member, list] of Object.entries(result.assignment)) {
            expect(list.filter((p) => p.topic === topic).length, `partitions of ${topic} held by ${member}`).toBe(n);
        }
    }
    const setOf = (ref: string | readonly string[]) => new Set(resolveReference(ref, result, history));
    for (const [member, ref] of a.contains ?? []) {
        const mine = setOf(member);
        expect([...setOf(ref)].filter((p) => !mine.has(p)), `${member} keeps ${String(ref)}`).toEqual([]);
    }
    for (const [member, ref] of a.within ?? []) {
        const theirs = setOf(ref);
        expect([...setOf(member)].filter((p) => !theirs.has(p)), `${member} within ${String(ref)}`).toEqual([]);
    }
    for (const [member, ref] of a.disjoint ?? []) {
        const theirs = setOf(ref);
        expect([...setOf(member)].filter((p) => theirs.has(p)), `${member} disjoint from ${String(ref)}`).toEqual([]);
    }
    for (const [member, ref] of a.overlaps ?? []) {
        const theirs = setOf(ref);
        expect([...setOf(member)].some((p) => theirs.has(p)), `${member} overlaps ${String(ref)}`).toBe(true);
    }
    if (a.valid) {
        const seen = new Map<string, string>();
        for (const m of input.members) {
            for (const p of result.assignment[m.memberId]) {
                expect(m.topics.includes(p.topic), `${tpText(p)} assigned to ${m.memberId}, not subscribed`).toBe(true);
                expect(seen.get(tpText(p)), `${tpText(p)} assigned twice`).toBeUndefined();
                seen.set(tpText(p), m.memberId);
            }
        }
    }
    if (a.fullyBalanced) {
        const sizes = Object.values(result.assignment).map((l) => l.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    if (a.rackMismatches !== undefined) {
        let mismatches = 0;
        for (const m of input.members) {
            if (m.rack === null) continue;
            for (const p of direct.assignment[m.memberId]) {
                if (!(input.partitionRacks?.[p.topic]?.[p.partition] ?? []).includes(m.rack)) mismatches++;
            }
        }
        expect(mismatches, 'partitions off their member\'s rack').toBe(a.rackMismatches);
    }
    return result;
}

export function runCase(c: ConcreteCase): void {
    const f = c.fixture;
    const harness = harnessOf(c);
    const steps = f.steps ?? [{ ...f, members: f.members ?? [] }];
    const history: History = [];
    for (const step of steps) {
        const topics = step.topics ?? f.topics;
        const { input, options } = buildInput(topics, step.members, c, harness, history);
        const result = check(step, c, input, options, () => assign(f.assignor, input, options), history);
        if (result) history.push(result);
    }
}
