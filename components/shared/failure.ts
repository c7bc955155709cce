/**
 * Turns whatever a failed read rejected with into one of the states every control designs a message for.
 *
 * The rejection shape of `context.webAPI` is not documented (unverified): we expect
 * `{ errorCode: number, code?: string, message: string, status?: number, retryAfterSeconds?: number, raw?: string }`
 * but read every field defensively, also accept Error objects, strings and nothing at all, and keep the
 * platform's code and message for support. The text is never "[object Object]".
 */

import { InvalidGuidError } from './identifiers';
import { QueryValueError } from './query';

/**
 * - `timeout`: the request got no answer within its time limit and was abandoned;
 * - `network`: the request could not reach Dataverse (connection lost) while the app itself is online;
 * - `offline`: the app is offline (`context.client.isOffline()`).
 */
export type FailureKind = 'noPrivilege' | 'notVisible' | 'busy' | 'configuration' | 'offline' | 'network' | 'timeout' | 'unexpected';

export interface InsightsFailure {
    readonly kind: FailureKind;
    /** Platform error code as `0x80040220` when one was given. */
    readonly code?: string;
    /** HTTP status when one was given. */
    readonly status?: number;
    /** Readable technical message (for support and logs; controls show their own localised text). */
    readonly message: string;
    /** For `configuration`: the column or table the platform did not know, so a control can name the property. */
    readonly offendingName?: string;
    /** For `busy`: seconds the platform asked us to wait. */
    readonly retryAfterSeconds?: number;
}

/** What readers reject with: an Error (so stacks and `instanceof` work) that carries the classified failure. */
export class InsightsError extends Error {
    readonly failure: InsightsFailure;
    constructor(failure: InsightsFailure, options?: { cause?: unknown }) {
        super(failure.message);
        this.name = 'InsightsError';
        this.failure = failure;
        if (options !== undefined) (this as { cause?: unknown }).cause = options.cause;
    }
}

/** Platform codes, as unsigned hex. Sources: domain.md §3; kept as data because they are unverified. */
export const PlatformErrorCodes = {
    noPrivilege: ['0x80040220'],
    notVisible: ['0x80048306', '0x8004030a', '0x80040225'],
    busy: ['0x80072322', '0x80072321', '0x80072326'],
    /** Unknown table (0x80040217 on a query) or unknown FetchXML attribute (0x80041103). */
    configuration: ['0x80040217', '0x80041103'],
} as const;

const NETWORK_MESSAGES = [/failed to fetch/i, /networkerror/i, /network request failed/i, /load failed/i, /network error/i, /err_internet_disconnected/i];

interface ReadFields {
    code?: string;
    status?: number;
    message: string;
    retryAfterSeconds?: number;
    name?: string;
}

/**
 * Classifies a rejection. `isOffline` is `context.client.isOffline`: when it says offline, that wins, because
 * the error text the platform gives offline varies.
 */
export function classifyFailure(error: unknown, isOffline?: () => boolean): InsightsFailure {
    if (error instanceof InsightsError) return error.failure;
    if (error instanceof QueryValueError) {
        return { kind: 'configuration', code: 'InvalidQueryValue', message: error.message, offendingName: error.column };
    }
    if (error instanceof InvalidGuidError) {
        return { kind: 'configuration', code: 'InvalidGuid', message: error.message, offendingName: error.what };
    }
    const fields = readFields(error);
    const base = withOptional({ message: fields.message }, fields);

    if (safeIsOffline(isOffline) || isNetworkFailure(error, fields)) return { ...base, kind: 'offline' };

    const code = fields.code;
    if (fields.status === 429 || includes(PlatformErrorCodes.busy, code)) return { ...base, kind: 'busy' };
    if (includes(PlatformErrorCodes.noPrivilege, code) || /missing\s+prv|missing privilege/i.test(fields.message)) {
        return { ...base, kind: 'noPrivilege' };
    }
    if (includes(PlatformErrorCodes.notVisible, code) || /does not have (?:the required )?(?:access|permission)|no access to the record/i.test(fields.message)) {
        return { ...base, kind: 'notVisible' };
    }
    const property = /could not find a property named '([^']+)'/i.exec(fields.message);
    if (property?.[1] !== undefined) return { ...base, kind: 'configuration', offendingName: property[1] };
    const table =
        /entity (?:with a name = )?'([^']+)' (?:was not found|does not exist)/i.exec(fields.message) ??
        /entity ([A-Za-z0-9_]+) does not exist/i.exec(fields.message) ??
        /resource not found for the segment '([^']+)'/i.exec(fields.message) ??
        /could not find entity (?:named )?'?([A-Za-z0-9_]+)'?/i.exec(fields.message) ??
        /attribute '?([A-Za-z0-9_]+)'? (?:was not found|does not exist)|'([A-Za-z0-9_]+)' entity doesn't contain attribute/i.exec(fields.message);
    const name = table?.[1] ?? table?.[2];
    if (name !== undefined) return { ...base, kind: 'configuration', offendingName: name };
    if (includes(PlatformErrorCodes.configuration, code)) return { ...base, kind: 'configuration' };
    return { ...base, kind: 'unexpected' };
}

