/**
 * The in-memory Dataverse: answers `context.webAPI` calls for a given caller the way the platform does,
 * with business-unit security, paging limits, formatted-value annotations and faults on demand.
 *
 * Decisions worth knowing (see also the README of test/dataverse in index.ts):
 * - Every request yields once before it runs, so requests issued together are concurrent (as in a browser)
 *   and the 52-concurrent limit applies to bursts such as `Promise.all` over many ids.
 * - nextLink is an absolute URL `https://emulator.crm.dynamics.com/api/data/v9.2/<set>?<options>&$skiptoken=...`;
 *   pass it back as the options argument (the part from '?' also works).
 * - FetchXML results page with the fetch `page`/`count` attributes and report `fetchXmlPagingCookie` and
 *   `moreRecords` instead of a nextLink, as the model-driven client does.
 * - Unordered results come back in storage order; ordered results are sorted with ties in storage order.
 */
import { normaliseGuid } from './determinism';
import { dataverseError, DataverseError, notSupported, toPlatformRejection } from './errors';
import { FaultControls, RequestLog, type Operation } from './faults';
import { parseFetchXml } from './fetchxml';
import { TABLES, type AttributeDefinition, type TableDefinition } from './metadata';
import { encodePagingToken, parseODataOptions, type PagingToken } from './odata';
import type { SystemUser } from './organisation';
import { DEFAULT_PLATFORM, type PlatformBehaviour } from './platform';
import { readPrivileges, type RolePrivilege } from './privileges';
import { comparableOf, compareSortKeys, matches, projectRow, writeProperty, type Comparable, type Condition, type EvaluationContext, type LookupResolver, type Query } from './query';
import { businessUnitSubtree, canRead, canReadOwnership, readDepth, readScope, type ReadScope } from './security';
import { SyntheticTenant, type StoredRow, type SyntheticTenantOptions, type TableStore } from './tenant';

export const EMULATOR_BASE_URL = 'https://emulator.crm.dynamics.com/api/data/v9.2/';

/** Rows per page: the platform's cap, and the lower cap of (possibly elastic) Customer Insights tables. */
export const MAX_PAGE_SIZE = 5000;
export const ELASTIC_MAX_PAGE_SIZE = 500;
/** FetchXML aggregates over more rows than this fail with 0x8004E023. */
export const AGGREGATE_RECORD_LIMIT = 50_000;
/**
 * Longest GET URL Dataverse accepts: "The length of a URL in a GET request is limited to 32 KB (32,768
 * characters)" (powerapps-docs, fetchxml/retrieve-data.md). Longer ones are refused before any query runs.
 */
export const MAX_URL_LENGTH = 32_768;

export interface DataverseEmulatorOptions {
    /** Time source for throttling windows and the log (default Date.now; jest fake timers replace it). */
    readonly clock?: () => number;
    /** Aggregate row limit (default 50,000). */
    readonly aggregateRecordLimit?: number;
    /**
     * How the tenant treats the msdynci_* tables where the platform is undocumented (platform.ts): defaults
     * to {@link DEFAULT_PLATFORM}; `ELASTIC_REFUSALS` and `NO_REFUSALS` are the two ends.
     */
    readonly platform?: Partial<PlatformBehaviour>;
    /** Start with Customer Insights tables refusing FetchXML aggregates, like elastic tables (same as `platform.customerInsightsAggregates: false`). */
    readonly refuseAggregates?: boolean;
}

/** `context.utils.hasEntityPrivilege`'s privilege types and depths (PropertyHelper.Types in the PCF typings). */
const PRIVILEGE_TYPE_READ = 2;
const DEPTH_BY_ACCESS_LEVEL = { User: 0, BusinessUnit: 1, ParentChild: 2, Organization: 3 } as const;

export interface WhoAmIResponse {
    readonly UserId: string;
    readonly BusinessUnitId: string;
    readonly OrganizationId: string;
}

export interface AttributeMetadataLike {
    readonly LogicalName: string;
    readonly DisplayName: string;
    readonly AttributeType: string;
    readonly Targets?: readonly string[];
}

export interface EntityMetadataLike {
    readonly LogicalName: string;
    readonly EntitySetName: string;
    readonly PrimaryIdAttribute: string;
    readonly PrimaryNameAttribute: string;
    readonly DisplayName: string;
    readonly Attributes: {
        get(name: string): AttributeMetadataLike | undefined;
        getAll(): AttributeMetadataLike[];
    };
}

/** Result of retrieveMultipleRecords; FetchXML queries add the paging cookie fields. */
export interface RetrieveMultipleResult extends ComponentFramework.WebApi.RetrieveMultipleResponse {
    fetchXmlPagingCookie?: string;
    moreRecords?: boolean;
}

const ORDERED_CACHE_ENTRIES = 16;
const ORDERED_CACHE_MAX_ROWS = 200_000;

const ORGANIZATION_ID = '0a9e0000-0000-4000-8000-00000000c0de';

interface PageResult {
    readonly rows: readonly StoredRow[];
    /** Position the next page starts at, or undefined when this was the last page. */
    readonly next: number | undefined;
}

