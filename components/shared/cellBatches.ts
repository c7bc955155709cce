/**
 * Batches of rows for cells that a host renders a few at a time (the Power Apps grid's cell renderers, as the
 * user scrolls): each cell asks for its row; the rows asked for within one short quiet spell (a frame or two of
 * rendering) go to the page enricher together, so requests grow with batches, never with cells or rows.
 *
 * - `want(row)` (from the renderer call) queues a row nobody has asked for yet and (re)starts the debounce;
 *   a batch is sent at the latest `maxWaitMs` after its first row, so a long scroll still sends.
 * - Rows read once are known while the enricher lives: asked again (scrolled back, re-sorted, a recycled row),
 *   they are answered from memory without a request.
 * - `stateOf(row)` is pure (for rendering): the row's state, `loading` while queued or in flight.
 * - Rows whose read failed for a passing reason (offline, network, time limit, unexpected) are read again when
 *   their cells are rendered again (scroll, sort), at most once per `retryFailedAfterMs`; a throttled read
 *   retries by itself (./pageLoad.ts); missing privilege or configuration is not asked again by rendering.
 * - Listeners hear every change (a batch answered, a busy retry); nothing is sent, no timer runs and no
 *   listener is called after `dispose()`.
 * Framework-free (no React, no PCF context), like ./pageLoad.ts, which it uses for the reads themselves.
 */
import type { InsightsFailure } from './failure';
import type { LoadTimers } from './load';
import { pageRowKey, type PageEnricher, type PageRow } from './pageEnricher';
import { PageInsightsLoad, type RowState } from './pageLoad';

export interface CellBatchSettings {
    readonly enricher: PageEnricher;
    /** Quiet time after the last cell before a batch is sent. Default 40 ms (a couple of frames). */
    readonly debounceMs?: number;
    /** Longest wait of a queued row. Default 250 ms. */
    readonly maxWaitMs?: number;
    readonly busyRetryMs?: number;
    /** Least time between re-reads of failed rows that rendering asks for. Default 15 s. */
    readonly retryFailedAfterMs?: number;
    readonly timers?: LoadTimers;
}

export const DEFAULT_BATCH_DEBOUNCE_MS = 40;
export const DEFAULT_BATCH_MAX_WAIT_MS = 250;
export const DEFAULT_RETRY_FAILED_AFTER_MS = 15_000;
/** Failures that may pass by themselves: rendering the rows again may read them again. */
const PASSING: ReadonlySet<string> = new Set(['offline', 'network', 'timeout', 'unexpected']);

const SYSTEM_TIMERS: LoadTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => new Date(),
};

const LOADING: RowState = { kind: 'loading' };
const FAILED: RowState = { kind: 'failed' };

export class CellBatches {
    private readonly load: PageInsightsLoad;
    private readonly queued = new Map<string, PageRow>();
    private readonly listeners = new Set<() => void>();
    private readonly timers: LoadTimers;
    private timer: unknown;
    private firstQueuedAt = 0;
    private retryWanted = false;
    /** When rows last failed or were last read again: re-reads wait `retryFailedAfterMs` from here. */
    private lastAttemptAt = Number.NEGATIVE_INFINITY;
    private lastFailure: InsightsFailure | undefined;
    /**
     * The failure that last failed rows. A later batch that succeeds clears the grid's failure, but the rows
     * that failed before still say "not loaded": rendering them again re-reads them when this one may pass.
     */
    private rowsFailure: InsightsFailure | undefined;
    private sent = 0;
    private disposed = false;

    constructor(private readonly settings: CellBatchSettings) {
        this.timers = settings.timers ?? SYSTEM_TIMERS;
        this.load = new PageInsightsLoad({
            enricher: settings.enricher,
            onChange: () => {
                const failure = this.load.failure;
                if (failure !== this.lastFailure && failure !== undefined) {
                    this.lastAttemptAt = this.timers.now().getTime();
                    this.rowsFailure = failure;
                }
                this.lastFailure = failure;
                this.notify();
            },
            ...(settings.busyRetryMs !== undefined ? { busyRetryMs: settings.busyRetryMs } : {}),
            timers: this.timers,
        });
    }

