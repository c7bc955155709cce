/**
 * Benchmark: the activity timeline on a customer with 10,000 unified activities (the tenant's
 * `timelineCustomer`), as the service agent.
 *
 * 1. The core reader, keyset paging to the last activity (25 per page): requests and time per page, at
 *    the first pages and the deepest ones; a page should cost the same wherever it is (no offsets).
 * 2. The control in jsdom through the real lifecycle: the first page, then 20 "Load more", timing each
 *    until its entries are in the DOM, and a full re-render (updateView + React) with 21 pages shown.
 *
 *   npm run bench:timeline
 *
 * Why `require` below: see bench/membership.ts (CommonJS through ts-node, no import/export syntax here).
 */
// One block: this file is a script (no module syntax), so its names would otherwise collide with the other benchmarks'.
{
    /* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see the header comment */
    const tsNodeForTimeline = require('ts-node') as typeof import('ts-node');
    tsNodeForTimeline.register({ transpileOnly: true, compilerOptions: { module: 'commonjs', jsx: 'react' } });
    const { JSDOM } = require('jsdom') as typeof import('jsdom');
    /* eslint-enable @typescript-eslint/no-require-imports */

    const PAGE_SIZE = 25;
    const LOAD_MORE_CLICKS = 20;

    const median = (values: readonly number[]): number => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = Math.floor(sorted.length / 2);
        return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    };
    const ms = (value: number): string => `${value.toFixed(1)} ms`;

    /** jsdom as the page's window, before React, Fluent and the host load. */
    function installDom(): void {
        const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'https://bench.example/' });
        const globals = globalThis as Record<string, unknown>;
        const view = dom.window as unknown as Record<string, unknown>;
        // Node has its own Event, CustomEvent and EventTarget; the page's code must use the window's (as in a browser).
        const replace = ['Event', 'CustomEvent', 'EventTarget', 'FocusEvent', 'KeyboardEvent', 'MouseEvent', 'UIEvent', 'InputEvent'];
        for (const key of ['document', 'navigator', 'HTMLElement', 'HTMLInputElement', 'Node', 'Element', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'MutationObserver', ...replace]) {
            const value = view[key];
            if (value === undefined || (globals[key] !== undefined && !replace.includes(key))) continue;
            globals[key] = typeof value === 'function' && /^[a-z]/.test(key) ? (value as (...args: unknown[]) => unknown).bind(dom.window) : value;
        }
        globals.window = dom.window;
        // The stubs jest uses (ResizeObserver, matchMedia).
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the window exists
        require('../test/setup/environment');
    }

    async function waitUntil(condition: () => boolean, what: string): Promise<void> {
        for (let i = 0; i < 100_000; i++) {
            if (condition()) return;
            await new Promise((resolve) => setImmediate(resolve));
        }
        throw new Error(`gave up waiting for ${what}`);
    }

    async function readerBench(): Promise<void> {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { DataverseEmulator, PERSONAS } = require('../test/dataverse') as typeof import('../test/dataverse');
        const { createInsightsReader } = require('../components/shared') as typeof import('../components/shared');
        const { createRequestCache, createRequestLimiter } = require('../components/shared/pageState') as typeof import('../components/shared/pageState');
        /* eslint-enable @typescript-eslint/no-require-imports */
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
        const persona = PERSONAS.serviceAgent;
        const reader = createInsightsReader({
            webApi: dv.webApi(persona.userId),
            userId: persona.userId,
            options: { cache: createRequestCache(), limiter: createRequestLimiter(6) },
        });
        const resolution = await reader.resolveProfile({ recordId: dv.tenant.sampleContacts.timelineCustomer.contactId });
        if (resolution.kind !== 'found') throw new Error('the timeline customer did not resolve');

        const times: number[] = [];
        const requests: number[] = [];
        let rows = 0;
        const seen = new Set<string>();
        let next: Parameters<typeof reader.readUnifiedActivities>[1] = { pageSize: PAGE_SIZE };
        for (let page = 1; page <= 1000; page++) {
            const before = dv.log.entries.length;
            const started = performance.now();
            const read = await reader.readUnifiedActivities(resolution, next);
            times.push(performance.now() - started);
            requests.push(dv.log.entries.length - before);
            rows += read.rows.length;
            for (const row of read.rows) seen.add(row.id);
            if (read.next === undefined) break;
            next = { pageSize: PAGE_SIZE, after: read.next };
        }
        const pages = times.length;
        const band = (from: number, to: number): string => `${ms(median(times.slice(from - 1, to)))} (requests per page: ${[...new Set(requests.slice(from - 1, to))].join(', ')})`;
        console.log(`reader, ${PAGE_SIZE} per page, keyset to the end: ${rows.toLocaleString('en-US')} activities (${seen.size.toLocaleString('en-US')} distinct) in ${pages} pages, ${requests.reduce((a, b) => a + b, 0)} requests`);
        console.log(`  median time per page: pages 2-21 ${band(2, 21)}; pages ${pages - 19}-${pages} ${band(pages - 19, pages)}; all ${ms(median(times))}`);
        console.log(`  first page ${ms(times[0] ?? 0)} (the emulator generates the customer's 10,000 rows once, then keeps them)`);
    }

    async function controlBench(): Promise<void> {
        installDom();
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { DataverseEmulator, PERSONAS } = require('../test/dataverse') as typeof import('../test/dataverse');
        const { mountControl } = require('../test/host') as typeof import('../test/host');
        const { loadManifest, loadStrings } = require('../test/host/node') as typeof import('../test/host/node');
        const { CustomerInsightsTimeline } = require('../components/CustomerInsightsTimeline') as typeof import('../components/CustomerInsightsTimeline');
        /* eslint-enable @typescript-eslint/no-require-imports */
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42 });
        const persona = PERSONAS.serviceAgent;
        const container = document.createElement('div');
        document.body.appendChild(container);
        const articles = (): number => container.querySelectorAll('article').length;

        let started = performance.now();
        const control = mountControl(CustomerInsightsTimeline as never, container, {
            manifest: loadManifest('CustomerInsightsTimeline'),
            strings: loadStrings('CustomerInsightsTimeline', 1033),
            webApi: dv.webApi(persona.userId),
            userId: persona.userId,
            formRecord: { id: dv.tenant.sampleContacts.timelineCustomer.contactId, table: 'contact' },
            metadata: dv,
            width: 600,
        });
        await waitUntil(() => articles() === PAGE_SIZE, 'the first page');
        console.log(`control: mount to first page (${PAGE_SIZE} entries, ${dv.log.entries.length} requests: contact, profile, activities) ${ms(performance.now() - started)}`);

        const clicks: number[] = [];
        const requests: number[] = [];
        for (let click = 1; click <= LOAD_MORE_CLICKS; click++) {
            const button = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Load more');
            if (button === undefined) throw new Error('no Load more button');
            const before = articles();
            const sent = dv.log.entries.length;
            started = performance.now();
            button.click();
            await waitUntil(() => articles() === before + PAGE_SIZE, `Load more #${click}`);
            clicks.push(performance.now() - started);
            requests.push(dv.log.entries.length - sent);
        }
        console.log(`  Load more, click to entries in the DOM: #1 ${ms(clicks[0] ?? 0)}, #10 ${ms(clicks[9] ?? 0)}, #20 ${ms(clicks[19] ?? 0)}, median ${ms(median(clicks))}; requests per click: ${[...new Set(requests)].join(', ')}`);

        const renders: number[] = [];
        for (let i = 0; i < 10; i++) {
            started = performance.now();
            control.update();
            renders.push(performance.now() - started);
        }
        console.log(`  after ${LOAD_MORE_CLICKS} Load more (${articles()} entries): full re-render (updateView + React) median ${ms(median(renders))}, max ${ms(Math.max(...renders))}`);
        control.destroy();
    }

    async function runTimelineBench(): Promise<void> {
        console.log(`node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
        await readerBench();
        await controlBench();
    }

    runTimelineBench().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
