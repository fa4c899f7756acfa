/**
 * Differential run: the same generated groups through Kafka's assignors (Java, built by
 * setup.sh from a Kafka checkout) and through ours; every assignment must be identical
 * (including the cases where Kafka throws: then ours must throw too).
 *
 * Args: side (client | server), seed, number of cases, "large" for bigger groups, output dir of setup.sh.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { assign, type AssignmentInput, type AssignorMember, type AssignorName } from '../../../language-server/src/assignors/index.js';
import type { UniformExtraSlots } from '../../../language-server/src/assignors/options.js';
import { deriveTopicId } from '../../../language-server/src/assignors/kafka-uuid.js';

const [side, seedArg, countArg, sizeArg, outDir] = process.argv.slice(2);
let seed = Number(seedArg);
const count = Number(countArg);
const large = sizeArg === 'large';
const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return ((seed >>> 8) & 0xffffff) / 0x1000000;
};
const pick = <T,>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
const RACKS = ['a', 'b', 'c', 'd'];
// Ids that share String.hashCode (Aa/BB…) put members in one HashMap bucket: their insertion order
// matters, and with 9 or more in a table of 64 the bucket becomes a tree.
const BLOCKS4 = Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].map((b) => ((i >> b) & 1 ? 'BB' : 'Aa')).join(''));
const COLLIDING = ['Aa', 'BB', 'C#', 'AaAa', 'BBBB', 'AaBB', 'BBAa', ...BLOCKS4];

interface Case { name: AssignorName; prefer: boolean; input: AssignmentInput }

function generate(): Case {
    const name: AssignorName = side === 'client'
        ? pick(['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const)
        : pick(['uniform', 'server-range'] as const);
    const topics: Record<string, number> = {};
    const nTopics = 1 + Math.floor(rnd() * (large ? 10 : 5));
    for (let t = 0; t < nTopics; t++) topics[`t${t}`] = (side === 'server' ? 1 : 0) + Math.floor(rnd() * (large ? 100 : 12));
    const useRacks = side === 'client' && rnd() < 0.4;
    const partitionRacks = useRacks
        ? Object.fromEntries(Object.entries(topics).map(([t, n]) => [t, Array.from({ length: n }, () => RACKS.filter(() => rnd() < 0.4))]))
        : undefined;
    const collisions = rnd() < 0.15 ? 0.9 : 0.3; // some groups made mostly of colliding ids
    const ids = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * (large ? 60 : 10)) },
        () => (rnd() < collisions ? pick(COLLIDING) : `consumer-${Math.floor(rnd() * 1e9).toString(36)}`)))];
    const homogeneous = rnd() < 0.5;
    const names = [...Object.keys(topics), ...(rnd() < 0.2 ? ['missing'] : [])];
    const taken = new Set<string>();
    const instances = new Set<string>();
    const members: AssignorMember[] = ids.map((memberId) => {
        const subscribed = homogeneous ? names : names.filter(() => rnd() < 0.6);
        let owned = rnd() < 0.6
            ? Object.entries(topics).flatMap(([t, n]) => Array.from({ length: n }, (_, p) => ({ topic: t, partition: p }))).filter(() => rnd() < 0.3)
            : [];
        if (side === 'server') {
            // A target assignment never gives a partition to two members.
            owned = owned.filter((tp) => !taken.has(`${tp.topic}-${tp.partition}`));
            owned.forEach((tp) => taken.add(`${tp.topic}-${tp.partition}`));
            for (let i = owned.length - 1; i > 0; i--) {
                const j = Math.floor(rnd() * (i + 1));
                [owned[i], owned[j]] = [owned[j], owned[i]];
            }
        }
        let instance: string | null = null;
        if (rnd() < 0.25) {
            instance = pick(['i1', 'i2', 'i3', 'i4', 'i5']);
            if (instances.has(instance)) instance = null;
            else instances.add(instance);
        }
        return {
            memberId, groupInstanceId: instance, rack: useRacks && rnd() < 0.8 ? pick(RACKS) : null, topics: subscribed, owned,
            generation: side === 'server' || rnd() < 0.15 ? null : Math.floor(rnd() * 4) - 1
        };
    });
    return { name, prefer: side === 'client' && rnd() < 0.2, input: { topics, partitionRacks, members } };
}

/**
 * The homogeneous uniform rule of the Java that setup.sh built (Kafka 4.0's first-members, or
 * 4.1+'s KAFKA-18688; they differ only when the partitions do not divide evenly): ours runs the
 * same one, so every case is compared, uneven ones included.
 */
