/**
 * The unified-activity reader against the emulator: keyset paging (newest first, ties on equal timestamps
 * neither repeated nor skipped, one request per page), filters that run on the server (types, dates, title
 * search with wildcards taken literally), business-unit scope, and defensive mapping of what comes back.
 * Expected rows are computed from the tenant's stored rows, not through the emulator's query evaluation.
 */
import fc from 'fast-check';
import { DataverseEmulator, DEFAULT_PLATFORM, PERSONAS, TIMELINE_ACTIVITY_COUNT, type StoredRow } from '../dataverse';
import type { ActivityFilter, FoundProfile, InsightsReader, UnifiedActivitiesRead } from '../../components/shared';
import { idOf, storedActivities, timeOf } from './activityFacts';
import { contactId, readerFor } from './support';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const TABLE = 'msdynci_unifiedactivity';

async function found(reader: InsightsReader, key: Parameters<typeof contactId>[1]): Promise<FoundProfile> {
    const resolution = await reader.resolveProfile({ recordId: contactId(dv, key) });
    if (resolution.kind !== 'found') throw new Error(`expected a found profile for ${key}, got ${resolution.kind}`);
    return resolution;
}

/** The customer's rows in timeline order (time desc, id desc), from the tenant's facts. */
const expectedRows = (customerId: string, filter: ActivityFilter = {}): StoredRow[] => storedActivities(dv, customerId, filter);

/** Pages through the reader like "Load more" does; returns the ids in order and the requests sent. */
async function readAll(reader: InsightsReader, profile: FoundProfile, pageSize: number, filter: ActivityFilter = {}, maxPages = 500, tenant = dv): Promise<{ ids: string[]; pages: UnifiedActivitiesRead[]; requests: number }> {
    const before = tenant.log.entries.length;
    const pages: UnifiedActivitiesRead[] = [];
    let page = await reader.readUnifiedActivities(profile, { ...filter, pageSize });
    pages.push(page);
    while (page.next !== undefined && pages.length < maxPages) {
        page = await reader.readUnifiedActivities(profile, { ...filter, pageSize, after: page.next });
        pages.push(page);
    }
    return { ids: pages.flatMap((p) => p.rows.map((r) => r.id)), pages, requests: tenant.log.entries.length - before };
}

let timeline: FoundProfile;
let agent: InsightsReader;

beforeAll(async () => {
    agent = readerFor(dv, 'serviceAgent');
    timeline = await found(agent, 'timelineCustomer');
});

beforeEach(() => {
    dv.faults.reset();
    dv.log.clear();
});

describe('the first page', () => {
    it('is the newest entries of this customer, in one request with $select, $orderby and $top = page size + 1', async () => {
        const page = await agent.readUnifiedActivities(timeline, { pageSize: 25 });
        const expected = expectedRows(timeline.customerId);
        expect(page.rows.map((r) => r.id)).toStrictEqual(expected.slice(0, 25).map(idOf));
        expect(page.moreAvailable).toBe(true);
        const last = page.rows[24];
        // The ids shown at the last entry's time travel with the cursor (for a tenant that refuses comparing ids).
        const shownAtTime = page.rows.filter((r) => r.activityTime.getTime() === last?.activityTime.getTime()).map((r) => r.id);
        expect(shownAtTime.length).toBeGreaterThan(1);
        expect(page.next).toStrictEqual({ time: last?.activityTime, id: last?.id, shownAtTime });
        expect(dv.log.entries).toHaveLength(1);
        const query = decodeURIComponent(dv.log.entries[0]?.query ?? '');
        expect(query).toMatch(/^\?\$select=msdynci_unifiedactivityid,msdynci_customerid,/);
        expect(query).toContain('$orderby=msdynci_activitytime desc,msdynci_unifiedactivityid desc&$top=26');
        expect(query).not.toMatch(/\$skip|\$count|\$batch/);
        expect(page.rows[0]).toMatchObject({ activityType: expect.any(String) as string, title: expect.any(String) as string, entityName: expect.any(String) as string, owningBusinessUnit: { name: 'United States' } });
        expect(page.owningBusinessUnit?.name).toBe('United States');
    });

    it('says there is nothing more when the customer has fewer entries than a page', async () => {
        const reader = readerFor(dv, 'administrator');
        const profile = await found(reader, 'serviceAgentCustomer');
        const page = await reader.readUnifiedActivities(profile, { pageSize: 10 });
        expect(page.rows.map((r) => r.id)).toStrictEqual(expectedRows(profile.customerId).map(idOf));
        expect(page.moreAvailable).toBe(false);
        expect(page.next).toBeUndefined();
    });

    it('refuses a page size it cannot read in one request, before sending anything', async () => {
        for (const pageSize of [0, -1, 2.5, 500, Number.NaN]) {
            await expect(agent.readUnifiedActivities(timeline, { pageSize })).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'pageSize' } });
        }
        expect(dv.log.entries).toHaveLength(0);
    });
});

