import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        setupFiles: ['language-server/src/polyfill.cjs'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks',
        reporters: ['default']
    }
});
