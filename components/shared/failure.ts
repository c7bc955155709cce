/**
 * Turns whatever a failed read rejected with into one of the states every control designs a message for.
 *
 * What `context.webAPI` rejects with (backed by `Xrm.WebApi` in model-driven apps) is documented as an
 * object `{ errorCode, message }`, errorCode the code as an unsigned decimal (0x80040220 -> 2147746336); a
 * user-reported PCF rejection has exactly that shape (MicrosoftDocs/powerapps-docs#1640). No HTTP status, hex
 * code, response body or Retry-After is documented, so classification uses `errorCode` and `message` only.
 * `retryAfterSeconds` is read when a rejection really carries it: `context.webAPI` never does, but this
 * library's own HTTP client (issue 15) may add it from the Retry-After header. How a lost network rejects is
 * not documented: a `TypeError` ("Failed to fetch") and an object without a Dataverse code whose message says
 * the request failed are both read as `network`.
 *
 * Anything else is read defensively too (Error objects, strings, nothing at all), and the platform's code
 * and message are kept for support. The text is never "[object Object]".
 */

import { InvalidGuidError } from './identifiers';
import { usableRetryAfterSeconds } from './limits';
import { QueryValueError } from './query';

/**
 * - `timeout`: the request got no answer within its time limit and was abandoned;
 * - `network`: the request could not reach Dataverse (connection lost) while the app itself is online;
 * - `offline`: the app is offline (`context.client.isOffline()`).
 */
export type FailureKind = 'noPrivilege' | 'notVisible' | 'busy' | 'configuration' | 'offline' | 'network' | 'timeout' | 'unexpected';

