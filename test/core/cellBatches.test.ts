/**
 * The cell batches of the grid cells customizer (components/shared/cellBatches.ts) over the real page enricher
 * and the emulator, with a manual clock: rows of the cells rendered in one quiet spell go in one batch, a
 * long stream of cells still sends within its bound, rows are never queued twice, nothing after dispose.
 * And the grid customizer contract's readers (components/shared/host/gridCustomizer.ts) on hostile input.
 */
import { CellBatches } from '../../components/shared/cellBatches';
import { createPageEnricher, type PageRow } from '../../components/shared/pageEnricher';
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import { lookupIdOf, readGridCell, registerGridCustomizer } from '../../components/shared/host/gridCustomizer';
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { manualClock, type ManualClock } from './manualClock';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Cell batches over the real page enricher and the emulator for `persona` (the administrator unless given),
 * with a manual clock, and the first 60 contacts as page rows.
 */
function setup(settings: { persona?: keyof typeof PERSONAS; isOffline?: () => boolean } = {}): { dv: DataverseEmulator; batches: CellBatches; timers: ManualClock; rows: PageRow[] } {
    const dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
    const user = PERSONAS[settings.persona ?? 'administrator'].userId;
    const enricher = createPageEnricher({
        webApi: dv.webApi(user),
        userId: user,
        ...(settings.isOffline !== undefined ? { isOffline: settings.isOffline } : {}),
        options: { cache: createRequestCache(), limiter: createRequestLimiter(6), links: { useAlternateKeys: false } },
    });
    enricher.register();
    const timers = manualClock();
    const batches = new CellBatches({ enricher, timers, debounceMs: 40, maxWaitMs: 250, retryFailedAfterMs: 15_000 });
    const rows = [...dv.tenant.rows('contact')].slice(0, 60).map((row) => ({ recordId: String(row.contactid), profileLookupId: row.msdynci_lookupfield_customerprofile === null ? null : String(row.msdynci_lookupfield_customerprofile) }));
    return { dv, batches, timers, rows };
}

/** The first of `rows` with a profile lookup. */
function linkedRow(rows: readonly PageRow[]): PageRow {
    const row = rows.find((candidate) => candidate.profileLookupId !== null);
    if (row === undefined) throw new Error('expected a contact with a profile lookup');
    return row;
}

async function untilRead(batches: CellBatches, row: PageRow): Promise<void> {
    for (let attempt = 0; attempt < 200 && batches.stateOf(row).kind === 'loading'; attempt++) await settle();
}

describe('cell batches', () => {
    it('send the rows of the cells rendered in one quiet spell as one batch: one request per table', async () => {
        const { dv, batches, timers, rows } = setup();
        for (const row of rows.slice(0, 25)) for (let cell = 0; cell < 3; cell++) batches.want(row);
        expect(batches.queuedRows).toBe(25);
        expect(dv.log.entries).toHaveLength(0);
        timers.advance(39);
        expect(batches.batches).toBe(0);
        timers.advance(1);
        expect(batches.batches).toBe(1);
        await untilRead(batches, rows[0]);
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(rows.slice(0, 25).map((row) => batches.stateOf(row).kind).filter((kind) => kind === 'loading')).toStrictEqual([]);
    });

    it('send a long stream of cells at the latest after the longest wait', () => {
        const { batches, timers, rows } = setup();
        for (const row of rows.slice(0, 30)) {
            batches.want(row);
            timers.advance(10);
        }
        // 30 cells 10 ms apart never leave a quiet spell of 40 ms: the batch goes after 250 ms all the same.
        expect(batches.batches).toBe(1);
    });

    it('never queue a row twice, and answer rows already read from memory', async () => {
        const { dv, batches, timers, rows } = setup();
        const row = rows[0];
        batches.want(row);
        batches.want(row);
        timers.advance(40);
        batches.want(row);
        expect(batches.queuedRows).toBe(0);
        await untilRead(batches, row);
        dv.log.clear();
        expect(batches.want(row).kind).not.toBe('loading');
        timers.advance(1000);
        expect(batches.batches).toBe(1);
        expect(dv.log.entries).toHaveLength(0);
    });

    it('tell listeners when a batch answers, and nobody after dispose', async () => {
        const { batches, timers, rows } = setup();
        const heard = jest.fn();
        batches.subscribe(heard);
        batches.want(rows[0]);
        timers.advance(40);
        await untilRead(batches, rows[0]);
        expect(heard).toHaveBeenCalled();
        heard.mockClear();
        batches.want(rows[1]);
        batches.dispose();
        expect(timers.pending).toBe(0);
        timers.advance(1000);
        await settle();
        expect(heard).not.toHaveBeenCalled();
        expect(batches.batches).toBe(1);
        expect(batches.stateOf(rows[2])).toStrictEqual({ kind: 'failed' });
    });
});

