/**
 * The one place that reads and drives a PCF dataset (the view or subgrid behind a dataset control). Every
 * undocumented or host-dependent detail lives here, with its source, so a platform change touches one file:
 *
 * - Columns of a `<property-set>` carry the property set's name as `alias`; the platform adds the bound
 *   column even when the view lacks it, with `order` -1 (Diana Birkelbach, "Features of a Dataset PCF –
 *   Extensibility", dianabirkelbach.wordpress.com, 2020-06-14; PCF docs, manifest property-set). An unbound
 *   property set has no column, or one without a name.
 * - A view column is shown when `order >= 0` and `!isHidden`, sorted by `order` (PowerApps-Samples,
 *   ModelDrivenGridControl/Grid.tsx). `visualSizeFactor` is documented only as "customized column width
 *   ratios": used as a proportional weight (the sample treats it as pixels; a weight with a pixel floor is
 *   right under either reading).
 * - `getValue` of a lookup gives an EntityReference `{ id: { guid }, name, etn }` in model-driven apps, a
 *   LookupValue `{ id, name, entityType }` elsewhere (PCF types); both are read.
 * - Columns added for a linked entity are named `<alias>.<column>` (addColumn(name, entityAlias); Diana
 *   Birkelbach, same post). Whether `addLinkedEntity` to `msdynci_customerprofile` works depends on the
 *   tenant (elastic or virtual table): any error, or linked columns that never arrive, falls back to reading
 *   profiles with an `In` query (views-timeline-journeys.md, A1).
 * - `totalResultCount` is -1 when the platform stopped counting (past 5,000 rows), shown as "5000+"
 *   (PowerApps-Samples ModelDrivenGridControl).
 * - Sorting: clear `sorting`, push one `{ name, sortDirection }` (0 ascending, 1 descending), then
 *   `refresh()` (PCF docs dataset.md; the sample does the same). "If sorting is re-configured it will reset
 *   the filter" (dataset.md).
 * - `loadNextPage()` appends rows in model-driven apps and replaces them in canvas apps (develop1.net,
 *   "PCF Dataset Paging in Model vs Canvas Apps", 2020-05-07): the rows shown are always `sortedRecordIds`.
 * - `openDatasetItem` runs a customised `Mscrm.OpenRecordItem` command when there is one (PCF docs).
 */
import type { LinkedProfile, PageRow } from '../pageEnricher';
import { normaliseCustomerId, normaliseGuid, type NormalisedGuid } from '../identifiers';
import { CustomerInsightsTables, InsightsColumns, OwnershipColumns } from '../schema';
import type { BusinessUnitRef } from '../rows';

type DataSet = ComponentFramework.PropertyTypes.DataSet;
type EntityRecord = ComponentFramework.PropertyHelper.DataSetApi.EntityRecord;

/** Alias of the profile table linked into the view's query. */
export const PROFILE_LINK_ALIAS = 'cibu_profile';
/** Profile columns linked in: enough for the customer id, the business-unit badge and freshness. */
const LINKED_PROFILE_COLUMNS = [InsightsColumns.customerId, OwnershipColumns.owningBusinessUnit, OwnershipColumns.modifiedOn] as const;
/** Width weight of a column without a usable `visualSizeFactor`. */
export const DEFAULT_WIDTH_WEIGHT = 100;

/** Names of the manifest's property sets that locate a row's profile. */
export interface ProfileColumnSets {
    /** Property set bound to the backstamped profile lookup. */
    readonly profileLookup: string;
    /** Property set bound to a column holding a key of the row's profile. */
    readonly profileKey: string;
}

export interface ViewColumn {
    readonly name: string;
    readonly displayName: string;
    readonly dataType: string;
    readonly isPrimary: boolean;
    readonly sortable: boolean;
    /** Share of the width (from `visualSizeFactor`). */
    readonly widthWeight: number;
    /** The backstamped lookup itself: shown through Customer Insights rules, never as the platform's name. */
    readonly isProfileLookup: boolean;
}

