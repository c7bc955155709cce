/**
 * Faults on demand (latency, service-protection 429s, transient server errors, network down, refused
 * UnderOrEqual, misbehaving paging), read-only Customer Insights tables, the request log, and the two entry
 * points: `operations()` with the HTTP-level facts, `webApi()` rejecting exactly like `context.webAPI`.
 */
import fc from 'fast-check';
import { DataverseEmulator, ERROR_CODES, NETWORK_FAILURE_MESSAGE, PERSONAS, type DataverseErrorShape } from './index';
import { dataverseError, toPlatformRejection } from './errors';

const SELECT = '?$select=msdynci_customerid';
const MEMBERSHIP = 'msdynci_segmentmembership';

function emulator(): DataverseEmulator {
    return DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: 20 });
}

describe('latency', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    it('is zero by default and applies per call with real timers, so fake timers control it', async () => {
        jest.useFakeTimers();
        const dv = emulator();
        const webApi = dv.webApi(PERSONAS.administrator.userId);
        await expect(webApi.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();

        dv.faults.latencyMs = 1_000;
        let settled = false;
        const pending = webApi.retrieveMultipleRecords(MEMBERSHIP, SELECT).then((result) => {
            settled = true;
            return result;
        });
        await jest.advanceTimersByTimeAsync(999);
        expect(settled).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await expect(pending).resolves.toMatchObject({ entities: expect.any(Array) as unknown });
        expect(settled).toBe(true);
        expect(dv.log.entries.at(-1)?.durationMs).toBe(1_000);
    });
});

