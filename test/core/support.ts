/** Shared set-up for the core's emulator tests. */
import { DataverseEmulator, DEFAULT_PLATFORM, PERSONAS, type PersonaKey, type SampleContactKey } from '../dataverse';
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

type ScriptedRow = Record<string, unknown>;
/** A request a scripted reader sent (options decoded). */
export interface SentRequest {
    readonly table: string;
    readonly options: string;
    readonly maxPageSize?: number;
}
/** A scripted answer: rows, a page, or a rejection as `context.webAPI` gives it; undefined: ask the emulator. */
export type ScriptedTable = (options: string, call: number) => ScriptedRow[] | { entities: ScriptedRow[]; nextLink: string } | { errorCode?: number; message: string } | undefined;

/**
 * A reader for `persona` whose `tables` may answer instead of the emulator (given the decoded options and
 * the how-manieth request to that table it is); records every request, answered by the script or not.
 */
export function scriptedReader(dv: DataverseEmulator, persona: PersonaKey, tables: Record<string, ScriptedTable>, options: InsightsReaderOptions = {}): { reader: InsightsReader; sent: SentRequest[] } {
    const sent: SentRequest[] = [];
    const calls = new Map<string, number>();
    const real = dv.webApi(PERSONAS[persona].userId);
    const webApi: WebApiReader = {
        retrieveMultipleRecords: async (table, raw, maxPageSize) => {
            const decoded = decodeURIComponent(raw ?? '');
            sent.push({ table, options: decoded, ...(maxPageSize !== undefined ? { maxPageSize } : {}) });
            const call = (calls.get(table) ?? 0) + 1;
            calls.set(table, call);
            const answer = tables[table]?.(decoded, call);
            if (answer === undefined) return real.retrieveMultipleRecords(table, raw, maxPageSize);
            if (Array.isArray(answer)) return { entities: answer, nextLink: '' };
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with plain objects
            return 'entities' in answer ? answer : Promise.reject(answer);
        },
    };
    return { reader: readerFor(dv, persona, options, webApi), sent };
}

/** Before each test of the file: no faults, an empty log and the default platform; the default platform again after the file. */
export function resetEmulatorBetweenTests(dv: DataverseEmulator): void {
    beforeEach(() => {
        dv.faults.reset();
        dv.log.clear();
        dv.platform = { ...DEFAULT_PLATFORM };
    });
    afterAll(() => {
        dv.platform = { ...DEFAULT_PLATFORM };
    });
}
