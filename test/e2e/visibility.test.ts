/**
 * For each persona, every contact of the playground's picker shows exactly what that persona may see:
 * the profile of a customer it may read (name and business-unit badge), otherwise the designed state, and
 * never the name, e-mail or customer id of a customer of a business unit it may not read.
 */
import { DataverseEmulator, PERSONA_LIST } from '../dataverse';
import { contactChoices } from '../../playground/contacts';
import { choose, controlsText, launchBrowser, openForm, screenshot, seriousAxeViolations, statesByControl, type Browser } from './browser';
import { expectedForm, forbiddenInRequests, forbiddenStrings } from './expectations';

// The page seeds its tenant with 42 too; the tenant is deterministic, so this one has the same facts.
const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
const contacts = contactChoices(dv);
const FAILURE_STATES = ['noProfile', 'notVisible', 'noPrivilege', 'busy', 'configuration', 'offline', 'unexpected'];

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

test('the picker offers the sample contacts (other BU, no profile, GUID spellings, corrupt JSON, root-owned, team-owned) and regular ones', async () => {
    await openForm(browser.page);
    const options = await browser.page.getByLabel('Contact record', { exact: true }).locator('option').evaluateAll((elements) => elements.map((element) => (element as HTMLOptionElement).value));
    expect(options).toStrictEqual(contacts.map((contact) => contact.contactId));
    expect(contacts.filter((contact) => contact.sampleKey !== undefined).map((contact) => contact.sampleKey)).toStrictEqual(
        expect.arrayContaining(['otherRegionCustomer', 'noProfile', 'upperCaseGuid', 'bracedGuid', 'corruptJson', 'unmappedCustomer', 'alternateKeyOnly', 'teamOwned']),
    );
    expect(contacts.filter((contact) => contact.sampleKey === undefined).length).toBeGreaterThanOrEqual(3);
});

describe.each(PERSONA_LIST.map((persona) => [persona.key, persona] as const))('persona %s', (personaKey) => {
    test('every contact form shows exactly what the persona may see', async () => {
        const { page } = browser;
        await openForm(page, { persona: personaKey, contact: dv.tenant.sampleContacts.serviceAgentCustomer.contactId });
        const problems: string[] = [];
        for (const contact of contacts) {
            await choose(page, 'Contact record', contact.contactId);
            const where = `${personaKey} on ${contact.fullName} (${contact.sampleKey ?? contact.label})`;
            expect(await page.getByTestId('form-header-name').innerText()).toBe(contact.fullName);
            const expected = expectedForm(dv, personaKey, contact.contactId);
            const text = await controlsText(page);
            const panelText = await page.getByTestId('request-panel').innerText();
            const states = await statesByControl(page);

            if (expected.kind === 'content') {
                if (!text.includes(expected.profile.fullName)) problems.push(`${where}: the profile name ${expected.profile.fullName} is not shown`);
                if (!text.includes(expected.businessUnitName)) problems.push(`${where}: the business unit ${expected.businessUnitName} is not shown`);
                for (const [control, kinds] of Object.entries(states)) {
                    const failures = kinds.filter((kind) => FAILURE_STATES.includes(kind));
                    if (failures.length > 0) problems.push(`${where}: ${control} shows ${failures.join(', ')} instead of the profile`);
                }
            } else {
                for (const [control, kinds] of Object.entries(states)) {
                    if (!kinds.includes(expected.state)) problems.push(`${where}: ${control} shows [${kinds.join(', ')}], expected ${expected.state}`);
                }
            }
            const shown = expected.kind === 'content' ? expected.profile : undefined;
            for (const secret of forbiddenStrings(dv, personaKey, shown)) {
                if (text.includes(secret)) problems.push(`${where}: the controls show "${secret}" of a customer the persona may not read`);
            }
            for (const secret of forbiddenInRequests(dv, personaKey, shown)) {
                if (panelText.includes(secret)) problems.push(`${where}: the request panel shows "${secret}" of a customer the persona may not read`);
            }
            if (text.includes('[object Object]')) problems.push(`${where}: "[object Object]" shown`);
        }
        expect(problems).toStrictEqual([]);
    });

    test('the service agent customer form, as this persona, has no serious or critical accessibility violations (screenshot saved)', async () => {
        const { page } = browser;
        await openForm(page, { persona: personaKey, contact: dv.tenant.sampleContacts.serviceAgentCustomer.contactId });
        await screenshot(page, `persona-${personaKey}`);
        expect(await seriousAxeViolations(page)).toStrictEqual([]);
    });
});

test('no page errors were logged', () => {
    expect(browser.errors).toStrictEqual([]);
});
