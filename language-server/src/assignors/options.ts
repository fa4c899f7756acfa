/**
 * Knobs that are not part of a Kafka assignment case but decide details Kafka leaves to its
 * runtime: the JDK's collection sizing, and hooks Kafka's own unit tests use. The defaults
 * are what a production group sees; the test fixtures set the rest.
 */
import type { JavaVersion } from './java-hash.js';

export interface AssignOptions {
    /**
     * The JDK the leader (classic) or the coordinator (KIP-848) runs on. JDK 17 and JDK 19+
     * size copied HashSets differently, which can change iteration order. Default 17.
     */
    readonly javaVersion?: JavaVersion;
    /**
     * The order in which the assignor iterates members. `java-hashmap` (default) is what
     * Kafka does: the member map is a `java.util.HashMap` filled in the order of `members`.
     * `input` iterates `members` as given (Kafka's unit tests use a TreeMap or a sorted
     * GroupSpec, which `input` reproduces when the members are given in that order).
     */
    readonly memberOrder?: 'java-hashmap' | 'input';
    /**
     * Server side: how a member's current assignment iterates its topics. `hash` (default) is
     * the coordinator's `HashMap<Uuid, Set<Integer>>`; `insertion` is a LinkedHashMap in the
     * order of `owned` (Kafka's tests build some assignments that way).
     */
    readonly ownedTopicOrder?: 'hash' | 'insertion';
    /**
     * Client side: Kafka's unit-test hook `AbstractPartitionAssignor.preferRackAwareLogic`,
     * which forces the rack-aware code path even when every partition has replicas on every rack.
     */
    readonly preferRackAwareLogic?: boolean;
    /**
     * Server side: Kafka's unit tests hand the assignors a GroupSpec with a subscription type of
     * their choosing; the coordinator derives it from the subscriptions (the default).
     */
    readonly subscriptionType?: 'homogeneous' | 'heterogeneous';
    /**
     * Server side, `uniform` with homogeneous subscriptions: which members may hold one partition
     * more than `P div N`. `first-members` (default) is Kafka 4.0, the source snapshot of
     * kafka-semantics.md §4.8: the first `P mod N` members in `memberIds()` order, whatever they
     * own, so a balanced assignment can still move. `kafka-18688` is Kafka 4.1+ (KAFKA-18688,
     * apache/kafka#19677): a member that cannot fill min+1 from what it owns gives the slot back
     * and the last unfilled members take the slots left, so a balanced assignment stays put.
     */
    readonly uniformExtraSlots?: UniformExtraSlots;
}

export type UniformExtraSlots = 'first-members' | 'kafka-18688';

export interface ResolvedOptions {
    readonly javaVersion: JavaVersion;
    readonly memberOrder: 'java-hashmap' | 'input';
    readonly ownedTopicOrder: 'hash' | 'insertion';
    readonly preferRackAwareLogic: boolean;
    readonly subscriptionType: 'homogeneous' | 'heterogeneous' | undefined;
    readonly uniformExtraSlots: UniformExtraSlots;
}

export function resolveOptions(options: AssignOptions | undefined): ResolvedOptions {
    return {
        javaVersion: options?.javaVersion ?? 17,
        memberOrder: options?.memberOrder ?? 'java-hashmap',
        ownedTopicOrder: options?.ownedTopicOrder ?? 'hash',
        preferRackAwareLogic: options?.preferRackAwareLogic ?? false,
        subscriptionType: options?.subscriptionType,
        uniformExtraSlots: options?.uniformExtraSlots ?? 'first-members'
    };
}
