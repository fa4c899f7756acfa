/**
 * Collects what happens during a run and assembles the Trace (trace.ts). Protocol-agnostic:
 * the classic engine (and later the KIP-848 one) report spans and events here; this module
 * only keeps them tidy (closes spans, run-length encodes routine heartbeats and commits).
 */
import type {
    ActivityKind,
    ActivitySpan,
    CommitKind,
    CommitRun,
    ConditionKind,
    ConditionSpan,
    DuplicateIncident,
    DuplicateSource,
    GroupStateName,
    GroupStateSpan,
    HeartbeatRun,
    MemberIdSpan,
    MemberPause,
    OwnershipEnd,
    OwnershipSpan,
    PartitionSet,
    TraceCommit,
    TraceEvent,
    TraceMember,
    TraceMemberConfig,
    TraceRebalance,
    TraceScenarioEvent,
    Probe,
    LagSeries
} from './trace.js';

/** Activity kinds during which a member cannot process (simulation-conventions §9). */
export const PAUSED_KINDS: ReadonlySet<ActivityKind> = new Set<ActivityKind>(['paused-rebalance', 'revoking', 'frozen', 'down', 'failed']);

interface OpenSpan<T> {
    from: number;
    value: T;
}

interface GroupStateValue {
    state: GroupStateName;
    generation: number;
    protocolName: string | null;
    leader: string | null;
    members: number;
}

export interface MutableRebalance extends Omit<TraceRebalance, 'stableAt' | 'moved' | 'members'> {
    stableAt: number | null;
    moved: number;
    members: TraceRebalance['members'];
}

export class TraceBuilder {
    readonly members = new Map<string, TraceMember>();
    readonly events: TraceEvent[] = [];
    readonly groupStates: GroupStateSpan[] = [];
    readonly rebalances: MutableRebalance[] = [];
    readonly memberIds: MemberIdSpan[] = [];
    readonly ownership: OwnershipSpan[] = [];
    readonly activity: ActivitySpan[] = [];
    readonly conditions: ConditionSpan[] = [];
    readonly heartbeats: HeartbeatRun[] = [];
    readonly commitRuns: CommitRun[] = [];
    readonly commits: TraceCommit[] = [];
    readonly duplicates: DuplicateIncident[] = [];
    readonly scenarioEvents: TraceScenarioEvent[] = [];
    readonly probes: Probe[] = [];
    readonly lag: LagSeries[] = [];
    readonly notes: string[] = [];

    private groupState: OpenSpan<GroupStateValue> | null = null;
    private readonly openIds = new Map<string, OpenSpan<string>>();
    private openOwnership: OpenHolding[] = [];
    private openOwnershipCount = 0;
    private readonly openActivity = new Map<string, OpenSpan<ActivityKind>>();
    private readonly openConditions = new Map<string, OpenSpan<{ member: string; kind: ConditionKind }>>();
    private readonly lastHeartbeatRun = new Map<string, HeartbeatRun & { count: number }>();
    private readonly lastCommitRun = new Map<CommitKind, Map<string, CommitRun & { count: number; to: number }>>();

    // ---- members --------------------------------------------------------------------------

    addMember(member: TraceMember): void {
        this.members.set(member.name, member);
    }

    addMemberConfig(name: string, config: TraceMemberConfig): void {
        const m = this.members.get(name);
        if (!m) return;
        const last = m.configs[m.configs.length - 1];
        if (last && JSON.stringify({ ...last, from: 0 }) === JSON.stringify({ ...config, from: 0 })) return;
        m.configs.push(config);
    }

    // ---- events ---------------------------------------------------------------------------

    event(ev: TraceEvent): void {
        this.events.push(ev);
    }

    scenarioEvent(ev: TraceScenarioEvent): void {
        this.scenarioEvents.push(ev);
        this.events.push({ at: ev.at, kind: 'scenario', name: ev.kind, detail: ev.text, line: ev.line });
    }

    // ---- group state ----------------------------------------------------------------------

    setGroupState(now: number, value: GroupStateValue): void {
        const open = this.groupState;
        if (open) {
            const v = open.value;
            if (v.state === value.state && v.generation === value.generation && v.protocolName === value.protocolName && v.leader === value.leader && v.members === value.members) return;
            if (now > open.from) this.groupStates.push({ from: open.from, to: now, ...v });
        }
        this.groupState = { from: now, value: { ...value } };
    }

    // ---- member ids -----------------------------------------------------------------------

    setMemberId(now: number, member: string, memberId: string | null): void {
        const open = this.openIds.get(member);
        if (open && open.value === memberId) return;
        if (open) {
            if (now > open.from) this.memberIds.push({ member, memberId: open.value, from: open.from, to: now });
            this.openIds.delete(member);
        }
        if (memberId) this.openIds.set(member, { from: now, value: memberId });
    }

    // ---- ownership ------------------------------------------------------------------------

