/**
 * @jest-environment jsdom
 *
 * The activity timeline through the real lifecycle (init, updateView, requestRender, destroy) over the
 * emulator: what each persona sees (and that nothing of another business unit appears), keyset paging with
 * "Load more", server-side filters with one request per change, hostile URLs never linked, every state,
 * the user's time zone and five languages.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CustomerInsightsTimeline } from '../../components/CustomerInsightsTimeline';
import { presetRange } from '../../components/shared/userTime';
import { BUSINESS_UNIT_IDS, DataverseEmulator, ORGANISATION, type PersonaKey, type SampleContactKey, type StoredRow } from '../dataverse';
import { idOf, storedActivities, timeOf } from '../core/activityFacts';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, pageText, type FormOptions } from './mount';

const TABLE = 'msdynci_unifiedactivity';
let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
});
afterEach(() => {
    destroyAll();
    jest.useRealTimers();
});

const mountTimeline = (options: FormOptions = {}) => mountOnContactForm(dv, 'CustomerInsightsTimeline', CustomerInsightsTimeline, { contact: 'timelineCustomer', ...options });
const activityRequests = () => dv.log.entries.filter((entry) => entry.table === TABLE);
const decoded = (query: string) => decodeURIComponent(query);
const articles = () => screen.queryAllByRole('article');
const entryIds = () => articles().map((article) => article.getAttribute('data-entry-id'));
const stateShown = (kind: string) => waitFor(() => expect(document.querySelector(`[data-state="${kind}"]`)).not.toBeNull());
const announcement = () => document.querySelector('[aria-live="polite"]')?.textContent ?? '';
/** The stored activities of a sample contact's profile, newest first. */
const stored = (key: Exclude<SampleContactKey, 'noProfile'>, filter = {}): StoredRow[] => storedActivities(dv, factsOf(dv, key).customerId, filter);

async function firstPage(count = 25): Promise<void> {
    await waitFor(() => expect(articles()).toHaveLength(count));
}

describe('what the service agent sees', () => {
    it('shows the newest 25 activities as a feed, in one request, with "n loaded" and Load more', async () => {
        mountTimeline();
        await firstPage();
        expect(entryIds()).toStrictEqual(stored('timelineCustomer').slice(0, 25).map(idOf));
        const feed = screen.getByRole('feed', { name: 'Activities, newest first' });
        const items = within(feed).getAllByRole('article');
        expect(items.map((a) => a.getAttribute('aria-posinset'))).toStrictEqual(items.map((_, i) => String(i + 1)));
        expect(items.every((a) => a.getAttribute('aria-setsize') === '-1')).toBe(true);
        expect(screen.getByText('25 loaded')).toBeTruthy();
        expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy();
        expect(activityRequests()).toHaveLength(1);
        expect(decoded(activityRequests()[0]?.query ?? '')).toContain('$top=26');
        expect(screen.getByLabelText('Business unit: United States')).toBeTruthy();
        expect(announcement()).toBe('25 activities loaded');
        // One tab stop in the feed: the current article.
        expect(items.filter((a) => a.tabIndex === 0)).toHaveLength(1);
    });

    it('loads the next page with one request per "Load more", without duplicates or gaps across equal timestamps', async () => {
        mountTimeline({ parameters: { pageSize: '10' } });
        await firstPage(10);
        const expected = stored('timelineCustomer').map(idOf);
        for (let page = 2; page <= 4; page++) {
            const button = screen.getByRole('button', { name: 'Load more' });
            button.focus();
            fireEvent.click(button);
            await waitFor(() => expect(articles()).toHaveLength(page * 10));
            expect(activityRequests()).toHaveLength(page);
            expect(entryIds()).toStrictEqual(expected.slice(0, page * 10));
        }
        // Focus moves to the first new entry; the new entries are announced politely.
        expect(document.activeElement?.getAttribute('aria-posinset')).toBe('31');
        expect(announcement()).toBe('10 more activities loaded');
        expect(screen.getByText('40 loaded')).toBeTruthy();
    });

    it('ends with the total known: aria-setsize is the count and there is no Load more', async () => {
        mountTimeline({ contact: 'serviceAgentCustomer' });
        const expected = stored('serviceAgentCustomer');
        await firstPage(expected.length);
        expect(articles().every((a) => a.getAttribute('aria-setsize') === String(expected.length))).toBe(true);
        expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
        expect(screen.getByText('No older activities.')).toBeTruthy();
    });

    it('moves between articles with Page Down / Page Up and Ctrl+End / Ctrl+Home', async () => {
        mountTimeline();
        await firstPage();
        const items = articles();
        items[0]?.focus();
        fireEvent.keyDown(items[0], { key: 'PageDown' });
        expect(document.activeElement).toBe(items[1]);
        fireEvent.keyDown(items[1], { key: 'End', ctrlKey: true });
        expect(document.activeElement).toBe(items[24]);
        fireEvent.keyDown(items[24], { key: 'PageUp' });
        expect(document.activeElement).toBe(items[23]);
        expect(items[23]?.tabIndex).toBe(0);
        expect(items[0]?.tabIndex).toBe(-1);
    });
});

