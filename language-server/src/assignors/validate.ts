/**
 * Checks that a case describes a state Kafka can be in, before any assignor sees it.
 * Everything rejected here throws InvalidAssignmentCase with a message naming the culprit.
 */
import { InvalidAssignmentCase, type AssignmentInput } from './types.js';

function fail(message: string): never {
    throw new InvalidAssignmentCase(message);
}

function isNonNegativeInt(n: unknown): n is number {
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x7fffffff;
}

export function validateInput(input: AssignmentInput): void {
    if (input === null || typeof input !== 'object') fail('the case must be an object');
    if (input.topics === null || typeof input.topics !== 'object' || Array.isArray(input.topics)) {
        fail('"topics" must be an object mapping topic names to partition counts');
    }
    for (const [topic, count] of Object.entries(input.topics)) {
        if (topic.length === 0) fail('a topic name is empty');
        if (!isNonNegativeInt(count)) fail(`topic "${topic}" has partition count ${JSON.stringify(count)}; expected a non-negative integer`);
    }
    if (input.partitionRacks !== undefined) {
        if (input.partitionRacks === null || typeof input.partitionRacks !== 'object') fail('"partitionRacks" must be an object');
        for (const [topic, racks] of Object.entries(input.partitionRacks)) {
            const count = Object.hasOwn(input.topics, topic) ? input.topics[topic] : undefined;
            if (count === undefined) fail(`"partitionRacks" names topic "${topic}", which is not in "topics"`);
            if (!Array.isArray(racks) || racks.length !== count) {
                fail(`"partitionRacks" of topic "${topic}" must list the replica racks of each of its ${count} partitions`);
            }
            racks.forEach((replicas, p) => {
                if (!Array.isArray(replicas) || replicas.some((r) => typeof r !== 'string')) {
                    fail(`"partitionRacks" of ${topic}-${p} must be a list of rack names`);
                }
            });
        }
    }
    if (input.topicIds !== undefined) {
        if (input.topicIds === null || typeof input.topicIds !== 'object') fail('"topicIds" must be an object');
        for (const [topic, id] of Object.entries(input.topicIds)) {
            if (typeof id !== 'string') fail(`the id of topic "${topic}" must be a base64 string`);
        }
    }
    if (input.leaderMaxGeneration !== undefined && !Number.isInteger(input.leaderMaxGeneration)) fail('"leaderMaxGeneration" must be an integer');
    if (!Array.isArray(input.members)) fail('"members" must be a list');
    const memberIds = new Set<string>();
    const checkedTopicLists = new Set<readonly string[]>(); // members often share one list
    const instanceIds = new Set<string>();
    for (const m of input.members) {
        if (m === null || typeof m !== 'object') fail('each member must be an object');
        if (typeof m.memberId !== 'string' || m.memberId.length === 0) fail('each member needs a non-empty "memberId"');
        if (memberIds.has(m.memberId)) fail(`member id "${m.memberId}" appears twice`);
        memberIds.add(m.memberId);
        if (m.groupInstanceId !== null && typeof m.groupInstanceId !== 'string') fail(`member "${m.memberId}": "groupInstanceId" must be a string or null`);
        if (typeof m.groupInstanceId === 'string') {
            if (instanceIds.has(m.groupInstanceId)) fail(`group.instance.id "${m.groupInstanceId}" is used by two members`);
            instanceIds.add(m.groupInstanceId);
        }
        if (m.rack !== null && typeof m.rack !== 'string') fail(`member "${m.memberId}": "rack" must be a string or null`);
        if (m.generation !== null && !(typeof m.generation === 'number' && Number.isInteger(m.generation))) {
            fail(`member "${m.memberId}": "generation" must be an integer or null`);
        }
        if (!Array.isArray(m.topics)) fail(`member "${m.memberId}": "topics" must be a list`);
        if (!checkedTopicLists.has(m.topics)) {
            const seen = new Set<string>();
            for (const t of m.topics) {
                if (typeof t !== 'string' || t.length === 0) fail(`member "${m.memberId}": topic names must be non-empty strings`);
                if (seen.has(t)) fail(`member "${m.memberId}" subscribes to "${t}" twice`);
                seen.add(t);
            }
            checkedTopicLists.add(m.topics);
        }
        if (!Array.isArray(m.owned)) fail(`member "${m.memberId}": "owned" must be a list`);
        let lastTopic: string | undefined;
        let count: number | undefined;
        for (const tp of m.owned) {
            if (tp === null || typeof tp !== 'object' || typeof tp.topic !== 'string' || !isNonNegativeInt(tp.partition)) {
                fail(`member "${m.memberId}": each owned partition must be a topic name and a partition number`);
            }
            if (tp.topic !== lastTopic) {
                // Owned lists usually run topic by topic: look a topic up once per run.
                lastTopic = tp.topic;
                count = Object.hasOwn(input.topics, tp.topic) ? input.topics[tp.topic] : undefined;
            }
            // An owned partition of a topic that no longer exists is legal (the topic was deleted);
            // a partition number past the topic's count is not (Kafka never shrinks a topic).
            if (count !== undefined && tp.partition >= count) {
                fail(`member "${m.memberId}" owns ${tp.topic}-${tp.partition}, but "${tp.topic}" has ${count} partitions`);
            }
        }
    }
}
