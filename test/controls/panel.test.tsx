/**
 * @jest-environment jsdom
 *
 * The Customer Insights panel (issue 12): the three form controls in one bundle. It must behave exactly like
 * the three controls on one form: the same reads (shared page-wide), the same states per part, per persona.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerInsightsPanel } from '../../components/CustomerInsightsPanel';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, type FormOptions } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 11 });
});
afterEach(destroyAll);

const mountPanel = (options: FormOptions = {}) => mountOnContactForm(dv, 'CustomerInsightsPanel', CustomerInsightsPanel, { persona: 'serviceAgent', ...options });
const settled = (count: number) => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(count));

describe('Customer Insights panel', () => {
    it('shows the profile, the segments and the measures, each with its heading and business-unit badge', async () => {
        const facts = factsOf(dv, 'serviceAgentCustomer');
        mountPanel({ contact: 'serviceAgentCustomer' });
        await settled(3);
        const profile = screen.getByRole('region', { name: 'Customer profile' });
        expect(within(profile).getByText(facts.fullName)).toBeTruthy();
        expect(screen.getByRole('list', { name: 'Segments of this customer' })).toBeTruthy();
        expect(screen.getByRole('list', { name: 'Measures of this customer' })).toBeTruthy();
        expect(screen.getAllByLabelText('Business unit: United States')).toHaveLength(3);
        expect(document.querySelector('[data-state]:not([data-state="partial"])')).toBeNull();
    });

    it('sends exactly the reads the three controls send together', async () => {
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent' });
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, { persona: 'serviceAgent' });
        mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, { persona: 'serviceAgent' });
        await settled(3);
        const threeControls = dv.log.entries.map((e) => `${e.table} ${e.query}`).sort();
        destroyAll();
        dv.log.clear();
        mountPanel();
        await settled(3);
        expect(dv.log.entries.map((e) => `${e.table} ${e.query}`).sort()).toStrictEqual(threeControls);
        expect(dv.log.metadata).toHaveLength(1);
    });

    it('reads nothing for a part the maker switched off, and says so when every part is off', async () => {
        mountPanel({ parameters: { showSegments: 'no', showMeasures: 'no' } });
        await settled(1);
        expect(Object.keys(dv.log.countByTable()).sort()).toStrictEqual(['contact', 'msdynci_customerprofile']);
        destroyAll();
        dv.log.clear();
        mountPanel({ parameters: { showProfile: 'no', showSegments: 'no', showMeasures: 'no' } });
        expect(await screen.findByText(/Every part of this panel is switched off/)).toBeTruthy();
        expect(dv.log.entries).toStrictEqual([]);
        expect(dv.log.metadata).toStrictEqual([]);
    });

    it('shows "not visible" in every part for a customer of another business unit, and nothing of it', async () => {
        const other = factsOf(dv, 'otherRegionCustomer');
        mountPanel({ contact: 'otherRegionCustomer' });
        await settled(3);
        expect(document.querySelectorAll('[data-state="notVisible"]')).toHaveLength(3);
        expect(pageMarkup()).not.toContain(other.fullName);
        expect(pageMarkup()).not.toContain(other.customerId);
    });

    it('waits for a saved record on a create form without a request, and reads nothing after destroy', async () => {
        const panel = mountPanel({ newRecord: true });
        await settled(3);
        expect(document.querySelectorAll('[data-state="noRecord"]')).toHaveLength(3);
        expect(dv.log.entries).toStrictEqual([]);
        destroyAll();
        panel.update();
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('gives the user without a Customer Insights role the privilege message in every part', async () => {
        mountPanel({ persona: 'noRole' });
        await settled(3);
        expect(document.querySelectorAll('[data-state="noPrivilege"]')).toHaveLength(3);
    });
});
