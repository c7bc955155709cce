/**
 * Dates in the user's Dataverse time zone (not the browser's): grouping keys, preset and custom ranges in
 * whole local days, across daylight-saving changes, and formatting with the user's clock.
 */
import fc from 'fast-check';
import { customRange, DATE_PRESETS, formatCalendarDate, formatLocalDateTime, formatLocalDay, formatLocalMonth, formatLocalTime, fromWallClock, localDayKey, localDaysBetween, localMonthKey, parseDateInput, presetRange, startOfLocalDay, wallClock, type UserClock } from '../../components/shared/userTime';

/** Berlin: UTC+1, UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. */
function berlinOffset(date: Date): number {
    const year = date.getUTCFullYear();
    const lastSunday = (month: number) => {
        const last = new Date(Date.UTC(year, month + 1, 0));
        return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
    };
    const t = date.getTime();
    return t >= lastSunday(2) && t < lastSunday(9) ? 120 : 60;
}

const berlin: UserClock = { locale: 'de-DE', offsetMinutes: berlinOffset, hourCycle: 'h23' };
const seattle: UserClock = { locale: 'en-US', offsetMinutes: (d) => (berlinOffset(d) === 120 ? -420 : -480), hourCycle: 'h12' };
const utc: UserClock = { locale: 'en-US', offsetMinutes: () => 0 };

describe('local days', () => {
    it('groups by the user\'s day and month, not UTC', () => {
        const lateEvening = new Date('2026-02-28T23:30:00Z');
        expect(localDayKey(lateEvening, berlin)).toBe('2026-03-01');
        expect(localMonthKey(lateEvening, berlin)).toBe('2026-03');
        expect(localDayKey(lateEvening, seattle)).toBe('2026-02-28');
        expect(localDayKey(lateEvening, utc)).toBe('2026-02-28');
    });

    it('finds the start of a local day across daylight saving', () => {
        expect(startOfLocalDay(new Date('2026-03-29T12:00:00Z'), berlin).toISOString()).toBe('2026-03-28T23:00:00.000Z');
        expect(startOfLocalDay(new Date('2026-03-30T12:00:00Z'), berlin).toISOString()).toBe('2026-03-29T22:00:00.000Z');
        expect(startOfLocalDay(new Date('2026-03-30T12:00:00Z'), berlin, -1).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    });

    it('wall clock and back are inverse, except that a wall time of the repeated hour maps to one of its two moments (property)', () => {
        fc.assert(
            fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(berlin, seattle, utc), (date, clock) => {
                const back = fromWallClock(wallClock(date, clock), clock);
                expect(wallClock(back, clock)).toStrictEqual(wallClock(date, clock));
                // Only in the hour that the clocks repeat when daylight saving ends: the same wall time an hour apart.
                if (back.getTime() !== date.getTime()) expect(Math.abs(back.getTime() - date.getTime())).toBe(3_600_000);
                const start = startOfLocalDay(date, clock);
                expect(start.getTime()).toBeLessThanOrEqual(date.getTime());
                expect(localDayKey(start, clock)).toBe(localDayKey(date, clock));
                expect(localDaysBetween(start, date, clock)).toBe(0);
            }),
            { numRuns: 500 },
        );
    });

    it('a wall time of the repeated hour when daylight saving ends is one of its two moments (found by the property above)', () => {
        // Berlin, 30 October 2039: 02:00 local is 00:00 UTC (summer time) and again 01:00 UTC (winter time).
        const first = new Date('2039-10-30T00:00:00Z');
        const second = new Date('2039-10-30T01:00:00Z');
        expect(wallClock(first, berlin)).toStrictEqual(wallClock(second, berlin));
        expect([first.getTime(), second.getTime()]).toContain(fromWallClock(wallClock(first, berlin), berlin).getTime());
        expect(localDayKey(first, berlin)).toBe('2039-10-30');
        expect(startOfLocalDay(second, berlin).toISOString()).toBe('2039-10-29T22:00:00.000Z');
    });

    it('counts days between local dates', () => {
        expect(localDaysBetween(new Date('2026-02-28T23:30:00Z'), new Date('2026-03-01T10:00:00Z'), berlin)).toBe(0);
        expect(localDaysBetween(new Date('2026-02-28T23:30:00Z'), new Date('2026-03-01T10:00:00Z'), utc)).toBe(1);
    });
});

