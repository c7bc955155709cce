/**
 * @jest-environment jsdom
 *
 * The three form controls together on one contact form, as a service agent meets them.
 */
import { screen, waitFor } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { BUSINESS_UNIT_IDS, DataverseEmulator, ORGANISATION, type PersonaKey, type SampleContactKey } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, type FormOptions } from './mount';

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

const settled = () => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(3));

describe('all three controls on one contact form', () => {
    it('send one request per table, however many controls read it; the card reads its profile columns on its own', async () => {
        mountForm({ persona: 'serviceAgent', contact: 'serviceAgentCustomer' });
        await settled();
        // The card's profile read carries its display columns (after the tenant's metadata); the other two
        // share one read of the profile's identity and do not wait for metadata (test/controls/profileLinkPaths).
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 2, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(dv.log.metadata).toHaveLength(1);
    });

    /** Which business units each persona may read Customer Insights rows in (from personas.ts, by hand). */
    // The sales rep reads only their own contacts (the grid tests cover them); not all four are theirs.
    const readableUnits: Record<Exclude<PersonaKey, 'noRole' | 'salesRep'>, (unitId: string, ownerTeamId: string) => boolean> = {
        serviceAgent: (unit) => unit === BUSINESS_UNIT_IDS.unitedStates,
        salesManager: (unit) => [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada].includes(unit),
        administrator: () => true,
        ownerTeamMember: (unit) => unit === BUSINESS_UNIT_IDS.germany,
        marketerOrganization: () => true,
        marketerBusinessUnit: (unit) => unit === BUSINESS_UNIT_IDS.northAmerica,
        // Reads every root-owned row, but profiles of United States only.
        insightsAnalyst: (unit) => unit === BUSINESS_UNIT_IDS.unitedStates,
    };
    const contacts: Exclude<SampleContactKey, 'noProfile'>[] = ['serviceAgentCustomer', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned'];

    describe.each(Object.keys(readableUnits) as Exclude<PersonaKey, 'noRole' | 'salesRep'>[])('for the %s', (persona) => {
        it.each(contacts)('shows %s only when its business unit is readable, and nothing of it otherwise', async (contact) => {
            const facts = factsOf(dv, contact);
            const visible = readableUnits[persona](facts.businessUnitId, facts.ownerTeamId);
            mountForm({ persona, contact });
            await settled();
            if (visible) {
                expect(screen.getAllByText(facts.fullName).length).toBeGreaterThan(0);
                expect(document.querySelector('[data-state]:not([data-state="partial"])')).toBeNull();
            } else {
                expect(document.querySelectorAll('[data-state="notVisible"]')).toHaveLength(3);
                const markup = pageMarkup();
                expect(markup).not.toContain(facts.fullName);
                expect(markup).not.toContain(facts.customerId);
                const unitName = ORGANISATION.businessUnits.find((unit) => unit.id === facts.businessUnitId)?.name ?? '';
                expect(markup).not.toContain(unitName);
            }
        });
    });

    it('finds a contact linked only by alternate key for a business-unit reader through the profile key column', async () => {
        // Alternate-key rows are owned by the root business unit, so a reader with Business Unit access sees
        // none of them and, with the default settings, the control can only say "no profile". The maker's
        // profile key column lives on the profile itself, which that reader can read.
        const facts = factsOf(dv, 'alternateKeyOnly');
        mountForm({ persona: 'serviceAgent', contact: 'alternateKeyOnly' });
        await settled();
        expect(document.querySelectorAll('[data-state="noProfile"]')).toHaveLength(3);
        destroyAll();
        mountForm({ persona: 'serviceAgent', contact: 'alternateKeyOnly', parameters: { profileKeyColumn: 'msdynci_crm_contact_contactid' } });
        await settled();
        expect(screen.getAllByText(facts.fullName).length).toBeGreaterThan(0);
    });

    it('shows the user without a Customer Insights role the privilege message in every control', async () => {
        mountForm({ persona: 'noRole', contact: 'serviceAgentCustomer' });
        await settled();
        expect(document.querySelectorAll('[data-state="noPrivilege"]')).toHaveLength(3);
    });
});
