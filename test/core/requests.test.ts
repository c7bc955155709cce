/**
 * The request pipeline with a scripted webApi that rejects like the platform (`{ errorCode, message }`):
 * shared promises and the page-wide cache, the concurrency limit, busy retries and their bounds, the time
 * limit per request, cancellation when a control is destroyed, and the page-wide read signals. (The same
 * behaviour against the emulator is in the emulator and control tests.)
 */
import fc from 'fast-check';
import {
    createReadSignals,
    createRequestCache,
    createRequestLimiter,
    READ_SIGNALS_KEY,
    REQUEST_CACHE_KEY,
    REQUEST_LIMITER_KEY,
    sharedReadSignals,
    sharedRequestCache,
    sharedRequestLimiter,
    type SharedRequestCacheV1,
} from '../../components/shared/pageState';
import { createRequester, DEFAULT_REQUEST_POLICY, SYSTEM_CLOCK, type BusyRetry, type Clock, type RequesterSettings, type WebApiReader } from '../../components/shared/requests';
import { InsightsError, ReadCancelledError } from '../../components/shared/failure';
import { MAX_BUSY_WAIT_MS, MAX_IN_FLIGHT_MS, MAX_TIMER_MS, REQUEST_TIMEOUT_MS } from '../../components/shared/limits';
import { matching } from './matchers';

const USER = '{AAAAAAAA-0000-4000-8000-000000000001}';

type Answer = { entities: ComponentFramework.WebApi.Entity[]; nextLink?: string };

/** A webApi whose answers are scripted per call; records every call. */
function scriptedWebApi(script: (call: number) => Promise<Answer>): WebApiReader & { calls: string[] } {
    const calls: string[] = [];
    return {
        calls,
        retrieveMultipleRecords(table: string, options?: string) {
            calls.push(`${table}${options ?? ''}`);
            return script(calls.length);
        },
    };
}

/** Exactly what context.webAPI rejects with when Dataverse is busy: no status, no Retry-After. */
const BUSY = { errorCode: 0x80072322, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' };
const NO_PRIVILEGE = { errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_customerprofile privilege. Ask for Customer Insights Data Read Access.' };

/** The platform rejects with plain objects, not Errors; the pipeline must handle exactly that. */
function platformRejection(value: unknown): Promise<never> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- reproducing the platform's non-Error rejections is the point
    return Promise.reject(value);
}

/** A clock whose sleeps return at once and are recorded. */
function instantClock(): Clock & { slept: number[] } {
    const slept: number[] = [];
    return { slept, sleep: (ms) => { slept.push(ms); return Promise.resolve(); }, random: () => 0.5 };
}

const ok = (rows = 1): Promise<Answer> => Promise.resolve({ entities: Array.from({ length: rows }, (_, i) => ({ id: i })) });
const never = (): Promise<Answer> => new Promise<Answer>(() => undefined);

/** A requester with private page state, so tests do not share answers. */
function requester(webApi: WebApiReader, settings: Partial<RequesterSettings> = {}) {
    return createRequester({ webApi, userId: USER, cache: createRequestCache(), limiter: createRequestLimiter(6), signals: createReadSignals(), ...settings });
}

/** Lets pending promise chains run (no timers advance). */
async function flush(): Promise<void> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
}

afterEach(() => {
    jest.useRealTimers();
});

