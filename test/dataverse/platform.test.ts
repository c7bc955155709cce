/**
 * The emulator's switches for what a tenant may or may not do with the msdynci_* tables (platform.ts), the
 * tenant options for unpopulated lookups, and the read privileges RetrieveUserPrivileges lists: each answer
 * both ways, so the tenant probe's outcomes can all be exercised.
 */
import { buildFetchXmlOptions, buildODataOptions, where } from '../../components/shared/query';
import { BUSINESS_UNIT_IDS, DataverseEmulator, DEFAULT_PLATFORM, ELASTIC_REFUSALS, NO_REFUSALS, PERSONAS } from '.';

const admin = PERSONAS.administrator.userId;
/** What `context.webAPI` rejects with for an unsupported query (0x80060888): the platform shape only. */
const notSupported = { errorCode: 0x80060888 };

describe('platform behaviour switches', () => {
    it('keeps the behaviour existing tests rely on by default', () => {
        expect(DataverseEmulator.withSyntheticTenant({}).platform).toStrictEqual(DEFAULT_PLATFORM);
    });

    it('expands a lookup only when the tenant allows it, with null for a related row the caller may not read', async () => {
        const options = '?$select=fullname&$expand=msdynci_lookupfield_customerprofile($select=msdynci_fullname)&$filter=_msdynci_lookupfield_customerprofile_value ne null';
        await expect(DataverseEmulator.withSyntheticTenant({}).webApi(admin).retrieveMultipleRecords('contact', options)).rejects.toMatchObject(notSupported);

        const dv = DataverseEmulator.withSyntheticTenant({ platform: NO_REFUSALS });
        const samples = dv.tenant.sampleContacts;
        const rows = (await dv.webApi(PERSONAS.serviceAgent.userId).retrieveMultipleRecords('contact', options)).entities;
        const row = (contactId: string): Record<string, unknown> | undefined => rows.find((entity) => entity.contactid === contactId);
        expect(row(samples.serviceAgentCustomer.contactId)?.msdynci_lookupfield_customerprofile).toMatchObject({ msdynci_fullname: samples.serviceAgentCustomer.fullName });
        expect(row(samples.otherRegionCustomer.contactId)?.msdynci_lookupfield_customerprofile).toBeNull();
        await expect(dv.webApi(admin).retrieveMultipleRecords('contact', '?$select=fullname&$expand=msdynci_lookupfield_customerprofile')).rejects.toMatchObject(notSupported);
    });

    it('refuses hierarchy operators, aggregates and $skiptoken on Customer Insights tables, not elsewhere', async () => {
        const refusing = DataverseEmulator.withSyntheticTenant({ platform: ELASTIC_REFUSALS }).webApi(admin);
        const allowing = DataverseEmulator.withSyntheticTenant({ platform: NO_REFUSALS }).webApi(admin);
        const hierarchy = buildODataOptions({ select: ['msdynci_customerid'], filter: where.underOrEqual(BUSINESS_UNIT_IDS.northAmerica) });
        await expect(refusing.retrieveMultipleRecords('msdynci_customerprofile', hierarchy)).rejects.toMatchObject(notSupported);
        expect((await allowing.retrieveMultipleRecords('msdynci_customerprofile', hierarchy)).entities.length).toBeGreaterThan(0);
        expect((await refusing.retrieveMultipleRecords('contact', buildODataOptions({ select: ['fullname'], filter: where.equalBusinessId() }))).entities.length).toBeGreaterThan(0);

        const aggregate = `?fetchXml=${encodeURIComponent('<fetch aggregate="true"><entity name="msdynci_segmentmembership"><attribute name="owningbusinessunit" groupby="true" alias="bu" /><attribute name="msdynci_segmentmembershipid" aggregate="count" alias="rows" /></entity></fetch>')}`;
        await expect(refusing.retrieveMultipleRecords('msdynci_segmentmembership', aggregate)).rejects.toMatchObject(notSupported);
        expect((await allowing.retrieveMultipleRecords('msdynci_segmentmembership', aggregate)).entities.length).toBeGreaterThan(1);

        const first = await refusing.retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_customerid', 2);
        expect(first.nextLink).toBeDefined();
        await expect(refusing.retrieveMultipleRecords('msdynci_segmentmembership', first.nextLink)).rejects.toMatchObject(notSupported);
        const contacts = await refusing.retrieveMultipleRecords('contact', '?$select=fullname', 2);
        expect((await refusing.retrieveMultipleRecords('contact', contacts.nextLink, 2)).entities).toHaveLength(2);
    });

    it('refuses lt/le/gt/ge on a GUID column of Customer Insights tables only when switched off; eq, dates and other tables stay accepted', async () => {
        const refusing = DataverseEmulator.withSyntheticTenant({ platform: { ...NO_REFUSALS, customerInsightsGuidComparisons: false } }).webApi(admin);
        const allowing = DataverseEmulator.withSyntheticTenant({ platform: NO_REFUSALS }).webApi(admin);
        const id = 'msdynci_unifiedactivityid';
        const last = where.guid('ffffffff-ffff-ffff-ffff-ffffffffffff');
        for (const filter of [where.lt(id, last), where.ge(id, last), where.or(where.eq(id, last), where.and(where.ne(id, last), where.gt(id, last)))]) {
            await expect(refusing.retrieveMultipleRecords('msdynci_unifiedactivity', buildODataOptions({ select: [id], filter, top: 1 }))).rejects.toMatchObject(notSupported);
        }
        const keyset = buildODataOptions({ select: [id], filter: where.lt(id, last), top: 1 });
        expect((await allowing.retrieveMultipleRecords('msdynci_unifiedactivity', keyset)).entities).toHaveLength(1);
        expect((await refusing.retrieveMultipleRecords('msdynci_unifiedactivity', buildODataOptions({ select: [id], filter: where.and(where.ne(id, last), where.lt('msdynci_activitytime', new Date())), top: 1 }))).entities).toHaveLength(1);
        expect((await refusing.retrieveMultipleRecords('contact', buildODataOptions({ select: ['fullname'], filter: where.lt('contactid', last), top: 1 }))).entities).toHaveLength(1);
    });

    it('pages msdynci_* tables at the tenant page size and leaves lookup names out when the tenant does', async () => {
        const big = { profileCount: 700 };
        expect((await DataverseEmulator.withSyntheticTenant(big).webApi(admin).retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_customerid')).entities).toHaveLength(500);
        expect((await DataverseEmulator.withSyntheticTenant({ ...big, platform: NO_REFUSALS }).webApi(admin).retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_customerid')).entities).toHaveLength(700);

        const options = '?$select=_owningbusinessunit_value&$top=1';
        const named = (await DataverseEmulator.withSyntheticTenant({}).webApi(admin).retrieveMultipleRecords('msdynci_customerprofile', options)).entities[0] ?? {};
        const unnamed = (await DataverseEmulator.withSyntheticTenant({ platform: ELASTIC_REFUSALS }).webApi(admin).retrieveMultipleRecords('msdynci_customerprofile', options)).entities[0] ?? {};
        expect(named['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toStrictEqual(expect.any(String));
        expect(unnamed['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toBeUndefined();
        expect(unnamed['_owningbusinessunit_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('businessunit');
        const fetch = buildFetchXmlOptions({ table: 'msdynci_customerprofile', columns: ['owningbusinessunit'], top: 1 });
        const fetched = (await DataverseEmulator.withSyntheticTenant({ platform: ELASTIC_REFUSALS }).webApi(admin).retrieveMultipleRecords('msdynci_customerprofile', fetch)).entities[0] ?? {};
        expect(fetched['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toBeUndefined();
    });
});

describe('tenant lookups', () => {
    it('leaves the backstamped contact lookup and the insight rows’ customer lookup empty when the tenant has none', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ backstampContacts: false, insightCustomerLookups: false });
        const webApi = dv.webApi(admin);
        expect((await webApi.retrieveMultipleRecords('contact', '?$select=contactid&$filter=_msdynci_lookupfield_customerprofile_value ne null')).entities).toStrictEqual([]);
        for (const table of ['msdynci_segmentmembership', 'msdynci_customermeasure']) {
            expect((await webApi.retrieveMultipleRecords(table, '?$select=msdynci_customerid&$filter=_msdynci_lookupfield_customer_value ne null')).entities).toStrictEqual([]);
        }
        const populated = DataverseEmulator.withSyntheticTenant({}).webApi(admin);
        expect((await populated.retrieveMultipleRecords('contact', '?$select=contactid&$filter=_msdynci_lookupfield_customerprofile_value ne null&$top=1')).entities).toHaveLength(1);
        expect((await populated.retrieveMultipleRecords('msdynci_customermeasure', '?$select=msdynci_customerid&$filter=_msdynci_lookupfield_customer_value ne null&$top=1')).entities).toHaveLength(1);
    });
});

describe('read privileges (RetrieveUserPrivileges)', () => {
    const dv = DataverseEmulator.withSyntheticTenant({});
    const depths = (userId: string, table: string) => dv.userPrivileges(userId).filter((privilege) => privilege.PrivilegeName === `prvRead${table}`).map((privilege) => [privilege.Depth, privilege.BusinessUnitId]);

    it('lists the depth of each role and team role that grants read', () => {
        expect(depths(PERSONAS.serviceAgent.userId, 'msdynci_customerprofile')).toStrictEqual([['Local', BUSINESS_UNIT_IDS.unitedStates]]);
        expect(depths(PERSONAS.salesManager.userId, 'msdynci_customerprofile')).toStrictEqual([['Deep', BUSINESS_UNIT_IDS.northAmerica]]);
        expect(depths(PERSONAS.administrator.userId, 'msdynci_alternatekey')).toStrictEqual([['Global', BUSINESS_UNIT_IDS.contoso]]);
        expect(depths(PERSONAS.ownerTeamMember.userId, 'msdynci_customerprofile')).toStrictEqual([['Local', BUSINESS_UNIT_IDS.germany]]);
        expect(depths(PERSONAS.noRole.userId, 'msdynci_customerprofile')).toStrictEqual([]);
        expect(depths(PERSONAS.noRole.userId, 'contact')).toStrictEqual([['Global', BUSINESS_UNIT_IDS.unitedStates]]);
    });
});
