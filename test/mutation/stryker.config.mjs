// @ts-check
/**
 * Mutation testing of the shared data core (`npm run test:mutation`; README "Tests").
 *
 * - What is mutated: components/shared/*.ts, the data core (no React, no PCF context), and three pure
 *   modules beside it that node tests reach: ui/insightCells.ts (what a grid cell shows per row state),
 *   host/dataset.ts (the dataset adapter: plain functions over the platform's dataset object), the
 *   intelligence control's view model (CustomerIntelligence/intelligenceModel.ts) and the timeline's
 *   framework-free modules (CustomerInsightsTimeline/timelineFeed, timelineFilters, timelineView,
 *   activityTypes). The rest of host/ (the
 *   only code reading the PCF context, datasetSession.ts included) and ui/ (React pieces) is left out: their
 *   tests render the controls in jsdom (test/controls), minutes per run, which would make one mutant cost
 *   minutes here.
 *   index.ts (re-exports) and schema.ts (table and column names, which every emulator test pins) are left
 *   out too: they have no logic.
 * - Which tests: test/mutation/jest.config.cjs (test/core and the pure test/ui tests, node only), with
 *   per-test coverage so that a mutant runs only the tests that reach it.
 * - Incremental: the result of the last run is kept in reports/mutation/all/incremental.json (git-ignored, see
 *   the README): a rerun tests only mutants whose code or covering tests changed.
 * - Mutants known to be equivalent (no test can tell them from the original) are listed with a reason in
 *   test/mutation/equivalent-mutants.json; test/mutation/report.mjs prints the score per file with them.
 */
/** Where the incremental file and the reports go (test/mutation/run.mjs puts runs over some files apart). */
const reportDir = process.env.CIBU_MUTATION_REPORT_DIR ?? 'reports/mutation/all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
    packageManager: 'npm',
    testRunner: 'jest',
    jest: {
        projectType: 'custom',
        configFile: 'test/mutation/jest.config.cjs',
        enableFindRelatedTests: true,
    },
    coverageAnalysis: 'perTest',
    mutate: [
        'components/shared/*.ts',
        '!components/shared/index.ts',
        '!components/shared/schema.ts',
        // Pure pieces outside the core folder that the same node tests reach (no React, no PCF context).
        'components/shared/ui/insightCells.ts',
        'components/shared/host/dataset.ts',
        'components/CustomerIntelligence/intelligenceModel.ts',
        // The timeline's framework-free parts (feed controller, filters, entry view model, type list).
        'components/CustomerInsightsTimeline/timelineFeed.ts',
        'components/CustomerInsightsTimeline/timelineFilters.ts',
        'components/CustomerInsightsTimeline/timelineView.ts',
        'components/CustomerInsightsTimeline/activityTypes.ts',
    ],
    ignorePatterns: ['out', 'generated', 'test-results', 'coverage', 'reports', 'platform-libraries/runtime/node_modules', 'docs/images', 'components/*/img'],
    incremental: true,
    incrementalFile: `${reportDir}/incremental.json`,
    reporters: ['clear-text', 'progress', 'json', 'html'],
    jsonReporter: { fileName: `${reportDir}/mutation.json` },
    htmlReporter: { fileName: `${reportDir}/mutation.html` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    // Two cores shared with other work: one test process by default (npm run test:mutation -- --concurrency 2).
    concurrency: 1,
    timeoutMS: 10000,
    thresholds: { high: 90, low: 85, break: null },
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
};
export default config;
