/**
 * The grid's pure parts: column widths, the rows to render, keyboard moves and resizing; what each Customer
 * Insights cell shows for each row state; the dataset adapter on odd hosts; the page load's life (busy
 * retries, Try again, nothing after dispose).
 */
import fc from 'fast-check';
import { clampWidth, columnWidths, moveCell, resizeDelta, ROW_HEIGHT, scrollToShow, visibleRows, MIN_COLUMN_WIDTH, OVERSCAN } from '../../components/CustomerInsightsGrid/gridLayout';
import { insightCell, insightColumns, type InsightColumn } from '../../components/shared/ui/insightCells';
import { linkProfile, readView, PROFILE_LINK_ALIAS, VIEW_COUNT_LIMIT } from '../../components/shared/host/dataset';
import { PageInsightsLoad } from '../../components/shared/pageLoad';
import { pageRowKey, type PageEnricher, type PageEnrichment, type PageRow, type RowInsights } from '../../components/shared/pageEnricher';
import { InsightsError, type InsightsFailure } from '../../components/shared/failure';
import type { CustomerId, NormalisedGuid } from '../../components/shared/identifiers';
import type { LoadTimers } from '../../components/shared/load';

describe('column widths', () => {
    it('share the width by weight with a floor, keep fixed and resized widths', () => {
        const widths = columnWidths(
            [
                { id: 'select', weight: 0, fixed: 44 },
                { id: 'a', weight: 200 },
                { id: 'b', weight: 100 },
                { id: 'c', weight: 10 },
            ],
            644,
            new Map([['b', 333]]),
        );
        expect(widths[0]).toBe(44);
        expect(widths[2]).toBe(333);
        expect(widths[1]).toBeGreaterThan(widths[3] ?? 0);
        expect(widths[3]).toBe(MIN_COLUMN_WIDTH);
    });

    it('never go below the floor nor fail on odd input', () => {
        fc.assert(
            fc.property(fc.array(fc.double({ min: -10, max: 1000, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.oneof(fc.integer({ min: -100, max: 3000 }), fc.constant(Number.NaN)), (weights, available) => {
                const widths = columnWidths(weights.map((weight, index) => ({ id: String(index), weight })), available, new Map());
                expect(widths).toHaveLength(weights.length);
                for (const width of widths) expect(width).toBeGreaterThanOrEqual(MIN_COLUMN_WIDTH);
            }),
        );
        // A column's own floor holds however narrow the grid is, but never beyond the widest column.
        expect(columnWidths([{ id: 'unit', weight: 1, min: 160 }, { id: 'name', weight: 100 }], 300, new Map())).toStrictEqual([160, 297]);
        expect(columnWidths([{ id: 'unit', weight: 1, min: 160 }], 0, new Map())).toStrictEqual([160]);
        expect(columnWidths([{ id: 'unit', weight: 1, min: 99_999 }], 0, new Map())).toStrictEqual([1200]);
        expect(columnWidths([{ id: 'unit', weight: 1, min: 160 }], 0, new Map([['unit', 60]]))).toStrictEqual([60]);
        expect(clampWidth(5)).toBe(48);
        expect(clampWidth(99_999)).toBe(1200);
    });
});

describe('rows to render', () => {
    it('covers the viewport plus overscan, within the rows', () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 6000 }), (scrollTop, height, count) => {
                const { start, end } = visibleRows(scrollTop, height, count);
                expect(start).toBeGreaterThanOrEqual(0);
                expect(end).toBeLessThanOrEqual(count);
                const first = Math.floor(scrollTop / ROW_HEIGHT);
                if (first < count) expect(start).toBeLessThanOrEqual(first);
                expect(end - start).toBeLessThanOrEqual(Math.ceil((height > 0 ? height : 480) / ROW_HEIGHT) + 2 * OVERSCAN + 2);
            }),
        );
    });

    it('scrolls a row into view only when it is outside', () => {
        expect(scrollToShow(5, 0, 400)).toBeUndefined();
        expect(scrollToShow(0, 400, 400)).toBe(0);
        expect(scrollToShow(50, 0, 400)).toBe(51 * ROW_HEIGHT - (400 - 40));
    });
});

