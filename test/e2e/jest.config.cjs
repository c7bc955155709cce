/**
 * Browser end-to-end tests of the playground (`npm run test:e2e`): one vite dev server for the run
 * (globalSetup), playwright-core driving Debian's chromium, files run one after another (they share the
 * server and are timing-sensitive). ts-jest transpiles like the main config; type checking is
 * `npm run typecheck`.
 * @type {import('jest').Config}
 */
module.exports = {
    rootDir: '../..',
    testEnvironment: 'node',
    roots: ['<rootDir>/test/e2e'],
    testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    globalSetup: '<rootDir>/test/e2e/server.setup.mjs',
    globalTeardown: '<rootDir>/test/e2e/server.teardown.mjs',
    maxWorkers: 1,
    transform: {
        '^.+\\.tsx?$': [
            'ts-jest',
            {
                tsconfig: {
                    jsx: 'react',
                    module: 'commonjs',
                    target: 'es2020',
                    esModuleInterop: true,
                    isolatedModules: true,
                    resolveJsonModule: true,
                },
            },
        ],
    },
    moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
    testTimeout: 240000,
    slowTestThreshold: 60,
    verbose: true,
};