export interface InsightsFailure {
    readonly kind: FailureKind;
    /** The platform's error code as `0x80040220` (from `errorCode`), or this library's own (`PagingLimit`, `RequestTimeout`, ...). */
    readonly code?: string;
    /** Readable technical message (for support and logs; controls show their own localised text). */
    readonly message: string;
    /** For `configuration`: the column or table the platform did not know, so a control can name the property. */
    readonly offendingName?: string;
    /**
     * For `busy`: seconds to wait, only when the rejection carried a usable Retry-After (our own HTTP client;
     * `context.webAPI` never does). Non-finite, negative or implausibly large values are left out.
     */
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

/**
 * What a lost connection says (browsers: Chrome "Failed to fetch", Firefox "NetworkError when attempting to
 * fetch resource", Safari "Load failed"; the model-driven client offline: "This operation failed because
 * you're offline"), and the `{ errorCode: 0, message }` shape whose message says the request failed.
 */
const NETWORK_MESSAGES = [
    /failed to fetch/i,
    /networkerror/i,
    /network request failed/i,
    /load failed/i,
    /network error/i,
    /network connection/i,
    /err_internet_disconnected/i,
    /you(?:'|\u2019| a)re offline/i,
    /request failed/i,
];

/** Service protection, by message, for rejections whose code is missing (the codes are the primary signal). */
const BUSY_MESSAGES = /number of (?:concurrent )?requests exceeded the limit|combined execution time of incoming requests exceeded/i;

/** This library's own failures, recognised by name so that a shared read from another bundle is read the same. */
export const TIMEOUT_ERROR_NAME = 'RequestTimeoutError';
export const CANCELLED_ERROR_NAME = 'ReadCancelledError';

/** A Web API call got no answer within its time limit; its limiter slot and cache entry were freed. */
export class RequestTimeoutError extends Error {
    constructor(table: string, timeoutMs: number) {
        super(`Dataverse did not answer a read of ${table} within ${Math.round(timeoutMs / 1000)} s; the request was abandoned.`);
        this.name = TIMEOUT_ERROR_NAME;
    }
}

/** The reader that owned a read was released (its control destroyed): nothing more is sent for it. */
export class ReadCancelledError extends Error {
    constructor() {
        super('The read was cancelled because its control was destroyed.');
        this.name = CANCELLED_ERROR_NAME;
    }
}

/** True for a {@link ReadCancelledError}, also one made by another bundle of this library. */
export function isCancellation(error: unknown): boolean {
    return nameOf(error) === CANCELLED_ERROR_NAME;
}

/**
 * The platform's rejection inside an error a page-wide limiter of an older version of this library wrapped
 * it in (`new Error('Request failed')` with the original as `cause`); anything else unchanged.
 */
export function unwrapLimiterError(error: unknown): unknown {
    if (!(error instanceof Error) || error.message !== 'Request failed') return error;
    const cause = readField(error, 'cause');
    return cause === undefined ? error : cause;
}

interface ReadFields {
    /** From `errorCode`, as `0x80040220`; undefined when absent or 0 (no Dataverse code). */
    code?: string;
    /** `errorCode` was absent or 0: the answer carried no Dataverse code. */
    noCode: boolean;
    /** The rejection's own message, as given (may be empty). */
    rawMessage: string;
    /** Readable message for support: the rejection's own, else a description. */
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
    const foreign = insightsFailureOf(error);
    if (foreign !== undefined) return foreign;
    if (error instanceof QueryValueError) {
        return { kind: 'configuration', code: 'InvalidQueryValue', message: error.message, offendingName: error.column };
    }
    if (error instanceof InvalidGuidError) {
        return { kind: 'configuration', code: 'InvalidGuid', message: error.message, offendingName: error.what };
    }
    const platform = unwrapLimiterError(error);
    const fields = readFields(platform);
    const base = withOptional({ message: fields.message }, fields);

    if (safeIsOffline(isOffline)) return { ...base, kind: 'offline' };
    if (fields.name === TIMEOUT_ERROR_NAME) return { kind: 'timeout', code: 'RequestTimeout', message: fields.message };
    if (fields.name === CANCELLED_ERROR_NAME) return { kind: 'unexpected', code: 'ReadCancelled', message: fields.message };

    const code = fields.code;
    const text = fields.rawMessage;
    if (includes(PlatformErrorCodes.busy, code) || BUSY_MESSAGES.test(text)) return { ...base, kind: 'busy' };
    if (includes(PlatformErrorCodes.noPrivilege, code) || /missing\s+prv|missing privilege/i.test(text)) {
        return { ...base, kind: 'noPrivilege' };
    }
    if (includes(PlatformErrorCodes.notVisible, code) || /does not have (?:the required )?(?:access|permission)|no access to the record/i.test(text)) {
        return { ...base, kind: 'notVisible' };
    }
    // Dataverse answers an unknown column with code 0x0, which arrives as errorCode 0: the message decides.
    const property = /could not find a property named '([^']+)'/i.exec(text);
    if (property?.[1] !== undefined) return { ...base, kind: 'configuration', offendingName: property[1] };
    const table =
        /entity (?:with a name = )?'([^']+)' (?:was not found|does not exist)/i.exec(text) ??
        /entity ([A-Za-z0-9_]+) does not exist/i.exec(text) ??
        /resource not found for the segment '([^']+)'/i.exec(text) ??
        /could not find entity (?:named )?'?([A-Za-z0-9_]+)'?/i.exec(text) ??
        /attribute '?([A-Za-z0-9_]+)'? (?:was not found|does not exist)|entity doesn't contain attribute with name = '([A-Za-z0-9_]+)'/i.exec(text);
    const name = table?.[1] ?? table?.[2];
    if (name !== undefined) return { ...base, kind: 'configuration', offendingName: name };
    if (includes(PlatformErrorCodes.configuration, code)) return { ...base, kind: 'configuration' };
    if (isNetworkFailure(platform, fields)) return { ...base, kind: 'network' };
    return { ...base, kind: 'unexpected' };
}

