/**
 * The playground's "Contacts view" page in Chromium: the Customer Insights grid's production bundle as a view's
 * dataset control. Per persona every row shows what the persona may see (expected from the tenant's facts) and
 * nothing of a profile it may not read appears in the page or the request panel; requests per page of rows
 * (cross-checked with the emulator's log) are one per table for 25 to 250 rows, also after Load more; faults
 * give one designed grid-level message; axe-core finds no serious or critical violation in any persona, state,
 * theme or language. Screenshots go to test-results/screenshots; with CIBU_WRITE_PREVIEW=1 the test also writes
 * the control's app designer preview image (components/CustomerInsightsGrid/img/preview.png).
 */
import { copyFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { DataverseEmulator, PERSONA_LIST } from '../dataverse';
import type { PlaygroundHandle } from '../../playground/main';
import { launchBrowser, openView, panelCounts, REPO_ROOT, screenshot, SCREENSHOT_DIR, seriousAxeViolations, viewRows, waitForViewSettled, type Browser, type ViewState } from './browser';
import { expectedRowKind, factsOfContact, forbiddenFor, forbiddenInViewRequests, unreadableBusinessUnits } from './expectations';

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

/** Grid-level messages shown (data-state of the messages above the grid). */
function gridStates(page: Page): Promise<string[]> {
    return page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="view-cell"] section > [data-state]')).map((element) => element.dataset.state ?? ''));
}

describe.each(PERSONA_LIST.map((persona) => [persona.key] as const))('the %s', (persona) => {
    test('sees in every row exactly what the persona may see, and nothing of a profile it may not read', async () => {
        const { page } = browser;
        await openView(page, { persona, pageSize: 100 });
        const rows = await viewRows(page);
        const problems: string[] = [];
        if (persona === 'noRole') {
            expect(await gridStates(page)).toStrictEqual(['noPrivilege']);
        } else {
            expect(rows.length).toBeGreaterThan(0);
            for (const row of rows) {
                const expected = expectedRowKind(dv, persona, row.id);
                const facts = factsOfContact(dv, row.id);
                const text = expected === 'found' ? (dv.tenant.businessUnit(facts?.businessUnitId ?? '')?.name ?? '') : expected === 'notVisible' ? 'Not visible in your business unit' : 'No profile';
                if (row.unit !== text) problems.push(`${row.id}: "${row.unit}", expected "${text}"`);
                if (expected !== 'found' && row.segments !== '') problems.push(`${row.id}: segments shown without a readable profile`);
            }
        }
        const pageText = await page.getByTestId('view-cell').innerHTML();
        const unitCells = (await page.locator('[data-testid="view-cell"] [data-column="ci:businessUnit"]').evaluateAll((cells) => cells.map((cell) => cell.outerHTML))).join('');
        for (const name of unreadableBusinessUnits(dv, persona)) {
            if (unitCells.includes(name)) problems.push(`a business-unit cell shows "${name}", whose profiles the persona may not read`);
        }
        const panelText = await page.getByTestId('request-panel').innerText();
        for (const secret of forbiddenFor(dv, persona)) {
            if (pageText.includes(secret)) problems.push(`the grid shows "${secret}" of a profile the persona may not read`);
        }
        for (const secret of forbiddenInViewRequests(dv, persona)) {
            if (panelText.includes(secret)) problems.push(`the request panel shows "${secret}"`);
        }
        expect(problems).toStrictEqual([]);
        await screenshot(page, `view-persona-${persona}`);
        expect(await seriousAxeViolations(page)).toStrictEqual([]);
    });
});

describe('cell layout', () => {
    test("a business unit's badge shows the whole name when its column has room (no tag drawn at its minimum)", async () => {
        const { page } = browser;
        await openView(page, { persona: 'salesRep', pageSize: 25 });
        const badges = await page.locator('[data-testid="view-cell"] [data-column="ci:businessUnit"] .fui-Badge').evaluateAll((elements) =>
            elements.map((badge) => {
                const text = badge.lastElementChild as HTMLElement;
                return { name: text.textContent ?? '', needed: text.scrollWidth, shown: text.clientWidth };
            }),
        );
        expect(badges.length).toBeGreaterThan(0);
        // "United States" needs about 80 px; the column is at least 160 px wide.
        for (const badge of badges) expect(badge).toMatchObject({ shown: badge.needed });
    });
});

