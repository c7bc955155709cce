/**
 * @jest-environment jsdom
 *
 * Another script on the page put something under the library's `Symbol.for` keys. Whatever it is, the
 * controls never throw from init or updateView ("Error loading control"): they fall back to a private
 * cache, limiter and signal board and show their data (in a real page, with more requests, since separate
 * bundles then no longer share answers).
 */
import { screen } from '@testing-library/react';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { createRequestCache, METADATA_CACHE_KEY, READ_SIGNALS_KEY, REQUEST_CACHE_KEY, REQUEST_LIMITER_KEY } from '../../components/shared/pageState';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, mountOnContactForm } from './mount';

const KEYS = [REQUEST_CACHE_KEY, REQUEST_LIMITER_KEY, READ_SIGNALS_KEY, METADATA_CACHE_KEY] as const;
const global = globalThis as Record<symbol, unknown>;

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(() => {
    destroyAll();
    for (const key of KEYS) {
        try {
            delete global[key];
        } catch {
            // a non-configurable property stays (its test runs last)
        }
    }
});

const hostile = (): never => {
    throw new Error('hostile page script');
};

function put(key: symbol, descriptor: PropertyDescriptor): void {
    Object.defineProperty(globalThis, key, { configurable: true, ...descriptor });
}

/** The card and the segment list on one form still show the customer. */
async function controlsWork(): Promise<void> {
    const customer = dv.tenant.sampleContacts.serviceAgentCustomer;
    expect(() => {
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard);
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership);
    }).not.toThrow();
    expect(await screen.findByText(customer.fullName)).toBeTruthy();
    expect(await screen.findByRole('list', { name: 'Segments of this customer' })).toBeTruthy();
    expect(dv.log.countByTable()['msdynci_customerprofile']).toBeGreaterThanOrEqual(1);
}

describe('hostile page-wide state under the Symbol.for keys', () => {
    it('a cache whose retain() throws', async () => {
        put(REQUEST_CACHE_KEY, { value: { version: 1, share: hostile, retain: hostile, release: hostile } });
        await controlsWork();
        expect(() => destroyAll()).not.toThrow();
    });

    it('a cache, limiter and board whose every method throws', async () => {
        put(REQUEST_CACHE_KEY, { value: { version: 1, share: hostile, retain: hostile, release: hostile } });
        put(METADATA_CACHE_KEY, { value: { version: 1, share: hostile, retain: hostile, release: hostile } });
        put(REQUEST_LIMITER_KEY, { value: { version: 1, run: hostile } });
        put(READ_SIGNALS_KEY, { value: { version: 1, publish: hostile, subscribe: hostile } });
        await controlsWork();
    });

    it('a cache and limiter that answer nonsense instead of promises', async () => {
        put(REQUEST_CACHE_KEY, { value: { version: 1, share: () => 42, retain: () => undefined, release: () => undefined } });
        put(METADATA_CACHE_KEY, { value: { version: 1, share: () => 42, retain: () => undefined, release: () => undefined } });
        put(REQUEST_LIMITER_KEY, { value: { version: 1, run: () => 'not a promise' } });
        put(READ_SIGNALS_KEY, { value: { version: 1, publish: () => undefined, subscribe: () => 'not a function' } });
        await controlsWork();
    });

    it('a throwing getter on every key', async () => {
        for (const key of KEYS) put(key, { get: hostile });
        await controlsWork();
    });

    it('a Proxy whose every trap throws', async () => {
        const trap = new Proxy({}, { get: hostile, has: hostile, ownKeys: hostile, getOwnPropertyDescriptor: hostile, getPrototypeOf: hostile });
        for (const key of KEYS) put(key, { value: trap });
        await controlsWork();
    });

    it('a frozen object that is not ours, and a frozen cache that is compatible', async () => {
        put(REQUEST_CACHE_KEY, { value: Object.freeze({ version: 1 }) });
        put(REQUEST_LIMITER_KEY, { value: Object.freeze({ version: 1, run: 'no' }) });
        await controlsWork();
        destroyAll();
        delete global[REQUEST_CACHE_KEY];
        put(REQUEST_CACHE_KEY, { value: Object.freeze(createRequestCache()) });
        dv.log.clear();
        await controlsWork();
        // The frozen but working cache is shared: one contact read for both controls.
        expect(dv.log.countByTable()['contact']).toBe(1);
    });

    // Last: a non-configurable property cannot be removed again in this file's global.
    it('a non-configurable undefined on every key', async () => {
        for (const key of KEYS) Object.defineProperty(globalThis, key, { value: undefined, configurable: false, writable: false });
        await controlsWork();
        expect(global[REQUEST_CACHE_KEY]).toBeUndefined();
    });
});
