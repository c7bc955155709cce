/**
 * The filters a user sets on the timeline (types, a date preset or custom range, title search) and what
 * they mean for the server. They live as long as the control (and in the platform's control state, which
 * keeps them for the session), so they are plain data and restored defensively.
 */
import type { ActivityFilter } from '../shared';
import { customRange, DATE_PRESETS, presetRange, type DatePreset, type UserClock } from '../shared/userTime';
import { serverTypes, type ActivityTypeList } from './activityTypes';

export interface TimelineFilters {
    /** Selected `msdynci_activitytype` values; empty: every type. */
    readonly types: readonly string[];
    readonly preset: DatePreset;
    /** Custom range, `YYYY-MM-DD` in the user's time zone (both inclusive, either may be empty). */
    readonly from: string;
    readonly to: string;
    /** Text the title must contain. */
    readonly search: string;
}

export const NO_FILTERS: TimelineFilters = { types: [], preset: 'any', from: '', to: '', search: '' };

/** Longest search text accepted (the input refuses more). */
export const MAX_SEARCH_LENGTH = 200;

/** Whether the user narrowed the list (so an empty list means "no match", not "no activities"). */
export function isFiltered(filters: TimelineFilters): boolean {
    return filters.types.length > 0 || filters.search.trim() !== '' || (filters.preset !== 'any' && (filters.preset !== 'custom' || filters.from !== '' || filters.to !== ''));
}

/** The server filter, or `invalid` for a custom range that is not one (nothing is sent then). */
export function activityFilter(filters: TimelineFilters, types: ActivityTypeList, now: Date, clock: Pick<UserClock, 'offsetMinutes'>): ActivityFilter | 'invalid' {
    const range = filters.preset === 'custom' ? customRange(filters.from, filters.to, clock) : presetRange(filters.preset, now, clock);
    if (range === 'invalid') return 'invalid';
    const activityTypes = serverTypes(types, filters.types);
    const search = filters.search.trim();
    return {
        ...(activityTypes.length > 0 ? { activityTypes } : {}),
        ...range,
        ...(search !== '' ? { titleContains: search } : {}),
    };
}

/** Key under which the filters are kept in the platform's control state. */
export const CONTROL_STATE_KEY = 'cibuTimelineFilters';

export function filtersToState(filters: TimelineFilters): Record<string, string> {
    return { [CONTROL_STATE_KEY]: JSON.stringify(filters) };
}

/** Filters from the control state given to `init`; anything unexpected is dropped, never trusted. */
export function filtersFromState(state: unknown): TimelineFilters {
    const text = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[CONTROL_STATE_KEY] : undefined;
    if (typeof text !== 'string' || text.length > 20_000) return NO_FILTERS;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return NO_FILTERS;
    }
    if (typeof value !== 'object' || value === null) return NO_FILTERS;
    const record = value as Record<string, unknown>;
    const text100 = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');
    const types = Array.isArray(record.types) ? record.types.filter((t): t is string => typeof t === 'string' && t.trim() !== '').slice(0, 50).map((t) => t.slice(0, 200)) : [];
    const preset = DATE_PRESETS.includes(record.preset as DatePreset) ? (record.preset as DatePreset) : 'any';
    return { types, preset, from: text100(record.from, 10), to: text100(record.to, 10), search: text100(record.search, MAX_SEARCH_LENGTH) };
}
