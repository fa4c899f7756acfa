// Generated at bundle time by scripts/build-e2e.mjs: requires every suite/*.test.ts.
declare module 'virtual:e2e-test-files' {
    export function loadTestFiles(): void;
}
