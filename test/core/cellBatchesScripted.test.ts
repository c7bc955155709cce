/**
 * The cell batches (components/shared/cellBatches.ts) over a scripted page enricher and a manual clock
 * (the same batches over the real enricher and the emulator are in cellBatches.test.ts): the state of a row
 * nobody asked for, a queued row asked again, when rendering reads failed rows again (which failures, after
 * how long, with which debounce and bound), listeners, the busy mark, the busy retry setting, the system
 * timers, and nothing after dispose. Written from mutation testing.
 */
import { CellBatches } from '../../components/shared/cellBatches';
import type { InsightsFailure } from '../../components/shared/failure';
import { pageRowKey, type PageEnricher, type PageEnrichment, type PageRow, type RowInsights } from '../../components/shared/pageEnricher';
import { manualClock } from './manualClock';

const row = (n: number): PageRow => ({ recordId: `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}` });
const NETWORK: InsightsFailure = { kind: 'network', message: 'The network is down.' };
const BUSY: InsightsFailure = { kind: 'busy', message: 'Busy.' };
const NO_PRIVILEGE: InsightsFailure = { kind: 'noPrivilege', message: 'No read privilege.' };

/** An enricher whose reads the test settles by hand; a rejection's error is its own failure. */
function scriptedEnricher() {
    const reads: { rows: readonly PageRow[]; resolve: (rows?: RowInsights) => void; reject: (failure: InsightsFailure) => void }[] = [];
    let forgotten = 0;
    const enricher: PageEnricher = {
        register: () => undefined,
        release: () => undefined,
        enrich: (rows) =>
            new Promise<PageEnrichment>((resolve, reject) => {
                reads.push({
                    rows,
                    resolve: (insights = { kind: 'noProfile' }) => resolve({ rows: new Map(rows.map((r) => [pageRowKey(r), insights])), failures: [] }),
                    reject,
                });
            }),
        profilesReadable: true,
        peek: () => undefined,
        forgetFailures: () => {
            forgotten++;
        },
        reset: () => undefined,
        classifyFailure: (error) => error as InsightsFailure,
    };
    return {
        enricher,
        reads,
        get forgotten() {
            return forgotten;
        },
    };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const START = 1_000_000;

function setup(settings: { retryFailedAfterMs?: number; busyRetryMs?: number } = {}) {
    const scripted = scriptedEnricher();
    const clock = manualClock(START);
    const batches = new CellBatches({ enricher: scripted.enricher, timers: clock, debounceMs: 40, maxWaitMs: 250, ...settings });
    return { scripted, clock, batches };
}

/** Row 1 read and failed with `failure` at the start. */
async function failedFirst(failure: InsightsFailure, settings: { retryFailedAfterMs?: number } = {}) {
    const s = setup(settings);
    s.batches.want(row(1));
    s.clock.advance(40);
    s.scripted.reads[0]?.reject(failure);
    await settle();
    expect(s.batches.stateOf(row(1))).toStrictEqual({ kind: 'failed' });
    return s;
}

describe('rows asked for', () => {
    it('are loading while nothing is known, and one batch sends them', () => {
        const { batches, clock, scripted } = setup();
        expect(batches.want(row(1))).toStrictEqual({ kind: 'loading' });
        expect(batches.stateOf(row(2))).toStrictEqual({ kind: 'loading' });
        clock.advance(40);
        expect(scripted.reads.map((r) => r.rows)).toStrictEqual([[row(1)]]);
        expect(scripted.forgotten).toBe(0);
    });

    it('asked again while queued do not restart the quiet spell', () => {
        const { batches, clock } = setup();
        batches.want(row(1));
        clock.advance(30);
        batches.want(row(1));
        clock.advance(10);
        expect(batches.batches).toBe(1);
    });

    it('are sent at the latest after the longest wait, also when a failed row joins late', async () => {
        const { batches, clock } = await failedFirst(NETWORK);
        clock.advance(20_000);
        batches.want(row(2));
        for (let waited = 0; waited < 230; waited += 30) {
            clock.advance(30);
            batches.want(row(3 + waited));
        }
        // Row 2 was queued 240 ms ago; row 1 (failed) is rendered again: the batch still leaves at 250 ms.
        batches.want(row(1));
        clock.advance(10);
        expect(batches.batches).toBe(2);
    });

    it('flushing with nothing queued sends no batch', () => {
        const { batches, scripted } = setup();
        batches.flush();
        expect(batches.batches).toBe(0);
        expect(scripted.reads).toStrictEqual([]);
    });

    it('only clear timers they set', () => {
        const { batches, clock } = setup();
        batches.flush();
        batches.want(row(1));
        batches.want(row(2));
        clock.advance(40);
        batches.dispose();
        expect(clock.cleared.every((handle) => handle !== undefined)).toBe(true);
        expect(clock.cleared).toStrictEqual([1]);
    });
});

describe('failed rows rendered again', () => {
    it.each(['offline', 'network', 'timeout', 'unexpected'] as const)('are read again after a %s failure once the wait has passed, with the next quiet spell', async (kind) => {
        const { batches, clock, scripted } = await failedFirst({ kind, message: kind });
        clock.advance(14_999);
        batches.want(row(1));
        clock.advance(1000);
        expect(scripted.reads).toHaveLength(1);
        clock.advance(1);
        const before = clock.delays.length;
        batches.want(row(1));
        expect(clock.delays.slice(before)).toStrictEqual([40]);
        clock.advance(40);
        expect(scripted.reads).toHaveLength(2);
        expect(scripted.reads[1]?.rows).toStrictEqual([row(1)]);
        expect(scripted.forgotten).toBe(1);
    });

    it.each(['noPrivilege', 'configuration', 'notVisible'] as const)('are not read again by rendering after a %s failure', async (kind) => {
        const { batches, clock, scripted } = await failedFirst({ kind, message: kind });
        clock.advance(60_000);
        batches.want(row(1));
        clock.advance(1000);
        expect(scripted.reads).toHaveLength(1);
    });

    it('wait the configured time', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK, { retryFailedAfterMs: 5000 });
        clock.advance(5000);
        batches.want(row(1));
        clock.advance(40);
        expect(scripted.reads).toHaveLength(2);
    });

    it('are read again once per re-read; later batches of new rows do not read them again', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK);
        clock.advance(20_000);
        batches.want(row(1));
        batches.want(row(1));
        clock.advance(40);
        expect(scripted.forgotten).toBe(1);
        scripted.reads[1]?.resolve();
        await settle();
        batches.want(row(2));
        clock.advance(40);
        expect(scripted.forgotten).toBe(1);
        expect(scripted.reads.map((r) => r.rows)).toStrictEqual([[row(1)], [row(1)], [row(2)]]);
    });

    it('wait again from the last failure, not from a batch that started meanwhile', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK);
        clock.advance(10_000);
        batches.want(row(2));
        clock.advance(40);
        // The second batch fails with the same failure: no new attempt at row 1, so its wait still counts from the first.
        scripted.reads[1]?.reject(NETWORK);
        await settle();
        clock.advance(4960);
        batches.want(row(1));
        clock.advance(40);
        expect(scripted.reads).toHaveLength(3);
    });

    it('are not read again while a read is in flight', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK);
        clock.advance(20_000);
        batches.want(row(2));
        clock.advance(40);
        batches.want(row(1));
        clock.advance(1000);
        expect(scripted.reads).toHaveLength(2);
    });

    it('after a later batch succeeded (the grid shows no failure) still read the rows that failed before when rendered, once the wait is over', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK);
        batches.want(row(2));
        clock.advance(40);
        scripted.reads[1]?.resolve();
        await settle();
        expect(batches.failure).toBeUndefined();
        // Within the wait after the failure: rendering does not read again.
        expect(batches.want(row(1))).toStrictEqual({ kind: 'failed' });
        clock.advance(40);
        expect(scripted.reads).toHaveLength(2);
        clock.advance(20_000);
        expect(batches.want(row(1))).toStrictEqual({ kind: 'failed' });
        clock.advance(40);
        expect(scripted.reads).toHaveLength(3);
        scripted.reads[2]?.resolve();
        await settle();
        expect(batches.stateOf(row(1))).toStrictEqual({ kind: 'noProfile' });
    });

    it('a failed row rendered again while its re-read waits for the batch does not put the batch off', async () => {
        const { batches, clock, scripted } = await failedFirst(NETWORK);
        clock.advance(20_000);
        batches.want(row(1));
        clock.advance(30);
        batches.want(row(1));
        clock.advance(10);
        expect(scripted.reads).toHaveLength(2);
    });

    it('after a later batch succeeded, rows refused for a missing privilege are not read again by rendering', async () => {
        const { batches, clock, scripted } = await failedFirst(NO_PRIVILEGE);
        batches.want(row(2));
        clock.advance(40);
        scripted.reads[1]?.resolve();
        await settle();
        clock.advance(20_000);
        expect(batches.want(row(1))).toStrictEqual({ kind: 'failed' });
        clock.advance(1000);
        expect(scripted.reads).toHaveLength(2);
    });
});

