/**
 * Several controls on one page, as separate bundles would run them: they share the page-wide cache and
 * concurrency limit through globalThis, so reading the same customer costs one request per table.
 */
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { createInsightsReader, type InsightsReader } from '../../components/shared';
import { REQUEST_CACHE_KEY } from '../../components/shared/pageState';
import { contactId, resetPageState, SEED } from './support';

/** Like a control's init: a new reader from context values, registered for the page cache. */
function control(dv: DataverseEmulator): InsightsReader {
    const reader = createInsightsReader({
        webApi: dv.webApi(PERSONAS.serviceAgent.userId),
        userId: `{${PERSONAS.serviceAgent.userId.toUpperCase()}}`,
        isOffline: () => false,
    });
    reader.register();
    return reader;
}

describe('four controls on one page', () => {
    beforeEach(resetPageState);
    afterAll(resetPageState);

    it('send exactly one request per table when reading the same customer at once', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        dv.faults.latencyMs = 5; // so the four really overlap
        const recordId = contactId(dv, 'serviceAgentCustomer');
        const controls = [control(dv), control(dv), control(dv), control(dv)];
        const [segments, measures, activities, predictions] = controls;
        if (segments === undefined || measures === undefined || activities === undefined || predictions === undefined) throw new Error('unreachable');

        await Promise.all([
            (async () => {
                const r = await segments.resolveProfile({ recordId });
                if (r.kind === 'found') await segments.readSegmentMembership(r);
            })(),
            (async () => {
                const r = await measures.resolveProfile({ recordId });
                if (r.kind === 'found') await measures.readCustomerMeasures(r);
            })(),
            (async () => {
                const r = await activities.resolveProfile({ recordId });
                if (r.kind === 'found') await activities.readUnifiedActivities(r);
            })(),
            (async () => {
                const r = await predictions.resolveProfile({ recordId });
                if (r.kind === 'found') {
                    // A control showing several things reads them concurrently too.
                    await Promise.all([predictions.readSegmentMembership(r), predictions.readCustomerMeasures(r), predictions.readPredictions(r)]);
                }
            })(),
        ]);

        expect(dv.log.countByTable()).toStrictEqual({
            contact: 1,
            msdynci_customerprofile: 1,
            msdynci_segmentmembership: 1,
            msdynci_customermeasure: 1,
            msdynci_unifiedactivity: 1,
            msdynci_prediction: 1,
        });
        for (const c of controls) c.release();
    });

    it('keep the page under the concurrency cap however many reads they start', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED, profileCount: 200 });
        dv.faults.latencyMs = 2;
        const reader = control(dv);
        const keys = ['serviceAgentCustomer', 'corruptJson', 'alternateKeyOnly', 'upperCaseGuid', 'bracedGuid', 'noProfile', 'otherRegionCustomer', 'unmappedCustomer', 'teamOwned'] as const;
        // Different records, so nothing is shared: 9 resolutions at once.
        await Promise.all(keys.map((key) => reader.resolveProfile({ recordId: contactId(dv, key) })));
        expect(dv.log.peakConcurrency).toBeLessThanOrEqual(6);
        expect(dv.log.entries.length).toBeGreaterThan(6);
        reader.release();
    });

    it('drop the cache when the last control is destroyed', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        const recordId = contactId(dv, 'serviceAgentCustomer');
        const first = control(dv);
        const second = control(dv);
        await first.resolveProfile({ recordId });
        first.release();
        first.release(); // idempotent: does not release the second control's hold
        await second.resolveProfile({ recordId });
        expect(dv.log.countByTable()).toStrictEqual({ contact: 1, msdynci_customerprofile: 1 });
        second.release();
        const third = control(dv);
        await third.resolveProfile({ recordId });
        expect(dv.log.countByTable()).toStrictEqual({ contact: 2, msdynci_customerprofile: 2 });
        third.release();
        expect(typeof (globalThis as Record<symbol, unknown>)[REQUEST_CACHE_KEY]).toBe('object');
    });

    it('never share answers between users', async () => {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
        const recordId = contactId(dv, 'otherRegionCustomer');
        const agent = control(dv);
        const admin = createInsightsReader({ webApi: dv.webApi(PERSONAS.administrator.userId), userId: PERSONAS.administrator.userId });
        admin.register();
        const [forAgent, forAdmin] = await Promise.all([agent.resolveProfile({ recordId }), admin.resolveProfile({ recordId })]);
        expect(forAgent.kind).toBe('notVisible');
        expect(forAdmin.kind).toBe('found');
        agent.release();
        admin.release();
    });
});
