/**
 * @jest-environment jsdom
 *
 * The request pipeline as users meet it through the controls, over the emulator's `webApi()` (which rejects
 * exactly like `context.webAPI`): more controls than the page-wide limiter has slots, per failure kind; every
 * control on a shared busy read says busy; paging that never ends; what the controls assume about the host
 * (the business-unit name annotation, UnderOrEqual); a control whose user changes.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { MAX_PAGES_PER_READ } from '../../components/shared/pages';
import { DataverseEmulator, PERSONAS, type SampleContactKey } from '../dataverse';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, pageText, type FormOptions } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

/** Eight contacts, so eight controls send eight different reads (nothing shared): more than the 6 slots. */
const CONTACTS: readonly SampleContactKey[] = ['serviceAgentCustomer', 'corruptJson', 'alternateKeyOnly', 'upperCaseGuid', 'bracedGuid', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned'];

function mountEightSegmentControls(options: FormOptions = {}): void {
    for (const contact of CONTACTS) mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, { ...options, contact });
}

/** The designed state each control shows (data-state of its message), '' while it shows content or loads. */
function statesByControl(): string[] {
    return Array.from(document.querySelectorAll('section')).map((section) => section.querySelector('[data-state]')?.getAttribute('data-state') ?? '');
}

const allSettled = (count: number) => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(count), { timeout: 10_000 });

describe('more controls than the page-wide limiter has slots (reads that waited keep their error)', () => {
    it('no privilege: all eight name the roles to ask for', async () => {
        dv.faults.latencyMs = 2;
        mountEightSegmentControls({ persona: 'noRole' });
        await allSettled(CONTACTS.length);
        expect(dv.log.peakConcurrency).toBeGreaterThanOrEqual(6);
        expect(statesByControl()).toStrictEqual(CONTACTS.map(() => 'noPrivilege'));
        for (const section of Array.from(document.querySelectorAll('section'))) expect(section.textContent).toContain('Customer Insights Data Read Access');
    });

    it('busy: all eight say busy, are retried, and show their data when Dataverse lets them', async () => {
        dv.faults.latencyMs = 2;
        dv.faults.throttle({ maxRequests: 0 });
        mountEightSegmentControls({ persona: 'administrator' });
        await waitFor(() => expect(statesByControl()).toStrictEqual(CONTACTS.map(() => 'busy')), { timeout: 10_000 });
        dv.faults.throttle({});
        await allSettled(CONTACTS.length);
        expect(statesByControl().filter((state) => state !== '' && state !== 'partial')).toStrictEqual([]);
        expect(screen.getAllByRole('list', { name: 'Segments of this customer' }).length).toBeGreaterThanOrEqual(6);
    });

    it.each(['typeError', 'errorObject'] as const)('network (%s): all eight say they cannot reach Dataverse, with Try again', async (shape) => {
        dv.faults.latencyMs = 2;
        dv.faults.networkDown = true;
        dv.faults.networkFailureShape = shape;
        mountEightSegmentControls({ persona: 'administrator' });
        await allSettled(CONTACTS.length);
        expect(statesByControl()).toStrictEqual(CONTACTS.map(() => 'network'));
        expect(pageText()).not.toContain('Something went wrong');
        expect(pageText()).not.toContain('Failed to fetch');
        expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(CONTACTS.length);
        dv.faults.reset();
        screen.getAllByRole('button', { name: 'Try again' })[0]?.click();
        await waitFor(() => expect(statesByControl().filter((state) => state === 'network')).toHaveLength(CONTACTS.length - 1));
    });

    it("server error: all eight show the platform's code to copy", async () => {
        dv.faults.latencyMs = 2;
        dv.faults.failNext(100, 'server');
        mountEightSegmentControls({ persona: 'administrator' });
        await allSettled(CONTACTS.length);
        expect(statesByControl()).toStrictEqual(CONTACTS.map(() => 'unexpected'));
        for (const code of Array.from(document.querySelectorAll('code'))) expect(code.textContent).toContain('0x80040216');
        expect(pageMarkup()).not.toContain('Request failed');
    });
});

describe('a shared read that is throttled', () => {
    it('makes every control waiting on it say busy, not only the one that sent it', async () => {
        dv.faults.throttle({ maxRequests: 0 });
        const form: FormOptions = { persona: 'serviceAgent', contact: 'serviceAgentCustomer' };
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, form);
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, form);
        mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, form);
        await waitFor(() => expect(statesByControl()).toStrictEqual(['busy', 'busy', 'busy']), { timeout: 5_000 });
        // One read was sent for the three (the first one the form needs), and refused.
        expect(dv.log.entries.map((e) => [e.table, e.status])).toStrictEqual([['contact', 429]]);
        dv.faults.reset();
        await allSettled(3);
        expect(screen.getAllByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName).length).toBeGreaterThan(0);
        // Profile: the card's read with its columns, and the identity read the other two share.
        expect(dv.log.countByTable()).toMatchObject({ contact: 2, msdynci_customerprofile: 2 });
    });
});

