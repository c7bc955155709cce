/**
 * What the form controls read through the core, over a scripted reader core: the profile card
 * (components/shared/profileCardRead.ts: the name, the fields, the columns it asks for), the segment and
 * measure controls (segmentMembershipRead.ts, customerMeasuresRead.ts) and what they share
 * (formProfile.ts: the states of a profile that did not resolve, the origin for the badge). The same reads
 * against the emulator run in the controls' tests; these pin each branch. Written from mutation testing.
 */
import type { FoundProfile, InsightsReaderCore, ProfileColumnsRequest, ProfileLinkSettings, ProfileRequest, ProfileResolution } from '../../components/shared';
import type { ProfileInputs } from '../../components/shared/host/profileInputs';
import { originOf, resolveFormProfile, unresolvedProfile } from '../../components/shared/formProfile';
import { readProfileCard, resolveProfileWithColumns } from '../../components/shared/profileCardRead';
import { readSegments } from '../../components/shared/segmentMembershipRead';
import { readMeasures } from '../../components/shared/customerMeasuresRead';
import { parseMeasureSpecs } from '../../components/shared/measureSpec';
import type { ProfileColumnValue } from '../../components/shared/profile';

const UNIT = { id: 'b0000000-0003-4b00-8000-000000000003', name: 'United States' };
const OTHER_UNIT = { id: 'b0000000-0004-4b00-8000-000000000004', name: 'Germany' };
const PROFILE_TIME = new Date('2026-01-02T03:04:05Z');
const ROWS_TIME = new Date('2026-03-04T05:06:07Z');

const inputs = (referenceColumn = 'Customer reference'): ProfileInputs => ({
    request: { recordId: 'c0000000-0000-4000-8000-000000000001' },
    links: { useAlternateKeys: false },
    scope: 'all',
    key: 'k',
    referenceColumn,
});

function found(columns: Record<string, ProfileColumnValue> = {}, origin: { owningBusinessUnit?: typeof UNIT; modifiedOn?: Date } = { owningBusinessUnit: UNIT, modifiedOn: PROFILE_TIME }): FoundProfile {
    return {
        kind: 'found',
        customerId: '0123456789abcdef0123456789abcdef',
        profileId: '9e000000-0000-4000-8000-000000000001',
        ...origin,
        columns: new Map(Object.entries(columns)),
        via: 'recordLookup',
    } as unknown as FoundProfile;
}

interface Calls {
    resolve: { request: ProfileRequest; links?: ProfileLinkSettings; columns?: ProfileColumnsRequest }[];
    read: { reader: string; profile: FoundProfile }[];
}

/**
 * A reader core that resolves to `resolution` (after asking for the profile columns, as the real one does
 * for a profile read) and answers `read` with `rows`; every call is recorded.
 */
function scriptedReader(resolution: ProfileResolution, rows: unknown = {}): { reader: InsightsReaderCore; calls: Calls; asked: string[][] } {
    const calls: Calls = { resolve: [], read: [] };
    const asked: string[][] = [];
    const reader: InsightsReaderCore = {
        register: () => undefined,
        release: () => undefined,
        resolveProfile: async (request, links, columns) => {
            calls.resolve.push({ request, ...(links !== undefined ? { links } : {}), ...(columns !== undefined ? { columns } : {}) });
            if (columns !== undefined) asked.push([...(await columns.columns())]);
            return resolution;
        },
        read: ((tableReader: { readonly name: string }, profile: FoundProfile) => {
            calls.read.push({ reader: tableReader.name, profile });
            return Promise.resolve(rows);
        }) as InsightsReaderCore['read'],
        use: () => Promise.reject(new Error('not used')),
        classifyFailure: () => ({ kind: 'unexpected', message: 'x' }),
    };
    return { reader, calls, asked };
}

/** Metadata with these columns and display names. */
const metadata = (attributes: Record<string, string>) => (table: string, wanted: string[]) =>
    Promise.resolve({ table, wanted, Attributes: { get: (name: string) => (name in attributes ? { DisplayName: attributes[name] } : undefined) } });

