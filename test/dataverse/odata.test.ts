/**
 * OData queries: every supported operator and function, compared with the tenant's rows filtered by plain
 * JavaScript here; unknown columns; unsupported syntax; annotations.
 */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, type StoredRow } from './index';
import { retrieveAllPages } from './helpers';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 120 });
const tenant = dv.tenant;
// operations(): these tests check the HTTP-level answer (status, hex code); webApi() rejects with
// { errorCode, message } only (its shape is tested in faults.test.ts).
const admin = dv.operations(PERSONAS.administrator.userId);

function rowsWhere(table: string, predicate: (row: StoredRow) => boolean): StoredRow[] {
    return [...tenant.rows(table)].filter(predicate);
}

async function ids(table: string, filter: string, webApi = admin): Promise<Set<string>> {
    const primaryId = `${table}id`;
    const { entities } = await retrieveAllPages(webApi, table, `?$select=${primaryId}&$filter=${filter}`);
    return new Set(entities.map((entity) => String(entity[primaryId])));
}

function idSet(table: string, rows: readonly StoredRow[]): Set<string> {
    return new Set(rows.map((row) => String(row[`${table}id`])));
}

const PROFILE = 'msdynci_customerprofile';
const ACTIVITY = 'msdynci_unifiedactivity';
const MEMBERSHIP = 'msdynci_segmentmembership';
const ms = (value: StoredRow[string]): number => Date.parse(String(value));

describe('comparison operators', () => {
    // An existing activity time, so eq finds something.
    const pivot = String([...tenant.rows(ACTIVITY)][10]?.msdynci_activitytime);
    const cases: Array<[string, (row: StoredRow) => boolean]> = [
        [`msdynci_activitytime eq ${pivot}`, (row) => ms(row.msdynci_activitytime) === Date.parse(pivot)],
        [`msdynci_activitytime ne ${pivot}`, (row) => ms(row.msdynci_activitytime) !== Date.parse(pivot)],
        [`msdynci_activitytime gt ${pivot}`, (row) => ms(row.msdynci_activitytime) > Date.parse(pivot)],
        [`msdynci_activitytime ge ${pivot}`, (row) => ms(row.msdynci_activitytime) >= Date.parse(pivot)],
        [`msdynci_activitytime lt ${pivot}`, (row) => ms(row.msdynci_activitytime) < Date.parse(pivot)],
        [`msdynci_activitytime le ${pivot}`, (row) => ms(row.msdynci_activitytime) <= Date.parse(pivot)],
        ['msdynci_rangeindex ge 3', (row) => Number(row.msdynci_rangeindex) >= 3],
        ['msdynci_rangeindex lt 2', (row) => Number(row.msdynci_rangeindex) < 2],
        ["msdynci_activitytype eq 'Email'", (row) => row.msdynci_activitytype === 'Email'],
        ["msdynci_activitytype ne 'Email'", (row) => row.msdynci_activitytype !== 'Email'],
    ];
    it.each(cases)('%s', async (filter, predicate) => {
        const expected = idSet(ACTIVITY, rowsWhere(ACTIVITY, predicate));
        expect(expected.size).toBeGreaterThan(0);
        await expect(ids(ACTIVITY, filter)).resolves.toStrictEqual(expected);
    });

    it('string equality is case-insensitive (SQL collation) and date-only literals work', async () => {
        await expect(ids(ACTIVITY, "msdynci_activitytype eq 'EMAIL'")).resolves.toStrictEqual(idSet(ACTIVITY, rowsWhere(ACTIVITY, (row) => row.msdynci_activitytype === 'Email')));
        await expect(ids(ACTIVITY, 'msdynci_activitytime lt 2025-01-01')).resolves.toStrictEqual(idSet(ACTIVITY, rowsWhere(ACTIVITY, (row) => ms(row.msdynci_activitytime) < Date.UTC(2025, 0, 1))));
    });

    it('eq on the customer id returns exactly that customer', async () => {
        const customerId = tenant.profile(5).customerId;
        await expect(ids(PROFILE, `msdynci_customerid eq '${customerId}'`)).resolves.toStrictEqual(new Set([tenant.profile(5).profileId]));
        await expect(ids(ACTIVITY, `msdynci_customerid eq '${customerId}'`)).resolves.toStrictEqual(idSet(ACTIVITY, rowsWhere(ACTIVITY, (row) => row.msdynci_customerid === customerId)));
    });

    it('lookups compare by GUID on _<name>_value', async () => {
        await expect(ids(PROFILE, `_owningbusinessunit_value eq ${BUSINESS_UNIT_IDS.canada}`)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.canada)));
        await expect(ids(PROFILE, `_owningbusinessunit_value eq ${BUSINESS_UNIT_IDS.canada.toUpperCase()}`)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.canada)));
    });
});