describe('links', () => {
    it('links only http(s) URLs, opened with noopener noreferrer; javascript:, data: and the like stay unlinked', async () => {
        mountTimeline();
        await firstPage();
        const links = Array.from(document.querySelectorAll('a'));
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) {
            expect(new URL(link.href).protocol).toMatch(/^https?:$/);
            expect(link.getAttribute('target')).toBe('_blank');
            expect(link.getAttribute('rel')).toBe('noopener noreferrer');
        }
        const firstPageRows = stored('timelineCustomer').slice(0, 25);
        const linkable = firstPageRows.filter((row) => /^https?:\/\/[^\s@/]+\//i.test(String(row.msdynci_externalurl ?? '').trim()));
        expect(links).toHaveLength(linkable.length);
        const markup = pageMarkup().toLowerCase();
        for (const bad of ['javascript:', 'data:text', 'vbscript:', 'evil.example', 'mailto:']) expect(markup).not.toContain(bad);
        // A link says which activity it opens.
        expect(links[0]?.getAttribute('aria-label')).toMatch(/^Open in source: .+ \(opens in a new window\)$/);
    });

    it('renders hostile titles and details as text', async () => {
        mountTimeline({ parameters: { pageSize: '50' } });
        await firstPage(50);
        expect(document.querySelector('article b')).toBeNull();
        expect(document.querySelector('article script')).toBeNull();
        expect(pageMarkup()).not.toContain('[object Object]');
    });
});

