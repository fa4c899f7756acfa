/**
 * A synthetic trace for measuring the replay panel at a size no sample reaches (hundreds of
 * members, thousands of partitions, an hour). It is shaped like an engine trace — a rolling
 * restart under cooperative rebalancing, so ownership moves a little at each generation, members
 * pause briefly, every member exchanges JoinGroup/SyncGroup at each rebalance — and it validates
 * against docs/trace.schema.json, but it is NOT a simulation: nothing here claims to be what Kafka
 * would do. Deterministic for given options.
 */
import type {
    ActivitySpan,
    GroupStateSpan,
    LagSeries,
    OwnershipSpan,
    Trace,
    TraceEvent,
    TraceMember,
    TraceRebalance,
    TraceScenarioEvent
} from '../../language-server/src/simulation/trace.js';

export interface SyntheticOptions {
    readonly members: number;
    readonly topics: readonly { readonly name: string; readonly partitions: number }[];
    readonly durationMs: number;
    /** One member restarts every this often (each restart = two rebalances: leave, rejoin). */
    readonly restartEveryMs: number;
    readonly downMs: number;
    readonly seed: number;
}

/** 500 members × 5,000 partitions (5 topics × 1,000) over an hour, a restart every two minutes. */
export const BENCH_OPTIONS: SyntheticOptions = {
    members: 500,
    topics: [1, 2, 3, 4, 5].map((i) => ({ name: `topic${i}`, partitions: 1000 })),
    durationMs: 3_600_000,
    restartEveryMs: 120_000,
    downMs: 20_000,
    seed: 7
};

function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PREPARE_MS = 1500;
const COMPLETE_MS = 40;
const INITIAL_DELAY_MS = 3000;

interface Holding {
    member: number;
    from: number;
    generation: number;
}

