/**
 * What each Customer Insights cell of a row shows, as plain data (tested without React): the owning business
 * unit, segment tags with "+N", one measure value, freshness, or the row's honest state. Shared by every
 * control that shows Customer Insights per row (the grid control, a grid customizer's cells).
 *
 * A row without facts (no profile, not visible in your business unit, read failed) says so once, in its
 * first Customer Insights cell; the others stay empty. A profile that came back but one of its tables did
 * not says so in that table's cells ("no access", "not loaded").
 */
import type { InsightsFailure } from '../failure';
import { measureTiles, type MeasureSpec, type TileValue } from '../measureSpec';
import type { RowState } from '../pageLoad';
import type { RowMeasures, RowSegments, TableRead } from '../pageEnricher';
import { readableName } from '../readableName';
import type { BusinessUnitRef } from '../rows';
import { segmentTags, type SegmentTag } from '../segmentTags';

export type InsightColumnKind = 'businessUnit' | 'segments' | 'measure' | 'freshness';

export interface InsightColumn {
    /** Stable id, e.g. `ci:segments`, `ci:measure:TotalSpend`. */
    readonly id: string;
    readonly kind: InsightColumnKind;
    /** String key of the header, or (measures) the label to show as it is. */
    readonly headerKey?: string;
    readonly label?: string;
    readonly spec?: MeasureSpec;
}

export interface InsightColumnSettings {
    readonly businessUnit: boolean;
    readonly segments: boolean;
    /** Measures the maker listed; the first `maxMeasures` become columns. */
    readonly measures: readonly MeasureSpec[];
    readonly maxMeasures: number;
    readonly freshness: boolean;
}

/** Most measure columns a maker may switch on. */
export const MAX_MEASURE_COLUMNS = 10;

export function insightColumns(settings: InsightColumnSettings): InsightColumn[] {
    const columns: InsightColumn[] = [];
    if (settings.businessUnit) columns.push({ id: 'ci:businessUnit', kind: 'businessUnit', headerKey: 'Column_BusinessUnit' });
    if (settings.segments) columns.push({ id: 'ci:segments', kind: 'segments', headerKey: 'Column_Segments' });
    const limit = Math.max(0, Math.min(MAX_MEASURE_COLUMNS, Math.floor(settings.maxMeasures)));
    for (const spec of settings.measures.slice(0, limit)) {
        columns.push({ id: `ci:measure:${spec.name}`, kind: 'measure', label: spec.label ?? readableName(spec.name), spec });
    }
    if (settings.freshness) columns.push({ id: 'ci:freshness', kind: 'freshness', headerKey: 'Column_Updated' });
    return columns;
}

/** States a cell shows as an icon with text. */
export type CellState = 'noProfile' | 'notVisible' | 'notLoaded' | 'noAccess' | 'noSegments' | 'unreadable' | 'unavailable' | 'unknownBusinessUnit';

/** The text of each state (short: a cell is narrow). */
export const CELL_STATE_KEYS: Readonly<Record<CellState, string>> = {
    noProfile: 'Cell_NoProfile',
    notVisible: 'Cell_NotVisible',
    notLoaded: 'Cell_NotLoaded',
    noAccess: 'Cell_NoAccess',
    noSegments: 'Cell_NoSegments',
    unreadable: 'Cell_Unreadable',
    unavailable: 'Cell_Unavailable',
    unknownBusinessUnit: 'Origin_UnknownBusinessUnit',
};

export type CellModel =
    | { readonly kind: 'loading' }
    | { readonly kind: 'empty' }
    | { readonly kind: 'state'; readonly state: CellState }
    | { readonly kind: 'businessUnit'; readonly unit: BusinessUnitRef & { readonly name: string } }
    | { readonly kind: 'segments'; readonly shown: readonly SegmentTag[]; readonly more: readonly SegmentTag[]; readonly partial: boolean }
    | { readonly kind: 'measure'; readonly value: Exclude<TileValue, { kind: 'unavailable' }>; readonly rating?: 'good' | 'bad' }
    | { readonly kind: 'freshness'; readonly modifiedOn: Date };

