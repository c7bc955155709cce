/**
 * The one paging loop: bounded in pages, stops on a repeated nextLink, and only offers an exact
 * continuation point. Scripted servers that misbehave the way an attacker's proxy or a broken server would.
 */
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import { MAX_PAGES_PER_READ, readPages } from '../../components/shared/pages';
import { createRequester, type WebApiReader } from '../../components/shared/requests';
import { InsightsError } from '../../components/shared/failure';

type Answer = { entities: ComponentFramework.WebApi.Entity[]; nextLink?: string };

function server(answer: (call: number, options: string) => Answer): WebApiReader & { calls: string[] } {
    const calls: string[] = [];
    return {
        calls,
        retrieveMultipleRecords(_table: string, options?: string) {
            calls.push(options ?? '');
            return Promise.resolve(answer(calls.length, options ?? ''));
        },
    };
}

function requesterFor(webApi: WebApiReader) {
    return createRequester({ webApi, userId: 'user', cache: createRequestCache(), limiter: createRequestLimiter(6), policy: { cacheTtlMs: 0 } });
}

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i }));
const link = (n: number) => `https://org.crm.dynamics.com/api/data/v9.2/things?$select=id&$skiptoken=${n}`;

it('reads every page up to the end and passes each nextLink back as its query part', async () => {
    const webApi = server((call) => (call < 3 ? { entities: rows(call * 10, 10), nextLink: link(call) } : { entities: rows(30, 4) }));
    const read = await readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 10 });
    expect(read.rows).toHaveLength(24);
    expect(read.truncated).toBe(false);
    expect(webApi.calls).toEqual(['?$select=id', '?$select=id&$skiptoken=1', '?$select=id&$skiptoken=2']);
});

it(`stops a server that sends empty pages with new links forever after ${MAX_PAGES_PER_READ} requests`, async () => {
    const webApi = server((call) => ({ entities: [], nextLink: link(call) }));
    const failure = readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 500 });
    await expect(failure).rejects.toBeInstanceOf(InsightsError);
    await expect(failure).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'PagingLimit' } });
    expect(webApi.calls).toHaveLength(MAX_PAGES_PER_READ);
});

it('stops at once when a page links to itself or to a page already read', async () => {
    const self = server(() => ({ entities: rows(0, 1), nextLink: 'https://x/api/data/v9.2/things?$select=id' }));
    await expect(readPages(requesterFor(self), 'thing', '?$select=id', { pageSize: 5 })).rejects.toMatchObject({ failure: { code: 'PagingLimit' } });
    expect(self.calls).toHaveLength(1);

    const loop = server((call) => ({ entities: rows(call, 1), nextLink: link(call % 2) }));
    await expect(readPages(requesterFor(loop), 'thing', '?$select=id', { pageSize: 5 })).rejects.toMatchObject({ failure: { code: 'PagingLimit' } });
    expect(loop.calls.length).toBeLessThanOrEqual(3);
});

it('never follows more pages than the shared bound, whatever a caller asks', async () => {
    const webApi = server((call) => ({ entities: rows(call, 1), nextLink: link(call) }));
    await expect(readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 1, maxPages: 10_000 })).rejects.toMatchObject({ failure: { code: 'PagingLimit' } });
    expect(webApi.calls).toHaveLength(MAX_PAGES_PER_READ);
});

it('offers a continuation only where the read stopped at a page boundary', async () => {
    const boundary = await readPages(requesterFor(server((call) => ({ entities: rows(call * 5, 5), nextLink: link(call) }))), 'thing', '?$select=id', { pageSize: 5, maxRows: 10 });
    expect(boundary).toEqual({ rows: rows(5, 10), truncated: true, continuation: link(2) });

    const cut = await readPages(requesterFor(server((call) => ({ entities: rows(call * 5, 5), nextLink: link(call) }))), 'thing', '?$select=id', { pageSize: 5, maxRows: 7 });
    expect(cut.rows).toHaveLength(7);
    expect(cut.truncated).toBe(true);
    expect(cut.continuation).toBeUndefined();
});
