// node scripts/preview-image.mjs <Control> [<Control> ...]: writes components/<Control>/img/preview.png, the
// picture the app designer shows for a control: a real screenshot of the production bundle in the
// playground, as the service agent sees their own customer (profile lookup bound), 256 px wide like the
// other previews. Needs a build (npm run build) and Debian's Chromium.
/* global window, document -- page.waitForFunction callbacks run in the page */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './chromium.mjs';
import startPlayground from '../test/e2e/server.setup.mjs';
import stopPlayground from '../test/e2e/server.teardown.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !existsSync(join(root, 'components', name, 'ControlManifest.Input.xml')))) {
    console.error('Usage: node scripts/preview-image.mjs <Control> ... (folder names under components/)');
    process.exit(1);
}

await startPlayground();
const browser = await launchBrowser();
try {
    const { page } = browser;
    await page.goto(`${process.env.PLAYGROUND_URL}?latency=0`);
    await page.waitForFunction(() => window.playground?.ready === true);
    const contact = await page.evaluate(() => window.playground.dv.tenant.sampleContacts.serviceAgentCustomer.contactId);
    for (const name of names) {
        await page.goto(`${process.env.PLAYGROUND_URL}?persona=serviceAgent&link=lookup&controls=${name}&contact=${contact}`);
        await page.addStyleTag({ content: `[data-control="${name}"] { width: 256px; max-width: 256px; }` });
        await page.waitForFunction(() => {
            const sections = document.querySelectorAll('[data-testid="form-controls"] section');
            return window.playground.requestLog.pending === 0 && sections.length > 0 && Array.from(sections).every((s) => s.getAttribute('aria-busy') === 'false');
        });
        const path = join(root, 'components', name, 'img', 'preview.png');
        await page.locator(`[data-control="${name}"] .control-host`).screenshot({ path });
        console.log(`wrote ${path}`);
    }
} finally {
    await browser.close();
    await stopPlayground();
}
