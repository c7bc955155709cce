/**
 * The one place that knows the Power Apps grid's customizer contract, which is only partly documented. A
 * platform change touches this file alone. Sources:
 *
 * - PCF docs, "Customize the editable grid control" (MicrosoftDocs/powerapps-docs,
 *   developer/component-framework/customize-editable-grid-control.md): a grid customizer is a PCF control that
 *   supplies cell renderers (and editors) per column data type; "each grid can only have a single grid
 *   customizer control assigned"; the maker sets the grid's "Customizer control" property to
 *   `{publisher prefix}_{namespace}.{control name}`; "If the function returns null or undefined, then the grid
 *   will use the internal renderer".
 * - Microsoft's template, microsoft/PowerApps-Samples component-framework/PowerAppsGridCustomizerControl
 *   (and resources/GridCustomizerControlTemplate), commit 3297c082 (2026-08-05): `PAGridCustomizer/index.ts`
 *   and `types.ts`. Undocumented and taken from there:
 *   - registration: the manifest has a bound `SingleLine.Text` property `EventName`; in `init` the control
 *     calls `context.factory.fireEvent(eventName, { cellRendererOverrides, cellEditorOverrides })` (the
 *     member is not in the PCF types);
 *   - `cellRendererOverrides` is keyed by data type names such as `Text`, `Lookup`, `Integer` (the grid's own
 *     names, not the dataset's `SingleLine.Text`); a renderer gets `(props, rendererParams)`:
 *     `props.value`, `props.formattedValue`, `props.columnDataType`, `props.isRTLMode`;
 *     `rendererParams.colDefs[rendererParams.columnIndex].name` and `rendererParams.rowData.__rec_id`.
 * - Diana Birkelbach, "Fetch Related Records with Power Apps Grid Customizer Control" (2022-10-01) and
 *   "Optimized Fetching of Related Records inside Power Apps Grid Customizer PCF" (2022-10-29): renderers are
 *   called a few rows at a time as the user scrolls (hence the batching in ../cellBatches.ts), and a value that
 *   is not a column of the table needs a placeholder column in the view.
 * - [guess] what `rowData` holds besides `__rec_id` (values of the other columns by name, in which shape), and
 *   the shape of a lookup cell's `value` (an EntityReference, a LookupValue, or a list of them): read
 *   defensively below, and the cells work from the record id alone when nothing else is there.
 * - [guess] whether the grid passes a customizer the default values of its other manifest properties (makers
 *   cannot set them: "lack the ability to inject parameters", itmustbecode.com): the control works with none.
 *
 * When the host offers no registration (no event name, no `factory.fireEvent`, or it throws), nothing is
 * registered and the grid simply shows its own cells: {@link registerGridCustomizer} says why, for the
 * control's designed note.
 */
import type * as React from 'react';

/** `rowData` key of the row's record id (template types.ts, `RECID`). */
export const RECORD_ID_KEY = '__rec_id';

/** A cell renderer as the grid calls it; null or undefined lets the grid draw its own cell. */
export type GridCellRenderer = (props: unknown, rendererParams: unknown) => React.ReactElement | null | undefined;

/** Renderers by the grid's data type name (`Text`, `Lookup`, ...). */
export type GridCellRendererOverrides = Readonly<Partial<Record<GridDataType, GridCellRenderer>>>;

/** The grid's data type names (template types.ts, `ColumnDataType`) that can host Customer Insights cells. */
export const HOST_DATA_TYPES = ['Text', 'TextArea', 'Email', 'Phone', 'URL', 'Ticker', 'Lookup', 'Customer', 'Owner', 'Integer', 'Decimal', 'AutoNumber'] as const;
export type GridDataType = (typeof HOST_DATA_TYPES)[number];

