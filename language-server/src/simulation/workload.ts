/**
 * The workload: records produced to partitions and processed by members, simulated
 * analytically. Between two events every rate is constant, so every quantity (log end,
 * positions, lag) is a straight line; the engine only does work when a rate changes.
 *
 * Invariant, at every instant: produced = processed (distinct) + lag + skipped, where
 * - produced: records appended to the partitions (the integral of the produce rate);
 * - processed: distinct offsets processed by some member (the highest position ever reached,
 *   the *frontier*, minus what was skipped);
 * - lag: log end − frontier, per partition;
 * - skipped: records a member never read because it started at the log end
 *   (`auto.offset.reset = latest` on a partition with no committed offset).
 * Re-processing an offset below the frontier counts as a duplicate.
 *
 * A member's processing (its `Processor`) shares its capacity (1 / process.time.per.record)
 * over the partitions it fetches, max-min fairly: a partition that keeps up takes only its
 * produce rate, the backlogged ones share the rest equally. A member is *busy* while it has a
 * backlog (or cannot keep up); each poll() of a busy member returns what is fetchable then (at
 * least one record, at most `max.poll.records`) and the next comes once it has spent the time
 * per record on each; an idle one is always inside `poll()` (simulation-conventions §4). At
 * capacity the fluid drains exactly the records a poll returned by the time the next one comes.
 */
import type { SkewValue } from '../model/properties.js';
import type { TopicSpec } from '../model/simulation-input.js';
import { Clock, Priority, type ScheduledEvent } from './clock.js';
import type { DuplicateIncident, DuplicateSource } from './trace.js';

const EPS = 1e-7;
/** A boundary this close below `now` counts as `now` (float noise on sums of batch lengths). */
const BOUNDARY_EPS = 1e-6;
/** A backlog this close below a whole number of records counts as that number. */
const RECORD_EPS = 1e-6;
/** More batches than this to skip over (2^52): batch indices would no longer be exact. */
const MAX_SKIP = 2 ** 52;

export interface DuplicateSink {
    /** Records re-processed by a holding; called with increments. */
    duplicate(h: Holding, records: number): void;
}

export class TopicState {
    readonly partitions: Partition[] = [];
    /** Records per second over the topic. */
    perSecond: number;
    readonly skew: SkewValue;
    // lag(t) = lagC0 + lagSlope·t, summed over partitions; the same for the committed lag.
    lagC0 = 0;
    lagSlope = 0;
    maxLag = 0;
    /** Largest lag seen since the last sample (for LagSeries.lagMax). */
    bucketMax = 0;

    constructor(readonly name: string, perSecond: number, skew: SkewValue) {
        this.perSecond = perSecond;
        this.skew = skew;
    }

    lagAt(t: number): number {
        return Math.max(0, this.lagC0 + this.lagSlope * t);
    }

    /** Log end − committed offset, summed at `t` (≥ every partition's settle time). */
    committedLagAt(t: number): number {
        let sum = 0;
        for (const p of this.partitions) {
            const logEnd = p.logEnd + p.lambda * (t - p.t);
            const holders = p.holders;
            if (holders.length === 0) sum += logEnd - p.committed;
            else if (holders.length === 1 && p.committedFollower === null) {
                // committedAt(t) for one holder, inlined (every sample visits every partition).
                const h = holders[0];
                const at = h.pendingCommitAt();
                if (at >= p.t && at <= t) sum += logEnd - Math.min(h.pos + h.rate * (at - p.t), p.logEnd + p.lambda * (at - p.t));
                else sum += logEnd - p.committed;
            } else sum += logEnd - p.committedAt(t);
        }
        return Math.max(0, sum);
    }
}

export class Partition {
    /** Records per ms. */
    lambda = 0;
    /** Time the fields below are valid at. */
    t: number;
    logEnd = 0;
    frontier = 0;
    committed = 0;
    hasCommitted: boolean;
    readonly holders: Holding[] = [];
    /** A holding whose per-batch commits are accepted: the committed offset follows its position. */
    committedFollower: Holding | null = null;
    /** The committed offset when the follower started (the rollback floor). */
    followBase = 0;
    lagC0 = 0;
    lagSlope = 0;
    // Ownership (simulation-conventions §9): holders that count as the owner.
    validCount = 0;
    unownedSince: number | null;
    unownedMs = 0;
    /** Why the last holder let go (attributes later re-processing). */
    lastRelease: DuplicateSource | null = null;
    /** The member it was last handed to (moved-partition counting). */
    lastOwner: string | undefined = undefined;

