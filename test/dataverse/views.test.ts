/**
 * What a view (dataset) control needs of the emulator: contacts owned like real rows so a sales rep's view
 * lists only their contacts, parameter aliases in `Microsoft.Dynamics.CRM.In`, the URL-length limit of a
 * GET, and the model-driven app's own reads (a view's rows), which are not the controls' requests.
 */
import { BUSINESS_UNIT_IDS, DataverseEmulator, EMULATOR_BASE_URL, MAX_URL_LENGTH, PERSONAS, TEAM_IDS } from './index';
import { retrieveAllPages } from './helpers';
import { splitQueryOptions } from './odata';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 11, profileCount: 300 });
const tenant = dv.tenant;
const admin = dv.webApi(PERSONAS.administrator.userId);
const rep = dv.webApi(PERSONAS.salesRep.userId);

describe("the sales rep's contacts", () => {
    const unitedStatesTeam = tenant.businessUnit(BUSINESS_UNIT_IDS.unitedStates)?.defaultTeamId;
    const repOwners = new Set([PERSONAS.salesRep.userId, TEAM_IDS.usInsideSales, unitedStatesTeam]);

    it('lists exactly the contacts the rep, their owner team or their business unit team owns', async () => {
        const expected = [...tenant.rows('contact')].filter((row) => repOwners.has(String(row.ownerid))).map((row) => String(row.contactid));
        const { entities } = await retrieveAllPages(rep, 'contact', '?$select=fullname');
        expect(entities.map((entity) => String(entity.contactid)).sort()).toStrictEqual(expected.sort());
        // A real share of all contacts, but far from all of them.
        const all = [...tenant.rows('contact')].length;
        expect(expected.length).toBeGreaterThan(all / 5);
        expect(expected.length).toBeLessThan(all / 2);
    });

    it("includes contacts whose profiles belong to other business units (the grid's 'not visible' rows)", () => {
        const units = new Set<string>();
        for (let index = 0; index < tenant.profileCount; index++) {
            const facts = tenant.profile(index);
            if (facts.contactId === null) continue;
            const owner = tenant.store('contact')?.rowAt(index)?.ownerid;
            if (repOwners.has(String(owner))) units.add(facts.businessUnitId);
        }
        expect([...units]).toStrictEqual(expect.arrayContaining([BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.germany, BUSINESS_UNIT_IDS.contoso, BUSINESS_UNIT_IDS.canada]));
    });

    it('owns fixed sample contacts: their own business unit, unmapped, another region through a team, no profile', () => {
        const ownerOf = (contactId: string): unknown => tenant.store('contact')?.rowAt(tenant.store('contact')?.slotOfId(contactId) ?? -1)?.ownerid;
        const samples = tenant.sampleContacts;
        expect(ownerOf(samples.serviceAgentCustomer.contactId)).toBe(PERSONAS.salesRep.userId);
        // The other region's customer stays with Germany's representative (other tests rely on it).
        expect(ownerOf(samples.otherRegionCustomer.contactId)).not.toBe(PERSONAS.salesRep.userId);
        expect(ownerOf(samples.unmappedCustomer.contactId)).toBe(TEAM_IDS.usInsideSales);
        expect(ownerOf(samples.noProfile.contactId)).toBe(PERSONAS.salesRep.userId);
        expect(ownerOf(samples.teamOwned.contactId)).toBe(unitedStatesTeam);
    });

    it('reads Customer Insights rows at Business Unit level and no root-owned rows, like the service agent', async () => {
        const { entities } = await retrieveAllPages(rep, 'msdynci_customerprofile', '?$select=_owningbusinessunit_value');
        expect(new Set(entities.map((entity) => String(entity._owningbusinessunit_value)))).toStrictEqual(new Set([BUSINESS_UNIT_IDS.unitedStates]));
        expect((await rep.retrieveMultipleRecords('msdynci_alternatekey', '?$select=msdynci_customerid')).entities).toStrictEqual([]);
    });

    it('other personas keep reading every contact (Basic User, Organization level)', async () => {
        const { entities } = await retrieveAllPages(dv.webApi(PERSONAS.serviceAgent.userId), 'contact', '?$select=fullname');
        expect(entities).toHaveLength([...tenant.rows('contact')].length);
    });
});

