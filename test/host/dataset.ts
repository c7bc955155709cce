/**
 * A model-driven view behind a PCF dataset control, for the test host (jest and the playground): the view's
 * columns, pages of records with formatted values read as the signed-in user (security applies), paging with
 * the model-driven app's append semantics, sorting, refresh, linking, added columns, selection,
 * openDatasetItem and the loading/error flags, plus the quirks Microsoft's own grid sample works around (the
 * first updateView without change flags, no `dataset` flag when a sort returns no rows).
 *
 * Rows come from the in-memory Dataverse's platform reads (`dv.platformReads(userId)`): what the app reads
 * for the view itself, not the control's `context.webAPI` requests, so they are not in the request log.
 * Browser-safe (no Node built-ins).
 */
import { TABLES, webApiPropertyName, type AttributeDefinition, type TableDefinition } from '../dataverse';

export interface ViewColumnDefinition {
    readonly name: string;
    readonly displayName?: string;
    /** Position in the view; -1 for a column the view does not show. */
    readonly order: number;
    /** The view's width ratio for the column (model-driven: `visualSizeFactor`). */
    readonly visualSizeFactor?: number;
    readonly isHidden?: boolean;
    readonly isPrimary?: boolean;
    readonly disableSorting?: boolean;
}

export interface ViewDefinition {
    readonly table: string;
    readonly viewId: string;
    readonly title: string;
    readonly columns: readonly ViewColumnDefinition[];
    /** The view's own sort order. */
    readonly sort?: readonly ComponentFramework.PropertyHelper.DataSetApi.SortStatus[];
    /** The view's filter, as an OData `$filter` (e.g. `fullname eq 'nobody'` for an empty view). */
    readonly filter?: string;
}

/**
 * How the host answers `linking.addLinkedEntity` (a tenant difference: elastic and virtual tables differ):
 * - `supported`: outer link; the linked columns arrive as `<alias>.<column>`, null where the user may not read
 *   the linked row;
 * - `throws`: addLinkedEntity throws;
 * - `ignored`: accepted, but the linked columns never arrive;
 * - `absent`: no linking API (canvas apps);
 * - `breaksView`: accepted, then every load fails (the view shows an error).
 */
export type LinkingBehaviour = 'supported' | 'throws' | 'ignored' | 'absent' | 'breaksView';

export type PlatformReader = Pick<ComponentFramework.WebApi, 'retrieveMultipleRecords'>;

export interface DatasetHostOptions {
    /** The app's own reads as the signed-in user (the emulator's `platformReads(userId)`). */
    readonly read: PlatformReader;
    readonly view: ViewDefinition;
    /** Property-set name → column logical name the maker bound (the platform adds it even when the view lacks it). */
    readonly propertySets?: Readonly<Record<string, string>>;
    /** Rows per page until the control sets its own. Default 50. */
    readonly pageSize?: number;
    /** `append` (model-driven: loadNextPage adds to the rows) or `replace` (canvas). Default append. */
    readonly paging?: 'append' | 'replace';
    readonly linking?: LinkingBehaviour;
    /** Delay of every load, in ms (real setTimeout). Default 0. */
    readonly latencyMs?: number;
    /** No view at all, as in the app designer: no columns, no rows, no view id. */
    readonly designer?: boolean;
    /** Told when a load of rows starts: the first page (initial load, refresh, sort) or the next one. */
    readonly onLoadStart?: (kind: 'first' | 'next') => void;
}

