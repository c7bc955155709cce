/**
 * @jest-environment jsdom
 *
 * The Customer Insights grid through the real lifecycle (init, updateView from the view's loads, requestRender,
 * destroy) over a view of contacts in the emulator: per persona which rows show Customer Insights facts and
 * which say "not visible" or "no profile" (expected from the tenant's facts), nothing of an unreadable
 * profile in the page, requests per page, Load more, sort, open, selection, disabled mode, empty and designer
 * views, every failure state, languages and keyboard use.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DataverseEmulator, PERSONAS, type PersonaKey } from '../dataverse';
import { loadStrings } from '../host/node';
import { destroyAll, pageMarkup } from './mount';
import { cellOf, CONTACTS_VIEW, expectedRowKind, factsOfContact, forbiddenFor, gridRows, gridSettled, mountGrid, unreadableBusinessUnits } from './grid';

const MEASURES = 'TotalSpend | Total spend | currency | >= 1000 | < 100\nDaysSinceLastPurchase | Days since purchase | days';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const header = (column: string): HTMLElement => document.querySelector(`[role="columnheader"][data-column="${column}"]`) as HTMLElement;
const liveText = (): string => document.querySelector('[data-testid="grid-announcement"]')?.textContent ?? '';
const banner = (): string[] => Array.from(document.querySelectorAll<HTMLElement>('section > [data-state]')).map((element) => element.dataset.state ?? '');

describe.each<PersonaKey>(['serviceAgent', 'salesManager', 'administrator', 'ownerTeamMember', 'salesRep', 'insightsAnalyst', 'marketerBusinessUnit'])('for the %s', (persona) => {
    it('shows each row of the view what the persona may see, and nothing of a profile it may not read', async () => {
        const { host } = await mountGrid(dv, { persona, parameters: { measures: MEASURES } });
        await gridSettled(host);
        const rows = gridRows();
        expect(rows.length).toBeGreaterThan(0);
        const problems: string[] = [];
        for (const row of rows) {
            const id = row.dataset.rowId ?? '';
            const expected = expectedRowKind(dv, persona, id);
            const unit = cellOf(row, 'ci:businessUnit')?.textContent ?? '';
            const segments = cellOf(row, 'ci:segments');
            const facts = factsOfContact(dv, id);
            if (expected === 'found' && facts !== undefined) {
                const unitName = dv.tenant.businessUnit(facts.businessUnitId)?.name ?? '';
                if (unit !== unitName) problems.push(`${id}: business unit "${unit}", expected ${unitName}`);
                const shown = Number(segments?.querySelector('[data-segments]')?.getAttribute('data-segments') ?? '0');
                if (!facts.corruptJson && shown !== facts.segments.length) problems.push(`${id}: ${shown} segments, expected ${facts.segments.length}`);
            } else {
                const text = expected === 'notVisible' ? 'Not visible in your business unit' : 'No profile';
                if (unit !== text) problems.push(`${id}: "${unit}", expected "${text}"`);
                if ((segments?.textContent ?? '') !== '') problems.push(`${id}: segments shown for a row without a readable profile`);
            }
        }
        expect(problems).toStrictEqual([]);
        const markup = pageMarkup();
        expect(forbiddenFor(dv, persona).filter((secret) => markup.includes(secret))).toStrictEqual([]);
        const unitCells = rows.map((row) => cellOf(row, 'ci:businessUnit')?.outerHTML ?? '').join('');
        expect(unreadableBusinessUnits(dv, persona).filter((name) => unitCells.includes(name))).toStrictEqual([]);
        expect(markup).not.toContain('[object Object]');
    });
});

describe("the sales rep's view", () => {
    it('lists only the contacts the rep may read, some of them with profiles of other business units', async () => {
        const { host } = await mountGrid(dv, { persona: 'salesRep' });
        await gridSettled(host);
        const unitedStatesTeam = dv.tenant.businessUnit(dv.tenant.users.find((user) => user.id === PERSONAS.salesRep.userId)?.businessUnitId ?? '')?.defaultTeamId;
        for (const row of gridRows()) {
            const owner = dv.tenant.store('contact')?.rowAt(dv.tenant.store('contact')?.slotOfId(row.dataset.rowId ?? '') ?? -1)?.ownerid;
            expect([PERSONAS.salesRep.userId, unitedStatesTeam, '7ea00000-0067-4b00-8000-000000000067']).toContain(owner);
        }
        const states = gridRows().map((row) => cellOf(row, 'ci:businessUnit')?.textContent);
        expect(states).toContain('United States');
        expect(states).toContain('Not visible in your business unit');
        expect(states).toContain('No profile');
    });
});

describe('requests', () => {
    const big = (): DataverseEmulator => DataverseEmulator.withSyntheticTenant({ seed: 7, profileCount: 700 });

    it.each([25, 50, 100, 250])('are one per Customer Insights table for a page of %i rows', async (pageSize) => {
        dv = big();
        const { host } = await mountGrid(dv, { persona: 'administrator', parameters: { pageSize, measures: MEASURES, useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(gridRows()).toHaveLength(pageSize);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });

    it('add one alternate-key request per page for rows without the lookup, when switched on', async () => {
        const { host } = await mountGrid(dv, { persona: 'administrator', parameters: { measures: MEASURES } });
        await gridSettled(host);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_alternatekey: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    });

    it('read no table the maker switched off', async () => {
        const { host } = await mountGrid(dv, { persona: 'administrator', parameters: { showSegments: 'no', useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1 });
        expect(document.querySelector('[data-column="ci:segments"]')).toBeNull();
    });

    it('"Load more" appends the next page and reads only the new rows', async () => {
        const { host } = await mountGrid(dv, { persona: 'administrator', parameters: { pageSize: 20, measures: MEASURES, useAlternateKeys: 'no' } });
        await gridSettled(host);
        const firstIds = gridRows().map((row) => row.dataset.rowId);
        const firstLookups = firstIds.map((id) => factsOfContact(dv, id ?? '')?.profileId).filter((id): id is string => id !== undefined);
        dv.log.clear();
        fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
        await gridSettled(host);
        const ids = gridRows().map((row) => row.dataset.rowId);
        expect(ids).toHaveLength(40);
        expect(ids.slice(0, 20)).toStrictEqual(firstIds);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        const profileQuery = decodeURIComponent(dv.log.entries.find((entry) => entry.table === 'msdynci_customerprofile')?.query ?? '');
        expect(firstLookups.filter((id) => profileQuery.includes(id))).toStrictEqual([]);
        expect(liveText()).toMatch(/40 rows loaded|Customer Insights data loaded for \d+ rows/);
    });
});

describe('linking the profile into the view', () => {
    const loadMore = async (host: Parameters<typeof gridSettled>[0]): Promise<void> => {
        dv.log.clear();
        fireEvent.click(screen.getByTestId('grid-load-more'));
        await gridSettled(host);
    };

    it('links once a profile read proved the user may read profiles; later pages need no profile request', async () => {
        const { host } = await mountGrid(dv, { persona: 'serviceAgent', linking: 'supported', parameters: { pageSize: 20, measures: MEASURES, useAlternateKeys: 'no' } });
        await gridSettled(host);
        // The first page is read with In (and proves the profile table readable) ...
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(host.dataset.linking.getLinkedEntities()).toStrictEqual([
            { name: 'msdynci_customerprofile', from: 'msdynci_customerprofileid', to: 'msdynci_lookupfield_customerprofile', linkType: 'outer', alias: 'cibu_profile' },
        ]);
        const firstPage = gridRows().map((row) => [row.dataset.rowId, cellOf(row, 'ci:businessUnit')?.textContent]);
        // ... the next pages come with the profile linked in: no profile request.
        await loadMore(host);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(gridRows().slice(0, 20).map((row) => [row.dataset.rowId, cellOf(row, 'ci:businessUnit')?.textContent])).toStrictEqual(firstPage);
        for (const row of gridRows()) expect(cellOf(row, 'ci:businessUnit')?.textContent).toBe({ found: 'United States', notVisible: 'Not visible in your business unit', noProfile: 'No profile' }[expectedRowKind(dv, 'serviceAgent', row.dataset.rowId ?? '', false)]);
        // A reload brings every row linked: nothing is read again.
        dv.log.clear();
        fireEvent.click(header('view:emailaddress1'));
        await gridSettled(host);
        expect(dv.log.countByTable()).toStrictEqual({});
        expect(pageMarkup()).not.toMatch(/Germany|Canada|Contoso/);
    });

    it('never links for a user who may not read profiles (the view must not fail for them)', async () => {
        const { host } = await mountGrid(dv, { persona: 'noRole', linking: 'supported' });
        await gridSettled(host);
        await loadMore(host);
        expect(host.dataset.linking.getLinkedEntities()).toStrictEqual([]);
        expect(banner()).toStrictEqual(['noPrivilege']);
    });

    it.each(['throws', 'ignored', 'absent'] as const)('falls back to the In query when the host %s the link', async (linking) => {
        const { host } = await mountGrid(dv, { persona: 'serviceAgent', linking, parameters: { pageSize: 20, useAlternateKeys: 'no' } });
        await gridSettled(host);
        await loadMore(host);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1 });
        expect(gridRows().filter((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States').length).toBeGreaterThan(0);
    });

    it('says so, with the property to change, when the link breaks the view', async () => {
        const { host } = await mountGrid(dv, { persona: 'serviceAgent', linking: 'breaksView', parameters: { pageSize: 20 } });
        await gridSettled(host);
        await loadMore(host);
        expect(banner()).toContain('viewError');
        expect(document.body.textContent).toContain('Link profiles into the view');
    });
});

describe('behaves like a grid', () => {
    it('keeps the view columns, their order and widths by weight, and the formatted values', async () => {
        const { host } = await mountGrid(dv, { width: 1200 });
        await gridSettled(host);
        const headers = screen.getAllByRole('columnheader').map((header) => header.textContent);
        expect(headers).toStrictEqual(['', 'Full Name', 'Email', 'Address 1: City', 'Business unit', 'Segments', 'Updated']);
        const template = (document.querySelector('[role="row"][aria-rowindex="1"]') as HTMLElement).style.gridTemplateColumns.split(' ').map((width) => parseInt(width, 10));
        // Email (250) is wider than Full Name (200), both wider than City (120); no column below 100 px.
        expect(template[2]).toBeGreaterThan(template[1] ?? 0);
        expect(template[1]).toBeGreaterThan(template[3] ?? 0);
        expect(Math.min(...template.slice(1))).toBeGreaterThanOrEqual(100);
        const first = gridRows()[0];
        const record = host.dataset.records[first.dataset.rowId ?? ''];
        expect(cellOf(first, 'view:emailaddress1')?.textContent).toBe(record?.getFormattedValue('emailaddress1'));
    });

    it('sorts by a view column on the server and keeps the Customer Insights columns display-only', async () => {
        // Every row of the view on one page: the reverse order brings no new rows to read.
        const { host } = await mountGrid(dv, { viewLatencyMs: 50, parameters: { pageSize: 100 } });
        await gridSettled(host);
        const names = (): string[] => gridRows().map((row) => cellOf(row, 'view:fullname')?.textContent ?? '');
        const ascending = names();
        fireEvent.click(header('view:fullname'));
        await waitFor(() => expect(document.querySelector('[data-testid="grid"]')?.getAttribute('aria-busy')).toBe('true'));
        await gridSettled(host);
        expect(host.dataset.sorting).toStrictEqual([{ name: 'fullname', sortDirection: 1 }]);
        expect(header('view:fullname').getAttribute('aria-sort')).toBe('descending');
        expect(names()).not.toStrictEqual(ascending);
        expect([...names()].sort((a, b) => b.localeCompare(a, 'en'))[0]).toBe(names()[0]);
        expect(liveText()).toBe('Sorted by Full Name, descending');
        const loads = host.loads;
        fireEvent.click(header('ci:segments'));
        expect(host.loads).toBe(loads);
        expect(header('ci:segments').getAttribute('aria-sort')).toBeNull();
    });

    it('clears the loading state when a sort returns no rows (no dataset flag from the host)', async () => {
        const { host } = await mountGrid(dv, { view: { ...CONTACTS_VIEW, filter: "fullname eq 'Nobody Here'" }, viewLatencyMs: 30 });
        await gridSettled(host);
        expect(document.querySelector('[data-state="empty"]')).not.toBeNull();
        fireEvent.click(header('view:emailaddress1'));
        await waitFor(() => expect(document.querySelector('[data-testid="grid"]')?.getAttribute('aria-busy')).toBe('true'));
        await act(async () => {
            await host.settled();
        });
        await waitFor(() => expect(document.querySelector('[data-testid="grid"]')?.getAttribute('aria-busy')).toBe('false'));
        expect(host.dataset.sorting).toStrictEqual([{ name: 'emailaddress1', sortDirection: 0 }]);
        expect(document.querySelector('[data-state="empty"]')?.textContent).toBe('No rows in this view.');
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('opens a row with openDatasetItem, by its name or by Enter', async () => {
        const { host } = await mountGrid(dv);
        await gridSettled(host);
        const first = gridRows()[0];
        fireEvent.click(within(cellOf(first, 'view:fullname') as HTMLElement).getByRole('button'));
        expect(host.opened.map((reference) => (reference as unknown as { id: { guid: string } }).id.guid)).toStrictEqual([first.dataset.rowId]);
        const cell = cellOf(first, 'ci:segments') as HTMLElement;
        cell.focus();
        fireEvent.keyDown(cell, { key: 'Enter' });
        expect(host.opened).toHaveLength(2);
    });

    it('mirrors selection to the host (the command bar acts on it)', async () => {
        const { host } = await mountGrid(dv);
        await gridSettled(host);
        const [first, second] = gridRows();
        fireEvent.click(within(first).getByRole('checkbox'));
        expect(host.selections[host.selections.length - 1]).toStrictEqual([first?.dataset.rowId]);
        await waitFor(() => expect(first?.getAttribute('aria-selected')).toBe('true'));
        const cell = cellOf(second, 'view:emailaddress1') as HTMLElement;
        cell.focus();
        fireEvent.keyDown(cell, { key: ' ' });
        expect(host.selections[host.selections.length - 1]).toStrictEqual([first?.dataset.rowId, second?.dataset.rowId]);
        await waitFor(() => expect(second?.getAttribute('aria-selected')).toBe('true'));
        fireEvent.click(within(header('select')).getByRole('checkbox'));
        expect(host.selections[host.selections.length - 1]).toHaveLength(gridRows().length);
    });

    it('honours isControlDisabled: no selection, rows still readable and openable', async () => {
        const { host, control } = await mountGrid(dv, { disabled: true });
        await gridSettled(host);
        expect(screen.queryAllByRole('checkbox')).toStrictEqual([]);
        const cell = cellOf(gridRows()[0], 'view:emailaddress1') as HTMLElement;
        cell.focus();
        fireEvent.keyDown(cell, { key: ' ' });
        expect(host.selections).toStrictEqual([]);
        expect(document.querySelector('[role="grid"]')?.getAttribute('aria-multiselectable')).toBeNull();
        act(() => control.setDisabled(false));
        expect(screen.queryAllByRole('checkbox').length).toBeGreaterThan(0);
    });

    it('moves between cells with the arrow keys and resizes a column from the keyboard', async () => {
        const { host } = await mountGrid(dv);
        await gridSettled(host);
        const fullNameHeader = header('view:fullname');
        fullNameHeader.focus();
        fireEvent.keyDown(fullNameHeader, { key: 'ArrowDown' });
        await waitFor(() => expect(document.activeElement?.getAttribute('data-cell')).toBe('1:1'));
        fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowRight' });
        await waitFor(() => expect(document.activeElement?.getAttribute('data-cell')).toBe('1:2'));
        fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End', ctrlKey: true });
        await waitFor(() => expect(document.activeElement?.getAttribute('data-cell')).toBe(`${gridRows().length}:6`));
        fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Home', ctrlKey: true });
        await waitFor(() => expect(document.activeElement?.getAttribute('data-cell')).toBe('0:0'));
        const widthOf = (): number => parseInt((document.querySelector('[role="row"][aria-rowindex="1"]') as HTMLElement).style.gridTemplateColumns.split(' ')[1] ?? '0', 10);
        const before = widthOf();
        const fullName = header('view:fullname');
        fullName.focus();
        fireEvent.keyDown(fullName, { key: 'ArrowRight', ctrlKey: true });
        expect(widthOf()).toBe(before + 20);
        fireEvent.keyDown(fullName, { key: 'ArrowLeft', ctrlKey: true, shiftKey: true });
        expect(widthOf()).toBe(before + 15);
        expect(document.body.textContent).toContain(`Full Name: ${before + 15} pixels wide`);
    });

    it('renders only the rows near the viewport, so thousands of loaded rows stay light', async () => {
        dv = DataverseEmulator.withSyntheticTenant({ seed: 7, profileCount: 1200 });
        const { host } = await mountGrid(dv, { persona: 'administrator', height: 600, parameters: { pageSize: 1000, showSegments: 'no', useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(host.dataset.sortedRecordIds).toHaveLength(1000);
        const rendered = gridRows().length;
        expect(rendered).toBeLessThan(40);
        const scroller = document.querySelector('[data-testid="grid"]') as HTMLElement;
        scroller.scrollTop = 500 * 40;
        fireEvent.scroll(scroller);
        await waitFor(() => expect(gridRows().some((row) => row.getAttribute('aria-rowindex') === '502')).toBe(true));
        expect(gridRows().length).toBeLessThan(40);
        expect(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount')).toBe(String((host.dataset.paging.totalResultCount === -1 ? -2 : host.dataset.paging.totalResultCount) + 1));
    });

    it('says "5000+" when the platform stopped counting', async () => {
        dv = DataverseEmulator.withSyntheticTenant({ seed: 7, profileCount: 6500 });
        const { host } = await mountGrid(dv, { persona: 'administrator', parameters: { showSegments: 'no', showBusinessUnit: 'no', showFreshness: 'no' } });
        await gridSettled(host);
        expect(host.dataset.paging.totalResultCount).toBe(-1);
        expect(screen.getByTestId('grid-count').textContent).toBe('50 of 5,000+ rows');
        expect(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount')).toBe('-1');
        // No Customer Insights column switched on: nothing is read.
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('shows the backstamped lookup column only for a readable profile', async () => {
        const view = { ...CONTACTS_VIEW, columns: [...CONTACTS_VIEW.columns, { name: 'msdynci_lookupfield_customerprofile', order: 4, visualSizeFactor: 150 }] };
        const { host } = await mountGrid(dv, { view });
        await gridSettled(host);
        for (const row of gridRows()) {
            const kind = expectedRowKind(dv, 'serviceAgent', row.dataset.rowId ?? '');
            const cell = cellOf(row, 'view:msdynci_lookupfield_customerprofile')?.textContent ?? '';
            const record = host.dataset.records[row.dataset.rowId ?? ''];
            if (kind === 'found') expect(cell).toBe(record?.getFormattedValue('msdynci_lookupfield_customerprofile'));
            else if (kind === 'notVisible') expect(cell).toBe('Not visible in your business unit');
            else expect(cell).toBe('');
        }
    });

    it('announces what loaded for screen readers', async () => {
        const { host } = await mountGrid(dv);
        await gridSettled(host);
        await waitFor(() => expect(liveText()).toMatch(/^Customer Insights data loaded for \d+ rows$|^50 rows loaded$/));
    });
});

describe('designed states', () => {
    it('shows a designed preview in the app designer, without any request', async () => {
        const { host } = await mountGrid(dv, { designer: true, parameters: { measures: MEASURES } });
        await gridSettled(host);
        expect(document.querySelector('[data-state="designer"]')?.textContent).toContain('Customer Insights grid');
        expect(screen.getByRole('list', { name: 'Customer Insights columns' }).textContent).toContain('Total spend');
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('renders a designed state on a host with no dataset and no webAPI, never throwing', async () => {
        const container = document.createElement('div');
        document.body.appendChild(container);
        const { mountControl } = await import('../host');
        const { loadManifest } = await import('../host/node');
        const { CustomerInsightsGrid } = await import('../../components/CustomerInsightsGrid');
        let control: ReturnType<typeof mountControl> | undefined;
        act(() => {
            control = mountControl(CustomerInsightsGrid as unknown as Parameters<typeof mountControl>[0], container, {
                manifest: loadManifest('CustomerInsightsGrid'),
                strings: loadStrings('CustomerInsightsGrid', 1033),
                webApi: undefined as unknown as ComponentFramework.WebApi,
                userId: PERSONAS.serviceAgent.userId,
                act: (work) => act(work),
            });
        });
        expect(container.querySelector('[data-state="designer"]')).not.toBeNull();
        act(() => control?.destroy());
    });

    it('says so for an empty view', async () => {
        const { host } = await mountGrid(dv, { view: { ...CONTACTS_VIEW, filter: "fullname eq 'Nobody Here'" } });
        await gridSettled(host);
        expect(document.querySelector('[data-state="empty"]')?.textContent).toBe('No rows in this view.');
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('shows the view error with the platform message and reloads on Try again', async () => {
        const { host } = await mountGrid(dv);
        await gridSettled(host);
        host.failNextLoad('SQL timeout while loading the view.');
        fireEvent.click(header('view:emailaddress1'));
        await gridSettled(host);
        expect(banner()).toContain('viewError');
        expect(document.body.textContent).toContain('SQL timeout while loading the view.');
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await gridSettled(host);
        expect(banner()).not.toContain('viewError');
        expect(gridRows().length).toBeGreaterThan(0);
    });
});

describe('failures: one grid-level message, not one per row', () => {
    it('names the roles to ask for when the user has no Customer Insights role', async () => {
        const { host } = await mountGrid(dv, { persona: 'noRole' });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['noPrivilege']);
        expect(document.body.textContent).toContain('Customer Insights Data Read Access');
        expect(document.querySelectorAll('[data-state="noPrivilege"]')).toHaveLength(1);
        expect(gridRows().every((row) => ['Not loaded', 'No profile'].includes(cellOf(row, 'ci:businessUnit')?.textContent ?? ''))).toBe(true);
    });

    it('shows busy while throttled and recovers by itself', async () => {
        jest.useFakeTimers();
        try {
            dv.faults.throttle({ maxRequests: 0, retryAfterSeconds: 1 });
            const { host } = await mountGrid(dv, { persona: 'serviceAgent' });
            await act(async () => {
                await host.settled();
            });
            for (let i = 0; i < 40 && !banner().includes('busy'); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(500);
                });
            }
            expect(banner()).toContain('busy');
            dv.faults.reset();
            for (let i = 0; i < 80 && gridRows().every((row) => cellOf(row, 'ci:businessUnit')?.textContent !== 'United States'); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(1000);
                });
            }
            expect(banner()).toStrictEqual([]);
            expect(gridRows().some((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States')).toBe(true);
        } finally {
            jest.useRealTimers();
        }
    });

    it('stops retrying a throttle that does not end, says so, and Try again reads again', async () => {
        jest.useFakeTimers();
        try {
            dv.faults.throttle({ maxRequests: 0, retryAfterSeconds: 30 });
            const { host } = await mountGrid(dv, { persona: 'serviceAgent', parameters: { useAlternateKeys: 'no' } });
            await act(async () => {
                await host.settled();
            });
            const stopped = (): boolean => document.body.textContent?.includes('so we stopped trying for now') === true;
            for (let i = 0; i < 200 && !stopped(); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(10_000);
                });
            }
            expect(banner()).toStrictEqual(['busy']);
            expect(stopped()).toBe(true);
            const sent = dv.log.entries.length;
            await act(async () => {
                await jest.advanceTimersByTimeAsync(600_000);
            });
            expect(dv.log.entries.length).toBe(sent);
            dv.faults.reset();
            fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
            for (let i = 0; i < 40 && gridRows().every((row) => cellOf(row, 'ci:businessUnit')?.textContent !== 'United States'); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(500);
                });
            }
            expect(banner()).toStrictEqual([]);
            expect(gridRows().some((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States')).toBe(true);
        } finally {
            jest.useRealTimers();
        }
    });

    it('says a read took too long when Dataverse never answers, and Try again reads again', async () => {
        jest.useFakeTimers();
        try {
            const inner = dv.webApi(PERSONAS.serviceAgent.userId);
            let hang = true;
            const webApi: ComponentFramework.WebApi = {
                ...inner,
                retrieveMultipleRecords: (table, options, size) => (hang ? new Promise(() => undefined) : inner.retrieveMultipleRecords(table, options, size)),
            };
            const { host } = await mountGrid(dv, { webApi, parameters: { useAlternateKeys: 'no' } });
            await act(async () => {
                await host.settled();
            });
            for (let i = 0; i < 30 && !banner().includes('timeout'); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(5_000);
                });
            }
            expect(banner()).toStrictEqual(['timeout']);
            expect(gridRows().every((row) => cellOf(row, 'ci:businessUnit')?.textContent !== 'United States')).toBe(true);
            hang = false;
            fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
            for (let i = 0; i < 40 && gridRows().every((row) => cellOf(row, 'ci:businessUnit')?.textContent !== 'United States'); i++) {
                await act(async () => {
                    await jest.advanceTimersByTimeAsync(500);
                });
            }
            expect(banner()).toStrictEqual([]);
            expect(gridRows().some((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States')).toBe(true);
        } finally {
            jest.useRealTimers();
        }
    });

    it('shows an unexpected failure with a code to copy, and Try again reads again', async () => {
        dv.faults.failNext(1, 'server');
        const { host } = await mountGrid(dv, { parameters: { useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['unexpected']);
        expect(document.body.textContent).toContain('0x80040216');
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await gridSettled(host);
        await waitFor(() => expect(banner()).toStrictEqual([]));
        expect(gridRows().some((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States')).toBe(true);
    });

    it('says offline when the app is offline', async () => {
        const { host } = await mountGrid(dv, { isOffline: () => true });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['offline']);
        expect(dv.log.entries).toStrictEqual([]);
    });

    it('says the connection failed when a request cannot reach Dataverse', async () => {
        dv.faults.failNext(1, 'network');
        const { host } = await mountGrid(dv, { parameters: { useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['network']);
        expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    });

    it('names the property behind a configuration problem', async () => {
        const { host } = await mountGrid(dv, { profileLookup: false, parameters: { profileKeyColumn: 'msdynci_nope', useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['configuration']);
        expect(document.body.textContent).toContain('Profile column matching the key');
        expect(document.body.textContent).toContain('msdynci_nope');
    });

    it('says which measure lines could not be read', async () => {
        const { host } = await mountGrid(dv, { parameters: { measures: 'TotalSpend | Total | money\nOrderCount' } });
        await gridSettled(host);
        expect(document.body.textContent).toContain('these lines couldn’t be read: 1');
        expect(header('ci:measure:OrderCount').textContent).toBe('Order Count');
    });

    it('a profile readable but its segments not: the cells say "No access", the banner names the roles', async () => {
        const inner = dv.webApi(PERSONAS.serviceAgent.userId);
        const webApi: ComponentFramework.WebApi = {
            ...inner,
            retrieveMultipleRecords: (table, options, size) =>
                table === 'msdynci_segmentmembership'
                    ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with a plain object
                      Promise.reject({ errorCode: 0x80040220, message: "Principal user is missing prvReadmsdynci_segmentmembership privilege on entity 'msdynci_segmentmembership'." })
                    : inner.retrieveMultipleRecords(table, options, size),
        };
        const { host } = await mountGrid(dv, { webApi, parameters: { useAlternateKeys: 'no' } });
        await gridSettled(host);
        expect(banner()).toStrictEqual(['noPrivilege']);
        const found = gridRows().filter((row) => cellOf(row, 'ci:businessUnit')?.textContent === 'United States');
        expect(found.length).toBeGreaterThan(0);
        for (const row of found) expect(cellOf(row, 'ci:segments')?.textContent).toBe('No access');
    });

    it('corrupt segment JSON says "Can’t be read" in that cell only', async () => {
        const { host } = await mountGrid(dv, { persona: 'administrator' });
        await gridSettled(host);
        const corrupt = dv.tenant.sampleContacts.corruptJson.contactId;
        const row = gridRows().find((candidate) => candidate.dataset.rowId === corrupt);
        if (row === undefined) return; // not on the first page of this seed
        expect(cellOf(row, 'ci:businessUnit')?.textContent).toBe('United States');
        expect(cellOf(row, 'ci:segments')?.textContent).toMatch(/Can’t be read|Some segments couldn’t be read/);
    });
});

describe('languages', () => {
    it.each([1033, 1031, 1036, 3082, 1025])('shows the grid in %i, right to left in Arabic', async (languageId) => {
        const strings = loadStrings('CustomerInsightsGrid', languageId);
        const { host } = await mountGrid(dv, { languageId });
        await gridSettled(host);
        expect(header('ci:businessUnit').textContent).toBe(strings.get('Column_BusinessUnit'));
        expect(screen.getByTestId('grid-load-more').textContent).toBe(strings.get('Grid_LoadMore'));
        expect(document.body.textContent).toContain(strings.get('Cell_NotVisible'));
        expect(document.querySelector('section')?.getAttribute('dir')).toBe(languageId === 1025 ? 'rtl' : 'ltr');
        expect(pageMarkup()).not.toMatch(/Cell_|Grid_|Column_/);
    });
});

describe('lifecycle', () => {
    it('sends nothing after destroy, also while a page was being read', async () => {
        dv.faults.latencyMs = 20;
        const { host, control } = await mountGrid(dv);
        await act(async () => {
            await host.settled();
            await new Promise((resolve) => setTimeout(resolve, 5));
        });
        control.destroy();
        const destroyedAt = Date.now();
        await act(async () => {
            await new Promise((resolve) => setTimeout(resolve, 200));
        });
        expect(dv.log.entries.filter((entry) => entry.startedAt > destroyedAt)).toStrictEqual([]);
    });
});
