/**
 * The details a timeline entry shows from `msdynci_semanticdata`, a flat key/value JSON column ("list of
 * key value pairs for semantic mapping fields specific to the type of activity"). Its keys are not
 * documented per type: the known keys below are the usual names of each semantic type's fields, matched
 * case-insensitively with a few aliases each, and are a guess until seen in a tenant. Anything else
 * becomes a short key/value list with readable names. Nothing is shown raw: values are scalars (the parser
 * drops nested objects and lists), long text is cut, and the view renders everything as text.
 */
import type { KeyValue } from './parsers';
import { readableName } from './readableName';

export type DetailFormat = 'text' | 'number' | 'amount' | 'date' | 'rating';

/** A detail value, typed so the view formats it in the user's language. */
export type DetailValue =
    | { readonly kind: 'text'; readonly text: string }
    | { readonly kind: 'number'; readonly value: number }
    /** `currency` is an ISO 4217 code when the data names one. */
    | { readonly kind: 'amount'; readonly value: number; readonly currency?: string }
    /** A calendar date (no time of day, no time zone). */
    | { readonly kind: 'date'; readonly year: number; readonly month: number; readonly day: number }
    | { readonly kind: 'rating'; readonly value: number; readonly outOf: number }
    | { readonly kind: 'boolean'; readonly value: boolean };

export interface ActivityDetail {
    /** The key as stored. */
    readonly key: string;
    /** A known detail: its name (the view's string key is `Timeline_Detail_<name>`). */
    readonly known?: KnownDetailName;
    /** Otherwise the label: the maker's, or a readable form of the key. */
    readonly label?: string;
    readonly value: DetailValue;
}

export type KnownDetailName =
    | 'OrderNumber'
    | 'Total'
    | 'Status'
    | 'Items'
    | 'Channel'
    | 'PointsEarned'
    | 'PointsRedeemed'
    | 'Tier'
    | 'Program'
    | 'Rating'
    | 'Sentiment'
    | 'Comment'
    | 'Plan'
    | 'Amount'
    | 'StartDate'
    | 'RenewalDate';

interface KnownDetail {
    readonly name: KnownDetailName;
    /** Stored keys that mean this detail, first match wins (case-insensitive). */
    readonly keys: readonly string[];
    readonly format: DetailFormat;
}

/**
 * Known details of Customer Insights' semantic activity types, by lower-case type. A Map, not an object: the
 * type comes from the data, and a type named "constructor" or "__proto__" must not find Object's members.
 */
const KNOWN_DETAILS: ReadonlyMap<string, readonly KnownDetail[]> = new Map(Object.entries({
    salesorder: [
        { name: 'OrderNumber', keys: ['OrderNumber', 'OrderId', 'SalesOrderId', 'OrderNo'], format: 'text' },
        { name: 'Total', keys: ['TotalAmount', 'OrderTotal', 'TotalPrice', 'Amount', 'Total', 'Revenue'], format: 'amount' },
        { name: 'Status', keys: ['Status', 'OrderStatus'], format: 'text' },
        { name: 'Items', keys: ['ItemCount', 'Quantity', 'Items', 'LineCount'], format: 'number' },
        { name: 'Channel', keys: ['Channel', 'SalesChannel'], format: 'text' },
    ],
    loyalty: [
        { name: 'PointsEarned', keys: ['PointsEarned', 'Points', 'EarnedPoints'], format: 'number' },
        { name: 'PointsRedeemed', keys: ['PointsRedeemed', 'RedeemedPoints'], format: 'number' },
        { name: 'Tier', keys: ['Tier', 'LoyaltyTier', 'MembershipTier', 'Level'], format: 'text' },
        { name: 'Program', keys: ['Program', 'LoyaltyProgram', 'ProgramName'], format: 'text' },
    ],
    feedback: [
        { name: 'Rating', keys: ['Rating', 'Score', 'StarRating', 'Stars'], format: 'rating' },
        { name: 'Sentiment', keys: ['Sentiment', 'SentimentLabel'], format: 'text' },
        { name: 'Comment', keys: ['Comment', 'Comments', 'FeedbackText', 'Review', 'Text'], format: 'text' },
    ],
    subscription: [
        { name: 'Plan', keys: ['Plan', 'PlanName', 'SubscriptionName', 'Product'], format: 'text' },
        { name: 'Status', keys: ['Status', 'SubscriptionStatus'], format: 'text' },
        { name: 'Amount', keys: ['Amount', 'Price', 'RecurringAmount'], format: 'amount' },
        { name: 'StartDate', keys: ['StartDate', 'SubscriptionStartDate'], format: 'date' },
        { name: 'RenewalDate', keys: ['RenewalDate', 'EndDate', 'NextBillingDate'], format: 'date' },
    ],
} satisfies Record<string, readonly KnownDetail[]>));

