/**
 * The timeline's list over time, framework-free (the control class owns it; React draws its snapshot):
 * the first page of a profile, "Load more" (one request per page, by keyset), filter changes (reset and one
 * request), with stale answers dropped, busy answers read again by themselves within the same bounds as every
 * control's read (../shared/limits: a few times, within the service-protection window, then Try again), and
 * nothing sent or set after `dispose`.
 */
import type { ActivityPageQuery, InsightsFailure, RowOrigin, UnifiedActivitiesRead, UnifiedActivityRow } from '../shared';
import { BUSY_RETRY_MS, MAX_AUTOMATIC_BUSY_RETRIES, MAX_BUSY_WAIT_MS, timerDelay, usableRetryAfterSeconds } from '../shared/limits';
import type { LoadTimers } from '../shared/load';
import { commonBusinessUnit, newestModifiedOn } from '../shared/rows';
import type { UserClock } from '../shared/userTime';
import type { ActivityTypeList } from './activityTypes';
import { activityFilter, isFiltered, type TimelineFilters } from './timelineFilters';

/** Entries kept at most (40 pages of 25): beyond it the list asks to narrow the filters instead. */
export const MAX_TIMELINE_ENTRIES = 1000;

export type FeedStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface FeedSnapshot {
    readonly status: FeedStatus;
    readonly entries: readonly UnifiedActivityRow[];
    /** The server has older entries for these filters. */
    readonly moreAvailable: boolean;
    /** Stopped at {@link MAX_TIMELINE_ENTRIES} although more exist. */
    readonly atLimit: boolean;
    readonly loadingMore: boolean;
    /** Why the first page failed (status `failed`). */
    readonly failure?: InsightsFailure;
    /** Why the last "Load more" failed; the entries stay. */
    readonly moreFailure?: InsightsFailure;
    /** When a busy failure is tried again by itself; absent when it is not (then the message offers Try again). */
    readonly retryingAt?: Date;
    readonly filters: TimelineFilters;
    readonly filtered: boolean;
    /** The custom range is not a range: nothing was sent. */
    readonly invalidRange: boolean;
    /** Types seen in loaded entries (type → display name), for the chips. Grows for the control's life. */
    readonly seenTypes: ReadonlyMap<string, string | undefined>;
    /** Entries the last page added, and where they start (for the announcement and focus). */
    readonly lastPage?: { readonly added: number; readonly firstIndex: number; readonly more: boolean; readonly sequence: number };
    /** Owning business unit and freshness of what is shown. */
    readonly origin: RowOrigin;
}

export interface FeedSource {
    /** Reads one page for the shown profile (the reader's readUnifiedActivities, bound to the profile). */
    readonly read: (query: ActivityPageQuery) => Promise<UnifiedActivitiesRead>;
    readonly pageSize: number;
    readonly types: ActivityTypeList;
}

export interface FeedSettings {
    readonly filters: TimelineFilters;
    readonly classify: (error: unknown) => InsightsFailure;
    readonly onChange: () => void;
    /** Told when the user changed the filters (to keep them in the control state). */
    readonly onFiltersChange?: (filters: TimelineFilters) => void;
    readonly clock: () => Pick<UserClock, 'offsetMinutes'>;
    readonly now?: () => Date;
    readonly timers?: LoadTimers;
    /** First wait before reading a busy page again when the platform gave no usable Retry-After; doubles. */
    readonly busyRetryMs?: number;
    /** For tests: the jitter of that wait, in [0, 1). */
    readonly random?: () => number;
}

const SYSTEM_TIMERS: LoadTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => new Date(),
};

export class TimelineFeed {
    private source: FeedSource | undefined;
    private filters: TimelineFilters;
    private entries: UnifiedActivityRow[] = [];
    private ids = new Set<string>();
    private next: UnifiedActivitiesRead['next'];
    /** The server filter of the list shown (fixed when it started, so "last 7 days" does not move under Load more). */
    private shownFilter: ActivityPageQuery | undefined;
    private snapshotValue: FeedSnapshot;
    private readonly seen = new Map<string, string | undefined>();
    private generation = 0;
    private sequence = 0;
    private retryTimer: unknown;
    /** Automatic re-reads and their waits since the user last asked for something. */
    private automaticRetries = 0;
    private busyWaited = 0;
    private disposed = false;
    private readonly timers: LoadTimers;

