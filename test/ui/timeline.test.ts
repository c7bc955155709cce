/**
 * The timeline's framework-free parts: the maker's type list and the chips, the filters and their control
 * state, the feed controller (stale answers dropped, busy retried once the wait passed, nothing after
 * dispose), and the entry view model (headings, times, details, links).
 */
import type { InsightsFailure, UnifiedActivityRow } from '../../components/shared';
import { parseKeyValues } from '../../components/shared/parsers';
import { MAX_AUTOMATIC_BUSY_RETRIES } from '../../components/shared/limits';
import { parseActivityTypes, serverTypes, typeAppearance, typeChips } from '../../components/CustomerInsightsTimeline/activityTypes';
import { MAX_TIMELINE_ENTRIES, TimelineFeed } from '../../components/CustomerInsightsTimeline/timelineFeed';
import { activityFilter, filtersFromState, filtersToState, isFiltered, NO_FILTERS } from '../../components/CustomerInsightsTimeline/timelineFilters';
import { readTimelineSettings } from '../../components/CustomerInsightsTimeline/timelineSettings';
import { entryViews, type TimelineViewContext } from '../../components/CustomerInsightsTimeline/timelineView';
import { activityRow, fakeSource, fakeTimers as timersAt, page } from './timelineFakes';

const utc = { offsetMinutes: () => 0 };

describe("the maker's activity types", () => {
    it('reads type = label | icon lines, a * line, and reports what it cannot read', () => {
        const list = parseActivityTypes('SalesOrder = Orders | order\n# a comment\nLoyalty | loyalty\nFeedback = Reviews\nEmail = Mails | unicorn\n = no type\n*\nsalesorder = Again');
        expect(list.specs).toStrictEqual([
            { type: 'SalesOrder', label: 'Orders', icon: 'order' },
            { type: 'Loyalty', icon: 'loyalty' },
            { type: 'Feedback', label: 'Reviews' },
            { type: 'Email', label: 'Mails' },
        ]);
        expect(list.includeOthers).toBe(true);
        expect(list.rejectedLines).toStrictEqual([5, 6]);
        expect(parseActivityTypes('')).toStrictEqual({ specs: [], includeOthers: true, rejectedLines: [] });
        expect(parseActivityTypes('SalesOrder').includeOthers).toBe(false);
    });

    it('labels and icons: the maker\'s, else the stored display name and a default icon', () => {
        const list = parseActivityTypes('SalesOrder = Orders');
        expect(typeAppearance(list, 'salesorder', 'Sales order')).toStrictEqual({ label: 'Orders', icon: 'order' });
        expect(typeAppearance(list, 'PhoneCall', 'Phone call')).toStrictEqual({ label: 'Phone call', icon: 'phone' });
        expect(typeAppearance(list, 'MyCustomThing', undefined)).toStrictEqual({ label: 'My Custom Thing', icon: 'activity' });
    });

    it('chips: listed types first, then the types seen (by label) when others are shown, then what is selected', () => {
        const seen = new Map<string, string | undefined>([['WebVisit', 'Website visit'], ['Email', 'Email'], ['SalesOrder', 'Sales order']]);
        const listed = parseActivityTypes('SalesOrder = Orders\n*');
        expect(typeChips(listed, seen, ['Gone'], 'en-US').map((c) => c.label)).toStrictEqual(['Orders', 'Email', 'Website visit', 'Gone']);
        const only = parseActivityTypes('SalesOrder = Orders\nLoyalty');
        expect(typeChips(only, seen, [], 'en-US').map((c) => c.type)).toStrictEqual(['SalesOrder', 'Loyalty']);
    });

    it('server types: the selection, limited to the list when only listed types are shown', () => {
        expect(serverTypes(parseActivityTypes(''), [])).toStrictEqual([]);
        expect(serverTypes(parseActivityTypes(''), ['Email'])).toStrictEqual(['Email']);
        expect(serverTypes(parseActivityTypes('SalesOrder\nLoyalty'), [])).toStrictEqual(['SalesOrder', 'Loyalty']);
        expect(serverTypes(parseActivityTypes('SalesOrder\nLoyalty'), ['loyalty', 'Email'])).toStrictEqual(['loyalty']);
        expect(serverTypes(parseActivityTypes('SalesOrder\nLoyalty'), ['Email'])).toStrictEqual(['SalesOrder', 'Loyalty']);
    });
});