const CURRENCY_KEYS = ['Currency', 'CurrencyCode', 'TransactionCurrency', 'CurrencyIsoCode'];
/** Keys that name the contact responsible for an activity (B2B, "contact-level activities"); a guess. */
const CONTACT_KEYS = ['ResponsibleContact', 'ContactName', 'ContactFullName', 'Contact', 'ContactId'];
/** Keys that are the row's own plumbing, not details. */
const HIDDEN_KEYS = ['CustomerId', 'ActivityId', 'ActivityTypeDisplay'];

/** How many entries of an unknown type are shown. */
export const MAX_GENERIC_DETAILS = 4;
/** Longer text is cut with an ellipsis. */
export const MAX_DETAIL_TEXT = 160;

/** The maker's "semantic keys to show": one per line, `Key` or `Key = Label`; a line without `=` may list several keys separated by commas. */
export interface DetailKeySpec {
    readonly key: string;
    readonly label?: string;
}

export function parseDetailKeys(text: string | null | undefined): DetailKeySpec[] {
    const specs: DetailKeySpec[] = [];
    const seen = new Set<string>();
    const add = (key: string, label?: string): void => {
        const trimmed = key.trim();
        if (trimmed === '' || seen.has(trimmed.toLowerCase())) return;
        seen.add(trimmed.toLowerCase());
        specs.push(label !== undefined && label.trim() !== '' ? { key: trimmed, label: label.trim() } : { key: trimmed });
    };
    for (const line of (text ?? '').split(/\r?\n/)) {
        const trimmed = line.trim();
        // A blank line, or one with a label but no key ("= Label"), adds nothing: `add` skips a blank key.
        if (trimmed.startsWith('#')) continue;
        const equals = trimmed.indexOf('=');
        if (equals >= 0) add(trimmed.slice(0, equals), trimmed.slice(equals + 1));
        else trimmed.split(',').forEach((key) => add(key));
    }
    return specs;
}

/**
 * The details of one entry: the maker's keys when given (in their order, for every type), else the known
 * details of a semantic type, else up to {@link MAX_GENERIC_DETAILS} entries as stored.
 */
