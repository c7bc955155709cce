/**
 * The timeline's feed controller (components/CustomerInsightsTimeline/timelineFeed.ts) through its public
 * API over a fake page source: the states it shows (idle, loading, ready, failed), paging by keyset and when
 * it stops, answers of a list the user has left, busy reads tried again within their bounds (count, total
 * wait, backoff with jitter, Retry-After), a Try again that replaces a scheduled re-read, and nothing sent
 * or scheduled after dispose; and, over the emulator with the reader the control uses, real keyset paging, a
 * filter change during Load more and a failed Load more tried again. The control's rendering of the same states is tested in test/controls.
 */
import { classifyFailure, type FoundProfile, type InsightsFailure, type InsightsReader, type UnifiedActivityRow } from '../../components/shared';
import { normaliseGuid, type NormalisedGuid } from '../../components/shared/identifiers';
import { BUSY_RETRY_MS, MAX_BUSY_WAIT_MS } from '../../components/shared/limits';
import { parseActivityTypes } from '../../components/CustomerInsightsTimeline/activityTypes';
import { TimelineFeed, type FeedSettings, type FeedSource } from '../../components/CustomerInsightsTimeline/timelineFeed';
import { NO_FILTERS, type TimelineFilters } from '../../components/CustomerInsightsTimeline/timelineFilters';
import { idOf, storedActivities } from '../core/activityFacts';
import { contactId, emulator, readerFor } from '../core/support';
import { activityRow, fakeSource, fakeTimers as timersAt, page } from './timelineFakes';

const NOW = new Date('2025-06-15T10:00:00Z');
const utc = { offsetMinutes: () => 0 };

const row = activityRow;
const fakeTimers = (now: () => Date = () => NOW) => timersAt(now);