describe('shared request cache', () => {
    it('shares one promise between identical concurrent requests and keeps the result briefly', async () => {
        const webApi = scriptedWebApi(() => ok());
        const cache = createRequestCache();
        const a = createRequester({ webApi, userId: USER, cache, limiter: createRequestLimiter(6) });
        const b = createRequester({ webApi, userId: USER.toLowerCase().slice(1, -1), cache, limiter: createRequestLimiter(6) });
        const [first, second] = await Promise.all([a.retrieve('t', '?$select=a'), b.retrieve('t', '?$select=a')]);
        expect(first).toBe(second);
        await a.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(1);
        await a.retrieve('t', '?$select=b');
        expect(webApi.calls).toHaveLength(2);
    });

    it('keys by user: another user never gets a shared answer', async () => {
        const webApi = scriptedWebApi(() => ok());
        const cache = createRequestCache();
        await createRequester({ webApi, userId: USER, cache }).retrieve('t', '?$select=a');
        await createRequester({ webApi, userId: '{BBBBBBBB-0000-4000-8000-000000000002}', cache }).retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(2);
    });

    it('forgets answers after the TTL', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const webApi = scriptedWebApi(() => ok());
        const reads = requester(webApi, { policy: { cacheTtlMs: 5000 } });
        await reads.retrieve('t', '?$select=a');
        jest.setSystemTime(1_000_000 + 4000);
        await reads.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(1);
        jest.setSystemTime(1_000_000 + 9001);
        await reads.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(2);
    });

    it('does not keep failures', async () => {
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection({ errorCode: 0x80040216, message: 'boom' }) : ok()));
        const reads = requester(webApi);
        await expect(reads.retrieve('t', '?$select=a')).rejects.toBeInstanceOf(InsightsError);
        await expect(reads.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(webApi.calls).toHaveLength(2);
    });

    it('is emptied when the last holder releases it', async () => {
        const webApi = scriptedWebApi(() => ok());
        const cache = createRequestCache();
        const reads = requester(webApi, { cache, policy: { cacheTtlMs: 60_000 } });
        cache.retain();
        cache.retain();
        await reads.retrieve('t', '?$select=a');
        cache.release();
        await reads.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(1);
        cache.release();
        await reads.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(2);
    });

    it('never lets an in-flight entry outlive its bound: a hung load is not joined forever', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        let loads = 0;
        const hung = (): Promise<unknown> => {
            loads++;
            return new Promise(() => undefined);
        };
        const first = cache.share('k', 5000, hung);
        expect(cache.share('k', 5000, hung)).toBe(first);
        jest.setSystemTime(1_000_000 + MAX_IN_FLIGHT_MS);
        expect(cache.share('k', 5000, hung)).not.toBe(first);
        await flush();
        expect(loads).toBe(2);
    });

    it('lives on globalThis under versioned keys, so separate bundles share it', async () => {
        const global = globalThis as Record<symbol, unknown>;
        delete global[REQUEST_CACHE_KEY];
        delete global[REQUEST_LIMITER_KEY];
        delete global[READ_SIGNALS_KEY];
        const one = sharedRequestCache();
        const two = sharedRequestCache();
        expect(global[REQUEST_CACHE_KEY]).toMatchObject({ version: 1 });
        expect(Symbol.keyFor(REQUEST_CACHE_KEY)).toBe('cibu.insights.requestCache.v1');
        expect(Symbol.keyFor(REQUEST_LIMITER_KEY)).toBe('cibu.insights.requestLimiter.v1');
        expect(Symbol.keyFor(READ_SIGNALS_KEY)).toBe('cibu.insights.readSignals.v1');
        // Two views (two bundles) of the one page-wide cache share entries.
        const shared = one.share('k', 5000, () => Promise.resolve(1));
        expect(two.share('k', 5000, () => Promise.resolve(2))).toBe(shared);
        await expect(shared).resolves.toBe(1);
        sharedRequestLimiter(6);
        expect(global[REQUEST_LIMITER_KEY]).toMatchObject({ version: 1 });
        sharedReadSignals();
        expect(global[READ_SIGNALS_KEY]).toMatchObject({ version: 1 });
        // Something incompatible under the key is left alone; we use a private cache.
        delete global[REQUEST_CACHE_KEY];
        Object.defineProperty(globalThis, REQUEST_CACHE_KEY, { value: { version: 99 }, configurable: true });
        const privateCache = sharedRequestCache();
        expect(privateCache.version).toBe(1);
        expect(global[REQUEST_CACHE_KEY]).toStrictEqual({ version: 99 });
        delete global[REQUEST_CACHE_KEY];
        delete global[REQUEST_LIMITER_KEY];
        delete global[READ_SIGNALS_KEY];
    });

    it('never touches web storage', async () => {
        const storage = { setItem: jest.fn(), getItem: jest.fn() };
        Object.assign(globalThis, { localStorage: storage, sessionStorage: storage });
        try {
            await requester(scriptedWebApi(() => ok())).retrieve('t', '?$select=a');
            expect(storage.setItem).not.toHaveBeenCalled();
            expect(storage.getItem).not.toHaveBeenCalled();
        } finally {
            delete (globalThis as Record<string, unknown>)['localStorage'];
            delete (globalThis as Record<string, unknown>)['sessionStorage'];
        }
    });
});

