/**
 * `ComponentFramework.WebApi` over HTTP: the reads of `context.webAPI` sent with `fetch` to a Dataverse Web
 * API base URL (the local server of test/dataverse/http, or a real environment through the playground's
 * read-only proxy), answering with what the platform's webAPI resolves and rejects with:
 *
 * - `retrieveMultipleRecords` resolves `{ entities, nextLink? }` (FetchXML adds `fetchXmlPagingCookie` and
 *   `moreRecords`); `retrieveRecord` resolves the entity. Every request asks for every annotation
 *   (`Prefer: odata.include-annotations="*"`, like the model-driven client) and for `maxPageSize` through
 *   `Prefer: odata.maxpagesize`.
 * - An HTTP error rejects with the plain object `{ errorCode, message }`, errorCode the unsigned decimal of
 *   the body's hex code (0x80040220 -> 2147746336), as `context.webAPI` documents. A body that is not a
 *   Dataverse error (401 has none; a 414 comes as HTML) gives errorCode 0 and a message that starts with the
 *   HTTP status, e.g. `HTTP 414 Request URL Too Long: ...`.
 * - On 429 this client, unlike the platform's, can read the `Retry-After` header: the rejection then also
 *   carries `retryAfterSeconds`, which the core's busy retry uses when present (and does without otherwise).
 * - A request that cannot reach the server or loses its connection rejects like `fetch` in a browser:
 *   `TypeError('Failed to fetch')` (Node's own text "fetch failed" is not passed on, so every runtime
 *   rejects the same way; the original error is the `cause`).
 * - Every request has a time limit (default 120 s, a backstop behind the core's own per-read limit):
 *   past it the request is aborted and rejects with a `DOMException` named `TimeoutError`, what `fetch`
 *   rejects with under `AbortSignal.timeout`. Response bodies are read up to a bound (default 32 MiB);
 *   a larger answer is cut off and rejects with errorCode 0.
 * - Writes are not sent: this client only reads (createRecord, updateRecord and deleteRecord reject).
 *
 * Browser-safe (no Node built-ins): the playground and the jest tests use the same code.
 */
import type { EntityMetadataSource } from './context';

export interface HttpWebApiOptions {
    /**
     * The Web API base, ending in `/api/data/v9.2/`: absolute (`http://127.0.0.1:5555/api/data/v9.2/`) or,
     * in a page, relative to it (`/environment/api/data/v9.2/`).
     */
    readonly apiUrl: string;
    /** Bearer token, or a function giving the current one; omit when a proxy adds it. */
    readonly token?: string | (() => string | Promise<string>);
    /** `fetch` to use (default the global one). */
    readonly fetch?: typeof fetch;
    /** Time limit per request in ms (default 120,000). */
    readonly timeoutMs?: number;
    /** Largest response body read, in bytes (default 32 MiB). */
    readonly maxResponseBytes?: number;
    /** Entity set names by logical name; others are looked up once in the metadata (`EntityDefinitions`). */
    readonly entitySetNames?: Readonly<Record<string, string>>;
}

/** What a failed call rejects with: the platform's documented shape, plus Retry-After when we could read it. */
export interface WebApiRejection {
    readonly errorCode: number;
    readonly message: string;
    readonly retryAfterSeconds?: number;
}

