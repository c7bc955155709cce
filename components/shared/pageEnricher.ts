/**
 * Customer Insights facts for a page of rows: a view's contacts in the grid control, the rendered cells of a
 * grid customizer. The ids (and link values) of the rows go in; per row the profile or why there is none, its
 * owning business unit, segments and measures come out.
 *
 * Requests grow with the number of Customer Insights tables needed, not with the number of rows: one
 * `Microsoft.Dynamics.CRM.In` query per table (`or` of at most one `In` per link column, never a chain of
 * `eq`), split into chunks only where needed: at most 500 values (one answer page of an elastic table, so a
 * chunk's rows come in one page and chunks are read in parallel rather than paged one after the other) and
 * never a request URL over 32,768 characters (measured on the real rendered query: about 700 GUIDs, fewer
 * for long key values). Answers longer than a page are followed through `readPages`. In order:
 * 1. alternate keys, only for rows without a lookup or key value and only when switched on;
 * 2. profiles, one query for every link at once (lookup ids, profile key values, record ids in the maker's
 *    profile key column, customer ids from alternate keys), skipped when the view linked the profile in;
 * 3. segment membership and customer measures by customer id, in parallel, only for profiles that came back.
 * Everything goes through the core's requester (page-wide cache, concurrency limit, busy retries).
 *
 * What was read once is kept while the enricher lives (memory only): "Load more" and scrolled-in rows read
 * only the rows not seen yet, and rows asked for again while their read is in flight share it. Failures are
 * not kept, except a table this user may not read at all (missing privilege, unknown column), which is not
 * asked again until {@link PageEnricher.reset}.
 *
 * Security, the same rules as the form controls (see ./profile.ts):
 * - a row is enriched only from a profile that came back readable for this user; segments and measures are
 *   only asked for those customers, and root-owned tables (predictions, enrichments) are never read here;
 * - alternate-key rows (root-owned) are only pointers to customer ids, never shown;
 * - "not visible" needs evidence: a backstamped lookup (or an alternate key) pointing to a profile that did
 *   not come back; an empty answer alone is "no profile";
 * - rows of customers that were not asked for are dropped, whatever the server answered;
 * - a profile whose segments (or measures) could not be read says so, per table.
 * Profiles linked into the view's own query (`linkedProfile`) come from the platform's query for the same
 * user, with the platform's row security (a tenant check, see the README).
 */
import { classifyFailure, InsightsError, type InsightsFailure } from './failure';
import { normaliseCustomerId, normaliseGuid, storedGuidSpellings, type CustomerId, type NormalisedGuid } from './identifiers';
import { readPages } from './pages';
import { parseMeasures, parseSegments, type MeasureValue, type ParseStatus } from './parsers';
import { buildODataOptions, chunkToFit, MAX_QUERY_LENGTH, MAX_URL_LENGTH, odataOptionsLength, requireColumnName, where, type ODataFilter } from './query';
import { combineStatus } from './readers';
import { createRequester, type BusyRetry, type Clock, type Requester, type RequestPolicy, type WebApiReader } from './requests';
import type { SharedRequestCacheV1, SharedRequestLimiterV1 } from './pageState';
import { commonBusinessUnit, newestModifiedOn, ORIGIN_COLUMNS, readOrigin, readText, type BusinessUnitRef, type Row, type RowOrigin } from './rows';
import {
    AlternateKeyColumns,
    CustomerInsightsTables,
    CustomerMeasureColumns,
    DEFAULT_ALTERNATE_KEY_ENTITY_NAME,
    InsightsColumns,
    SegmentMembershipColumns,
    type TableName,
} from './schema';

/** One row of the page, as the host knows it. */
export interface PageRow {
    /** Id of the row's record (the contact); any GUID spelling. */
    readonly recordId: string;
    /** Value of the backstamped profile lookup on the row; undefined when the host does not carry the column. */
    readonly profileLookupId?: string | null;
    /**
     * Value of the maker's profile key column on the row (a customer id, or a value of the profile column named
     * by `profileKeyColumn`); undefined when no such column is set up, null when the row has no value.
     */
    readonly profileKey?: string | null;
    /**
     * The profile as the view's own query linked it in through the lookup (outer join): null when the link
     * brought nothing back (no profile this user can read), undefined when the view does not link it.
     */
    readonly linkedProfile?: LinkedProfile | null;
}

export interface LinkedProfile {
    readonly customerId: string | null;
    readonly owningBusinessUnit?: BusinessUnitRef;
    readonly modifiedOn?: Date;
}

