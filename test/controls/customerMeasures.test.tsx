/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { DataverseEmulator, wideCustomer } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, pageText } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const mountMeasures = (options: Parameters<typeof mountOnContactForm>[3] = {}) => mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, options);

/** The measures JSON stored for a sample contact, read from the emulator's rows, not through the control. */
function storedMeasures(key: 'serviceAgentCustomer' | 'otherRegionCustomer'): Record<string, unknown> {
    const contactId = dv.tenant.sampleContacts[key].contactId;
    for (let index = 0; index < 20; index++) {
        const facts = dv.tenant.profile(index);
        if (facts.contactId !== contactId) continue;
        for (const row of dv.tenant.rows('msdynci_customermeasure')) {
            if (row.msdynci_customerid === facts.customerId) return JSON.parse(String(row.msdynci_measures)) as Record<string, unknown>;
        }
    }
    throw new Error(`no measures for ${key}`);
}

describe('customer measures', () => {
    it('shows every measure as a tile when the maker lists none, numbers formatted for the user', async () => {
        const stored = storedMeasures('serviceAgentCustomer');
        const names = Object.keys(stored).filter((name) => name !== 'CustomerId');
        mountMeasures();
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        expect(within(list).getAllByRole('listitem')).toHaveLength(names.length);
        expect(pageMarkup()).not.toContain('data-measure="CustomerId"');
    });

    it('follows the maker\'s list: order, labels, formats and good/bad marks with text, not colour alone', async () => {
        const stored = storedMeasures('serviceAgentCustomer');
        const numeric = Object.entries(stored).filter(([name, value]) => name !== 'CustomerId' && !Number.isNaN(Number(value)) && value !== '');
        expect(numeric.length).toBeGreaterThanOrEqual(2);
        const [[first, firstValue], [second, secondValue]] = numeric;
        mountMeasures({
            parameters: {
                measures: [`${second} | Second thing | number | >= ${Number(secondValue)}`, `${first} | First thing | currency | | <= ${Number(firstValue)}`, 'NotAMeasure | Missing one | number'].join('\n'),
            },
        });
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        const tiles = within(list).getAllByRole('listitem');
        expect(tiles.map((tile) => tile.querySelector('span')?.textContent)).toStrictEqual(['Second thing', 'First thing', 'Missing one']);
        expect(tiles[0].textContent).toContain('Good');
        expect(tiles[1].textContent).toContain('Needs attention');
        expect(tiles[2].textContent).toContain('Unavailable');
        expect(tiles[1].textContent).toMatch(/\$/);
    });

    it('shows measures that failed to parse as unavailable without hiding the others', async () => {
        mountMeasures({ contact: 'corruptJson', parameters: { measures: 'TotalSpend | Total spend | currency\nSomethingElse | Something | number' } });
        await waitFor(() => expect(document.querySelector('[data-state="partial"]')).not.toBeNull());
        expect(screen.getAllByText('Unavailable').length).toBeGreaterThan(0);
        expect(pageMarkup()).not.toContain('[object Object]');
    });

    it('says the measures could not be read, not "shown as unavailable", when the column is not JSON and no measures are listed', async () => {
        mountMeasures({ contact: 'corruptJson' });
        await waitFor(() => expect(document.querySelector('[data-state="partial"]')).not.toBeNull());
        expect(pageText()).toContain("This customer's measures couldn't be read.");
        expect(pageText()).not.toContain('shown as unavailable');
        expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    });

    it('shows the listed measures as unavailable tiles, as the note says, when the column is not JSON', async () => {
        mountMeasures({ contact: 'corruptJson', parameters: { measures: 'TotalSpend | Total spend | currency\nOrderCount | Orders' } });
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        expect(within(list).getAllByRole('listitem').map((tile) => tile.textContent)).toStrictEqual(['Total spendUnavailable', 'OrdersUnavailable']);
        expect(pageText()).toContain("Some measures couldn't be read and are shown as unavailable.");
    });

    it('shows whole-number measures without decimals when the maker set no format', async () => {
        const stored = storedMeasures('serviceAgentCustomer');
        mountMeasures();
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        const orders = within(list).getAllByRole('listitem').find((tile) => tile.getAttribute('data-measure') === 'OrderCount');
        expect(orders?.textContent).toBe(`Order Count${new Intl.NumberFormat('en-US').format(Number(stored.OrderCount))}`);
    });

    it('shows the first tiles up to the maker\'s number and the rest on "Show all"', async () => {
        const names = Object.keys(storedMeasures('serviceAgentCustomer')).filter((name) => name !== 'CustomerId');
        mountMeasures({ parameters: { visibleMeasures: 2 } });
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        expect(within(list).getAllByRole('listitem')).toHaveLength(2);
        const showAll = screen.getByRole('button', { name: `Show all ${names.length} measures` });
        expect(showAll.getAttribute('aria-expanded')).toBe('false');
        fireEvent.click(showAll);
        expect(within(list).getAllByRole('listitem')).toHaveLength(names.length);
        const fewer = screen.getByRole('button', { name: 'Show fewer' });
        expect(fewer.getAttribute('aria-expanded')).toBe('true');
        expect(document.activeElement === fewer || document.activeElement === document.body).toBe(true);
        fireEvent.click(fewer);
        expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    });

    it('caps 100 measures at 12 tiles by default, all of them on "Show all"', async () => {
        dv = DataverseEmulator.withSyntheticTenant({ seed: 7, rowOverride: wideCustomer({ measures: 100 }) });
        mountMeasures();
        const list = await screen.findByRole('list', { name: 'Measures of this customer' });
        expect(within(list).getAllByRole('listitem')).toHaveLength(12);
        fireEvent.click(screen.getByRole('button', { name: 'Show all 100 measures' }));
        expect(within(list).getAllByRole('listitem')).toHaveLength(100);
    });

    it('shows nothing of another business unit\'s customer', async () => {
        const stored = storedMeasures('otherRegionCustomer');
        mountMeasures({ contact: 'otherRegionCustomer' });
        await waitFor(() => expect(document.querySelector('[data-state="notVisible"]')).not.toBeNull());
        expect(pageMarkup()).not.toContain(factsOf(dv, 'otherRegionCustomer').customerId);
        for (const name of Object.keys(stored)) expect(pageMarkup()).not.toContain(`data-measure="${name}"`);
    });
});
