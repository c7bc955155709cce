/**
 * The life of one control's read: loading, ready, or failed with a designed state. Framework-free so the
 * control class owns it (network work starts in init or on a real input change, never in render) and React
 * only draws its snapshot.
 *
 * - A new `key` (the inputs that decide what to read) starts a new read; the same key does nothing.
 * - Results of an older read are dropped when a newer one has started.
 * - `busy` (throttled) failures try again by themselves after the platform's Retry-After (or a default).
 */
import type { InsightsFailure } from './failure';

export type LoadState<T> =
    | { readonly status: 'loading'; readonly busy: boolean }
    | { readonly status: 'ready'; readonly data: T; readonly loadedAt: Date }
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
    /** Wait before reading again after a busy failure without Retry-After. */
    readonly busyRetryMs?: number;
    readonly timers?: LoadTimers;
}

export class InsightsLoad<T> {
    private current: LoadState<T> = { status: 'loading', busy: false };
    private key: string | undefined;
    private run: (() => Promise<T>) | undefined;
    private generation = 0;
    private retryTimer: unknown;
    private disposed = false;
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
        this.execute();
    }

    /** Reads again with the same inputs (the "try again" button, or a busy retry). */
    retry(): void {
        if (!this.disposed && this.run) this.execute();
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

    private execute(): void {
        const run = this.run;
        if (!run) return;
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
            if (generation === this.generation) this.fail(error);
            return;
        }
        if (generation === this.generation) this.set({ status: 'ready', data, loadedAt: this.timers.now() });
    }

    private fail(error: unknown): void {
        const failure = this.settings.classify(error);
        if (failure.kind !== 'busy') {
            this.set({ status: 'failed', failure });
            return;
        }
        const waitMs = (failure.retryAfterSeconds ?? 0) * 1000 || (this.settings.busyRetryMs ?? 15000);
        this.retryTimer = this.timers.setTimeout(() => this.retry(), waitMs);
        this.set({ status: 'failed', failure, retryingAt: new Date(this.timers.now().getTime() + waitMs) });
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
