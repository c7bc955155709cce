/**
 * Rejections in the shape a PCF `context.webAPI` call rejects with (docs/contracts.md):
 * `{ errorCode, code, message, status, retryAfterSeconds?, raw }`.
 *
 * `errorCode` is the UNSIGNED 32-bit number of the hex code (0x80040220 -> 2147746336), as the model-driven
 * client reports it; `code` is the hex string, `raw` the Web API error body. Callers should branch on `code`
 * (or `status`), which is unambiguous.
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
