/**
 * Sends reads to `context.webAPI`: one shared promise per identical read on the page, a page-wide limit on
 * requests in flight, and retries when the platform says it is busy (service protection, HTTP 429).
 */

import { classifyFailure, InsightsError } from './failure';
import { normaliseGuid } from './identifiers';
import { sharedRequestCache, sharedRequestLimiter, type SharedRequestCacheV1, type SharedRequestLimiterV1 } from './pageState';

/** What the readers need of `ComponentFramework.WebApi`: only reads. */
export interface WebApiReader {
    retrieveMultipleRecords(
        entityType: string,
        options?: string,
        maxPageSize?: number,
    ): Promise<{ entities: ComponentFramework.WebApi.Entity[]; nextLink?: string }>;
}

/** A page of rows as the platform returned it. Shared between controls: never mutate. */
export interface RowPage {
    readonly entities: readonly Readonly<Record<string, unknown>>[];
    readonly nextLink?: string;
}

export interface RequestPolicy {
    /** Attempts per read including the first; busy responses are retried until this many. Default 4. */
    readonly maxAttempts: number;
    /** Most time spent waiting between attempts of one read. Default 30 000 ms. */
    readonly maxTotalWaitMs: number;
    /** First backoff when the platform gives no Retry-After; doubles per attempt, with jitter. Default 1 000 ms. */
    readonly baseBackoffMs: number;
    /** Longest single backoff without Retry-After. Default 15 000 ms. */
    readonly maxBackoffMs: number;
    /** How long a response stays shared after it arrived. Default 5 000 ms; 0 shares only in-flight requests. */
    readonly cacheTtlMs: number;
    /**
     * Requests in flight for the whole page (all our controls). Default 6, the browser's per-host connection
     * count, far below the platform's 52 per user. The first control on the page sets it.
     */
    readonly maxConcurrentRequests: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
    maxAttempts: 4,
    maxTotalWaitMs: 30_000,
    baseBackoffMs: 1_000,
    maxBackoffMs: 15_000,
    cacheTtlMs: 5_000,
    maxConcurrentRequests: 6,
};

/** Time and chance, injectable so tests of retries run instantly and deterministically. */
export interface Clock {
    sleep(ms: number): Promise<void>;
    /** In [0, 1), for backoff jitter. */
    random(): number;
}

export const SYSTEM_CLOCK: Clock = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};

/** Told before each wait, so a control can show "busy, retrying". */
export interface BusyRetry {
    readonly table: string;
    /** The attempt that was refused (1 = the first). */
    readonly attempt: number;
    readonly waitMs: number;
}

export interface RequesterSettings {
    readonly webApi: WebApiReader;
    readonly userId: string;
    readonly isOffline?: () => boolean;
    readonly policy?: Partial<RequestPolicy>;
    readonly clock?: Clock;
    readonly onBusyRetry?: (retry: BusyRetry) => void;
    /** For tests: use these instead of the page-wide ones on globalThis. */
    readonly cache?: SharedRequestCacheV1;
    readonly limiter?: SharedRequestLimiterV1;
}

export interface Requester {
    /** One page of `table` for `options` (built by ./query). Rejects with {@link InsightsError}. */
    retrieve(table: string, options: string, maxPageSize?: number): Promise<RowPage>;
    readonly cache: SharedRequestCacheV1;
    readonly policy: RequestPolicy;
    readonly isOffline: () => boolean;
}

export function createRequester(settings: RequesterSettings): Requester {
    const policy: RequestPolicy = { ...DEFAULT_REQUEST_POLICY, ...settings.policy };
    const clock = settings.clock ?? SYSTEM_CLOCK;
    const cache = settings.cache ?? sharedRequestCache();
    const limiter = settings.limiter ?? sharedRequestLimiter(policy.maxConcurrentRequests);
    // Spelling of the user id varies by host ({UPPER} vs lower); one key per user, not per spelling.
    const user = normaliseGuid(settings.userId) ?? settings.userId;
    const isOffline = (): boolean => {
        try {
            return settings.isOffline?.() === true;
        } catch {
            return false;
        }
    };

    const send = async (table: string, options: string, maxPageSize: number | undefined): Promise<RowPage> => {
        let waited = 0;
        for (let attempt = 1; ; attempt++) {
            try {
                const page = await limiter.run(() => settings.webApi.retrieveMultipleRecords(table, options, maxPageSize));
                return checkPage(page);
            } catch (error) {
                const failure = classifyFailure(error, isOffline);
                if (failure.kind !== 'busy' || attempt >= policy.maxAttempts) throw error;
                const waitMs =
                    failure.retryAfterSeconds !== undefined
                        ? failure.retryAfterSeconds * 1000
                        : Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1)) * (0.5 + clock.random() / 2);
                if (waited + waitMs > policy.maxTotalWaitMs) throw error;
                settings.onBusyRetry?.({ table, attempt, waitMs });
                await clock.sleep(waitMs);
                waited += waitMs;
            }
        }
    };

    return {
        cache,
        policy,
        isOffline,
        async retrieve(table, options, maxPageSize) {
            if (isOffline()) {
                throw new InsightsError({ kind: 'offline', message: 'The app is offline; Customer Insights data is read online only.' });
            }
            const key = JSON.stringify([user, table, options, maxPageSize ?? null]);
            try {
                // The shared promise carries the platform's raw rejection, not our classification: another bundle
                // (maybe another library version) classifies it itself.
                return (await cache.share(key, policy.cacheTtlMs, () => send(table, options, maxPageSize))) as RowPage;
            } catch (error) {
                throw new InsightsError(classifyFailure(error, isOffline), { cause: error });
            }
        },
    };
}

/** A response without an entity list would fail later in confusing ways; fail here with a clear message. */
function checkPage(page: unknown): RowPage {
    const record = page as { entities?: unknown; nextLink?: unknown } | null | undefined;
    if (record === null || record === undefined || !Array.isArray(record.entities)) {
        throw new Error('The platform returned a response without an entity list.');
    }
    return page as RowPage;
}
