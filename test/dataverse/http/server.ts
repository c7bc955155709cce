/**
 * The in-memory Dataverse as a Dataverse Web API over HTTP (issue 15), on loopback only: the platform's URL
 * shapes (`/api/data/v9.2/<entityset>?...`, `<entityset>(<id>)`, `?fetchXml=`), parameter aliases, `Prefer`
 * (`odata.include-annotations`, `odata.maxpagesize`) echoed in `Preference-Applied`, `OData-Version: 4.0`,
 * absolute `@odata.nextLink`, the JSON error body with the HTTP status the emulator gives, `Retry-After` on
 * 429, 414 past the URL length limit, 401 without a known bearer token, and a dropped connection for network
 * faults. Every read goes through `dv.operations(userId)`, so business-unit security, paging limits, faults
 * and the request log are exactly the in-process ones. It keeps nothing on disk.
 *
 * ```ts
 * const server = await startDataverseServer({ dv });          // a free port on 127.0.0.1
 * fetch(`${server.apiUrl}contacts?$select=fullname`, { headers: { Authorization: `Bearer ${DEV_TOKENS.serviceAgent}` } });
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DataverseEmulator, EMULATOR_BASE_URL, type RetrieveMultipleResult } from '../emulator';
import { DataverseError, dataverseError } from '../errors';
import { TABLES, type TableDefinition } from '../metadata';
import { decodeQueryText, splitQueryOptions } from '../odata';
import { entityDefinitionResponse } from './entityDefinitions';
import { annotationSelector, API_PATH, MAX_URL_LENGTH, parsePrefer, parseResourcePath, preferenceApplied, resolveParameterAliases, withAnnotations, type Preferences } from './request';
import { userIdOfDevToken } from './tokens';

export interface DataverseServerOptions {
    /** The Dataverse to serve (default: the synthetic tenant with seed 42). */
    readonly dv?: DataverseEmulator;
    /** Port (default 0: any free port). */
    readonly port?: number;
    /** Loopback address to bind: 127.0.0.1 (default), ::1 or localhost. Anything else is refused. */
    readonly host?: string;
    /** Longest request target (path + query) answered; longer ones get 414 (default 32,768). */
    readonly maxUrlLength?: number;
}

export interface HttpLogEntry {
    readonly seq: number;
    readonly method: string;
    /** Request target, cut at 2,000 characters. */
    readonly target: string;
    /** 0 when the connection was dropped on purpose (network fault). */
    readonly status: number;
    readonly userId?: string;
    readonly durationMs: number;
    readonly prefer?: string;
    readonly preferenceApplied?: string;
}

