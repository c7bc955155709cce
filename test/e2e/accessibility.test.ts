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
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
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
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
    if (look.lang === 1025) {
        expect(await page.locator('main').getAttribute('dir')).toBe('rtl');
        expect(await page.locator('[data-testid="form-controls"] [dir="rtl"]').count()).toBeGreaterThan(0);
    }
});

test('the controls sit side by side on a wide form and stack on a narrow one, without horizontal scrolling', async () => {
    const { page } = browser;
    const cellBoxes = (): Promise<Array<{ top: number; left: number }>> =>
        page.getByTestId('control-cell').evaluateAll((cells) => cells.map((cell) => ({ top: Math.round(cell.getBoundingClientRect().top), left: Math.round(cell.getBoundingClientRect().left) })));
    await openForm(page, { persona: 'serviceAgent', contact: samples.serviceAgentCustomer.contactId });
    const wide = await cellBoxes();
    expect(wide.length).toBeGreaterThan(0);
    if (wide.length > 1) expect(new Set(wide.map((box) => box.left)).size).toBeGreaterThan(1);

    await page.setViewportSize({ width: 420, height: 900 });
    try {
        // Wait for the layout to follow the new width (a condition, not a fixed time).
        await page.waitForFunction(() => new Set(Array.from(document.querySelectorAll('[data-testid="control-cell"]'), (cell) => Math.round(cell.getBoundingClientRect().left))).size === 1);
        const narrow = await cellBoxes();
        expect(new Set(narrow.map((box) => box.left)).size).toBe(1);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await screenshot(page, 'layout-narrow');
    } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