/** One cell the grid asks for, read defensively from the renderer's two parameters. */
export interface GridCell {
    /** Record id of the row (`rowData.__rec_id`). */
    readonly rowId: string;
    /** Logical name of the cell's column (`colDefs[columnIndex].name`). */
    readonly columnName: string;
    /** Names of all columns in the grid's order (to find a row's first Customer Insights cell). */
    readonly columnNames: readonly string[];
    readonly value: unknown;
    readonly formattedValue: string | undefined;
    readonly isRTL: boolean;
    /** A value of another column of the row, when the grid gives it in `rowData` [guess]. */
    rowValue(columnName: string): unknown;
}

export type GridCustomizerRegistration = { readonly kind: 'registered'; readonly eventName: string } | { readonly kind: 'unavailable'; readonly reason: 'noEventName' | 'noFactoryEvent' | 'refused' };

/**
 * Registers the renderers with the grid that hosts this control. Call once, in init. Never throws: without
 * the grid's registration event the grid keeps its own cells.
 */
export function registerGridCustomizer(context: ComponentFramework.Context<unknown>, eventName: unknown, cellRendererOverrides: GridCellRendererOverrides): GridCustomizerRegistration {
    if (typeof eventName !== 'string' || eventName.trim() === '') return { kind: 'unavailable', reason: 'noEventName' };
    let fireEvent: unknown;
    try {
        fireEvent = (context.factory as unknown as { fireEvent?: unknown }).fireEvent;
    } catch {
        fireEvent = undefined;
    }
    if (typeof fireEvent !== 'function') return { kind: 'unavailable', reason: 'noFactoryEvent' };
    try {
        // The template's payload (PAOneGridCustomizer): renderer overrides; no editors (the cells are read-only).
        (fireEvent as (name: string, payload: unknown) => unknown).call(context.factory, eventName, { cellRendererOverrides });
        return { kind: 'registered', eventName };
    } catch {
        return { kind: 'unavailable', reason: 'refused' };
    }
}

/** The renderer's parameters as a {@link GridCell}; undefined when they lack a row id or a column name. */
export function readGridCell(props: unknown, rendererParams: unknown): GridCell | undefined {
    try {
        const params = rendererParams as { colDefs?: unknown; columnIndex?: unknown; rowData?: unknown } | null | undefined;
        const colDefs = Array.isArray(params?.colDefs) ? (params.colDefs as unknown[]) : [];
        const index = typeof params?.columnIndex === 'number' ? params.columnIndex : -1;
        const columnNames = colDefs.map((definition) => {
            const name = (definition as { name?: unknown } | null)?.name;
            return typeof name === 'string' ? name : '';
        });
        const columnName = columnNames[index];
        const rowData = params?.rowData !== null && typeof params?.rowData === 'object' ? (params.rowData as Record<string, unknown>) : undefined;
        const rowId = rowData?.[RECORD_ID_KEY];
        if (columnName === undefined || columnName === '' || typeof rowId !== 'string' || rowId === '') return undefined;
        const cellProps = props !== null && typeof props === 'object' ? (props as { value?: unknown; formattedValue?: unknown; isRTLMode?: unknown }) : {};
        return {
            rowId,
            columnName,
            columnNames,
            value: cellProps.value,
            formattedValue: typeof cellProps.formattedValue === 'string' ? cellProps.formattedValue : undefined,
            isRTL: cellProps.isRTLMode === true,
            rowValue: (name) => rowData?.[name],
        };
    } catch {
        return undefined;
    }
}

/**
 * The record id a lookup value points to, in the shapes a host may use [guess]: an EntityReference
 * `{ id: { guid } }`, a LookupValue `{ id }`, a list of either (the grid's lookup cells), or the id itself.
 */
export function lookupIdOf(value: unknown): string | undefined {
    try {
        const first = Array.isArray(value) ? (value as unknown[])[0] : value;
        if (typeof first === 'string') return first.trim() !== '' ? first : undefined;
        const id = (first as { id?: unknown } | null | undefined)?.id;
        if (typeof id === 'string') return id.trim() !== '' ? id : undefined;
        const guid = (id as { guid?: unknown } | null | undefined)?.guid;
        return typeof guid === 'string' && guid.trim() !== '' ? guid : undefined;
    } catch {
        return undefined;
    }
}