describe('parameter aliases', () => {
    const customers = [tenant.profile(3).customerId, tenant.profile(4).customerId];

    it('In takes its property name and values from aliases, in any option order', async () => {
        const inline = await admin.retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=${encodeURIComponent(JSON.stringify(customers))})`);
        const aliased = await admin.retrieveMultipleRecords(
            'msdynci_customerprofile',
            `?@p2=${encodeURIComponent(JSON.stringify(customers))}&$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='msdynci_customerid'`,
        );
        expect(aliased.entities.map((entity) => String(entity.msdynci_customerid))).toStrictEqual(customers);
        expect(aliased.entities).toStrictEqual(inline.entities);
    });

    it('an alias stands for a comparison literal too', async () => {
        const result = await admin.retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_customerid&$filter=msdynci_customerid eq @c&@c='${customers[0]}'`);
        expect(result.entities.map((entity) => String(entity.msdynci_customerid))).toStrictEqual([customers[0]]);
    });

    it('keeps the aliases in the nextLink, so the next page has them', async () => {
        const ids = Array.from({ length: 30 }, (_, index) => tenant.profile(index).customerId);
        const { entities, pages } = await retrieveAllPages(
            admin,
            'msdynci_customerprofile',
            `?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='msdynci_customerid'&@p2=${encodeURIComponent(JSON.stringify(ids))}`,
            10,
        );
        expect(pages).toBe(3);
        expect(entities.map((entity) => String(entity.msdynci_customerid)).sort()).toStrictEqual([...ids].sort());
    });

    it.each([
        ["?$select=msdynci_customerid&$filter=msdynci_customerid eq @missing", 'no value was given'],
        ["?$select=msdynci_customerid&$filter=msdynci_customerid eq @p&@p=msdynci_customerid) or (true", 'must be a literal'],
        ["?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=@p)&@p=['a',(]", 'may only hold literals'],
        ["?$select=msdynci_customerid&@p=1&@p=2", 'more than once'],
    ])('%s is a 400', async (options, message) => {
        await expect(admin.retrieveMultipleRecords('msdynci_customerprofile', options)).rejects.toMatchObject({ message: expect.stringContaining(message) as unknown });
    });
});

describe('splitting options', () => {
    it('keeps an apostrophe inside an encoded JSON string from opening a literal', () => {
        const value = encodeURIComponent(JSON.stringify(["O'Brien", 'a&b']));
        const parts = splitQueryOptions(`$select=x&$filter=Microsoft.Dynamics.CRM.In(PropertyName='lastname',PropertyValues=[${value}])&$orderby=x`);
        expect(parts.map((part) => part.name)).toStrictEqual(['$select', '$filter', '$orderby']);
    });

    it('keeps a double quote inside an OData literal, typed or encoded, from opening a JSON string', () => {
        expect(splitQueryOptions("$filter=lastname eq '\"'&$top=50").map((part) => part.name)).toStrictEqual(['$filter', '$top']);
        expect(splitQueryOptions('$filter=lastname eq %27%22%27&$top=50').map((part) => part.name)).toStrictEqual(['$filter', '$top']);
        expect(splitQueryOptions("$filter=lastname eq 'O''Brien'&$top=1").map((part) => part.name)).toStrictEqual(['$filter', '$top']);
    });

    it("still keeps '&' inside a quoted literal and a raw JSON string", () => {
        expect(splitQueryOptions("$filter=name eq 'a&b'&@p=[\"c&d\",\"e\\\"&\"]&$top=1").map((part) => part.name)).toStrictEqual(['$filter', '@p', '$top']);
    });
});

describe('URL length limit', () => {
    const longFilter = (count: number): string =>
        `?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=[${Array.from({ length: count }, (_, i) => encodeURIComponent(JSON.stringify(i.toString(16).padStart(32, '0')))).join(',')}])`;

    it('answers a GET up to 32,768 characters and refuses a longer one with 414', async () => {
        const prefix = `${EMULATOR_BASE_URL}msdynci_customerprofiles`;
        let count = 1;
        while ((prefix + longFilter(count + 1)).length <= MAX_URL_LENGTH) count++;
        await expect(admin.retrieveMultipleRecords('msdynci_customerprofile', longFilter(count))).resolves.toMatchObject({ entities: [] });
        await expect(admin.retrieveMultipleRecords('msdynci_customerprofile', longFilter(count + 1))).rejects.toMatchObject({
            errorCode: 0x80004005,
            message: expect.stringMatching(/Request-URI Too Long.*32768/) as unknown,
        });
        expect(dv.log.entries[dv.log.entries.length - 1]).toMatchObject({ status: 414 });
    });

    it('counts a nextLink as the URL it is', async () => {
        await expect(admin.retrieveMultipleRecords('msdynci_customerprofile', `${EMULATOR_BASE_URL}msdynci_customerprofiles${longFilter(900)}`)).rejects.toMatchObject({ errorCode: 0x80004005 });
    });
});

describe("the app's own reads (a view's rows)", () => {
    it('apply security but are not logged as control requests and leave injected faults for the controls', async () => {
        const direct = await retrieveAllPages(rep, 'contact', '?$select=fullname');
        dv.log.clear();
        dv.faults.failNext(1, 'server');
        try {
            const { entities } = await dv.platformReads(PERSONAS.salesRep.userId).retrieveMultipleRecords('contact', '?$select=fullname', 5000);
            expect(entities.map((entity) => String(entity.contactid))).toStrictEqual(direct.entities.map((entity) => String(entity.contactid)));
            expect(dv.log.entries).toStrictEqual([]);
            expect(dv.faults.pendingFailures).toBe(1);
        } finally {
            dv.faults.reset();
        }
    });

    it('fail like a lost connection while the network is down', async () => {
        dv.faults.networkDown = true;
        try {
            await expect(dv.platformReads(PERSONAS.salesRep.userId).retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toThrow('Failed to fetch');
        } finally {
            dv.faults.reset();
        }
    });
});
