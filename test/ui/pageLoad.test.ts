/**
 * The page load (components/shared/pageLoad.ts) at every branch (measured by mutation testing, README
 * "Mutation testing"): rows the enricher already knows, the busy and loading flags, Try again for rows whose
 * tables failed, the bound on automatic busy retries and their wait, the system timers, and nothing after
 * dispose. The grid's own tests (grid.test.ts) cover the main paths.
 */
import { PageInsightsLoad, MAX_BUSY_RETRY_MS } from '../../components/shared/pageLoad';
import { pageRowKey, type PageEnricher, type PageEnrichment, type PageRow, type RowInsights } from '../../components/shared/pageEnricher';
import { InsightsError, type InsightsFailure } from '../../components/shared/failure';
import type { CustomerId } from '../../components/shared/identifiers';
import type { LoadTimers } from '../../components/shared/load';

const row = (id: number): PageRow => ({ recordId: `7d3c2b1a-0000-4000-8000-${String(id).padStart(12, '0')}`, profileLookupId: null });
const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Timers run by hand; `cancels` says whether clearTimeout really cancels (a platform might fire anyway). */
function manualTimers(cancels = true) {
    const pending = new Map<number, { callback: () => void; ms: number }>();
    const cleared: unknown[] = [];
    let next = 1;
    const timers: LoadTimers & { run(): void; readonly waits: number[]; readonly cleared: unknown[]; readonly pending: number } = {
        setTimeout: (callback, ms) => {
            pending.set(next, { callback, ms });
            return next++;
        },
        clearTimeout: (handle) => {
            cleared.push(handle);
            if (cancels) pending.delete(handle as number);
        },
        now: () => new Date(1_000_000),
        run() {
            const due = [...pending.values()];
            pending.clear();
            for (const { callback } of due) callback();
        },
        get waits() {
            return [...pending.values()].map((entry) => entry.ms);
        },
        cleared,
        get pending() {
            return pending.size;
        },
    };
    return timers;
}

type Answer = (rows: readonly PageRow[]) => Promise<PageEnrichment>;
function fakeEnricher(answer: Answer, known: (row: PageRow) => RowInsights | undefined = () => undefined) {
    const self = {
        calls: [] as (readonly PageRow[])[],
        forgotten: 0,
        answer,
        profilesReadable: false,
        register: () => undefined,
        release: () => undefined,
        enrich(rows: readonly PageRow[]) {
            self.calls.push(rows);
            return self.answer(rows);
        },
        peek: known,
        forgetFailures() {
            self.forgotten++;
        },
        reset: () => undefined,
        classifyFailure: (error: unknown): InsightsFailure => (error instanceof InsightsError ? error.failure : { kind: 'unexpected', message: String(error) }),
    };
    return self satisfies PageEnricher;
}
const answerWith =
    (insights: (row: PageRow) => RowInsights, failures: InsightsFailure[] = []): Answer =>
    (rows) =>
        Promise.resolve({ rows: new Map(rows.map((entry) => [pageRowKey(entry), insights(entry)])), failures });
const noProfile = answerWith(() => ({ kind: 'noProfile' }));
const busy = (retryAfterSeconds?: unknown): Answer => () =>
    Promise.reject(new InsightsError({ kind: 'busy', message: 'throttled', ...(retryAfterSeconds !== undefined ? { retryAfterSeconds: retryAfterSeconds as number } : {}) }));
/** A read the test settles by hand. */
function deferred() {
    let resolve!: (value: PageEnrichment) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<PageEnrichment>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}
const customerId = 'c'.repeat(32) as CustomerId;
const foundWith = (segments: 'read' | 'failed', measures: 'read' | 'failed'): RowInsights => ({
    kind: 'found',
    profile: { customerId, via: 'recordLookup' },
    segments: segments === 'read' ? { status: 'read', value: { names: [], parse: 'empty' } } : { status: 'failed', failure: { kind: 'busy', message: 'segments busy' } },
    measures: measures === 'read' ? { status: 'read', value: { measures: new Map(), parse: 'empty' } } : { status: 'failed', failure: { kind: 'noPrivilege', message: 'measures refused' } },
});

