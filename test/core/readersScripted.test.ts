/**
 * The table readers (components/shared/readers.ts) over scripted answers: the profile is resolved by the
 * emulator, the table under test answers with rows the test writes (rows of other customers, rows without
 * ids, times or origins, several rows per customer). Pins the query each reader sends (columns, customer
 * filter, business-unit scope only on the tables that inherit it, page sizes), the defence-in-depth filter
 * on the customer id, how rows are mapped and summed up for the badge, and the activity page's keyset
 * query in both forms. Written from mutation testing.
 */
import { BUSINESS_UNIT_IDS, PERSONAS, type PersonaKey } from '../dataverse';
import { combineStatus, type FoundProfile, type InsightsReader, type InsightsReaderOptions } from '../../components/shared';
import { readUnifiedActivities } from '../../components/shared/readers';
import { QueryValueError, where } from '../../components/shared/query';
import type { Requester } from '../../components/shared/requests';
import { contactId, emulator, readerFor, scriptedReader } from './support';

const dv = emulator();
type Row = Record<string, unknown>;

const BU = '_owningbusinessunit_value';
const BU_NAME = `${BU}@OData.Community.Display.V1.FormattedValue`;
const UNIT = BUSINESS_UNIT_IDS.unitedStates;
const OTHER_UNIT = BUSINESS_UNIT_IDS.germany;
const OTHER_CUSTOMER = 'ffffffffffffffffffffffffffffffff';
const guid = (n: number): string => `7d3c2b1a-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Asked {
    readonly table: string;
    readonly options: string;
    readonly maxPageSize?: number;
}

/**
 * A reader for `persona` whose `tables` answer with scripted rows (given the decoded options); every other
 * table is the emulator's. Records what the scripted tables were asked.
 */
function scripted(persona: PersonaKey, tables: Record<string, (options: string) => Row[]>, options: InsightsReaderOptions = {}): { reader: InsightsReader; asked: Asked[] } {
    const asked: Asked[] = [];
    const real = dv.webApi(PERSONAS[persona].userId);
    const webApi = {
        retrieveMultipleRecords: async (table: string, raw?: string, maxPageSize?: number) => {
            const answer = tables[table];
            if (answer === undefined) return real.retrieveMultipleRecords(table, raw, maxPageSize);
            const decoded = decodeURIComponent(raw ?? '');
            asked.push({ table, options: decoded, ...(maxPageSize !== undefined ? { maxPageSize } : {}) });
            return { entities: answer(decoded), nextLink: '' };
        },
    };
    return { reader: readerFor(dv, persona, options, webApi), asked };
}

async function found(reader: InsightsReader, key: Parameters<typeof contactId>[1] = 'serviceAgentCustomer'): Promise<FoundProfile> {
    const resolution = await reader.resolveProfile({ recordId: contactId(dv, key) });
    if (resolution.kind !== 'found') throw new Error(`expected a found profile for ${key}, got ${resolution.kind}`);
    return resolution;
}

const origin = (unit: string | undefined, modifiedOn: string | undefined, name?: string): Row => ({
    ...(unit !== undefined ? { [BU]: unit } : {}),
    ...(name !== undefined ? { [BU_NAME]: name } : {}),
    ...(modifiedOn !== undefined ? { modifiedon: modifiedOn } : {}),
});

beforeEach(() => {
    dv.faults.reset();
    dv.log.clear();
});

describe('segment membership', () => {
    it('asks for its columns of this customer, in pages of 500, with the business-unit scope', async () => {
        const { reader, asked } = scripted('serviceAgent', { msdynci_segmentmembership: () => [] }, { businessUnitScope: 'businessUnit' });
        const profile = await found(reader);
        await reader.readSegmentMembership(profile);
        expect(asked).toStrictEqual([
            {
                table: 'msdynci_segmentmembership',
                options: `?$select=msdynci_segmentmembershipid,msdynci_customerid,msdynci_segments,msdynci_segmentprovider,msdynci_segmentmembershiptype,${BU},modifiedon&$filter=(msdynci_customerid eq '${profile.customerId}' and Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit'))`,
                maxPageSize: 500,
            },
        ]);
    });

    it('keeps only rows of this customer and sums up their segments, texts and origin', async () => {
        let customer = '';
        const { reader } = scripted('serviceAgent', {
            msdynci_segmentmembership: () => [
                { msdynci_segmentmembershipid: guid(1), msdynci_customerid: customer.toUpperCase(), msdynci_segments: '{"Segments":["Gold","Silver"]}', msdynci_segmentprovider: 'CI', msdynci_segmentmembershiptype: 'Static', ...origin(UNIT, '2026-01-01T00:00:00Z', 'United States') },
                { msdynci_segmentmembershipid: guid(2), msdynci_customerid: OTHER_CUSTOMER, msdynci_segments: '{"Segments":["Leaked"]}', ...origin(UNIT, '2026-09-01T00:00:00Z') },
                { msdynci_segmentmembershipid: guid(3), msdynci_segments: '{"Segments":["NoCustomer"]}', ...origin(UNIT, '2026-09-01T00:00:00Z') },
                { msdynci_customerid: ` ${customer} `, msdynci_segments: '{"Segments":["Silver","Bronze"]}', msdynci_segmentprovider: '  ', ...origin(UNIT, '2026-02-01T00:00:00Z') },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const read = await reader.readSegmentMembership(profile);
        expect(read).toStrictEqual({
            customerId: profile.customerId,
            rows: [
                {
                    id: guid(1),
                    segments: { status: 'complete', value: ['Gold', 'Silver'] },
                    segmentProvider: 'CI',
                    membershipType: 'Static',
                    owningBusinessUnit: { id: UNIT, name: 'United States' },
                    modifiedOn: new Date('2026-01-01T00:00:00Z'),
                },
                { id: '', segments: { status: 'complete', value: ['Silver', 'Bronze'] }, owningBusinessUnit: { id: UNIT }, modifiedOn: new Date('2026-02-01T00:00:00Z') },
            ],
            modifiedOn: new Date('2026-02-01T00:00:00Z'),
            owningBusinessUnit: { id: UNIT, name: 'United States' },
            segments: ['Gold', 'Silver', 'Bronze'],
            segmentsStatus: 'complete',
        });
    });

    it('names no business unit when the rows have different ones, and no time when none has one', async () => {
        let customerOf = '';
        const { reader } = scripted('serviceAgent', {
            msdynci_segmentmembership: () => [
                { msdynci_segmentmembershipid: guid(1), msdynci_customerid: customerOf, msdynci_segments: 'not json', ...origin(UNIT, undefined) },
                { msdynci_segmentmembershipid: guid(2), msdynci_customerid: customerOf, msdynci_segments: '{"Segments":["Gold"]}', ...origin(OTHER_UNIT, undefined) },
            ],
        });
        const profile = await found(reader);
        customerOf = profile.customerId;
        const read = await reader.readSegmentMembership(profile);
        expect(read.rows).toHaveLength(2);
        expect('owningBusinessUnit' in read).toBe(false);
        expect('modifiedOn' in read).toBe(false);
        expect(read.segments).toStrictEqual(['Gold']);
        expect(read.segmentsStatus).toBe('partial');
    });
});

describe('customer measures', () => {
    it('shows the measures of the newest row; rows without a time count as oldest', async () => {
        let customer = '';
        const { reader, asked } = scripted('serviceAgent', {
            msdynci_customermeasure: () => [
                { msdynci_customermeasureid: guid(1), msdynci_customerid: customer, msdynci_measures: '{"Visits":1}' },
                { msdynci_customermeasureid: guid(2), msdynci_customerid: customer, msdynci_measures: '{"Visits":3}', ...origin(UNIT, '2026-03-01T00:00:00Z') },
                { msdynci_customermeasureid: guid(3), msdynci_customerid: customer, msdynci_measures: '{"Visits":2', ...origin(UNIT, '2026-02-01T00:00:00Z') },
                { msdynci_customermeasureid: guid(4), msdynci_customerid: OTHER_CUSTOMER, msdynci_measures: '{"Visits":99}', ...origin(UNIT, '2026-12-01T00:00:00Z') },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const read = await reader.readCustomerMeasures(profile);
        expect(read.rows.map((r) => r.id)).toStrictEqual([guid(1), guid(2), guid(3)]);
        expect([...read.measures]).toStrictEqual([['Visits', 3]]);
        expect(read.measuresStatus).toBe('complete');
        expect(read.modifiedOn).toStrictEqual(new Date('2026-03-01T00:00:00Z'));
        expect(asked[0]?.options).toBe(`?$select=msdynci_customermeasureid,msdynci_customerid,msdynci_measures,${BU},modifiedon&$filter=msdynci_customerid eq '${profile.customerId}'`);
        expect(asked[0]?.maxPageSize).toBe(500);
    });

    it('takes the newest row whatever the order, also when the newest is unreadable', async () => {
        let customer = '';
        const { reader } = scripted('serviceAgent', {
            msdynci_customermeasure: () => [
                { msdynci_customermeasureid: guid(1), msdynci_customerid: customer, msdynci_measures: '{"Visits":1}', ...origin(UNIT, '2026-01-01T00:00:00Z') },
                { msdynci_customermeasureid: guid(2), msdynci_customerid: customer, msdynci_measures: 'garbage', ...origin(UNIT, '2026-05-01T00:00:00Z') },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const read = await reader.readCustomerMeasures(profile);
        expect(read.measures.size).toBe(0);
        expect(read.measuresStatus).toBe('unreadable');
    });

    it('asks with the business-unit scope (measures inherit the profile business unit)', async () => {
        const { reader, asked } = scripted('serviceAgent', { msdynci_customermeasure: () => [] }, { businessUnitScope: 'businessUnit' });
        const profile = await found(reader);
        await reader.readCustomerMeasures(profile);
        expect(asked[0]?.options).toBe(
            `?$select=msdynci_customermeasureid,msdynci_customerid,msdynci_measures,${BU},modifiedon&$filter=(msdynci_customerid eq '${profile.customerId}' and Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit'))`,
        );
    });

    it('reads rows without an id or a time: the first of rows without times wins', async () => {
        let customer = '';
        const { reader } = scripted('serviceAgent', {
            msdynci_customermeasure: () => [
                { msdynci_customerid: customer, msdynci_measures: '{"Visits":1}' },
                { msdynci_customerid: customer, msdynci_measures: '{"Visits":2}' },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const read = await reader.readCustomerMeasures(profile);
        expect(read.rows.map((r) => r.id)).toStrictEqual(['', '']);
        expect([...read.measures]).toStrictEqual([['Visits', 1]]);
    });

    it('is empty, not unreadable, when the customer has no row', async () => {
        const { reader } = scripted('serviceAgent', { msdynci_customermeasure: () => [] });
        const read = await reader.readCustomerMeasures(await found(reader));
        expect(read.rows).toStrictEqual([]);
        expect(read.measures).toStrictEqual(new Map());
        expect(read.measuresStatus).toBe('empty');
        expect(Object.keys(read).sort()).toStrictEqual(['customerId', 'measures', 'measuresStatus', 'rows']);
    });
});

describe('root-owned tables (predictions, enrichments)', () => {
    it('ask for this customer without the business-unit scope (root-owned rows would all be filtered out)', async () => {
        const { reader, asked } = scripted('salesManager', { msdynci_prediction: () => [], msdynci_enrichment: () => [] }, { businessUnitScope: 'businessUnitAndChildren' });
        const profile = await found(reader);
        await reader.readPredictions(profile);
        await reader.readEnrichments(profile);
        expect(asked).toStrictEqual([
            { table: 'msdynci_prediction', options: `?$select=msdynci_predictionid,msdynci_customerid,msdynci_model,msdynci_modelprovider,msdynci_values,${BU},modifiedon&$filter=msdynci_customerid eq '${profile.customerId}'`, maxPageSize: 500 },
            { table: 'msdynci_enrichment', options: `?$select=msdynci_enrichmentid,msdynci_customerid,msdynci_enrichmentprovider,msdynci_enrichmenttype,msdynci_values,${BU},modifiedon&$filter=msdynci_customerid eq '${profile.customerId}'`, maxPageSize: 500 },
        ]);
    });

    it('hand out only rows of this customer, mapped with their texts, values and origin', async () => {
        let customer = '';
        const { reader } = scripted('administrator', {
            msdynci_prediction: () => [
                { msdynci_predictionid: guid(1), msdynci_customerid: customer, msdynci_model: 'ChurnModel', msdynci_modelprovider: 'CI', msdynci_values: '{"ChurnScore":0.25}', ...origin(BUSINESS_UNIT_IDS.contoso, '2026-01-01T00:00:00Z', 'Contoso') },
                { msdynci_predictionid: guid(2), msdynci_customerid: OTHER_CUSTOMER, msdynci_model: 'Leaked', msdynci_values: '{"ChurnScore":0.99}' },
                { msdynci_predictionid: guid(3), msdynci_customerid: customer, msdynci_values: null },
                { msdynci_customerid: customer, msdynci_model: 'NoId' },
            ],
            msdynci_enrichment: () => [
                { msdynci_enrichmentid: guid(4), msdynci_customerid: customer, msdynci_enrichmentprovider: 'Experian', msdynci_enrichmenttype: 'Demographics', msdynci_values: '{"Income":"High"}', ...origin(BUSINESS_UNIT_IDS.contoso, '2026-02-01T00:00:00Z') },
                { msdynci_enrichmentid: guid(5), msdynci_customerid: null, msdynci_enrichmentprovider: 'Leaked' },
                { msdynci_customerid: customer },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const predictions = await reader.readPredictions(profile);
        expect(predictions.rows).toStrictEqual([
            {
                id: guid(1),
                model: 'ChurnModel',
                modelProvider: 'CI',
                values: { status: 'complete', value: new Map([['ChurnScore', { kind: 'number', value: 0.25 }]]) },
                owningBusinessUnit: { id: BUSINESS_UNIT_IDS.contoso, name: 'Contoso' },
                modifiedOn: new Date('2026-01-01T00:00:00Z'),
            },
            { id: guid(3), values: { status: 'empty', value: new Map() } },
            { id: '', model: 'NoId', values: { status: 'empty', value: new Map() } },
        ]);
        expect(predictions.modifiedOn).toStrictEqual(new Date('2026-01-01T00:00:00Z'));
        expect('owningBusinessUnit' in predictions).toBe(false);
        const enrichments = await reader.readEnrichments(profile);
        expect(enrichments.rows.map((r) => [r.id, r.enrichmentProvider, r.enrichmentType, r.values.status])).toStrictEqual([
            [guid(4), 'Experian', 'Demographics', 'complete'],
            ['', undefined, undefined, 'empty'],
        ]);
        expect(enrichments.rows[1]).toStrictEqual({ id: '', values: { status: 'empty', value: new Map() } });
    });
});

describe('combined parse status of several values', () => {
    it('is empty without values, complete or unreadable when all agree, else partial', () => {
        expect(combineStatus([])).toBe('empty');
        expect(combineStatus(['empty', 'empty'])).toBe('empty');
        expect(combineStatus(['complete', 'empty', 'complete'])).toBe('complete');
        expect(combineStatus(['unreadable', 'empty'])).toBe('unreadable');
        expect(combineStatus(['complete', 'unreadable'])).toBe('partial');
        expect(combineStatus(['partial'])).toBe('partial');
        expect(combineStatus(['complete', 'partial'])).toBe('partial');
    });
});

describe('unified activities with the business-unit tree (UnderOrEqual refused)', () => {
    it('searches titles with the tree as an In condition in FetchXML, like the OData form', async () => {
        dv.faults.refuseUnderOrEqual = true;
        const reader = readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnitAndChildren' });
        const profile = await found(reader, 'timelineCustomer');
        dv.log.clear();
        const odata = await reader.readUnifiedActivities(profile, { pageSize: 5 });
        const search = await reader.readUnifiedActivities(profile, { pageSize: 5, titleContains: 'o' });
        expect(odata.rows).toHaveLength(5);
        expect(search.rows.length).toBeGreaterThan(0);
        expect(search.rows.every((r) => r.title?.toLowerCase().includes('o'))).toBe(true);
        const queries = dv.log.entries.filter((e) => e.table === 'msdynci_unifiedactivity').map((e) => decodeURIComponent(e.query));
        expect(queries).toHaveLength(2);
        expect(queries[0]).toContain("Microsoft.Dynamics.CRM.In(PropertyName='owningbusinessunit'");
        expect(queries[1]).toMatch(/<condition attribute="owningbusinessunit" operator="in"><value>[^<]+<\/value>/);
        for (const unit of [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada]) expect(queries[1]).toContain(unit);
        expect(queries[1]).not.toContain(BUSINESS_UNIT_IDS.germany);
    });
});

describe('unified activities over scripted answers', () => {
    const ACTIVITY = 'msdynci_unifiedactivity';
    const COLUMNS = 'msdynci_unifiedactivityid,msdynci_customerid,msdynci_activityid,msdynci_activitytime,msdynci_activitytype,msdynci_activitytypedisplay,msdynci_activityname,msdynci_title,msdynci_externalurl,msdynci_entityname,msdynci_actualactivityid,msdynci_semanticdata';
    const query = {
        pageSize: 3,
        activityTypes: [' Email ', 'Email', '', 'Call', '  '],
        since: new Date('2026-01-01T00:00:00Z'),
        before: new Date('2026-02-01T00:00:00Z'),
        after: { time: new Date('2026-01-15T10:00:00Z'), id: guid(7) as never },
    };
    const activity = (customer: string, n: number, time: string | null, extra: Row = {}): Row => ({ msdynci_unifiedactivityid: guid(n), msdynci_customerid: customer, msdynci_activitytime: time, ...extra });

    it('sends one OData query with every filter, the keyset cursor, the scope, the order and one entry more than the page', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] }, { businessUnitScope: 'businessUnit' });
        const profile = await found(reader);
        await reader.readUnifiedActivities(profile, { ...query, titleContains: '   ' });
        expect(asked).toStrictEqual([
            {
                table: ACTIVITY,
                options:
                    `?$select=${COLUMNS},${BU},modifiedon&$filter=(msdynci_customerid eq '${profile.customerId}' and msdynci_activitytime ne null` +
                    ` and Microsoft.Dynamics.CRM.In(PropertyName='msdynci_activitytype',PropertyValues=["Email","Call"])` +
                    ' and msdynci_activitytime ge 2026-01-01T00:00:00.000Z and msdynci_activitytime lt 2026-02-01T00:00:00.000Z' +
                    ' and (msdynci_activitytime lt 2026-01-15T10:00:00.000Z or (msdynci_activitytime eq 2026-01-15T10:00:00.000Z and msdynci_unifiedactivityid lt 7d3c2b1a-0000-4000-8000-000000000007))' +
                    ` and Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit'))&$orderby=msdynci_activitytime desc,msdynci_unifiedactivityid desc&$top=4`,
                maxPageSize: 4,
            },
        ]);
    });

    it('leaves out the filters not asked for', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] }, { requests: { cacheTtlMs: 0 } });
        const profile = await found(reader);
        await reader.readUnifiedActivities(profile, { activityTypes: [' ', ''] });
        await reader.readUnifiedActivities(profile);
        const expected = `?$select=${COLUMNS},${BU},modifiedon&$filter=(msdynci_customerid eq '${profile.customerId}' and msdynci_activitytime ne null)&$orderby=msdynci_activitytime desc,msdynci_unifiedactivityid desc&$top=26`;
        expect(asked.map((a) => a.options)).toStrictEqual([expected, expected]);
    });

    it('sends the same query as FetchXML when searching titles, with the wildcards of the text taken literally', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] }, { businessUnitScope: 'businessUnit' });
        const profile = await found(reader);
        await reader.readUnifiedActivities(profile, { ...query, titleContains: ' 50% off ' });
        const attributes = [...COLUMNS.split(','), 'owningbusinessunit', 'modifiedon'].map((name) => `<attribute name="${name}" />`).join('');
        expect(asked).toStrictEqual([
            {
                table: ACTIVITY,
                options:
                    `?fetchXml=<fetch top="4"><entity name="${ACTIVITY}">${attributes}` +
                    '<order attribute="msdynci_activitytime" descending="true" /><order attribute="msdynci_unifiedactivityid" descending="true" />' +
                    `<filter type="and"><condition attribute="msdynci_customerid" operator="eq" value="${profile.customerId}" />` +
                    '<condition attribute="msdynci_activitytime" operator="not-null" /><condition attribute="msdynci_title" operator="like" value="%50[%] off%" />' +
                    '<condition attribute="msdynci_activitytype" operator="in"><value>Email</value><value>Call</value></condition>' +
                    '<condition attribute="msdynci_activitytime" operator="ge" value="2026-01-01T00:00:00.000Z" /><condition attribute="msdynci_activitytime" operator="lt" value="2026-02-01T00:00:00.000Z" />' +
                    '<condition attribute="owningbusinessunit" operator="eq-businessid" />' +
                    '<filter type="or"><condition attribute="msdynci_activitytime" operator="lt" value="2026-01-15T10:00:00.000Z" />' +
                    '<filter type="and"><condition attribute="msdynci_activitytime" operator="eq" value="2026-01-15T10:00:00.000Z" /><condition attribute="msdynci_unifiedactivityid" operator="lt" value="7d3c2b1a-0000-4000-8000-000000000007" /></filter></filter>' +
                    '</filter></entity></fetch>',
                maxPageSize: 4,
            },
        ]);
    });

    it('searches without a scope condition when every readable row is shown', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] });
        const profile = await found(reader);
        await reader.readUnifiedActivities(profile, { titleContains: 'x', pageSize: 2 });
        expect(asked[0]?.options).toContain('<fetch top="3">');
        expect(asked[0]?.options).toContain(
            `<filter type="and"><condition attribute="msdynci_customerid" operator="eq" value="${profile.customerId}" /><condition attribute="msdynci_activitytime" operator="not-null" /><condition attribute="msdynci_title" operator="like" value="%x%" /></filter></entity>`,
        );
    });

    it('keeps "business unit and children" in the FetchXML form, and nothing else when nothing else is asked', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] }, { businessUnitScope: 'businessUnitAndChildren', userBusinessUnitId: UNIT });
        const profile = await found(reader);
        await reader.readUnifiedActivities(profile, { titleContains: 'x' });
        expect(asked[0]?.options).toContain('<fetch top="26">');
        expect(asked[0]?.options).toContain(
            `<filter type="and"><condition attribute="msdynci_customerid" operator="eq" value="${profile.customerId}" /><condition attribute="msdynci_activitytime" operator="not-null" /><condition attribute="msdynci_title" operator="like" value="%x%" /><condition attribute="owningbusinessunit" operator="eq-or-under" value="${UNIT}" /></filter></entity>`,
        );
    });

    it('refuses a page size it cannot read in one request, before sending anything', async () => {
        const { reader, asked } = scripted('serviceAgent', { [ACTIVITY]: () => [] });
        const profile = await found(reader);
        for (const pageSize of [0, -1, 1.5, 500, Number.NaN]) {
            await expect(reader.readUnifiedActivities(profile, { pageSize })).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'pageSize', message: expect.stringContaining('from 1 to 499') as unknown } });
        }
        expect(asked).toStrictEqual([]);
        await reader.readUnifiedActivities(profile, { pageSize: 1 });
        await reader.readUnifiedActivities(profile, { pageSize: 499 });
        expect(asked.map((a) => a.maxPageSize)).toStrictEqual([2, 500]);
    });

    it('shows a page, says whether more follow and where the next page starts, from the extra entry', async () => {
        let customer = '';
        let answer: () => Row[] = () => [];
        const { reader } = scripted('serviceAgent', { [ACTIVITY]: () => answer() });
        const profile = await found(reader);
        customer = profile.customerId;
        answer = () => [activity(customer, 9, '2026-01-03T00:00:00Z'), activity(customer, 8, '2026-01-02T00:00:00Z'), activity(customer, 7, '2026-01-01T00:00:00Z')];
        const more = await reader.readUnifiedActivities(profile, { pageSize: 2 });
        expect(more.rows.map((r) => r.id)).toStrictEqual([guid(9), guid(8)]);
        expect(more.moreAvailable).toBe(true);
        expect(more.next).toStrictEqual({ time: new Date('2026-01-02T00:00:00Z'), id: guid(8), shownAtTime: [guid(8)] });
        const exact = await reader.readUnifiedActivities(profile, { pageSize: 3, since: new Date(0) });
        expect(exact.rows).toHaveLength(3);
        expect(exact.moreAvailable).toBe(false);
        expect('next' in exact).toBe(false);
        // An answer of nothing but another customer's rows: nothing shown, nothing more to read.
        answer = () => [activity(OTHER_CUSTOMER, 1, '2026-01-03T00:00:00Z'), activity(OTHER_CUSTOMER, 2, '2026-01-02T00:00:00Z')];
        const strangers = await reader.readUnifiedActivities(profile, { pageSize: 1, before: new Date() });
        expect(strangers).toStrictEqual({ customerId: customer, rows: [], moreAvailable: false });
    });

    it('maps each entry with its texts, semantic data and origin, and drops entries without a usable id or time', async () => {
        let customer = '';
        const { reader } = scripted('serviceAgent', {
            [ACTIVITY]: () => [
                activity(customer, 1, '2026-01-03T00:00:00Z', {
                    msdynci_unifiedactivityid: `{${guid(1).toUpperCase()}}`,
                    msdynci_activityid: 'A-1',
                    msdynci_activitytype: 'Email',
                    msdynci_activitytypedisplay: 'E-mail',
                    msdynci_activityname: 'Newsletter',
                    msdynci_title: 'Hello',
                    msdynci_externalurl: 'https://example.com/a',
                    msdynci_entityname: 'email',
                    msdynci_actualactivityid: guid(11),
                    msdynci_semanticdata: '{"Amount":5}',
                    ...origin(UNIT, '2026-01-04T00:00:00Z', 'United States'),
                }),
                activity(customer, 2, '2026-01-02T00:00:00Z', { msdynci_title: '  ' }),
                activity(customer, 3, null),
                activity(customer, 4, 'not a time'),
                { ...activity(customer, 5, '2026-01-01T00:00:00Z'), msdynci_unifiedactivityid: 'not a guid' },
            ],
        });
        const profile = await found(reader);
        customer = profile.customerId;
        const page = await reader.readUnifiedActivities(profile, { pageSize: 10 });
        expect(page.rows).toStrictEqual([
            {
                id: guid(1),
                activityTime: new Date('2026-01-03T00:00:00Z'),
                activityId: 'A-1',
                activityType: 'Email',
                activityTypeDisplay: 'E-mail',
                activityName: 'Newsletter',
                title: 'Hello',
                externalUrl: 'https://example.com/a',
                entityName: 'email',
                actualActivityId: guid(11),
                semanticData: { status: 'complete', value: new Map([['Amount', 5]]) },
                owningBusinessUnit: { id: UNIT, name: 'United States' },
                modifiedOn: new Date('2026-01-04T00:00:00Z'),
            },
            { id: guid(2), activityTime: new Date('2026-01-02T00:00:00Z'), semanticData: { status: 'empty', value: new Map() } },
        ]);
        expect(Object.keys(page.rows[1] ?? {}).sort()).toStrictEqual(['activityTime', 'id', 'semanticData']);
        expect(page.modifiedOn).toStrictEqual(new Date('2026-01-04T00:00:00Z'));
        expect(page.moreAvailable).toBe(false);
    });

    it('refuses a title search with a scope that has no FetchXML form, before sending anything', async () => {
        const { reader } = scripted('serviceAgent', {});
        const profile = await found(reader);
        const requester = {} as Requester;
        const read = readUnifiedActivities({ requester, scopeFilter: () => where.eq('owningbusinessunit', 'x') }, profile, { titleContains: 'x' });
        await expect(read).rejects.toBeInstanceOf(QueryValueError);
        await expect(read).rejects.toMatchObject({ column: 'businessUnitScope', message: expect.stringContaining('no FetchXML form') as unknown });
    });
});