export interface ViewRow {
    readonly id: string;
    readonly reference: ComponentFramework.EntityReference;
    /** The row's primary name, for labels ("Open Ada Evans"). */
    readonly name: string;
    /** The platform's formatted value of a column ('' when empty). */
    text(column: string): string;
    /** What the page enricher needs of this row. */
    readonly page: PageRow;
}

export interface ViewPaging {
    readonly loaded: number;
    /** Rows in the view; undefined when the platform stopped counting ("5000+"). */
    readonly total: number | undefined;
    readonly countLimit: number;
    readonly hasNextPage: boolean;
}

export interface ViewSnapshot {
    /** No view: the app designer (or a host without a dataset). */
    readonly designer: boolean;
    readonly title: string;
    readonly columns: readonly ViewColumn[];
    readonly rows: readonly ViewRow[];
    readonly paging: ViewPaging;
    readonly sort?: { readonly column: string; readonly descending: boolean };
    readonly loading: boolean;
    /** The platform's message when the view could not load. */
    readonly error?: string;
    readonly selectedIds: ReadonlySet<string>;
}

/** The platform counts rows up to this many (model-driven apps). */
export const VIEW_COUNT_LIMIT = 5000;

export type ProfileLinkState = 'linked' | 'notLinked';

/**
 * How far the linked profile columns are trusted: only after the link was set up, only for rows loaded after
 * it (`unlinkedIds`: rows already there), and a row's empty linked columns ("no profile this user can read")
 * only when rows of the same view show that the link was applied (some row brought a linked customer id).
 * Otherwise the row is read with `In`, as without a link.
 */
export interface ProfileLinkView {
    readonly state: ProfileLinkState;
    readonly unlinkedIds?: ReadonlySet<string>;
}

/** Reads the dataset into plain values. Never throws: a host without some member gives an empty part. */
export function readView(dataset: DataSet | undefined, sets: ProfileColumnSets, linkView: ProfileLinkView | ProfileLinkState): ViewSnapshot {
    const link = typeof linkView === 'string' ? linkView : linkView.state;
    const unlinkedIds = typeof linkView === 'string' ? undefined : linkView.unlinkedIds;
    const columns = objectsOf(() => dataset?.columns);
    const boundName = (setName: string): string | undefined => {
        const name = columns.find((column) => column.alias === setName)?.name;
        return typeof name === 'string' && name.trim() !== '' ? name : undefined;
    };
    const lookupColumn = boundName(sets.profileLookup);
    const keyColumn = boundName(sets.profileKey);
    const linkedCustomerColumn = `${PROFILE_LINK_ALIAS}.${InsightsColumns.customerId}`;
    const linkArrived = link === 'linked' && lookupColumn !== undefined && columns.some((column) => column.name === linkedCustomerColumn);

    const viewColumns = columns
        .filter((column) => typeof column.name === 'string' && column.order >= 0 && column.isHidden !== true && !column.name.startsWith(`${PROFILE_LINK_ALIAS}.`))
        .sort((a, b) => a.order - b.order)
        .map(
            (column): ViewColumn => ({
                name: column.name,
                displayName: column.displayName || column.name,
                dataType: column.dataType,
                isPrimary: column.isPrimary === true,
                sortable: column.disableSorting !== true,
                widthWeight: Number.isFinite(column.visualSizeFactor) && column.visualSizeFactor > 0 ? column.visualSizeFactor : DEFAULT_WIDTH_WEIGHT,
                isProfileLookup: column.name === lookupColumn,
            }),
        );

    const records = safe(() => dataset?.records ?? {}, {});
    const ids = listOf(() => dataset?.sortedRecordIds);
    const target = safe(() => dataset?.getTargetEntityType() ?? '', '');
    const primaryName = columns.find((column) => column.isPrimary === true)?.name;
    const rows: ViewRow[] = [];
    for (const id of ids) {
        const record = records[id];
        if (record === undefined) continue;
        rows.push(viewRow(record, id, target, primaryName, { lookupColumn, keyColumn, linkArrived: linkArrived && unlinkedIds?.has(id) !== true }));
    }
    // Empty linked columns mean "no profile this user can read" only when the link evidently applied.
    if (linkArrived && !rows.some((row) => row.page.linkedProfile !== undefined && row.page.linkedProfile !== null)) {
        for (const [index, row] of rows.entries()) {
            if (row.page.linkedProfile === null) rows[index] = { ...row, page: withoutLink(row.page) };
        }
    }

    const paging = safe(() => dataset?.paging, undefined);
    const total = paging?.totalResultCount;
    const sortStatus = objectsOf(() => dataset?.sorting).find((sort) => sort.sortDirection === 0 || sort.sortDirection === 1);
    const selected = listOf(() => dataset?.getSelectedRecordIds());
    // A message that is no text (an odd host) is an error without words, never a TypeError out of readView.
    const error = safe(() => (dataset?.error === true ? (typeof dataset.errorMessage === 'string' ? dataset.errorMessage.trim() : '') : undefined), undefined);
    const loading = safe(() => dataset?.loading === true, false);
    return {
        designer: dataset === undefined || (columns.length === 0 && !loading),
        title: safe(() => dataset?.getTitle() ?? '', ''),
        columns: viewColumns,
        rows,
        paging: {
            loaded: rows.length,
            total: typeof total === 'number' && total >= 0 ? Math.max(total, rows.length) : undefined,
            countLimit: VIEW_COUNT_LIMIT,
            hasNextPage: paging?.hasNextPage === true,
        },
        ...(sortStatus !== undefined ? { sort: { column: sortStatus.name, descending: sortStatus.sortDirection === 1 } } : {}),
        loading,
        ...(error !== undefined ? { error } : {}),
        selectedIds: new Set(selected),
    };
}