    constructor(readonly topic: TopicState, readonly index: number, createdAt: number, hasCommitted: boolean) {
        this.t = createdAt;
        this.hasCommitted = hasCommitted;
        this.unownedSince = createdAt;
    }

    get key(): string {
        return `${this.topic.name}[${this.index}]`;
    }

    /**
     * The committed offset at `t` (≥ this.t). Commits are recorded lazily on the holding
     * (`commitAt`, or its member's CommitLedger) and folded in at the next settle: the latest
     * commit wins.
     */
    committedAt(t: number): number {
        if (this.committedFollower) {
            const f = this.committedFollower;
            return Math.min(f.pos + f.rate * (t - this.t), this.logEnd + this.lambda * (t - this.t));
        }
        let best = -1;
        let value = this.committed;
        for (const h of this.holders) {
            const at = h.pendingCommitAt();
            if (at >= this.t && at <= t && at > best) {
                best = at;
                value = Math.min(h.pos + h.rate * (at - this.t), this.logEnd + this.lambda * (at - this.t));
            }
        }
        return value;
    }
}

export class Holding {
    pos: number;
    rate = 0;
    /** Fetching (false once marked for revocation, or while its member cannot process). */
    fetching = true;
    /** Counts as the owner (running, in the group). */
    valid = false;
    source: DuplicateSource;
    /** When the current `source` began (a duplicate incident dates from it). */
    since: number;
    /** The duplicate incident being counted (trace). */
    incident: DuplicateIncident | null = null;
    /** Instant of its latest single commit not yet folded into the partition (−1: none). */
    commitAt = -1;
    /** Its member's commits of everything it holds (null: single commits only). */
    ledger: CommitLedger | null = null;
    /** The ledger's commit count already folded in (or made before it was held). */
    ledgerSeen = 0;

    constructor(readonly proc: Processor, readonly part: Partition, pos: number, source: DuplicateSource, since: number) {
        this.pos = pos;
        this.source = source;
        this.since = since;
    }

    get member(): string {
        return this.proc.member;
    }

    /** Instant of its latest commit not yet folded into the partition (−1: none). */
    pendingCommitAt(): number {
        const l = this.ledger;
        // A commit is void while per-batch commits follow the position (Workload.commit).
        if (l !== null && l.count > this.ledgerSeen && l.at > this.commitAt && this.part.committedFollower === null) return l.at;
        return this.commitAt;
    }

    get topic(): string {
        return this.part.topic.name;
    }

    get partition(): number {
        return this.part.index;
    }
}

/**
 * A member's OffsetCommits of everything it holds (auto-commit): one record per commit instead of
 * one per partition; each holding attached to it reads the latest at its partition's next settle
 * (Holding.pendingCommitAt), as if the commit had been recorded on it.
 */
export class CommitLedger {
    /** Instant of the latest commit. */
    at = -1;
    /** Commits so far. */
    count = 0;
}

/**
 * A member's processing: its share of capacity over the partitions it fetches (the fluid, see
 * Workload.reallocate) and its poll loop (simulation-conventions §4). While it has a backlog it
 * is *busy*: each poll() returns what is fetchable then, at least one record and at most
 * `max.poll.records`, and the member polls again once it has spent `process.time.per.record` on
 * each. An idle member is inside poll() and reacts at once.
 *
 * The batches are advanced lazily (nextPoll, lastPoll, and always before the member's rates
 * change, see Workload.reallocate), each sized on the backlog line that held at its poll. A run
 * of equal batches is computed from its first poll (`runOrigin + k·d`), so the boundaries do not
 * depend on when they were asked for.
 */
