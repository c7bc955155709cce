/**
 * The jest configuration Stryker runs for each mutant (test/mutation/stryker.config.mjs): the repository's
 * shared options (jest.config.cjs) on the declared platform library set, restricted to the tests of the data
 * core that run in node (test/core and the pure pieces in test/ui). The rendering, wire and package tests
 * are left out: they exercise the same core through jsdom, HTTP or a build, and would make every mutant
 * cost minutes on a 2-core machine.
 */
const { join } = require('path');
const { base } = require('../../jest.config.cjs');
const { librarySet, jestModuleNameMapper } = require('../../platform-libraries/sets.cjs');

/**
 * While working on one module, CIBU_MUTATION_TESTS=test/core/failure.test.ts,test/core/requests.test.ts
 * narrows the tests to its own (faster; a mutant another test would kill may then survive). The full run
 * uses them all.
 */
const narrowed = (process.env.CIBU_MUTATION_TESTS ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => `<rootDir>/${path}`);

module.exports = {
    ...base,
    rootDir: join(__dirname, '..', '..'),
    testMatch: narrowed.length > 0 ? narrowed : ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/ui/*.test.ts'],
    moduleNameMapper: jestModuleNameMapper(librarySet('declared')),
    testTimeout: 30000,
};