export function activityDetails(values: ReadonlyMap<string, KeyValue>, activityType: string | undefined, makerKeys: readonly DetailKeySpec[] = []): ActivityDetail[] {
    const find = (key: string): [string, KeyValue] | undefined => {
        const lower = key.toLowerCase();
        for (const entry of values) if (entry[0].toLowerCase() === lower) return entry;
        return undefined;
    };
    if (makerKeys.length > 0) {
        const details: ActivityDetail[] = [];
        for (const spec of makerKeys) {
            const entry = find(spec.key);
            if (entry === undefined) continue;
            const value = guessValue(entry[1]);
            if (value !== undefined) details.push({ key: entry[0], label: spec.label ?? readableName(entry[0]), value });
        }
        return details;
    }
    const known = activityType === undefined ? undefined : KNOWN_DETAILS.get(activityType.trim().toLowerCase());
    if (known !== undefined) {
        const currency = currencyOf(CURRENCY_KEYS.map(find).find((entry) => entry !== undefined)?.[1]);
        const details: ActivityDetail[] = [];
        for (const detail of known) {
            for (const key of detail.keys) {
                const entry = find(key);
                if (entry === undefined) continue;
                const value = formatAs(detail.format, entry[1], currency);
                if (value !== undefined) {
                    details.push({ key: entry[0], known: detail.name, value });
                    break;
                }
            }
        }
        return details;
    }
    const hidden = new Set([...HIDDEN_KEYS, ...CONTACT_KEYS].map((key) => key.toLowerCase()));
    const details: ActivityDetail[] = [];
    for (const [key, raw] of values) {
        if (details.length >= MAX_GENERIC_DETAILS) break;
        if (hidden.has(key.toLowerCase()) || key.trim() === '') continue;
        const value = guessValue(raw);
        if (value !== undefined) details.push({ key, label: readableName(key), value });
    }
    return details;
}

/** The contact responsible for the activity, when the row carries one (B2B contact-level activities). */
export function responsibleContact(values: ReadonlyMap<string, KeyValue>): string | undefined {
    for (const key of CONTACT_KEYS) {
        for (const [stored, value] of values) {
            if (stored.toLowerCase() === key.toLowerCase() && typeof value === 'string' && value.trim() !== '') return cut(value.trim());
        }
    }
    return undefined;
}

function formatAs(format: DetailFormat, raw: KeyValue, currency: string | undefined): DetailValue | undefined {
    switch (format) {
        case 'text':
            return textValue(raw);
        case 'number': {
            const number = numberOf(raw);
            return number === undefined ? textValue(raw) : { kind: 'number', value: number };
        }
        case 'amount': {
            const number = numberOf(raw);
            if (number === undefined) return textValue(raw);
            return currency === undefined ? { kind: 'amount', value: number } : { kind: 'amount', value: number, currency };
        }
        case 'rating': {
            const number = numberOf(raw);
            if (number === undefined) return textValue(raw);
            return number >= 0 && number <= 5 ? { kind: 'rating', value: number, outOf: 5 } : { kind: 'number', value: number };
        }
        case 'date':
            return dateOf(raw) ?? textValue(raw);
    }
}

/** A value of an unknown key as what it looks like. */
function guessValue(raw: KeyValue): DetailValue | undefined {
    if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
    if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', value: raw } : undefined;
    return dateOf(raw) ?? textValue(raw);
}

function textValue(raw: KeyValue): DetailValue | undefined {
    if (raw === null) return undefined;
    const text = String(raw).replace(/\s+/g, ' ').trim();
    return text === '' ? undefined : { kind: 'text', text: cut(text) };
}

function cut(text: string): string {
    if (text.length <= MAX_DETAIL_TEXT) return text;
    // Do not split a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_DETAIL_TEXT - 2)) ? MAX_DETAIL_TEXT - 2 : MAX_DETAIL_TEXT - 1;
    return `${text.slice(0, end)}…`;
}

function numberOf(raw: KeyValue): number | undefined {
    if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
    if (typeof raw === 'string' && /^\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*$/.test(raw)) return Number(raw);
    return undefined;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.0+)?)?Z?)?$/;

/** `2026-03-01` (or midnight of it) as a calendar date; other times of day stay text. */
function dateOf(raw: KeyValue): DetailValue | undefined {
    if (typeof raw !== 'string') return undefined;
    const match = DATE_TEXT.exec(raw.trim());
    if (match === null) return undefined;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
    return { kind: 'date', year, month, day };
}

function currencyOf(raw: KeyValue | undefined): string | undefined {
    return typeof raw === 'string' && /^[A-Za-z]{3}$/.test(raw.trim()) ? raw.trim().toUpperCase() : undefined;
}
