/**
 * The page-wide state on its own (components/shared/pageState.ts): how a bundle finds, creates or refuses the
 * objects under the `Symbol.for` keys, and how its guarded views fall back to this bundle's private objects
 * when another script's object misbehaves, without ever sending a read twice or losing a control's own busy
 * signal. (The controls on such a page are in test/controls/hostilePageState.test.tsx.)
 */
import {
    createReadSignals,
    createRequestCache,
    createRequestLimiter,
    METADATA_CACHE_KEY,
    READ_SIGNALS_KEY,
    REQUEST_CACHE_KEY,
    REQUEST_LIMITER_KEY,
    sharedMetadataCache,
    sharedReadSignals,
    sharedRequestCache,
    sharedRequestLimiter,
    type ReadSignalV1,
    type SharedReadSignalsV1,
    type SharedRequestCacheV1,
    type SharedRequestLimiterV1,
} from '../../components/shared/pageState';
import { MAX_IN_FLIGHT_MS } from '../../components/shared/limits';

const KEYS = [REQUEST_CACHE_KEY, REQUEST_LIMITER_KEY, READ_SIGNALS_KEY, METADATA_CACHE_KEY] as const;
const global = globalThis as Record<symbol, unknown>;
const BUSY: ReadSignalV1 = { kind: 'busy', table: 't', attempt: 1, waitMs: 1000 };
const MEMBERS: readonly PropertyKey[] = ['version', 'share', 'retain', 'release', 'run', 'publish', 'subscribe'];

/** A key no other test used: this bundle's private cache and board live as long as the test file. */
let keys = 0;
const fresh = (): string => `key-${++keys}`;

function put(key: symbol, descriptor: PropertyDescriptor): void {
    Object.defineProperty(globalThis, key, { configurable: true, ...descriptor });
}

const hostile = (): never => {
    throw new Error('hostile page script');
};