function withoutLink(page: PageRow): PageRow {
    const { linkedProfile: _ignored, ...rest } = page;
    return rest;
}

function viewRow(record: EntityRecord, id: string, table: string, primaryName: string | undefined, link: { lookupColumn?: string; keyColumn?: string; linkArrived: boolean }): ViewRow {
    const text = (column: string): string => safe(() => displayText(record.getFormattedValue(column), record.getValue(column)), '');
    const reference = safe(() => record.getNamedReference(), undefined) ?? ({ id: { guid: id }, etn: table, name: '' });
    const lookupId = link.lookupColumn !== undefined ? (referenceId(safe(() => record.getValue(link.lookupColumn as string), null)) ?? null) : undefined;
    const key = link.keyColumn !== undefined ? text(link.keyColumn).trim() || null : undefined;
    let linkedProfile: LinkedProfile | null | undefined;
    if (link.linkArrived && lookupId !== undefined && lookupId !== null) {
        const column = (name: string): string => `${PROFILE_LINK_ALIAS}.${name}`;
        const customerId = normaliseCustomerId(safe(() => record.getValue(column(InsightsColumns.customerId)), null)) ?? null;
        const unitId = referenceId(safe(() => record.getValue(column(OwnershipColumns.owningBusinessUnit)), null));
        // A name only from the formatted value or the reference's name: a bare id (a lookup value given as its
        // GUID string) is not a name, and the unit is then shown as "not named" rather than by its GUID.
        const unitText = text(column(OwnershipColumns.owningBusinessUnit)).trim();
        const unitName = normaliseGuid(unitText) === undefined ? unitText : '';
        const modified = dateOf(safe(() => record.getValue(column(OwnershipColumns.modifiedOn)), null));
        const owningBusinessUnit: BusinessUnitRef | undefined = unitId === undefined ? undefined : unitName !== '' ? { id: unitId, name: unitName } : { id: unitId };
        linkedProfile = customerId === null ? null : { customerId, ...(owningBusinessUnit !== undefined ? { owningBusinessUnit } : {}), ...(modified !== undefined ? { modifiedOn: modified } : {}) };
    }
    const page: PageRow = {
        recordId: id,
        ...(lookupId !== undefined ? { profileLookupId: lookupId } : {}),
        ...(key !== undefined ? { profileKey: key } : {}),
        ...(linkedProfile !== undefined ? { linkedProfile } : {}),
    };
    return { id, reference, name: primaryName !== undefined ? text(primaryName) : '', text, page };
}