function feedWith(overrides: Partial<FeedSettings> = {}) {
    const timers = fakeTimers();
    let changes = 0;
    const saved: TimelineFilters[] = [];
    const feed = new TimelineFeed({
        filters: NO_FILTERS,
        classify: (error) => error as InsightsFailure,
        onChange: () => changes++,
        onFiltersChange: (filters) => saved.push(filters),
        clock: () => utc,
        now: () => NOW,
        timers,
        ...overrides,
    });
    return { feed, timers, saved, changes: () => changes };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const busy = (retryAfterSeconds?: number): InsightsFailure => ({ kind: 'busy', message: 'busy', ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
const network: InsightsFailure = { kind: 'network', message: 'down' };

/** A feed showing a first page of two entries with more available. */
async function showingFirstPage(overrides: Partial<FeedSettings> = {}) {
    const setup = feedWith(overrides);
    const source = fakeSource();
    setup.feed.start(source);
    const rows = [row('2025-06-15T09:00:00Z'), row('2025-06-15T08:00:00Z')];
    source.pending[0]?.resolve(page(rows, true));
    await flush();
    return { ...setup, source, rows };
}

describe('the feed before and while it reads', () => {
    it('is idle and empty until a profile is shown', () => {
        const { feed } = feedWith();
        expect(feed.snapshot).toStrictEqual({
            status: 'idle',
            entries: [],
            moreAvailable: false,
            atLimit: false,
            loadingMore: false,
            invalidRange: false,
            filters: NO_FILTERS,
            filtered: false,
            seenTypes: new Map(),
            origin: {},
        });
    });

    it('keeps filters set before a profile is shown, sends nothing, and reads with them once it is', () => {
        const { feed, saved, changes } = feedWith();
        const filters = { ...NO_FILTERS, types: ['Loyalty'] };
        feed.setFilters(filters);
        expect(saved).toStrictEqual([filters]);
        expect(changes()).toBe(1);
        expect(feed.snapshot).toMatchObject({ status: 'idle', filters, filtered: true, moreAvailable: false, loadingMore: false, invalidRange: false, entries: [] });
        const source = fakeSource();
        feed.start(source);
        expect(source.pending.map((p) => p.query)).toStrictEqual([{ pageSize: 2, activityTypes: ['Loyalty'] }]);
    });

    it('works without anyone to tell about filter changes', () => {
        const { feed } = feedWith({ onFiltersChange: undefined });
        const source = fakeSource();
        feed.start(source);
        feed.setFilters({ ...NO_FILTERS, search: 'refund' });
        expect(source.pending[1]?.query).toStrictEqual({ pageSize: 2, titleContains: 'refund' });
    });

    it('shows loading, with nothing more to load and no range problem, while the first page is read', () => {
        const { feed } = feedWith();
        feed.start(fakeSource());
        expect(feed.snapshot).toMatchObject({ status: 'loading', moreAvailable: false, loadingMore: false, invalidRange: false, entries: [] });
    });

    it('reads a date preset from the moment the settings give, fixed for the list', async () => {
        const { feed, source } = await showingFirstPage({ filters: { ...NO_FILTERS, preset: 'last7Days' } });
        expect(source.pending[0]?.query).toStrictEqual({ pageSize: 2, since: new Date('2025-06-09T00:00:00Z') });
        feed.loadMore();
        expect(source.pending[1]?.query).toMatchObject({ since: new Date('2025-06-09T00:00:00Z') });
    });

    it('says an invalid custom range is one, and shows nothing to load', () => {
        const { feed } = feedWith({ filters: { ...NO_FILTERS, preset: 'custom', from: '2025-02-01', to: '2025-01-01' } });
        const source = fakeSource();
        feed.start(source);
        expect(source.pending).toHaveLength(0);
        expect(feed.snapshot).toMatchObject({ status: 'ready', moreAvailable: false, loadingMore: false, invalidRange: true, entries: [] });
        feed.loadMore();
        expect(source.pending).toHaveLength(0);
    });

    it('once the range is fixed, reads it and no longer says it is invalid', async () => {
        const { feed } = feedWith({ filters: { ...NO_FILTERS, preset: 'custom', from: '2025-02-01', to: '2025-01-01' } });
        const source = fakeSource();
        feed.start(source);
        feed.setFilters({ ...NO_FILTERS, preset: 'custom', from: '2025-01-01', to: '2025-02-01' });
        expect(feed.snapshot).toMatchObject({ status: 'loading', invalidRange: false });
        source.pending[0]?.resolve(page([row('2025-01-15T09:00:00Z')], false));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', invalidRange: false, entries: { length: 1 } });
    });
});

describe('paging', () => {
    it('numbers each page it adds, and is ready again after each', async () => {
        const { feed, source, rows } = await showingFirstPage();
        expect(feed.snapshot).toMatchObject({ status: 'ready', loadingMore: false, moreAvailable: true, lastPage: { added: 2, firstIndex: 0, more: false, sequence: 1 } });
        feed.loadMore();
        expect(feed.snapshot).toMatchObject({ loadingMore: true, moreAvailable: true });
        expect(source.pending[1]?.query).toStrictEqual({ pageSize: 2, after: { time: rows[1]?.activityTime, id: rows[1]?.id } });
        source.pending[1]?.resolve(page([row('2025-06-15T07:00:00Z')], true));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', loadingMore: false, moreAvailable: true, lastPage: { added: 1, firstIndex: 2, more: true, sequence: 2 } });
    });

    it('asks for nothing more after a last page', async () => {
        const { feed, source } = await showingFirstPage();
        feed.loadMore();
        source.pending[1]?.resolve(page([row('2025-06-15T07:00:00Z')], false));
        await flush();
        expect(feed.snapshot.moreAvailable).toBe(false);
        feed.loadMore();
        feed.retry();
        expect(source.pending).toHaveLength(2);
    });

    it('offers more only when the page says so and carries where to continue', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        const [a, b] = [row('2025-06-15T09:00:00Z'), row('2025-06-15T08:00:00Z')];
        // More available but no place to continue from: nothing to load.
        source.pending[0]?.resolve({ customerId: 'c' as never, rows: [a], moreAvailable: true });
        await flush();
        expect(feed.snapshot.moreAvailable).toBe(false);
        feed.setFilters({ ...NO_FILTERS, search: 'x' });
        // A place to continue from but no more available: nothing to load either.
        source.pending[1]?.resolve({ customerId: 'c' as never, rows: [b], moreAvailable: false, next: { time: b.activityTime, id: b.id } });
        await flush();
        expect(feed.snapshot.moreAvailable).toBe(false);
    });

    it('a Try again with nothing failed sends nothing', async () => {
        const { feed, source } = await showingFirstPage();
        feed.retry();
        expect(source.pending).toHaveLength(1);
        expect(feed.snapshot.loadingMore).toBe(false);
    });

    it('lists each type seen once, with the display name it was first seen with, and no type for rows without one', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        const untyped: UnifiedActivityRow = { ...row('2025-06-15T07:00:00Z'), activityType: undefined, activityTypeDisplay: undefined };
        source.pending[0]?.resolve(page([row('2025-06-15T09:00:00Z', { activityTypeDisplay: 'E-mail' }), row('2025-06-15T08:00:00Z', { activityTypeDisplay: 'Email message' }), untyped], false));
        await flush();
        expect(feed.snapshot.seenTypes).toStrictEqual(new Map([['Email', 'E-mail']]));
        expect(feed.snapshot.entries).toHaveLength(3);
    });

    it('names the owning business unit and freshness of what is shown when every entry shares them', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        const unit = { id: normaliseGuid('10000000-0000-4000-8000-000000000001') as NormalisedGuid, name: 'Retail' };
        source.pending[0]?.resolve(
            page(
                [
                    row('2025-06-15T09:00:00Z', { owningBusinessUnit: unit, modifiedOn: new Date('2025-06-14T00:00:00Z') }),
                    row('2025-06-15T08:00:00Z', { owningBusinessUnit: unit, modifiedOn: new Date('2025-06-15T00:00:00Z') }),
                ],
                false,
            ),
        );
        await flush();
        expect(feed.snapshot.origin).toStrictEqual({ owningBusinessUnit: unit, modifiedOn: new Date('2025-06-15T00:00:00Z') });
    });

    it('names no origin when the entries carry none (no empty keys)', async () => {
        const { feed } = await showingFirstPage();
        expect(Object.keys(feed.snapshot.origin)).toStrictEqual([]);
    });
});

