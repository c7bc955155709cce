/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const mountSegments = (options: Parameters<typeof mountOnContactForm>[3] = {}) => mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, options);

/** The segments stored for a sample contact's profile, from the tenant's facts, not through the control. */
function storedSegments(key: 'serviceAgentCustomer' | 'otherRegionCustomer'): string[] {
    return [...factsOf(dv, key).segments];
}

describe('segment membership', () => {
    it('shows the segments of a customer of the agent\'s business unit as a sorted list with friendly names', async () => {
        const segments = storedSegments('serviceAgentCustomer');
        expect(segments.length).toBeGreaterThan(0);
        const [first] = segments;
        mountSegments({ parameters: { segmentNames: `${first} = Zz mapped first segment`, visibleSegments: 50 } });
        const list = await screen.findByRole('list', { name: 'Segments of this customer' });
        const labels = within(list).getAllByRole('listitem').map((item) => item.textContent);
        expect(labels).toContain('Zz mapped first segment');
        expect(labels).toStrictEqual([...labels].sort((a, b) => (a ?? '').localeCompare(b ?? '', 'en', { sensitivity: 'base', numeric: true })));
        expect(labels.some((label) => label?.includes('_'))).toBe(false);
    });

    it('folds segments beyond the visible count into "+N more" and shows them all on demand', async () => {
        const total = new Set(storedSegments('serviceAgentCustomer')).size;
        mountSegments({ parameters: { visibleSegments: 1 } });
        const more = await screen.findByRole('button', { name: `+${total - 1} more` });
        expect(more.getAttribute('aria-expanded')).toBe('false');
        expect(screen.getAllByRole('listitem')).toHaveLength(1);
        fireEvent.click(more);
        expect(screen.getAllByRole('listitem')).toHaveLength(total);
    });

    it('says "not visible" for another business unit\'s customer without revealing its segments', async () => {
        const hidden = storedSegments('otherRegionCustomer');
        mountSegments({ contact: 'otherRegionCustomer' });
        await waitFor(() => expect(document.querySelector('[data-state="notVisible"]')).not.toBeNull());
        for (const name of hidden) expect(pageMarkup()).not.toContain(name);
    });

    it('keeps what it could read of corrupt segment JSON and says the list may be incomplete', async () => {
        mountSegments({ contact: 'corruptJson' });
        await waitFor(() => expect(document.querySelector('[data-state="partial"]')).not.toBeNull());
        expect(pageMarkup()).not.toContain('[object Object]');
    });

    it('names the roles to ask for when the user has no Customer Insights role', async () => {
        mountSegments({ persona: 'noRole' });
        await waitFor(() => expect(document.querySelector('[data-state="noPrivilege"]')).not.toBeNull());
    });
});
