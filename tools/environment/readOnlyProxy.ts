/**
 * The playground's way to a real environment: the page sends its Web API reads to its own dev server under
 * `/environment/api/data/v9.2/...`, and this proxy forwards them to the environment with the signed-in
 * user's token, so the environment needs no CORS setting and the token never reaches the page.
 *
 * - Reads only: anything but GET is refused with 405 before it leaves the machine.
 * - Only the Web API path is forwarded; only the request headers a read needs (Accept, OData-*, Prefer)
 *   and only the answer headers the client reads (Content-Type, OData-Version, Preference-Applied,
 *   Retry-After, WWW-Authenticate) pass.
 * - Requests from another site (a page in the same browser that is not the playground) are refused.
 * - Bounded: a time limit per request and a largest answer; an environment that cannot be reached drops the
 *   page's connection, which the page sees as the network error it would see without a proxy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from './environmentUrl';

export interface ReadOnlyProxyOptions {
    readonly environment: Environment;
    /** Path prefix on the dev server, e.g. `/environment`. */
    readonly mountPath: string;
    readonly getToken: () => Promise<string>;
    readonly fetch?: typeof fetch;
    /** Default 120,000 ms. */
    readonly timeoutMs?: number;
    /** Default 64 MiB. */
    readonly maxResponseBytes?: number;
    /** One line per forwarded request (method, path, status) for the terminal. */
    readonly log?: (line: string) => void;
}

export type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

const API_PATH = '/api/data/v9.2/';
const REQUEST_HEADERS = ['accept', 'odata-version', 'odata-maxversion', 'prefer'];
const ANSWER_HEADERS = ['content-type', 'odata-version', 'preference-applied', 'retry-after', 'www-authenticate'];

function refuse(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    response.end(JSON.stringify({ error: { code: '0x0', message } }));
}

/** True when the request comes from a page of another site than the dev server's own. */
function crossSite(request: IncomingMessage): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return true;
    const origin = request.headers.origin;
    if (origin === undefined || origin === 'null') return origin === 'null';
    try {
        return new URL(origin).host !== request.headers.host;
    } catch {
        return true;
    }
}

export function createReadOnlyProxy(options: ReadOnlyProxyOptions): Middleware {
    const mount = options.mountPath.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? fetch;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;

    const forward = async (request: IncomingMessage, response: ServerResponse, target: string): Promise<void> => {
        const started = Date.now();
        let token: string;
        try {
            token = await options.getToken();
        } catch (error) {
            refuse(response, 502, `No token for ${options.environment.origin}: ${error instanceof Error ? error.message : String(error)}`);
            return;
        }
        const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
        for (const name of REQUEST_HEADERS) {
            const value = request.headers[name];
            if (typeof value === 'string') headers[name] = value;
        }
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        try {
            const answer = await fetchImpl(`${options.environment.origin}${target}`, { method: 'GET', headers, redirect: 'manual', signal: controller.signal });
            const body = await readBounded(answer, maxResponseBytes, controller);
            if (body === undefined) {
                refuse(response, 502, `The environment's answer is larger than ${maxResponseBytes} bytes; it was not passed on.`);
                return;
            }
            const passed: Record<string, string> = { 'Cache-Control': 'no-store' };
            for (const name of ANSWER_HEADERS) {
                const value = answer.headers.get(name);
                if (value !== null) passed[name] = value;
            }
            response.writeHead(answer.status, passed);
            response.end(body);
            options.log?.(`GET ${target.slice(0, 160)} -> ${answer.status} (${Date.now() - started} ms)`);
        } catch (error) {
            // Unreachable or timed out: the page sees a dropped connection, as it would without the proxy.
            options.log?.(`GET ${target.slice(0, 160)} -> no answer: ${error instanceof Error ? error.message : String(error)}`);
            request.socket.destroy();
        } finally {
            clearTimeout(timer);
        }
    };

    return (request, response, next) => {
        const url = request.url ?? '/';
        if (url !== mount && !url.startsWith(`${mount}/`)) {
            next();
            return;
        }
        const target = url.slice(mount.length);
        if (request.method !== 'GET') {
            refuse(response, 405, `The playground proxy forwards reads only; ${request.method ?? 'this method'} was not sent to ${options.environment.origin}.`, { Allow: 'GET' });
            return;
        }
        if (!target.startsWith(API_PATH)) {
            refuse(response, 404, `Only the Web API (${API_PATH}) is forwarded.`);
            return;
        }
        if (crossSite(request)) {
            refuse(response, 403, 'Requests from other sites are not forwarded.');
            return;
        }
        void forward(request, response, target);
    };
}

async function readBounded(answer: Response, limit: number, controller: AbortController): Promise<Buffer | undefined> {
    const declared = Number(answer.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
        controller.abort();
        return undefined;
    }
    if (answer.body === null) return Buffer.alloc(0);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = answer.body.getReader();
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
            await reader.cancel().catch(() => undefined);
            controller.abort();
            return undefined;
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks);
}
