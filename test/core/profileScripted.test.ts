/**
 * Profile resolution (components/shared/profile.ts) over scripted answers: the tables under test answer with
 * rows the test writes (a contact whose expanded profile is another one, alternate keys of other values or
 * without customer ids, a profile key column holding another key) or with the platform's rejections, every
 * other table is the emulator's. Pins the defence-in-depth checks on what comes back, which request each
 * request shape sends, and how a refused `$expand` falls back. Written from mutation testing.
 */
import { resolveProfile, type ProfileResolution } from '../../components/shared/profile';
import type { InsightsReaderOptions } from '../../components/shared';
import type { PersonaKey } from '../dataverse';
import { contactId, emulator, readerFor, resetEmulatorBetweenTests, scriptedReader, type ScriptedTable } from './support';

const dv = emulator();
type Row = Record<string, unknown>;

const LOOKUP = '_msdynci_lookupfield_customerprofile_value';
const EXPANDED = 'msdynci_lookupfield_customerprofile';
const KEY_COLUMN = 'msdynci_ecommerce_customers_key';
const CONTACT = '5b0c6f1e-2d3a-4c5b-8e9f-0a1b2c3d4e5f';
const PROFILE_A = '7d3c2b1a-0000-4000-8000-00000000000a';
const PROFILE_B = '7d3c2b1a-0000-4000-8000-00000000000b';
const CUSTOMER_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const CUSTOMER_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

const profileRow = (profileId: string, customerId: string, extra: Row = {}): Row => ({ msdynci_customerprofileid: profileId, msdynci_customerid: customerId, ...extra });

/** What the platform rejects with: a plain `{ errorCode, message }`. */
const rejection = (errorCode: number, message: string) => ({ errorCode, message });
const NO_PRIVILEGE = 0x80040220;
const NOT_VISIBLE = 0x80040225;
const BUSY = 0x80072322;
const UNKNOWN_CODE = 0x80049999;

/** A reader for `persona` whose `tables` answer as scripted; `asked` is what it sent. */
function scripted(tables: Record<string, ScriptedTable>, options: InsightsReaderOptions = {}, persona: PersonaKey = 'serviceAgent') {
    const { reader, sent } = scriptedReader(dv, persona, tables, options);
    return { reader, asked: sent };
}

resetEmulatorBetweenTests(dv);

describe('which link a request shape takes', () => {
    it('reads a given customer id although the record id is no id at all', async () => {
        const { reader, asked } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)] });
        await expect(reader.resolveProfile({ customerId: CUSTOMER_A, recordId: 'hello world' })).resolves.toMatchObject({ kind: 'found', via: 'customerId', profileId: PROFILE_A });
        expect(asked.map((a) => a.table)).toStrictEqual(['msdynci_customerprofile']);
    });

    it('a given customer id is the only link: a source key as the record id is not looked up as well', async () => {
        const { reader, asked } = scripted({ msdynci_customerprofile: () => [], msdynci_alternatekey: () => [] }, { profileLinks: { profileKeyColumn: KEY_COLUMN } });
        await expect(reader.resolveProfile({ customerId: CUSTOMER_A, recordId: 'EC-100000' })).resolves.toMatchObject({ kind: 'noProfile', checked: ['customerId'] });
        expect(asked.some((a) => a.options.includes('EC-100000'))).toBe(false);
    });

    it('uses a bound profile lookup although the record id is no id at all', async () => {
        const { reader } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)] });
        await expect(reader.resolveProfile({ profileLookupId: PROFILE_A, recordId: 'hello world' })).resolves.toMatchObject({ kind: 'found', via: 'recordLookup', profileId: PROFILE_A });
    });

    it('with a bound profile lookup and a record id, reads the profile only (the contact is not asked)', async () => {
        const { reader, asked } = scripted({
            contact: () => [{ [LOOKUP]: PROFILE_B }],
            msdynci_customerprofile: (options) => (options.includes(PROFILE_A) ? [profileRow(PROFILE_A, CUSTOMER_A)] : [profileRow(PROFILE_B, CUSTOMER_B)]),
        });
        await expect(reader.resolveProfile({ profileLookupId: PROFILE_A, recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', via: 'recordLookup', profileId: PROFILE_A });
        expect(asked.map((a) => a.table)).toStrictEqual(['msdynci_customerprofile']);
    });
});

describe('the profile key column', () => {
    const settings = { useRecordLookup: false, useAlternateKeys: false, profileKeyColumn: KEY_COLUMN };

    it('does not take a row whose key column holds another key (the answer is checked, not trusted)', async () => {
        const { reader } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_B, CUSTOMER_B, { [KEY_COLUMN]: 'EC-999999' })] }, { profileLinks: settings });
        await expect(reader.resolveProfile({ recordId: 'EC-100000' })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink', checked: ['profileKeyColumn'] });
    });

    it('takes the row whose key column holds the key as the server compares it (case, spaces)', async () => {
        const { reader, asked } = scripted(
            { msdynci_customerprofile: () => [profileRow(PROFILE_B, CUSTOMER_B, { [KEY_COLUMN]: 'EC-999999' }), profileRow(PROFILE_A, CUSTOMER_A, { [KEY_COLUMN]: ' ec-100000 ' })] },
            { profileLinks: settings },
        );
        await expect(reader.resolveProfile({ recordId: 'EC-100000' })).resolves.toMatchObject({ kind: 'found', via: 'profileKeyColumn', profileId: PROFILE_A });
        expect(asked[0]?.options).toContain(`$filter=${KEY_COLUMN} eq 'EC-100000'`);
    });
});

