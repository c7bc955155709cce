/**
 * Defensive parsers for the JSON columns Customer Insights writes (`msdynci_segments`, `msdynci_measures`,
 * `msdynci_values`, `msdynci_semanticdata`).
 *
 * These columns can be null, empty, truncated (memo limit, refresh in progress), not JSON at all, or shaped
 * differently from what we expect (formats reconstructed from Microsoft's code, not a spec). One bad value
 * must never break a control, so every parser is pure, never throws, and returns the usable part with a
 * status:
 * - `complete`   the whole value was understood;
 * - `partial`    something usable, but entries were dropped or the text was cut off;
 * - `empty`      nothing there (null, blank, or a valid document without entries);
 * - `unreadable` there was a value but nothing usable in it.
 */

export type ParseStatus = 'complete' | 'partial' | 'unreadable' | 'empty';

export interface ParsedColumn<T> {
    readonly status: ParseStatus;
    readonly value: T;
    /** Why the status is not `complete`, in plain English for logs and support (not for end users). */
    readonly problem?: string;
}

/** A measure keeps its JSON type; strings that are numbers become numbers. */
export type MeasureValue = number | string | boolean | null;

/** A value of a flat key/value column, kept as stored. */
export type KeyValue = number | string | boolean | null;

/**
 * Largest text we try to parse. The memo columns hold up to about 1 MB; twice that leaves room for
 * multi-byte characters while still refusing absurd values that would freeze the page.
 */
export const MAX_JSON_COLUMN_LENGTH = 2 * 1024 * 1024;

/** Deepest nesting the truncation repair follows; the documented formats are at most two levels deep. */
const MAX_REPAIR_DEPTH = 32;

const NUMERIC_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** `{"Segments":["Male_under_40","HighValueCustomers"]}` (or a bare array) → segment output-table names. */
export function parseSegments(raw: unknown): ParsedColumn<readonly string[]> {
    const document = readDocument(raw);
    if (document.kind !== 'document') return document.kind === 'empty' ? empty([]) : unreadable([], document.problem);

    let list: unknown = document.value;
    if (isPlainObject(list)) {
        const key = Object.keys(list).find((k) => k.toLowerCase() === 'segments');
        if (key === undefined) {
            if (Object.keys(list).length > 0) return unreadable([], 'no "Segments" property');
            return document.truncated ? unreadable([], 'the text was cut off before any entry') : empty([]);
        }
        list = list[key];
    }
    if (list === null || list === undefined) return finish([], 0, document.truncated, 'segment entries');
    if (!Array.isArray(list)) return unreadable([], '"Segments" is not a list');

    const names: string[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    for (const entry of list as unknown[]) {
        const name = typeof entry === 'string' ? entry.trim() : '';
        if (name === '') {
            dropped++;
            continue;
        }
        if (!seen.has(name)) {
            seen.add(name);
            names.push(name);
        }
    }
    return finish(names, dropped, document.truncated, 'segment entries');
}

/**
 * `{"CustomerId":"ce75…","TotalSpend":1234.5,"DaysSinceLastPurchase":"12"}` → measure name to value.
 * The `CustomerId` key is the row's own key, not a measure, so it is left out. Nested objects and arrays are
 * not measures and are dropped.
 */
export function parseMeasures(raw: unknown): ParsedColumn<ReadonlyMap<string, MeasureValue>> {
    return parseFlatObject<MeasureValue>(raw, (name, value) => {
        if (name.toLowerCase() === 'customerid') return { skip: true };
        // "NaN", "Infinity", "1e400" (and 1e400 as a JSON number, which parses to Infinity) are not values a
        // user can read: kept as null, so the measure shows as unavailable instead of vanishing or reading "NaN".
        if (isNonFiniteNumber(value)) return { value: null };
        if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
            const number = Number(value);
            if (Number.isFinite(number)) return { value: number };
        }
        return isScalar(value) ? { value } : { drop: true };
    });
}

const NON_FINITE_TEXT = /^\s*[-+]?(?:nan|inf|infinity)\s*$/i;

/** A number that is not finite, or text spelling one ("NaN", "-Infinity", "1e400"). */
export function isNonFiniteNumber(value: unknown): boolean {
    if (typeof value === 'number') return !Number.isFinite(value);
    if (typeof value !== 'string') return false;
    return NON_FINITE_TEXT.test(value) || (NUMERIC_TEXT.test(value) && !Number.isFinite(Number(value)));
}

/**
 * Flat key/value JSON (`msdynci_values` of predictions and enrichments, `msdynci_semanticdata` of unified
 * activities). Values are kept as stored; nested objects and arrays are dropped.
 */
