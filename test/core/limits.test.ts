/**
 * The bounds every timer and Retry-After of the read pipeline goes through (components/shared/limits.ts):
 * a timer delay is finite, not negative, whole and never above what setTimeout honours; a Retry-After is
 * used only when it is a credible number of seconds. Written from mutation testing.
 */
import { MAX_CREDIBLE_RETRY_AFTER_SECONDS, MAX_TIMER_MS, timerDelay, usableRetryAfterSeconds } from '../../components/shared/limits';

describe('timer delays', () => {
    it('keeps a usable delay, rounded up to whole milliseconds', () => {
        expect(timerDelay(1500)).toBe(1500);
        expect(timerDelay(0.2)).toBe(1);
        expect(timerDelay(MAX_TIMER_MS)).toBe(MAX_TIMER_MS);
    });

    it('fires at once for zero, negative or non-finite delays, and caps long ones (setTimeout would fire those at once)', () => {
        expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
        for (const ms of [0, -0.5, -1000, Number.NaN, Number.NEGATIVE_INFINITY]) expect(timerDelay(ms)).toBe(0);
        expect(timerDelay(Number.POSITIVE_INFINITY)).toBe(0);
        expect(timerDelay(MAX_TIMER_MS + 1)).toBe(MAX_TIMER_MS);
        expect(timerDelay(1e15)).toBe(MAX_TIMER_MS);
    });
});

describe('Retry-After', () => {
    it('is used as seconds when it is a number or numeric text from 0 up to an hour', () => {
        expect(MAX_CREDIBLE_RETRY_AFTER_SECONDS).toBe(3600);
        expect(usableRetryAfterSeconds(0)).toBe(0);
        expect(usableRetryAfterSeconds(2.5)).toBe(2.5);
        expect(usableRetryAfterSeconds('30')).toBe(30);
        expect(usableRetryAfterSeconds(' 7 ')).toBe(7);
        expect(usableRetryAfterSeconds(3600)).toBe(3600);
        expect(usableRetryAfterSeconds('3600')).toBe(3600);
    });

    it('is treated as missing when it is negative, above an hour, not finite, blank or no number', () => {
        for (const value of [-1, -0.001, 3600.5, 86_400, '3601', Number.NaN, Number.POSITIVE_INFINITY, 'Infinity', '', '   ', 'soon', 'Wed, 21 Oct 2026 07:28:00 GMT', null, undefined, true, {}, [5]]) {
            expect(usableRetryAfterSeconds(value)).toBeUndefined();
        }
    });
});