/** How the rows of this page link to profiles. Defaults in brackets. */
export interface PageLinkSettings {
    /** Use the backstamped lookup value of each row [true]. */
    readonly useRecordLookup?: boolean;
    /**
     * Profile column that holds the row's `profileKey` value [msdynci_customerid], or, for rows without a
     * `profileKey` column, the row's record id (e.g. `msdynci_crm_contact_contactid`) [not used].
     */
    readonly profileKeyColumn?: string;
    /** Use the alternate-key table for rows without a lookup or key value [true]. */
    readonly useAlternateKeys?: boolean;
    /** `msdynci_entityname` of the rows' table ['contact']. */
    readonly alternateKeyEntityName?: string;
    /** Only alternate keys of this data source [any]. */
    readonly alternateKeyDataSourceName?: string;
}

export interface PageEnricherOptions {
    readonly links?: PageLinkSettings;
    /** Read segment membership [true]. */
    readonly segments?: boolean;
    /** Read customer measures [true]. */
    readonly measures?: boolean;
    /**
     * Characters of a request URL before the entity set name: the organisation URL and `/api/data/v9.2/`
     * [256, room for a long organisation URL]. With the entity set and the options it must stay within
     * {@link MAX_URL_LENGTH}.
     */
    readonly urlPrefixLength?: number;
    readonly requests?: Partial<RequestPolicy>;
    readonly onBusyRetry?: (retry: BusyRetry) => void;
    /** For tests. */
    readonly clock?: Clock;
    readonly cache?: SharedRequestCacheV1;
    readonly limiter?: SharedRequestLimiterV1;
}

export interface PageEnricherSettings {
    readonly webApi: WebApiReader;
    readonly userId: string;
    readonly isOffline?: () => boolean;
    readonly options?: PageEnricherOptions;
}

export type PageProfileLink = 'recordLookup' | 'linked' | 'profileKey' | 'profileKeyColumn' | 'alternateKey';

/** A profile this user could read. */
export interface PageProfile extends RowOrigin {
    readonly customerId: CustomerId;
    readonly profileId?: NormalisedGuid;
    readonly via: PageProfileLink;
}

/** One table's answer for a row: its value, switched off by the maker, or a failure of the read. */
export type TableRead<T> = { readonly status: 'read'; readonly value: T } | { readonly status: 'off' } | { readonly status: 'failed'; readonly failure: InsightsFailure };

export interface RowSegments extends RowOrigin {
    /** Segment output names over the customer's membership rows, without duplicates. */
    readonly names: readonly string[];
    /** How well the JSON could be read (`empty` also when the customer has no membership row). */
    readonly parse: ParseStatus;
}

export interface RowMeasures extends RowOrigin {
    /** Measures of the newest row. */
    readonly measures: ReadonlyMap<string, MeasureValue>;
    readonly parse: ParseStatus;
}

export type RowInsights =
    | { readonly kind: 'noProfile' }
    | { readonly kind: 'notVisible' }
    | { readonly kind: 'found'; readonly profile: PageProfile; readonly segments: TableRead<RowSegments>; readonly measures: TableRead<RowMeasures> };

export interface PageEnrichment {
    /** Per row, by {@link pageRowKey}. */
    readonly rows: ReadonlyMap<string, RowInsights>;
    /** Tables that could not be read for some rows (those rows say so per table); for one grid-level message. */
    readonly failures: readonly InsightsFailure[];
}

export interface PageEnricher {
    /** Call once when the control starts: keeps the page's shared request cache alive. */
    register(): void;
    /** Call in destroy: nothing is sent after it (reads in flight finish; their later steps do not start). */
    release(): void;
    /**
     * Insights for `rows`. Reads only what is not known yet. Rejects with {@link InsightsError} when profiles
     * cannot be resolved (nothing for these rows then); failures of the later tables come back per row.
     */
    enrich(rows: readonly PageRow[]): Promise<PageEnrichment>;
    /**
     * A profile read of this enricher succeeded: this user may read the profile table (so linking it into a
     * view's query cannot fail the view for lack of privilege).
     */
    readonly profilesReadable: boolean;
    /** What is known about a row without reading (undefined: not read yet, or its read failed). */
    peek(row: PageRow): RowInsights | undefined;
    /** Asks again for tables this user could not read at all (Try again after a role was granted). */
    forgetFailures(): void;
    /** Forgets everything read (another user, another view); reads in flight are not kept. */
    reset(): void;
    classifyFailure(error: unknown): InsightsFailure;
}