    constructor(private readonly settings: FeedSettings) {
        this.filters = settings.filters;
        this.timers = settings.timers ?? SYSTEM_TIMERS;
        this.snapshotValue = this.build({ status: 'idle', moreAvailable: false, loadingMore: false, invalidRange: false });
    }

    get snapshot(): FeedSnapshot {
        return this.snapshotValue;
    }

    /** A newly resolved profile (or new page size / type list): the newest entries under the current filters. */
    start(source: FeedSource): void {
        if (this.disposed) return;
        this.source = source;
        this.resetBusyBudget();
        this.readFirstPage();
    }

    /** The user changed the filters: the list starts over with exactly one request. */
    setFilters(filters: TimelineFilters): void {
        if (this.disposed) return;
        this.filters = filters;
        this.resetBusyBudget();
        this.settings.onFiltersChange?.(filters);
        if (this.source === undefined) {
            this.snapshotValue = this.build({ status: this.snapshotValue.status, moreAvailable: false, loadingMore: false, invalidRange: false });
            this.settings.onChange();
            return;
        }
        this.readFirstPage();
    }

    /** The next page, after the last entry shown. Ignored while a page is being read. */
    loadMore(): void {
        this.resetBusyBudget();
        this.readNextPage();
    }

    /** "Try again" after a failure (of the first page or of Load more). */
    retry(): void {
        this.resetBusyBudget();
        this.readAgain();
    }

    dispose(): void {
        this.disposed = true;
        this.generation++;
        this.clearRetry();
    }

    private readAgain(): void {
        if (this.disposed) return;
        if (this.snapshotValue.status === 'failed') this.readFirstPage();
        else if (this.snapshotValue.moreFailure !== undefined) this.readNextPage();
    }

    private readNextPage(): void {
        const source = this.source;
        const current = this.snapshotValue;
        const shown = this.shownFilter;
        if (this.disposed || source === undefined || shown === undefined || current.status !== 'ready' || current.loadingMore || this.next === undefined || current.atLimit) return;
        const after = this.next;
        const generation = ++this.generation;
        this.clearRetry();
        this.update({ ...this.flags(), loadingMore: true, moreAvailable: true });
        void this.settle(generation, source.read({ ...shown, after }), true);
    }

    private readFirstPage(): void {
        const source = this.source;
        if (source === undefined) return;
        const generation = ++this.generation;
        this.clearRetry();
        this.entries = [];
        this.ids = new Set();
        this.next = undefined;
        this.shownFilter = undefined;
        const filter = activityFilter(this.filters, source.types, (this.settings.now ?? (() => new Date()))(), this.settings.clock());
        if (filter === 'invalid') {
            this.update({ status: 'ready', moreAvailable: false, loadingMore: false, invalidRange: true });
            return;
        }
        const query: ActivityPageQuery = { ...filter, pageSize: source.pageSize };
        this.shownFilter = query;
        this.update({ status: 'loading', moreAvailable: false, loadingMore: false, invalidRange: false });
        void this.settle(generation, source.read(query), false);
    }