describe('service protection (429)', () => {
    it('rejects requests over the per-caller budget with 0x80072322 and Retry-After, then recovers when the window slides', async () => {
        let now = 1_000_000;
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: 20, clock: () => now });
        dv.faults.throttle({ maxRequests: 3, windowMs: 60_000 });
        const admin = dv.operations(PERSONAS.administrator.userId);
        for (let i = 0; i < 3; i++) {
            await admin.retrieveMultipleRecords(MEMBERSHIP, SELECT);
            now += 1_000;
        }
        // The oldest request (at 1,000,000) leaves the 60 s window at 1,060,000; now is 1,003,000.
        const expected: Partial<DataverseErrorShape> = { status: 429, code: '0x80072322', errorCode: 0x80072322, retryAfterSeconds: 57, raw: JSON.stringify({ error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.' } }) };
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toMatchObject(expected);
        // The PCF facade says only what context.webAPI documents: no status, no Retry-After.
        await expect(dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toStrictEqual({
            errorCode: 0x80072322,
            message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.',
        });
        // Budgets are per caller.
        await expect(dv.webApi(PERSONAS.serviceAgent.userId).retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        now += 57_000;
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });

    it('the default budget is 6,000 requests per 5 minutes and 52 concurrent', () => {
        expect(emulator().faults.throttleBudget).toMatchObject({ maxRequests: 6000, windowMs: 300_000, maxConcurrent: 52 });
    });

    it('rejects concurrent requests beyond the limit with 0x80072326 and records peak concurrency', async () => {
        const dv = emulator();
        dv.faults.throttle({ maxConcurrent: 2, retryAfterSeconds: 3 });
        const admin = dv.operations(PERSONAS.administrator.userId);
        const results = await Promise.allSettled([1, 2, 3].map(() => admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)));
        expect(results.map((result) => result.status)).toStrictEqual(['fulfilled', 'fulfilled', 'rejected']);
        const rejected = results[2];
        expect(rejected?.status === 'rejected' ? rejected.reason : undefined).toMatchObject({ status: 429, code: '0x80072326', retryAfterSeconds: 3 });
        expect(dv.log.peakConcurrency).toBe(3);
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });

    it('a burst of 60 parallel requests trips the default 52-concurrent limit', async () => {
        const dv = emulator();
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const results = await Promise.allSettled(Array.from({ length: 60 }, () => admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)));
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(52);
    });
});

describe('transient failures and network', () => {
    it('failNext(n, "server") fails the next n calls with HTTP 500, then succeeds', async () => {
        const dv = emulator();
        const admin = dv.operations(PERSONAS.administrator.userId);
        dv.faults.failNext(2, 'server');
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toMatchObject({ status: 500, code: '0x80040216' });
        await expect(admin.retrieveRecord(MEMBERSHIP, dv.tenant.profile(0).profileId, SELECT)).rejects.toMatchObject({ status: 500 });
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        expect(dv.log.entries.map((entry) => entry.status)).toStrictEqual([500, 500, 200]);
        dv.faults.failNext(3, 'server');
        expect(dv.faults.pendingFailures).toBe(3);
        dv.faults.clearInjectedFailures();
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });

    it('failNext(n, "network") and networkDown reject with TypeError("Failed to fetch")', async () => {
        const dv = emulator();
        const admin = dv.operations(PERSONAS.administrator.userId);
        dv.faults.failNext(1, 'network');
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toStrictEqual(new TypeError('Failed to fetch'));
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        dv.faults.networkDown = true;
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toBeInstanceOf(TypeError);
        await expect(admin.retrieveRecord(MEMBERSHIP, dv.tenant.profile(0).profileId, SELECT)).rejects.toThrow('Failed to fetch');
        expect(dv.log.entries.at(-1)?.status).toBe(0);
        dv.faults.reset();
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });
});

describe('webApi(): the rejection context.webAPI documents', () => {
    const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

    it('rejects with exactly { errorCode, message } for every error the emulator raises', async () => {
        const dv = emulator();
        const webApi = dv.webApi(PERSONAS.noRole.userId);
        const cases: Array<[Promise<unknown>, number, string]> = [
            [webApi.retrieveMultipleRecords(MEMBERSHIP, SELECT), 0x80040220, 'missing prvReadmsdynci_segmentmembership'],
            [dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords(MEMBERSHIP, '?$select=nope'), 0, "Could not find a property named 'nope'"],
            [dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_nosuchtable', SELECT), 0x80060888, "Resource not found for the segment 'msdynci_nosuchtable'"],
            [dv.webApi(PERSONAS.administrator.userId).retrieveRecord('contact', '00000000-0000-4000-8000-0000000000ff', '?$select=fullname'), 0x80040217, 'Does Not Exist'],
        ];
        for (const [call, errorCode, text] of cases) {
            const error: unknown = await call.then(
                () => 'resolved',
                (rejection: unknown) => rejection,
            );
            expect(isPlainObject(error)).toBe(true);
            expect(Object.keys(error as object).sort()).toStrictEqual(['errorCode', 'message']);
            expect(error).toStrictEqual({ errorCode, message: expect.stringContaining(text) as unknown });
        }
    });

    it('converts any Dataverse error: the unsigned decimal of its hex code and its message, nothing more', () => {
        const names = Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>;
        fc.assert(
            fc.property(fc.constantFrom(...names), fc.integer({ min: 400, max: 599 }), fc.string(), fc.option(fc.nat(), { nil: undefined }), (name, status, message, retryAfter) => {
                const converted = toPlatformRejection(dataverseError(name, status, message, retryAfter), 'typeError');
                expect(converted).toStrictEqual({ errorCode: parseInt(ERROR_CODES[name], 16) >>> 0, message });
                expect(isPlainObject(converted)).toBe(true);
            }),
        );
    });

    it('a lost network rejects as a TypeError by default, or as { errorCode: 0, message } when asked', async () => {
        const dv = emulator();
        const webApi = dv.webApi(PERSONAS.administrator.userId);
        dv.faults.networkDown = true;
        await expect(webApi.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toStrictEqual(new TypeError('Failed to fetch'));
        dv.faults.networkFailureShape = 'errorObject';
        await expect(webApi.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toStrictEqual({ errorCode: 0, message: NETWORK_FAILURE_MESSAGE });
        dv.faults.networkDown = false;
        dv.faults.failNext(1, 'network');
        await expect(webApi.retrieveRecord(MEMBERSHIP, dv.tenant.profile(0).profileId, SELECT)).rejects.toStrictEqual({ errorCode: 0, message: NETWORK_FAILURE_MESSAGE });
        // operations() keeps the HTTP-level fact: the fetch itself failed.
        dv.faults.networkDown = true;
        await expect(dv.operations(PERSONAS.administrator.userId).retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toBeInstanceOf(TypeError);
        dv.faults.reset();
        expect(dv.faults.networkFailureShape).toBe('typeError');
    });
});

describe('metadata latency', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    it('answers getEntityMetadata at once by default, after metadataLatencyMs when set, and logs every call apart from requests', async () => {
        jest.useFakeTimers();
        const dv = emulator();
        await expect(dv.getEntityMetadata('msdynci_customerprofile', ['msdynci_fullname'])).resolves.toMatchObject({ LogicalName: 'msdynci_customerprofile' });
        dv.faults.metadataLatencyMs = 50;
        let settled = false;
        const pending = dv.getEntityMetadata('msdynci_customerprofile', ['msdynci_fullname']).then(() => (settled = true));
        await jest.advanceTimersByTimeAsync(49);
        expect(settled).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await pending;
        expect(dv.log.metadata.map((m) => [m.table, m.durationMs])).toStrictEqual([
            ['msdynci_customerprofile', 0],
            ['msdynci_customerprofile', 50],
        ]);
        expect(dv.log.entries).toStrictEqual([]);
        dv.faults.reset();
        expect(dv.faults.metadataLatencyMs).toBe(0);
    });
});

describe('refused UnderOrEqual', () => {
    const underOrEqual = (id: string): string => `?$select=msdynci_customerid&$filter=Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='owningbusinessunit',PropertyValue='${id}')`;

    it('answers 400 to OData and FetchXML UnderOrEqual while switched on, and answers normally after reset', async () => {
        const dv = emulator();
        const root = dv.tenant.businessUnits[0]?.id ?? '';
        const http = dv.operations(PERSONAS.administrator.userId);
        await expect(http.retrieveMultipleRecords(MEMBERSHIP, underOrEqual(root))).resolves.toMatchObject({ entities: expect.any(Array) as unknown });
        dv.faults.refuseUnderOrEqual = true;
        await expect(http.retrieveMultipleRecords(MEMBERSHIP, underOrEqual(root))).rejects.toMatchObject({ status: 400, code: '0x80060888' });
        const fetchXml = `<fetch><entity name="${MEMBERSHIP}"><attribute name="msdynci_customerid"/><filter><condition attribute="owningbusinessunit" operator="eq-or-under" value="${root}"/></filter></entity></fetch>`;
        await expect(http.retrieveMultipleRecords(MEMBERSHIP, `?fetchXml=${encodeURIComponent(fetchXml)}`)).rejects.toMatchObject({ status: 400 });
        await expect(dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords(MEMBERSHIP, underOrEqual(root))).rejects.toStrictEqual({ errorCode: 0x80060888, message: expect.stringContaining('UnderOrEqual') as unknown });
        // Other queries are unaffected.
        await expect(http.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        dv.faults.reset();
        await expect(http.retrieveMultipleRecords(MEMBERSHIP, underOrEqual(root))).resolves.toBeDefined();
    });
});

describe('misbehaving paging', () => {
    it('emptyPagesForever: every page is empty and links to a new page', async () => {
        const dv = emulator();
        dv.faults.pagingFault = { kind: 'emptyPagesForever', table: MEMBERSHIP };
        const webApi = dv.webApi(PERSONAS.administrator.userId);
        const links = new Set<string>();
        let options = SELECT;
        for (let i = 0; i < 5; i++) {
            const page = await webApi.retrieveMultipleRecords(MEMBERSHIP, options);
            expect(page.entities).toStrictEqual([]);
            links.add(page.nextLink);
            options = page.nextLink;
        }
        expect(links.size).toBe(5);
        // Other tables page normally.
        await expect(webApi.retrieveMultipleRecords('contact', '?$select=fullname', 5)).resolves.toMatchObject({ entities: expect.arrayContaining([expect.anything()]) as unknown });
    });

    it('selfLink: an empty page whose nextLink is the request itself', async () => {
        const dv = emulator();
        dv.faults.pagingFault = { kind: 'selfLink' };
        const page = await dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords(MEMBERSHIP, SELECT);
        expect(page).toStrictEqual({ entities: [], nextLink: `https://emulator.crm.dynamics.com/api/data/v9.2/msdynci_segmentmemberships${SELECT}` });
        expect(dv.log.entries).toHaveLength(1);
    });
});

describe('read-only Customer Insights tables', () => {
    it.each(['createRecord', 'updateRecord', 'deleteRecord'] as const)('%s rejects with missing privilege', async (operation) => {
        const dv = emulator();
        const admin = dv.operations(PERSONAS.administrator.userId);
        const id = dv.tenant.profile(0).profileId;
        const call =
            operation === 'createRecord'
                ? admin.createRecord('msdynci_customerprofile', { msdynci_fullname: 'x' })
                : operation === 'updateRecord'
                  ? admin.updateRecord('msdynci_customerprofile', id, { msdynci_fullname: 'x' })
                  : admin.deleteRecord('msdynci_customerprofile', id);
        await expect(call).rejects.toMatchObject({ status: 403, code: '0x80040220', message: expect.stringContaining('read-only') as unknown });
        expect(dv.log.entries.at(-1)).toMatchObject({ operation, status: 403 });
    });
});

describe('request log', () => {
    it('records caller, operation, table, query, timing, status, rows and concurrency', async () => {
        const dv = emulator();
        const agent = dv.webApi(PERSONAS.serviceAgent.userId);
        await agent.retrieveMultipleRecords(MEMBERSHIP, SELECT, 3);
        await agent.retrieveMultipleRecords('contact', '?$select=fullname').catch(() => undefined);
        await agent.retrieveMultipleRecords(MEMBERSHIP, '?$select=nope').catch(() => undefined);
        expect(dv.log.entries).toHaveLength(3);
        expect(dv.log.entries[0]).toMatchObject({
            seq: 1,
            caller: PERSONAS.serviceAgent.userId,
            operation: 'retrieveMultipleRecords',
            table: MEMBERSHIP,
            query: SELECT,
            status: 200,
            concurrency: 1,
        });
        expect(dv.log.entries[0]?.rows).toBeLessThanOrEqual(3);
        expect(dv.log.entries[2]).toMatchObject({ status: 400, rows: 0 });
        expect(dv.log.countByTable()).toStrictEqual({ [MEMBERSHIP]: 2, contact: 1 });
        dv.log.clear();
        expect(dv.log.entries).toHaveLength(0);
        expect(dv.log.peakConcurrency).toBe(0);
    });
});