describe('ranges', () => {
    const now = new Date('2026-11-30T09:15:00Z');

    it('presets start at the beginning of a local day and stay open towards the future', () => {
        expect(presetRange('any', now, berlin)).toStrictEqual({});
        expect(presetRange('last7Days', now, berlin)).toStrictEqual({ since: new Date('2026-11-23T23:00:00.000Z') });
        expect(presetRange('last30Days', now, utc)).toStrictEqual({ since: new Date('2026-11-01T00:00:00.000Z') });
        expect(presetRange('last90Days', now, utc)).toStrictEqual({ since: new Date('2026-09-02T00:00:00.000Z') });
        expect(presetRange('last12Months', now, utc)).toStrictEqual({ since: new Date('2025-12-01T00:00:00.000Z') });
        expect(presetRange('last7Days', new Date('2026-11-30T05:00:00Z'), seattle)).toStrictEqual({ since: new Date('2026-11-23T08:00:00.000Z') });
    });

    it('a custom range covers whole local days, both ends included', () => {
        expect(customRange('2026-03-01', '2026-03-31', berlin)).toStrictEqual({ since: new Date('2026-02-28T23:00:00.000Z'), before: new Date('2026-03-31T22:00:00.000Z') });
        expect(customRange('2026-03-01', '', utc)).toStrictEqual({ since: new Date('2026-03-01T00:00:00.000Z') });
        expect(customRange(undefined, '2026-03-01', utc)).toStrictEqual({ before: new Date('2026-03-02T00:00:00.000Z') });
        expect(customRange('', '', utc)).toStrictEqual({});
    });

    it('refuses a custom range that is not one', () => {
        for (const [from, to] of [['2026-03-02', '2026-03-01'], ['2026-02-30', ''], ['', 'tomorrow'], ['1066-10-14', ''], ['2026-3-1', '']]) {
            expect(customRange(from, to, utc)).toBe('invalid');
        }
    });
});

describe('formatting', () => {
    const date = new Date('2026-03-01T13:05:00Z');

    it('uses the user\'s time zone and clock', () => {
        expect(formatLocalTime(date, berlin)).toBe('14:05');
        expect(formatLocalTime(date, seattle)).toMatch(/^5:05\sAM$/);
        expect(formatLocalTime(date, { ...seattle, hourCycle: 'h23' })).toBe('05:05');
        expect(formatLocalDateTime(date, utc)).toMatch(/Mar 1, 2026.*1:05\sPM/);
    });
});

describe('an offset the platform should never give (found by mutation testing)', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    const clockOf = (offsetMinutes: UserClock['offsetMinutes']): UserClock => ({ locale: 'en-US', offsetMinutes });

    it('takes offsets up to 18 hours either way', () => {
        expect(wallClock(at, clockOf(() => 18 * 60)).toISOString()).toBe('2026-03-02T06:00:00.000Z');
        expect(wallClock(at, clockOf(() => -18 * 60)).toISOString()).toBe('2026-02-28T18:00:00.000Z');
    });

    it.each<[string, () => number]>([
        ['beyond 18 hours', () => 18 * 60 + 1],
        ['far beyond', () => -100_000],
        ['not a number', () => Number.NaN],
        ['infinite', () => Number.POSITIVE_INFINITY],
        [
            'a throw',
            () => {
                throw new Error('no user settings');
            },
        ],
    ])('reads %s as UTC rather than showing a wrong day or an invalid date', (_title, offset) => {
        const clock = clockOf(offset);
        expect(wallClock(at, clock).toISOString()).toBe(at.toISOString());
        expect(localDayKey(new Date('2026-02-28T23:30:00Z'), clock)).toBe('2026-02-28');
        expect(startOfLocalDay(at, clock).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    });
});

describe('date inputs (found by mutation testing)', () => {
    it('reads a padded date and the first and last years it takes', () => {
        expect(parseDateInput(' 2026-03-01 ')).toStrictEqual({ year: 2026, month: 3, day: 1 });
        expect(parseDateInput('1900-01-01')).toStrictEqual({ year: 1900, month: 1, day: 1 });
        expect(parseDateInput('9999-12-31')).toStrictEqual({ year: 9999, month: 12, day: 31 });
        expect(parseDateInput(undefined)).toBeUndefined();
    });

    it.each(['x2026-03-01', '2026-03-01x', '12026-03-01', '1899-12-31', '2026-13-01', '2026-00-10', '2026-02-29', '2026-04-31', '2026-03-00', ''])('refuses %j', (text) => {
        expect(parseDateInput(text)).toBeUndefined();
        if (text !== '') expect(customRange(text, '', utc)).toBe('invalid');
    });

    it('reads blank or missing ends as open, and adds no open end to the range', () => {
        expect(customRange('  ', '\t', utc)).toStrictEqual({});
        expect(customRange('2026-03-01', undefined, utc)).toStrictEqual({ since: new Date('2026-03-01T00:00:00.000Z') });
        expect(customRange(undefined, ' 2026-03-01 ', utc)).toStrictEqual({ before: new Date('2026-03-02T00:00:00.000Z') });
        expect(customRange('2026-03-01', '2026-03-01', utc)).toStrictEqual({ since: new Date('2026-03-01T00:00:00.000Z'), before: new Date('2026-03-02T00:00:00.000Z') });
    });

    it('offers the presets in the order of the menu', () => {
        expect(DATE_PRESETS).toStrictEqual(['any', 'last7Days', 'last30Days', 'last90Days', 'last12Months', 'custom']);
    });
});

