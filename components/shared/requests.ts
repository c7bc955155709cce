/**
 * Sends reads to `context.webAPI`: one shared promise per identical read on the page, a page-wide limit on
 * requests in flight, retries when the platform says it is busy (service protection, HTTP 429), a time limit
 * per request, and cancellation of everything a reader still has pending when its control is destroyed.
 *
 * Every wait here is bounded (see ./limits): a Web API call gets {@link RequestPolicy.requestTimeoutMs}, then
 * it is abandoned (its limiter slot and cache entry are freed and the read rejects with a timeout); busy
 * retries are bounded in attempts and in total wait; a waiter on another control's shared read gives up
 * after the longest time such a read can take.
 */

import { classifyFailure, InsightsError, isCancellation, ReadCancelledError, RequestTimeoutError, unwrapLimiterError, type InsightsFailure } from './failure';
import { normaliseGuid } from './identifiers';
import { MAX_BUSY_WAIT_MS, REQUEST_TIMEOUT_MS, timerDelay, usableRetryAfterSeconds } from './limits';
import {
    sharedReadSignals,
    sharedRequestCache,
    sharedRequestLimiter,
    type SharedReadSignalsV1,
    type SharedRequestCacheV1,
    type SharedRequestLimiterV1,
} from './pageState';

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
    /** Attempts per read including the first; busy responses are retried until this many. Default 4 (1-10). */
    readonly maxAttempts: number;
    /** Most time spent waiting between attempts of one read. Default 30 000 ms (at most 5 minutes). */
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
    /**
     * Time limit of one Web API call; after it the call is abandoned (`timeout`). Default 45 000 ms
     * ({@link REQUEST_TIMEOUT_MS}); from 1 ms to 120 000 ms.
     */
    readonly requestTimeoutMs: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
    maxAttempts: 4,
    maxTotalWaitMs: 30_000,
    baseBackoffMs: 1_000,
    maxBackoffMs: 15_000,
    cacheTtlMs: 5_000,
    maxConcurrentRequests: 6,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
};

/** Time and chance, injectable so tests of retries run instantly and deterministically. */
export interface Clock {
    sleep(ms: number): Promise<void>;
    /** In [0, 1), for backoff jitter. */
    random(): number;
}

export const SYSTEM_CLOCK: Clock = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, timerDelay(ms))),
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
    /** Without one, waits use cancellable timers (jest fake timers control them). */
    readonly clock?: Clock;
    /**
     * Told before each wait of a busy read this requester is waiting on, also when another control sent
     * that read (page-wide read signals).
     */
    readonly onBusyRetry?: (retry: BusyRetry) => void;
    /** For tests: use these instead of the page-wide ones on globalThis. */
    readonly cache?: SharedRequestCacheV1;
    readonly limiter?: SharedRequestLimiterV1;
    readonly signals?: SharedReadSignalsV1;
}

export interface Requester {
    /** One page of `table` for `options` (built by ./query). Rejects with {@link InsightsError}. */
    retrieve(table: string, options: string, maxPageSize?: number): Promise<RowPage>;
    readonly cache: SharedRequestCacheV1;
    readonly policy: RequestPolicy;
    readonly isOffline: () => boolean;
    /**
     * Stops everything this requester has pending (its control was destroyed): sleeping backoffs end, queued
     * requests are never sent, waits end, and later calls reject without sending. Reads of other controls
     * that had joined one of its reads send their own.
     */
    cancel(): void;
    /** After {@link cancel}: works again (a control registered again). */
    resume(): void;
}

/** A control that joined reads of destroyed controls this often sends nothing more (cannot happen in practice). */
const MAX_REJOINS = 3;

