/**
 * axe-core on the playground in each designed data state (not visible, no profile, missing privilege,
 * corrupt data), in the dark and high-contrast themes and right to left. Each is screenshotted. (Personas
 * and fault states are checked in visibility.test.ts and faults.test.ts.)
 */
import { DataverseEmulator, type PersonaKey } from '../dataverse';
import { launchBrowser, openForm, screenshot, seriousAxeViolations, statesByControl, type Browser, type FormState } from './browser';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const samples = dv.tenant.sampleContacts;

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

const STATES: ReadonlyArray<[string, PersonaKey, string, string | undefined]> = [
    ['state-not-visible', 'serviceAgent', samples.otherRegionCustomer.contactId, 'notVisible'],
    ['state-no-profile', 'serviceAgent', samples.noProfile.contactId, 'noProfile'],
    ['state-no-privilege', 'noRole', samples.serviceAgentCustomer.contactId, 'noPrivilege'],
    ['state-corrupt-json', 'serviceAgent', samples.corruptJson.contactId, undefined],
];

test.each(STATES)('%s: designed state shown, no serious or critical violations', async (name, persona, contact, state) => {
    const { page } = browser;
    await openForm(page, { persona, contact });
    if (state !== undefined) {
        for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toContain(state);
    }
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toEqual([]);
});

const LOOKS: ReadonlyArray<[string, FormState]> = [
    ['theme-dark', { theme: 'dark' }],
    ['theme-high-contrast', { theme: 'highContrast' }],
    ['language-1025-rtl', { lang: 1025 }],
    ['language-1031', { lang: 1031 }],
];

test.each(LOOKS)('%s: no serious or critical violations', async (name, look) => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId, ...look });
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (look.lang === 1025) {
        expect(await page.locator('main').getAttribute('dir')).toBe('rtl');
        expect(await page.locator('[data-testid="form-controls"] [dir="rtl"]').count()).toBeGreaterThan(0);
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toEqual([]);
});
