/** The readers against the emulator: rows, badges, paging, hostile JSON, root-owned tables and BU scope. */
import { BUSINESS_UNIT_IDS, PERSONAS } from '../dataverse';
import type { FoundProfile, InsightsReader } from '../../components/shared';
import { contactId, emulator, readerFor } from './support';
import { matching } from './matchers';

const dv = emulator();

async function found(reader: InsightsReader, key: Parameters<typeof contactId>[1]): Promise<FoundProfile> {
    const resolution = await reader.resolveProfile({ recordId: contactId(dv, key) });
    if (resolution.kind !== 'found') throw new Error(`expected a found profile for ${key}, got ${resolution.kind}`);
    return resolution;
}

beforeEach(() => {
    dv.faults.reset();
    dv.log.clear();
});

describe('segment membership and measures', () => {
    it('reads segments with their badge', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        const profile = await found(reader, 'serviceAgentCustomer');
        const read = await reader.readSegmentMembership(profile);
        expect(read.customerId).toBe(profile.customerId);
        expect(read.rows).toHaveLength(1);
        expect(read.owningBusinessUnit).toStrictEqual({ id: BUSINESS_UNIT_IDS.unitedStates, name: 'United States' });
        expect(read.modifiedOn).toStrictEqual(matching.date());
        expect(['complete', 'empty']).toContain(read.segmentsStatus);
        expect(read.segments).toStrictEqual(read.rows[0]?.segments.value);
    });

    it('reads measures with numbers as numbers and without CustomerId', async () => {
        // Every named sample customer has a measures row (the tenant's facts); what is stored decides what is expected.
        const reader = readerFor(dv, 'administrator');
        const profile = await found(reader, 'serviceAgentCustomer');
        const stored = await dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_customermeasure', `?$select=msdynci_measures&$filter=msdynci_customerid eq '${profile.customerId}'`);
        expect(stored.entities).toHaveLength(1);
        const raw = JSON.parse(String(stored.entities[0]?.['msdynci_measures'])) as Record<string, unknown>;
        const expected = Object.entries(raw)
            .filter(([key]) => key !== 'CustomerId')
            .map(([key, value]) => [key, typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value]);
        expect(expected.length).toBeGreaterThan(0);

        const read = await reader.readCustomerMeasures(profile);
        expect(read.rows).toHaveLength(1);
        expect(read.measuresStatus).toBe('complete');
        expect([...read.measures]).toStrictEqual(expected);
        expect([...read.measures.keys()].map((k) => k.toLowerCase())).not.toContain('customerid');
        // Numeric text (DaysSinceLastPurchase is stored as a string) arrives as a number; text stays text.
        expect(typeof raw['DaysSinceLastPurchase']).toBe('string');
        expect(typeof read.measures.get('DaysSinceLastPurchase')).toBe('number');
        expect(typeof read.measures.get('PreferredChannel')).toBe('string');
    });

    it('reads what it can of corrupt JSON and never throws', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        const profile = await found(reader, 'corruptJson');
        const segments = await reader.readSegmentMembership(profile);
        expect(segments.segmentsStatus).toBe('partial');
        expect(segments.segments).toStrictEqual(['HighValueCustomers']);
        // Its measures row exists (every named sample has one) and holds text that is not JSON.
        const measures = await reader.readCustomerMeasures(profile);
        expect(measures.rows).toHaveLength(1);
        expect(measures.measuresStatus).toBe('unreadable');
        expect(measures.measures.size).toBe(0);
    });
});

