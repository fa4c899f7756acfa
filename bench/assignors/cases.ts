/**
 * The assignor benchmark cases, generated deterministically (seeded PRNG), sized like the
 * cases Kafka's own assignor benchmarks use. Each case returns the input of the measured call.
 */
import { assign, type AssignmentInput, type AssignorMember, type AssignorName } from '../../language-server/src/assignors/index.js';

/** mulberry32: a small seeded PRNG, so every run builds the same case. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A dynamic member id as the classic coordinator makes it: `client.id-UUID`. */
function memberId(i: number, rnd: () => number): string {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
    return `consumer-${i}-${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function topicsOf(count: number, partitions: number): Record<string, number> {
    const topics: Record<string, number> = {};
    for (let t = 0; t < count; t++) topics[`topic-${t}`] = partitions;
    return topics;
}

function members(count: number, subscriptions: (i: number) => string[], rnd: () => number): AssignorMember[] {
    return Array.from({ length: count }, (_, i) => ({
        memberId: memberId(i, rnd),
        groupInstanceId: null,
        rack: null,
        topics: subscriptions(i),
        owned: [],
        generation: -1
    }));
}

export interface BenchCase {
    readonly name: string;
    readonly assignor: AssignorName;
    /** Kafka's time for the same case on JDK 17, in ms (from the task brief). */
    readonly kafkaMs: number;
    /** Builds the input of the measured call (setup work, not measured). */
    readonly build: () => AssignmentInput;
}

/** All members subscribed to all topics: 2,000 members, 500 topics × 2,000 partitions. */
function homogeneousFirst(): AssignmentInput {
    const rnd = prng(1);
    const topics = topicsOf(500, 2000);
    const names = Object.keys(topics);
    return { topics, members: members(2000, () => names, rnd) };
}

/**
 * The same group one rebalance later, after one member left: every remaining member reports
 * the partitions it got in the first assignment (for `sticky`, its user data) and generation 1.
 */
function homogeneousOneLeaves(assignor: AssignorName): () => AssignmentInput {
    return () => {
        const first = homogeneousFirst();
        const result = assign(assignor, first);
        const leaving = first.members[first.members.length >> 1].memberId;
        return {
            topics: first.topics,
            members: first.members
                .filter((m) => m.memberId !== leaving)
                .map((m) => ({ ...m, owned: result.assignment[m.memberId], generation: 1 }))
        };
    };
}

/** 1,000 members, each subscribed to 20 random topics of 200 topics × 100 partitions. */
function heterogeneousFirst(): AssignmentInput {
    const rnd = prng(2);
    const topics = topicsOf(200, 100);
    const names = Object.keys(topics);
    const pick = () => {
        const chosen = new Set<string>();
        while (chosen.size < 20) chosen.add(names[Math.floor(rnd() * names.length)]);
        return [...chosen];
    };
    return { topics, members: members(1000, pick, rnd) };
}

export const CASES: readonly BenchCase[] = [
    { name: 'cooperative-sticky first', assignor: 'cooperative-sticky', kafkaMs: 118, build: homogeneousFirst },
    { name: 'cooperative-sticky one leaves', assignor: 'cooperative-sticky', kafkaMs: 2141, build: homogeneousOneLeaves('cooperative-sticky') },
    { name: 'sticky first', assignor: 'sticky', kafkaMs: 172, build: homogeneousFirst },
    { name: 'sticky one leaves', assignor: 'sticky', kafkaMs: 3311, build: homogeneousOneLeaves('sticky') },
    { name: 'range first', assignor: 'range', kafkaMs: 2339, build: homogeneousFirst },
    { name: 'range one leaves', assignor: 'range', kafkaMs: 1035, build: homogeneousOneLeaves('range') },
    { name: 'uniform first', assignor: 'uniform', kafkaMs: 192, build: homogeneousFirst },
    { name: 'server-range first', assignor: 'server-range', kafkaMs: 157, build: homogeneousFirst },
    { name: 'cooperative-sticky heterogeneous first', assignor: 'cooperative-sticky', kafkaMs: 30900, build: heterogeneousFirst }
];
