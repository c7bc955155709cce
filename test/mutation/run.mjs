/**
 * `npm run test:mutation [-- <Stryker options>] [-- --check]`: runs Stryker with test/mutation/stryker.config.mjs
 * (incremental: only mutants whose code or tests changed since the last run are tested again), then prints
 * the score per file (test/mutation/report.mjs).
 *
 *   npm run test:mutation                                            # every file of the data core
 *   npm run test:mutation -- --mutate components/shared/query.ts     # one file while working on it
 *   npm run test:mutation -- --concurrency 2 --force                 # two test processes, everything anew
 *   npm run test:mutation -- --check                                 # fail unless the goals of issue 19 hold
 *
 * A run over some files keeps its results in its own incremental file and report (reports/mutation/partial/),
 * so that it never replaces the results of the whole core.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const strykerArgs = args.filter((a) => a !== '--check');
const partial = strykerArgs.some((a) => a === '--mutate' || a === '-m' || a.startsWith('--mutate='));
const reportDir = partial ? join('reports', 'mutation', 'partial') : join('reports', 'mutation');

const env = { ...process.env, CIBU_MUTATION_REPORT_DIR: reportDir };
const stryker = spawnSync(process.execPath, [join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'test/mutation/stryker.config.mjs', ...strykerArgs], {
    cwd: root,
    env,
    stdio: 'inherit',
});
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
const report = spawnSync(process.execPath, [join(root, 'test', 'mutation', 'report.mjs'), join(root, reportDir, 'mutation.json'), ...(check ? ['--check'] : [])], { cwd: root, stdio: 'inherit' });
process.exit(report.status ?? 1);
