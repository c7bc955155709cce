/**
 * Benchmark: rendering at scale, in Chromium, on the PRODUCTION bundles (out/controls).
 *
 *   npm run bench:render            (builds first when needed; `-- --runs 11` for more runs per size, default 7)
 *
 * Starts the playground's dev server, opens its rendering page (playground/bench.html) in Debian's Chromium
 * and, for 10 / 100 / 1,000 / 10,000 segments and 10 / 100 / 1,000 measures of one customer, mounts the
 * control through the PCF host over the in-memory Dataverse and times in the page: time to content (init to
 * the list laid out: read, parse, sort, render), "+N more", the next "Show 200 more" step, each keystroke of
 * a filter, and "Show all" measures. Medians of several runs after a warm-up; the growth columns show how
 * the time grows when the count grows tenfold (10x would be linear).
 *
 * CommonJS on purpose (see bench/membership.ts; as a script it shares the global scope with that file, hence
 * the distinct names): this entry registers ts-node with CommonJS output and
 * requires the TypeScript it needs; vite and the server setup are ES modules, imported dynamically.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see the header comment */
const tsNodeForRender = require('ts-node') as typeof import('ts-node');
tsNodeForRender.register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { launchBrowser } = require('../test/e2e/browser') as typeof import('../test/e2e/browser');
const { execFileSync } = require('child_process') as typeof import('child_process');
const os = require('os') as typeof import('os');
const path = require('path') as typeof import('path');
const url = require('url') as typeof import('url');
/* eslint-enable @typescript-eslint/no-require-imports */

type Bench = import('../playground/bench').RenderBench;
type SegmentTimes = import('../playground/bench').SegmentTimes;
type MeasureTimes = import('../playground/bench').MeasureTimes;

const SEGMENT_COUNTS = [10, 100, 1_000, 10_000];
const MEASURE_COUNTS = [10, 100, 1_000];
/** Typed one character at a time: the first keystrokes match thousands, the last a handful. */
const FILTER_TEXT = 'gold group 001';
const runsArgument = process.argv.indexOf('--runs');
const RUNS = runsArgument > 0 ? Math.max(1, Number(process.argv[runsArgument + 1]) || 7) : 7;
/** The interaction budget issue 12 sets at 10,000 segments. */
const BUDGET_MS = 100;

// `import()` kept out of TypeScript's reach, so the CommonJS output does not turn it into `require`.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() of the ESM-only vite setup
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: () => Promise<void> }>;