describe('keyset paging', () => {
    it('reads a window of the long history page by page without duplicates or gaps, one request per page', async () => {
        const all = expectedRows(timeline.customerId);
        const filter = { since: new Date(timeOf(all[180] ?? all[0])), before: new Date(timeOf(all[20] ?? all[0]) + 1) };
        const expected = expectedRows(timeline.customerId, filter).map(idOf);
        expect(expected.length).toBeGreaterThan(150);
        const { ids, pages, requests } = await readAll(agent, timeline, 10, filter);
        expect(ids).toStrictEqual(expected);
        expect(requests).toBe(pages.length);
        expect(pages.length).toBe(Math.ceil(expected.length / 10));
        expect(pages.at(-1)?.moreAvailable).toBe(false);
    });

    it('crosses page boundaries that fall inside a run of equal timestamps (10, 25 and 50 per page)', async () => {
        const all = expectedRows(timeline.customerId);
        for (const size of [10, 25, 50]) {
            // The sample puts ties right across these boundaries.
            expect(timeOf(all[size - 1])).toBe(timeOf(all[size]));
            const first = await agent.readUnifiedActivities(timeline, { pageSize: size });
            const second = await agent.readUnifiedActivities(timeline, { pageSize: size, after: first.next });
            expect([...first.rows, ...second.rows].map((r) => r.id)).toStrictEqual(all.slice(0, 2 * size).map(idOf));
        }
    });

    it('never repeats or skips an entry, whatever the page size, window, types and search (property)', async () => {
        const all = expectedRows(timeline.customerId);
        const types = [...new Set(all.map((row) => String(row.msdynci_activitytype)))];
        await fc.assert(
            fc.asyncProperty(
                fc.record({
                    pageSize: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 })),
                    start: fc.integer({ min: 0, max: TIMELINE_ACTIVITY_COUNT - 200 }),
                    length: fc.integer({ min: 1, max: 120 }),
                    types: fc.subarray(types, { maxLength: 3 }),
                    search: fc.constantFrom('', '', 'order', 'POINTS', 'case cas-', '%', '_', '[', "o'", 'x'),
                }),
                async ({ pageSize, start, length, types: chosen, search }) => {
                    const since = new Date(timeOf(all[start + length] ?? all[all.length - 1]));
                    const before = new Date(timeOf(all[start]) + 1);
                    const filter: ActivityFilter = { since, before, activityTypes: chosen, titleContains: search };
                    const expected = expectedRows(timeline.customerId, filter).map(idOf);
                    const { ids, pages, requests } = await readAll(agent, timeline, pageSize, filter);
                    expect(ids).toStrictEqual(expected);
                    expect(new Set(ids).size).toBe(ids.length);
                    expect(requests).toBe(pages.length);
                    expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / pageSize)));
                },
            ),
            { numRuns: 40 },
        );
    });
});