    /**
     * Start an ownership span; the caller keeps the handle and closes it. A partition revoked (or
     * lost) and handed back to the same member at the same instant (an eager rebalance with no
     * latency) continues its span instead of starting a new one.
     */
    openHolding(now: number, member: string, topic: string, partition: number, generation: number): OpenHolding {
        this.flushDeferredCloses(now);
        const again = this.deferredCloses.get(member)?.get(topic)?.get(partition);
        if (again) {
            this.deferredCloses.get(member)!.get(topic)!.delete(partition);
            again.closed = false;
            this.openOwnershipCount++;
            return again;
        }
        return { from: now, member, topic, partition, generation, closed: false, registered: false, deferredEnd: 'revoked' };
    }

    closeHolding(now: number, span: OpenHolding, end: OwnershipEnd): void {
        if (span.closed) return;
        span.closed = true;
        this.openOwnershipCount--;
        if (end === 'revoked' || end === 'lost') {
            this.flushDeferredCloses(now);
            let byTopic = this.deferredCloses.get(span.member);
            if (!byTopic) this.deferredCloses.set(span.member, (byTopic = new Map()));
            let byPartition = byTopic.get(span.topic);
            if (!byPartition) byTopic.set(span.topic, (byPartition = new Map()));
            span.deferredEnd = end;
            byPartition.set(span.partition, span);
            this.deferredAt = now;
            return;
        }
        if (now > span.from) this.ownership.push({ member: span.member, topic: span.topic, partition: span.partition, generation: span.generation, from: span.from, to: now, end });
    }

    private deferredAt = -1;
    /** Spans closed (revoked or lost) at `deferredAt`, by member, topic and partition: reopened if handed back at once. */
    private readonly deferredCloses = new Map<string, Map<string, Map<number, OpenHolding>>>();

    /** Spans closed at an earlier instant than `now` are final: record them. */
    private flushDeferredCloses(now: number): void {
        if (this.deferredAt < 0 || this.deferredAt === now) return;
        const at = this.deferredAt;
        for (const byTopic of this.deferredCloses.values()) {
            for (const byPartition of byTopic.values()) {
                for (const span of byPartition.values()) {
                    if (at > span.from) this.ownership.push({ member: span.member, topic: span.topic, partition: span.partition, generation: span.generation, from: span.from, to: at, end: span.deferredEnd });
                }
            }
        }
        this.deferredCloses.clear();
        this.deferredAt = -1;
    }

    /** Spans still open at the end of the run are closed by closeAll through this registry. */
    registerHolding(span: OpenHolding): void {
        if (span.registered) return;
        span.registered = true;
        this.openOwnership.push(span);
        this.openOwnershipCount++;
        // Keep the registry from growing without bound: drop closed spans now and then.
        if (this.openOwnership.length > 4 * this.openOwnershipCount + 1024) {
            this.openOwnership = this.openOwnership.filter((o) => {
                o.registered = !o.closed;
                return o.registered;
            });
        }
    }

    // ---- activity and conditions ----------------------------------------------------------

    setActivity(now: number, member: string, kind: ActivityKind | null): void {
        const open = this.openActivity.get(member);
        if (open && open.value === kind) return;
        if (open) {
            if (now > open.from) this.activity.push({ member, from: open.from, to: now, kind: open.value, paused: PAUSED_KINDS.has(open.value) });
            this.openActivity.delete(member);
        }
        if (kind) this.openActivity.set(member, { from: now, value: kind });
    }

    activityOf(member: string): ActivityKind | null {
        return this.openActivity.get(member)?.value ?? null;
    }

    setCondition(now: number, member: string, kind: ConditionKind, on: boolean): void {
        const key = `${member}\u0000${kind}`;
        const open = this.openConditions.get(key);
        if (on) {
            if (!open) this.openConditions.set(key, { from: now, value: { member, kind } });
        } else if (open) {
            this.openConditions.delete(key);
            if (now > open.from) this.conditions.push({ member, kind, from: open.from, to: now });
        }
    }

    // ---- heartbeats and commits -----------------------------------------------------------

    /** A heartbeat answered NONE. */
    routineHeartbeat(member: string, memberId: string, at: number, intervalMs: number): void {
        const run = this.lastHeartbeatRun.get(member);
        if (run && run.memberId === memberId && run.intervalMs === intervalMs && Math.abs(run.from + run.count * intervalMs - at) < 1e-6) {
            run.count++;
            return;
        }
        const fresh = { member, memberId, from: at, intervalMs, count: 1 };
        this.heartbeats.push(fresh);
        this.lastHeartbeatRun.set(member, fresh);
    }

    /** Any heartbeat that was not routine breaks the run. */
    breakHeartbeatRun(member: string): void {
        this.lastHeartbeatRun.delete(member);
    }