const median = (values: readonly number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const count = (value: number): string => value.toLocaleString('en-US');
const growth = (current: number, previous: number | undefined): string => (previous === undefined || previous <= 0 ? '' : `x${(current / previous).toFixed(1)}`);
/**
 * How the time grows with the count between two sizes, as the exponent k of time ~ count^k: 1 is linear,
 * 2 quadratic, below 1 better than linear (fixed costs still dominate).
 */
const exponent = (smallCount: number, smallMs: number, largeCount: number, largeMs: number): number => Math.log(largeMs / smallMs) / Math.log(largeCount / smallCount);
/** Highest exponent still called linear: measurement noise on a shared machine moves a tenfold step by ±20%. */
const LINEAR_EXPONENT = 1.15;

function chromiumVersion(): string {
    try {
        return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
        return 'Chromium (version unknown)';
    }
}

async function renderBenchmark(): Promise<void> {
    const root = path.join(__dirname, '..');
    const setup = await importModule(url.pathToFileURL(path.join(root, 'test', 'e2e', 'server.setup.mjs')).href);
    const teardown = await importModule(url.pathToFileURL(path.join(root, 'test', 'e2e', 'server.teardown.mjs')).href);
    await setup.default();
    const browser = await launchBrowser();
    try {
        const { page } = browser;
        await page.goto(`${process.env.PLAYGROUND_URL ?? ''}bench.html`);
        await page.waitForFunction(() => 'renderBench' in window, undefined, { timeout: 60_000 });
        const segments = (n: number): Promise<SegmentTimes> =>
            page.evaluate(([size, text]) => (window as unknown as { renderBench: Bench }).renderBench.segments(size, text), [n, FILTER_TEXT] as const);
        const measures = (n: number): Promise<MeasureTimes> => page.evaluate((size) => (window as unknown as { renderBench: Bench }).renderBench.measures(size), n);

        // Warm-up: the first mount compiles the bundles' code and fills Griffel's style cache.
        await segments(1_000);
        await measures(100);

        console.log(`Rendering benchmark: ${chromiumVersion()}, production bundles, ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; median of ${RUNS} runs.`);
        console.log('Times are measured in the page: time to content from init to the list laid out; an interaction from the click or keystroke to the DOM updated and laid out.\n');

        // Runs interleave the sizes, so that other work on the machine spreads over all of them alike.
        const segmentRuns = new Map<number, SegmentTimes[]>(SEGMENT_COUNTS.map((size) => [size, []]));
        const measureRuns = new Map<number, MeasureTimes[]>(MEASURE_COUNTS.map((size) => [size, []]));
        for (let run = 0; run < RUNS; run++) {
            for (const size of SEGMENT_COUNTS) segmentRuns.get(size)?.push(await segments(size));
            for (const size of MEASURE_COUNTS) measureRuns.get(size)?.push(await measures(size));
        }

        console.log(`| Segments | Time to content | growth | "+N more" | next "Show 200 more" | filter keystroke (median / slowest of ${FILTER_TEXT.length}) | tags in the DOM after filtering |`);
        console.log('|---:|---:|---:|---:|---:|---:|---:|');
        let previousContent: number | undefined;
        let slowestInteraction = 0;
        let linear = true;
        for (const size of SEGMENT_COUNTS) {
            const runs = segmentRuns.get(size) ?? [];
            const content = median(runs.map((r) => r.contentMs));
            const expand = median(runs.map((r) => r.expandMs));
            const step = median(runs.map((r) => r.stepMs));
            const keys = runs.flatMap((r) => r.keystrokesMs);
            const slowestKey = median(runs.map((r) => Math.max(0, ...r.keystrokesMs)));
            if (size === SEGMENT_COUNTS[SEGMENT_COUNTS.length - 1]) slowestInteraction = Math.max(expand, step, slowestKey);
            console.log(
                `| ${count(size)} | ${ms(content)} | ${growth(content, previousContent)} | ${ms(expand)} | ${size > 208 ? ms(step) : 'n/a'} | ${keys.length > 0 ? `${ms(median(keys))} / ${ms(slowestKey)}` : 'n/a (no filter box)'} | ${count(Math.max(...runs.map((r) => r.renderedAfterFilter)))} |`,
            );
            previousContent = content;
        }

        console.log('\n| Measures | Time to content (12 tiles) | growth | "Show all" | growth | tiles after "Show all" |');
        console.log('|---:|---:|---:|---:|---:|---:|');
        let previousMeasures: number | undefined;
        let previousShowAll: number | undefined;
        for (const size of MEASURE_COUNTS) {
            const runs = measureRuns.get(size) ?? [];
            const content = median(runs.map((r) => r.contentMs));
            const showAll = median(runs.map((r) => r.showAllMs));
            console.log(`| ${count(size)} | ${ms(content)} | ${growth(content, previousMeasures)} | ${size > 12 ? ms(showAll) : 'n/a'} | ${growth(showAll, previousShowAll)} | ${count(Math.max(...runs.map((r) => r.tilesAfterShowAll)))} |`);
            previousMeasures = content;
            previousShowAll = size > 12 ? showAll : undefined;
        }
        // Growth between the two largest sizes of each series, where fixed costs matter least.
        const last = <T>(runs: ReadonlyMap<number, T[]>, pick: (times: T) => number, counts: readonly number[]): string => {
            const [small, large] = counts.slice(-2) as [number, number];
            const k = exponent(small, median((runs.get(small) ?? []).map(pick)), large, median((runs.get(large) ?? []).map(pick)));
            if (!(k <= LINEAR_EXPONENT)) linear = false;
            return `${k.toFixed(2)} (${count(small)} -> ${count(large)})`;
        };
        console.log('\nGrowth exponent k (time ~ count^k; 1 = linear, 2 = quadratic, < 1 = fixed costs still dominate):');
        console.log(`- segments, time to content: ${last(segmentRuns, (r) => r.contentMs, SEGMENT_COUNTS)}`);
        console.log(`- segments, "+N more": ${last(segmentRuns, (r) => r.expandMs, SEGMENT_COUNTS)}; slowest filter keystroke: ${last(segmentRuns, (r) => Math.max(0, ...r.keystrokesMs), SEGMENT_COUNTS)}`);
        console.log(`- measures, time to content: ${last(measureRuns, (r) => r.contentMs, MEASURE_COUNTS)}; "Show all": ${last(measureRuns, (r) => r.showAllMs, MEASURE_COUNTS)}`);
        console.log(`Linear or better everywhere (k <= ${LINEAR_EXPONENT}): ${linear ? 'yes' : 'NO'}.`);
        console.log(`Slowest interaction at 10,000 segments: ${ms(slowestInteraction)} (budget ${BUDGET_MS} ms): ${slowestInteraction < BUDGET_MS ? 'within' : 'OVER'}.`);
        if (browser.errors.length > 0) console.log(`\nPage errors: ${browser.errors.join('; ')}`);
    } finally {
        await browser.close();
        await teardown.default();
    }
}

renderBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
