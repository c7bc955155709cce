/**
 * The playground's "Power Apps grid" page in Chromium: the grid cells customizer's production bundle inside the
 * test host's stand-in for the Power Apps grid. Per persona every row's cells show what the persona may see
 * (expected from the tenant's facts) and nothing of a profile it may not read appears in the page or the
 * request panel; each scroll batch sends one request per Customer Insights table; axe-core finds no serious
 * or critical violation, also right to left and in high contrast. Screenshots go to test-results/screenshots;
 * with CIBU_WRITE_PREVIEW=1 the test also writes the control's app designer preview image
 * (components/CustomerInsightsGridCells/img/preview.png).
 */
import { copyFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { DataverseEmulator, type PersonaKey } from '../dataverse';
import type { PlaygroundHandle } from '../../playground/main';
import { cellRows, launchBrowser, openCellsPage, REPO_ROOT, screenshot, SCREENSHOT_DIR, seriousAxeViolations, waitForCellsSettled, type Browser } from './browser';
import { expectedRowKind, factsOfContact, forbiddenFor, forbiddenInViewRequests } from './expectations';

// The page seeds its tenant with 42 too; the tenant is deterministic, so this one has the same facts.
const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

type PlaygroundWindow = Window & { playground: PlaygroundHandle };

function emulatorCounts(page: Page): Promise<Record<string, number>> {
    return page.evaluate(() => (window as unknown as PlaygroundWindow).playground.dv.log.countByTable());
}

function clearEmulatorLog(page: Page): Promise<void> {
    return page.evaluate(() => (window as unknown as PlaygroundWindow).playground.dv.log.clear());
}

describe.each<PersonaKey>(['serviceAgent', 'salesManager', 'administrator', 'salesRep', 'insightsAnalyst'])('the %s', (persona) => {
    test('sees in every cell exactly what the persona may see, and nothing of a profile it may not read', async () => {
        const { page } = browser;
        await openCellsPage(page, { persona });
        const problems: string[] = [];
        for (let batch = 0; batch < 2; batch++) {
            const rows = await cellRows(page);
            expect(rows.length).toBeGreaterThan(0);
            for (const row of rows) {
                const expected = expectedRowKind(dv, persona, row.id);
                const facts = factsOfContact(dv, row.id);
                const text = expected === 'found' ? (dv.tenant.businessUnit(facts?.businessUnitId ?? '')?.name ?? '') : expected === 'notVisible' ? 'Not visible in your business unit' : 'No profile';
                if (row.unit !== text) problems.push(`${row.id}: "${row.unit}", expected "${text}"`);
                if (expected !== 'found' && (row.segments !== '' || row.measures !== '')) problems.push(`${row.id}: facts shown without a readable profile`);
            }
            const gridText = await page.getByTestId('power-apps-grid-cell').innerHTML();
            const panelText = await page.getByTestId('request-panel').innerText();
            for (const secret of forbiddenFor(dv, persona)) if (gridText.includes(secret)) problems.push(`the grid shows "${secret}"`);
            for (const secret of forbiddenInViewRequests(dv, persona)) if (panelText.includes(secret)) problems.push(`the request panel shows "${secret}"`);
            if (batch === 0) {
                await screenshot(page, `cells-persona-${persona}`);
                expect(await seriousAxeViolations(page)).toStrictEqual([]);
                await page.getByTestId('scroll-down').click();
                await waitForCellsSettled(page);
            }
        }
        expect(problems).toStrictEqual([]);
    });
});

test('each scroll batch sends one request per Customer Insights table, and scrolling back none', async () => {
    const { page } = browser;
    await openCellsPage(page, { persona: 'administrator', query: { profiles: '1200' } });
    const batches: Record<string, number>[] = [];
    for (let batch = 0; batch < 4; batch++) {
        await clearEmulatorLog(page);
        await page.getByTestId('scroll-down').click();
        await waitForCellsSettled(page);
        batches.push(await emulatorCounts(page));
    }
    // Rows without the lookup add the alternate-key table (switched on by default): still one request each.
    const perTable = (counts: Record<string, number>): number[] => Object.values(counts);
    expect(batches.map((counts) => perTable(counts).every((count) => count === 1) && counts.msdynci_customerprofile === 1)).toStrictEqual([true, true, true, true]);
    await clearEmulatorLog(page);
    await page.getByTestId('scroll-up').click();
    await waitForCellsSettled(page);
    expect(await emulatorCounts(page)).toStrictEqual({});
});

test.each([
    { lang: 1025, theme: 'light' as const },
    { lang: 1031, theme: 'dark' as const },
    { lang: 1033, theme: 'highContrast' as const },
])('shows the cells in language $lang with the $theme theme, accessibly', async ({ lang, theme }) => {
    const { page } = browser;
    await openCellsPage(page, { persona: 'serviceAgent', lang, theme });
    const rows = await cellRows(page);
    expect(rows.some((row) => row.unit === 'United States')).toBe(true);
    await screenshot(page, `cells-${lang}-${theme}`);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('a user without the Customer Insights roles sees "No access" in the cells, and an accessible page', async () => {
    const { page } = browser;
    await openCellsPage(page, { persona: 'noRole' });
    const units = new Set((await cellRows(page)).map((row) => row.unit));
    expect(units).toStrictEqual(new Set(['No access']));
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('app designer preview image: the cells in the Power Apps grid as the administrator sees them', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1800, height: 1000 });
    try {
        await openCellsPage(page, { persona: 'administrator' });
        // Every column of the view without scrolling sideways: the request panel goes below for the picture.
        await page.addStyleTag({ content: '.layout { grid-template-columns: minmax(0, 1fr); }' });
        const path = join(SCREENSHOT_DIR, 'preview-CustomerInsightsGridCells.png');
        const box = await page.getByTestId('power-apps-grid').boundingBox();
        if (box === null) throw new Error('The grid is not on the page');
        // The header and the first dozen rows: enough to see every kind of cell and state.
        await page.screenshot({ path, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 560) } });
        if (process.env.CIBU_WRITE_PREVIEW === '1') copyFileSync(path, join(REPO_ROOT, 'components', 'CustomerInsightsGridCells', 'img', 'preview.png'));
    } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