describe('paging that never ends', () => {
    it(`a server sending empty pages with new links forever: the read stops after ${MAX_PAGES_PER_READ} pages with a designed state`, async () => {
        dv.faults.pagingFault = { kind: 'emptyPagesForever', table: 'msdynci_segmentmembership' };
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership);
        await allSettled(1);
        expect(statesByControl()).toStrictEqual(['unexpected']);
        expect(document.querySelector('code')?.textContent).toContain('PagingLimit');
        expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
        expect(dv.log.countByTable()['msdynci_segmentmembership']).toBe(MAX_PAGES_PER_READ);
    });

    it('an empty page whose nextLink is the request itself: one request, then a designed state', async () => {
        dv.faults.pagingFault = { kind: 'selfLink', table: 'msdynci_customermeasure' };
        mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures);
        await allSettled(1);
        expect(statesByControl()).toStrictEqual(['unexpected']);
        expect(document.querySelector('code')?.textContent).toContain('PagingLimit');
        expect(dv.log.countByTable()['msdynci_customermeasure']).toBe(1);
    });
});

describe('what the controls assume about the host', () => {
    it('without the formatted-value annotation on _owningbusinessunit_value the badge says "Unknown business unit"', async () => {
        const withoutNames = (inner: ComponentFramework.WebApi): ComponentFramework.WebApi => ({
            ...inner,
            retrieveMultipleRecords: async (table, options, maxPageSize) => {
                const page = await inner.retrieveMultipleRecords(table, options, maxPageSize);
                const entities = page.entities.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('_owningbusinessunit_value@'))));
                return { ...page, entities };
            },
        });
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { webApi: withoutNames });
        const region = await screen.findByRole('region', { name: 'Customer profile' });
        await within(region).findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
        const badge = within(region).getByLabelText('Business unit: Unknown business unit');
        expect(badge.textContent).toBe('Unknown business unit');
    });

    describe('"business unit and children" (UnderOrEqual on owningbusinessunit, unverified)', () => {
        const salesManagerCard = (): void => {
            mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'salesManager', contact: 'serviceAgentCustomer', parameters: { businessUnitScope: 'businessUnitAndChildren' } });
        };

        it('uses UnderOrEqual when the platform accepts it', async () => {
            salesManagerCard();
            await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
            expect(dv.log.entries.some((e) => e.query.includes('Microsoft.Dynamics.CRM.UnderOrEqual'))).toBe(true);
            expect(dv.log.countByTable()['businessunit']).toBeUndefined();
        });

        it('falls back to reading the business units below and filtering with In when the platform answers 400', async () => {
            dv.faults.refuseUnderOrEqual = true;
            salesManagerCard();
            await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName);
            expect(statesByControl()).toStrictEqual(['']);
            const refused = dv.log.entries.filter((e) => e.status === 400);
            expect(refused.length).toBe(1);
            expect(refused[0]?.query).toContain('UnderOrEqual');
            const units = dv.log.entries.filter((e) => e.table === 'businessunit');
            expect(units.length).toBeGreaterThan(0);
            expect(units.every((e) => e.query.includes('Microsoft.Dynamics.CRM.In(PropertyName=%27parentbusinessunitid%27') || e.query.includes("Microsoft.Dynamics.CRM.In(PropertyName='parentbusinessunitid'"))).toBe(true);
            const profileRead = dv.log.entries.filter((e) => e.table === 'msdynci_customerprofile' && e.status === 200).at(-1);
            expect(profileRead?.query).toContain("Microsoft.Dynamics.CRM.In(PropertyName='owningbusinessunit'");
        });

        it('still narrows: a customer the user may read, owned outside their business unit tree, stays out of the view', async () => {
            // The owner-team member (home France) reads Germany's team-owned profile through a team role.
            const facts = factsOf(dv, 'teamOwned');
            mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'ownerTeamMember', contact: 'teamOwned' });
            await screen.findByText(facts.fullName);
            destroyAll();
            dv.faults.refuseUnderOrEqual = true;
            mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'ownerTeamMember', contact: 'teamOwned', parameters: { businessUnitScope: 'businessUnitAndChildren' } });
            await allSettled(1);
            expect(['notVisible', 'noProfile']).toContain(statesByControl()[0]);
            expect(pageMarkup()).not.toContain(facts.fullName);
            expect(dv.log.entries.some((e) => e.table === 'businessunit')).toBe(true);
        });
    });
});

describe('a control instance whose user changes', () => {
    it('reads as the new user, through the new webAPI, with the new user in the cache key', async () => {
        const other = dv.tenant.sampleContacts.otherRegionCustomer;
        const control = mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'serviceAgent', contact: 'otherRegionCustomer' });
        await allSettled(1);
        expect(statesByControl()).toStrictEqual(['notVisible']);
        const before = dv.log.entries.length;
        // The host gives the same instance another user (defence in depth: model-driven apps reload on sign-in).
        const context = control.context as unknown as { userSettings: { userId: string }; webAPI: ComponentFramework.WebApi };
        context.userSettings.userId = `{${PERSONAS.administrator.userId.toUpperCase()}}`;
        context.webAPI = dv.webApi(PERSONAS.administrator.userId);
        control.update();
        await screen.findByText(other.fullName);
        const after = dv.log.entries.slice(before);
        expect(after.length).toBeGreaterThan(0);
        expect(new Set(after.map((e) => e.caller))).toStrictEqual(new Set([PERSONAS.administrator.userId]));
        // And back: the service agent gets its own answer again, not the administrator's cached one.
        context.userSettings.userId = PERSONAS.serviceAgent.userId;
        context.webAPI = dv.webApi(PERSONAS.serviceAgent.userId);
        control.update();
        await waitFor(() => expect(statesByControl()).toStrictEqual(['notVisible']));
        expect(pageMarkup()).not.toContain(other.fullName);
    });
});
