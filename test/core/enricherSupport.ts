/**
 * The page enricher (components/shared/pageEnricher.ts) over a scripted Web API, for its node tests
 * (pageEnricher.test.ts, pageEnricherEdges.test.ts): each table answers from a function of what was asked, and
 * every request is recorded as sent and decoded, with its page size and the values of its In conditions. Also
 * the ids, rows and promises those tests build their pages from.
 */
import { createPageEnricher, type PageEnricherOptions, type PageRow, type RowInsights } from '../../components/shared/pageEnricher';
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import { instantClock } from './support';

export type Row = Record<string, unknown>;
/** What the platform's webAPI rejects with. */
export type Refusal = { errorCode: number; message: string };
export type Answer = Row[] | Refusal | Promise<Row[]>;
export type TableKey = 'profile' | 'alternate' | 'segments' | 'measures';
/** How each table answers; a table without an answer returns no rows. */
export type Tables = Partial<Record<TableKey, (asked: Asked) => Answer>>;

/** One request the enricher sent. */
export interface Asked {
    /** The table's logical name, as sent. */
    readonly table: string;
    /** Which of the enricher's tables that is. */
    readonly key: TableKey;
    /** The query options as sent (URL-encoded). */
    readonly raw: string;
    /** The query options decoded. */
    readonly options: string;
    readonly maxPageSize?: number;
    /** Values of every In condition, by column. */
    readonly inValues: Record<string, string[]>;
}

const TABLE_OF: Record<string, TableKey> = {
    msdynci_customerprofile: 'profile',
    msdynci_alternatekey: 'alternate',
    msdynci_segmentmembership: 'segments',
    msdynci_customermeasure: 'measures',
};
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export const THROTTLED: Refusal = { errorCode: 0x8005f034, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' };
/** The profiles' business unit. */
export const UNIT = 'b0000000-0003-4b00-8000-000000000003';

/** The id of record `n`. */
export const id = (n: number): string => `7d3c2b1a-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** The id of profile `n`. */
export const profileId = (n: number): string => `9e000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** The customer id of profile `n`. */
export const customer = (n: number): string => n.toString(16).padStart(32, '0');

/** Values of every In condition in decoded query options, by column. */
export function inValuesOf(options: string): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const match of options.matchAll(/In\(PropertyName='([^']+)',PropertyValues=(\[[^\]]*\])\)/g)) {
        result[match[1]] = [...(result[match[1]] ?? []), ...(JSON.parse(match[2]) as string[])];
    }
    return result;
}

/**
 * An enricher over a scripted Web API; every request is recorded in `asked`. `options` go over the defaults
 * (a fresh page cache, six at a time, an instant clock, one attempt, no cache time); give `cache` there to
 * share or watch the page cache.
 */
export function scripted(tables: Tables, options: PageEnricherOptions = {}, isOffline: () => boolean = () => false) {
    const asked: Asked[] = [];
    const webApi = {
        retrieveMultipleRecords: (table: string, raw?: string, maxPageSize?: number) => {
            const decoded = decodeURIComponent(raw ?? '');
            const entry: Asked = { table, key: TABLE_OF[table], raw: raw ?? '', options: decoded, ...(maxPageSize !== undefined ? { maxPageSize } : {}), inValues: inValuesOf(decoded) };
            asked.push(entry);
            const handler = tables[entry.key];
            const answer = handler === undefined ? [] : handler(entry);
            if (answer instanceof Promise) return answer.then((entities) => ({ entities }));
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with plain objects
            return Array.isArray(answer) ? Promise.resolve({ entities: answer }) : Promise.reject(answer);
        },
    };
    const enricher = createPageEnricher({
        webApi,
        userId: 'user',
        isOffline,
        options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), requests: { maxAttempts: 1, cacheTtlMs: 0 }, ...options },
    });
    /** The tables asked, in order. */
    const tablesAsked = (): TableKey[] => asked.map((entry) => entry.key);
    /** The requests to one table. */
    const of = (key: TableKey): Asked[] => asked.filter((entry) => entry.key === key);
    return { enricher, asked, tablesAsked, of };
}

/** A profile row with its two ids only. */
export const bareProfileRow = (n: number, extra: Row = {}): Row => ({ msdynci_customerprofileid: profileId(n), msdynci_customerid: customer(n), ...extra });
/** A profile row as the profile query returns it. */
export const profileRow = (n: number, extra: Row = {}): Row =>
    bareProfileRow(n, {
        _owningbusinessunit_value: UNIT,
        [`_owningbusinessunit_value${FORMATTED}`]: 'United States',
        modifiedon: '2026-01-01T00:00:00Z',
        ...extra,
    });
/** The profile table answering the profiles asked for by profile id (in any case) among `known`. */
export const profilesById =
    (...known: Row[]) =>
    (asked: Asked): Row[] => {
        const ids = (asked.inValues.msdynci_customerprofileid ?? []).map((value) => value.toLowerCase());
        return known.filter((row) => ids.includes(String(row.msdynci_customerprofileid)));
    };
/** Record `n` whose profile lookup holds profile `lookup` (none for null). */
export const rowWithLookup = (n: number, lookup: number | null = n): PageRow => ({ recordId: id(n), profileLookupId: lookup === null ? null : profileId(lookup) });
/** The insights of a row that was found; anything else fails the test. */
export const found = (insights: RowInsights | undefined) => {
    if (insights?.kind !== 'found') throw new Error(`expected a found row, got ${insights?.kind ?? 'nothing'}`);
    return insights;
};

/** A promise the test settles. */
export function deferred<T>() {
    let resolve: (value: T) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}
/** Lets the work pending now run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Lets pending work run until `done` holds (bounded). */
export async function until(done: () => boolean): Promise<void> {
    for (let i = 0; i < 50 && !done(); i++) await settle();
}
