/**
 * The request pipeline with a scripted webApi: shared promises and the page-wide cache, the concurrency
 * limit, and retries of busy responses. (The same behaviour against the emulator is in the emulator tests.)
 */
import { createRequestCache, createRequestLimiter, REQUEST_CACHE_KEY, REQUEST_LIMITER_KEY, sharedRequestCache, sharedRequestLimiter } from '../../components/shared/pageState';
import { createRequester, type Clock, type WebApiReader } from '../../components/shared/requests';
import { InsightsError } from '../../components/shared/failure';
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

function busy(retryAfterSeconds?: number): Record<string, unknown> {
    return { errorCode: 0x80072322, code: '0x80072322', status: 429, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
}

/** A clock whose sleeps return at once and are recorded. */
function instantClock(): Clock & { slept: number[] } {
    const slept: number[] = [];
    return { slept, sleep: (ms) => { slept.push(ms); return Promise.resolve(); }, random: () => 0.5 };
}

/** The platform rejects with plain objects, not Errors; the pipeline must handle exactly that. */
function platformRejection(value: unknown): Promise<never> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- reproducing the platform's non-Error rejections is the point
    return Promise.reject(value);
}

const ok = (rows = 1): Promise<Answer> => Promise.resolve({ entities: Array.from({ length: rows }, (_, i) => ({ id: i })) });

describe('shared request cache', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

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
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), policy: { cacheTtlMs: 5000 } });
        await requester.retrieve('t', '?$select=a');
        jest.setSystemTime(1_000_000 + 4000);
        await requester.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(1);
        jest.setSystemTime(1_000_000 + 9001);
        await requester.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(2);
    });

    it('does not keep failures', async () => {
        const webApi = scriptedWebApi((call) => (call === 1 ? Promise.reject(new Error('boom')) : ok()));
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache() });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toBeInstanceOf(InsightsError);
        await expect(requester.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(webApi.calls).toHaveLength(2);
    });

    it('is emptied when the last holder releases it', async () => {
        const webApi = scriptedWebApi(() => ok());
        const cache = createRequestCache();
        const requester = createRequester({ webApi, userId: USER, cache, policy: { cacheTtlMs: 60_000 } });
        cache.retain();
        cache.retain();
        await requester.retrieve('t', '?$select=a');
        cache.release();
        await requester.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(1);
        cache.release();
        await requester.retrieve('t', '?$select=a');
        expect(webApi.calls).toHaveLength(2);
    });

    it('lives on globalThis under a versioned key, so separate bundles share it', () => {
        const global = globalThis as Record<symbol, unknown>;
        delete global[REQUEST_CACHE_KEY];
        delete global[REQUEST_LIMITER_KEY];
        const cache = sharedRequestCache();
        expect(global[REQUEST_CACHE_KEY]).toBe(cache);
        expect(sharedRequestCache()).toBe(cache);
        expect(Symbol.keyFor(REQUEST_CACHE_KEY)).toBe('cibu.insights.requestCache.v1');
        const limiter = sharedRequestLimiter(6);
        expect(sharedRequestLimiter(20)).toBe(limiter);
        // Something incompatible under the key is left alone; we use a private cache.
        delete global[REQUEST_CACHE_KEY];
        Object.defineProperty(globalThis, REQUEST_CACHE_KEY, { value: { version: 99 }, configurable: true });
        const privateCache = sharedRequestCache();
        expect(privateCache.version).toBe(1);
        expect(global[REQUEST_CACHE_KEY]).toEqual({ version: 99 });
        delete global[REQUEST_CACHE_KEY];
        delete global[REQUEST_LIMITER_KEY];
    });

    it('never touches web storage', async () => {
        const storage = { setItem: jest.fn(), getItem: jest.fn() };
        Object.assign(globalThis, { localStorage: storage, sessionStorage: storage });
        try {
            const requester = createRequester({ webApi: scriptedWebApi(() => ok()), userId: USER, cache: createRequestCache() });
            await requester.retrieve('t', '?$select=a');
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
});

describe('busy retries', () => {
    it('waits the Retry-After the platform asked for, then succeeds', async () => {
        const webApi = scriptedWebApi((call) => (call === 1 ? platformRejection(busy(7)) : ok()));
        const clock = instantClock();
        const retries: number[] = [];
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), clock, onBusyRetry: (r) => retries.push(r.waitMs) });
        await expect(requester.retrieve('t', '?$select=a')).resolves.toMatchObject({ entities: [{ id: 0 }] });
        expect(clock.slept).toEqual([7000]);
        expect(retries).toEqual([7000]);
    });

    it('backs off exponentially with jitter when there is no Retry-After', async () => {
        const webApi = scriptedWebApi((call) => (call <= 3 ? platformRejection(busy()) : ok()));
        const clock = instantClock();
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), clock, policy: { baseBackoffMs: 1000, maxAttempts: 4 } });
        await requester.retrieve('t', '?$select=a');
        expect(clock.slept).toEqual([750, 1500, 3000]); // base * 2^n * (0.5 + random/2), random = 0.5
    });

    it('stops at the attempt bound and reports busy', async () => {
        const webApi = scriptedWebApi(() => platformRejection(busy(1)));
        const clock = instantClock();
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), clock, policy: { maxAttempts: 3 } });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy', retryAfterSeconds: 1 } });
        expect(webApi.calls).toHaveLength(3);
        expect(clock.slept).toEqual([1000, 1000]);
    });

    it('stops when the next wait would exceed the total wait bound', async () => {
        const webApi = scriptedWebApi(() => platformRejection(busy(20)));
        const clock = instantClock();
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), clock, policy: { maxAttempts: 10, maxTotalWaitMs: 30_000 } });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'busy' } });
        expect(clock.slept).toEqual([20_000]);
        expect(webApi.calls).toHaveLength(2);
    });

    it('does not retry other failures', async () => {
        const webApi = scriptedWebApi(() => platformRejection({ errorCode: 0x80040220, code: '0x80040220', status: 403, message: 'missing privilege' }));
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), clock: instantClock() });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
        expect(webApi.calls).toHaveLength(1);
    });
});

describe('offline', () => {
    it('sends nothing when the client is offline', async () => {
        const webApi = scriptedWebApi(() => ok());
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache(), isOffline: () => true });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'offline' } });
        expect(webApi.calls).toHaveLength(0);
    });

    it('rejects a response without an entity list clearly', async () => {
        const webApi = scriptedWebApi(() => Promise.resolve({} as Answer));
        const requester = createRequester({ webApi, userId: USER, cache: createRequestCache() });
        await expect(requester.retrieve('t', '?$select=a')).rejects.toMatchObject({ failure: { kind: 'unexpected', message: matching.containing('entity list') } });
    });
});