describe('per persona: only what Dataverse lets the user read', () => {
    // The sales rep reads only their own contacts, so most sample contacts' forms would not open for them (as in
    // contactForm.test.tsx); the grid's tests cover them.
    const readableUnits: Record<Exclude<PersonaKey, 'noRole' | 'salesRep'>, (unitId: string) => boolean> = {
        serviceAgent: (unit) => unit === BUSINESS_UNIT_IDS.unitedStates,
        salesManager: (unit) => [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada].includes(unit),
        administrator: () => true,
        ownerTeamMember: (unit) => unit === BUSINESS_UNIT_IDS.germany,
        marketerOrganization: () => true,
        marketerBusinessUnit: (unit) => unit === BUSINESS_UNIT_IDS.northAmerica,
        // Reads every root-owned row (alternate keys too), but activities only of United States.
        insightsAnalyst: (unit) => unit === BUSINESS_UNIT_IDS.unitedStates,
    };
    const contacts: Exclude<SampleContactKey, 'noProfile'>[] = ['serviceAgentCustomer', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned', 'timelineCustomer'];

    describe.each(Object.keys(readableUnits) as Exclude<PersonaKey, 'noRole' | 'salesRep'>[])('for the %s', (persona) => {
        it.each(contacts)('%s: its activities when its business unit is readable, nothing of it otherwise', async (contact) => {
            const facts = factsOf(dv, contact);
            const rows = stored(contact);
            mountTimeline({ persona, contact });
            if (readableUnits[persona](facts.businessUnitId)) {
                await firstPage(Math.min(25, rows.length));
                expect(entryIds()).toStrictEqual(rows.slice(0, 25).map(idOf));
                const unit = ORGANISATION.businessUnits.find((u) => u.id === facts.businessUnitId)?.name ?? '';
                expect(screen.getByLabelText(`Business unit: ${unit}`)).toBeTruthy();
            } else {
                await stateShown('notVisible');
                const markup = pageMarkup();
                for (const row of rows.slice(0, 25)) expect(markup).not.toContain(String(row.msdynci_title));
                expect(markup).not.toContain(facts.customerId);
                expect(activityRequests()).toHaveLength(0);
            }
        });
    });

    it('names the roles to ask for when the user has no Customer Insights role', async () => {
        mountTimeline({ persona: 'noRole' });
        await stateShown('noPrivilege');
        expect(pageText()).toContain('Customer Insights Data Read Access');
    });
});

describe('filters run on the server, one request per change', () => {
    it('type chips ask the server with In, merge the types seen, and combine', async () => {
        mountTimeline();
        await firstPage();
        const chips = within(screen.getByRole('group', { name: 'Activity types' })).getAllByRole('button');
        const seenTypes = new Set(stored('timelineCustomer').slice(0, 25).map((row) => String(row.msdynci_activitytypedisplay)));
        expect(chips.map((c) => c.textContent).sort()).toStrictEqual([...seenTypes].sort());
        const before = activityRequests().length;
        fireEvent.click(screen.getByRole('button', { name: 'Sales order' }));
        await waitFor(() => expect(activityRequests()).toHaveLength(before + 1));
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['SalesOrder'] }).slice(0, 25).map(idOf)));
        expect(screen.getByRole('button', { name: 'Sales order' }).getAttribute('aria-pressed')).toBe('true');
        expect(decoded(activityRequests().at(-1)?.query ?? '')).toContain(`Microsoft.Dynamics.CRM.In(PropertyName='msdynci_activitytype',PropertyValues=["SalesOrder"])`);
        fireEvent.click(screen.getByRole('button', { name: 'Loyalty' }));
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['SalesOrder', 'Loyalty'] }).slice(0, 25).map(idOf)));
        expect(activityRequests()).toHaveLength(before + 2);
        // Load more keeps the filter.
        fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
        await waitFor(() => expect(articles()).toHaveLength(50));
        expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['SalesOrder', 'Loyalty'] }).slice(0, 50).map(idOf));
        expect(activityRequests()).toHaveLength(before + 3);
    });

    it('date presets start at the beginning of the user\'s local day', async () => {
        jest.useFakeTimers({ now: new Date('2026-11-27T20:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'hrtime', 'performance'] });
        const offset = 60;
        mountTimeline({ timeZoneOffsetMinutes: offset });
        await firstPage();
        const before = activityRequests().length;
        fireEvent.change(screen.getByLabelText('Date'), { target: { value: 'last7Days' } });
        const range = presetRange('last7Days', new Date(), { offsetMinutes: () => offset });
        expect(range.since?.toISOString()).toBe('2026-11-20T23:00:00.000Z');
        await waitFor(() => expect(activityRequests()).toHaveLength(before + 1));
        expect(decoded(activityRequests().at(-1)?.query ?? '')).toContain('msdynci_activitytime ge 2026-11-20T23:00:00.000Z');
        const expected = stored('timelineCustomer', range);
        await waitFor(() => expect(entryIds()).toStrictEqual(expected.slice(0, 25).map(idOf)));
    });

    it('a custom range waits for Apply, refuses an inverted range without sending anything, and covers whole local days', async () => {
        mountTimeline();
        await firstPage();
        const before = activityRequests().length;
        fireEvent.change(screen.getByLabelText('Date'), { target: { value: 'custom' } });
        fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-20' } });
        fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-10' } });
        expect(activityRequests()).toHaveLength(before);
        fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
        await waitFor(() => expect(document.querySelector('[role="alert"]')?.textContent).toBe('Choose a start date on or before the end date.'));
        expect(activityRequests()).toHaveLength(before);
        fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-21' } });
        fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
        await waitFor(() => expect(activityRequests()).toHaveLength(before + 1));
        const range = { since: new Date('2026-11-20T00:00:00Z'), before: new Date('2026-11-22T00:00:00Z') };
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', range).slice(0, 25).map(idOf)));
    });

    it('title search is sent escaped (FetchXML like), and "no match" offers to clear the filters', async () => {
        mountTimeline();
        await firstPage();
        const before = activityRequests().length;
        const box = screen.getByRole('searchbox', { name: 'Search titles' });
        fireEvent.change(box, { target: { value: 'Redeemed' } });
        expect(activityRequests()).toHaveLength(before);
        fireEvent.submit(box.closest('form') as HTMLFormElement);
        await waitFor(() => expect(activityRequests()).toHaveLength(before + 1));
        expect(activityRequests().at(-1)?.query).toMatch(/^\?fetchXml=/);
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { titleContains: 'Redeemed' }).slice(0, 25).map(idOf)));

        fireEvent.change(box, { target: { value: '100%_[sure]' } });
        fireEvent.submit(box.closest('form') as HTMLFormElement);
        await stateShown('noMatch');
        expect(activityRequests()).toHaveLength(before + 2);
        expect(decoded(activityRequests().at(-1)?.query ?? '')).toContain('value="%100[%][_][[]sure]%"');
        expect(document.querySelector('[data-state="noMatch"]')?.textContent).toContain('No activities match these filters.');
        expect(announcement()).toBe('No activities match these filters.');
        fireEvent.click(within(document.querySelector('[data-state="noMatch"]') as HTMLElement).getByRole('button', { name: 'Clear filters' }));
        await firstPage();
        // At most one request: the unfiltered first page may still be in the page-wide cache (5 s).
        expect(activityRequests().length).toBeGreaterThanOrEqual(before + 2);
        expect(activityRequests().length).toBeLessThanOrEqual(before + 3);
        expect(screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search titles' }).value).toBe('');
    });

    it('keeps the filters while the control lives and in the control state for the next instance', async () => {
        const control = mountTimeline();
        await firstPage();
        fireEvent.click(screen.getByRole('button', { name: 'Loyalty' }));
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['Loyalty'] }).slice(0, 25).map(idOf)));
        const requests = activityRequests().length;
        // An unrelated update (a resize, a re-render) changes nothing and sends nothing.
        act(() => control.resize(300));
        control.update();
        expect(activityRequests()).toHaveLength(requests);
        expect(screen.getByRole('button', { name: 'Loyalty' }).getAttribute('aria-pressed')).toBe('true');
        const state = control.controlState();
        expect(state).toBeDefined();
        destroyAll();
        dv.log.clear();
        mountTimeline({ controlState: state ?? {} });
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['Loyalty'] }).slice(0, 25).map(idOf)));
        expect(activityRequests()).toHaveLength(1);
    });

    it('shows "no activities" for a customer without any', async () => {
        const index = Array.from({ length: dv.tenant.profileCount }, (_, i) => i).find((i) => dv.tenant.profile(i).activityCount === 0 && dv.tenant.profile(i).contactLink === 'backstamp');
        if (index === undefined) throw new Error('no customer without activities in the tenant');
        mountTimeline({ persona: 'administrator', contactId: dv.tenant.profile(index).contactId ?? '' });
        await stateShown('noActivities');
        expect(document.querySelector('[data-state="noActivities"]')?.textContent).toBe('This customer has no activities yet.');
        expect(announcement()).toBe('This customer has no activities yet.');
        expect(screen.queryByRole('feed')).toBeNull();
    });
});

