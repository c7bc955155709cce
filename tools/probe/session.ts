/**
 * The tenant probe's only way to the environment: GET requests through the HTTP Web API client, counted and
 * bounded (a few per probe, {@link MAX_PROBE_REQUESTS} in all), each with a time limit and a bounded answer.
 * Nothing here can write: the client has no other method than GET.
 */
import { DataverseHttpClient, rejectionOf, type HttpAnswer, type WebApiRejection } from '../../test/host/httpWebApi';

/** All probes together never send more than this. */
export const MAX_PROBE_REQUESTS = 120;
/** Time limit per request. */
export const PROBE_TIMEOUT_MS = 30_000;
/** Largest answer read (metadata of a table with many columns stays far below). */
export const PROBE_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export const ALL_ANNOTATIONS = 'odata.include-annotations="*"';

export class ProbeLimitError extends Error {
    constructor() {
        super(`The probe stopped at ${MAX_PROBE_REQUESTS} requests.`);
        this.name = 'ProbeLimitError';
    }
}

/** One request as the report lists it: the path without its query (ids and counts only), the status. */
export interface ProbeRequestRecord {
    readonly resource: string;
    /** Length of the request target (path and query) as sent. */
    readonly targetLength: number;
    /** HTTP status; 0 when no answer came (network, time limit). */
    readonly status: number;
}

/** The outcome of one GET: an answer (any status) or none. */
export type Exchange = { readonly kind: 'answer'; readonly answer: HttpAnswer } | { readonly kind: 'noAnswer'; readonly message: string };

export interface JsonResult {
    readonly ok: boolean;
    readonly status: number;
    readonly body?: Record<string, unknown>;
    /** What `context.webAPI` would reject with, for a failed answer. */
    readonly rejection?: WebApiRejection;
    /** The hex error code of the body, e.g. `0x80040220`. */
    readonly code?: string;
}

function hexCode(errorCode: number): string | undefined {
    return errorCode === 0 ? undefined : `0x${(errorCode >>> 0).toString(16).padStart(8, '0')}`;
}

export class ProbeSession {
    readonly requests: ProbeRequestRecord[] = [];
    private readonly client: DataverseHttpClient;
    private readonly apiPath: string;

    constructor(readonly apiUrl: string, token: () => Promise<string>, fetchImpl?: typeof fetch) {
        this.client = new DataverseHttpClient({ apiUrl, token, timeoutMs: PROBE_TIMEOUT_MS, maxResponseBytes: PROBE_MAX_RESPONSE_BYTES, ...(fetchImpl !== undefined ? { fetch: fetchImpl } : {}) });
        this.apiPath = new URL(apiUrl).pathname;
    }

    /** Length of the request target `resource` becomes once `fetch` has normalised it. */
    targetLength(resource: string): number {
        const url = new URL(`${this.apiUrl}${resource}`);
        return url.pathname.length + url.search.length;
    }

    async get(resource: string, prefer: readonly string[] = [ALL_ANNOTATIONS]): Promise<Exchange> {
        if (this.requests.length >= MAX_PROBE_REQUESTS) throw new ProbeLimitError();
        const record = { resource: resource.split('?')[0] ?? resource, targetLength: this.targetLength(resource) };
        try {
            const answer = await this.client.get(resource, prefer);
            this.requests.push({ ...record, status: answer.status });
            return { kind: 'answer', answer };
        } catch (error) {
            this.requests.push({ ...record, status: 0 });
            const message = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : 'no answer';
            return { kind: 'noAnswer', message };
        }
    }

    /** GET and read the JSON body; failures are results, not exceptions. */
    async json(resource: string, prefer?: readonly string[]): Promise<JsonResult> {
        const exchange = await this.get(resource, prefer);
        if (exchange.kind === 'noAnswer') return { ok: false, status: 0, rejection: { errorCode: 0, message: exchange.message } };
        const { answer } = exchange;
        if (answer.status >= 200 && answer.status <= 299) {
            try {
                const body = JSON.parse(answer.text) as unknown;
                if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { ok: true, status: answer.status, body: body as Record<string, unknown> };
            } catch {
                // not JSON: reported below
            }
            return { ok: false, status: answer.status, rejection: { errorCode: 0, message: `HTTP ${answer.status}: the answer is not a JSON object.` } };
        }
        const rejection = rejectionOf(answer);
        const code = hexCode(rejection.errorCode);
        return { ok: false, status: answer.status, rejection, ...(code !== undefined ? { code } : {}) };
    }

    get apiPathLength(): number {
        return this.apiPath.length;
    }
}

/** `status code: message` of a failed result, for the report (messages carry ids, never row values). */
export function describeRefusal(result: JsonResult): string {
    const message = result.rejection?.message.slice(0, 240);
    const status = result.status === 0 ? 'no answer' : message?.startsWith(`HTTP ${result.status}`) === true ? undefined : `HTTP ${result.status}`;
    const parts = [status, result.code, message];
    return parts.filter((part): part is string => part !== undefined && part !== '').join(' · ');
}
