/**
 * A coordinator move logs one unload line per group, the one of the group's type
 * (GroupMetadataManager.onUnloaded, GMM:3862-3873 at 1eb7644349): a consumer group logs
 * "[GroupId={}] Unloaded group metadata for group epoch {}.", a classic group
 * "[GroupId={}] Unloading group metadata for generation {}.". Zero latency, 6 partitions.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { members, names, run, topic } from '../helpers.js';
import { bumps, consumerMembers, start } from './helpers.js';

const failover = { kind: 'coordinator-failover' as const, at: 32_000 };

/** Every broker line about unloading group metadata, as [at, text]. */
function unloadLines(trace: Trace): [number, string][] {
    return trace.events.filter((e) => e.log?.side === 'broker' && /Unload(ed|ing) group metadata/.test(e.log.text)).map((e) => [e.at, e.log!.text]);
}

describe('coordinator failover: the unload line', () => {
    it('a consumer group logs its own line only, with its group epoch', () => {
        // Three consumer-protocol members start at 0: epochs 1, 2, 3 at 0 (one per joining member).
        // The move at 32 s unloads a consumer group of epoch 3: one line, the consumer group's; the
        // classic group object that stands by for classic requests is not a group of its own.
        const r = run({ topics: [topic('orders', 6, 600)], members: consumerMembers(names('c', 3)), events: [start(0, ['c1', 'c2', 'c3']), failover], durationMs: 40_000 });
        expect(bumps(r.trace).map(([epoch]) => epoch)).toEqual([1, 2, 3]);
        expect(unloadLines(r.trace)).toEqual([[32_000, '[GroupId=orders-service] Unloaded group metadata for group epoch 3.']]);
    });

    it('a consumer group with a classic member is still a consumer group: the same one line', () => {
        // c1 and c2 use the consumer protocol, c3 the classic one; all start at 0 and c1's heartbeat is
        // handled first (schedule order), so the group is created as a consumer group (epochs 1, 2), and
        // c3's JoinGroup (after MEMBER_ID_REQUIRED) joins it as a classic member: epoch 3.
        const ms = [...consumerMembers(['c1', 'c2']), ...members(['c3'])];
        const r = run({ topics: [topic('orders', 6, 600)], members: ms, events: [start(0, ['c1', 'c2', 'c3']), failover], durationMs: 40_000 });
        expect(bumps(r.trace).map(([epoch]) => epoch)).toEqual([1, 2, 3]);
        expect(unloadLines(r.trace)).toEqual([[32_000, '[GroupId=orders-service] Unloaded group metadata for group epoch 3.']]);
    });

    it('a classic group logs the classic line only, with its generation', () => {
        // Three classic members: generation 1 at 6 s (two initial-delay windows), Stable. One line.
        const r = run({ topics: [topic('orders', 6, 600)], members: members(names('c', 3)), events: [start(0, ['c1', 'c2', 'c3']), failover], durationMs: 40_000 });
        expect(unloadLines(r.trace)).toEqual([[32_000, '[GroupId=orders-service] Unloading group metadata for generation 1.']]);
    });
});
