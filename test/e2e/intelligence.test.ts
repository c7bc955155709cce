/**
 * The intelligence control on the playground's contact form, against its production bundle: the insights
 * analyst (whom Dataverse gives every root-owned row) sees predictions and enrichments only of customers
 * whose profile it may read, with the profile card's state and no root-owned request otherwise; formats per
 * language, right to left; the corrupt-data state; axe on each. `UPDATE_PREVIEW_IMAGES=1` also writes the
 * control's app designer preview image (components/CustomerIntelligence/img/preview.png).
 */
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import type { Locator, Page } from 'playwright-core';
import { DataverseEmulator } from '../dataverse';
import { contactChoices } from '../../playground/contacts';
import type { PlaygroundHandle } from '../../playground/main';
import { choose, currentLoadId, launchBrowser, openForm, REPO_ROOT, screenshot, SCREENSHOT_DIR, seriousAxeViolations, statesByControl, type Browser } from './browser';
import { expectedForm, forbiddenStrings } from './expectations';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const samples = dv.tenant.sampleContacts;
const contacts = contactChoices(dv);
const CONTROL = 'CustomerIntelligence';

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

type PlaygroundWindow = Window & { playground: PlaygroundHandle };

const cell = (page: Page): Locator => page.locator(`[data-testid="control-cell"][data-control="${CONTROL}"]`);

/** Tables the current form load sent requests to. */
function tablesOfCurrentLoad(page: Page): Promise<string[]> {
    return page.evaluate(() => {
        const playground = (window as unknown as PlaygroundWindow).playground;
        return playground.requestLog.requests.filter((request) => request.loadId === playground.currentLoadId).map((request) => request.table);
    });
}

test('the form shows the intelligence control', async () => {
    await openForm(browser.page, { persona: 'insightsAnalyst', contact: samples.serviceAgentCustomer.contactId });
    const names = await browser.page.evaluate(() => (window as unknown as PlaygroundWindow).playground.controlNames);
    expect(names).toContain(CONTROL);
    await cell(browser.page).getByRole('heading', { name: 'Churn Model' }).waitFor();
});

test('the insights analyst sees predictions and enrichments only where it may read the profile, and the profile card\'s state elsewhere', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'insightsAnalyst', contact: samples.serviceAgentCustomer.contactId });
    const problems: string[] = [];
    let hidden = 0;
    for (const contact of contacts) {
        await choose(page, 'Contact record', contact.contactId);
        const where = `insightsAnalyst on ${contact.fullName} (${contact.sampleKey ?? contact.label})`;
        const expected = expectedForm(dv, 'insightsAnalyst', contact.contactId);
        const states = await statesByControl(page);
        const text = await cell(page).innerText();
        const tables = await tablesOfCurrentLoad(page);
        const rootOwnedReads = tables.filter((table) => table === 'msdynci_prediction' || table === 'msdynci_enrichment');
        if (expected.kind === 'content') {
            if (rootOwnedReads.length !== 2) problems.push(`${where}: read ${rootOwnedReads.join(', ') || 'no root-owned table'}, expected one prediction and one enrichment request`);
            if (!text.includes('Predictions')) problems.push(`${where}: no predictions part`);
        } else {
            hidden++;
            if (rootOwnedReads.length > 0) problems.push(`${where}: read ${rootOwnedReads.join(', ')} for a customer whose profile is ${expected.state}`);
            const card = states.CustomerProfileCard ?? [];
            const mine = states[CONTROL] ?? [];
            if (!mine.includes(expected.state) || !card.includes(expected.state)) problems.push(`${where}: card shows [${card.join(', ')}], intelligence [${mine.join(', ')}], expected ${expected.state}`);
            if ((await cell(page).locator('[data-model], [data-enrichment], [data-part]').count()) > 0) problems.push(`${where}: intelligence content shown`);
        }
        for (const secret of forbiddenStrings(dv, 'insightsAnalyst', expected.kind === 'content' ? expected.profile : undefined)) {
            if (text.includes(secret)) problems.push(`${where}: shows "${secret}" of a customer the analyst may not read`);
        }
        if (text.includes('[object Object]')) problems.push(`${where}: "[object Object]" shown`);
    }
    expect(problems).toStrictEqual([]);
    expect(hidden).toBeGreaterThan(0);
});

test('another business unit\'s customer: designed state, no serious or critical accessibility violations (screenshot saved)', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'insightsAnalyst', contact: samples.otherRegionCustomer.contactId });
    expect((await statesByControl(page))[CONTROL]).toContain('notVisible');
    await screenshot(page, 'intelligence-analyst-not-visible');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('corrupt and oddly shaped values: what can be read, the rest said to be unavailable', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'insightsAnalyst', contact: samples.corruptJson.contactId });
    expect((await statesByControl(page))[CONTROL]).toContain('partial');
    const text = await cell(page).innerText();
    expect(text).toContain('Unavailable');
    for (const bad of ['[object Object]', 'NaN', 'Infinity']) expect(text).not.toContain(bad);
    await screenshot(page, 'intelligence-corrupt-json');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test.each<[number, string, string, string]>([
    [1033, 'en-US', 'Predictions', 'High likelihood|Medium likelihood|Low likelihood'],
    [1031, 'de-DE', 'Prognosen', 'Wahrscheinlichkeit'],
    [1036, 'fr-FR', 'Prédictions', 'Probabilité'],
    [3082, 'es-ES', 'Predicciones', 'Probabilidad'],
    [1025, 'ar-SA', 'التنبؤات', 'احتمال'],
])('language %s: strings and the percentage in %s, no serious violations (screenshot saved)', async (lang, locale, heading, band) => {
    const { page } = browser;
    await openForm(page, { persona: 'insightsAnalyst', contact: samples.serviceAgentCustomer.contactId, lang });
    await cell(page).getByRole('heading', { name: heading, exact: true }).waitFor();
    const facts = dv.tenant.profile(samples.serviceAgentCustomer.profileIndex ?? -1);
    const churn = [...dv.tenant.rows('msdynci_prediction')].find((row) => row.msdynci_customerid === facts.customerId && row.msdynci_model === 'ChurnModel');
    const score = (JSON.parse(String(churn?.msdynci_values)) as { ChurnScore: number }).ChurnScore;
    const text = await cell(page).innerText();
    expect(text).toContain(new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(score));
    expect(text).toMatch(new RegExp(band));
    if (lang === 1025) expect(await cell(page).locator('section[dir="rtl"]').count()).toBeGreaterThan(0);
    await screenshot(page, `intelligence-language-${lang}`);
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('the preview image: the control as the insights analyst sees a customer of their business unit', async () => {
    const { page } = browser;
    await openForm(page, { persona: 'insightsAnalyst', contact: samples.serviceAgentCustomer.contactId });
    expect(await currentLoadId(page)).toBeGreaterThan(0);
    await cell(page).getByRole('heading', { name: 'Interest Affinity' }).waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, 'intelligence-preview.png');
    // The top of the control (predictions and the first enrichments): a preview, not the whole form.
    const box = await cell(page).boundingBox();
    if (box === null) throw new Error('the control cell has no box');
    await page.screenshot({ path, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 820) } });
    if (process.env.UPDATE_PREVIEW_IMAGES === '1') copyFileSync(path, join(REPO_ROOT, 'components', CONTROL, 'img', 'preview.png'));
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