/** One HTTP answer, read within its bounds. */
export interface HttpAnswer {
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly text: string;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const LOGICAL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ALL_ANNOTATIONS = 'odata.include-annotations="*"';

/** The `{ errorCode, message }` a failed HTTP answer stands for. */
export function rejectionOf(answer: HttpAnswer): WebApiRejection {
    const retryAfterSeconds = answer.status === 429 ? parseRetryAfter(answer.headers.get('Retry-After')) : undefined;
    const extra = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
    const body = parseJson(answer.text) as { error?: { code?: unknown; message?: unknown } } | undefined;
    const error = body !== undefined && typeof body === 'object' && body !== null ? body.error : undefined;
    if (error !== undefined && error !== null && (typeof error.code === 'string' || typeof error.message === 'string')) {
        const message = typeof error.message === 'string' && error.message.trim() !== '' ? error.message : `HTTP ${answer.status} ${answer.statusText}`.trim();
        return { errorCode: unsignedCode(error.code), message, ...extra };
    }
    const hint = answer.status === 401 ? 'the token is missing, expired or not accepted; sign in again' : snippet(answer.text);
    return { errorCode: 0, message: `HTTP ${answer.status}${answer.statusText !== '' ? ` ${answer.statusText}` : ''}${hint !== '' ? `: ${hint}` : ''}`, ...extra };
}

/** `0x80040220` -> 2147746336; anything else -> 0. */
function unsignedCode(code: unknown): number {
    if (typeof code === 'number' && Number.isInteger(code)) return code >>> 0;
    if (typeof code !== 'string') return 0;
    const text = code.trim();
    if (/^0x[0-9a-f]{1,8}$/i.test(text)) return parseInt(text, 16) >>> 0;
    if (/^-?\d{1,10}$/.test(text)) return Number(text) >>> 0;
    return 0;
}

/** Retry-After as seconds: delta-seconds or an HTTP date; undefined when absent or not a time. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
    if (value === null || value.trim() === '') return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
        const seconds = Number(text);
        return Number.isFinite(seconds) ? seconds : undefined;
    }
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** The readable start of a non-JSON body (HTML error pages): text without tags, 200 characters at most. */
function snippet(text: string): string {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
    const paragraph = /<p>([^<]*)<\/p>/i.exec(text)?.[1];
    const plain = [title, paragraph].filter((part): part is string => part !== undefined && part.trim() !== '').join(': ') || text.replace(/<[^>]*>/g, ' ');
    const collapsed = plain.replace(/\s+/g, ' ').trim();
    return collapsed.length > 200 ? `${collapsed.slice(0, 200)}…` : collapsed;
}

/**
 * Throws the platform's rejection object. Deliberately not an Error: `context.webAPI` rejects with a plain
 * `{ errorCode, message }`, and code written against it (the core's classification) must see the same.
 */
function fail(rejection: WebApiRejection): never {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the platform's shape is a plain object, see above
    throw rejection;
}

/** A string field of a JSON answer, or the fallback. */
function textOf(value: unknown, fallback = ''): string {
    return typeof value === 'string' ? value : fallback;
}

function networkError(cause: unknown): TypeError {
    return Object.assign(new TypeError('Failed to fetch'), { cause });
}

function tooLarge(limit: number): WebApiRejection {
    return { errorCode: 0, message: `The response is larger than ${limit} bytes; it was not read.` };
}

/**
 * Sends GET requests within the bounds above. `get` resolves every HTTP answer (also 4xx/5xx) and rejects
 * only for a network failure (TypeError), the time limit (TimeoutError) or an oversized body.
 */
export class DataverseHttpClient {
    readonly apiUrl: string;
    private readonly fetchImpl: typeof fetch;
    private readonly timeoutMs: number;
    private readonly maxResponseBytes: number;

    constructor(private readonly options: HttpWebApiOptions) {
        this.apiUrl = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
        const globalFetch = typeof fetch === 'function' ? fetch : undefined;
        const chosen = options.fetch ?? globalFetch;
        if (chosen === undefined) throw new Error('No fetch: pass options.fetch.');
        // Called unbound, browsers throw "Illegal invocation".
        this.fetchImpl = options.fetch ?? ((input, init) => chosen(input, init));
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    }

    /** `resource` is relative to the Web API base, e.g. `contacts?$select=fullname` or `WhoAmI`. */
    async get(resource: string, prefer: readonly string[] = [ALL_ANNOTATIONS]): Promise<HttpAnswer> {
        const headers: Record<string, string> = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };
        if (prefer.length > 0) headers.Prefer = prefer.join(',');
        const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
        if (token !== undefined && token !== '') headers.Authorization = `Bearer ${token}`;
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
        }, this.timeoutMs);
        /** What a failed exchange rejects with: ours (size bound), the time limit, or fetch's network error. */
        const failure = (error: unknown): never => {
            if (timedOut) throw new DOMException(`No answer within ${this.timeoutMs} ms; the request was abandoned.`, 'TimeoutError');
            if (typeof error === 'object' && error !== null && 'errorCode' in error) fail(error as WebApiRejection);
            throw networkError(error);
        };
        try {
            const response = await this.fetchImpl(`${this.apiUrl}${resource}`, { method: 'GET', headers, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' });
            const text = await this.readBody(response, controller);
            return { status: response.status, statusText: response.statusText, headers: response.headers, text };
        } catch (error) {
            return failure(error);
        } finally {
            clearTimeout(timer);
        }
    }

    /** GET that resolves the JSON body of a 2xx answer and rejects with {@link WebApiRejection} otherwise. */
    async getJson(resource: string, prefer?: readonly string[]): Promise<Record<string, unknown>> {
        const answer = await this.get(resource, prefer);
        if (answer.status < 200 || answer.status > 299) fail(rejectionOf(answer));
        const body = parseJson(answer.text);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
            fail({ errorCode: 0, message: `HTTP ${answer.status}: the answer is not a JSON object.` });
        }
        return body as Record<string, unknown>;
    }

    private async readBody(response: Response, controller: AbortController): Promise<string> {
        const declared = Number(response.headers.get('Content-Length') ?? NaN);
        if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
            controller.abort();
            fail(tooLarge(this.maxResponseBytes));
        }
        if (response.body === null) return '';
        const reader = response.body.getReader();
        const decoder = new TextDecoder('utf-8');
        let size = 0;
        let text = '';
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            if (size > this.maxResponseBytes) {
                await reader.cancel().catch(() => undefined);
                controller.abort();
                fail(tooLarge(this.maxResponseBytes));
            }
            text += decoder.decode(value, { stream: true });
        }
        return text + decoder.decode();
    }
}

