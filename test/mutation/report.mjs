/**
 * Prints the mutation score per file from Stryker's JSON report (reports/mutation/mutation.json), as a
 * Markdown table the README can carry, with the mutants listed as equivalent in
 * test/mutation/equivalent-mutants.json taken out of the score and named.
 *
 *   node test/mutation/report.mjs [report.json or a folder of them, default reports/mutation] [--check]
 *
 * --check exits 1 when a file of the goal list (GOALS below) scores under 85 % after equivalents, or when a
 * surviving mutant there is neither killed nor listed, or when a listed equivalent no longer exists or no
 * longer survives (the list must stay true).
 *
 * A listed equivalent is found again by file, mutator, the trimmed source line it starts on, the mutated code
 * and its replacement, so that it survives edits elsewhere in the file. Scores: killed (and timed out) mutants
 * over all mutants that ran or had no test (Stryker's "mutation score"); compile and run-time errors and
 * ignored mutants do not count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalOf } from './mutants.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const reportPath = args.find((a) => !a.startsWith('--')) ?? join(root, 'reports', 'mutation');
const equivalentsPath = join(here, 'equivalent-mutants.json');

/** Modules with the goal (>= 85 % killed, every survivor killed or listed). */
const GOALS = ['query', 'identifiers', 'profile', 'failure', 'parsers', 'requests', 'pageState', 'pages', 'pageEnricher', 'readiness', 'measureSpec', 'timeline', 'activityDetails', 'userTime', 'safeLink', 'activityTypes', 'cellBatches', 'customerMeasuresRead', 'formProfile', 'insightsReader', 'limits', 'load', 'profileCardRead', 'profileColumns', 'readableName', 'readers', 'rows', 'segmentMembershipRead', 'segmentTags', 'dataset', 'intelligenceModel', 'pageLoad', 'insightCells'];
const GOAL_SCORE = 85;

/** Every mutation.json at or under `path`; for a file in several, the newest report wins. */
function readReports(path) {
    const found = [];
    const walk = (p) => {
        if (!existsSync(p)) return;
        if (statSync(p).isDirectory()) for (const entry of readdirSync(p)) walk(join(p, entry));
        else if (p.endsWith('.json') && (p === path || p.endsWith('mutation.json'))) found.push({ path: p, time: statSync(p).mtimeMs });
    };
    walk(path);
    const files = {};
    for (const { path: p } of found.sort((a, b) => a.time - b.time)) Object.assign(files, JSON.parse(readFileSync(p, 'utf8')).files);
    return { files, sources: found.map((f) => relative(root, f.path)) };
}
const report = readReports(reportPath);
if (report.sources.length === 0) {
    console.error(`No mutation report at ${relative(root, reportPath)}: run npm run test:mutation first.`);
    process.exit(1);
}
/** @type {{ file: string, mutator: string, line: string, replacement: string, reason: string }[]} */
const equivalents = existsSync(equivalentsPath) ? JSON.parse(readFileSync(equivalentsPath, 'utf8')) : [];

const keyOf = (file, mutator, line, original, replacement) => JSON.stringify([file, mutator, line.trim(), original, replacement]);
const listed = new Map(equivalents.map((e) => [keyOf(e.file, e.mutator, e.line, e.original, e.replacement), e]));
const used = new Set();

const rows = [];
const unlisted = [];
const listedButKilled = [];
/** Listed keys with a surviving mutant: two mutants with the same code on one line share a key. */
const surviving = new Set();
for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const name = relative(root, join(root, path)).split('\\').join('/');
    const lines = file.source.split('\n');
    const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 0, ignored: 0 };
    for (const mutant of file.mutants) {
        const line = lines[mutant.location.start.line - 1] ?? '';
        const key = keyOf(name, mutant.mutatorName, line, originalOf(lines, mutant.location), mutant.replacement ?? '');
        const entry = listed.get(key);
        if (entry !== undefined) used.add(key);
        switch (mutant.status) {
            case 'Killed':
                counts.killed++;
                if (entry !== undefined) listedButKilled.push({ name, mutant, line, key });
                break;
            case 'Timeout':
                counts.timeout++;
                break;
            case 'Survived':
            case 'NoCoverage':
                if (entry !== undefined) surviving.add(key);
                if (entry !== undefined) counts.equivalent++;
                else {
                    counts[mutant.status === 'Survived' ? 'survived' : 'noCoverage']++;
                    unlisted.push({ name, mutant, line });
                }
                break;
            case 'Ignored':
                counts.ignored++;
                break;
            default:
                counts.errors++;
        }
    }
    const detected = counts.killed + counts.timeout;
    const valid = detected + counts.survived + counts.noCoverage;
    const all = valid + counts.equivalent;
    rows.push({ name, ...counts, raw: all === 0 ? 100 : (detected / all) * 100, score: valid === 0 ? 100 : (detected / valid) * 100 });
}

