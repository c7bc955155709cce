/**
 * FetchXML subset: conditions, nested filters, order, paging with count/page, aggregates and their limit,
 * and errors that name what is not supported.
 */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, type RetrieveMultipleResult, type StoredRow } from './index';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 11, profileCount: 150 });
const tenant = dv.tenant;
// operations(): these tests check the HTTP-level answer (status, hex code); webApi() rejects with
// { errorCode, message } only (its shape is tested in faults.test.ts).
const admin = dv.operations(PERSONAS.administrator.userId);
const PROFILE = 'msdynci_customerprofile';
const MEMBERSHIP = 'msdynci_segmentmembership';

function fetch(table: string, inner: string, fetchAttributes = '', webApi = admin): Promise<RetrieveMultipleResult> {
    const xml = `<fetch${fetchAttributes}><entity name="${table}">${inner}</entity></fetch>`;
    return webApi.retrieveMultipleRecords(table, `?fetchXml=${encodeURIComponent(xml)}`);
}

async function ids(table: string, filter: string, webApi = admin): Promise<Set<string>> {
    const result = await fetch(table, `<attribute name="${table}id"/>${filter}`, '', webApi);
    return new Set(result.entities.map((entity) => String(entity[`${table}id`])));
}

function expected(table: string, predicate: (row: StoredRow) => boolean): Set<string> {
    return new Set([...tenant.rows(table)].filter(predicate).map((row) => String(row[`${table}id`])));
}

const xmlAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const condition = (attribute: string, operator: string, value?: string): string =>
    `<filter><condition attribute="${attribute}" operator="${operator}"${value === undefined ? '' : ` value="${xmlAttribute(value)}"`}/></filter>`;