function readOnly(operation: string): Promise<never> {
    return Promise.resolve().then(() => fail({ errorCode: 0, message: `${operation} was not sent: this Web API client only reads.` }));
}

/** The Web API of a Dataverse at `options.apiUrl` as `context.webAPI` offers it (reads only). */
export function createHttpWebApi(options: HttpWebApiOptions): ComponentFramework.WebApi {
    const client = new DataverseHttpClient(options);
    const entitySets = new Map<string, Promise<string>>(Object.entries(options.entitySetNames ?? {}).map(([name, set]) => [name, Promise.resolve(set)]));

    const entitySetOf = (logicalName: string): Promise<string> => {
        if (!LOGICAL_NAME.test(logicalName)) return Promise.resolve().then(() => fail({ errorCode: 0, message: `'${logicalName}' is not a table logical name.` }));
        let known = entitySets.get(logicalName);
        if (known === undefined) {
            known = client.getJson(`EntityDefinitions(LogicalName='${logicalName}')?$select=EntitySetName`, []).then((body) => {
                const set = body.EntitySetName;
                if (typeof set !== 'string' || !LOGICAL_NAME.test(set)) fail({ errorCode: 0, message: `The metadata of '${logicalName}' has no entity set name.` });
                return set;
            });
            entitySets.set(logicalName, known);
            known.catch(() => entitySets.delete(logicalName));
        }
        return known;
    };

    /** The query part to send: `?...` as given, or the query of a nextLink for the same entity set. */
    const queryOf = (options: string | undefined, entitySet: string): string => {
        const text = options ?? '';
        if (text === '') return '';
        if (/^https?:\/\//i.test(text)) {
            const question = text.indexOf('?');
            const path = question === -1 ? text : text.slice(0, question);
            // Only the query travels: the link's host is never contacted (it may not be the one we trust).
            if (!new RegExp(`/api/data/v9\\.\\d+/${entitySet}$`, 'i').test(path)) {
                fail({ errorCode: 0, message: `The link '${path}' is not for the entity set '${entitySet}'.` });
            }
            return question === -1 ? '' : text.slice(question);
        }
        if (!text.startsWith('?')) fail({ errorCode: 0, message: `Query options must start with '?', got '${text.slice(0, 100)}'.` });
        return text;
    };

    return {
        async retrieveMultipleRecords(entityType: string, options?: string, maxPageSize?: number) {
            if (maxPageSize !== undefined && (!Number.isInteger(maxPageSize) || maxPageSize <= 0)) {
                fail({ errorCode: 0, message: `maxPageSize must be a positive whole number, got ${String(maxPageSize)}.` });
            }
            const entitySet = await entitySetOf(entityType);
            const query = queryOf(options, entitySet);
            const prefer = [ALL_ANNOTATIONS, ...(maxPageSize !== undefined ? [`odata.maxpagesize=${maxPageSize}`] : [])];
            const body = await client.getJson(`${entitySet}${query}`, prefer);
            if (!Array.isArray(body.value)) fail({ errorCode: 0, message: 'The answer has no value array.' });
            const result: ComponentFramework.WebApi.RetrieveMultipleResponse & { fetchXmlPagingCookie?: string; moreRecords?: boolean } = {
                entities: body.value as ComponentFramework.WebApi.Entity[],
            } as ComponentFramework.WebApi.RetrieveMultipleResponse;
            const nextLink = body['@odata.nextLink'];
            if (typeof nextLink === 'string' && nextLink !== '') result.nextLink = nextLink;
            const cookie = body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'];
            if (typeof cookie === 'string') result.fetchXmlPagingCookie = cookie;
            const more = body['@Microsoft.Dynamics.CRM.morerecords'];
            if (typeof more === 'boolean') result.moreRecords = more;
            return result;
        },
        async retrieveRecord(entityType: string, id: string, options?: string) {
            const entitySet = await entitySetOf(entityType);
            const guid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(id.trim())?.[1];
            if (guid === undefined) fail({ errorCode: 0, message: `'${id.slice(0, 100)}' is not a record id.` });
            const query = options === undefined || options === '' ? '' : queryOf(options, entitySet);
            const body = await client.getJson(`${entitySet}(${guid.toLowerCase()})${query}`);
            delete body['@odata.context'];
            return body;
        },
        createRecord: () => readOnly('createRecord'),
        updateRecord: () => readOnly('updateRecord'),
        deleteRecord: () => readOnly('deleteRecord'),
    };
}