export class Processor {
    /** ms per record. */
    timePerRecord: number;
    maxPollRecords: number;
    /** Able to process: started, not frozen, not down, not inside a callback. */
    running = false;
    readonly holdings: Holding[] = [];
    busy = false;
    /** While busy: the poll() that returned the batch in hand, and the end of that batch (the next poll). */
    pollAt = 0;
    batchEnd = 0;
    // The batch in hand is number runIndex of a run of equal batches of runSize records from runOrigin
    // (runSize = 0: the batch in hand stands alone, e.g. rescaled by a `slow`).
    private runOrigin = 0;
    private runSize = 0;
    private runIndex = 0;
    // Fetchable records (Σ log end − position over the partitions it fetches), a line between two
    // reallocations: backlog(t) = backlogAt0 + backlogSlope·(t − backlogT0).
    private backlogAt0 = 0;
    private backlogSlope = 0;
    private backlogT0 = 0;
    /** Frozen with a batch in hand: how far into it (ms) and how much of it was left (−1: none). */
    private frozenInto = 0;
    private frozenLeft = -1;
    kink: ScheduledEvent | null = null;
    /** Called when the member starts or stops being busy (not busy = back inside poll()). */
    onBusyChange: ((busy: boolean) => void) | null = null;

    constructor(readonly member: string, timePerRecord: number, maxPollRecords: number) {
        this.timePerRecord = timePerRecord;
        this.maxPollRecords = maxPollRecords;
    }

    /** The longest a batch can take (max.poll.records records). */
    get fullBatchMs(): number {
        return this.maxPollRecordsOrOne * this.timePerRecord;
    }

    private get maxPollRecordsOrOne(): number {
        return this.maxPollRecords >= 1 ? this.maxPollRecords : 1;
    }

    /** The next instant ≥ now at which the member calls poll() (now: it is inside poll()). */
    nextPoll(now: number): number {
        if (!this.busy) return now;
        this.advance(now);
        return this.batchEnd > now ? this.batchEnd : now;
    }

    /** The last instant ≤ now at which the member called poll() (now: it is inside poll()). */
    lastPoll(now: number): number {
        if (!this.busy) return now;
        this.advance(now);
        return this.batchEnd > now ? this.pollAt : now;
    }

    /**
     * The first poll after `now`: the end of the batch in hand, or, when the member polls at
     * `now`, the end of the batch that poll returns (on the backlog as it stands).
     */
    pollAfter(now: number): number {
        if (!this.busy) return now;
        this.advance(now);
        if (this.batchEnd > now) return this.batchEnd;
        const n = this.batchRecordsAt(this.batchEnd);
        if (n === this.runSize) return this.runOrigin + (this.runIndex + 2) * n * this.timePerRecord;
        return this.batchEnd + n * this.timePerRecord;
    }

    /** Records a poll() at `t` returns: the backlog then, at least 1, at most max.poll.records. */
    batchRecordsAt(t: number): number {
        const backlog = this.backlogAt0 + this.backlogSlope * (t - this.backlogT0);
        const n = Math.floor((backlog > 0 ? backlog : 0) + RECORD_EPS);
        const max = this.maxPollRecordsOrOne;
        return n < 1 ? 1 : n > max ? max : n;
    }

    /** Record the backlog line for the rates just set (Workload.reallocate). */
    setBacklogLine(at: number, backlog: number, slope: number): void {
        this.backlogT0 = at;
        this.backlogAt0 = backlog;
        this.backlogSlope = slope;
    }

    /**
     * A poll() at `now` returns a batch (the member just became busy, or polled after a callback).
     * Like any poll at the current instant it is sized once the instant's changes are made (e.g.
     * partitions assigned and at once paused until a callback returns), see advance().
     */
    startBatch(now: number): void {
        this.pollAt = now;
        this.batchEnd = now;
        this.runOrigin = now;
        this.runSize = 0;
        this.runIndex = 0;
    }

    /** The member just became busy: a new poll, or the batch it had in hand when it was frozen. */
    resumeOrStart(now: number): void {
        if (this.frozenLeft > 0) {
            this.pollAt = now - this.frozenInto;
            this.batchEnd = now + this.frozenLeft;
            this.runSize = 0;
        } else this.startBatch(now);
        this.frozenLeft = -1;
    }

    /** The process freezes (gc-pause): the batch in hand waits for it (call before it stops running). */
    freezeBatch(now: number): void {
        this.frozenLeft = -1;
        if (!this.busy) return;
        this.advance(now);
        if (this.batchEnd <= now) return;
        this.frozenInto = now - this.pollAt;
        this.frozenLeft = this.batchEnd - now;
    }

