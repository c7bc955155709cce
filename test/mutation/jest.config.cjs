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

module.exports = {
    ...base,
    rootDir: join(__dirname, '..', '..'),
    testMatch: ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/ui/*.test.ts'],
    moduleNameMapper: jestModuleNameMapper(librarySet('declared')),
    testTimeout: 30000,
};