describe('reading the profile with the contact ($expand)', () => {
    const withRecord = { profileLinks: { readProfileWithRecord: true } };

    it('does not expand under a business-unit scope: the profile read carries the scope instead', async () => {
        dv.platform = { ...dv.platform, expandLookups: true };
        const reader = readerFor(dv, 'serviceAgent', { ...withRecord, businessUnitScope: 'businessUnit' });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'found', via: 'recordLookup' });
        const queries = dv.log.entries.map((entry) => `${entry.table} ${entry.query}`);
        expect(queries).toHaveLength(2);
        expect(queries[0]).toMatch(/^contact /);
        expect(queries[0]).not.toContain('$expand');
        expect(queries[1]).toMatch(/^msdynci_customerprofile .*EqualBusinessId/);
    });

    it('a found expanded profile carries no columns when none were asked for', async () => {
        const { reader, asked } = scripted({ contact: () => [{ [LOOKUP]: PROFILE_A, [EXPANDED]: profileRow(PROFILE_A, CUSTOMER_A) }] }, withRecord);
        const resolution = await reader.resolveProfile({ recordId: CONTACT });
        expect(resolution).toMatchObject({ kind: 'found', via: 'recordLookup', profileId: PROFILE_A, customerId: CUSTOMER_A });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect([...resolution.columns.keys()]).toStrictEqual([]);
        expect(asked.map((a) => a.table)).toStrictEqual(['contact']);
    });

    it('reads the profile the lookup names when the expanded row is another profile', async () => {
        const { reader, asked } = scripted(
            {
                contact: () => [{ [LOOKUP]: PROFILE_A, [EXPANDED]: profileRow(PROFILE_B, CUSTOMER_B) }],
                msdynci_customerprofile: (options) => (options.includes(PROFILE_A) ? [profileRow(PROFILE_A, CUSTOMER_A)] : []),
            },
            withRecord,
        );
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A, customerId: CUSTOMER_A });
        expect(asked.map((a) => a.table)).toStrictEqual(['contact', 'msdynci_customerprofile']);
    });

    it.each([
        ['no expanded profile', undefined],
        ['an expanded null', null],
        ['an expanded list', [profileRow(PROFILE_A, CUSTOMER_A)]],
        ['an expanded text', 'x'],
    ])('reads the profile table when the contact comes back with %s', async (_name, expanded) => {
        const { reader, asked } = scripted(
            { contact: () => [{ [LOOKUP]: PROFILE_A, ...(expanded !== undefined ? { [EXPANDED]: expanded } : {}) }], msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)] },
            withRecord,
        );
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
        expect(asked.map((a) => a.table)).toStrictEqual(['contact', 'msdynci_customerprofile']);
    });

    it('an expanded profile that is no well-formed profile is not taken: the profile table is read', async () => {
        const { reader, asked } = scripted(
            {
                contact: () => [{ [LOOKUP]: PROFILE_A, [EXPANDED]: profileRow(PROFILE_A, 'not a customer id') }],
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)],
            },
            withRecord,
        );
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A, customerId: CUSTOMER_A });
        expect(asked.map((a) => a.table)).toStrictEqual(['contact', 'msdynci_customerprofile']);
    });

    it('a contact the user cannot read is no refusal of $expand: the next resolution expands again', async () => {
        const { reader, asked } = scripted({ contact: () => [], msdynci_alternatekey: () => [] }, withRecord);
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink' });
        await reader.resolveProfile({ recordId: CONTACT.replace('5b0c', '5b0d') });
        expect(asked.filter((a) => a.table === 'contact').map((a) => a.options.includes('$expand'))).toStrictEqual([true, true]);
    });

    it('a contact without the lookup is no profile through that link (the alternate keys are still asked)', async () => {
        const { reader, asked } = scripted({ contact: () => [{ [EXPANDED]: profileRow(PROFILE_A, CUSTOMER_A) }], msdynci_alternatekey: () => [] }, withRecord);
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink', checked: ['recordLookup', 'alternateKey'] });
        expect(asked.map((a) => a.table)).toStrictEqual(['contact', 'msdynci_alternatekey']);
    });

    it('an unknown error of the expanded read is taken as a refusal: the contact is read again without it, once per reader', async () => {
        const { reader, asked } = scripted(
            {
                contact: (options) => (options.includes('$expand') ? rejection(UNKNOWN_CODE, 'Something about navigation properties') : [{ [LOOKUP]: PROFILE_A }]),
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)],
            },
            withRecord,
        );
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
        await expect(reader.resolveProfile({ recordId: CONTACT.replace('5b0c', '5b0d') })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
        // (The second profile read is the first one's query: the reader's cache answers it.)
        expect(asked.map((a) => `${a.table}${a.options.includes('$expand') ? ' $expand' : ''}`)).toStrictEqual(['contact $expand', 'contact', 'msdynci_customerprofile', 'contact']);
    });

    it.each([
        ['a missing privilege', NO_PRIVILEGE],
        ['no access to the row', NOT_VISIBLE],
    ])('%s on the expanded read tries the plain read, and is remembered as not refused', async (_name, errorCode) => {
        const { reader, asked } = scripted(
            {
                contact: (options) => (options.includes('$expand') ? rejection(errorCode, 'Not for this user') : [{ [LOOKUP]: PROFILE_A }]),
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)],
            },
            withRecord,
        );
        await expect(reader.resolveProfile({ recordId: CONTACT })).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
        await reader.resolveProfile({ recordId: CONTACT.replace('5b0c', '5b0d') });
        expect(asked.filter((a) => a.table === 'contact').map((a) => a.options.includes('$expand'))).toStrictEqual([true, false, true, false]);
    });

    it('a busy server is not a refusal: the resolution fails as busy and nothing else is read', async () => {
        const { reader, asked } = scripted({ contact: () => rejection(BUSY, 'Number of concurrent requests exceeded the limit') }, withRecord);
        await expect(reader.resolveProfile({ recordId: CONTACT })).rejects.toMatchObject({ failure: { kind: 'busy' } });
        expect(asked.every((a) => a.table === 'contact' && a.options.includes('$expand'))).toBe(true);
    });

    describe('called with no reader memory (resolveProfile on its own)', () => {
        const resolveAlone = (reader: ReturnType<typeof readerFor>, recordId: string): Promise<ProfileResolution> =>
            reader.use((requester) => resolveProfile({ requester, userKey: 'tester', scopeFilter: () => undefined }, { recordId }, { readProfileWithRecord: true }));

        it('expands when the tenant allows it', async () => {
            const { reader, asked } = scripted({ contact: () => [{ [LOOKUP]: PROFILE_A, [EXPANDED]: profileRow(PROFILE_A, CUSTOMER_A) }] });
            await expect(resolveAlone(reader, CONTACT)).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
            expect(asked.map((a) => a.table)).toStrictEqual(['contact']);
        });

        it('falls back to two reads when the tenant refuses it, and asks again next time (nothing remembers)', async () => {
            const { reader, asked } = scripted({
                contact: (options) => (options.includes('$expand') ? rejection(0x80040217, "Could not find a property named 'msdynci_lookupfield_customerprofile'") : [{ [LOOKUP]: PROFILE_A }]),
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)],
            });
            await expect(resolveAlone(reader, CONTACT)).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
            await expect(resolveAlone(reader, CONTACT.replace('5b0c', '5b0d'))).resolves.toMatchObject({ kind: 'found', profileId: PROFILE_A });
            expect(asked.filter((a) => a.table === 'contact').map((a) => a.options.includes('$expand'))).toStrictEqual([true, false, true, false]);
        });
    });
});

