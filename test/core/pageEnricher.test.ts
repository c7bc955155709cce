/**
 * The page enricher on its own (components/shared/pageEnricher.ts), over a scripted Web API that answers
 * each table from a function of the values asked for: the exact queries, every link and how each row
 * resolves, rows of other customers or records dropped, malformed answers, refusals per table and when they
 * are asked again, the privilege probe, in-flight sharing and reset, release, and peek. (The same enricher
 * against the emulator, per persona, is in pageEnricher.emulator.test.ts.) Written from mutation testing.
 */
import { pageRowKey, type PageRow } from '../../components/shared/pageEnricher';
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import { InsightsError } from '../../components/shared/failure';
import { instantClock } from './support';
import { customer, found, id, profileId, profileRow, profilesById, rowWithLookup, scripted, settle, THROTTLED, UNIT, type Refusal, type Row } from './enricherSupport';

const NO_PRIVILEGE: Refusal = { errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_segmentmembership privilege' };
const UNEXPECTED: Refusal = { errorCode: 0x80040216, message: 'An unexpected error occurred.' };
const OTHER_UNIT = 'b0000000-0004-4b00-8000-000000000004';

const keyOf = (row: Row): string => (typeof row.msdynci_key === 'string' ? row.msdynci_key : '');

describe('row keys', () => {
    it('name the record, the lookup, the key and the link state, in any spelling', () => {
        expect(pageRowKey({ recordId: `{${id(1).toUpperCase()}}` })).toBe(JSON.stringify([id(1), null, null, 'unlinked']));
        expect(pageRowKey({ recordId: 'not-a-guid', profileLookupId: profileId(2).toUpperCase(), profileKey: '  K-1  ', linkedProfile: null })).toBe(JSON.stringify(['not-a-guid', profileId(2), 'K-1', 'none']));
        expect(pageRowKey({ recordId: id(1), linkedProfile: { customerId: customer(3) } })).toBe(JSON.stringify([id(1), null, null, customer(3)]));
        expect(pageRowKey({ recordId: id(1), linkedProfile: { customerId: null } })).toBe(JSON.stringify([id(1), null, null, 'none']));
    });
});

describe('the queries', () => {
    it('read profiles by lookup, then segments and measures by customer, with exact columns and page sizes', async () => {
        const { enricher, asked } = scripted({ profile: profilesById(profileRow(1), profileRow(2)) });
        await enricher.enrich([rowWithLookup(1), rowWithLookup(2), rowWithLookup(2)]);
        expect(asked.map((entry) => [entry.table, entry.options, entry.maxPageSize])).toStrictEqual([
            [
                'msdynci_customerprofile',
                `?$select=msdynci_customerprofileid,msdynci_customerid,_owningbusinessunit_value,modifiedon&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerprofileid',PropertyValues=["${profileId(1)}","${profileId(2)}"])`,
                500,
            ],
            [
                'msdynci_segmentmembership',
                `?$select=msdynci_segmentmembershipid,msdynci_customerid,msdynci_segments,_owningbusinessunit_value,modifiedon&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=["${customer(1)}","${customer(2)}"])`,
                500,
            ],
            [
                'msdynci_customermeasure',
                `?$select=msdynci_customermeasureid,msdynci_customerid,msdynci_measures,_owningbusinessunit_value,modifiedon&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=["${customer(1)}","${customer(2)}"])`,
                500,
            ],
        ]);
    });

    it('ask the alternate-key table for every stored spelling of records without links, for the entity and data source set up', async () => {
        const { enricher, asked } = scripted({}, { links: { alternateKeyEntityName: 'lead', alternateKeyDataSourceName: 'Shop' } });
        await enricher.enrich([{ recordId: id(1) }]);
        const [alternate] = asked;
        expect(alternate?.table).toBe('msdynci_alternatekey');
        expect(alternate?.maxPageSize).toBe(500);
        expect(alternate?.options).toBe(
            `?$select=msdynci_customerid,msdynci_alternatevalue&$filter=(Microsoft.Dynamics.CRM.In(PropertyName='msdynci_alternatevalue',PropertyValues=["${id(1)}","${id(1).toUpperCase()}","{${id(1)}}","{${id(1).toUpperCase()}}"]) and msdynci_entityname eq 'lead' and msdynci_datasourcename eq 'Shop')`,
        );
        const plain = scripted({}, { links: { alternateKeyDataSourceName: '' } });
        await plain.enricher.enrich([{ recordId: id(1) }]);
        expect(plain.asked[0]?.options).toContain(" and msdynci_entityname eq 'contact')");
        expect(plain.asked[0]?.options).not.toContain('msdynci_datasourcename');
    });

    it('ask once for every link of every row: lookups, key values and every spelling of record ids, or-ed by column, without exact duplicates', async () => {
        const { enricher, asked } = scripted({}, { links: { profileKeyColumn: '  msdynci_crm_contact_contactid  ', useAlternateKeys: false } });
        await enricher.enrich([rowWithLookup(1), { recordId: id(2), profileKey: 'K-2' }, { recordId: id(3), profileKey: 'K-2' }, { recordId: id(9), profileKey: 'k-2' }, { recordId: id(4) }, { recordId: id(5), profileKey: null }]);
        expect(asked).toHaveLength(1);
        expect(asked[0]?.options).toContain('$select=msdynci_customerprofileid,msdynci_customerid,_owningbusinessunit_value,modifiedon,msdynci_crm_contact_contactid&');
        expect(asked[0]?.options).toContain('$filter=(Microsoft.Dynamics.CRM.In(');
        expect(asked[0]?.inValues).toStrictEqual({
            msdynci_customerprofileid: [profileId(1)],
            msdynci_crm_contact_contactid: ['K-2', 'k-2', id(4), id(4).toUpperCase(), `{${id(4)}}`, `{${id(4).toUpperCase()}}`],
        });
    });

    it('send no key value that is blank, too long or not well-formed text, and only customer ids without a key column', async () => {
        const { enricher, asked } = scripted({}, { links: { useAlternateKeys: false } });
        const rows: PageRow[] = [
            { recordId: id(1), profileKey: '   ' },
            { recordId: id(2), profileKey: 'x'.repeat(401) },
            { recordId: id(3), profileKey: 'bad\ud800' },
            { recordId: id(4), profileKey: 'bad\udc00x' },
            { recordId: id(5), profileKey: 'not a customer id' },
            { recordId: id(6), profileKey: ` ${customer(6).toUpperCase()} ` },
        ];
        const result = await enricher.enrich(rows);
        expect(asked.map((entry) => entry.inValues)).toStrictEqual([{ msdynci_customerid: [customer(6)] }]);
        expect([...result.rows.values()].map((entry) => entry.kind)).toStrictEqual(['noProfile', 'noProfile', 'noProfile', 'noProfile', 'noProfile', 'noProfile']);
        const keyed = scripted({}, { links: { profileKeyColumn: 'msdynci_key', useAlternateKeys: false } });
        const keys = [
            'x'.repeat(400),
            'ok\ud83d\ude00',
            '\ud83d',
            '   ',
            'x'.repeat(401),
            'a\udc00',
            '\ud800\ud800',
            '\ud800x',
            '\udbff\udfff',
            '\ud800\udc00',
            '\ud7ff',
            '\ue000',
            'a\udfff',
        ];
        await keyed.enricher.enrich(keys.map((profileKey, index) => ({ recordId: id(20 + index), profileKey })));
        expect(keyed.asked[0]?.inValues).toStrictEqual({ msdynci_key: ['x'.repeat(400), 'ok\ud83d\ude00', '\udbff\udfff', '\ud800\udc00', '\ud7ff', '\ue000'] });
    });

    it('ignore the lookup when the maker says so, and a blank key column', async () => {
        const { enricher, asked } = scripted({}, { links: { useRecordLookup: false, profileKeyColumn: '   ' } });
        await enricher.enrich([rowWithLookup(1)]);
        expect(asked.map((entry) => entry.table)).toStrictEqual(['msdynci_alternatekey']);
    });

    it('read nothing for switched-off tables and say so per row', async () => {
        const { enricher, tablesAsked } = scripted({ profile: profilesById(profileRow(1)) }, { segments: false, measures: false });
        const result = await enricher.enrich([rowWithLookup(1)]);
        expect(tablesAsked()).toStrictEqual(['profile']);
        const row = found(result.rows.get(pageRowKey(rowWithLookup(1))));
        expect(row.segments).toStrictEqual({ status: 'off' });
        expect(row.measures).toStrictEqual({ status: 'off' });
        expect(enricher.peek(rowWithLookup(1))).toStrictEqual({ kind: 'found', profile: row.profile, segments: { status: 'off' }, measures: { status: 'off' } });
    });
});

describe('how rows resolve', () => {
    it('by lookup, key value, record id in the key column, or alternate key, and which link found them', async () => {
        const profiles = [
            profileRow(1),
            profileRow(2, { msdynci_key: 'K-2' }),
            profileRow(3, { msdynci_key: `{${id(3).toUpperCase()}}` }),
            profileRow(4),
            profileRow(5, { msdynci_key: '  K-5  ' }),
        ];
        const { enricher } = scripted(
            {
                profile: (asked) =>
                    profiles.filter(
                        (row) =>
                            (asked.inValues.msdynci_customerprofileid ?? []).includes(String(row.msdynci_customerprofileid)) ||
                            (asked.inValues.msdynci_customerid ?? []).includes(String(row.msdynci_customerid)) ||
                            (asked.inValues.msdynci_key ?? []).some((value) => keyOf(row).trim().toLowerCase() === value.toLowerCase() || keyOf(row).toUpperCase().includes(value.toUpperCase())),
                    ),
                alternate: () => [{ msdynci_alternatevalue: id(4).toUpperCase(), msdynci_customerid: customer(4) }],
            },
            { links: { profileKeyColumn: 'msdynci_key' } },
        );
        const rows: PageRow[] = [rowWithLookup(1), { recordId: id(2), profileKey: 'k-2' }, { recordId: id(3) }, { recordId: id(4), profileKey: null }, { recordId: id(5), profileKey: 'K-5' }];
        const result = await enricher.enrich(rows);
        expect(rows.map((row) => found(result.rows.get(pageRowKey(row))).profile)).toStrictEqual([
            { customerId: customer(1), profileId: profileId(1), owningBusinessUnit: { id: UNIT, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'recordLookup' },
            { customerId: customer(2), profileId: profileId(2), owningBusinessUnit: { id: UNIT, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'profileKey' },
            { customerId: customer(3), profileId: profileId(3), owningBusinessUnit: { id: UNIT, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'profileKeyColumn' },
            { customerId: customer(4), profileId: profileId(4), owningBusinessUnit: { id: UNIT, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'alternateKey' },
            { customerId: customer(5), profileId: profileId(5), owningBusinessUnit: { id: UNIT, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'profileKey' },
        ]);
        expect(enricher.profilesReadable).toBe(true);
    });

    it('"not visible" only with evidence (a lookup or an alternate key to a profile that did not come back), else "no profile"', async () => {
        const { enricher } = scripted({ alternate: () => [{ msdynci_alternatevalue: id(2), msdynci_customerid: customer(2) }] });
        const rows: PageRow[] = [rowWithLookup(1), { recordId: id(2) }, { recordId: id(3) }, { recordId: id(4), profileKey: customer(4) }];
        const result = await enricher.enrich(rows);
        expect(rows.map((row) => result.rows.get(pageRowKey(row))?.kind)).toStrictEqual(['notVisible', 'notVisible', 'noProfile', 'noProfile']);
        expect(result.failures).toStrictEqual([]);
    });

    it('takes the first readable of several customers behind one alternate key, sorted, and ignores rows for other records or broken ids', async () => {
        const { enricher, asked } = scripted({
            alternate: () => [
                { msdynci_alternatevalue: id(1), msdynci_customerid: customer(9) },
                { msdynci_alternatevalue: `{${id(1)}}`, msdynci_customerid: customer(3) },
                { msdynci_alternatevalue: id(1), msdynci_customerid: customer(3) },
                { msdynci_alternatevalue: id(7), msdynci_customerid: customer(7) },
                { msdynci_alternatevalue: 'junk', msdynci_customerid: customer(8) },
                { msdynci_alternatevalue: id(1), msdynci_customerid: 'junk' },
            ],
            profile: (entry) => [profileRow(9), profileRow(3)].filter((row) => (entry.inValues.msdynci_customerid ?? []).includes(String(row.msdynci_customerid))),
        });
        const result = await enricher.enrich([{ recordId: id(1) }]);
        expect(asked[1]?.inValues).toStrictEqual({ msdynci_customerid: [customer(3), customer(9)] });
        expect(found(result.rows.get(pageRowKey({ recordId: id(1) }))).profile.customerId).toBe(customer(3));
    });

    it('never takes a profile row without a valid customer id or profile id', async () => {
        const { enricher } = scripted({ profile: () => [profileRow(1, { msdynci_customerid: 'junk' }), profileRow(2, { msdynci_customerprofileid: 'junk' })] });
        const result = await enricher.enrich([rowWithLookup(1), rowWithLookup(2)]);
        expect([...result.rows.values()].map((entry) => entry.kind)).toStrictEqual(['notVisible', 'notVisible']);
    });

    it('uses the view link as it came: a profile, none, or none for this user, without asking', async () => {
        const { enricher, asked } = scripted({});
        const modifiedOn = new Date('2026-02-02T00:00:00Z');
        const rows: PageRow[] = [
            { ...rowWithLookup(1), linkedProfile: { customerId: customer(1).toUpperCase(), owningBusinessUnit: { id: UNIT as never, name: 'US' }, modifiedOn } },
            { ...rowWithLookup(2), linkedProfile: { customerId: customer(2) } },
            { ...rowWithLookup(3), linkedProfile: null },
            { ...rowWithLookup(4), linkedProfile: { customerId: null } },
            { ...rowWithLookup(5), linkedProfile: { customerId: 'junk' } },
        ];
        expect(enricher.peek(rows[2])).toStrictEqual({ kind: 'notVisible' });
        const result = await enricher.enrich(rows);
        expect(asked.map((entry) => entry.table)).toStrictEqual(['msdynci_segmentmembership', 'msdynci_customermeasure']);
        expect(found(result.rows.get(pageRowKey(rows[0]))).profile).toStrictEqual({ customerId: customer(1), profileId: profileId(1), via: 'linked', owningBusinessUnit: { id: UNIT, name: 'US' }, modifiedOn });
        expect(found(result.rows.get(pageRowKey(rows[1]))).profile).toStrictEqual({ customerId: customer(2), profileId: profileId(2), via: 'linked' });
        expect(rows.slice(2).map((row) => result.rows.get(pageRowKey(row))?.kind)).toStrictEqual(['notVisible', 'notVisible', 'notVisible']);
        // A linked row without a lookup value is read as any other row.
        const unlinked = scripted({});
        await unlinked.enricher.enrich([{ recordId: id(6), profileLookupId: null, linkedProfile: null }]);
        expect(unlinked.asked.map((entry) => entry.table)).toStrictEqual(['msdynci_alternatekey']);
    });
});

describe('segments and measures', () => {
    const segmentRow = (n: number, segments: string, extra: Row = {}): Row => ({ msdynci_customerid: customer(n), msdynci_segments: segments, _owningbusinessunit_value: UNIT, modifiedon: '2026-03-01T00:00:00Z', ...extra });

    it('fold every membership row of a customer, drop other customers, and keep the newest measures row', async () => {
        const { enricher } = scripted({
            profile: profilesById(profileRow(1), profileRow(2)),
            segments: () => [
                segmentRow(1, '{"Segments":["A","B"]}'),
                segmentRow(1, '["B","C"]', { _owningbusinessunit_value: OTHER_UNIT, modifiedon: '2026-04-01T00:00:00Z' }),
                segmentRow(3, '["Other customer"]'),
                { msdynci_customerid: 'junk', msdynci_segments: '["Junk"]' },
                segmentRow(2, '{"Segments":["X"'),
            ],
            measures: () => [
                { msdynci_customerid: customer(1), msdynci_measures: '{"Spend":1}', modifiedon: '2026-01-01T00:00:00Z' },
                { msdynci_customerid: customer(1), msdynci_measures: '{"Spend":3}', modifiedon: '2026-05-01T00:00:00Z' },
                { msdynci_customerid: customer(1), msdynci_measures: '{"Spend":2}' },
                { msdynci_customerid: customer(9), msdynci_measures: '{"Spend":9}', modifiedon: '2027-01-01T00:00:00Z' },
            ],
        });
        const result = await enricher.enrich([rowWithLookup(1), rowWithLookup(2)]);
        const one = found(result.rows.get(pageRowKey(rowWithLookup(1))));
        expect(one.segments).toStrictEqual({ status: 'read', value: { names: ['A', 'B', 'C'], parse: 'complete', modifiedOn: new Date('2026-04-01T00:00:00Z') } });
        expect(one.measures).toStrictEqual({ status: 'read', value: { measures: new Map([['Spend', 3]]), parse: 'complete', modifiedOn: new Date('2026-05-01T00:00:00Z') } });
        const two = found(result.rows.get(pageRowKey(rowWithLookup(2))));
        expect(two.segments).toMatchObject({ status: 'read', value: { names: ['X'], parse: 'partial', owningBusinessUnit: { id: UNIT } } });
        expect(two.measures).toStrictEqual({ status: 'read', value: { measures: new Map(), parse: 'empty' } });
    });

    it('a table this user may not read fails per row, once for the page, and is not asked again until Try again', async () => {
        const { enricher, tablesAsked } = scripted({ profile: profilesById(profileRow(1), profileRow(2)), segments: () => NO_PRIVILEGE });
        const first = await enricher.enrich([rowWithLookup(1)]);
        expect(found(first.rows.get(pageRowKey(rowWithLookup(1)))).segments).toMatchObject({ status: 'failed', failure: { kind: 'noPrivilege' } });
        expect(first.failures.map((failure) => failure.kind)).toStrictEqual(['noPrivilege']);
        expect(enricher.peek(rowWithLookup(1))).toMatchObject({ kind: 'found', segments: { status: 'failed' }, measures: { status: 'read' } });
        await enricher.enrich([rowWithLookup(2)]);
        expect(tablesAsked()).toStrictEqual(['profile', 'segments', 'measures', 'profile', 'measures']);
        enricher.forgetFailures();
        await enricher.enrich([rowWithLookup(2)]);
        expect(tablesAsked().slice(5)).toStrictEqual(['segments']);
    });

    it('a throttled table fails for this read only and is asked again next time', async () => {
        let refuse = true;
        const { enricher, tablesAsked } = scripted({ profile: profilesById(profileRow(1)), measures: () => (refuse ? THROTTLED : []) });
        const first = await enricher.enrich([rowWithLookup(1)]);
        expect(found(first.rows.get(pageRowKey(rowWithLookup(1)))).measures).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(enricher.peek(rowWithLookup(1))).toBeUndefined();
        refuse = false;
        const second = await enricher.enrich([rowWithLookup(1)]);
        expect(found(second.rows.get(pageRowKey(rowWithLookup(1)))).measures).toMatchObject({ status: 'read' });
        expect(second.failures).toStrictEqual([]);
        expect(tablesAsked()).toStrictEqual(['profile', 'segments', 'measures', 'measures']);
    });

    it('rows asked for while their read is in flight share it', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
            release = resolve;
        });
        const { enricher, tablesAsked } = scripted({ profile: profilesById(profileRow(1)), segments: () => gate.then(() => [segmentRow(1, '["A"]')]) });
        const first = enricher.enrich([rowWithLookup(1)]);
        const second = enricher.enrich([rowWithLookup(1)]);
        await settle();
        release();
        const [a, b] = await Promise.all([first, second]);
        expect(found(a.rows.get(pageRowKey(rowWithLookup(1)))).segments).toStrictEqual(found(b.rows.get(pageRowKey(rowWithLookup(1)))).segments);
        expect(tablesAsked().filter((table) => table === 'segments')).toHaveLength(1);
        expect(tablesAsked().filter((table) => table === 'profile')).toHaveLength(1);
        await enricher.enrich([rowWithLookup(1)]);
        expect(tablesAsked()).toHaveLength(3);
    });
});

describe('refusals of the links', () => {
    it('alternate keys refused for privilege: skipped, not asked again, and one probe tells a missing privilege apart', async () => {
        const { enricher, asked, tablesAsked } = scripted({ alternate: () => NO_PRIVILEGE });
        const result = await enricher.enrich([{ recordId: id(1) }]);
        expect([...result.rows.values()]).toStrictEqual([{ kind: 'noProfile' }]);
        expect(tablesAsked()).toStrictEqual(['alternate', 'profile']);
        expect(asked[1]?.options).toBe("?$select=msdynci_customerid&$filter=msdynci_customerid eq '00000000000000000000000000000000'");
        expect(asked[1]?.maxPageSize).toBe(1);
        expect(enricher.profilesReadable).toBe(true);
        await enricher.enrich([{ recordId: id(2) }]);
        expect(tablesAsked()).toStrictEqual(['alternate', 'profile']);
    });

    it('the probe refused: the page fails as missing privilege', async () => {
        const { enricher } = scripted({ alternate: () => NO_PRIVILEGE, profile: () => ({ ...NO_PRIVILEGE, message: 'Principal user is missing prvReadmsdynci_customerprofile privilege' }) });
        await expect(enricher.enrich([{ recordId: id(1) }])).rejects.toMatchObject({ name: 'InsightsError', failure: { kind: 'noPrivilege' } });
        expect(enricher.profilesReadable).toBe(false);
    });

    it('no probe when the profile table was read, the refusal was not for privilege, or there were links left', async () => {
        const read = scripted({ alternate: () => NO_PRIVILEGE, profile: profilesById(profileRow(1)) });
        await read.enricher.enrich([rowWithLookup(1), { recordId: id(2) }]);
        await read.enricher.enrich([{ recordId: id(3) }]);
        expect(read.tablesAsked()).toStrictEqual(['alternate', 'profile', 'segments', 'measures']);
        const notVisible = scripted({ alternate: () => ({ errorCode: 0x80048306, message: 'Access is denied.' }) });
        await notVisible.enricher.enrich([{ recordId: id(1) }]);
        expect(notVisible.tablesAsked()).toStrictEqual(['alternate']);
        const configuration = scripted({ alternate: () => ({ errorCode: 0x80060888, message: "Could not find a property named 'msdynci_alternatevalue' on type 'Microsoft.Dynamics.CRM.msdynci_alternatekey'." }) });
        await configuration.enricher.enrich([{ recordId: id(1) }]);
        expect(configuration.tablesAsked()).toStrictEqual(['alternate']);
    });

    it('any other failure of the alternate keys fails the page, and the next call asks again', async () => {
        const { enricher, tablesAsked } = scripted({ alternate: () => UNEXPECTED });
        await expect(enricher.enrich([{ recordId: id(1) }])).rejects.toBeInstanceOf(InsightsError);
        await expect(enricher.enrich([{ recordId: id(1) }])).rejects.toMatchObject({ failure: { kind: 'unexpected' } });
        expect(tablesAsked()).toStrictEqual(['alternate', 'alternate']);
    });

    it('an error that is not the platform\u2019s is classified and wrapped, with its cause', async () => {
        const boom = new TypeError('boom');
        const { enricher } = scripted({ profile: () => Promise.reject(boom) });
        await expect(enricher.enrich([rowWithLookup(1)])).rejects.toMatchObject({ name: 'InsightsError', cause: boom });
        expect(enricher.classifyFailure(NO_PRIVILEGE).kind).toBe('noPrivilege');
    });
});

describe('life', () => {
    it('register retains the page cache once, release lets go once and sends nothing more', async () => {
        const cache = createRequestCache();
        const retain = jest.spyOn(cache, 'retain');
        const release = jest.spyOn(cache, 'release');
        const { enricher, asked } = scripted({ profile: profilesById(profileRow(1)) }, { cache });
        enricher.release(); // before register: nothing to let go
        expect(release).not.toHaveBeenCalled();
        enricher.register();
        enricher.register();
        expect(retain).toHaveBeenCalledTimes(1);
        enricher.release();
        enricher.release();
        expect(release).toHaveBeenCalledTimes(1);
        await expect(enricher.enrich([rowWithLookup(1)])).rejects.toMatchObject({
            name: 'InsightsError',
            failure: { kind: 'unexpected', code: 'Released', message: 'The control was closed; nothing more is read.' },
        });
        expect(asked).toStrictEqual([]);
        enricher.register();
        await expect(enricher.enrich([rowWithLookup(1)])).resolves.toMatchObject({ failures: [] });
        expect(asked).toHaveLength(3);
    });

    it('reset forgets what was read and refused; answers of reads started before it are not kept', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
            release = resolve;
        });
        const { enricher, tablesAsked } = scripted({ profile: profilesById(profileRow(1)), segments: () => gate.then(() => NO_PRIVILEGE as never) });
        const pending = enricher.enrich([rowWithLookup(1)]);
        await settle();
        enricher.reset();
        release();
        await pending;
        expect(enricher.profilesReadable).toBe(false);
        expect(enricher.peek(rowWithLookup(1))).toBeUndefined();
        await enricher.enrich([rowWithLookup(1)]);
        expect(tablesAsked().filter((table) => table === 'segments')).toHaveLength(2);
        expect(tablesAsked().filter((table) => table === 'profile')).toHaveLength(2);
    });

    it('peek knows nothing before a read, and only a row whose tables are both known', async () => {
        const { enricher } = scripted({ profile: profilesById(profileRow(1)) });
        expect(enricher.peek(rowWithLookup(1))).toBeUndefined();
        await enricher.enrich([rowWithLookup(1)]);
        expect(enricher.peek(rowWithLookup(1))).toMatchObject({ kind: 'found', segments: { status: 'read' }, measures: { status: 'read' } });
        expect(enricher.peek(rowWithLookup(2))).toBeUndefined();
        const none = scripted({}, { links: { useAlternateKeys: false } });
        await none.enricher.enrich([{ recordId: id(3) }]);
        expect(none.enricher.peek({ recordId: id(3) })).toStrictEqual({ kind: 'noProfile' });
    });
});