export interface SegmentDisplay {
    /** Output name → friendly name (the maker's mapping). */
    readonly names: ReadonlyMap<string, string>;
    /** Tags shown before "+N". */
    readonly tagLimit: number;
    readonly locale: string;
}

/**
 * The cell of `column` for a row in `state`. `first`: this is the row's first Customer Insights column (where
 * a row without facts says why).
 */
export function insightCell(column: InsightColumn, state: RowState | undefined, first: boolean, segmentDisplay: SegmentDisplay): CellModel {
    if (state === undefined || state.kind === 'loading') return { kind: 'loading' };
    if (state.kind === 'failed') return first ? { kind: 'state', state: 'notLoaded' } : { kind: 'empty' };
    if (state.kind === 'noProfile' || state.kind === 'notVisible') return first ? { kind: 'state', state: state.kind } : { kind: 'empty' };
    switch (column.kind) {
        case 'businessUnit': {
            const unit = state.profile.owningBusinessUnit;
            return unit?.name !== undefined ? { kind: 'businessUnit', unit: { ...unit, name: unit.name } } : { kind: 'state', state: 'unknownBusinessUnit' };
        }
        case 'segments':
            return segmentsCell(state.segments, segmentDisplay);
        case 'measure':
            return measureCell(state.measures, column.spec);
        case 'freshness': {
            const dates = [state.profile.modifiedOn, readValue(state.segments)?.modifiedOn, readValue(state.measures)?.modifiedOn].filter((date): date is Date => date !== undefined);
            const newest = dates.sort((a, b) => b.getTime() - a.getTime())[0];
            return newest !== undefined ? { kind: 'freshness', modifiedOn: newest } : { kind: 'state', state: 'unavailable' };
        }
    }
}

function segmentsCell(read: TableRead<RowSegments>, display: SegmentDisplay): CellModel {
    if (read.status === 'off') return { kind: 'empty' };
    if (read.status === 'failed') return { kind: 'state', state: failedState(read.failure) };
    if (read.value.parse === 'unreadable') return { kind: 'state', state: 'unreadable' };
    if (read.value.names.length === 0) return { kind: 'state', state: 'noSegments' };
    const tags = segmentTags(read.value.names, display.names, display.locale);
    const limit = Math.max(1, Math.floor(display.tagLimit));
    return { kind: 'segments', shown: tags.slice(0, limit), more: tags.slice(limit), partial: read.value.parse === 'partial' };
}

function measureCell(read: TableRead<RowMeasures>, spec: MeasureSpec | undefined): CellModel {
    if (read.status === 'off' || spec === undefined) return { kind: 'empty' };
    if (read.status === 'failed') return { kind: 'state', state: failedState(read.failure) };
    const [tile] = measureTiles(read.value.measures, { specs: [spec], rejectedLines: [] });
    if (tile === undefined || tile.value.kind === 'unavailable') return { kind: 'state', state: read.value.parse === 'unreadable' ? 'unreadable' : 'unavailable' };
    return { kind: 'measure', value: tile.value, ...(tile.rating !== undefined ? { rating: tile.rating } : {}) };
}

/** A table the user may not read says "no access"; any other failure "not loaded" (the banner says why). */
function failedState(failure: InsightsFailure): CellState {
    return failure.kind === 'noPrivilege' || failure.kind === 'notVisible' ? 'noAccess' : 'notLoaded';
}

function readValue<T>(read: TableRead<T>): T | undefined {
    return read.status === 'read' ? read.value : undefined;
}

/** How many rows have their Customer Insights state settled (for the announcement). */
export function settledRows(states: readonly (RowState | undefined)[]): number {
    return states.filter((state) => state !== undefined && state.kind !== 'loading').length;
}