function withOptional(target: { message: string }, fields: ReadFields): Omit<InsightsFailure, 'kind'> {
    return {
        ...target,
        ...(fields.code !== undefined ? { code: fields.code } : {}),
        ...(fields.status !== undefined ? { status: fields.status } : {}),
        ...(fields.retryAfterSeconds !== undefined ? { retryAfterSeconds: fields.retryAfterSeconds } : {}),
    };
}

function includes(list: readonly string[], code: string | undefined): boolean {
    return code !== undefined && list.includes(code);
}

function safeIsOffline(isOffline: (() => boolean) | undefined): boolean {
    try {
        return isOffline?.() === true;
    } catch {
        return false;
    }
}

function isNetworkFailure(error: unknown, fields: ReadFields): boolean {
    if (fields.code !== undefined || fields.status !== undefined) return false;
    const typeError = error instanceof TypeError || fields.name === 'TypeError';
    return (typeError || fields.name === 'NetworkError') && NETWORK_MESSAGES.some((p) => p.test(fields.message));
}

/** Reads code, status, message and Retry-After out of anything, never throwing. */
function readFields(error: unknown): ReadFields {
    if (error === undefined || error === null) return { message: 'The request failed without any error details.' };
    if (typeof error === 'string') return fromRaw(error) ?? { message: error.trim() === '' ? 'The request failed without any error details.' : error };
    if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint') return { message: `The request failed: ${String(error)}.` };
    if (typeof error === 'symbol') return { message: `The request failed: ${error.toString()}.` };
    if (typeof error !== 'object') return { message: 'The request failed without any error details.' };

    const record = error as Record<string, unknown>;
    const fields: ReadFields = { message: '' };
    const name = stringField(record, 'name');
    if (name !== undefined) fields.name = name;

    const code = normaliseCode(record['errorCode']) ?? normaliseCode(record['code']);
    const status = numberField(record, 'status') ?? numberField(record, 'httpStatusCode') ?? numberField(record, 'statusCode');
    const retryAfter = numberField(record, 'retryAfterSeconds') ?? numberField(record, 'retryAfter');
    let message = stringField(record, 'message');

    // The raw response body often has the best code and message: {"error":{"code":"0x…","message":"…"}}
    const raw = stringField(record, 'raw');
    const fromBody = raw !== undefined ? fromRaw(raw) : fromErrorObject(record['error']);
    if (code !== undefined) fields.code = code;
    else if (fromBody?.code !== undefined) fields.code = fromBody.code;
    if (status !== undefined) fields.status = status;
    if (retryAfter !== undefined && retryAfter >= 0) fields.retryAfterSeconds = retryAfter;
    if (message === undefined || message.trim() === '') message = fromBody?.message;
    if (message === undefined || message.trim() === '') message = describeObject(record);
    fields.message = message;
    return fields;
}

function fromRaw(raw: string): ReadFields | undefined {
    const trimmed = raw.trim();
    if (!trimmed.startsWith('{')) return undefined;
    try {
        return fromErrorObject((JSON.parse(trimmed) as Record<string, unknown> | null)?.['error']);
    } catch {
        return undefined;
    }
}

function fromErrorObject(value: unknown): ReadFields | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    const message = stringField(record, 'message');
    const code = normaliseCode(record['code']);
    if (message === undefined && code === undefined) return undefined;
    return { message: message ?? '', ...(code !== undefined ? { code } : {}) };
}

/** Codes arrive as unsigned or signed numbers or as hex text; one spelling: `0x80040220`. */
function normaliseCode(value: unknown): string | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value !== 0) return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
    if (typeof value === 'string') {
        const trimmed = value.trim();
        if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) return `0x${trimmed.slice(2).toLowerCase().padStart(8, '0')}`;
        if (/^-?\d+$/.test(trimmed)) return normaliseCode(Number(trimmed));
        return trimmed === '' ? undefined : trimmed;
    }
    return undefined;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
    try {
        const value = record[key];
        return typeof value === 'string' ? value : undefined;
    } catch {
        return undefined; // a throwing getter must not turn classification into a second failure
    }
}

function numberField(record: Record<string, unknown>, key: string): number | undefined {
    try {
        const value = record[key];
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
        return undefined;
    } catch {
        return undefined;
    }
}

function describeObject(record: Record<string, unknown>): string {
    try {
        const json = JSON.stringify(record);
        if (json !== undefined && json !== '{}') return `The request failed: ${json.length > 500 ? `${json.slice(0, 500)}…` : json}`;
    } catch {
        // circular or throwing toJSON: fall through
    }
    return 'The request failed without any error details.';
}