describe('concurrency limit', () => {
    it('never runs more than the limit at once', async () => {
        const limiter = createRequestLimiter(3);
        let running = 0;
        let peak = 0;
        const task = async (): Promise<number> => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((resolve) => setTimeout(resolve, 5));
            running--;
            return 1;
        };
        const results = await Promise.all(Array.from({ length: 20 }, () => limiter.run(task)));
        expect(results).toHaveLength(20);
        expect(peak).toBe(3);
    });

    it('frees the slot when a task fails or throws synchronously', async () => {
        const limiter = createRequestLimiter(1);
        await expect(limiter.run(() => Promise.reject(new Error('a')))).rejects.toThrow('a');
        await expect(
            limiter.run(() => {
                throw new Error('b');
            }),
        ).rejects.toThrow('b');
        await expect(limiter.run(() => Promise.resolve(3))).resolves.toBe(3);
    });

    it('settles a read that waited for a slot with exactly what the platform rejected with', async () => {
        const limiter = createRequestLimiter(1);
        let release: () => void = () => undefined;
        const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
        const queued = limiter.run(() => platformRejection(NO_PRIVILEGE));
        const thrown = limiter.run(() => {
            throw BUSY; // eslint-disable-line @typescript-eslint/only-throw-error -- the platform's plain object, thrown as a bad host might
        });
        release();
        await first;
        await expect(queued).rejects.toBe(NO_PRIVILEGE);
        await expect(thrown).rejects.toBe(BUSY);
    });
});