export function createRequester(settings: RequesterSettings): Requester {
    const policy = sanitisePolicy(settings.policy);
    const cache = settings.cache ?? sharedRequestCache();
    const limiter = settings.limiter ?? sharedRequestLimiter(policy.maxConcurrentRequests);
    const signals = settings.signals ?? sharedReadSignals();
    // Spelling of the user id varies by host ({UPPER} vs lower); one key per user, not per spelling.
    const user = normaliseGuid(settings.userId) ?? settings.userId;
    const random = (): number => {
        const value = (settings.clock ?? SYSTEM_CLOCK).random();
        return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
    };
    // The longest one of our reads can take: every attempt at its time limit plus every wait, plus one more
    // time limit for the time it may queue. A waiter on a shared read (maybe another bundle's) gives up then.
    const waiterLimitMs = policy.maxAttempts * policy.requestTimeoutMs + policy.maxTotalWaitMs + policy.requestTimeoutMs;
    let lifetime = new Lifetime();
    const isOffline = (): boolean => {
        try {
            return settings.isOffline?.() === true;
        } catch {
            return false;
        }
    };

    const sleep = (ms: number, life: Lifetime): Promise<void> => (settings.clock !== undefined ? life.race(settings.clock.sleep(ms)) : life.sleep(ms));

    /** One Web API call, abandoned after the time limit; never sent for a cancelled reader. */
    const call = (life: Lifetime, table: string, options: string, maxPageSize: number | undefined): Promise<unknown> => {
        if (life.cancelled) return Promise.reject(new ReadCancelledError());
        return withTimeLimit(() => settings.webApi.retrieveMultipleRecords(table, options, maxPageSize), policy.requestTimeoutMs, table);
    };

    /** The read behind a cache entry: attempts with busy retries. Rejects with the platform's own rejection. */
    const send = async (key: string, life: Lifetime, table: string, options: string, maxPageSize: number | undefined): Promise<RowPage> => {
        let waited = 0;
        try {
            for (let attempt = 1; ; attempt++) {
                try {
                    // Slot freed when the call settles or passes its time limit, whichever comes first.
                    return checkPage(await life.race(limiter.run(() => call(life, table, options, maxPageSize))));
                } catch (error) {
                    if (life.cancelled || isCancellation(error)) throw new ReadCancelledError();
                    const platformError = unwrapLimiterError(error);
                    const failure = classifyFailure(platformError, isOffline);
                    if (failure.kind !== 'busy' || attempt >= policy.maxAttempts) throw platformError;
                    const waitMs = busyWaitMs(failure, attempt, policy, random);
                    if (waited + waitMs > policy.maxTotalWaitMs) throw platformError;
                    // Every control waiting on this read hears it, not only this one.
                    signals.publish(key, { kind: 'busy', table, attempt, waitMs });
                    await sleep(waitMs, life);
                    waited += waitMs;
                }
            }
        } finally {
            signals.publish(key, undefined);
        }
    };

    return {
        cache,
        policy,
        isOffline,
        cancel() {
            lifetime.cancel();
        },
        resume() {
            if (lifetime.cancelled) lifetime = new Lifetime();
        },
        async retrieve(table, options, maxPageSize) {
            const life = lifetime;
            if (life.cancelled) throw new InsightsError(classifyFailure(new ReadCancelledError()));
            if (isOffline()) {
                throw new InsightsError({ kind: 'offline', message: 'The app is offline; Customer Insights data is read online only.' });
            }
            const key = JSON.stringify([user, table, options, maxPageSize ?? null]);
            for (let rejoin = 0; ; rejoin++) {
                const unsubscribe = signals.subscribe(key, (signal) => {
                    if (signal?.kind === 'busy' && !life.cancelled) settings.onBusyRetry?.({ table: signal.table, attempt: signal.attempt, waitMs: signal.waitMs });
                });
                try {
                    // The shared promise carries the platform's raw rejection, not our classification: another
                    // bundle (maybe another library version) classifies it itself.
                    const shared = cache.share(key, policy.cacheTtlMs, () => send(key, life, table, options, maxPageSize));
                    return (await life.race(withTimeLimit(() => shared, waiterLimitMs, table))) as RowPage;
                } catch (error) {
                    const platformError = unwrapLimiterError(error);
                    // The read we had joined belonged to a control that was destroyed meanwhile: read ourselves.
                    if (isCancellation(platformError) && !life.cancelled && rejoin < MAX_REJOINS) continue;
                    throw new InsightsError(classifyFailure(platformError, isOffline), { cause: platformError });
                } finally {
                    unsubscribe();
                }
            }
        },
    };
}

/** Each policy value's bounds; `true`: a whole number. */
const POLICY_BOUNDS: Readonly<Record<keyof RequestPolicy, readonly [min: number, max: number, whole?: boolean]>> = {
    maxAttempts: [1, 10, true],
    maxTotalWaitMs: [0, MAX_BUSY_WAIT_MS],
    baseBackoffMs: [0, MAX_BUSY_WAIT_MS],
    maxBackoffMs: [0, MAX_BUSY_WAIT_MS],
    cacheTtlMs: [0, 60_000],
    maxConcurrentRequests: [1, 52, true],
    requestTimeoutMs: [1, 120_000],
};

