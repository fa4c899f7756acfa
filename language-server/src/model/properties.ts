/**
 * The property catalog: every Kafka consumer property, broker group property and simulation
 * setting a `.rebal` file can use, with its type, unit, default, range and documentation.
 * One table drives completion, hover, type checking and the simulator's defaults.
 * Defaults are Kafka's (kafka-semantics.md §5); sources are cited per entry.
 */

export type PropertyType =
    | { kind: 'duration' } // milliseconds; a bare number means ms on a `.ms` key
    | { kind: 'count' } // an integer
    | { kind: 'rate' } // records per second
    | { kind: 'boolean' }
    | { kind: 'string' }
    | { kind: 'enum'; values: readonly string[] }
    | { kind: 'enum-list'; values: readonly string[] }
    | { kind: 'skew' }; // `uniform` or `zipf(s)`

/** Where a property may be written. `member` covers group, consumer, consumers and `with` blocks. */
export type PropertyScope = 'cluster' | 'group' | 'member' | 'topic' | 'scenario';

export type PropertyValue = number | string | boolean | readonly string[] | SkewValue | null;
export type SkewValue = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly exponent: number };

export interface PropertyInfo {
    readonly key: string;
    readonly type: PropertyType;
    readonly default: PropertyValue;
    readonly min?: number;
    readonly max?: number;
    readonly scopes: readonly PropertyScope[];
    /** `kafka-client`, `kafka-broker`, `kafka-group-config` or `simulation`. */
    readonly origin: 'kafka-client' | 'kafka-broker' | 'kafka-group-config' | 'simulation' | 'topic';
    /** Which group protocol the client property applies to, when only one. */
    readonly protocol?: 'classic' | 'consumer';
    /** Says what it does in a rebalance, in our words. */
    readonly doc: string;
    /** Where Kafka defines it. */
    readonly source?: string;
}

const duration = { kind: 'duration' } as const;
const count = { kind: 'count' } as const;
const rate = { kind: 'rate' } as const;
const boolean = { kind: 'boolean' } as const;
const string = { kind: 'string' } as const;
const enumOf = (...values: string[]): PropertyType => ({ kind: 'enum', values });
const enumList = (...values: string[]): PropertyType => ({ kind: 'enum-list', values });

const INT_MAX = 2_147_483_647;
/** Client-side assignors by their short names (Kafka's `partition.assignment.strategy` accepts these and class names). */
export const CLIENT_ASSIGNORS = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const;
/** Server-side (KIP-848) assignors. */
export const SERVER_ASSIGNORS = ['uniform', 'range'] as const;
/** Java class names Kafka also accepts in `partition.assignment.strategy`. */
export const ASSIGNOR_CLASS_NAMES: Record<string, string> = {
    'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
    'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
    'org.apache.kafka.clients.consumer.StickyAssignor': 'sticky',
    'org.apache.kafka.clients.consumer.CooperativeStickyAssignor': 'cooperative-sticky'
};

const CLIENT: PropertyScope[] = ['cluster', 'group', 'member'];
const BROKER: PropertyScope[] = ['cluster'];