describe('maker properties', () => {
    it('shows only the listed types, with their labels and icons, and reports a line it cannot read', async () => {
        mountTimeline({ parameters: { activityTypes: 'SalesOrder = Orders | order\nLoyalty = Points | nope\n = missing type' } });
        await firstPage();
        expect(decoded(activityRequests()[0]?.query ?? '')).toContain('PropertyValues=["SalesOrder","Loyalty"]');
        expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['SalesOrder', 'Loyalty'] }).slice(0, 25).map(idOf));
        const chips = within(screen.getByRole('group', { name: 'Activity types' })).getAllByRole('button');
        expect(chips.map((c) => c.textContent)).toStrictEqual(['Orders', 'Points']);
        expect(document.querySelector('[data-state="configurationLines"]')?.textContent).toBe('Ask the app maker to check the property "Activity types to show": line 2, 3 couldn\'t be read.');
    });

    it('groups by month when the maker chooses it, and shows only the semantic keys listed', async () => {
        mountTimeline({ parameters: { grouping: 'month', semanticKeys: 'TotalAmount = Spent\nTier' } });
        await firstPage();
        const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
        expect(headings[0]).toBe('November 2026');
        const terms = Array.from(document.querySelectorAll('dt')).map((dt) => dt.textContent);
        expect(new Set(terms)).toStrictEqual(new Set(['Spent', 'Tier']));
    });

    it('shows known details of semantic types in the user\'s format', async () => {
        mountTimeline({ parameters: { pageSize: '50' } });
        await firstPage(50);
        const order = stored('timelineCustomer').slice(0, 50).find((row) => row.msdynci_activitytype === 'SalesOrder' && !String(row.msdynci_semanticdata).endsWith(':'));
        if (order === undefined) throw new Error('no sales order on the first page');
        const data = JSON.parse(String(order.msdynci_semanticdata)) as { TotalAmount: number; Currency: string; OrderId: string };
        const article = document.querySelector(`[data-entry-id="${idOf(order)}"]`) as HTMLElement;
        expect(within(article).getByText('Order')).toBeTruthy();
        expect(within(article).getByText(data.OrderId)).toBeTruthy();
        expect(within(article).getByText(new Intl.NumberFormat('en-US', { style: 'currency', currency: data.Currency }).format(data.TotalAmount))).toBeTruthy();
    });
});