export function parseKeyValues(raw: unknown): ParsedColumn<ReadonlyMap<string, KeyValue>> {
    return parseFlatObject<KeyValue>(raw, (_name, value) => (isScalar(value) ? { value } : { drop: true }));
}

/**
 * A value of a prediction or enrichment (`msdynci_values`), as far as it can be shown: a number, text, yes/no,
 * nothing, a ranked list (product recommendations), or a shape no one documented (a nested object, a list
 * of lists, a number beyond what a double holds precisely, "NaN" text), which a control shows as unavailable
 * and never as "[object Object]".
 */
export type InsightValue =
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'text'; readonly value: string }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'none' }
    | { readonly kind: 'list'; readonly items: readonly InsightListItem[]; readonly total: number; readonly unreadableItems: number }
    | { readonly kind: 'unreadable'; readonly reason: 'object' | 'nestedList' | 'number' };

/** One entry of a ranked list: its name and, when stored, its score. */
export interface InsightListItem {
    readonly label: string;
    readonly score?: number;
}

/** Largest magnitude shown as a number: beyond it a double no longer holds every integer. */
export const MAX_INSIGHT_NUMBER = Number.MAX_SAFE_INTEGER;
/** Entries of a list kept; the rest are only counted (`total`). */
export const MAX_INSIGHT_LIST_ITEMS = 100;
/** Text longer than this is cut (with an ellipsis): a value, not a document. */
export const MAX_INSIGHT_TEXT_LENGTH = 500;

/** Keys (lower case) that name an entry of a list, or a row that is one item of a ranked set (one brand per row). */
export const INSIGHT_LABEL_KEYS: readonly string[] = ['name', 'displayname', 'productname', 'product', 'title', 'label', 'brandname', 'brand', 'interestname', 'interest', 'itemname', 'item', 'productid', 'id'];
/** Keys (lower case) that hold such an item's score. */
export const INSIGHT_SCORE_KEYS: readonly string[] = ['score', 'probability', 'affinityscore', 'affinity', 'confidence', 'likelihood', 'propensity'];
/** Keys (lower case) that hold its rank (1 = first). */
export const INSIGHT_RANK_KEYS: readonly string[] = ['rank', 'position'];
const NOT_A_NUMBER_TEXT = /^\s*[-+]?(nan|infinity|inf)\s*$/i;

/**
 * `msdynci_values` of predictions and enrichments: a flat object of name to value, where values may also be
 * lists (as JSON arrays or as JSON text of an array). `CustomerId` is the row's key, not a value, and is left
 * out. A value that cannot be shown stays in the map as `unreadable` (so the control can say so by name) and
 * makes the status `partial`.
 */
export function parseInsightValues(raw: unknown): ParsedColumn<ReadonlyMap<string, InsightValue>> {
    const document = readDocument(raw);
    const entries = new Map<string, InsightValue>();
    if (document.kind !== 'document') return document.kind === 'empty' ? empty(entries) : unreadable(entries, document.problem);
    if (!isPlainObject(document.value)) return unreadable(entries, 'not a JSON object');

    let problems = 0;
    for (const [name, value] of Object.entries(document.value)) {
        if (name.toLowerCase() === 'customerid') continue;
        const insight = insightValue(value);
        if (insight.kind === 'unreadable' || (insight.kind === 'list' && insight.unreadableItems > 0)) problems++;
        entries.set(name, insight);
    }
    if (!document.truncated && problems === 0) return entries.size === 0 ? empty(entries) : { status: 'complete', value: entries };
    const notes: string[] = [];
    if (document.truncated) notes.push('the text was cut off; entries up to the cut are shown');
    if (problems > 0) notes.push(`${problems} values could not be read`);
    const usable = [...entries.values()].some((v) => v.kind !== 'unreadable');
    return { status: usable ? 'partial' : 'unreadable', value: entries, problem: notes.join('; ') };
}

function insightNumber(value: number): InsightValue {
    return Number.isFinite(value) && Math.abs(value) <= MAX_INSIGHT_NUMBER ? { kind: 'number', value } : { kind: 'unreadable', reason: 'number' };
}