describe('requests per page of rows', () => {
    test.each([25, 50, 100, 250])('are at most one per table for %i rows, as the panel and the emulator log both show', async (pageSize) => {
        const { page } = browser;
        await openView(page, { persona: 'administrator', pageSize, viewLink: 'off' });
        await clearEmulatorLog(page);
        await page.getByTestId('reload-form').click();
        await waitForViewSettled(page);
        expect((await viewRows(page)).length).toBeGreaterThan(0);
        const panel = await panelCounts(page);
        expect(panel).toStrictEqual(await emulatorCounts(page));
        expect(Object.keys(panel)).toStrictEqual(expect.arrayContaining(['msdynci_customerprofile', 'msdynci_segmentmembership', 'msdynci_customermeasure']));
        for (const [table, count] of Object.entries(panel)) expect(`${table}: ${count}`).toBe(`${table}: 1`);
    });

    test('once the profile is linked into the view, the next pages need no profile request', async () => {
        const { page } = browser;
        await openView(page, { persona: 'serviceAgent', viewLink: 'linked', pageSize: 25 });
        expect((await panelCounts(page))['msdynci_customerprofile']).toBe(1);
        const loadBefore = await page.evaluate(() => (window as unknown as PlaygroundWindow).playground.currentLoadId);
        await page.getByRole('button', { name: 'Load more' }).click();
        await page.waitForFunction((previous) => (window as unknown as PlaygroundWindow).playground.currentLoadId > previous, loadBefore);
        await waitForViewSettled(page);
        const panel = await panelCounts(page);
        expect(panel['msdynci_customerprofile']).toBeUndefined();
        expect(panel['msdynci_segmentmembership']).toBe(1);
    });

    test('Load more appends the next page and reads only its rows, one request per table', async () => {
        const { page } = browser;
        await openView(page, { persona: 'administrator', pageSize: 25, viewLink: 'off' });
        const before = (await viewRows(page)).map((row) => row.id);
        const loadBefore = await page.evaluate(() => (window as unknown as PlaygroundWindow).playground.currentLoadId);
        await page.getByRole('button', { name: 'Load more' }).click();
        await page.waitForFunction((previous) => (window as unknown as PlaygroundWindow).playground.currentLoadId > previous, loadBefore);
        await waitForViewSettled(page);
        expect(await page.getByTestId('grid-count').innerText()).toMatch(/^50 of /);
        const ids = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[role="row"][data-row-id]')).map((row) => row.dataset.rowId ?? ''));
        expect(ids.slice(0, 10)).toStrictEqual(before.slice(0, 10));
        for (const [table, count] of Object.entries(await panelCounts(page))) expect(`${table}: ${count}`).toBe(`${table}: 1`);
        const queries = await page.evaluate(() => {
            const playground = (window as unknown as PlaygroundWindow).playground;
            return playground.requestLog.requests.filter((request) => request.loadId === playground.currentLoadId).map((request) => decodeURIComponent(request.query));
        });
        for (const id of before) {
            const profileId = factsOfContact(dv, id)?.profileId;
            if (profileId !== undefined) expect(queries.join(' ')).not.toContain(profileId);
        }
    });

    test('sorting by a column reloads the view on the server and announces it', async () => {
        const { page } = browser;
        await openView(page, { persona: 'serviceAgent', pageSize: 100 });
        await page.locator('[role="columnheader"][data-column="view:fullname"]').click();
        await waitForViewSettled(page);
        expect(await page.locator('[role="columnheader"][data-column="view:fullname"]').getAttribute('aria-sort')).toBe('descending');
        await page.waitForFunction(() => document.querySelector('[data-testid="grid-announcement"]')?.textContent?.startsWith('Sorted by Full Name') === true);
    });
});

