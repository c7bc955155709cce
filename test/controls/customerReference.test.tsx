/**
 * @jest-environment jsdom
 *
 * What a control does with the value of the column it is bound to, through the real lifecycle: a source
 * system's key (`EC-100000`) finds the customer as the README says; a value that can be no id gets its own
 * message, in the user's language, naming the column and what it holds, and nothing is sent.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, mountOnContactForm, pageMarkup, pageText } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const CONTROLS = [
    ['CustomerProfileCard', CustomerProfileCard],
    ['SegmentMembership', SegmentMembership],
    ['CustomerMeasures', CustomerMeasures],
] as const;

const stateShown = (kind: string) => document.querySelector(`[data-state="${kind}"]`);

describe.each(CONTROLS)('%s bound to a column', (name, ControlClass) => {
    it('says a value that can be no id is not one, naming the column and what it holds, and sends nothing', async () => {
        mountOnContactForm(dv, name, ControlClass, { parameters: { customerReference: 'hello world' }, boundColumnNames: { customerReference: 'Loyalty number' } });
        await waitFor(() => expect(stateShown('notAnId')).not.toBeNull());
        expect(pageText()).toContain('This isn\'t a customer reference');
        expect(pageText()).toContain('The column "Loyalty number" holds "hello world", which is not a Customer Insights customer id, a record id or a customer\'s key in a source system.');
        expect(pageText()).not.toMatch(/Dataverse doesn't know|The record id/);
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('says so in the user\'s language, and names the property when the platform gives no column name', async () => {
        mountOnContactForm(dv, name, ControlClass, { languageId: 1031, parameters: { customerReference: 'hallo welt' }, boundColumnNames: { customerReference: '' } });
        await waitFor(() => expect(stateShown('notAnId')).not.toBeNull());
        expect(pageText()).toContain('Die Spalte „Kundenreferenzspalte“ enthält „hallo welt“.');
    });
});

describe('a customer\'s key in a source system', () => {
    it('shows the customer found through the e-commerce key stored as an alternate key', async () => {
        const sample = dv.tenant.sampleContacts.serviceAgentCustomer;
        const index = sample.profileIndex ?? 0;
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, { persona: 'administrator', parameters: { customerReference: `EC-${String(100000 + index)}`, visibleSegments: 50 } });
        const list = await screen.findByRole('list', { name: 'Segments of this customer' });
        expect(within(list).getAllByRole('listitem')).toHaveLength(new Set(dv.tenant.profile(index).segments).size);
        expect(dv.log.countByTable()).toMatchObject({ msdynci_alternatekey: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1 });
    });

    it('finds a business-unit-level user\'s customer through the profile key column', async () => {
        const index = dv.tenant.sampleContacts.serviceAgentCustomer.profileIndex ?? 0;
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, {
            parameters: { customerReference: `EC-${String(100000 + index)}`, profileKeyColumn: 'msdynci_ecommerce_customers_customerid' },
        });
        await waitFor(() => expect(pageText()).toContain(dv.tenant.profile(index).fullName));
        expect(pageMarkup()).not.toContain('data-state=');
    });
});