describe('answers of a list the user has left', () => {
    it('are dropped, also when a later page of the new list has the same number of reads behind it', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        feed.setFilters({ ...NO_FILTERS, types: ['Loyalty'] });
        const loyalty = [row('2025-06-15T09:00:00Z', { activityType: 'Loyalty' }), row('2025-06-15T08:00:00Z', { activityType: 'Loyalty' })];
        source.pending[1]?.resolve(page(loyalty, true));
        await flush();
        feed.loadMore();
        // The answer of the unfiltered list arrives now: it is not shown, and Load more is still under way.
        source.pending[0]?.resolve(page([row('2025-06-15T09:30:00Z')], true));
        await flush();
        expect(feed.snapshot.entries).toStrictEqual(loyalty);
        expect(feed.snapshot.loadingMore).toBe(true);
        source.pending[2]?.resolve(page([row('2025-06-15T07:00:00Z', { activityType: 'Loyalty' })], false));
        await flush();
        expect(feed.snapshot.entries.map((e) => e.activityType)).toStrictEqual(['Loyalty', 'Loyalty', 'Loyalty']);
    });

    it('are dropped when they fail, too', async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        feed.setFilters({ ...NO_FILTERS, search: 'x' });
        source.pending[1]?.resolve(page([row('2025-06-15T09:00:00Z')], false));
        await flush();
        source.pending[0]?.reject(busy(3));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', entries: { length: 1 } });
        expect(feed.snapshot.failure).toBeUndefined();
        expect(timers.scheduled).toHaveLength(0);
    });
});

describe('failures', () => {
    it('of the first page: failed, nothing to load, no automatic re-read unless busy', async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(network);
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: network, moreAvailable: false, loadingMore: false, invalidRange: false });
        expect(Object.keys(feed.snapshot)).not.toContain('retryingAt');
        expect(timers.scheduled).toHaveLength(0);
        feed.retry();
        expect(source.pending).toHaveLength(2);
    });

    it('says when a busy read is tried again: the platform\'s wait from now', async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy(3));
        await flush();
        expect(timers.live()).toStrictEqual([3000]);
        expect(feed.snapshot.retryingAt).toStrictEqual(new Date(NOW.getTime() + 3000));
    });

    it('of Load more: the entries stay, and a busy one says when it is tried again', async () => {
        const { feed, source, timers } = await showingFirstPage();
        feed.loadMore();
        source.pending[1]?.reject(busy(5));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', entries: { length: 2 }, loadingMore: false, moreAvailable: true, moreFailure: { kind: 'busy' } });
        expect(feed.snapshot.retryingAt).toStrictEqual(new Date(NOW.getTime() + 5000));
        timers.run();
        expect(source.pending[2]?.query.after).toBeDefined();
        source.pending[2]?.reject(network);
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', entries: { length: 2 }, moreFailure: network });
        expect(Object.keys(feed.snapshot)).not.toContain('retryingAt');
    });

    it('a Try again replaces the scheduled re-read: a later non-busy failure is not read again by itself', async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy(3));
        await flush();
        feed.retry();
        expect(source.pending).toHaveLength(2);
        source.pending[1]?.reject(network);
        await flush();
        timers.run();
        expect(source.pending).toHaveLength(2);
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: network });
    });

    it('a busy re-read gives no time when the clock cannot tell it, and still reads again', async () => {
        const timers = fakeTimers(() => new Date(Number.NaN));
        const { feed } = feedWith({ timers });
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy(3));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(feed.snapshot.retryingAt).toBeUndefined();
        timers.run();
        expect(source.pending).toHaveLength(2);
    });
});

