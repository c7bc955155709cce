/**
 * The page enricher over the emulator: per persona, which rows of a page get Customer Insights facts (expected
 * from the tenant's ownership facts, not from the emulator's filter), requests per page that do not grow with
 * the page, chunks that keep every URL within 32,768 characters, delta reads on "Load more", shared in-flight
 * reads, the security rules of the form controls, and failures per table.
 */
import { DataverseEmulator, EMULATOR_BASE_URL, MAX_URL_LENGTH, PERSONAS, TABLES, type PersonaKey, type ProfileFacts, type StoredRow } from '../dataverse';
import { createPageEnricher, pageRowKey, type PageEnricher, type PageEnricherOptions, type PageRow, type RowInsights } from '../../components/shared/pageEnricher';
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import type { WebApiReader } from '../../components/shared/requests';
import { canReadProfile } from '../e2e/expectations';
import { instantClock } from './support';

const PROFILES = 600;
const dv = DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: PROFILES });
const tenant = dv.tenant;
const contactRows: readonly StoredRow[] = [...tenant.rows('contact')];

function enricherFor(persona: PersonaKey, options: PageEnricherOptions = {}, webApi?: WebApiReader): PageEnricher {
    return createPageEnricher({
        webApi: webApi ?? dv.webApi(PERSONAS[persona].userId),
        userId: `{${PERSONAS[persona].userId.toUpperCase()}}`,
        isOffline: () => false,
        options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), ...options },
    });
}

/** A row as a view carries it: the record id and the backstamped lookup value. */
function pageRow(row: StoredRow): PageRow {
    return { recordId: String(row.contactid), profileLookupId: (row.msdynci_lookupfield_customerprofile as string | null) ?? null };
}

function factsOfContact(contactId: string): ProfileFacts | undefined {
    const slot = tenant.store('contact')?.slotOfId(contactId);
    return slot === undefined || slot >= tenant.profileCount ? undefined : tenant.profile(slot);
}

/** What a persona must see for a contact, from the tenant's facts (personas.ts; root-owned rows: administrator only). */
function expectedKind(persona: PersonaKey, contactId: string, alternateKeys: boolean): RowInsights['kind'] {
    const facts = factsOfContact(contactId);
    if (facts === undefined || facts.contactLink === 'none') return 'noProfile';
    if (facts.contactLink === 'alternateKey') return alternateKeys && persona === 'administrator' ? 'found' : 'noProfile';
    return canReadProfile(persona, facts) ? 'found' : 'notVisible';
}

function requestsByTable(): Record<string, number> {
    return dv.log.countByTable();
}

beforeEach(() => {
    dv.log.clear();
    dv.faults.reset();
});

