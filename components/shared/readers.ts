/**
 * Readers of the Customer Insights tables for one found profile. Each returns the rows with their owning
 * business unit and modifiedOn (for the badge), and parses JSON columns defensively.
 *
 * Every reader takes a {@link FoundProfile}, not a customer id: predictions and enrichments are owned by
 * the ROOT business unit and may be readable for customers whose profile this user may not see, so they are
 * only read for a profile that came back readable. The BU-inherited tables take the same argument for one
 * consistent API. Rows are checked against the customer id again on arrival.
 */

import { normaliseCustomerId, normaliseGuid, type CustomerId, type NormalisedGuid } from './identifiers';
import { parseInsightValues, parseKeyValues, parseMeasures, parseSegments, type InsightValue, type KeyValue, type MeasureValue, type ParsedColumn, type ParseStatus } from './parsers';
import { classifyFailure } from './failure';
import { readPages } from './pages';
import { buildFetchXmlOptions, buildODataOptions, QueryValueError, where, type FetchCondition, type FetchFilter, type ODataFilter } from './query';
import type { FoundProfile, ScopeFilter } from './profile';
import type { Requester } from './requests';
import { commonBusinessUnit, newestModifiedOn, ORIGIN_COLUMNS, readDate, readOrigin, readText, type BusinessUnitRef, type Row, type RowOrigin } from './rows';
import {
    CustomerInsightsTables,
    CustomerMeasureColumns,
    EnrichmentColumns,
    InsightsColumns,
    OWNING_BUSINESS_UNIT_PROPERTY,
    OwnershipColumns,
    PredictionColumns,
    SegmentMembershipColumns,
    UnifiedActivityColumns,
    type TableName,
} from './schema';

/** Rows of one table for one customer, with a badge summary. */
export interface InsightsRows<T extends RowOrigin> {
    readonly customerId: CustomerId;
    readonly rows: readonly T[];
    /** Newest `modifiedon` over the rows ("updated N ago"). */
    readonly modifiedOn?: Date;
    /** Owning business unit of the rows when they all share one. */
    readonly owningBusinessUnit?: BusinessUnitRef;
}

export interface SegmentMembershipRow extends RowOrigin {
    readonly id: string;
    readonly segments: ParsedColumn<readonly string[]>;
    readonly segmentProvider?: string;
    readonly membershipType?: string;
}

export interface SegmentMembershipRead extends InsightsRows<SegmentMembershipRow> {
    /** Segment output-table names over all rows, without duplicates. */
    readonly segments: readonly string[];
    /** How well the segment lists of all rows could be read together. */
    readonly segmentsStatus: ParseStatus;
}

export interface CustomerMeasureRow extends RowOrigin {
    readonly id: string;
    readonly measures: ParsedColumn<ReadonlyMap<string, MeasureValue>>;
}

export interface CustomerMeasuresRead extends InsightsRows<CustomerMeasureRow> {
    /** Measures of the newest row (there is normally one row per customer). */
    readonly measures: ReadonlyMap<string, MeasureValue>;
    readonly measuresStatus: ParseStatus;
}

export interface UnifiedActivityRow extends RowOrigin {
    /** Primary id (`msdynci_unifiedactivityid`), normalised: with the time, the row's place in the keyset order. */
    readonly id: NormalisedGuid;
    readonly activityId?: string;
    /** When it happened (UTC; the column is UserLocal, so the Web API returns it as UTC). */
    readonly activityTime: Date;
    readonly activityType?: string;
    readonly activityTypeDisplay?: string;
    /** The activity's name from the Customer Insights setup. */
    readonly activityName?: string;
    readonly title?: string;
    /** As stored: maker-built free text, never trusted as a link (see ./safeLink). */
    readonly externalUrl?: string;
    /** Source table of the activity, e.g. `email`. */
    readonly entityName?: string;
    /** Primary key of the activity in its source table. */
    readonly actualActivityId?: string;
    readonly semanticData: ParsedColumn<ReadonlyMap<string, KeyValue>>;
}

/**
 * Where the next page starts: the last entry shown. The next page holds the entries strictly after it in
 * the order `msdynci_activitytime desc, msdynci_unifiedactivityid desc`.
 */
