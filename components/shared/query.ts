/**
 * The one way this library builds a query for `context.webAPI.retrieveMultipleRecords`.
 *
 * Callers describe a query as data (columns, conditions, order); this module renders it and escapes every
 * value on the way, so a value can never change the shape of the query:
 * - OData string literals double their single quotes, then are percent-encoded: the platform pastes the
 *   options string into the request URL as it is, so a raw `&`, `#`, `+` or `%` in a value would end or
 *   change the query.
 * - GUID values are validated and rendered in normal form; a non-GUID is rejected before anything is sent.
 * - FetchXML values are XML-escaped, and the whole document is sent as `?fetchXml=<encodeURIComponent(xml)>`;
 *   aggregates (`groupby`, `count`, ...) are built the same way (`buildFetchXmlAggregateOptions`).
 * - Substring matching of user data only exists in FetchXML (`containsText`, `beginsWithText`, and
 *   `containsJsonString` for an entry of a JSON list, quotes included), where the LIKE wildcards `%`, `_`
 *   and `[` in the value are escaped as `[%]`, `[_]`, `[[]`. The OData builder
 *   deliberately offers no `contains`: Dataverse turns it into LIKE too, but whether it honours the bracket
 *   escapes there is not documented, so user data never reaches an OData `contains`.
 * - Column names are checked against the logical-name pattern (they may come from a maker's configuration).
 * - Values the platform cannot carry (lone UTF-16 surrogates; control characters in FetchXML) and queries
 *   longer than {@link MAX_QUERY_LENGTH} are rejected with {@link QueryValueError} instead of being altered,
 *   because silently dropping characters would widen the match.
 */

import { normaliseGuid, type NormalisedGuid } from './identifiers';
import { OwnershipColumns } from './schema';

/**
 * Longest options string we send. Browsers and IIS accept URLs of about 32 K characters; the rest of the URL
 * (host, path, entity set) needs room too. Longer queries would need `$batch`, which `context.webAPI` lacks.
 */
export const MAX_QUERY_LENGTH = 30_000;

/**
 * Longest GET URL Dataverse accepts: "The length of a URL in a GET request is limited to 32 KB (32,768
 * characters)" (powerapps-docs, fetchxml/retrieve-data.md). A request's URL is the organisation URL,
 * `/api/data/v9.2/`, the entity set name and the options; a nextLink adds the server's `$skiptoken`, for which
 * {@link MAX_QUERY_LENGTH} leaves room.
 */
export const MAX_URL_LENGTH = 32_768;

/** A value that cannot be put into a query safely. Nothing was sent. */
export class QueryValueError extends Error {
    /** Column (or option) the value was meant for, so a control can name the misconfigured property. */
    readonly column: string;
    constructor(column: string, reason: string) {
        super(`Cannot query ${column}: ${reason}`);
        this.name = 'QueryValueError';
        this.column = column;
    }
}

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Throws unless `name` is a plain logical name or Web API property (`_x_value`). */
export function requireColumnName(name: string): string {
    if (!COLUMN_NAME.test(name)) {
        throw new QueryValueError(String(name), 'not a valid column name (letters, digits and _ only).');
    }
    return name;
}

// ---------------------------------------------------------------------------------------------------------
// OData

/** A GUID-typed value (lookups, primary ids): rendered unquoted, validated. */
export interface GuidValue {
    readonly guid: string;
}

/** Values an OData comparison accepts. Strings are always string literals. */
export type ODataValue = string | number | boolean | null | Date | GuidValue;

export type ODataFilter =
    | { readonly kind: 'compare'; readonly column: string; readonly operator: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; readonly value: ODataValue }
    | { readonly kind: 'anyOf'; readonly column: string; readonly values: readonly ODataValue[] }
    | { readonly kind: 'in'; readonly column: string; readonly values: readonly (string | GuidValue)[] }
    | { readonly kind: 'and' | 'or'; readonly filters: readonly ODataFilter[] }
    | { readonly kind: 'equalBusinessId'; readonly column: string }
    | { readonly kind: 'underOrEqual'; readonly column: string; readonly businessUnitId: string };

