/**
 * @jest-environment jsdom
 *
 * What a form with the three controls sends per way of finding the profile (issue 12), through the real
 * lifecycle over the emulator: which requests, and that no control waits for what it does not need. Speed
 * itself is measured by `npm run bench:form`, never asserted here.
 */
import { screen, waitFor } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, type FormOptions } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 11 });
});
afterEach(destroyAll);

function mountForm(options: FormOptions): void {
    mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, options);
    mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, options);
    mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, options);
}

const settled = (count = 3) => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(count));
const facts = () => factsOf(dv, 'serviceAgentCustomer');
/** The profile lookup bound to the contact's msdynci_lookupfield_customerprofile, as the form gives it. */
const boundLookup = () => ({ profileLookup: [{ id: `{${facts().profileId.toUpperCase()}}`, entityType: 'msdynci_customerprofile', name: facts().fullName }] });

function profileReads(): string[] {
    return dv.log.entries.filter((e) => e.table === 'msdynci_customerprofile').map((e) => decodeURIComponent(e.query));
}

describe('the profile lookup bound to the control (the recommended setup)', () => {
    it('reads no contact: the other controls read the profile identity and their rows, the card its columns', async () => {
        mountForm({ persona: 'serviceAgent', contact: 'serviceAgentCustomer', parameters: boundLookup() });
        await settled();
        expect(screen.getAllByText(facts().fullName).length).toBeGreaterThan(0);
        expect(document.querySelector('[data-state]:not([data-state="partial"])')).toBeNull();
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 2, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        const [identity, card] = [...profileReads()].sort((a, b) => a.length - b.length);
        expect(identity).toMatch(/^\?\$select=msdynci_customerprofileid,msdynci_customerid,_owningbusinessunit_value,modifiedon&\$filter=msdynci_customerprofileid eq /);
        expect(card).toContain('msdynci_fullname');
        expect(dv.log.metadata).toHaveLength(1);
    });

    it('shows segments and measures while the metadata never answers: only the card waits for it', async () => {
        const stuck = new Promise<never>(() => undefined);
        jest.spyOn(dv, 'getEntityMetadata').mockReturnValue(stuck);
        mountForm({ persona: 'serviceAgent', contact: 'serviceAgentCustomer', parameters: boundLookup() });
        await settled(2);
        expect(screen.getByRole('list', { name: 'Segments of this customer' })).toBeTruthy();
        expect(screen.getByRole('list', { name: 'Measures of this customer' })).toBeTruthy();
        expect(document.querySelectorAll('section[aria-busy="true"]')).toHaveLength(1);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });
});

describe('the contact read first (nothing bound: the default)', () => {
    it('starts the metadata and the contact read together: the contact read goes out while the metadata is pending', async () => {
        const stuck = new Promise<never>(() => undefined);
        jest.spyOn(dv, 'getEntityMetadata').mockReturnValue(stuck);
        mountForm({ persona: 'serviceAgent', contact: 'serviceAgentCustomer' });
        await settled(2);
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });
});

describe('reading the profile with the contact ($expand, an option)', () => {
    const withExpand: FormOptions = { persona: 'serviceAgent', contact: 'serviceAgentCustomer', parameters: { readProfileWithRecord: 'yes' } };
    /** A tenant whose Customer Insights tables accept $expand (the emulator's default refuses it, like elastic tables). */
    const allowExpand = (): void => {
        dv.platform = { ...dv.platform, expandLookups: true };
    };

    it('finds the profile in the contact read: the others read no profile, the card only its columns', async () => {
        allowExpand();
        mountForm(withExpand);
        await settled();
        expect(screen.getAllByText(facts().fullName).length).toBeGreaterThan(0);
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        const contact = dv.log.entries.find((e) => e.table === 'contact');
        expect(decodeURIComponent(contact?.query ?? '')).toContain('$expand=msdynci_lookupfield_customerprofile($select=msdynci_customerprofileid,msdynci_customerid,_owningbusinessunit_value,modifiedon)');
        expect(profileReads()[0]).toContain('msdynci_fullname');
    });

    it('falls back to two reads where the tenant refuses $expand (elastic tables), and shows the same', async () => {
        mountForm(withExpand);
        await settled();
        expect(screen.getAllByText(facts().fullName).length).toBeGreaterThan(0);
        expect(document.querySelector('[data-state]:not([data-state="partial"])')).toBeNull();
        const contactReads = dv.log.entries.filter((e) => e.table === 'contact');
        expect(contactReads.map((e) => [e.query.includes('%24expand') || e.query.includes('$expand'), e.status])).toStrictEqual([
            [true, 400],
            [false, 200],
        ]);
    });

    it('keeps business-unit security: a profile of another business unit comes back empty in the expanded read', async () => {
        allowExpand();
        mountForm({ ...withExpand, contact: 'otherRegionCustomer' });
        await settled();
        expect(document.querySelectorAll('[data-state="notVisible"]')).toHaveLength(3);
        expect(document.body.innerHTML).not.toContain(factsOf(dv, 'otherRegionCustomer').fullName);
    });

    it('is not used with a business-unit filter (it cannot filter the expanded row)', async () => {
        allowExpand();
        mountForm({ ...withExpand, parameters: { readProfileWithRecord: 'yes', businessUnitScope: 'businessUnit' } });
        await settled();
        expect(dv.log.entries.some((e) => decodeURIComponent(e.query).includes('$expand'))).toBe(false);
    });

    it('gives the user without a Customer Insights role the privilege message', async () => {
        allowExpand();
        mountForm({ ...withExpand, persona: 'noRole' });
        await settled();
        expect(document.querySelectorAll('[data-state="noPrivilege"]')).toHaveLength(3);
    });
});

describe('metadata answers shared page-wide', () => {
    it('asks the platform once for two cards of the same user, and again for another user', async () => {
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent' });
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent' });
        await settled(2);
        expect(dv.log.metadata).toHaveLength(1);
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'administrator' });
        await settled(3);
        expect(dv.log.metadata).toHaveLength(2);
        expect(PERSONAS.administrator.userId).not.toBe(PERSONAS.serviceAgent.userId);
    });

    it('never keeps a failure: the next card asks again', async () => {
        const spy = jest.spyOn(dv, 'getEntityMetadata').mockRejectedValueOnce(new Error('metadata service unavailable'));
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent' });
        await settled(1);
        expect(document.querySelectorAll('[data-state="unexpected"]')).toHaveLength(1);
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent' });
        await settled(2);
        expect(spy).toHaveBeenCalledTimes(2);
        expect(screen.getAllByText(facts().fullName).length).toBeGreaterThan(0);
    });
});
