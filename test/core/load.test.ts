/**
 * A control's read life cycle (components/shared/load.ts, InsightsLoad), beyond test/ui/pure.test.ts: the
 * state before anything is read, one read per key, results and failures of older reads dropped, the busy
 * mark, which failures are read again by themselves and within which budget, the bounds of the settings,
 * the timers it clears, and nothing after dispose. Written from mutation testing.
 */
import { classifyFailure, type InsightsFailure } from '../../components/shared';
import { InsightsLoad } from '../../components/shared/load';
import { manualClock } from './manualClock';

const classify = (error: unknown): InsightsFailure => classifyFailure(error);
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** What context.webAPI rejects with when Dataverse is busy, and when the network is down. */
const BUSY = { errorCode: 0x80072322, message: 'Number of requests exceeded the limit' };
const UNEXPECTED = { errorCode: 0x80040216, message: 'An unexpected error occurred.' };
// eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with a plain object
const rejectWith = (value: unknown): Promise<never> => Promise.reject(value);

describe('the state of a read', () => {
    it('is loading, not busy, before anything is read, and tells the host nothing', () => {
        let changes = 0;
        const load = new InsightsLoad<string>({ onChange: () => changes++, classify });
        expect(load.state).toStrictEqual({ status: 'loading', busy: false });
        load.retry();
        load.markBusy();
        expect(load.state).toStrictEqual({ status: 'loading', busy: true });
        expect(changes).toBe(1);
    });

    it('reads once per key: the same key again neither reads nor changes what is shown', async () => {
        const clock = manualClock(5000);
        let runs = 0;
        const changes: string[] = [];
        const load = new InsightsLoad<string>({ onChange: () => changes.push(load.state.status), classify, timers: clock });
        load.start('a', () => Promise.resolve(`read ${++runs}`));
        await settle();
        load.start('a', () => Promise.resolve(`read ${++runs}`));
        await settle();
        expect(runs).toBe(1);
        expect(load.state).toStrictEqual({ status: 'ready', data: 'read 1', loadedAt: new Date(5000) });
        expect(changes).toStrictEqual(['loading', 'ready']);
    });

    it('shows loading again, not busy, when reading again after a failure', async () => {
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: manualClock() });
        let fail = true;
        load.start('a', () => (fail ? rejectWith(UNEXPECTED) : Promise.resolve('ok')));
        await settle();
        expect(load.state).toMatchObject({ status: 'failed', failure: { kind: 'unexpected' } });
        fail = false;
        load.retry();
        expect(load.state).toStrictEqual({ status: 'loading', busy: false });
        await settle();
        expect(load.state).toMatchObject({ status: 'ready', data: 'ok' });
    });

    it('drops the failure of an older read that ends after a newer one', async () => {
        let rejectOld: (error: unknown) => void = () => undefined;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: manualClock() });
        load.start('old', () => new Promise<string>((_resolve, reject) => (rejectOld = reject)));
        load.start('new', () => Promise.resolve('new'));
        await settle();
        rejectOld(UNEXPECTED);
        await settle();
        expect(load.state).toMatchObject({ status: 'ready', data: 'new' });
    });

    it('marks a loading read busy once, and never a read that has ended', async () => {
        let changes = 0;
        let finish: (value: string) => void = () => undefined;
        const load = new InsightsLoad<string>({ onChange: () => changes++, classify, timers: manualClock() });
        load.start('a', () => new Promise<string>((resolve) => (finish = resolve)));
        expect(changes).toBe(1);
        load.markBusy();
        load.markBusy();
        expect(load.state).toStrictEqual({ status: 'loading', busy: true });
        expect(changes).toBe(2);
        finish('done');
        await settle();
        load.markBusy();
        expect(load.state).toMatchObject({ status: 'ready', data: 'done' });
        expect(changes).toBe(3);
    });

    it('after dispose: no read starts, no busy mark, no change is told', async () => {
        let changes = 0;
        let runs = 0;
        const load = new InsightsLoad<string>({ onChange: () => changes++, classify, timers: manualClock() });
        load.dispose();
        load.start('a', () => Promise.resolve(String(++runs)));
        load.retry();
        load.markBusy();
        await settle();
        expect(runs).toBe(0);
        expect(changes).toBe(0);
        expect(load.state).toStrictEqual({ status: 'loading', busy: false });
    });

    it('after dispose, Try again reads nothing even after a read', async () => {
        let runs = 0;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: manualClock() });
        load.start('a', () => Promise.resolve(String(++runs)));
        await settle();
        load.dispose();
        load.retry();
        await settle();
        expect(runs).toBe(1);
    });
});

