/**
 * Seeds the whole core's incremental file (reports/mutation/all/incremental.json) from the runs over some
 * files (reports/mutation/some/<pattern>/incremental.json), so that a whole-core run after working file by
 * file tests only what those runs did not (test/mutation/run.mjs calls it before every whole-core run).
 *
 * Stryker's incremental file is one mutation report: per source file its mutants with the ids of the tests
 * that covered and killed them, per test file its source and tests. Ids are numbered per report, so they are
 * renumbered here. Per source file the newest report wins; per test file the newest version is kept, and a
 * test of an older report is carried over only when a test of the same name has the same code in the kept
 * version (from its start to the next test's start, as Stryker itself compares tests). Otherwise its ids are
 * dropped, and Stryker runs the mutants it killed again: a changed test never keeps an old result.
 *
 *   node test/mutation/seed.mjs [reports folder, default reports/mutation]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every incremental.json under `folder`, oldest first. */
function incrementalFiles(folder) {
    const found = [];
    const walk = (path) => {
        if (!existsSync(path)) return;
        if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
        else if (path.endsWith('incremental.json')) found.push({ path, time: statSync(path).mtimeMs });
    };
    walk(folder);
    return found.sort((a, b) => a.time - b.time).map((f) => f.path);
}

/** Each test's code: from its start line to the next test's start line in the file's source. */
function testCode(testFile) {
    const lines = (testFile.source ?? '').split('\n');
    const starts = testFile.tests.map((t) => t.location?.start?.line).filter((l) => l !== undefined).sort((a, b) => a - b);
    const code = new Map();
    for (const test of testFile.tests) {
        const start = test.location?.start?.line;
        if (start === undefined || testFile.source === undefined) continue;
        const next = starts.find((l) => l > start) ?? lines.length + 1;
        code.set(test.id, lines.slice(start - 1, next - 1).join('\n'));
    }
    return code;
}

export function seed(folder = join(root, 'reports', 'mutation')) {
    const target = join(folder, 'all', 'incremental.json');
    const reports = incrementalFiles(folder).map((path) => ({ path, report: JSON.parse(readFileSync(path, 'utf8')) }));
    if (reports.length === 0) return { files: 0, reports: 0 };

    // The newest version of every test file, with new ids.
    const keptTestFiles = {};
    for (const { report } of reports) Object.assign(keptTestFiles, report.testFiles ?? {});
    const testFiles = {};
    /** test file -> name -> { id, code } in the kept version */
    const keptByName = new Map();
    let nextTest = 0;
    for (const [file, testFile] of Object.entries(keptTestFiles)) {
        const code = testCode(testFile);
        const names = new Map();
        const duplicate = new Set();
        const tests = testFile.tests.map((test) => {
            const id = `t${nextTest++}`;
            if (names.has(test.name)) duplicate.add(test.name);
            names.set(test.name, { id, code: code.get(test.id) });
            return { ...test, id };
        });
        for (const name of duplicate) names.delete(name); // ambiguous: no old result goes to either
        keptByName.set(file, names);
        testFiles[file] = { ...testFile, tests };
    }

    // The newest report of every source file, its test ids mapped onto the kept tests.
    const files = {};
    let nextMutant = 0;
    for (const { report } of reports) {
        const idMap = new Map();
        for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
            const code = testCode(testFile);
            const kept = keptByName.get(file);
            for (const test of testFile.tests) {
                const match = kept?.get(test.name);
                if (match !== undefined && match.code === code.get(test.id)) idMap.set(test.id, match.id);
            }
        }
        const mapIds = (ids) => (ids ?? []).map((id) => idMap.get(id)).filter((id) => id !== undefined);
        for (const [file, source] of Object.entries(report.files ?? {})) {
            files[file] = {
                ...source,
                mutants: source.mutants.map((mutant) => ({ ...mutant, id: `m${nextMutant++}`, coveredBy: mapIds(mutant.coveredBy), killedBy: mapIds(mutant.killedBy) })),
            };
        }
    }
    const newest = reports[reports.length - 1].report;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify({ ...newest, files, testFiles }));
    return { files: Object.keys(files).length, reports: reports.length };
}

/**
 * Takes surviving static mutants (code run at module load, such as a constant list) out of an incremental
 * file, so that the next run tests them again. Stryker has no per-test coverage for them and reuses their
 * old result when only tests changed, so a test written to kill one would never be seen to do so.
 */
export function forgetStaticSurvivors(path) {
    if (!existsSync(path)) return 0;
    const report = JSON.parse(readFileSync(path, 'utf8'));
    let forgotten = 0;
    for (const file of Object.values(report.files ?? {})) {
        const kept = file.mutants.filter((mutant) => !(mutant.static === true && (mutant.status === 'Survived' || mutant.status === 'NoCoverage')));
        forgotten += file.mutants.length - kept.length;
        file.mutants = kept;
    }
    if (forgotten > 0) writeFileSync(path, JSON.stringify(report));
    return forgotten;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const { files, reports } = seed(process.argv[2]);
    console.log(`Seeded reports/mutation/all/incremental.json: ${files} source files from ${reports} incremental files.`);
}
