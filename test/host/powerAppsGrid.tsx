/**
 * A stand-in for Microsoft's Power Apps grid as a grid customizer meets it, shared by the jest tests, the
 * playground's "Power Apps grid" page and the benchmark: it offers the registration event
 * (`context.factory.fireEvent(eventName, { cellRendererOverrides })`, see
 * components/shared/host/gridCustomizer.ts for the sources) and calls the registered renderers the way the
 * grid does:
 *
 * - a window of rows is rendered at a time (infinite scroll): scrolling renders the next rows, loading the
 *   view's next page when the window passes the loaded rows;
 * - row elements are recycled: the window's slots keep their React identity and get other rows' data;
 * - a sort reloads the view and renders every visible cell again;
 * - for each cell the renderer registered for the column's data type is called with
 *   `(props: { value, formattedValue, columnDataType, isRTLMode, rowHeight }, { colDefs, columnIndex, rowData })`;
 *   `rowData` carries `__rec_id` and (unless `rowData: 'idOnly'`) the row's values by column name [guess];
 *   null or undefined falls back to the grid's own cell (the formatted value).
 *
 * Rows come from a view (test/host/dataset.ts) read as the signed-in user. Placeholder columns (text columns a
 * maker adds to host Customer Insights cells) are appended to the view's columns, empty in every row.
 * Browser-safe (no Node built-ins).
 */
import * as React from 'react';
import type { DatasetHost } from './dataset';

export interface PowerAppsGridOptions {
    /** The view behind the grid (its first page already loaded or not). */
    readonly dataset: DatasetHost;
    /** Empty text columns the maker added to the view to host cells, e.g. `cr123_cisegments`. */
    readonly placeholderColumns?: readonly { readonly name: string; readonly displayName: string; readonly width?: number }[];
    /** Rows rendered at once (the grid's viewport plus its overscan). Default 25. */
    readonly windowRows?: number;
    /** What `rowData` carries: the row's values by column name [default], or only `__rec_id`. */
    readonly rowData?: 'values' | 'idOnly';
    /** The host offers no registration event (an older grid, or no grid at all). */
    readonly noRegistrationEvent?: boolean;
}

/** The grid's data type names for the dataset types (template types.ts `ColumnDataType`). */
const GRID_DATA_TYPES: Readonly<Record<string, string>> = {
    'SingleLine.Text': 'Text',
    'SingleLine.Email': 'Email',
    'SingleLine.Phone': 'Phone',
    'SingleLine.URL': 'URL',
    Multiple: 'TextArea',
    'Lookup.Simple': 'Lookup',
    'Lookup.Customer': 'Customer',
    'Lookup.Owner': 'Owner',
    'Whole.None': 'Integer',
    Decimal: 'Decimal',
    OptionSet: 'OptionSet',
    TwoOptions: 'TwoOptions',
    'DateAndTime.DateAndTime': 'DateAndTime',
    'DateAndTime.DateOnly': 'DateOnly',
};

export interface GridColumnDefinition {
    readonly name: string;
    readonly displayName: string;
    readonly dataType: string;
    readonly isPrimary: boolean;
    /** Pixels (the view's `visualSizeFactor` for its own columns, as Microsoft's grid sample reads it). */
    readonly width: number;
}

/** Width of a column without one, in pixels. */
const DEFAULT_WIDTH = 150;

type Renderer = (props: unknown, params: unknown) => React.ReactElement | null | undefined;

export interface PowerAppsGridHarness {
    /** The value the grid puts into the customizer's `EventName` property. */
    readonly eventName: string;
    /** `context.factory.fireEvent` for the customizer's host context; undefined with `noRegistrationEvent`. */
    readonly fireEvent: ((eventName: string, payload: unknown) => void) | undefined;
    /** The customizer registered renderers. */
    readonly registered: boolean;
    readonly columns: readonly GridColumnDefinition[];
    /** Index of the first rendered row. */
    readonly firstRow: number;
    readonly windowRows: number;
    /** Rows the view has loaded so far. */
    readonly loadedRows: number;
    /** Times a renderer was called (cells drawn by the customizer or handed back to the grid). */
    readonly rendererCalls: number;
    /** Moves the window to start at `row` (loads the view's next pages as needed, like infinite scroll). */
    scrollTo(row: number): Promise<void>;
    /** Sorts the view by a column and renders from the top. */
    sort(column: string, descending: boolean): Promise<void>;
    /** The grid itself, to render inside the page's React tree. */
    readonly Grid: React.FC<{ readonly isRTL?: boolean }>;
}

const EVENT_NAME = 'cibu-test-grid.customizer';

