/**
 * The activity timeline in the playground (production bundle, Chromium): one request per page and per
 * filter change in the request panel, hostile URLs never linked, the feed operable from the keyboard, no
 * serious or critical axe violations (light, dark, right to left). Writes the app designer preview image
 * when CIBU_WRITE_PREVIEW=1.
 */
import { copyFileSync } from 'fs';
import { join } from 'path';
import type { Locator, Page } from 'playwright-core';
import { DataverseEmulator } from '../dataverse';
import type { PlaygroundHandle } from '../../playground/main';
import { launchBrowser, openForm, panelCounts, REPO_ROOT, screenshot, seriousAxeViolations, waitForFormSettled, type Browser } from './browser';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const samples = dv.tenant.sampleContacts;
const TABLE = 'msdynci_unifiedactivity';

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

type PlaygroundWindow = Window & { playground: PlaygroundHandle };

const timeline = (page: Page): Locator => page.locator('[data-testid="control-cell"][data-control="CustomerInsightsTimeline"]');

/** Activity requests of the current form load, from the page's request log. */
function activityRequests(page: Page): Promise<string[]> {
    return page.evaluate((table) => {
        const playground = (window as unknown as PlaygroundWindow).playground;
        return playground.requestLog.requests.filter((r) => r.loadId === playground.currentLoadId && r.table === table).map((r) => r.query);
    }, TABLE);
}

async function settledAfter(page: Page, action: () => Promise<void>): Promise<void> {
    await action();
    await page.waitForTimeout(50);
    await waitForFormSettled(page);
}

test('pages with one request per Load more and per filter change, as the request panel shows', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId });
    const cell = timeline(page);
    await cell.getByRole('feed').waitFor();
    expect(await cell.getByRole('article').count()).toBe(25);
    expect((await panelCounts(page))[TABLE]).toBe(1);
    expect(await cell.getByRole('article').first().getAttribute('aria-setsize')).toBe('-1');

    await settledAfter(page, () => cell.getByRole('button', { name: 'Load more' }).click());
    expect(await cell.getByRole('article').count()).toBe(50);
    expect((await panelCounts(page))[TABLE]).toBe(2);
    const ids = await cell.getByRole('article').evaluateAll((articles) => articles.map((a) => a.getAttribute('data-entry-id')));
    expect(new Set(ids).size).toBe(50);
    // Focus moved to the first new entry.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('26');

    await settledAfter(page, () => cell.getByRole('button', { name: 'Loyalty' }).click());
    expect((await panelCounts(page))[TABLE]).toBe(3);
    expect(await cell.getByRole('button', { name: 'Loyalty' }).getAttribute('aria-pressed')).toBe('true');
    const types = await cell.getByRole('article').evaluateAll((articles) => articles.map((a) => a.querySelector('[id^="cibu-timeline-meta-"] span')?.textContent));
    expect(new Set(types)).toStrictEqual(new Set(['Loyalty']));

    await settledAfter(page, async () => {
        await cell.getByRole('searchbox', { name: 'Search titles' }).fill('Redeemed');
        await cell.getByRole('searchbox', { name: 'Search titles' }).press('Enter');
    });
    expect((await panelCounts(page))[TABLE]).toBe(4);
    const queries = await activityRequests(page);
    expect(queries.at(-1)).toMatch(/^\?fetchXml=/);
    expect(await cell.getByRole('article').first().innerText()).toContain('Redeemed');

    await settledAfter(page, () => cell.getByRole('button', { name: 'Clear filters' }).first().click());
    expect((await panelCounts(page))[TABLE]).toBeLessThanOrEqual(5);
    expect(await cell.getByRole('article').count()).toBe(25);
    await screenshot(page, 'timeline-paged-and-filtered');
});

test('never links a hostile URL; links open in a new window without opener or referrer', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId });
    const cell = timeline(page);
    await cell.getByRole('feed').waitFor();
    const links = await cell.locator('a').evaluateAll((anchors) => anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, rel: a.getAttribute('rel'), target: a.getAttribute('target') })));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
        expect(link.href).toMatch(/^https?:\/\//);
        expect(link.rel).toBe('noopener noreferrer');
        expect(link.target).toBe('_blank');
    }
    const markup = (await cell.innerHTML()).toLowerCase();
    for (const bad of ['javascript:', 'data:text', 'vbscript:', 'evil.example']) expect(markup).not.toContain(bad);
});

test('the feed is operable from the keyboard: one tab stop, Page Down / Page Up between entries', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId });
    const cell = timeline(page);
    await cell.getByRole('feed').waitFor();
    await cell.getByRole('article').first().focus();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('3');
    await page.keyboard.press('PageUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('2');
    expect(await cell.locator('article[tabindex="0"]').count()).toBe(1);
});

const LOOKS: ReadonlyArray<[string, { theme?: 'dark' | 'highContrast'; lang?: number }]> = [
    ['timeline-light', {}],
    ['timeline-dark', { theme: 'dark' }],
    ['timeline-high-contrast', { theme: 'highContrast' }],
    ['timeline-1025-rtl', { lang: 1025 }],
];

test.each(LOOKS)('%s: no serious or critical accessibility violations', async (name, look) => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId, ...look });
    await timeline(page).getByRole('feed').waitFor();
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
    if (look.lang === 1025) expect(await timeline(page).locator('section[dir="rtl"]').count()).toBe(1);
});

test('states: no match with clear filters, not visible, no privilege; no violations', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId });
    const cell = timeline(page);
    await cell.getByRole('feed').waitFor();
    await settledAfter(page, async () => {
        await cell.getByRole('searchbox', { name: 'Search titles' }).fill('no such activity anywhere');
        await cell.getByRole('searchbox', { name: 'Search titles' }).press('Enter');
    });
    expect(await cell.locator('[data-state="noMatch"]').count()).toBe(1);
    await screenshot(page, 'timeline-no-match');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);

    await openForm(page, { persona: 'serviceAgent', contact: samples.otherRegionCustomer.contactId });
    expect(await timeline(page).locator('[data-state="notVisible"]').count()).toBe(1);
    await openForm(page, { persona: 'noRole', contact: samples.timelineCustomer.contactId });
    expect(await timeline(page).locator('[data-state="noPrivilege"]').count()).toBe(1);
});

test('app designer preview image: the timeline as the service agent sees it', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 600, height: 1000 });
    try {
        await openForm(page, { persona: 'serviceAgent', contact: samples.timelineCustomer.contactId });
        const cell = timeline(page);
        await cell.getByRole('feed').waitFor();
        await screenshot(page, 'timeline-form');
        // Page coordinates of the control: the viewport box plus the scroll offset.
        const scrollY = await page.evaluate(() => window.scrollY);
        const box = await cell.boundingBox();
        if (box === null) throw new Error('the timeline is not visible');
        const path = join(REPO_ROOT, 'test-results', 'screenshots', 'timeline-preview.png');
        await page.screenshot({ path, fullPage: true, clip: { x: box.x, y: box.y + scrollY, width: box.width, height: Math.min(box.height, 640) } });
        if (process.env.CIBU_WRITE_PREVIEW === '1') copyFileSync(path, join(REPO_ROOT, 'components', 'CustomerInsightsTimeline', 'img', 'preview.png'));
    } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
