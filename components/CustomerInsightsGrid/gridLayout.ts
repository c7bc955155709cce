/**
 * Pure layout of the grid: column widths from the view's weights, the rows to render for a scroll position
 * (only those near the viewport, so 5,000 loaded rows cost what 40 do), and where the active cell moves on a
 * key (the ARIA grid pattern: arrows, Home/End, Ctrl+Home/End, Page Up/Down).
 */

/** Every row has this height, so the rows to render follow from the scroll position alone. */
export const ROW_HEIGHT = 40;
export const HEADER_HEIGHT = 40;
/** Rows rendered beyond the viewport on each side (arrow keys and fast scrolling never meet an empty row). */
export const OVERSCAN = 8;
/** No column gets narrower than this from the view's weights (users may still narrow it). */
export const MIN_COLUMN_WIDTH = 100;
/** Narrowest a user can make a column. */
export const MIN_RESIZED_WIDTH = 48;
export const MAX_COLUMN_WIDTH = 1200;
/** Keyboard resizing steps: like Fluent's DataGrid (20 px, a quarter with Shift). */
export const RESIZE_STEP = 20;
export const RESIZE_FINE_STEP = 5;
/** Viewport height when the host gives none (a subgrid): about 12 rows. */
export const DEFAULT_VIEWPORT_HEIGHT = 12 * ROW_HEIGHT;

export interface WidthColumn {
    readonly id: string;
    readonly weight: number;
    /** A fixed width (the selection column). */
    readonly fixed?: number;
    /** This column's own floor, above {@link MIN_COLUMN_WIDTH} (a business-unit badge needs more to be read). */
    readonly min?: number;
}

/**
 * Widths in pixels: fixed columns keep theirs; the others share the available width by weight, never below
 * {@link MIN_COLUMN_WIDTH} nor their own floor (the grid scrolls sideways when they do not fit); a user's own
 * width wins.
 */
export function columnWidths(columns: readonly WidthColumn[], available: number, resized: ReadonlyMap<string, number>): number[] {
    const fixed = columns.reduce((sum, column) => sum + (column.fixed ?? 0), 0);
    const weights = columns.reduce((sum, column) => sum + (column.fixed === undefined ? Math.max(0, column.weight) : 0), 0);
    const room = Math.max(0, (Number.isFinite(available) ? available : 0) - fixed);
    return columns.map((column) => {
        const own = resized.get(column.id);
        if (own !== undefined) return clampWidth(own);
        if (column.fixed !== undefined) return column.fixed;
        const share = weights > 0 ? (room * Math.max(0, column.weight)) / weights : 0;
        return Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, column.min ?? 0), Math.floor(share));
    });
}

export function clampWidth(width: number): number {
    return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_RESIZED_WIDTH, Math.round(width)));
}

/** Rows [start, end) to render for a scroll position. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowCount: number): { readonly start: number; readonly end: number } {
    const top = Math.max(0, scrollTop);
    const height = viewportHeight > 0 ? viewportHeight : DEFAULT_VIEWPORT_HEIGHT;
    const first = Math.floor(top / ROW_HEIGHT);
    const last = Math.ceil((top + height) / ROW_HEIGHT);
    return { start: Math.max(0, first - OVERSCAN), end: Math.min(rowCount, last + OVERSCAN) };
}

/** A cell position: row 0 is the header, rows 1..n the data rows. */
export interface CellPosition {
    readonly row: number;
    readonly column: number;
}

export interface GridKey {
    readonly key: string;
    readonly ctrlKey: boolean;
    readonly metaKey: boolean;
    readonly shiftKey: boolean;
    readonly altKey: boolean;
}

/**
 * Where the active cell goes for a navigation key, or undefined when the key is not a navigation key. Left
 * and right follow the reading direction (mirrored right to left). `pageRows`: rows per Page Up/Down.
 */
export function moveCell(from: CellPosition, key: GridKey, size: { readonly rows: number; readonly columns: number }, rtl: boolean, pageRows: number): CellPosition | undefined {
    if (key.altKey) return undefined;
    const lastRow = Math.max(0, size.rows);
    const lastColumn = Math.max(0, size.columns - 1);
    const control = key.ctrlKey || key.metaKey;
    const at = (row: number, column: number): CellPosition => ({ row: Math.min(lastRow, Math.max(0, row)), column: Math.min(lastColumn, Math.max(0, column)) });
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    switch (key.key) {
        case 'ArrowDown':
            return control ? undefined : at(from.row + 1, from.column);
        case 'ArrowUp':
            return control ? undefined : at(from.row - 1, from.column);
        case forward:
            return control ? undefined : at(from.row, from.column + 1);
        case backward:
            return control ? undefined : at(from.row, from.column - 1);
        case 'Home':
            return control ? at(0, 0) : at(from.row, 0);
        case 'End':
            return control ? at(lastRow, lastColumn) : at(from.row, lastColumn);
        case 'PageDown':
            return at(from.row + Math.max(1, pageRows), from.column);
        case 'PageUp':
            return at(from.row - Math.max(1, pageRows), from.column);
        default:
            return undefined;
    }
}

/**
 * The width change for a keyboard resize on a header (Ctrl + Left/Right, Shift for fine steps), or undefined.
 * The arrow pointing away from the column's start widens it (mirrored right to left).
 */
export function resizeDelta(key: GridKey, rtl: boolean): number | undefined {
    if (!(key.ctrlKey || key.metaKey) || key.altKey) return undefined;
    const step = key.shiftKey ? RESIZE_FINE_STEP : RESIZE_STEP;
    const widen = rtl ? 'ArrowLeft' : 'ArrowRight';
    const narrow = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (key.key === widen) return step;
    if (key.key === narrow) return -step;
    return undefined;
}

/** The scroll position that shows `row` (0-based data row) within the viewport, or undefined when it is. */
export function scrollToShow(row: number, scrollTop: number, viewportHeight: number): number | undefined {
    const height = viewportHeight > 0 ? viewportHeight : DEFAULT_VIEWPORT_HEIGHT;
    const top = row * ROW_HEIGHT;
    // The header is sticky at the top of the scroll area: rows hide under it.
    if (top < scrollTop) return top;
    if (top + ROW_HEIGHT > scrollTop + height - HEADER_HEIGHT) return top + ROW_HEIGHT - (height - HEADER_HEIGHT);
    return undefined;
}