    /** Forget a frozen batch (the member stops for another reason, or polls anew). */
    dropFrozenBatch(): void {
        this.frozenLeft = -1;
    }

    /** `slow`: the batch in hand (or a frozen one) finishes at the new speed. */
    rescaleBatch(now: number, timePerRecord: number): void {
        this.advance(now); // the polls before now at the old speed
        this.runSize = 0; // the next batch starts a new run, at the new settings
        const old = this.timePerRecord;
        if (old <= 0 || timePerRecord <= 0) return;
        if (this.frozenLeft > 0) this.frozenLeft *= timePerRecord / old;
        if (!this.busy) return;
        if (this.batchEnd > now) this.batchEnd = now + ((this.batchEnd - now) / old) * timePerRecord;
    }

    /**
     * Move the batch sequence up to `now`: every poll before `now` happens, each returning what
     * was fetchable then on the current backlog line (the caller advances before the line changes).
     * A poll at exactly `now` stays pending: it is sized when the member is next asked about, on
     * the line as it is after this instant's changes (the poll's own work comes before its fetch).
     */
    advance(now: number): void {
        if (!this.busy || this.timePerRecord <= 0) return;
        const limit = now - BOUNDARY_EPS;
        while (this.batchEnd < limit) {
            const b = this.batchEnd;
            const n = this.batchRecordsAt(b);
            if (n === this.runSize) this.runIndex++;
            else {
                this.runOrigin = b;
                this.runSize = n;
                this.runIndex = 0;
            }
            const o = this.runOrigin;
            const d = n * this.timePerRecord;
            let k = this.runIndex;
            if (o + (k + 1) * d <= b || (limit - o) / d > MAX_SKIP) {
                // Batches too short for the clock's precision here (a tiny time per record): the
                // member polls all the time; count it as polling now.
                this.pollAt = this.batchEnd = this.runOrigin = now;
                this.runSize = 0;
                this.runIndex = 0;
                return;
            }
            if (o + (k + 1) * d < limit) {
                // Skip to the batch that holds `now`, unless the batch size changes first (the size is
                // monotone along one backlog line, so the first change is found by bisection).
                let target = Math.max(k, Math.ceil((limit - o) / d) - 1);
                while (o + (target + 1) * d < limit) target++;
                while (target > k && o + target * d >= limit) target--;
                let lo = k + 1;
                let hi = target + 1;
                while (lo < hi) {
                    const mid = Math.floor((lo + hi) / 2);
                    if (this.batchRecordsAt(o + mid * d) !== n) hi = mid;
                    else lo = mid + 1;
                }
                k = lo - 1;
            }
            this.runIndex = k;
            this.pollAt = o + k * d;
            this.batchEnd = o + (k + 1) * d;
        }
    }
}

/** Remove the first occurrence of `h`, keeping the order (splice without the array it returns). */
function removeFrom(list: Holding[], h: Holding): void {
    const i = list.indexOf(h);
    if (i < 0) return;
    for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k];
    list.pop();
}