/** Lets pending promise chains run. */
async function flush(): Promise<void> {
    for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A load that counts its calls and resolves with its number. */
function counted(): (() => Promise<number>) & { calls: number } {
    const load = (() => {
        load.calls++;
        return Promise.resolve(load.calls);
    }) as (() => Promise<number>) & { calls: number };
    load.calls = 0;
    return load;
}

/** The read key of the current test (the private objects outlive tests, their entries must not meet). */
let key = '';
let otherKey = '';
beforeEach(() => {
    for (const symbol of KEYS) delete global[symbol];
    key = fresh();
    otherKey = fresh();
});
afterEach(() => {
    jest.useRealTimers();
    for (const symbol of KEYS) delete global[symbol];
});

describe('finding the page-wide objects', () => {
    it.each([
        ['cache', REQUEST_CACHE_KEY, () => sharedRequestCache()],
        ['limiter', REQUEST_LIMITER_KEY, () => sharedRequestLimiter(6)],
        ['read signals', READ_SIGNALS_KEY, () => sharedReadSignals()],
    ] as const)('creates the %s on a free key: hidden from enumeration, read-only, removable', (_what, key, view) => {
        view();
        expect(Object.getOwnPropertyDescriptor(globalThis, key)).toMatchObject({ enumerable: false, writable: false, configurable: true, value: expect.objectContaining({ version: 1 }) as unknown });
        const created = global[key];
        view();
        expect(global[key]).toBe(created);
    });

    it('uses a compatible object another bundle put there', async () => {
        const page = createRequestCache();
        const share = jest.spyOn(page, 'share');
        put(REQUEST_CACHE_KEY, { value: page });
        await expect(sharedRequestCache().share(key, 5000, () => Promise.resolve('page'))).resolves.toBe('page');
        expect(share).toHaveBeenCalledTimes(1);
        expect(global[REQUEST_CACHE_KEY]).toBe(page);

        const limiter = createRequestLimiter(2);
        const run = jest.spyOn(limiter, 'run');
        put(REQUEST_LIMITER_KEY, { value: limiter });
        await expect(sharedRequestLimiter(6).run(() => Promise.resolve(7))).resolves.toBe(7);
        expect(run).toHaveBeenCalledTimes(1);

        const board = createReadSignals();
        const publish = jest.spyOn(board, 'publish');
        put(READ_SIGNALS_KEY, { value: board });
        sharedReadSignals().publish(key, BUSY);
        expect(publish).toHaveBeenCalledWith(key, BUSY);
    });

    it.each([
        ['another version', { version: 2, share: hostile, retain: hostile, release: hostile }],
        ['no version', { share: hostile, retain: hostile, release: hostile }],
        ['a missing method', { version: 1, share: hostile, retain: hostile }],
        ['a method that is not a function', { version: 1, share: hostile, retain: hostile, release: 'no' }],
        ['a string', 'cache'],
        ['null', null],
        ['a frozen object that is not ours', Object.freeze({ version: 1 })],
    ])('leaves %s under the cache key alone and uses a private cache', async (_what, value) => {
        put(REQUEST_CACHE_KEY, { value });
        const cache = sharedRequestCache();
        const load = counted();
        await expect(cache.share(key, 5000, load)).resolves.toBe(1);
        expect(global[REQUEST_CACHE_KEY]).toBe(value);
        // The private cache is this bundle's one: a second view shares its entries.
        await expect(sharedRequestCache().share(key, 5000, load)).resolves.toBe(1);
        expect(load.calls).toBe(1);
    });

    it.each([
        ['another version', () => ({ version: 2, share: jest.fn(), retain: jest.fn(), release: jest.fn() })],
        ['no version', () => ({ share: jest.fn(), retain: jest.fn(), release: jest.fn() })],
        ['one method only', () => ({ version: 1, share: jest.fn() })],
        ['a method that is not a function', () => ({ version: 1, share: jest.fn(), retain: jest.fn(), release: 'no' })],
        ['a function, however complete', () => Object.assign(() => undefined, { version: 1, share: jest.fn(), retain: jest.fn(), release: jest.fn() })],
    ])('never calls %s under the cache key: it belongs to someone else', async (_what, make) => {
        const value = make() as unknown as Record<string, unknown>;
        put(REQUEST_CACHE_KEY, { value });
        const view = sharedRequestCache();
        view.retain();
        await expect(view.share(key, 5000, () => Promise.resolve('private'))).resolves.toBe('private');
        view.release();
        for (const method of ['share', 'retain', 'release']) if (jest.isMockFunction(value[method])) expect(value[method]).not.toHaveBeenCalled();
    });

    it.each([
        ['a limiter of another version', REQUEST_LIMITER_KEY, () => ({ version: 2, run: jest.fn() })],
        ['a board with one method only', READ_SIGNALS_KEY, () => ({ version: 1, publish: jest.fn() })],
        ['a board of another version', READ_SIGNALS_KEY, () => ({ version: 2, publish: jest.fn(), subscribe: jest.fn() })],
    ] as const)('never calls %s', async (_what, symbol, make) => {
        const value = make() as unknown as Record<string, jest.Mock>;
        put(symbol, { value });
        await expect(sharedRequestLimiter(6).run(() => Promise.resolve(1))).resolves.toBe(1);
        sharedReadSignals().subscribe(key, () => undefined)();
        sharedReadSignals().publish(key, BUSY);
        for (const method of Object.values(value)) if (jest.isMockFunction(method)) expect(method).not.toHaveBeenCalled();
    });

    it('reads only the version of an object whose traps throw, and leaves a throwing getter in place', async () => {
        const read: PropertyKey[] = [];
        put(REQUEST_CACHE_KEY, { value: new Proxy({}, { get: (_target, property) => { read.push(property); return MEMBERS.includes(property) ? hostile() : undefined; } }) });
        await expect(sharedRequestCache().share(key, 5000, () => Promise.resolve(1))).resolves.toBe(1);
        expect(read.filter((p) => MEMBERS.includes(p))).toStrictEqual(['version']);
        delete global[REQUEST_CACHE_KEY];
        const getter = hostile;
        put(REQUEST_CACHE_KEY, { get: getter });
        await expect(sharedRequestCache().share(otherKey, 5000, () => Promise.resolve(2))).resolves.toBe(2);
        const descriptor = Object.getOwnPropertyDescriptor(globalThis, REQUEST_CACHE_KEY);
        expect(descriptor).toHaveProperty('get', getter);
    });

    it.each([
        ['a limiter of another version', REQUEST_LIMITER_KEY, { version: 2, run: hostile }, () => sharedRequestLimiter(6).run(() => Promise.resolve('private'))],
        ['a limiter without run', REQUEST_LIMITER_KEY, { version: 1 }, () => sharedRequestLimiter(6).run(() => Promise.resolve('private'))],
        ['a board without subscribe', READ_SIGNALS_KEY, { version: 1, publish: hostile }, () => Promise.resolve(sharedReadSignals().publish(key, BUSY))],
        ['a board of another version', READ_SIGNALS_KEY, { version: 2, publish: hostile, subscribe: hostile }, () => Promise.resolve(sharedReadSignals().publish(key, BUSY))],
    ] as const)('leaves %s alone and uses a private one', async (_what, key, value, use) => {
        put(key, { value });
        await expect(use()).resolves.not.toThrow();
        expect(global[key]).toBe(value);
    });

    it.each([
        ['a throwing getter', (): PropertyDescriptor => ({ get: hostile })],
        // (Throwing on every property would also break jest's own clean-up of globals: only ours throw here.)
        ['a Proxy that throws on reading our members', (): PropertyDescriptor => ({ value: new Proxy({}, { get: (_target, property) => (MEMBERS.includes(property) ? hostile() : undefined) }) })],
    ])('uses private objects under %s on every key', async (_what, descriptor) => {
        for (const key of KEYS) put(key, descriptor());
        const load = counted();
        await expect(sharedRequestCache().share(key, 5000, load)).resolves.toBe(1);
        await expect(sharedRequestLimiter(6).run(() => Promise.resolve('ran'))).resolves.toBe('ran');
        const heard: unknown[] = [];
        const unsubscribe = sharedReadSignals().subscribe(key, (signal) => heard.push(signal));
        sharedReadSignals().publish(key, BUSY);
        unsubscribe();
        expect(heard).toStrictEqual([BUSY]);
    });

    it('uses private objects when the key cannot be written (a non-configurable undefined)', async () => {
        // Simulated with a getter that answers undefined and a defineProperty that throws.
        const define = jest.spyOn(Object, 'defineProperty').mockImplementation(() => {
            throw new TypeError('Cannot redefine property');
        });
        try {
            const load = counted();
            await expect(sharedRequestCache().share(key, 5000, load)).resolves.toBe(1);
            // Every view of this bundle shares its one private cache.
            await expect(sharedRequestCache().share(key, 5000, load)).resolves.toBe(1);
            expect(load.calls).toBe(1);
            await expect(sharedRequestLimiter(6).run(() => Promise.resolve('ran'))).resolves.toBe('ran');
            expect(() => sharedReadSignals().publish(key, BUSY)).not.toThrow();
        } finally {
            define.mockRestore();
        }
        for (const key of KEYS) expect(Object.getOwnPropertySymbols(globalThis)).not.toContain(key);
    });
});

describe("the page's metadata cache (getEntityMetadata answers)", () => {
    it('lives under its own registered key, which bundles of every version find', () => {
        expect(Symbol.keyFor(METADATA_CACHE_KEY)).toBe('cibu.insights.metadataCache.v1');
    });

    it('is created on a free key apart from the request cache, and every view shares its answers', async () => {
        const load = counted();
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        expect(global[METADATA_CACHE_KEY]).toMatchObject({ version: 1 });
        expect(global[METADATA_CACHE_KEY]).not.toBe(global[REQUEST_CACHE_KEY]);
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        expect(load.calls).toBe(1);
        // A request-cache read of the same key is another read.
        await expect(sharedRequestCache().share(key, 5000, load)).resolves.toBe(2);
    });

    it('uses a compatible metadata cache another bundle put there', async () => {
        const page = createRequestCache();
        const share = jest.spyOn(page, 'share');
        put(METADATA_CACHE_KEY, { value: page });
        await expect(sharedMetadataCache().share(key, 5000, () => Promise.resolve('page'))).resolves.toBe('page');
        expect(share).toHaveBeenCalledTimes(1);
    });

    it("falls back to this bundle's own metadata cache when the key holds something else, shared by every view", async () => {
        put(METADATA_CACHE_KEY, { value: 'not a cache' });
        const load = counted();
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        expect(load.calls).toBe(1);
        expect(global[METADATA_CACHE_KEY]).toBe('not a cache');
    });

    it.each([
        ['one method only', () => ({ version: 1, share: jest.fn() })],
        ['another version', () => ({ version: 2, share: jest.fn(), retain: jest.fn(), release: jest.fn() })],
    ])('never calls %s under the metadata key: it belongs to someone else', async (_what, make) => {
        const value = make() as unknown as Record<string, unknown>;
        put(METADATA_CACHE_KEY, { value });
        // A read first (a failing retain would already switch a view to the private cache).
        await expect(sharedMetadataCache().share(key, 5000, () => Promise.resolve('private'))).resolves.toBe('private');
        const view = sharedMetadataCache();
        view.retain();
        view.release();
        for (const method of ['share', 'retain', 'release']) if (jest.isMockFunction(value[method])) expect(value[method]).not.toHaveBeenCalled();
    });

    it("switches to this bundle's own metadata cache when the page's one throws", async () => {
        put(METADATA_CACHE_KEY, { value: { version: 1, share: hostile, retain: () => undefined, release: () => undefined } });
        const load = counted();
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        await expect(sharedMetadataCache().share(key, 5000, load)).resolves.toBe(1);
        expect(load.calls).toBe(1);
    });
});

describe('the guarded cache view', () => {
    function pageCache(share: SharedRequestCacheV1['share'], extra: Partial<SharedRequestCacheV1> = {}): SharedRequestCacheV1 {
        const cache: SharedRequestCacheV1 = { version: 1, share, retain: () => undefined, release: () => undefined, ...extra };
        put(REQUEST_CACHE_KEY, { value: cache });
        return cache;
    }

    it('passes a thenable answer on as a promise', async () => {
        pageCache(() => ({ then: (resolve: (value: unknown) => void) => resolve('thenable') }) as unknown as Promise<unknown>);
        const answer = sharedRequestCache().share(key, 5000, () => Promise.resolve('load'));
        expect(answer).toBeInstanceOf(Promise);
        await expect(answer).resolves.toBe('thenable');
    });

    it('passes a thenable function on as a promise', async () => {
        const thenable = Object.assign(() => undefined, { then: (resolve: (value: unknown) => void) => resolve('thenable function') });
        pageCache(() => thenable as unknown as Promise<unknown>);
        await expect(sharedRequestCache().share(key, 5000, () => Promise.resolve('load'))).resolves.toBe('thenable function');
    });

    it('does not hold the page cache again once it fell back', async () => {
        const retain = jest.fn();
        const release = jest.fn();
        pageCache(hostile, { retain, release });
        const view = sharedRequestCache();
        await expect(view.share(key, 5000, () => Promise.resolve(1))).resolves.toBe(1);
        view.retain();
        view.release();
        expect(retain).not.toHaveBeenCalled();
        expect(release).not.toHaveBeenCalled();
    });

    it.each([
        ['a number', () => 42],
        ['undefined', () => undefined],
        ['an object without then', () => ({ value: 1 })],
        ['an object whose then throws', () => Object.defineProperty({}, 'then', { get: hostile })],
        ['a thrown error', hostile],
    ])('falls back for good when the page cache answers %s before starting the read', async (_what, answer) => {
        const share = jest.fn(answer);
        pageCache(share as unknown as SharedRequestCacheV1['share']);
        const view = sharedRequestCache();
        const load = counted();
        await expect(view.share(key, 5000, load)).resolves.toBe(1);
        expect(load.calls).toBe(1);
        // From then on the page's cache is not asked again.
        await expect(view.share(key, 5000, load)).resolves.toBe(1);
        expect(share).toHaveBeenCalledTimes(1);
    });

    it('never starts a read twice: a page cache that started it and then broke makes the read fail', async () => {
        const share = jest.fn((_key: string, _ttl: number, load: () => Promise<unknown>) => {
            void load();
            return 'nonsense' as unknown as Promise<unknown>;
        });
        pageCache(share);
        const view = sharedRequestCache();
        const load = counted();
        await expect(view.share(key, 5000, load)).rejects.toThrow('The page-wide request cache failed after starting a read.');
        expect(load.calls).toBe(1);
        // The next read goes to the private cache.
        await expect(view.share(key, 5000, load)).resolves.toBe(2);
        expect(share).toHaveBeenCalledTimes(1);
    });

    it('holds the page cache once and releases it once', () => {
        const retain = jest.fn();
        const release = jest.fn();
        pageCache(() => Promise.resolve(1), { retain, release });
        const view = sharedRequestCache();
        view.retain();
        view.release();
        view.release();
        expect(retain).toHaveBeenCalledTimes(1);
        expect(release).toHaveBeenCalledTimes(1);
    });

    it('falls back to the private cache when retain throws, and then never releases the page cache', async () => {
        const release = jest.fn();
        const share = jest.fn(() => Promise.resolve('page'));
        pageCache(share, { retain: hostile, release });
        const view = sharedRequestCache();
        expect(() => view.retain()).not.toThrow();
        const load = counted();
        await expect(view.share(key, 60_000, load)).resolves.toBe(1);
        expect(share).not.toHaveBeenCalled();
        await flush();
        // Kept while held...
        await expect(view.share(key, 60_000, load)).resolves.toBe(1);
        // ...and dropped when this view, the last holder of the private cache, lets go.
        view.release();
        await expect(view.share(key, 60_000, load)).resolves.toBe(2);
        expect(release).not.toHaveBeenCalled();
    });

    it('survives a release that throws', () => {
        pageCache(() => Promise.resolve(1), { release: hostile });
        const view = sharedRequestCache();
        view.retain();
        expect(() => view.release()).not.toThrow();
    });
});

describe('the guarded limiter view', () => {
    function pageLimiter(run: SharedRequestLimiterV1['run']): void {
        put(REQUEST_LIMITER_KEY, { value: { version: 1, run } });
    }

    it('passes a thenable answer on as a promise', async () => {
        pageLimiter((() => ({ then: (resolve: (value: unknown) => void) => resolve('thenable') })) as unknown as SharedRequestLimiterV1['run']);
        const answer = sharedRequestLimiter(6).run(() => Promise.resolve('task'));
        expect(answer).toBeInstanceOf(Promise);
        await expect(answer).resolves.toBe('thenable');
    });

    it.each([
        ['a string', () => 'not a promise'],
        ['a thrown error', hostile],
    ])('falls back for good when the page limiter answers %s before running the task', async (_what, answer) => {
        const run = jest.fn(answer);
        pageLimiter(run as unknown as SharedRequestLimiterV1['run']);
        const view = sharedRequestLimiter(6);
        const task = counted();
        await expect(view.run(task)).resolves.toBe(1);
        await expect(view.run(task)).resolves.toBe(2);
        expect(run).toHaveBeenCalledTimes(1);
    });

    it('never sends a request twice: a page limiter that ran the task and then broke makes the read fail', async () => {
        const run = jest.fn((task: () => Promise<unknown>) => {
            void task();
            return hostile();
        });
        pageLimiter(run);
        const view = sharedRequestLimiter(6);
        const task = counted();
        await expect(view.run(task)).rejects.toThrow('The page-wide request limiter failed after starting a read.');
        expect(task.calls).toBe(1);
        await expect(view.run(task)).resolves.toBe(2);
        expect(run).toHaveBeenCalledTimes(1);
    });
});

describe('the guarded read-signal view', () => {
    function pageBoard(board: Partial<SharedReadSignalsV1>): void {
        put(READ_SIGNALS_KEY, { value: { version: 1, publish: hostile, subscribe: hostile, ...board } });
    }

    it('goes through the page board while it works', () => {
        const board = createReadSignals();
        put(READ_SIGNALS_KEY, { value: board });
        const sender = sharedReadSignals();
        const waiter = sharedReadSignals();
        const heard: unknown[] = [];
        const unsubscribe = waiter.subscribe(key, (signal) => heard.push(signal));
        sender.publish(key, BUSY);
        sender.publish(key, undefined);
        unsubscribe();
        sender.publish(key, BUSY);
        expect(heard).toStrictEqual([BUSY, undefined]);
    });

    it("still tells this view's own listeners when the page board breaks on publish, and only those of the key", () => {
        const pageUnsubscribe = jest.fn();
        pageBoard({ subscribe: () => pageUnsubscribe, publish: hostile });
        const view = sharedReadSignals();
        const heard: string[] = [];
        view.subscribe(key, () => {
            throw new Error('a broken listener');
        });
        const unsubscribe = view.subscribe(key, (signal) => heard.push(`k:${signal?.kind ?? 'cleared'}`));
        view.subscribe(otherKey, (signal) => heard.push(`other:${signal?.kind ?? 'cleared'}`));
        expect(() => view.publish(key, BUSY)).not.toThrow();
        expect(heard).toStrictEqual(['k:busy']);
        unsubscribe();
        expect(pageUnsubscribe).toHaveBeenCalledTimes(1);
        view.publish(key, undefined);
        expect(heard).toStrictEqual(['k:busy']);
    });

    it("keeps every one of this view's listeners of a key when the page board breaks, also after one of them left", () => {
        pageBoard({ subscribe: () => () => undefined, publish: hostile });
        const view = sharedReadSignals();
        const heard: string[] = [];
        const leaveA = view.subscribe(key, () => heard.push('a'));
        view.subscribe(key, () => heard.push('b'));
        const leaveC = view.subscribe(key, () => heard.push('c'));
        leaveA();
        view.publish(key, BUSY);
        expect(heard).toStrictEqual(['b', 'c']);
        leaveC();
        leaveC();
    });

    it('subscribes on the private board once publishing on the page board broke', () => {
        const subscribe = jest.fn(() => () => undefined);
        pageBoard({ subscribe, publish: hostile });
        const view = sharedReadSignals();
        view.publish(key, BUSY);
        const heard: unknown[] = [];
        view.subscribe(key, (signal) => heard.push(signal));
        expect(subscribe).not.toHaveBeenCalled();
        view.publish(key, undefined);
        expect(heard).toStrictEqual([BUSY, undefined]);
    });

    it('survives an unsubscribe of the page board that throws', () => {
        pageBoard({ subscribe: () => hostile, publish: () => undefined });
        const unsubscribe = sharedReadSignals().subscribe(key, () => undefined);
        expect(() => unsubscribe()).not.toThrow();
    });

    it.each([
        ['answers a subscription with something that is not a function', { subscribe: () => 'not a function' as unknown as () => void, publish: () => undefined }],
        ['throws on subscribe', { subscribe: hostile, publish: () => undefined }],
    ])('falls back to the private board when the page board %s', (_what, board) => {
        pageBoard(board);
        const view = sharedReadSignals();
        const heard: unknown[] = [];
        const unsubscribe = view.subscribe(key, (signal) => heard.push(signal));
        view.publish(key, BUSY);
        unsubscribe();
        view.publish(key, BUSY);
        expect(heard).toStrictEqual([BUSY]);
    });
});

describe('the cache itself', () => {
    it('keeps nothing with a TTL of 0, a negative or a non-finite one', async () => {
        for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
            const cache = createRequestCache();
            const load = counted();
            await cache.share('k', ttl, load);
            await flush();
            await cache.share('k', ttl, load);
            expect(load.calls).toBe(2);
        }
    });

    it('keeps at most 500 settled answers, dropping the oldest', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        const loads = new Map<string, number>();
        const share = async (name: string): Promise<void> => {
            await cache.share(name, 60_000, () => {
                loads.set(name, (loads.get(name) ?? 0) + 1);
                return Promise.resolve(name);
            });
            await flush();
        };
        for (let i = 0; i < 500; i++) await share(`k${i}`);
        // 500 answers: all kept.
        await share('k0');
        expect(loads.get('k0')).toBe(1);
        // One more read, then the next read prunes the oldest (k0) and finds k1 still there.
        await share('k500');
        await share('k1');
        expect(loads.get('k1')).toBe(1);
        await share('k0');
        expect(loads.get('k0')).toBe(2);
    });

    it('never drops a read in flight to keep the bound', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        const hung = jest.fn(() => new Promise<never>(() => undefined));
        const first = cache.share('hung', 60_000, hung);
        for (let i = 0; i < 500; i++) await cache.share(`k${i}`, 60_000, () => Promise.resolve(i));
        await flush();
        await cache.share('one more', 60_000, () => Promise.resolve('x'));
        expect(cache.share('hung', 60_000, hung)).toBe(first);
        expect(hung).toHaveBeenCalledTimes(1);
    });

    it('a read dropped meanwhile that then fails leaves the newer read of its key alone', async () => {
        const cache = createRequestCache();
        let fail: (error: Error) => void = () => undefined;
        const old = cache.share('k', 60_000, () => new Promise<never>((_resolve, reject) => (fail = reject)));
        await flush();
        cache.retain();
        cache.release(); // emptied while the old read is in flight
        let finish: (value: string) => void = () => undefined;
        const newer = jest.fn(() => new Promise<string>((resolve) => (finish = resolve)));
        const second = cache.share('k', 60_000, newer);
        fail(new Error('late failure'));
        await expect(old).rejects.toThrow('late failure');
        await flush();
        expect(cache.share('k', 60_000, newer)).toBe(second);
        finish('new');
        await expect(second).resolves.toBe('new');
        expect(newer).toHaveBeenCalledTimes(1);
    });

    it('drops entries when the clock went back (a started time in the future)', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        const load = counted();
        await cache.share('k', 60_000, load);
        await flush();
        jest.setSystemTime(999_000);
        await cache.share('k', 60_000, load);
        expect(load.calls).toBe(2);
    });

    it('joins an in-flight read until just before its bound', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        const hung = jest.fn(() => new Promise<never>(() => undefined));
        const first = cache.share('k', 5000, hung);
        jest.setSystemTime(1_000_000 + MAX_IN_FLIGHT_MS - 1);
        expect(cache.share('k', 5000, hung)).toBe(first);
        await flush();
        expect(hung).toHaveBeenCalledTimes(1);
    });

    it('keeps an answer until just before it expires', async () => {
        jest.useFakeTimers({ now: 1_000_000 });
        const cache = createRequestCache();
        const load = counted();
        await cache.share('k', 5000, load);
        await flush();
        jest.setSystemTime(1_000_000 + 4999);
        await cache.share('k', 5000, load);
        expect(load.calls).toBe(1);
        jest.setSystemTime(1_000_000 + 5000);
        await cache.share('k', 5000, load);
        expect(load.calls).toBe(2);
    });

    it('counts holders from zero: releases without a retain do not keep a later holder from emptying it', async () => {
        const cache = createRequestCache();
        const load = counted();
        cache.release();
        cache.release();
        cache.retain();
        await cache.share('k', 60_000, load);
        await flush();
        cache.release();
        await cache.share('k', 60_000, load);
        expect(load.calls).toBe(2);
    });

    it('forgets a read that was dropped meanwhile instead of keeping its late answer', async () => {
        const cache = createRequestCache();
        let finish: (value: string) => void = () => undefined;
        const slow = cache.share('k', 60_000, () => new Promise<string>((resolve) => (finish = resolve)));
        cache.retain();
        cache.release(); // the last holder leaves: the cache is emptied while the read is in flight
        const again = counted();
        const second = cache.share('k', 60_000, again);
        await flush(); // loads start on a later tick
        finish('late');
        await expect(slow).resolves.toBe('late');
        await expect(second).resolves.toBe(1);
        await flush();
        await expect(cache.share('k', 60_000, again)).resolves.toBe(1);
        expect(again.calls).toBe(1);
    });
});