/**
 * Links the profile table into the view's own query through the bound lookup (outer join) and adds the
 * profile columns the grid needs, so the view's next load brings them and no profile request is needed.
 * Returns `notLinked` when the host offers no linking or refuses it (the profiles are then read with `In`).
 */
export function linkProfile(dataset: DataSet | undefined, sets: ProfileColumnSets): ProfileLinkState {
    if (dataset === undefined) return 'notLinked';
    try {
        const lookupColumn = dataset.columns.find((column) => column.alias === sets.profileLookup)?.name;
        const linking = dataset.linking as DataSet['linking'] | undefined;
        if (typeof lookupColumn !== 'string' || lookupColumn === '' || typeof linking?.addLinkedEntity !== 'function' || typeof dataset.addColumn !== 'function') return 'notLinked';
        if (!linking.getLinkedEntities().some((link) => link.alias === PROFILE_LINK_ALIAS)) {
            linking.addLinkedEntity({
                name: CustomerInsightsTables.customerProfile.logicalName,
                from: CustomerInsightsTables.customerProfile.primaryIdColumn,
                to: lookupColumn,
                linkType: 'outer',
                alias: PROFILE_LINK_ALIAS,
            });
        }
        for (const column of LINKED_PROFILE_COLUMNS) dataset.addColumn(column, PROFILE_LINK_ALIAS);
        return 'linked';
    } catch {
        return 'notLinked';
    }
}

/** Sorts the view by one of its columns on the server and reloads it. */
export function sortView(dataset: DataSet, column: string, descending: boolean): void {
    const sorting = dataset.sorting;
    while (sorting.length > 0) sorting.pop();
    sorting.push({ name: column, sortDirection: descending ? 1 : 0 });
    dataset.refresh();
}

export function loadNextPage(dataset: DataSet): void {
    if (dataset.paging.hasNextPage) dataset.paging.loadNextPage();
}

export function openRow(dataset: DataSet, row: ViewRow): void {
    dataset.openDatasetItem(row.reference);
}

export function selectRows(dataset: DataSet, ids: readonly string[]): void {
    dataset.setSelectedRecordIds([...ids]);
}

/** Sets the page size and reloads, once (the view's own size stays until then). */
export function setPageSize(dataset: DataSet, size: number): void {
    try {
        dataset.paging.setPageSize(size);
    } catch {
        // a host without setPageSize keeps its own page size
    }
}

export function refreshView(dataset: DataSet): void {
    dataset.refresh();
}

/** The id of a lookup value (null, undefined and anything else without an id give undefined). */
function referenceId(value: unknown): NormalisedGuid | undefined {
    const single = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof single === 'string') return normaliseGuid(single);
    const id = (single as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') return normaliseGuid(id);
    return normaliseGuid((id as { guid?: unknown } | undefined)?.guid);
}

function dateOf(value: unknown): Date | undefined {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** The formatted value, else a readable form of the raw value (never "[object Object]"). */
function displayText(formatted: unknown, value: unknown): string {
    if (typeof formatted === 'string' && formatted !== '') return formatted;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
    // null and undefined end here too: no name, so ''.
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    return list
        .map((item) => (item as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === 'string')
        .join(', ');
}

/** A member the platform gives as an array; anything else (an odd host, a throwing getter) reads as empty. */
function listOf<T>(read: () => readonly T[] | null | undefined): readonly T[] {
    const value: unknown = safe(read, undefined);
    return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** As {@link listOf}, without `null` and `undefined` items (a missing column or sort entry of an odd host). */
function objectsOf<T extends object>(read: () => readonly T[] | null | undefined): readonly T[] {
    return listOf(read).filter((item) => item !== null && item !== undefined);
}

function safe<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch {
        return fallback;
    }
}