/** The same holdings in the same order (then nothing is kept). */
function sameHoldings(a: readonly Holding[], b: readonly Holding[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

function skewShares(count: number, skew: SkewValue): number[] {
    if (skew.kind === 'uniform' || count <= 0) return new Array<number>(count).fill(count > 0 ? 1 / count : 0);
    const raw = Array.from({ length: count }, (_, k) => 1 / Math.pow(k + 1, skew.exponent));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((r) => r / sum);
}

export class Workload {
    readonly topics = new Map<string, TopicState>();
    readonly processors = new Map<string, Processor>();
    /** Group's first Stable: unowned time counts only after it. */
    firstStableAt: number | null = null;
    produced = 0;
    /** Every processed record, duplicates included. */
    processedTotal = 0;
    duplicates = 0;
    skipped = 0;

    constructor(private readonly clock: Clock, topics: readonly TopicSpec[], private readonly sink: DuplicateSink) {
        for (const spec of topics) {
            const topic = new TopicState(spec.name, spec.producePerSecond, spec.keySkew);
            this.topics.set(spec.name, topic);
            for (let i = 0; i < spec.partitions; i++) topic.partitions.push(new Partition(topic, i, 0, true));
            this.applyRates(topic);
        }
    }

    // ---- topics ---------------------------------------------------------------------------

    partition(topic: string, index: number): Partition | undefined {
        return this.topics.get(topic)?.partitions[index];
    }

    setProduceRate(topicName: string, perSecond: number): void {
        const topic = this.topics.get(topicName);
        if (!topic) return;
        topic.perSecond = perSecond;
        this.applyRates(topic);
    }

    addPartitions(topicName: string, count: number): void {
        const topic = this.topics.get(topicName);
        if (!topic) return;
        const now = this.clock.now;
        for (let i = 0; i < count; i++) {
            const p = new Partition(topic, topic.partitions.length, now, false);
            topic.partitions.push(p);
        }
        this.applyRates(topic);
    }

    private applyRates(topic: TopicState): void {
        const now = this.clock.now;
        const shares = skewShares(topic.partitions.length, topic.skew);
        const touched = new Set<Processor>();
        for (const p of topic.partitions) {
            this.settle(p, now);
            p.lambda = (topic.perSecond / 1000) * shares[p.index];
            for (const h of p.holders) touched.add(h.proc);
            this.refreshLines(p, now);
        }
        // A rate change moves every holder's allocation.
        for (const proc of touched) this.reallocate(proc);
    }

    // ---- settling ---------------------------------------------------------------------------

    /** Advance a partition and its holders to `now` (rates unchanged). */
    settle(p: Partition, now: number): void {
        const dt = now - p.t;
        if (dt < 0) return;
        // Fold in commits made since the last settle (at their own instants).
        let lazyCommit = false;
        for (const h of p.holders) if (h.pendingCommitAt() >= 0) lazyCommit = true;
        if (lazyCommit) {
            p.committed = p.committedAt(now);
            p.hasCommitted = true;
            for (const h of p.holders) {
                h.commitAt = -1;
                if (h.ledger !== null) h.ledgerSeen = h.ledger.count;
            }
        }
        if (dt === 0) return;
        const produced = p.lambda * dt;
        p.logEnd += produced;
        this.produced += produced;
        const f0 = p.frontier;
        let leader: Holding | null = null;
        let leaderStart = 0;
        let best = -Infinity;
        for (const h of p.holders) {
            if (h.rate === 0) continue;
            const start = h.pos;
            let end = h.pos + h.rate * dt;
            if (end > p.logEnd) end = p.logEnd;
            h.pos = end;
            this.processedTotal += end - start;
            if (end > best) {
                if (leader) this.countDuplicate(leader, leader.pos - leaderStart, now);
                leader = h;
                leaderStart = start;
                best = end;
            } else {
                this.countDuplicate(h, end - start, now);
            }
        }
        if (leader) {
            const dup = Math.max(0, Math.min(leader.pos, f0) - leaderStart);
            this.countDuplicate(leader, dup, now);
            if (leader.pos > p.frontier) p.frontier = leader.pos;
        }
        if (p.committedFollower) {
            p.committed = p.committedFollower.pos;
        }
        p.t = now;
    }

    private countDuplicate(h: Holding, records: number, now: number): void {
        if (records <= EPS) return;
        this.duplicates += records;
        this.sink.duplicate(h, records);
    }

    /** A holder jumps forward at this instant (processing with no time per record). */
    private jump(h: Holding, to: number, now: number): void {
        const p = h.part;
        if (to <= h.pos) return;
        const dup = Math.max(0, Math.min(to, p.frontier) - h.pos);
        this.processedTotal += to - h.pos;
        this.countDuplicate(h, dup, now);
        h.pos = to;
        if (to > p.frontier) p.frontier = to;
        if (p.committedFollower === h) p.committed = to;
    }

    /** Recompute a partition's lag lines after its rates changed, tracking the topic's max lag. */
    private refreshLines(p: Partition, now: number): void {
        const topic = p.topic;
        this.observe(topic, now);
        let frontierSlope = 0;
        for (const h of p.holders) if (h.pos >= p.frontier - EPS && h.rate > frontierSlope) frontierSlope = h.rate;
        const lag = p.logEnd - p.frontier;
        const slope = p.lambda - frontierSlope;
        const c0 = lag - slope * now;
        if (c0 === p.lagC0 && slope === p.lagSlope) return; // the topic's line is unchanged: observed once is enough
        topic.lagC0 += c0 - p.lagC0;
        topic.lagSlope += slope - p.lagSlope;
        p.lagC0 = c0;
        p.lagSlope = slope;
        this.observe(topic, now);
    }

    /** Track the topic's lag at `now` (max lag is reached at a rate change or at a sample). */
    observe(topic: TopicState, now: number): void {
        const v = topic.lagAt(now);
        if (v > topic.maxLag) topic.maxLag = v;
        if (v > topic.bucketMax) topic.bucketMax = v;
    }

    // ---- processors -----------------------------------------------------------------------

    processor(member: string, timePerRecord: number, maxPollRecords: number): Processor {
        let proc = this.processors.get(member);
        if (!proc) {
            proc = new Processor(member, timePerRecord, maxPollRecords);
            this.processors.set(member, proc);
        }
        return proc;
    }

    /**
     * Start holding a partition: the position is the committed offset, or the reset policy's
     * when there is none. Returns null when the policy is `none` and nothing is committed
     * (Kafka throws NoOffsetForPartitionException).
     */
    hold(proc: Processor, p: Partition, reset: 'latest' | 'earliest' | 'none', source: DuplicateSource): Holding | null {
        const now = this.clock.now;
        this.settle(p, now);
        let pos: number;
        if (p.hasCommitted) pos = p.committed;
        else if (reset === 'none') return null;
        else if (reset === 'earliest') pos = 0;
        else {
            pos = p.logEnd;
            if (p.logEnd > p.frontier) {
                this.skipped += p.logEnd - p.frontier;
                p.frontier = p.logEnd;
            }
        }
        const h = new Holding(proc, p, pos, source, now);
        p.holders.push(h);
        proc.holdings.push(h);
        this.refreshLines(p, now);
        if (!this.deferReallocate) this.reallocate(proc);
        return h;
    }

    /** Stop holding several partitions at once (one reallocation). */
    releaseAll(list: readonly Holding[], cause: DuplicateSource): void {
        if (list.length === 0) return;
        const proc = list[0].proc;
        this.deferReallocate = true;
        this.bulkRelease = true;
        for (const h of list) this.release(h, cause);
        this.bulkRelease = false;
        if (!sameHoldings(list, proc.holdings)) {
            // One pass instead of an indexOf per holding (a member may hold thousands).
            const gone = new Set(list);
            const kept = proc.holdings.filter((h) => !gone.has(h));
            proc.holdings.length = 0;
            for (const h of kept) proc.holdings.push(h);
        } else proc.holdings.length = 0; // everything goes (an eager revocation)
        this.deferReallocate = false;
        this.reallocate(proc);
    }

    private bulkRelease = false;

    /** While true, hold/release/setFetching leave the reallocation to their batch caller. */
    private deferReallocate = false;

    /** Start holding several partitions at once (one reallocation); see hold(). */
    holdAll(proc: Processor, parts: readonly Partition[], reset: 'latest' | 'earliest' | 'none', sources: readonly DuplicateSource[]): (Holding | null)[] {
        this.deferReallocate = true;
        const result = parts.map((p, i) => this.hold(proc, p, reset, sources[i]));
        this.deferReallocate = false;
        this.reallocate(proc);
        return result;
    }

    setFetchingAll(list: readonly Holding[], fetching: boolean): void {
        if (list.length === 0) return;
        for (const h of list) h.fetching = fetching;
        this.reallocate(list[0].proc);
    }

    /** Stop holding (revoked, lost, crashed, stopped). */
    release(h: Holding, cause: DuplicateSource): void {
        const now = this.clock.now;
        const p = h.part;
        const proc = h.proc;
        this.settle(p, now);
        if (p.committedFollower === h) p.committedFollower = null;
        if (h.valid) this.setValid(h, false);
        h.rate = 0;
        removeFrom(p.holders, h);
        if (!this.bulkRelease) removeFrom(proc.holdings, h);
        p.lastRelease = cause;
        this.refreshLines(p, now);
        if (!this.deferReallocate) this.reallocate(proc);
    }

    /** A successful OffsetCommit of the holding's position now (folded in lazily, see committedAt). */
    commit(h: Holding): void {
        if (h.part.committedFollower) return; // per-batch commits already follow the position
        h.commitAt = this.clock.now;
        h.part.hasCommitted = true;
    }

    /** Attach a holding to its member's ledger: later ledger commits cover it. */
    attachLedger(h: Holding, ledger: CommitLedger): void {
        h.ledger = ledger;
        h.ledgerSeen = ledger.count;
    }

    /**
     * A successful OffsetCommit of the positions of every holding attached to `ledger` (which must
     * be exactly what the member holds): the same as commit() on each, in constant time.
     */
    commitLedger(ledger: CommitLedger): void {
        ledger.at = this.clock.now;
        ledger.count++;
    }

    /**
     * Per-batch manual commits (`enable.auto.commit = false`): while accepted, the committed
     * offset follows the position; when they stop being accepted it stays where the last
     * accepted commit left it, i.e. at the last batch boundary, `sinceBoundaryMs` ago.
     */
    setCommitFollowing(h: Holding, following: boolean, sinceBoundaryMs = 0): void {
        const now = this.clock.now;
        const p = h.part;
        this.settle(p, now);
        if (following) {
            p.committedFollower = h;
            p.committed = h.pos;
            p.followBase = h.pos;
            p.hasCommitted = true;
        } else if (p.committedFollower === h) {
            p.committedFollower = null;
            p.committed = Math.max(p.followBase, h.pos - h.rate * sinceBoundaryMs);
        }
        this.refreshLines(p, now);
    }

    /** Whether the holding counts as the partition's owner (running member in the group). */
    setValid(h: Holding, valid: boolean): void {
        if (h.valid === valid) return;
        const p = h.part;
        const now = this.clock.now;
        h.valid = valid;
        if (valid) {
            if (p.validCount === 0) this.closeUnowned(p, now);
            p.validCount++;
        } else {
            p.validCount--;
            if (p.validCount === 0) p.unownedSince = now;
        }
    }

    private closeUnowned(p: Partition, now: number): void {
        if (p.unownedSince === null) return;
        if (this.firstStableAt !== null) p.unownedMs += Math.max(0, now - Math.max(p.unownedSince, this.firstStableAt));
        p.unownedSince = null;
    }

    /** Unowned time of a partition up to `now`. */
    unownedMs(p: Partition, now: number): number {
        let ms = p.unownedMs;
        if (p.validCount === 0 && p.unownedSince !== null && this.firstStableAt !== null) ms += Math.max(0, now - Math.max(p.unownedSince, this.firstStableAt));
        return ms;
    }

    setFetching(h: Holding, fetching: boolean): void {
        if (h.fetching === fetching) return;
        h.fetching = fetching;
        this.reallocate(h.proc);
    }

    /**
     * Start or stop processing (started, stopped, crashed, inside a callback, resuming after a
     * pause). Stopping drops the batch in hand; see freeze() for a pause that keeps it.
     */
    setRunning(proc: Processor, running: boolean): void {
        if (!running) proc.dropFrozenBatch();
        if (proc.running === running) return;
        proc.running = running;
        this.reallocate(proc);
    }

    /**
     * The process freezes (gc-pause): processing stops, and the batch in hand resumes where it
     * stopped when the member runs again (its polls move by the time it did not run).
     */
    freeze(proc: Processor): void {
        if (!proc.running) return;
        proc.freezeBatch(this.clock.now);
        proc.running = false;
        this.reallocate(proc);
    }

    setProcessTime(proc: Processor, timePerRecord: number, maxPollRecords: number): void {
        // The batch in hand finishes at the new speed; the next poll returns up to the new max.poll.records.
        proc.rescaleBatch(this.clock.now, timePerRecord);
        proc.timePerRecord = timePerRecord;
        proc.maxPollRecords = maxPollRecords;
        this.reallocate(proc);
    }

    /** A poll() just happened at `now` (after a callback): the batch it returns starts here. */
    restartBatches(proc: Processor): void {
        proc.dropFrozenBatch();
        if (proc.busy) proc.startBatch(this.clock.now);
    }

    /**
     * Share the member's capacity over the partitions it fetches, then schedule the next
     * instant one of them catches up (a rate change) or crosses the frontier (a lag kink).
     */
    reallocate(proc: Processor): void {
        const now = this.clock.now;
        // Polls that fell since the last change are sized on the backlog line that held then.
        proc.advance(now);
        for (const h of proc.holdings) this.settle(h.part, now);
        const active = proc.running ? proc.holdings.filter((h) => h.fetching) : [];
        for (const h of proc.holdings) if (!proc.running || !h.fetching) h.rate = 0;
        let busy = false;
        if (active.length > 0) {
            if (proc.timePerRecord <= 0) {
                for (const h of active) {
                    this.jump(h, h.part.logEnd, now);
                    h.rate = h.part.lambda;
                }
            } else {
                let remaining = 1 / proc.timePerRecord;
                let open = active.slice();
                let changed = true;
                while (changed && open.length > 0) {
                    changed = false;
                    const share = remaining / open.length;
                    const next: Holding[] = [];
                    for (const h of open) {
                        const caughtUp = h.part.logEnd - h.pos <= EPS;
                        if (caughtUp && h.part.lambda <= share) {
                            h.rate = h.part.lambda;
                            remaining -= h.rate;
                            changed = true;
                        } else next.push(h);
                    }
                    open = next;
                }
                if (open.length > 0) {
                    busy = true;
                    const share = remaining / open.length;
                    for (const h of open) h.rate = share;
                }
            }
        }
        // The backlog a poll would return, as a line until the next reallocation.
        let backlog = 0;
        let slope = 0;
        for (const h of active) {
            const waiting = h.part.logEnd - h.pos;
            if (waiting > 0) backlog += waiting;
            slope += h.part.lambda - h.rate;
        }
        proc.setBacklogLine(now, backlog, slope);
        const wasBusy = proc.busy;
        proc.busy = busy;
        if (busy && !wasBusy) proc.resumeOrStart(now);
        else if (!busy && proc.running) proc.dropFrozenBatch(); // running and idle: no batch in hand
        for (const h of proc.holdings) this.refreshLines(h.part, now);
        this.scheduleKink(proc);
        // A holder on a shared partition changed the frontier's slope: its co-holders' kinks move.
        for (const h of proc.holdings) {
            if (h.part.holders.length > 1) for (const o of h.part.holders) if (o.proc !== proc) this.scheduleKink(o.proc);
        }
        if (wasBusy !== busy && proc.onBusyChange) proc.onBusyChange(busy);
    }

    private scheduleKink(proc: Processor): void {
        const now = this.clock.now;
        this.clock.cancel(proc.kink);
        proc.kink = null;
        let next = Infinity;
        for (const h of proc.holdings) {
            if (h.rate <= 0) continue;
            const p = h.part;
            if (h.pos < p.logEnd - EPS && h.rate > p.lambda + EPS) next = Math.min(next, (p.logEnd - h.pos) / (h.rate - p.lambda));
            if (h.pos < p.frontier - EPS) {
                let frontierRate = 0;
                for (const o of p.holders) if (o.pos >= p.frontier - EPS && o.rate > frontierRate) frontierRate = o.rate;
                if (h.rate > frontierRate + EPS) next = Math.min(next, (p.frontier - h.pos) / (h.rate - frontierRate));
            }
        }
        if (next < Infinity) {
            // Whole milliseconds keep the clock on integers; a kink a fraction early only delays a catch-up.
            const at = now + Math.max(1, Math.ceil(next - 1e-9));
            this.armKink(proc, at);
        }
    }

    /** Apart from scheduleKink (run on every reallocation): its closure would cost an allocation each time. */
    private armKink(proc: Processor, at: number): void {
        // Benign: a rate change only moves the workload and the member's poll timing.
        proc.kink = this.clock.schedule(
            at,
            () => {
                proc.kink = null;
                this.reallocate(proc);
            },
            Priority.Normal,
            true
        );
    }

    /** Settle everything to `now` (end of run, invariant checks). */
    settleAll(now: number): void {
        for (const topic of this.topics.values()) for (const p of topic.partitions) this.settle(p, now);
    }
}