export interface ActivityCursor {
    readonly time: Date;
    readonly id: NormalisedGuid;
    /**
     * The ids of every entry shown at exactly `time` (the last one among them), so that the next page can be
     * read by time alone (`time le T`, leaving these out) where the tenant refuses comparing activity ids.
     * Absent when there were more than {@link MAX_SHOWN_AT_ONE_TIME}.
     */
    readonly shownAtTime?: readonly NormalisedGuid[];
    /** The tenant refused `lt` on the activity id: the following pages are read by time alone. */
    readonly byTime?: true;
}

/** What to read, all applied by the server (never to the loaded page only). */
export interface ActivityFilter {
    /** Only these `msdynci_activitytype` values (`In`); empty or absent: every type. */
    readonly activityTypes?: readonly string[];
    /** Only activities at or after this time. */
    readonly since?: Date;
    /** Only activities before this time (exclusive). */
    readonly before?: Date;
    /** Only activities whose title contains this text (case-insensitive; FetchXML `like` with wildcards escaped). */
    readonly titleContains?: string;
}

export interface ActivityPageQuery extends ActivityFilter {
    /** Entries per page; default {@link DEFAULT_ACTIVITY_PAGE_SIZE}, at most {@link MAX_ACTIVITY_PAGE_SIZE}. */
    readonly pageSize?: number;
    /** The last entry already shown: read the entries after it ("Load more"). Absent: the newest. */
    readonly after?: ActivityCursor;
}

export interface UnifiedActivitiesRead extends InsightsRows<UnifiedActivityRow> {
    /** Pass as `after` to read the next page; present exactly when `moreAvailable`. */
    readonly next?: ActivityCursor;
    /** True when the server holds more entries for this filter after this page. */
    readonly moreAvailable: boolean;
}

export interface PredictionRow extends RowOrigin {
    readonly id: string;
    readonly model?: string;
    readonly modelProvider?: string;
    readonly values: ParsedColumn<ReadonlyMap<string, InsightValue>>;
}

export interface EnrichmentRow extends RowOrigin {
    readonly id: string;
    readonly enrichmentProvider?: string;
    readonly enrichmentType?: string;
    readonly values: ParsedColumn<ReadonlyMap<string, InsightValue>>;
}

export const DEFAULT_ACTIVITY_PAGE_SIZE = 25;
/** Elastic tables return at most 500 rows per page; one more than the page is read to know whether more exist. */
export const MAX_ACTIVITY_PAGE_SIZE = 499;
/**
 * Most entries of one timestamp a cursor carries for reading by time alone: each widens that page's `$top`,
 * which must stay within one server page (500 rows on elastic tables) with the page and its extra entry.
 */
export const MAX_SHOWN_AT_ONE_TIME = MAX_ACTIVITY_PAGE_SIZE;
/** Elastic tables return at most 500 rows per page. */
const MAX_PAGE_SIZE = 500;
/** Rows of the other tables per customer are few; this bounds a runaway answer. */
const MAX_ROWS_PER_CUSTOMER = 500;

export interface ReaderDeps {
    readonly requester: Requester;
    readonly scopeFilter: ScopeFilter;
}

export async function readSegmentMembership(deps: ReaderDeps, profile: FoundProfile): Promise<SegmentMembershipRead> {
    const table = CustomerInsightsTables.segmentMembership;
    const rows = await readCustomerRows(deps, table, profile.customerId, true, [
        SegmentMembershipColumns.segments,
        SegmentMembershipColumns.segmentProvider,
        SegmentMembershipColumns.membershipType,
    ]);
    const mapped = rows.map((row): SegmentMembershipRow => ({
        id: readText(row, table.primaryIdColumn) ?? '',
        segments: parseSegments(row[SegmentMembershipColumns.segments]),
        ...optionalText(row, 'segmentProvider', SegmentMembershipColumns.segmentProvider),
        ...optionalText(row, 'membershipType', SegmentMembershipColumns.membershipType),
        ...readOrigin(row),
    }));
    const segments = [...new Set(mapped.flatMap((r) => r.segments.value))];
    return { ...summary(profile.customerId, mapped), segments, segmentsStatus: combineStatus(mapped.map((r) => r.segments.status)) };
}

