/**
 * Every diagnostic code the checker emits (language.md, "The type checker: rules and codes").
 * Codes are stable: they appear in the Problems panel, in `rebal check`, in docs and tests.
 */
export const Codes = {
    heartbeatRatio: 'heartbeat-ratio',
    heartbeatNotBelowSession: 'heartbeat-not-below-session',
    sessionTimeoutRange: 'session-timeout-range',
    mixedProtocol: 'mixed-protocol',
    noCommonAssignor: 'no-common-assignor',
    pollBudget: 'poll-budget',
    underProvisioned: 'under-provisioned',
    idleMembers: 'idle-members',
    duplicateInstanceId: 'duplicate-instance-id',
    staticRestartExceedsSession: 'static-restart-exceeds-session',
    consumerProtocolSetting: 'consumer-protocol-setting',
    unknownProperty: 'unknown-property',
    misplacedProperty: 'misplaced-property',
    duplicateProperty: 'duplicate-property',
    typeMismatch: 'type-mismatch',
    negativeValue: 'negative-value',
    unitAssumed: 'unit-assumed',
    outOfRange: 'out-of-range',
    eventAfterEnd: 'event-after-end',
    eventOnStoppedMember: 'event-on-stopped-member',
    overlappingEvents: 'overlapping-events',
    expectFailed: 'expect-failed',
    memberFailed: 'member-failed',
    simulationFailed: 'simulation-failed',
    duplicateName: 'duplicate-name',
    unresolvedImport: 'unresolved-import',
    missingGroup: 'missing-group',
    invalidSet: 'invalid-member-set',
    invalidExpectation: 'invalid-expectation',
    consumerGroupBounds: 'consumer-group-bounds',
    /** Lexer and parser errors (Langium's `lexing-error` / `parsing-error`), as the CLI and the server show them. */
    syntaxError: 'syntax-error',
    /** A name that does not resolve (Langium's `linking-error`). */
    unresolvedReference: 'unresolved-reference'
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