describe('busy re-reads stay within their bounds', () => {
    async function busyWaits(settings: Partial<FeedSettings>, failures: InsightsFailure[]) {
        const { feed, timers } = feedWith(settings);
        const source = fakeSource();
        feed.start(source);
        const waits: number[][] = [];
        for (const [index, failure] of failures.entries()) {
            source.pending[index]?.reject(failure);
            await flush();
            waits.push(timers.live());
            timers.run();
        }
        return { feed, waits, reads: source.pending.length };
    }

    it('without a Retry-After: the configured first wait, doubled each time, with the jitter given', async () => {
        const { waits } = await busyWaits({ busyRetryMs: 1000, random: () => 0.5 }, [busy(), busy(), busy()]);
        expect(waits).toStrictEqual([[750], [1500], [3000]]);
    });

    it('without a configured first wait: the default', async () => {
        const { waits } = await busyWaits({ random: () => 0.5 }, [busy()]);
        expect(waits).toStrictEqual([[BUSY_RETRY_MS * 0.75]]);
    });

    it('jitter stays between half and all of the wait, whatever the random source gives', async () => {
        const cases: Array<[number, number]> = [
            [0, 500],
            [0.9, 950],
            [2, 1000],
            [-1, 500],
            [Number.NaN, 750],
        ];
        for (const [chance, expected] of cases) {
            const { waits } = await busyWaits({ busyRetryMs: 1000, random: () => chance }, [busy()]);
            expect(waits).toStrictEqual([[expected]]);
        }
    });

    it('without a random source: a wait within the jitter', async () => {
        const { waits } = await busyWaits({ busyRetryMs: 1000, random: undefined }, [busy()]);
        expect(waits[0]?.[0]).toBeGreaterThanOrEqual(500);
        expect(waits[0]?.[0]).toBeLessThanOrEqual(1000);
    });

    it('a wait up to the service-protection window is honoured, a longer one left to Try again', async () => {
        expect((await busyWaits({}, [busy(MAX_BUSY_WAIT_MS / 1000)])).waits).toStrictEqual([[MAX_BUSY_WAIT_MS]]);
        const { feed, waits, reads } = await busyWaits({}, [busy(MAX_BUSY_WAIT_MS / 1000 + 1)]);
        expect(waits).toStrictEqual([[]]);
        expect(reads).toBe(1);
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(feed.snapshot.retryingAt).toBeUndefined();
    });

    it('the waits add up: no automatic re-read once they would pass the window together', async () => {
        const { waits, reads } = await busyWaits({}, [busy(200), busy(200)]);
        expect(waits).toStrictEqual([[200_000], []]);
        expect(reads).toBe(2);
    });
});

describe('after dispose', () => {
    it('Load more and Try again send nothing', async () => {
        const { feed, source, changes } = await showingFirstPage();
        const before = changes();
        feed.dispose();
        feed.loadMore();
        feed.retry();
        expect(source.pending).toHaveLength(1);
        expect(changes()).toBe(before);
    });

    it('a failed list is not read again by Try again', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(network);
        await flush();
        feed.dispose();
        feed.retry();
        expect(source.pending).toHaveLength(1);
    });
});