describe('Load more where the tenant refuses comparing activity ids (read by time alone)', () => {
    const ACT = 'msdynci_unifiedactivity';
    const T = '2026-01-02T00:00:00.000Z';
    const NOT_SUPPORTED = { errorCode: 0x80060888, message: 'The operator lt is not supported on msdynci_unifiedactivityid.' };
    const row = (customer: string, n: number, time: string): Row => ({ msdynci_unifiedactivityid: guid(n), msdynci_customerid: customer, msdynci_activitytime: time });
    const ids = (...numbers: number[]): never => numbers.map(guid) as never;
    /** A tenant that answers `refusal` to a query comparing ids (null: accepts it), and `answer(customer, call)` to anything else. */
    async function tenant(answer: (customer: string, call: number) => Row[], refusal: { errorCode?: number; message: string } | null = NOT_SUPPORTED) {
        let customer = '';
        const { reader, sent } = scriptedReader(dv, 'serviceAgent', { [ACT]: (options, call) => (refusal !== null && /msdynci_unifiedactivityid lt /.test(options) ? refusal : answer(customer, call)) });
        const profile = await found(reader);
        customer = profile.customerId;
        sent.length = 0; // the profile's own reads
        return { reader, sent, profile };
    }

    it('widens $top by the entries shown at T and leaves them out, only while page, extra entry and those fit one server page', async () => {
        const shown = Array.from({ length: 10 }, (_, index) => 100 + index);
        const { reader, sent, profile } = await tenant((customer) => [...shown.map((n) => row(customer, n, T)), row(customer, 50, T), row(customer, 49, '2026-01-01T00:00:00.000Z')]);
        const after = { time: new Date(T), id: guid(109) as never, shownAtTime: ids(...shown) };
        const page = await reader.readUnifiedActivities(profile, { pageSize: 489, after });
        expect(page.rows.map((r) => r.id)).toStrictEqual([guid(50), guid(49)]);
        expect(page.moreAvailable).toBe(false);
        expect(sent.map((request) => request.maxPageSize)).toStrictEqual([490, 500]);
        expect(sent[1]?.options).toMatch(/msdynci_activitytime le 2026-01-02T00:00:00(\.000)?Z/);
        sent.length = 0;
        await expect(reader.readUnifiedActivities(profile, { pageSize: 490, after })).rejects.toMatchObject({ failure: { code: '0x80060888' } });
        expect(sent).toHaveLength(1);
    });

    it.each([
        ['a configuration failure (an unknown property) is a refusal', { errorCode: 0, message: "Could not find a property named 'msdynci_unifiedactivityid' on type 'Microsoft.Dynamics.CRM.msdynci_unifiedactivity'." }, true],
        ['"not supported" (0x80060888) is a refusal', NOT_SUPPORTED, true],
        ['an unexpected failure with another code is not', { errorCode: 0x80040216, message: 'An unexpected error occurred.' }, false],
        ['"not visible" is not, even with the not-supported code', { errorCode: 0x80060888, message: 'The user does not have access to the record.' }, false],
    ])('%s', async (_name, refusal, fallsBack) => {
        const { reader, sent, profile } = await tenant((customer) => [row(customer, 8, T), row(customer, 7, T)], refusal);
        const reading = reader.readUnifiedActivities(profile, { pageSize: 5, after: { time: new Date(T), id: guid(8) as never, shownAtTime: ids(8) } });
        if (fallsBack) {
            expect((await reading).rows.map((r) => r.id)).toStrictEqual([guid(7)]);
            expect(sent).toHaveLength(2);
        } else {
            await expect(reading).rejects.toMatchObject({ failure: { kind: expect.stringMatching(/^(unexpected|notVisible)$/) as unknown } });
            expect(sent).toHaveLength(1);
        }
    });

    it('the cursor carries every id shown at its time across pages, only those of the last time, and none when it cannot know them all', async () => {
        const { reader, profile } = await tenant((customer, call) => {
            const day = (d: number): string => `2026-01-0${d}T00:00:00.000Z`;
            const answers: Row[][] = [
                [row(customer, 9, T), row(customer, 8, T), row(customer, 7, T)],
                [row(customer, 7, T), row(customer, 6, T), row(customer, 5, day(1))],
                [row(customer, 5, day(1)), row(customer, 4, '2025-12-31T00:00:00.000Z'), row(customer, 3, '2025-12-30T00:00:00.000Z')],
            ];
            return answers[(call - 1) % 3] ?? [];
        }, null);
        const first = await reader.readUnifiedActivities(profile, { pageSize: 2 });
        expect(first.next?.shownAtTime).toStrictEqual([guid(9), guid(8)]);
        const second = await reader.readUnifiedActivities(profile, { pageSize: 2, after: first.next });
        expect(second.next?.shownAtTime).toStrictEqual([guid(9), guid(8), guid(7), guid(6)]);
        const third = await reader.readUnifiedActivities(profile, { pageSize: 2, after: second.next });
        expect(third.next).toStrictEqual({ time: new Date('2025-12-31T00:00:00.000Z'), id: guid(4), shownAtTime: [guid(4)] });
        // An older cursor without the ids shown at its time, on a page all at that time: the list stays unknown.
        const unknown = await reader.readUnifiedActivities(profile, { pageSize: 2, after: { time: new Date(T), id: guid(8) as never } });
        expect(unknown.next === undefined ? undefined : 'shownAtTime' in unknown.next).toBe(false);
    });

    it('keeps at most 499 ids shown at one time (one server page with the page and its extra entry)', async () => {
        const { reader, profile } = await tenant((customer) => [row(customer, 7, T), row(customer, 6, T), row(customer, 5, T)], null);
        const at = (count: number) => ({ time: new Date(T), id: guid(8) as never, shownAtTime: ids(...Array.from({ length: count }, (_, index) => 1000 + index)) });
        expect((await reader.readUnifiedActivities(profile, { pageSize: 2, after: at(497) })).next?.shownAtTime).toHaveLength(499);
        const over = await reader.readUnifiedActivities(profile, { pageSize: 2, after: at(498) });
        expect(over.next === undefined ? undefined : 'shownAtTime' in over.next).toBe(false);
    });
});