export class DataverseEmulator {
    readonly faults = new FaultControls();
    readonly log = new RequestLog();
    platform: PlatformBehaviour;
    private readonly clock: () => number;
    private readonly aggregateRecordLimit: number;
    private inFlight = 0;
    private seq = 0;
    private misbehavingPages = 0;
    private readonly subtrees = new Map<string, ReadonlySet<string>>();
    private readonly orderedResults = new Map<string, Array<{ row: StoredRow; slot: number }>>();

    constructor(
        readonly tenant: SyntheticTenant,
        options: DataverseEmulatorOptions = {},
    ) {
        this.clock = options.clock ?? (() => Date.now());
        this.aggregateRecordLimit = options.aggregateRecordLimit ?? AGGREGATE_RECORD_LIMIT;
        this.platform = { ...DEFAULT_PLATFORM, ...options.platform, ...(options.refuseAggregates === true ? { customerInsightsAggregates: false } : {}) };
    }

    /**
     * While true, FetchXML aggregates on the Customer Insights tables fail with 0x80060888, as elastic tables
     * refuse several aggregate shapes (which ones, and with which code, is unverified: domain.md). A switch
     * over `platform.customerInsightsAggregates`, for the playground and tests that flip it at run time.
     */
    get refuseAggregates(): boolean {
        return !this.platform.customerInsightsAggregates;
    }

    set refuseAggregates(refuse: boolean) {
        this.platform = { ...this.platform, customerInsightsAggregates: !refuse };
    }

    static withSyntheticTenant(options: SyntheticTenantOptions & DataverseEmulatorOptions = {}): DataverseEmulator {
        return new DataverseEmulator(new SyntheticTenant(options), options);
    }

    /**
     * A `ComponentFramework.WebApi` bound to the caller `userId` (a systemuserid of the tenant). It rejects
     * exactly as `context.webAPI` documents: with a plain `{ errorCode, message }` (errorCode the unsigned
     * decimal of the hex code), and on a lost network with the shape `faults.networkFailureShape` chooses.
     * No HTTP status, hex code, body or Retry-After: those are behind {@link operations}.
     */
    webApi(userId: string): ComponentFramework.WebApi {
        const operations = this.operations(userId);
        const platform = <T>(call: () => Promise<T>): Promise<T> =>
            call().catch((error: unknown) => {
                // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with a plain object; reproducing it is the point
                return Promise.reject(this.platformRejection(error));
            });
        return {
            retrieveRecord: (entityType, id, options) => platform(() => operations.retrieveRecord(entityType, id, options)),
            retrieveMultipleRecords: (entityType, options, maxPageSize) => platform(() => operations.retrieveMultipleRecords(entityType, options, maxPageSize)),
            createRecord: (entityType, data) => platform(() => operations.createRecord(entityType, data)),
            updateRecord: (entityType, id, data) => platform(() => operations.updateRecord(entityType, id, data)),
            deleteRecord: (entityType, id) => platform(() => operations.deleteRecord(entityType, id)),
        };
    }

    /**
     * What `webApi()` rejects with for an error `operations()` rejected with: for HTTP-level wrappers (the
     * playground's request log) that read the status from `operations()` and still hand controls the
     * platform's shape.
     */
    platformRejection(error: unknown): unknown {
        return toPlatformRejection(error, this.faults.networkFailureShape);
    }

    /**
     * The emulator's own operations for `userId`, rejecting with the full {@link DataverseError} (hex code,
     * HTTP status, Retry-After) or a `TypeError` when the network is down: what an HTTP layer needs to
     * answer like the Web API does (status line, error body, Retry-After header). `webApi()` is the PCF
     * facade over these and rejects only with what `context.webAPI` documents. The URL-length limit is checked
     * on `EMULATOR_BASE_URL` + entity set + options, unless `checkUrlLength` is false: an HTTP server checks
     * the real request target itself.
     */
    operations(userId: string, options: { readonly checkUrlLength?: boolean } = {}): ComponentFramework.WebApi {
        const user = this.requireUser(userId);
        const apiUrl = options.checkUrlLength === false ? null : EMULATOR_BASE_URL;
        return {
            retrieveRecord: (entityType: string, id: string, options?: string) =>
                this.request(user, 'retrieveRecord', entityType, `${id}${options ?? ''}`, () => this.retrieveRecord(user, entityType, id, options, apiUrl)),
            retrieveMultipleRecords: (entityType: string, options?: string, maxPageSize?: number) =>
                this.request(user, 'retrieveMultipleRecords', entityType, options ?? '', () => this.retrieveMultiple(user, entityType, options, maxPageSize, apiUrl)),
            createRecord: (entityType: string) => this.request(user, 'createRecord', entityType, '', () => this.write(user, 'createRecord', entityType)),
            updateRecord: (entityType: string, id: string) => this.request(user, 'updateRecord', entityType, id, () => this.write(user, 'updateRecord', entityType)),
            deleteRecord: (entityType: string, id: string) => this.request(user, 'deleteRecord', entityType, id, () => this.write(user, 'deleteRecord', entityType)),
        };
    }

    /**
     * The read privileges `userId` holds through their roles and their teams' roles, as
     * `RetrieveUserPrivileges` lists them (only `prvRead<table>` is modelled).
     */
    userPrivileges(userId: string): RolePrivilege[] {
        return readPrivileges(this.tenant, this.requireUser(userId));
    }