describe('with the system clock and timers (no timers given)', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    it('reads presets from the current time, and a busy read again after the wait, on real timers', async () => {
        jest.useFakeTimers({ now: new Date('2025-03-10T12:00:00Z') });
        const { feed } = feedWith({ timers: undefined, now: undefined, filters: { ...NO_FILTERS, preset: 'last7Days' } });
        const source = fakeSource();
        feed.start(source);
        expect(source.pending[0]?.query).toStrictEqual({ pageSize: 2, since: new Date('2025-03-04T00:00:00Z') });
        source.pending[0]?.reject(busy(3));
        await Promise.resolve();
        await Promise.resolve();
        expect(feed.snapshot.retryingAt).toStrictEqual(new Date('2025-03-10T12:00:03Z'));
        jest.advanceTimersByTime(2999);
        expect(source.pending).toHaveLength(1);
        jest.advanceTimersByTime(1);
        expect(source.pending).toHaveLength(2);
    });

    it('a Try again cancels the system timer of the scheduled re-read', async () => {
        jest.useFakeTimers({ now: new Date('2025-03-10T12:00:00Z') });
        const { feed } = feedWith({ timers: undefined });
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy(3));
        await Promise.resolve();
        await Promise.resolve();
        feed.retry();
        source.pending[1]?.reject(network);
        await Promise.resolve();
        await Promise.resolve();
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: network });
        jest.advanceTimersByTime(10_000);
        expect(source.pending).toHaveLength(2);
        expect(jest.getTimerCount()).toBe(0);
    });
});

describe('over the emulator, with the reader the control uses', () => {
    const dv = emulator();
    const TABLE = 'msdynci_unifiedactivity';
    let reader: InsightsReader;
    let profile: FoundProfile;

    // A reader per test, as a control has its own: answers are never shared between tests.
    beforeEach(async () => {
        dv.faults.reset();
        reader = readerFor(dv, 'serviceAgent');
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'timelineCustomer') });
        if (resolution.kind !== 'found') throw new Error(`expected a found profile, got ${resolution.kind}`);
        profile = resolution;
        dv.log.clear();
    });

    function emulatedFeed() {
        const feed = new TimelineFeed({ filters: NO_FILTERS, classify: (error) => classifyFailure(error), onChange: () => undefined, clock: () => utc, timers: fakeTimers() });
        const source: FeedSource = { read: (query) => reader.readUnifiedActivities(profile, query), pageSize: 25, types: parseActivityTypes('') };
        return { feed, source };
    }

    /** Lets the reads under way settle (bounded). */
    async function settled(feed: TimelineFeed): Promise<void> {
        for (let i = 0; i < 100 && (feed.snapshot.status === 'loading' || feed.snapshot.loadingMore); i++) await flush();
    }

    const activityRequests = () => dv.log.entries.filter((entry) => entry.table === TABLE).length;

    it('pages through the customer\'s activities newest first, one request per page, none repeated or skipped', async () => {
        const { feed, source } = emulatedFeed();
        feed.start(source);
        await settled(feed);
        feed.loadMore();
        await settled(feed);
        feed.loadMore();
        await settled(feed);
        expect(feed.snapshot.entries.map((entry) => entry.id)).toStrictEqual(storedActivities(dv, profile.customerId).slice(0, 75).map(idOf));
        expect(feed.snapshot).toMatchObject({ status: 'ready', moreAvailable: true, lastPage: { added: 25, firstIndex: 50, more: true } });
        expect(activityRequests()).toBe(3);
    });

    it('a filter change while Load more is under way shows only the new list', async () => {
        const { feed, source } = emulatedFeed();
        feed.start(source);
        await settled(feed);
        const type = String(storedActivities(dv, profile.customerId)[0]?.msdynci_activitytype);
        feed.loadMore();
        feed.setFilters({ ...NO_FILTERS, types: [type] });
        await settled(feed);
        expect(feed.snapshot.entries.map((entry) => entry.id)).toStrictEqual(storedActivities(dv, profile.customerId, { activityTypes: [type] }).slice(0, 25).map(idOf));
        expect(feed.snapshot).toMatchObject({ status: 'ready', filtered: true, lastPage: { firstIndex: 0, more: false } });
    });

    it('a failed Load more keeps the entries, and Try again continues after the last one shown', async () => {
        const { feed, source } = emulatedFeed();
        feed.start(source);
        await settled(feed);
        dv.faults.failNext(1, 'server');
        feed.loadMore();
        await settled(feed);
        expect(feed.snapshot).toMatchObject({ status: 'ready', entries: { length: 25 }, moreFailure: { kind: 'unexpected' } });
        feed.retry();
        await settled(feed);
        expect(feed.snapshot.moreFailure).toBeUndefined();
        expect(feed.snapshot.entries.map((entry) => entry.id)).toStrictEqual(storedActivities(dv, profile.customerId).slice(0, 50).map(idOf));
    });
});