describe('the limiter itself', () => {
    it.each([
        ['NaN', Number.NaN, 1],
        ['infinity', Number.POSITIVE_INFINITY, 1],
        ['0', 0, 1],
        ['a fraction', 2.7, 2],
    ])('reads a limit of %s as %i', async (_what, limit, expected) => {
        const limiter = createRequestLimiter(limit);
        let running = 0;
        let peak = 0;
        const releases: (() => void)[] = [];
        const task = () => {
            running++;
            peak = Math.max(peak, running);
            return new Promise<void>((resolve) => releases.push(() => {
                running--;
                resolve();
            }));
        };
        const all = Array.from({ length: 4 }, () => limiter.run(task));
        await flush();
        expect(peak).toBe(expected);
        while (releases.length > 0) {
            releases.shift()?.();
            await flush();
        }
        await Promise.all(all);
        expect(peak).toBe(expected);
    });
});

describe('the read-signal board itself', () => {
    it('greets a late listener with a standing signal, and forgets it once cleared', () => {
        const board = createReadSignals();
        board.publish('k', BUSY);
        const heard: unknown[] = [];
        const unsubscribe = board.subscribe('k', (signal) => heard.push(signal));
        expect(heard).toStrictEqual([BUSY]);
        board.publish('k', undefined);
        unsubscribe();
        board.subscribe('k', (signal) => heard.push(signal));
        expect(heard).toStrictEqual([BUSY, undefined]);
    });

    it('forgets a standing signal when its last listener leaves, not before', () => {
        const board = createReadSignals();
        const first = board.subscribe('k', () => undefined);
        const second = board.subscribe('k', () => undefined);
        board.publish('k', BUSY);
        first();
        const heard: unknown[] = [];
        board.subscribe('k', (signal) => heard.push(signal))();
        expect(heard).toStrictEqual([BUSY]);
        second();
        board.subscribe('k', (signal) => heard.push(signal));
        expect(heard).toStrictEqual([BUSY]);
    });

    it('lets a listener leave twice', () => {
        const board = createReadSignals();
        const leave = board.subscribe('k', () => undefined);
        leave();
        expect(() => leave()).not.toThrow();
    });

    it('tells only the listeners of the key, each once, and none after they left', () => {
        const board = createReadSignals();
        const heard: string[] = [];
        const leave = board.subscribe('a', () => heard.push('a'));
        board.subscribe('b', () => heard.push('b'));
        board.publish('a', BUSY);
        leave();
        board.publish('a', BUSY);
        expect(heard).toStrictEqual(['a']);
    });
});
