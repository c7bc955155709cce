/**
 * The one object a control uses to read Customer Insights data: created in `init`, released in `destroy`.
 *
 * ```ts
 * this.reader = createInsightsReader({
 *   webApi: context.webAPI,
 *   userId: context.userSettings.userId,
 *   isOffline: () => context.client.isOffline(),
 *   options: { profileLinks: { profileColumns: ['msdynci_fullname'] } },
 * });
 * this.reader.register();
 * const resolution = await this.reader.resolveProfile({ recordId: entityId });
 * if (resolution.kind === 'found') { const read = await this.reader.readSegmentMembership(resolution); }
 * // on failure: this.reader.classifyFailure(error).kind → the message to show
 * // destroy(): this.reader.release();
 * ```
 */

import { classifyFailure, InsightsError, type InsightsFailure } from './failure';
import { normaliseGuid, requireGuid } from './identifiers';
import { buildODataOptions, where, type ODataFilter } from './query';
import { requireFoundProfile, resolveProfile, type FoundProfile, type ProfileLinkSettings, type ProfileRequest, type ProfileResolution } from './profile';
import {
    readCustomerMeasures,
    readEnrichments,
    readPredictions,
    readSegmentMembership,
    readUnifiedActivities,
    type ActivityQuery,
    type CustomerMeasuresRead,
    type EnrichmentRow,
    type InsightsRows,
    type PredictionRow,
    type ReaderDeps,
    type SegmentMembershipRead,
    type UnifiedActivitiesRead,
} from './readers';
import { checkSegmentReadiness, readOwningBusinessUnit, type ReadinessRequest, type SegmentReadiness } from './readiness';
import { createRequester, type BusyRetry, type Clock, type RequestPolicy, type WebApiReader } from './requests';
import type { BusinessUnitRef } from './rows';
import type { SharedRequestCacheV1, SharedRequestLimiterV1 } from './pageState';
import { PlatformTables, SystemUserColumns, lookupValueProperty } from './schema';

/**
 * Which rows a control shows, by owning business unit. A VIEW CHOICE, NOT A SECURITY BOUNDARY: the platform
 * already returns only the rows the user may read, and with modernized business units a user may see more
 * than their home BU; this only narrows what is displayed.
 * - `all` (default): everything the user can read;
 * - `businessUnit`: rows owned by the user's business unit (platform operator EqualBusinessId);
 * - `businessUnitAndChildren`: the user's business unit and every one below it (UnderOrEqual).
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
    /** For tests: a private cache and limiter instead of the page-wide ones. */
    readonly cache?: SharedRequestCacheV1;
    readonly limiter?: SharedRequestLimiterV1;
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

/** Every method rejects with {@link InsightsError}; `classifyFailure` turns any rejection into a state. */
export interface InsightsReader {
    /** Call once in `init`: keeps the page's shared request cache alive while this control lives. */
    register(): void;
    /** Call in `destroy`. The cache is emptied when the last control on the page releases it. */
    release(): void;
    /** Finds the profile; `links` overrides the reader's profile-link options for this call. */
    resolveProfile(request: ProfileRequest, links?: ProfileLinkSettings): Promise<ProfileResolution>;
    readSegmentMembership(profile: FoundProfile): Promise<SegmentMembershipRead>;
    readCustomerMeasures(profile: FoundProfile): Promise<CustomerMeasuresRead>;
    /** Newest first, up to `rowLimit` rows; pass `nextLink` back as `continueFrom` for more. */
    readUnifiedActivities(profile: FoundProfile, query?: ActivityQuery): Promise<UnifiedActivitiesRead>;
    /** Root-owned: only for a profile this user could read. */
    readPredictions(profile: FoundProfile): Promise<InsightsRows<PredictionRow>>;
    /** Root-owned: only for a profile this user could read. */
    readEnrichments(profile: FoundProfile): Promise<InsightsRows<EnrichmentRow>>;
    classifyFailure(error: unknown): InsightsFailure;
    /** Journeys activation readiness of a segment (./readiness): requests grow with business units, never with members. */
    checkSegmentReadiness(request: ReadinessRequest): Promise<SegmentReadiness>;
    /** The business unit owning a record, e.g. the Journeys segment a control sits on; undefined when the row is not there. */
    readOwningBusinessUnit(record: { readonly table: string; readonly primaryIdColumn: string; readonly id: string }): Promise<BusinessUnitRef | undefined>;
}

export function createInsightsReader(settings: InsightsReaderSettings): InsightsReader {
    const options = settings.options ?? {};
    const requester = createRequester({
        webApi: settings.webApi,
        userId: settings.userId,
        ...(settings.isOffline !== undefined ? { isOffline: settings.isOffline } : {}),
        ...(options.requests !== undefined ? { policy: options.requests } : {}),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
        ...(options.onBusyRetry !== undefined ? { onBusyRetry: options.onBusyRetry } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
        ...(options.limiter !== undefined ? { limiter: options.limiter } : {}),
    });
    const userKey = normaliseGuid(settings.userId) ?? settings.userId;
    const classify = (error: unknown): InsightsFailure => classifyFailure(error, requester.isOffline);

    let userBusinessUnit: Promise<string> | undefined;
    const readUserBusinessUnit = (): Promise<string> => {
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

    const scopeFilter = async (): Promise<ODataFilter | undefined> => {
        switch (options.businessUnitScope ?? 'all') {
            case 'all':
                return undefined;
            case 'businessUnit':
                return where.equalBusinessId();
            case 'businessUnitAndChildren':
                return where.underOrEqual(await readUserBusinessUnit());
        }
    };

    const deps: ReaderDeps = { requester, scopeFilter };
    /** Everything leaves as InsightsError, whatever went wrong inside (query values, GUIDs, platform). */
    const guard = async <T>(work: () => Promise<T>): Promise<T> => {
        try {
            return await work();
        } catch (error) {
            throw error instanceof InsightsError ? error : new InsightsError(classify(error), { cause: error });
        }
    };
    const found = (profile: FoundProfile): FoundProfile => requireFoundProfile(profile, userKey);

    let registered = false;
    return {
        register() {
            if (registered) return;
            registered = true;
            requester.cache.retain();
        },
        release() {
            if (!registered) return;
            registered = false;
            requester.cache.release();
        },
        resolveProfile: (request, links) =>
            guard(() => resolveProfile({ requester, userKey, scopeFilter }, request, { ...options.profileLinks, ...links })),
        readSegmentMembership: (profile) => guard(() => readSegmentMembership(deps, found(profile))),
        readCustomerMeasures: (profile) => guard(() => readCustomerMeasures(deps, found(profile))),
        readUnifiedActivities: (profile, query) => guard(() => readUnifiedActivities(deps, found(profile), query)),
        readPredictions: (profile) => guard(() => readPredictions(deps, found(profile))),
        readEnrichments: (profile) => guard(() => readEnrichments(deps, found(profile))),
        classifyFailure: classify,
        checkSegmentReadiness: (request) => guard(() => checkSegmentReadiness(requester, request)),
        readOwningBusinessUnit: (record) => guard(() => readOwningBusinessUnit(requester, record)),
    };
}