function builtUniformRule(): UniformExtraSlots {
    const file = `${outDir}/uniform-extra-slots`;
    if (!existsSync(file)) throw new Error(`${file} is missing: run setup.sh again (it records which uniform rule it built)`);
    const rule = readFileSync(file, 'utf8').trim();
    if (rule !== 'first-members' && rule !== 'kafka-18688') throw new Error(`${file}: unknown rule "${rule}"`);
    return rule;
}
const uniformExtraSlots = builtUniformRule();

/** A homogeneous `uniform` case whose partitions do not divide evenly: where the two rules can differ. */
function unevenHomogeneousUniform(c: Case): boolean {
    if (c.name !== 'uniform' || c.input.members.length === 0) return false;
    const counts = new Map<string, number>();
    c.input.members.forEach((m) => m.topics.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1)));
    if (![...counts.values()].every((n) => n === c.input.members.length)) return false;
    const first = new Set(c.input.members[0].topics);
    const total = Object.entries(c.input.topics).filter(([t]) => first.has(t)).reduce((a, [, n]) => a + n, 0);
    return total % c.input.members.length !== 0;
}

const cases: Case[] = [];
while (cases.length < count) cases.push(generate());
const uneven = cases.filter(unevenHomogeneousUniform).length;

const lines: string[] = [];
for (const c of cases) {
    lines.push(`CASE ${c.name} ${c.prefer ? 1 : 0}`);
    for (const [t, n] of Object.entries(c.input.topics)) {
        const racks = c.input.partitionRacks?.[t];
        lines.push(`TOPIC ${t} ${n} ${racks ? racks.map((r) => r.join(',')).join(';') : '-'} ${deriveTopicId(t).text}`);
    }
    for (const m of c.input.members) {
        const owned = m.owned.length ? m.owned.map((tp) => `${tp.topic}:${tp.partition}`).join(',') : '-';
        lines.push(`MEMBER ${m.memberId} ${m.groupInstanceId ?? '-'} ${m.rack ?? '-'} ${m.generation ?? 'null'} ${m.topics.length ? m.topics.join(',') : '-'} ${owned}`);
    }
    lines.push('END');
}
const slf4j = readFileSync(`${outDir}/slf4j-jar`, 'utf8').trim();
const mainClass = side === 'client' ? 'org.apache.kafka.clients.consumer.internals.ClientHarness' : 'diff.ServerHarness';
const output = execFileSync('java', ['-cp', `${outDir}/${side}/classes:${slf4j}`, mainClass], {
    input: lines.join('\n') + '\n', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore']
}).toString();

const normalise = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0).sort().join('\n');
let same = 0;
let bothThrow = 0;
const differences: string[] = [];
const byAssignor: Record<string, { same: number; different: number }> = {};
output.split('DONE\n').filter((b) => b.trim().length > 0).forEach((block, i) => {
    const c = cases[i];
    const kafkaLines = block.split('\n').slice(1);
    const kafkaThrew = kafkaLines[0]?.startsWith('ERROR') ?? false;
    let ours: string;
    let weThrew = false;
    try {
        const r = assign(c.name, c.input, { preferRackAwareLogic: c.prefer, uniformExtraSlots });
        ours = normalise(Object.entries(r.assignment).map(([m, l]) => `${m} ${l.map((tp) => `${tp.topic}:${tp.partition}`).join(',')}`).join('\n'));
    } catch (e) {
        ours = `ERROR ${(e as Error).message}`;
        weThrew = true;
    }
    const stats = (byAssignor[c.name] ??= { same: 0, different: 0 });
    if (kafkaThrew && weThrew) {
        bothThrow++;
        same++;
        stats.same++;
    } else if (!kafkaThrew && !weThrew && normalise(kafkaLines.join('\n')) === ours) {
        same++;
        stats.same++;
    } else {
        stats.different++;
        if (differences.length < 3) differences.push(`${JSON.stringify(c)}\nKafka:\n${kafkaLines.join('\n')}\nours:\n${ours}`);
    }
});
console.log(JSON.stringify({ side, seed: Number(seedArg), cases: cases.length, identical: same, bothThrow, byAssignor, ...(side === 'server' ? { uniformExtraSlots, unevenHomogeneousUniform: uneven } : {}) }));
for (const d of differences) console.log(`DIFFERENCE\n${d}`);
process.exitCode = differences.length > 0 ? 1 : 0;
