/**
 * Reading typed values out of Web API rows. Rows are shared between controls (see ./pageState), so these
 * helpers only read and always build new objects.
 */

import { normaliseGuid, type NormalisedGuid } from './identifiers';
import { formattedValueProperty, OWNING_BUSINESS_UNIT_PROPERTY, OwnershipColumns } from './schema';

export type Row = Readonly<Record<string, unknown>>;

/** A business unit as a badge shows it. The name comes from the formatted-value annotation, when present. */
export interface BusinessUnitRef {
    readonly id: NormalisedGuid;
    readonly name?: string;
}

/** Where a row comes from and how fresh it is: the "owned by … · updated N ago" badge. */
export interface RowOrigin {
    readonly owningBusinessUnit?: BusinessUnitRef;
    readonly modifiedOn?: Date;
}

/** Columns every reader selects for the badge. */
export const ORIGIN_COLUMNS: readonly string[] = [OWNING_BUSINESS_UNIT_PROPERTY, OwnershipColumns.modifiedOn];

/**
 * Platform assumption (docs/platform-assumptions.md): the owning business unit's name comes from the
 * formatted-value annotation `_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue` (Web API
 * formatted values). Whether `context.webAPI` always asks for annotations is undocumented: without it the
 * origin has the id only, and the badge says "unknown business unit" (never the id).
 */
export function readOrigin(row: Row): RowOrigin {
    const id = normaliseGuid(row[OWNING_BUSINESS_UNIT_PROPERTY]);
    const name = readText(row, formattedValueProperty(OWNING_BUSINESS_UNIT_PROPERTY));
    const modifiedOn = readDate(row, OwnershipColumns.modifiedOn);
    return {
        ...(id !== undefined ? { owningBusinessUnit: name !== undefined ? { id, name } : { id } } : {}),
        ...(modifiedOn !== undefined ? { modifiedOn } : {}),
    };
}

/** Non-empty text, or undefined (FetchXML omits nulls; OData sends null; both mean "no value"). */
export function readText(row: Row, column: string): string | undefined {
    const value = row[column];
    if (typeof value === 'string') return value.trim() === '' ? undefined : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
}

export function readDate(row: Row, column: string): Date | undefined {
    const value = row[column];
    if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

export function readNumber(row: Row, column: string): number | undefined {
    const value = row[column];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

/** Newest `modifiedOn` of the rows, for a badge that covers a whole list. */
export function newestModifiedOn(origins: readonly RowOrigin[]): Date | undefined {
    let newest: Date | undefined;
    for (const origin of origins) {
        if (origin.modifiedOn !== undefined && (newest === undefined || origin.modifiedOn > newest)) newest = origin.modifiedOn;
    }
    return newest;
}

/** The business unit of the rows when they all share one (the usual case: it is inherited from the profile). */
export function commonBusinessUnit(origins: readonly RowOrigin[]): BusinessUnitRef | undefined {
    const first = origins[0]?.owningBusinessUnit;
    if (first === undefined) return undefined;
    return origins.every((o) => o.owningBusinessUnit?.id === first.id) ? first : undefined;
}
