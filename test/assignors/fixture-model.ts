/**
 * The encoding of the assignor fixtures (test/assignors/fixtures/*.json): cases taken from
 * Kafka's own assignor test suites, written as data. A file holds one Kafka test class; each
 * case names the Kafka test it comes from.
 *
 * Racks follow Kafka's test harness (AbstractPartitionAssignorTest.partitionInfos and the
 * suites' initializeRacks) so that a case can say "rackConfigs" instead of spelling out
 * replica racks; the driver expands a case once per rack configuration.
 */
import type { AssignOptions, AssignorName } from '../../language-server/src/assignors/index.js';

/** `AbstractPartitionAssignorTest.ALL_RACKS`. */
export const ALL_RACKS = ['a', 'b', 'c', 'd', 'e', 'f'];

export type RackConfig = 'NO_BROKER_RACK' | 'NO_CONSUMER_RACK' | 'BROKER_AND_CONSUMER_RACK';

export interface FixtureMember {
    readonly id: string;
    readonly topics: readonly string[];
    /** Consumer index for the harness's rack choice (`ALL_RACKS[index % numRacks]`). */
    readonly index?: number;
    /** An explicit rack (overrides the harness); null for none. */
    readonly rack?: string | null;
    /** The harness gives this member no rack (StickyAssignorTest's V2+ subscriptions). */
    readonly noRack?: boolean;
    readonly instance?: string;
    /** "topic-partition" strings, or "$<step>.<member>" to take an earlier step's result. */
    readonly owned?: readonly string[] | string;
    readonly generation?: number | null;
}

/**
 * Checks on a rebalance. Kafka's cooperative-sticky tests call verifyValidityAndBalance, which
 * runs the follow-up rebalances and replaces the assignment with the final one, before most
 * of their asserts: `expect` is checked on the assignor's direct result, `expectFinal` and all
 * other checks on the final one (for the eager assignors the two are the same), and later
 * steps refer to the final one.
 */
export interface Assertions {
    /** Exact assignment per member of the direct result ("topic-partition" strings, any order). */
    readonly expect?: Readonly<Record<string, readonly string[]>>;
    /** Exact assignment per member after the cooperative follow-up rebalances. */
    readonly expectFinal?: Readonly<Record<string, readonly string[]>>;
    /** Every partition of every subscribed topic is assigned in the direct result (nothing withheld). */
    readonly complete?: boolean;
    /** Every member's number of partitions lies in [min, max]. */
    readonly sizesBetween?: readonly [number, number];
    /** Every member holds exactly this many partitions of each named topic. */
    readonly perMemberTopicCounts?: Readonly<Record<string, number>>;
    /** Exact assignment per group.instance.id. */
    readonly expectByInstance?: Readonly<Record<string, readonly string[]>>;
    /** Number of assigned partitions per member. */
    readonly sizes?: Readonly<Record<string, number>>;
    /** [member, reference]: the member's assignment contains every partition of the reference. */
    readonly contains?: readonly (readonly [string, string])[];
    /** [member, reference]: every partition of the member's assignment is in the reference. */
    readonly within?: readonly (readonly [string, string])[];
    /** [member, reference]: no common partition. */
    readonly disjoint?: readonly (readonly [string, string])[];
    /** [member, reference]: at least one common partition. */
    readonly overlaps?: readonly (readonly [string, string])[];
    /** Kafka's verifyValidityAndBalance (with the cooperative follow-up rebalances for cooperative-sticky). */
    readonly validAndBalanced?: boolean;
    /** No partition assigned twice, and only to members subscribed to its topic. */
    readonly valid?: boolean;
    /** Kafka's isFullyBalanced: sizes differ by at most one. */
    readonly fullyBalanced?: boolean;
    /** Partitions assigned to a member whose rack holds no replica (verifyRackAssignment). */
    readonly rackMismatches?: number;
    /** The assignor must throw an AssignorError whose message contains this. */
    readonly throws?: string;
}

export interface FixtureStep extends Assertions {
    readonly members: readonly FixtureMember[];
    /** Replaces the case's topics for this step (a topic added or deleted). */
    readonly topics?: Readonly<Record<string, number>>;
}

export interface FixtureCase extends Assertions {
    readonly name: string;
    /** The Kafka test this comes from: `Class#method`. */
    readonly kafka: string;
    readonly assignor: AssignorName;
    readonly options?: AssignOptions;
    /**
     * How the test's member map iterates: `hashmap` (default; a `new HashMap<>()` filled in
     * the order of `members`), `{ "hashmapCapacity": n }` (`new HashMap<>(n)`), `input`
     * (a TreeMap or LinkedHashMap: the order of `members`).
     */
    readonly memberMap?: 'hashmap' | 'input' | { readonly hashmapCapacity: number };
    /** Topics in the order the test creates them (which fixes replica placement); steps may use a subset. */
    readonly topics: Readonly<Record<string, number>>;
    readonly topicIds?: Readonly<Record<string, string>>;
    /** Explicit replica racks per topic and partition. */
    readonly partitionRacks?: Readonly<Record<string, readonly (readonly (string | null)[])[]>>;
    /**
     * Replica placement as AbstractPartitionAssignorTest.partitionInfos does it: brokers with these
     * racks (null = none), `replication` replicas of partition i on brokers (i + j + start) mod n,
     * `start` being 0 for every topic, the topic's position, or the partitions before it.
     */
    readonly brokers?: { readonly racks: readonly (string | null)[]; readonly replication: number; readonly start: 'zero' | 'topic-position' | 'cumulative' };
    /** Expand the case once per rack configuration, the way the named suite's initializeRacks does. */
    readonly rackConfigs?: { readonly style: 'range' | 'sticky'; readonly configs: readonly RackConfig[]; readonly maxConsumers?: number };
    readonly members?: readonly FixtureMember[];
    /** Several rebalances in a row; `members` and the top-level assertions are then unused. */
    readonly steps?: readonly FixtureStep[];
}

export interface FixtureFile {
    readonly suite: string;
    readonly source: string;
    readonly note?: string;
    readonly cases: readonly FixtureCase[];
}