    whoAmI(userId: string): WhoAmIResponse {
        const user = this.requireUser(userId);
        return { UserId: user.id, BusinessUnitId: user.businessUnitId, OrganizationId: ORGANIZATION_ID };
    }

    /**
     * Like `context.utils.getEntityMetadata`: Attributes holds only the requested columns that exist. Answers
     * after `faults.metadataLatencyMs` (0: at once, like a warm metadata cache); every call is in `log.metadata`.
     */
    async getEntityMetadata(logicalName: string, attributes: readonly string[] = []): Promise<EntityMetadataLike> {
        const startedAt = this.clock();
        try {
            if (this.faults.metadataLatencyMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, this.faults.metadataLatencyMs));
            return await this.entityMetadata(logicalName, attributes);
        } finally {
            this.log.metadata.push({ table: logicalName, attributes: [...attributes], startedAt, durationMs: this.clock() - startedAt });
        }
    }

    private entityMetadata(logicalName: string, attributes: readonly string[]): Promise<EntityMetadataLike> {
        const table = TABLES.get(logicalName);
        if (table === undefined) {
            return Promise.reject(dataverseError('notFound', 404, `Could not find an entity with name '${logicalName}'.`));
        }
        const found = attributes
            .map((name) => table.attributes.get(name))
            .filter((attribute): attribute is AttributeDefinition => attribute !== undefined)
            .map(
                (attribute): AttributeMetadataLike => ({
                    LogicalName: attribute.logicalName,
                    DisplayName: attribute.displayName,
                    AttributeType: attribute.type,
                    ...(attribute.targets ? { Targets: attribute.targets } : {}),
                }),
            );
        const byName = new Map(found.map((attribute) => [attribute.LogicalName, attribute]));
        return Promise.resolve({
            LogicalName: table.logicalName,
            EntitySetName: table.entitySetName,
            PrimaryIdAttribute: table.primaryIdAttribute,
            PrimaryNameAttribute: table.primaryNameAttribute,
            DisplayName: table.displayName,
            Attributes: { get: (name: string) => byName.get(name), getAll: () => [...found] },
        });
    }

    /**
     * Like `context.utils.hasEntityPrivilege` for `userId`, from the tenant's security model: true when the user
     * holds the privilege at `privilegeDepth` or deeper (Basic 0, Local 1, Deep 2, Global 3). The emulator
     * models read privileges only, so any other privilege type answers false, never more than the platform.
     */
    hasEntityPrivilege(userId: string, entityTypeName: string, privilegeType: number, privilegeDepth: number): boolean {
        if (privilegeType !== PRIVILEGE_TYPE_READ || !TABLES.has(entityTypeName)) {
            return false;
        }
        const level = readDepth(this.tenant, this.requireUser(userId), entityTypeName);
        return level !== undefined && DEPTH_BY_ACCESS_LEVEL[level] >= privilegeDepth;
    }

    /**
     * The model-driven app's OWN reads for `userId`, e.g. the rows of a view behind a dataset control: same
     * security, paging and URL limit as the Web API, but not through `context.webAPI`, so they are not in
     * `log` (which holds what controls send) and faults do not apply, except `networkDown`, which fails them
     * like a lost connection. The test host's dataset (test/host/dataset.ts) loads its pages through this.
     */
    platformReads(userId: string): Pick<ComponentFramework.WebApi, 'retrieveMultipleRecords'> {
        const user = this.requireUser(userId);
        return {
            retrieveMultipleRecords: async (entityType: string, options?: string, maxPageSize?: number) => {
                await Promise.resolve();
                if (this.faults.networkDown) {
                    throw new TypeError('Failed to fetch');
                }
                return this.retrieveMultiple(user, entityType, options, maxPageSize).value;
            },
        };
    }

    // ---- Request pipeline -----------------------------------------------------------------------------

    private requireUser(userId: string): SystemUser {
        const user = this.tenant.user(normaliseGuid(userId) ?? userId);
        if (user === undefined) {
            throw new Error(`DataverseEmulator: no user ${userId} in the tenant (use PERSONAS.<key>.userId).`);
        }
        return user;
    }

    private async request<T>(user: SystemUser, operation: Operation, table: string, query: string, work: () => { value: T; rows: number }): Promise<T> {
        const seq = ++this.seq;
        const startedAt = this.clock();
        this.inFlight++;
        const concurrency = this.inFlight;
        this.log.peakConcurrency = Math.max(this.log.peakConcurrency, concurrency);
        let status = 200;
        let rows = 0;
        let admitted = false;
        try {
            if (this.faults.networkDown) {
                throw new TypeError('Failed to fetch');
            }
            this.faults.admit(user.id, startedAt);
            admitted = true;
            // The round trip starts when the call is made (a browser sends the request then), not a turn later.
            const latency = this.faults.latencyMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.faults.latencyMs)) : undefined;
            // Yield so requests issued together overlap, as they do in a browser.
            await Promise.resolve();
            if (latency !== undefined) await latency;
            const injected = this.faults.takeInjectedFailure();
            if (injected === 'network') {
                throw new TypeError('Failed to fetch');
            }
            if (injected === 'server') {
                throw dataverseError('serverError', 500, 'An unexpected error occurred. (injected transient failure)');
            }
            const result = work();
            rows = result.rows;
            return result.value;
        } catch (error) {
            status = error instanceof DataverseError ? error.status : error instanceof TypeError ? 0 : 500;
            throw error;
        } finally {
            if (admitted) {
                this.faults.release(user.id);
            }
            this.inFlight--;
            this.log.entries.push({ seq, caller: user.id, operation, table, query, startedAt, durationMs: this.clock() - startedAt, status, rows, concurrency });
        }
    }

    // ---- Operations -----------------------------------------------------------------------------------

    private tableFor(entityType: string): { table: TableDefinition; store: TableStore } {
        const table = TABLES.get(entityType);
        const store = this.tenant.store(entityType);
        if (table === undefined || store === undefined) {
            throw dataverseError('notSupported', 404, `Resource not found for the segment '${entityType}'.`);
        }
        return { table, store };
    }

    private scopeFor(user: SystemUser, table: TableDefinition): ReadScope {
        const scope = readScope(this.tenant, user, table.logicalName);
        if (scope === undefined) {
            throw dataverseError(
                'missingPrivilege',
                403,
                `Principal user (Id=${user.id}, type=8, roleCount=${user.roleIds.length}) is missing prvRead${table.logicalName} privilege on entity '${table.logicalName}'.`,
            );
        }
        return scope;
    }

    private context(user: SystemUser): EvaluationContext {
        return {
            callerBusinessUnitId: user.businessUnitId,
            subtree: (businessUnitId) => {
                let subtree = this.subtrees.get(businessUnitId);
                if (subtree === undefined) {
                    subtree = businessUnitSubtree(this.tenant.businessUnits, businessUnitId);
                    this.subtrees.set(businessUnitId, subtree);
                }
                return subtree;
            },
        };
    }

    private readonly resolveLookup: LookupResolver = (attribute, id) => {
        if (attribute.type === 'Owner') {
            const team = this.tenant.team(id);
            return team ? { name: team.name, table: 'team' } : { name: this.tenant.user(id)?.fullName, table: 'systemuser' };
        }
        const table = attribute.targets?.[0] ?? '';
        return { name: this.tenant.primaryName(table, id), table };
    };

    private etag(row: StoredRow, table: TableDefinition): string {
        // A stable version number per row (djb2 over the id): the data never changes.
        const id = String(row[table.primaryIdAttribute]);
        let hash = 5381;
        for (let i = 0; i < id.length; i++) {
            hash = (hash * 33 + id.charCodeAt(i)) | 0;
        }
        return `W/"${1_000_000 + ((hash >>> 0) % 9_000_000)}"`;
    }

    private retrieveRecord(user: SystemUser, entityType: string, id: string, options: string | undefined, apiUrl: string | null = EMULATOR_BASE_URL): { value: ComponentFramework.WebApi.Entity; rows: number } {
        const { table, store } = this.tableFor(entityType);
        const text = options ?? '';
        if (apiUrl !== null) requireUrlLength(`${apiUrl}${table.entitySetName}(${id})${text}`);
        if (text !== '' && !text.startsWith('?')) {
            throw dataverseError('badRequest', 400, `Options must start with '?', got '${text}'.`);
        }
        const { query } = parseODataOptions(table, text.slice(1), 'retrieveRecord', { expand: this.platform.expandLookups });
        const scope = this.scopeFor(user, table);
        const normalised = normaliseGuid(id);
        if (normalised === undefined) {
            throw dataverseError('badRequest', 400, `Bad Request - Error in query syntax: '${id}' is not a GUID.`);
        }
        const slot = store.slotOfId(normalised);
        const row = slot === undefined ? undefined : store.rowAt(slot);
        if (row === undefined) {
            throw dataverseError('notFound', 404, `${table.logicalName} With Id = ${normalised} Does Not Exist`);
        }
        if (!canRead(scope, table, row)) {
            throw dataverseError(
                'noAccessToRecord',
                403,
                `SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: ${normalised}, OwnerId: ${String(row.ownerid ?? '')}, CallingUser: ${user.id}, ObjectTypeCode: ${table.logicalName}, AccessRights: ReadAccess`,
            );
        }
        return { value: this.project(user, query, row), rows: 1 };
    }

    /** Where a refusing tenant draws the line (platform.ts); throws 400 0x80060888 for what it refuses. */
    private checkPlatform(query: Query, token: PagingToken | undefined): void {
        if (!query.table.customerInsights) return;
        const refuse = (what: string): never => {
            throw notSupported(`${what} is not supported on the table '${query.table.logicalName}' in this environment.`);
        };
        if (!this.platform.customerInsightsHierarchyOperators && query.filter !== undefined && usesHierarchy(query.filter)) refuse('The hierarchy operator (EqualBusinessId, Under, UnderOrEqual)');
        if (!this.platform.customerInsightsAggregates && query.aggregate !== undefined) refuse('An aggregate query');
        if (!this.platform.customerInsightsNextLink && token !== undefined && token.page > 1) refuse('Paging with $skiptoken');
        if (this.platform.customerInsightsGuidComparisons === false && query.filter !== undefined && comparesGuidOrder(query.filter)) refuse('Comparing a unique identifier with lt, le, gt or ge');
    }

    /** A row as the Web API returns it, with expanded lookups and the platform's lookup names. */
    private project(user: SystemUser, query: Query, row: StoredRow): Record<string, unknown> {
        const entity = projectRow(query, row, this.lookupResolverFor(query.table), this.etag(row, query.table));
        for (const item of query.expand ?? []) {
            const id = row[item.attribute.logicalName];
            const store = this.tenant.store(item.target.logicalName);
            const slot = typeof id === 'string' ? store?.slotOfId(id) : undefined;
            const related = slot === undefined ? undefined : store?.rowAt(slot);
            const scope = readScope(this.tenant, user, item.target.logicalName);
            // A related row the caller may not read comes back as null, like a missing one.
            entity[item.navigationProperty] =
                related !== undefined && scope !== undefined && canRead(scope, item.target, related)
                    ? projectRow({ table: item.target, select: item.select, format: 'odata' }, related, this.lookupResolverFor(item.target), this.etag(related, item.target))
                    : null;
        }
        return entity;
    }

    private lookupResolverFor(table: TableDefinition): LookupResolver {
        if (!table.customerInsights || this.platform.customerInsightsLookupNames) return this.resolveLookup;
        return (attribute, id) => ({ name: undefined, table: this.resolveLookup(attribute, id).table });
    }

    private write(user: SystemUser, operation: Operation, entityType: string): { value: ComponentFramework.LookupValue; rows: number } {
        const { table } = this.tableFor(entityType);
        if (table.customerInsights) {
            const privilege = operation === 'createRecord' ? 'prvCreate' : operation === 'updateRecord' ? 'prvWrite' : 'prvDelete';
            throw dataverseError(
                'missingPrivilege',
                403,
                `Principal user (Id=${user.id}, type=8) is missing ${privilege}${table.logicalName} privilege on entity '${table.logicalName}': Customer Insights tables are read-only.`,
            );
        }
        throw new DataverseError('0x80060888', 501, `The emulator does not implement ${operation} (the controls only read).`);
    }

    private retrieveMultiple(user: SystemUser, entityType: string, options: string | undefined, maxPageSize: number | undefined, apiUrl: string | null = EMULATOR_BASE_URL): { value: RetrieveMultipleResult; rows: number } {
        const { table, store } = this.tableFor(entityType);
        const given = options ?? '';
        if (apiUrl !== null) requireUrlLength(/^https?:\/\//i.test(given) ? given : `${apiUrl}${table.entitySetName}${given}`);
        const text = this.optionsText(table, given);
        const misbehaving = this.misbehavingPage(table, text);
        if (misbehaving !== undefined) {
            return { value: misbehaving, rows: 0 };
        }
        if (this.faults.refuseUnderOrEqual && /UnderOrEqual|eq-or-under/i.test(safeDecode(text))) {
            throw dataverseError('notSupported', 400, "The function 'Microsoft.Dynamics.CRM.UnderOrEqual' is not supported for this query.");
        }
        const cap = table.customerInsights ? this.platform.customerInsightsPageSize : MAX_PAGE_SIZE;
        if (maxPageSize !== undefined && (!Number.isInteger(maxPageSize) || maxPageSize <= 0)) {
            throw dataverseError('badRequest', 400, `maxPageSize must be a positive integer, got ${String(maxPageSize)}.`);
        }
        const pageSize = Math.min(maxPageSize ?? cap, cap);
        if (/^fetchXml=/i.test(text)) {
            let xml: string;
            try {
                xml = decodeURIComponent(text.slice('fetchXml='.length));
            } catch {
                throw dataverseError('invalidArgument', 400, 'fetchXml is not correctly URL-encoded (use encodeURIComponent).');
            }
            const query = parseFetchXml(xml, table);
            const scope = this.scopeFor(user, table);
            this.checkPlatform(query, undefined);
            // Pages of one FetchXML query differ only in page/paging-cookie: they share the computed result.
            const cacheKey = `${user.id}|${table.logicalName}|fetch|${xml.replace(/\s(page|paging-cookie)=("[^"]*"|'[^']*')/g, '')}`;
            return this.runFetch(user, query, store, scope, pageSize, cacheKey);
        }
        const request = parseODataOptions(table, text, 'retrieveMultipleRecords', { expand: this.platform.expandLookups });
        const scope = this.scopeFor(user, table);
        this.checkPlatform(request.query, request.token);
        const token: PagingToken = request.token ?? { next: 0, returned: 0, page: 1 };
        const top = request.query.top;
        const limit = top === undefined ? pageSize : Math.min(pageSize, top - token.returned);
        const page = limit <= 0 ? { rows: [], next: undefined } : this.page(user, request.query, store, scope, token.next, limit, `${user.id}|${table.logicalName}|${request.baseOptions}`);
        const returned = token.returned + page.rows.length;
        const entities = page.rows.map((row) => this.project(user, request.query, row));
        const more = page.next !== undefined && (top === undefined || returned < top);
        // The PCF type declares nextLink as always present; the platform omits it on the last page.
        const result: RetrieveMultipleResult = { entities } as RetrieveMultipleResult;
        if (more && page.next !== undefined) {
            const skipToken = encodePagingToken({ next: page.next, returned, page: token.page + 1 });
            const base = request.baseOptions;
            result.nextLink = `${EMULATOR_BASE_URL}${table.entitySetName}?${base}${base ? '&' : ''}$skiptoken=${skipToken}`;
        }
        return { value: result, rows: entities.length };
    }

    /**
     * The page a misbehaving server sends instead of the real one (`faults.pagingFault`): empty, with a new
     * nextLink every time, or with a nextLink that is the request itself.
     */
    private misbehavingPage(table: TableDefinition, text: string): RetrieveMultipleResult | undefined {
        const fault = this.faults.pagingFault;
        if (fault === undefined || (fault.table !== undefined && fault.table !== table.logicalName)) {
            return undefined;
        }
        const self = `${EMULATOR_BASE_URL}${table.entitySetName}?${text}`;
        const base = text.replace(/&?\$skiptoken=[^&]*/g, '');
        const nextLink = fault.kind === 'selfLink' ? self : `${EMULATOR_BASE_URL}${table.entitySetName}?${base}${base ? '&' : ''}$skiptoken=${++this.misbehavingPages}`;
        return { entities: [], nextLink };
    }

    /** Options as given: '?...', '' or a nextLink (absolute URL); returns the part after '?'. */
    private optionsText(table: TableDefinition, options: string): string {
        if (/^https?:\/\//i.test(options)) {
            const question = options.indexOf('?');
            const path = question === -1 ? options : options.slice(0, question);
            if (!path.toLowerCase().endsWith(`/${table.entitySetName}`)) {
                throw dataverseError('badRequest', 400, `The link '${path}' is not for the table '${table.logicalName}' (entity set '${table.entitySetName}').`);
            }
            return question === -1 ? '' : options.slice(question + 1);
        }
        if (options === '') {
            return '';
        }
        if (!options.startsWith('?')) {
            throw dataverseError('badRequest', 400, `Options must start with '?', got '${options}'.`);
        }
        return options.slice(1);
    }

    /**
     * Slots worth visiting for the filter (a superset, the filter still runs): an indexed equality or `In`, the
     * first such conjunct of an `and`, or the union of an `or` whose every branch is indexed.
     */
    private candidates(filter: Condition | undefined, store: TableStore): number[] | undefined {
        const slots = filter === undefined ? undefined : this.candidateSet(filter, store);
        return slots === undefined ? undefined : [...slots].sort((a, b) => a - b);
    }

    private candidateSet(condition: Condition, store: TableStore): Set<number> | undefined {
        switch (condition.kind) {
            case 'compare': {
                if (condition.operator !== 'eq' || typeof condition.value !== 'string') return undefined;
                const slots = store.candidateSlots(condition.attribute.logicalName, condition.value);
                return slots === undefined ? undefined : new Set(slots);
            }
            case 'in': {
                const lists = condition.values.map((value) => (typeof value === 'string' ? store.candidateSlots(condition.attribute.logicalName, value) : undefined));
                return lists.every((list) => list !== undefined) ? new Set(lists.flatMap((list) => list ?? [])) : undefined;
            }
            case 'and': {
                for (const item of condition.items) {
                    const slots = this.candidateSet(item, store);
                    if (slots !== undefined) return slots;
                }
                return undefined;
            }
            case 'or': {
                const union = new Set<number>();
                for (const item of condition.items) {
                    const slots = this.candidateSet(item, store);
                    if (slots === undefined) return undefined;
                    slots.forEach((slot) => union.add(slot));
                }
                return union;
            }
            default:
                return undefined;
        }
    }

    /** Cheap pre-check from the store's ownership facts: skips generating rows the caller cannot read. */
    private mayRead(store: TableStore, scope: ReadScope, slot: number): boolean {
        if (scope.organization || store.ownershipAt === undefined) {
            return true;
        }
        const ownership = store.ownershipAt(slot);
        return canReadOwnership(scope, ownership.ownerId, ownership.businessUnitId);
    }

    private isVisible(row: StoredRow, query: Query, scope: ReadScope, context: EvaluationContext): boolean {
        return canRead(scope, query.table, row) && (query.filter === undefined || matches(query.filter, row, context));
    }

    /** One page of readable, matching rows from position `start`. */
    private page(user: SystemUser, query: Query, store: TableStore, scope: ReadScope, start: number, limit: number, cacheKey: string): PageResult {
        const context = this.context(user);
        const candidates = this.candidates(query.filter, store);
        const length = candidates?.length ?? store.slotCount;
        if (query.orderBy.length === 0) {
            const rows: StoredRow[] = [];
            for (let position = start; position < length; position++) {
                const slot = candidates?.[position] ?? position;
                if (!this.mayRead(store, scope, slot)) {
                    continue;
                }
                const row = store.rowAt(slot);
                if (row === undefined || !this.isVisible(row, query, scope, context)) {
                    continue;
                }
                if (rows.length === limit) {
                    // Another matching row exists: the next page starts here.
                    return { rows, next: position };
                }
                rows.push(row);
            }
            return { rows, next: undefined };
        }
        const all = this.cachedVisible(cacheKey, () => this.allVisible(query, store, scope, context, candidates));
        const rows = all.slice(start, start + limit).map((entry) => entry.row);
        return { rows, next: start + limit < all.length ? start + limit : undefined };
    }

    /** Readable, matching rows in storage order, at most `limit` of them. */
    private visibleRows(query: Query, store: TableStore, scope: ReadScope, context: EvaluationContext, limit: number): StoredRow[] {
        const candidates = this.candidates(query.filter, store);
        const length = candidates?.length ?? store.slotCount;
        const rows: StoredRow[] = [];
        for (let position = 0; position < length && rows.length < limit; position++) {
            const slot = candidates?.[position] ?? position;
            const row = this.mayRead(store, scope, slot) ? store.rowAt(slot) : undefined;
            if (row !== undefined && this.isVisible(row, query, scope, context)) {
                rows.push(row);
            }
        }
        return rows;
    }

    /** The first `limit` readable, matching rows in the query's order (ties in storage order), without sorting them all. */
    private topVisible(query: Query, store: TableStore, scope: ReadScope, context: EvaluationContext, limit: number): StoredRow[] {
        const candidates = this.candidates(query.filter, store);
        const length = candidates?.length ?? store.slotCount;
        const best: Array<{ row: StoredRow; keys: Array<Comparable | null> }> = [];
        for (let position = 0; position < length; position++) {
            const slot = candidates?.[position] ?? position;
            const row = this.mayRead(store, scope, slot) ? store.rowAt(slot) : undefined;
            if (row === undefined || !this.isVisible(row, query, scope, context)) {
                continue;
            }
            const keys = query.orderBy.map((item) => comparableOf(item.attribute, row[item.attribute.logicalName]));
            // Rows come in storage order, so a row only beats the ones it sorts strictly before.
            let at = best.length;
            while (at > 0 && compareSortKeys(query.orderBy, keys, best[at - 1]?.keys ?? []) < 0) {
                at--;
            }
            if (at < limit) {
                best.splice(at, 0, { row, keys });
                if (best.length > limit) {
                    best.pop();
                }
            }
        }
        return best.map((entry) => entry.row);
    }

    private allVisible(query: Query, store: TableStore, scope: ReadScope, context: EvaluationContext, candidates: number[] | undefined): Array<{ row: StoredRow; slot: number }> {
        const all: Array<{ row: StoredRow; slot: number; keys: Array<Comparable | null> }> = [];
        const length = candidates?.length ?? store.slotCount;
        for (let position = 0; position < length; position++) {
            const slot = candidates?.[position] ?? position;
            const row = this.mayRead(store, scope, slot) ? store.rowAt(slot) : undefined;
            if (row !== undefined && this.isVisible(row, query, scope, context)) {
                // Sort keys computed once per row, not once per comparison.
                all.push({ row, slot, keys: query.orderBy.map((item) => comparableOf(item.attribute, row[item.attribute.logicalName])) });
            }
        }
        if (query.orderBy.length > 0) {
            all.sort((left, right) => compareSortKeys(query.orderBy, left.keys, right.keys) || left.slot - right.slot);
        }
        return all;
    }

    /**
     * Ordered results are computed once and reused for the following pages of the same query (the data never
     * changes), so paging an ordered query costs one sort instead of one per page.
     */
    private cachedVisible(key: string, compute: () => Array<{ row: StoredRow; slot: number }>): Array<{ row: StoredRow; slot: number }> {
        const cached = this.orderedResults.get(key);
        if (cached !== undefined) {
            return cached;
        }
        const result = compute();
        if (result.length <= ORDERED_CACHE_MAX_ROWS) {
            this.orderedResults.set(key, result);
            if (this.orderedResults.size > ORDERED_CACHE_ENTRIES) {
                const oldest = this.orderedResults.keys().next().value;
                if (oldest !== undefined) {
                    this.orderedResults.delete(oldest);
                }
            }
        }
        return result;
    }

    private runFetch(user: SystemUser, query: Query, store: TableStore, scope: ReadScope, pageSize: number, cacheKey: string): { value: RetrieveMultipleResult; rows: number } {
        const context = this.context(user);
        if (query.aggregate !== undefined) {
            // Stops at the first row past the limit, as the platform gives up rather than counting on.
            const rows = this.visibleRows(query, store, scope, context, this.aggregateRecordLimit + 1);
            if (rows.length > this.aggregateRecordLimit) {
                throw dataverseError('aggregateLimit', 400, 'AggregateQueryRecordLimit exceeded. Cannot perform this operation.');
            }
            const entities = this.aggregate(query, rows);
            return { value: { entities } as RetrieveMultipleResult, rows: entities.length };
        }
        const fetchPage = query.fetchPage ?? { page: 1 };
        const size = Math.min(fetchPage.count ?? pageSize, query.table.customerInsights ? this.platform.customerInsightsPageSize : MAX_PAGE_SIZE);
        if (query.top !== undefined && query.top <= size) {
            // A top within one page needs only the first (or the best) matching rows: an unordered one stops at
            // the first matches (existence checks on big tables stay cheap, as on the platform), an ordered one
            // keeps only its best rows while scanning instead of sorting every match.
            const rows = query.orderBy.length === 0 ? this.visibleRows(query, store, scope, context, query.top) : this.topVisible(query, store, scope, context, query.top);
            const entities = rows.map((row) => this.project(user, query, row));
            return { value: { entities } as RetrieveMultipleResult, rows: entities.length };
        }
        const compute = (): Array<{ row: StoredRow; slot: number }> => this.allVisible(query, store, scope, context, this.candidates(query.filter, store));
        const all = this.cachedVisible(cacheKey, compute);
        const limited = query.top !== undefined ? all.slice(0, query.top) : all;
        const start = (fetchPage.page - 1) * size;
        const rows = limited.slice(start, start + size).map((entry) => entry.row);
        const entities = rows.map((row) => this.project(user, query, row));
        const result = { entities } as RetrieveMultipleResult;
        if (start + size < limited.length) {
            const first = rows[0]?.[query.table.primaryIdAttribute];
            const last = rows[rows.length - 1]?.[query.table.primaryIdAttribute];
            result.moreRecords = true;
            result.fetchXmlPagingCookie = `<cookie page="${fetchPage.page}"><${query.table.primaryIdAttribute} last="{${String(last).toUpperCase()}}" first="{${String(first).toUpperCase()}}" /></cookie>`;
        }
        return { value: result, rows: entities.length };
    }

    private aggregate(query: Query, rows: readonly StoredRow[]): ComponentFramework.WebApi.Entity[] {
        const columns = query.aggregate ?? [];
        const groupColumns = columns.filter((column) => column.aggregate === undefined);
        const groups = new Map<string, StoredRow[]>();
        for (const row of rows) {
            const key = JSON.stringify(groupColumns.map((column) => comparableOf(column.attribute, row[column.attribute.logicalName])));
            const group = groups.get(key);
            if (group) {
                group.push(row);
            } else {
                groups.set(key, [row]);
            }
        }
        if (groups.size === 0 && groupColumns.length === 0) {
            groups.set('[]', []);
        }
        const entities: ComponentFramework.WebApi.Entity[] = [];
        for (const group of groups.values()) {
            const entity: Record<string, unknown> = {};
            for (const column of columns) {
                const name = column.attribute.logicalName;
                if (column.aggregate === undefined) {
                    const first = group[0]?.[name] ?? null;
                    writeProperty(entity, column.alias, column.attribute, first, this.lookupResolverFor(query.table), false);
                    continue;
                }
                const values = group.map((row) => row[name]).filter((value) => value !== null && value !== undefined).map(Number);
                let value: number | null;
                switch (column.aggregate) {
                    case 'count':
                        value = group.length;
                        break;
                    case 'countcolumn':
                        value = values.length;
                        break;
                    case 'sum':
                        value = values.reduce((sum, item) => sum + item, 0);
                        break;
                    case 'avg':
                        value = values.length === 0 ? null : values.reduce((sum, item) => sum + item, 0) / values.length;
                        break;
                    case 'min':
                        value = values.length === 0 ? null : Math.min(...values);
                        break;
                    case 'max':
                        value = values.length === 0 ? null : Math.max(...values);
                        break;
                }
                entity[column.alias] = value;
            }
            entities.push(entity);
        }
        return entities;
    }
}