describe('logical operators and parentheses', () => {
    it('and, or, not and parentheses combine with the usual precedence', async () => {
        const filter = "(msdynci_activitytype eq 'Email' or msdynci_activitytype eq 'Purchase') and not (msdynci_rangeindex eq 0)";
        const expected = rowsWhere(ACTIVITY, (row) => (row.msdynci_activitytype === 'Email' || row.msdynci_activitytype === 'Purchase') && row.msdynci_rangeindex !== 0);
        await expect(ids(ACTIVITY, filter)).resolves.toStrictEqual(idSet(ACTIVITY, expected));
        const withoutParentheses = "msdynci_activitytype eq 'Email' or msdynci_activitytype eq 'Purchase' and msdynci_rangeindex eq 0";
        const precedence = rowsWhere(ACTIVITY, (row) => row.msdynci_activitytype === 'Email' || (row.msdynci_activitytype === 'Purchase' && row.msdynci_rangeindex === 0));
        await expect(ids(ACTIVITY, withoutParentheses)).resolves.toStrictEqual(idSet(ACTIVITY, precedence));
        await expect(ids(ACTIVITY, "not(msdynci_activitytype eq 'Email')")).resolves.toStrictEqual(idSet(ACTIVITY, rowsWhere(ACTIVITY, (row) => row.msdynci_activitytype !== 'Email')));
    });
});

describe('string functions', () => {
    it('contains, startswith, endswith (case-insensitive)', async () => {
        await expect(ids(PROFILE, "contains(msdynci_fullname,'an')")).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => String(row.msdynci_fullname).toLowerCase().includes('an'))));
        await expect(ids(PROFILE, "startswith(msdynci_fullname,'e')")).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => String(row.msdynci_fullname).toLowerCase().startsWith('e'))));
        await expect(ids(PROFILE, "endswith(msdynci_fullname,'SEN')")).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => String(row.msdynci_fullname).toLowerCase().endsWith('sen'))));
    });

    it('treats % and _ in contains() literally', async () => {
        const percent = await ids(MEMBERSHIP, "contains(msdynci_segments,'\"Promo_50%_Off\"')");
        expect(percent).toStrictEqual(idSet(MEMBERSHIP, rowsWhere(MEMBERSHIP, (row) => String(row.msdynci_segments).includes('"Promo_50%_Off"'))));
        expect(percent.size).toBeGreaterThan(0);
        await expect(ids(PROFILE, "contains(msdynci_fullname,'a_')")).resolves.toStrictEqual(new Set());
        await expect(ids(PROFILE, "contains(msdynci_fullname,'%')")).resolves.toStrictEqual(new Set());
    });

    it("parses '' inside a literal as one quote", async () => {
        const obrien = idSet(PROFILE, rowsWhere(PROFILE, (row) => row.msdynci_lastname === "O'Brien"));
        expect(obrien.size).toBeGreaterThan(0);
        await expect(ids(PROFILE, "msdynci_lastname eq 'O''Brien'")).resolves.toStrictEqual(obrien);
        await expect(ids(MEMBERSHIP, "contains(msdynci_segments,'\"Owner''s_Club\"')")).resolves.toStrictEqual(idSet(MEMBERSHIP, rowsWhere(MEMBERSHIP, (row) => String(row.msdynci_segments).includes('"Owner\'s_Club"'))));
        await expect(ids(PROFILE, encodeURIComponent("msdynci_lastname eq 'O''Brien'"))).resolves.toStrictEqual(obrien);
    });

    it('rejects an unterminated literal instead of guessing', async () => {
        await expect(ids(PROFILE, "msdynci_lastname eq 'O'Brien'")).rejects.toMatchObject({ status: 400 });
        await expect(ids(PROFILE, "msdynci_lastname eq 'x''")).rejects.toMatchObject({ status: 400, message: expect.stringContaining('unterminated') as unknown });
    });
});