export async function readCustomerMeasures(deps: ReaderDeps, profile: FoundProfile): Promise<CustomerMeasuresRead> {
    const table = CustomerInsightsTables.customerMeasure;
    const rows = await readCustomerRows(deps, table, profile.customerId, true, [CustomerMeasureColumns.measures]);
    const mapped = rows.map((row): CustomerMeasureRow => ({
        id: readText(row, table.primaryIdColumn) ?? '',
        measures: parseMeasures(row[CustomerMeasureColumns.measures]),
        ...readOrigin(row),
    }));
    const newest = [...mapped].sort((a, b) => (b.modifiedOn?.getTime() ?? 0) - (a.modifiedOn?.getTime() ?? 0))[0];
    return {
        ...summary(profile.customerId, mapped),
        measures: newest?.measures.value ?? new Map<string, MeasureValue>(),
        measuresStatus: newest?.measures.status ?? 'empty',
    };
}

/**
 * One page of the customer's unified activities, newest first, by KEYSET (not offsets and not nextLink):
 * ordered by `msdynci_activitytime desc, msdynci_unifiedactivityid desc`, a following page asks for the
 * entries strictly after the last one shown, `time lt T or (time eq T and id lt I)`, so entries with equal
 * timestamps are neither repeated nor skipped, and entries that arrive meanwhile cannot shift the pages.
 * One request per page: `$top` is the page size plus one, the extra entry only says whether there are
 * more (it is not shown; the next page starts after the last entry shown, so it is read again then).
 * Filters run on the server. Title search needs a substring match of user text, which the query builder
 * only offers in FetchXML (`like` with `%`, `_`, `[` escaped), so a search sends the same query as FetchXML.
 * Entries without a time cannot take part in the order and are left out.
 *
 * Whether every tenant accepts `lt` on the activity id (a GUID) is unverified (docs/platform-assumptions.md).
 * When a following page is refused (a configuration failure, or "not supported", 0x80060888), it is read once more by time
 * alone: `time le T`, `$top` widened by the entries already shown at exactly T, which come first in the same
 * order and are left out (the cursor carries their ids). The cursor then says `byTime`, so later pages go
 * straight to that form: one request per page again.
 */
export async function readUnifiedActivities(deps: ReaderDeps, profile: FoundProfile, query: ActivityPageQuery = {}): Promise<UnifiedActivitiesRead> {
    const table = CustomerInsightsTables.unifiedActivity;
    const pageSize = query.pageSize ?? DEFAULT_ACTIVITY_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_ACTIVITY_PAGE_SIZE) {
        throw new QueryValueError('pageSize', `must be a whole number from 1 to ${MAX_ACTIVITY_PAGE_SIZE}.`);
    }
    const columns = [table.primaryIdColumn, InsightsColumns.customerId, ...Object.values(UnifiedActivityColumns), ...ORIGIN_COLUMNS];
    const scope = await deps.scopeFilter();
    const search = query.titleContains?.trim() ?? '';
    const after = query.after;
    const shownAtTime = after?.shownAtTime;
    const readPage = async (byTime: boolean): Promise<readonly Row[]> => {
        const skip = byTime ? (shownAtTime ?? []) : [];
        const top = pageSize + 1 + skip.length;
        const options = search === '' ? activityODataOptions(profile.customerId, query, scope, columns, top, byTime) : activityFetchXmlOptions(profile.customerId, query, search, scope, columns, top, byTime);
        const read = await readPages(deps.requester, table.logicalName, options, { pageSize: top, maxRows: top, maxPages: 1 });
        const shown = new Set<string>(skip);
        return read.rows.filter((row) => !shown.has(normaliseGuid(row[table.primaryIdColumn]) ?? ''));
    };
    // Reading by time alone needs every entry shown at T, within one server page with this page and its extra.
    const canReadByTime = shownAtTime !== undefined && pageSize + shownAtTime.length <= MAX_ACTIVITY_PAGE_SIZE;
    let byTime = after?.byTime === true && canReadByTime;
    let rowsRead: readonly Row[];
    try {
        rowsRead = await readPage(byTime);
    } catch (error) {
        if (byTime || !canReadByTime || !isRefusedQuery(error)) throw error;
        byTime = true;
        rowsRead = await readPage(true);
    }
    const mapped: UnifiedActivityRow[] = [];
    for (const row of onlyCustomer(rowsRead, profile.customerId)) {
        const entry = mapActivity(row);
        if (entry !== undefined) mapped.push(entry);
    }
    const moreAvailable = rowsRead.length > pageSize;
    const rows = mapped.slice(0, pageSize);
    const last = rows[rows.length - 1];
    return {
        ...summary(profile.customerId, rows),
        ...(moreAvailable && last !== undefined ? { next: nextCursor(last, rows, after, byTime) } : {}),
        moreAvailable: moreAvailable && last !== undefined,
    };
}

