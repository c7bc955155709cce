/**
 * Following `nextLink` with a bound: the one paging loop every reader uses (segments, measures, activities,
 * page enrichment, and whatever reads pages later), so a misbehaving server costs at most
 * {@link MAX_PAGES_PER_READ} requests per read, never an endless loop.
 *
 * Why the bound: Customer Insights tables answer at most 500 rows per page (elastic tables); 20 pages is
 * 10,000 rows for one read, far more than one customer has in any of these tables or one page of a view
 * needs, and still a bounded cost (20 requests) against the service-protection budget of 6,000 requests per
 * five minutes. A nextLink that repeats one already followed (a server pointing a page at itself) ends the
 * read at once.
 */
import { InsightsError } from './failure';
import type { Requester } from './requests';
import type { Row } from './rows';

export const MAX_PAGES_PER_READ = 20;

export interface PagedRead {
    readonly rows: readonly Row[];
    /** The server had more (rows past `maxRows`); the read stopped on purpose. */
    readonly truncated: boolean;
    /**
     * Where to read on, when the read stopped exactly at a page boundary: the nextLink of the last page.
     * Absent when a page was cut in the middle (its nextLink would skip the rows dropped from it).
     */
    readonly continuation?: string;
}

export interface PagedReadOptions {
    /** Rows per page asked of the server (`maxPageSize`). */
    readonly pageSize: number;
    /** Stop once this many rows were read (the rest of the last page is dropped). Default: no row limit. */
    readonly maxRows?: number;
    /** Pages to follow at most; default {@link MAX_PAGES_PER_READ}, never more. */
    readonly maxPages?: number;
}

/**
 * Reads `table` for `options` page by page. Rejects with {@link InsightsError}: a request failure as the
 * requester classified it, or `unexpected` with code `PagingLimit` when the server keeps sending pages past
 * the bound or repeats a nextLink (both mean the server misbehaves; nothing partial is shown as complete).
 */
export async function readPages(requester: Requester, table: string, options: string, settings: PagedReadOptions): Promise<PagedRead> {
    const maxPages = Math.min(MAX_PAGES_PER_READ, Math.max(1, Math.floor(settings.maxPages ?? MAX_PAGES_PER_READ)));
    const maxRows = settings.maxRows ?? Number.POSITIVE_INFINITY;
    const rows: Row[] = [];
    const followed = new Set<string>();
    let current = options;
    for (let page = 1; ; page++) {
        const answer = await requester.retrieve(table, current, settings.pageSize);
        const room = maxRows - rows.length;
        rows.push(...answer.entities.slice(0, room));
        const nextLink = typeof answer.nextLink === 'string' && answer.nextLink !== '' ? answer.nextLink : undefined;
        if (answer.entities.length > room) return { rows, truncated: true };
        if (nextLink === undefined) return { rows, truncated: false };
        if (rows.length >= maxRows) return { rows, truncated: true, continuation: nextLink };
        const next = nextPageOptions(nextLink);
        if (followed.has(next) || next === current || page >= maxPages) {
            throw new InsightsError({
                kind: 'unexpected',
                code: 'PagingLimit',
                message: followed.has(next) || next === current
                    ? `The server sent the same next-page link twice for ${table}; the read was stopped.`
                    : `The server kept sending pages for ${table} past ${maxPages} pages; the read was stopped.`,
            });
        }
        followed.add(next);
        current = next;
    }
}

/**
 * The options for the next page: the query part of `nextLink`, unchanged (the platform documents passing
 * it back as is; adding or changing options breaks its paging cookie).
 */
export function nextPageOptions(nextLink: string): string {
    const queryStart = nextLink.indexOf('?');
    return queryStart >= 0 ? nextLink.slice(queryStart) : nextLink;
}