describe.each<PersonaKey>(['serviceAgent', 'salesManager', 'administrator', 'ownerTeamMember', 'salesRep'])('for the %s', (persona) => {
    it('gives each row of a page what the persona may see, with the profile facts, segments and measures', async () => {
        const rows = contactRows.slice(0, 120).map(pageRow);
        const result = await enricherFor(persona).enrich(rows);
        const problems: string[] = [];
        for (const row of rows) {
            const insights = result.rows.get(pageRowKey(row));
            const expected = expectedKind(persona, row.recordId, true);
            if (insights?.kind !== expected) {
                problems.push(`${row.recordId}: ${insights?.kind ?? 'missing'}, expected ${expected}`);
                continue;
            }
            if (insights.kind !== 'found') continue;
            const facts = factsOfContact(row.recordId) as ProfileFacts;
            if (insights.profile.customerId !== facts.customerId) problems.push(`${row.recordId}: customer ${insights.profile.customerId}`);
            if (insights.profile.owningBusinessUnit?.id !== facts.businessUnitId) problems.push(`${row.recordId}: business unit`);
            if (insights.profile.owningBusinessUnit?.name !== tenant.businessUnit(facts.businessUnitId)?.name) problems.push(`${row.recordId}: business unit name`);
            if (insights.segments.status !== 'read') problems.push(`${row.recordId}: segments ${insights.segments.status}`);
            else if (!facts.corruptJson && [...insights.segments.value.names].sort().join() !== [...facts.segments].sort().join()) problems.push(`${row.recordId}: segments differ`);
            if (insights.measures.status !== 'read') problems.push(`${row.recordId}: measures ${insights.measures.status}`);
            else if (facts.hasMeasures && !facts.corruptJson && !insights.measures.value.measures.has('TotalSpend')) problems.push(`${row.recordId}: measures missing`);
        }
        expect(problems).toStrictEqual([]);
        expect(result.failures).toStrictEqual([]);
        // Root-owned tables other than the alternate keys (pointers only) are never read for a page.
        expect(Object.keys(requestsByTable()).filter((table) => table === 'msdynci_prediction' || table === 'msdynci_enrichment' || table === 'contact')).toStrictEqual([]);
    });

    it('never hands out a profile, segment or measure the persona may not read', async () => {
        const rows = contactRows.slice(0, 200).map(pageRow);
        const result = await enricherFor(persona).enrich(rows);
        for (const insights of result.rows.values()) {
            if (insights.kind !== 'found') continue;
            const index = tenant.profileIndexOfCustomerId(insights.profile.customerId);
            expect(index).toBeDefined();
            expect(canReadProfile(persona, tenant.profile(index as number))).toBe(true);
        }
    });
});