    private async settle(generation: number, read: Promise<UnifiedActivitiesRead>, append: boolean): Promise<void> {
        let page: UnifiedActivitiesRead;
        try {
            page = await read;
        } catch (error) {
            if (generation === this.generation && !this.disposed) this.fail(error, append);
            return;
        }
        if (generation !== this.generation || this.disposed) return;
        const firstIndex = this.entries.length;
        let added = 0;
        for (const row of page.rows) {
            // Defence in depth: keyset paging repeats nothing, but an entry is never shown twice.
            if (this.ids.has(row.id) || this.entries.length >= MAX_TIMELINE_ENTRIES) continue;
            this.ids.add(row.id);
            this.entries.push(row);
            added++;
            if (row.activityType !== undefined && !this.seen.has(row.activityType)) this.seen.set(row.activityType, row.activityTypeDisplay);
        }
        this.next = page.next;
        const more = page.moreAvailable && page.next !== undefined;
        this.update({ status: 'ready', moreAvailable: more, loadingMore: false, invalidRange: false, lastPage: { added, firstIndex, more: append, sequence: ++this.sequence } });
    }

    private fail(error: unknown, append: boolean): void {
        const failure = this.settings.classify(error);
        let retryingAt: Date | undefined;
        const waitMs = failure.kind === 'busy' ? this.nextBusyWait(failure) : undefined;
        if (waitMs !== undefined) {
            this.automaticRetries++;
            this.busyWaited += waitMs;
            this.retryTimer = this.timers.setTimeout(() => {
                this.retryTimer = undefined;
                this.readAgain();
            }, timerDelay(waitMs));
            const at = this.timers.now().getTime() + waitMs;
            if (Number.isFinite(at)) retryingAt = new Date(at);
        }
        if (append) this.update({ ...this.flags(), loadingMore: false, moreFailure: failure, ...(retryingAt !== undefined ? { retryingAt } : {}) });
        else this.update({ status: 'failed', moreAvailable: false, loadingMore: false, invalidRange: false, failure, ...(retryingAt !== undefined ? { retryingAt } : {}) });
    }

    /** The wait before the next automatic re-read, or undefined when the budget is spent (then Try again). */
    private nextBusyWait(failure: InsightsFailure): number | undefined {
        if (this.automaticRetries >= MAX_AUTOMATIC_BUSY_RETRIES) return undefined;
        const retryAfter = usableRetryAfterSeconds(failure.retryAfterSeconds);
        const chance = this.settings.random?.() ?? Math.random();
        const jitter = 0.5 + (Number.isFinite(chance) ? Math.min(Math.max(chance, 0), 1) : 0.5) / 2;
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : (this.settings.busyRetryMs ?? BUSY_RETRY_MS) * 2 ** this.automaticRetries * jitter;
        return this.busyWaited + waitMs > MAX_BUSY_WAIT_MS ? undefined : waitMs;
    }

    private resetBusyBudget(): void {
        this.automaticRetries = 0;
        this.busyWaited = 0;
    }

    private flags(): { status: FeedStatus; moreAvailable: boolean; loadingMore: boolean; invalidRange: boolean } {
        const { status, moreAvailable, loadingMore, invalidRange } = this.snapshotValue;
        return { status, moreAvailable, loadingMore, invalidRange };
    }

    private clearRetry(): void {
        if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
    }

    private update(state: Parameters<TimelineFeed['build']>[0]): void {
        if (this.disposed) return;
        this.snapshotValue = this.build(state);
        this.settings.onChange();
    }

    private build(state: {
        status: FeedStatus;
        moreAvailable: boolean;
        loadingMore: boolean;
        invalidRange: boolean;
        failure?: InsightsFailure;
        moreFailure?: InsightsFailure;
        retryingAt?: Date;
        lastPage?: FeedSnapshot['lastPage'];
    }): FeedSnapshot {
        const entries = [...this.entries];
        const owningBusinessUnit = commonBusinessUnit(entries);
        const modifiedOn = newestModifiedOn(entries);
        const atLimit = state.moreAvailable && entries.length >= MAX_TIMELINE_ENTRIES;
        return {
            ...state,
            moreAvailable: state.moreAvailable && !atLimit,
            atLimit,
            entries,
            filters: this.filters,
            filtered: isFiltered(this.filters),
            seenTypes: new Map(this.seen),
            origin: { ...(owningBusinessUnit !== undefined ? { owningBusinessUnit } : {}), ...(modifiedOn !== undefined ? { modifiedOn } : {}) },
        };
    }
}
