/**
 * A structural check of a trace before the replay panel draws it. The webview runs under a CSP
 * without 'unsafe-eval', so ajv (which compiles validators with `new Function`) cannot run
 * there; this hand-written check covers every field the panel reads, with the types and ranges
 * docs/trace-format.md gives, plus the cross-references it relies on (span members exist, spans
 * are ordered). It is not a replacement for docs/trace.schema.json, which the engine's tests
 * apply; it is what keeps a malformed message from being drawn.
 */

const ACTIVITY = new Set(['processing', 'idle', 'paused-rebalance', 'revoking', 'frozen', 'down', 'stopped', 'failed']);
const CONDITIONS = new Set(['cut-off', 'zombie', 'slow']);
const EVENT_KINDS = new Set(['request', 'response', 'timer', 'callback', 'state', 'log', 'error', 'scenario']);
const GROUP_STATES = new Set(['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Assigning', 'Reconciling']);
const OWNERSHIP_ENDS = new Set(['revoked', 'lost', 'crashed', 'stopped', 'fenced', 'end']);
const RECONCILIATION_STATES = new Set(['STABLE', 'UNREVOKED_PARTITIONS', 'UNRELEASED_PARTITIONS']);
const GROUP_PROTOCOLS = new Set(['classic', 'consumer']);

/** Stop listing after this many problems: one is enough to refuse, a few help to debug. */
const MAX_PROBLEMS = 5;

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const str = (x: unknown): x is string => typeof x === 'string';
const int = (x: unknown): x is number => Number.isInteger(x);

class Problems {
    readonly list: string[] = [];
    get full(): boolean {
        return this.list.length >= MAX_PROBLEMS;
    }
    add(text: string): void {
        if (!this.full) this.list.push(text);
    }
}

/**
 * Where a problem is, as text. Built only when there is a problem: a trace has hundreds of
 * thousands of items, and naming each one up front would cost more than checking it.
 */
class Where {
    constructor(
        private readonly field: string,
        public index = 0
    ) {}
    toString(): string {
        return `${this.field}[${this.index}]`;
    }
}

/** Checks an array field whose items are records, item by item. */
function eachRecord(p: Problems, t: Rec, field: string, check: (item: Rec, where: Where) => void, prefix = ''): void {
    const arr = t[field];
    if (!Array.isArray(arr)) {
        p.add(`${prefix}${field} is not an array`);
        return;
    }
    const where = new Where(prefix + field);
    for (let i = 0; i < arr.length && !p.full; i++) {
        const item = arr[i];
        where.index = i;
        if (!isRec(item)) p.add(`${where} is not an object`);
        else check(item, where);
    }
}

function span(p: Problems, s: Rec, where: Where, durationMs: number): void {
    if (!num(s.from) || !num(s.to)) p.add(`${where}: from/to are not numbers`);
    else if (s.from > s.to) p.add(`${where}: from ${s.from} > to ${s.to}`);
    else if (s.from < 0 || s.to > durationMs + 1e-6) p.add(`${where}: [${s.from}, ${s.to}) outside the run [0, ${durationMs}]`);
}

function memberRef(p: Problems, s: Rec, where: Where, members: Set<string>): void {
    if (!str(s.member) || !members.has(s.member)) p.add(`${where}: member ${JSON.stringify(s.member)} is not in members`);
}

function numberArray(x: unknown): boolean {
    return Array.isArray(x) && x.every(num);
}

/** `{topic: [partition, …]}` with integer partitions ≥ 0. */
function partitionSet(x: unknown): boolean {
    return isRec(x) && Object.values(x).every((l) => Array.isArray(l) && l.every((v) => int(v) && v >= 0));
}

