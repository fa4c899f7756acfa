/**
 * Collects the trace's `consumerProtocol` section (trace.ts, docs/trace-format.md): the group's
 * type over time, each member's epoch and reconciliation state as the coordinator sees them,
 * each client's member state, and every target assignment the coordinator computed. Spans are
 * half-open and keyed by the member's name in the file; zero-length spans are dropped.
 */
import type { ConsumerProtocolTrace, PartitionSet, ReconciliationSpan } from '../trace.js';
import { toPartitionSet } from '../trace-builder.js';
import type { Parts } from './partitions.js';
import type { ClientMemberState, ServerMemberState } from './protocol.js';

interface Open<T> {
    from: number;
    value: T;
}

/** Open spans keyed by a string, closed into a list when the value changes. */
class SpanTrack<T, S> {
    private readonly open = new Map<string, Open<T>>();
    readonly spans: S[] = [];

    constructor(
        private readonly same: (a: T, b: T) => boolean,
        private readonly make: (key: string, from: number, to: number, value: T) => S
    ) {}

    set(now: number, key: string, value: T | null): void {
        const cur = this.open.get(key);
        if (cur && value !== null && this.same(cur.value, value)) return;
        if (cur) {
            if (now > cur.from) this.spans.push(this.make(key, cur.from, now, cur.value));
            this.open.delete(key);
        }
        if (value !== null) this.open.set(key, { from: now, value });
    }

    close(end: number): void {
        for (const [key, cur] of this.open) if (end > cur.from) this.spans.push(this.make(key, cur.from, end, cur.value));
        this.open.clear();
    }
}

interface Reconciliation {
    readonly memberId: string;
    readonly epoch: number;
    readonly state: ServerMemberState;
    readonly assigned: PartitionSet;
    readonly revoking: PartitionSet;
    readonly protocol: 'consumer' | 'classic';
}

const sameJson = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export class ConsumerProtocolTraceBuilder {
    /** Set once a consumer group existed in the run: only then is the section emitted. */
    used = false;
    private readonly groupTypes = new SpanTrack<'classic' | 'consumer', { from: number; to: number; type: 'classic' | 'consumer' }>(
        (a, b) => a === b,
        (_k, from, to, type) => ({ from, to, type })
    );
    private readonly epochs = new SpanTrack<number, ConsumerProtocolTrace['memberEpochs'][number]>(
        (a, b) => a === b,
        (member, from, to, epoch) => ({ member, from, to, epoch })
    );
    private readonly states = new SpanTrack<ClientMemberState, ConsumerProtocolTrace['memberStates'][number]>(
        (a, b) => a === b,
        (member, from, to, state) => ({ member, from, to, state })
    );
    private readonly reconciliations = new SpanTrack<Reconciliation, ReconciliationSpan>(sameJson, (member, from, to, r) => ({ member, from, to, ...r }));
    readonly targetAssignments: ConsumerProtocolTrace['targetAssignments'] = [];

    /** The group's type at the start of the run (a new coordinator after a failover does not restart it). */
    initialGroupType(now: number, type: 'classic' | 'consumer'): void {
        if (!this.groupTypeKnown) this.setGroupType(now, type);
    }

    private groupTypeKnown = false;

    setGroupType(now: number, type: 'classic' | 'consumer'): void {
        this.groupTypeKnown = true;
        if (type === 'consumer') this.used = true;
        this.groupTypes.set(now, 'group', type);
    }

    /** The coordinator's record of a member (null: no longer a member). */
    setServerMember(
        now: number,
        member: string,
        m: { memberId: string; memberEpoch: number; state: ServerMemberState; assigned: Parts; pendingRevocation: Parts; classic: unknown } | null
    ): void {
        this.epochs.set(now, member, m === null ? null : m.memberEpoch);
        this.reconciliations.set(
            now,
            member,
            m === null
                ? null
                : {
                      memberId: m.memberId,
                      epoch: m.memberEpoch,
                      state: m.state,
                      assigned: toPartitionSet(m.assigned.values()),
                      revoking: toPartitionSet(m.pendingRevocation.values()),
                      protocol: m.classic ? 'classic' : 'consumer'
                  }
        );
    }

    /** A consumer-protocol client's own member state (null: the process is gone). */
    setClientState(now: number, member: string, state: ClientMemberState | null): void {
        this.used = true;
        this.states.set(now, member, state);
    }

    targetAssignment(at: number, epoch: number, assignor: string, assignment: Record<string, PartitionSet>): void {
        this.targetAssignments.push({ epoch, at, assignor, assignment });
    }

    build(end: number): ConsumerProtocolTrace | undefined {
        if (!this.used) return undefined;
        for (const t of [this.groupTypes, this.epochs, this.states, this.reconciliations]) t.close(end);
        const byTime = <S extends { from: number }>(list: S[]) => list.sort((a, b) => a.from - b.from);
        return {
            memberEpochs: byTime(this.epochs.spans),
            memberStates: byTime(this.states.spans),
            targetAssignments: this.targetAssignments,
            reconciliations: byTime(this.reconciliations.spans),
            groupTypes: byTime(this.groupTypes.spans)
        };
    }
}
