/**
 * Browser end-to-end tests of the playground (`npm run test:e2e`): the repository's jest config (same
 * ts-jest transform) with one vite dev server for the run (globalSetup), playwright-core driving Debian's
 * chromium, files run one after another (they share the server and are timing-sensitive).
 * @type {import('jest').Config}
 */
const { base } = require('../../jest.config.cjs');

module.exports = {
    ...base,
    rootDir: '../..',
    roots: ['<rootDir>/test/e2e'],
    testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    setupFiles: [],
    globalSetup: '<rootDir>/test/e2e/server.setup.mjs',
    globalTeardown: '<rootDir>/test/e2e/server.teardown.mjs',
    maxWorkers: 1,
    testTimeout: 240000,
    slowTestThreshold: 60,
    verbose: true,
};