describe('a tenant that refuses comparing activity ids (lt on a GUID; unverified, docs/platform-assumptions.md)', () => {
    const refusing = DataverseEmulator.withSyntheticTenant({ seed: 42, platform: { ...DEFAULT_PLATFORM, customerInsightsGuidComparisons: false } });
    let reader: InsightsReader;
    let profile: FoundProfile;
    beforeAll(async () => {
        reader = readerFor(refusing, 'serviceAgent');
        const resolution = await reader.resolveProfile({ recordId: contactId(refusing, 'timelineCustomer') });
        if (resolution.kind !== 'found') throw new Error('expected the timeline customer');
        profile = resolution;
    });

    it('reads every page by time alone after the first refusal: no entry repeated or skipped across equal timestamps, one request per page after that', async () => {
        const all = expectedRows(timeline.customerId).map(idOf);
        for (const size of [10, 25]) {
            const { ids, pages, requests } = await readAll(reader, profile, size, {}, 12, refusing);
            expect(ids).toStrictEqual(all.slice(0, 12 * size));
            // The first "Load more" is refused once and read again by time; the cursor then says so.
            expect(requests).toBe(pages.length + 1);
            expect(pages.slice(1).every((page) => page.next === undefined || page.next.byTime === true)).toBe(true);
            const queries = refusing.log.entries.slice(-pages.length).map((entry) => decodeURIComponent(entry.query));
            expect(queries.slice(1).every((query) => /msdynci_activitytime le /.test(query) && !/msdynci_unifiedactivityid lt /.test(query))).toBe(true);
        }
    });

    it('does the same for a title search (FetchXML), and on a tenant that accepts comparing ids never needs it', async () => {
        const filter: ActivityFilter = { titleContains: 'order' };
        const expected = expectedRows(timeline.customerId, filter).map(idOf);
        const { ids, pages, requests } = await readAll(reader, profile, 5, filter, 500, refusing);
        expect(ids).toStrictEqual(expected);
        expect(requests).toBe(pages.length + (pages.length > 1 ? 1 : 0));
        const accepting = await readAll(agent, timeline, 5, filter);
        expect(accepting.ids).toStrictEqual(expected);
        expect(accepting.requests).toBe(accepting.pages.length);
        expect(accepting.pages.every((page) => page.next?.byTime === undefined)).toBe(true);
    });

    it('without the ids shown at the cursor\'s time (too many, or an older cursor), shows the refusal instead of guessing', async () => {
        const first = await reader.readUnifiedActivities(profile, { pageSize: 10 });
        const next = first.next;
        if (next === undefined) throw new Error('expected more');
        const before = refusing.log.entries.length;
        await expect(reader.readUnifiedActivities(profile, { pageSize: 10, after: { time: next.time, id: next.id } })).rejects.toMatchObject({ failure: { kind: expect.stringMatching(/^(configuration|unexpected)$/) as unknown } });
        await expect(reader.readUnifiedActivities(profile, { pageSize: 490, after: { ...next, shownAtTime: Array.from({ length: 10 }, () => next.id) } })).rejects.toMatchObject({ failure: { kind: expect.stringMatching(/^(configuration|unexpected)$/) as unknown } });
        expect(refusing.log.entries.length - before).toBe(2);
    });

    it('a transient server error on Load more is not a refusal: it shows, and nothing is read again by time', async () => {
        const first = await reader.readUnifiedActivities(profile, { pageSize: 10 });
        refusing.faults.failNext(1, 'server');
        const before = refusing.log.entries.length;
        await expect(reader.readUnifiedActivities(profile, { pageSize: 10, after: first.next })).rejects.toMatchObject({ failure: { kind: 'unexpected' } });
        expect(refusing.log.entries.length - before).toBe(1);
        refusing.faults.reset();
    });
});

