/**
 * The one entry point to Kafka's partition assignors: `assign(name, input)` returns exactly
 * what Kafka's assignor of that name returns for that input, or throws AssignorError
 * (InvalidAssignmentCase for a case Kafka can never be in).
 *
 * - client side (classic protocol, run by the group leader): `range`, `roundrobin`,
 *   `sticky` (eager), `cooperative-sticky` (partitions changing owner are withheld until the
 *   follow-up rebalance);
 * - server side (KIP-848, run by the group coordinator): `uniform`, `server-range`, with
 *   each member's current target assignment as `owned`.
 */
import { AssignorError, type AssignmentInput, type AssignmentResult, type AssignorName, type TopicPartition } from './types.js';
import { resolveOptions, type AssignOptions } from './options.js';
import { validateInput } from './validate.js';
import { buildClientCase } from './client/client-case.js';
import { clientResult } from './client/client-result.js';
import { assignRange } from './client/range.js';
import { assignRoundRobin } from './client/roundrobin.js';
import { assignSticky } from './client/sticky/sticky.js';
import { buildGroupSpec, type GroupSpec } from './server/group-spec.js';
import { assignUniformHomogeneous } from './server/uniform-homogeneous.js';
import { assignUniformHeterogeneous } from './server/uniform-heterogeneous.js';
import { assignServerRange } from './server/range.js';
import { partitionObjects } from './partition-objects.js';

export * from './types.js';
export type { AssignOptions } from './options.js';

export const ASSIGNOR_NAMES: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky', 'uniform', 'server-range'];

export function isAssignorName(name: unknown): name is AssignorName {
    return typeof name === 'string' && (ASSIGNOR_NAMES as readonly string[]).includes(name);
}

export function assign(name: AssignorName, input: AssignmentInput, options?: AssignOptions): AssignmentResult {
    if (!isAssignorName(name)) throw new AssignorError(`unknown assignor "${String(name)}"; expected one of ${ASSIGNOR_NAMES.join(', ')}`);
    validateInput(input);
    const resolved = resolveOptions(options);
    const inputOrder = input.members.map((m) => m.memberId);
    switch (name) {
        case 'range':
        case 'roundrobin':
        case 'sticky':
        case 'cooperative-sticky': {
            const c = buildClientCase(input, resolved, name === 'sticky' || name === 'cooperative-sticky');
            const owner = name === 'range' ? assignRange(c, resolved.preferRackAwareLogic)
                : name === 'roundrobin' ? assignRoundRobin(c)
                    : assignSticky(c, name, resolved.preferRackAwareLogic, input.leaderMaxGeneration);
            return clientResult(c, inputOrder, owner);
        }
        case 'uniform':
        case 'server-range': {
            const spec = buildGroupSpec(input, resolved);
            const owner = name === 'server-range' ? assignServerRange(spec)
                : spec.homogeneous ? assignUniformHomogeneous(spec) : assignUniformHeterogeneous(spec);
            return serverResult(spec, inputOrder, owner);
        }
    }
}

function serverResult(spec: GroupSpec, inputOrder: readonly string[], owner: Int32Array): AssignmentResult {
    const sizes = new Int32Array(spec.members.length);
    for (let g = 0; g < owner.length; g++) if (owner[g] >= 0) sizes[owner[g]]++;
    const lists: TopicPartition[][] = spec.members.map((_, i) => new Array<TopicPartition>(sizes[i]));
    const filled = new Int32Array(spec.members.length);
    for (let t = 0; t < spec.topicNames.length; t++) {
        const objects = partitionObjects(spec.topicNames[t], spec.partitionCounts[t]);
        const base = spec.offsets[t];
        for (let p = 0; p < spec.partitionCounts[t]; p++) {
            const m = owner[base + p];
            if (m >= 0) lists[m][filled[m]++] = objects[p];
        }
    }
    const byId = new Map(spec.members.map((m, i) => [m.memberId, lists[i]]));
    const assignment: Record<string, TopicPartition[]> = {};
    for (const id of inputOrder) assignment[id] = byId.get(id)!;
    return { assignment };
}