describe('headings and calendar dates (found by mutation testing)', () => {
    const lateEvening = new Date('2026-02-28T23:30:00Z');

    it("names the user's day and month, in their language", () => {
        expect(formatLocalDay(lateEvening, utc)).toBe('Saturday, February 28, 2026');
        expect(formatLocalDay(lateEvening, berlin)).toBe('Sonntag, 1. März 2026');
        expect(formatLocalMonth(lateEvening, utc)).toBe('February 2026');
        expect(formatLocalMonth(lateEvening, berlin)).toBe('März 2026');
    });

    it('formats a calendar date without any time zone, and in English when the language is unknown', () => {
        expect(formatCalendarDate(2026, 3, 1, berlin)).toBe('01.03.2026');
        expect(formatCalendarDate(2026, 3, 1, { locale: 'en-US' })).toBe('Mar 1, 2026');
        expect(formatCalendarDate(2026, 3, 1, { locale: 'not a language!' })).toBe('Mar 1, 2026');
    });

    it("uses the user's clock for date and time too, not the language's", () => {
        const date = new Date('2026-03-01T13:05:00Z');
        expect(formatLocalDateTime(date, { ...utc, hourCycle: 'h23' })).toMatch(/^Mar 1, 2026, 13:05$/);
        expect(formatLocalDateTime(date, { ...berlin, hourCycle: 'h12' })).toMatch(/^01\.03\.2026, 02:05\sPM$/);
    });

    it('reuses a formatter per language and options, and keeps at most 64 of them', () => {
        // A fresh copy of the module: its cache holds only what this test formats.
        let fresh: typeof import('../../components/shared/userTime') | undefined;
        jest.isolateModules(() => {
            fresh = jest.requireActual<typeof import('../../components/shared/userTime')>('../../components/shared/userTime');
        });
        const formatLocalMonth = fresh!.formatLocalMonth;
        const spy = jest.spyOn(Intl, 'DateTimeFormat');
        try {
            const clock = (n: number): UserClock => ({ locale: `en-US-x-cache${n}`, offsetMinutes: () => 0 });
            const date = new Date('2026-03-01T13:05:00Z');
            formatLocalMonth(date, clock(0));
            formatLocalMonth(date, clock(1));
            formatLocalMonth(date, clock(0));
            expect(spy).toHaveBeenCalledTimes(2);
            // 62 more languages fill the cache to 64; the 65th empties it, so the first is made again.
            for (let n = 2; n < 64; n++) formatLocalMonth(date, clock(n));
            expect(spy).toHaveBeenCalledTimes(64);
            formatLocalMonth(date, clock(0));
            expect(spy).toHaveBeenCalledTimes(64);
            formatLocalMonth(date, clock(64));
            formatLocalMonth(date, clock(0));
            expect(spy).toHaveBeenCalledTimes(66);
            expect(formatLocalMonth(date, clock(0))).toBe('March 2026');
        } finally {
            spy.mockRestore();
        }
    });
});

describe('the hour before daylight saving starts (found by mutation testing)', () => {
    it('finds the moment of a wall time whose own reading as UTC already falls in summer time', () => {
        // Berlin, 29 March 2026: clocks jump from 02:00 to 03:00 local at 01:00 UTC. 01:30 local is still
        // winter time (00:30 UTC), though 01:30 UTC is summer time: the first guess is an hour off, the second settles it.
        expect(fromWallClock(new Date('2026-03-29T01:30:00Z'), berlin).toISOString()).toBe('2026-03-29T00:30:00.000Z');
        expect(customRange('2026-03-29', '2026-03-29', berlin)).toStrictEqual({ since: new Date('2026-03-28T23:00:00.000Z'), before: new Date('2026-03-29T22:00:00.000Z') });
    });
});
