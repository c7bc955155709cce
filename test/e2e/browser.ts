/**
 * Driving the playground in Debian's chromium (never a downloaded browser): launch with a fresh profile,
 * open a form state, wait until the form load has settled, run axe, take screenshots.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PlaygroundHandle } from '../../playground/main';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The platform library set the playground serves (PLATFORM_LIBRARIES, as vite.config.mjs reads it). */
export const LIBRARY_SET = process.env.PLATFORM_LIBRARIES || 'declared';
/** Screenshots of the declared set in test-results/screenshots/, of another set in a sub-folder named after it. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots', ...(LIBRARY_SET === 'declared' ? [] : [LIBRARY_SET]));

const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export interface Browser {
    readonly page: Page;
    /** Uncaught page errors and console errors seen so far. */
    readonly errors: string[];
    close(): Promise<void>;
}

export function playgroundUrl(): string {
    const url = process.env.PLAYGROUND_URL;
    if (url === undefined) throw new Error('PLAYGROUND_URL is not set: run through test/e2e/jest.config.cjs (its globalSetup starts vite).');
    return url;
}

export async function launchBrowser(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'cibu-e2e-'));
    const context: BrowserContext = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1400, height: 900 },
        locale: 'en-US',
        timezoneId: 'UTC',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    return {
        page,
        errors,
        close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        },
    };
}

export interface FormState {
    readonly persona?: string;
    readonly contact?: string;
    readonly lang?: number;
    readonly theme?: 'light' | 'dark' | 'highContrast';
    /** Further playground URL parameters, e.g. `{ segments: '10000' }` for a customer with 10,000 segments. */
    readonly query?: Readonly<Record<string, string>>;
    /** `panel`: the Customer Insights panel instead of the separate controls (playground/formSetups.ts). */
    readonly form?: 'controls' | 'panel';
    /** The maker's profile-link setup (playground/formSetups.ts). */
    readonly link?: 'contact' | 'lookup' | 'expand' | 'keyColumn';
    /** Exactly these built controls on the form. */
    readonly controls?: readonly string[];
    /** The starting latency fault, in ms. */
    readonly latency?: number;
}

/** Opens the playground in a form state (through its URL) and waits for the form load to settle. */
export async function openForm(page: Page, state: FormState = {}): Promise<void> {
    const query = new URLSearchParams();
    if (state.persona !== undefined) query.set('persona', state.persona);
    if (state.contact !== undefined) query.set('contact', state.contact);
    if (state.lang !== undefined) query.set('lang', String(state.lang));
    if (state.theme !== undefined) query.set('theme', state.theme);
    for (const [name, value] of Object.entries(state.query ?? {})) query.set(name, value);
    if (state.form !== undefined) query.set('form', state.form);
    if (state.link !== undefined) query.set('link', state.link);
    if (state.controls !== undefined) query.set('controls', state.controls.join(','));
    if (state.latency !== undefined) query.set('latency', String(state.latency));
    await page.goto(`${playgroundUrl()}?${query.toString()}`);
    await waitForFormSettled(page);
}

type PlaygroundWindow = Window & { playground?: PlaygroundHandle };

/**
 * Why the current form load has not settled yet, or '' once it has: every control on the form is mounted and
 * rendered, no request of the page is in flight and no control region is busy. Runs in the page.
 */
function pendingReason(): string {
    const playground = (window as PlaygroundWindow).playground;
    if (playground === undefined || !playground.ready) return 'the page has not started a form load';
    if (playground.controlNames.length === 0) return 'no built control was loaded';
    const cells = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="control-cell"]'));
    if (cells.length !== playground.controlNames.length) return `${cells.length} control cells for ${playground.controlNames.length} controls`;
    const panel = document.querySelector<HTMLElement>('[data-testid="request-panel"]');
    if (panel?.dataset.loadId !== String(playground.currentLoadId)) return 'the request panel shows an earlier load';
    // The panel redraws from the log after a short batching delay: wait until it shows every request.
    if (panel.dataset.total !== String(playground.requestLog.requests.length) || panel.dataset.pending !== '0') return 'the request panel is not up to date';
    if (playground.requestLog.pending > 0) return `${playground.requestLog.pending} requests in flight`;
    const busy = document.querySelector('[data-testid="form-controls"] [aria-busy="true"]');
    if (busy !== null) return `a control is busy: ${(busy.textContent ?? '').slice(0, 200)}`;
    // A busy state without Try again reads again by itself (a timer): the load is not over yet.
    const retrying = Array.from(document.querySelectorAll('[data-testid="form-controls"] [data-state="busy"]')).find((state) => state.querySelector('button') === null);
    if (retrying !== undefined) return 'a control waits to read again by itself';
    const empty = cells.filter((cell) => (cell.querySelector('.control-host')?.childElementCount ?? 0) === 0 && cell.querySelector('[data-testid="control-error"]') === null);
    return empty.length > 0 ? `not rendered: ${empty.map((cell) => cell.dataset.control ?? '').join(', ')}` : '';
}