/** The identity of a row for the enricher: the record and the link values it carries. */
export function pageRowKey(row: PageRow): string {
    const linked = row.linkedProfile === undefined ? 'unlinked' : row.linkedProfile === null ? 'none' : (row.linkedProfile.customerId ?? 'none');
    return JSON.stringify([normaliseGuid(row.recordId) ?? row.recordId, normaliseGuid(row.profileLookupId) ?? null, keyText(row.profileKey) ?? null, linked]);
}

/** Elastic tables answer at most 500 rows per page; also the most values per chunk (see the top). */
const PAGE_SIZE = 500;
/** Longest profile key value sent; longer values are not keys (and one of them must not fill a request). */
const MAX_KEY_LENGTH = 400;
/** Room for a long organisation URL and `/api/data/v9.2/` when the host does not say. */
const DEFAULT_URL_PREFIX_LENGTH = 256;
/** A well-formed customer id no profile has: for the privilege probe. */
const NO_CUSTOMER = '00000000000000000000000000000000';

type Resolution = { readonly kind: 'found'; readonly profile: PageProfile } | { readonly kind: 'noProfile' } | { readonly kind: 'notVisible' };

/** A table read for customers: what came back per customer, or the failure for all of them. */
type TableAnswer<T> = { readonly values: ReadonlyMap<CustomerId, T> } | { readonly failure: InsightsFailure };

interface CustomerTable<T> {
    readonly table: TableName;
    readonly enabled: boolean;
    readonly columns: readonly string[];
    readonly known: Map<CustomerId, T>;
    readonly inFlight: Map<CustomerId, Promise<TableAnswer<T>>>;
    readonly fold: (customerId: CustomerId, rows: readonly Row[]) => T;
}