describe('B2B: an account\'s timeline', () => {
    const accountForm = (persona: PersonaKey): FormOptions => ({
        persona,
        contactId: dv.tenant.sampleAccounts.b2bAccount.accountId,
        table: 'account',
        // B2B tenants have no backstamped lookup; the account id is a key column on the account's profile.
        parameters: { useProfileLookup: 'no', useAlternateKeys: 'no', profileKeyColumn: 'msdynci_crm_account_accountid' },
    });

    it('resolves the account\'s profile and shows the contact responsible for each activity', async () => {
        const account = dv.tenant.sampleAccounts.b2bAccount;
        const rows = storedActivities(dv, dv.tenant.profile(account.profileIndex).customerId);
        mountTimeline(accountForm('serviceAgent'));
        await firstPage(rows.length);
        expect(entryIds()).toStrictEqual(rows.map(idOf));
        for (const row of rows) {
            const contact = (JSON.parse(String(row.msdynci_semanticdata).endsWith(':') ? '{}' : String(row.msdynci_semanticdata)) as { ContactName?: string }).ContactName;
            const article = document.querySelector(`[data-entry-id="${idOf(row)}"]`) as HTMLElement;
            if (contact !== undefined) expect(article.textContent).toContain(`Contact: ${contact}`);
        }
        expect(pageText()).toContain('Contact: ');
    });

    it('is not visible to a persona of another business unit', async () => {
        mountTimeline(accountForm('ownerTeamMember'));
        await waitFor(() => expect(document.querySelector('[data-state="noProfile"], [data-state="notVisible"]')).not.toBeNull());
        expect(pageText()).not.toContain('Contact:');
        expect(activityRequests()).toHaveLength(0);
    });
});

