/** Profile resolution against the emulator: every link type, GUID spellings, other BUs, no profile. */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS } from '../dataverse';
import { contactId, emulator, readerFor, SEED } from './support';
import { matching } from './matchers';

const dv = emulator();

/** What context.webAPI rejects with: a plain object, not an Error. */
function platformRejection(value: { errorCode: number; message: string }): Promise<never> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- reproducing the platform's non-Error rejections is the point
    return Promise.reject(value);
}

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
        expect(dv.log.countByTable()).toEqual({ contact: 1, msdynci_customerprofile: 1 });
    });

    it('uses a bound profile lookup id without reading the contact, in any GUID spelling', async () => {
        const first = await readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (first.kind !== 'found') throw new Error('expected found');
        dv.log.clear();
        const resolution = await readerFor(dv, 'serviceAgent').resolveProfile({ profileLookupId: `{${first.profileId.toUpperCase()}}` });
        expect(resolution).toMatchObject({ kind: 'found', via: 'recordLookup', customerId: first.customerId });
        expect(dv.log.countByTable()).toEqual({ msdynci_customerprofile: 1 });
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

    it('says notVisible when the backstamped lookup points to a profile in another business unit', async () => {
        for (const key of ['otherRegionCustomer', 'unmappedCustomer', 'teamOwned'] as const) {
            await expect(readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, key) })).resolves.toEqual({ kind: 'notVisible', via: 'recordLookup' });
        }
    });

    it('says notVisible when a bound profile lookup points to a profile the user cannot read', async () => {
        const admin = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        if (admin.kind !== 'found') throw new Error('expected found');
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ profileLookupId: admin.profileId })).resolves.toEqual({ kind: 'notVisible', via: 'recordLookup' });
    });

    it('finds a profile owned by a team the user belongs to', async () => {
        await expect(readerFor(dv, 'ownerTeamMember').resolveProfile({ recordId: contactId(dv, 'teamOwned') })).resolves.toMatchObject({
            kind: 'found',
            owningBusinessUnit: { id: BUSINESS_UNIT_IDS.germany },
        });
    });

    it('says notVisible when an alternate key exists but its profile does not come back', async () => {
        // No persona reads root-owned keys without reading every profile, so hide profiles in a wrapper.
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const hidingProfiles = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
                table === 'msdynci_customerprofile' ? Promise.resolve({ entities: [] }) : admin.retrieveMultipleRecords(table, options, maxPageSize),
        };
        const resolution = await readerFor(dv, 'administrator', {}, hidingProfiles).resolveProfile({ recordId: contactId(dv, 'bracedGuid') });
        expect(resolution).toEqual({ kind: 'notVisible', via: 'alternateKey' });
    });

    it('says notVisible for a bound customer id whose alternate key exists but whose profile does not come back', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const first = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'bracedGuid') });
        if (first.kind !== 'found') throw new Error('expected found');
        const hidingProfiles = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
                table === 'msdynci_customerprofile' ? Promise.resolve({ entities: [] }) : admin.retrieveMultipleRecords(table, options, maxPageSize),
        };
        await expect(readerFor(dv, 'administrator', {}, hidingProfiles).resolveProfile({ customerId: first.customerId })).resolves.toEqual({ kind: 'notVisible', via: 'customerId' });
        // Without such evidence (a BU-level user cannot read the root-owned keys) it is noProfile.
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ customerId: 'ffffffffffffffffffffffffffffffff' })).resolves.toMatchObject({ kind: 'noProfile', checked: ['customerId'] });
    });

    it('goes on to the next link when the record lookup returns no row (a contact the user cannot read)', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const hidingContacts = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
                table === 'contact' ? Promise.resolve({ entities: [] }) : admin.retrieveMultipleRecords(table, options, maxPageSize),
        };
        const resolution = await readerFor(dv, 'administrator', {}, hidingContacts).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        // Without the alternate keys nothing points to a profile: no profile, and no evidence of one.
        await expect(
            readerFor(dv, 'administrator', { profileLinks: { useAlternateKeys: false } }, hidingContacts).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') }),
        ).resolves.toEqual({ kind: 'noProfile', reason: 'noLink', checked: ['recordLookup'], unavailable: [] });
    });

    it('finds the profile through a later link when the alternate-key table is refused for missing privilege, and says which link was refused', async () => {
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        const refusingKeys = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
                table === 'msdynci_alternatekey'
                    ? platformRejection({ errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_alternatekey privilege' })
                    : agent.retrieveMultipleRecords(table, options, maxPageSize),
        };
        const withKeyColumn = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }, refusingKeys);
        await expect(withKeyColumn.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).resolves.toMatchObject({
            kind: 'found',
            via: 'profileKeyColumn',
            owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates },
        });
        // Without a later link: no profile, naming the refused link; the profile table itself was readable.
        dv.log.clear();
        const resolution = await readerFor(dv, 'serviceAgent', {}, refusingKeys).resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(resolution).toEqual({
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
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        const refusingKeys = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
                table === 'msdynci_alternatekey'
                    ? platformRejection({ errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_alternatekey privilege' })
                    : agent.retrieveMultipleRecords(table, options, maxPageSize),
        };
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }, refusingKeys);
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({ kind: 'noProfile', checked: ['recordLookup', 'alternateKey', 'profileKeyColumn'] });
        const profileReads = dv.log.entries.filter((e) => e.table === 'msdynci_customerprofile');
        expect(profileReads).toHaveLength(1);
        expect(decodeURIComponent(profileReads[0]?.query ?? '')).toContain('msdynci_crm_contact_contactid');
    });

    it.each([
        ['busy', { errorCode: 0x80072322, message: 'Number of requests exceeded the limit' }, 'busy'],
        ['a server error', { errorCode: 0x80040216, message: 'An unexpected error occurred.' }, 'unexpected'],
    ] as const)('does not skip a link that failed for %s: the resolution fails with it', async (_what, rejection, kind) => {
        const agent = dv.webApi(PERSONAS.administrator.userId);
        for (const table of ['contact', 'msdynci_alternatekey']) {
            const failing = {
                retrieveMultipleRecords: (t: string, options?: string, maxPageSize?: number) => (t === table ? platformRejection(rejection) : agent.retrieveMultipleRecords(t, options, maxPageSize)),
            };
            const reader = readerFor(dv, 'administrator', { requests: { maxAttempts: 1 } }, failing);
            await expect(reader.resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') })).rejects.toMatchObject({ failure: { kind } });
        }
    });

    it('takes only alternate-key rows for this record and well-formed profile rows, whatever the server adds', async () => {
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const other = await readerFor(dv, 'administrator').resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        if (other.kind !== 'found') throw new Error('expected found');
        const noisy = {
            retrieveMultipleRecords: async (table: string, options?: string, maxPageSize?: number) => {
                const page = await admin.retrieveMultipleRecords(table, options, maxPageSize);
                if (table === 'msdynci_alternatekey') {
                    // A key row of another record (another customer) and one with a broken customer id.
                    return { ...page, entities: [{ msdynci_customerid: other.customerId, msdynci_alternatevalue: contactId(dv, 'otherRegionCustomer') }, { msdynci_customerid: 'junk', msdynci_alternatevalue: contactId(dv, 'alternateKeyOnly') }, ...page.entities] };
                }
                if (table === 'msdynci_customerprofile') {
                    return { ...page, entities: [{ msdynci_customerprofileid: 'not-a-guid', msdynci_customerid: String(page.entities[0]?.['msdynci_customerid']) }, ...page.entities] };
                }
                return page;
            },
        };
        const resolution = await readerFor(dv, 'administrator', {}, noisy).resolveProfile({ recordId: contactId(dv, 'alternateKeyOnly') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'alternateKey', owningBusinessUnit: { id: BUSINESS_UNIT_IDS.unitedStates } });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect(resolution.customerId).not.toBe(other.customerId);
        expect(resolution.profileId).toMatch(/^[0-9a-f]{8}-/);
    });

    it('reads the backstamped lookup of another record table by its primary id', async () => {
        const seen: string[] = [];
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        const recording = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) => {
                seen.push(`${table}${decodeURIComponent(options ?? '')}`);
                return agent.retrieveMultipleRecords(table, options, maxPageSize);
            },
        };
        const id = contactId(dv, 'serviceAgentCustomer');
        const resolution = await readerFor(dv, 'serviceAgent', { profileLinks: { recordTable: 'lead', useAlternateKeys: false } }, recording).resolveProfile({ recordId: id });
        expect(seen[0]).toBe(`lead?$select=_msdynci_lookupfield_customerprofile_value&$filter=leadid eq ${id}`);
        expect(resolution).toMatchObject({ kind: 'noProfile', checked: ['recordLookup'] });
    });

    it('leaves out an empty data-source filter and a blank key column, and reads a blank record id as no record', async () => {
        const seen: string[] = [];
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const recording = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) => {
                seen.push(`${table}${decodeURIComponent(options ?? '')}`);
                return admin.retrieveMultipleRecords(table, options, maxPageSize);
            },
        };
        const reader = readerFor(dv, 'administrator', { profileLinks: { alternateKeyDataSourceName: '', profileKeyColumn: '   ' } }, recording);
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({ kind: 'noProfile', checked: ['recordLookup', 'alternateKey'] });
        const keyQuery = seen.find((q) => q.startsWith('msdynci_alternatekey')) ?? '';
        expect(keyQuery).toContain("msdynci_entityname eq 'contact'");
        expect(keyQuery).not.toContain('msdynci_datasourcename');
        seen.length = 0;
        await expect(reader.resolveProfile({ recordId: '   ', profileLookupId: ' ', customerId: '' })).resolves.toEqual({ kind: 'noProfile', reason: 'noRecord', checked: [], unavailable: [] });
        expect(seen).toEqual([]);
    });

    it('returns the listed profile columns, null for an empty one, and selects each column once', async () => {
        const seen: string[] = [];
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        const recording = {
            retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) => {
                seen.push(`${table}${decodeURIComponent(options ?? '')}`);
                return agent.retrieveMultipleRecords(table, options, maxPageSize);
            },
        };
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileColumns: ['msdynci_fullname', 'msdynci_customerid', 'msdynci_fullname'] } }, recording);
        const resolution = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect([...resolution.columns.keys()]).toEqual(['msdynci_fullname', 'msdynci_customerid']);
        expect(resolution.columns.get('msdynci_customerid')).toEqual({ value: resolution.customerId });
        const select = /\$select=([^&]*)/.exec(seen.find((q) => q.startsWith('msdynci_customerprofile')) ?? '')?.[1]?.split(',') ?? [];
        expect(select).toEqual(['msdynci_customerprofileid', 'msdynci_customerid', '_owningbusinessunit_value', 'modifiedon', 'msdynci_fullname']);
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

    it('says noProfile for a contact without a profile, for every persona that can look', async () => {
        for (const persona of ['serviceAgent', 'salesManager', 'administrator'] as const) {
            await expect(readerFor(dv, persona, { profileLinks: { profileKeyColumn: 'msdynci_crm_contact_contactid' } }).resolveProfile({ recordId: contactId(dv, 'noProfile') })).resolves.toMatchObject({
                kind: 'noProfile',
                reason: 'noLink',
            });
        }
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

    it('limits the profile to the chosen business-unit scope (a view choice)', async () => {
        const id = contactId(dv, 'serviceAgentCustomer'); // profile in United States, below North America
        await expect(readerFor(dv, 'salesManager').resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'found' });
        await expect(readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnitAndChildren' }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'found' });
        await expect(readerFor(dv, 'salesManager', { businessUnitScope: 'businessUnit' }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'notVisible' });
        await expect(readerFor(dv, 'serviceAgent', { businessUnitScope: 'businessUnit' }).resolveProfile({ recordId: id })).resolves.toMatchObject({ kind: 'found' });
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