export function syntheticTrace(o: SyntheticOptions): Trace {
    const rnd = mulberry32(o.seed);
    const names = Array.from({ length: o.members }, (_, i) => `c${i + 1}`);
    const memberIdOf = (m: number, incarnation: number) => `${names[m]}-${(m * 7919 + incarnation * 104729).toString(16).padStart(8, '0')}-synthetic`;
    const incarnation = new Array<number>(o.members).fill(0);
    const partitions: { topic: string; partition: number }[] = o.topics.flatMap((t) => Array.from({ length: t.partitions }, (_, p) => ({ topic: t.name, partition: p })));

    const groupStates: GroupStateSpan[] = [];
    const rebalances: TraceRebalance[] = [];
    const ownership: OwnershipSpan[] = [];
    const activity: ActivitySpan[] = [];
    const events: TraceEvent[] = [];
    const scenarioEvents: TraceScenarioEvent[] = [];
    const memberIds: Trace['memberIds'][number][] = [];
    const memberIdFrom = new Array<number>(o.members).fill(0);

    const alive = new Set<number>(names.map((_, i) => i));
    const holder: (Holding | null)[] = partitions.map(() => null);
    const activityFrom = new Array<number>(o.members).fill(0);
    const activityKind: ActivitySpan['kind'][] = new Array(o.members).fill('paused-rebalance');
    let generation = 0;
    let stateFrom = 0;
    let state: GroupStateSpan['state'] = 'Empty';
    let protocolName: string | null = null;

    const setState = (at: number, next: GroupStateSpan['state']) => {
        if (at > stateFrom) groupStates.push({ from: stateFrom, to: at, state, generation, protocolName, leader: protocolName ? names[0] : null, members: alive.size });
        state = next;
        stateFrom = at;
        events.push({ at, kind: 'state', name: next, generation, detail: `group moves to ${next}` });
    };
    const setActivity = (m: number, at: number, kind: ActivitySpan['kind']) => {
        if (activityKind[m] === kind) return;
        if (at > activityFrom[m]) {
            const k = activityKind[m];
            activity.push({ member: names[m], from: activityFrom[m], to: at, kind: k, paused: k !== 'processing' && k !== 'idle' && k !== 'stopped' });
        }
        activityKind[m] = kind;
        activityFrom[m] = at;
    };
    const release = (index: number, at: number, end: OwnershipSpan['end']) => {
        const h = holder[index];
        if (!h) return;
        if (at > h.from) ownership.push({ member: names[h.member], ...partitions[index], from: h.from, to: at, generation: h.generation, end });
        holder[index] = null;
    };

    /** One classic rebalance: prepare, bump, assign (sticky: only what must move moves), stable. */
    const rebalance = (at: number, reason: string) => {
        setState(at, 'PreparingRebalance');
        for (const m of alive) {
            setActivity(m, at, 'revoking');
            events.push({ at: at + 2 + Math.floor(rnd() * 50), kind: 'request', name: 'JoinGroup', member: names[m], memberId: memberIdOf(m, incarnation[m]), generation, direction: 'to-coordinator' });
        }
        const bumpedAt = at + PREPARE_MS;
        generation++;
        protocolName = 'cooperative-sticky';
        setState(bumpedAt, 'CompletingRebalance');
        const stableAt = bumpedAt + COMPLETE_MS;
        // Sticky: keep holders that are alive; hand orphans and the excess of the most loaded
        // members to the least loaded.
        const load = new Map<number, number[]>([...alive].map((m) => [m, []]));
        const orphans: number[] = [];
        holder.forEach((h, i) => (h && alive.has(h.member) ? load.get(h.member)!.push(i) : orphans.push(i)));
        const quota = Math.ceil(partitions.length / Math.max(1, alive.size));
        for (const list of load.values()) while (list.length > quota) orphans.push(list.pop()!);
        let moved = 0;
        const byLoad = [...load.entries()].sort((a, b) => a[1].length - b[1].length || a[0] - b[0]);
        let cursor = 0;
        for (const i of orphans) {
            while (byLoad[cursor % byLoad.length][1].length >= quota) cursor++;
            const [m, list] = byLoad[cursor % byLoad.length];
            list.push(i);
            if (holder[i]) {
                release(i, at, 'revoked');
                moved++;
            }
            holder[i] = { member: m, from: stableAt, generation };
        }
        for (const m of alive) {
            const id = memberIdOf(m, incarnation[m]);
            events.push({ at: bumpedAt, kind: 'response', name: 'JoinGroup', member: names[m], memberId: id, generation, direction: 'to-member', error: 'NONE' });
            events.push({ at: bumpedAt + 4, kind: 'request', name: 'SyncGroup', member: names[m], memberId: id, generation, direction: 'to-coordinator' });
            events.push({ at: stableAt, kind: 'response', name: 'SyncGroup', member: names[m], memberId: id, generation, direction: 'to-member', error: 'NONE' });
            setActivity(m, stableAt, 'processing');
        }
        events.push({
            at: stableAt,
            kind: 'log',
            name: 'Stabilized',
            generation,
            log: { side: 'broker', level: 'INFO', text: `Stabilized group synthetic generation ${generation} with ${alive.size} members.` }
        });
        setState(stableAt, 'Stable');
        rebalances.push({
            generation,
            preparedAt: at,
            reason,
            bumpedAt,
            stableAt,
            bumpedTo: 'CompletingRebalance',
            protocolName,
            leader: names[0],
            members: [...alive].slice(0, 50).map((m) => ({
                member: names[m],
                memberId: memberIdOf(m, incarnation[m]),
                groupInstanceId: null,
                protocols: ['cooperative-sticky'],
                vote: 'cooperative-sticky',
                rebalanceProtocol: 'COOPERATIVE'
            })),
            moved
        });
    };

    scenarioEvents.push({ at: 0, kind: 'start', line: 1, members: [...names], text: 'start all' });
    for (const m of alive) setActivity(m, 0, 'paused-rebalance');
    rebalance(INITIAL_DELAY_MS, 'Adding new member');
    let restarted = 0;
    for (let at = o.restartEveryMs; at + o.downMs + PREPARE_MS * 3 < o.durationMs; at += o.restartEveryMs) {
        const m = restarted++ % o.members;
        scenarioEvents.push({ at, kind: 'restart', line: 2, members: [names[m]], text: `restart ${names[m]} down ${o.downMs / 1000}s` });
        events.push({ at, kind: 'request', name: 'LeaveGroup', member: names[m], memberId: memberIdOf(m, incarnation[m]), direction: 'to-coordinator' });
        alive.delete(m);
        setActivity(m, at, 'down');
        holder.forEach((h, i) => h?.member === m && release(i, at, 'stopped'));
        memberIds.push({ member: names[m], memberId: memberIdOf(m, incarnation[m]), from: memberIdFrom[m], to: at });
        rebalance(at, `Removing member ${memberIdOf(m, incarnation[m])} on LeaveGroup`);
        const back = at + o.downMs;
        incarnation[m]++;
        memberIdFrom[m] = back;
        alive.add(m);
        setActivity(m, back, 'paused-rebalance');
        rebalance(back + 10, `Adding new member ${memberIdOf(m, incarnation[m])}`);
    }
    const end = o.durationMs;
    holder.forEach((_, i) => release(i, end, 'end'));
    for (let m = 0; m < o.members; m++) {
        setActivity(m, end, 'stopped');
        memberIds.push({ member: names[m], memberId: memberIdOf(m, incarnation[m]), from: memberIdFrom[m], to: end });
    }
    if (end > stateFrom) groupStates.push({ from: stateFrom, to: end, state, generation, protocolName, leader: names[0], members: alive.size });
    events.sort((a, b) => a.at - b.at);

    // Lag: a base level with a spike after each rebalance, decaying.
    const stepMs = Math.max(100, Math.ceil(o.durationMs / 2000));
    const samples = Math.floor(o.durationMs / stepMs) + 1;
    const lag: LagSeries[] = o.topics.map((t, ti) => {
        const values: number[] = [];
        const maxes: number[] = [];
        const committed: number[] = [];
        for (let i = 0; i < samples; i++) {
            const at = i * stepMs;
            let v = 20 * t.partitions * (1 + 0.3 * Math.sin(i / 37 + ti));
            for (const r of rebalances) if (at >= r.preparedAt) v += 400 * t.partitions * Math.exp(-(at - r.preparedAt) / 15_000) * (r.moved > 0 ? 1 : 0.2);
            values.push(Math.round(v));
            maxes.push(Math.round(v * 1.05));
            committed.push(Math.round(v + 5 * t.partitions));
        }
        return { topic: t.name, stepMs, lag: values, lagMax: maxes, committedLag: committed };
    });

    const pauses: Record<string, { total: number; longest: number }> = {};
    for (const n of names) pauses[n] = { total: 0, longest: 0 };
    for (const a of activity) {
        if (!a.paused) continue;
        const p = pauses[a.member];
        p.total += a.to - a.from;
        p.longest = Math.max(p.longest, a.to - a.from);
    }
    const members: TraceMember[] = names.map((name, i) => ({
        name,
        clientId: name,
        groupInstanceId: null,
        line: 3 + Math.floor(i / 100),
        configs: [
            {
                from: 0,
                groupProtocol: 'classic',
                groupInstanceId: null,
                assignors: ['cooperative-sticky'],
                rebalanceProtocol: 'COOPERATIVE',
                sessionTimeoutMs: 45_000,
                heartbeatIntervalMs: 3000,
                maxPollIntervalMs: 300_000,
                maxPollRecords: 500,
                processTimePerRecordMs: 1,
                enableAutoCommit: true,
                autoCommitIntervalMs: 5000,
                rebalanceListener: 'none',
                revokeTimeMs: 0,
                subscription: o.topics.map((t) => t.name)
            }
        ]
    }));
    const unownedMs: Record<string, number[]> = {};
    for (const t of o.topics) unownedMs[t.name] = new Array<number>(t.partitions).fill(0);
    const totalPause = Object.values(pauses).reduce((s, p) => s + p.total, 0);
    const produced = o.topics.reduce((s, t) => s + t.partitions * 10 * (o.durationMs / 1000), 0);
    const finalLag = lag.reduce((s, l) => s + l.lag[l.lag.length - 1], 0);
    return {
        traceVersion: 1,
        engine: { name: 'rebal', version: 'synthetic', hashOrder: 'sorted', notes: ['synthetic trace for benchmarks: not a simulation'] },
        scenario: `synthetic-${o.members}x${partitions.length}`,
        group: 'synthetic',
        seed: o.seed,
        durationMs: o.durationMs,
        cluster: { initialRebalanceDelayMs: INITIAL_DELAY_MS, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 1_800_000, groupMaxSize: 2147483647, networkLatencyMs: 1, assignorTimeMs: 0 },
        topics: o.topics.map((t) => ({ name: t.name, partitions: [{ at: 0, count: t.partitions }], produce: [{ at: 0, perSecond: t.partitions * 10 }], keySkew: 'uniform', subscribed: true })),
        members,
        groupStates,
        rebalances,
        memberIds,
        ownership,
        activity,
        conditions: [],
        events,
        heartbeats: [],
        commitRuns: [],
        commits: [],
        lag,
        probes: [],
        duplicates: [],
        scenarioEvents,
        expectations: [
            { index: 0, text: `rebalances >= ${rebalances.length}`, expected: `>= ${rebalances.length}`, actual: String(rebalances.length), pass: true },
            { index: 1, text: 'max-pause c1 < 1s', expected: '< 1s', actual: `${pauses.c1.longest}ms`, pass: pauses.c1.longest < 1000 }
        ],
        summary: {
            rebalances: rebalances.length,
            rebalanceTimes: rebalances.map((r) => r.bumpedAt),
            completedRebalances: rebalances.length,
            rebalanceDurations: rebalances.map((r) => ({ generation: r.generation, ms: r.stableAt! - r.preparedAt })),
            pauses,
            totalPause,
            maxLag: Object.fromEntries(lag.map((l) => [l.topic, Math.max(...l.lagMax)])),
            produced,
            processed: produced - finalLag,
            skipped: 0,
            duplicates: 0,
            duplicatesBySource: {},
            movedPartitions: rebalances.reduce((s, r) => s + r.moved, 0),
            maxUnowned: null,
            unownedMs,
            errors: Object.fromEntries(names.map((n) => [n, null])),
            finalState: state,
            finalGeneration: generation,
            eventsProcessed: events.length
        }
    };
}