describe('times in the user\'s time zone', () => {
    it('puts an activity in the user\'s local day and shows the local time in the user\'s clock', async () => {
        mountTimeline({ timeZoneOffsetMinutes: 9 * 60, shortTimePattern: 'HH:mm' });
        await firstPage();
        const newest = stored('timelineCustomer')[0];
        const local = new Date(timeOf(newest) + 9 * 3_600_000);
        const article = articles()[0];
        const time = article.querySelector('time') as HTMLTimeElement;
        expect(time.dateTime).toBe(new Date(timeOf(newest)).toISOString());
        expect(time.textContent).toBe(`${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`);
        expect(within(article).getByRole('heading', { level: 3 }).textContent).toContain(new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(local));
    });
});

describe('states', () => {
    it('waits for the record on a create form and sends nothing', async () => {
        mountTimeline({ newRecord: true });
        await stateShown('noRecord');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('says there is no profile for a contact without one', async () => {
        mountTimeline({ contact: 'noProfile' });
        await stateShown('noProfile');
        expect(activityRequests()).toHaveLength(0);
    });

    it('says offline without sending anything', async () => {
        mountTimeline({ isOffline: () => true });
        await stateShown('offline');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('keeps the entries when Load more fails, and tries again on request', async () => {
        mountTimeline();
        await firstPage();
        dv.faults.failNext(1, 'server');
        fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
        await stateShown('unexpected');
        expect(articles()).toHaveLength(25);
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await firstPage(50);
        expect(document.querySelector('[data-state="unexpected"]')).toBeNull();
        expect(entryIds()).toStrictEqual(stored('timelineCustomer').slice(0, 50).map(idOf));
    });

    it('says the network failed when a filter change cannot reach Dataverse, and recovers', async () => {
        mountTimeline();
        await firstPage();
        dv.faults.failNext(1, 'network');
        fireEvent.click(screen.getByRole('button', { name: 'Email' }));
        await waitFor(() => expect(document.querySelector('[data-state="offline"], [data-state="network"]')).not.toBeNull());
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await waitFor(() => expect(entryIds()).toStrictEqual(stored('timelineCustomer', { activityTypes: ['Email'] }).slice(0, 25).map(idOf)));
    });

    it('sends nothing and sets no state after destroy', async () => {
        dv.faults.latencyMs = 200;
        const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        const control = mountTimeline();
        // Destroyed while the profile is still being resolved (its read was sent on mount and answers 200 ms
        // later): the answer arrives after destroy, and the activity read never starts. The emulator logs a
        // request when it answers, so an entry here is the profile read that ended after destroy.
        control.destroy();
        await waitFor(() => expect(dv.log.entries.length).toBeGreaterThan(0), { timeout: 5000 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(activityRequests()).toHaveLength(0);
        expect(errors).not.toHaveBeenCalled();
        errors.mockRestore();
    });
});

describe('languages', () => {
    it.each([
        [1031, 'Aktivitätszeitachse', 'Mehr laden', '25 geladen'],
        [1036, 'Chronologie des activités', 'Charger plus', '25 chargées'],
        [3082, 'Escala de tiempo de actividades', 'Cargar más', '25 cargadas'],
        [1025, 'المخطط الزمني للأنشطة', 'تحميل المزيد', 'تم تحميل 25 نشاطًا'],
    ])('%s: title, Load more and the counted phrase in the user\'s language', async (languageId, title, loadMore, loaded) => {
        mountTimeline({ languageId });
        await firstPage();
        expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(title);
        expect(screen.getByRole('button', { name: loadMore })).toBeTruthy();
        expect(pageText()).toContain(loaded.replace('25', new Intl.NumberFormat({ 1031: 'de-DE', 1036: 'fr-FR', 3082: 'es-ES', 1025: 'ar-SA' }[languageId]).format(25)));
        if (languageId === 1025) expect(document.querySelector('section')?.getAttribute('dir')).toBe('rtl');
    });
});