/** The policy with every value finite and within its bound (a maker or test can pass anything). */
function sanitisePolicy(policy: Partial<RequestPolicy> | undefined): RequestPolicy {
    const result: Record<string, number> = { ...DEFAULT_REQUEST_POLICY };
    for (const [key, [min, max, whole]] of Object.entries(POLICY_BOUNDS)) {
        const given: unknown = policy?.[key as keyof RequestPolicy];
        if (typeof given !== 'number' || !Number.isFinite(given)) continue;
        const bounded = Math.min(max, Math.max(min, given));
        result[key] = whole === true ? Math.floor(bounded) : bounded;
    }
    return result as unknown as RequestPolicy;
}

/**
 * How long to wait before the next attempt: the Retry-After the rejection carried when it is usable (only
 * our own HTTP client gives one), else exponential backoff with jitter (half to all of the step), so that
 * controls throttled together do not come back together.
 */
function busyWaitMs(failure: InsightsFailure, attempt: number, policy: RequestPolicy, random: () => number): number {
    const retryAfter = usableRetryAfterSeconds(failure.retryAfterSeconds);
    if (retryAfter !== undefined) return retryAfter * 1000;
    const step = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1));
    return step * (0.5 + random() / 2);
}

/**
 * `work()`'s promise, or a {@link RequestTimeoutError} once `ms` passed. The timer is cleared when the work
 * settles; a late answer of abandoned work is dropped (and its rejection handled).
 */
function withTimeLimit<T>(work: () => Promise<T>, ms: number, table: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        let pending: Promise<T>;
        try {
            pending = Promise.resolve(work());
        } catch (error) {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- exactly what the platform threw
            reject(error);
            return;
        }
        const timer = setTimeout(() => reject(new RequestTimeoutError(table, ms)), timerDelay(ms));
        const settle = async (): Promise<void> => {
            try {
                const value = await pending;
                clearTimeout(timer);
                resolve(value);
            } catch (error) {
                clearTimeout(timer);
                // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- exactly what the platform rejected with
                reject(error);
            }
        };
        void settle();
    });
}

/**
 * What one requester still has pending; cancelling it ends every sleep and wait at once (their timers are
 * cleared) and makes queued calls reject before anything is sent.
 */
class Lifetime {
    private ended = false;
    private readonly listeners = new Set<() => void>();

    get cancelled(): boolean {
        return this.ended;
    }

    cancel(): void {
        if (this.ended) return;
        this.ended = true;
        for (const listener of [...this.listeners]) listener();
        this.listeners.clear();
    }

    /** `promise`, or a {@link ReadCancelledError} as soon as this lifetime ends. */
    race<T>(promise: Promise<T>): Promise<T> {
        if (this.ended) {
            promise.catch(() => undefined);
            return Promise.reject(new ReadCancelledError());
        }
        return new Promise<T>((resolve, reject) => {
            const stop = (): void => reject(new ReadCancelledError());
            this.listeners.add(stop);
            const settle = async (): Promise<void> => {
                try {
                    const value = await promise;
                    this.listeners.delete(stop);
                    resolve(value);
                } catch (error) {
                    this.listeners.delete(stop);
                    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on unchanged
                    reject(error);
                }
            };
            void settle();
        });
    }

    /** Waits `ms` on a timer that is cleared if this lifetime ends first (then it rejects). */
    sleep(ms: number): Promise<void> {
        if (this.ended) return Promise.reject(new ReadCancelledError());
        return new Promise<void>((resolve, reject) => {
            const stop = (): void => {
                clearTimeout(timer);
                reject(new ReadCancelledError());
            };
            const timer = setTimeout(() => {
                this.listeners.delete(stop);
                resolve();
            }, timerDelay(ms));
            this.listeners.add(stop);
        });
    }
}

/** A response without an entity list would fail later in confusing ways; fail here with a clear message. */
function checkPage(page: unknown): RowPage {
    const record = page as { entities?: unknown; nextLink?: unknown } | null | undefined;
    if (record === null || record === undefined || !Array.isArray(record.entities)) {
        throw new Error('The platform returned a response without an entity list.');
    }
    return page as RowPage;
}
