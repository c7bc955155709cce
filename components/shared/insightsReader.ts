/**
 * The one object a control uses to read Customer Insights data: created in `init`, released in `destroy`.
 *
 * ```ts
 * this.reader = createInsightsReaderCore({
 *   webApi: context.webAPI,
 *   userId: context.userSettings.userId,
 *   isOffline: () => context.client.isOffline(),
 * });
 * this.reader.register();
 * const resolution = await this.reader.resolveProfile({ recordId: entityId });
 * if (resolution.kind === 'found') { const read = await this.reader.read(readSegmentMembership, resolution); }
 * // on failure: this.reader.classifyFailure(error).kind → the message to show
 * // destroy(): this.reader.release();
 * ```
 *
 * The table readers are separate functions handed to `read`, so a control's bundle holds only the readers it
 * uses. `createInsightsReader` gives the same object with every reader as a method (for scripts and tests;
 * a control that uses it bundles every reader).
 */

import { classifyFailure, InsightsError, type InsightsFailure } from './failure';
import { normaliseGuid, requireGuid, type NormalisedGuid } from './identifiers';
import { MAX_SCOPE_BUSINESS_UNITS } from './limits';
import { readPages } from './pages';
import { buildODataOptions, where } from './query';
import {
    requireFoundProfile,
    resolveProfile,
    type FoundProfile,
    type ProfileColumnsRequest,
    type ProfileLinkMemory,
    type ProfileLinkSettings,
    type ProfileRequest,
    type ProfileResolution,
    type ScopeFilter,
} from './profile';
import {
    readCustomerMeasures,
    readEnrichments,
    readPredictions,
    readSegmentMembership,
    readUnifiedActivities,
    type ActivityPageQuery,
    type CustomerMeasuresRead,
    type EnrichmentRow,
    type InsightsRows,
    type PredictionRow,
    type ReaderDeps,
    type SegmentMembershipRead,
    type UnifiedActivitiesRead,
} from './readers';
import { checkSegmentReadiness, readOwningBusinessUnit, type ReadinessRequest, type SegmentReadiness } from './readiness';
import { createRequester, type BusyRetry, type Clock, type Requester, type RequestPolicy, type WebApiReader } from './requests';
import type { BusinessUnitRef } from './rows';
import type { SharedReadSignalsV1, SharedRequestCacheV1, SharedRequestLimiterV1 } from './pageState';
import { BusinessUnitColumns, OwnershipColumns, PlatformTables, SystemUserColumns, lookupValueProperty } from './schema';

/**
 * Which rows a control shows, by owning business unit. A VIEW CHOICE, NOT A SECURITY BOUNDARY: the platform
 * already returns only the rows the user may read, and with modernized business units a user may see more
 * than their home BU; this only narrows what is displayed.
 * - `all` (default): everything the user can read;
 * - `businessUnit`: rows owned by the user's business unit (platform operator EqualBusinessId);
 * - `businessUnitAndChildren`: the user's business unit and every one below it (UnderOrEqual). Whether the
 *   platform accepts UnderOrEqual on `owningbusinessunit` of these tables is unverified
 *   (docs/platform-assumptions.md): when a read with it is refused, the reader reads the business-unit tree
 *   below the user's unit (`businessunits` by `parentbusinessunitid`) once and filters with `In` instead.
 * Applies to the profile and the tables that inherit its business unit; not to root-owned tables.
 */
export type BusinessUnitScope = 'all' | 'businessUnit' | 'businessUnitAndChildren';

export interface InsightsReaderOptions {
    /** How records link to profiles (defaults: record lookup, then alternate keys for 'contact'). */
    readonly profileLinks?: ProfileLinkSettings;
    readonly businessUnitScope?: BusinessUnitScope;
    /** The user's business unit for `businessUnitAndChildren`; read from systemuser when not given. */
    readonly userBusinessUnitId?: string;
    /** Retries, cache lifetime and concurrency (see RequestPolicy for defaults). */
    readonly requests?: Partial<RequestPolicy>;
    /** Called before each wait when the platform is busy, e.g. to show "busy, retrying". */
    readonly onBusyRetry?: (retry: BusyRetry) => void;
    /** For tests: time and randomness. */
    readonly clock?: Clock;
    /** For tests: a private cache, limiter and read signals instead of the page-wide ones. */
    readonly cache?: SharedRequestCacheV1;
    readonly limiter?: SharedRequestLimiterV1;
    readonly signals?: SharedReadSignalsV1;
}

export interface InsightsReaderSettings {
    /** `context.webAPI` (only retrieveMultipleRecords is used). */
    readonly webApi: WebApiReader;
    /** `context.userSettings.userId`; any GUID spelling. */
    readonly userId: string;
    /** `() => context.client.isOffline()`. */
    readonly isOffline?: () => boolean;
    readonly options?: InsightsReaderOptions;
}

/** Reads one Customer Insights table for a found profile (the readers of ./readers). */
export type TableReader<A extends readonly unknown[], T> = (deps: ReaderDeps, profile: FoundProfile, ...args: A) => Promise<T>;