/**
 * The code Dataverse answers an unsupported query feature with (0x80060888, "not supported"; the emulator's
 * refusing tenants use it too). A transient server error is not a refusal: it shows, with Try again.
 */
const NOT_SUPPORTED_CODE = '0x80060888';

/** A query the tenant refused as such (not the network, a busy server or a transient error). */
function isRefusedQuery(error: unknown): boolean {
    const failure = classifyFailure(error);
    return failure.kind === 'configuration' || (failure.kind === 'unexpected' && failure.code === NOT_SUPPORTED_CODE);
}

/** Where the page after `rows` starts, with the ids shown at the last entry's time (see {@link ActivityCursor}). */
function nextCursor(last: UnifiedActivityRow, rows: readonly UnifiedActivityRow[], after: ActivityCursor | undefined, byTime: boolean): ActivityCursor {
    const time = last.activityTime.getTime();
    // The whole page shares the cursor's time: the entries shown at it before this page count too.
    const earlier = after !== undefined && after.time.getTime() === time ? after.shownAtTime : [];
    const shown = earlier === undefined ? undefined : [...earlier, ...rows.filter((row) => row.activityTime.getTime() === time).map((row) => row.id)];
    return {
        time: last.activityTime,
        id: last.id,
        ...(shown !== undefined && shown.length <= MAX_SHOWN_AT_ONE_TIME ? { shownAtTime: shown } : {}),
        ...(byTime ? { byTime: true as const } : {}),
    };
}

/** The timeline's order: newest first, and among entries of the same time the larger id first (the keyset). */
export const ACTIVITY_ORDER = [
    { column: UnifiedActivityColumns.activityTime, descending: true },
    { column: CustomerInsightsTables.unifiedActivity.primaryIdColumn, descending: true },
] as const;

/**
 * Every "Load more" after the first page reads the entries that follow `after` in {@link ACTIVITY_ORDER}: older
 * than its time, or as old with a smaller id (`lt` on a GUID; where a tenant refuses that, the reader falls back
 * to time alone). The tenant probe (tools/probe) asks a tenant this same filter.
 */
export function activityKeysetFilter(after: Pick<ActivityCursor, 'time' | 'id'>): ODataFilter {
    const time = UnifiedActivityColumns.activityTime;
    const id = CustomerInsightsTables.unifiedActivity.primaryIdColumn;
    return where.or(where.lt(time, after.time), where.and(where.eq(time, after.time), where.lt(id, where.guid(after.id))));
}

function activityODataOptions(customerId: CustomerId, query: ActivityPageQuery, scope: ODataFilter | undefined, columns: readonly string[], top: number, byTime: boolean): string {
    const time = UnifiedActivityColumns.activityTime;
    const filters: ODataFilter[] = [where.eq(InsightsColumns.customerId, customerId), where.ne(time, null)];
    const types = distinctTypes(query.activityTypes);
    if (types.length > 0) filters.push(where.in(UnifiedActivityColumns.activityType, types));
    if (query.since !== undefined) filters.push(where.ge(time, query.since));
    if (query.before !== undefined) filters.push(where.lt(time, query.before));
    if (query.after !== undefined && byTime) filters.push(where.le(time, query.after.time));
    else if (query.after !== undefined) filters.push(activityKeysetFilter(query.after));
    if (scope !== undefined) filters.push(scope);
    return buildODataOptions({ select: columns, filter: where.and(...filters), orderBy: ACTIVITY_ORDER, top });
}

