/**
 * The local Dataverse Web API server and the HTTP webAPI client over real HTTP on loopback (issue 15): URL
 * shapes, percent-encoding, parameter aliases, Prefer / Preference-Applied, OData-Version, absolute nextLinks,
 * error bodies and statuses, and what the client resolves and rejects with; answers compared with the
 * in-process emulator for the same tenant and caller.
 */
import fc from 'fast-check';
import { buildFetchXmlOptions, buildODataOptions, where } from '../../components/shared/query';
import { DataverseEmulator, PERSONA_LIST, PERSONAS, type PersonaKey } from '../dataverse';
import { startDataverseServer, type DataverseServer } from '../dataverse/http/server';
import { DEV_TOKENS, devTokenForUser, userIdOfDevToken } from '../dataverse/http/tokens';
import { createHttpMetadata, createHttpWebApi, DataverseHttpClient, parseRetryAfter } from '../host/httpWebApi';

const SEED = 5;
let server: DataverseServer;
let dv: DataverseEmulator;
const local = DataverseEmulator.withSyntheticTenant({ seed: SEED, profileCount: 700 });

beforeAll(async () => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: SEED, profileCount: 700 });
    server = await startDataverseServer({ dv });
});
afterAll(() => server.close());
beforeEach(() => {
    dv.faults.reset();
    dv.log.clear();
});

const api = (persona: PersonaKey = 'administrator') => createHttpWebApi({ apiUrl: server.apiUrl, token: DEV_TOKENS[persona] });

/** A raw GET with the persona's token, for checks at the HTTP level. */
function get(path: string, headers: Record<string, string> = {}, persona: PersonaKey | null = 'administrator'): Promise<Response> {
    return fetch(`${server.apiUrl}${path}`, { headers: { ...(persona !== null ? { Authorization: `Bearer ${DEV_TOKENS[persona]}` } : {}), ...headers } });
}

describe('URL shapes', () => {
    it('answers an entity set query with @odata.context, value and OData-Version 4.0', async () => {
        const response = await get('contacts?$select=fullname&$top=2');
        expect(response.status).toBe(200);
        expect(response.headers.get('OData-Version')).toBe('4.0');
        expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
        const body = (await response.json()) as { '@odata.context': string; value: unknown[] };
        expect(body['@odata.context']).toBe(`${server.apiUrl}$metadata#contacts`);
        expect(body.value).toHaveLength(2);
    });

    it('retrieves a record by id (also braced and upper case) as retrieveRecord does in-process', async () => {
        const contactId = dv.tenant.sampleContacts.serviceAgentCustomer.contactId;
        const expected = await local.webApi(PERSONAS.serviceAgent.userId).retrieveRecord('contact', contactId, '?$select=fullname');
        expect(await api('serviceAgent').retrieveRecord('contact', contactId, '?$select=fullname')).toStrictEqual(expected);
        expect(await api('serviceAgent').retrieveRecord('contact', `{${contactId.toUpperCase()}}`, '?$select=fullname')).toStrictEqual(expected);
        const raw = await get(`contacts(${contactId})?$select=fullname`);
        expect(((await raw.json()) as Record<string, unknown>)['@odata.context']).toBe(`${server.apiUrl}$metadata#contacts/$entity`);
    });

    it('answers WhoAmI for the caller of the token', async () => {
        for (const persona of PERSONA_LIST) {
            const body = (await (await get('WhoAmI', {}, persona.key)).json()) as Record<string, unknown>;
            expect(body).toMatchObject(dv.whoAmI(persona.userId));
        }
    });

    it('runs FetchXML from ?fetchXml= (URL-encoded) with the paging cookie as annotations', async () => {
        const options = buildFetchXmlOptions({ table: 'msdynci_customerprofile', columns: ['msdynci_fullname'], orderBy: [{ attribute: 'msdynci_fullname' }] });
        const expected = await local.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_customerprofile', options);
        const answer = await api().retrieveMultipleRecords('msdynci_customerprofile', options);
        expect(answer).toStrictEqual(expected);
        expect((answer as { moreRecords?: boolean }).moreRecords).toBe(true);
        const raw = (await (await get(`msdynci_customerprofiles${options}`, { Prefer: 'odata.include-annotations="*"' })).json()) as Record<string, unknown>;
        expect(raw['@Microsoft.Dynamics.CRM.morerecords']).toBe(true);
        expect(typeof raw['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie']).toBe('string');
    });

    it('serves EntityDefinitions, which getEntityMetadata over HTTP reads like the emulator', async () => {
        const metadata = createHttpMetadata({ apiUrl: server.apiUrl, token: DEV_TOKENS.serviceAgent });
        const overHttp = await metadata.getEntityMetadata('msdynci_customerprofile', ['msdynci_fullname', 'msdynci_shoesize', 'msdynci_city']);
        const inProcess = await local.getEntityMetadata('msdynci_customerprofile', ['msdynci_fullname', 'msdynci_shoesize', 'msdynci_city']);
        expect({ ...overHttp, Attributes: overHttp.Attributes.getAll(), TableType: undefined }).toStrictEqual({
            ...inProcess,
            Attributes: inProcess.Attributes.getAll().map(({ LogicalName, DisplayName, AttributeType }) => ({ LogicalName, DisplayName, AttributeType })),
            TableType: undefined,
        });
        expect(overHttp.TableType).toBe('Elastic');
        await expect(metadata.getEntityMetadata('msdynci_nosuchtable')).rejects.toStrictEqual({ errorCode: 0x80040217, message: "Could not find an entity with name 'msdynci_nosuchtable'." });
    });
});