describe('filters', () => {
    it('are "filtered" only when they narrow the list', () => {
        expect(isFiltered(NO_FILTERS)).toBe(false);
        expect(isFiltered({ ...NO_FILTERS, preset: 'custom' })).toBe(false);
        expect(isFiltered({ ...NO_FILTERS, preset: 'custom', from: '2026-01-01' })).toBe(true);
        expect(isFiltered({ ...NO_FILTERS, search: '  ' })).toBe(false);
        expect(isFiltered({ ...NO_FILTERS, types: ['Email'] })).toBe(true);
    });

    it('become the server filter', () => {
        const types = parseActivityTypes('');
        expect(activityFilter({ ...NO_FILTERS, types: ['Email'], search: ' refund ', preset: 'last7Days' }, types, new Date('2026-11-30T10:00:00Z'), utc)).toStrictEqual({
            activityTypes: ['Email'],
            since: new Date('2026-11-24T00:00:00Z'),
            titleContains: 'refund',
        });
        expect(activityFilter({ ...NO_FILTERS, preset: 'custom', from: '2026-02-01', to: '2026-01-01' }, types, new Date(), utc)).toBe('invalid');
    });

    it('survive in the control state, and anything else found there is dropped', () => {
        const filters = { types: ['Email'], preset: 'custom' as const, from: '2026-01-01', to: '2026-01-31', search: 'x' };
        expect(filtersFromState(filtersToState(filters))).toStrictEqual(filters);
        expect(filtersFromState(undefined)).toStrictEqual(NO_FILTERS);
        expect(filtersFromState({ cibuTimelineFilters: '{not json' })).toStrictEqual(NO_FILTERS);
        expect(filtersFromState({ cibuTimelineFilters: JSON.stringify({ types: [1, 'Email', ''], preset: 'forever', search: 'y'.repeat(500), from: '<script>' }) })).toStrictEqual({
            types: ['Email'],
            preset: 'any',
            from: '<script>'.slice(0, 10),
            to: '',
            search: 'y'.repeat(200),
        });
    });

    it('settings fall back to their defaults', () => {
        const raw = (value: string | null) => ({ raw: value }) as never;
        expect(readTimelineSettings({}).pageSize).toBe(25);
        expect(readTimelineSettings({ pageSize: raw('50'), grouping: raw('month') })).toMatchObject({ pageSize: 50, grouping: 'month' });
        expect(readTimelineSettings({ pageSize: raw('7'), grouping: raw('year') })).toMatchObject({ pageSize: 25, grouping: 'day' });
    });
});

// ---- the feed controller ----------------------------------------------------------------------------

function row(time: string, type = 'Email', extra: Partial<UnifiedActivityRow> = {}): UnifiedActivityRow {
    return activityRow(time, { activityType: type, activityTypeDisplay: type, ...extra });
}

const fakeTimers = () => timersAt(() => new Date('2026-11-30T10:00:00Z'));

const busy: InsightsFailure = { kind: 'busy', message: 'busy', retryAfterSeconds: 3 };

