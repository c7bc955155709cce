/**
 * The life of one control's read: loading, ready, or failed with a designed state. Framework-free so the
 * control class owns it (network work starts in init or on a real input change, never in render) and React
 * only draws its snapshot.
 *
 * - A new `key` (the inputs that decide what to read) starts a new read; the same key does nothing.
 * - Results of an older read are dropped when a newer one has started.
 * - `busy` (throttled) failures are read again by themselves, a bounded number of times within a bounded
 *   total wait (./limits): after the Retry-After a rejection carried when it is usable, else after a backoff
 *   with jitter. Then the busy state stays, with Try again. No timer is ever longer than those caps.
 * - After `dispose` nothing is scheduled, and the host is never told about a change.
 */
import type { InsightsFailure } from './failure';
import { BUSY_RETRY_MS, MAX_AUTOMATIC_BUSY_RETRIES, MAX_BUSY_WAIT_MS, timerDelay, usableRetryAfterSeconds } from './limits';

export type LoadState<T> =
    | { readonly status: 'loading'; readonly busy: boolean }
    | { readonly status: 'ready'; readonly data: T; readonly loadedAt: Date }
    /** `retryingAt`: when the automatic re-read of a busy failure is due; absent when none is scheduled (Try again). */
    | { readonly status: 'failed'; readonly failure: InsightsFailure; readonly retryingAt?: Date };

export interface LoadTimers {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
    now(): Date;
}

const SYSTEM_TIMERS: LoadTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => new Date(),
};

export interface InsightsLoadSettings {
    /** Called whenever the state changes, e.g. `context.factory.requestRender`. */
    readonly onChange: () => void;
    /** Turns a rejection into a failure state (the reader's `classifyFailure`). */
    readonly classify: (error: unknown) => InsightsFailure;
    /** First automatic re-read after a busy failure without a usable Retry-After; doubles each time. Default 15 s. */
    readonly busyRetryMs?: number;
    /** Automatic re-reads after busy failures before Try again is shown. Default 3. */
    readonly maxAutomaticRetries?: number;
    /** Longest total wait of the automatic re-reads (and of any one of them). Default 5 minutes. */
    readonly maxBusyWaitMs?: number;
    readonly timers?: LoadTimers;
    /** In [0, 1), for jitter. Default Math.random. */
    readonly random?: () => number;
}

export class InsightsLoad<T> {
    private current: LoadState<T> = { status: 'loading', busy: false };
    private key: string | undefined;
    private run: (() => Promise<T>) | undefined;
    private generation = 0;
    private retryTimer: unknown;
    private disposed = false;
    private automaticRetries = 0;
    private busyWaited = 0;
    private readonly timers: LoadTimers;

    constructor(private readonly settings: InsightsLoadSettings) {
        this.timers = settings.timers ?? SYSTEM_TIMERS;
    }

    get state(): LoadState<T> {
        return this.current;
    }

    /** Starts reading when `key` differs from the last one; otherwise keeps what is shown. */
    start(key: string, run: () => Promise<T>): void {
        if (this.disposed || key === this.key) return;
        this.key = key;
        this.run = run;
        this.resetBusyBudget();
        this.execute();
    }

    /** Reads again with the same inputs (the "Try again" button): a fresh budget of automatic re-reads. */
    retry(): void {
        if (this.disposed || !this.run) return;
        this.resetBusyBudget();
        this.execute();
    }

    /** The reader is waiting out a throttle: keep loading, but say so. */
    markBusy(): void {
        if (this.disposed || this.current.status !== 'loading' || this.current.busy) return;
        this.set({ status: 'loading', busy: true });
    }

    dispose(): void {
        this.disposed = true;
        this.generation++;
        this.clearRetry();
    }

    private resetBusyBudget(): void {
        this.automaticRetries = 0;
        this.busyWaited = 0;
    }

    private execute(): void {
        const run = this.run;
        if (!run || this.disposed) return;
        const generation = ++this.generation;
        this.clearRetry();
        this.set({ status: 'loading', busy: false });
        void this.settle(generation, run);
    }

    private async settle(generation: number, run: () => Promise<T>): Promise<void> {
        let data: T;
        try {
            data = await run();
        } catch (error) {
            if (generation === this.generation && !this.disposed) this.fail(error);
            return;
        }
        if (generation === this.generation && !this.disposed) this.set({ status: 'ready', data, loadedAt: this.timers.now() });
    }

    private fail(error: unknown): void {
        const failure = this.settings.classify(error);
        const waitMs = failure.kind === 'busy' ? this.nextBusyWait(failure) : undefined;
        if (waitMs === undefined) {
            this.set({ status: 'failed', failure });
            return;
        }
        this.automaticRetries++;
        this.busyWaited += waitMs;
        this.retryTimer = this.timers.setTimeout(() => {
            this.retryTimer = undefined;
            this.execute();
        }, timerDelay(waitMs));
        const at = this.timers.now().getTime() + waitMs;
        this.set({ status: 'failed', failure, ...(Number.isFinite(at) ? { retryingAt: new Date(at) } : {}) });
    }

    /** The wait before the next automatic re-read, or undefined when the budget is spent (then Try again). */
    private nextBusyWait(failure: InsightsFailure): number | undefined {
        const maxRetries = bounded(this.settings.maxAutomaticRetries, MAX_AUTOMATIC_BUSY_RETRIES, 0, 10);
        const maxWait = bounded(this.settings.maxBusyWaitMs, MAX_BUSY_WAIT_MS, 0, MAX_BUSY_WAIT_MS);
        if (this.automaticRetries >= maxRetries) return undefined;
        const retryAfter = usableRetryAfterSeconds(failure.retryAfterSeconds);
        let waitMs: number;
        if (retryAfter !== undefined) {
            waitMs = retryAfter * 1000;
        } else {
            const base = bounded(this.settings.busyRetryMs, BUSY_RETRY_MS, 0, MAX_BUSY_WAIT_MS);
            const chance = this.settings.random?.() ?? Math.random();
            waitMs = base * 2 ** this.automaticRetries * (0.5 + (Number.isFinite(chance) ? Math.min(Math.max(chance, 0), 1) : 0.5) / 2);
        }
        // A wait the platform asks for that is longer than what is left is not shortened: we stop and let the
        // user try again later, instead of asking again too early.
        return this.busyWaited + waitMs > maxWait ? undefined : waitMs;
    }

    private clearRetry(): void {
        if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
    }

    private set(state: LoadState<T>): void {
        this.current = state;
        if (!this.disposed) this.settings.onChange();
    }
}

function bounded(value: number | undefined, fallback: number, min: number, max: number): number {
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