describe('business-unit security per request', () => {
    it.each(PERSONA_LIST.map((persona) => persona.key))('the %s token reads exactly the rows the %s reads in-process, page by page', async (persona) => {
        const options = buildODataOptions({ select: ['msdynci_customerid', 'msdynci_fullname'], orderBy: [{ column: 'msdynci_customerid' }] });
        const inProcess = local.webApi(PERSONAS[persona].userId);
        const overHttp = api(persona);
        const read = async (webApi: ComponentFramework.WebApi): Promise<unknown> => {
            const rows: unknown[] = [];
            let next: string | undefined = options;
            for (let page = 0; next !== undefined && page < 10; page++) {
                const answer: ComponentFramework.WebApi.RetrieveMultipleResponse = await webApi.retrieveMultipleRecords('msdynci_customerprofile', next, 250);
                rows.push(...answer.entities);
                next = answer.nextLink === undefined ? undefined : answer.nextLink.slice(answer.nextLink.indexOf('?'));
            }
            return rows;
        };
        const settle = (p: Promise<unknown>) => p.then((rows) => ({ rows }), (error: { errorCode?: unknown; message?: unknown }) => ({ errorCode: error.errorCode, message: error.message }));
        expect(await settle(read(overHttp))).toStrictEqual(await settle(read(inProcess)));
    });

    it('has a token per persona and per tenant user, and refuses anything else with 401', async () => {
        for (const persona of PERSONA_LIST) expect(userIdOfDevToken(DEV_TOKENS[persona.key])).toBe(persona.userId);
        const other = dv.tenant.users.find((user) => !PERSONA_LIST.some((persona) => persona.userId === user.id));
        expect(other).toBeDefined();
        expect(userIdOfDevToken(devTokenForUser(other?.id ?? ''))).toBe(other?.id);
        const unauthenticated = await get('contacts?$select=fullname', {}, null);
        expect(unauthenticated.status).toBe(401);
        expect(unauthenticated.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
        expect(await unauthenticated.text()).toBe('');
        expect((await fetch(`${server.apiUrl}contacts?$select=fullname`, { headers: { Authorization: 'Bearer cibu-dev.nobody' } })).status).toBe(401);
        await expect(createHttpWebApi({ apiUrl: server.apiUrl }).retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toStrictEqual({
            errorCode: 0,
            message: 'HTTP 401 Unauthorized: the token is missing, expired or not accepted; sign in again',
        });
    });
});

describe('percent-encoding and parameter aliases', () => {
    it('matches exactly the rows the in-process emulator matches for any value, escaped by the query builder', async () => {
        const lastNames = ["O'Brien", 'Müller', 'García'];
        await fc.assert(
            fc.asyncProperty(fc.oneof(fc.constantFrom(...lastNames, "O''Brien", '50%_off', 'a&b', 'a#b', 'a+b', 'a b', '%27', '%2527', '"'), fc.string({ maxLength: 12 })), async (value) => {
                const options = buildODataOptions({ select: ['msdynci_lastname'], filter: where.eq('msdynci_lastname', value), top: 50 });
                const inProcess = await local.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_customerprofile', options);
                const overHttp = await api().retrieveMultipleRecords('msdynci_customerprofile', options);
                expect(overHttp.entities).toStrictEqual(inProcess.entities);
            }),
            { numRuns: 40 },
        );
    });

    it('resolves @p aliases of Microsoft.Dynamics.CRM.In to the same rows as the inline form', async () => {
        const values = ["O'Brien", 'Weber'];
        const inline = buildODataOptions({ select: ['msdynci_lastname'], filter: where.in('msdynci_lastname', values) });
        const aliased = `?$select=msdynci_lastname&$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='msdynci_lastname'&@p2=${encodeURIComponent(JSON.stringify(values))}`;
        const expected = await local.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_customerprofile', inline);
        expect(expected.entities.length).toBeGreaterThan(0);
        expect((await api().retrieveMultipleRecords('msdynci_customerprofile', aliased)).entities).toStrictEqual(expected.entities);
    });

    it('leaves an @ inside a literal alone and refuses an alias that has no value', async () => {
        const literal = await api().retrieveMultipleRecords('msdynci_customerprofile', `?$select=msdynci_lastname&$filter=msdynci_lastname eq '${encodeURIComponent('@p1')}'&@p1='Weber'`);
        expect(literal.entities).toStrictEqual([]);
        await expect(api().retrieveMultipleRecords('msdynci_customerprofile', "?$select=msdynci_lastname&$filter=msdynci_lastname eq @p9&@p1='x'")).rejects.toStrictEqual({
            errorCode: 0,
            message: "The parameter alias '@p9' is used in $filter but has no value in the query.",
        });
    });
});

describe('Prefer and Preference-Applied', () => {
    const path = 'msdynci_customerprofiles?$select=msdynci_fullname,_owningbusinessunit_value,modifiedon&$top=3';

    it('returns annotations only when asked, and says which preferences it applied', async () => {
        const plain = await get(path);
        expect(plain.headers.get('Preference-Applied')).toBeNull();
        const plainRow = ((await plain.json()) as { value: Array<Record<string, unknown>> }).value[0] ?? {};
        expect(Object.keys(plainRow).filter((key) => key.includes('@') && !key.startsWith('@odata.'))).toStrictEqual([]);

        const annotated = await get(path, { Prefer: 'odata.include-annotations="*"' });
        expect(annotated.headers.get('Preference-Applied')).toBe('odata.include-annotations="*"');
        const row = ((await annotated.json()) as { value: Array<Record<string, unknown>> }).value[0] ?? {};
        expect(row['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toStrictEqual(expect.any(String));
        expect(row['modifiedon@OData.Community.Display.V1.FormattedValue']).toStrictEqual(expect.any(String));

        const formattedOnly = await get(path, { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' });
        const formattedRow = ((await formattedOnly.json()) as { value: Array<Record<string, unknown>> }).value[0] ?? {};
        expect(formattedRow['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue']).toStrictEqual(expect.any(String));
        expect(formattedRow['_owningbusinessunit_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBeUndefined();
    });

    it('honours odata.maxpagesize with an absolute nextLink on this server that reads on to the last row', async () => {
        const response = await get('msdynci_segmentmemberships?$select=msdynci_customerid', { Prefer: 'odata.maxpagesize=100, odata.include-annotations="*"' });
        expect(response.headers.get('Preference-Applied')).toBe('odata.include-annotations="*",odata.maxpagesize=100');
        const body = (await response.json()) as { value: unknown[]; '@odata.nextLink': string };
        expect(body.value).toHaveLength(100);
        expect(body['@odata.nextLink'].startsWith(`${server.apiUrl}msdynci_segmentmemberships?`)).toBe(true);
        let link: string | undefined = body['@odata.nextLink'];
        let rows = body.value.length;
        for (let page = 0; link !== undefined && page < 20; page++) {
            const next = await fetch(link, { headers: { Authorization: `Bearer ${DEV_TOKENS.administrator}`, Prefer: 'odata.maxpagesize=100' } });
            const nextBody = (await next.json()) as { value: unknown[]; '@odata.nextLink'?: string };
            rows += nextBody.value.length;
            link = nextBody['@odata.nextLink'];
        }
        expect(link).toBeUndefined();
        expect(rows).toBe(700);
    });

    it('caps Customer Insights pages at 500 rows as the emulator does', async () => {
        const answer = await api().retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_customerid', 5000);
        expect(answer.entities).toHaveLength(500);
        expect(answer.nextLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/msdynci_segmentmemberships\?/);
    });
});

describe('errors: status, body and the rejection', () => {
    it('answers an unknown column with 400 and the Dataverse error body', async () => {
        const response = await get('msdynci_customerprofiles?$select=msdynci_shoesize');
        expect(response.status).toBe(400);
        expect(await response.json()).toStrictEqual({ error: { code: '0x0', message: "Could not find a property named 'msdynci_shoesize' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'." } });
    });

    it('answers a missing privilege with 403 and rejects with the unsigned errorCode', async () => {
        const response = await get('msdynci_customerprofiles?$select=msdynci_fullname', {}, 'noRole');
        expect(response.status).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('0x80040220');
        await expect(api('noRole').retrieveMultipleRecords('msdynci_customerprofile', '?$select=msdynci_fullname')).rejects.toStrictEqual({ errorCode: 2147746336, message: expect.stringContaining('missing prvReadmsdynci_customerprofile') as unknown });
    });

    it('answers a throttled caller with 429 and Retry-After, which the client passes on', async () => {
        dv.faults.throttle({ maxRequests: 0, retryAfterSeconds: 7 });
        const response = await get('contacts?$select=fullname');
        expect(response.status).toBe(429);
        expect(response.headers.get('Retry-After')).toBe('7');
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('0x80072322');
        await expect(api().retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toStrictEqual({ errorCode: 0x80072322, message: expect.any(String) as unknown, retryAfterSeconds: 7 });
    });

    it('answers an injected server failure with 500', async () => {
        dv.faults.failNext(1, 'server');
        await expect(api().retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toStrictEqual({ errorCode: 0x80040216, message: expect.stringContaining('unexpected') as unknown });
    });

    it('answers 414 past 32,768 characters and serves a request just under it', async () => {
        // Written as it goes on the wire (already percent-encoded), so the request target has exactly this length.
        const apiPath = new URL(server.apiUrl).pathname;
        const base = `${apiPath}contacts?$select=fullname&$filter=fullname%20ne%20%27`;
        const fits = `${base}${'x'.repeat(32_768 - base.length - 3)}%27`;
        expect(fits.length).toBe(32_768);
        expect((await get(fits.slice(apiPath.length))).status).toBe(200);
        const tooLong = await get(`${fits.slice(apiPath.length)}x`);
        expect(tooLong.status).toBe(414);
        const ids = Array.from({ length: 1000 }, (_, index) => index.toString(16).padStart(32, '0'));
        const options = `?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='msdynci_customerid',PropertyValues=[${ids.map((id) => encodeURIComponent(JSON.stringify(id))).join(',')}])`;
        await expect(api().retrieveMultipleRecords('msdynci_customerprofile', options)).rejects.toStrictEqual({ errorCode: 0, message: 'HTTP 414 URI Too Long: Request URL Too Long: HTTP Error 414. The request URL is too long.' });
    });

    it('answers unknown entity sets with 404 and refuses writes as the emulator does', async () => {
        expect((await get('msdynci_nothings?$select=x')).status).toBe(404);
        const post = await fetch(`${server.apiUrl}msdynci_customerprofiles`, { method: 'POST', headers: { Authorization: `Bearer ${DEV_TOKENS.administrator}`, 'Content-Type': 'application/json' }, body: '{}' });
        expect(post.status).toBe(403);
        const put = await fetch(`${server.apiUrl}contacts`, { method: 'PUT', headers: { Authorization: `Bearer ${DEV_TOKENS.administrator}` }, body: '{}' });
        expect(put.status).toBe(405);
        await expect(api().createRecord('contact', {})).rejects.toStrictEqual({ errorCode: 0, message: 'createRecord was not sent: this Web API client only reads.' });
    });

    it('drops the connection for a network fault; the client rejects like a browser fetch', async () => {
        dv.faults.failNext(1, 'network');
        await expect(api().retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toMatchObject({ name: 'TypeError', message: 'Failed to fetch' });
        dv.faults.networkDown = true;
        await expect(new DataverseHttpClient({ apiUrl: server.apiUrl, token: DEV_TOKENS.administrator }).get('WhoAmI')).rejects.toBeInstanceOf(TypeError);
    });

    it('rejects like fetch when nothing listens', async () => {
        const closed = await startDataverseServer({ dv });
        const apiUrl = closed.apiUrl;
        await closed.close();
        await expect(createHttpWebApi({ apiUrl, token: DEV_TOKENS.administrator }).retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toMatchObject({ name: 'TypeError', message: 'Failed to fetch' });
    });
});

describe('client bounds', () => {
    it('abandons a request past its time limit with a TimeoutError', async () => {
        dv.faults.latencyMs = 400;
        const slow = createHttpWebApi({ apiUrl: server.apiUrl, token: DEV_TOKENS.administrator, timeoutMs: 50, entitySetNames: { contact: 'contacts' } });
        await expect(slow.retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toMatchObject({ name: 'TimeoutError' });
    });

    it('stops reading an answer larger than its bound', async () => {
        const small = createHttpWebApi({ apiUrl: server.apiUrl, token: DEV_TOKENS.administrator, maxResponseBytes: 2000, entitySetNames: { contact: 'contacts' } });
        await expect(small.retrieveMultipleRecords('contact', '?$select=fullname')).rejects.toStrictEqual({ errorCode: 0, message: 'The response is larger than 2000 bytes; it was not read.' });
        expect((await small.retrieveMultipleRecords('contact', '?$select=fullname&$top=1')).entities).toHaveLength(1);
    });

    it('follows a nextLink only for its own entity set, and only to its own server', async () => {
        const other = 'https://elsewhere.example/api/data/v9.2/contacts?$select=fullname&$top=1';
        expect((await api().retrieveMultipleRecords('contact', other)).entities).toHaveLength(1);
        await expect(api().retrieveMultipleRecords('msdynci_customerprofile', other)).rejects.toStrictEqual({ errorCode: 0, message: "The link 'https://elsewhere.example/api/data/v9.2/contacts' is not for the entity set 'msdynci_customerprofiles'." });
        expect(server.requests.some((request) => request.target.includes('elsewhere'))).toBe(false);
    });

    it('reads Retry-After as seconds or as an HTTP date', () => {
        expect(parseRetryAfter('12')).toBe(12);
        expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10);
        expect(parseRetryAfter('soon')).toBeUndefined();
        expect(parseRetryAfter(null)).toBeUndefined();
    });

    it('binds to loopback only', async () => {
        await expect(startDataverseServer({ dv, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
    });
});