describe('busy retries', () => {
    it('backs off exponentially with jitter: the platform gives no Retry-After', async () => {
        const webApi = scriptedWebApi((call) => (call <= 3 ? platformRejection(BUSY) : ok()));
        const clock = instantClock();
        const retries: BusyRetry[] = [];
        const reads = requester(webApi, { clock, policy: { baseBackoffMs: 1000, maxAttempts: 4 }, onBusyRetry: (r) => retries.push(r) });
        await reads.retrieve('t', '?$select=a');
        expect(clock.slept).toStrictEqual([750, 1500, 3000]); // base * 2^n * (0.5 + random/2), random = 0.5
        expect(retries.map((r) => [r.attempt, r.waitMs])).toStrictEqual([[1, 750], [2, 1500], [3, 3000]]);
    });

    it('waits a Retry-After when the rejection really carries one (our own HTTP client adds it)', async () => {
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection({ ...BUSY, retryAfterSeconds: 7 }) : ok()));
        const clock = instantClock();
        await requester(webApi, { clock }).retrieve('t', '?$select=a');
        expect(clock.slept).toStrictEqual([7000]);
    });

    it('treats a non-finite, negative or huge Retry-After like a missing one', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -5, 3_000_000, 1e300, '1e400'), fc.double({ min: 3601, noNaN: true })),
                async (retryAfterSeconds) => {
                    const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection({ ...BUSY, retryAfterSeconds }) : ok()));
                    const clock = instantClock();
                    await requester(webApi, { clock }).retrieve('t', '?$select=a');
                    expect(clock.slept).toStrictEqual([750]);
                },
            ),
        );
    });

    it('keeps every wait finite and bounded whatever policy a caller passes', async () => {
        const number = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 2 ** 40));
        await fc.assert(
            fc.asyncProperty(fc.record({ maxAttempts: number, maxTotalWaitMs: number, baseBackoffMs: number, maxBackoffMs: number }), fc.double({ min: 0, max: 1, noNaN: true }), async (policy, chance) => {
                const webApi = scriptedWebApi(() => platformRejection(BUSY));
                const clock: Clock & { slept: number[] } = { ...instantClock(), random: () => chance };
                await expect(requester(webApi, { clock, policy }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy' } });
                expect(webApi.calls.length).toBeLessThanOrEqual(10);
                for (const ms of clock.slept) {
                    expect(Number.isFinite(ms)).toBe(true);
                    expect(ms).toBeGreaterThanOrEqual(0);
                    expect(ms).toBeLessThanOrEqual(Math.min(MAX_BUSY_WAIT_MS, MAX_TIMER_MS));
                }
                expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_BUSY_WAIT_MS);
            }),
        );
    });

    it('stops at the attempt bound and reports busy', async () => {
        const webApi = scriptedWebApi(() => platformRejection(BUSY));
        const clock = instantClock();
        await expect(requester(webApi, { clock, policy: { maxAttempts: 3 } }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy', code: '0x80072322' } });
        expect(webApi.calls).toHaveLength(3);
        expect(clock.slept).toStrictEqual([750, 1500]);
    });

    it('stops when the next wait would exceed the total wait bound', async () => {
        const webApi = scriptedWebApi(() => platformRejection({ ...BUSY, retryAfterSeconds: 20 }));
        const clock = instantClock();
        await expect(requester(webApi, { clock, policy: { maxAttempts: 10, maxTotalWaitMs: 30_000 } }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy' } });
        expect(clock.slept).toStrictEqual([20_000]);
        expect(webApi.calls).toHaveLength(2);
    });

    it('does not retry other failures, and keeps their message', async () => {
        const webApi = scriptedWebApi(() => platformRejection(NO_PRIVILEGE));
        await expect(requester(webApi, { clock: instantClock() }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'noPrivilege', message: NO_PRIVILEGE.message } });
        expect(webApi.calls).toHaveLength(1);
    });
});

describe('time limit per request', () => {
    it(`abandons a call that never settles after ${REQUEST_TIMEOUT_MS / 1000} s, freeing its slot and its cache entry`, async () => {
        jest.useFakeTimers();
        expect(DEFAULT_REQUEST_POLICY.requestTimeoutMs).toBe(REQUEST_TIMEOUT_MS);
        const webApi = scriptedWebApi((call) => (call === 1 ? never() : ok()));
        const limiter = createRequestLimiter(1);
        const reads = requester(webApi, { limiter });
        const timedOut = expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'timeout', code: 'RequestTimeout' } });
        // Another read queues behind the hung one (one slot).
        const queued = reads.retrieve('t', '?$select=b');
        await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
        expect(webApi.calls).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(1);
        await timedOut;
        // The slot is free: the queued read is sent and answers.
        await expect(queued).resolves.toMatchObject({ entities: [{ id: 0 }] });
        // The cache entry is gone: trying again sends a new request.
        await expect(reads.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(webApi.calls).toStrictEqual(['t?$select=a', 't?$select=b', 't?$select=a']);
        expect(jest.getTimerCount()).toBe(0);
    });

    it('shares the timeout with every control that joined the hung read', async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi(() => never());
        const cache = createRequestCache();
        const signals = createReadSignals();
        const a = requester(webApi, { cache, signals });
        const b = requester(webApi, { cache, signals });
        const both = Promise.allSettled([a.retrieve('t', '?$select=a'), b.retrieve('t', '?$select=a')]);
        await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
        const results = await both;
        expect(results.map((r) => (r.status === 'rejected' ? (r.reason as InsightsError).failure.kind : r.status))).toStrictEqual(['timeout', 'timeout']);
        expect(webApi.calls).toHaveLength(1);
    });

    it('gives up waiting on a shared read that never settles (another bundle started it without a time limit)', async () => {
        jest.useFakeTimers();
        const foreign: SharedRequestCacheV1 = { version: 1, share: () => new Promise(() => undefined), retain: () => undefined, release: () => undefined };
        const webApi = scriptedWebApi(() => ok());
        const gaveUp = expect(requester(webApi, { cache: foreign }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'timeout' } });
        const { maxAttempts, requestTimeoutMs, maxTotalWaitMs } = DEFAULT_REQUEST_POLICY;
        await jest.advanceTimersByTimeAsync(maxAttempts * requestTimeoutMs + maxTotalWaitMs + requestTimeoutMs);
        await gaveUp;
    });
});

