/**
 * The playground's path to a real environment (issue 15), tried against the local Dataverse server with its
 * token check: the read-only proxy adds the token, forwards GETs of the Web API only, passes the answers
 * (status, body, the headers the client reads) through, and refuses everything else before it leaves the
 * machine. A real environment and a real sign-in cannot be tried here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildODataOptions, where } from '../../components/shared/query';
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { startDataverseServer, type DataverseServer } from '../dataverse/http/server';
import { DEV_TOKENS } from '../dataverse/http/tokens';
import { createHttpWebApi } from '../host/httpWebApi';
import { EnvironmentUrlError, parseEnvironmentUrl } from '../../tools/environment/environmentUrl';
import { createReadOnlyProxy } from '../../tools/environment/readOnlyProxy';
import { createTokenSource } from '../../tools/environment/signIn';

let dataverse: DataverseServer;
const local = DataverseEmulator.withSyntheticTenant({ seed: 3 });
const proxies: Server[] = [];

beforeAll(async () => {
    dataverse = await startDataverseServer({ dv: DataverseEmulator.withSyntheticTenant({ seed: 3 }) });
});
afterAll(async () => {
    await Promise.all(proxies.map((proxy) => new Promise((resolve) => proxy.close(resolve))));
    await dataverse.close();
});
beforeEach(() => dataverse.dv.faults.reset());

/** A dev server stand-in: the proxy middleware on loopback, everything else answered "next". */
async function startProxy(token: string, target: DataverseServer = dataverse): Promise<string> {
    const proxy = createReadOnlyProxy({ environment: parseEnvironmentUrl(target.origin), mountPath: '/environment', getToken: () => Promise.resolve(token) });
    const server = createServer((request, response) =>
        proxy(request, response, () => {
            response.writeHead(418);
            response.end('not the proxy');
        }),
    );
    proxies.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the read-only proxy in front of the local server', () => {
    it('forwards reads with the token it holds: the page gets what the persona may read, and no token', async () => {
        const origin = await startProxy(DEV_TOKENS.serviceAgent);
        const webApi = createHttpWebApi({ apiUrl: `${origin}/environment/api/data/v9.2/` });
        const options = buildODataOptions({ select: ['msdynci_fullname', '_owningbusinessunit_value'], filter: where.ne('msdynci_fullname', null) });
        const expected = await local.webApi(PERSONAS.serviceAgent.userId).retrieveMultipleRecords('msdynci_customerprofile', options);
        expect(expected.entities.length).toBeGreaterThan(0);
        expect((await webApi.retrieveMultipleRecords('msdynci_customerprofile', options)).entities).toStrictEqual(expected.entities);
    });

    it('passes the Prefer header on and Preference-Applied, OData-Version and Retry-After back', async () => {
        const origin = await startProxy(DEV_TOKENS.administrator);
        const response = await fetch(`${origin}/environment/api/data/v9.2/contacts?$select=fullname`, { headers: { Prefer: 'odata.maxpagesize=5,odata.include-annotations="*"' } });
        expect(response.status).toBe(200);
        expect(response.headers.get('Preference-Applied')).toBe('odata.include-annotations="*",odata.maxpagesize=5');
        expect(response.headers.get('OData-Version')).toBe('4.0');
        expect(((await response.json()) as { value: unknown[] }).value).toHaveLength(5);
        dataverse.dv.faults.throttle({ maxRequests: 0, retryAfterSeconds: 4 });
        const throttled = await fetch(`${origin}/environment/api/data/v9.2/contacts?$select=fullname`);
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('Retry-After')).toBe('4');
    });

    it("lets the server's token check answer: a token it does not know gets 401, which the page client reports", async () => {
        const origin = await startProxy('expired-or-foreign-token');
        const raw = await fetch(`${origin}/environment/api/data/v9.2/WhoAmI`);
        expect(raw.status).toBe(401);
        expect(raw.headers.get('WWW-Authenticate')).toMatch(/error="invalid_token"/);
        await expect(createHttpWebApi({ apiUrl: `${origin}/environment/api/data/v9.2/` }).retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toStrictEqual({
            errorCode: 0,
            message: 'HTTP 401 Unauthorized: the token is missing, expired or not accepted; sign in again',
        });
    });

    it.each(['POST', 'PATCH', 'DELETE', 'PUT'])('refuses %s with 405 before anything reaches the environment', async (method) => {
        const origin = await startProxy(DEV_TOKENS.administrator);
        const before = dataverse.requests.length;
        const response = await fetch(`${origin}/environment/api/data/v9.2/contacts`, { method, body: '{}', headers: { 'Content-Type': 'application/json' } });
        expect(response.status).toBe(405);
        expect(response.headers.get('Allow')).toBe('GET');
        expect(dataverse.requests.length).toBe(before);
    });

    it('forwards only the Web API, leaves other paths to the dev server and refuses other sites', async () => {
        const origin = await startProxy(DEV_TOKENS.administrator);
        const before = dataverse.requests.length;
        expect((await fetch(`${origin}/environment/other/thing`)).status).toBe(404);
        expect((await fetch(`${origin}/main.tsx`)).status).toBe(418);
        expect((await fetch(`${origin}/environment/api/data/v9.2/WhoAmI`, { headers: { Origin: 'https://elsewhere.example' } })).status).toBe(403);
        expect((await fetch(`${origin}/environment/api/data/v9.2/WhoAmI`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
        expect(dataverse.requests.length).toBe(before);
        expect((await fetch(`${origin}/environment/api/data/v9.2/WhoAmI`, { headers: { Origin: origin } })).status).toBe(200);
    });

    it('drops the page connection when the environment cannot be reached, which the client reports like fetch', async () => {
        const gone = await startDataverseServer();
        const origin = await startProxy(DEV_TOKENS.administrator, gone);
        await gone.close();
        await expect(createHttpWebApi({ apiUrl: `${origin}/environment/api/data/v9.2/`, entitySetNames: { contact: 'contacts' } }).retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toMatchObject({
            name: 'TypeError',
            message: 'Failed to fetch',
        });
    });
});

describe('which environments and tokens are accepted', () => {
    it('takes https environments and http only on loopback, without paths or credentials', () => {
        expect(parseEnvironmentUrl('https://contoso.crm4.dynamics.com/')).toStrictEqual({ origin: 'https://contoso.crm4.dynamics.com', apiUrl: 'https://contoso.crm4.dynamics.com/api/data/v9.2/', loopback: false });
        expect(parseEnvironmentUrl('https://contoso.crm.dynamics.com/api/data/v9.2/').origin).toBe('https://contoso.crm.dynamics.com');
        expect(parseEnvironmentUrl('http://127.0.0.1:5555').loopback).toBe(true);
        expect(parseEnvironmentUrl('http://localhost:5555').loopback).toBe(true);
        expect(parseEnvironmentUrl('http://[::1]:5555').loopback).toBe(true);
        for (const refused of ['http://contoso.crm.dynamics.com', 'ftp://127.0.0.1', 'https://user:secret@contoso.crm.dynamics.com', 'https://contoso.crm.dynamics.com/main.aspx', 'contoso']) {
            expect(() => parseEnvironmentUrl(refused)).toThrow(EnvironmentUrlError);
        }
    });

    it('uses a token passed in as is, without signing in', async () => {
        const tokens = createTokenSource({ environment: parseEnvironmentUrl('https://contoso.crm.dynamics.com'), token: ' abc ', log: () => undefined });
        await expect(tokens.getToken()).resolves.toBe('abc');
        expect(tokens.description).toMatch(/token passed in/);
        expect(createTokenSource({ environment: parseEnvironmentUrl('https://contoso.crm.dynamics.com'), log: () => undefined }).description).toMatch(/device-code sign-in \(client 51f81489-12ee-4a9e-aaae-a2591f45987d/);
    });
});
