/**
 * @jest-environment ./test/setup/jsdom-with-fetch.cjs
 *
 * The form controls' real reads over real HTTP (issue 15): the three controls on a contact form, mounted
 * through the PCF host with the HTTP webAPI client against the local Dataverse Web API server on loopback,
 * show per persona exactly what they show in-process, with the same requests per table; and the faults
 * that only exist on the wire (429 with Retry-After, 500, 414, 401, a dropped connection) end in the
 * designed states.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator, PERSONA_LIST, type PersonaKey, type SampleContactKey } from '../dataverse';
import { startDataverseServer, type DataverseServer } from '../dataverse/http/server';
import { DEV_TOKENS } from '../dataverse/http/tokens';
import { destroyAll, mountOnContactForm, type FormOptions } from '../controls/mount';
import { createHttpMetadata, createHttpWebApi } from '../host/httpWebApi';

const SEED = 11;
const CONTROLS = [
    ['CustomerProfileCard', CustomerProfileCard],
    ['SegmentMembership', SegmentMembership],
    ['CustomerMeasures', CustomerMeasures],
] as const;

let server: DataverseServer;
let served: DataverseEmulator;

beforeAll(async () => {
    served = DataverseEmulator.withSyntheticTenant({ seed: SEED });
    server = await startDataverseServer({ dv: served });
});
afterAll(() => server.close());
beforeEach(() => {
    served.faults.reset();
    served.log.clear();
});
afterEach(destroyAll);

function overHttp(persona: PersonaKey, token: string = DEV_TOKENS[persona], apiUrl: string = server.apiUrl): Pick<FormOptions, 'webApi' | 'metadata'> {
    return { webApi: createHttpWebApi({ apiUrl, token }), metadata: createHttpMetadata({ apiUrl, token }) };
}

function mountForm(dv: DataverseEmulator, options: FormOptions): void {
    for (const [name, control] of CONTROLS) mountOnContactForm(dv, name, control, options);
}

const settled = (timeout = 10_000) => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(CONTROLS.length), { timeout });

/** What the user sees in each control: its states and its text (the live region included). */
function seen(): Array<{ states: string[]; text: string }> {
    return Array.from(document.querySelectorAll('section')).map((section) => ({
        states: Array.from(section.querySelectorAll<HTMLElement>('[data-state]')).map((element) => element.dataset.state ?? ''),
        text: section.textContent ?? '',
    }));
}

function statesShown(): string[] {
    return Array.from(document.querySelectorAll<HTMLElement>('section [data-state]')).map((element) => element.dataset.state ?? '');
}

const CONTACTS: readonly SampleContactKey[] = ['serviceAgentCustomer', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned', 'noProfile', 'corruptJson'];

describe.each(PERSONA_LIST.map((persona) => persona.key))('over HTTP, the %s sees what they see in-process', (persona) => {
    it.each(CONTACTS)('on the form of %s: same rows, states and requests per table', async (contact) => {
        const local = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        mountForm(local, { persona, contact });
        await settled();
        const inProcess = { seen: seen(), requests: local.log.countByTable() };
        expect(inProcess.seen).toHaveLength(CONTROLS.length);
        destroyAll();

        mountForm(served, { persona, contact, ...overHttp(persona) });
        await settled();
        expect({ seen: seen(), requests: served.log.countByTable() }).toStrictEqual(inProcess);
        // Every read crossed the wire: one HTTP request per emulator request, each answered for this persona.
        const reads = server.requests.filter((request) => !request.target.includes('EntityDefinitions'));
        expect(reads.length).toBeGreaterThanOrEqual(served.log.entries.length);
    });
});

describe('faults on the wire end in the designed states', () => {
    it('429 with Retry-After: busy, then the form recovers by itself', async () => {
        served.faults.throttle({ maxRequests: 0, retryAfterSeconds: 1 });
        mountForm(served, { persona: 'serviceAgent', ...overHttp('serviceAgent') });
        await waitFor(() => expect(statesShown()).toContain('busy'), { timeout: 10_000 });
        const throttled = server.requests.filter((request) => request.status === 429);
        expect(throttled.length).toBeGreaterThan(0);
        served.faults.reset();
        await waitFor(() => expect(document.body.textContent).toContain(served.tenant.sampleContacts.serviceAgentCustomer.fullName), { timeout: 20_000 });
        await settled(20_000);
        expect(statesShown()).toStrictEqual([]);
    });

    it('500: the unexpected-error state with the platform code to copy', async () => {
        served.faults.failNext(100, 'server');
        mountForm(served, { persona: 'serviceAgent', ...overHttp('serviceAgent') });
        await settled();
        expect(statesShown()).toStrictEqual(['unexpected', 'unexpected', 'unexpected']);
        for (const code of Array.from(document.querySelectorAll('section code'))) expect(code.textContent).toContain('0x80040216');
    });

    it('414 past the URL length limit: the unexpected-error state naming HTTP 414', async () => {
        const strict = await startDataverseServer({ dv: served, maxUrlLength: 120 });
        try {
            mountForm(served, { persona: 'serviceAgent', ...overHttp('serviceAgent', DEV_TOKENS.serviceAgent, strict.apiUrl) });
            await settled();
            expect(statesShown()).toStrictEqual(['unexpected', 'unexpected', 'unexpected']);
            for (const code of Array.from(document.querySelectorAll('section code'))) expect(code.textContent).toContain('HTTP 414');
            expect(strict.requests.some((request) => request.status === 414)).toBe(true);
        } finally {
            await strict.close();
        }
    });

    it('401 without a valid token: the unexpected-error state naming HTTP 401, nothing of the customer', async () => {
        mountForm(served, { persona: 'serviceAgent', ...overHttp('serviceAgent', 'not-a-token') });
        await settled();
        expect(statesShown()).toStrictEqual(['unexpected', 'unexpected', 'unexpected']);
        for (const code of Array.from(document.querySelectorAll('section code'))) expect(code.textContent).toContain('HTTP 401');
        expect(document.body.innerHTML).not.toContain(served.tenant.sampleContacts.serviceAgentCustomer.fullName);
        expect(served.log.entries).toHaveLength(0);
    });

    it('a dropped connection: the connection-lost state, and a retry after it recovers', async () => {
        served.faults.failNext(100, 'network');
        mountForm(served, { persona: 'serviceAgent', ...overHttp('serviceAgent') });
        await settled();
        const states = statesShown();
        expect(states).toHaveLength(3);
        // The core turns the browser's TypeError('Failed to fetch') into its network/offline state.
        for (const state of states) expect(['network', 'offline']).toContain(state);
        expect(server.requests.some((request) => request.status === 0)).toBe(true);

        served.faults.reset();
        for (const button of screen.getAllByRole('button', { name: 'Try again' })) fireEvent.click(button);
        await waitFor(() => expect(document.body.textContent).toContain(served.tenant.sampleContacts.serviceAgentCustomer.fullName), { timeout: 10_000 });
        await settled();
        expect(statesShown()).toStrictEqual([]);
    });
});
