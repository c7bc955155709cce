/**
 * @jest-environment jsdom
 */
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, mountOnContactForm, pageMarkup, pageText } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const mountCard = (options: Parameters<typeof mountOnContactForm>[3] = {}) => mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, options);
const stateShown = async (kind: string) => waitFor(() => expect(document.querySelector(`[data-state="${kind}"]`)).not.toBeNull());

describe('customer profile card', () => {
    it("shows the service agent their business unit's customer with the owning BU and default columns", async () => {
        const sample = dv.tenant.sampleContacts.serviceAgentCustomer;
        mountCard();
        const region = await screen.findByRole('region', { name: 'Customer profile' });
        await within(region).findByText(sample.fullName);
        expect(within(region).getByLabelText('Business unit: United States')).toBeTruthy();
        expect(within(region).getByText('Primary Email')).toBeTruthy();
        expect(within(region).getByText(/^Updated /)).toBeTruthy();
        expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe(`Customer profile of ${sample.fullName} loaded`);
    });

    it('says "not visible" for a customer of another business unit and shows nothing of it', async () => {
        const other = dv.tenant.sampleContacts.otherRegionCustomer;
        mountCard({ contact: 'otherRegionCustomer' });
        await stateShown('notVisible');
        expect(document.querySelector('[data-state="notVisible"]')?.textContent).toContain('Not visible in your business unit');
        expect(pageMarkup()).not.toContain(other.fullName);
        expect(pageMarkup()).not.toMatch(/Germany|Europe/);
    });

    it('names the Dataverse roles to ask for when the user has no Customer Insights role', async () => {
        mountCard({ persona: 'noRole' });
        await stateShown('noPrivilege');
        expect(pageText()).toContain('Customer Insights Data Read Access');
    });

    it('shows the administrator customers of every business unit', async () => {
        for (const key of ['otherRegionCustomer', 'unmappedCustomer', 'serviceAgentCustomer'] as const) {
            mountCard({ persona: 'administrator', contact: key });
            await screen.findByText(dv.tenant.sampleContacts[key].fullName);
            destroyAll();
        }
    });

    it('waits for the record to be saved on a create form, without sending a request', async () => {
        mountCard({ newRecord: true });
        await stateShown('noRecord');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('says there is no profile for a contact without one', async () => {
        mountCard({ contact: 'noProfile' });
        await stateShown('noProfile');
    });

    it('finds profiles linked through alternate keys stored in upper case or braced', async () => {
        for (const key of ['upperCaseGuid', 'bracedGuid', 'alternateKeyOnly'] as const) {
            mountCard({ persona: 'administrator', contact: key });
            await screen.findByText(dv.tenant.sampleContacts[key].fullName);
            destroyAll();
        }
    });

    it('reports a listed column that does not exist as a configuration problem naming the property', async () => {
        mountCard({ parameters: { profileColumns: 'msdynci_primaryemail, msdynci_shoesize' } });
        await stateShown('configuration');
        expect(pageText()).toContain('Profile columns');
        expect(pageText()).toContain('msdynci_shoesize');
    });

    it('shows the columns a maker lists, with their display names', async () => {
        mountCard({ parameters: { profileColumns: 'msdynci_city' } });
        await screen.findByText('City');
        expect(screen.queryByText('Primary Email')).toBeNull();
    });

    it('opens the full profile record', async () => {
        const control = mountCard();
        const button = await screen.findByRole('button', { name: 'Open profile' });
        button.click();
        expect(control.openFormCalls).toStrictEqual([{ entityName: 'msdynci_customerprofile', entityId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown }]);
    });

    it('shows the busy state while throttled and then the profile', async () => {
        dv.faults.throttle({ maxRequests: 0, retryAfterSeconds: 1 });
        mountCard();
        await stateShown('busy');
        dv.faults.reset();
        await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName, undefined, { timeout: 20000 });
    });

    it('shows the offline state when the client is offline', async () => {
        mountCard({ isOffline: () => true });
        await stateShown('offline');
    });

    it('shows an unexpected error with a code the user can copy, never [object Object]', async () => {
        dv.faults.failNext(50, 'server');
        mountCard();
        await stateShown('unexpected');
        expect(pageText()).not.toContain('[object Object]');
        expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
        expect(document.querySelector('code')?.textContent).toMatch(/0x8|HTTP 5\d\d/);
    });

    it('reads nothing again when the form re-renders with the same inputs, and again when the record changes', async () => {
        const control = mountCard({ persona: 'administrator' });
        await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
        const before = dv.log.entries.length;
        control.update();
        control.resize(300);
        expect(dv.log.entries.length).toBe(before);
        control.setParameters({ customerReference: dv.tenant.sampleContacts.unmappedCustomer.contactId });
        await screen.findByText(dv.tenant.sampleContacts.unmappedCustomer.fullName);
        expect(dv.log.entries.length).toBeGreaterThan(before);
    });

    it('lays out right to left in Arabic', async () => {
        mountCard({ languageId: 1025 });
        await waitFor(() => expect(document.querySelector('section')?.getAttribute('dir')).toBe('rtl'));
    });

});