/** Small constructors so call sites read like the filter they build. */
export const where = {
    eq: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'eq', value }),
    ne: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'ne', value }),
    gt: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'gt', value }),
    ge: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'ge', value }),
    lt: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'lt', value }),
    le: (column: string, value: ODataValue): ODataFilter => ({ kind: 'compare', column, operator: 'le', value }),
    /** Equal to one of the values (rendered as an `or` of `eq`, which every OData service understands). */
    anyOf: (column: string, values: readonly ODataValue[]): ODataFilter => ({ kind: 'anyOf', column, values }),
    /**
     * Equal to one of many values: Dataverse's `Microsoft.Dynamics.CRM.In`, one condition whatever the count
     * (an `or` chain of `eq` is capped at 500 conditions in FetchXML and grows the URL faster). Values are
     * sent as a JSON list of double-quoted strings, the form Dataverse documents for values with apostrophes.
     */
    in: (column: string, values: readonly (string | GuidValue)[]): ODataFilter => ({ kind: 'in', column, values }),
    and: (...filters: ODataFilter[]): ODataFilter => ({ kind: 'and', filters }),
    or: (...filters: ODataFilter[]): ODataFilter => ({ kind: 'or', filters }),
    /** Rows owned by the caller's business unit (platform operator; no id needed). */
    equalBusinessId: (column: string = OwnershipColumns.owningBusinessUnit): ODataFilter => ({ kind: 'equalBusinessId', column }),
    /** Rows owned by `businessUnitId` or any business unit below it (platform hierarchy operator). */
    underOrEqual: (businessUnitId: string, column: string = OwnershipColumns.owningBusinessUnit): ODataFilter => ({
        kind: 'underOrEqual',
        column,
        businessUnitId,
    }),
    guid: (value: string): GuidValue => ({ guid: value }),
};

/**
 * A single-valued navigation property read with the row (`$expand=<property>($select=...)`): one request
 * instead of two. Tenant-dependent: Dataverse refuses it on some tables (elastic tables), so callers keep a
 * way without it.
 */
export interface ODataExpand {
    readonly property: string;
    /** Required, like the outer `$select`. */
    readonly select: readonly string[];
}

export interface ODataQuery {
    /** Always required: the platform returns every column otherwise. */
    readonly select: readonly string[];
    readonly expand?: readonly ODataExpand[];
    readonly filter?: ODataFilter;
    readonly orderBy?: readonly { readonly column: string; readonly descending?: boolean }[];
    /** Only for single-row reads: `$top` turns paging off. */
    readonly top?: number;
}

/** Renders `?$select=...&$expand=...&$filter=...&$orderby=...&$top=...`. */
export function buildODataOptions(query: ODataQuery): string {
    return checkLength(renderODataOptions(query));
}

/**
 * Length of the options {@link buildODataOptions} renders for `query`, also past the length limit (it throws
 * for the other reasons it would throw). For sizing chunks of values from the real rendered text.
 */
export function odataOptionsLength(query: ODataQuery): number {
    return renderODataOptions(query).length;
}

/**
 * Splits `items` (in order) into the fewest consecutive chunks whose rendered query is at most `maxLength`
 * characters: `lengthOf(chunk)` is the real length of the query for that chunk (e.g. from
 * {@link odataOptionsLength}), so no estimate of the per-value cost is involved. Throws
 * {@link QueryValueError} when one item alone does not fit.
 */
export function chunkToFit<T>(items: readonly T[], lengthOf: (chunk: readonly T[]) => number, maxLength: number): T[][] {
    const chunks: T[][] = [];
    let start = 0;
    while (start < items.length) {
        // Largest prefix of the rest that fits (length grows with the chunk): binary search.
        let low = 1;
        let high = items.length - start;
        if (lengthOf(items.slice(start, start + 1)) > maxLength) {
            throw new QueryValueError('query', `a single value makes the query longer than ${maxLength} characters.`);
        }
        while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if (lengthOf(items.slice(start, start + middle)) <= maxLength) low = middle;
            else high = middle - 1;
        }
        chunks.push(items.slice(start, start + low));
        start += low;
    }
    return chunks;
}