describe('conditions', () => {
    const lower = (row: StoredRow, column: string): string => String(row[column]).toLowerCase();
    const cases: Array<[string, string, string | undefined, (row: StoredRow) => boolean]> = [
        ['msdynci_city', 'eq', 'berlin', (row) => lower(row, 'msdynci_city') === 'berlin'],
        ['msdynci_city', 'ne', 'Berlin', (row) => row.msdynci_city !== 'Berlin'],
        ['msdynci_birthdate', 'lt', '1970-01-01', (row) => row.msdynci_birthdate !== null && Date.parse(String(row.msdynci_birthdate)) < 0],
        ['msdynci_birthdate', 'le', '1970-01-01', (row) => row.msdynci_birthdate !== null && Date.parse(String(row.msdynci_birthdate)) <= 0],
        ['msdynci_birthdate', 'gt', '1970-01-01', (row) => row.msdynci_birthdate !== null && Date.parse(String(row.msdynci_birthdate)) > 0],
        ['msdynci_birthdate', 'ge', '1970-01-01', (row) => row.msdynci_birthdate !== null && Date.parse(String(row.msdynci_birthdate)) >= 0],
        ['msdynci_telephone', 'null', undefined, (row) => row.msdynci_telephone === null],
        ['msdynci_telephone', 'not-null', undefined, (row) => row.msdynci_telephone !== null],
        ['msdynci_fullname', 'like', '%an%', (row) => lower(row, 'msdynci_fullname').includes('an')],
        ['msdynci_fullname', 'not-like', 'a%', (row) => !lower(row, 'msdynci_fullname').startsWith('a')],
        ['msdynci_fullname', 'like', '_en%', (row) => /^.en/i.test(String(row.msdynci_fullname))],
        ['msdynci_fullname', 'like', '[ab]%', (row) => /^[ab]/i.test(String(row.msdynci_fullname))],
        ['msdynci_fullname', 'begins-with', 'el', (row) => lower(row, 'msdynci_fullname').startsWith('el')],
        ['msdynci_fullname', 'ends-with', 'er', (row) => lower(row, 'msdynci_fullname').endsWith('er')],
        ['owningbusinessunit', 'eq', BUSINESS_UNIT_IDS.france, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.france],
        ['owningbusinessunit', 'under', BUSINESS_UNIT_IDS.europe, (row) => [BUSINESS_UNIT_IDS.germany, BUSINESS_UNIT_IDS.france].includes(String(row.owningbusinessunit))],
        ['owningbusinessunit', 'eq-or-under', BUSINESS_UNIT_IDS.europe, (row) => [BUSINESS_UNIT_IDS.europe, BUSINESS_UNIT_IDS.germany, BUSINESS_UNIT_IDS.france].includes(String(row.owningbusinessunit))],
    ];
    it.each(cases)('%s %s %s', async (attribute, operator, value, predicate) => {
        const want = expected(PROFILE, predicate);
        expect(want.size).toBeGreaterThan(0);
        await expect(ids(PROFILE, condition(attribute, operator, value))).resolves.toStrictEqual(want);
    });

    it('like escapes with [%], [_] and [[] match literally', async () => {
        await expect(ids(MEMBERSHIP, condition('msdynci_segments', 'like', '%"Promo[_]50[%][_]Off"%'))).resolves.toStrictEqual(expected(MEMBERSHIP, (row) => String(row.msdynci_segments).includes('"Promo_50%_Off"')));
        await expect(ids(MEMBERSHIP, condition('msdynci_segments', 'like', '%"Promo_50%_Off"%'))).resolves.toStrictEqual(
            expected(MEMBERSHIP, (row) => /"Promo.50.*.Off"/.test(String(row.msdynci_segments))),
        );
        await expect(ids(PROFILE, condition('msdynci_fullname', 'like', '%[[]%'))).resolves.toStrictEqual(new Set());
    });

    it('decodes XML entities, numeric character references included, exactly once', async () => {
        const obrien = expected(PROFILE, (row) => row.msdynci_lastname === "O'Brien");
        expect(obrien.size).toBeGreaterThan(0);
        const raw = (value: string): string => `<filter><condition attribute="msdynci_lastname" operator="eq" value="${value}"/></filter>`;
        await expect(ids(PROFILE, raw('O&apos;Brien'))).resolves.toStrictEqual(obrien);
        await expect(ids(PROFILE, raw('O&#39;Brien'))).resolves.toStrictEqual(obrien);
        await expect(ids(PROFILE, raw('O&#x27;Brien'))).resolves.toStrictEqual(obrien);
        await expect(ids(PROFILE, raw('O&amp;#39;Brien'))).resolves.toStrictEqual(new Set());
        await expect(ids(PROFILE, `<filter><condition attribute="msdynci_lastname" operator="in"><value>O&#39;Brien</value></condition></filter>`)).resolves.toStrictEqual(obrien);
    });

    it('in with <value> children', async () => {
        const customers = [4, 5, 6].map((index) => tenant.profile(index).customerId);
        const filter = `<filter><condition attribute="msdynci_customerid" operator="in">${customers.map((id) => `<value>${id}</value>`).join('')}</condition></filter>`;
        await expect(ids(MEMBERSHIP, filter)).resolves.toStrictEqual(expected(MEMBERSHIP, (row) => customers.includes(String(row.msdynci_customerid))));
    });

    it('eq-businessid uses the caller\'s business unit', async () => {
        const agent = dv.operations(PERSONAS.serviceAgent.userId);
        await expect(ids(PROFILE, condition('owningbusinessunit', 'eq-businessid'), agent)).resolves.toStrictEqual(expected(PROFILE, (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.unitedStates));
    });

    it('nested and/or filters', async () => {
        const filter = `<filter type="and"><condition attribute="msdynci_telephone" operator="not-null"/><filter type="or"><condition attribute="msdynci_city" operator="eq" value="Berlin"/><condition attribute="msdynci_city" operator="eq" value="Lyon"/></filter></filter>`;
        await expect(ids(PROFILE, filter)).resolves.toStrictEqual(expected(PROFILE, (row) => row.msdynci_telephone !== null && ['Berlin', 'Lyon'].includes(String(row.msdynci_city))));
    });
});

describe('results, order and paging', () => {
    it('omits null columns and carries annotations', async () => {
        const result = await fetch(PROFILE, '<attribute name="msdynci_telephone"/><attribute name="owningbusinessunit"/><filter><condition attribute="msdynci_telephone" operator="null"/></filter>');
        expect(result.entities.length).toBeGreaterThan(0);
        for (const entity of result.entities) {
            expect(entity).not.toHaveProperty('msdynci_telephone');
            expect(entity['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toStrictEqual(expect.any(String));
        }
    });

    it('orders and pages with count/page, reporting moreRecords and a paging cookie', async () => {
        const order = '<attribute name="msdynci_fullname"/><order attribute="msdynci_fullname" descending="true"/>';
        const all = await fetch(PROFILE, order);
        const names = all.entities.map((entity) => String(entity.msdynci_fullname).toLowerCase());
        expect(names).toStrictEqual([...names].sort().reverse());
        const collected: string[] = [];
        for (let page = 1; ; page++) {
            const result = await fetch(PROFILE, order, ` count="40" page="${page}"`);
            collected.push(...result.entities.map((entity) => String(entity.msdynci_customerprofileid)));
            if (result.moreRecords !== true) {
                expect(result.fetchXmlPagingCookie).toBeUndefined();
                break;
            }
            expect(result.fetchXmlPagingCookie).toContain('<cookie page=');
            expect(result.nextLink).toBeUndefined();
        }
        expect(collected).toStrictEqual(all.entities.map((entity) => String(entity.msdynci_customerprofileid)));
    });

    it('aggregates count and countcolumn grouped by business unit', async () => {
        const result = await fetch(
            PROFILE,
            '<attribute name="msdynci_customerprofileid" alias="profiles" aggregate="count"/><attribute name="msdynci_telephone" alias="phones" aggregate="countcolumn"/><attribute name="owningbusinessunit" alias="unit" groupby="true"/>',
            ' aggregate="true"',
        );
        const rows = [...tenant.rows(PROFILE)];
        for (const entity of result.entities) {
            const unitRows = rows.filter((row) => row.owningbusinessunit === entity.unit);
            expect(entity.profiles).toBe(unitRows.length);
            expect(entity.phones).toBe(unitRows.filter((row) => row.msdynci_telephone !== null).length);
            expect(entity['unit@OData.Community.Display.V1.FormattedValue']).toBe(tenant.businessUnit(String(entity.unit))?.name);
        }
        expect(result.entities.reduce((sum, entity) => sum + Number(entity.profiles), 0)).toBe(rows.length);
    });

    it('aggregates only what the caller may read', async () => {
        const agent = dv.operations(PERSONAS.serviceAgent.userId);
        const result = await fetch(PROFILE, '<attribute name="msdynci_customerprofileid" alias="n" aggregate="count"/>', ' aggregate="true"', agent);
        expect(result.entities).toStrictEqual([{ n: [...tenant.rows(PROFILE)].filter((row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.unitedStates).length }]);
    });
});

describe('aggregate limit', () => {
    it('fails over 50,000 rows with 0x8004E023, works at 50,000 or below', async () => {
        const big = DataverseEmulator.withSyntheticTenant({ seed: 1, profileCount: 50_001 });
        const api = big.operations(PERSONAS.administrator.userId);
        const count = `<fetch aggregate="true"><entity name="${MEMBERSHIP}"><attribute name="msdynci_segmentmembershipid" alias="n" aggregate="count"/></entity></fetch>`;
        await expect(api.retrieveMultipleRecords(MEMBERSHIP, `?fetchXml=${encodeURIComponent(count)}`)).rejects.toMatchObject({
            code: '0x8004E023',
            errorCode: 0x8004e023,
            status: 400,
            message: expect.stringContaining('AggregateQueryRecordLimit') as unknown,
        });
        const agent = big.operations(PERSONAS.serviceAgent.userId);
        const result = (await agent.retrieveMultipleRecords(MEMBERSHIP, `?fetchXml=${encodeURIComponent(count)}`)) as RetrieveMultipleResult;
        expect(Number(result.entities[0]?.n)).toBeLessThan(50_000);
    }, 60_000);
});

describe('errors', () => {
    it.each([
        ['<attribute name="msdynci_shoesize"/>', '', "doesn't contain attribute with Name = 'msdynci_shoesize'", '0x80041103'],
        ['<attribute name="msdynci_fullname"/><link-entity name="contact" from="contactid" to="msdynci_customerprofileid"/>', '', 'link-entity', '0x80060888'],
        [condition('msdynci_fullname', 'eq-userid'), '', "'eq-userid'", '0x80060888'],
        [condition('msdynci_fullname', 'last-x-days', '3'), '', "'last-x-days'", '0x80060888'],
        ['<attribute name="msdynci_fullname" alias="x" aggregate="stdev"/>', ' aggregate="true"', 'stdev', '0x80060888'],
        ['<attribute name="msdynci_fullname"/>', ' distinct="true"', 'distinct', '0x80060888'],
        ['<attribute name="msdynci_fullname"/><order attribute="msdynci_nope"/>', '', 'msdynci_nope', '0x80041103'],
        [condition('msdynci_city', 'eq-businessid'), '', 'businessunit', '0x80040203'],
    ])('rejects %s', async (inner, fetchAttributes, named, code) => {
        await expect(fetch(PROFILE, inner, fetchAttributes)).rejects.toMatchObject({ status: 400, code, message: expect.stringContaining(named) as unknown });
    });

    it('rejects malformed XML, a fetch for another table, and non-encoded fetchXml', async () => {
        await expect(admin.retrieveMultipleRecords(PROFILE, `?fetchXml=${encodeURIComponent('<fetch><entity name="x">')}`)).rejects.toMatchObject({ status: 400, code: '0x80040203' });
        await expect(fetch('contact', '<attribute name="fullname"/>').then(() => admin.retrieveMultipleRecords(PROFILE, `?fetchXml=${encodeURIComponent('<fetch><entity name="contact"><attribute name="fullname"/></entity></fetch>')}`))).rejects.toMatchObject({ status: 400 });
        await expect(admin.retrieveMultipleRecords(PROFILE, '?fetchXml=%E0%A4%A')).rejects.toMatchObject({ status: 400 });
    });
});
