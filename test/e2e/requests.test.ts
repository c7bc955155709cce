/**
 * The request panel and re-querying: one request per table for a form load (cross-checked against the
 * emulator's own log), a persona switch re-queries as the new user, and a remount re-queries because the
 * shared cache is dropped when the last control is destroyed.
 */
import type { Page } from 'playwright-core';
import { DataverseEmulator, type PersonaKey } from '../dataverse';
import type { PlaygroundHandle } from '../../playground/main';
import { choose, controlsText, currentLoadId, launchBrowser, openForm, panelCounts, reloadForm, screenshot, seriousAxeViolations, statesByControl, waitForFormSettled, type Browser } from './browser';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const samples = dv.tenant.sampleContacts;

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

type PlaygroundWindow = Window & { playground: PlaygroundHandle };

/** Requests per table in the page's emulator log (the reference the panel must agree with). */
function emulatorCounts(page: Page): Promise<Record<string, number>> {
    return page.evaluate(() => (window as unknown as PlaygroundWindow).playground.dv.log.countByTable());
}

function rowsFor(page: Page, persona: PersonaKey, loadId: number): Promise<number> {
    return page.locator(`[data-testid="request-row"][data-persona="${persona}"][data-load-id="${loadId}"]`).count();
}

describe.each<[PersonaKey, string]>([
    ['serviceAgent', samples.serviceAgentCustomer.contactId],
    ['salesManager', samples.serviceAgentCustomer.contactId],
    ['administrator', samples.unmappedCustomer.contactId],
    ['ownerTeamMember', samples.teamOwned.contactId],
])('a form load of %s on a customer it may read', (persona, contactId) => {
    test('makes one request per table (the profile table twice: the card\'s columns, the others\' identity), as the panel and the emulator log both show', async () => {
        const { page } = browser;
        await openForm(page, { persona, contact: contactId });
        await page.evaluate(() => (window as unknown as PlaygroundWindow).playground.dv.log.clear());
        await reloadForm(page);
        await waitForFormSettled(page);

        const panel = await panelCounts(page);
        expect(panel).toStrictEqual(await emulatorCounts(page));
        expect(Object.keys(panel)).toStrictEqual(expect.arrayContaining(['msdynci_customerprofile']));
        for (const [table, count] of Object.entries(panel)) {
            expect(`${table}: ${count}`).toBe(`${table}: ${table === 'msdynci_customerprofile' ? 2 : 1}`);
        }
        const caption = await page.getByTestId('load-counts').locator('caption').innerText();
        expect(caption).toContain(`${Object.values(panel).reduce((a, b) => a + b, 0)} request`);
    });

    test('names the columns it reads in every request ($select or FetchXML)', async () => {
        const { page } = browser;
        await openForm(page, { persona, contact: contactId });
        const queries = await page.evaluate(() => {
            const playground = (window as unknown as PlaygroundWindow).playground;
            return playground.requestLog.requests.filter((request) => request.loadId === playground.currentLoadId).map((request) => `${request.table} ${request.query}`);
        });
        expect(queries.length).toBeGreaterThan(0);
        expect(queries.filter((query) => !/[?&]\$select=|[?&]fetchXml=/.test(query))).toStrictEqual([]);
    });
});

test('the no-role user gets at most one request per table (two profile reads) and the privilege message', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'noRole', contact: samples.serviceAgentCustomer.contactId });
    const counts = await panelCounts(page);
    expect(Object.entries(counts).every(([table, count]) => count <= (table === 'msdynci_customerprofile' ? 2 : 1))).toBe(true);
    for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toContain('noPrivilege');
});

test('switching persona re-queries as the new user', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId });
    const firstLoad = await currentLoadId(page);
    const totalBefore = Number(await page.getByTestId('request-panel').getAttribute('data-total'));
    expect(await rowsFor(page, 'serviceAgent', firstLoad)).toBeGreaterThan(0);

    await choose(page, 'Signed-in user (persona)', 'salesManager');
    const secondLoad = await currentLoadId(page);
    expect(secondLoad).toBeGreaterThan(firstLoad);
    expect(await rowsFor(page, 'salesManager', secondLoad)).toBeGreaterThan(0);
    expect(await rowsFor(page, 'serviceAgent', secondLoad)).toBe(0);
    expect(Number(await page.getByTestId('request-panel').getAttribute('data-total'))).toBeGreaterThan(totalBefore);
    // The earlier load's rows stay in the log.
    expect(await rowsFor(page, 'serviceAgent', firstLoad)).toBeGreaterThan(0);
    expect(await controlsText(page)).toContain(samples.serviceAgentCustomer.fullName);

    await choose(page, 'Signed-in user (persona)', 'ownerTeamMember');
    const thirdLoad = await currentLoadId(page);
    expect(await rowsFor(page, 'ownerTeamMember', thirdLoad)).toBeGreaterThan(0);
    expect(await controlsText(page)).not.toContain(samples.serviceAgentCustomer.fullName);
    for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toContain('notVisible');
});

test('remounting (language switch, reload) re-queries: the shared cache is dropped with the last control', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId });
    const profileRequestsOfCurrentLoad = async (): Promise<number> =>
        page.locator(`[data-testid="request-row"][data-table="msdynci_customerprofile"][data-load-id="${await currentLoadId(page)}"]`).count();
    expect(await profileRequestsOfCurrentLoad()).toBeGreaterThan(0);

    // Within the cache's few-second lifetime: only an emptied cache explains new requests.
    await choose(page, 'Language', '1031');
    expect(await profileRequestsOfCurrentLoad()).toBeGreaterThan(0);
    expect(await page.locator('main').getAttribute('lang')).toBe('de');

    await reloadForm(page);
    await waitForFormSettled(page);
    expect(await profileRequestsOfCurrentLoad()).toBeGreaterThan(0);
});


/** The three form controls the panel holds (the form has other controls too). */
const THREE = ['CustomerProfileCard', 'SegmentMembership', 'CustomerMeasures'];

test('the panel (one bundle) shows the three parts with the same reads as the three controls', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId, controls: THREE });
    const separate = await panelCounts(page);
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId, form: 'panel' });
    expect(await page.getByTestId('control-cell').evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.control))).toStrictEqual(['CustomerInsightsPanel']);
    expect(await panelCounts(page)).toStrictEqual(separate);
    expect(await page.locator('[data-testid="form-controls"] section[aria-busy="false"]').count()).toBe(3);
    expect(await controlsText(page)).toContain(samples.serviceAgentCustomer.fullName);
    await screenshot(page, 'panel');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('with the profile lookup bound the form reads no contact, and with $expand the contact read carries the profile', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId, link: 'lookup', controls: THREE });
    expect(await panelCounts(page)).toStrictEqual({ msdynci_customerprofile: 2, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId, link: 'expand', controls: THREE });
    expect(await panelCounts(page)).toStrictEqual({ contact: 1, msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
    expect(await controlsText(page)).toContain(samples.serviceAgentCustomer.fullName);
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