describe('settings that reach the requester', () => {
    it('offline: nothing is sent and the page fails as offline', async () => {
        const { enricher, asked } = scripted({}, {});
        const offline = scripted({}, {}, () => true);
        await expect(offline.enricher.enrich([rowWithLookup(1)])).rejects.toMatchObject({ failure: { kind: 'offline' } });
        expect(offline.enricher.classifyFailure(new TypeError('Failed to fetch')).kind).toBe('offline');
        expect(enricher.classifyFailure(new TypeError('Failed to fetch')).kind).toBe('network');
        expect(offline.asked).toStrictEqual([]);
        expect(asked).toStrictEqual([]);
    });

    it('the clock, the busy listener and the limiter given are the ones used', async () => {
        let throttled = false;
        const clock = instantClock();
        const retries: unknown[] = [];
        const limiter = createRequestLimiter(6);
        const run = jest.spyOn(limiter, 'run');
        const { enricher } = scripted(
            {
                profile: (asked) => {
                    if (!throttled) {
                        throttled = true;
                        return THROTTLED;
                    }
                    return profilesById(profileRow(1))(asked);
                },
            },
            { requests: { maxAttempts: 2, cacheTtlMs: 0 }, clock, onBusyRetry: (retry) => retries.push(retry), limiter },
        );
        const result = await enricher.enrich([rowWithLookup(1)]);
        expect(result.rows.get(pageRowKey(rowWithLookup(1)))?.kind).toBe('found');
        expect(clock.slept).toHaveLength(1);
        expect(retries).toStrictEqual([expect.objectContaining({ table: 'msdynci_customerprofile', attempt: 1 })]);
        expect(run).toHaveBeenCalled();
    });

    it('a table refused as a configuration problem is not asked again either', async () => {
        const { enricher, tablesAsked } = scripted({
            profile: profilesById(profileRow(1)),
            measures: () => ({ errorCode: 0x80060888, message: "Could not find a property named 'msdynci_measures' on type 'Microsoft.Dynamics.CRM.msdynci_customermeasure'." }),
        });
        const first = await enricher.enrich([rowWithLookup(1)]);
        expect(first.failures.map((failure) => failure.kind)).toStrictEqual(['configuration']);
        await enricher.enrich([rowWithLookup(1)]);
        expect(tablesAsked()).toStrictEqual(['profile', 'segments', 'measures']);
    });
});

describe('odd rows and late answers', () => {
    it('a record id that is not a GUID is looked up by nothing, and fails nothing', async () => {
        const { enricher, asked } = scripted({}, { links: { profileKeyColumn: 'msdynci_crm_contact_contactid' } });
        const result = await enricher.enrich([{ recordId: 'not-a-guid' }]);
        expect([...result.rows.values()]).toStrictEqual([{ kind: 'noProfile' }]);
        expect(asked).toStrictEqual([]);
    });

    it('a reset while profiles are being read keeps none of their answers', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
            release = resolve;
        });
        const { enricher, tablesAsked } = scripted({ profile: (asked) => gate.then(() => profilesById(profileRow(1))(asked)) });
        const pending = enricher.enrich([rowWithLookup(1)]);
        await settle();
        enricher.reset();
        release();
        await pending;
        expect(enricher.peek(rowWithLookup(1))).toBeUndefined();
        await enricher.enrich([rowWithLookup(1)]);
        expect(tablesAsked().filter((table) => table === 'profile')).toHaveLength(2);
    });
});