describe('failed rows', () => {
    it('are read again when rendered again after the failure may have passed (offline, then online), not sooner', async () => {
        let offline = true;
        const { batches, timers, rows } = setup({ isOffline: () => offline });
        const row = linkedRow(rows);
        batches.want(row);
        timers.advance(40);
        for (let attempt = 0; attempt < 50 && batches.stateOf(row).kind !== 'failed'; attempt++) await settle();
        expect(batches.stateOf(row).kind).toBe('failed');
        expect(batches.failure?.kind).toBe('offline');
        offline = false;
        // Rendered again at once: the failure is too fresh to ask again.
        batches.want(row);
        timers.advance(1000);
        expect(batches.stateOf(row).kind).toBe('failed');
        timers.advance(14_000);
        batches.want(row);
        timers.advance(40);
        await untilRead(batches, row);
        expect(batches.stateOf(row).kind).toBe('found');
    });

    it('are not read again by rendering when the user lacks the privilege', async () => {
        const { dv, batches, timers, rows } = setup({ persona: 'noRole' });
        const row = linkedRow(rows);
        batches.want(row);
        timers.advance(40);
        for (let attempt = 0; attempt < 50 && batches.stateOf(row).kind !== 'failed'; attempt++) await settle();
        expect(batches.failure?.kind).toBe('noPrivilege');
        const sent = dv.log.entries.length;
        timers.advance(60_000);
        batches.want(row);
        timers.advance(1000);
        await settle();
        expect(dv.log.entries.length).toBe(sent);
    });
});

describe('the grid customizer contract', () => {
    const context = (factory: unknown): ComponentFramework.Context<unknown> => ({ factory }) as unknown as ComponentFramework.Context<unknown>;

    it('registers through the factory event with the renderer overrides', () => {
        const fireEvent = jest.fn();
        const overrides = { Text: () => null };
        expect(registerGridCustomizer(context({ fireEvent }), 'event-1', overrides)).toStrictEqual({ kind: 'registered', eventName: 'event-1' });
        expect(fireEvent.mock.calls).toStrictEqual([['event-1', { cellRendererOverrides: overrides }]]);
    });

    it.each([
        ['no event name', { fireEvent: jest.fn() }, null, 'noEventName'],
        ['a blank event name', { fireEvent: jest.fn() }, '  ', 'noEventName'],
        ['no fireEvent', {}, 'event-1', 'noFactoryEvent'],
        ['no factory', undefined, 'event-1', 'noFactoryEvent'],
        [
            'a fireEvent that throws',
            {
                fireEvent: () => {
                    throw new Error('no');
                },
            },
            'event-1',
            'refused',
        ],
    ])('says why nothing was registered with %s', (_name, factory, eventName, reason) => {
        expect(registerGridCustomizer(context(factory), eventName, {})).toStrictEqual({ kind: 'unavailable', reason });
    });

    it('reads the renderer parameters defensively', () => {
        const params = { colDefs: [{ name: 'fullname' }, { name: 'msdynci_lookupfield_customerprofile' }], columnIndex: 1, rowData: { __rec_id: 'abc', fullname: 'Ada' } };
        const cell = readGridCell({ value: [{ id: { guid: 'p1' } }], formattedValue: 'Profile', isRTLMode: true }, params);
        expect(cell).toMatchObject({ rowId: 'abc', columnName: 'msdynci_lookupfield_customerprofile', columnNames: ['fullname', 'msdynci_lookupfield_customerprofile'], formattedValue: 'Profile', isRTL: true });
        expect(cell?.rowValue('fullname')).toBe('Ada');
        for (const hostile of [undefined, null, 42, {}, { colDefs: 'x', columnIndex: 0 }, { colDefs: [{ name: 'a' }], columnIndex: 3, rowData: { __rec_id: 'x' } }, { colDefs: [{ name: 'a' }], columnIndex: 0, rowData: {} }, { colDefs: [null], columnIndex: 0, rowData: { __rec_id: 'x' } }]) {
            expect(readGridCell({}, hostile)).toBeUndefined();
        }
    });

    it.each([
        [{ id: { guid: 'a' } }, 'a'],
        [{ id: 'b' }, 'b'],
        [[{ id: { guid: 'c' } }], 'c'],
        ['d', 'd'],
        [[], undefined],
        [null, undefined],
        [{ id: {} }, undefined],
        [{ id: '  ' }, undefined],
        [42, undefined],
    ])('reads the lookup id of %j', (value, expected) => {
        expect(lookupIdOf(value)).toBe(expected);
    });
});