describe('null checks and In', () => {
    it('eq null / ne null', async () => {
        await expect(ids(PROFILE, 'msdynci_telephone eq null')).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.msdynci_telephone === null)));
        await expect(ids(PROFILE, 'msdynci_telephone ne null')).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.msdynci_telephone !== null)));
    });

    it('Microsoft.Dynamics.CRM.In on text and on a lookup', async () => {
        const customers = [1, 2, 3].map((index) => tenant.profile(index).customerId);
        const filter = `Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=[${customers.map((id) => `'${id}'`).join(',')}])`;
        await expect(ids(MEMBERSHIP, filter)).resolves.toStrictEqual(idSet(MEMBERSHIP, rowsWhere(MEMBERSHIP, (row) => customers.includes(String(row.msdynci_customerid)))));
        const units = [BUSINESS_UNIT_IDS.france, BUSINESS_UNIT_IDS.canada];
        const byUnit = `Microsoft.Dynamics.CRM.In(PropertyName='owningbusinessunit',PropertyValues=['${units[0] ?? ''}','${units[1] ?? ''}'])`;
        await expect(ids(PROFILE, byUnit)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => units.includes(String(row.owningbusinessunit)))));
        await expect(ids(PROFILE, `Microsoft.Dynamics.CRM.NotIn(PropertyName='owningbusinessunit',PropertyValues=['${units[0] ?? ''}','${units[1] ?? ''}'])`)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => !units.includes(String(row.owningbusinessunit)))));
    });
});

describe('business-unit functions', () => {
    it("EqualBusinessId matches the caller's home business unit", async () => {
        const agent = dv.operations(PERSONAS.serviceAgent.userId);
        await expect(ids(PROFILE, "Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit')", agent)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.unitedStates)));
        const manager = dv.operations(PERSONAS.salesManager.userId);
        await expect(ids(PROFILE, "Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit')", manager)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.northAmerica)));
    });

    it('Under excludes the unit itself, UnderOrEqual includes it', async () => {
        const below = [BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada];
        await expect(ids(PROFILE, `Microsoft.Dynamics.CRM.Under(PropertyName='owningbusinessunit',PropertyValue='${BUSINESS_UNIT_IDS.northAmerica}')`)).resolves.toStrictEqual(idSet(PROFILE, rowsWhere(PROFILE, (row) => below.includes(String(row.owningbusinessunit)))));
        await expect(ids(PROFILE, `Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='owningbusinessunit',PropertyValue='${BUSINESS_UNIT_IDS.northAmerica}')`)).resolves.toStrictEqual(
            idSet(PROFILE, rowsWhere(PROFILE, (row) => [...below, BUSINESS_UNIT_IDS.northAmerica].includes(String(row.owningbusinessunit)))),
        );
        await expect(ids('businessunit', `Microsoft.Dynamics.CRM.Under(PropertyName='businessunitid',PropertyValue='${BUSINESS_UNIT_IDS.europe}')`)).resolves.toStrictEqual(new Set([BUSINESS_UNIT_IDS.germany, BUSINESS_UNIT_IDS.france]));
    });

    it('BU functions on a column that does not reference businessunit are rejected', async () => {
        await expect(ids(PROFILE, "Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='msdynci_city')")).rejects.toMatchObject({ status: 400 });
    });
});