describe('keyboard', () => {
    const key = (name: string, modifiers: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: name, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers });
    const size = { rows: 10, columns: 4 };

    it('moves by arrows, mirrored right to left, and jumps with Home/End and pages', () => {
        expect(moveCell({ row: 0, column: 0 }, key('ArrowDown'), size, false, 5)).toStrictEqual({ row: 1, column: 0 });
        expect(moveCell({ row: 1, column: 1 }, key('ArrowRight'), size, false, 5)).toStrictEqual({ row: 1, column: 2 });
        expect(moveCell({ row: 1, column: 1 }, key('ArrowRight'), size, true, 5)).toStrictEqual({ row: 1, column: 0 });
        expect(moveCell({ row: 3, column: 2 }, key('Home'), size, false, 5)).toStrictEqual({ row: 3, column: 0 });
        expect(moveCell({ row: 3, column: 2 }, key('End', { ctrlKey: true }), size, false, 5)).toStrictEqual({ row: 10, column: 3 });
        expect(moveCell({ row: 3, column: 2 }, key('PageDown'), size, false, 5)).toStrictEqual({ row: 8, column: 2 });
        expect(moveCell({ row: 3, column: 2 }, key('PageUp'), size, false, 5)).toStrictEqual({ row: 0, column: 2 });
        expect(moveCell({ row: 0, column: 0 }, key('ArrowUp'), size, false, 5)).toStrictEqual({ row: 0, column: 0 });
        expect(moveCell({ row: 10, column: 3 }, key('ArrowDown'), size, false, 5)).toStrictEqual({ row: 10, column: 3 });
        expect(moveCell({ row: 1, column: 1 }, key('a'), size, false, 5)).toBeUndefined();
        // Control + arrows resize on a header; they are not moves.
        expect(moveCell({ row: 0, column: 1 }, key('ArrowRight', { ctrlKey: true }), size, false, 5)).toBeUndefined();
    });

    it('resizes with Control and the arrows, finer with Shift, mirrored right to left', () => {
        expect(resizeDelta(key('ArrowRight', { ctrlKey: true }), false)).toBe(20);
        expect(resizeDelta(key('ArrowLeft', { ctrlKey: true, shiftKey: true }), false)).toBe(-5);
        expect(resizeDelta(key('ArrowLeft', { ctrlKey: true }), true)).toBe(20);
        expect(resizeDelta(key('ArrowRight'), false)).toBeUndefined();
    });
});

