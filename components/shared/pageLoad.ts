/**
 * The life of the Customer Insights reads of a view or grid control: which rows are loading, which have
 * their facts, and the one failure the control shows for the whole grid. Framework-free (like ./load.ts) so
 * the control's class owns it and React only draws a snapshot.
 *
 * - `show(rows)` is called with the rows on screen (every updateView); only rows never asked for start a
 *   read, so an updateView without changes sends nothing, and "Load more" reads the appended rows only.
 * - A failed read marks its rows failed and sets the failure; nothing is asked again by itself, except after
 *   a busy failure (throttled), which tries again after the platform's Retry-After (or a default), bounded.
 * - `retry()` (the Try again button) reads the failed rows again, also tables refused before.
 * - Nothing is set and no timer runs after `dispose()`.
 */
import type { InsightsFailure } from './failure';
import type { LoadTimers } from './load';
import { pageRowKey, type PageEnricher, type PageRow, type RowInsights } from './pageEnricher';

/** A row's Customer Insights state: still loading, its read failed (see the failure), or its facts. */
export type RowState = { readonly kind: 'loading' } | { readonly kind: 'failed' } | RowInsights;

export interface PageLoadSettings {
    readonly enricher: PageEnricher;
    /** Called whenever something a user sees changed, e.g. `context.factory.requestRender`. */
    readonly onChange: () => void;
    /** Wait before reading again after a busy failure without Retry-After. Default 15 s. */
    readonly busyRetryMs?: number;
    readonly timers?: LoadTimers;
}

/** Longest wait before an automatic busy retry, whatever Retry-After says (then the user can try again). */
export const MAX_BUSY_RETRY_MS = 120_000;
const DEFAULT_BUSY_RETRY_MS = 15_000;
/** Automatic busy retries in a row; after that the failure stays until the user tries again. */
const MAX_AUTOMATIC_RETRIES = 5;

const SYSTEM_TIMERS: LoadTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => new Date(),
};

export class PageInsightsLoad {
    private readonly states = new Map<string, RowState>();
    private readonly rowsByKey = new Map<string, PageRow>();
    private readFailure: InsightsFailure | undefined;
    private tableFailures: readonly InsightsFailure[] = [];
    private busyNow = false;
    private retryTimer: unknown;
    private retryAt: Date | undefined;
    private automaticRetries = 0;
    private generation = 0;
    private inFlight = 0;
    private disposed = false;
    private readonly timers: LoadTimers;

    constructor(private readonly settings: PageLoadSettings) {
        this.timers = settings.timers ?? SYSTEM_TIMERS;
    }

    /** The rows on screen: reads the ones never asked for. */
    show(rows: readonly PageRow[]): void {
        if (this.disposed) return;
        const fresh: PageRow[] = [];
        for (const row of rows) {
            const key = pageRowKey(row);
            if (this.states.has(key)) continue;
            this.rowsByKey.set(key, row);
            const known = this.settings.enricher.peek(row);
            if (known !== undefined) {
                this.states.set(key, known);
                continue;
            }
            this.states.set(key, { kind: 'loading' });
            fresh.push(row);
        }
        if (fresh.length > 0) this.read(fresh);
    }

    stateOf(row: PageRow): RowState | undefined {
        return this.states.get(pageRowKey(row));
    }

    /** The one failure to show for the grid: a failed read first, else a table some rows could not read. */
    get failure(): InsightsFailure | undefined {
        return this.readFailure ?? this.tableFailures[0];
    }

    /** A read is waiting out a throttle (busy, retrying by itself). */
    get busy(): boolean {
        return this.busyNow || (this.readFailure?.kind === 'busy' && this.retryTimer !== undefined);
    }

    /** When the automatic retry after a busy failure happens. */
    get retryingAt(): Date | undefined {
        return this.retryAt;
    }

    /** Reads are in flight. */
    get loading(): boolean {
        return this.inFlight > 0;
    }

    /** Try again: failed rows, rows whose tables failed, and tables refused before. */
    retry(): void {
        if (this.disposed) return;
        this.clearRetry();
        this.automaticRetries = 0;
        this.retryFailedRows();
    }

    /** The requester is waiting out a throttle. */
    markBusy(): void {
        if (this.disposed || this.busyNow || this.inFlight === 0) return;
        this.busyNow = true;
        this.settings.onChange();
    }

    dispose(): void {
        this.disposed = true;
        this.generation++;
        this.clearRetry();
    }

    private retryFailedRows(): void {
        this.settings.enricher.forgetFailures();
        this.readFailure = undefined;
        this.tableFailures = [];
        const again: PageRow[] = [];
        for (const [key, state] of this.states) {
            const row = this.rowsByKey.get(key);
            if (row === undefined) continue;
            if (state.kind === 'failed' || (state.kind === 'found' && (state.segments.status === 'failed' || state.measures.status === 'failed'))) {
                this.states.set(key, { kind: 'loading' });
                again.push(row);
            }
        }
        if (again.length > 0) this.read(again);
        else this.settings.onChange();
    }

    private read(rows: readonly PageRow[]): void {
        const generation = this.generation;
        this.inFlight++;
        const settle = async (): Promise<void> => {
            try {
                const result = await this.settings.enricher.enrich(rows);
                if (generation !== this.generation) return;
                for (const [key, insights] of result.rows) this.states.set(key, insights);
                this.tableFailures = result.failures;
                this.readFailure = undefined;
                this.automaticRetries = 0;
            } catch (error) {
                if (generation !== this.generation) return;
                const failure = this.settings.enricher.classifyFailure(error);
                for (const row of rows) this.states.set(pageRowKey(row), { kind: 'failed' });
                this.readFailure = failure;
                if (failure.kind === 'busy' && this.automaticRetries < MAX_AUTOMATIC_RETRIES) this.scheduleRetry(failure);
            } finally {
                if (generation === this.generation) {
                    this.inFlight--;
                    if (this.inFlight === 0) this.busyNow = false;
                    this.settings.onChange();
                }
            }
        };
        void settle();
        this.settings.onChange();
    }

    private scheduleRetry(failure: InsightsFailure): void {
        this.clearRetry();
        const seconds = failure.retryAfterSeconds;
        const asked = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : (this.settings.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS);
        const waitMs = Math.min(MAX_BUSY_RETRY_MS, Math.max(0, asked));
        this.automaticRetries++;
        this.retryAt = new Date(this.timers.now().getTime() + waitMs);
        this.retryTimer = this.timers.setTimeout(() => {
            this.retryTimer = undefined;
            this.retryAt = undefined;
            if (!this.disposed) this.retryFailedRows();
        }, waitMs);
    }

    private clearRetry(): void {
        if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        this.retryAt = undefined;
    }
}
