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
 * A run over the whole core keeps its incremental file and reports in reports/mutation/all/; a run over some
 * files (--mutate) in reports/mutation/some/<their pattern>/, so that it never replaces the whole core's. A
 * whole-core run first seeds its incremental file from those (test/mutation/seed.mjs): it tests again only
 * what changed since the newest run of each file.
 * `node test/mutation/report.mjs reports/mutation` prints one table from all of them (newest result per file).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetStaticSurvivors, seed } from './seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const strykerArgs = args.filter((a) => a !== '--check');
const mutateAt = strykerArgs.findIndex((a) => a === '--mutate' || a === '-m');
const mutate = mutateAt >= 0 ? strykerArgs[mutateAt + 1] : strykerArgs.find((a) => a.startsWith('--mutate='))?.slice('--mutate='.length);
// A run over some files keeps its incremental file and report in a folder named after them.
const reportDir = mutate === undefined ? join('reports', 'mutation', 'all') : join('reports', 'mutation', 'some', folderName(mutate));

/** The pattern as a folder name; a long list of files is cut and told apart by a hash (names have a length limit). */
function folderName(pattern) {
    const name = pattern.replace(/[^A-Za-z0-9_.-]+/g, '_');
    return name.length <= 120 ? name : `${name.slice(0, 100)}_${createHash('sha256').update(pattern).digest('hex').slice(0, 12)}`;
}

// A whole-core run starts from what the runs over some files found (test/mutation/seed.mjs), so that only
// mutants whose code or tests changed since are tested again.
if (mutate === undefined && !strykerArgs.includes('--force')) {
    const seeded = seed(join(root, 'reports', 'mutation'));
    if (seeded.files > 0) console.log(`Incremental file seeded from ${seeded.reports} earlier run(s) (${seeded.files} source files).`);
}

// Surviving static mutants are tested again every run: Stryker would reuse their result even after new tests.
const forgotten = forgetStaticSurvivors(join(root, reportDir, 'incremental.json'));
if (forgotten > 0) console.log(`${forgotten} surviving static mutant(s) will be tested again.`);

const env = { ...process.env, CIBU_MUTATION_REPORT_DIR: reportDir };
const stryker = spawnSync(process.execPath, [join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'test/mutation/stryker.config.mjs', ...strykerArgs], {
    cwd: root,
    env,
    stdio: 'inherit',
});
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
const report = spawnSync(process.execPath, [join(root, 'test', 'mutation', 'report.mjs'), join(root, reportDir), ...(check ? ['--check'] : [])], { cwd: root, stdio: 'inherit' });
process.exit(report.status ?? 1);