describe('a profile that did not resolve (formProfile)', () => {
    it('says whether there is no record, no profile or a profile this user may not see', () => {
        expect(unresolvedProfile({ kind: 'noProfile', reason: 'noRecord', checked: [], unavailable: [] })).toStrictEqual({ kind: 'noProfile', noRecord: true });
        expect(unresolvedProfile({ kind: 'noProfile', reason: 'noLink', checked: [], unavailable: [] })).toStrictEqual({ kind: 'noProfile', noRecord: false });
        expect(unresolvedProfile({ kind: 'notVisible', via: 'recordLookup' })).toStrictEqual({ kind: 'notVisible', noRecord: false });
    });

    it('names the bound column and what it holds when that is no id', () => {
        const notAnId = { kind: 'noProfile', reason: 'notAnId', reference: 'hello world', checked: [], unavailable: [] } as const;
        expect(unresolvedProfile(notAnId, inputs('Customer number'))).toStrictEqual({ kind: 'noProfile', noRecord: false, notAnId: { column: 'Customer number', value: 'hello world' } });
        // Without inputs or a reference: empty names, never "undefined".
        expect(unresolvedProfile({ ...notAnId, reference: undefined })).toStrictEqual({ kind: 'noProfile', noRecord: false, notAnId: { column: '', value: '' } });
    });

    it('takes the badge from the rows, else from the profile', () => {
        const profile = found();
        expect(originOf({ owningBusinessUnit: OTHER_UNIT as never, modifiedOn: ROWS_TIME }, profile)).toStrictEqual({ owningBusinessUnit: OTHER_UNIT, modifiedOn: ROWS_TIME });
        expect(originOf({}, profile)).toStrictEqual({ owningBusinessUnit: UNIT, modifiedOn: PROFILE_TIME });
    });

    it('resolves with the form inputs and asks for no profile columns', async () => {
        const { reader, calls } = scriptedReader(found());
        await expect(resolveFormProfile(reader, inputs())).resolves.toStrictEqual({ resolution: found() });
        expect(calls.resolve).toStrictEqual([{ request: inputs().request, links: inputs().links }]);
    });
});