describe('listeners, busy and dispose', () => {
    it('hear a change, the busy mark, and nothing after they unsubscribe', async () => {
        const { batches, clock, scripted } = setup();
        let heard = 0;
        const unsubscribe = batches.subscribe(() => heard++);
        batches.want(row(1));
        clock.advance(40);
        const started = heard;
        expect(started).toBeGreaterThan(0);
        batches.markBusy();
        expect(heard).toBe(started + 1);
        unsubscribe();
        scripted.reads[0]?.resolve();
        await settle();
        expect(heard).toBe(started + 1);
        expect(batches.stateOf(row(1))).toStrictEqual({ kind: 'noProfile' });
    });

    it('retry a busy read after the configured wait', async () => {
        const { batches, clock, scripted } = setup({ busyRetryMs: 2000 });
        batches.want(row(1));
        clock.advance(40);
        scripted.reads[0]?.reject(BUSY);
        await settle();
        expect(clock.delays.at(-1)).toBe(2000);
        clock.advance(2000);
        expect(scripted.reads).toHaveLength(2);
    });

    it('set no timer after dispose, whatever is rendered', async () => {
        const { batches, clock } = await failedFirst(NETWORK);
        batches.dispose();
        clock.advance(60_000);
        expect(batches.want(row(1))).toStrictEqual({ kind: 'failed' });
        expect(batches.want(row(9))).toStrictEqual({ kind: 'failed' });
        expect(clock.pending).toBe(0);
        expect(batches.queuedRows).toBe(0);
    });
});

describe('without timers given', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    it('debounce with the system timers, restarting the quiet spell for each new row', () => {
        jest.useFakeTimers({ doNotFake: ['setImmediate'] });
        const scripted = scriptedEnricher();
        const batches = new CellBatches({ enricher: scripted.enricher });
        batches.want(row(1));
        jest.advanceTimersByTime(30);
        batches.want(row(2));
        jest.advanceTimersByTime(39);
        expect(scripted.reads).toHaveLength(0);
        jest.advanceTimersByTime(1);
        expect(scripted.reads.map((r) => r.rows)).toStrictEqual([[row(1), row(2)]]);
        batches.dispose();
    });
});