export interface DataverseServer {
    readonly dv: DataverseEmulator;
    /** `http://127.0.0.1:<port>` */
    readonly origin: string;
    /** `http://127.0.0.1:<port>/api/data/v9.2/` */
    readonly apiUrl: string;
    /** Every HTTP request answered (latest 1,000), for tests that look at what crossed the wire. */
    readonly requests: readonly HttpLogEntry[];
    close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_LOG_ENTRIES = 1000;
/** Request bodies (writes only; the controls never send one) are read up to this size, then 413. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Node answers 431 for request heads above this; it leaves room to answer long URLs with 414 ourselves. */
const MAX_HEADER_BYTES = 128 * 1024;

const JSON_CONTENT_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

/** http.sys' answer to a too-long URL (what IIS-hosted services give; Dataverse's own is unverified). */
const URL_TOO_LONG_BODY =
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Request URL Too Long</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content-Type="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Request URL Too Long</h2>\r\n<hr><p>HTTP Error 414. The request URL is too long.</p>\r\n</BODY></HTML>\r\n';

interface Answer {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Drop the connection instead of answering (network fault). */
    readonly drop?: boolean;
    readonly userId?: string;
    readonly preferenceApplied?: string;
}

function tableBySet(entitySet: string): TableDefinition | undefined {
    for (const table of TABLES.values()) {
        if (table.entitySetName === entitySet) return table;
    }
    return undefined;
}

function json(status: number, body: unknown, extra: Omit<Answer, 'status' | 'body'> = {}): Answer {
    return { ...extra, status, body: JSON.stringify(body), headers: { 'Content-Type': JSON_CONTENT_TYPE, ...(extra.headers ?? {}) } };
}

function errorAnswer(error: unknown, userId: string | undefined): Answer {
    if (error instanceof TypeError) return { status: 0, drop: true, ...(userId !== undefined ? { userId } : {}) };
    const failure = error instanceof DataverseError ? error : dataverseError('serverError', 500, `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`);
    const headers: Record<string, string> = {};
    if (failure.status === 429 && failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(0, Math.ceil(failure.retryAfterSeconds)));
    return json(failure.status, { error: { code: failure.code, message: failure.message } }, { headers, ...(userId !== undefined ? { userId } : {}) });
}

function bearerToken(request: IncomingMessage): string | undefined {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    return match?.[1];
}

/** Reads a request body up to MAX_BODY_BYTES; undefined when it was larger. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        request.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) tooLarge = true;
            else chunks.push(chunk);
        });
        request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
        request.on('error', reject);
    });
}

class LocalDataverseServer implements DataverseServer {
    readonly requests: HttpLogEntry[] = [];
    origin = '';
    private seq = 0;
    private readonly sockets = new Set<Socket>();

    constructor(
        readonly dv: DataverseEmulator,
        private readonly server: Server,
        private readonly maxUrlLength: number,
    ) {
        server.on('request', this.handle);
        server.on('connection', (socket: Socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
        });
    }

    get apiUrl(): string {
        return `${this.origin}${API_PATH}`;
    }

    readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
        const startedAt = Date.now();
        const target = request.url ?? '/';
        this.answer(request, target).then(
            (answer) => this.send(request, response, target, startedAt, answer),
            (error: unknown) => this.send(request, response, target, startedAt, errorAnswer(error, undefined)),
        );
    };

    private send(request: IncomingMessage, response: ServerResponse, target: string, startedAt: number, answer: Answer): void {
        const prefer = request.headers.prefer;
        this.requests.push({
            seq: ++this.seq,
            method: request.method ?? 'GET',
            target: target.slice(0, 2000),
            status: answer.status,
            durationMs: Date.now() - startedAt,
            ...(answer.userId !== undefined ? { userId: answer.userId } : {}),
            ...(prefer !== undefined ? { prefer: Array.isArray(prefer) ? prefer.join(',') : prefer } : {}),
            ...(answer.preferenceApplied !== undefined ? { preferenceApplied: answer.preferenceApplied } : {}),
        });
        if (this.requests.length > MAX_LOG_ENTRIES) this.requests.splice(0, this.requests.length - MAX_LOG_ENTRIES);
        if (answer.drop === true) {
            // A dropped connection, as when the network goes away mid-request: the client sees a network error.
            request.socket.destroy();
            return;
        }
        response.writeHead(answer.status, {
            'OData-Version': '4.0',
            'Cache-Control': 'no-cache',
            ...(answer.preferenceApplied !== undefined ? { 'Preference-Applied': answer.preferenceApplied } : {}),
            ...(answer.headers ?? {}),
        });
        response.end(answer.body ?? '');
    }

    private async answer(request: IncomingMessage, target: string): Promise<Answer> {
        if (target.length > this.maxUrlLength) {
            return { status: 414, headers: { 'Content-Type': 'text/html; charset=us-ascii' }, body: URL_TOO_LONG_BODY };
        }
        const question = target.indexOf('?');
        const path = question === -1 ? target : target.slice(0, question);
        const rawQuery = question === -1 ? '' : target.slice(question + 1);
        if (!path.startsWith(API_PATH)) {
            return json(404, { error: { code: '0x80060888', message: `Resource not found for the segment '${path}'. The Web API is at ${API_PATH}.` } });
        }
        const token = bearerToken(request);
        const userId = token === undefined ? undefined : userIdOfDevToken(token);
        if (userId === undefined || this.dv.tenant.user(userId) === undefined) {
            return {
                status: 401,
                headers: {
                    'WWW-Authenticate': `Bearer realm="Dataverse (local development server)"${token === undefined ? '' : ', error="invalid_token"'}, authorization_uri="${this.origin}/", resource_id="${this.origin}/"`,
                },
            };
        }
        if (this.dv.faults.networkDown) return { status: 0, drop: true, userId };
        const method = (request.method ?? 'GET').toUpperCase();
        try {
            return { ...(await this.route(request, method, path.slice(API_PATH.length), rawQuery, userId)), userId };
        } catch (error) {
            return errorAnswer(error, userId);
        }
    }

    private async route(request: IncomingMessage, method: string, resourcePath: string, rawQuery: string, userId: string): Promise<Answer> {
        const resource = parseResourcePath(resourcePath);
        // This server answers 414 on the real request target itself (its limit is configurable).
        const operations = this.dv.operations(userId, { checkUrlLength: false });
        if (method !== 'GET') return this.write(request, method, resource, userId);
        switch (resource.kind) {
            case 'whoAmI': {
                const whoAmI = this.dv.whoAmI(userId);
                return json(200, { '@odata.context': `${this.apiUrl}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, ...whoAmI });
            }
            case 'entityDefinition': {
                const body = entityDefinitionResponse(resource.logicalName, resource.part, rawQuery, (table) => (table.customerInsights ? this.dv.platform.customerInsightsTableType : 'Standard'));
                return json(200, { '@odata.context': `${this.apiUrl}$metadata#EntityDefinitions`, ...body });
            }
            case 'entitySet':
            case 'record': {
                const table = tableBySet(resource.entitySet);
                if (table === undefined) throw dataverseError('notSupported', 404, `Resource not found for the segment '${resource.entitySet}'.`);
                const preferences = parsePrefer(request.headers.prefer);
                const keep = annotationSelector(preferences.includeAnnotations);
                const query = resolveParameterAliases(rawQuery);
                const options = query === '' ? '' : `?${query}`;
                if (resource.kind === 'record') {
                    const entity = await operations.retrieveRecord(table.logicalName, resource.id, options === '' ? undefined : options);
                    return json(200, { '@odata.context': `${this.apiUrl}$metadata#${table.entitySetName}/$entity`, ...withAnnotations(entity, keep) }, this.applied(preferences, false));
                }
                const result: RetrieveMultipleResult = await operations.retrieveMultipleRecords(table.logicalName, options, preferences.maxPageSize);
                const body: Record<string, unknown> = {
                    '@odata.context': `${this.apiUrl}$metadata#${table.entitySetName}`,
                    value: result.entities.map((entity) => withAnnotations(entity, keep)),
                };
                if (typeof result.nextLink === 'string' && result.nextLink !== '') body['@odata.nextLink'] = this.absoluteLink(result.nextLink);
                if (result.fetchXmlPagingCookie !== undefined && keep('Microsoft.Dynamics.CRM.fetchxmlpagingcookie')) body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] = result.fetchXmlPagingCookie;
                if (result.moreRecords !== undefined && keep('Microsoft.Dynamics.CRM.morerecords')) body['@Microsoft.Dynamics.CRM.morerecords'] = result.moreRecords;
                return json(200, body, this.applied(preferences, true));
            }
            case 'userPrivileges': {
                if (this.dv.tenant.user(resource.userId) === undefined) throw dataverseError('notFound', 404, `systemuser With Id = ${resource.userId} Does Not Exist`);
                const privileges = this.dv.userPrivileges(resource.userId);
                if (resource.functionName === 'RetrieveUserPrivileges' && resource.parameters.trim() === '') {
                    return json(200, { '@odata.context': `${this.apiUrl}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`, RolePrivileges: privileges });
                }
                if (resource.functionName === 'RetrieveUserPrivilegeByPrivilegeName') {
                    const name = privilegeNameParameter(resource.parameters, rawQuery);
                    return json(200, {
                        '@odata.context': `${this.apiUrl}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeNameResponse`,
                        RolePrivileges: privileges.filter((privilege) => privilege.PrivilegeName.toLowerCase() === name.toLowerCase()),
                    });
                }
                throw dataverseError('notSupported', 404, `Resource not found for the segment 'Microsoft.Dynamics.CRM.${resource.functionName}'.`);
            }
            case 'unknown':
                throw dataverseError('notSupported', 404, `Resource not found for the segment '${resource.segment}'.`);
        }
    }

    /** Creates, updates and deletes reach the emulator, which refuses them (Customer Insights tables are read-only). */
    private async write(request: IncomingMessage, method: string, resource: ReturnType<typeof parseResourcePath>, userId: string): Promise<Answer> {
        const body = await readBody(request);
        if (body === undefined) return json(413, { error: { code: '0x80040216', message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } });
        const operations = this.dv.operations(userId);
        if (resource.kind !== 'entitySet' && resource.kind !== 'record') return json(405, { error: { code: '0x80060888', message: `${method} is not supported on this resource.` } });
        const table = tableBySet(resource.entitySet);
        if (table === undefined) throw dataverseError('notSupported', 404, `Resource not found for the segment '${resource.entitySet}'.`);
        if (method === 'POST' && resource.kind === 'entitySet') await operations.createRecord(table.logicalName, {});
        else if (method === 'PATCH' && resource.kind === 'record') await operations.updateRecord(table.logicalName, resource.id, {});
        else if (method === 'DELETE' && resource.kind === 'record') await operations.deleteRecord(table.logicalName, resource.id);
        else return json(405, { error: { code: '0x80060888', message: `${method} is not supported on this resource.` } });
        return { status: 204 };
    }