describe('$select, $orderby, $top', () => {
    it('returns selected columns, the primary id, lookup and formatted-value annotations, nulls as null', async () => {
        const page = await admin.retrieveMultipleRecords(PROFILE, `?$select=msdynci_fullname,msdynci_telephone,msdynci_birthdate,_owningbusinessunit_value,_ownerid_value&$filter=msdynci_customerid eq '${tenant.profile(0).customerId}'`);
        expect(page.entities).toHaveLength(1);
        const entity = page.entities[0] as Record<string, unknown>;
        expect(entity).toMatchObject({
            msdynci_customerprofileid: tenant.profile(0).profileId,
            msdynci_fullname: tenant.profile(0).fullName,
            _owningbusinessunit_value: BUSINESS_UNIT_IDS.unitedStates,
            '_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue': 'United States',
            '_owningbusinessunit_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'businessunit',
            '_ownerid_value@OData.Community.Display.V1.FormattedValue': 'United States',
            '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team',
        });
        expect('msdynci_telephone' in entity).toBe(true);
        expect(entity).not.toHaveProperty('msdynci_city');
        if (entity.msdynci_birthdate !== null) {
            expect(entity['msdynci_birthdate@OData.Community.Display.V1.FormattedValue']).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
        }
    });

    it('formats numbers', async () => {
        const page = await admin.retrieveMultipleRecords(ACTIVITY, '?$select=msdynci_rangeindex&$top=1');
        const entity = page.entities[0] as Record<string, unknown>;
        expect(entity['msdynci_rangeindex@OData.Community.Display.V1.FormattedValue']).toBe(String(entity.msdynci_rangeindex));
    });

    it('$orderby sorts ascending and descending, with ties in a stable order', async () => {
        const { entities } = await retrieveAllPages(admin, ACTIVITY, '?$select=msdynci_activitytype,msdynci_activitytime&$orderby=msdynci_activitytype asc,msdynci_activitytime desc', 50);
        const expected = [...tenant.rows(ACTIVITY)].sort(
            (a, b) => String(a.msdynci_activitytype).toLowerCase().localeCompare(String(b.msdynci_activitytype).toLowerCase()) || ms(b.msdynci_activitytime) - ms(a.msdynci_activitytime),
        );
        expect(entities.map((entity): unknown[] => [entity.msdynci_activitytype, entity.msdynci_activitytime])).toStrictEqual(expected.map((row) => [row.msdynci_activitytype, row.msdynci_activitytime]));
    });

    it('$top limits the total and works across pages', async () => {
        const single = await admin.retrieveMultipleRecords(PROFILE, '?$select=msdynci_fullname&$top=5');
        expect(single.entities).toHaveLength(5);
        expect(single.nextLink).toBeUndefined();
        const { entities, pages } = await retrieveAllPages(admin, PROFILE, '?$select=msdynci_fullname&$top=7', 3);
        expect(entities).toHaveLength(7);
        expect(pages).toBe(3);
    });
});

