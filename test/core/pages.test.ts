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
    expect(webApi.calls).toStrictEqual(['?$select=id', '?$select=id&$skiptoken=1', '?$select=id&$skiptoken=2']);
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
    expect(boundary).toStrictEqual({ rows: rows(5, 10), truncated: true, continuation: link(2) });

    const cut = await readPages(requesterFor(server((call) => ({ entities: rows(call * 5, 5), nextLink: link(call) }))), 'thing', '?$select=id', { pageSize: 5, maxRows: 7 });
    expect(cut.rows).toHaveLength(7);
    expect(cut.truncated).toBe(true);
    expect(cut.continuation).toBeUndefined();
});

it.each([
    [3, 3],
    [1, 1],
    [0, 1],
    [-5, 1],
    [2.9, 2],
])('follows at most the pages a caller asks for (%p: %i requests), and says so', async (maxPages, requests) => {
    const webApi = server((call) => ({ entities: rows(call, 1), nextLink: link(call) }));
    await expect(readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 1, maxPages })).rejects.toMatchObject({
        failure: { kind: 'unexpected', code: 'PagingLimit', message: `The server kept sending pages for thing past ${requests} pages; the read was stopped.` },
    });
    expect(webApi.calls).toHaveLength(requests);
});

it('says which table sent the same link twice', async () => {
    const self = server(() => ({ entities: rows(0, 1), nextLink: 'https://x/api/data/v9.2/things?$select=id' }));
    await expect(readPages(requesterFor(self), 'thing', '?$select=id', { pageSize: 5 })).rejects.toMatchObject({
        failure: { kind: 'unexpected', code: 'PagingLimit', message: 'The server sent the same next-page link twice for thing; the read was stopped.' },
    });
    // A link to the page just read, and a link back to an earlier page, are caught the same way.
    const again = server((call) => ({ entities: rows(call, 1), nextLink: link(1) }));
    await expect(readPages(requesterFor(again), 'thing', '?$select=id', { pageSize: 5 })).rejects.toMatchObject({ failure: { message: matchingText('same next-page link twice') } });
    expect(again.calls).toStrictEqual(['?$select=id', '?$select=id&$skiptoken=1']);
    const back = server((call) => ({ entities: rows(call, 1), nextLink: link(call === 3 ? 1 : call) }));
    await expect(readPages(requesterFor(back), 'thing', '?$select=id', { pageSize: 5 })).rejects.toMatchObject({ failure: { message: matchingText('same next-page link twice') } });
    expect(back.calls).toStrictEqual(['?$select=id', '?$select=id&$skiptoken=1', '?$select=id&$skiptoken=2']);
});

it.each([
    ['an empty nextLink', ''],
    ['a nextLink that is not text', 42],
    ['no nextLink', undefined],
])('ends the read at %s', async (_what, nextLink) => {
    const webApi = server(() => ({ entities: rows(0, 2), nextLink } as unknown as Answer));
    await expect(readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 5 })).resolves.toStrictEqual({ rows: rows(0, 2), truncated: false });
    expect(webApi.calls).toHaveLength(1);
});

it('passes a nextLink without a query part back whole', async () => {
    const webApi = server((call) => (call === 1 ? { entities: rows(0, 1), nextLink: 'opaque-token' } : { entities: rows(1, 1) }));
    await expect(readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 1 })).resolves.toStrictEqual({ rows: rows(0, 2), truncated: false });
    expect(webApi.calls).toStrictEqual(['?$select=id', 'opaque-token']);
});

it('keeps a full last page that ends exactly at the row limit without a nextLink as complete', async () => {
    const webApi = server(() => ({ entities: rows(0, 5) }));
    await expect(readPages(requesterFor(webApi), 'thing', '?$select=id', { pageSize: 5, maxRows: 5 })).resolves.toStrictEqual({ rows: rows(0, 5), truncated: false });
});

function matchingText(text: string): string {
    return expect.stringContaining(text) as string;
}