/** Every method rejects with {@link InsightsError}; `classifyFailure` turns any rejection into a state. */
export interface InsightsReaderCore {
    /** Call once in `init`: keeps the page's shared request cache alive while this control lives. */
    register(): void;
    /**
     * Call in `destroy`: cancels every wait, busy retry and queued request of this reader (nothing more is
     * sent for it; pending calls reject), and the cache is emptied when the last control on the page releases
     * it. `register()` makes the reader usable again.
     */
    release(): void;
    /**
     * Finds the profile; `links` overrides the reader's profile-link options for this call. `columns`: profile
     * columns worked out while it runs (from metadata); only profile reads wait for them.
     */
    resolveProfile(request: ProfileRequest, links?: ProfileLinkSettings, columns?: ProfileColumnsRequest): Promise<ProfileResolution>;
    /**
     * Runs a table reader (`readSegmentMembership`, `readCustomerMeasures`, `readUnifiedActivities`,
     * `readPredictions`, `readEnrichments`) for a profile `resolveProfile` returned for this user.
     */
    read<A extends readonly unknown[], T>(reader: TableReader<A, T>, profile: FoundProfile, ...args: A): Promise<T>;
    /**
     * Runs a read that needs no profile through this reader's requester and guards (`checkSegmentReadiness`,
     * `readOwningBusinessUnit` of ./readiness), so a bundle holds only the reads its control uses.
     */
    use<A extends readonly unknown[], T>(work: (requester: Requester, ...args: A) => Promise<T>, ...args: A): Promise<T>;
    classifyFailure(error: unknown): InsightsFailure;
}

/** {@link InsightsReaderCore} with every table reader as a method. */
export interface InsightsReader extends InsightsReaderCore {
    readSegmentMembership(profile: FoundProfile): Promise<SegmentMembershipRead>;
    readCustomerMeasures(profile: FoundProfile): Promise<CustomerMeasuresRead>;
    /** One page, newest first, filtered on the server; pass `next` back as `after` for the following page (keyset). */
    readUnifiedActivities(profile: FoundProfile, query?: ActivityPageQuery): Promise<UnifiedActivitiesRead>;
    /** Root-owned: only for a profile this user could read. */
    readPredictions(profile: FoundProfile): Promise<InsightsRows<PredictionRow>>;
    /** Root-owned: only for a profile this user could read. */
    readEnrichments(profile: FoundProfile): Promise<InsightsRows<EnrichmentRow>>;
    /** Journeys activation readiness of a segment (./readiness): requests grow with business units, never with members. */
    checkSegmentReadiness(request: ReadinessRequest): Promise<SegmentReadiness>;
    /** The business unit owning a record, e.g. the Journeys segment a control sits on; undefined when the row is not there. */
    readOwningBusinessUnit(record: { readonly table: string; readonly primaryIdColumn: string; readonly id: string }): Promise<BusinessUnitRef | undefined>;
}

/** A reader with every table reader as a method; controls use {@link createInsightsReaderCore} and `read`. */
export function createInsightsReader(settings: InsightsReaderSettings): InsightsReader {
    const core = createInsightsReaderCore(settings);
    return {
        ...core,
        readSegmentMembership: (profile) => core.read(readSegmentMembership, profile),
        readCustomerMeasures: (profile) => core.read(readCustomerMeasures, profile),
        readUnifiedActivities: (profile, query) => core.read(readUnifiedActivities, profile, query),
        readPredictions: (profile) => core.read(readPredictions, profile),
        readEnrichments: (profile) => core.read(readEnrichments, profile),
        checkSegmentReadiness: (request) => core.use(checkSegmentReadiness, request),
        readOwningBusinessUnit: (record) => core.use(readOwningBusinessUnit, record),
    };
}