export function createPageEnricher(settings: PageEnricherSettings): PageEnricher {
    const options = settings.options ?? {};
    const platformRequester = createRequester({
        webApi: settings.webApi,
        userId: settings.userId,
        ...(settings.isOffline !== undefined ? { isOffline: settings.isOffline } : {}),
        ...(options.requests !== undefined ? { policy: options.requests } : {}),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
        ...(options.onBusyRetry !== undefined ? { onBusyRetry: options.onBusyRetry } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
        ...(options.limiter !== undefined ? { limiter: options.limiter } : {}),
    });
    /** Set by release(): from then on nothing is sent (reads in flight finish, their later steps do not start). */
    let released = false;
    const requester: Requester = {
        ...platformRequester,
        retrieve: (table, options, maxPageSize) =>
            released
                ? Promise.reject(new InsightsError({ kind: 'unexpected', code: 'Released', message: 'The control was closed; nothing more is read.' }))
                : platformRequester.retrieve(table, options, maxPageSize),
    };
    const classify = (error: unknown): InsightsFailure => classifyFailure(error, requester.isOffline);
    const links = options.links ?? {};
    const keyColumn = links.profileKeyColumn !== undefined && links.profileKeyColumn.trim() !== '' ? links.profileKeyColumn.trim() : undefined;
    const prefixLength = Math.max(0, options.urlPrefixLength ?? DEFAULT_URL_PREFIX_LENGTH);
    const budgetFor = (table: TableName): number => Math.min(MAX_QUERY_LENGTH, MAX_URL_LENGTH - prefixLength - table.entitySetName.length);
    /** Chunks of `items` whose query fits the URL budget of `table`, at most a page of values each. */
    const chunksFor = <T>(table: TableName, items: readonly T[], lengthOf: (chunk: readonly T[]) => number): T[][] =>
        chunkToFit(items, (chunk) => (chunk.length > PAGE_SIZE ? Number.POSITIVE_INFINITY : lengthOf(chunk)), budgetFor(table));

    const resolved = new Map<string, Resolution>();
    const resolving = new Map<string, Promise<Resolution>>();
    /** Tables this user cannot read at all (privilege, unknown column): not asked again until reset. */
    const unavailable = new Map<string, InsightsFailure>();
    let profileTableRead = false;
    let profilesReadable = false;
    /** Bumped by reset(): answers of reads started before are not kept. */
    let generation = 0;

    const segments: CustomerTable<RowSegments> = {
        table: CustomerInsightsTables.segmentMembership,
        enabled: options.segments !== false,
        columns: [SegmentMembershipColumns.segments],
        known: new Map(),
        inFlight: new Map(),
        fold: (_customerId, rows) => {
            const parsed = rows.map((row) => ({ segments: parseSegments(row[SegmentMembershipColumns.segments]), origin: readOrigin(row) }));
            return {
                names: [...new Set(parsed.flatMap((entry) => entry.segments.value))],
                parse: combineStatus(parsed.map((entry) => entry.segments.status)),
                ...originSummary(parsed.map((entry) => entry.origin)),
            };
        },
    };
    const measures: CustomerTable<RowMeasures> = {
        table: CustomerInsightsTables.customerMeasure,
        enabled: options.measures !== false,
        columns: [CustomerMeasureColumns.measures],
        known: new Map(),
        inFlight: new Map(),
        fold: (_customerId, rows) => {
            const newest = [...rows].sort((a, b) => (readOrigin(b).modifiedOn?.getTime() ?? 0) - (readOrigin(a).modifiedOn?.getTime() ?? 0))[0];
            const parsed = parseMeasures(newest?.[CustomerMeasureColumns.measures]);
            return { measures: parsed.value, parse: newest === undefined ? 'empty' : parsed.status, ...originSummary(rows.map(readOrigin)) };
        },
    };

    /** Reads `table` for `customerIds` (every chunk in parallel), keeping only rows of those customers. */
    const readByCustomer = async (table: TableName, customerIds: readonly CustomerId[], columns: readonly string[]): Promise<Map<CustomerId, Row[]>> => {
        const select = [table.primaryIdColumn, InsightsColumns.customerId, ...columns, ...ORIGIN_COLUMNS];
        const query = (chunk: readonly CustomerId[]) => ({ select, filter: where.in(InsightsColumns.customerId, chunk) });
        const chunks = chunksFor(table, customerIds, (chunk) => odataOptionsLength(query(chunk)));
        const reads = await Promise.all(chunks.map((chunk) => readPages(requester, table.logicalName, buildODataOptions(query(chunk)), { pageSize: PAGE_SIZE })));
        const wanted = new Set(customerIds);
        const byCustomer = new Map<CustomerId, Row[]>();
        for (const row of reads.flatMap((read) => read.rows)) {
            const customerId = normaliseCustomerId(row[InsightsColumns.customerId]);
            if (customerId === undefined || !wanted.has(customerId)) continue; // never another customer's row
            const list = byCustomer.get(customerId) ?? [];
            list.push(row);
            byCustomer.set(customerId, list);
        }
        return byCustomer;
    };

    /** Values of `table` for `customerIds`: known ones at once, in-flight ones shared, the rest in one read. */
    const readCustomerTable = async <T>(spec: CustomerTable<T>, customerIds: readonly CustomerId[]): Promise<Map<CustomerId, TableRead<T>>> => {
        const result = new Map<CustomerId, TableRead<T>>();
        if (!spec.enabled) {
            for (const customerId of customerIds) result.set(customerId, { status: 'off' });
            return result;
        }
        const refused = unavailable.get(spec.table.logicalName);
        if (refused !== undefined) {
            for (const customerId of customerIds) result.set(customerId, { status: 'failed', failure: refused });
            return result;
        }
        const missing = customerIds.filter((customerId) => !spec.known.has(customerId) && !spec.inFlight.has(customerId));
        if (missing.length > 0) {
            const startedIn = generation;
            const read = (async (): Promise<TableAnswer<T>> => {
                try {
                    const rows = await readByCustomer(spec.table, missing, spec.columns);
                    const values = new Map<CustomerId, T>();
                    for (const customerId of missing) values.set(customerId, spec.fold(customerId, rows.get(customerId) ?? []));
                    return { values };
                } catch (error) {
                    const failure = classify(error);
                    if (isPermanent(failure) && startedIn === generation) unavailable.set(spec.table.logicalName, failure);
                    return { failure };
                }
            })();
            for (const customerId of missing) spec.inFlight.set(customerId, read);
            const settle = async (): Promise<void> => {
                const answer = await read; // never rejects: failures are answers
                for (const customerId of missing) {
                    if (spec.inFlight.get(customerId) === read) spec.inFlight.delete(customerId);
                    const value = 'values' in answer ? answer.values.get(customerId) : undefined;
                    if (value !== undefined && startedIn === generation) spec.known.set(customerId, value);
                }
            };
            void settle();
        }
        await Promise.all(
            customerIds.map(async (customerId) => {
                const known = spec.known.get(customerId);
                if (known !== undefined) {
                    result.set(customerId, { status: 'read', value: known });
                    return;
                }
                const answer = await spec.inFlight.get(customerId);
                const value = answer !== undefined && 'values' in answer ? answer.values.get(customerId) : undefined;
                if (value !== undefined) result.set(customerId, { status: 'read', value });
                else result.set(customerId, { status: 'failed', failure: answer !== undefined && 'failure' in answer ? answer.failure : unexpectedFailure(spec.table.logicalName) });
            }),
        );
        return result;
    };

    /** Resolves the profiles of rows not resolved yet: alternate keys (when needed), then one profile read. */
    const resolveRows = async (rows: readonly { key: string; row: PageRow }[]): Promise<Map<string, Resolution>> => {
        const result = new Map<string, Resolution>();
        const plans = rows.map(({ key, row }) => ({ key, row, plan: planRow(row) }));

        // 1. Alternate keys for rows with nothing else to go by (root-owned: pointers only).
        const alternateCustomerIds = new Map<string, CustomerId[]>();
        const alternateRows = plans.filter((entry) => entry.plan.alternateKey !== undefined);
        if (alternateRows.length > 0) {
            const found = await readAlternateKeys(alternateRows.map((entry) => entry.plan.alternateKey as NormalisedGuid));
            for (const entry of alternateRows) alternateCustomerIds.set(entry.key, found.get(entry.plan.alternateKey as NormalisedGuid) ?? []);
        }

        // 2. One profile query for every link of every row.
        const items: { column: string; value: string }[] = [];
        const seen = new Set<string>();
        // Exact duplicates only: the record id's spellings differ in case on purpose (text comparison is not
        // guaranteed to ignore case, see storedGuidSpellings), so they must not be merged.
        const add = (column: string, value: string): void => {
            const id = `${column}\u0000${value}`;
            if (seen.has(id)) return;
            seen.add(id);
            items.push({ column, value });
        };
        for (const { key, plan } of plans) {
            if (plan.profileId !== undefined) add(CustomerInsightsTables.customerProfile.primaryIdColumn, plan.profileId);
            if (plan.keyValue !== undefined) add(plan.keyColumn, plan.keyValue);
            for (const spelling of plan.recordIdSpellings ?? []) add(plan.keyColumn, spelling);
            for (const customerId of alternateCustomerIds.get(key) ?? []) add(InsightsColumns.customerId, customerId);
        }
        const profiles = items.length > 0 ? await readProfiles(items) : [];
        if (items.length === 0 && unavailable.get(CustomerInsightsTables.alternateKey.logicalName)?.kind === 'noPrivilege' && !profileTableRead) {
            // As on forms: with no link left to follow because alternate keys were refused for privilege, the
            // user may lack Customer Insights access altogether; one query that matches nothing tells.
            await readPages(requester, CustomerInsightsTables.customerProfile.logicalName, buildODataOptions({ select: [InsightsColumns.customerId], filter: where.eq(InsightsColumns.customerId, NO_CUSTOMER) }), { pageSize: 1 });
            profileTableRead = true;
            profilesReadable = true;
        }
        const index = indexProfiles(profiles, keyColumnOf());

        // 3. Each row from what came back.
        for (const { key, plan } of plans) {
            if (plan.linked !== undefined) {
                result.set(key, plan.linked);
                continue;
            }
            const hit =
                (plan.profileId !== undefined ? withVia(index.byProfileId.get(plan.profileId), 'recordLookup') : undefined) ??
                (plan.keyValue !== undefined ? withVia(index.byKey.get(plan.keyValue.toLowerCase()), 'profileKey') : undefined) ??
                (plan.recordIdSpellings !== undefined ? withVia(index.byKeyGuid.get(plan.recordId), 'profileKeyColumn') : undefined) ??
                withVia(firstOf(alternateCustomerIds.get(key) ?? [], index.byCustomerId), 'alternateKey');
            if (hit !== undefined) result.set(key, { kind: 'found', profile: hit });
            else if (plan.profileId !== undefined || (alternateCustomerIds.get(key)?.length ?? 0) > 0) result.set(key, { kind: 'notVisible' });
            else result.set(key, { kind: 'noProfile' });
        }
        return result;
    };

    const keyColumnOf = (): string => requireColumnName(keyColumn ?? InsightsColumns.customerId);

    /** What to look up for one row, and the answer when the view's link already gave it. */
    const planRow = (row: PageRow): RowPlan => {
        const recordId = normaliseGuid(row.recordId);
        const lookupId = links.useRecordLookup === false ? undefined : normaliseGuid(row.profileLookupId);
        const column = keyColumnOf();
        const plan: { -readonly [K in keyof RowPlan]: RowPlan[K] } = { recordId: recordId ?? ('' as NormalisedGuid), keyColumn: column };
        if (lookupId !== undefined) {
            if (row.linkedProfile !== undefined) {
                const customerId = normaliseCustomerId(row.linkedProfile?.customerId);
                plan.linked =
                    row.linkedProfile !== null && customerId !== undefined
                        ? {
                              kind: 'found',
                              profile: {
                                  customerId,
                                  profileId: lookupId,
                                  via: 'linked',
                                  ...(row.linkedProfile.owningBusinessUnit !== undefined ? { owningBusinessUnit: row.linkedProfile.owningBusinessUnit } : {}),
                                  ...(row.linkedProfile.modifiedOn !== undefined ? { modifiedOn: row.linkedProfile.modifiedOn } : {}),
                              },
                          }
                        : { kind: 'notVisible' }; // the lookup points to a profile the platform did not return
                return plan;
            }
            plan.profileId = lookupId;
            return plan;
        }
        const key = keyText(row.profileKey);
        if (key !== undefined) {
            const value = keyColumn === undefined ? normaliseCustomerId(key) : key;
            if (value !== undefined) plan.keyValue = value;
            return plan;
        }
        if (row.profileKey === undefined && keyColumn !== undefined && recordId !== undefined) plan.recordIdSpellings = storedGuidSpellings(recordId);
        if (links.useAlternateKeys !== false && recordId !== undefined && !unavailable.has(CustomerInsightsTables.alternateKey.logicalName)) plan.alternateKey = recordId;
        return plan;
    };

    const readProfiles = async (items: readonly { column: string; value: string }[]): Promise<Row[]> => {
        const table = CustomerInsightsTables.customerProfile;
        const select = [...new Set([table.primaryIdColumn, InsightsColumns.customerId, ...ORIGIN_COLUMNS, keyColumnOf()])];
        const query = (chunk: readonly { column: string; value: string }[]) => {
            const byColumn = new Map<string, string[]>();
            for (const item of chunk) byColumn.set(item.column, [...(byColumn.get(item.column) ?? []), item.value]);
            const filters: ODataFilter[] = [...byColumn].map(([column, values]) =>
                where.in(column, column === table.primaryIdColumn ? values.map((value) => where.guid(value)) : values),
            );
            return { select, filter: filters.length === 1 ? (filters[0]) : where.or(...filters) };
        };
        const chunks = chunksFor(table, items, (chunk) => odataOptionsLength(query(chunk)));
        const reads = await Promise.all(chunks.map((chunk) => readPages(requester, table.logicalName, buildODataOptions(query(chunk)), { pageSize: PAGE_SIZE })));
        profileTableRead = true;
        profilesReadable = true;
        return reads.flatMap((read) => [...read.rows]);
    };

    /** Customer ids per record id from the alternate-key table; a table this user cannot read is skipped. */
    const readAlternateKeys = async (recordIds: readonly NormalisedGuid[]): Promise<Map<NormalisedGuid, CustomerId[]>> => {
        const table = CustomerInsightsTables.alternateKey;
        const result = new Map<NormalisedGuid, CustomerId[]>();
        const spellings = [...new Set(recordIds)].flatMap((id) => storedGuidSpellings(id));
        const conditions = (chunk: readonly string[]): ODataFilter[] => [
            where.in(AlternateKeyColumns.alternateValue, chunk),
            where.eq(AlternateKeyColumns.entityName, links.alternateKeyEntityName ?? DEFAULT_ALTERNATE_KEY_ENTITY_NAME),
            ...(links.alternateKeyDataSourceName !== undefined && links.alternateKeyDataSourceName !== '' ? [where.eq(AlternateKeyColumns.dataSourceName, links.alternateKeyDataSourceName)] : []),
        ];
        const query = (chunk: readonly string[]) => ({ select: [InsightsColumns.customerId, AlternateKeyColumns.alternateValue], filter: where.and(...conditions(chunk)) });
        try {
            const chunks = chunksFor(table, spellings, (chunk) => odataOptionsLength(query(chunk)));
            const reads = await Promise.all(chunks.map((chunk) => readPages(requester, table.logicalName, buildODataOptions(query(chunk)), { pageSize: PAGE_SIZE })));
            const wanted = new Set(recordIds);
            for (const row of reads.flatMap((read) => read.rows)) {
                const recordId = normaliseGuid(row[AlternateKeyColumns.alternateValue]);
                const customerId = normaliseCustomerId(row[InsightsColumns.customerId]);
                if (recordId === undefined || customerId === undefined || !wanted.has(recordId)) continue;
                const list = result.get(recordId) ?? [];
                if (!list.includes(customerId)) list.push(customerId);
                result.set(recordId, list.sort());
            }
        } catch (error) {
            const failure = classify(error);
            // As on forms: a link this user or tenant cannot use is skipped; anything else fails the page.
            if (failure.kind !== 'noPrivilege' && failure.kind !== 'configuration' && failure.kind !== 'notVisible') throw error;
            unavailable.set(table.logicalName, failure);
        }
        return result;
    };

    const resolve = (entries: readonly { key: string; row: PageRow }[]): void => {
        const startedIn = generation;
        const batch = resolveRows(entries);
        for (const { key } of entries) {
            const one = batch.then((answers) => answers.get(key) ?? { kind: 'noProfile' as const });
            // Callers await `one`; this handler only keeps an unawaited copy from reporting the rejection twice.
            one.catch(() => undefined);
            resolving.set(key, one);
        }
        const settle = async (): Promise<void> => {
            let answers: Map<string, Resolution> | undefined;
            try {
                answers = await batch;
            } catch {
                // the callers awaiting `one` get the rejection; here only the bookkeeping
            }
            if (startedIn !== generation) return;
            for (const { key } of entries) {
                const answer = answers?.get(key);
                if (answer !== undefined) resolved.set(key, answer);
                resolving.delete(key);
            }
        };
        void settle();
    };

    const guard = async <T>(work: () => Promise<T>): Promise<T> => {
        try {
            return await work();
        } catch (error) {
            throw error instanceof InsightsError ? error : new InsightsError(classify(error), { cause: error });
        }
    };

    let registered = false;
    return {
        register() {
            if (registered) return;
            registered = true;
            released = false;
            platformRequester.resume();
            requester.cache.retain();
        },
        release() {
            released = true;
            // Sleeping busy retries end, queued requests are never sent (the core requester's cancellation).
            platformRequester.cancel();
            if (!registered) return;
            registered = false;
            requester.cache.release();
        },
        classifyFailure: classify,
        get profilesReadable() {
            return profilesReadable;
        },
        peek(row) {
            const key = pageRowKey(row);
            // A row the view's link already answers needs no read to resolve.
            const resolution = resolved.get(key) ?? planRow(row).linked;
            if (resolution === undefined) return undefined;
            resolved.set(key, resolution);
            if (resolution.kind !== 'found') return resolution;
            const customerId = resolution.profile.customerId;
            const tableRead = <T>(spec: CustomerTable<T>): TableRead<T> | undefined => {
                if (!spec.enabled) return { status: 'off' };
                const known = spec.known.get(customerId);
                if (known !== undefined) return { status: 'read', value: known };
                const refused = unavailable.get(spec.table.logicalName);
                return refused !== undefined ? { status: 'failed', failure: refused } : undefined;
            };
            const segmentRead = tableRead(segments);
            const measureRead = tableRead(measures);
            return segmentRead !== undefined && measureRead !== undefined ? { kind: 'found', profile: resolution.profile, segments: segmentRead, measures: measureRead } : undefined;
        },
        forgetFailures() {
            unavailable.clear();
        },
        reset() {
            generation++;
            resolved.clear();
            resolving.clear();
            unavailable.clear();
            profileTableRead = false;
            profilesReadable = false;
            for (const spec of [segments, measures] as CustomerTable<unknown>[]) {
                spec.known.clear();
                spec.inFlight.clear();
            }
        },
        enrich: (rows) =>
            guard(async () => {
                const entries = new Map<string, PageRow>();
                for (const row of rows) entries.set(pageRowKey(row), row);
                const fresh = [...entries].filter(([key]) => !resolved.has(key) && !resolving.has(key)).map(([key, row]) => ({ key, row }));
                if (fresh.length > 0) resolve(fresh);
                const resolutions = new Map<string, Resolution>();
                await Promise.all(
                    [...entries.keys()].map(async (key) => {
                        resolutions.set(key, resolved.get(key) ?? (await (resolving.get(key) ?? Promise.resolve<Resolution>({ kind: 'noProfile' }))));
                    }),
                );
                const customerIds = [...new Set([...resolutions.values()].flatMap((resolution) => (resolution.kind === 'found' ? [resolution.profile.customerId] : [])))];
                const [segmentReads, measureReads] = await Promise.all([readCustomerTable(segments, customerIds), readCustomerTable(measures, customerIds)]);
                const failures = new Map<string, InsightsFailure>();
                const result = new Map<string, RowInsights>();
                for (const [key, resolution] of resolutions) {
                    if (resolution.kind !== 'found') {
                        result.set(key, resolution);
                        continue;
                    }
                    const segmentRead = segmentReads.get(resolution.profile.customerId) ?? { status: 'off' };
                    const measureRead = measureReads.get(resolution.profile.customerId) ?? { status: 'off' };
                    if (segmentRead.status === 'failed') failures.set(segments.table.logicalName, segmentRead.failure);
                    if (measureRead.status === 'failed') failures.set(measures.table.logicalName, measureRead.failure);
                    result.set(key, { kind: 'found', profile: resolution.profile, segments: segmentRead, measures: measureRead });
                }
                return { rows: result, failures: [...failures.values()] };
            }),
    };
}

interface RowPlan {
    readonly recordId: NormalisedGuid;
    readonly keyColumn: string;
    /** Answer from the view's link (no request). */
    readonly linked?: Resolution;
    /** Backstamped lookup value to read by profile id. */
    readonly profileId?: NormalisedGuid;
    /** The row's profile key value, matched against `keyColumn`. */
    readonly keyValue?: string;
    /** The record id in every stored spelling, matched against `keyColumn` (rows without a key column). */
    readonly recordIdSpellings?: readonly string[];
    /** Record id to look up in the alternate-key table. */
    readonly alternateKey?: NormalisedGuid;
}

interface ProfileIndex {
    readonly byProfileId: ReadonlyMap<string, Omit<PageProfile, 'via'>>;
    readonly byCustomerId: ReadonlyMap<string, Omit<PageProfile, 'via'>>;
    /** By the key column's value, lower case. */
    readonly byKey: ReadonlyMap<string, Omit<PageProfile, 'via'>>;
    /** By the key column's value read as a GUID (a record id stored in any spelling). */
    readonly byKeyGuid: ReadonlyMap<string, Omit<PageProfile, 'via'>>;
}

function indexProfiles(rows: readonly Row[], keyColumn: string): ProfileIndex {
    const byProfileId = new Map<string, Omit<PageProfile, 'via'>>();
    const byCustomerId = new Map<string, Omit<PageProfile, 'via'>>();
    const byKey = new Map<string, Omit<PageProfile, 'via'>>();
    const byKeyGuid = new Map<string, Omit<PageProfile, 'via'>>();
    for (const row of rows) {
        const customerId = normaliseCustomerId(row[InsightsColumns.customerId]);
        const profileId = normaliseGuid(row[CustomerInsightsTables.customerProfile.primaryIdColumn]);
        if (customerId === undefined || profileId === undefined) continue;
        const profile = { customerId, profileId, ...readOrigin(row) };
        byProfileId.set(profileId, profile);
        byCustomerId.set(customerId, profile);
        const key = readText(row, keyColumn);
        if (key !== undefined) byKey.set(key.trim().toLowerCase(), profile);
        const keyGuid = normaliseGuid(key);
        if (keyGuid !== undefined) byKeyGuid.set(keyGuid, profile);
    }
    return { byProfileId, byCustomerId, byKey, byKeyGuid };
}

function withVia(profile: Omit<PageProfile, 'via'> | undefined, via: PageProfileLink): PageProfile | undefined {
    return profile === undefined ? undefined : { ...profile, via };
}

function firstOf(customerIds: readonly CustomerId[], byCustomerId: ReadonlyMap<string, Omit<PageProfile, 'via'>>): Omit<PageProfile, 'via'> | undefined {
    for (const customerId of customerIds) {
        const profile = byCustomerId.get(customerId);
        if (profile !== undefined) return profile;
    }
    return undefined;
}

/** A key value worth sending: trimmed, not empty, not absurdly long, no lone surrogates. */
function keyText(value: string | null | undefined): string | undefined {
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.length > MAX_KEY_LENGTH) return undefined;
    return isWellFormed(trimmed) ? trimmed : undefined;
}

/** No lone UTF-16 surrogates (they cannot be sent in a URL). */
function isWellFormed(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0xd800 && code <= 0xdbff) {
            const next = text.charCodeAt(i + 1);
            if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
            i++;
        } else if (code >= 0xdc00 && code <= 0xdfff) {
            return false;
        }
    }
    return true;
}

function originSummary(origins: readonly RowOrigin[]): RowOrigin {
    const modifiedOn = newestModifiedOn(origins);
    const owningBusinessUnit = commonBusinessUnit(origins);
    return { ...(owningBusinessUnit !== undefined ? { owningBusinessUnit } : {}), ...(modifiedOn !== undefined ? { modifiedOn } : {}) };
}

/** Failures that will not go away by asking again in this session. */
function isPermanent(failure: InsightsFailure): boolean {
    return failure.kind === 'noPrivilege' || failure.kind === 'configuration';
}

function unexpectedFailure(table: string): InsightsFailure {
    return { kind: 'unexpected', code: 'NoAnswer', message: `No answer was recorded for ${table}.` };
}
