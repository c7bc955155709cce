/**
 * The maker's list of measures (and, in other controls, of any named values: prediction keys, grid measure
 * columns, each control with its own formats: `parseValueSpecs`), one per line:
 * `name | label | format | good when | bad when`, e.g.
 * `TotalSpend | Total spend | currency | >= 1000 | < 100`. Everything after the name is optional. A line the
 * control cannot read is skipped and reported, never fatal: one typo must not hide every tile.
 */
import { isNonFiniteNumber, type MeasureValue } from './parsers';
import { readableName } from './readableName';

export type MeasureFormat = 'number' | 'currency' | 'percent' | 'days' | 'text';
/**
 * Formats of named values in the other controls (the intelligence control's prediction keys): the measure
 * formats, plus `probability` (a 0–1 score shown as a percentage with a text band) and `list` (a ranked list).
 */
export type ValueFormat = MeasureFormat | 'probability' | 'list';
export type Comparison = '>=' | '>' | '<=' | '<' | '=' | '!=';

export interface Threshold {
    readonly comparison: Comparison;
    readonly value: number;
}

/** One line of the maker's list; `F` is the formats the control offers. */
export interface ValueSpec<F extends string = ValueFormat> {
    readonly name: string;
    readonly label?: string;
    readonly format?: F;
    readonly good?: Threshold;
    readonly bad?: Threshold;
}

export type MeasureSpec = ValueSpec<MeasureFormat>;

export interface ValueSpecList<F extends string = ValueFormat> {
    readonly specs: readonly ValueSpec<F>[];
    /** Lines (1-based) that could not be read, for the maker. */
    readonly rejectedLines: readonly number[];
}

export type MeasureSpecList = ValueSpecList<MeasureFormat>;

export const MEASURE_FORMATS: readonly MeasureFormat[] = ['number', 'currency', 'percent', 'days', 'text'];
export const VALUE_FORMATS: readonly ValueFormat[] = [...MEASURE_FORMATS, 'probability', 'list'];

export function parseThreshold(text: string): Threshold | undefined {
    const match = /^(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)$/.exec(text.trim());
    if (match === null) return undefined;
    return { comparison: match[1] as Comparison, value: Number(match[2]) };
}

export function parseMeasureSpecs(text: string | null | undefined): MeasureSpecList {
    return parseValueSpecs(text, MEASURE_FORMATS);
}

/** The line syntax with the formats a control offers (a format outside `formats` rejects the line). */
export function parseValueSpecs<F extends string>(text: string | null | undefined, formats: readonly F[]): ValueSpecList<F> {
    const specs: ValueSpec<F>[] = [];
    const rejectedLines: number[] = [];
    (text ?? '').split(/\r?\n/).forEach((line, index) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        const [name = '', label = '', format = '', good = '', bad = ''] = trimmed.split('|').map((part) => part.trim());
        const formatValue = format.toLowerCase() as F;
        const goodThreshold = good === '' ? undefined : parseThreshold(good);
        const badThreshold = bad === '' ? undefined : parseThreshold(bad);
        if (name === '' || (format !== '' && !formats.includes(formatValue)) || (good !== '' && !goodThreshold) || (bad !== '' && !badThreshold)) {
            rejectedLines.push(index + 1);
            return;
        }
        specs.push({
            name,
            ...(label !== '' ? { label } : {}),
            ...(format !== '' ? { format: formatValue } : {}),
            ...(goodThreshold ? { good: goodThreshold } : {}),
            ...(badThreshold ? { bad: badThreshold } : {}),
        });
    });
    return { specs, rejectedLines };
}

export function meets(value: number, threshold: Threshold): boolean {
    switch (threshold.comparison) {
        case '>=':
            return value >= threshold.value;
        case '>':
            return value > threshold.value;
        case '<=':
            return value <= threshold.value;
        case '<':
            return value < threshold.value;
        case '=':
            return value === threshold.value;
        case '!=':
            return value !== threshold.value;
    }
}

export type TileValue =
    | {
          readonly kind: 'number';
          readonly value: number;
          readonly format: Exclude<MeasureFormat, 'text'>;
          /** The maker set no format: the value decides (whole numbers without decimals, "7", not "7.00"). */
          readonly defaultFormat?: true;
      }
    | { readonly kind: 'text'; readonly value: string }
    | { readonly kind: 'unavailable' };

export interface MeasureTile {
    readonly name: string;
    readonly label: string;
    readonly value: TileValue;
    readonly rating?: 'good' | 'bad';
}

/**
 * Tiles in the maker's order (or every measure by name when none are listed). A measure that is missing,
 * null, or not a number where a number format was asked is "unavailable"; the others still show.
 */
export function measureTiles(measures: ReadonlyMap<string, MeasureValue>, specList: MeasureSpecList): MeasureTile[] {
    const byName = new Map([...measures].map(([name, value]) => [name.toLowerCase(), value] as const));
    const specs: readonly MeasureSpec[] = specList.specs.length > 0 ? specList.specs : [...measures.keys()].sort((a, b) => a.localeCompare(b)).map((name) => ({ name }));
    return specs.map((spec) => {
        const raw = byName.get(spec.name.toLowerCase());
        const label = spec.label ?? readableName(spec.name);
        const value = tileValue(raw, spec.format);
        const rating =
            value.kind === 'number' ? (spec.bad && meets(value.value, spec.bad) ? 'bad' : spec.good && meets(value.value, spec.good) ? 'good' : undefined) : undefined;
        return { name: spec.name, label, value, ...(rating !== undefined ? { rating } : {}) };
    });
}

function tileValue(raw: MeasureValue | undefined, format: MeasureFormat | undefined): TileValue {
    // "NaN", "Infinity", "1e400" are not values, whatever the format: unavailable, never shown as text.
    if (raw === undefined || raw === null || isNonFiniteNumber(raw)) return { kind: 'unavailable' };
    if (format === 'text') return { kind: 'text', value: String(raw) };
    if (typeof raw === 'number') return format === undefined ? { kind: 'number', value: raw, format: 'number', defaultFormat: true } : { kind: 'number', value: raw, format };
    if (format !== undefined) return { kind: 'unavailable' };
    return typeof raw === 'string' ? { kind: 'text', value: raw } : { kind: 'text', value: String(raw) };
}
