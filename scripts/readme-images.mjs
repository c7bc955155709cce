// npm run docs:images: retakes the README's pictures (docs/images/*.png) from the playground in Debian's
// Chromium, so that they show what the code does today: the contact form as the service agent sees it, the
// Contacts view as the sales rep sees it, and the Journeys segment form as the organization-wide marketer sees
// it. Uses the production bundles (npm run build first; ensure-build does it when they are missing).
/* global window, document -- page.waitForFunction callbacks run in the page */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './chromium.mjs';
import startPlayground from '../test/e2e/server.setup.mjs';
import stopPlayground from '../test/e2e/server.teardown.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * True on the page when nothing is loading: the playground has started, no request is in flight, no control
 * says it is busy and no skeleton is shown. The caller asks twice, 300 ms apart.
 */
function quiet() {
    const playground = window.playground;
    if (playground === undefined || playground.ready !== true || playground.requestLog.pending > 0) return false;
    if (document.querySelector('[aria-busy="true"], .fui-Skeleton') !== null) return false;
    return document.querySelector('section') !== null;
}

async function settle(page) {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (Date.now() < deadline) {
        await page.waitForFunction(quiet, undefined, { timeout: Math.max(1, deadline - Date.now()) });
        await page.waitForTimeout(300);
        if (await page.evaluate(quiet)) return;
    }
    throw new Error(`The page did not settle within ${SETTLE_TIMEOUT_MS} ms`);
}

await startPlayground();
const browser = await launchBrowser();
try {
    const { page } = browser;
    const base = process.env.PLAYGROUND_URL;
    await page.goto(`${base}?latency=0`);
    await page.waitForFunction(() => window.playground?.ready === true);
    const contact = await page.evaluate(() => window.playground.dv.tenant.sampleContacts.serviceAgentCustomer.contactId);
    const shots = [
        { file: 'playground-service-agent.png', url: `${base}?persona=serviceAgent&link=lookup&contact=${contact}`, fullPage: true },
        { file: 'playground-sales-rep-view.png', url: `${base}?page=view&persona=salesRep`, fullPage: false },
        { file: 'playground-segment-readiness.png', url: `${base}?page=segment&persona=marketerOrganization`, fullPage: false },
    ];
    for (const shot of shots) {
        await page.goto(shot.url);
        await settle(page);
        const path = join(root, 'docs', 'images', shot.file);
        await page.screenshot({ path, fullPage: shot.fullPage });
        console.log(`wrote ${path}`);
    }
} finally {
    await browser.close();
    await stopPlayground();
}
