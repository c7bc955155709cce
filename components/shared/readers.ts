/**
 * Readers of the Customer Insights tables for one found profile. Each returns the rows with their owning
 * business unit and modifiedOn (for the badge), and parses JSON columns defensively.
 *
 * Every reader takes a {@link FoundProfile}, not a customer id: predictions and enrichments are owned by
 * the ROOT business unit and may be readable for customers whose profile this user may not see, so they are
 * only read for a profile that came back readable. The BU-inherited tables take the same argument for one
 * consistent API. Rows are checked against the customer id again on arrival.
 */

import { normaliseCustomerId, type CustomerId } from './identifiers';
import { parseInsightValues, parseKeyValues, parseMeasures, parseSegments, type InsightValue, type KeyValue, type MeasureValue, type ParsedColumn, type ParseStatus } from './parsers';
import { nextPageOptions, readPages } from './pages';
import { buildODataOptions, QueryValueError, where, type ODataFilter } from './query';
import type { FoundProfile, ScopeFilter } from './profile';
import type { Requester } from './requests';
import { commonBusinessUnit, newestModifiedOn, ORIGIN_COLUMNS, readDate, readNumber, readOrigin, readText, type BusinessUnitRef, type Row, type RowOrigin } from './rows';
import {
    CustomerInsightsTables,
    CustomerMeasureColumns,
    EnrichmentColumns,
    InsightsColumns,
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
    readonly id: string;
    readonly activityId?: string;
    readonly activityTime?: Date;
    readonly activityType?: string;
    readonly activityTypeDisplay?: string;
    readonly title?: string;
    readonly externalUrl?: string;
    /** Source table of the activity, e.g. `email`. */
    readonly entityName?: string;
    readonly semanticData: ParsedColumn<ReadonlyMap<string, KeyValue>>;
    readonly rangeIndex?: number;
}

export interface ActivityQuery {
    /** Most rows to return in this call. Default 50. */
    readonly rowLimit?: number;
    /** Only these `msdynci_activitytype` values. */
    readonly activityTypes?: readonly string[];
    /** Only activities at or after this time. */
    readonly since?: Date;
    /** Only activities at or before this time. */
    readonly until?: Date;
    /** `nextLink` of a previous call, to read the next rows ("load more"); the other filters are then ignored. */
    readonly continueFrom?: string;
}

export interface UnifiedActivitiesRead extends InsightsRows<UnifiedActivityRow> {
    /** Pass as `continueFrom` to read on; absent when there is nothing more or no exact continuation point. */
    readonly nextLink?: string;
    /** True when the server holds more rows than were returned. */
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

export const DEFAULT_ACTIVITY_ROW_LIMIT = 50;
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

export async function readUnifiedActivities(deps: ReaderDeps, profile: FoundProfile, query: ActivityQuery = {}): Promise<UnifiedActivitiesRead> {
    const table = CustomerInsightsTables.unifiedActivity;
    const rowLimit = query.rowLimit ?? DEFAULT_ACTIVITY_ROW_LIMIT;
    if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 5000) throw new QueryValueError('rowLimit', 'must be a whole number from 1 to 5000.');

    let options: string;
    if (query.continueFrom !== undefined) {
        options = nextPageOptions(query.continueFrom);
    } else {
        const filters: ODataFilter[] = [where.eq(InsightsColumns.customerId, profile.customerId)];
        if (query.activityTypes !== undefined && query.activityTypes.length > 0) filters.push(where.anyOf(UnifiedActivityColumns.activityType, query.activityTypes));
        if (query.since !== undefined) filters.push(where.ge(UnifiedActivityColumns.activityTime, query.since));
        if (query.until !== undefined) filters.push(where.le(UnifiedActivityColumns.activityTime, query.until));
        const scope = await deps.scopeFilter();
        if (scope !== undefined) filters.push(scope);
        options = buildODataOptions({
            select: [
                table.primaryIdColumn,
                InsightsColumns.customerId,
                ...Object.values(UnifiedActivityColumns),
                ...ORIGIN_COLUMNS,
            ],
            filter: where.and(...filters),
            // Newest first; the id breaks ties so pages are stable.
            orderBy: [{ column: UnifiedActivityColumns.activityTime, descending: true }, { column: table.primaryIdColumn, descending: true }],
        });
    }

    const read = await readPages(deps.requester, table.logicalName, options, { pageSize: Math.min(rowLimit, MAX_PAGE_SIZE), maxRows: rowLimit });

    const mapped = onlyCustomer(read.rows, profile.customerId).map(
        (row): UnifiedActivityRow => ({
            id: readText(row, table.primaryIdColumn) ?? '',
            ...optionalText(row, 'activityId', UnifiedActivityColumns.activityId),
            ...optionalDate(row, 'activityTime', UnifiedActivityColumns.activityTime),
            ...optionalText(row, 'activityType', UnifiedActivityColumns.activityType),
            ...optionalText(row, 'activityTypeDisplay', UnifiedActivityColumns.activityTypeDisplay),
            ...optionalText(row, 'title', UnifiedActivityColumns.title),
            ...optionalText(row, 'externalUrl', UnifiedActivityColumns.externalUrl),
            ...optionalText(row, 'entityName', UnifiedActivityColumns.entityName),
            semanticData: parseKeyValues(row[UnifiedActivityColumns.semanticData]),
            ...optionalNumber(row, 'rangeIndex', UnifiedActivityColumns.rangeIndex),
            ...readOrigin(row),
        }),
    );
    return {
        ...summary(profile.customerId, mapped),
        // Only an exact continuation point: a page cut in the middle has none (see readPages).
        ...(read.continuation !== undefined ? { nextLink: read.continuation } : {}),
        moreAvailable: read.truncated,
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

function optionalDate<K extends string>(row: Row, key: K, column: string): { [P in K]?: Date } {
    const value = readDate(row, column);
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: Date };
}

function optionalNumber<K extends string>(row: Row, key: K, column: string): { [P in K]?: number } {
    const value = readNumber(row, column);
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