function insightValue(value: unknown): InsightValue {
    if (value === null || value === undefined) return { kind: 'none' };
    if (typeof value === 'boolean') return { kind: 'boolean', value };
    if (typeof value === 'number') return insightNumber(value);
    if (Array.isArray(value)) return insightList(value);
    if (typeof value !== 'string') return { kind: 'unreadable', reason: 'object' };
    const text = value.trim();
    if (text === '') return { kind: 'none' };
    if (NUMERIC_TEXT.test(text)) return insightNumber(Number(text));
    if (NOT_A_NUMBER_TEXT.test(text)) return { kind: 'unreadable', reason: 'number' };
    if (text.startsWith('[') && text.endsWith(']') && text.length <= MAX_JSON_COLUMN_LENGTH) {
        try {
            const list: unknown = JSON.parse(text);
            if (Array.isArray(list)) return insightList(list);
        } catch {
            // not a JSON list after all: it is text
        }
    }
    return { kind: 'text', value: text.length > MAX_INSIGHT_TEXT_LENGTH ? `${text.slice(0, MAX_INSIGHT_TEXT_LENGTH)}…` : text };
}

/** A list in stored order, or by `Rank` when its entries carry one. */
function insightList(list: readonly unknown[]): InsightValue {
    const items: Array<InsightListItem & { readonly rank?: number }> = [];
    let unreadableItems = 0;
    for (const entry of list) {
        const item = listItem(entry);
        if (item === undefined) unreadableItems++;
        else items.push(item);
    }
    if (items.some((item) => item.rank !== undefined)) {
        items.sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY));
    }
    if (items.length === 0 && unreadableItems > 0) return { kind: 'unreadable', reason: 'nestedList' };
    return {
        kind: 'list',
        items: items.slice(0, MAX_INSIGHT_LIST_ITEMS).map(({ label, score }) => (score === undefined ? { label } : { label, score })),
        total: items.length,
        unreadableItems,
    };
}

function listItem(entry: unknown): (InsightListItem & { readonly rank?: number }) | undefined {
    if (typeof entry === 'string') {
        const label = entry.trim();
        return label === '' ? undefined : { label: label.slice(0, MAX_INSIGHT_TEXT_LENGTH) };
    }
    if (typeof entry === 'number') return Number.isFinite(entry) ? { label: String(entry) } : undefined;
    if (!isPlainObject(entry)) return undefined;
    const byKey = new Map(Object.entries(entry).map(([key, value]) => [key.toLowerCase(), value] as const));
    const pick = (keys: readonly string[], accept: (value: unknown) => boolean): unknown => keys.map((key) => byKey.get(key)).find(accept);
    const label = pick(INSIGHT_LABEL_KEYS, (v) => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)));
    if (label === undefined) return undefined;
    const numberOf = (v: unknown): number | undefined => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : Number.NaN;
        return Number.isFinite(n) && Math.abs(n) <= MAX_INSIGHT_NUMBER ? n : undefined;
    };
    const score = numberOf(pick(INSIGHT_SCORE_KEYS, (v) => numberOf(v) !== undefined));
    const rank = numberOf(pick(INSIGHT_RANK_KEYS, (v) => numberOf(v) !== undefined));
    return {
        label: (typeof label === 'number' ? String(label) : (label as string)).trim().slice(0, MAX_INSIGHT_TEXT_LENGTH),
        ...(score !== undefined ? { score } : {}),
        ...(rank !== undefined ? { rank } : {}),
    };
}

// ---------------------------------------------------------------------------------------------------------

type EntryDecision<T> = { readonly value: T } | { readonly skip: true } | { readonly drop: true };

function parseFlatObject<T>(raw: unknown, decide: (name: string, value: unknown) => EntryDecision<T>): ParsedColumn<ReadonlyMap<string, T>> {
    const document = readDocument(raw);
    // A Map, not an object: keys such as "__proto__" or "constructor" come from data and must stay data.
    const entries = new Map<string, T>();
    if (document.kind !== 'document') return document.kind === 'empty' ? empty(entries) : unreadable(entries, document.problem);
    if (!isPlainObject(document.value)) return unreadable(entries, 'not a JSON object');

    let dropped = 0;
    for (const [name, value] of Object.entries(document.value)) {
        const decision = decide(name, value);
        if ('value' in decision) entries.set(name, decision.value);
        else if ('drop' in decision) dropped++;
    }
    return finish(entries, dropped, document.truncated, 'nested values', entries.size);
}

function finish<T>(value: T, dropped: number, truncated: boolean, what: string, size?: number): ParsedColumn<T> {
    const count = size ?? (Array.isArray(value) ? value.length : 0);
    const problems: string[] = [];
    if (truncated) problems.push('the text was cut off; entries up to the cut are shown');
    if (dropped > 0) problems.push(`${dropped} ${what} could not be read`);
    if (problems.length === 0) return count === 0 ? { status: 'empty', value } : { status: 'complete', value };
    return { status: count === 0 ? 'unreadable' : 'partial', value, problem: problems.join('; ') };
}