describe('cancellation (the control was destroyed)', () => {
    it('ends a sleeping backoff at once, clears its timer and sends nothing more', async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi(() => platformRejection(BUSY));
        const reads = requester(webApi);
        const cancelled = expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        await flush();
        expect(webApi.calls).toHaveLength(1);
        expect(jest.getTimerCount()).toBe(2); // the backoff, and the time limit of waiting on the read
        reads.cancel();
        await cancelled;
        await flush();
        expect(jest.getTimerCount()).toBe(0);
        await jest.advanceTimersByTimeAsync(MAX_BUSY_WAIT_MS);
        expect(webApi.calls).toHaveLength(1);
    });

    it('never sends a request that was still waiting for a slot', async () => {
        const limiter = createRequestLimiter(1);
        let release: () => void = () => undefined;
        const blocker = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
        const webApi = scriptedWebApi(() => ok());
        const reads = requester(webApi, { limiter });
        const queued = reads.retrieve('t', '?$select=a');
        await flush();
        reads.cancel();
        await expect(queued).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        release();
        await blocker;
        await flush();
        expect(webApi.calls).toHaveLength(0);
        await expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        expect(webApi.calls).toHaveLength(0);
        reads.resume();
        await expect(reads.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
    });

    it("a control that joined a destroyed control's read sends its own and gets the answer", async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection(BUSY) : ok()));
        const cache = createRequestCache();
        const signals = createReadSignals();
        const sender = requester(webApi, { cache, signals });
        const joiner = requester(webApi, { cache, signals });
        const first = sender.retrieve('t', '?$select=a').catch(() => 'cancelled');
        const joined = joiner.retrieve('t', '?$select=a');
        await flush();
        expect(webApi.calls).toHaveLength(1); // the sender sleeps its backoff
        sender.cancel();
        await expect(joined).resolves.toMatchObject({ entities: [{ id: 0 }] });
        await expect(first).resolves.toBe('cancelled');
        expect(webApi.calls).toHaveLength(2);
    });
});

describe('page-wide read signals', () => {
    it('every control waiting on a shared busy read hears it, also one that joins while it waits', async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection(BUSY) : ok()));
        const cache = createRequestCache();
        const signals = createReadSignals();
        const heard: string[] = [];
        const sender = requester(webApi, { cache, signals, onBusyRetry: () => heard.push('sender') });
        const joiner = requester(webApi, { cache, signals, onBusyRetry: () => heard.push('joiner') });
        const late = requester(webApi, { cache, signals, onBusyRetry: () => heard.push('late') });
        const reads = [sender.retrieve('t', '?$select=a'), joiner.retrieve('t', '?$select=a')];
        await flush();
        expect(heard.sort()).toStrictEqual(['joiner', 'sender']);
        reads.push(late.retrieve('t', '?$select=a'));
        await flush();
        expect(heard).toContain('late');
        await jest.advanceTimersByTimeAsync(DEFAULT_REQUEST_POLICY.baseBackoffMs);
        const pages = await Promise.all(reads);
        expect(new Set(pages).size).toBe(1);
        expect(webApi.calls).toHaveLength(2);
    });

    it('a listener that throws breaks neither the sender nor the other listeners', () => {
        const signals = createReadSignals();
        const heard: unknown[] = [];
        signals.subscribe('k', () => {
            throw new Error('hostile');
        });
        signals.subscribe('k', (signal) => heard.push(signal?.kind));
        expect(() => signals.publish('k', { kind: 'busy', table: 't', attempt: 1, waitMs: 1 })).not.toThrow();
        expect(heard).toStrictEqual(['busy']);
    });
});

describe('offline and odd answers', () => {
    it('sends nothing when the client is offline', async () => {
        const webApi = scriptedWebApi(() => ok());
        await expect(requester(webApi, { isOffline: () => true }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'offline' } });
        expect(webApi.calls).toHaveLength(0);
    });

    it('rejects a response without an entity list clearly', async () => {
        const webApi = scriptedWebApi(() => Promise.resolve({} as Answer));
        await expect(requester(webApi).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'unexpected', message: matching.containing('entity list') } });
    });
});

