/**
 * Profile resolution that reads the profile with the contact (`$expand` of the backstamped lookup, the
 * `readProfileWithRecord` setting), against the emulator: one read when the tenant allows it, two when it
 * refuses, and a reader remembers the refusal.
 */
import { contactId, emulator, readerFor, resetEmulatorBetweenTests } from './support';

const dv = emulator();
resetEmulatorBetweenTests(dv);

describe('reading the profile with the contact ($expand)', () => {

    it('finds the profile in one read of the contact when no profile columns are asked for', async () => {
        const twoReads = await readerFor(dv, 'serviceAgent').resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (twoReads.kind !== 'found') throw new Error('expected found');
        dv.platform = { ...dv.platform, expandLookups: true };
        dv.log.clear();
        const resolution = await readerFor(dv, 'serviceAgent', { profileLinks: { readProfileWithRecord: true } }).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'recordLookup', profileId: twoReads.profileId, customerId: twoReads.customerId, owningBusinessUnit: { id: twoReads.owningBusinessUnit?.id } });
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1 });
        expect(dv.log.entries[0]?.query).toContain('$expand=');
    });

    it('reads the profile table too when profile columns are asked for', async () => {
        dv.platform = { ...dv.platform, expandLookups: true };
        const resolution = await readerFor(dv, 'serviceAgent', { profileLinks: { readProfileWithRecord: true, profileColumns: ['msdynci_fullname'] } }).resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        expect(resolution).toMatchObject({ kind: 'found', via: 'recordLookup' });
        if (resolution.kind !== 'found') throw new Error('expected found');
        expect(resolution.columns.get('msdynci_fullname')?.value).toBe(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 1 });
    });

    it('falls back to two reads when the tenant refuses $expand, and the reader does not ask again', async () => {
        dv.platform = { ...dv.platform, expandLookups: false };
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { readProfileWithRecord: true } });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') })).resolves.toMatchObject({ kind: 'found', via: 'recordLookup' });
        expect(dv.log.countByTable()).toStrictEqual({ contact: 2, msdynci_customerprofile: 1 });
        dv.log.clear();
        // Another customer, so that nothing comes from the page-wide cache: its contact is read without $expand.
        await reader.resolveProfile({ recordId: contactId(dv, 'corruptJson') });
        const contactReads = dv.log.entries.filter((entry) => entry.table === 'contact').map((entry) => entry.query);
        expect(contactReads).toHaveLength(1);
        expect(contactReads[0]).not.toContain('$expand=');
    });
});