describe('the profile card read (profileCardRead)', () => {
    const columns = { msdynci_fullname: 'Full Name', msdynci_firstname: 'First Name', msdynci_lastname: 'Last Name', msdynci_primaryemail: 'Email', msdynci_city: 'City' };

    it('shows the full name as the title and the other default columns as fields, with display names', async () => {
        const { reader, calls, asked } = scriptedReader(
            found({ msdynci_fullname: { value: 'Ada Lovelace' }, msdynci_primaryemail: { value: 'ada@example.com' }, msdynci_city: { value: null } }),
        );
        const card = await readProfileCard(reader, inputs(), metadata(columns), undefined);
        expect(card).toMatchObject({ kind: 'found', name: 'Ada Lovelace' });
        expect(card.kind === 'found' && card.fields).toStrictEqual([
            { column: { logicalName: 'msdynci_primaryemail', displayName: 'Email' }, text: 'ada@example.com' },
            { column: { logicalName: 'msdynci_city', displayName: 'City' }, text: undefined },
        ]);
        expect(asked).toStrictEqual([['msdynci_fullname', 'msdynci_primaryemail', 'msdynci_city']]);
        expect(calls.resolve[0]).toMatchObject({ request: inputs().request, links: inputs().links });
    });

    it('joins first and last name when there is no full name, and leaves the name out when neither has a value', async () => {
        const listed = 'msdynci_firstname; msdynci_lastname, msdynci_city';
        const both = await readProfileCard(scriptedReader(found({ msdynci_firstname: { value: 'Ada' }, msdynci_lastname: { value: 'Lovelace' }, msdynci_city: { value: 'London' } })).reader, inputs(), metadata(columns), listed);
        expect(both).toMatchObject({ kind: 'found', name: 'Ada Lovelace', fields: [{ column: { logicalName: 'msdynci_city', displayName: 'City' }, text: 'London' }] });
        const last = await readProfileCard(scriptedReader(found({ msdynci_firstname: { value: '' }, msdynci_lastname: { value: 'Lovelace' } })).reader, inputs(), metadata(columns), listed);
        expect(last).toMatchObject({ kind: 'found', name: 'Lovelace' });
        const none = await readProfileCard(scriptedReader(found({ msdynci_firstname: { value: null } })).reader, inputs(), metadata(columns), listed);
        expect(none).toMatchObject({ kind: 'found', fields: [{ text: undefined }] });
        expect(none.kind === 'found' ? none.name : 'not found').toBeUndefined();
    });

    it('never repeats a listed name column as a field, and titles with the full name whenever the profile has one', async () => {
        const card = await readProfileCard(
            scriptedReader(found({ msdynci_fullname: { value: 'Ada Lovelace' }, msdynci_firstname: { value: 'Ada' }, msdynci_city: { value: 'London' } })).reader,
            inputs(),
            metadata(columns),
            'msdynci_city, msdynci_firstname',
        );
        expect(card).toMatchObject({ kind: 'found', name: 'Ada Lovelace' });
        expect(card.kind === 'found' && card.fields).toStrictEqual([{ column: { logicalName: 'msdynci_city', displayName: 'City' }, text: 'London' }]);
    });

    it('shows the formatted value when the platform gives one, the value as text otherwise, and nothing for other values', async () => {
        const meta = metadata({ msdynci_a: 'A', msdynci_b: 'B', msdynci_c: 'C', msdynci_d: 'D', msdynci_e: 'E', msdynci_f: 'F', msdynci_g: 'G' });
        const card = await readProfileCard(
            scriptedReader(
                found({
                    msdynci_a: { value: 1, formattedValue: 'Gold' },
                    msdynci_b: { value: 42 },
                    msdynci_c: { value: false },
                    msdynci_d: { value: { nested: true } },
                    msdynci_e: { value: undefined, formattedValue: 'never shown' },
                    msdynci_f: { value: '', formattedValue: 'never shown' },
                    msdynci_g: { value: null, formattedValue: 'never shown' },
                }),
            ).reader,
            inputs(),
            meta,
            'msdynci_a,msdynci_b,msdynci_c,msdynci_d,msdynci_e,msdynci_f,msdynci_g,',
        );
        expect(card.kind === 'found' && card.fields.map((f) => [f.column.logicalName, f.text])).toStrictEqual([
            ['msdynci_a', 'Gold'],
            ['msdynci_b', '42'],
            ['msdynci_c', 'false'],
            ['msdynci_d', undefined],
            ['msdynci_e', undefined],
            ['msdynci_f', undefined],
            ['msdynci_g', undefined],
        ]);
    });

    it('titles with a listed first name alone and shows no field for it', async () => {
        const card = await readProfileCard(scriptedReader(found({ msdynci_firstname: { value: 'Ada' } })).reader, inputs(), metadata(columns), 'msdynci_firstname');
        expect(card).toMatchObject({ kind: 'found', name: 'Ada', fields: [] });
    });

    it('shows the state of a profile that did not resolve, naming the bound column', async () => {
        const card = await readProfileCard(scriptedReader({ kind: 'noProfile', reason: 'notAnId', reference: 'hello', checked: [], unavailable: [] }).reader, inputs('Customer number'), metadata(columns), undefined);
        expect(card).toStrictEqual({ kind: 'noProfile', noRecord: false, notAnId: { column: 'Customer number', value: 'hello' } });
        await expect(readProfileCard(scriptedReader({ kind: 'notVisible', via: 'alternateKey' }).reader, inputs(), metadata(columns), undefined)).resolves.toStrictEqual({ kind: 'notVisible', noRecord: false });
    });

    it('gives no columns for a profile that did not resolve, and works the metadata out once', async () => {
        let metadataReads = 0;
        const counting = (table: string, wanted: string[]) => {
            metadataReads++;
            return metadata(columns)(table, wanted);
        };
        const reader: InsightsReaderCore = {
            ...scriptedReader(found()).reader,
            resolveProfile: async (_request, _links, request) => {
                await request?.columns();
                await request?.columns();
                return { kind: 'notVisible', via: 'recordLookup' };
            },
        };
        await expect(resolveProfileWithColumns(reader, inputs(), counting, ['msdynci_city'])).resolves.toStrictEqual({ resolution: { kind: 'notVisible', via: 'recordLookup' }, columns: [] });
        expect(metadataReads).toBe(1);
    });

    it('gives no columns when the reader never asked for them', async () => {
        const reader: InsightsReaderCore = { ...scriptedReader(found()).reader, resolveProfile: () => Promise.resolve(found()) };
        await expect(resolveProfileWithColumns(reader, inputs(), metadata(columns), ['msdynci_city'])).resolves.toStrictEqual({ resolution: found(), columns: [] });
    });
});