function renderODataOptions(query: ODataQuery): string {
    if (query.select.length === 0) throw new QueryValueError('$select', 'at least one column is required.');
    const parts = [`$select=${query.select.map(requireColumnName).join(',')}`];
    if (query.expand !== undefined && query.expand.length > 0) {
        const expanded = query.expand.map((e) => {
            if (e.select.length === 0) throw new QueryValueError(e.property, 'an expanded property needs at least one column in $select.');
            return `${requireColumnName(e.property)}($select=${e.select.map(requireColumnName).join(',')})`;
        });
        parts.push(`$expand=${expanded.join(',')}`);
    }
    if (query.filter !== undefined) parts.push(`$filter=${renderFilter(query.filter)}`);
    if (query.orderBy !== undefined && query.orderBy.length > 0) {
        const order = query.orderBy.map((o) => `${requireColumnName(o.column)}${o.descending === true ? ' desc' : ' asc'}`);
        parts.push(`$orderby=${order.join(',')}`);
    }
    if (query.top !== undefined) {
        if (!Number.isInteger(query.top) || query.top < 1 || query.top > 5000) {
            throw new QueryValueError('$top', 'must be a whole number from 1 to 5000.');
        }
        parts.push(`$top=${query.top}`);
    }
    return `?${parts.join('&')}`;
}

function renderFilter(filter: ODataFilter): string {
    switch (filter.kind) {
        case 'compare':
            return `${requireColumnName(filter.column)} ${filter.operator} ${renderODataValue(filter.column, filter.value)}`;
        case 'anyOf': {
            if (filter.values.length === 0) throw new QueryValueError(filter.column, 'anyOf needs at least one value.');
            const column = requireColumnName(filter.column);
            const terms = filter.values.map((v) => `${column} eq ${renderODataValue(column, v)}`);
            return terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' or ')})`;
        }
        case 'in': {
            if (filter.values.length === 0) throw new QueryValueError(filter.column, 'In needs at least one value.');
            const column = requireColumnName(filter.column);
            const values = filter.values.map((value) => {
                const text = typeof value === 'string' ? value : requireGuidValue(column, value.guid);
                requireWellFormed(column, text);
                return encodeURIComponent(JSON.stringify(text));
            });
            return `Microsoft.Dynamics.CRM.In(PropertyName='${column}',PropertyValues=[${values.join(',')}])`;
        }
        case 'and':
        case 'or': {
            if (filter.filters.length === 0) throw new QueryValueError('$filter', `an empty "${filter.kind}" group.`);
            const inner = filter.filters.map(renderFilter);
            return inner.length === 1 ? (inner[0] ?? '') : `(${inner.join(` ${filter.kind} `)})`;
        }
        case 'equalBusinessId':
            return `Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='${requireColumnName(filter.column)}')`;
        case 'underOrEqual': {
            const id = requireGuidValue(filter.column, filter.businessUnitId);
            return `Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='${requireColumnName(filter.column)}',PropertyValue='${id}')`;
        }
    }
}

function renderODataValue(column: string, value: ODataValue): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return odataStringLiteral(column, value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new QueryValueError(column, 'numbers must be finite.');
        return String(value);
    }
    if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new QueryValueError(column, 'invalid date.');
        return value.toISOString();
    }
    return requireGuidValue(column, value.guid);
}

function requireGuidValue(column: string, value: string): NormalisedGuid {
    const guid = normaliseGuid(value);
    if (guid === undefined) throw new QueryValueError(column, 'the value is not a GUID; it was not sent.');
    return guid;
}

/** `'it''s'`, percent-encoded so the URL keeps it intact. Exported for tests. */
export function odataStringLiteral(column: string, value: string): string {
    requireWellFormed(column, value);
    return `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;
}