function activityFetchXmlOptions(customerId: CustomerId, query: ActivityPageQuery, search: string, scope: ODataFilter | undefined, columns: readonly string[], top: number, byTime: boolean): string {
    const table = CustomerInsightsTables.unifiedActivity;
    const time = UnifiedActivityColumns.activityTime;
    // FetchXML names lookups by logical name: `owningbusinessunit`, not `_owningbusinessunit_value`.
    const attributes = columns.map((column) => (column === OWNING_BUSINESS_UNIT_PROPERTY ? OwnershipColumns.owningBusinessUnit : column));
    const conditions: FetchCondition[] = [
        { attribute: InsightsColumns.customerId, operator: 'eq', value: customerId },
        { attribute: time, operator: 'not-null' },
        { attribute: UnifiedActivityColumns.title, operator: 'containsText', value: search },
    ];
    const types = distinctTypes(query.activityTypes);
    if (types.length > 0) conditions.push({ attribute: UnifiedActivityColumns.activityType, operator: 'in', values: types });
    if (query.since !== undefined) conditions.push({ attribute: time, operator: 'ge', value: query.since });
    if (query.before !== undefined) conditions.push({ attribute: time, operator: 'lt', value: query.before });
    if (scope !== undefined) conditions.push(fetchScopeCondition(scope));
    const filters: FetchFilter[] = [];
    if (query.after !== undefined && byTime) conditions.push({ attribute: time, operator: 'le', value: query.after.time });
    else if (query.after !== undefined) {
        const cursorId = where.guid(query.after.id);
        filters.push({
            type: 'or',
            conditions: [{ attribute: time, operator: 'lt', value: query.after.time }],
            filters: [{ type: 'and', conditions: [{ attribute: time, operator: 'eq', value: query.after.time }, { attribute: table.primaryIdColumn, operator: 'lt', value: cursorId }] }],
        });
    }
    return buildFetchXmlOptions({
        table: table.logicalName,
        columns: attributes,
        conditions,
        filters,
        orderBy: ACTIVITY_ORDER.map((order) => ({ attribute: order.column, descending: order.descending })),
        top,
    });
}

/** The business-unit scope (a view choice) as the FetchXML condition with the same meaning. */
function fetchScopeCondition(scope: ODataFilter): FetchCondition {
    switch (scope.kind) {
        case 'equalBusinessId':
            return { attribute: scope.column, operator: 'eq-businessid' };
        case 'underOrEqual':
            return { attribute: scope.column, operator: 'eq-or-under', value: where.guid(scope.businessUnitId) };
        case 'in':
            // The business-unit tree read when the platform refused UnderOrEqual (./insightsReader).
            return { attribute: scope.column, operator: 'in', values: scope.values };
        default:
            throw new QueryValueError('businessUnitScope', 'this scope has no FetchXML form.');
    }
}

function distinctTypes(types: readonly string[] | undefined): string[] {
    return [...new Set((types ?? []).map((type) => type.trim()).filter((type) => type !== ''))];
}

/** A row as an entry, or undefined when it has no usable id or time (it could not take part in the order). */
function mapActivity(row: Row): UnifiedActivityRow | undefined {
    const id = normaliseGuid(row[CustomerInsightsTables.unifiedActivity.primaryIdColumn]);
    const activityTime = readDate(row, UnifiedActivityColumns.activityTime);
    if (id === undefined || activityTime === undefined) return undefined;
    return {
        id,
        activityTime,
        ...optionalText(row, 'activityId', UnifiedActivityColumns.activityId),
        ...optionalText(row, 'activityType', UnifiedActivityColumns.activityType),
        ...optionalText(row, 'activityTypeDisplay', UnifiedActivityColumns.activityTypeDisplay),
        ...optionalText(row, 'activityName', UnifiedActivityColumns.activityName),
        ...optionalText(row, 'title', UnifiedActivityColumns.title),
        ...optionalText(row, 'externalUrl', UnifiedActivityColumns.externalUrl),
        ...optionalText(row, 'entityName', UnifiedActivityColumns.entityName),
        ...optionalText(row, 'actualActivityId', UnifiedActivityColumns.actualActivityId),
        semanticData: parseKeyValues(row[UnifiedActivityColumns.semanticData]),
        ...readOrigin(row),
    };
}