    /** A cell of `row` is being rendered: queues the row when nothing is known of it. Returns its state. */
    want(row: PageRow): RowState {
        const state = this.stateOf(row);
        if (this.disposed) return state;
        if (state.kind === 'failed') {
            this.wantRetry();
            return state;
        }
        if (state !== LOADING) return state;
        const key = pageRowKey(row);
        if (this.queued.has(key)) return state;
        if (this.queued.size === 0) this.firstQueuedAt = this.timers.now().getTime();
        this.queued.set(key, row);
        this.schedule();
        return state;
    }

    /** The row's state now, without side effects. */
    stateOf(row: PageRow): RowState {
        const known = this.load.stateOf(row) ?? this.settings.enricher.peek(row);
        if (known !== undefined) return known;
        // After dispose nothing is read any more: a row never read says so instead of loading for ever.
        return this.disposed ? FAILED : LOADING;
    }

    /** The failure of the last failed read, if any (its rows say "not loaded" or "no access"). */
    get failure(): InsightsFailure | undefined {
        return this.load.failure;
    }

    /** Batches sent so far (for the benchmark and tests). */
    get batches(): number {
        return this.sent;
    }

    /** Rows waiting for the next batch. */
    get queuedRows(): number {
        return this.queued.size;
    }

    /** The requester waits out a throttle (the enricher's busy retry). */
    markBusy(): void {
        this.load.markBusy();
    }

    subscribe(listener: () => void): () => void {
        if (this.disposed) return () => undefined;
        this.listeners.add(listener);
        return () => {
            this.listeners.delete(listener);
        };
    }

    /** Sends the queued rows now (e.g. the host's rendering is known to be complete). */
    flush(): void {
        this.clearTimer();
        if (this.disposed) return;
        if (this.retryWanted) {
            this.retryWanted = false;
            this.lastAttemptAt = this.timers.now().getTime();
            this.load.retry();
        }
        if (this.queued.size === 0) return;
        const rows = [...this.queued.values()];
        this.queued.clear();
        this.sent++;
        this.load.show(rows);
    }

    dispose(): void {
        this.disposed = true;
        this.clearTimer();
        this.queued.clear();
        this.listeners.clear();
        this.load.dispose();
    }

    /** A failed row is rendered again: read the failed rows again with the next batch, if the failure may have passed. */
    private wantRetry(): void {
        const failure = this.load.failure ?? this.rowsFailure;
        if (this.retryWanted || failure === undefined || !PASSING.has(failure.kind) || this.load.loading || this.load.busy) return;
        if (this.timers.now().getTime() - this.lastAttemptAt < (this.settings.retryFailedAfterMs ?? DEFAULT_RETRY_FAILED_AFTER_MS)) return;
        this.retryWanted = true;
        if (this.queued.size === 0) this.firstQueuedAt = this.timers.now().getTime();
        this.schedule();
    }

    private schedule(): void {
        this.clearTimer();
        const debounce = this.settings.debounceMs ?? DEFAULT_BATCH_DEBOUNCE_MS;
        const maxWait = this.settings.maxWaitMs ?? DEFAULT_BATCH_MAX_WAIT_MS;
        const waited = this.timers.now().getTime() - this.firstQueuedAt;
        const wait = Math.max(0, Math.min(debounce, maxWait - waited));
        this.timer = this.timers.setTimeout(() => {
            this.timer = undefined;
            this.flush();
        }, wait);
    }

    private clearTimer(): void {
        if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
        this.timer = undefined;
    }

    private notify(): void {
        if (this.disposed) return;
        for (const listener of [...this.listeners]) listener();
    }
}
