/**
 * The query model both front ends (OData in odata.ts, FetchXML in fetchxml.ts) compile to, its evaluation
 * against stored rows, and the projection of rows into Web API entities with annotations.
 *
 * Comparison semantics follow SQL Server's default collation as Dataverse uses it: string comparisons are
 * case-insensitive; a null column never satisfies eq/ne/lt/... against a value (only the null checks).
 */
import { normaliseGuid } from './determinism';
import { dataverseError, notSupported } from './errors';
import { isLookupType, webApiPropertyName, type AttributeDefinition, type TableDefinition } from './metadata';
import type { ColumnValue, StoredRow } from './tenant';

export type CompareOperator = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type HierarchyOperator = 'eq-businessid' | 'under' | 'eq-or-under';

/** A value already coerced to its column's type: strings lowercased, datetimes as epoch ms, GUIDs lowercase. */
export type Comparable = string | number;

export type Condition =
    | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
    | { readonly kind: 'not'; readonly item: Condition }
    | { readonly kind: 'compare'; readonly attribute: AttributeDefinition; readonly operator: CompareOperator; readonly value: Comparable }
    | { readonly kind: 'null'; readonly attribute: AttributeDefinition; readonly isNull: boolean }
    /** contains/startswith/endswith and LIKE, compiled to one case-insensitive regular expression. */
    | { readonly kind: 'match'; readonly attribute: AttributeDefinition; readonly pattern: RegExp; readonly source: string }
    | { readonly kind: 'in'; readonly attribute: AttributeDefinition; readonly values: readonly Comparable[] }
    | { readonly kind: 'hierarchy'; readonly attribute: AttributeDefinition; readonly operator: HierarchyOperator; readonly businessUnitId?: string };

export interface OrderItem {
    readonly attribute: AttributeDefinition;
    readonly descending: boolean;
}

export type AggregateFunction = 'count' | 'countcolumn' | 'sum' | 'avg' | 'min' | 'max';

export interface AggregateColumn {
    readonly alias: string;
    readonly attribute: AttributeDefinition;
    /** undefined for a group-by column. */
    readonly aggregate?: AggregateFunction;
}

/** `$expand` of a lookup's single-valued navigation property, with the related row's columns. */
export interface ExpandItem {
    /** The navigation property as written (the lookup's logical name). */
    readonly navigationProperty: string;
    readonly attribute: AttributeDefinition;
    readonly target: TableDefinition;
    readonly select: readonly AttributeDefinition[];
}

export interface Query {
    readonly table: TableDefinition;
    readonly format: 'odata' | 'fetchxml';
    /** Selected columns; the primary id is always returned as well. */
    readonly select: readonly AttributeDefinition[];
    readonly filter?: Condition;
    readonly orderBy: readonly OrderItem[];
    readonly top?: number;
    /** FetchXML aggregate query: one row per group. */
    readonly aggregate?: readonly AggregateColumn[];
    /** FetchXML simple paging. */
    readonly fetchPage?: { readonly page: number; readonly count?: number };
    /** OData `$expand` of lookups (only when the platform behaviour allows it). */
    readonly expand?: readonly ExpandItem[];
}

/** What evaluation needs to know about the caller and the BU tree. */
export interface EvaluationContext {
    readonly callerBusinessUnitId: string;
    /** Ids of the BU and everything below it. */
    subtree(businessUnitId: string): ReadonlySet<string>;
}

const STRING_TYPES = new Set(['String', 'Memo']);
const NUMBER_TYPES = new Set(['Integer', 'Decimal', 'Picklist']);
const GUID_TYPES = new Set(['Uniqueidentifier', 'Lookup', 'Owner']);

export function isStringAttribute(attribute: AttributeDefinition): boolean {
    return STRING_TYPES.has(attribute.type);
}

/** Edm type name of a column, for error messages that mirror the platform's. */
export function edmType(attribute: AttributeDefinition): string {
    switch (attribute.type) {
        case 'String':
        case 'Memo':
            return 'Edm.String';
        case 'DateTime':
            return 'Edm.DateTimeOffset';
        case 'Integer':
        case 'Picklist':
            return 'Edm.Int32';
        case 'Decimal':
            return 'Edm.Decimal';
        case 'Boolean':
            return 'Edm.Boolean';
        default:
            return 'Edm.Guid';
    }
}