export async function readPredictions(deps: ReaderDeps, profile: FoundProfile): Promise<InsightsRows<PredictionRow>> {
    const table = CustomerInsightsTables.prediction;
    const rows = await readCustomerRows(deps, table, profile.customerId, false, [PredictionColumns.model, PredictionColumns.modelProvider, PredictionColumns.values]);
    return summary(
        profile.customerId,
        rows.map((row): PredictionRow => ({
            id: readText(row, table.primaryIdColumn) ?? '',
            ...optionalText(row, 'model', PredictionColumns.model),
            ...optionalText(row, 'modelProvider', PredictionColumns.modelProvider),
            values: parseInsightValues(row[PredictionColumns.values]),
            ...readOrigin(row),
        })),
    );
}

export async function readEnrichments(deps: ReaderDeps, profile: FoundProfile): Promise<InsightsRows<EnrichmentRow>> {
    const table = CustomerInsightsTables.enrichment;
    const rows = await readCustomerRows(deps, table, profile.customerId, false, [EnrichmentColumns.enrichmentProvider, EnrichmentColumns.enrichmentType, EnrichmentColumns.values]);
    return summary(
        profile.customerId,
        rows.map((row): EnrichmentRow => ({
            id: readText(row, table.primaryIdColumn) ?? '',
            ...optionalText(row, 'enrichmentProvider', EnrichmentColumns.enrichmentProvider),
            ...optionalText(row, 'enrichmentType', EnrichmentColumns.enrichmentType),
            values: parseInsightValues(row[EnrichmentColumns.values]),
            ...readOrigin(row),
        })),
    );
}

/**
 * All rows of `table` for one customer (following nextLink up to a bound). The business-unit scope applies
 * only to tables that inherit the profile's BU: root-owned rows would all be filtered out by it, and they
 * are already limited to a profile the user can see.
 */
async function readCustomerRows(deps: ReaderDeps, table: TableName, customerId: CustomerId, inheritsBusinessUnit: boolean, columns: readonly string[]): Promise<Row[]> {
    const byCustomer = where.eq(InsightsColumns.customerId, customerId);
    const scope = inheritsBusinessUnit ? await deps.scopeFilter() : undefined;
    const options = buildODataOptions({
        select: [table.primaryIdColumn, InsightsColumns.customerId, ...columns, ...ORIGIN_COLUMNS],
        filter: scope === undefined ? byCustomer : where.and(byCustomer, scope),
    });
    const read = await readPages(deps.requester, table.logicalName, options, { pageSize: MAX_PAGE_SIZE, maxRows: MAX_ROWS_PER_CUSTOMER });
    return onlyCustomer(read.rows, customerId);
}

/** Defence in depth: never hand out a row of another customer, whatever the server returned. */
function onlyCustomer(rows: readonly Row[], customerId: CustomerId): Row[] {
    return rows.filter((row) => normaliseCustomerId(row[InsightsColumns.customerId]) === customerId);
}

function summary<T extends RowOrigin>(customerId: CustomerId, rows: readonly T[]): InsightsRows<T> {
    const modifiedOn = newestModifiedOn(rows);
    const owningBusinessUnit = commonBusinessUnit(rows);
    return {
        customerId,
        rows,
        ...(modifiedOn !== undefined ? { modifiedOn } : {}),
        ...(owningBusinessUnit !== undefined ? { owningBusinessUnit } : {}),
    };
}

/** Status of several parsed values read together. */
export function combineStatus(statuses: readonly ParseStatus[]): ParseStatus {
    const used = statuses.filter((s) => s !== 'empty');
    if (used.length === 0) return 'empty';
    if (used.every((s) => s === 'complete')) return 'complete';
    if (used.every((s) => s === 'unreadable')) return 'unreadable';
    return 'partial';
}

function optionalText<K extends string>(row: Row, key: K, column: string): { [P in K]?: string } {
    const value = readText(row, column);
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