export interface DatasetHost {
    readonly dataset: ComponentFramework.PropertyTypes.DataSet;
    /** Records opened through openDatasetItem. */
    readonly opened: ComponentFramework.EntityReference[];
    /** Every setSelectedRecordIds call. */
    readonly selections: string[][];
    /** Loads run (initial load, refreshes, next pages). */
    readonly loads: number;
    /** Connects the host to the control's lifecycle: runs updateView with these updated properties. */
    attach(update: (updatedProperties: readonly string[]) => void): void;
    /** Loads the first page (the app does this before the control's first updateView). */
    load(): Promise<void>;
    /** Resolves when no load is in flight. */
    settled(): Promise<void>;
    /** The next load fails with this message (dataset.error). */
    failNextLoad(message: string): void;
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const TOTAL_COUNT_LIMIT = 5000;

interface RecordValues {
    readonly id: string;
    readonly values: Map<string, unknown>;
    readonly formatted: Map<string, string>;
}

export function createDatasetHost(options: DatasetHostOptions): DatasetHost {
    const table = requireTable(options.view.table);
    const primaryId = table.primaryIdAttribute;
    const columns: ComponentFramework.PropertyHelper.DataSetApi.Column[] = options.designer === true ? [] : viewColumns(options, table);
    const linked: ComponentFramework.PropertyHelper.DataSetApi.LinkEntityExposedExpression[] = [];
    const linkedColumns = new Map<string, string[]>();
    const opened: ComponentFramework.EntityReference[] = [];
    const selections: string[][] = [];
    let selected: string[] = [];
    let pageSize = options.pageSize ?? 50;
    let nextLink: string | undefined;
    let update: ((flags: readonly string[]) => void) | undefined;
    let pending: Promise<void> = Promise.resolve();
    let failNext: string | undefined;
    let linkBroken = false;
    let loads = 0;
    let page = 0;

    const records: Record<string, ComponentFramework.PropertyHelper.DataSetApi.EntityRecord> = {};
    const sortedRecordIds: string[] = [];
    const sorting: ComponentFramework.PropertyHelper.DataSetApi.SortStatus[] = [...(options.view.sort ?? [])];

    const paging: ComponentFramework.PropertyHelper.DataSetApi.Paging = {
        totalResultCount: -1,
        firstPageNumber: 1,
        lastPageNumber: 1,
        pageSize,
        hasNextPage: false,
        hasPreviousPage: false,
        loadNextPage: () => {
            if (nextLink === undefined) return;
            const link = nextLink;
            options.onLoadStart?.('next');
            start(() => loadPage(link, options.paging === 'replace'));
        },
        loadPreviousPage: () => undefined,
        reset: () => {
            options.onLoadStart?.('first');
            start(() => loadFirstPage());
        },
        setPageSize: (size: number) => {
            pageSize = Math.max(1, Math.floor(size));
            paging.pageSize = pageSize;
        },
        loadExactPage: () => undefined,
    };

    const dataset = {
        columns,
        error: false,
        errorMessage: '',
        loading: false,
        paging,
        records,
        sortedRecordIds,
        sorting,
        filtering: { getFilter: () => ({ conditions: [], filterOperator: 0 }), setFilter: () => undefined, clearFilter: () => undefined },
        linking:
            options.linking === 'absent'
                ? undefined
                : {
                      getLinkedEntities: () => [...linked],
                      addLinkedEntity: (expression: ComponentFramework.PropertyHelper.DataSetApi.LinkEntityExposedExpression) => {
                          if (options.linking === 'throws') throw new Error('Link entities are not supported for this table.');
                          if (!linked.some((link) => link.alias === expression.alias)) linked.push({ ...expression });
                          if (options.linking === 'breaksView') linkBroken = true;
                      },
                  },
        addColumn:
            options.linking === 'absent'
                ? undefined
                : (name: string, entityAlias?: string) => {
                      if (entityAlias === undefined) {
                          if (!columns.some((column) => column.name === name)) columns.push(column(table, name, -1));
                          return;
                      }
                      const list = linkedColumns.get(entityAlias) ?? [];
                      if (!list.includes(name)) list.push(name);
                      linkedColumns.set(entityAlias, list);
                  },
        clearSelectedRecordIds: () => {
            selected = [];
            selections.push([]);
        },
        getSelectedRecordIds: () => [...selected],
        setSelectedRecordIds: (ids: string[]) => {
            selected = [...ids];
            selections.push([...ids]);
        },
        getTargetEntityType: () => (options.designer === true ? '' : table.logicalName),
        getTitle: () => (options.designer === true ? '' : options.view.title),
        getViewId: () => (options.designer === true ? '' : options.view.viewId),
        openDatasetItem: (reference: ComponentFramework.EntityReference) => {
            opened.push(reference);
        },
        refresh: () => {
            options.onLoadStart?.('first');
            start(() => loadFirstPage(), true);
        },
    };
    // The linking API is optional on the platform (model-driven only): typed as present, absent in canvas.
    const typed = dataset as unknown as ComponentFramework.PropertyTypes.DataSet;

    /** Columns to ask the server for: the view's, the property sets', the added ones. */
    const selectList = (): string[] => {
        const names = new Set<string>([primaryId]);
        for (const entry of columns) {
            if (entry.name.includes('.')) continue;
            const attribute = table.attributes.get(entry.name);
            if (attribute !== undefined) names.add(webApiPropertyName(attribute));
        }
        return [...names];
    };

    const toRecord = (entity: Record<string, unknown>): RecordValues => {
        const id = String(entity[primaryId]);
        const values = new Map<string, unknown>();
        const formatted = new Map<string, string>();
        for (const entry of columns) {
            const attribute = table.attributes.get(entry.name);
            if (attribute === undefined) continue;
            const property = webApiPropertyName(attribute);
            const raw = entity[property];
            const shown = entity[`${property}${FORMATTED}`];
            values.set(entry.name, platformValue(attribute, raw, shown));
            formatted.set(entry.name, typeof shown === 'string' ? shown : textOf(raw));
        }
        return { id, values, formatted };
    };

    /** The outer links: linked rows read as the user; nothing comes back for rows they may not read. */
    const addLinkedValues = async (rows: RecordValues[]): Promise<void> => {
        if (options.linking !== 'supported') return;
        for (const link of linked) {
            const target = requireTable(link.name);
            const wanted = linkedColumns.get(link.alias) ?? [];
            const keys = [...new Set(rows.map((row) => row.values.get(link.to)).map(referenceId).filter((id): id is string => id !== undefined))];
            const byKey = new Map<string, Record<string, unknown>>();
            if (keys.length > 0) {
                const select = [...new Set([link.from, ...wanted].map((name) => target.attributes.get(name)).filter((a): a is AttributeDefinition => a !== undefined).map(webApiPropertyName))];
                const values = JSON.stringify(keys);
                const answer = await options.read.retrieveMultipleRecords(link.name, `?$select=${select.join(',')}&$filter=Microsoft.Dynamics.CRM.In(PropertyName='${link.from}',PropertyValues=${encodeURIComponent(values)})`, 5000);
                for (const entity of answer.entities as Record<string, unknown>[]) byKey.set(String(entity[link.from]).toLowerCase(), entity);
            }
            for (const row of rows) {
                const entity = byKey.get(referenceId(row.values.get(link.to)) ?? '');
                for (const name of wanted) {
                    const attribute = target.attributes.get(name);
                    if (attribute === undefined) continue;
                    const property = webApiPropertyName(attribute);
                    const raw = entity?.[property] ?? null;
                    const shown = entity?.[`${property}${FORMATTED}`];
                    row.values.set(`${link.alias}.${name}`, platformValue(attribute, raw, shown));
                    row.formatted.set(`${link.alias}.${name}`, typeof shown === 'string' ? shown : textOf(raw));
                }
            }
            for (const name of wanted) {
                if (!columns.some((entry) => entry.name === `${link.alias}.${name}`)) {
                    columns.push({ ...column(target, name, -1), name: `${link.alias}.${name}`, alias: `${link.alias}.${name}` });
                }
            }
        }
    };

    const put = (rows: readonly RecordValues[], replace: boolean): void => {
        if (replace) {
            sortedRecordIds.length = 0;
            for (const key of Object.keys(records)) delete records[key];
        }
        for (const row of rows) {
            if (records[row.id] === undefined) sortedRecordIds.push(row.id);
            records[row.id] = entityRecord(table, row);
        }
    };

    const loadPage = async (source: string, replace: boolean): Promise<readonly string[]> => {
        const answer = await options.read.retrieveMultipleRecords(table.logicalName, source, pageSize);
        const rows = (answer.entities as Record<string, unknown>[]).map(toRecord);
        await addLinkedValues(rows);
        put(rows, replace);
        nextLink = answer.nextLink !== undefined && answer.nextLink !== '' ? answer.nextLink : undefined;
        page++;
        paging.hasNextPage = nextLink !== undefined;
        paging.lastPageNumber = page;
        paging.hasPreviousPage = page > 1 && replace;
        return ['dataset'];
    };

    const loadFirstPage = async (): Promise<readonly string[]> => {
        const orderBy = sorting
            .filter((sort) => sort.sortDirection === 0 || sort.sortDirection === 1)
            .map((sort) => table.attributes.get(sort.name))
            .filter((attribute): attribute is AttributeDefinition => attribute !== undefined);
        const directions = sorting.filter((sort) => table.attributes.has(sort.name) && (sort.sortDirection === 0 || sort.sortDirection === 1));
        const order = orderBy.map((attribute, index) => `${webApiPropertyName(attribute)} ${directions[index]?.sortDirection === 1 ? 'desc' : 'asc'}`);
        const filter = options.view.filter !== undefined ? `&$filter=${encodeURIComponent(options.view.filter)}` : '';
        const query = `?$select=${selectList().join(',')}${filter}${order.length > 0 ? `&$orderby=${order.join(',')}` : ''}`;
        page = 0;
        await loadPage(query, true);
        // The platform counts up to 5,000 rows and reports -1 beyond.
        const count = await options.read.retrieveMultipleRecords(table.logicalName, `?$select=${primaryId}${filter}`, TOTAL_COUNT_LIMIT);
        paging.totalResultCount = count.nextLink !== undefined && count.nextLink !== '' ? -1 : count.entities.length;
        // Quirk (PowerApps-Samples ModelDrivenGridControl): a sort that returns no rows does not flag the dataset.
        return sortedRecordIds.length === 0 && sorting.length > 0 ? [] : ['dataset'];
    };

    /** Runs a load; when it ends, the control gets an updateView (with the flags the platform would give). */
    const start = (work: () => Promise<readonly string[]>, isRefresh = false): void => {
        loads++;
        dataset.loading = true;
        const run = async (): Promise<void> => {
            await pending.catch(() => undefined);
            if ((options.latencyMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
            let flags: readonly string[] = ['dataset'];
            try {
                if (failNext !== undefined || (linkBroken && linked.length > 0)) {
                    const message = failNext ?? 'The view cannot load: a linked table is not supported here.';
                    failNext = undefined;
                    throw new Error(message);
                }
                flags = await work();
                dataset.error = false;
                dataset.errorMessage = '';
            } catch (error) {
                dataset.error = true;
                dataset.errorMessage = error instanceof Error ? error.message : String(error);
                if (isRefresh) put([], true);
            } finally {
                dataset.loading = false;
            }
            update?.(flags);
        };
        pending = run();
    };

    return {
        dataset: typed,
        opened,
        selections,
        get loads() {
            return loads;
        },
        attach(callback) {
            update = callback;
        },
        async load() {
            if (options.designer === true) return;
            options.onLoadStart?.('first');
            loads++;
            dataset.loading = true;
            try {
                if ((options.latencyMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
                await loadFirstPage();
                dataset.error = false;
                dataset.errorMessage = '';
            } catch (error) {
                // Like any other load: the view shows its error (the control then says so).
                dataset.error = true;
                dataset.errorMessage = error instanceof Error ? error.message : String(error);
            } finally {
                dataset.loading = false;
            }
        },
        async settled() {
            for (;;) {
                const current = pending;
                await current.catch(() => undefined);
                await Promise.resolve();
                if (current === pending) return;
            }
        },
        failNextLoad(message) {
            failNext = message;
        },
    };
}

function requireTable(name: string): TableDefinition {
    const table = TABLES.get(name);
    if (table === undefined) throw new Error(`The test host knows no table ${name}`);
    return table;
}

function column(table: TableDefinition, name: string, order: number, definition?: ViewColumnDefinition, alias?: string): ComponentFramework.PropertyHelper.DataSetApi.Column {
    const attribute = table.attributes.get(name);
    return {
        name,
        displayName: definition?.displayName ?? attribute?.displayName ?? name,
        dataType: dataTypeOf(attribute),
        alias: alias ?? name,
        order,
        visualSizeFactor: definition?.visualSizeFactor ?? 100,
        isHidden: definition?.isHidden ?? false,
        isPrimary: definition?.isPrimary ?? table.primaryNameAttribute === name,
        disableSorting: definition?.disableSorting ?? false,
    };
}

/** The view's columns, then the property sets' columns the view lacks (order -1), alias = property set name. */
function viewColumns(options: DatasetHostOptions, table: TableDefinition): ComponentFramework.PropertyHelper.DataSetApi.Column[] {
    const sets = Object.entries(options.propertySets ?? {});
    const aliasOf = (name: string): string | undefined => sets.find(([, bound]) => bound === name)?.[0];
    const result = options.view.columns.map((definition) => column(table, definition.name, definition.order, definition, aliasOf(definition.name)));
    for (const [setName, bound] of sets) {
        if (!result.some((entry) => entry.name === bound)) result.push(column(table, bound, -1, undefined, setName));
    }
    return result;
}

/** Dataset data types as the platform names them. */
function dataTypeOf(attribute: AttributeDefinition | undefined): string {
    switch (attribute?.type) {
        case 'Lookup':
        case 'Owner':
            return 'Lookup.Simple';
        case 'DateTime':
            return 'DateAndTime.DateAndTime';
        case 'Integer':
            return 'Whole.None';
        case 'Decimal':
            return 'Decimal';
        case 'Boolean':
            return 'TwoOptions';
        case 'Picklist':
            return 'OptionSet';
        case 'Uniqueidentifier':
            return 'Uniqueidentifier';
        case 'Memo':
            return 'Multiple';
        default:
            return 'SingleLine.Text';
    }
}

/** What `record.getValue` gives in model-driven apps: EntityReference for lookups, Date for dates. */
function platformValue(attribute: AttributeDefinition, raw: unknown, shown: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    if (attribute.type === 'Lookup' || attribute.type === 'Owner') {
        return { id: { guid: textOf(raw) }, name: typeof shown === 'string' ? shown : '', etn: attribute.targets?.[0] ?? '' };
    }
    if (attribute.type === 'DateTime') return new Date(textOf(raw));
    return raw;
}

/** A Web API value as text (values are strings, numbers or booleans). */
function textOf(value: unknown): string {
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function referenceId(value: unknown): string | undefined {
    const id = (value as { id?: { guid?: unknown } } | null | undefined)?.id?.guid;
    return typeof id === 'string' ? id.toLowerCase() : undefined;
}

function entityRecord(table: TableDefinition, row: RecordValues): ComponentFramework.PropertyHelper.DataSetApi.EntityRecord {
    const reference = { id: { guid: row.id }, etn: table.logicalName, name: String(row.formatted.get(table.primaryNameAttribute) ?? '') };
    return {
        getRecordId: () => row.id,
        getNamedReference: () => reference,
        getValue: (name: string) => row.values.get(name) as string,
        getFormattedValue: (name: string) => row.formatted.get(name) ?? '',
    };
}