/** A stored value as a Comparable, or null. */
export function comparableOf(attribute: AttributeDefinition, value: ColumnValue | undefined): Comparable | null {
    if (value === null || value === undefined) {
        return null;
    }
    if (STRING_TYPES.has(attribute.type)) {
        return String(value).toLowerCase();
    }
    if (attribute.type === 'DateTime') {
        return Date.parse(String(value));
    }
    if (attribute.type === 'Boolean') {
        return value === true ? 1 : 0;
    }
    if (NUMBER_TYPES.has(attribute.type)) {
        return Number(value);
    }
    return String(value).toLowerCase();
}

/**
 * Coerces text given for a column (FetchXML values, In() property values) to a Comparable, or throws the
 * platform-like error when it does not fit the column's type.
 */
export function comparableFromText(attribute: AttributeDefinition, text: string, table: TableDefinition): Comparable {
    const fail = (): never => {
        throw dataverseError('badRequest', 400, `'${text}' is not a valid value for attribute '${attribute.logicalName}' of type ${attribute.type} on '${table.logicalName}'.`);
    };
    if (STRING_TYPES.has(attribute.type)) {
        return text.toLowerCase();
    }
    if (GUID_TYPES.has(attribute.type)) {
        return normaliseGuid(text) ?? fail();
    }
    if (attribute.type === 'DateTime') {
        const ms = Date.parse(text);
        return Number.isNaN(ms) ? fail() : ms;
    }
    if (attribute.type === 'Boolean') {
        const lowered = text.trim().toLowerCase();
        return lowered === 'true' || lowered === '1' ? 1 : lowered === 'false' || lowered === '0' ? 0 : fail();
    }
    const number = Number(text);
    return text.trim() === '' || Number.isNaN(number) ? fail() : number;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** contains/startswith/endswith: the value is literal (no wildcards), matched case-insensitively. */
export function literalMatch(attribute: AttributeDefinition, mode: 'contains' | 'startswith' | 'endswith', value: string): Condition {
    const body = escapeRegExp(value);
    const source = mode === 'contains' ? body : mode === 'startswith' ? `^${body}` : `${body}$`;
    return { kind: 'match', attribute, pattern: new RegExp(source, 'i'), source: `${mode}('${value}')` };
}

/**
 * SQL LIKE: `%` any run, `_` one character, `[abc]`/`[a-z]` a class, `[^abc]` a negated class. `[%]`, `[_]`
 * and `[[]` therefore match the literal characters, which is how callers escape wildcards.
 */
export function likeMatch(attribute: AttributeDefinition, pattern: string): Condition {
    let source = '^';
    for (let i = 0; i < pattern.length; i++) {
        const char = pattern.charAt(i);
        if (char === '%') {
            source += '[\\s\\S]*';
        } else if (char === '_') {
            source += '[\\s\\S]';
        } else if (char === '[') {
            const close = pattern.indexOf(']', i + 2);
            if (close === -1) {
                throw notSupported(`Unterminated character class in LIKE pattern '${pattern}'.`);
            }
            let body = pattern.slice(i + 1, close);
            const negated = body.startsWith('^');
            if (negated) {
                body = body.slice(1);
            }
            const escaped = body.replace(/[\\\]^[]/g, '\\$&');
            source += `[${negated ? '^' : ''}${escaped}]`;
            i = close;
        } else {
            source += escapeRegExp(char);
        }
    }
    return { kind: 'match', attribute, pattern: new RegExp(`${source}$`, 'i'), source: `like('${pattern}')` };
}

function compare(left: Comparable, right: Comparable): number {
    if (typeof left === 'number' && typeof right === 'number') {
        return left - right;
    }
    const a = String(left);
    const b = String(right);
    return a < b ? -1 : a > b ? 1 : 0;
}

export function matches(condition: Condition, row: StoredRow, context: EvaluationContext): boolean {
    switch (condition.kind) {
        case 'and':
            return condition.items.every((item) => matches(item, row, context));
        case 'or':
            return condition.items.some((item) => matches(item, row, context));
        case 'not':
            return !matches(condition.item, row, context);
        case 'null': {
            const value = row[condition.attribute.logicalName];
            return (value === null || value === undefined) === condition.isNull;
        }
        case 'compare': {
            const value = comparableOf(condition.attribute, row[condition.attribute.logicalName]);
            if (value === null) {
                return false;
            }
            const order = compare(value, condition.value);
            switch (condition.operator) {
                case 'eq':
                    return order === 0;
                case 'ne':
                    return order !== 0;
                case 'lt':
                    return order < 0;
                case 'le':
                    return order <= 0;
                case 'gt':
                    return order > 0;
                case 'ge':
                    return order >= 0;
            }
            return false;
        }
        case 'match': {
            const value = row[condition.attribute.logicalName];
            return value !== null && value !== undefined && condition.pattern.test(String(value));
        }
        case 'in': {
            const value = comparableOf(condition.attribute, row[condition.attribute.logicalName]);
            return value !== null && inValues(condition.values).has(value);
        }
        case 'hierarchy': {
            const value = row[condition.attribute.logicalName];
            if (typeof value !== 'string') {
                return false;
            }
            if (condition.operator === 'eq-businessid') {
                return value === context.callerBusinessUnitId;
            }
            const root = condition.businessUnitId ?? '';
            const inSubtree = context.subtree(root).has(value);
            return condition.operator === 'eq-or-under' ? inSubtree : inSubtree && value !== root;
        }
    }
}

/** The values of an `In` condition as a set (comparables are lower-cased text or numbers), built once. */
const inValueSets = new WeakMap<readonly Comparable[], ReadonlySet<Comparable>>();
function inValues(values: readonly Comparable[]): ReadonlySet<Comparable> {
    let set = inValueSets.get(values);
    if (set === undefined) {
        set = new Set(values);
        inValueSets.set(values, set);
    }
    return set;
}

/** Orders rows by precomputed sort keys (comparableOf per order item); nulls sort first ascending (SQL Server). */
export function compareSortKeys(orderBy: readonly OrderItem[], left: ReadonlyArray<Comparable | null>, right: ReadonlyArray<Comparable | null>): number {
    for (let i = 0; i < orderBy.length; i++) {
        const a = left[i] ?? null;
        const b = right[i] ?? null;
        const order = a === null || b === null ? (a === b ? 0 : a === null ? -1 : 1) : compare(a, b);
        if (order !== 0) {
            return orderBy[i]?.descending === true ? -order : order;
        }
    }
    return 0;
}

/** Resolves the display name of a lookup target and the table it lives in. */
export type LookupResolver = (attribute: AttributeDefinition, id: string) => { name: string | undefined; table: string };

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const LOOKUP_LOGICAL_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';

const MONTH_DAY_YEAR = (date: Date): string => {
    const hours = date.getUTCHours();
    const minutes = String(date.getUTCMinutes()).padStart(2, '0');
    const hour12 = hours % 12 === 0 ? 12 : hours % 12;
    return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hour12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
};

const INTEGER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL_FORMAT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Formatted value of a non-lookup column (en-US, UTC: the emulator's user settings), or undefined. */
export function formattedValue(attribute: AttributeDefinition, value: ColumnValue): string | undefined {
    if (value === null) {
        return undefined;
    }
    switch (attribute.type) {
        case 'DateTime':
            return MONTH_DAY_YEAR(new Date(String(value)));
        case 'Integer':
            return INTEGER_FORMAT.format(Number(value));
        case 'Decimal':
            return DECIMAL_FORMAT.format(Number(value));
        case 'Boolean':
            return value === true ? 'Yes' : 'No';
        case 'Picklist':
            return attribute.options?.[Number(value)];
        default:
            return undefined;
    }
}

/** Writes one column of a row into an entity, with its annotations. */
export function writeProperty(entity: Record<string, unknown>, property: string, attribute: AttributeDefinition, value: ColumnValue, resolveLookup: LookupResolver, omitNull: boolean): void {
    if (value === null && omitNull) {
        return;
    }
    entity[property] = value;
    if (value === null) {
        return;
    }
    if (isLookupType(attribute.type)) {
        const { name, table } = resolveLookup(attribute, String(value));
        if (name !== undefined) {
            entity[`${property}${FORMATTED}`] = name;
        }
        entity[`${property}${LOOKUP_LOGICAL_NAME}`] = table;
        return;
    }
    const formatted = formattedValue(attribute, value);
    if (formatted !== undefined) {
        entity[`${property}${FORMATTED}`] = formatted;
    }
}

/** A row as the Web API returns it: selected columns (lookups as `_x_value`) plus annotations. */
export function projectRow(query: Pick<Query, 'table' | 'select' | 'format'>, row: StoredRow, resolveLookup: LookupResolver, etag: string): Record<string, unknown> {
    const entity: Record<string, unknown> = { '@odata.etag': etag };
    const primaryId = query.table.attributes.get(query.table.primaryIdAttribute);
    const columns = primaryId && !query.select.includes(primaryId) ? [...query.select, primaryId] : query.select;
    for (const attribute of columns) {
        // FetchXML results omit null properties; OData returns them as null.
        writeProperty(entity, webApiPropertyName(attribute), attribute, row[attribute.logicalName] ?? null, resolveLookup, query.format === 'fetchxml');
    }
    return entity;
}
