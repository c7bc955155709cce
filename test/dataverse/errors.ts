/**
 * The emulator's errors, in two shapes (docs/contracts.md):
 *
 * - {@link DataverseError}: the emulator-internal error behind `dv.operations(userId)`, with everything an HTTP
 *   layer needs to answer like the Web API (hex `code`, HTTP `status`, Retry-After, the JSON error body in
 *   `raw`). Only HTTP-level code (the playground's request log, an HTTP server) may look at these fields.
 * - {@link PlatformRejection}: what `dv.webApi(userId)` rejects with, exactly what `context.webAPI` documents:
 *   a plain object `{ errorCode, message }`, `errorCode` the UNSIGNED decimal of the hex code
 *   (0x80040220 -> 2147746336). Sources: the PCF WebApi reference ("errorCallback ... an object with
 *   errorCode and message") and a user-reported PCF rejection
 *   (MicrosoftDocs/powerapps-docs#1640: `errorCode: 2147951872, message: "..."`). Nothing else is documented,
 *   so controls must not expect a status, a hex code, a body or Retry-After there.
 * - A lost network is not documented at all: {@link networkFailure} offers both plausible shapes.
 */

export interface DataverseErrorShape {
    readonly errorCode: number;
    readonly code: string;
    readonly message: string;
    readonly status: number;
    readonly retryAfterSeconds?: number;
    readonly raw: string;
}

/** Hex codes the emulator produces, named after what they mean. */
export const ERROR_CODES = {
    /** Unknown property, OData syntax the platform rejects (Dataverse answers 0x0 for these). */
    badRequest: '0x0',
    /** A query option or function the platform (or this emulator) does not support. */
    notSupported: '0x80060888',
    /** Missing privilege (no read privilege on the table at all, or create/update/delete on CI tables). */
    missingPrivilege: '0x80040220',
    /** The record exists but the caller may not read it (SecLib::AccessCheckEx). */
    noAccessToRecord: '0x80048306',
    /** Record not found. */
    notFound: '0x80040217',
    /** FetchXML is malformed or uses something unsupported. */
    invalidArgument: '0x80040203',
    /** FetchXML names an attribute the table does not have. */
    unknownAttribute: '0x80041103',
    /** Aggregate over more than 50,000 rows. */
    aggregateLimit: '0x8004E023',
    /** Service protection: number of requests. */
    tooManyRequests: '0x80072322',
    /** Service protection: concurrent requests. */
    tooManyConcurrent: '0x80072326',
    /** Transient platform failure. */
    serverError: '0x80040216',
    /** A GET URL over 32,768 characters (HTTP 414; the code is the emulator's choice, see emulator.ts). */
    urlTooLong: '0x80004005',
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;

export class DataverseError extends Error implements DataverseErrorShape {
    readonly errorCode: number;
    readonly code: string;
    readonly status: number;
    readonly retryAfterSeconds?: number;
    readonly raw: string;

    constructor(code: string, status: number, message: string, retryAfterSeconds?: number) {
        super(message);
        this.name = 'DataverseError';
        this.code = code;
        this.errorCode = parseInt(code, 16) >>> 0;
        this.status = status;
        if (retryAfterSeconds !== undefined) {
            this.retryAfterSeconds = retryAfterSeconds;
        }
        this.raw = JSON.stringify({ error: { code, message } });
    }
}

export function dataverseError(name: ErrorCodeName, status: number, message: string, retryAfterSeconds?: number): DataverseError {
    return new DataverseError(ERROR_CODES[name], status, message, retryAfterSeconds);
}

export function unknownProperty(property: string, table: string): DataverseError {
    return dataverseError('badRequest', 400, `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${table}'.`);
}

export function notSupported(what: string): DataverseError {
    return dataverseError('notSupported', 400, what);
}

export function isDataverseError(value: unknown): value is DataverseError {
    return value instanceof DataverseError;
}

/** Exactly what `context.webAPI` rejects with: a plain object, no prototype tricks, no other fields. */
export interface PlatformRejection {
    readonly errorCode: number;
    readonly message: string;
}

/**
 * How a lost network reaches a control through `context.webAPI` (undocumented, so both plausible shapes):
 * - `typeError`: the browser's own `TypeError('Failed to fetch')` passed through unchanged;
 * - `errorObject`: the client's usual error object with no Dataverse code, `{ errorCode: 0, message }`, its
 *   message saying the request failed.
 */
export type NetworkFailureShape = 'typeError' | 'errorObject';

/** The message of the `errorObject` network shape. */
export const NETWORK_FAILURE_MESSAGE = 'The request failed: the network connection to the server was lost.';

export function networkFailure(shape: NetworkFailureShape): TypeError | PlatformRejection {
    return shape === 'typeError' ? new TypeError('Failed to fetch') : { errorCode: 0, message: NETWORK_FAILURE_MESSAGE };
}

/**
 * Converts what `operations()` rejected with into what `webApi()` rejects with: a DataverseError becomes
 * `{ errorCode, message }`; a network failure (TypeError) takes the configured shape; anything else (a bug in
 * the emulator) passes through unchanged, so it is not disguised as a platform answer.
 */
export function toPlatformRejection(error: unknown, networkShape: NetworkFailureShape): unknown {
    if (error instanceof DataverseError) return { errorCode: error.errorCode, message: error.message } satisfies PlatformRejection;
    if (error instanceof TypeError && error.message === 'Failed to fetch') return networkFailure(networkShape);
    return error;
}
