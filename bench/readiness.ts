/**
 * Benchmark: the Journeys readiness check of one segment with 1,000 and with 1,000,000 members in the
 * in-memory Dataverse, through the core exactly as the control runs it (requester, page cache, limiter).
 * The segment is `All_Customers` (every profile whose segment JSON is intact, owned by the root business
 * unit; the tenant is sized so it has exactly that many members), checked by the marketer with
 * organization read; each size runs with aggregates allowed and with the Customer Insights tables refusing
 * them like elastic tables.
 *
 *   npm run bench:readiness            (node --expose-gc -r ts-node/register/transpile-only bench/readiness.ts)
 *
 * What it shows: the number of requests does not depend on the number of members. It is 3 when Dataverse
 * counts the members (the aggregate works up to 50,000 rows) and 5 when it does not (the refused aggregate
 * plus two existence probes): with 1,000,000 members the aggregate is over the platform's limit either way.
 * Times are the emulator's (it scans rows like a server without indexes would); not the platform's.
 *
 * CommonJS on purpose, like bench/membership.ts (see its header).
 */
// One block: files without import/export share one global scope in type checking, and bench/membership.ts
// declares the same names.
{
    /* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see the header comment */
    const tsNode = require('ts-node') as typeof import('ts-node');
    tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
    const { DataverseEmulator, PERSONAS } = require('../test/dataverse') as typeof import('../test/dataverse');
    const { createInsightsReader } = require('../components/shared') as typeof import('../components/shared');
    const { createRequestCache, createRequestLimiter } = require('../components/shared/pageState') as typeof import('../components/shared/pageState');
    const { JOURNEYS_SEGMENTS } = require('../test/dataverse/journeys') as typeof import('../test/dataverse/journeys');
    /* eslint-enable @typescript-eslint/no-require-imports */

    /** Members of the checked segment in each run. */
    const SIZES = [1_000, 1_000_000];
    const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const count = (n: number): string => n.toLocaleString('en-US');

    interface Run {
        readonly size: number;
        readonly members: number;
        readonly mode: string;
        readonly requests: number;
        readonly failed: number;
        readonly ms: number;
        readonly verdict: string;
        readonly counts: string;
    }

    /**
     * The smallest tenant whose first profiles hold exactly `members` members of `outputName`. A profile's rows
     * depend on (seed, index) only, so the first N profiles of a bigger tenant are the profiles of a tenant of N.
     */
    function profilesFor(members: number, outputName: string): number {
        const probe = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: Math.ceil(members * 1.2) + 20 });
        const store = probe.tenant.store('msdynci_segmentmembership');
        const needle = JSON.stringify(outputName);
        let found = 0;
        for (let slot = 0; store !== undefined && slot < store.slotCount; slot++) {
            if (String(store.rowAt(slot)?.msdynci_segments).includes(needle) && ++found === members) return slot + 1;
        }
        throw new Error(`fewer than ${members} members of ${outputName}`);
    }

    async function main(): Promise<void> {
        const segment = JOURNEYS_SEGMENTS.find((candidate) => candidate.key === 'allCustomers');
        if (segment?.outputName == null) throw new Error('no All_Customers segment');
        const persona = PERSONAS.marketerOrganization;
        console.log(`node ${process.version}; segment ${segment.outputName} owned by the root business unit; caller ${persona.key} (organization read)`);
        const runs: Run[] = [];
        for (const members of SIZES) {
            const size = profilesFor(members, segment.outputName);
            for (const refuseAggregates of [false, true]) {
                collectGarbage();
                const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: size, refuseAggregates });
                const reader = createInsightsReader({
                    webApi: dv.webApi(persona.userId),
                    userId: persona.userId,
                    options: { cache: createRequestCache(), limiter: createRequestLimiter(6) },
                });
                const started = performance.now();
                const result = await reader.checkSegmentReadiness({ outputName: segment.outputName, ownerBusinessUnitId: segment.businessUnitId, readsAllBusinessUnits: true });
                const ms = performance.now() - started;
                runs.push({
                    size,
                    members,
                    mode: refuseAggregates ? 'aggregates refused (elastic table)' : 'aggregates allowed',
                    requests: dv.log.entries.length,
                    failed: dv.log.entries.filter((entry) => entry.status !== 200).length,
                    ms,
                    verdict: result.verdict,
                    counts: result.countsUnavailable === undefined ? `counted: ${count(result.visibleMembers ?? 0)} in ${result.businessUnits.length} business units` : `not counted (${result.countsUnavailable})`,
                });
                const last = runs[runs.length - 1];
                if (last !== undefined) {
                    console.log(`${count(size)} profiles, ${count(members)} members, ${last.mode}: ${last.requests} requests (${last.failed} refused), ${(ms / 1000).toFixed(2)} s, ${last.verdict}, ${last.counts}; heapUsed ${mb(process.memoryUsage().heapUsed)}`);
                    console.log(`    ${dv.log.entries.map((entry) => `${entry.table} ${entry.status}`).join(' | ')}`);
                }
            }
        }
        console.log('');
        console.log('| Members | Platform | Requests | Time | Verdict | Counts |');
        console.log('|---|---|---|---|---|---|');
        for (const run of runs) console.log(`| ${count(run.members)} (of ${count(run.size)} profiles) | ${run.mode} | ${run.requests} | ${(run.ms / 1000).toFixed(2)} s | ${run.verdict} | ${run.counts} |`);
        const byMode = new Map<string, number[]>();
        for (const run of runs) byMode.set(run.mode, [...(byMode.get(run.mode) ?? []), run.requests]);
        console.log('');
        for (const [mode, requests] of byMode) console.log(`${mode}: requests ${requests.join(' and ')} for ${SIZES.map(count).join(' and ')} members`);
        const most = Math.max(...runs.map((run) => run.requests));
        console.log(`most requests for any size: ${most}; the same for both sizes where the same path is taken (elastic: ${byMode.get('aggregates refused (elastic table)')?.every((n) => n === most) === true ? 'yes' : 'no'})`);
    }

    main().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
