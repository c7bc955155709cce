/**
 * State shared by every control of this library on one page: the request cache, the concurrency limit and
 * the read signals.
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
 *
 * Read signals (`cibu.insights.readSignals.v1`, added in wave 2): a read shared through the cache is sent by
 * one control; the others only hold its promise. While that read waits out a busy answer, every control
 * waiting on it must say "busy", not only the sender. The v1 cache interface cannot carry that (and must not
 * change), so the sender publishes what it is doing under the read's cache key on a separate, versioned
 * board, and every control waiting on the key subscribes to it. A bundle without the board simply does not
 * hear the signal (its controls show the skeleton a little longer); the cache is shared all the same.
 * A timed-out shared read needs no signal: its promise rejects for every waiter at once.
 *
 * Metadata answers (`cibu.insights.metadataCache.v1`, issue 12): `context.utils.getEntityMetadata` costs a
 * round trip when the app's metadata cache is cold, and every control of a form used to ask for itself. They
 * are shared through a second cache with the same (unchanged) v1 interface under its own key, so that the
 * request cache keeps holding Web API answers only. The same safety argument holds: the key starts with the
 * user id (and the user's language, since display names are localized); memory only; entries live seconds
 * (`METADATA_SHARE_MS`, ./limits); failures are never kept; the shared object is the platform's own answer and is
 * only read. A bundle without this key simply asks the platform itself.
 *
 * Anything unexpected under these keys (another script's object, a throwing getter, a non-configurable
 * `undefined`, a frozen or hostile Proxy, a cache whose methods throw) never breaks a control: reading and
 * using the page-wide objects is guarded, and on any surprise this bundle falls back to its own private
 * cache, limiter and board (the controls then work with more requests).
 */
import { MAX_IN_FLIGHT_MS } from './limits';

export const REQUEST_CACHE_KEY = Symbol.for('cibu.insights.requestCache.v1');
export const REQUEST_LIMITER_KEY = Symbol.for('cibu.insights.requestLimiter.v1');
export const READ_SIGNALS_KEY = Symbol.for('cibu.insights.readSignals.v1');
export const METADATA_CACHE_KEY = Symbol.for('cibu.insights.metadataCache.v1');

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
    /**
     * Runs `task` when fewer than the limit of tasks started through this limiter are running. Settles with
     * exactly what the task settled with (a platform rejection stays the platform's object).
     */
    run<T>(task: () => Promise<T>): Promise<T>;
}

/** What the sender of a shared read is doing: waiting out a busy answer before its next attempt. */
export interface ReadSignalV1 {
    readonly kind: 'busy';
    readonly table: string;
    /** The attempt that was refused (1 = the first). */
    readonly attempt: number;
    readonly waitMs: number;
}

/** Version 1 of the page-wide read signals. Do not change; add a v2 key instead. */
export interface SharedReadSignalsV1 {
    readonly version: 1;
    /** The sender of the read `key` says what it is doing; `undefined` clears it (the read goes on or ended). */
    publish(key: string, signal: ReadSignalV1 | undefined): void;
    /**
     * Hears every signal for `key` until the returned function is called; a signal already standing is
     * delivered at once (a control that joins a read while it waits hears it too).
     */
    subscribe(key: string, listener: (signal: ReadSignalV1 | undefined) => void): () => void;
}

/** Most entries kept at once; bounds memory if a page issues many distinct reads. */
const MAX_CACHE_ENTRIES = 500;

interface CacheEntry {
    readonly promise: Promise<unknown>;
    readonly startedAt: number;
    /** Undefined while in flight. */
    expiresAt?: number;
}

