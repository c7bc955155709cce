/**
 * Dates in the user's time zone, which is Dataverse's (personal options), not the browser's. UserLocal
 * date-time columns arrive from the Web API as UTC; the platform gives the user's offset for a moment
 * (`userSettings.getTimeZoneOffsetMinutes(date)`, local minus UTC, so daylight saving is per moment). Pure:
 * the host reads the offset function and the user's time format (host/userClock.ts).
 */

/** Minutes to add to UTC to get the user's local time at `date`. */
export type OffsetMinutes = (date: Date) => number;

export interface UserClock {
    readonly offsetMinutes: OffsetMinutes;
    /** BCP 47 language for Intl formatting. */
    readonly locale: string;
    /** The user's clock: 12 or 24 hours, when their format says so (else the language's default). */
    readonly hourCycle?: 'h12' | 'h23';
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function offsetAt(clock: Pick<UserClock, 'offsetMinutes'>, date: Date): number {
    try {
        const minutes = clock.offsetMinutes(date);
        return Number.isFinite(minutes) && Math.abs(minutes) <= 18 * 60 ? minutes : 0;
    } catch {
        return 0;
    }
}

/** The user's wall clock at `date`, as a Date whose UTC fields are the local fields (format with timeZone UTC). */
export function wallClock(date: Date, clock: Pick<UserClock, 'offsetMinutes'>): Date {
    return new Date(date.getTime() + offsetAt(clock, date) * MINUTE);
}

/** The moment the user's local wall-clock time `wall` (UTC fields = local fields) happens. */
export function fromWallClock(wall: Date, clock: Pick<UserClock, 'offsetMinutes'>): Date {
    // The offset depends on the moment, which depends on the offset: two steps settle it (also across DST).
    const first = new Date(wall.getTime() - offsetAt(clock, wall) * MINUTE);
    const second = new Date(wall.getTime() - offsetAt(clock, first) * MINUTE);
    return second;
}

/** Start of the user's local day that contains `date`. */
export function startOfLocalDay(date: Date, clock: Pick<UserClock, 'offsetMinutes'>, addDays = 0): Date {
    const wall = wallClock(date, clock);
    return fromWallClock(new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + addDays)), clock);
}

