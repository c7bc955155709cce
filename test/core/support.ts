/** Shared set-up for the core's emulator tests. */
import { DataverseEmulator, PERSONAS, type PersonaKey, type SampleContactKey } from '../dataverse';
import { createInsightsReader, type InsightsReader, type InsightsReaderOptions } from '../../components/shared';
import { createRequestCache, createRequestLimiter, REQUEST_CACHE_KEY, REQUEST_LIMITER_KEY } from '../../components/shared/pageState';
import type { Clock, WebApiReader } from '../../components/shared/requests';

export const SEED = 42;

let shared: DataverseEmulator | undefined;

/** One emulator for read-only tests (building the tenant is cheap, but sharing keeps the tests short). */
export function emulator(): DataverseEmulator {
    shared ??= DataverseEmulator.withSyntheticTenant({ seed: SEED });
    return shared;
}

export function contactId(dv: DataverseEmulator, key: SampleContactKey): string {
    return dv.tenant.sampleContacts[key].contactId;
}

/** A clock whose sleeps resolve at once; records what was asked. */
export function instantClock(onSleep?: (ms: number) => void): Clock & { slept: number[] } {
    const slept: number[] = [];
    return {
        slept,
        sleep: (ms) => {
            slept.push(ms);
            onSleep?.(ms);
            return Promise.resolve();
        },
        random: () => 0.5,
    };
}

/**
 * A reader for a persona as a control would create it, but with a private cache and limiter so tests do
 * not share answers (the page-wide sharing has its own test).
 */
export function readerFor(dv: DataverseEmulator, persona: PersonaKey, options: InsightsReaderOptions = {}, webApi?: WebApiReader): InsightsReader {
    return createInsightsReader({
        webApi: webApi ?? dv.webApi(PERSONAS[persona].userId),
        // PCF gives the user id braced and upper case.
        userId: `{${PERSONAS[persona].userId.toUpperCase()}}`,
        isOffline: () => false,
        options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), ...options },
    });
}

/** Removes the page-wide cache and limiter from globalThis (as a fresh page would have). */
export function resetPageState(): void {
    const global = globalThis as Record<symbol, unknown>;
    delete global[REQUEST_CACHE_KEY];
    delete global[REQUEST_LIMITER_KEY];
}