export function createPowerAppsGrid(options: PowerAppsGridOptions): PowerAppsGridHarness {
    const { dataset } = options;
    const windowRows = Math.max(1, options.windowRows ?? 25);
    const listeners = new Set<() => void>();
    const notify = (): void => {
        for (const listener of [...listeners]) listener();
    };
    let renderers: Readonly<Record<string, Renderer | undefined>> | undefined;
    let firstRow = 0;
    let rendererCalls = 0;
    dataset.attach(() => notify());

    const columns = (): GridColumnDefinition[] => {
        const own = dataset.dataset.columns
            .filter((column) => column.order >= 0 && column.isHidden !== true)
            .sort((a, b) => a.order - b.order)
            .map((column) => ({
                name: column.name,
                displayName: column.displayName,
                dataType: GRID_DATA_TYPES[column.dataType] ?? 'Text',
                isPrimary: column.isPrimary === true,
                width: column.visualSizeFactor > 0 ? column.visualSizeFactor : DEFAULT_WIDTH,
            }));
        return [...own, ...(options.placeholderColumns ?? []).map((column) => ({ name: column.name, displayName: column.displayName, dataType: 'Text', isPrimary: false, width: column.width ?? DEFAULT_WIDTH }))];
    };

    const loaded = (): number => dataset.dataset.sortedRecordIds.length;

    /** Infinite scroll: loads next pages until the window is filled or the view has no more rows. */
    const fill = async (): Promise<void> => {
        for (let pages = 0; pages < 1000 && firstRow + windowRows > loaded() && dataset.dataset.paging.hasNextPage; pages++) {
            dataset.dataset.paging.loadNextPage();
            await dataset.settled();
        }
    };

    const fireEvent = (eventName: string, payload: unknown): void => {
        if (eventName !== EVENT_NAME) return;
        const overrides = (payload as { cellRendererOverrides?: unknown } | null)?.cellRendererOverrides;
        renderers = overrides !== null && typeof overrides === 'object' ? (overrides as Record<string, Renderer | undefined>) : undefined;
        notify();
    };

    const Grid: React.FC<{ readonly isRTL?: boolean }> = ({ isRTL = false }) => {
        const [, rerender] = React.useReducer((count: number) => count + 1, 0);
        React.useEffect(() => {
            listeners.add(rerender);
            return () => {
                listeners.delete(rerender);
            };
        }, []);
        const colDefs = columns();
        const ids = dataset.dataset.sortedRecordIds.slice(firstRow, firstRow + windowRows);
        return (
            <div role="grid" aria-label={dataset.dataset.getTitle()} aria-rowcount={loaded() + 1} data-testid="power-apps-grid" className="pa-grid">
                <div role="row" aria-rowindex={1} className="pa-grid-row pa-grid-header">
                    {colDefs.map((column) => (
                        <span role="columnheader" key={column.name} data-column={column.name} className="pa-grid-cell" style={{ width: column.width, minWidth: column.width, maxWidth: column.width }}>
                            {column.displayName}
                        </span>
                    ))}
                </div>
                {ids.map((id, slot) => {
                    const record = dataset.dataset.records[id];
                    const rowData: Record<string, unknown> = { __rec_id: id };
                    if (options.rowData !== 'idOnly' && record !== undefined) for (const column of colDefs) rowData[column.name] = valueOf(record, column.name);
                    return (
                        // Recycled: a slot keeps its identity while the rows scroll through it.
                        <div role="row" key={slot} aria-rowindex={firstRow + slot + 2} data-row-id={id} className="pa-grid-row">
                            {colDefs.map((column, columnIndex) => {
                                const value = record === undefined ? null : valueOf(record, column.name);
                                const formattedValue = record === undefined ? '' : formattedOf(record, column.name);
                                const renderer = renderers?.[column.dataType];
                                let element: React.ReactElement | null | undefined;
                                if (renderer !== undefined) {
                                    rendererCalls++;
                                    element = renderer({ value, formattedValue, columnDataType: column.dataType, isRTLMode: isRTL, rowHeight: 42 }, { colDefs, columnIndex, rowData });
                                }
                                return (
                                    <span role="gridcell" key={column.name} data-column={column.name} className="pa-grid-cell" style={{ width: column.width, minWidth: column.width, maxWidth: column.width }}>
                                        {element ?? <span data-grid-own-cell="">{formattedValue}</span>}
                                    </span>
                                );
                            })}
                        </div>
                    );
                })}
            </div>
        );
    };

    return {
        eventName: EVENT_NAME,
        fireEvent: options.noRegistrationEvent === true ? undefined : fireEvent,
        get registered() {
            return renderers !== undefined;
        },
        get columns() {
            return columns();
        },
        get firstRow() {
            return firstRow;
        },
        windowRows,
        get loadedRows() {
            return loaded();
        },
        get rendererCalls() {
            return rendererCalls;
        },
        async scrollTo(row) {
            firstRow = Math.max(0, Math.floor(row));
            await fill();
            firstRow = Math.min(firstRow, Math.max(0, loaded() - 1));
            notify();
        },
        async sort(column, descending) {
            const sorting = dataset.dataset.sorting;
            sorting.splice(0, sorting.length, { name: column, sortDirection: descending ? 1 : 0 });
            dataset.dataset.refresh();
            await dataset.settled();
            firstRow = 0;
            await fill();
            notify();
        },
        Grid,
    };
}

function valueOf(record: ComponentFramework.PropertyHelper.DataSetApi.EntityRecord, name: string): unknown {
    try {
        return record.getValue(name) ?? null;
    } catch {
        return null;
    }
}

function formattedOf(record: ComponentFramework.PropertyHelper.DataSetApi.EntityRecord, name: string): string {
    try {
        return record.getFormattedValue(name) ?? '';
    } catch {
        return '';
    }
}