function feedWith(timers = fakeTimers()) {
    const changes: number[] = [];
    const saved: unknown[] = [];
    const feed = new TimelineFeed({
        filters: NO_FILTERS,
        classify: (error) => (error as InsightsFailure),
        onChange: () => changes.push(1),
        onFiltersChange: (filters) => saved.push(filters),
        clock: () => utc,
        now: () => new Date('2026-11-30T10:00:00Z'),
        timers,
    });
    return { feed, changes, saved, timers };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the feed', () => {
    it('reads the first page, then the next after the last entry shown, one request each', async () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.start(source);
        expect(feed.snapshot.status).toBe('loading');
        expect(source.pending[0]?.query).toStrictEqual({ pageSize: 2 });
        const first = [row('2026-11-30T09:00:00Z'), row('2026-11-30T08:00:00Z')];
        source.pending[0]?.resolve(page(first, true));
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', moreAvailable: true, lastPage: { added: 2, firstIndex: 0, more: false } });
        feed.loadMore();
        feed.loadMore();
        expect(source.pending).toHaveLength(2);
        expect(source.pending[1]?.query).toStrictEqual({ pageSize: 2, after: { time: first[1]?.activityTime, id: first[1]?.id } });
        // A repeated entry (never expected from keyset paging) is not shown twice.
        source.pending[1]?.resolve(page([first[1], row('2026-11-30T07:00:00Z')], false));
        await flush();
        expect(feed.snapshot.entries).toHaveLength(3);
        expect(feed.snapshot).toMatchObject({ moreAvailable: false, lastPage: { added: 1, firstIndex: 2, more: true } });
        expect([...feed.snapshot.seenTypes.keys()]).toStrictEqual(['Email']);
    });

    it('drops the answer of a list the user has already left', async () => {
        const { feed, saved } = feedWith();
        const source = fakeSource();
        feed.start(source);
        feed.setFilters({ ...NO_FILTERS, types: ['Loyalty'] });
        expect(saved).toHaveLength(1);
        expect(source.pending[1]?.query).toStrictEqual({ pageSize: 2, activityTypes: ['Loyalty'] });
        source.pending[1]?.resolve(page([row('2026-11-30T09:00:00Z', 'Loyalty')], false));
        source.pending[0]?.resolve(page([row('2026-11-30T09:30:00Z')], false));
        await flush();
        expect(feed.snapshot.entries.map((e) => e.activityType)).toStrictEqual(['Loyalty']);
        expect(feed.snapshot.filtered).toBe(true);
    });

    it('tries a busy read again once the platform\'s wait has passed, and keeps entries when Load more fails', async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy);
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(timers.scheduled.map((s) => s.ms)).toStrictEqual([3000]);
        timers.run();
        expect(source.pending).toHaveLength(2);
        source.pending[1]?.resolve(page([row('2026-11-30T09:00:00Z'), row('2026-11-30T08:00:00Z')], true));
        await flush();
        feed.loadMore();
        source.pending[2]?.reject({ kind: 'network', message: 'down' } satisfies InsightsFailure);
        await flush();
        expect(feed.snapshot).toMatchObject({ status: 'ready', entries: { length: 2 }, moreFailure: { kind: 'network' }, moreAvailable: true });
        feed.retry();
        expect(source.pending[3]?.query.after).toBeDefined();
    });

    it(`stops reading a busy page again by itself after ${MAX_AUTOMATIC_BUSY_RETRIES} times, then offers Try again`, async () => {
        const { feed, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        for (let attempt = 0; attempt <= MAX_AUTOMATIC_BUSY_RETRIES; attempt++) {
            source.pending[attempt]?.reject(busy);
            await flush();
            timers.run();
        }
        expect(source.pending).toHaveLength(MAX_AUTOMATIC_BUSY_RETRIES + 1);
        expect(feed.snapshot).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(feed.snapshot.retryingAt).toBeUndefined();
        // The user's Try again starts a new budget.
        feed.retry();
        expect(source.pending).toHaveLength(MAX_AUTOMATIC_BUSY_RETRIES + 2);
        source.pending.at(-1)?.reject(busy);
        await flush();
        expect(feed.snapshot.retryingAt).toBeDefined();
    });

    it('sends nothing, schedules nothing and changes nothing after dispose', async () => {
        const { feed, changes, timers } = feedWith();
        const source = fakeSource();
        feed.start(source);
        source.pending[0]?.reject(busy);
        await flush();
        const before = changes.length;
        feed.dispose();
        timers.run();
        feed.loadMore();
        feed.setFilters({ ...NO_FILTERS, search: 'x' });
        feed.start(source);
        await flush();
        expect(source.pending).toHaveLength(1);
        expect(changes).toHaveLength(before);
    });

    it('sends nothing for an invalid custom range', () => {
        const { feed } = feedWith();
        const source = fakeSource();
        feed.setFilters({ ...NO_FILTERS, preset: 'custom', from: '2026-02-01', to: '2026-01-01' });
        feed.start(source);
        expect(source.pending).toHaveLength(0);
        expect(feed.snapshot).toMatchObject({ status: 'ready', invalidRange: true });
    });

    it(`stops at ${MAX_TIMELINE_ENTRIES} entries and asks to narrow the filters instead`, async () => {
        const { feed } = feedWith();
        const source = { ...fakeSource(), pageSize: 499 };
        feed.start(source);
        for (let n = 0; n < 3; n++) {
            const rows = Array.from({ length: 499 }, (_, i) => row(new Date(Date.UTC(2026, 0, 1) - (n * 499 + i) * 60_000).toISOString()));
            source.pending[n]?.resolve(page(rows, true));
            await flush();
            feed.loadMore();
        }
        expect(feed.snapshot.entries).toHaveLength(MAX_TIMELINE_ENTRIES);
        expect(feed.snapshot).toMatchObject({ atLimit: true, moreAvailable: false });
        expect(source.pending).toHaveLength(3);
    });
});