// ---------------------------------------------------------------------------------------------------------
// FetchXML

/** A value a FetchXML condition compares with. Dates are sent as UTC ISO-8601 (with `Z`, so no time-zone conversion). */
export type FetchValue = string | number | boolean | Date | GuidValue;

export type FetchCondition =
    | { readonly attribute: string; readonly operator: 'eq' | 'ne'; readonly value: FetchValue }
    /** Ordering comparisons (dates, numbers, GUIDs, text), e.g. keyset paging. */
    | { readonly attribute: string; readonly operator: 'lt' | 'le' | 'gt' | 'ge'; readonly value: FetchValue }
    | { readonly attribute: string; readonly operator: 'in'; readonly values: readonly (string | number | GuidValue)[] }
    /** Substring / prefix match on user text: wildcards in the value are escaped. */
    | { readonly attribute: string; readonly operator: 'containsText' | 'beginsWithText'; readonly value: string }
    /**
     * The column's text contains `value` as a JSON string (double quotes included, JSON escapes applied): an
     * entry of a JSON list such as `{"Segments":["Gold","Gold_Plus"]}` equal to `value`, so "Gold" does not
     * match "Gold_Plus" or "Loyalty_Gold". Rendered as `like` with the LIKE wildcards escaped.
     */
    | { readonly attribute: string; readonly operator: 'containsJsonString'; readonly value: string }
    | { readonly attribute: string; readonly operator: 'null' | 'not-null' }
    | { readonly attribute: string; readonly operator: 'eq-businessid' }
    | { readonly attribute: string; readonly operator: 'eq-or-under'; readonly value: GuidValue };

/** A nested `<filter>`: its conditions and inner filters combine by `type`. */
export interface FetchFilter {
    readonly type: 'and' | 'or';
    readonly conditions?: readonly FetchCondition[];
    readonly filters?: readonly FetchFilter[];
}

export interface FetchQuery {
    readonly table: string;
    readonly columns: readonly string[];
    readonly conditions?: readonly FetchCondition[];
    /** Nested filters inside the top-level filter, after its conditions (e.g. `a or (b and c)`). */
    readonly filters?: readonly FetchFilter[];
    /** How the top-level conditions and filters combine; default `and`. */
    readonly filterType?: 'and' | 'or';
    readonly orderBy?: readonly { readonly attribute: string; readonly descending?: boolean }[];
    readonly top?: number;
}

/** Renders the FetchXML document (not yet URL-encoded). */
export function buildFetchXml(query: FetchQuery): string {
    if (query.columns.length === 0) throw new QueryValueError('fetch', 'at least one column is required.');
    const top = query.top === undefined ? '' : ` top="${requireTop(query.top)}"`;
    const lines = [`<fetch${top}>`, `<entity name="${requireColumnName(query.table)}">`];
    for (const column of query.columns) lines.push(`<attribute name="${requireColumnName(column)}" />`);
    for (const order of query.orderBy ?? []) {
        lines.push(`<order attribute="${requireColumnName(order.attribute)}" descending="${order.descending === true ? 'true' : 'false'}" />`);
    }
    const filter: FetchFilter = { type: query.filterType === 'or' ? 'or' : 'and', conditions: query.conditions ?? [], filters: query.filters ?? [] };
    if ((filter.conditions?.length ?? 0) > 0 || (filter.filters?.length ?? 0) > 0) renderFetchFilter(filter, lines, 0);
    lines.push('</entity>', '</fetch>');
    return lines.join('');
}

/** Nesting deeper than this is a programming error, not a query anyone needs. */
const MAX_FILTER_DEPTH = 8;

