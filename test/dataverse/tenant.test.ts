/**
 * The synthetic tenant: determinism, shape of the Customer Insights data, the named sample contacts, the
 * contact-to-profile links, metadata and scale.
 */
import { ACTIVITY_KINDS, B2B_CONTACTS, HOSTILE_EXTERNAL_URLS, TIMELINE_ACTIVITY_COUNT } from './activities';
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, SyntheticTenant, TABLES, type StoredRow } from './index';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const tenant = dv.tenant;
const admin = dv.webApi(PERSONAS.administrator.userId);

function parses(text: StoredRow[string]): boolean {
    try {
        JSON.parse(String(text));
        return true;
    } catch {
        return false;
    }
}

describe('determinism and shape', () => {
    it('the same seed gives the same rows, another seed different ones; the organisation is fixed', () => {
        const again = new SyntheticTenant({ seed: 42 });
        const other = new SyntheticTenant({ seed: 43 });
        const rows = (t: SyntheticTenant): StoredRow[] => [...t.rows('msdynci_customermeasure')];
        expect(rows(again)).toStrictEqual(rows(tenant));
        expect(rows(other)).not.toStrictEqual(rows(tenant));
        expect(other.businessUnits).toStrictEqual(tenant.businessUnits);
    });

    it('has a root with two regional BUs, each with two child BUs', () => {
        const root = tenant.businessUnits.filter((unit) => unit.parentId === null);
        expect(root.map((unit) => unit.name)).toStrictEqual(['Contoso']);
        const regions = tenant.businessUnits.filter((unit) => unit.parentId === root[0]?.id);
        expect(regions.map((unit) => unit.name)).toStrictEqual(['North America', 'Europe']);
        for (const region of regions) {
            expect(tenant.businessUnits.filter((unit) => unit.parentId === region.id)).toHaveLength(2);
        }
    });

    it('customer ids are 32 lowercase hex characters, unique per profile', () => {
        const ids = [...tenant.rows('msdynci_customerprofile')].map((row) => String(row.msdynci_customerid));
        expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
        expect(new Set(ids).size).toBe(tenant.profileCount);
    });

    it('spreads profiles over BUs, with some unmapped (root)', () => {
        const units = new Set([...tenant.rows('msdynci_customerprofile')].map((row) => row.owningbusinessunit));
        expect(units.has(BUSINESS_UNIT_IDS.contoso)).toBe(true);
        expect(units.size).toBeGreaterThanOrEqual(5);
    });

    it('insight rows inherit the profile owner; root-owned tables belong to the root BU', () => {
        const ownerByCustomer = new Map([...tenant.rows('msdynci_customerprofile')].map((row) => [row.msdynci_customerid, row.ownerid]));
        for (const table of ['msdynci_segmentmembership', 'msdynci_customermeasure', 'msdynci_unifiedactivity']) {
            for (const row of tenant.rows(table)) {
                expect(row.ownerid).toBe(ownerByCustomer.get(row.msdynci_customerid));
            }
        }
        for (const table of ['msdynci_alternatekey', 'msdynci_prediction', 'msdynci_enrichment']) {
            expect(new Set([...tenant.rows(table)].map((row) => row.owningbusinessunit))).toStrictEqual(new Set([BUSINESS_UNIT_IDS.contoso]));
        }
    });

    it("the stores' cheap ownership facts agree with the generated rows", () => {
        for (const table of TABLES.keys()) {
            const store = tenant.store(table);
            if (store?.ownershipAt === undefined) {
                continue;
            }
            for (let slot = 0; slot < store.slotCount; slot++) {
                const row = store.rowAt(slot);
                if (row !== undefined) {
                    expect(store.ownershipAt(slot)).toStrictEqual({ ownerId: row.ownerid, businessUnitId: row.owningbusinessunit });
                }
            }
        }
    });

    it('segment JSON uses output-table names; measures mix numbers, numeric strings and strings; some JSON is corrupt', () => {
        const segments = [...tenant.rows('msdynci_segmentmembership')].map((row) => row.msdynci_segments);
        const good = segments.filter(parses).map((text) => JSON.parse(String(text)) as { Segments: string[] });
        expect(good.every((value) => Array.isArray(value.Segments))).toBe(true);
        expect(good.some((value) => value.Segments.includes('Male_under_40'))).toBe(true);
        expect(segments.some((text) => !parses(text))).toBe(true);
        const measures = [...tenant.rows('msdynci_customermeasure')].map((row) => row.msdynci_measures).filter(parses).map((text) => JSON.parse(String(text)) as Record<string, unknown>);
        const values = measures.flatMap((value) => Object.values(value));
        expect(values.some((value) => typeof value === 'number')).toBe(true);
        expect(values.some((value) => typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))).toBe(true);
        expect(values.some((value) => value === 'Email' || value === 'Phone' || value === 'Web' || value === 'Store')).toBe(true);
        expect(measures.some((value) => 'CustomerId' in value)).toBe(true);
    });

    it('several unified activities per profile with varied types and times', () => {
        const activities = [...tenant.rows('msdynci_unifiedactivity')];
        const profile0 = activities.filter((row) => row.msdynci_customerid === tenant.profile(0).customerId);
        expect(profile0.length).toBe(6);
        expect(new Set(activities.map((row) => row.msdynci_activitytype))).toStrictEqual(new Set(ACTIVITY_KINDS.map((kind) => kind.type)));
        // Equal timestamps within one customer are deliberate: the timeline's keyset paging must handle them.
        const perCustomerTime = activities.map((row) => `${String(row.msdynci_customerid)}|${String(row.msdynci_activitytime)}`);
        expect(new Set(perCustomerTime).size).toBeLessThan(activities.length);
        expect(new Set(activities.map((row) => row.msdynci_unifiedactivityid)).size).toBe(activities.length);
    });

    it('the B2B account sample: a company profile found by its account id, whose activities name the contact responsible', async () => {
        const account = tenant.sampleAccounts.b2bAccount;
        const facts = tenant.profile(account.profileIndex);
        expect(facts).toMatchObject({ fullName: 'Fabrikam Ltd.', contactLink: 'none', contactId: null, businessUnitId: BUSINESS_UNIT_IDS.unitedStates });
        const page = await admin.retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_customerid&$filter=msdynci_crm_account_accountid eq '${account.accountId}'`);
        expect(page.entities.map((e) => String(e.msdynci_customerid))).toStrictEqual([facts.customerId]);
        const rows = [...tenant.rows('msdynci_unifiedactivity')].filter((row) => row.msdynci_customerid === facts.customerId);
        expect(rows).toHaveLength(6);
        const contacts = rows.map((row) => String(row.msdynci_semanticdata)).filter(parses).map((text) => (JSON.parse(text) as { ContactName?: string }).ContactName);
        expect(contacts.length).toBeGreaterThan(0);
        for (const contact of contacts) expect(B2B_CONTACTS).toContain(contact);
    });

    it('the timeline sample has 10,000 activities with ties across page boundaries and every hostile URL among its newest', () => {
        const facts = tenant.profile(tenant.sampleContacts.timelineCustomer.profileIndex ?? -1);
        const rows = [...tenant.rows('msdynci_unifiedactivity')].filter((row) => row.msdynci_customerid === facts.customerId);
        expect(rows).toHaveLength(TIMELINE_ACTIVITY_COUNT + 6);
        const newest = [...rows].sort((a, b) => Date.parse(String(b.msdynci_activitytime)) - Date.parse(String(a.msdynci_activitytime))).slice(0, 30);
        for (const url of HOSTILE_EXTERNAL_URLS) expect(newest.map((row) => row.msdynci_externalurl)).toContain(url);
        const times = rows.map((row) => String(row.msdynci_activitytime));
        expect(new Set(times).size).toBeLessThan(rows.length * 0.8);
        // Generated once and kept: asking again gives the same object.
        const store = tenant.store('msdynci_unifiedactivity');
        const slot = store?.candidateSlots('msdynci_customerid', facts.customerId)?.at(-1) ?? -1;
        expect(store?.rowAt(slot)).toBe(store?.rowAt(slot));
        expect(store?.ownershipAt?.(slot)).toStrictEqual({ ownerId: facts.ownerTeamId, businessUnitId: BUSINESS_UNIT_IDS.unitedStates });
    });
});

describe('sample contacts and links', () => {
    const samples = tenant.sampleContacts;
    const filterValue = (value: string): string => value.replace(/'/g, "''");
    const alternateKeys = (contactIdAsQueried: string) =>
        admin.retrieveMultipleRecords('msdynci_alternatekey', `?$select=msdynci_customerid&$filter=msdynci_alternatevalue eq '${filterValue(contactIdAsQueried)}' and msdynci_entityname eq 'contact'`);

    it('every sample contact exists as a contact row', async () => {
        for (const sample of Object.values(samples)) {
            await expect(admin.retrieveRecord('contact', sample.contactId, '?$select=fullname')).resolves.toMatchObject({ fullname: sample.fullName });
        }
    });

    it('backstamped contacts point at their profile; alternate-key-only contacts do not', async () => {
        const backstamped = await admin.retrieveRecord('contact', samples.serviceAgentCustomer.contactId, '?$select=_msdynci_lookupfield_customerprofile_value');
        expect(backstamped._msdynci_lookupfield_customerprofile_value).toBe(tenant.profile(samples.serviceAgentCustomer.profileIndex ?? -1).profileId);
        expect(backstamped['_msdynci_lookupfield_customerprofile_value@OData.Community.Display.V1.FormattedValue']).toBe(samples.serviceAgentCustomer.fullName);
        for (const key of ['alternateKeyOnly', 'upperCaseGuid', 'bracedGuid', 'noProfile'] as const) {
            const contact = await admin.retrieveRecord('contact', samples[key].contactId, '?$select=_msdynci_lookupfield_customerprofile_value');
            expect(contact._msdynci_lookupfield_customerprofile_value).toBeNull();
        }
    });

    it('alternate keys store upper-case and braced contact ids; only the stored form (case-insensitively) matches', async () => {
        const lower = await alternateKeys(samples.alternateKeyOnly.contactId);
        expect(lower.entities.map((entity): unknown => entity.msdynci_customerid)).toStrictEqual([tenant.profile(samples.alternateKeyOnly.profileIndex ?? -1).customerId]);
        // Upper-case stored value: string comparison is case-insensitive, so the lowercase id matches.
        expect((await alternateKeys(samples.upperCaseGuid.contactId)).entities).toHaveLength(1);
        // Braced stored value: an unbraced id does not match, the braced form does.
        expect((await alternateKeys(samples.bracedGuid.contactId)).entities).toHaveLength(0);
        expect((await alternateKeys(`{${samples.bracedGuid.contactId}}`)).entities).toHaveLength(1);
        expect((await alternateKeys(samples.noProfile.contactId)).entities).toHaveLength(0);
    });

    it('the corrupt-JSON customer really has corrupt segments and measures', async () => {
        const customerId = tenant.profile(samples.corruptJson.profileIndex ?? -1).customerId;
        const membership = await admin.retrieveMultipleRecords('msdynci_segmentmembership', `?$select=msdynci_segments&$filter=msdynci_customerid eq '${customerId}'`);
        expect(parses(membership.entities[0]?.msdynci_segments as string)).toBe(false);
        const measures = await admin.retrieveMultipleRecords('msdynci_customermeasure', `?$select=msdynci_measures&$filter=msdynci_customerid eq '${customerId}'`);
        expect(parses(measures.entities[0]?.msdynci_measures as string)).toBe(false);
    });

    it('sample profiles sit in the documented business units', () => {
        const unitOf = (key: keyof typeof samples): string => tenant.profile(samples[key].profileIndex ?? -1).businessUnitId;
        expect(unitOf('serviceAgentCustomer')).toBe(BUSINESS_UNIT_IDS.unitedStates);
        expect(unitOf('otherRegionCustomer')).toBe(BUSINESS_UNIT_IDS.germany);
        expect(unitOf('unmappedCustomer')).toBe(BUSINESS_UNIT_IDS.contoso);
        expect(unitOf('corruptJson')).toBe(BUSINESS_UNIT_IDS.unitedStates);
        expect(tenant.team(tenant.profile(samples.teamOwned.profileIndex ?? -1).ownerTeamId)?.memberIds).toContain(PERSONAS.ownerTeamMember.userId);
    });
});

describe('metadata and identity', () => {
    it('getEntityMetadata returns names and only the requested attributes that exist', async () => {
        const metadata = await dv.getEntityMetadata('msdynci_customerprofile', ['msdynci_fullname', 'msdynci_birthdate', 'msdynci_nope']);
        expect(metadata).toMatchObject({
            LogicalName: 'msdynci_customerprofile',
            EntitySetName: 'msdynci_customerprofiles',
            PrimaryIdAttribute: 'msdynci_customerprofileid',
            PrimaryNameAttribute: 'msdynci_fullname',
            DisplayName: 'Customer Profile',
        });
        expect(metadata.Attributes.get('msdynci_fullname')).toStrictEqual({ LogicalName: 'msdynci_fullname', DisplayName: 'Full Name', AttributeType: 'String' });
        expect(metadata.Attributes.get('msdynci_nope')).toBeUndefined();
        expect(metadata.Attributes.getAll()).toHaveLength(2);
        await expect(dv.getEntityMetadata('nope')).rejects.toMatchObject({ status: 404 });
    });

    it('knows the twelve tables with their entity sets', () => {
        expect([...TABLES.values()].map((table) => `${table.logicalName}:${table.entitySetName}`)).toStrictEqual([
            'msdynci_customerprofile:msdynci_customerprofiles',
            'msdynci_segmentmembership:msdynci_segmentmemberships',
            'msdynci_customermeasure:msdynci_customermeasures',
            'msdynci_unifiedactivity:msdynci_unifiedactivities',
            'msdynci_alternatekey:msdynci_alternatekeys',
            'msdynci_prediction:msdynci_predictions',
            'msdynci_enrichment:msdynci_enrichments',
            'contact:contacts',
            'businessunit:businessunits',
            'systemuser:systemusers',
            'team:teams',
            'msdynmkt_segment:msdynmkt_segments',
        ]);
    });

    it('whoAmI gives the home business unit; unknown callers are a programming error', () => {
        expect(dv.whoAmI(PERSONAS.salesManager.userId)).toMatchObject({ UserId: PERSONAS.salesManager.userId, BusinessUnitId: BUSINESS_UNIT_IDS.northAmerica });
        expect(() => dv.webApi('00000000-0000-4000-8000-000000000000')).toThrow('no user');
    });
});

describe('scale', () => {
    it('a million-profile tenant is constructed lazily and answers customer-id lookups at once', async () => {
        const started = Date.now();
        const big = DataverseEmulator.withSyntheticTenant({ seed: 9, profileCount: 1_000_000 });
        const customerId = big.tenant.profile(876_543).customerId;
        const result = await big.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_segmentmembership', `?$select=msdynci_segments&$filter=msdynci_customerid eq '${customerId}'`);
        expect(result.entities).toHaveLength(1);
        expect(Date.now() - started).toBeLessThan(2_000);
    });
});