    routineCommit(member: string, kind: CommitKind, at: number, commits = 1): void {
        let runs = this.lastCommitRun.get(kind);
        if (!runs) this.lastCommitRun.set(kind, (runs = new Map()));
        const run = runs.get(member);
        if (run) {
            run.count += commits;
            run.to = at;
            return;
        }
        const fresh = { member, kind, from: at, to: at, count: commits };
        this.commitRuns.push(fresh);
        runs.set(member, fresh);
    }

    breakCommitRun(member: string, kind: CommitKind): void {
        this.lastCommitRun.get(kind)?.delete(member);
    }

    commit(c: TraceCommit): void {
        this.commits.push(c);
        if (!c.ok) this.breakCommitRun(c.member, 'auto');
    }

    // ---- duplicates -----------------------------------------------------------------------

    /** Re-processed records of one holding; a holding starts a new incident when its cause changes. */
    duplicate(h: DuplicateHolder, records: number): void {
        let inc = h.incident;
        if (!inc || inc.source !== h.source) {
            inc = { member: h.member, topic: h.topic, partition: h.partition, from: h.since, records: 0, source: h.source };
            this.duplicates.push(inc);
            h.incident = inc;
        }
        (inc as { records: number }).records += records;
    }

    // ---- end of run -----------------------------------------------------------------------

    /** Close every open span at `end`. */
    closeAll(end: number): void {
        if (this.groupState) {
            const { from, value } = this.groupState;
            if (end > from) this.groupStates.push({ from, to: end, ...value });
            this.groupState = null;
        }
        for (const [member, open] of this.openIds) if (end > open.from) this.memberIds.push({ member, memberId: open.value, from: open.from, to: end });
        this.openIds.clear();
        this.flushDeferredCloses(Infinity);
        for (const span of this.openOwnership) if (!span.closed) this.closeHolding(end, span, 'end');
        this.openOwnership = [];
        for (const [member, open] of this.openActivity) {
            if (end > open.from) this.activity.push({ member, from: open.from, to: end, kind: open.value, paused: PAUSED_KINDS.has(open.value) });
        }
        this.openActivity.clear();
        for (const open of this.openConditions.values()) if (end > open.from) this.conditions.push({ ...open.value, from: open.from, to: end });
        this.openConditions.clear();
        for (const d of this.duplicates) (d as { records: number }).records = round(d.records);
        this.events.sort((a, b) => a.at - b.at);
        this.ownership.sort((a, b) => a.from - b.from || a.to - b.to);
        this.activity.sort((a, b) => a.from - b.from);
        this.conditions.sort((a, b) => a.from - b.from);
        this.memberIds.sort((a, b) => a.from - b.from);
    }

    /** Total and longest pause per member, from the activity spans (adjacent paused spans join). */
    pauses(): Record<string, MemberPause> {
        const result: Record<string, MemberPause> = {};
        const byMember = new Map<string, ActivitySpan[]>();
        for (const span of this.activity) {
            let list = byMember.get(span.member);
            if (!list) byMember.set(span.member, (list = []));
            list.push(span);
        }
        for (const name of this.members.keys()) {
            const spans = (byMember.get(name) ?? []).sort((a, b) => a.from - b.from);
            let total = 0;
            let longest = 0;
            let runStart = -1;
            let runEnd = -1;
            for (const s of spans) {
                if (!s.paused) continue;
                total += s.to - s.from;
                if (runStart >= 0 && Math.abs(s.from - runEnd) < 1e-9) runEnd = s.to;
                else {
                    runStart = s.from;
                    runEnd = s.to;
                }
                longest = Math.max(longest, runEnd - runStart);
            }
            result[name] = { total: round(total), longest: round(longest) };
        }
        return result;
    }
}

/** An ownership span being built. */
export interface OpenHolding {
    readonly from: number;
    readonly member: string;
    readonly topic: string;
    readonly partition: number;
    readonly generation: number;
    closed: boolean;
    /** In the registry closeAll walks. */
    registered: boolean;
    /** How it ended, while its close waits for the end of the instant (see closeHolding). */
    deferredEnd: OwnershipEnd;
}

/** What the duplicate counter needs to know about a holding. */
export interface DuplicateHolder {
    readonly member: string;
    readonly topic: string;
    readonly partition: number;
    readonly source: DuplicateSource;
    readonly since: number;
    incident: DuplicateIncident | null;
}

export function round(v: number, digits = 3): number {
    const f = 10 ** digits;
    return Math.round(v * f) / f;
}

/** Topic → sorted partition numbers. */
export function toPartitionSet(parts: Iterable<{ topic: string; partition: number }>): PartitionSet {
    const set: PartitionSet = {};
    for (const tp of parts) (set[tp.topic] ??= []).push(tp.partition);
    for (const list of Object.values(set)) if (!ascending(list)) list.sort((a, b) => a - b);
    return set;
}

function ascending(list: readonly number[]): boolean {
    for (let i = 1; i < list.length; i++) if (list[i - 1] > list[i]) return false;
    return true;
}
