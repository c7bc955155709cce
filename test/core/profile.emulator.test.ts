/** Profile resolution against the emulator: every link type, GUID spellings, other BUs, no profile. */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, type PersonaKey } from '../dataverse';
import { contactId, emulator, readerFor, scriptedReader, SEED } from './support';
import { matching } from './matchers';

const dv = emulator();

type Page = ComponentFramework.WebApi.RetrieveMultipleResponse;
/**
 * A webApi of `persona` whose answers from the emulator pass through `edit`, and which records what was asked
 * (table and decoded options). Answers that replace the emulator's come from scriptedReader (./support).
 */
function server(persona: PersonaKey, edit: (table: string, page: Page) => Page | Promise<Page>) {
    const api = dv.webApi(PERSONAS[persona].userId);
    const asked: string[] = [];
    return {
        asked,
        retrieveMultipleRecords: async (table: string, options?: string, maxPageSize?: number) => {
            asked.push(`${table}${decodeURIComponent(options ?? '')}`);
            return edit(table, await api.retrieveMultipleRecords(table, options, maxPageSize));
        },
    };
}
const NOT_VISIBLE = { errorCode: 0x80048306, message: 'SecLib::AccessCheckEx failed' };
const NO_PRIVILEGE = { errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_alternatekey privilege' };

describe('resolveProfile', () => {
    beforeEach(() => {
        dv.faults.reset();
        dv.log.clear();
    });

    it('finds a profile through the backstamped lookup on the contact', async () => {
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileColumns: ['msdynci_fullname'] } });
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({
            kind: 'found',
            via: 'recordLookup',
            customerId: matching.pattern(/^[0-9a-f]{32}$/),
            owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates, name: 'United States' },
            modifiedOn: matching.date(),
        });
        if (resolution.kind !== 'found') throw new Error('unreachable');
        expect(resolution.columns.get('msdynci_fullname')?.value).toBe(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 1 });
    });

    it('uses a bound profile lookup id without reading the contact, in any GUID spelling', async () => {
        const first = await readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (first.kind !== 'found') throw new Error('expected found');
        dv.log.clear();
        const resolution = await readerFor(dv, 'serviceAgent').resolveProfile({ profileLookupId: `{${first.profileId.toUpperCase()}}` });
        expect(resolution).toMatchObject({ kind: 'found', via: 'recordLookup', customerId: first.customerId });
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1 });
    });

    it('accepts a customer id as the bound value', async () => {
        const first = await readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (first.kind !== 'found') throw new Error('expected found');
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ recordId: first.customerId.toUpperCase() })).resolves.toMatchObject({ kind: 'found', via: 'customerId', profileId: first.profileId });
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ customerId: first.customerId })).resolves.toMatchObject({ kind: 'found', via: 'customerId' });
    });

    it.each(['alternateKeyOnly', 'upperCaseGuid', 'bracedGuid'] as const)('finds a profile through the alternate-key table (%s)', async (key) => {
        // The administrator can read the root-owned alternate keys.
        const resolution = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, key) });
        expect(resolution).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
    });

    it.each(['alternateKeyOnly', 'upperCaseGuid', 'bracedGuid'] as const)('normalises the record id whatever its spelling (%s)', async (key) => {
        const id = contactId(dv, key);
        for (const spelling of [id.toUpperCase(), `{${id}}`, `{${id.toUpperCase()}}`, ` ${id} `]) {
            await expect(readerFor(dv, 'administrator').resolveProfile({ recordId: spelling })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey' });
        }
    });

    it.each(['alternateKeyOnly', 'upperCaseGuid', 'bracedGuid'] as const)(
        'finds a BU-level user\'s profile through the maker-named key column when the root-owned alternate keys are out of reach (%s)',
        async (key) => {
            const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } });
            const resolution = await reader.resolveProfile({ recordId: contactId(dv, key) });
            expect(resolution).toMatchObject({ kind: 'found', via: 'profileKeyColumn', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        },
    );

    it('does not take an empty alternate-key answer as evidence: a BU-level user without key column gets noProfile, not notVisible', async () => {
        const resolution = await readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(resolution).toMatchObject({ kind: 'noProfile', reason: 'noLink', checked: ['recordLookup', 'alternateKey'] });
    });

    it.each(['otherRegionCustomer', 'unmappedCustomer', 'teamOwned'] as const)('says notVisible when the backstamped lookup points to a profile in another business unit (%s)', async (key) => {
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, key) })).resolves.toStrictEqual({ kind: 'notVisible', via: 'recordLookup' });
    });

    it('says notVisible when a bound profile lookup points to a profile the user cannot read', async () => {
        const admin = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        if (admin.kind !== 'found') throw new Error('expected found');
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ profileLookupId: admin.profileId })).resolves.toStrictEqual({ kind: 'notVisible', via: 'recordLookup' });
    });

    it('finds a profile owned by a team the user belongs to', async () => {
        await expect(readerFor(dv, 'ownerTeamMember').resolveProfile({ recordId: contactId(dv, 'teamOwned') })).resolves.toMatchObject({
            kind: 'found',
            owningBusinessUnit: { id: BUSINESS_UNIT_IDS.germany },
        });
    });

    it('says notVisible when an alternate key exists but its profile does not come back', async () => {
        // No persona reads root-owned keys without reading every profile, so hide profiles in a wrapper.
        const resolution = await scriptedReader(dv, 'administrator', { msdynci_customerprofile: () => [] }).reader.resolveProfile({ recordId: contactId(dv, 'bracedGuid') });
        expect(resolution).toStrictEqual({ kind: 'notVisible', via: 'alternateKey' });
    });

    it('says notVisible for a bound customer id whose alternate key exists but whose profile does not come back', async () => {
        const first = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'bracedGuid') });
        if (first.kind !== 'found') throw new Error('expected found');
        await expect(scriptedReader(dv, 'administrator', { msdynci_customerprofile: () => [] }).reader.resolveProfile({ customerId: first.customerId })).resolves.toStrictEqual({ kind: 'notVisible', via: 'customerId' });
        // Without such evidence (a BU-level user cannot read the root-owned keys) it is noProfile.
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ customerId: 'ffffffffffffffffffffffffffffffff' })).resolves.toMatchObject({ kind: 'noProfile', checked: ['customerId'] });
    });

    it('goes on to the next link when the record lookup returns no row (a contact the user cannot read)', async () => {
        const hidingContacts = { contact: () => [] };
        const resolution = await scriptedReader(dv, 'administrator', hidingContacts).reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        // Without the alternate keys nothing points to a profile: no profile, and no evidence of one.
        await expect(
            scriptedReader(dv, 'administrator', hidingContacts, { profileLinks: { useAlternateKeys: false } }).reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') }),
        ).resolves.toStrictEqual({ kind: 'noProfile', reason: 'noLink', checked: ['recordLookup'], unavailable: [] });
    });

    it('finds the profile through a later link when the alternate-key table is refused for missing privilege, and says which link was refused', async () => {
        const refusingKeys = { msdynci_alternatekey: () => NO_PRIVILEGE };
        const withKeyColumn = scriptedReader(dv, 'serviceAgent', refusingKeys, { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }).reader;
        await expect(withKeyColumn.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).resolves.toMatchObject({
            kind: 'found',
            via: 'profileKeyColumn',
            owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates },
        });
        // Without a later link: no profile, naming the refused link; the profile table itself was readable.
        dv.log.clear();
        const resolution = await scriptedReader(dv, 'serviceAgent', refusingKeys).reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(resolution).toStrictEqual({
            kind: 'noProfile',
            reason: 'noLink',
            checked: ['recordLookup', 'alternateKey'],
            unavailable: [{ link: 'alternateKey', failure: { kind: 'noPrivilege', code: '0x80040220', message: 'Principal user is missing prvReadmsdynci_alternatekey privilege' } }],
        });
        // That the profile table is readable was asked with one query that matches no profile.
        const profileReads = dv.log.entries.filter((e) => e.table === 'msdynci_customerprofile');
        expect(profileReads).toHaveLength(1);
        expect(decodeURIComponent(profileReads[0]?.query ?? '')).toContain("msdynci_customerid eq '00000000000000000000000000000000'");
    });

    it('does not ask whether the profile table is readable when a link already read it', async () => {
        const refusingKeys = { msdynci_alternatekey: () => NO_PRIVILEGE };
        const reader = scriptedReader(dv, 'serviceAgent', refusingKeys, { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }).reader;
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({ kind: 'noProfile', checked: ['recordLookup', 'alternateKey', 'profileKeyColumn'] });
        const profileReads = dv.log.entries.filter((e) => e.table === 'msdynci_customerprofile');
        expect(profileReads).toHaveLength(1);
        expect(decodeURIComponent(profileReads[0]?.query ?? '')).toContain('msdynci_crm_contact_contactid');
    });

    const BUSY = { errorCode: 0x80072322, message: 'Number of requests exceeded the limit' };
    const SERVER_ERROR = { errorCode: 0x80040216, message: 'An unexpected error occurred.' };
    it.each([
        ['busy', 'contact', BUSY, 'busy'],
        ['busy', 'msdynci_alternatekey', BUSY, 'busy'],
        ['a server error', 'contact', SERVER_ERROR, 'unexpected'],
        ['a server error', 'msdynci_alternatekey', SERVER_ERROR, 'unexpected'],
    ] as const)('does not skip a link that failed for %s: the resolution fails with it (%s)', async (_what, table, rejection, kind) => {
        const reader = scriptedReader(dv, 'administrator', { [table]: () => rejection }, { requests: { maxAttempts: 1 } }).reader;
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).rejects.toMatchObject({ failure: { kind } });
    });

    it('takes only alternate-key rows for this record and well-formed profile rows, whatever the server adds', async () => {
        const other = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        if (other.kind !== 'found') throw new Error('expected found');
        const noisy = server('administrator', (table, page) => {
            if (table === 'msdynci_alternatekey') {
                // A key row of another record (another customer) and one with a broken customer id.
                return { ...page, entities: [{ msdynci_customerid: other.customerId, msdynci_alternatevalue: contactId(dv, 'otherRegionCustomer') }, { msdynci_customerid: 'junk', msdynci_alternatevalue: contactId(dv, 'alternateKeyOnly') }, ...page.entities] };
            }
            if (table === 'msdynci_customerprofile') {
                return { ...page, entities: [{ msdynci_customerprofileid: 'not-a-guid', msdynci_customerid: String(page.entities[0]?.['msdynci_customerid']) }, ...page.entities] };
            }
            return page;
        });
        const resolution = await readerFor(dv, 'administrator', {}, noisy).resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect(resolution.customerId).not.toBe(other.customerId);
        expect(resolution.profileId).toMatch(/^[0-9a-f]{8}-/);
    });

    it('reads the backstamped lookup of another record table by its primary id', async () => {
        const { reader, sent } = scriptedReader(dv, 'serviceAgent', {}, { profileLinks: { recordTable: 'lead', useAlternateKeys: false } });
        const id = contactId(dv, 'serviceAgentCustomer');
        const resolution = await reader.resolveProfile({ recordId: id });
        expect(sent[0]).toMatchObject({ table: 'lead', options: `?$select=_msdynci_lookupfield_customerprofile_value&$filter=leadid eq ${id}` });
        expect(resolution).toMatchObject({ kind: 'noProfile', checked: ['recordLookup'] });
    });

    it('leaves out an empty data-source filter and a blank key column, and reads a blank record id as no record', async () => {
        const { reader, sent } = scriptedReader(dv, 'administrator', {}, { profileLinks: { alternateKeyDataSourceName: '', profileKeyColumn: '   ' } });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({ kind: 'noProfile', checked: ['recordLookup', 'alternateKey'] });
        const keyQuery = sent.find((q) => q.table === 'msdynci_alternatekey')?.options ?? '';
        expect(keyQuery).toContain("msdynci_entityname eq 'contact'");
        expect(keyQuery).not.toContain('msdynci_datasourcename');
        sent.length = 0;
        await expect(reader.resolveProfile({ recordId: '   ', profileLookupId: ' ', customerId: '' })).resolves.toStrictEqual({ kind: 'noProfile', reason: 'noRecord', checked: [], unavailable: [] });
        expect(sent).toStrictEqual([]);
    });

    it('returns the listed profile columns, null for an empty one, and selects each column once', async () => {
        const { reader, sent } = scriptedReader(dv, 'serviceAgent', {}, { profileLinks: { profileColumns: ['msdynci_fullname', 'msdynci_customerid', 'msdynci_fullname'] } });
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect([...resolution.columns.keys()]).toStrictEqual(['msdynci_fullname', 'msdynci_customerid']);
        expect(resolution.columns.get('msdynci_customerid')).toStrictEqual({ value: resolution.customerId });
        const select = /\$select=([^&]*)/.exec(sent.find((q) => q.table === 'msdynci_customerprofile')?.options ?? '')?.[1]?.split(',') ?? [];
        expect(select).toStrictEqual(['msdynci_customerprofileid', 'msdynci_customerid', '_owningbusinessunit_value', 'modifiedon', 'msdynci_fullname']);
        expect(Object.isFrozen(resolution)).toBe(true);
    });

    it('rejects a customer id that is not 32 hex characters', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        await expect(reader.resolveProfile({ customerId: 'ce75' })).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'customerId' } });
    });

    it('skips a link the tenant does not support and says why', async () => {
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { recordTable: 'msdynci_nosuchtable' } });
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({ kind: 'noProfile', unavailable: [{ link: 'recordLookup', failure: { kind: 'configuration', offendingName: 'msdynci_nosuchtable' } }] });
    });

    it.each(['serviceAgent', 'salesManager', 'administrator'] as const)('says noProfile for a contact without a profile, for every persona that can look (%s)', async (persona) => {
        await expect(readerFor(dv, persona, { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }).resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({
            kind: 'noProfile',
            reason: 'noLink',
        });
    });

    it('says noProfile without any request when there is no record (create form)', async () => {
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ recordId: '' })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noRecord' });
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({})).resolves.toMatchObject({ kind: 'noProfile', reason: 'noRecord' });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('says a record id that can be no id is not one, before sending anything (not a configuration problem)', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        await expect(reader.resolveProfile({ recordId: "x' or 1 eq 1" })).resolves.toMatchObject({ kind: 'noProfile', reason: 'notAnId', reference: "x' or 1 eq 1" });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('switches links off as configured', async () => {
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { useRecordLookup: false, useAlternateKeys: false } });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'noProfile', checked: [] });
        expect(dv.log.entries).toHaveLength(0);
        await expect(readerFor(dv, 'administrator', { profileLinks: { useRecordLookup: false } }).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({
            kind: 'found',
            via: 'alternateKey',
        });
    });

    it('filters alternate keys by entity name and data source', async () => {
        const id = contactId(dv, 'alternateKeyOnly');
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyDataSourceName: 'crm' } }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'found' });
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyDataSourceName: 'ecommerce' } }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'noProfile' });
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyEntityName: 'lead' } }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'noProfile' });
    });

    it('reports a wrong maker-named column as a configuration problem naming it', async () => {
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_nosuchcolumn' } });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'msdynci_crm_contact_nosuchcolumn' } });
    });

    it('reports missing privilege for a user without the Customer Insights role', async () => {
        const reader = readerFor(dv, 'noRole');
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).rejects.toMatchObject({ failure: { kind: 'noPrivilege', code: '0x80040220' } });
    });

    it('reports missing privilege, not "no profile", when the user lacks Customer Insights access and no link reads the profile', async () => {
        const reader = readerFor(dv, 'noRole');
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
    });

    // The profile is in United States, below North America (the sales manager's unit); the service agent is in United States.
    it.each([
        ['salesManager', 'no scope given', 'found', {}],
        ['salesManager', 'businessUnitAndChildren', 'found', { businessUnitScope: 'businessUnitAndChildren' }],
        ['salesManager', 'businessUnit', 'notVisible', { businessUnitScope: 'businessUnit' }],
        ['serviceAgent', 'businessUnit', 'found', { businessUnitScope: 'businessUnit' }],
    ] as const)('limits the profile to the chosen business-unit scope (a view choice): %s, %s: %s', async (persona, _scope, kind, options) => {
        await expect(readerFor(dv, persona, options).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind });
    });

    it('"business unit and children" falls back to the business-unit tree with In when UnderOrEqual is refused', async () => {
        const refusing = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        refusing.faults.refuseUnderOrEqual = true;
        const reader = readerFor(refusing, 'salesManager', { businessUnitScope: 'businessUnitAndChildren' });
        await expect(reader.resolveProfile({ recordId: contactId(refusing, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'found' });
        await expect(reader.resolveProfile({ recordId: contactId(refusing, 'otherRegionCustomer') })).resolves.toMatchObject({ kind: 'notVisible' });
        // Refused once; from then on the reader filters with In over North America, United States and Canada.
        expect(refusing.log.entries.filter((e) => e.status === 400)).toHaveLength(1);
        const tree = refusing.log.entries.filter((e) => e.table === 'businessunit');
        expect(tree).toHaveLength(2); // North America's children, then theirs (none)
        const last = refusing.log.entries.filter((e) => e.table === 'msdynci_customerprofile').at(-1)?.query ?? '';
        for (const unit of [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada]) expect(decodeURIComponent(last)).toContain(unit);
        expect(decodeURIComponent(last)).not.toContain(BUSINESS_UNIT_IDS.europe);
    });
});