describe('profile columns worked out while the resolution runs', () => {
    it('returns the columns the request works out, read with the profile', async () => {
        const { reader, asked } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A, { msdynci_fullname: 'Ada Lovelace' })] });
        const resolution = await reader.resolveProfile({ profileLookupId: PROFILE_A }, { profileColumns: ['msdynci_ignored'] }, { columns: () => Promise.resolve(['msdynci_fullname']) });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect([...resolution.columns]).toStrictEqual([['msdynci_fullname', { value: 'Ada Lovelace' }]]);
        expect(asked[0]?.options).toMatch(/\$select=[^&]*msdynci_fullname/);
        expect(asked[0]?.options).not.toContain('msdynci_ignored');
    });

    it('with the profile read with the contact, the profile table is read too for those columns', async () => {
        const { reader, asked } = scripted(
            {
                contact: () => [{ [LOOKUP]: PROFILE_A, [EXPANDED]: profileRow(PROFILE_A, CUSTOMER_A) }],
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A, { msdynci_fullname: 'Ada Lovelace' })],
            },
            { profileLinks: { readProfileWithRecord: true } },
        );
        const resolution = await reader.resolveProfile({ recordId: CONTACT }, undefined, { columns: () => Promise.resolve(['msdynci_fullname']) });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect(resolution.columns.get('msdynci_fullname')).toStrictEqual({ value: 'Ada Lovelace' });
        expect(asked.map((a) => a.table)).toStrictEqual(['contact', 'msdynci_customerprofile']);
    });

    it.each([
        ['rejects', () => Promise.reject(new Error('metadata unavailable'))],
        ['throws at once', () => {
            throw new Error('metadata unavailable');
        }],
    ])('fails the resolution when working them out %s', async (_name, columns) => {
        const { reader } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)] });
        await expect(reader.resolveProfile({ profileLookupId: PROFILE_A }, undefined, { columns })).rejects.toThrow('metadata unavailable');
    });

    it('columns that fail do not fail a resolution that reads no profile (a contact without the lookup, an expanded row without id)', async () => {
        const { reader } = scripted({ contact: () => [{ [EXPANDED]: { msdynci_customerprofileid: 'junk' } }], msdynci_alternatekey: () => [] }, { profileLinks: { readProfileWithRecord: true } });
        const columns = () => Promise.reject(new Error('metadata unavailable'));
        await expect(reader.resolveProfile({ recordId: CONTACT }, undefined, { columns })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink' });
    });

    it('refuses a worked-out column that is no column name, before any profile read', async () => {
        const { reader, asked } = scripted({ msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A)] });
        await expect(reader.resolveProfile({ profileLookupId: PROFILE_A }, undefined, { columns: () => Promise.resolve(['name) or (1 eq 1']) })).rejects.toMatchObject({ failure: { kind: 'configuration' } });
        expect(asked).toStrictEqual([]);
    });
});

