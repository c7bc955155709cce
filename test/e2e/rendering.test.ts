/**
 * Rendering at scale in Chromium, on the production bundles: a customer with 10,000 segments and 1,000
 * measures (playground `?segments=10000&measures=1000`). The segment list unfolds in steps and filters over
 * all of them, the measures show 12 tiles and the rest on "Show all"; the list keeps its semantics, focus
 * stays on a control, and axe-core finds no serious or critical violation in any of these states. (Times are
 * measured by `npm run bench:render`, not asserted here.)
 */
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, openForm, screenshot, seriousAxeViolations, type Browser, type FormState } from './browser';

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

const WIDE: FormState = { persona: 'serviceAgent', query: { segments: '10000', measures: '1000' } };

const cell = (page: Page, control: string): Locator => page.locator(`[data-testid="control-cell"][data-control="${control}"]`);
const focusedText = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.textContent ?? '');

test('10,000 segments unfold in steps and filter over all of them, reachable by keyboard, without violations', async () => {
    const { page } = browser;
    await openForm(page, WIDE);
    const segments = cell(page, 'SegmentMembership');
    const list = segments.getByRole('list', { name: 'Segments of this customer' });
    const items = list.getByRole('listitem');
    expect(await items.count()).toBe(8);

    // Keyboard: Tab from the filter box to "+9,992 more", Enter unfolds one step, focus stays on the button.
    await segments.getByLabel('Filter segments').focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('+9,992 more');
    await page.keyboard.press('Enter');
    expect(await items.count()).toBe(208);
    expect(await focusedText(page)).toBe('Show 200 more');
    await page.keyboard.press('Enter');
    expect(await items.count()).toBe(408);
    await screenshot(page, 'segments-10000-unfolded');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);

    await segments.getByLabel('Filter segments').fill('gold');
    expect(await items.count()).toBe(200);
    expect(await segments.locator('[aria-live="polite"]').allInnerTexts()).toContain('500 segments match');
    await segments.getByLabel('Filter segments').fill('gold group 0001');
    expect(await items.allInnerTexts()).toStrictEqual(['Gold Group 00016']);
    await screenshot(page, 'segments-10000-filtered');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
    expect(browser.errors).toStrictEqual([]);
});

test('1,000 measures show 12 tiles and all of them on "Show all", without violations', async () => {
    const { page } = browser;
    await openForm(page, WIDE);
    const measures = cell(page, 'CustomerMeasures');
    const tiles = measures.getByRole('list', { name: 'Measures of this customer' }).getByRole('listitem');
    expect(await tiles.count()).toBe(12);
    const showAll = measures.getByRole('button', { name: 'Show all 1,000 measures' });
    expect(await showAll.getAttribute('aria-expanded')).toBe('false');
    await showAll.click();
    expect(await tiles.count()).toBe(1000);
    const fewer = measures.getByRole('button', { name: 'Show fewer' });
    expect(await fewer.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedText(page)).toBe('Show fewer');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
    await fewer.click();
    expect(await tiles.count()).toBe(12);
    await screenshot(page, 'measures-1000-folded');
    expect(browser.errors).toStrictEqual([]);
});

test.each([
    ['rtl', { lang: 1025 }],
    ['high-contrast', { theme: 'highContrast' }],
    ['dark', { theme: 'dark' }],
] as const)('the unfolded tag list in %s has no violations', async (name, look) => {
    const { page } = browser;
    await openForm(page, { ...WIDE, ...look });
    const segments = cell(page, 'SegmentMembership');
    await segments.getByRole('button', { name: /^\+/ }).click();
    expect(await segments.getByRole('listitem').count()).toBe(208);
    await screenshot(page, `segments-unfolded-${name}`);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});
