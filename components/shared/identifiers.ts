/**
 * GUIDs and Customer Insights customer ids.
 *
 * The platform hands out GUIDs in several spellings (`context.userSettings.userId` is braced upper case,
 * form record ids are lower case, stored alternate-key values may be either). Matching only works after
 * normalising to one form: lower case, dashed, no braces.
 */

const GUID_PATTERN = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const CUSTOMER_ID_PATTERN = /^[0-9a-f]{32}$/i;

/** A GUID in normal form, e.g. `7d3c2b1a-0000-4000-8000-000000000001`. */
export type NormalisedGuid = string & { readonly __normalisedGuid: true };

/** A Customer Insights customer id in normal form: 32 lower-case hex characters. */
export type CustomerId = string & { readonly __customerId: true };

/** Lower case, dashed, no braces; undefined when the value is not a GUID. Braces must be balanced. */
export function normaliseGuid(value: unknown): NormalisedGuid | undefined {
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    const opens = trimmed.startsWith('{');
    const closes = trimmed.endsWith('}');
    if (opens !== closes) return undefined;
    const match = GUID_PATTERN.exec(trimmed);
    return match?.[1] !== undefined ? (match[1].toLowerCase() as NormalisedGuid) : undefined;
}

export function isGuid(value: unknown): boolean {
    return normaliseGuid(value) !== undefined;
}

/** Thrown when a value that must be a GUID is not one: it is never sent to the server. */
export class InvalidGuidError extends Error {
    readonly what: string;
    constructor(what: string, value: unknown) {
        super(`${what} must be a GUID (8-4-4-4-12 hex digits), got ${describeValue(value)}.`);
        this.name = 'InvalidGuidError';
        this.what = what;
    }
}

/** Normalises or throws {@link InvalidGuidError}; `what` names the value in the message. */
export function requireGuid(value: unknown, what: string): NormalisedGuid {
    const guid = normaliseGuid(value);
    if (guid === undefined) throw new InvalidGuidError(what, value);
    return guid;
}

/** 32 lower-case hex characters, or undefined. */
export function normaliseCustomerId(value: unknown): CustomerId | undefined {
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return CUSTOMER_ID_PATTERN.test(trimmed) ? (trimmed.toLowerCase() as CustomerId) : undefined;
}

/**
 * Spellings under which a GUID may be stored in a text column (for example `msdynci_alternatevalue`, copied
 * from the source system): normal form, upper case, and both braced. Text comparison is not guaranteed to
 * ignore case or braces, so queries ask for all of them and the result is checked after normalising.
 */
export function storedGuidSpellings(guid: NormalisedGuid): string[] {
    const upper = guid.toUpperCase();
    return [guid, upper, `{${guid}}`, `{${upper}}`];
}

/** A customer's key in a source system (e.g. `EC-100000`), trimmed: what the alternate-key table stores. */
export type SourceKey = string & { readonly __sourceKey: true };

/**
 * Longest source-system key looked up. Keys in the alternate-key table are short identifiers (order
 * numbers, e-commerce ids, GUIDs); a longer value in the bound column is text, not a key.
 */
export const MAX_SOURCE_KEY_LENGTH = 200;

/** Whitespace, control characters, or a surrogate half without its partner: never part of a key. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const NOT_IN_A_KEY = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A source-system key: one token of 1-200 characters without spaces or control characters, or undefined.
 * `hello world` is not one (a key has no spaces); `EC-100000`, `4711`, `cust_0042@shop` are.
 */
export function normaliseSourceKey(value: unknown): SourceKey | undefined {
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.length > MAX_SOURCE_KEY_LENGTH || NOT_IN_A_KEY.test(trimmed)) return undefined;
    return trimmed as SourceKey;
}

/** What a bound customer reference holds. */
export type CustomerReference =
    | { readonly kind: 'customerId'; readonly customerId: CustomerId }
    | { readonly kind: 'recordId'; readonly recordId: NormalisedGuid }
    | { readonly kind: 'sourceKey'; readonly sourceKey: SourceKey }
    | { readonly kind: 'notAnId'; readonly value: string };

/**
 * Reads a bound value: a customer id (32 hex), a record id (GUID, any spelling), a source-system key, or
 * none of these (`notAnId`, e.g. `hello world`). Checked in that order, so a GUID is never taken for a key.
 */
export function readCustomerReference(value: string): CustomerReference {
    const customerId = normaliseCustomerId(value);
    if (customerId !== undefined) return { kind: 'customerId', customerId };
    const recordId = normaliseGuid(value);
    if (recordId !== undefined) return { kind: 'recordId', recordId };
    const sourceKey = normaliseSourceKey(value);
    if (sourceKey !== undefined) return { kind: 'sourceKey', sourceKey };
    return { kind: 'notAnId', value };
}

/** Same key as the server compares text (case-insensitive), after trimming what was stored. */
export function sameSourceKey(stored: unknown, key: SourceKey): boolean {
    return typeof stored === 'string' && stored.trim().toLowerCase() === key.toLowerCase();
}

function describeValue(value: unknown): string {
    if (typeof value === 'string') {
        const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
        return `"${shown}"`;
    }
    if (value === undefined) return 'nothing';
    if (value === null) return 'null';
    return typeof value;
}
