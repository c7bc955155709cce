/**
 * The tenant's predictions and enrichments (intelligence.ts) and the persona that makes the root-owned leak
 * real: insightsAnalyst reads every root-owned row, but only the profiles of United States.
 */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, type StoredRow } from './index';
import { COMPANY_DATA_PROVIDER, ENRICHMENT_TYPES, PREDICTION_MODELS } from './intelligence';
import { retrieveAllPages } from './helpers';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 120 });
const tenant = dv.tenant;
const predictions = [...tenant.rows('msdynci_prediction')];
const enrichments = [...tenant.rows('msdynci_enrichment')];

function parses(row: StoredRow): boolean {
    try {
        JSON.parse(String(row.msdynci_values));
        return true;
    } catch {
        return false;
    }
}

describe('predictions and enrichments of the synthetic tenant', () => {
    it('has churn, lifetime value and product recommendation predictions for most customers', () => {
        const customers = new Set(predictions.map((row) => row.msdynci_customerid));
        expect(customers.size / tenant.profileCount).toBeGreaterThan(0.6);
        for (const model of PREDICTION_MODELS) expect(predictions.filter((row) => row.msdynci_model === model).length).toBeGreaterThan(10);
        const lists = predictions.filter((row) => row.msdynci_model === 'ProductRecommendation' && parses(row)).map((row) => JSON.parse(String(row.msdynci_values)) as { RecommendedProducts: unknown[] });
        expect(lists.some((values) => typeof values.RecommendedProducts[0] === 'string')).toBe(true);
        expect(lists.some((values) => typeof values.RecommendedProducts[0] === 'object')).toBe(true);
    });

    it('has brand affinity (a row per brand), interest affinity and company data enrichments, with the provider named', () => {
        for (const type of ENRICHMENT_TYPES) expect(enrichments.filter((row) => row.msdynci_enrichmenttype === type).length).toBeGreaterThan(10);
        const brandRowsPerCustomer = new Map<unknown, number>();
        for (const row of enrichments.filter((r) => r.msdynci_enrichmenttype === 'BrandAffinity')) brandRowsPerCustomer.set(row.msdynci_customerid, (brandRowsPerCustomer.get(row.msdynci_customerid) ?? 0) + 1);
        expect(Math.max(...brandRowsPerCustomer.values())).toBe(3);
        expect(new Set(enrichments.map((row) => row.msdynci_enrichmentprovider))).toStrictEqual(new Set(['Microsoft', COMPANY_DATA_PROVIDER]));
    });

    it('has some corrupt and some oddly shaped values', () => {
        expect(predictions.filter((row) => !parses(row)).length).toBeGreaterThan(0);
        expect(enrichments.filter((row) => !parses(row)).length).toBeGreaterThan(0);
        expect(predictions.some((row) => String(row.msdynci_values).includes('"Breakdown":{') && String(row.msdynci_values).includes('1e400'))).toBe(true);
    });

    it('gives every sample customer every model and enrichment type, clean except for the corrupt one', () => {
        const samples = ['serviceAgentCustomer', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned'] as const;
        for (const key of samples) {
            const facts = tenant.profile(tenant.sampleContacts[key].profileIndex ?? -1);
            const own = (rows: StoredRow[]) => rows.filter((row) => row.msdynci_customerid === facts.customerId);
            expect(own(predictions).map((row) => row.msdynci_model)).toStrictEqual([...PREDICTION_MODELS]);
            expect(own(predictions).every(parses)).toBe(true);
            expect(new Set(own(enrichments).map((row) => row.msdynci_enrichmenttype))).toStrictEqual(new Set(ENRICHMENT_TYPES));
            expect(own(enrichments).every(parses)).toBe(true);
        }
        const corrupt = tenant.profile(tenant.sampleContacts.corruptJson.profileIndex ?? -1);
        expect(predictions.filter((row) => row.msdynci_customerid === corrupt.customerId && !parses(row)).length).toBeGreaterThan(0);
    });
});

describe('the insights analyst (Organization read on root-owned tables, Business Unit read on profiles)', () => {
    const webApi = dv.webApi(PERSONAS.insightsAnalyst.userId);

    it('reads the predictions and enrichments of a customer whose profile it cannot read', async () => {
        const other = tenant.profile(tenant.sampleContacts.otherRegionCustomer.profileIndex ?? -1);
        expect(other.businessUnitId).toBe(BUSINESS_UNIT_IDS.germany);
        const byCustomer = `&$filter=msdynci_customerid eq '${other.customerId}'`;
        const profile = await webApi.retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_fullname${byCustomer}`);
        expect(profile.entities).toHaveLength(0);
        const rows = await webApi.retrieveMultipleRecords('msdynci_prediction', `?$select=msdynci_values${byCustomer}`);
        expect(rows.entities.length).toBe(3);
        const enrichmentRows = await webApi.retrieveMultipleRecords('msdynci_enrichment', `?$select=msdynci_values${byCustomer}`);
        expect(enrichmentRows.entities.length).toBeGreaterThan(0);
    });

    it('reads every root-owned row and exactly the profiles of United States', async () => {
        for (const table of ['msdynci_alternatekey', 'msdynci_prediction', 'msdynci_enrichment']) {
            const { entities } = await retrieveAllPages(webApi, table, '?$select=msdynci_customerid');
            expect(entities.length).toBe([...tenant.rows(table)].length);
        }
        const { entities } = await retrieveAllPages(webApi, 'msdynci_customerprofile', '?$select=_owningbusinessunit_value');
        expect(entities.length).toBeGreaterThan(0);
        expect(new Set(entities.map((row) => row._owningbusinessunit_value as string))).toStrictEqual(new Set([BUSINESS_UNIT_IDS.unitedStates]));
    });
});