describe('filters run on the server', () => {
    it('types (In), dates and title search each send one request and return only matching entries', async () => {
        const all = expectedRows(timeline.customerId);
        const since = new Date(timeOf(all[400]));
        const cases: ActivityFilter[] = [
            { activityTypes: ['SalesOrder', 'Loyalty'] },
            { since },
            { since, before: new Date(timeOf(all[100])) },
            { titleContains: 'redeemed' },
            { titleContains: 'Redeemed', activityTypes: ['Loyalty'], since },
        ];
        for (const filter of cases) {
            dv.log.clear();
            const page = await agent.readUnifiedActivities(timeline, { ...filter, pageSize: 25 });
            expect(page.rows.map((r) => r.id)).toStrictEqual(expectedRows(timeline.customerId, filter).slice(0, 25).map(idOf));
            expect(page.rows.length).toBeGreaterThan(0);
            expect(dv.log.entries).toHaveLength(1);
        }
    });

    it('searches with FetchXML like, taking %, _ and [ in the text literally', async () => {
        const page = await agent.readUnifiedActivities(timeline, { titleContains: '50% off _weekend_ [promo]', pageSize: 50 });
        expect(page.rows.length).toBeGreaterThan(0);
        expect(page.rows.every((r) => r.title?.includes('50% off _weekend_ [promo]'))).toBe(true);
        expect(dv.log.entries[0]?.query).toMatch(/^\?fetchXml=/);
        expect(decodeURIComponent(dv.log.entries[0]?.query ?? '')).toContain('<fetch top="51">');
        dv.log.clear();
        const literal = await agent.readUnifiedActivities(timeline, { titleContains: '5_% off', pageSize: 10 });
        expect(literal.rows).toStrictEqual([]);
    });

    it('keeps the business-unit scope (a view choice) in both query forms', async () => {
        const scoped = readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnit' });
        const profile = await found(scoped, 'timelineCustomer').catch(() => undefined);
        // The sales manager's own BU is North America; the timeline customer is in United States.
        expect(profile).toBeUndefined();
        const children = readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnitAndChildren' });
        const visible = await found(children, 'timelineCustomer');
        dv.log.clear();
        const odata = await children.readUnifiedActivities(visible, { pageSize: 5 });
        const fetch = await children.readUnifiedActivities(visible, { pageSize: 5, titleContains: 'o' });
        expect(odata.rows).toHaveLength(5);
        expect(fetch.rows.length).toBeGreaterThan(0);
        const queries = dv.log.entries.filter((e) => e.table === TABLE).map((e) => decodeURIComponent(e.query));
        expect(queries[0]).toContain('Microsoft.Dynamics.CRM.UnderOrEqual');
        expect(queries[1]).toContain('operator="eq-or-under"');
    });

    it('is refused for a profile this user could not resolve, before any request', async () => {
        const admin = readerFor(dv, 'administrator');
        const other = await found(admin, 'otherRegionCustomer');
        dv.log.clear();
        await expect(agent.readUnifiedActivities({ ...other })).rejects.toMatchObject({ failure: { code: 'ProfileNotResolved' } });
        expect(dv.log.entries).toHaveLength(0);
    });
});

describe('what comes back is mapped defensively', () => {
    it('drops rows of another customer and rows without a time or id, and still pages on', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const strangers = (await admin.retrieveMultipleRecords(TABLE, "?$select=msdynci_unifiedactivityid,msdynci_customerid,msdynci_title,msdynci_activitytime&$top=2")).entities;
        const tampering = {
            retrieveMultipleRecords: async (table: string, options?: string, maxPageSize?: number) => {
                const page = await dv.webApi(PERSONAS.serviceAgent.userId).retrieveMultipleRecords(table, options, maxPageSize);
                if (table !== TABLE) return page;
                const [first, ...rest] = page.entities;
                return {
                    ...page,
                    entities: [{ ...first, msdynci_activitytime: null }, { ...rest[0], msdynci_unifiedactivityid: 'not a guid' }, ...strangers, ...rest.slice(1)],
                };
            },
        };
        const reader = readerFor(dv, 'serviceAgent', {}, tampering);
        const profile = await found(reader, 'timelineCustomer');
        const page = await reader.readUnifiedActivities(profile, { pageSize: 10 });
        const expected = expectedRows(timeline.customerId).slice(2, 11).map(idOf);
        expect(page.rows.map((r) => r.id)).toStrictEqual(expected.slice(0, page.rows.length));
        expect(page.rows.every((r) => r.activityTime instanceof Date)).toBe(true);
        expect(page.moreAvailable).toBe(true);
        expect(page.next?.id).toBe(page.rows.at(-1)?.id);
    });

    it('parses semantic data into key/values and reports corrupt or nested data instead of failing', async () => {
        const { pages } = await readAll(agent, timeline, 200, {}, 3);
        const rows = pages.flatMap((p) => p.rows);
        expect(rows.some((r) => r.semanticData.status === 'complete')).toBe(true);
        expect(rows.some((r) => r.semanticData.status === 'partial')).toBe(true);
        const keys = new Set(rows.flatMap((r) => [...r.semanticData.value.keys()]));
        expect(keys).toContain('TotalAmount');
        expect(keys).not.toContain('Nested');
    });
});