/** Percent-decoding that never throws (a malformed escape is left as typed). */
function safeDecode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** True when some leaf of the condition tree passes `test` (and, or and not walked through). */
function someCondition(condition: Condition, test: (leaf: Condition) => boolean): boolean {
    switch (condition.kind) {
        case 'and':
        case 'or':
            return condition.items.some((item) => someCondition(item, test));
        case 'not':
            return someCondition(condition.item, test);
        default:
            return test(condition);
    }
}

/** True when a condition orders GUIDs (`lt`, `le`, `gt`, `ge` on a Uniqueidentifier column). */
const comparesGuidOrder = (condition: Condition): boolean =>
    someCondition(condition, (leaf) => leaf.kind === 'compare' && leaf.attribute.type === 'Uniqueidentifier' && leaf.operator !== 'eq' && leaf.operator !== 'ne');

const usesHierarchy = (condition: Condition): boolean => someCondition(condition, (leaf) => leaf.kind === 'hierarchy');

/**
 * A GET longer than {@link MAX_URL_LENGTH} is refused by the web server in front of Dataverse with HTTP 414
 * and no OData error body, so there is no Dataverse error code. The emulator's choice of what the caller
 * sees (unverified on a live tenant, see README): status 414, code 0x80004005 (E_FAIL, "unspecified error",
 * the HRESULT a client reports when the answer carries no code of its own), a message naming both lengths.
 * Through `webApi()` that is `{ errorCode: 2147500037, message }`.
 */
function requireUrlLength(url: string): void {
    if (url.length > MAX_URL_LENGTH) {
        throw dataverseError(
            'urlTooLong',
            414,
            `Request-URI Too Long: the request URL is ${url.length} characters long, more than the ${MAX_URL_LENGTH} characters a GET request may have. Send fewer values per request.`,
        );
    }
}
