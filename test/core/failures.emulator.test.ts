/**
 * Each failure state from a real emulator fault, through `webApi()` which rejects exactly like
 * `context.webAPI` (`{ errorCode, message }`), and busy retries against the emulator's throttling (backoff
 * with jitter: the platform gives no Retry-After).
 */
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { classifyFailure, createInsightsReader, type InsightsReader } from '../../components/shared';
import { contactId, instantClock, readerFor, SEED } from './support';
import { matching } from './matchers';

async function failureOf(work: Promise<unknown>, reader: InsightsReader): Promise<ReturnType<InsightsReader['classifyFailure']>> {
    await expect(work).rejects.toBeInstanceOf(Error);
    const error: unknown = await work.then(
        () => undefined,
        (e: unknown) => e,
    );
    return reader.classifyFailure(error);
}

describe('failure states from emulator faults', () => {
    const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
    const recordId = contactId(dv, 'serviceAgentCustomer');
    beforeEach(() => {
        dv.faults.reset();
        dv.log.clear();
    });

    it('noPrivilege: a user without Customer Insights Data Read Access', async () => {
        const reader = readerFor(dv, 'noRole');
        expect(await failureOf(reader.resolveProfile({ recordId }), reader)).toMatchObject({ kind: 'noPrivilege', code: '0x80040220', message: matching.containing('missing prvRead') });
    });

    it('notVisible: reading a record of another business unit directly', async () => {
        const admin = readerFor(dv, 'administrator');
        const other = await admin.resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        if (other.kind !== 'found') throw new Error('expected found');
        const error: unknown = await dv
            .webApi(PERSONAS.serviceAgent.userId)
            .retrieveRecord('msdynci_customerprofile', other.profileId, '?$select=msdynci_fullname')
            .then(
                () => undefined,
                (e: unknown) => e,
            );
        expect(classifyFailure(error)).toMatchObject({ kind: 'notVisible', code: '0x80048306' });
    });

    it('configuration: a profile column this tenant does not have, named', async () => {
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileColumns: ['msdynci_fullname', 'msdynci_loyaltytier'] } });
        expect(await failureOf(reader.resolveProfile({ recordId }), reader)).toMatchObject({ kind: 'configuration', offendingName: 'msdynci_loyaltytier' });
    });

    it('configuration: a table this environment does not have, named', async () => {
        const error: unknown = await dv
            .webApi(PERSONAS.serviceAgent.userId)
            .retrieveMultipleRecords('msdynci_nosuchtable', '?$select=msdynci_customerid')
            .then(
                () => undefined,
                (e: unknown) => e,
            );
        expect(classifyFailure(error)).toMatchObject({ kind: 'configuration', offendingName: 'msdynci_nosuchtable' });
    });

    it.each(['typeError', 'errorObject'] as const)('network: the connection is lost (rejected as %s), not "Something went wrong"', async (shape) => {
        dv.faults.networkDown = true;
        dv.faults.networkFailureShape = shape;
        const reader = readerFor(dv, 'serviceAgent');
        const failure = await failureOf(reader.resolveProfile({ recordId }), reader);
        expect(failure.kind).toBe('network');
        expect(failure.code).toBeUndefined();
    });

    it('offline: the client says it is offline; nothing is sent', async () => {
        const reader = createInsightsReader({ webApi: dv.webApi(PERSONAS.serviceAgent.userId), userId: PERSONAS.serviceAgent.userId, isOffline: () => true });
        expect(await failureOf(reader.resolveProfile({ recordId }), reader)).toMatchObject({ kind: 'offline' });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('unexpected: a transient server error, with the platform code and message kept', async () => {
        dv.faults.failNext(1, 'server');
        const reader = readerFor(dv, 'serviceAgent');
        const failure = await failureOf(reader.resolveProfile({ recordId }), reader);
        expect(failure).toStrictEqual({ kind: 'unexpected', code: '0x80040216', message: matching.containing('unexpected error') });
        expect(failure.message).not.toContain('[object');
    });
});

describe('busy: service protection', () => {
    it('retries with exponential backoff and jitter (no Retry-After reaches a control), and succeeds', async () => {
        let now = 1_000_000;
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED, clock: () => now });
        dv.faults.throttle({ maxRequests: 2, windowMs: 1_000 });
        const clock = instantClock((ms) => {
            now += ms; // time passes while we wait
        });
        const busyRetries: number[] = [];
        const reader = readerFor(dv, 'serviceAgent', { clock, onBusyRetry: (r) => busyRetries.push(r.waitMs) });
        const profile = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') }); // 2 requests: the budget
        if (profile.kind !== 'found') throw new Error('expected found');
        const read = await reader.readSegmentMembership(profile);
        expect(read.rows).toHaveLength(1);
        // 1 s base, doubling, jitter at random() = 0.5: 750 ms, then 1,500 ms (the window has slid by then).
        expect(clock.slept).toStrictEqual([750, 1500]);
        expect(busyRetries).toStrictEqual([750, 1500]);
        expect(dv.log.entries.filter((e) => e.table === 'msdynci_segmentmembership').map((e) => e.status)).toStrictEqual([429, 429, 200]);
    });

    it('stops at the attempt bound and reports busy', async () => {
        const now = 1_000_000;
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED, clock: () => now });
        dv.faults.throttle({ maxRequests: 2, windowMs: 3_600_000 });
        const clock = instantClock();
        const reader = readerFor(dv, 'serviceAgent', { clock, requests: { maxAttempts: 3 } });
        const profile = await reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') });
        if (profile.kind !== 'found') throw new Error('expected found');
        const failure = await failureOf(reader.readCustomerMeasures(profile), reader);
        expect(failure).toMatchObject({ kind: 'busy', code: '0x80072322' });
        expect(failure.retryAfterSeconds).toBeUndefined();
        expect(dv.log.entries.filter((e) => e.table === 'msdynci_customermeasure').map((e) => e.status)).toStrictEqual([429, 429, 429]);
        expect(clock.slept).toStrictEqual([750, 1500]);
    });

    it('stops when the total wait bound would be exceeded', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED, clock: () => 0 });
        dv.faults.throttle({ maxRequests: 0, windowMs: 3_600_000, retryAfterSeconds: 300 });
        const clock = instantClock();
        const reader = readerFor(dv, 'serviceAgent', { clock, requests: { maxTotalWaitMs: 1_000, maxAttempts: 10 } });
        expect(await failureOf(reader.resolveProfile({ recordId: contactId(dv, 'serviceAgentCustomer') }), reader)).toMatchObject({ kind: 'busy', code: '0x80072322' });
        expect(clock.slept).toStrictEqual([750]);
        expect(dv.log.entries).toHaveLength(2);
    });
});