describe('the page load at every branch', () => {
    it('starts with nothing to say', () => {
        const load = new PageInsightsLoad({ enricher: fakeEnricher(noProfile), onChange: () => undefined, timers: manualTimers() });
        expect(load.failure).toBeUndefined();
        expect(load.busy).toBe(false);
        expect(load.loading).toBe(false);
        expect(load.retryingAt).toBeUndefined();
    });

    it('takes what the enricher already knows without reading, and reads only the rest', async () => {
        const known: RowInsights = { kind: 'notVisible' };
        const enricher = fakeEnricher(noProfile, (entry) => (entry.recordId === row(1).recordId ? known : undefined));
        let changes = 0;
        const load = new PageInsightsLoad({ enricher, onChange: () => changes++, timers: manualTimers() });
        load.show([row(1)]);
        expect(load.stateOf(row(1))).toBe(known);
        expect(enricher.calls).toStrictEqual([]);
        expect(changes).toBe(0);
        load.show([row(1), row(2)]);
        expect(enricher.calls).toStrictEqual([[row(2)]]);
        await flush();
        expect(load.stateOf(row(2))).toStrictEqual({ kind: 'noProfile' });
    });

    it('is loading while any read is in flight, and busy only while the requester waits out a throttle', async () => {
        const first = deferred();
        const second = deferred();
        const reads = [first, second];
        const enricher = fakeEnricher(() => (reads.shift() as ReturnType<typeof deferred>).promise);
        let changes = 0;
        const load = new PageInsightsLoad({ enricher, onChange: () => changes++, timers: manualTimers() });
        load.markBusy(); // nothing in flight: not busy
        expect(load.busy).toBe(false);
        expect(changes).toBe(0);
        load.show([row(1)]);
        load.show([row(2)]);
        expect(load.loading).toBe(true);
        const beforeBusy = changes;
        load.markBusy();
        expect(load.busy).toBe(true);
        expect(changes).toBe(beforeBusy + 1);
        load.markBusy(); // already busy: no second render
        expect(changes).toBe(beforeBusy + 1);
        first.resolve({ rows: new Map([[pageRowKey(row(1)), { kind: 'noProfile' }]]), failures: [] });
        await flush();
        expect(load.loading).toBe(true);
        expect(load.busy).toBe(true); // the other read still waits
        second.resolve({ rows: new Map([[pageRowKey(row(2)), { kind: 'noProfile' }]]), failures: [] });
        await flush();
        expect(load.loading).toBe(false);
        expect(load.busy).toBe(false);
    });

    it('is not busy after a failure that is not a throttle, nor after the automatic retries ran out', async () => {
        const enricher = fakeEnricher(() => Promise.reject(new InsightsError({ kind: 'network', message: 'down' })));
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        expect(load.failure?.kind).toBe('network');
        expect(load.busy).toBe(false);
        expect(timers.pending).toBe(0);
    });

    it('a later read failing otherwise while a busy retry waits: that failure shows, not busy, and the retry still comes', async () => {
        const enricher = fakeEnricher(busy(1));
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        expect(load.busy).toBe(true);
        enricher.answer = () => Promise.reject(new InsightsError({ kind: 'network', message: 'down' }));
        load.show([row(2)]);
        await flush();
        expect(load.failure?.kind).toBe('network');
        expect(load.busy).toBe(false);
        expect(timers.pending).toBe(1);
        enricher.answer = noProfile;
        timers.run();
        await flush();
        expect(enricher.calls[2]).toStrictEqual([row(1), row(2)]);
        expect(load.failure).toBeUndefined();
    });

    it('Try again reads only rows it was shown, not others the enricher answered with them', async () => {
        const enricher = fakeEnricher((rows) => Promise.resolve({ rows: new Map([...rows.map((entry) => [pageRowKey(entry), foundWith('read', 'read')] as const), [pageRowKey(row(9)), foundWith('failed', 'read')]]), failures: [] }));
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers: manualTimers() });
        load.show([row(1)]);
        await flush();
        load.retry();
        await flush();
        expect(enricher.calls).toStrictEqual([[row(1)]]);
    });

    it('tries a throttled read again by itself at most five times in a row, then waits for Try again', async () => {
        const enricher = fakeEnricher(busy(1));
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        for (let retry = 1; retry <= 5; retry++) {
            expect(timers.pending).toBe(1);
            expect(load.busy).toBe(true);
            timers.run();
            await flush();
        }
        expect(enricher.calls).toHaveLength(6);
        expect(timers.pending).toBe(0);
        expect(load.failure?.kind).toBe('busy');
        expect(load.busy).toBe(false);
        expect(load.retryingAt).toBeUndefined();
        // Try again starts the count anew: five more automatic retries.
        load.retry();
        await flush();
        expect(enricher.calls).toHaveLength(7);
        expect(timers.pending).toBe(1);
    });

    it('counts the automatic retries anew after a read that succeeded', async () => {
        const enricher = fakeEnricher(busy(1));
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        for (let retry = 1; retry <= 4; retry++) {
            timers.run();
            await flush();
        }
        enricher.answer = noProfile;
        timers.run();
        await flush();
        expect(load.failure).toBeUndefined();
        enricher.answer = busy(1);
        load.show([row(2)]);
        await flush();
        for (let retry = 1; retry <= 5; retry++) {
            expect(timers.pending).toBe(1);
            timers.run();
            await flush();
        }
        expect(timers.pending).toBe(0);
    });

    it.each([
        ['Retry-After of 7 s', 7, 7_000],
        ['no Retry-After', undefined, 15_000],
        ['Retry-After 0', 0, 15_000],
        ['a negative Retry-After', -5, 15_000],
        ['a Retry-After that is not a number', '7', 15_000],
        ['an infinite Retry-After', Number.POSITIVE_INFINITY, 15_000],
        ['a Retry-After past the cap', 100_000, MAX_BUSY_RETRY_MS],
    ])('waits for %s: %p s -> %p ms', async (_name, seconds, waitMs) => {
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher: fakeEnricher(busy(seconds)), onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        expect(timers.waits).toStrictEqual([waitMs]);
        expect(load.retryingAt).toStrictEqual(new Date(1_000_000 + waitMs));
    });

    it('waits the configured time when the platform gives no Retry-After', async () => {
        const timers = manualTimers();
        const load = new PageInsightsLoad({ enricher: fakeEnricher(busy()), onChange: () => undefined, timers, busyRetryMs: 2_500 });
        load.show([row(1)]);
        await flush();
        expect(timers.waits).toStrictEqual([2_500]);
    });

    it('Try again reads rows whose tables failed, clears the failures, and only clears a timer it set', async () => {
        const enricher = fakeEnricher(answerWith((entry) => (entry.recordId === row(1).recordId ? foundWith('failed', 'read') : entry.recordId === row(2).recordId ? foundWith('read', 'failed') : foundWith('read', 'read')), [
            { kind: 'busy', message: 'segments busy' },
        ]));
        const timers = manualTimers();
        let changes = 0;
        const load = new PageInsightsLoad({ enricher, onChange: () => changes++, timers });
        load.show([row(1), row(2), row(3)]);
        await flush();
        expect(load.failure).toStrictEqual({ kind: 'busy', message: 'segments busy' });
        enricher.answer = answerWith(() => foundWith('read', 'read'));
        load.retry();
        expect(timers.cleared).toStrictEqual([]); // no timer was set
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'loading' });
        expect(load.stateOf(row(2))).toStrictEqual({ kind: 'loading' });
        expect(load.stateOf(row(3))).toStrictEqual(foundWith('read', 'read'));
        expect(load.failure).toBeUndefined();
        expect(enricher.calls[1]).toStrictEqual([row(1), row(2)]);
        expect(enricher.forgotten).toBe(1);
        await flush();
        expect(load.stateOf(row(1))).toStrictEqual(foundWith('read', 'read'));

        // Nothing left to read again: the failure is cleared and the control told so, without a read.
        const before = changes;
        load.retry();
        expect(enricher.calls).toHaveLength(2);
        expect(changes).toBe(before + 1);
        expect(load.failure).toBeUndefined();
    });

    it('Try again while a busy retry waits cancels that timer', async () => {
        const timers = manualTimers();
        const enricher = fakeEnricher(busy(3));
        const load = new PageInsightsLoad({ enricher, onChange: () => undefined, timers });
        load.show([row(1)]);
        await flush();
        expect(timers.pending).toBe(1);
        enricher.answer = noProfile;
        load.retry();
        expect(timers.cleared).toStrictEqual([1]);
        expect(load.retryingAt).toBeUndefined();
        await flush();
        expect(timers.pending).toBe(0);
        expect(enricher.calls).toHaveLength(2);
    });

    it('after dispose: no retry, no Try again, no state from a read that fails late, and a timer that fires anyway does nothing', async () => {
        const timers = manualTimers(false);
        const late = deferred();
        const enricher = fakeEnricher(busy(1));
        let changes = 0;
        const load = new PageInsightsLoad({ enricher, onChange: () => changes++, timers });
        load.show([row(1)]);
        await flush();
        enricher.answer = () => late.promise;
        load.show([row(2)]);
        load.dispose();
        expect(timers.cleared).toStrictEqual([1]);
        const before = changes;
        timers.run(); // the platform fired it anyway
        load.retry();
        load.markBusy();
        late.reject(new InsightsError({ kind: 'busy', message: 'late' }));
        await flush();
        expect(enricher.calls).toHaveLength(2);
        expect(changes).toBe(before);
        expect(load.stateOf(row(2))).toStrictEqual({ kind: 'loading' });
        expect(load.failure?.message).toBe('throttled');
        expect(timers.pending).toBe(0);
    });

    it('runs on the system timers when none are given', async () => {
        jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
        try {
            const enricher = fakeEnricher(busy(2));
            const load = new PageInsightsLoad({ enricher, onChange: () => undefined });
            load.show([row(1)]);
            await jest.advanceTimersByTimeAsync(0);
            expect(load.retryingAt).toStrictEqual(new Date('2026-06-01T00:00:02Z'));
            enricher.answer = noProfile;
            await jest.advanceTimersByTimeAsync(1_999);
            expect(enricher.calls).toHaveLength(1);
            await jest.advanceTimersByTimeAsync(1);
            expect(enricher.calls).toHaveLength(2);
            enricher.answer = busy(2);
            load.show([row(2)]);
            await jest.advanceTimersByTimeAsync(0);
            expect(jest.getTimerCount()).toBe(1);
            load.dispose(); // clears the system timer
            expect(jest.getTimerCount()).toBe(0);
            await jest.advanceTimersByTimeAsync(10_000);
            expect(enricher.calls).toHaveLength(3);
        } finally {
            jest.useRealTimers();
        }
    });
});