export function createInsightsReaderCore(settings: InsightsReaderSettings): InsightsReaderCore {
    const options = settings.options ?? {};
    const { requests: policy, clock, onBusyRetry, cache, limiter, signals } = options;
    const requester = createRequester({ webApi: settings.webApi, userId: settings.userId, isOffline: settings.isOffline, policy, clock, onBusyRetry, cache, limiter, signals });
    const userKey = normaliseGuid(settings.userId) ?? settings.userId;
    const classify = (error: unknown): InsightsFailure => classifyFailure(error, requester.isOffline);

    let userBusinessUnit: Promise<NormalisedGuid> | undefined;
    const readUserBusinessUnit = (): Promise<NormalisedGuid> => {
        if (options.userBusinessUnitId !== undefined) return Promise.resolve(requireGuid(options.userBusinessUnitId, 'userBusinessUnitId'));
        userBusinessUnit ??= (async () => {
            const property = lookupValueProperty(SystemUserColumns.businessUnit);
            const query = buildODataOptions({
                select: [property],
                filter: where.eq(PlatformTables.systemUser.primaryIdColumn, where.guid(requireGuid(settings.userId, 'The user id'))),
            });
            const page = await requester.retrieve(PlatformTables.systemUser.logicalName, query, 1);
            return requireGuid(page.entities[0]?.[property], "The user's business unit");
        })();
        userBusinessUnit.catch(() => {
            userBusinessUnit = undefined; // try again next time rather than remember a failure
        });
        return userBusinessUnit;
    };

    // "Business unit and children": UnderOrEqual until the platform refuses it, then the tree below the
    // user's unit, read once, with In.
    let underOrEqualRefused = false;
    let underOrEqualUses = 0;
    let businessUnitTree: Promise<NormalisedGuid[]> | undefined;
    const readBusinessUnitTree = (): Promise<NormalisedGuid[]> => {
        businessUnitTree ??= (async () => readBusinessUnitsBelow(requester, await readUserBusinessUnit()))();
        businessUnitTree.catch(() => {
            businessUnitTree = undefined;
        });
        return businessUnitTree;
    };

    // At once when no read is needed, so that a control's first request goes out without waiting a turn.
    const scopeFilter: ScopeFilter = () => {
        switch (options.businessUnitScope ?? 'all') {
            case 'all':
                return undefined;
            case 'businessUnit':
                return where.equalBusinessId();
            case 'businessUnitAndChildren':
                return (async () => {
                    if (underOrEqualRefused) return where.in(OwnershipColumns.owningBusinessUnit, (await readBusinessUnitTree()).map(where.guid));
                    const unit = await readUserBusinessUnit();
                    underOrEqualUses++;
                    return where.underOrEqual(unit);
                })();
        }
    };

    const deps: ReaderDeps = { requester, scopeFilter };
    // What this reader learnt about the tenant's profile links (a refused $expand), kept for its lifetime.
    const memory: ProfileLinkMemory = { expandRefused: false };
    const toInsightsError = (error: unknown): InsightsError => (error instanceof InsightsError ? error : new InsightsError(classify(error), { cause: error }));
    /**
     * Everything leaves as InsightsError, whatever went wrong inside (query values, GUIDs, platform). A read
     * that used UnderOrEqual and was refused for it runs once more with the In fallback.
     */
    const guard = async <T>(work: () => Promise<T>): Promise<T> => {
        const usesBefore = underOrEqualUses;
        try {
            return await work();
        } catch (error) {
            if (underOrEqualRefused || underOrEqualUses === usesBefore || !refusesUnderOrEqual(classify(error))) throw toInsightsError(error);
            underOrEqualRefused = true;
        }
        try {
            return await work();
        } catch (error) {
            throw toInsightsError(error);
        }
    };

    let registered = false;
    return {
        register() {
            requester.resume();
            if (registered) return;
            registered = true;
            requester.cache.retain();
        },
        release() {
            requester.cancel();
            if (!registered) return;
            registered = false;
            requester.cache.release();
        },
        resolveProfile: (request, links, columns) =>
            guard(() => resolveProfile({ requester, userKey, scopeFilter, memory }, request, { ...options.profileLinks, ...links }, columns)),
        read: (reader, profile, ...args) => guard(() => reader(deps, requireFoundProfile(profile, userKey), ...args)),
        use: (work, ...args) => guard(() => work(requester, ...args)),
        classifyFailure: classify,
    };
}

/**
 * Whether a failed read reads like the platform refusing UnderOrEqual (an HTTP 400; `context.webAPI` only
 * tells errorCode and message): the message names it, or a query error without a named column. Failures
 * that say something else (privilege, busy, network, timeout, a named column) are not retried.
 */
function refusesUnderOrEqual(failure: InsightsFailure): boolean {
    if (/UnderOrEqual|eq-or-under/i.test(failure.message)) return true;
    if (failure.offendingName !== undefined || (failure.kind !== 'unexpected' && failure.kind !== 'configuration')) return false;
    return failure.code === undefined || failure.code.startsWith('0x');
}

/**
 * `root` and every business unit below it, level by level through `parentbusinessunitid` (each level one
 * paged read with In). Bounded: at most {@link MAX_SCOPE_BUSINESS_UNITS} units (an In list longer than that
 * would not fit the URL), else the read fails rather than show a silently narrowed view.
 */
async function readBusinessUnitsBelow(requester: Requester, root: NormalisedGuid): Promise<NormalisedGuid[]> {
    const table = PlatformTables.businessUnit;
    const all: NormalisedGuid[] = [root];
    const seen = new Set<string>(all);
    for (let level: NormalisedGuid[] = [root]; level.length > 0; ) {
        const options = buildODataOptions({
            select: [table.primaryIdColumn],
            filter: where.in(BusinessUnitColumns.parentBusinessUnit, level.map(where.guid)),
        });
        const read = await readPages(requester, table.logicalName, options, { pageSize: 5000 });
        const next: NormalisedGuid[] = [];
        for (const row of read.rows) {
            const id = normaliseGuid(row[table.primaryIdColumn]);
            if (id === undefined || seen.has(id)) continue; // a cycle cannot loop
            seen.add(id);
            next.push(id);
            all.push(id);
        }
        if (all.length > MAX_SCOPE_BUSINESS_UNITS) {
            throw new InsightsError({
                kind: 'unexpected',
                code: 'ScopeTooLarge',
                message: `More than ${MAX_SCOPE_BUSINESS_UNITS} business units are below yours; "business unit and children" cannot be shown without UnderOrEqual.`,
            });
        }
        level = next;
    }
    return all;
}