function empty<T>(value: T): ParsedColumn<T> {
    return { status: 'empty', value };
}

function unreadable<T>(value: T, problem: string): ParsedColumn<T> {
    return { status: 'unreadable', value, problem };
}

type DocumentRead =
    | { readonly kind: 'empty' }
    | { readonly kind: 'unreadable'; readonly problem: string }
    | { readonly kind: 'document'; readonly value: unknown; readonly truncated: boolean };

/** Accepts the column as text (normal) or already parsed (some hosts and test doubles). */
function readDocument(raw: unknown): DocumentRead {
    if (raw === null || raw === undefined) return { kind: 'empty' };
    if (typeof raw === 'object') return { kind: 'document', value: raw, truncated: false };
    if (typeof raw !== 'string') return { kind: 'unreadable', problem: `a ${typeof raw}, not JSON text` };
    const text = raw.trim();
    if (text === '' || text === 'null') return { kind: 'empty' };
    if (text.length > MAX_JSON_COLUMN_LENGTH) return { kind: 'unreadable', problem: `longer than ${MAX_JSON_COLUMN_LENGTH} characters` };
    try {
        return { kind: 'document', value: JSON.parse(text) as unknown, truncated: false };
    } catch {
        const repaired = repairTruncatedJson(text);
        return repaired === undefined ? { kind: 'unreadable', problem: 'not valid JSON' } : { kind: 'document', value: repaired, truncated: true };
    }
}

/**
 * Recovers the complete entries of JSON text that was cut off (or is corrupt from some point on): scans to
 * the last point where a whole value ended inside its container, cuts there and closes the open containers.
 * Returns undefined when no such point exists. Exported for tests.
 */
export function repairTruncatedJson(text: string): unknown {
    type Frame = { readonly closer: '}' | ']'; expect: 'key' | 'colon' | 'value' | 'commaOrEnd' };
    const stack: Frame[] = [];
    let safeCut = -1;
    let safeClosers = '';
    const markSafe = (end: number): void => {
        safeCut = end;
        safeClosers = stack.map((f) => f.closer).reverse().join('');
    };
    const valueEnded = (end: number): boolean => {
        const top = stack[stack.length - 1];
        if (top === undefined) return false; // the top-level value ended, so the text was not truncated there
        top.expect = 'commaOrEnd';
        markSafe(end);
        return true;
    };

    let i = 0;
    scan: while (i < text.length) {
        const c = text[i] ?? '';
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
            i++;
            continue;
        }
        const top = stack[stack.length - 1];
        const expectsValue = top === undefined ? i === 0 || safeCut < 0 : top.expect === 'value';
        if (c === '{' || c === '[') {
            if (!expectsValue || stack.length >= MAX_REPAIR_DEPTH) break;
            stack.push({ closer: c === '{' ? '}' : ']', expect: c === '{' ? 'key' : 'value' });
            i++;
            markSafe(i);
            continue;
        }
        if (c === '}' || c === ']') {
            if (top === undefined || top.closer !== c || top.expect === 'colon') break;
            stack.pop();
            i++;
            if (!valueEnded(i)) break;
            continue;
        }
        if (c === ',') {
            if (top?.expect !== 'commaOrEnd') break;
            top.expect = top.closer === '}' ? 'key' : 'value';
            i++;
            continue;
        }
        if (c === ':') {
            if (top?.expect !== 'colon') break;
            top.expect = 'value';
            i++;
            continue;
        }
        if (c === '"') {
            const end = endOfString(text, i);
            if (end < 0) break;
            i = end;
            if (top?.expect === 'key') top.expect = 'colon';
            else if (!expectsValue || !valueEnded(i)) break;
            continue;
        }
        // number or literal: must be followed by something, otherwise it may have been cut (12 of 123, tr of true)
        let end = i;
        while (end < text.length && /[-+.0-9eEa-z]/.test(text[end] ?? '')) end++;
        if (end === i || end >= text.length || !expectsValue) break;
        try {
            JSON.parse(text.slice(i, end));
        } catch {
            break scan;
        }
        i = end;
        if (!valueEnded(i)) break;
    }
    if (safeCut < 0) return undefined;
    try {
        return JSON.parse(text.slice(0, safeCut).replace(/,\s*$/, '') + safeClosers) as unknown;
    } catch {
        return undefined;
    }
}

/** Index just past the closing quote of the string starting at `start`, or -1 if it never closes. */
function endOfString(text: string, start: number): number {
    for (let i = start + 1; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') i++;
        else if (c === '"') return i + 1;
    }
    return -1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
    return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