function renderFetchFilter(filter: FetchFilter, lines: string[], depth: number): void {
    const conditions = filter.conditions ?? [];
    const inner = filter.filters ?? [];
    if (depth > MAX_FILTER_DEPTH) throw new QueryValueError('filter', `filters nested deeper than ${MAX_FILTER_DEPTH} levels.`);
    if (conditions.length === 0 && inner.length === 0) throw new QueryValueError('filter', `an empty "${filter.type}" filter.`);
    lines.push(`<filter type="${filter.type === 'or' ? 'or' : 'and'}">`);
    for (const condition of conditions) lines.push(renderCondition(condition));
    for (const nested of inner) renderFetchFilter(nested, lines, depth + 1);
    lines.push('</filter>');
}

/** `?fetchXml=<encoded>`: the options string for a FetchXML query. */
export function buildFetchXmlOptions(query: FetchQuery): string {
    return checkLength(`?fetchXml=${encodeURIComponent(buildFetchXml(query))}`);
}

export type FetchAggregateFunction = 'count' | 'countcolumn' | 'sum' | 'avg' | 'min' | 'max';

/**
 * A FetchXML aggregate (`<fetch aggregate="true">`): one result row per group, each group column and each
 * aggregate under its alias. The platform refuses aggregates over more than 50,000 rows (0x8004E023), and
 * elastic tables refuse some aggregate shapes: callers need a way on without it.
 */
export interface FetchAggregateQuery {
    readonly table: string;
    /** Columns to group by; a lookup comes back as its GUID under the alias, with the name annotation. */
    readonly groupBy?: readonly { readonly attribute: string; readonly alias: string }[];
    /** At least one. */
    readonly aggregates: readonly { readonly attribute: string; readonly alias: string; readonly aggregate: FetchAggregateFunction }[];
    readonly conditions?: readonly FetchCondition[];
    /** How the conditions combine; default `and`. */
    readonly filterType?: 'and' | 'or';
}

const AGGREGATE_FUNCTIONS: readonly FetchAggregateFunction[] = ['count', 'countcolumn', 'sum', 'avg', 'min', 'max'];

/** Renders the aggregate FetchXML document (not yet URL-encoded). */
export function buildFetchXmlAggregate(query: FetchAggregateQuery): string {
    if (query.aggregates.length === 0) throw new QueryValueError('fetch', 'an aggregate query needs at least one aggregate.');
    const aliases = new Set<string>();
    const alias = (name: string): string => {
        const checked = requireColumnName(name);
        if (aliases.has(checked.toLowerCase())) throw new QueryValueError(checked, 'aliases must be unique.');
        aliases.add(checked.toLowerCase());
        return checked;
    };
    const lines = ['<fetch aggregate="true">', `<entity name="${requireColumnName(query.table)}">`];
    for (const group of query.groupBy ?? []) {
        lines.push(`<attribute name="${requireColumnName(group.attribute)}" alias="${alias(group.alias)}" groupby="true" />`);
    }
    for (const item of query.aggregates) {
        if (!AGGREGATE_FUNCTIONS.includes(item.aggregate)) throw new QueryValueError(item.attribute, `unknown aggregate "${String(item.aggregate)}".`);
        lines.push(`<attribute name="${requireColumnName(item.attribute)}" alias="${alias(item.alias)}" aggregate="${item.aggregate}" />`);
    }
    const conditions = query.conditions ?? [];
    if (conditions.length > 0) {
        lines.push(`<filter type="${query.filterType === 'or' ? 'or' : 'and'}">`);
        for (const condition of conditions) lines.push(renderCondition(condition));
        lines.push('</filter>');
    }
    lines.push('</entity>', '</fetch>');
    return lines.join('');
}

/** `?fetchXml=<encoded>` for an aggregate query. */
export function buildFetchXmlAggregateOptions(query: FetchAggregateQuery): string {
    return checkLength(`?fetchXml=${encodeURIComponent(buildFetchXmlAggregate(query))}`);
}

function requireTop(top: number): number {
    if (!Number.isInteger(top) || top < 1 || top > 5000) throw new QueryValueError('top', 'must be a whole number from 1 to 5000.');
    return top;
}

