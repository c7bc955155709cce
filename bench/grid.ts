/**
 * Benchmark of the Customer Insights grid (`npm run bench:grid`):
 * 1. the page enricher in Node: requests per table for 25 to 5,000 rows in one call (chunks past 500 values);
 * 2. the grid's production bundle in Chromium (the playground's view page, a tenant of 6,000 profiles):
 *    requests per page for page sizes 25 to 250, and for 1,000 and 5,000 rows loaded by Load more (pages of
 *    250), with and without the profile linked into the view; time to first Customer Insights content; a
 *    keypress (arrow down), a scroll jump and Load more with 250 and 5,000 loaded rows;
 * 3. the grid cells customizer's production bundle in Chromium (the playground's Power Apps grid page, the
 *    same tenant): requests per scroll batch of 25 rows for 25, 100 and 1,000 scrolled rows.
 *
 *   node -r ts-node/register/transpile-only bench/grid.ts
 *
 * Why `require` below: see bench/membership.ts (ts-node with CommonJS output); Node 20.19+ requires the
 * ES-module-only vite too. Everything sits in one function: the file has no import/export
 * syntax (see membership.ts), so its top-level names would share the scripts' global scope.
 */
(function benchGrid(): void {
    /* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see the header comment */
    const tsNode = require('ts-node') as typeof import('ts-node');
    tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs', jsx: 'react' } });
    const { DataverseEmulator, PERSONAS } = require('../test/dataverse') as typeof import('../test/dataverse');
    const { createPageEnricher } = require('../components/shared/pageEnricher') as typeof import('../components/shared/pageEnricher');
    const { createRequestCache, createRequestLimiter } = require('../components/shared/pageState') as typeof import('../components/shared/pageState');
    const browserHelpers = require('../test/e2e/browser') as typeof import('../test/e2e/browser');
    const path = require('path') as typeof import('path');
    const os = require('os') as typeof import('os');
    /* eslint-enable @typescript-eslint/no-require-imports */

    type Page = import('playwright-core').Page;

    const PROFILES = 6000;

    function median(values: readonly number[]): number {
        const sorted = [...values].sort((a, b) => a - b);
        return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    }

    function ms(value: number): string {
        return `${value.toFixed(0)} ms`;
    }

    function counts(record: Record<string, number>): string {
        const short: Record<string, string> = {
            msdynci_alternatekey: 'alternate keys',
            msdynci_customerprofile: 'profiles',
            msdynci_segmentmembership: 'segments',
            msdynci_customermeasure: 'measures',
        };
        const entries = Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
        const total = entries.reduce((sum, [, count]) => sum + count, 0);
        return `${total} (${entries.map(([table, count]) => `${short[table] ?? table} ${count}`).join(', ') || 'none'})`;
    }

    /** Part 1: the enricher alone, every row in one call. */
    async function enricherRequests(): Promise<void> {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: PROFILES });
        const rows = [...dv.tenant.rows('contact')].filter((row) => row.msdynci_lookupfield_customerprofile !== null).map((row) => ({ recordId: String(row.contactid), profileLookupId: String(row.msdynci_lookupfield_customerprofile) }));
        console.log('\n## Page enricher: one call for N rows with the backstamped lookup (administrator)\n');
        console.log('| Rows | Requests | Per table | Time |');
        console.log('|---:|---:|---|---:|');
        for (const size of [25, 50, 100, 250, 1000, 5000]) {
            dv.log.clear();
            const enricher = createPageEnricher({
                webApi: dv.webApi(PERSONAS.administrator.userId),
                userId: PERSONAS.administrator.userId,
                options: { cache: createRequestCache(), limiter: createRequestLimiter(6), links: { useAlternateKeys: false } },
            });
            const started = performance.now();
            await enricher.enrich(rows.slice(0, size));
            const table = dv.log.countByTable();
            console.log(`| ${size.toLocaleString('en-US')} | ${Object.values(table).reduce((a, b) => a + b, 0)} | ${counts(table)} | ${ms(performance.now() - started)} |`);
        }
    }

    // Browser-side measurements as plain JavaScript text: ts-node compiles this file for an old target, and a
    // compiled async function would call helpers (__awaiter) that do not exist in the page.
    /** Arrow-down presses from the focused cell: time from the key to the second animation frame (rendered, painted). */
    const KEYPRESS_SCRIPT = `(async () => {
        const times = [];
        for (let i = 0; i < 20; i++) {
            const target = document.activeElement;
            const started = performance.now();
            target.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            times.push(performance.now() - started);
        }
        return times;
    })()`;
    /** Jump to the middle of the loaded rows: time until that row is rendered. */
    const SCROLL_SCRIPT = `async (rows) => {
        const grid = document.querySelector('[data-testid="view-cell"] [role="grid"]');
        if (grid === null) return NaN;
        const middle = Math.floor(rows / 2);
        const started = performance.now();
        grid.scrollTop = middle * 40;
        for (let frame = 0; frame < 600; frame++) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            if (document.querySelector('[role="row"][aria-rowindex="' + (middle + 2) + '"]') !== null) return performance.now() - started;
        }
        return NaN;
    }`;
    /** Reload the view page: time until its rows, and until the first business-unit badge, are on screen. */
    const FIRST_CONTENT_SCRIPT = `(async () => {
        const started = performance.now();
        document.querySelector('[data-testid="reload-form"]').click();
        let rows = NaN;
        for (let frame = 0; frame < 3000; frame++) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            if (Number.isNaN(rows) && frame > 1 && document.querySelector('[data-testid="view-cell"] [role="row"][data-row-id]') !== null) rows = performance.now() - started;
            if (frame > 1 && document.querySelector('[data-testid="view-cell"] [data-column="ci:businessUnit"] .fui-Badge') !== null) return { rows, badge: performance.now() - started };
        }
        return { rows, badge: NaN };
    })()`;

    type PlaygroundWindow = Window & { playground: import('../playground/main').PlaygroundHandle };

    function currentLoad(page: Page): Promise<number> {
        return page.evaluate(() => (window as unknown as PlaygroundWindow).playground.currentLoadId);
    }

    async function loadMore(page: Page): Promise<{ counts: Record<string, number>; ms: number }> {
        const before = await currentLoad(page);
        const started = Date.now();
        await page.getByTestId('grid-load-more').click();
        await page.waitForFunction((previous) => (window as unknown as PlaygroundWindow).playground.currentLoadId > previous, before);
        await browserHelpers.waitForViewSettled(page, 120_000);
        return { counts: await browserHelpers.panelCounts(page), ms: Date.now() - started - 250 };
    }

    /** Arrow-down presses from a cell: time from the key to the second animation frame after it (rendered, painted). */
    async function keypressTimes(page: Page): Promise<number[]> {
        await page.locator('[data-testid="view-cell"] [role="gridcell"][data-cell$=":2"]').first().focus();
        return page.evaluate<number[]>(KEYPRESS_SCRIPT);
    }

    /** Jump to the middle of the loaded rows: time until that row is rendered. */
    async function scrollJump(page: Page, loaded: number): Promise<number> {
        return page.evaluate<number>(`(${SCROLL_SCRIPT})(${loaded})`);
    }

    /** One line of the interaction table. */
    async function interaction(page: Page, loaded: number): Promise<string> {
        const rendered = await page.locator('[data-testid="view-cell"] [role="row"][data-row-id]').count();
        const keys = await keypressTimes(page);
        const scroll = await scrollJump(page, loaded);
        return `| ${loaded.toLocaleString('en-US')} | ${rendered} | ${ms(median(keys))} / ${ms(Math.max(...keys))} | ${ms(scroll)} |`;
    }

    /** Part 3: the grid cells customizer inside the Power Apps grid harness, scrolled 25 rows at a time. */
    async function cellsBatches(page: Page): Promise<void> {
        console.log(`\n## Grid cells customizer in Chromium: requests per scroll batch of 25 rows (service agent, ${PROFILES.toLocaleString('en-US')} profiles)\n`);
        console.log('| Rows scrolled | Batches | Requests per batch (min / max) | Requests in all | Tables of the first batch |');
        console.log('|---:|---:|---|---:|---|');
        for (const rows of [25, 100, 1000]) {
            await browserHelpers.openCellsPage(page, { persona: 'serviceAgent', query: { profiles: String(PROFILES) } });
            const batches: Record<string, number>[] = [await browserHelpers.panelCounts(page)];
            for (let scrolled = 25; scrolled < rows; scrolled += 25) {
                const before = await currentLoad(page);
                await page.getByTestId('scroll-down').click();
                await page.waitForFunction((previous) => (window as unknown as PlaygroundWindow).playground.currentLoadId > previous, before);
                await browserHelpers.waitForCellsSettled(page, 120_000);
                batches.push(await browserHelpers.panelCounts(page));
            }
            const totals = batches.map((batch) => Object.values(batch).reduce((a, b) => a + b, 0));
            const all = totals.reduce((a, b) => a + b, 0);
            console.log(`| ${rows.toLocaleString('en-US')} | ${batches.length} | ${Math.min(...totals)} / ${Math.max(...totals)} | ${all} | ${counts(batches[0] ?? {})} |`);
        }
    }

    /** Part 2: the production bundle in Chromium. */
    async function inChromium(): Promise<void> {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the header comment
        const vite = require('vite') as { createServer: (config: Record<string, unknown>) => Promise<{ listen(): Promise<unknown>; close(): Promise<void>; httpServer: { address(): unknown } | null }> };
        const server = await vite.createServer({ configFile: path.join(__dirname, '..', 'playground', 'vite.config.mjs'), server: { host: '127.0.0.1', port: 0, hmr: false, watch: null }, logLevel: 'warn' });
        await server.listen();
        const address = server.httpServer?.address() as { port?: number } | null | undefined;
        const port = address?.port ?? 0;
        process.env.PLAYGROUND_URL = `http://127.0.0.1:${port}/`;
        await fetch(process.env.PLAYGROUND_URL).then((response) => response.text());
        const browser = await browserHelpers.launchBrowser();
        const { page } = browser;
        try {
            console.log(`\n## Grid in Chromium: requests per page of rows (service agent, ${PROFILES.toLocaleString('en-US')} profiles)\n`);
            console.log('| Page size | Profile link | First page | Next page (Load more) |');
            console.log('|---:|---|---|---|');
            for (const pageSize of [25, 50, 100, 250]) {
                for (const link of ['off', 'linked'] as const) {
                    await browserHelpers.openView(page, { persona: 'serviceAgent', pageSize, viewLink: link, profiles: PROFILES });
                    const first = await browserHelpers.panelCounts(page);
                    const next = await loadMore(page);
                    console.log(`| ${pageSize} | ${link} | ${counts(first)} | ${counts(next.counts)} |`);
                }
            }

            console.log('\n## Grid in Chromium: 1,000 and 5,000 rows loaded by Load more (service agent, pages of 250, profile link on)\n');
            console.log('| Rows loaded | Pages | Requests per page (min / max) | Load more, rendered (median) |');
            console.log('|---:|---:|---|---:|');
            await browserHelpers.openView(page, { persona: 'serviceAgent', pageSize: 250, viewLink: 'linked', profiles: PROFILES });
            const perPage: number[] = [Object.values(await browserHelpers.panelCounts(page)).reduce((a, b) => a + b, 0)];
            const loadTimes: number[] = [];
            const interactions = [await interaction(page, 250)];
            let loaded = 250;
            for (const target of [1000, 5000]) {
                while (loaded < target) {
                    const next = await loadMore(page);
                    perPage.push(Object.values(next.counts).reduce((a, b) => a + b, 0));
                    loadTimes.push(next.ms);
                    loaded = await page.locator('[data-testid="grid-count"]').innerText().then((text) => Number(text.split(' ')[0]?.replace(/[^\d]/g, '') ?? '0'));
                }
                console.log(`| ${loaded.toLocaleString('en-US')} | ${perPage.length} | ${Math.min(...perPage)} / ${Math.max(...perPage)} | ${ms(median(loadTimes))} |`);
            }

            interactions.push(await interaction(page, loaded));
            console.log('\n## Grid in Chromium: interaction (only the rows near the viewport are rendered)\n');
            console.log('| Rows loaded | Rows in the DOM | Arrow key, painted (median / max of 20) | Scroll jump to the middle, rendered |');
            console.log('|---:|---:|---:|---:|');
            for (const line of interactions) console.log(line);

            await cellsBatches(page);

            console.log('\n## Grid in Chromium: time to first Customer Insights content (service agent, 50 rows, profile link off)\n');
            console.log('| Simulated latency per request | View rows shown | First business-unit badge |');
            console.log('|---:|---:|---:|');
            for (const latency of [0, 300]) {
                await browserHelpers.openView(page, { persona: 'serviceAgent', pageSize: 50, viewLink: 'off', profiles: PROFILES });
                await page.getByLabel('Latency', { exact: true }).selectOption(String(latency));
                const timing = await page.evaluate<{ rows: number; badge: number }>(FIRST_CONTENT_SCRIPT);
                console.log(`| ${latency} ms | ${ms(timing.rows)} | ${ms(timing.badge)} |`);
                await page.getByLabel('Latency', { exact: true }).selectOption('0');
            }
            if (browser.errors.length > 0) console.log(`\npage errors: ${browser.errors.join('; ')}`);
        } finally {
            await browser.close();
            await server.close();
        }
    }

    async function main(): Promise<void> {
        console.log(`# npm run bench:grid — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString().slice(0, 10)}`);
        await enricherRequests();
        await inChromium();
    }

    main().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
})();