describe('Customer Insights cells', () => {
    const columns = insightColumns({ businessUnit: true, segments: true, measures: [{ name: 'TotalSpend', format: 'currency', good: { comparison: '>=', value: 1000 } }], maxMeasures: 3, freshness: true });
    const [unit, segments, measure, freshness] = columns as [InsightColumn, InsightColumn, InsightColumn, InsightColumn];
    const display = { names: new Map([['highvaluecustomers', 'High value']]), tagLimit: 2, locale: 'en-US' };
    const failure: InsightsFailure = { kind: 'noPrivilege', message: 'missing prvRead' };
    const found = (overrides: Partial<Extract<RowInsights, { kind: 'found' }>> = {}): RowInsights => ({
        kind: 'found',
        profile: { customerId: 'c'.repeat(32) as CustomerId, owningBusinessUnit: { id: 'b0000000-0003-4b00-8000-000000000003' as NormalisedGuid, name: 'United States' }, modifiedOn: new Date('2026-01-01T00:00:00Z'), via: 'recordLookup' },
        segments: { status: 'read', value: { names: ['HighValueCustomers', 'ChurnRisk', 'Loyalty_Gold'], parse: 'complete', modifiedOn: new Date('2026-02-01T00:00:00Z') } },
        measures: { status: 'read', value: { measures: new Map([['TotalSpend', 1500]]), parse: 'complete' } },
        ...overrides,
    });

    it('makes one column per switched-on kind and at most the maker-set number of measures', () => {
        expect(columns.map((column) => column.id)).toStrictEqual(['ci:businessUnit', 'ci:segments', 'ci:measure:TotalSpend', 'ci:freshness']);
        expect(insightColumns({ businessUnit: false, segments: false, measures: [{ name: 'A' }, { name: 'B' }], maxMeasures: 1, freshness: false }).map((column) => column.label)).toStrictEqual(['A']);
    });

    it('shows a row without facts once, in its first Customer Insights cell', () => {
        for (const state of [{ kind: 'noProfile' }, { kind: 'notVisible' }] as const) {
            expect(insightCell(unit, state, true, display)).toStrictEqual({ kind: 'state', state: state.kind });
            expect(insightCell(segments, state, false, display)).toStrictEqual({ kind: 'empty' });
        }
        expect(insightCell(unit, { kind: 'failed' }, true, display)).toStrictEqual({ kind: 'state', state: 'notLoaded' });
        expect(insightCell(measure, { kind: 'loading' }, false, display)).toStrictEqual({ kind: 'loading' });
        expect(insightCell(measure, undefined, false, display)).toStrictEqual({ kind: 'loading' });
    });

    it('shows the facts: business unit, friendly sorted tags with "+N", rated measure, newest update', () => {
        expect(insightCell(unit, found(), true, display)).toMatchObject({ kind: 'businessUnit', unit: { name: 'United States' } });
        const tags = insightCell(segments, found(), false, display);
        expect(tags).toMatchObject({ kind: 'segments', partial: false });
        if (tags.kind !== 'segments') throw new Error('unreachable');
        expect(tags.shown.map((tag) => tag.label)).toStrictEqual(['Churn Risk', 'High value']);
        expect(tags.more.map((tag) => tag.label)).toStrictEqual(['Loyalty Gold']);
        expect(insightCell(measure, found(), false, display)).toStrictEqual({ kind: 'measure', value: { kind: 'number', value: 1500, format: 'currency' }, rating: 'good' });
        expect(insightCell(freshness, found(), false, display)).toStrictEqual({ kind: 'freshness', modifiedOn: new Date('2026-02-01T00:00:00Z') });
    });

    it('says what is missing per table: no access, not loaded, none, unreadable, unavailable', () => {
        expect(insightCell(segments, found({ segments: { status: 'failed', failure } }), false, display)).toStrictEqual({ kind: 'state', state: 'noAccess' });
        expect(insightCell(segments, found({ segments: { status: 'failed', failure: { kind: 'busy', message: '' } } }), false, display)).toStrictEqual({ kind: 'state', state: 'notLoaded' });
        expect(insightCell(segments, found({ segments: { status: 'read', value: { names: [], parse: 'empty' } } }), false, display)).toStrictEqual({ kind: 'state', state: 'noSegments' });
        expect(insightCell(segments, found({ segments: { status: 'read', value: { names: [], parse: 'unreadable' } } }), false, display)).toStrictEqual({ kind: 'state', state: 'unreadable' });
        expect(insightCell(measure, found({ measures: { status: 'read', value: { measures: new Map(), parse: 'empty' } } }), false, display)).toStrictEqual({ kind: 'state', state: 'unavailable' });
        expect(insightCell(measure, found({ measures: { status: 'read', value: { measures: new Map(), parse: 'unreadable' } } }), false, display)).toStrictEqual({ kind: 'state', state: 'unreadable' });
        expect(insightCell(unit, found({ profile: { customerId: 'c'.repeat(32) as CustomerId, via: 'linked' } }), true, display)).toStrictEqual({ kind: 'state', state: 'unknownBusinessUnit' });
    });
});