describe('the segment and measure reads', () => {
    it('reads the segments of a found profile as sorted friendly tags with the rows origin', async () => {
        const profile = found();
        const { reader, calls } = scriptedReader(profile, { segments: ['Zeta_group', 'HighValueCustomers', 'alpha'], segmentsStatus: 'partial', owningBusinessUnit: OTHER_UNIT, modifiedOn: ROWS_TIME });
        const data = await readSegments(reader, inputs(), new Map([['highvaluecustomers', 'Best customers']]), 'en-US');
        expect(data).toStrictEqual({
            kind: 'found',
            segments: [
                { outputName: 'alpha', label: 'Alpha' },
                { outputName: 'HighValueCustomers', label: 'Best customers' },
                { outputName: 'Zeta_group', label: 'Zeta group' },
            ],
            status: 'partial',
            origin: { owningBusinessUnit: OTHER_UNIT, modifiedOn: ROWS_TIME },
        });
        expect(calls.read).toStrictEqual([{ reader: 'readSegmentMembership', profile }]);
        expect(calls.resolve).toStrictEqual([{ request: inputs().request, links: inputs().links }]);
    });

    it('reads nothing for a profile that did not resolve', async () => {
        const { reader, calls } = scriptedReader({ kind: 'noProfile', reason: 'noRecord', checked: [], unavailable: [] });
        await expect(readSegments(reader, inputs(), new Map(), 'en')).resolves.toStrictEqual({ kind: 'noProfile', noRecord: true });
        await expect(readMeasures(reader, inputs(), parseMeasureSpecs(''))).resolves.toStrictEqual({ kind: 'noProfile', noRecord: true });
        const notAnId = scriptedReader({ kind: 'noProfile', reason: 'notAnId', reference: 'x y', checked: [], unavailable: [] });
        await expect(readSegments(notAnId.reader, inputs('Ref'), new Map(), 'en')).resolves.toStrictEqual({ kind: 'noProfile', noRecord: false, notAnId: { column: 'Ref', value: 'x y' } });
        await expect(readMeasures(notAnId.reader, inputs('Ref'), parseMeasureSpecs(''))).resolves.toStrictEqual({ kind: 'noProfile', noRecord: false, notAnId: { column: 'Ref', value: 'x y' } });
        expect(calls.read).toStrictEqual([]);
        expect(notAnId.calls.read).toStrictEqual([]);
    });

    it('reads the measures of a found profile as tiles, every stored measure unless the maker listed some', async () => {
        const profile = found();
        const stored = { measures: new Map<string, number | string>([['TotalSpend', 120.5], ['Visits', 3]]), measuresStatus: 'complete' };
        const { reader, calls } = scriptedReader(profile, stored);
        const all = await readMeasures(reader, inputs(), parseMeasureSpecs(''));
        expect(all).toStrictEqual({
            kind: 'found',
            tiles: [
                { name: 'TotalSpend', label: 'Total Spend', value: { kind: 'number', value: 120.5, format: 'number', defaultFormat: true } },
                { name: 'Visits', label: 'Visits', value: { kind: 'number', value: 3, format: 'number', defaultFormat: true } },
            ],
            status: 'complete',
            origin: { owningBusinessUnit: UNIT, modifiedOn: PROFILE_TIME },
            listed: false,
        });
        const listed = await readMeasures(reader, inputs(), parseMeasureSpecs('Visits | Store visits'));
        expect(listed).toMatchObject({ kind: 'found', listed: true, tiles: [{ name: 'Visits', label: 'Store visits' }] });
        expect(calls.read.map((c) => [c.reader, c.profile])).toStrictEqual([
            ['readCustomerMeasures', profile],
            ['readCustomerMeasures', profile],
        ]);
    });
});