const entries: PropertyInfo[] = [
    // ---- consumer client, both protocols ---------------------------------------------------
    {
        key: 'group.protocol', type: enumOf('classic', 'consumer'), default: 'classic', scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig GROUP_PROTOCOL_CONFIG',
        doc: 'Which rebalance protocol the consumer speaks. `classic` is the JoinGroup/SyncGroup protocol with a group-wide barrier, where the leader consumer computes the assignment. `consumer` is KIP-848 (Kafka 4.0+): the broker computes a target assignment and each member converges on its own heartbeats, with no stop-the-world barrier.'
    },
    {
        key: 'group.remote.assignor', type: enumOf(...SERVER_ASSIGNORS), default: null, scopes: CLIENT, origin: 'kafka-client', protocol: 'consumer',
        source: 'ConsumerConfig GROUP_REMOTE_ASSIGNOR_CONFIG',
        doc: 'KIP-848 only: the server-side assignor this member asks for. Unset, the broker uses the first of `group.consumer.assignors` (`uniform`). Replaces `partition.assignment.strategy` under the consumer protocol.'
    },
    {
        key: 'group.instance.id', type: string, default: null, scopes: ['group', 'member'], origin: 'kafka-client',
        source: 'ConsumerConfig GROUP_INSTANCE_ID_CONFIG (KIP-345)',
        doc: 'Makes the member static. A static member sends no LeaveGroup when it closes (classic), so a restart that comes back within `session.timeout.ms` gets its old assignment back with no rebalance. In `consumers name[a..b]`, `{i}` stands for each member\'s index. Two live processes with the same id: classic fences the old one (FENCED_INSTANCE_ID); KIP-848 rejects the newcomer (UNRELEASED_INSTANCE_ID).'
    },
    {
        key: 'client.id', type: string, default: null, scopes: ['member'], origin: 'kafka-client',
        source: 'CommonClientConfigs CLIENT_ID_CONFIG',
        doc: 'The client id. A dynamic member id is `client.id-UUID`, so client ids decide how the range assignor orders members. Defaults to the member\'s name in this file.'
    },
    {
        key: 'client.rack', type: string, default: null, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig CLIENT_RACK_CONFIG (KIP-881)',
        doc: 'The rack (availability zone) of the consumer. With partition racks known, the built-in assignors prefer partitions with a replica in the same rack (KIP-881), and a rack change makes the leader rebalance.'
    },
    {
        key: 'max.poll.interval.ms', type: duration, default: 300_000, min: 1, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig MAX_POLL_INTERVAL_MS_CONFIG',
        doc: 'The longest the application may spend between two `poll()` calls. Past it the client leaves the group (a dynamic member sends LeaveGroup; a static one just stops heartbeating) and the group rebalances. It is also the rebalance timeout: how long the coordinator waits for every member to rejoin.'
    },
    {
        key: 'max.poll.records', type: count, default: 500, min: 1, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig MAX_POLL_RECORDS_CONFIG',
        doc: 'Records returned by one `poll()`. A member reacts to a rebalance only at its next `poll()`, so a large batch times a slow per-record processing delays every rejoin and, in eager mode, pauses the whole group.'
    },
    {
        key: 'enable.auto.commit', type: boolean, default: true, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig ENABLE_AUTO_COMMIT_CONFIG',
        doc: 'Commit consumed offsets in the background every `auto.commit.interval.ms`, and before each rejoin. Records processed since the last commit are processed again (duplicates) by the next owner after a crash or a lost partition. With `false`, the simulated application commits after each processed batch.'
    },
    {
        key: 'auto.commit.interval.ms', type: duration, default: 5000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig AUTO_COMMIT_INTERVAL_MS_CONFIG',
        doc: 'How often auto-commit commits. Bounds the duplicates after a crash: up to this long of processing is redone.'
    },
    {
        key: 'metadata.max.age.ms', type: duration, default: 300_000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'CommonClientConfigs METADATA_MAX_AGE_CONFIG',
        doc: 'How often the client refreshes topic metadata. Under the classic protocol only the group leader notices added partitions, at its next refresh: up to this long after the partitions appear, nobody consumes them.'
    },
    {
        key: 'request.timeout.ms', type: duration, default: 30_000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'CommonClientConfigs REQUEST_TIMEOUT_MS_CONFIG',
        doc: 'How long the client waits for a response before retrying. A JoinGroup waits at least `max.poll.interval.ms + 5s`.'
    },
    {
        key: 'default.api.timeout.ms', type: duration, default: 60_000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig DEFAULT_API_TIMEOUT_MS_CONFIG',
        doc: 'The default bound of blocking consumer calls such as `commitSync()`.'
    },
    {
        key: 'retry.backoff.ms', type: duration, default: 100, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'CommonClientConfigs RETRY_BACKOFF_MS_CONFIG',
        doc: 'Wait before retrying a failed request; also the step in which the heartbeat thread checks whether a beat is due.'
    },
    {
        key: 'retry.backoff.max.ms', type: duration, default: 1000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'CommonClientConfigs RETRY_BACKOFF_MAX_MS_CONFIG',
        doc: 'The cap of the exponential retry backoff.'
    },
    {
        key: 'fetch.max.wait.ms', type: duration, default: 500, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig FETCH_MAX_WAIT_MS_CONFIG',
        doc: 'How long a fetch waits on the broker for data. An idle member blocked in `poll()` still wakes at once when a heartbeat response asks it to rejoin.'
    },
    {
        key: 'auto.offset.reset', type: enumOf('latest', 'earliest', 'none'), default: 'latest', scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig AUTO_OFFSET_RESET_CONFIG',
        doc: 'Where a member starts on a partition with no committed offset: `latest` skips what was produced before, `earliest` reads it all, `none` fails.'
    },
    {
        key: 'isolation.level', type: enumOf('read_uncommitted', 'read_committed'), default: 'read_uncommitted', scopes: CLIENT, origin: 'kafka-client',
        source: 'ConsumerConfig ISOLATION_LEVEL_CONFIG',
        doc: 'Whether the consumer reads records of open or aborted transactions. It does not change rebalancing; the simulator produces no transactions.'
    },
    {
        key: 'internal.leave.group.on.close', type: boolean, default: true, scopes: CLIENT, origin: 'kafka-client', protocol: 'classic',
        source: 'ConsumerConfig LEAVE_GROUP_ON_CLOSE_CONFIG (internal)',
        doc: 'Internal Kafka setting: whether a dynamic member sends LeaveGroup on `close()`. With `false` a closing member is noticed only at its session timeout.'
    },
    // ---- consumer client, classic only ------------------------------------------------------
    {
        key: 'session.timeout.ms', type: duration, default: 45_000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client', protocol: 'classic',
        source: 'ConsumerConfig SESSION_TIMEOUT_MS_CONFIG (45s since 3.0, KIP-735)',
        doc: 'Classic protocol: how long the coordinator waits without a heartbeat before it removes the member and rebalances. A crash is noticed this long after the last heartbeat; a GC pause longer than this costs a rebalance. The broker bounds it by `group.min.session.timeout.ms` and `group.max.session.timeout.ms` (else INVALID_SESSION_TIMEOUT). Ignored under KIP-848 (`group.consumer.session.timeout.ms`).'
    },
    {
        key: 'heartbeat.interval.ms', type: duration, default: 3000, min: 0, max: INT_MAX, scopes: CLIENT, origin: 'kafka-client', protocol: 'classic',
        source: 'ConsumerConfig HEARTBEAT_INTERVAL_MS_CONFIG',
        doc: 'Classic protocol: how often the heartbeat thread beats. Members learn that a rebalance started from a heartbeat response, so this bounds how late they hear of it. Keep it below a third of `session.timeout.ms`. Ignored under KIP-848 (`group.consumer.heartbeat.interval.ms`).'
    },
    {
        key: 'partition.assignment.strategy', type: enumList(...CLIENT_ASSIGNORS), default: ['range', 'cooperative-sticky'], scopes: CLIENT, origin: 'kafka-client', protocol: 'classic',
        source: 'ConsumerConfig PARTITION_ASSIGNMENT_STRATEGY_CONFIG (default since 3.0, KIP-726)',
        doc: 'Classic protocol: the assignors this member supports, in preference order. The group elects the one most members list first among those all support. The client runs the EAGER protocol (revoke everything at every rebalance) unless every assignor in its list is cooperative: the default `[range, cooperative-sticky]` runs eager range. Ignored under KIP-848 (`group.remote.assignor`).'
    },
    // ---- simulation: members ----------------------------------------------------------------
    {
        key: 'process.time.per.record', type: duration, default: 0, min: 0, scopes: CLIENT, origin: 'simulation',
        doc: 'Simulation input: the time the application spends on each record. A batch of `max.poll.records` takes that many times this, and a member reacts to a rebalance only when its batch is done.'
    },
    {
        key: 'rebalance.listener', type: enumOf('none', 'commit-on-revoke'), default: 'none', scopes: CLIENT, origin: 'simulation',
        doc: 'Simulation input: the ConsumerRebalanceListener the application registers. `commit-on-revoke` commits synchronously in `onPartitionsRevoked`, so the next owner does not process the revoked records again.'
    },
    {
        key: 'revoke.time', type: duration, default: 0, min: 0, scopes: CLIENT, origin: 'simulation',
        doc: 'Simulation input: time spent inside `onPartitionsRevoked` (flushing state, committing). The member holds up the rebalance meanwhile.'
    },
    {
        key: 'assignor.time', type: duration, default: 0, min: 0, scopes: ['cluster', 'group', 'scenario'], origin: 'simulation',
        doc: 'Simulation input: time the leader (classic) or the coordinator (KIP-848) spends computing an assignment.'
    },
    // ---- broker: classic groups ---------------------------------------------------------------
    {
        key: 'group.initial.rebalance.delay.ms', type: duration, default: 3000, min: 0, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker',
        source: 'GroupCoordinatorConfig (KIP-134)',
        doc: 'Broker: when the first member joins an empty group, the coordinator waits this long for others before completing the first rebalance, and waits another such window each time a window saw a new member (up to the rebalance timeout). Several consumers started together form their group after twice this.'
    },
    {
        key: 'group.min.session.timeout.ms', type: duration, default: 6000, min: 0, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker: the smallest `session.timeout.ms` a classic member may ask for; below it JoinGroup fails with INVALID_SESSION_TIMEOUT, fatal for the client.'
    },
    {
        key: 'group.max.session.timeout.ms', type: duration, default: 1_800_000, min: 0, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker: the largest `session.timeout.ms` a classic member may ask for; above it JoinGroup fails with INVALID_SESSION_TIMEOUT. Raise it to give static members longer restarts.'
    },
    {
        key: 'group.max.size', type: count, default: INT_MAX, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker: the most members a classic group may have; a member beyond it gets GROUP_MAX_SIZE_REACHED, fatal for the client.'
    },
    {
        key: 'group.coordinator.rebalance.protocols', type: enumList('classic', 'consumer'), default: ['classic', 'consumer'], scopes: BROKER, origin: 'kafka-broker',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker: which group protocols the coordinator accepts. Without `consumer`, KIP-848 members cannot join.'
    },
    // ---- broker: consumer groups (KIP-848) ----------------------------------------------------
    {
        key: 'group.consumer.heartbeat.interval.ms', type: duration, default: 5000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the heartbeat interval the coordinator tells members to use. Freed partitions reach their new owner on its next heartbeat, so this bounds each hand-over step.'
    },
    {
        key: 'group.consumer.min.heartbeat.interval.ms', type: duration, default: 5000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the lower bound of the heartbeat interval.'
    },
    {
        key: 'group.consumer.max.heartbeat.interval.ms', type: duration, default: 15_000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the upper bound of the heartbeat interval.'
    },
    {
        key: 'group.consumer.session.timeout.ms', type: duration, default: 45_000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: how long the coordinator waits without a heartbeat before it fences the member, frees its partitions and bumps the group epoch.'
    },
    {
        key: 'group.consumer.min.session.timeout.ms', type: duration, default: 45_000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the lower bound of the session timeout. You cannot go below 45 s without lowering this.'
    },
    {
        key: 'group.consumer.max.session.timeout.ms', type: duration, default: 60_000, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the upper bound of the session timeout.'
    },
    {
        key: 'group.consumer.max.size', type: count, default: INT_MAX, min: 1, max: INT_MAX, scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the most members a consumer group may have (GROUP_MAX_SIZE_REACHED beyond it). A classic group larger than this is not upgraded online.'
    },
    {
        key: 'group.consumer.assignors', type: enumList(...SERVER_ASSIGNORS), default: ['uniform', 'range'], scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig',
        doc: 'Broker, KIP-848: the server-side assignors available; the first is used when a member names none.'
    },
    {
        key: 'group.consumer.migration.policy', type: enumOf('bidirectional', 'upgrade', 'downgrade', 'disabled'), default: 'bidirectional', scopes: BROKER, origin: 'kafka-broker', protocol: 'consumer',
        source: 'GroupCoordinatorConfig, ConsumerGroupMigrationPolicy',
        doc: 'Broker, KIP-848: whether a non-empty classic group converts to a consumer group when a KIP-848 member joins (upgrade), and back when the last one leaves (downgrade).'
    },
    // ---- per-group dynamic configs (KIP-848) -------------------------------------------------
    {
        key: 'consumer.session.timeout.ms', type: duration, default: null, min: 1, max: INT_MAX, scopes: ['group'], origin: 'kafka-group-config', protocol: 'consumer',
        source: 'GroupConfig',
        doc: 'Group config, KIP-848: overrides `group.consumer.session.timeout.ms` for this group, within the broker\'s bounds.'
    },
    {
        key: 'consumer.heartbeat.interval.ms', type: duration, default: null, min: 1, max: INT_MAX, scopes: ['group'], origin: 'kafka-group-config', protocol: 'consumer',
        source: 'GroupConfig',
        doc: 'Group config, KIP-848: overrides `group.consumer.heartbeat.interval.ms` for this group, within the broker\'s bounds.'
    },
    // ---- simulation: cluster -------------------------------------------------------------------
    {
        key: 'network.latency', type: duration, default: 0, min: 0, scopes: ['cluster', 'scenario'], origin: 'simulation',
        doc: 'Simulation setting: the one-way delay of every request and response between members and the coordinator.'
    },
    // ---- topics ---------------------------------------------------------------------------------
    {
        key: 'partitions', type: count, default: 1, min: 1, max: INT_MAX, scopes: ['topic'], origin: 'topic',
        doc: 'The topic\'s partition count: the unit of parallelism. Members beyond it sit idle. Raise it during a scenario with `add-partitions`.'
    },
    {
        key: 'produce', type: rate, default: 0, min: 0, scopes: ['topic'], origin: 'topic',
        doc: 'Records per second produced to the topic, spread over its partitions by `key.skew`.'
    },
    {
        key: 'key.skew', type: { kind: 'skew' }, default: { kind: 'uniform' }, scopes: ['topic'], origin: 'topic',
        doc: 'How produced records spread over partitions: `uniform`, or `zipf(s)` where partition k gets a share proportional to 1/(k+1)^s (hot partitions first).'
    }
];

export const PROPERTIES: ReadonlyMap<string, PropertyInfo> = new Map(entries.map((p) => [p.key, p]));

export function propertyInfo(key: string): PropertyInfo | undefined {
    return PROPERTIES.get(key);
}

export function propertiesInScope(scope: PropertyScope): PropertyInfo[] {
    return entries.filter((p) => p.scopes.includes(scope));
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = prev[j];
            prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = above;
        }
    }
    return prev[b.length];
}

/** The closest known key within a sensible distance, for `unknown-property`. */
export function nearestPropertyKey(key: string, scope?: PropertyScope): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const p of entries) {
        if (scope && !p.scopes.includes(scope)) continue;
        const d = editDistance(key, p.key);
        if (d < bestDistance) {
            bestDistance = d;
            best = p.key;
        }
    }
    return best !== undefined && bestDistance <= Math.max(3, Math.floor(key.length / 3)) ? best : undefined;
}
