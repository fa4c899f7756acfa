/**
 * Resolving settings: layers of `key = value` (cluster → group → member → `with`) plus Kafka's
 * defaults from the property catalog become a MemberConfig or a ClusterConfig. Pure.
 */
import { ASSIGNOR_CLASS_NAMES, PROPERTIES, type PropertyValue, type SkewValue } from './properties.js';
import type { ClusterConfig, GroupProtocol, MemberConfig } from './simulation-input.js';

/**
 * One layer of written settings: key → typed value (already checked against the catalog). A
 * layer that takes a key away (`key = unset` in a `.rebal` file) holds the catalog's default for
 * it, so the default applies whatever lower layers hold (a `null` default: no value, as when
 * nothing writes the key).
 */
export type SettingsLayer = ReadonlyMap<string, PropertyValue>;

function lookup(layers: readonly SettingsLayer[], key: string): PropertyValue {
    for (let i = layers.length - 1; i >= 0; i--) {
        const layer = layers[i];
        if (layer.has(key)) return layer.get(key)!;
    }
    const info = PROPERTIES.get(key);
    if (!info) throw new Error(`no such property in the catalog: ${key}`);
    return info.default;
}

const num = (layers: readonly SettingsLayer[], key: string): number => {
    const v = lookup(layers, key);
    return typeof v === 'number' ? v : Number(PROPERTIES.get(key)!.default);
};
const bool = (layers: readonly SettingsLayer[], key: string): boolean => {
    const v = lookup(layers, key);
    return typeof v === 'boolean' ? v : Boolean(PROPERTIES.get(key)!.default);
};
const str = (layers: readonly SettingsLayer[], key: string): string | null => {
    const v = lookup(layers, key);
    return typeof v === 'string' ? v : null;
};
const list = (layers: readonly SettingsLayer[], key: string): string[] => {
    const v = lookup(layers, key);
    return Array.isArray(v) ? [...v] : [...((PROPERTIES.get(key)!.default as string[] | null) ?? [])];
};

/** `org.apache.kafka.clients.consumer.CooperativeStickyAssignor` → `cooperative-sticky`. */
export function normaliseAssignorName(name: string): string {
    return ASSIGNOR_CLASS_NAMES[name] ?? name;
}

/**
 * The settings of one member. `name` is its name in the file (the default client id), `index`
 * its index in a `consumers name[a..b]` set (replaces `{i}` in `group.instance.id`).
 */
export function resolveMemberConfig(
    name: string,
    layers: readonly SettingsLayer[],
    subscription: readonly string[],
    index?: number
): MemberConfig {
    const instanceTemplate = str(layers, 'group.instance.id');
    const groupInstanceId =
        instanceTemplate === null ? null : index === undefined ? instanceTemplate : instanceTemplate.replaceAll('{i}', String(index));
    return {
        clientId: str(layers, 'client.id') ?? name,
        groupInstanceId,
        clientRack: str(layers, 'client.rack'),
        groupProtocol: (str(layers, 'group.protocol') ?? 'classic') as GroupProtocol,
        groupRemoteAssignor: str(layers, 'group.remote.assignor'),
        assignors: list(layers, 'partition.assignment.strategy').map(normaliseAssignorName),
        sessionTimeoutMs: num(layers, 'session.timeout.ms'),
        heartbeatIntervalMs: num(layers, 'heartbeat.interval.ms'),
        maxPollIntervalMs: num(layers, 'max.poll.interval.ms'),
        maxPollRecords: num(layers, 'max.poll.records'),
        enableAutoCommit: bool(layers, 'enable.auto.commit'),
        autoCommitIntervalMs: num(layers, 'auto.commit.interval.ms'),
        metadataMaxAgeMs: num(layers, 'metadata.max.age.ms'),
        requestTimeoutMs: num(layers, 'request.timeout.ms'),
        defaultApiTimeoutMs: num(layers, 'default.api.timeout.ms'),
        retryBackoffMs: num(layers, 'retry.backoff.ms'),
        retryBackoffMaxMs: num(layers, 'retry.backoff.max.ms'),
        autoOffsetReset: (str(layers, 'auto.offset.reset') ?? 'latest') as MemberConfig['autoOffsetReset'],
        leaveGroupOnClose: bool(layers, 'internal.leave.group.on.close'),
        processTimePerRecordMs: num(layers, 'process.time.per.record'),
        rebalanceListener: (str(layers, 'rebalance.listener') ?? 'none') as MemberConfig['rebalanceListener'],
        revokeTimeMs: num(layers, 'revoke.time'),
        subscription: [...subscription]
    };
}

/** Broker and simulation settings; `groupLayers` carry the group's `consumer.*` group configs. */
export function resolveClusterConfig(clusterLayers: readonly SettingsLayer[], groupLayers: readonly SettingsLayer[] = []): ClusterConfig {
    const all = [...clusterLayers, ...groupLayers];
    const groupSession = lookup(groupLayers.length ? groupLayers : [new Map()], 'consumer.session.timeout.ms');
    const groupHeartbeat = lookup(groupLayers.length ? groupLayers : [new Map()], 'consumer.heartbeat.interval.ms');
    return {
        initialRebalanceDelayMs: num(clusterLayers, 'group.initial.rebalance.delay.ms'),
        minSessionTimeoutMs: num(clusterLayers, 'group.min.session.timeout.ms'),
        maxSessionTimeoutMs: num(clusterLayers, 'group.max.session.timeout.ms'),
        groupMaxSize: num(clusterLayers, 'group.max.size'),
        rebalanceProtocols: list(clusterLayers, 'group.coordinator.rebalance.protocols') as GroupProtocol[],
        consumerGroup: {
            heartbeatIntervalMs: typeof groupHeartbeat === 'number' ? groupHeartbeat : num(clusterLayers, 'group.consumer.heartbeat.interval.ms'),
            sessionTimeoutMs: typeof groupSession === 'number' ? groupSession : num(clusterLayers, 'group.consumer.session.timeout.ms'),
            minHeartbeatIntervalMs: num(clusterLayers, 'group.consumer.min.heartbeat.interval.ms'),
            maxHeartbeatIntervalMs: num(clusterLayers, 'group.consumer.max.heartbeat.interval.ms'),
            minSessionTimeoutMs: num(clusterLayers, 'group.consumer.min.session.timeout.ms'),
            maxSessionTimeoutMs: num(clusterLayers, 'group.consumer.max.session.timeout.ms'),
            maxSize: num(clusterLayers, 'group.consumer.max.size'),
            assignors: list(clusterLayers, 'group.consumer.assignors'),
            migrationPolicy: (str(clusterLayers, 'group.consumer.migration.policy') ?? 'bidirectional') as ClusterConfig['consumerGroup']['migrationPolicy']
        },
        networkLatencyMs: num(all, 'network.latency'),
        assignorTimeMs: num(all, 'assignor.time')
    };
}

export function resolveSkew(value: PropertyValue): SkewValue {
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as SkewValue) : { kind: 'uniform' };
}