describe('the policy, exactly', () => {
    const policyOf = (policy: Partial<RequesterSettings['policy']>) => requester(scriptedWebApi(() => ok()), { policy }).policy;

    it('has the documented defaults', () => {
        expect(policyOf({})).toStrictEqual(DEFAULT_REQUEST_POLICY);
        expect(DEFAULT_REQUEST_POLICY).toStrictEqual({ maxAttempts: 4, maxTotalWaitMs: 30_000, baseBackoffMs: 1_000, maxBackoffMs: 15_000, cacheTtlMs: 5_000, maxConcurrentRequests: 6, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    });

    it('keeps every value within its bound', () => {
        expect(policyOf({ maxAttempts: 0, maxTotalWaitMs: -1, baseBackoffMs: -1, maxBackoffMs: -1, cacheTtlMs: -1, maxConcurrentRequests: 0, requestTimeoutMs: 0 })).toStrictEqual({
            maxAttempts: 1,
            maxTotalWaitMs: 0,
            baseBackoffMs: 0,
            maxBackoffMs: 0,
            cacheTtlMs: 0,
            maxConcurrentRequests: 1,
            requestTimeoutMs: 1,
        });
        expect(policyOf({ maxAttempts: 11, maxTotalWaitMs: 1e9, baseBackoffMs: 1e9, maxBackoffMs: 1e9, cacheTtlMs: 1e9, maxConcurrentRequests: 53, requestTimeoutMs: 1e9 })).toStrictEqual({
            maxAttempts: 10,
            maxTotalWaitMs: MAX_BUSY_WAIT_MS,
            baseBackoffMs: MAX_BUSY_WAIT_MS,
            maxBackoffMs: MAX_BUSY_WAIT_MS,
            cacheTtlMs: 60_000,
            maxConcurrentRequests: 52,
            requestTimeoutMs: 120_000,
        });
        expect(policyOf({ maxAttempts: 2.9, maxConcurrentRequests: 3.9, requestTimeoutMs: 1.5 })).toMatchObject({ maxAttempts: 2, maxConcurrentRequests: 3, requestTimeoutMs: 1.5 });
    });

    it('takes the defaults for values that are not finite numbers', () => {
        const odd = { maxAttempts: Number.NaN, maxTotalWaitMs: Number.POSITIVE_INFINITY, baseBackoffMs: '5' as unknown as number, maxBackoffMs: undefined, cacheTtlMs: null as unknown as number, maxConcurrentRequests: Number.NEGATIVE_INFINITY, requestTimeoutMs: Number.NaN };
        expect(policyOf(odd)).toStrictEqual(DEFAULT_REQUEST_POLICY);
    });

    it('backs off up to the longest single wait, with jitter from half to all of it', async () => {
        for (const [chance, expected] of [
            [0, [500, 1000, 2000, 4000, 7500, 7500]],
            [0.999999, [1000, 2000, 4000, 8000, 15000, 15000].map((ms) => ms * (0.5 + 0.999999 / 2))],
            [Number.NaN, [750, 1500, 3000, 6000, 11250, 11250]],
            [-3, [500, 1000, 2000, 4000, 7500, 7500]],
            [7, [1000, 2000, 4000, 8000, 15000, 15000]],
        ] as const) {
            const webApi = scriptedWebApi(() => platformRejection(BUSY));
            const clock: Clock & { slept: number[] } = { ...instantClock(), random: () => chance };
            await expect(requester(webApi, { clock, policy: { maxAttempts: 7, maxTotalWaitMs: MAX_BUSY_WAIT_MS } }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy' } });
            expect(clock.slept).toStrictEqual(expected);
        }
    });

    it('waits the whole total wait bound but not a millisecond more', async () => {
        const webApi = scriptedWebApi((call) => (call <= 2 ? platformRejection({ ...BUSY, retryAfterSeconds: 15 }) : ok()));
        const clock = instantClock();
        await expect(requester(webApi, { clock, policy: { maxAttempts: 10, maxTotalWaitMs: 30_000 } }).retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(clock.slept).toStrictEqual([15_000, 15_000]);
    });

    it('tells the busy listener the table, the refused attempt and the wait', async () => {
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection(BUSY) : ok()));
        const retries: BusyRetry[] = [];
        await requester(webApi, { clock: instantClock(), onBusyRetry: (retry) => retries.push(retry) }).retrieve('msdynci_segmentmembership', '?$select=a');
        expect(retries).toStrictEqual([{ table: 'msdynci_segmentmembership', attempt: 1, waitMs: 750 }]);
    });
});

describe('what reaches the platform', () => {
    it('passes table, options and page size through, and keys the cache by all of them', async () => {
        const seen: unknown[][] = [];
        const webApi: WebApiReader = {
            retrieveMultipleRecords: (...args: unknown[]) => {
                seen.push(args);
                return ok();
            },
        };
        const reads = requester(webApi);
        await reads.retrieve('t', '?$select=a', 50);
        await reads.retrieve('t', '?$select=a', 50);
        await reads.retrieve('t', '?$select=a', 10);
        await reads.retrieve('t', '?$select=a');
        await reads.retrieve('u', '?$select=a');
        expect(seen).toStrictEqual([
            ['t', '?$select=a', 50],
            ['t', '?$select=a', 10],
            ['t', '?$select=a', undefined],
            ['u', '?$select=a', undefined],
        ]);
    });

    it.each([
        ['null', null],
        ['undefined', undefined],
        ['entities that are not a list', { entities: 'rows' }],
    ])('rejects an answer of %s clearly', async (_what, answer) => {
        const webApi = scriptedWebApi(() => Promise.resolve(answer as unknown as Answer));
        await expect(requester(webApi).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'unexpected', message: 'The platform returned a response without an entity list.' } });
    });

    it('treats a webApi that throws instead of rejecting like a rejection', async () => {
        const webApi: WebApiReader = {
            retrieveMultipleRecords: () => {
                throw NO_PRIVILEGE; // eslint-disable-line @typescript-eslint/only-throw-error -- a host that throws the platform's plain object
            },
        };
        await expect(requester(webApi).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'noPrivilege', code: '0x80040220' } });
    });

    it('reads offline from a client that throws as online', async () => {
        const webApi = scriptedWebApi(() => ok());
        const reads = requester(webApi, {
            isOffline: () => {
                throw new Error('host broken');
            },
        });
        await expect(reads.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(reads.isOffline()).toBe(false);
        expect(requester(webApi, { isOffline: () => true }).isOffline()).toBe(true);
        expect(requester(webApi).isOffline()).toBe(false);
    });

    it('after cancel, rejects without sending until resumed', async () => {
        const webApi = scriptedWebApi(() => ok());
        const reads = requester(webApi);
        reads.cancel();
        reads.cancel();
        await expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'ReadCancelled' } });
        expect(webApi.calls).toHaveLength(0);
        reads.resume();
        reads.resume();
        await expect(reads.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(webApi.calls).toHaveLength(1);
    });
});