describe('automatic re-reads', () => {
    it('are only for busy failures', async () => {
        const clock = manualClock();
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock });
        load.start('a', () => rejectWith(UNEXPECTED));
        await settle();
        expect(load.state).toStrictEqual({ status: 'failed', failure: expect.objectContaining({ kind: 'unexpected' }) as unknown });
        expect(clock.delays).toStrictEqual([]);
    });

    it('stop when the next wait would go beyond the total budget, and a wait that fills it exactly is still taken', async () => {
        const runs = async (maxBusyWaitMs: number): Promise<number[]> => {
            const clock = manualClock();
            const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock, busyRetryMs: 1000, maxAutomaticRetries: 10, maxBusyWaitMs, random: () => 0 });
            load.start('a', () => rejectWith(BUSY));
            for (let i = 0; i < 12; i++) {
                await settle();
                clock.run();
            }
            return clock.delays;
        };
        // Waits of 500, 1000, 2000, 4000 ms (base 1000 ms, doubling, jitter factor 0.5).
        expect(await runs(3500)).toStrictEqual([500, 1000, 2000]);
        expect(await runs(3499)).toStrictEqual([500, 1000]);
    });

    it('take their settings within bounds, and the defaults for values that are no numbers', async () => {
        const delaysWith = async (settings: { busyRetryMs?: number; maxAutomaticRetries?: number; maxBusyWaitMs?: number }): Promise<number[]> => {
            const clock = manualClock();
            const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock, random: () => 0, ...settings });
            load.start('a', () => rejectWith(BUSY));
            for (let i = 0; i < 14; i++) {
                await settle();
                clock.run();
            }
            return clock.delays;
        };
        expect(await delaysWith({ busyRetryMs: 1000 })).toStrictEqual([500, 1000, 2000]);
        expect(await delaysWith({ busyRetryMs: Number.NaN })).toStrictEqual([7500, 15_000, 30_000]);
        expect(await delaysWith({ busyRetryMs: Number.POSITIVE_INFINITY })).toStrictEqual([7500, 15_000, 30_000]);
        expect(await delaysWith({ busyRetryMs: -5 })).toStrictEqual([0, 0, 0]);
        expect(await delaysWith({ busyRetryMs: 1, maxAutomaticRetries: 50 })).toHaveLength(10);
        expect(await delaysWith({ busyRetryMs: 1, maxAutomaticRetries: -1 })).toStrictEqual([]);
        expect(await delaysWith({ busyRetryMs: 1, maxAutomaticRetries: Number.NaN })).toHaveLength(3);
        expect(await delaysWith({ busyRetryMs: 400_000, maxBusyWaitMs: 10_000_000 })).toStrictEqual([150_000]);
        expect(await delaysWith({ busyRetryMs: 1000, maxBusyWaitMs: -1 })).toStrictEqual([]);
    });

    it('clear only the timers they set, and Try again replaces a pending re-read', async () => {
        const clock = manualClock();
        let runs = 0;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock, random: () => 0 });
        load.start('a', () => {
            runs++;
            return rejectWith(BUSY);
        });
        await settle();
        expect(clock.pending).toBe(1);
        expect(clock.cleared).toStrictEqual([]);
        load.retry();
        expect(clock.cleared).toStrictEqual([1]);
        await settle();
        expect(runs).toBe(2);
        expect(clock.pending).toBe(1);
        load.dispose();
        expect(clock.cleared).toStrictEqual([1, 2]);
        expect(clock.pending).toBe(0);
    });
});

describe('without timers given', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    it('uses the system clock and timers, and Try again cancels the pending re-read', async () => {
        jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z'), doNotFake: ['setImmediate'] });
        let runs = 0;
        let fail = true;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify });
        load.start('a', () => {
            runs++;
            return fail ? rejectWith({ ...BUSY, retryAfterSeconds: 2 }) : Promise.resolve('ok');
        });
        await settle();
        expect(load.state).toMatchObject({ status: 'failed', retryingAt: new Date('2026-06-01T00:00:02Z') });
        fail = false;
        load.retry();
        await settle();
        expect(load.state).toStrictEqual({ status: 'ready', data: 'ok', loadedAt: new Date('2026-06-01T00:00:00Z') });
        jest.advanceTimersByTime(5000);
        await settle();
        expect(runs).toBe(2);
    });

    it('reads again by itself when the system timer fires', async () => {
        jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z'), doNotFake: ['setImmediate'] });
        let runs = 0;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify });
        load.start('a', () => (++runs === 1 ? rejectWith({ ...BUSY, retryAfterSeconds: 1 }) : Promise.resolve('later')));
        await settle();
        jest.advanceTimersByTime(1000);
        await settle();
        expect(runs).toBe(2);
        expect(load.state).toMatchObject({ status: 'ready', data: 'later' });
        load.dispose();
    });
});
