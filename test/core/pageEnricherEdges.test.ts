/**
 * The page enricher (components/shared/pageEnricher.ts) at its edges, over a scripted Web API (the main
 * scripted tests are in pageEnricher.test.ts): how long each profile query may be for the URL prefix the
 * host names, the newest measures row in any order, an invalid key column, peek with one table unknown,
 * the first readable customer behind an alternate key, a profile row without a profile id, an empty key
 * column, lone surrogates, and what a reset does to reads still in flight. Written from mutation testing.
 */
import { pageRowKey, type PageRow } from '../../components/shared/pageEnricher';
import { InsightsError } from '../../components/shared/failure';
import { QueryValueError, MAX_URL_LENGTH } from '../../components/shared/query';
import { bareProfileRow, customer, deferred, found, id, profileId, profilesById, rowWithLookup, scripted, settle, THROTTLED, until, type Answer, type Refusal, type Row } from './enricherSupport';

const NO_PRIVILEGE: Refusal = { errorCode: 0x80040220, message: 'Principal user is missing prvRead privilege' };

describe('query length', () => {
    const keyColumn = 'msdynci_key';
    const keys = Array.from({ length: 240 }, (_, i) => `K${String(i).padStart(3, '0')}-${'x'.repeat(295)}`);
    const rows = keys.map((profileKey, i) => ({ recordId: id(i + 1), profileKey }));
    const profileQueries = async (urlPrefixLength?: number) => {
        const { enricher, of } = scripted({}, { links: { profileKeyColumn: keyColumn, useAlternateKeys: false }, segments: false, measures: false, ...(urlPrefixLength !== undefined ? { urlPrefixLength } : {}) });
        await enricher.enrich(rows);
        return of('profile').map((a) => ({ length: a.raw.length, values: a.inValues[keyColumn] ?? [] }));
    };

    it('fills each profile query up to the room the URL prefix leaves, never beyond', async () => {
        const free = await profileQueries(0);
        expect(free.flatMap((q) => q.values)).toStrictEqual(keys);
        const first = free[0];
        if (first === undefined || free.length < 2) throw new Error('expected several queries');
        // A prefix that leaves one character less than the first query needs: one key fewer per query.
        const setName = 'msdynci_customerprofiles';
        const prefix = MAX_URL_LENGTH - setName.length - (first.length - 1);
        const tight = await profileQueries(prefix);
        expect(tight[0]?.values).toHaveLength(first.values.length - 1);
        expect(tight.flatMap((q) => q.values)).toStrictEqual(keys);
        for (const query of tight) expect(prefix + setName.length + query.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        // A negative prefix counts as none.
        expect((await profileQueries(-5000)).map((q) => q.values.length)).toStrictEqual(free.map((q) => q.values.length));
    });
});

describe('rows and tables at their edges', () => {
    it('takes the newest measures row whatever order the rows come in, also among rows without a time', async () => {
        for (const order of [
            [1, 2, 3],
            [3, 2, 1],
            [2, 3, 1],
        ]) {
            const measureRows: Record<number, Row> = {
                1: { msdynci_customerid: customer(1), msdynci_measures: '{"Visits":1}', modifiedon: '2026-01-01T00:00:00Z' },
                2: { msdynci_customerid: customer(1), msdynci_measures: '{"Visits":3}', modifiedon: '2026-03-01T00:00:00Z' },
                3: { msdynci_customerid: customer(1), msdynci_measures: '{"Visits":0}' },
            };
            const { enricher } = scripted({ profile: profilesById(bareProfileRow(1)), measures: () => order.map((n) => measureRows[n]) });
            const result = await enricher.enrich([rowWithLookup(1)]);
            expect(found(result.rows.get(pageRowKey(rowWithLookup(1)))).measures).toMatchObject({ status: 'read', value: { measures: new Map([['Visits', 3]]) } });
        }
        const { enricher } = scripted({
            profile: profilesById(bareProfileRow(1)),
            measures: () => [
                { msdynci_customerid: customer(1), msdynci_measures: '{"Visits":5}' },
                { msdynci_customerid: customer(1), msdynci_measures: '{"Visits":6}' },
            ],
        });
        const result = await enricher.enrich([rowWithLookup(1)]);
        expect(found(result.rows.get(pageRowKey(rowWithLookup(1)))).measures).toMatchObject({ status: 'read', value: { measures: new Map([['Visits', 5]]) } });
    });

    it('refuses a key column that is no column name as a configuration problem, with its cause, before sending anything', async () => {
        const { enricher, asked } = scripted({}, { links: { profileKeyColumn: 'not a column!' } });
        const read = enricher.enrich([{ recordId: id(1), profileKey: 'K-1' }]);
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toMatchObject({ failure: { kind: 'configuration' } });
        await expect(read).rejects.toHaveProperty('cause');
        await read.catch((error: unknown) => expect((error as { cause?: unknown }).cause).toBeInstanceOf(QueryValueError));
        expect(asked).toStrictEqual([]);
    });

    it('does not match a row whose key column is empty by its record id, even when another row brought that profile', async () => {
        const { enricher } = scripted(
            { profile: () => [bareProfileRow(1, { msdynci_key: id(1) })] },
            { links: { profileKeyColumn: 'msdynci_key', useAlternateKeys: false }, segments: false, measures: false },
        );
        const empty: PageRow = { recordId: id(1), profileKey: null };
        const keyed: PageRow = { recordId: id(2), profileKey: id(1) };
        const result = await enricher.enrich([empty, keyed]);
        expect(result.rows.get(pageRowKey(empty))).toStrictEqual({ kind: 'noProfile' });
        expect(found(result.rows.get(pageRowKey(keyed))).profile.via).toBe('profileKey');
    });

    it('takes the first readable customer behind an alternate key, and not a profile row without a profile id', async () => {
        const { enricher } = scripted(
            {
                alternate: () => [
                    { msdynci_customerid: customer(1), msdynci_alternatevalue: id(1) },
                    { msdynci_customerid: customer(2), msdynci_alternatevalue: id(1) },
                    { msdynci_customerid: customer(3), msdynci_alternatevalue: id(3) },
                ],
                profile: () => [bareProfileRow(2), bareProfileRow(3, { msdynci_customerprofileid: 'broken' })],
            },
            { segments: false, measures: false },
        );
        const result = await enricher.enrich([{ recordId: id(1) }, { recordId: id(3) }]);
        expect(found(result.rows.get(pageRowKey({ recordId: id(1) }))).profile).toMatchObject({ customerId: customer(2), profileId: profileId(2), via: 'alternateKey' });
        expect(result.rows.get(pageRowKey({ recordId: id(3) }))).toStrictEqual({ kind: 'notVisible' });
    });

    it('sends no key with a high surrogate followed by anything but a low one', async () => {
        const { enricher, of } = scripted({}, { links: { profileKeyColumn: 'msdynci_key', useAlternateKeys: false } });
        await enricher.enrich([
            { recordId: id(1), profileKey: 'a\ud800\ue000' },
            { recordId: id(2), profileKey: 'ok' },
        ]);
        expect(of('profile').map((a) => a.inValues.msdynci_key)).toStrictEqual([['ok']]);
    });

    it('answers rows known already as read, without asking again', async () => {
        const { enricher, asked } = scripted({ profile: profilesById(bareProfileRow(1)), segments: () => [{ msdynci_customerid: customer(1), msdynci_segments: '{"Segments":["Gold"]}' }] });
        await enricher.enrich([rowWithLookup(1)]);
        const before = asked.length;
        const again = found((await enricher.enrich([rowWithLookup(1)])).rows.get(pageRowKey(rowWithLookup(1))));
        expect(asked).toHaveLength(before);
        expect(again.segments).toStrictEqual({ status: 'read', value: { names: ['Gold'], parse: 'complete' } });
        expect(again.measures).toMatchObject({ status: 'read' });
    });

    it('peek knows nothing while one of the tables is not known', async () => {
        const { enricher } = scripted({ profile: profilesById(bareProfileRow(1)), segments: () => THROTTLED });
        const result = await enricher.enrich([rowWithLookup(1)]);
        expect(found(result.rows.get(pageRowKey(rowWithLookup(1)))).segments).toMatchObject({ status: 'failed', failure: { kind: 'busy' } });
        expect(enricher.peek(rowWithLookup(1))).toBeUndefined();
    });

    it('sends nothing for no rows, also after the privilege probe was refused', async () => {
        const { enricher, asked } = scripted({ alternate: () => NO_PRIVILEGE, profile: () => NO_PRIVILEGE });
        await expect(enricher.enrich([{ recordId: id(1) }])).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
        const before = asked.length;
        await expect(enricher.enrich([])).resolves.toStrictEqual({ rows: new Map(), failures: [] });
        expect(asked).toHaveLength(before);
    });
});

describe('reset and reads in flight', () => {
    it('asks whether the profile table is readable again after a reset', async () => {
        let alternate: Answer = [];
        const { enricher, of } = scripted({ profile: profilesById(bareProfileRow(1)), alternate: () => alternate });
        await enricher.enrich([rowWithLookup(1)]);
        enricher.reset();
        alternate = NO_PRIVILEGE;
        await enricher.enrich([{ recordId: id(9) }]);
        // The probe: one profile query that matches nothing, after the refused alternate keys.
        expect(of('profile').map((a) => a.options).at(-1)).toContain("msdynci_customerid eq '00000000000000000000000000000000'");
    });

    it('keeps no refusal and no value of a table read started before a reset', async () => {
        const refused = deferred<Row[]>();
        const answered = deferred<Row[]>();
        let segments: () => Answer = () => refused.promise;
        let measures: () => Answer = () => answered.promise;
        const { enricher, of } = scripted({ profile: profilesById(bareProfileRow(1)), segments: () => segments(), measures: () => measures() });
        const first = enricher.enrich([rowWithLookup(1)]);
        await until(() => of('segments').length === 1 && of('measures').length === 1);
        enricher.reset();
        refused.reject(NO_PRIVILEGE);
        answered.resolve([{ msdynci_customerid: customer(1), msdynci_measures: '{"Visits":1}' }]);
        await first;
        segments = () => [];
        measures = () => [];
        const again = found((await enricher.enrich([rowWithLookup(1)])).rows.get(pageRowKey(rowWithLookup(1))));
        expect(of('segments')).toHaveLength(2);
        expect(of('measures')).toHaveLength(2);
        expect(again.segments).toMatchObject({ status: 'read' });
        expect(again.measures).toStrictEqual({ status: 'read', value: { measures: new Map(), parse: 'empty' } });
    });

    it('shares a read started after a reset, even when the read from before the reset ends meanwhile', async () => {
        const old = deferred<Row[]>();
        const current = deferred<Row[]>();
        const answers = [old.promise, current.promise];
        const { enricher, of } = scripted({ profile: profilesById(bareProfileRow(1), bareProfileRow(2)), segments: () => answers.shift() ?? [], measures: () => [] });
        void enricher.enrich([rowWithLookup(1)]).catch(() => undefined);
        await until(() => of('segments').length === 1);
        enricher.reset();
        // A read for customers 1 and 2 (another query than the one in flight, so nothing is shared below the enricher).
        const second = enricher.enrich([rowWithLookup(1), rowWithLookup(2)]);
        await until(() => of('segments').length === 2);
        old.resolve([]);
        await settle();
        const third = enricher.enrich([rowWithLookup(1)]);
        await settle();
        current.resolve([{ msdynci_customerid: customer(1), msdynci_segments: '{"Segments":["Gold"]}' }]);
        const [, alone] = await Promise.all([second, third]);
        expect(of('segments')).toHaveLength(2);
        expect(found(alone.rows.get(pageRowKey(rowWithLookup(1)))).segments).toStrictEqual({ status: 'read', value: { names: ['Gold'], parse: 'complete' } });
    });
});