/** Returns the problems found (empty = the panel may draw it). */
export function checkTrace(x: unknown): string[] {
    const p = new Problems();
    if (!isRec(x)) return ['trace is not an object'];
    if (x.traceVersion !== 1) return [`traceVersion ${JSON.stringify(x.traceVersion)} is not 1`];
    if (!str(x.scenario)) p.add('scenario is not a string');
    if (!str(x.group)) p.add('group is not a string');
    if (!num(x.durationMs) || x.durationMs < 0) return [...p.list, 'durationMs is not a number ≥ 0'];
    const duration = x.durationMs;

    const members = new Set<string>();
    eachRecord(p, x, 'members', (m, w) => {
        if (!str(m.name)) p.add(`${w}.name is not a string`);
        else if (members.has(m.name)) p.add(`${w}.name ${m.name} is repeated`);
        else members.add(m.name);
        if (m.line !== undefined && !int(m.line)) p.add(`${w}.line is not an integer`);
        if (!Array.isArray(m.configs)) p.add(`${w}.configs is not an array`);
    });
    const topics = new Set<string>();
    eachRecord(p, x, 'topics', (t, w) => {
        if (!str(t.name)) p.add(`${w}.name is not a string`);
        else topics.add(t.name);
        if (!Array.isArray(t.partitions) || !t.partitions.every((e) => isRec(e) && num(e.at) && int(e.count) && e.count >= 0)) {
            p.add(`${w}.partitions is not [{at, count}]`);
        }
    });
    eachRecord(p, x, 'groupStates', (s, w) => {
        span(p, s, w, duration);
        if (!str(s.state) || !GROUP_STATES.has(s.state)) p.add(`${w}.state ${JSON.stringify(s.state)} is not a group state`);
        if (!int(s.generation)) p.add(`${w}.generation is not an integer`);
        if (s.protocolName !== null && !str(s.protocolName)) p.add(`${w}.protocolName is not a string or null`);
        if (s.leader !== null && !str(s.leader)) p.add(`${w}.leader is not a string or null`);
        if (!int(s.members)) p.add(`${w}.members is not an integer`);
    });
    eachRecord(p, x, 'rebalances', (r, w) => {
        if (!int(r.generation) || !num(r.preparedAt) || !num(r.bumpedAt) || !str(r.reason)) p.add(`${w}: generation/preparedAt/bumpedAt/reason missing`);
    });
    eachRecord(p, x, 'ownership', (s, w) => {
        span(p, s, w, duration);
        memberRef(p, s, w, members);
        if (!str(s.topic) || !topics.has(s.topic)) p.add(`${w}.topic ${JSON.stringify(s.topic)} is not in topics`);
        if (!int(s.partition) || s.partition < 0) p.add(`${w}.partition is not an integer ≥ 0`);
        if (!int(s.generation)) p.add(`${w}.generation is not an integer`);
        if (!str(s.end) || !OWNERSHIP_ENDS.has(s.end)) p.add(`${w}.end ${JSON.stringify(s.end)} is not an ownership end`);
    });
    eachRecord(p, x, 'activity', (s, w) => {
        span(p, s, w, duration);
        memberRef(p, s, w, members);
        if (!str(s.kind) || !ACTIVITY.has(s.kind)) p.add(`${w}.kind ${JSON.stringify(s.kind)} is not an activity`);
        if (typeof s.paused !== 'boolean') p.add(`${w}.paused is not a boolean`);
    });
    eachRecord(p, x, 'conditions', (s, w) => {
        span(p, s, w, duration);
        memberRef(p, s, w, members);
        if (!str(s.kind) || !CONDITIONS.has(s.kind)) p.add(`${w}.kind ${JSON.stringify(s.kind)} is not a condition`);
    });
    eachRecord(p, x, 'events', (e, w) => {
        if (!num(e.at) || e.at < 0 || e.at > duration + 1e-6) p.add(`${w}.at is not a time in the run`);
        if (!str(e.kind) || !EVENT_KINDS.has(e.kind)) p.add(`${w}.kind ${JSON.stringify(e.kind)} is not an event kind`);
        if (!str(e.name)) p.add(`${w}.name is not a string`);
        if (e.member !== undefined) memberRef(p, e, w, members);
        if (e.memberId !== undefined && !str(e.memberId)) p.add(`${w}.memberId is not a string`);
        if (e.detail !== undefined && !str(e.detail)) p.add(`${w}.detail is not a string`);
        if (e.error !== undefined && !str(e.error)) p.add(`${w}.error is not a string`);
        if (e.generation !== undefined && !int(e.generation)) p.add(`${w}.generation is not an integer`);
        if (e.line !== undefined && !int(e.line)) p.add(`${w}.line is not an integer`);
        if (e.log !== undefined && !(isRec(e.log) && str(e.log.text) && str(e.log.level) && str(e.log.side))) p.add(`${w}.log is not {side, level, text}`);
        if (e.partitions !== undefined && !(isRec(e.partitions) && Object.values(e.partitions).every(numberArray))) p.add(`${w}.partitions is not a partition set`);
    });
    eachRecord(p, x, 'lag', (l, w) => {
        if (!str(l.topic)) p.add(`${w}.topic is not a string`);
        if (!num(l.stepMs) || l.stepMs <= 0) p.add(`${w}.stepMs is not > 0`);
        for (const f of ['lag', 'lagMax', 'committedLag'] as const) if (!numberArray(l[f])) p.add(`${w}.${f} is not a number array`);
    });
    eachRecord(p, x, 'scenarioEvents', (e, w) => {
        if (!num(e.at)) p.add(`${w}.at is not a number`);
        if (!str(e.kind) || !str(e.text)) p.add(`${w}: kind/text are not strings`);
        if (e.line !== undefined && !int(e.line)) p.add(`${w}.line is not an integer`);
        if (!Array.isArray(e.members) || !e.members.every(str)) p.add(`${w}.members is not a list of names`);
    });
    eachRecord(p, x, 'expectations', (e, w) => {
        if (!str(e.text) || !str(e.expected) || !str(e.actual) || typeof e.pass !== 'boolean') p.add(`${w}: text/expected/actual/pass missing`);
        if (e.line !== undefined && !int(e.line)) p.add(`${w}.line is not an integer`);
        if (e.problem !== undefined && !str(e.problem)) p.add(`${w}.problem is not a string`);
    });
    const s = x.summary;
    if (!isRec(s)) p.add('summary is not an object');
    else {
        for (const f of ['rebalances', 'completedRebalances', 'totalPause', 'produced', 'processed', 'duplicates', 'movedPartitions', 'finalGeneration'] as const) {
            if (!num(s[f])) p.add(`summary.${f} is not a number`);
        }
        if (!isRec(s.pauses) || !Object.values(s.pauses).every((v) => isRec(v) && num(v.total) && num(v.longest))) p.add('summary.pauses is not {member: {total, longest}}');
        if (!isRec(s.maxLag) || !Object.values(s.maxLag).every(num)) p.add('summary.maxLag is not {topic: number}');
        if (!str(s.finalState)) p.add('summary.finalState is not a string');
        if (s.maxUnowned !== null && !(isRec(s.maxUnowned) && num(s.maxUnowned.ms))) p.add('summary.maxUnowned is not null or {ms, topic, partition}');
        if (!isRec(s.errors)) p.add('summary.errors is not an object');
    }
    const cp = x.consumerProtocol;
    if (cp !== undefined) {
        if (!isRec(cp)) p.add('consumerProtocol is not an object');
        else {
            eachRecord(
                p,
                cp,
                'memberEpochs',
                (e, w) => {
                    span(p, e, w, duration);
                    memberRef(p, e, w, members);
                    if (!int(e.epoch)) p.add(`${w}.epoch is not an integer`);
                },
                'consumerProtocol.'
            );
            eachRecord(
                p,
                cp,
                'memberStates',
                (e, w) => {
                    span(p, e, w, duration);
                    memberRef(p, e, w, members);
                    if (!str(e.state)) p.add(`${w}.state is not a string`);
                },
                'consumerProtocol.'
            );
            eachRecord(
                p,
                cp,
                'targetAssignments',
                (a, w) => {
                    if (!int(a.epoch)) p.add(`${w}.epoch is not an integer`);
                    if (!num(a.at) || a.at < 0 || a.at > duration + 1e-6) p.add(`${w}.at is not a time in the run`);
                    if (!str(a.assignor)) p.add(`${w}.assignor is not a string`);
                    if (!isRec(a.assignment)) p.add(`${w}.assignment is not an object`);
                    else
                        for (const [m, set] of Object.entries(a.assignment)) {
                            if (!members.has(m)) p.add(`${w}.assignment: member ${JSON.stringify(m)} is not in members`);
                            else if (!partitionSet(set)) p.add(`${w}.assignment.${m} is not a partition set`);
                        }
                },
                'consumerProtocol.'
            );
            // Optional within version 1 (trace-format.md): checked when present.
            if (cp.reconciliations !== undefined)
                eachRecord(
                    p,
                    cp,
                    'reconciliations',
                    (r, w) => {
                        span(p, r, w, duration);
                        memberRef(p, r, w, members);
                        if (!int(r.epoch)) p.add(`${w}.epoch is not an integer`);
                        if (!str(r.state) || !RECONCILIATION_STATES.has(r.state)) p.add(`${w}.state ${JSON.stringify(r.state)} is not a reconciliation state`);
                        if (!partitionSet(r.assigned) || !partitionSet(r.revoking)) p.add(`${w}: assigned/revoking are not partition sets`);
                        if (!str(r.protocol) || !GROUP_PROTOCOLS.has(r.protocol)) p.add(`${w}.protocol ${JSON.stringify(r.protocol)} is not classic or consumer`);
                    },
                    'consumerProtocol.'
                );
            if (cp.groupTypes !== undefined)
                eachRecord(
                    p,
                    cp,
                    'groupTypes',
                    (g, w) => {
                        span(p, g, w, duration);
                        if (!str(g.type) || !GROUP_PROTOCOLS.has(g.type)) p.add(`${w}.type ${JSON.stringify(g.type)} is not classic or consumer`);
                    },
                    'consumerProtocol.'
                );
        }
    }
    return p.list;
}