describe('the alternate-key table', () => {
    const administrator = (tables: Record<string, ScriptedTable>, profileLinks = {}) => scripted(tables, { profileLinks: { useRecordLookup: false, ...profileLinks } }, 'administrator');

    it.each([
        ['a record id', CONTACT],
        ['a source key', 'EC-100000'],
    ])('with %s: no data source condition unless one is named (an empty name is none)', async (_name, recordId) => {
        for (const alternateKeyDataSourceName of [undefined, '']) {
            const { reader, asked } = administrator({ msdynci_alternatekey: () => [] }, alternateKeyDataSourceName === undefined ? {} : { alternateKeyDataSourceName });
            await reader.resolveProfile({ recordId });
            expect(asked).toHaveLength(1);
            expect(asked[0]?.options).not.toContain('msdynci_datasourcename');
        }
        const { reader, asked } = administrator({ msdynci_alternatekey: () => [] }, { alternateKeyDataSourceName: 'ecommerce' });
        await reader.resolveProfile({ recordId });
        expect(asked[0]?.options).toContain("msdynci_datasourcename eq 'ecommerce'");
    });

    it('a source key: only rows holding that key and a customer id count', async () => {
        const { reader, asked } = administrator({
            msdynci_alternatekey: () => [
                { msdynci_customerid: CUSTOMER_B, msdynci_alternatevalue: 'EC-999999' },
                { msdynci_alternatevalue: 'EC-100000' },
                { msdynci_customerid: 'not a customer id', msdynci_alternatevalue: 'EC-100000' },
                { msdynci_customerid: CUSTOMER_A, msdynci_alternatevalue: ' ec-100000' },
            ],
            msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A), profileRow(PROFILE_B, CUSTOMER_B)],
        });
        await expect(reader.resolveProfile({ recordId: 'EC-100000' })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey', customerId: CUSTOMER_A });
        expect(asked[1]?.options).toContain(`msdynci_customerid eq '${CUSTOMER_A}'`);
        expect(asked[1]?.options).not.toContain(CUSTOMER_B);
    });

    it.each([
        ['a record id', CONTACT],
        ['a source key', 'EC-100000'],
    ])('with %s: several customers are tried in one order whatever order the server answers in', async (_name, recordId) => {
        const value = recordId;
        const { reader, asked } = administrator({
            msdynci_alternatekey: () => [
                { msdynci_customerid: CUSTOMER_B, msdynci_alternatevalue: value },
                { msdynci_customerid: CUSTOMER_A, msdynci_alternatevalue: value },
            ],
            msdynci_customerprofile: () => [profileRow(PROFILE_B, CUSTOMER_B), profileRow(PROFILE_A, CUSTOMER_A)],
        });
        await expect(reader.resolveProfile({ recordId })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey', customerId: CUSTOMER_A });
        expect(asked[1]?.options).toContain(`(msdynci_customerid eq '${CUSTOMER_A}' or msdynci_customerid eq '${CUSTOMER_B}')`);
    });

    it('a source key the user may not look up in the alternate keys still finds the profile by the key column', async () => {
        const { reader } = administrator(
            {
                msdynci_alternatekey: () => rejection(NO_PRIVILEGE, 'No read privilege on msdynci_alternatekey'),
                msdynci_customerprofile: () => [profileRow(PROFILE_A, CUSTOMER_A, { [KEY_COLUMN]: 'EC-100000' })],
            },
            { profileKeyColumn: KEY_COLUMN },
        );
        const resolution = await reader.resolveProfile({ recordId: 'EC-100000' });
        expect(resolution).toMatchObject({ kind: 'found', via: 'profileKeyColumn', profileId: PROFILE_A });
    });

    it('a source key whose alternate-key read is refused, with no other link: no profile, and the refusal named', async () => {
        const { reader } = administrator({ msdynci_alternatekey: () => rejection(NO_PRIVILEGE, 'No read privilege on msdynci_alternatekey'), msdynci_customerprofile: () => [] });
        await expect(reader.resolveProfile({ recordId: 'EC-100000' })).resolves.toMatchObject({
            kind: 'noProfile',
            reason: 'noLink',
            unavailable: [{ link: 'alternateKey', failure: { kind: 'noPrivilege' } }],
        });
    });
});
