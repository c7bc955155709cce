/**
 * Fakes for the timeline's node tests (test/ui/timeline.test.ts, timelineFeed.test.ts): activity rows with
 * unique ids, pages as the reader returns them, and a page source whose reads the test answers by hand.
 */
import type { ActivityPageQuery, UnifiedActivitiesRead, UnifiedActivityRow } from '../../components/shared';
import { normaliseGuid, type NormalisedGuid } from '../../components/shared/identifiers';
import { parseKeyValues } from '../../components/shared/parsers';
import { parseActivityTypes } from '../../components/CustomerInsightsTimeline/activityTypes';
import type { FeedSource } from '../../components/CustomerInsightsTimeline/timelineFeed';
import type { LoadTimers } from '../../components/shared/load';

let idCounter = 0;

/** An e-mail activity at `time` with the next id of this test file and title `t<n>`; `extra` overrides. */
export function activityRow(time: string, extra: Partial<UnifiedActivityRow> = {}): UnifiedActivityRow {
    idCounter++;
    const id = normaliseGuid(`00000000-0000-4000-8000-${String(idCounter).padStart(12, '0')}`) as NormalisedGuid;
    return { id, activityTime: new Date(time), activityType: 'Email', activityTypeDisplay: 'Email', title: `t${idCounter}`, semanticData: parseKeyValues(null), ...extra };
}

/** A page as the reader returns it: `next` exactly when more are available. */
export function page(rows: UnifiedActivityRow[], more: boolean): UnifiedActivitiesRead {
    const last = rows[rows.length - 1];
    return { customerId: 'c' as never, rows, moreAvailable: more, ...(more && last !== undefined ? { next: { time: last.activityTime, id: last.id } } : {}) };
}

/** A read the test has not answered yet. */
export interface Pending {
    readonly query: ActivityPageQuery;
    resolve(value: UnifiedActivitiesRead): void;
    reject(error: unknown): void;
}

/** A page source of two rows per page whose reads wait in `pending` until the test answers them. */
export function fakeSource(types = ''): FeedSource & { pending: Pending[] } {
    const pending: Pending[] = [];
    return {
        pending,
        pageSize: 2,
        types: parseActivityTypes(types),
        read: (query) => new Promise((resolve, reject) => pending.push({ query, resolve, reject })),
    };
}

export interface Scheduled {
    readonly ms: number;
    readonly callback: () => void;
    cleared: boolean;
}

/** Timers the test runs by hand (`run`), at the clock `now`. */
export function fakeTimers(now: () => Date): LoadTimers & { run(): void; scheduled: Scheduled[]; live(): number[] } {
    const scheduled: Scheduled[] = [];
    return {
        scheduled,
        setTimeout: (callback, ms) => {
            const entry = { ms, callback, cleared: false };
            scheduled.push(entry);
            return entry;
        },
        clearTimeout: (handle) => {
            (handle as Scheduled).cleared = true;
        },
        now,
        /** Runs every timer not cleared (as if their time had come). */
        run: () => scheduled.splice(0).forEach((entry) => !entry.cleared && entry.callback()),
        /** Delays of the timers still due. */
        live: () => scheduled.filter((entry) => !entry.cleared).map((entry) => entry.ms),
    };
}