export function createRequestCache(): SharedRequestCacheV1 {
    const entries = new Map<string, CacheEntry>();
    let holders = 0;

    const prune = (now: number): void => {
        for (const [key, entry] of entries) {
            const expired = entry.expiresAt !== undefined ? entry.expiresAt <= now : entry.startedAt + MAX_IN_FLIGHT_MS <= now;
            // An in-flight entry past the bound belongs to a read that will not end (e.g. an older bundle's,
            // without time limits): later reads start their own instead of joining it forever.
            if (expired || now < entry.startedAt) entries.delete(key);
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
            const now = Date.now();
            prune(now);
            const existing = entries.get(key);
            if (existing !== undefined) return existing.promise;
            // The read starts now, not a turn later: the first reads of a form go out while its controls
            // still render (a synchronous throw becomes the promise's rejection).
            const promise = new Promise<unknown>((resolve) => resolve(load()));
            const entry: CacheEntry = { promise, startedAt: now };
            entries.set(key, entry);
            const keepFor = Number.isFinite(ttlMs) && ttlMs > 0 ? ttlMs : 0;
            const settle = async (): Promise<void> => {
                let succeeded = false;
                try {
                    await promise;
                    succeeded = true;
                } catch {
                    // the caller gets the rejection; the cache just forgets it
                }
                if (entries.get(key) !== entry) return; // dropped meanwhile (released, pruned)
                if (succeeded && keepFor > 0) entry.expiresAt = Date.now() + keepFor;
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
    const limit = Number.isFinite(maxConcurrent) ? Math.max(1, Math.floor(maxConcurrent)) : 1;
    const waiting: (() => void)[] = [];
    let running = 0;

    const next = (): void => {
        running--;
        waiting.shift()?.();
    };

    const start = <T>(task: () => Promise<T>): Promise<T> => {
        running++;
        let result: Promise<T>;
        try {
            result = Promise.resolve(task());
        } catch (error) {
            // The task's own error, unchanged (platform rejections are plain objects that classification reads).
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passing on exactly what was thrown is the point
            result = Promise.reject(error);
        }
        return result.finally(next);
    };

    return {
        version: 1,
        run<T>(task: () => Promise<T>): Promise<T> {
            if (running < limit) return start(task);
            return new Promise<T>((resolve, reject) => {
                // A queued read settles with exactly what the platform settled it with: never wrapped, so "no
                // access" keeps its message and a busy answer is still recognised (and retried).
                waiting.push(() => void start(task).then(resolve, reject));
            });
        },
    };
}

export function createReadSignals(): SharedReadSignalsV1 {
    const standing = new Map<string, ReadSignalV1>();
    const listeners = new Map<string, Set<(signal: ReadSignalV1 | undefined) => void>>();
    const tell = (listener: (signal: ReadSignalV1 | undefined) => void, signal: ReadSignalV1 | undefined): void => {
        try {
            listener(signal);
        } catch {
            // one control's listener must not break the sender or the others
        }
    };
    return {
        version: 1,
        publish(key, signal) {
            if (signal === undefined) standing.delete(key);
            else standing.set(key, signal);
            for (const listener of [...(listeners.get(key) ?? [])]) tell(listener, signal);
        },
        subscribe(key, listener) {
            let set = listeners.get(key);
            if (set === undefined) {
                set = new Set();
                listeners.set(key, set);
            }
            set.add(listener);
            const now = standing.get(key);
            if (now !== undefined) tell(listener, now);
            return () => {
                const current = listeners.get(key);
                current?.delete(listener);
                if (current !== undefined && current.size === 0) {
                    listeners.delete(key);
                    // Nobody waits any more: a stale signal must not greet the next read of the key.
                    standing.delete(key);
                }
            };
        },
    };
}

// ---------------------------------------------------------------------------------------------------------
// The page's objects, guarded

/** This bundle's own objects, used when the page-wide ones are missing, foreign or misbehave. */
let bundleCache: SharedRequestCacheV1 | undefined;
let bundleLimiter: SharedRequestLimiterV1 | undefined;
let bundleSignals: SharedReadSignalsV1 | undefined;
let bundleMetadataCache: SharedRequestCacheV1 | undefined;

const privateCache = (): SharedRequestCacheV1 => (bundleCache ??= createRequestCache());
const privateMetadataCache = (): SharedRequestCacheV1 => (bundleMetadataCache ??= createRequestCache());
const privateLimiter = (maxConcurrent: number): SharedRequestLimiterV1 => (bundleLimiter ??= createRequestLimiter(maxConcurrent));
const privateSignals = (): SharedReadSignalsV1 => (bundleSignals ??= createReadSignals());

/**
 * The page's cache: the one on `globalThis` if compatible, else a new one put there; if that is impossible
 * (something else holds the key), this bundle's private cache. Each call returns a guarded view: if the
 * page's object throws or answers nonsense, the view switches to the private cache for good.
 */
export function sharedRequestCache(): SharedRequestCacheV1 {
    const page = pageObject(REQUEST_CACHE_KEY, ['share', 'retain', 'release'], createRequestCache);
    return page === undefined ? privateCache() : guardedCache(page as SharedRequestCacheV1);
}

/**
 * The page's cache of `getEntityMetadata` answers (a cache with the v1 interface under its own key), guarded
 * like {@link sharedRequestCache}.
 */
export function sharedMetadataCache(): SharedRequestCacheV1 {
    const page = pageObject(METADATA_CACHE_KEY, ['share', 'retain', 'release'], createRequestCache);
    return page === undefined ? privateMetadataCache() : guardedCache(page as SharedRequestCacheV1, privateMetadataCache);
}

/** The page's limiter (the first bundle to create it sets the limit), guarded like {@link sharedRequestCache}. */
export function sharedRequestLimiter(maxConcurrent: number): SharedRequestLimiterV1 {
    const page = pageObject(REQUEST_LIMITER_KEY, ['run'], () => createRequestLimiter(maxConcurrent));
    return page === undefined ? privateLimiter(maxConcurrent) : guardedLimiter(page as SharedRequestLimiterV1, maxConcurrent);
}

/** The page's read signals, guarded like {@link sharedRequestCache}. */
export function sharedReadSignals(): SharedReadSignalsV1 {
    const page = pageObject(READ_SIGNALS_KEY, ['publish', 'subscribe'], createReadSignals);
    return page === undefined ? privateSignals() : guardedSignals(page as SharedReadSignalsV1);
}

/**
 * The compatible object under `key`, or a new one put there when the key is free; undefined when the key
 * holds something else or cannot be read or written (then the caller uses this bundle's private object).
 */
function pageObject(key: symbol, methods: readonly string[], create: () => object): object | undefined {
    let existing: unknown;
    try {
        existing = (globalThis as Record<symbol, unknown>)[key];
    } catch {
        return undefined; // a throwing getter
    }
    if (isCompatible(existing, methods)) return existing as object;
    // Something else under our key: keep a private object rather than break the other owner.
    if (existing !== undefined) return undefined;
    const created = create();
    try {
        // Not enumerable (stays out of the way of code that walks window); configurable so tests can reset it.
        Object.defineProperty(globalThis, key, { value: created, configurable: true, enumerable: false, writable: false });
    } catch {
        return undefined; // a non-configurable property, a frozen global
    }
    return created;
}

function isCompatible(value: unknown, methods: readonly string[]): boolean {
    try {
        if (typeof value !== 'object' || value === null) return false;
        const record = value as Record<string, unknown>;
        return record['version'] === 1 && methods.every((m) => typeof record[m] === 'function');
    } catch {
        return false; // a Proxy whose traps throw
    }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
    try {
        return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
    } catch {
        return false;
    }
}

function guardedCache(page: SharedRequestCacheV1, privateFallback: () => SharedRequestCacheV1 = privateCache): SharedRequestCacheV1 {
    let fallback: SharedRequestCacheV1 | undefined;
    let pageHeld = false;
    return {
        version: 1,
        share(key, ttlMs, load) {
            if (fallback === undefined) {
                let started = false;
                const once = (): Promise<unknown> => {
                    started = true;
                    return load();
                };
                try {
                    const result = page.share(key, ttlMs, once);
                    if (isThenable(result)) return Promise.resolve(result);
                } catch {
                    // fall through to the private cache
                }
                fallback = privateFallback();
                if (started) return Promise.reject(new Error('The page-wide request cache failed after starting a read.'));
            }
            return fallback.share(key, ttlMs, load);
        },
        retain() {
            if (fallback === undefined) {
                try {
                    page.retain();
                    pageHeld = true;
                    return;
                } catch {
                    fallback = privateFallback();
                }
            }
            fallback.retain();
        },
        release() {
            if (pageHeld) {
                pageHeld = false;
                try {
                    page.release();
                } catch {
                    // nothing to do: the page's cache is broken, ours is released below
                }
            }
            fallback?.release();
        },
    };
}

function guardedLimiter(page: SharedRequestLimiterV1, maxConcurrent: number): SharedRequestLimiterV1 {
    let fallback: SharedRequestLimiterV1 | undefined;
    return {
        version: 1,
        run<T>(task: () => Promise<T>): Promise<T> {
            if (fallback === undefined) {
                let started = false;
                const once = (): Promise<T> => {
                    started = true;
                    return task();
                };
                try {
                    const result = page.run(once);
                    if (isThenable(result)) return Promise.resolve(result);
                } catch {
                    // fall through to the private limiter
                }
                fallback = privateLimiter(maxConcurrent);
                // Never send a request twice because the page's limiter broke after starting it.
                if (started) return Promise.reject(new Error('The page-wide request limiter failed after starting a read.'));
            }
            return fallback.run(task);
        },
    };
}

function guardedSignals(page: SharedReadSignalsV1): SharedReadSignalsV1 {
    let fallback: SharedReadSignalsV1 | undefined;
    // Listeners this view put on the page's board: if the board breaks on publish, they still hear this
    // view's own signals (so a control always hears about its own busy read).
    const onPage = new Map<string, Set<(signal: ReadSignalV1 | undefined) => void>>();
    return {
        version: 1,
        publish(key, signal) {
            if (fallback === undefined) {
                try {
                    page.publish(key, signal);
                    return;
                } catch {
                    fallback = privateSignals();
                }
            }
            for (const listener of [...(onPage.get(key) ?? [])]) {
                try {
                    listener(signal);
                } catch {
                    // as the board itself does: one listener never breaks the sender
                }
            }
            fallback.publish(key, signal);
        },
        subscribe(key, listener) {
            if (fallback === undefined) {
                try {
                    const unsubscribe = page.subscribe(key, listener);
                    if (typeof unsubscribe === 'function') {
                        let set = onPage.get(key);
                        if (set === undefined) onPage.set(key, (set = new Set()));
                        set.add(listener);
                        return () => {
                            set.delete(listener);
                            if (set.size === 0) onPage.delete(key);
                            try {
                                unsubscribe();
                            } catch {
                                // the page's board is broken; this view no longer holds the listener
                            }
                        };
                    }
                } catch {
                    // fall through
                }
                fallback = privateSignals();
            }
            return fallback.subscribe(key, listener);
        },
    };
}