/** What `context.utils.getEntityMetadata` resolves, read from `EntityDefinitions` over HTTP. */
export interface HttpEntityMetadata {
    readonly LogicalName: string;
    readonly EntitySetName: string;
    readonly PrimaryIdAttribute: string;
    readonly PrimaryNameAttribute: string;
    readonly DisplayName: string;
    readonly TableType?: string;
    readonly Attributes: {
        get(name: string): { LogicalName: string; DisplayName: string; AttributeType: string } | undefined;
        getAll(): Array<{ LogicalName: string; DisplayName: string; AttributeType: string }>;
    };
}

function labelText(label: unknown, fallback: string): string {
    const record = label as { UserLocalizedLabel?: { Label?: unknown } | null; LocalizedLabels?: Array<{ Label?: unknown }> } | null | undefined;
    const user = record?.UserLocalizedLabel?.Label;
    if (typeof user === 'string' && user !== '') return user;
    const first = record?.LocalizedLabels?.[0]?.Label;
    return typeof first === 'string' && first !== '' ? first : fallback;
}

/**
 * `getEntityMetadata` over HTTP, for a host that has no platform metadata cache (the playground against a
 * real environment): the entity's names and display name, and the requested attributes that exist.
 */
export interface HttpMetadataSource extends EntityMetadataSource {
    getEntityMetadata(logicalName: string, attributes?: readonly string[]): Promise<HttpEntityMetadata>;
}

export function createHttpMetadata(options: HttpWebApiOptions): HttpMetadataSource {
    const client = new DataverseHttpClient(options);
    return {
        async getEntityMetadata(logicalName: string, attributes: readonly string[] = []): Promise<HttpEntityMetadata> {
            if (!LOGICAL_NAME.test(logicalName)) fail({ errorCode: 0, message: `'${logicalName}' is not a table logical name.` });
            const names = [...new Set(attributes.filter((name) => LOGICAL_NAME.test(name)))];
            const expand =
                names.length === 0
                    ? ''
                    : `&$expand=Attributes($select=LogicalName,DisplayName,AttributeType;$filter=${encodeURIComponent(names.map((name) => `LogicalName eq '${name}'`).join(' or '))})`;
            const body = await client.getJson(`EntityDefinitions(LogicalName='${logicalName}')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,TableType${expand}`, []);
            const found = (Array.isArray(body.Attributes) ? (body.Attributes as Array<Record<string, unknown>>) : []).map((attribute) => ({
                LogicalName: textOf(attribute.LogicalName),
                DisplayName: labelText(attribute.DisplayName, textOf(attribute.LogicalName)),
                AttributeType: textOf(attribute.AttributeType),
            }));
            const byName = new Map(found.map((attribute) => [attribute.LogicalName, attribute]));
            return {
                LogicalName: textOf(body.LogicalName, logicalName),
                EntitySetName: textOf(body.EntitySetName),
                PrimaryIdAttribute: textOf(body.PrimaryIdAttribute),
                PrimaryNameAttribute: textOf(body.PrimaryNameAttribute),
                DisplayName: labelText(body.DisplayName, logicalName),
                ...(typeof body.TableType === 'string' ? { TableType: body.TableType } : {}),
                Attributes: { get: (name: string) => byName.get(name), getAll: () => [...found] },
            };
        },
    };
}
