/**
 * The timeline's filters (components/CustomerInsightsTimeline/timelineFilters.ts): when they count as
 * narrowing the list, and how they are restored from the platform's control state, which is kept for the
 * session and read back defensively (anything unexpected is dropped, never trusted).
 */
import { CONTROL_STATE_KEY, filtersFromState, filtersToState, isFiltered, MAX_SEARCH_LENGTH, NO_FILTERS } from '../../components/CustomerInsightsTimeline/timelineFilters';

describe('filters narrow the list', () => {
    it('with a search, a date preset, or a custom range with either end', () => {
        expect(isFiltered({ ...NO_FILTERS, search: 'refund' })).toBe(true);
        expect(isFiltered({ ...NO_FILTERS, preset: 'last7Days' })).toBe(true);
        expect(isFiltered({ ...NO_FILTERS, preset: 'custom', to: '2026-01-31' })).toBe(true);
        expect(isFiltered({ ...NO_FILTERS, preset: 'custom', from: '2026-01-01' })).toBe(true);
        expect(isFiltered({ ...NO_FILTERS, preset: 'custom' })).toBe(false);
    });
});

describe('filters restored from the control state', () => {
    const state = (text: unknown) => ({ [CONTROL_STATE_KEY]: text });

    it('nothing usable gives no filters', () => {
        for (const value of [null, undefined, 'text', 5, {}, state(5), state(null), state({ types: ['Email'] }), state('null'), state('5'), state('"Email"'), state('[]')]) {
            expect(filtersFromState(value)).toStrictEqual(NO_FILTERS);
        }
    });

    it('only a text is read: a list holding the same JSON is not', () => {
        const json = JSON.stringify({ ...NO_FILTERS, types: ['Email'] });
        expect(filtersFromState(state(json)).types).toStrictEqual(['Email']);
        expect(filtersFromState(state([json]))).toStrictEqual(NO_FILTERS);
    });

    it('a text of up to 20,000 characters is read, a longer one is not', () => {
        const json = JSON.stringify({ ...NO_FILTERS, search: 'refund' });
        expect(filtersFromState(state(json.padEnd(20_000, ' '))).search).toBe('refund');
        expect(filtersFromState(state(json.padEnd(20_001, ' ')))).toStrictEqual(NO_FILTERS);
    });

    it('types: only non-blank texts, at most 50, each cut to 200 characters; anything but a list is none', () => {
        const many = Array.from({ length: 60 }, (_, i) => `Type${i}`);
        expect(filtersFromState(state(JSON.stringify({ types: many }))).types).toStrictEqual(many.slice(0, 50));
        expect(filtersFromState(state(JSON.stringify({ types: ['  ', '\t', 'Email'] }))).types).toStrictEqual(['Email']);
        expect(filtersFromState(state(JSON.stringify({ types: ['x'.repeat(300)] }))).types).toStrictEqual(['x'.repeat(200)]);
        expect(filtersFromState(state(JSON.stringify({ types: 'Email' }))).types).toStrictEqual([]);
    });

    it('what was saved comes back', () => {
        const filters = { types: ['Email', 'Loyalty'], preset: 'last30Days' as const, from: '', to: '', search: 'x'.repeat(MAX_SEARCH_LENGTH) };
        expect(filtersFromState(filtersToState(filters))).toStrictEqual(filters);
    });
});
