/**
 * Faults on demand (latency, service-protection 429s, transient server errors, network down), read-only
 * Customer Insights tables, and the request log.
 */
import { DataverseEmulator, PERSONAS, type DataverseErrorShape } from './index';

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
        const admin = dv.webApi(PERSONAS.administrator.userId);
        for (let i = 0; i < 3; i++) {
            await admin.retrieveMultipleRecords(MEMBERSHIP, SELECT);
            now += 1_000;
        }
        const error = (await admin.retrieveMultipleRecords(MEMBERSHIP, SELECT).catch((caught: unknown) => caught)) as DataverseErrorShape;
        expect(error).toMatchObject({ status: 429, code: '0x80072322', errorCode: 0x80072322 });
        // The oldest request (at 1,000,000) leaves the 60 s window at 1,060,000; now is 1,003,000.
        expect(error.retryAfterSeconds).toBe(57);
        expect(JSON.parse(error.raw)).toMatchObject({ error: { code: '0x80072322' } });
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
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const results = await Promise.allSettled([1, 2, 3].map(() => admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)));
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
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
        const admin = dv.webApi(PERSONAS.administrator.userId);
        dv.faults.failNext(2, 'server');
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toMatchObject({ status: 500, code: '0x80040216' });
        await expect(admin.retrieveRecord(MEMBERSHIP, dv.tenant.profile(0).profileId, SELECT)).rejects.toMatchObject({ status: 500 });
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        expect(dv.log.entries.map((entry) => entry.status)).toEqual([500, 500, 200]);
        dv.faults.failNext(3, 'server');
        expect(dv.faults.pendingFailures).toBe(3);
        dv.faults.clearInjectedFailures();
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });

    it('failNext(n, "network") and networkDown reject with TypeError("Failed to fetch")', async () => {
        const dv = emulator();
        const admin = dv.webApi(PERSONAS.administrator.userId);
        dv.faults.failNext(1, 'network');
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toEqual(new TypeError('Failed to fetch'));
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
        dv.faults.networkDown = true;
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).rejects.toBeInstanceOf(TypeError);
        await expect(admin.retrieveRecord(MEMBERSHIP, dv.tenant.profile(0).profileId, SELECT)).rejects.toThrow('Failed to fetch');
        expect(dv.log.entries.at(-1)?.status).toBe(0);
        dv.faults.reset();
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, SELECT)).resolves.toBeDefined();
    });
});

describe('read-only Customer Insights tables', () => {
    it.each(['createRecord', 'updateRecord', 'deleteRecord'] as const)('%s rejects with missing privilege', async (operation) => {
        const dv = emulator();
        const admin = dv.webApi(PERSONAS.administrator.userId);
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
        expect(dv.log.countByTable()).toEqual({ [MEMBERSHIP]: 2, contact: 1 });
        dv.log.clear();
        expect(dv.log.entries).toHaveLength(0);
        expect(dv.log.peakConcurrency).toBe(0);
    });
});
