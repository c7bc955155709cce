/**
 * The Journeys segment page of the playground in Chromium: the readiness control per persona (the two
 * marketers and a user without a role) on ready, not-ready and empty segments, the fallback when the tables
 * refuse aggregates, the requests in the panel, accessibility (axe) in every state, theme and right to left,
 * and the app designer preview image (`UPDATE_PREVIEW=1` writes it to the control's img/preview.png).
 */
import { copyFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { BUSINESS_UNIT_IDS, DataverseEmulator, type StoredRow } from '../dataverse';
import type { PlaygroundHandle } from '../../playground/main';
import { launchBrowser, openSegmentPage, panelCounts, REPO_ROOT, screenshot, SCREENSHOT_DIR, seriousAxeViolations, statesByControl, type Browser, type SegmentPageState } from './browser';

// The page seeds its tenant with 42 too; the tenant is deterministic, so this one has the same facts.
const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const MEMBERSHIP = 'msdynci_segmentmembership';

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

type PlaygroundWindow = Window & { playground: PlaygroundHandle };

function members(name: string, readable: (row: StoredRow) => boolean = () => true): number {
    return [...dv.tenant.rows(MEMBERSHIP)].filter((row) => readable(row) && String(row.msdynci_segments).includes(JSON.stringify(name))).length;
}

async function verdictOf(page: Page): Promise<string | null> {
    return page.locator('[data-verdict]').getAttribute('data-verdict', { timeout: 5_000 }).catch(() => null);
}

const CASES: ReadonlyArray<[string, SegmentPageState, string, (page: Page) => Promise<void>]> = [
    [
        'readiness-ready',
        { persona: 'marketerOrganization', segment: 'gold' },
        'ready',
        async (page) => expect(await page.locator('[data-verdict]').innerText()).toContain(`All ${members('Gold')} members are in Germany`),
    ],
    [
        'readiness-not-ready',
        { persona: 'marketerOrganization', segment: 'winterSale' },
        'notReady',
        async (page) => {
            const list = page.getByRole('list', { name: 'Business units with members' });
            expect(await list.locator('[data-relation="child"]').count()).toBe(2);
            expect(await list.locator('[data-relation="root"]').innerText()).toContain('Contoso');
        },
    ],
    [
        'readiness-cannot-verify',
        { persona: 'marketerBusinessUnit', segment: 'winterSale' },
        'cannotVerify',
        async (page) => {
            const visible = members('NorthAmerica_Winter_Sale', (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.northAmerica);
            expect(await page.locator('[data-verdict]').innerText()).toContain(`Checked only the ${visible} member${visible === 1 ? '' : 's'} you can see.`);
            expect(await page.getByTestId('form-controls').innerText()).not.toContain('Ready for Journeys');
        },
    ],
    ['readiness-no-members', { persona: 'marketerOrganization', segment: 'springPreview' }, 'noMembers', async () => Promise.resolve()],
    [
        'readiness-elastic',
        { persona: 'marketerOrganization', segment: 'winterSale', elastic: true },
        'notReady',
        async (page) => expect(await page.locator('[data-state="countsUnavailable"]').innerText()).toContain("Dataverse doesn't count this table's rows in one query"),
    ],
];

test.each(CASES)('%s: the verdict, no serious or critical accessibility violations (screenshot saved)', async (name, state, verdict, check) => {
    const { page } = browser;
    await openSegmentPage(page, state);
    expect(await verdictOf(page)).toBe(verdict);
    await check(page);
    await page.getByRole('button', { name: 'About this check' }).click();
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('a user without a Customer Insights role sees the privilege message', async () => {
    const { page } = browser;
    await openSegmentPage(page, { persona: 'noRole', segment: 'gold' });
    expect(await statesByControl(page)).toStrictEqual({ SegmentActivationReadiness: ['noPrivilege'] });
    await screenshot(page, 'readiness-no-privilege');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('the panel shows the few requests of a check, in agreement with the emulator, aggregate or probes', async () => {
    const { page } = browser;
    await openSegmentPage(page, { persona: 'marketerOrganization', segment: 'winterSale' });
    expect(await panelCounts(page)).toStrictEqual({ msdynmkt_segment: 1, businessunit: 1, [MEMBERSHIP]: 2 });
    await openSegmentPage(page, { persona: 'marketerOrganization', segment: 'winterSale', elastic: true });
    expect(await panelCounts(page)).toStrictEqual({ msdynmkt_segment: 1, businessunit: 1, [MEMBERSHIP]: 4 });
    const emulator = await page.evaluate(() => (window as unknown as PlaygroundWindow).playground.dv.log.countByTable());
    expect(emulator).toStrictEqual({ msdynmkt_segment: 1, businessunit: 1, [MEMBERSHIP]: 4 });
    expect(await page.locator('[data-testid="request-row"]').allInnerTexts()).not.toContainEqual(expect.stringContaining('$batch'));
});

test('the contact form does not host the readiness control', async () => {
    const { page } = browser;
    await openSegmentPage(page, { segment: 'gold' });
    await page.goto(`${page.url().split('?')[0] ?? ''}?persona=serviceAgent`);
    await page.waitForFunction(() => ((window as unknown as PlaygroundWindow).playground?.controlNames.length ?? 0) > 0);
    expect(await page.evaluate(() => (window as unknown as PlaygroundWindow).playground.controlNames)).not.toContain('SegmentActivationReadiness');
});

test.each<[string, SegmentPageState]>([
    ['readiness-theme-dark', { theme: 'dark' }],
    ['readiness-theme-high-contrast', { theme: 'highContrast' }],
    ['readiness-language-1025-rtl', { lang: 1025 }],
    ['readiness-language-1036', { lang: 1036 }],
])('%s: no serious or critical violations', async (name, look) => {
    const { page } = browser;
    await openSegmentPage(page, { persona: 'marketerOrganization', segment: 'winterSale', ...look });
    expect(await verdictOf(page)).toBe('notReady');
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
    if (look.lang === 1025) expect(await page.locator('[data-testid="form-controls"] section[dir="rtl"]').count()).toBe(1);
});

test('app designer preview image: the control alone, as a marketer sees a segment that is not ready', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 900, height: 1200 });
    try {
        await openSegmentPage(page, { persona: 'marketerOrganization', segment: 'winterSale' });
        const cell = page.locator('[data-control="SegmentActivationReadiness"]');
        await cell.evaluate((element) => {
            (element as HTMLElement).style.width = '340px';
        });
        await page.waitForTimeout(300);
        const path = join(SCREENSHOT_DIR, 'readiness-preview.png');
        await cell.screenshot({ path });
        if (process.env.UPDATE_PREVIEW === '1') copyFileSync(path, join(REPO_ROOT, 'components', 'SegmentActivationReadiness', 'img', 'preview.png'));
    } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
    }
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