describe('edges of waiting and cancelling', () => {
    it('gives up on a foreign shared read exactly at the longest time one of our reads can take', async () => {
        jest.useFakeTimers();
        const foreign: SharedRequestCacheV1 = { version: 1, share: () => new Promise(() => undefined), retain: () => undefined, release: () => undefined };
        const policy = { maxAttempts: 2, requestTimeoutMs: 1000, maxTotalWaitMs: 500 };
        let settled = false;
        const read = requester(scriptedWebApi(() => ok()), { cache: foreign, policy }).retrieve('t', '?$select=a');
        read.catch(() => undefined).finally(() => (settled = true));
        await jest.advanceTimersByTimeAsync(2 * 1000 + 500 + 1000 - 1);
        expect(settled).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await expect(read).rejects.toMatchObject({ failure: { kind: 'timeout', code: 'RequestTimeout' } });
    });

    it('the system clock waits on a timer and draws jitter from Math.random', async () => {
        jest.useFakeTimers();
        let woke = false;
        void SYSTEM_CLOCK.sleep(1000).then(() => (woke = true));
        await jest.advanceTimersByTimeAsync(999);
        expect(woke).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        expect(woke).toBe(true);
        const random = jest.spyOn(Math, 'random').mockReturnValue(0.25);
        try {
            expect(SYSTEM_CLOCK.random()).toBe(0.25);
        } finally {
            random.mockRestore();
        }
    });

    it('without a clock, backs off with Math.random jitter on a real timer', async () => {
        jest.useFakeTimers();
        const random = jest.spyOn(Math, 'random').mockReturnValue(0);
        try {
            const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection(BUSY) : ok()));
            const read = requester(webApi).retrieve('t', '?$select=a');
            await jest.advanceTimersByTimeAsync(499);
            expect(webApi.calls).toHaveLength(1);
            await jest.advanceTimersByTimeAsync(1);
            await expect(read).resolves.toMatchObject({ entities: [{ id: 0 }] });
            expect(webApi.calls).toHaveLength(2);
        } finally {
            random.mockRestore();
        }
    });

    it('says offline in its own words', async () => {
        await expect(requester(scriptedWebApi(() => ok()), { isOffline: () => true }).retrieve('t', '?$select=a')).rejects.toMatchObject({
            failure: { kind: 'offline', message: 'The app is offline; Customer Insights data is read online only.' },
        });
    });

    it("keeps the platform's rejection as the cause", async () => {
        const read = requester(scriptedWebApi(() => platformRejection(NO_PRIVILEGE))).retrieve('t', '?$select=a');
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toHaveProperty('cause', NO_PRIVILEGE);
    });

    it("joins another control's destroyed read at most 3 more times, then says it was cancelled", async () => {
        const share = jest.fn(() => Promise.reject(new ReadCancelledError()));
        const foreign: SharedRequestCacheV1 = { version: 1, share, retain: () => undefined, release: () => undefined };
        await expect(requester(scriptedWebApi(() => ok()), { cache: foreign }).retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'ReadCancelled' } });
        expect(share).toHaveBeenCalledTimes(4);
    });

    it('clears the busy signal when its read ends, and a finished read hears no later busy read', async () => {
        const signals = createReadSignals();
        const cache = createRequestCache();
        const key = JSON.stringify(['aaaaaaaa-0000-4000-8000-000000000001', 't', '?$select=a', null]);
        const heard: unknown[] = [];
        signals.subscribe(key, (signal) => heard.push(signal?.kind ?? 'cleared'));
        const first: BusyRetry[] = [];
        const webApi = scriptedWebApi((call) => (call === 2 ? platformRejection(BUSY) : ok()));
        await requester(webApi, { cache, signals, clock: instantClock(), onBusyRetry: (r) => first.push(r), policy: { cacheTtlMs: 0 } }).retrieve('t', '?$select=a');
        expect(heard).toStrictEqual(['cleared']);
        await requester(webApi, { cache, signals, clock: instantClock(), policy: { cacheTtlMs: 0 } }).retrieve('t', '?$select=a');
        expect(heard).toStrictEqual(['cleared', 'busy', 'cleared']);
        expect(first).toStrictEqual([]);
    });

    it('a read whose control was destroyed while its call was out ends cancelled, and tells no one it is busy', async () => {
        const cache = createRequestCache();
        const signals = createReadSignals();
        let answer: (value: Promise<Answer>) => void = () => undefined;
        const webApi = scriptedWebApi((call) => (call === 1 ? new Promise<Answer>((resolve) => (answer = (v) => void v.then(resolve, () => resolve({ entities: [] })))) : ok()));
        // The first call rejects busy only after its control is gone.
        let reject: (error: unknown) => void = () => undefined;
        const pending = new Promise<Answer>((_resolve, rejectWith) => (reject = rejectWith));
        const heard: BusyRetry[] = [];
        const sender = requester({ retrieveMultipleRecords: (...args) => (webApi.calls.length === 0 ? (webApi.calls.push('first'), pending) : webApi.retrieveMultipleRecords(...args)) }, { cache, signals, clock: instantClock() });
        const joiner = requester(webApi, { cache, signals, clock: instantClock(), onBusyRetry: (r) => heard.push(r) });
        const sent = sender.retrieve('t', '?$select=a');
        const joined = joiner.retrieve('t', '?$select=a');
        await flush();
        sender.cancel();
        reject(BUSY);
        await expect(sent).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        await expect(joined).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(heard).toStrictEqual([]);
        answer(ok());
    });

    it('a resume without a cancel keeps the reads in flight cancellable', async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi(() => platformRejection(BUSY));
        const reads = requester(webApi);
        const read = expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        await flush();
        reads.resume();
        reads.cancel();
        await read;
        await flush();
        expect(jest.getTimerCount()).toBe(0);
    });

    it('a control destroyed from its busy listener leaves no timer behind', async () => {
        jest.useFakeTimers();
        const webApi = scriptedWebApi(() => platformRejection(BUSY));
        const reads = requester(webApi, { onBusyRetry: () => reads.cancel() });
        await expect(reads.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { code: 'ReadCancelled' } });
        await flush();
        expect(jest.getTimerCount()).toBe(0);
        expect(webApi.calls).toHaveLength(1);
    });
});