    private applied(preferences: Preferences, collection: boolean): Omit<Answer, 'status' | 'body'> {
        const header = preferenceApplied({
            ...(preferences.includeAnnotations !== undefined ? { includeAnnotations: preferences.includeAnnotations } : {}),
            ...(collection && preferences.maxPageSize !== undefined ? { maxPageSize: preferences.maxPageSize } : {}),
        });
        return header === undefined ? {} : { preferenceApplied: header };
    }

    /** The emulator writes nextLinks for its own base URL; the server's clients follow them here. */
    private absoluteLink(link: string): string {
        return link.startsWith(EMULATOR_BASE_URL) ? `${this.apiUrl}${link.slice(EMULATOR_BASE_URL.length)}` : link;
    }

    close(): Promise<void> {
        return new Promise((resolve) => {
            this.server.close(() => resolve());
            for (const socket of this.sockets) socket.destroy();
        });
    }
}

/** `PrivilegeName='x'` or `PrivilegeName=@p1` (with `@p1='x'` in the query). */
function privilegeNameParameter(parameters: string, rawQuery: string): string {
    const match = /^\s*PrivilegeName\s*=\s*(?:'([^']*)'|(@\w+))\s*$/.exec(decodeQueryText(parameters));
    const alias = match?.[2];
    const value = alias === undefined ? match?.[1] : /^'([^']*)'$/.exec(decodeQueryText(splitQueryOptions(rawQuery).find((option) => option.name === alias)?.value ?? ''))?.[1];
    if (value === undefined) throw dataverseError('badRequest', 400, `RetrieveUserPrivilegeByPrivilegeName needs PrivilegeName='<name>', got '${parameters}'.`);
    return value;
}

/** Starts the server on loopback (a free port unless one is given) and resolves once it listens. */
export async function startDataverseServer(options: DataverseServerOptions = {}): Promise<DataverseServer> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The local Dataverse server binds to loopback only (127.0.0.1, ::1 or localhost), not '${host}'.`);
    const dv = options.dv ?? DataverseEmulator.withSyntheticTenant({ seed: 42 });
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES });
    server.requestTimeout = 60_000;
    server.headersTimeout = 30_000;
    const instance = new LocalDataverseServer(dv, server, options.maxUrlLength ?? MAX_URL_LENGTH);
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const address = server.address() as AddressInfo;
    const hostText = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
    instance.origin = `http://${hostText}:${address.port}`;
    return instance;
}
