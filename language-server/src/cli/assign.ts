/**
 * `rebal assign`: assignment cases as JSON lines in, one JSON line per case out, in order.
 *
 *   in:  {"id": "c1", "assignor": "range", "topics": {"orders": 6},
 *         "partitionRacks": {...}?, "topicIds": {...}?,
 *         "members": [{"memberId": "m1", "groupInstanceId": null, "rack": null,
 *                      "topics": ["orders"], "owned": [["orders", 0]], "generation": 3}]}
 *   out: {"id": "c1", "assignment": {"m1": [["orders", 0], ...]}}
 *        or {"id": "c1", "error": "..."} for a malformed case or one Kafka rejects.
 *
 * Every member appears in the assignment, each list sorted by topic then partition. A bad case
 * does not stop the run; the exit code is 1 at the end if any case failed. Blank lines are
 * skipped. In a member, `groupInstanceId`, `rack` and `generation` default to null and `owned`
 * to [] when left out.
 */
import * as readline from 'node:readline';
import { assign, isAssignorName, ASSIGNOR_NAMES, AssignorError, type AssignmentInput, type AssignorMember } from '../assignors/index.js';

class MalformedCase extends Error {}

function fail(message: string): never {
    throw new MalformedCase(message);
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseMember(raw: unknown, i: number): AssignorMember {
    if (!isObject(raw)) fail(`members[${i}] must be an object`);
    const owned = raw.owned ?? [];
    if (!Array.isArray(owned)) fail(`members[${i}].owned must be a list of [topic, partition] pairs`);
    return {
        memberId: raw.memberId as string,
        groupInstanceId: (raw.groupInstanceId ?? null) as string | null,
        rack: (raw.rack ?? null) as string | null,
        topics: raw.topics as string[],
        owned: owned.map((pair: unknown, j: number) => {
            if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'number') {
                fail(`members[${i}].owned[${j}] must be a [topic, partition] pair`);
            }
            return { topic: pair[0], partition: pair[1] };
        }),
        generation: (raw.generation ?? null) as number | null
    };
}

/** Parses one line into (id, assignor name, input); throws MalformedCase. */
function parseCase(line: string): { id: unknown; run: () => Record<string, [string, number][]> } {
    let raw: unknown;
    try {
        raw = JSON.parse(line);
    } catch (e) {
        return { id: null, run: () => fail(`not valid JSON: ${(e as Error).message}`) };
    }
    if (!isObject(raw)) return { id: null, run: () => fail('a case must be a JSON object') };
    const id = raw.id ?? null;
    return {
        id,
        run: () => {
            if (!isAssignorName(raw.assignor)) fail(`"assignor" must be one of ${ASSIGNOR_NAMES.join(', ')}`);
            if (!Array.isArray(raw.members)) fail('"members" must be a list');
            const input: AssignmentInput = {
                topics: raw.topics as Record<string, number>,
                partitionRacks: raw.partitionRacks as AssignmentInput['partitionRacks'],
                topicIds: raw.topicIds as AssignmentInput['topicIds'],
                members: raw.members.map(parseMember)
            };
            const result = assign(raw.assignor, input);
            const out: Record<string, [string, number][]> = {};
            for (const [memberId, partitions] of Object.entries(result.assignment)) {
                out[memberId] = partitions.map((tp) => [tp.topic, tp.partition]);
            }
            return out;
        }
    };
}

export async function runAssign(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let failed = false;
    const write = async (text: string) => {
        if (!output.write(text + '\n')) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    };
    for await (const line of lines) {
        if (line.trim().length === 0) continue;
        const parsed = parseCase(line);
        try {
            const assignment = parsed.run();
            await write(JSON.stringify({ id: parsed.id, assignment }));
        } catch (e) {
            failed = true;
            const known = e instanceof MalformedCase || e instanceof AssignorError;
            // Anything else is a bug of ours; report it on the case's line and go on.
            const message = known ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
            await write(JSON.stringify({ id: parsed.id, error: message }));
        }
    }
    return failed ? 1 : 0;
}