/** `YYYY-MM-DD` of the user's local day (for grouping). */
export function localDayKey(date: Date, clock: Pick<UserClock, 'offsetMinutes'>): string {
    return wallClock(date, clock).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the user's local month (for grouping). */
export function localMonthKey(date: Date, clock: Pick<UserClock, 'offsetMinutes'>): string {
    return wallClock(date, clock).toISOString().slice(0, 7);
}

export type DatePreset = 'any' | 'last7Days' | 'last30Days' | 'last90Days' | 'last12Months' | 'custom';

export const DATE_PRESETS: readonly DatePreset[] = ['any', 'last7Days', 'last30Days', 'last90Days', 'last12Months', 'custom'];

export interface TimeRange {
    /** Inclusive. */
    readonly since?: Date;
    /** Exclusive. */
    readonly before?: Date;
}

/**
 * The range of a preset, in whole local days: "last 7 days" is today and the six days before it in the
 * user's time zone; "last 12 months" starts on the same day of the month a year ago. Open towards the
 * future (activities stamped later than now still show).
 */
export function presetRange(preset: Exclude<DatePreset, 'custom'>, now: Date, clock: Pick<UserClock, 'offsetMinutes'>): TimeRange {
    switch (preset) {
        case 'any':
            return {};
        case 'last7Days':
            return { since: startOfLocalDay(now, clock, -6) };
        case 'last30Days':
            return { since: startOfLocalDay(now, clock, -29) };
        case 'last90Days':
            return { since: startOfLocalDay(now, clock, -89) };
        case 'last12Months': {
            const wall = wallClock(now, clock);
            return { since: fromWallClock(new Date(Date.UTC(wall.getUTCFullYear() - 1, wall.getUTCMonth(), wall.getUTCDate() + 1)), clock) };
        }
    }
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` text (what `<input type="date">` gives) as a calendar date, or undefined. */
export function parseDateInput(text: string | undefined): { year: number; month: number; day: number } | undefined {
    if (text === undefined) return undefined;
    const match = DATE_INPUT.exec(text.trim());
    if (match === null) return undefined;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    // Four digits: never above 9999.
    if (year < 1900 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
    return { year, month, day };
}

/**
 * A custom range from the user's local day `from` to the end of their local day `to` (both inclusive,
 * either may be empty). `invalid` when a date does not parse or `to` is before `from`.
 */
export function customRange(from: string | undefined, to: string | undefined, clock: Pick<UserClock, 'offsetMinutes'>): TimeRange | 'invalid' {
    const hasFrom = (from ?? '').trim() !== '';
    const hasTo = (to ?? '').trim() !== '';
    const start = parseDateInput(from);
    const end = parseDateInput(to);
    if ((hasFrom && start === undefined) || (hasTo && end === undefined)) return 'invalid';
    const since = start === undefined ? undefined : fromWallClock(new Date(Date.UTC(start.year, start.month - 1, start.day)), clock);
    const before = end === undefined ? undefined : fromWallClock(new Date(Date.UTC(end.year, end.month - 1, end.day + 1)), clock);
    if (since !== undefined && before !== undefined && before.getTime() <= since.getTime()) return 'invalid';
    return { ...(since !== undefined ? { since } : {}), ...(before !== undefined ? { before } : {}) };
}

/** Whole local days between two moments' local days (b minus a), for "today" / "yesterday" headings. */
export function localDaysBetween(a: Date, b: Date, clock: Pick<UserClock, 'offsetMinutes'>): number {
    const dayA = Date.parse(`${localDayKey(a, clock)}T00:00:00Z`);
    const dayB = Date.parse(`${localDayKey(b, clock)}T00:00:00Z`);
    return Math.round((dayB - dayA) / DAY);
}

/** A time of day in the user's time zone and clock, e.g. "14:05" or "2:05 PM". */
export function formatLocalTime(date: Date, clock: UserClock): string {
    return format(clock, { hour: 'numeric', minute: '2-digit' }, wallClock(date, clock));
}

/** Date and time in the user's time zone, e.g. "Mar 1, 2026, 2:05 PM". */
export function formatLocalDateTime(date: Date, clock: UserClock): string {
    return format(clock, { dateStyle: 'medium', timeStyle: 'short' }, wallClock(date, clock));
}

/** A day heading, e.g. "Sunday, March 1, 2026". */
export function formatLocalDay(date: Date, clock: UserClock): string {
    return format(clock, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, wallClock(date, clock));
}

/** A month heading, e.g. "March 2026". */
export function formatLocalMonth(date: Date, clock: UserClock): string {
    return format(clock, { year: 'numeric', month: 'long' }, wallClock(date, clock));
}

/** A calendar date (no time zone), e.g. "Mar 1, 2026". */
export function formatCalendarDate(year: number, month: number, day: number, clock: Pick<UserClock, 'locale'>): string {
    return format({ locale: clock.locale }, { dateStyle: 'medium' }, new Date(Date.UTC(year, month - 1, day)));
}

/** Formatters are costly to create and a list formats hundreds of dates: one per language and options. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 64;

function format(clock: Pick<UserClock, 'locale' | 'hourCycle'>, options: Intl.DateTimeFormatOptions, wall: Date): string {
    const withClock: Intl.DateTimeFormatOptions = { ...options, timeZone: 'UTC', ...(clock.hourCycle !== undefined && (options.hour !== undefined || options.timeStyle !== undefined) ? { hourCycle: clock.hourCycle } : {}) };
    const key = `${clock.locale}|${JSON.stringify(withClock)}`;
    let formatter = formatters.get(key);
    if (formatter === undefined) {
        try {
            formatter = new Intl.DateTimeFormat(clock.locale, withClock);
        } catch {
            formatter = new Intl.DateTimeFormat('en-US', withClock);
        }
        if (formatters.size >= MAX_FORMATTERS) formatters.clear();
        formatters.set(key, formatter);
    }
    return formatter.format(wall);
}
