/**
 * One jest config for the repository. Tests run in node by default; a test that renders React declares
 * `@jest-environment jsdom` in its docblock. Type checking is done by `npm run typecheck`, so ts-jest only
 * transpiles (fast, and the same code is type-checked once, not per test file).
 *
 * Two projects, one per platform library set (platform-libraries/sets.cjs): every test runs on the set the
 * manifests declare (React 16.14.0, Fluent 9.46.2); every jsdom test (the ones that render) runs again on
 * the set model-driven apps load at run time (React 17.0.2, Fluent 9.68). Pick one with
 * `npx jest --selectProjects declared` (or `runtime`).
 */
const { readdirSync, readFileSync } = require('fs');
const { join, relative } = require('path');
const { librarySet, versionsOf, jestModuleNameMapper } = require('./platform-libraries/sets.cjs');

/** The options every project shares; test/e2e/jest.config.cjs extends these too. */
const base = {
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
    setupFiles: ['<rootDir>/test/setup/environment.ts'],
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
};

/** Test files that render (their docblock asks for jsdom), found anew on every run so new ones are included. */
function renderingTests(dir = join(__dirname, 'test')) {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'e2e' || entry.name === 'node_modules' ? [] : renderingTests(path);
        if (!/\.test\.tsx?$/.test(entry.name)) return [];
        return /@jest-environment\s+jsdom/.test(readFileSync(path, 'utf8').slice(0, 2000)) ? [`<rootDir>/${relative(__dirname, path).split('\\').join('/')}`] : [];
    });
}

/** One project per library set; `globals.platformLibraries` tells a test which set it runs on. */
function project(setName, testMatch) {
    const set = librarySet(setName);
    const versions = versionsOf(set);
    return {
        ...base,
        displayName: setName,
        testMatch,
        moduleNameMapper: jestModuleNameMapper(set),
        globals: { platformLibraries: { name: setName, nodeModules: set.nodeModules, versions } },
    };
}

module.exports = {
    testTimeout: 30000,
    projects: [project('declared', base.testMatch), project('runtime', renderingTests())],
};
// Not a jest option (hidden from jest's config validation): the browser tests' config extends it.
Object.defineProperty(module.exports, 'base', { value: base, enumerable: false });
