/**
 * The playground against an environment (issue 15), as `npm start -- --environment <url> --token <t>`
 * runs it, with the local Dataverse Web API server of `npm run dataverse` as the environment: the same page
 * and production bundles, reads through the dev server's read-only proxy as the token's user, the contact
 * picked by id or by a name search, one request per table in the request panel, no serious axe finding.
 * Both servers are started here as the commands a developer runs, and stopped at the end.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createServer } from 'net';
import { join } from 'path';
import { DataverseEmulator } from '../dataverse';
import { DEV_TOKENS } from '../dataverse/http/tokens';
import { controlsText, launchBrowser, panelCounts, REPO_ROOT, screenshot, seriousAxeViolations, statesByControl, waitForFormSettled, type Browser } from './browser';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const samples = dv.tenant.sampleContacts;
const children: ChildProcess[] = [];
let browser: Browser;
let pageUrl: string;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.unref();
        probe.on('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const address = probe.address();
            probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
        });
    });
}

/** Runs `node tools/run-ts.cjs <entry> ...args` and resolves once its output contains `ready`. */
function run(entry: string, args: readonly string[], ready: RegExp): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), entry, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s:\n${output}`)), 60_000);
        const read = (chunk: Buffer): void => {
            // eslint-disable-next-line no-control-regex -- colour codes, should a tool print them anyway
            output += chunk.toString().replace(/\u001b\[[0-9;]*m/g, '');
            if (ready.test(output)) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout?.on('data', read);
        child.stderr?.on('data', read);
        child.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`${entry} exited with ${String(code)}:\n${output}`));
        });
    });
}

beforeAll(async () => {
    const [dataversePort, playgroundPort] = [await freePort(), await freePort()];
    await run('test/dataverse/http/cli.ts', ['--port', String(dataversePort), '--seed', '42'], /api\/data\/v9\.2\//);
    await run('playground/start.ts', ['--environment', `http://127.0.0.1:${dataversePort}`, '--token', DEV_TOKENS.serviceAgent, '--port', String(playgroundPort)], /Local:/);
    pageUrl = `http://localhost:${playgroundPort}/`;
    // First request: vite optimises dependencies before anything is timed.
    await fetch(pageUrl).then((response) => response.text());
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
    for (const child of children) child.kill('SIGTERM');
});

test('shows the token user the customers they may read, through the proxy, one request per table', async () => {
    const { page } = browser;
    await page.goto(`${pageUrl}?contact=${samples.serviceAgentCustomer.contactId}`);
    await waitForFormSettled(page, 60_000);
    expect(await page.getByTestId('signed-in-user').innerText()).toContain('Avery Service');
    expect(await page.getByTestId('form-header-name').innerText()).toBe(samples.serviceAgentCustomer.fullName);
    expect(await controlsText(page)).toContain(samples.serviceAgentCustomer.fullName);
    for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toStrictEqual([]);
    const counts = await panelCounts(page);
    // The profile table twice: the card's read with its columns, the identity read the others share (issue 12).
    expect(counts.msdynci_customerprofile).toBe(2);
    for (const [table, count] of Object.entries(counts)) expect(`${table}: ${count}`).toBe(`${table}: ${table === 'msdynci_customerprofile' ? 2 : 1}`);
    await screenshot(page, 'environment-mode');
    expect(await seriousAxeViolations(page)).toStrictEqual([]);
});

test('says "not visible" for another business unit\'s customer and shows nothing of it', async () => {
    const { page } = browser;
    await page.goto(`${pageUrl}?contact=${samples.otherRegionCustomer.contactId}`);
    await waitForFormSettled(page, 60_000);
    for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toStrictEqual(['notVisible']);
    expect(await controlsText(page)).not.toContain(samples.otherRegionCustomer.fullName);
});

test('picks the contact by a name search and by id', async () => {
    const { page } = browser;
    await page.goto(pageUrl);
    await page.getByTestId('contact-search').waitFor();
    const name = samples.serviceAgentCustomer.fullName;
    await page.getByTestId('contact-search').fill(name.slice(0, 4));
    await page.getByTestId('search-contacts').click();
    await page.getByTestId('contact-hits').waitFor();
    await page.getByTestId('contact-hits').selectOption(samples.serviceAgentCustomer.contactId);
    await waitForFormSettled(page, 60_000);
    expect(await controlsText(page)).toContain(name);

    await page.getByTestId('contact-id').fill(`{${samples.unmappedCustomer.contactId.toUpperCase()}}`);
    await page.getByTestId('open-contact').click();
    await page.waitForFunction((id) => new URLSearchParams(window.location.search).get('contact') === id, samples.unmappedCustomer.contactId);
    await waitForFormSettled(page, 60_000);
    // The service agent may not read the root business unit's profile.
    for (const kinds of Object.values(await statesByControl(page))) expect(kinds).toStrictEqual(['notVisible']);
});
