/**
 * More reads at once than the page-wide limit has slots (eight controls on one page, six slots): a read that
 * waited for a slot ends exactly like one that did not, for every failure kind. (Before wave 2 the queued
 * reads lost the platform's object to `new Error('Request failed')`: "no access" lost its message and a
 * throttled read was never retried.)
 */
import { DataverseEmulator, PERSONAS, type PersonaKey, type SampleContactKey } from '../dataverse';
import { createInsightsReader, type InsightsFailure, type InsightsReader } from '../../components/shared';
import { createReadSignals, createRequestCache, createRequestLimiter, type SharedRequestLimiterV1 } from '../../components/shared/pageState';
import { contactId, instantClock, SEED } from './support';

const RECORDS: readonly SampleContactKey[] = ['serviceAgentCustomer', 'corruptJson', 'alternateKeyOnly', 'upperCaseGuid', 'bracedGuid', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned'];
const SLOTS = 6;

/** Eight readers (eight controls) sharing one limiter of six slots, each reading another record. */
function eightControls(dv: DataverseEmulator, persona: PersonaKey, onSleep?: (ms: number) => void): { readers: InsightsReader[]; limiter: SharedRequestLimiterV1; queued: () => number } {
    const inner = createRequestLimiter(SLOTS);
    let running = 0;
    let queued = 0;
    // Counts reads that had to wait for a slot, so the test proves the queue was used.
    const limiter: SharedRequestLimiterV1 = {
        version: 1,
        run: (task) => {
            if (running >= SLOTS) queued++;
            running++;
            return inner.run(task).finally(() => running--);
        },
    };
    const clock = instantClock(onSleep);
    const readers = RECORDS.map(() =>
        createInsightsReader({
            webApi: dv.webApi(PERSONAS[persona].userId),
            userId: PERSONAS[persona].userId,
            isOffline: () => false,
            options: { cache: createRequestCache(), limiter, signals: createReadSignals(), clock },
        }),
    );
    return { readers, limiter, queued: () => queued };
}

async function failuresOf(readers: InsightsReader[], dv: DataverseEmulator): Promise<InsightsFailure[]> {
    const results = await Promise.allSettled(readers.map((reader, i) => reader.resolveProfile({ recordId: contactId(dv, RECORDS[i] ?? 'noProfile') })));
    return results.map((result, i) => {
        if (result.status === 'fulfilled') throw new Error(`read ${i} did not fail`);
        return readers[i]?.classifyFailure(result.reason) ?? { kind: 'unexpected', message: '' };
    });
}

describe('reads that waited for a slot keep their error', () => {
    it('no privilege: every control gets the platform code and its message', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        const { readers, queued } = eightControls(dv, 'noRole');
        const failures = await failuresOf(readers, dv);
        expect(queued()).toBeGreaterThan(0);
        for (const failure of failures) expect(failure).toMatchObject({ kind: 'noPrivilege', code: '0x80040220', message: expect.stringContaining('missing prvRead') as unknown });
    });

    it('busy: every control is retried and reads its profile once Dataverse lets it', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        dv.faults.throttle({ maxRequests: 0 });
        const { readers, queued } = eightControls(dv, 'administrator', () => dv.faults.throttle({}));
        const resolutions = await Promise.all(readers.map((reader, i) => reader.resolveProfile({ recordId: contactId(dv, RECORDS[i] ?? 'noProfile') })));
        expect(queued()).toBeGreaterThan(0);
        expect(resolutions.map((r) => r.kind)).toStrictEqual(RECORDS.map(() => 'found'));
        expect(dv.log.entries.filter((e) => e.status === 429).length).toBeGreaterThanOrEqual(RECORDS.length);
    });

    it('busy to the end: every control says busy with the platform code, none "Request failed"', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        dv.faults.throttle({ maxRequests: 0 });
        const { readers, queued } = eightControls(dv, 'administrator');
        const failures = await failuresOf(readers, dv);
        expect(queued()).toBeGreaterThan(0);
        for (const failure of failures) expect(failure).toMatchObject({ kind: 'busy', code: '0x80072322' });
    });

    it.each(['typeError', 'errorObject'] as const)('network (%s): every control says it cannot reach Dataverse', async (shape) => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        const { readers, queued } = eightControls(dv, 'administrator');
        dv.faults.failNext(RECORDS.length, 'network');
        dv.faults.networkFailureShape = shape;
        const failures = await failuresOf(readers, dv);
        expect(queued()).toBeGreaterThan(0);
        for (const failure of failures) expect(failure.kind).toBe('network');
    });

    it('server error: every control keeps the platform code and message for support', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        const { readers, queued } = eightControls(dv, 'administrator');
        dv.faults.failNext(RECORDS.length, 'server');
        const failures = await failuresOf(readers, dv);
        expect(queued()).toBeGreaterThan(0);
        for (const failure of failures) expect(failure).toStrictEqual({ kind: 'unexpected', code: '0x80040216', message: expect.stringContaining('unexpected error') as unknown });
    });

    it('configuration: every control names the column Dataverse does not know', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 2;
        const { readers, queued } = eightControls(dv, 'administrator');
        const results = await Promise.allSettled(
            readers.map((reader, i) => reader.resolveProfile({ recordId: contactId(dv, RECORDS[i] ?? 'noProfile') }, { profileColumns: ['msdynci_shoesize'] })),
        );
        expect(queued()).toBeGreaterThan(0);
        for (const [i, result] of results.entries()) {
            expect(result.status).toBe('rejected');
            if (result.status === 'rejected') expect(readers[i]?.classifyFailure(result.reason)).toMatchObject({ kind: 'configuration', offendingName: 'msdynci_shoesize' });
        }
    });
});
