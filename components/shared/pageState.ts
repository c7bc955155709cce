/**
 * State shared by every control of this library on one page: the request cache and the concurrency limit.
 *
 * Each control is its own webpack bundle with its own copy of this module, so module-level variables would
 * not be shared. The objects live on `globalThis` under versioned `Symbol.for` keys instead. Whichever
 * bundle loads first creates them; later bundles (possibly built from another library version) reuse them
 * through the small, versioned interfaces below. An incompatible change must get a new key (`.v2`), never
 * change a `.v1` interface, so that two versions on one page each get something they understand.
 *
 * Why sharing responses between controls is safe:
 * - the cache key starts with the caller's user id, and every control on a page runs as the same signed-in
 *   user in the same browser security context, so a shared response is exactly what the other control would
 *   have received itself;
 * - entries live a few seconds (time to render one form), not the session, so a change of ownership or of
 *   the user's roles shows up on the next load;
 * - it is memory only: nothing is written to localStorage, sessionStorage, IndexedDB or cookies, and
 *   everything is dropped when the last control on the page is destroyed;
 * - only raw platform responses are shared (never a parsed or trimmed view), and failures are never kept.
 * Entries are shared objects: callers must treat them as read-only (the readers in this library copy).
 */

export const REQUEST_CACHE_KEY = Symbol.for('cibu.insights.requestCache.v1');
export const REQUEST_LIMITER_KEY = Symbol.for('cibu.insights.requestLimiter.v1');

/** Version 1 of the shared cache. Do not change; add a v2 key instead. */
export interface SharedRequestCacheV1 {
    readonly version: 1;
    /**
     * The promise for `key`: the in-flight or still-fresh one if there is one, otherwise `load()`'s, which is
     * kept for `ttlMs` after it resolves. A rejected load is forgotten at once so the next call retries.
     */
    share(key: string, ttlMs: number, load: () => Promise<unknown>): Promise<unknown>;
    /** A control instance starts using the cache (call once per instance, on init). */
    retain(): void;
    /** The instance is destroyed; when none is left the cache is emptied. */
    release(): void;
}

/** Version 1 of the shared concurrency limit. Do not change; add a v2 key instead. */
export interface SharedRequestLimiterV1 {
    readonly version: 1;
    /** Runs `task` when fewer than the limit of tasks started through this limiter are running. */
    run<T>(task: () => Promise<T>): Promise<T>;
}

/** Most entries kept at once; bounds memory if a page issues many distinct reads. */
const MAX_CACHE_ENTRIES = 500;

interface CacheEntry {
    readonly promise: Promise<unknown>;
    /** Undefined while in flight. */
    expiresAt?: number;
}

export function createRequestCache(): SharedRequestCacheV1 {
    const entries = new Map<string, CacheEntry>();
    let holders = 0;

    const prune = (now: number): void => {
        for (const [key, entry] of entries) {
            if (entry.expiresAt !== undefined && entry.expiresAt <= now) entries.delete(key);
        }
        // Still too many: drop the oldest settled ones (Map iterates in insertion order).
        for (const [key, entry] of entries) {
            if (entries.size <= MAX_CACHE_ENTRIES) break;
            if (entry.expiresAt !== undefined) entries.delete(key);
        }
    };

    return {
        version: 1,
        share(key, ttlMs, load) {
            prune(Date.now());
            const existing = entries.get(key);
            if (existing !== undefined) return existing.promise;
            const promise = Promise.resolve().then(load);
            const entry: CacheEntry = { promise };
            entries.set(key, entry);
            const settle = async (): Promise<void> => {
                let succeeded = false;
                try {
                    await promise;
                    succeeded = true;
                } catch {
                    // the caller gets the rejection; the cache just forgets it
                }
                if (entries.get(key) !== entry) return; // dropped meanwhile (the last control released the cache)
                if (succeeded && ttlMs > 0) entry.expiresAt = Date.now() + ttlMs;
                else entries.delete(key);
            };
            void settle();
            return promise;
        },
        retain() {
            holders++;
        },
        release() {
            holders = Math.max(0, holders - 1);
            if (holders === 0) entries.clear();
        },
    };
}

export function createRequestLimiter(maxConcurrent: number): SharedRequestLimiterV1 {
    const limit = Math.max(1, Math.floor(maxConcurrent));
    const waiting: (() => Promise<void>)[] = [];
    let running = 0;

    const next = (): void => {
        running--;
        void waiting.shift()?.();
    };

    return {
        version: 1,
        run<T>(task: () => Promise<T>): Promise<T> {
            const start = (): Promise<T> => {
                running++;
                let result: Promise<T>;
                try {
                    result = Promise.resolve(task());
                } catch (error) {
                    result = Promise.reject(toError(error));
                }
                return result.finally(next);
            };
            if (running < limit) return start();
            return new Promise<T>((resolve, reject) => {
                waiting.push(async () => {
                    try {
                        resolve(await start());
                    } catch (error) {
                        reject(error instanceof Error ? error : toError(error));
                    }
                });
            });
        },
    };
}

/** The page's cache: the one on `globalThis` if compatible, else a new one put there. */
export function sharedRequestCache(): SharedRequestCacheV1 {
    const existing = readGlobal(REQUEST_CACHE_KEY);
    if (isCompatible<SharedRequestCacheV1>(existing, ['share', 'retain', 'release'])) return existing;
    const created = createRequestCache();
    // Something else under our key: keep a private cache rather than break the other owner.
    if (existing === undefined) writeGlobal(REQUEST_CACHE_KEY, created);
    return created;
}

/** The page's limiter; the first bundle to create it sets the limit. */
export function sharedRequestLimiter(maxConcurrent: number): SharedRequestLimiterV1 {
    const existing = readGlobal(REQUEST_LIMITER_KEY);
    if (isCompatible<SharedRequestLimiterV1>(existing, ['run'])) return existing;
    const created = createRequestLimiter(maxConcurrent);
    if (existing === undefined) writeGlobal(REQUEST_LIMITER_KEY, created);
    return created;
}

/**
 * Promise rejections must be Errors for lint, but platform rejections are plain objects that classification
 * needs intact: pass Errors through, wrap anything else keeping the original as `cause`.
 */
function toError(error: unknown): Error {
    if (error instanceof Error) return error;
    const wrapped = new Error('Request failed');
    (wrapped as { cause?: unknown }).cause = error;
    return wrapped;
}

function readGlobal(key: symbol): unknown {
    return (globalThis as Record<symbol, unknown>)[key];
}

function writeGlobal(key: symbol, value: unknown): void {
    // Not enumerable (stays out of the way of code that walks window); configurable so tests can reset it.
    Object.defineProperty(globalThis, key, { value, configurable: true, enumerable: false, writable: false });
}

function isCompatible<T>(value: unknown, methods: readonly string[]): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const record = value as Record<string, unknown>;
    return record['version'] === 1 && methods.every((m) => typeof record[m] === 'function');
}
