/**
 * What each Customer Insights cell shows, at every branch (measured by mutation testing, README "Mutation
 * testing"): the columns and their header keys, the text key of every state, a row without facts, each
 * table switched off, failed or partial, freshness from whatever was read, and the settled-row count.
 */
import { CELL_STATE_KEYS, insightCell, insightColumns, settledRows, type InsightColumn } from '../../components/shared/ui/insightCells';
import type { RowInsights } from '../../components/shared/pageEnricher';
import type { InsightsFailure } from '../../components/shared/failure';
import type { CustomerId, NormalisedGuid } from '../../components/shared/identifiers';

const display = { names: new Map<string, string>(), tagLimit: 5, locale: 'en-US' };
const customerId = 'c'.repeat(32) as CustomerId;
const unitRef = { id: 'b0000000-0003-4b00-8000-000000000003' as NormalisedGuid, name: 'United States' };
const columns = insightColumns({ businessUnit: true, segments: true, measures: [{ name: 'Spend' }], maxMeasures: 1, freshness: true });
const [unit, segments, measure, freshness] = columns as [InsightColumn, InsightColumn, InsightColumn, InsightColumn];
const found = (overrides: Partial<Extract<RowInsights, { kind: 'found' }>> = {}): RowInsights => ({
    kind: 'found',
    profile: { customerId, via: 'recordLookup' },
    segments: { status: 'read', value: { names: ['A'], parse: 'complete' } },
    measures: { status: 'read', value: { measures: new Map([['Spend', 5]]), parse: 'complete' } },
    ...overrides,
});
const failure = (kind: InsightsFailure['kind']): InsightsFailure => ({ kind, message: kind });

describe('Customer Insights columns', () => {
    it('carry their header keys, labels and ids, in a fixed order', () => {
        expect(columns).toStrictEqual([
            { id: 'ci:businessUnit', kind: 'businessUnit', headerKey: 'Column_BusinessUnit' },
            { id: 'ci:segments', kind: 'segments', headerKey: 'Column_Segments' },
            { id: 'ci:measure:Spend', kind: 'measure', label: 'Spend', spec: { name: 'Spend' } },
            { id: 'ci:freshness', kind: 'freshness', headerKey: 'Column_Updated' },
        ]);
        expect(insightColumns({ businessUnit: false, segments: false, measures: [], maxMeasures: 3, freshness: false })).toStrictEqual([]);
        expect(insightColumns({ businessUnit: false, segments: false, measures: [{ name: 'A', label: 'Mine' }], maxMeasures: 1.9, freshness: false })).toStrictEqual([
            { id: 'ci:measure:A', kind: 'measure', label: 'Mine', spec: { name: 'A', label: 'Mine' } },
        ]);
    });

    it('name the string of every cell state', () => {
        expect(CELL_STATE_KEYS).toStrictEqual({
            noProfile: 'Cell_NoProfile',
            notVisible: 'Cell_NotVisible',
            notLoaded: 'Cell_NotLoaded',
            noAccess: 'Cell_NoAccess',
            noSegments: 'Cell_NoSegments',
            unreadable: 'Cell_Unreadable',
            unavailable: 'Cell_Unavailable',
            unknownBusinessUnit: 'Origin_UnknownBusinessUnit',
        });
    });
});

describe('Customer Insights cells at every branch', () => {
    it('a failed row says so in its first cell only', () => {
        expect(insightCell(unit, { kind: 'failed' }, true, display)).toStrictEqual({ kind: 'state', state: 'notLoaded' });
        expect(insightCell(segments, { kind: 'failed' }, false, display)).toStrictEqual({ kind: 'empty' });
        expect(insightCell(unit, found({ profile: { customerId, owningBusinessUnit: unitRef, via: 'linked' } }), true, display)).toStrictEqual({ kind: 'businessUnit', unit: unitRef });
    });

    it('a switched-off table leaves its cells empty', () => {
        expect(insightCell(segments, found({ segments: { status: 'off' } }), false, display)).toStrictEqual({ kind: 'empty' });
        expect(insightCell(measure, found({ measures: { status: 'off' } }), false, display)).toStrictEqual({ kind: 'empty' });
        // A measure column without a spec (a host that built it by hand) shows nothing rather than guessing.
        expect(insightCell({ id: 'ci:measure:x', kind: 'measure' }, found(), false, display)).toStrictEqual({ kind: 'empty' });
    });

    it('a table refused for privilege or visibility says "no access", any other failure "not loaded"', () => {
        for (const kind of ['noPrivilege', 'notVisible'] as const) {
            expect(insightCell(segments, found({ segments: { status: 'failed', failure: failure(kind) } }), false, display)).toStrictEqual({ kind: 'state', state: 'noAccess' });
            expect(insightCell(measure, found({ measures: { status: 'failed', failure: failure(kind) } }), false, display)).toStrictEqual({ kind: 'state', state: 'noAccess' });
        }
        for (const kind of ['busy', 'configuration', 'offline', 'network', 'timeout', 'unexpected'] as const) {
            expect(insightCell(measure, found({ measures: { status: 'failed', failure: failure(kind) } }), false, display)).toStrictEqual({ kind: 'state', state: 'notLoaded' });
        }
    });

    it('marks partly readable segments, and a measure without a rating carries none', () => {
        const cell = insightCell(segments, found({ segments: { status: 'read', value: { names: ['A'], parse: 'partial' } } }), false, display);
        expect(cell).toMatchObject({ kind: 'segments', partial: true });
        expect(insightCell(segments, found(), false, display)).toMatchObject({ kind: 'segments', partial: false });
        expect(insightCell(measure, found(), false, display)).toStrictEqual({ kind: 'measure', value: { kind: 'number', value: 5, format: 'number', defaultFormat: true } });
    });

    it('freshness is the newest date of what was read, ignoring tables that failed or are off', () => {
        const old = new Date('2026-01-01T00:00:00Z');
        const newer = new Date('2026-03-01T00:00:00Z');
        const read = (modifiedOn?: Date) => ({ status: 'read' as const, value: { names: [], parse: 'empty' as const, ...(modifiedOn ? { modifiedOn } : {}) } });
        expect(insightCell(freshness, found({ profile: { customerId, via: 'linked', modifiedOn: old } }), false, display)).toStrictEqual({ kind: 'freshness', modifiedOn: old });
        expect(
            insightCell(freshness, found({ profile: { customerId, via: 'linked', modifiedOn: old }, measures: { status: 'read', value: { measures: new Map(), parse: 'empty', modifiedOn: newer } } }), false, display),
        ).toStrictEqual({ kind: 'freshness', modifiedOn: newer });
        expect(insightCell(freshness, found({ segments: read(newer), measures: { status: 'failed', failure: failure('busy') } }), false, display)).toStrictEqual({ kind: 'freshness', modifiedOn: newer });
        expect(insightCell(freshness, found({ segments: { status: 'failed', failure: failure('busy') }, measures: { status: 'off' } }), false, display)).toStrictEqual({ kind: 'state', state: 'unavailable' });
        expect(insightCell(freshness, found(), false, display)).toStrictEqual({ kind: 'state', state: 'unavailable' });
    });

    it('counts the rows whose state has settled', () => {
        expect(settledRows([])).toBe(0);
        expect(settledRows([undefined, { kind: 'loading' }, { kind: 'failed' }, { kind: 'noProfile' }, found()])).toBe(3);
    });
});