/**
 * Waits until the current form load is done (see {@link pendingReason}), checked on every animation frame
 * and required on two frames in a row: a control may start its next request right after one finished (in
 * the same task), never a frame later. No fixed sleeps: it returns as soon as the page is settled.
 */
export async function waitForFormSettled(page: Page, timeoutMs = 30_000): Promise<void> {
    const check = `(() => { const reason = (${pendingReason.toString()})(); const w = window; w.__cibuSettledFrames = reason === '' ? (w.__cibuSettledFrames || 0) + 1 : 0; return w.__cibuSettledFrames >= 2; })()`;
    await page.evaluate(() => {
        (window as unknown as { __cibuSettledFrames: number }).__cibuSettledFrames = 0;
    });
    try {
        await page.waitForFunction(check, undefined, { polling: 'raf', timeout: timeoutMs });
    } catch {
        const reason = await page.evaluate(`(${pendingReason.toString()})()`);
        throw new Error(`The form did not settle within ${timeoutMs} ms: ${String(reason)}`);
    }
}

/** Chooses an option of one of the playground's labelled selects and waits for the new form load. */
export async function choose(page: Page, label: string, value: string): Promise<void> {
    const before = await currentLoadId(page);
    await page.getByLabel(label, { exact: true }).selectOption(value);
    await page.waitForFunction((previous) => ((window as PlaygroundWindow).playground?.currentLoadId ?? 0) > previous, before);
    await waitForFormSettled(page);
}

export function currentLoadId(page: Page): Promise<number> {
    return page.evaluate(() => (window as PlaygroundWindow).playground?.currentLoadId ?? 0);
}

/** Clicks "Reload form" and waits until the new load has started (not until it settled). */
export async function reloadForm(page: Page): Promise<void> {
    const before = await currentLoadId(page);
    await page.getByTestId('reload-form').click();
    await page.waitForFunction((previous) => ((window as PlaygroundWindow).playground?.currentLoadId ?? 0) > previous, before);
}

/** Text of the controls (not the page chrome, whose header shows the contact record every persona may read). */
export function controlsText(page: Page): Promise<string> {
    return page.getByTestId('form-controls').innerText();
}

/** The `data-state` kinds shown in each control cell, by control name. */
export function statesByControl(page: Page): Promise<Record<string, string[]>> {
    return page.evaluate(() =>
        Object.fromEntries(
            Array.from(document.querySelectorAll<HTMLElement>('[data-testid="control-cell"]')).map((cell) => [
                cell.dataset.control ?? '',
                Array.from(cell.querySelectorAll<HTMLElement>('[data-state]')).map((element) => element.dataset.state ?? ''),
            ]),
        ),
    );
}

/** Per-table request counts the panel shows for the current form load. */
export function panelCounts(page: Page): Promise<Record<string, number>> {
    return page.evaluate(() =>
        Object.fromEntries(
            Array.from(document.querySelectorAll<HTMLElement>('[data-testid="load-count"]')).map((row) => [row.dataset.table ?? '', Number(row.dataset.count)]),
        ),
    );
}