describe('resolveProfile against a server that adds, changes or refuses rows', () => {
    async function profileRow(key: Parameters<typeof contactId>[1]): Promise<ComponentFramework.WebApi.Entity> {
        const found = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, key) });
        if (found.kind !== 'found') throw new Error('expected found');
        const page = await dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_customerprofileid,msdynci_customerid,_owningbusinessunit_value,modifiedon,msdynci_crm_contact_contactid&$filter=msdynci_customerid eq '${found.customerId}'`);
        const row = page.entities[0];
        if (row === undefined) throw new Error('expected a row');
        return row;
    }

    it('on every link, skips a readable profile row that is not the one the link points to', async () => {
        const stranger = await profileRow('otherRegionCustomer');
        const prepend = server('administrator', (table, page) => (table === 'msdynci_customerprofile' ? { ...page, entities: [stranger, ...page.entities] } : page));
        const reader = readerFor(dv, 'administrator', { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }, prepend);
        const viaLookup = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(viaLookup).toMatchObject({ kind: 'found', via: 'recordLookup', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        const viaKeys = await reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(viaKeys).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        if (viaKeys.kind !== 'found') throw new Error('expected found');
        await expect(reader.resolveProfile({ customerId: viaKeys.customerId })).resolves.toMatchObject({ kind: 'found', via: 'customerId', customerId: viaKeys.customerId });
        const keyColumnOnly = readerFor(dv, 'administrator', { profileLinks: { useRecordLookup: false, useAlternateKeys: false, profileKeyColumn: ' msdynci_crm_contact_contactid ' } }, prepend);
        await expect(keyColumnOnly.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).resolves.toMatchObject({ kind: 'found', via: 'profileKeyColumn', customerId: viaKeys.customerId });
    });

    it('takes alternate-key rows only for this record, and reads the customer ids in sorted order', async () => {
        const stranger = await profileRow('otherRegionCustomer');
        const record = contactId(dv, 'alternateKeyOnly');
        const mine = await profileRow('alternateKeyOnly');
        const ids = [String(stranger['msdynci_customerid']), String(mine['msdynci_customerid'])];
        // A key row of another record, then a second key of this record pointing to another customer, in reverse order.
        const extraKeys = server('administrator', (table, page) =>
            table === 'msdynci_alternatekey'
                ? { ...page, entities: [{ msdynci_customerid: ids[0], msdynci_alternatevalue: contactId(dv, 'otherRegionCustomer') }, ...page.entities] }
                : page,
        );
        const resolution = await readerFor(dv, 'administrator', {}, extraKeys).resolveProfile({ recordId: record });
        expect(resolution).toMatchObject({ kind: 'found', customerId: ids[1] });
        expect(extraKeys.asked.filter((q) => q.startsWith('msdynci_customerprofile')).join()).not.toContain(ids[0]);

        const sorted = [...ids].sort();
        const twoKeys = server('administrator', (table, page) =>
            table === 'msdynci_alternatekey' ? { ...page, entities: [{ msdynci_customerid: sorted[1], msdynci_alternatevalue: record }, { msdynci_customerid: sorted[0], msdynci_alternatevalue: record }] } : page,
        );
        await expect(readerFor(dv, 'administrator', {}, twoKeys).resolveProfile({ recordId: record })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey', customerId: sorted[0] });
        const profileQuery = twoKeys.asked.find((q) => q.startsWith('msdynci_customerprofile')) ?? '';
        expect(profileQuery.indexOf(sorted[0] ?? '')).toBeLessThan(profileQuery.indexOf(sorted[1] ?? ''));
    });

    it('does not take a profile row with a broken customer id, and says not visible for the lookup that pointed to it', async () => {
        const broken = server('serviceAgent', (table, page) =>
            table === 'msdynci_customerprofile' ? { ...page, entities: page.entities.map((row) => ({ ...row, msdynci_customerid: 'not a customer id' })) } : page,
        );
        await expect(readerFor(dv, 'serviceAgent', { profileLinks: { useAlternateKeys: false } }, broken).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toStrictEqual({
            kind: 'notVisible',
            via: 'recordLookup',
        });
    });

    it('skips a link refused as not visible and goes on', async () => {
        const reader = scriptedReader(dv, 'administrator', { contact: () => NOT_VISIBLE }).reader;
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey' });
        const alone = scriptedReader(dv, 'administrator', { contact: () => NOT_VISIBLE }, { profileLinks: { useAlternateKeys: false } }).reader;
        await expect(alone.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toStrictEqual({
            kind: 'noProfile',
            reason: 'noLink',
            checked: ['recordLookup'],
            unavailable: [{ link: 'recordLookup', failure: { kind: 'notVisible', code: '0x80048306', message: 'SecLib::AccessCheckEx failed' } }],
        });
    });

    it('a bound customer id whose key table is refused: no profile, naming the refused link, not "not visible"', async () => {
        const reader = scriptedReader(dv, 'serviceAgent', { msdynci_alternatekey: () => NO_PRIVILEGE }).reader;
        await expect(reader.resolveProfile({ customerId: 'ffffffffffffffffffffffffffffffff' })).resolves.toStrictEqual({
            kind: 'noProfile',
            reason: 'noLink',
            checked: ['customerId'],
            unavailable: [{ link: 'alternateKey', failure: { kind: 'noPrivilege', code: '0x80040220', message: NO_PRIVILEGE.message } }],
        });
    });

    it('a bound customer id with the key table switched off reads no key, and a key column needs a record id', async () => {
        const { reader, sent } = scriptedReader(dv, 'administrator', { msdynci_customerprofile: () => [] }, { profileLinks: { useAlternateKeys: false, profileKeyColumn: 'msdynci_crm_contact_contactid' } });
        await expect(reader.resolveProfile({ customerId: 'ffffffffffffffffffffffffffffffff' })).resolves.toStrictEqual({ kind: 'noProfile', reason: 'noLink', checked: ['customerId'], unavailable: [] });
        expect(sent.map((q) => q.table)).toStrictEqual(['msdynci_customerprofile']);
    });

    it('asks whether the profile table is readable only after a link was refused for missing privilege', async () => {
        dv.log.clear();
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { recordTable: 'msdynci_nosuchtable', useAlternateKeys: false } });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'noProfile', unavailable: [{ link: 'recordLookup', failure: { kind: 'configuration' } }] });
        expect(dv.log.countByTable()['msdynci_customerprofile']).toBeUndefined();
    });

    it('keeps the platform formatted value of a profile column, and gives none where there is none', async () => {
        const formatted = server('serviceAgent', (table, page) =>
            table === 'msdynci_customerprofile' ? { ...page, entities: page.entities.map((row) => ({ ...row, 'msdynci_birthdate@OData.Community.Display.V1.FormattedValue': '2 January 1980' })) } : page,
        );
        const resolution = await readerFor(dv, 'serviceAgent', { profileLinks: { profileColumns: ['msdynci_birthdate', 'msdynci_city'] } }, formatted).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect(resolution.columns.get('msdynci_birthdate')).toMatchObject({ formattedValue: '2 January 1980' });
        expect(resolution.columns.get('msdynci_city')).not.toHaveProperty('formattedValue');
    });

    it('names the value that is not a GUID, and refuses a bad customer id with its own code', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        await expect(reader.resolveProfile({ profileLookupId: 'nope' })).rejects.toMatchObject({ failure: { kind: 'configuration', code: 'InvalidGuid', offendingName: 'The profile lookup' } });
        await expect(reader.resolveProfile({ customerId: 'nope' })).rejects.toMatchObject({
            failure: { kind: 'configuration', code: 'InvalidCustomerId', message: 'The customer id must be 32 hexadecimal characters.', offendingName: 'customerId' },
        });
    });

    it('refuses to read root-owned rows for anything but a profile it resolved for this user, saying why', async () => {
        const reader = readerFor(dv, 'serviceAgent');
        for (const forged of [{}, null, 'profile', { kind: 'found' }]) {
            await expect(reader.readPredictions(forged as never)).rejects.toMatchObject({
                failure: { kind: 'unexpected', code: 'ProfileNotResolved', message: 'Customer Insights rows are only read for a profile returned by resolveProfile for this user.' },
            });
        }
    });
});