describe('root-owned tables', () => {
    it('returns predictions and enrichments for a profile the user can read', async () => {
        const reader = readerFor(dv, 'administrator');
        let seen = 0;
        for (const key of ['serviceAgentCustomer', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned', 'alternateKeyOnly', 'upperCaseGuid'] as const) {
            const profile = await found(reader, key);
            const predictions = await reader.readPredictions(profile);
            const enrichments = await reader.readEnrichments(profile);
            for (const row of [...predictions.rows, ...enrichments.rows]) expect(row.owningBusinessUnit?.id).toBe(BUSINESS_UNIT_IDS.contoso);
            seen += predictions.rows.length + enrichments.rows.length;
            // Every named sample customer has every model; none of these has corrupt JSON.
            expect(predictions.rows.map((r) => r.model).sort()).toStrictEqual(['ChurnModel', 'CustomerLifetimeValue', 'ProductRecommendation']);
            expect(predictions.rows.find((r) => r.model === 'ChurnModel')).toMatchObject({ values: { status: 'complete' } });
        }
        expect(seen).toBeGreaterThan(0);
    });

    it('cannot be read for a customer whose profile is not visible: there is no found profile to pass', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        expect(resolution.kind).toBe('notVisible');
        // A look-alike object (e.g. built from another control's data) is refused before any request.
        const admin = readerFor(dv, 'administrator');
        const real = await found(admin, 'otherRegionCustomer');
        dv.log.clear();
        const forged = { ...real } as FoundProfile;
        for (const read of [reader.readPredictions(forged), reader.readEnrichments(forged), reader.readSegmentMembership(forged), reader.readUnifiedActivities(forged)]) {
            await expect(read).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'ProfileNotResolved' } });
        }
        // Also a real found profile from another user's reader.
        await expect(reader.readPredictions(real)).rejects.toMatchObject({ failure: { code: 'ProfileNotResolved' } });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('never hands out rows of another customer, whatever the server answers', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const reader0 = readerFor(dv, 'administrator');
        let otherPredictions: ComponentFramework.WebApi.RetrieveMultipleResponse = { entities: [], nextLink: '' };
        for (const key of ['otherRegionCustomer', 'unmappedCustomer', 'teamOwned', 'upperCaseGuid', 'bracedGuid', 'alternateKeyOnly'] as const) {
            const other = await found(reader0, key);
            otherPredictions = await admin.retrieveMultipleRecords('msdynci_prediction', `?$select=msdynci_customerid,msdynci_values&$filter=msdynci_customerid eq '${other.customerId}'`);
            if (otherPredictions.entities.length > 0) break;
        }
        expect(otherPredictions.entities.length).toBeGreaterThan(0);
        // A misbehaving server that adds another customer's rows to every prediction answer.
        const leaky = {
            retrieveMultipleRecords: async (table: string, options?: string, maxPageSize?: number) => {
                const page = await admin.retrieveMultipleRecords(table, options, maxPageSize);
                return table === 'msdynci_prediction' ? { ...page, entities: [...page.entities, ...otherPredictions.entities] } : page;
            },
        };
        const reader = readerFor(dv, 'administrator', {}, leaky);
        const profile = await found(reader, 'serviceAgentCustomer');
        const read = await reader.readPredictions(profile);
        const leaked = String(otherPredictions.entities[0]?.['msdynci_predictionid']);
        expect(read.rows.map((r) => r.id)).not.toContain(leaked);
    });

    it('is empty, not an error, for a BU-level user (root-owned rows are out of their reach)', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        const profile = await found(reader, 'serviceAgentCustomer');
        await expect(reader.readPredictions(profile)).resolves.toMatchObject({ rows: [] });
        await expect(reader.readEnrichments(profile)).resolves.toMatchObject({ rows: [] });
    });
});

describe('business-unit scope', () => {
    it('pushes the scope into the query with the platform operators', async () => {
        const reader = readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnitAndChildren' });
        const profile = await found(reader, 'serviceAgentCustomer');
        await reader.readSegmentMembership(profile);
        const queries = dv.log.entries.filter((e) => e.table === 'msdynci_segmentmembership').map((e) => e.query);
        expect(queries[0]).toContain(`Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='owningbusinessunit',PropertyValue='${BUSINESS_UNIT_IDS.northAmerica}')`);
        // The user's BU was read once, from systemuser.
        expect(dv.log.countByTable()['systemuser']).toBe(1);
    });

    it('uses a given business unit id without reading systemuser', async () => {
        const reader = readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnitAndChildren', userBusinessUnitId: BUSINESS_UNIT_IDS.northAmerica });
        await found(reader, 'serviceAgentCustomer');
        expect(dv.log.countByTable()['systemuser']).toBeUndefined();
    });
});