describe('faults and states', () => {
    test('throttling shows "busy" once for the grid and recovers by itself', async () => {
        const { page } = browser;
        await openView(page, { persona: 'serviceAgent', viewLink: 'off' });
        await page.getByTestId('fault-throttling').check();
        try {
            await page.getByTestId('reload-form').click();
            await page.waitForFunction(() => document.querySelector('[data-testid="view-cell"] section > [data-state="busy"]') !== null, undefined, { timeout: 20_000 });
            await screenshot(page, 'view-state-busy');
            expect(await seriousAxeViolations(page)).toStrictEqual([]);
        } finally {
            await page.getByTestId('fault-throttling').uncheck();
        }
        await page.waitForFunction(() => document.querySelector('[data-testid="view-cell"] section > [data-state]') === null, undefined, { timeout: 60_000 });
        await waitForViewSettled(page, 60_000);
        expect((await viewRows(page)).some((row) => row.unit === 'United States')).toBe(true);
    });

    test('a server error shows one message with a code to copy; Try again reads again', async () => {
        const { page } = browser;
        await openView(page, { persona: 'serviceAgent', viewLink: 'off' });
        await page.getByTestId('fault-server-error').check();
        try {
            await page.getByTestId('reload-form').click();
            await page.waitForFunction(() => document.querySelector('[data-testid="view-cell"] section > [data-state="unexpected"]') !== null);
            expect(await gridStates(page)).toStrictEqual(['unexpected']);
            await screenshot(page, 'view-state-unexpected');
            expect(await seriousAxeViolations(page)).toStrictEqual([]);
        } finally {
            await page.getByTestId('fault-server-error').uncheck();
        }
        await page.getByRole('button', { name: 'Try again' }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid="view-cell"] section > [data-state]') === null);
        await waitForViewSettled(page);
        expect((await viewRows(page)).some((row) => row.unit === 'United States')).toBe(true);
    });

    test('offline: the view says it cannot load, without "[object Object]"', async () => {
        const { page } = browser;
        await openView(page, { persona: 'serviceAgent' });
        await page.getByTestId('fault-offline').check();
        try {
            await page.getByTestId('reload-form').click();
            await page.waitForFunction(() => document.querySelector('[data-testid="view-cell"] section > [data-state]') !== null);
            expect(['viewError', 'offline', 'network']).toStrictEqual(expect.arrayContaining(await gridStates(page)));
            expect(await page.getByTestId('view-cell').innerText()).not.toContain('[object Object]');
            await screenshot(page, 'view-state-offline');
            expect(await seriousAxeViolations(page)).toStrictEqual([]);
        } finally {
            await page.getByTestId('fault-offline').uncheck();
        }
    });

    test.each<[string, ViewState]>([
        ['theme-dark', { theme: 'dark' }],
        ['theme-high-contrast', { theme: 'highContrast' }],
        ['language-1025-rtl', { lang: 1025 }],
        ['language-1031', { lang: 1031 }],
        ['language-1036', { lang: 1036 }],
        ['language-3082', { lang: 3082 }],
    ])('%s: no serious or critical violations', async (name, look) => {
        const { page } = browser;
        await openView(page, { persona: 'administrator', ...look });
        await screenshot(page, `view-${name}`);
        expect(await seriousAxeViolations(page)).toStrictEqual([]);
        if (look.lang === 1025) expect(await page.locator('[data-testid="view-cell"] section').getAttribute('dir')).toBe('rtl');
    });

    test('keyboard: arrows move between cells, Control and an arrow resize a column', async () => {
        const { page } = browser;
        await openView(page, { persona: 'administrator' });
        const header = page.locator('[role="columnheader"][data-column="view:fullname"]');
        await header.focus();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowRight');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('1:2');
        for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('31:2');
        const width = (): Promise<number> => header.evaluate((element) => element.getBoundingClientRect().width);
        const before = await width();
        await header.focus();
        await page.keyboard.press('Control+ArrowRight');
        expect(Math.round(await width())).toBe(Math.round(before + 20));
    });
});

test('app designer preview image: the grid as the administrator sees it', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1800, height: 900 });
    try {
        await openView(page, { persona: 'administrator', pageSize: 25 });
        const path = join(SCREENSHOT_DIR, 'preview-CustomerInsightsGrid.png');
        await page.getByTestId('view-cell').screenshot({ path });
        if (process.env.CIBU_WRITE_PREVIEW === '1') copyFileSync(path, join(REPO_ROOT, 'components', 'CustomerInsightsGrid', 'img', 'preview.png'));
    } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