export interface AxeViolation {
    readonly id: string;
    readonly impact: string | null;
    readonly help: string;
    /** Selector and start of the markup of up to five offending elements. */
    readonly nodes: string[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (WCAG 2.x A/AA rules) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
    const loaded = await page.evaluate(() => 'axe' in window);
    if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
        interface AxeResult {
            violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[]; html: string }> }>;
        }
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }).axe;
        // Fluent's focus manager (tabster) adds intentionally focusable aria-hidden sentinels that redirect
        // focus at once; a known false positive of aria-hidden-focus (microsoft/tabster#288), so left out.
        const context = { include: [['body']], exclude: [['[data-tabster-dummy]']] };
        const result = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return result.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact ?? null,
            help: violation.help,
            nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.map(String).join(' ')}: ${node.html.slice(0, 160)}`),
        }));
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
}

export interface SegmentPageState {
    readonly persona?: string;
    /** A Journeys segment's key or id (test/dataverse/journeys.ts). */
    readonly segment?: string;
    readonly lang?: number;
    readonly theme?: 'light' | 'dark' | 'highContrast';
    /** Customer Insights tables refuse aggregates like elastic tables. */
    readonly elastic?: boolean;
}

/** Opens the playground's Journeys segment page (`?page=segment`) and waits for its form load to settle. */
export async function openSegmentPage(page: Page, state: SegmentPageState = {}): Promise<void> {
    const query = new URLSearchParams({ page: 'segment' });
    if (state.persona !== undefined) query.set('persona', state.persona);
    if (state.segment !== undefined) query.set('segment', state.segment);
    if (state.lang !== undefined) query.set('lang', String(state.lang));
    if (state.theme !== undefined) query.set('theme', state.theme);
    if (state.elastic === true) query.set('elastic', '1');
    await page.goto(`${playgroundUrl()}?${query.toString()}`);
    await waitForFormSettled(page);
}

// ---- The "Contacts view" page (the Customer Insights grid) -------------------------------------------

export interface ViewState extends Omit<FormState, 'link'> {
    readonly pageSize?: number;
    /** The grid's profile link into the view (the playground's `viewLink`). */
    readonly viewLink?: 'linked' | 'refused' | 'off';
    /** A tenant of this many profiles (the benchmarks' thousands of rows). */
    readonly profiles?: number;
}

/**
 * Polls `pendingReason` (every 100 ms, bounded by `timeoutMs`) until it is empty twice, 250 ms apart; throws
 * with the last reason otherwise. For pages whose quiet is not one animation frame (a grid that loads more).
 */
async function waitUntilQuiet(page: Page, pendingReason: () => Promise<string>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let reason = '';
    while (Date.now() < deadline) {
        reason = await pendingReason();
        if (reason === '') {
            await page.waitForTimeout(250);
            reason = await pendingReason();
            if (reason === '') return;
        }
        await page.waitForTimeout(100);
    }
    throw new Error(`${what} did not settle within ${timeoutMs} ms: ${reason}`);
}

/** Opens the playground's view page in a state (through its URL) and waits until the grid settled. */
export async function openView(page: Page, state: ViewState = {}): Promise<void> {
    const query = new URLSearchParams({ page: 'view' });
    if (state.persona !== undefined) query.set('persona', state.persona);
    if (state.lang !== undefined) query.set('lang', String(state.lang));
    if (state.theme !== undefined) query.set('theme', state.theme);
    if (state.pageSize !== undefined) query.set('pageSize', String(state.pageSize));
    if (state.viewLink !== undefined) query.set('viewLink', state.viewLink);
    if (state.profiles !== undefined) query.set('profiles', String(state.profiles));
    await page.goto(`${playgroundUrl()}?${query.toString()}`);
    await waitForViewSettled(page);
}

/**
 * True once the view page is quiet: the grid (or a designed state) is rendered, no request of the page is in
 * flight, the grid is not busy and no Customer Insights cell is loading. Checked twice, 250 ms apart.
 */
export async function waitForViewSettled(page: Page, timeoutMs = 30_000): Promise<void> {
    const pendingReason = (): Promise<string> =>
        page.evaluate(() => {
            const playground = (window as PlaygroundWindow).playground;
            if (playground === undefined || !playground.ready) return 'the page has not started a load';
            const cell = document.querySelector<HTMLElement>('[data-testid="view-cell"]');
            if (cell === null) return 'no view cell';
            const grid = cell.querySelector('[role="grid"]');
            const designed = cell.querySelector('section [data-state]');
            if (grid === null && designed === null) return 'the grid has not rendered';
            const panel = document.querySelector<HTMLElement>('[data-testid="request-panel"]');
            if (panel?.dataset.loadId !== String(playground.currentLoadId)) return 'the request panel shows an earlier load';
            // The panel redraws from the log when the page is idle (500 ms at the latest): wait until it shows every request.
            if (panel.dataset.total !== String(playground.requestLog.requests.length) || panel.dataset.pending !== '0') return 'the request panel is not up to date';
            if (playground.requestLog.pending > 0) return `${playground.requestLog.pending} requests in flight`;
            if (grid?.getAttribute('aria-busy') === 'true') return 'the grid is loading rows';
            if (cell.querySelector('[aria-label="Loading Customer Insights data"], .fui-Skeleton') !== null) return 'cells are loading';
            return '';
        });
    await waitUntilQuiet(page, pendingReason, timeoutMs, 'The view');
}

export interface GridRowText {
    readonly id: string;
    /** Text of the first Customer Insights cell (business unit or the row's state). */
    readonly unit: string;
    readonly segments: string;
}

/** The grid's rendered rows with their Customer Insights text. */
export function viewRows(page: Page): Promise<GridRowText[]> {
    return page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid="view-cell"] [role="row"][data-row-id]')).map((row) => ({
            id: row.dataset.rowId ?? '',
            unit: row.querySelector('[data-column="ci:businessUnit"]')?.textContent ?? '',
            segments: row.querySelector('[data-column="ci:segments"]')?.textContent ?? '',
        })),
    );
}

// ---- The "Power Apps grid" page (the grid cells customizer) ------------------------------------------

/** Opens the playground's Power Apps grid page in a state (through its URL) and waits until the cells settled. */
export async function openCellsPage(page: Page, state: Omit<FormState, 'link' | 'form' | 'controls'> = {}): Promise<void> {
    const query = new URLSearchParams({ page: 'cells' });
    if (state.persona !== undefined) query.set('persona', state.persona);
    if (state.lang !== undefined) query.set('lang', String(state.lang));
    if (state.theme !== undefined) query.set('theme', state.theme);
    if (state.latency !== undefined) query.set('latency', String(state.latency));
    for (const [name, value] of Object.entries(state.query ?? {})) query.set(name, value);
    await page.goto(`${playgroundUrl()}?${query.toString()}`);
    await waitForCellsSettled(page);
}

/**
 * True once the Power Apps grid page is quiet: the grid rendered its rows, no request of the page is in
 * flight and no Customer Insights cell is waiting for its batch. Checked twice, 250 ms apart.
 */
export async function waitForCellsSettled(page: Page, timeoutMs = 30_000): Promise<void> {
    const pendingReason = (): Promise<string> =>
        page.evaluate(() => {
            const playground = (window as PlaygroundWindow).playground;
            if (playground === undefined || !playground.ready) return 'the page has not started a load';
            const grid = document.querySelector('[data-testid="power-apps-grid"]');
            if (grid === null) return 'the grid has not rendered';
            if (grid.querySelector('[role="row"][data-row-id]') === null) return 'the grid has no rows';
            const panel = document.querySelector<HTMLElement>('[data-testid="request-panel"]');
            if (panel?.dataset.loadId !== String(playground.currentLoadId)) return 'the request panel shows an earlier load';
            // The panel redraws from the log when the page is idle (500 ms at the latest): wait until it shows every request.
            if (panel.dataset.total !== String(playground.requestLog.requests.length) || panel.dataset.pending !== '0') return 'the request panel is not up to date';
            if (playground.requestLog.pending > 0) return `${playground.requestLog.pending} requests in flight`;
            if (grid.querySelector('[data-ci-cell][data-row-state="loading"]') !== null) return 'cells are loading';
            return '';
        });
    await waitUntilQuiet(page, pendingReason, timeoutMs, 'The Power Apps grid page');
}

export interface CellRowText {
    readonly id: string;
    /** Text of the profile lookup column (business unit or the row's state). */
    readonly unit: string;
    readonly segments: string;
    readonly measures: string;
}

/** The Power Apps grid's rendered rows with the text of their Customer Insights cells. */
export function cellRows(page: Page): Promise<CellRowText[]> {
    return page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid="power-apps-grid"] [role="row"][data-row-id]')).map((row) => ({
            id: row.dataset.rowId ?? '',
            unit: row.querySelector('[data-column="msdynci_lookupfield_customerprofile"]')?.textContent ?? '',
            segments: row.querySelector('[data-column="cr123_cisegments"]')?.textContent ?? '',
            measures: row.querySelector('[data-column="cr123_cimeasures"]')?.textContent ?? '',
        })),
    );
}
