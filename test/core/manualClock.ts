/**
 * A clock with timers that the test moves by hand, for the tests of the cell batches (cellBatches.test.ts,
 * cellBatchesScripted.test.ts) and of a control's read life cycle (load.test.ts): `advance` runs every timer
 * due on the way, in time order, each at its own time; `run` runs every timer set so far without moving the
 * clock; every delay set and every handle cleared is recorded.
 */
import type { LoadTimers } from '../../components/shared/load';

export interface ManualClock extends LoadTimers {
    /** Moves the clock on by `ms`, running the timers due by then. */
    advance(ms: number): void;
    /** Runs every timer set so far, as if its time had come, without moving the clock (timers they set wait for the next call). */
    run(): void;
    /** Every delay set, in order. */
    readonly delays: number[];
    /** Every handle cleared, in order. */
    readonly cleared: unknown[];
    /** How many timers are set and not yet run or cleared. */
    readonly pending: number;
}

/** Timers one `advance` may run before it fails the test. */
const MAX_TIMERS_PER_ADVANCE = 10_000;

/** A manual clock that starts at `start` (milliseconds since the epoch). */
export function manualClock(start = 0): ManualClock {
    let now = start;
    let next = 0;
    const timers = new Map<number, { at: number; callback: () => void }>();
    const delays: number[] = [];
    const cleared: unknown[] = [];
    return {
        delays,
        cleared,
        setTimeout: (callback, ms) => {
            delays.push(ms);
            timers.set(++next, { at: now + ms, callback });
            return next;
        },
        clearTimeout: (handle) => {
            cleared.push(handle);
            timers.delete(handle as number);
        },
        now: () => new Date(now),
        advance(ms) {
            const until = now + ms;
            // Bounded: a timer that keeps setting another at once would otherwise never let advance return.
            for (let ran = 0; ; ran++) {
                const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
                if (due === undefined) break;
                if (ran >= MAX_TIMERS_PER_ADVANCE) throw new Error(`More than ${MAX_TIMERS_PER_ADVANCE} timers ran in one advance: a timer loop?`);
                timers.delete(due[0]);
                now = due[1].at;
                due[1].callback();
            }
            now = until;
        },
        run() {
            const due = [...timers.values()];
            timers.clear();
            for (const timer of due) timer.callback();
        },
        get pending() {
            return timers.size;
        },
    };
}