describe('the dataset adapter', () => {
    const column = (name: string, order: number, extra: Partial<ComponentFramework.PropertyHelper.DataSetApi.Column> = {}): ComponentFramework.PropertyHelper.DataSetApi.Column => ({
        name,
        displayName: name,
        dataType: 'SingleLine.Text',
        alias: name,
        order,
        visualSizeFactor: 100,
        ...extra,
    });
    const sets = { profileLookup: 'profileLookup', profileKey: 'profileKey' };

    it('never throws on a host that offers almost nothing, and calls that the designer', () => {
        expect(readView(undefined, sets, 'notLinked').designer).toBe(true);
        const bare = { columns: [], records: {}, sortedRecordIds: [], loading: false } as unknown as ComponentFramework.PropertyTypes.DataSet;
        const view = readView(bare, sets, 'notLinked');
        expect(view).toMatchObject({ designer: true, rows: [], columns: [], paging: { loaded: 0, hasNextPage: false } });
        const throwing = new Proxy({}, { get: () => { throw new Error('not available'); } }) as ComponentFramework.PropertyTypes.DataSet;
        expect(() => readView(throwing, sets, 'linked')).not.toThrow();
        expect(linkProfile(throwing, sets)).toBe('notLinked');
    });

    it('keeps shown view columns in order, weights from visualSizeFactor, lookup values in either shape', () => {
        const records: Record<string, unknown> = {
            a: { getRecordId: () => 'a', getNamedReference: () => ({ id: { guid: 'a' } }), getFormattedValue: (name: string) => (name === 'fullname' ? 'Ada' : ''), getValue: (name: string) => (name === 'lookup' ? { id: { guid: '{7D3C2B1A-0000-4000-8000-000000000001}' } } : null) },
            b: { getRecordId: () => 'b', getNamedReference: () => ({ id: { guid: 'b' } }), getFormattedValue: () => '', getValue: (name: string) => (name === 'lookup' ? [{ id: '7d3c2b1a-0000-4000-8000-000000000002', name: 'x', entityType: 'y' }] : { name: 'Ref' }) },
        };
        const dataset = {
            columns: [column('city', 2, { visualSizeFactor: -5 }), column('fullname', 0, { isPrimary: true }), column('hidden', 1, { isHidden: true }), column('lookup', -1, { alias: 'profileLookup' })],
            records,
            sortedRecordIds: ['b', 'a', 'missing'],
            loading: false,
            paging: { totalResultCount: -1, hasNextPage: true },
            sorting: [{ name: 'fullname', sortDirection: 1 }],
            getSelectedRecordIds: () => ['a'],
            getTitle: () => 'My view',
            getTargetEntityType: () => 'contact',
            error: false,
        } as unknown as ComponentFramework.PropertyTypes.DataSet;
        const view = readView(dataset, sets, 'notLinked');
        expect(view.columns.map((entry) => `${entry.name}:${entry.widthWeight}`)).toStrictEqual(['fullname:100', 'city:100']);
        expect(view.rows.map((row) => row.id)).toStrictEqual(['b', 'a']);
        expect(view.rows.map((row) => row.page.profileLookupId)).toStrictEqual(['7d3c2b1a-0000-4000-8000-000000000002', '7d3c2b1a-0000-4000-8000-000000000001']);
        expect(view.rows[0]?.text('city')).toBe('Ref');
        expect(view.paging).toStrictEqual({ loaded: 2, total: undefined, countLimit: VIEW_COUNT_LIMIT, hasNextPage: true });
        expect(view.sort).toStrictEqual({ column: 'fullname', descending: true });
        expect([...view.selectedIds]).toStrictEqual(['a']);
    });

    it('trusts linked profile columns only when they arrived and the link evidently applied', () => {
        const record = (id: string, customerId: string | null) => ({
            getRecordId: () => id,
            getNamedReference: () => ({ id: { guid: id } }),
            getFormattedValue: (name: string) => (name === `${PROFILE_LINK_ALIAS}.owningbusinessunit` ? 'United States' : ''),
            getValue: (name: string) =>
                name === 'lookup'
                    ? { id: { guid: '7d3c2b1a-0000-4000-8000-000000000001' } }
                    : name === `${PROFILE_LINK_ALIAS}.msdynci_customerid`
                      ? customerId
                      : name === `${PROFILE_LINK_ALIAS}.owningbusinessunit`
                        ? { id: { guid: 'b0000000-0003-4b00-8000-000000000003' } }
                        : null,
        });
        const dataset = (arrived: boolean, values: Record<string, string | null>) =>
            ({
                columns: [column('lookup', -1, { alias: 'profileLookup' }), ...(arrived ? [column(`${PROFILE_LINK_ALIAS}.msdynci_customerid`, -1)] : [])],
                records: Object.fromEntries(Object.entries(values).map(([id, customerId]) => [id, record(id, customerId)])),
                sortedRecordIds: Object.keys(values),
                loading: false,
                paging: { totalResultCount: 1, hasNextPage: false },
                sorting: [],
                getSelectedRecordIds: () => [],
                getTitle: () => '',
                getTargetEntityType: () => 'contact',
            }) as unknown as ComponentFramework.PropertyTypes.DataSet;
        const linked = (data: ComponentFramework.PropertyTypes.DataSet, link: Parameters<typeof readView>[2]) => readView(data, sets, link).rows.map((row) => row.page.linkedProfile);
        const customer = 'ab'.repeat(16);
        expect(linked(dataset(true, { a: customer, b: null }), 'linked')).toStrictEqual([{ customerId: customer, owningBusinessUnit: { id: 'b0000000-0003-4b00-8000-000000000003', name: 'United States' } }, null]);
        // No row brought a linked value: the link may not have applied; read with In instead.
        expect(linked(dataset(true, { b: null }), 'linked')).toStrictEqual([undefined]);
        // Rows loaded before the link came without it.
        expect(linked(dataset(true, { a: customer, b: null }), { state: 'linked', unlinkedIds: new Set(['b']) })).toStrictEqual([expect.objectContaining({ customerId: customer }), undefined]);
        expect(linked(dataset(false, { a: customer }), 'linked')).toStrictEqual([undefined]);
        expect(linked(dataset(true, { a: customer }), 'notLinked')).toStrictEqual([undefined]);
    });
});