function renderCondition(condition: FetchCondition): string {
    const attribute = requireColumnName(condition.attribute);
    const open = `<condition attribute="${attribute}" operator=`;
    switch (condition.operator) {
        case 'eq':
        case 'ne':
        case 'lt':
        case 'le':
        case 'gt':
        case 'ge':
            return `${open}"${condition.operator}" value="${fetchValue(attribute, condition.value)}" />`;
        case 'in': {
            if (condition.values.length === 0) throw new QueryValueError(attribute, 'in needs at least one value.');
            const values = condition.values.map((v) => `<value>${fetchValue(attribute, v)}</value>`).join('');
            return `${open}"in">${values}</condition>`;
        }
        case 'containsText':
            return `${open}"like" value="%${xmlEscape(attribute, escapeLikeWildcards(condition.value))}%" />`;
        case 'beginsWithText':
            return `${open}"like" value="${xmlEscape(attribute, escapeLikeWildcards(condition.value))}%" />`;
        case 'containsJsonString':
            return `${open}"like" value="%${xmlEscape(attribute, escapeLikeWildcards(jsonStringLiteral(attribute, condition.value)))}%" />`;
        case 'null':
        case 'not-null':
        case 'eq-businessid':
            return `${open}"${condition.operator}" />`;
        case 'eq-or-under':
            return `${open}"eq-or-under" value="${requireGuidValue(attribute, condition.value.guid)}" />`;
    }
}

function fetchValue(attribute: string, value: FetchValue): string {
    if (typeof value === 'string') return xmlEscape(attribute, value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new QueryValueError(attribute, 'numbers must be finite.');
        return String(value);
    }
    if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new QueryValueError(attribute, 'invalid date.');
        return value.toISOString();
    }
    return requireGuidValue(attribute, value.guid);
}

/**
 * `value` as a JSON string literal, as a JSON serializer writes a list entry: `"Gold"`, `"a\"b"`. Whether
 * Customer Insights' serializer also escapes non-ASCII characters (`\u00fc`) is unverified; output names
 * are table names, normally letters, digits and underscores.
 */
function jsonStringLiteral(attribute: string, value: string): string {
    requireWellFormed(attribute, value);
    return JSON.stringify(value);
}

/** SQL LIKE wildcards as Dataverse expects them escaped: `[%]`, `[_]`, `[[]`. Exported for tests. */
export function escapeLikeWildcards(value: string): string {
    return value.replace(/[[%_]/g, (c) => `[${c}]`);
}

// XML 1.0 cannot carry most C0 control characters at all, not even as character references.
// eslint-disable-next-line no-control-regex -- the point of this pattern is to find control characters
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Whether FetchXML can carry `value` at all (XML 1.0 has no way to write most control characters). */
export function canCarryInFetchXml(value: string): boolean {
    return !XML_FORBIDDEN.test(value);
}

/** Escapes XML special characters and whitespace; rejects characters XML cannot carry. Exported for tests. */
export function xmlEscape(attribute: string, value: string): string {
    requireWellFormed(attribute, value);
    if (XML_FORBIDDEN.test(value)) throw new QueryValueError(attribute, 'the value contains control characters FetchXML cannot carry.');
    return value.replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
    // XML parsers turn literal tabs and line breaks in attribute values into spaces; references survive.
    '\t': '&#9;',
    '\n': '&#10;',
    '\r': '&#13;',
};

// ---------------------------------------------------------------------------------------------------------

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Lone surrogates cannot be UTF-8 encoded (encodeURIComponent throws); reject with a clear error instead. */
function requireWellFormed(column: string, value: string): void {
    if (LONE_SURROGATE.test(value)) throw new QueryValueError(column, 'the value contains an incomplete unicode character.');
}

function checkLength(options: string): string {
    if (options.length > MAX_QUERY_LENGTH) {
        throw new QueryValueError('query', `the query would be ${options.length} characters, more than the ${MAX_QUERY_LENGTH} a request URL can carry.`);
    }
    return options;
}

