/**
 * Benchmark: 1,000,000 segment-membership rows in the in-memory Dataverse, one filtered query paged to the
 * end through nextLink (Customer Insights tables page at 500 rows).
 *
 *   node --expose-gc --max-old-space-size=8192 -r ts-node/register/transpile-only bench/membership.ts [profileCount]
 *
 * Why `require` below: `-r ts-node/register` compiles with the root tsconfig (module es2020), and Node then
 * tries to load the emitted `import` syntax as an ES module, which fails for .ts files. This entry therefore
 * contains no import/export syntax, registers ts-node again with CommonJS output, and requires the emulator.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see the header comment */
const tsNode = require('ts-node') as typeof import('ts-node');
tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { DataverseEmulator, PERSONAS } = require('../test/dataverse') as typeof import('../test/dataverse');
/* eslint-enable @typescript-eslint/no-require-imports */

const profileCount = Number(process.argv[2] ?? 1_000_000);
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const memory = (): string => {
    collectGarbage();
    const usage = process.memoryUsage();
    return `heapUsed ${mb(usage.heapUsed)}, rss ${mb(usage.rss)}`;
};

async function pageToEnd(
    webApi: ComponentFramework.WebApi,
    options: string,
): Promise<{ rows: number; pages: number; ms: number; peakHeap: number }> {
    const started = performance.now();
    let rows = 0;
    let pages = 0;
    let peakHeap = 0;
    let next: string | undefined = options;
    while (next !== undefined) {
        const page: ComponentFramework.WebApi.RetrieveMultipleResponse = await webApi.retrieveMultipleRecords('msdynci_segmentmembership', next, 5000);
        rows += page.entities.length;
        pages++;
        if (pages % 50 === 0) {
            peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        }
        next = page.nextLink ? page.nextLink : undefined;
    }
    return { rows, pages, ms: performance.now() - started, peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed) };
}

async function main(): Promise<void> {
    console.log(`node ${process.version}, profileCount ${profileCount.toLocaleString('en-US')}`);
    console.log(`baseline: ${memory()}`);

    let started = performance.now();
    const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount });
    const constructed = performance.now() - started;
    // Rows are generated on demand; generating every membership row once shows the real cost.
    started = performance.now();
    const store = dv.tenant.store('msdynci_segmentmembership');
    let generated = 0;
    let checksum = 0;
    for (let slot = 0; store !== undefined && slot < store.slotCount; slot++) {
        const row = store.rowAt(slot);
        if (row !== undefined) {
            generated++;
            checksum = (checksum + String(row.msdynci_segments).length) % 1_000_000_007;
        }
    }
    const generation = performance.now() - started;
    console.log(`tenant: constructed in ${constructed.toFixed(1)} ms; generated ${generated.toLocaleString('en-US')} membership rows in ${(generation / 1000).toFixed(2)} s (checksum ${checksum}); ${memory()}`);

    const options = `?$select=msdynci_customerid,msdynci_segments&$filter=${encodeURIComponent("contains(msdynci_segments,'\"Loyalty_Gold\"')")}`;
    const admin = await pageToEnd(dv.webApi(PERSONAS.administrator.userId), options);
    console.log(`administrator contains("Loyalty_Gold"): ${admin.rows.toLocaleString('en-US')} rows in ${admin.pages} pages, ${(admin.ms / 1000).toFixed(2)} s; peak heapUsed ${mb(admin.peakHeap)}; after: ${memory()}`);

    const agent = await pageToEnd(dv.webApi(PERSONAS.serviceAgent.userId), options);
    console.log(`serviceAgent (BU-level) same query: ${agent.rows.toLocaleString('en-US')} rows in ${agent.pages} pages, ${(agent.ms / 1000).toFixed(2)} s; after: ${memory()}`);

    const customerId = dv.tenant.profile(profileCount - 1).customerId;
    started = performance.now();
    const single = await dv.webApi(PERSONAS.administrator.userId).retrieveMultipleRecords('msdynci_segmentmembership', `?$select=msdynci_segments&$filter=msdynci_customerid eq '${customerId}'`);
    console.log(`eq lookup by msdynci_customerid: ${single.entities.length} row in ${(performance.now() - started).toFixed(2)} ms`);
    console.log(`request log: ${dv.log.entries.length} requests, peak concurrency ${dv.log.peakConcurrency}`);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