function withOptional(target: { message: string }, fields: ReadFields): Omit<InsightsFailure, 'kind'> {
    return {
        ...target,
        ...(fields.code !== undefined ? { code: fields.code } : {}),
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

/**
 * No Dataverse code and a message saying the connection failed: a `TypeError` from fetch, or the client's
 * error object with errorCode 0. (A TypeError with another message is a bug, not the network.)
 */
function isNetworkFailure(error: unknown, fields: ReadFields): boolean {
    if (!fields.noCode) return false;
    return typeof error === 'object' && error !== null && NETWORK_MESSAGES.some((pattern) => pattern.test(fields.rawMessage));
}

/** An InsightsError of another bundle of this library (`instanceof` fails across bundles). */
function insightsFailureOf(error: unknown): InsightsFailure | undefined {
    if (nameOf(error) !== 'InsightsError') return undefined;
    const failure = readField(error, 'failure') as Partial<InsightsFailure> | undefined;
    const kinds: readonly FailureKind[] = ['noPrivilege', 'notVisible', 'busy', 'configuration', 'offline', 'network', 'timeout', 'unexpected'];
    if (typeof failure !== 'object' || failure === null || !kinds.includes(failure.kind as FailureKind) || typeof failure.message !== 'string') return undefined;
    return failure as InsightsFailure;
}

const NO_DETAILS = 'The request failed without any error details.';

/** Reads errorCode, message and (from our own HTTP client only) Retry-After out of anything, never throwing. */
function readFields(error: unknown): ReadFields {
    const none = (message: string): ReadFields => ({ noCode: true, rawMessage: '', message });
    if (error === undefined || error === null) return none(NO_DETAILS);
    if (typeof error === 'string') return error.trim() === '' ? none(NO_DETAILS) : { noCode: true, rawMessage: error, message: error };
    if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint' || typeof error === 'symbol') return none(`The request failed: ${String(error)}.`);
    if (typeof error !== 'object') return none(NO_DETAILS);

    const record = error as Record<string, unknown>;
    const errorCode = readField(record, 'errorCode');
    const code = normaliseCode(errorCode);
    const rawMessage = stringField(record, 'message') ?? '';
    const fields: ReadFields = {
        noCode: code === undefined,
        rawMessage,
        message: rawMessage.trim() !== '' ? rawMessage : describeObject(record),
    };
    if (code !== undefined) fields.code = code;
    const name = stringField(record, 'name');
    if (name !== undefined) fields.name = name;
    const retryAfter = usableRetryAfterSeconds(readField(record, 'retryAfterSeconds'));
    if (retryAfter !== undefined) fields.retryAfterSeconds = retryAfter;
    return fields;
}

/** Codes arrive as unsigned or signed numbers or as hex text; one spelling: `0x80040220`. 0 means "no code". */
function normaliseCode(value: unknown): string | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value !== 0) return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
    if (typeof value === 'string') {
        const trimmed = value.trim();
        if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) return /^0x0+$/i.test(trimmed) ? undefined : `0x${trimmed.slice(2).toLowerCase().padStart(8, '0')}`;
        if (/^-?\d+$/.test(trimmed)) return normaliseCode(Number(trimmed));
        return trimmed === '' ? undefined : trimmed;
    }
    return undefined;
}

/** A property that may be a throwing getter or sit behind a hostile Proxy: undefined instead of a second failure. */
function readField(record: unknown, key: string): unknown {
    try {
        return (record as Record<string, unknown>)[key];
    } catch {
        return undefined;
    }
}

function nameOf(error: unknown): string | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const name = readField(error, 'name');
    return typeof name === 'string' ? name : undefined;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
    const value = readField(record, key);
    return typeof value === 'string' ? value : undefined;
}

function describeObject(record: Record<string, unknown>): string {
    try {
        const json = JSON.stringify(record);
        if (json !== undefined && json !== '{}') return `The request failed: ${json.length > 500 ? `${json.slice(0, 500)}…` : json}`;
    } catch {
        // circular or throwing toJSON: fall through
    }
    return NO_DETAILS;
}