describe('errors', () => {
    const unknown = (name: string): object => ({ status: 400, message: `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${PROFILE}'.` });

    it('unknown columns in $select, $filter and $orderby', async () => {
        await expect(admin.retrieveMultipleRecords(PROFILE, '?$select=msdynci_fullname,msdynci_shoesize')).rejects.toMatchObject(unknown('msdynci_shoesize'));
        await expect(admin.retrieveMultipleRecords(PROFILE, "?$select=msdynci_fullname&$filter=msdynci_shoesize eq '42'")).rejects.toMatchObject(unknown('msdynci_shoesize'));
        await expect(admin.retrieveMultipleRecords(PROFILE, '?$select=msdynci_fullname&$orderby=msdynci_shoesize desc')).rejects.toMatchObject(unknown('msdynci_shoesize'));
        await expect(admin.retrieveMultipleRecords(PROFILE, "?$select=msdynci_fullname&$filter=contains(msdynci_shoesize,'4')")).rejects.toMatchObject(unknown('msdynci_shoesize'));
        // A lookup is addressed as _<name>_value in OData; its logical name is not a property.
        await expect(admin.retrieveMultipleRecords(PROFILE, '?$select=owningbusinessunit')).rejects.toMatchObject(unknown('owningbusinessunit'));
        await expect(admin.retrieveRecord(PROFILE, tenant.profile(0).profileId, '?$select=msdynci_nope')).rejects.toMatchObject(unknown('msdynci_nope'));
    });

    it('requires $select', async () => {
        await expect(admin.retrieveMultipleRecords(PROFILE, '?$top=3')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('$select') as unknown });
        await expect(admin.retrieveMultipleRecords(PROFILE)).rejects.toMatchObject({ status: 400 });
        await expect(admin.retrieveRecord(PROFILE, tenant.profile(0).profileId)).rejects.toMatchObject({ status: 400 });
    });

    it.each([
        ['?$select=msdynci_fullname&$expand=owningbusinessunit($select=name;$filter=name ne null)', '$expand'],
        ['?$select=msdynci_fullname&$skip=10', '$skip'],
        ['?$select=msdynci_fullname&$count=true', '$count'],
        ['?$select=*', '$select=*'],
        ["?$select=msdynci_fullname&$filter=tolower(msdynci_fullname) eq 'x'", 'tolower'],
        ["?$select=msdynci_fullname&$filter=contains(msdynci_fullname,'a') eq true", 'contains'],
        ["?$select=msdynci_fullname&$filter=Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')", 'EqualUserId'],
        ['?$select=msdynci_fullname&$filter=msdynci_fullname eq msdynci_lastname', 'Comparing two properties'],
        ['?$select=msdynci_fullname&$filter=msdynci_fullname has 1', 'has'],
        ["?$select=msdynci_fullname&$filter=owningbusinessunit/name eq 'x'", 'position'],
        ['?$select=msdynci_fullname&foo=bar', 'foo'],
    ])('rejects %s naming %s', async (options, named) => {
        await expect(admin.retrieveMultipleRecords(PROFILE, options)).rejects.toMatchObject({ status: 400, message: expect.stringContaining(named) as unknown });
    });

    it('rejects literals of the wrong type like the platform', async () => {
        await expect(admin.retrieveMultipleRecords(PROFILE, `?$select=msdynci_fullname&$filter=_owningbusinessunit_value eq '${BUSINESS_UNIT_IDS.canada}'`)).rejects.toMatchObject({
            status: 400,
            message: expect.stringContaining("incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String'") as unknown,
        });
        await expect(admin.retrieveMultipleRecords(ACTIVITY, "?$select=msdynci_title&$filter=msdynci_rangeindex eq '1'")).rejects.toMatchObject({ status: 400 });
        await expect(admin.retrieveMultipleRecords(ACTIVITY, "?$select=msdynci_title&$filter=msdynci_activitytime gt '2025-01-01'")).rejects.toMatchObject({ status: 400 });
    });

    it('rejects an unknown table and options without a leading ?', async () => {
        await expect(admin.retrieveMultipleRecords('msdynci_nothing', '?$select=x')).rejects.toMatchObject({ status: 404 });
        await expect(admin.retrieveMultipleRecords(PROFILE, '$select=msdynci_fullname')).rejects.toMatchObject({ status: 400 });
    });
});

describe('retrieveRecord', () => {
    it('accepts upper-case and braced ids, 404s unknown ones', async () => {
        const { profileId, fullName } = tenant.profile(3);
        await expect(admin.retrieveRecord(PROFILE, `{${profileId.toUpperCase()}}`, '?$select=msdynci_fullname')).resolves.toMatchObject({ msdynci_fullname: fullName, msdynci_customerprofileid: profileId });
        await expect(admin.retrieveRecord(PROFILE, '00000000-0000-4000-8000-000000000000', '?$select=msdynci_fullname')).rejects.toMatchObject({ status: 404, code: '0x80040217' });
        await expect(admin.retrieveRecord(PROFILE, 'not-a-guid', '?$select=msdynci_fullname')).rejects.toMatchObject({ status: 400 });
    });
});