const module = (name) => name.replace(/^.*\//, '').replace(/\.tsx?$/, '');
// The timeline's core is several modules (timeline*.ts): every one of them has the goal.
const isGoal = (name) => GOALS.includes(module(name)) || /^timeline[A-Z]?/.test(module(name));
const pct = (value) => `${value.toFixed(1)} %`;
const total = rows.reduce((sum, r) => {
    for (const k of ['killed', 'timeout', 'survived', 'noCoverage', 'equivalent', 'errors', 'ignored']) sum[k] = (sum[k] ?? 0) + r[k];
    return sum;
}, {});
const totalValid = total.killed + total.timeout + total.survived + total.noCoverage;

console.log('| File | Goal | Mutants | Killed | Timed out | Survived | No test | Equivalent (listed) | Score | Score without equivalents |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
    const mutants = r.killed + r.timeout + r.survived + r.noCoverage + r.equivalent;
    console.log(`| ${r.name} | ${isGoal(r.name) ? '>= 85 %' : ''} | ${mutants} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.equivalent} | ${pct(r.raw)} | ${pct(r.score)} |`);
}
const totalMutants = totalValid + total.equivalent;
console.log(
    `| **All files** | | ${totalMutants} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${total.equivalent} | ${pct(((total.killed + total.timeout) / totalMutants) * 100)} | ${pct(((total.killed + total.timeout) / totalValid) * 100)} |`,
);

// A listed key is true when one of the mutants it names survives (the others, killed, need no entry).
listedButKilled.splice(0, listedButKilled.length, ...listedButKilled.filter((u) => !surviving.has(u.key)));
const unlistedInGoals = unlisted.filter((u) => isGoal(u.name));
const reported = new Set(rows.map((r) => r.name));
const stale = equivalents.filter((e) => reported.has(e.file) && !used.has(keyOf(e.file, e.mutator, e.line, e.original, e.replacement)));
const describe = ({ name, mutant, line }) => `  ${name}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} ${mutant.status}: ${line.trim().slice(0, 100)}  [${originalOf([line], { start: { line: 1, column: mutant.location.start.column }, end: { line: 1, column: mutant.location.start.line === mutant.location.end.line ? mutant.location.end.column : line.length + 1 } })}]  ->  ${String(mutant.replacement ?? '').split('\n')[0].slice(0, 80)}`;
if (unlistedInGoals.length > 0) {
    console.log(`\nSurviving mutants in goal files, neither killed nor listed in test/mutation/equivalent-mutants.json (${unlistedInGoals.length}):`);
    for (const u of unlistedInGoals) console.log(describe(u));
}
if (listedButKilled.length > 0) {
    console.log(`\nListed as equivalent but killed now (remove them from the list): ${listedButKilled.length}`);
    for (const u of listedButKilled) console.log(describe(u));
}
if (stale.length > 0) {
    console.log(`\nListed as equivalent but no longer surviving in this report (${stale.length}; remove them or fix the list):`);
    for (const e of stale) console.log(`  ${e.file} ${e.mutator}: ${e.original} in ${e.line}  ->  ${e.replacement}`);
}
const below = rows.filter((r) => isGoal(r.name) && r.score < GOAL_SCORE);
if (check) {
    const failures = [];
    if (below.length > 0) failures.push(`under ${GOAL_SCORE} %: ${below.map((r) => r.name).join(', ')}`);
    if (unlistedInGoals.length > 0) failures.push(`${unlistedInGoals.length} unlisted survivors in goal files`);
    if (listedButKilled.length > 0) failures.push(`${listedButKilled.length} listed equivalents are killed`);
    if (failures.length > 0) {
        console.error(`\nMutation goals not met: ${failures.join('; ')}.`);
        process.exit(1);
    }
    console.log(`\nMutation goals met: every goal file at ${GOAL_SCORE} % or more, every survivor there killed or listed.`);
}