describe('requests per page', () => {
    it.each([25, 50, 100, 250])('are one per table for %i rows with the backstamped lookup', async (size) => {
        const rows = contactRows.filter((row) => row.msdynci_lookupfield_customerprofile !== null).slice(0, size).map(pageRow);
        expect(rows).toHaveLength(size);
        await enricherFor('administrator').enrich(rows);
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });

    it.each([25, 50, 100, 250])('stay one per table for %i rows of every link kind, alternate keys included', async (size) => {
        await enricherFor('administrator').enrich(contactRows.slice(0, size).map(pageRow));
        expect(requestsByTable()).toStrictEqual({ msdynci_alternatekey: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });

    it('are two when the view links the profile in, and none for switched-off tables', async () => {
        const rows = contactRows.slice(0, 50).map((row): PageRow => {
            const lookup = row.msdynci_lookupfield_customerprofile as string | null;
            const facts = factsOfContact(String(row.contactid));
            return { ...pageRow(row), linkedProfile: lookup === null || facts === undefined ? null : { customerId: facts.customerId } };
        });
        await enricherFor('administrator', { links: { useAlternateKeys: false } }).enrich(rows);
        expect(requestsByTable()).toStrictEqual({ msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        dv.log.clear();
        await enricherFor('administrator', { links: { useAlternateKeys: false }, measures: false }).enrich(rows);
        expect(requestsByTable()).toStrictEqual({ msdynci_segmentmembership: 1 });
    });

    it('are none for a page without links', async () => {
        const result = await enricherFor('serviceAgent', { links: { useAlternateKeys: false } }).enrich([{ recordId: tenant.sampleContacts.noProfile.contactId, profileLookupId: null }]);
        expect([...result.rows.values()]).toStrictEqual([{ kind: 'noProfile' }]);
        expect(dv.log.entries).toStrictEqual([]);
    });
});

describe('chunks', () => {
    const big = DataverseEmulator.withSyntheticTenant({ seed: 8, profileCount: 6000 });
    const bigRows = [...big.tenant.rows('contact')].filter((row) => row.msdynci_lookupfield_customerprofile !== null).map(pageRow);

    it.each([
        [500, 1],
        [700, 2],
        [1000, 2],
        [3000, 6],
    ])('%i rows take %i request(s) per table (500 values or 32,768 URL characters a chunk)', async (size, chunks) => {
        big.log.clear();
        const enricher = createPageEnricher({
            webApi: big.webApi(PERSONAS.administrator.userId),
            userId: PERSONAS.administrator.userId,
            options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), links: { useAlternateKeys: false }, urlPrefixLength: EMULATOR_BASE_URL.length },
        });
        const result = await enricher.enrich(bigRows.slice(0, size));
        expect([...result.rows.values()].filter((row) => row.kind === 'found')).toHaveLength(size);
        const counts = big.log.countByTable();
        expect(counts.msdynci_customerprofile).toBe(chunks);
        // Segments and measures are keyed by the 32-character customer id, shorter than a GUID: never more chunks.
        expect(counts.msdynci_segmentmembership).toBeLessThanOrEqual(chunks);
        expect(counts.msdynci_customermeasure).toBeLessThanOrEqual(chunks);
        for (const entry of big.log.entries) {
            const url = entry.query.startsWith('http') ? entry.query : `${EMULATOR_BASE_URL}${TABLES.get(entry.table)?.entitySetName ?? ''}${entry.query}`;
            expect(url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
            expect(entry.status).toBe(200);
        }
    });

    it('size chunks from the real URL: long key values make smaller chunks, each as full as the limit allows', async () => {
        big.log.clear();
        const enricher = createPageEnricher({
            webApi: big.webApi(PERSONAS.administrator.userId),
            userId: PERSONAS.administrator.userId,
            options: {
                cache: createRequestCache(),
                limiter: createRequestLimiter(6),
                clock: instantClock(),
                links: { useAlternateKeys: false, profileKeyColumn: 'msdynci_ecommerce_customers_customerid' },
                segments: false,
                measures: false,
                urlPrefixLength: EMULATOR_BASE_URL.length,
            },
        });
        // Keys of 300 characters: about 100 fit a request (the builder keeps options within 30,000 characters,
        // which leaves room for the $skiptoken of a nextLink).
        const rows = Array.from({ length: 250 }, (_, index): PageRow => ({ recordId: String(bigRows[index]?.recordId), profileKey: `EC-${String(100000 + index)}-${'x'.repeat(290)}` }));
        await enricher.enrich(rows);
        const lengths = big.log.entries.map((entry) => entry.query.length);
        expect(lengths.length).toBe(3);
        for (const length of lengths) expect(length).toBeLessThanOrEqual(30_000);
        // Every chunk but the last is full: one more key (about 300 encoded characters) would not have fit.
        for (const length of lengths.slice(0, -1)) expect(length).toBeGreaterThan(30_000 - 320);
    });
});

describe('delta reads', () => {
    it('"Load more" reads only the new rows; rows already enriched are not read again', async () => {
        const enricher = enricherFor('administrator', { links: { useAlternateKeys: false } });
        const lookupRows = contactRows.filter((row) => row.msdynci_lookupfield_customerprofile !== null).map(pageRow);
        await enricher.enrich(lookupRows.slice(0, 50));
        dv.log.clear();
        const second = await enricher.enrich(lookupRows.slice(0, 100));
        expect(second.rows.size).toBe(100);
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        const profileQuery = decodeURIComponent(dv.log.entries.find((entry) => entry.table === 'msdynci_customerprofile')?.query ?? '');
        for (const row of lookupRows.slice(0, 50)) expect(profileQuery).not.toContain(String(row.profileLookupId));
        for (const row of lookupRows.slice(50, 100)) expect(profileQuery).toContain(String(row.profileLookupId));
        dv.log.clear();
        await enricher.enrich(lookupRows.slice(0, 100));
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('rows asked for again while their read is in flight share it', async () => {
        dv.faults.latencyMs = 5;
        const enricher = enricherFor('administrator', { links: { useAlternateKeys: false } });
        const rows = contactRows.filter((row) => row.msdynci_lookupfield_customerprofile !== null).slice(0, 40).map(pageRow);
        const [a, b] = await Promise.all([enricher.enrich(rows.slice(0, 30)), enricher.enrich(rows.slice(10, 40))]);
        expect(a.rows.size + b.rows.size).toBe(60);
        // The second call reads only rows 30..39: one more request per table, never rows 10..29 again.
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 2, msdynci_segmentmembership: 2, msdynci_customermeasure: 2 });
        expect(enricher.peek(rows[20])).toStrictEqual(a.rows.get(pageRowKey(rows[20])));
    });
});

describe('security', () => {
    const samples = tenant.sampleContacts;
    const row = (key: keyof typeof samples): PageRow => pageRow(contactRows.find((candidate) => candidate.contactid === samples[key].contactId) as StoredRow);

    it('drops rows of customers that were not asked for, whatever the server answers', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        const intruder = tenant.profile(300);
        const leaky: WebApiReader = {
            retrieveMultipleRecords: async (table, options, size) => {
                const page = await agent.retrieveMultipleRecords(table, options, size);
                const extra = await admin.retrieveMultipleRecords(table, `?$select=${table}id,msdynci_customerid,_owningbusinessunit_value,modifiedon&$filter=msdynci_customerid eq '${intruder.customerId}'`);
                return { ...page, entities: [...page.entities, ...extra.entities] };
            },
        };
        const result = await enricherFor('serviceAgent', { links: { useAlternateKeys: false } }, leaky).enrich([row('serviceAgentCustomer'), row('otherRegionCustomer')]);
        const kinds = [...result.rows.values()].map((insights) => insights.kind);
        expect(kinds).toStrictEqual(['found', 'notVisible']);
        expect(JSON.stringify([...result.rows.values()])).not.toContain(intruder.customerId);
    });

    it('says "not visible" for a lookup to a profile of another business unit and reads nothing else for it', async () => {
        const result = await enricherFor('serviceAgent').enrich([row('otherRegionCustomer')]);
        expect([...result.rows.values()]).toStrictEqual([{ kind: 'notVisible' }]);
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 1 });
    });

    it('a linked row without profile columns is "not visible" without any request', async () => {
        const result = await enricherFor('serviceAgent').enrich([{ ...row('otherRegionCustomer'), linkedProfile: null }]);
        expect([...result.rows.values()]).toStrictEqual([{ kind: 'notVisible' }]);
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('resolves alternate-key-only contacts for the administrator and says "no profile" to business-unit readers', async () => {
        const admin = await enricherFor('administrator').enrich([row('alternateKeyOnly'), row('upperCaseGuid'), row('bracedGuid')]);
        expect([...admin.rows.values()].map((insights) => (insights.kind === 'found' ? insights.profile.via : insights.kind))).toStrictEqual(['alternateKey', 'alternateKey', 'alternateKey']);
        const agent = await enricherFor('serviceAgent').enrich([row('alternateKeyOnly')]);
        expect([...agent.rows.values()]).toStrictEqual([{ kind: 'noProfile' }]);
    });

    it('finds them for business-unit readers through the profile key column, as on forms', async () => {
        const rows = [row('alternateKeyOnly'), row('upperCaseGuid'), row('bracedGuid')].map((entry) => ({ recordId: entry.recordId }));
        const result = await enricherFor('serviceAgent', { links: { profileKeyColumn: 'msdynci_crm_contact_contactid', useAlternateKeys: false } }).enrich(rows);
        expect([...result.rows.values()].map((insights) => (insights.kind === 'found' ? insights.profile.via : insights.kind))).toStrictEqual(['profileKeyColumn', 'profileKeyColumn', 'profileKeyColumn']);
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });

    it('reads a profile key column on the row that holds the customer id', async () => {
        const facts = tenant.profile(0);
        const result = await enricherFor('serviceAgent', { links: { useAlternateKeys: false } }).enrich([
            { recordId: facts.contactId as string, profileKey: facts.customerId.toUpperCase() },
            { recordId: tenant.sampleContacts.noProfile.contactId, profileKey: 'not a customer id' },
        ]);
        expect([...result.rows.values()].map((insights) => (insights.kind === 'found' ? `${insights.profile.via}:${insights.profile.customerId}` : insights.kind))).toStrictEqual([
            `profileKey:${facts.customerId}`,
            'noProfile',
        ]);
    });
});

describe('failures', () => {
    const rows = contactRows.filter((row) => row.msdynci_lookupfield_customerprofile !== null).slice(0, 30).map(pageRow);
    const refusing = (table: string, failure: { errorCode: number; message: string }): WebApiReader => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        return {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with a plain object
            retrieveMultipleRecords: (entity, options, size) => (entity === table ? Promise.reject(failure) : admin.retrieveMultipleRecords(entity, options, size)),
        };
    };
    const noPrivilege = { errorCode: 0x80040220, message: "Principal user is missing prvReadmsdynci_segmentmembership privilege on entity 'msdynci_segmentmembership'." };

    it('a profile readable but its segments not: the rows say so, one failure for the page, and the table is not asked again', async () => {
        const counted: string[] = [];
        const inner = refusing('msdynci_segmentmembership', noPrivilege);
        const enricher = enricherFor('administrator', { links: { useAlternateKeys: false } }, {
            retrieveMultipleRecords: (table, options, size) => {
                counted.push(table);
                return inner.retrieveMultipleRecords(table, options, size);
            },
        });
        const first = await enricher.enrich(rows.slice(0, 20));
        const found = [...first.rows.values()].filter((insights) => insights.kind === 'found');
        expect(found.length).toBeGreaterThan(0);
        for (const insights of found) {
            expect(insights.segments).toMatchObject({ status: 'failed', failure: { kind: 'noPrivilege' } });
            expect(insights.measures.status).toBe('read');
        }
        expect(first.failures.map((failure) => failure.kind)).toStrictEqual(['noPrivilege']);
        expect(counted.filter((table) => table === 'msdynci_segmentmembership')).toHaveLength(1);
        const second = await enricher.enrich(rows);
        expect(second.failures.map((failure) => failure.kind)).toStrictEqual(['noPrivilege']);
        expect(counted.filter((table) => table === 'msdynci_segmentmembership')).toHaveLength(1);
        enricher.forgetFailures();
        await enricher.enrich(rows);
        expect(counted.filter((table) => table === 'msdynci_segmentmembership')).toHaveLength(2);
    });

    it('a failed profile read rejects the page with the classified failure, and a later call reads again', async () => {
        const enricher = enricherFor('administrator', { links: { useAlternateKeys: false } });
        dv.faults.failNext(1, 'server');
        await expect(enricher.enrich(rows)).rejects.toMatchObject({ failure: { kind: 'unexpected' } });
        expect(enricher.peek(rows[0])).toBeUndefined();
        const again = await enricher.enrich(rows);
        expect(again.rows.size).toBe(rows.length);
    });

    it('the user without a Customer Insights role gets "missing privilege" for the page', async () => {
        await expect(enricherFor('noRole').enrich(rows)).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
    });

    it('without any link left (alternate keys refused for privilege) one probe tells a missing privilege apart', async () => {
        const unlinked = [{ recordId: tenant.sampleContacts.noProfile.contactId, profileLookupId: null }];
        await expect(enricherFor('noRole').enrich(unlinked)).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
        expect(requestsByTable()).toStrictEqual({ msdynci_alternatekey: 1, msdynci_customerprofile: 1 });
    });

    it('an unknown profile key column is a configuration problem naming the column', async () => {
        await expect(enricherFor('administrator', { links: { profileKeyColumn: 'msdynci_nope', useAlternateKeys: false } }).enrich([{ recordId: String(contactRows[0]?.contactid) }])).rejects.toMatchObject({
            failure: { kind: 'configuration', offendingName: 'msdynci_nope' },
        });
    });

    it('reset() forgets everything read', async () => {
        const enricher = enricherFor('administrator', { links: { useAlternateKeys: false }, requests: { cacheTtlMs: 0 } });
        await enricher.enrich(rows);
        expect(enricher.peek(rows[0])).toBeDefined();
        enricher.reset();
        expect(enricher.peek(rows[0])).toBeUndefined();
        dv.log.clear();
        await enricher.enrich(rows);
        expect(requestsByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });
});