describe('the page load', () => {
    const row = (id: number): PageRow => ({ recordId: `7d3c2b1a-0000-4000-8000-${String(id).padStart(12, '0')}`, profileLookupId: null });
    const timers = (): LoadTimers & { run(): void; pending: number } => {
        let callbacks: (() => void)[] = [];
        return {
            setTimeout: (callback) => {
                callbacks.push(callback);
                return callbacks.length;
            },
            clearTimeout: () => {
                callbacks = [];
            },
            now: () => new Date(0),
            run() {
                const due = callbacks;
                callbacks = [];
                due.forEach((callback) => callback());
            },
            get pending() {
                return callbacks.length;
            },
        };
    };
    const enricher = (answer: (rows: readonly PageRow[]) => Promise<PageEnrichment>): PageEnricher & { calls: (readonly PageRow[])[]; forgotten: number } => {
        const calls: (readonly PageRow[])[] = [];
        const self = {
            calls,
            forgotten: 0,
            profilesReadable: false,
            register: () => undefined,
            release: () => undefined,
            enrich: (rows: readonly PageRow[]) => {
                calls.push(rows);
                return answer(rows);
            },
            peek: () => undefined,
            forgetFailures: () => {
                self.forgotten++;
            },
            reset: () => undefined,
            classifyFailure: (error: unknown) => (error instanceof InsightsError ? error.failure : { kind: 'unexpected' as const, message: String(error) }),
        };
        return self;
    };
    const ok = (rows: readonly PageRow[]): Promise<PageEnrichment> => Promise.resolve({ rows: new Map(rows.map((entry) => [pageRowKey(entry), { kind: 'noProfile' }])), failures: [] });
    const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

    it('reads only rows never asked for; an updateView without changes sends nothing', async () => {
        const source = enricher(ok);
        const load = new PageInsightsLoad({ enricher: source, onChange: () => undefined, timers: timers() });
        load.show([row(1), row(2)]);
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'loading' });
        await flush();
        load.show([row(1), row(2)]);
        load.show([row(1), row(2), row(3)]);
        await flush();
        expect(source.calls.map((rows) => rows.length)).toStrictEqual([2, 1]);
        expect(load.stateOf(row(3))).toStrictEqual({ kind: 'noProfile' });
    });

    it('retries a busy failure by itself after Retry-After, capped, and Try again reads failed rows', async () => {
        let fail = true;
        const source = enricher((rows) => (fail ? Promise.reject(new InsightsError({ kind: 'busy', message: 'throttled', retryAfterSeconds: 10_000 })) : ok(rows)));
        const clock = timers();
        const load = new PageInsightsLoad({ enricher: source, onChange: () => undefined, timers: clock });
        load.show([row(1)]);
        await flush();
        expect(load.failure?.kind).toBe('busy');
        expect(load.busy).toBe(true);
        expect(load.retryingAt?.getTime()).toBe(120_000);
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'failed' });
        fail = false;
        clock.run();
        await flush();
        expect(load.failure).toBeUndefined();
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'noProfile' });
        expect(source.forgotten).toBe(1);
    });

    it('does not retry other failures by itself; retry() does', async () => {
        let fail = true;
        const source = enricher((rows) => (fail ? Promise.reject(new InsightsError({ kind: 'unexpected', message: 'boom' })) : ok(rows)));
        const clock = timers();
        const load = new PageInsightsLoad({ enricher: source, onChange: () => undefined, timers: clock });
        load.show([row(1)]);
        await flush();
        expect(clock.pending).toBe(0);
        load.show([row(1)]);
        expect(source.calls).toHaveLength(1);
        fail = false;
        load.retry();
        await flush();
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'noProfile' });
    });

    it('sets nothing and schedules nothing after dispose', async () => {
        let changes = 0;
        const source = enricher((rows) => new Promise((resolve) => setTimeout(() => void ok(rows).then(resolve), 5)));
        const clock = timers();
        const load = new PageInsightsLoad({ enricher: source, onChange: () => changes++, timers: clock });
        load.show([row(1)]);
        const before = changes;
        load.dispose();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(changes).toBe(before);
        expect(load.stateOf(row(1))).toStrictEqual({ kind: 'loading' });
        load.show([row(2)]);
        expect(source.calls).toHaveLength(1);
        expect(clock.pending).toBe(0);
    });
});
