/**
 * Which host columns of the Power Apps grid show which Customer Insights cell, and the cells' other settings,
 * from the manifest's properties (no logic beyond reading and bounding the values).
 *
 * A host column is chosen by name: the maker's "Cell columns" list (`column = kind` per line), else the
 * defaults below. Whether the grid passes a customizer any property value is unverified (see
 * ../shared/host/gridCustomizer.ts), so the defaults must work alone.
 */
import type { IInputs } from './generated/ManifestTypes';
import type { GridCellsSettings } from '../shared/host/gridCellsSession';
import { parseMeasureSpecs, type MeasureSpec } from '../shared/measureSpec';
import { parseNameMapping } from '../shared/readableName';
import { ContactColumns } from '../shared/schema';
import { textInput, wholeNumberInput } from '../shared/host/inputValues';

export type CellKind = 'businessUnit' | 'segments' | 'measures' | 'freshness';

const KIND_WORDS: Readonly<Record<string, CellKind>> = {
    businessunit: 'businessUnit',
    segments: 'segments',
    measures: 'measures',
    freshness: 'freshness',
};

/**
 * Default host columns: the backstamped profile lookup shows the business unit (and, for a row without a
 * readable profile, why), and placeholder text columns named `<prefix>_cibusinessunit`, `<prefix>_cisegments`,
 * `<prefix>_cimeasures` or `<prefix>_cifreshness` (any publisher prefix) show that kind [guess: a naming
 * convention of this library, overridden by the "Cell columns" property].
 */
const PLACEHOLDER = /^[a-z0-9]+_ci(businessunit|segments|measures|freshness)$/;

export interface CellsSettings {
    readonly session: GridCellsSettings;
    /** The kind of cell a host column shows; undefined leaves the column to the grid. */
    kindOf(columnName: string): CellKind | undefined;
    /** The column holding the backstamped profile lookup (its values locate the row's profile). */
    readonly lookupColumn: string;
    readonly segmentNames: ReadonlyMap<string, string>;
    readonly segmentTagLimit: number;
    /** Measures the maker listed; empty: the row's own measures, by name. */
    readonly measures: readonly MeasureSpec[];
    /** Measure values per cell. */
    readonly measureCount: number;
}

/** Lines `column = kind`; unknown kinds and malformed lines are skipped. */
export function parseCellColumns(text: string | null | undefined): ReadonlyMap<string, CellKind> {
    const columns = new Map<string, CellKind>();
    for (const line of (text ?? '').split(/\r?\n|;/)) {
        const separator = line.indexOf('=');
        if (separator <= 0) continue;
        const column = line.slice(0, separator).trim().toLowerCase();
        const kind = KIND_WORDS[line.slice(separator + 1).trim().toLowerCase().replace(/[\s_-]/g, '')];
        if (column !== '' && kind !== undefined) columns.set(column, kind);
    }
    return columns;
}

export function readCellsSettings(parameters: IInputs): CellsSettings {
    const maker = parseCellColumns(parameters.cellColumns?.raw);
    const lookupColumn = ContactColumns.profileLookup;
    const kindOf = (columnName: string): CellKind | undefined => {
        const name = columnName.trim().toLowerCase();
        if (maker.size > 0) return maker.get(name);
        if (name === lookupColumn) return 'businessUnit';
        const match = PLACEHOLDER.exec(name);
        return match !== null ? KIND_WORDS[match[1]] : undefined;
    };
    const alternateKeyTable = textInput(parameters.alternateKeyTable);
    const profileKeyColumn = textInput(parameters.profileKeyColumn);
    const kinds = maker.size > 0 ? new Set(maker.values()) : undefined;
    return {
        session: {
            links: {
                useRecordLookup: true,
                useAlternateKeys: parameters.useAlternateKeys?.raw !== 'no',
                ...(alternateKeyTable !== undefined ? { alternateKeyEntityName: alternateKeyTable } : {}),
                ...(profileKeyColumn !== undefined ? { profileKeyColumn } : {}),
            },
            // With the maker's list, only the tables a listed kind shows are read; with the defaults every
            // placeholder kind may appear, so segments and measures are read (one request per batch each).
            segments: kinds === undefined || kinds.has('segments'),
            measures: kinds === undefined || kinds.has('measures'),
        },
        kindOf,
        lookupColumn,
        segmentNames: parseNameMapping(parameters.segmentNames?.raw),
        segmentTagLimit: wholeNumberInput(parameters.segmentTags, 2, 1, 20),
        measures: parseMeasureSpecs(parameters.measures?.raw).specs,
        measureCount: wholeNumberInput(parameters.measureCount, 2, 1, 10),
    };
}