describe('entry view model', () => {
    const strings = (key: string): string =>
        ({ Timeline_Today: 'Today, {0}', Timeline_Yesterday: 'Yesterday, {0}', Timeline_Detail_Total: 'Total', Timeline_Rating: '{0} of {1}', Value_Yes: 'Yes', Timeline_UnknownType: 'Activity' })[key] ?? key;
    const context: TimelineViewContext = {
        grouping: 'day',
        clock: { locale: 'en-US', offsetMinutes: () => -300, hourCycle: 'h12' },
        now: new Date('2026-11-30T15:00:00Z'),
        types: parseActivityTypes(''),
        detailKeys: [],
        strings,
        formatNumber: (value, style) => new Intl.NumberFormat('en-US', style === 'integer' ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value),
    };

    it('opens a group per local day, with today and yesterday named, and formats the local time', () => {
        const views = entryViews(
            [
                row('2026-11-30T14:00:00Z', 'SalesOrder', { semanticData: parseKeyValues('{"TotalAmount":12.5,"Currency":"USD"}'), externalUrl: 'javascript:alert(1)' }),
                row('2026-11-30T06:00:00Z', 'Feedback', { semanticData: parseKeyValues('{"Rating":4}'), externalUrl: 'https://contoso.example/x', entityName: 'survey_responses' }),
                { ...row('2026-11-30T04:00:00Z', '', { semanticData: parseKeyValues('{"Flag":true,"Broken":') }), activityType: undefined, activityTypeDisplay: undefined },
            ],
            context,
        );
        expect(views.map((v) => v.groupHeading)).toStrictEqual(['Today, Monday, November 30, 2026', undefined, 'Yesterday, Sunday, November 29, 2026']);
        expect(views[0]?.timeText).toMatch(/^9:00\sAM$/);
        expect(views[0]?.details).toStrictEqual([{ label: 'Total', text: '$12.50' }]);
        expect(views[0]?.link).toBeUndefined();
        // Whole numbers without decimals (the user's format has two).
        expect(views[1]).toMatchObject({ details: [{ label: 'Timeline_Detail_Rating', text: '4 of 5' }], link: 'https://contoso.example/x', source: 'Survey responses', sourceName: 'survey_responses' });
        expect(views[2]).toMatchObject({ typeLabel: 'Activity', icon: 'activity', details: [{ label: 'Flag', text: 'Yes' }], detailsPartial: true });
    });
});
