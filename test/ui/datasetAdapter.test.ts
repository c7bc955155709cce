/**
 * The dataset adapter (components/shared/host/dataset.ts) at its branches, found by mutation testing (README
 * "Mutation testing"): which view columns show and how, paging, sorting and error values as the platform
 * gives them, every shape of a lookup, date and display value, the linked profile columns, and what the
 * adapter asks of the platform's dataset (link, columns, sort, pages, open, select, page size, refresh).
 * grid.test.ts holds the main behaviour.
 */
import { linkProfile, loadNextPage, openRow, readView, refreshView, selectRows, setPageSize, sortView, PROFILE_LINK_ALIAS, VIEW_COUNT_LIMIT, DEFAULT_WIDTH_WEIGHT } from '../../components/shared/host/dataset';

type Column = ComponentFramework.PropertyHelper.DataSetApi.Column;
type DataSet = ComponentFramework.PropertyTypes.DataSet;

const sets = { profileLookup: 'profileLookup', profileKey: 'profileKey' };
const column = (name: string, order: number, extra: Partial<Column> = {}): Column => ({ name, displayName: name, dataType: 'SingleLine.Text', alias: name, order, visualSizeFactor: 100, ...extra });
const LOOKUP_ID = '7d3c2b1a-0000-4000-8000-000000000001';
const UNIT_ID = 'b0000000-0003-4b00-8000-000000000003';
const CUSTOMER = 'ab'.repeat(16);

/** A record answering from `values` (raw) and `formatted`. */
function record(values: Record<string, unknown>, formatted: Record<string, string> = {}, reference?: unknown) {
    return {
        getRecordId: () => 'r',
        ...(reference !== undefined ? { getNamedReference: () => reference } : {}),
        getFormattedValue: (name: string) => formatted[name] ?? '',
        getValue: (name: string) => values[name] ?? null,
    };
}
function dataset(parts: Partial<Record<keyof DataSet, unknown>> & { records?: Record<string, unknown> }): DataSet {
    return {
        columns: [],
        records: {},
        sortedRecordIds: Object.keys(parts.records ?? {}),
        loading: false,
        paging: { totalResultCount: -1, hasNextPage: false },
        sorting: [],
        getSelectedRecordIds: () => [],
        getTitle: () => 'Title',
        getTargetEntityType: () => 'contact',
        error: false,
        ...parts,
    } as unknown as DataSet;
}

describe('view columns', () => {
    it('show in order with their names, types, flags and weights; hidden, unordered, unnamed and linked columns stay out', () => {
        const view = readView(
            dataset({
                columns: [
                    column('b', 1, { displayName: '', dataType: 'Whole.None', disableSorting: true, visualSizeFactor: 0 }),
                    column('a', 0, { isPrimary: true, visualSizeFactor: 150 }),
                    column('c', 2, { visualSizeFactor: Number.NaN }),
                    column('lookup', 3, { alias: 'profileLookup' }),
                    column('hidden', 4, { isHidden: true }),
                    column('unordered', -1),
                    column(`${PROFILE_LINK_ALIAS}.msdynci_customerid`, 5),
                    { ...column('x', 6), name: 42 as unknown as string },
                ],
            }),
            sets,
            'notLinked',
        );
        expect(view.columns).toStrictEqual([
            { name: 'a', displayName: 'a', dataType: 'SingleLine.Text', isPrimary: true, sortable: true, widthWeight: 150, isProfileLookup: false },
            { name: 'b', displayName: 'b', dataType: 'Whole.None', isPrimary: false, sortable: false, widthWeight: DEFAULT_WIDTH_WEIGHT, isProfileLookup: false },
            { name: 'c', displayName: 'c', dataType: 'SingleLine.Text', isPrimary: false, sortable: true, widthWeight: DEFAULT_WIDTH_WEIGHT, isProfileLookup: false },
            { name: 'lookup', displayName: 'lookup', dataType: 'SingleLine.Text', isPrimary: false, sortable: true, widthWeight: 100, isProfileLookup: true },
        ]);
        expect(view.title).toBe('Title');
        expect(view.designer).toBe(false);
    });

    it('a view still loading its columns is not the designer; a bound set with a blank column name is unbound', () => {
        expect(readView(dataset({ loading: true }), sets, 'notLinked')).toMatchObject({ designer: false, loading: true });
        const blank = readView(dataset({ columns: [column(' ', 0, { alias: 'profileLookup' })], records: { r: record({ ' ': LOOKUP_ID }) } }), sets, 'notLinked');
        expect(blank.rows[0]?.page).toStrictEqual({ recordId: 'r' });
    });
});

describe('a host without some members, or whose members throw', () => {
    it('a dataset without columns is the designer, with no title, rows, selection or paging', () => {
        const view = readView(dataset({ columns: undefined, getTitle: () => undefined, getSelectedRecordIds: () => undefined, sorting: undefined, paging: undefined }), sets, 'notLinked');
        expect(view).toStrictEqual({ designer: true, title: '', columns: [], rows: [], paging: { loaded: 0, total: undefined, countLimit: VIEW_COUNT_LIMIT, hasNextPage: false }, loading: false, selectedIds: new Set() });
    });

    it('a dataset whose every member throws reads as the designer, never throws itself', () => {
        const throwing = new Proxy({}, { get: () => { throw new Error('not in this host'); } }) as DataSet;
        expect(readView(throwing, sets, 'linked')).toStrictEqual({ designer: true, title: '', columns: [], rows: [], paging: { loaded: 0, total: undefined, countLimit: VIEW_COUNT_LIMIT, hasNextPage: false }, loading: false, selectedIds: new Set() });
        expect(readView(dataset({ getSelectedRecordIds: undefined, getTitle: undefined }), sets, 'notLinked')).toMatchObject({ title: '', selectedIds: new Set() });
    });

    it('members that are no arrays read as empty, and missing columns or sort entries are left out, never a TypeError', () => {
        const empty = { designer: true, title: 'Title', columns: [], rows: [], paging: { loaded: 0, total: undefined, countLimit: VIEW_COUNT_LIMIT, hasNextPage: false }, loading: false, selectedIds: new Set() };
        for (const odd of [42, 'abc', { length: 1, 0: 'r' }, null]) {
            expect(readView(dataset({ columns: odd, sortedRecordIds: odd, sorting: odd, getSelectedRecordIds: () => odd, paging: undefined }), sets, 'notLinked')).toStrictEqual(empty);
        }
        const view = readView(
            dataset({
                columns: [null, column('name', 0, { isPrimary: true }), undefined, 7],
                records: { r: record({}, { name: 'Ada' }) },
                sorting: [null, undefined, { name: 'name', sortDirection: 1 }],
                getSelectedRecordIds: () => ['r'],
            }),
            sets,
            'notLinked',
        );
        expect([view.columns.map((c) => c.name), view.rows.map((row) => row.name), view.sort, [...view.selectedIds]]).toStrictEqual([['name'], ['Ada'], { column: 'name', descending: true }, ['r']]);
    });

    it('a row without a named reference and a host without a table name: a reference to the id, table unnamed', () => {
        const columns = [column('name', 0, { isPrimary: true })];
        for (const getTargetEntityType of [undefined, () => undefined]) {
            const row = readView(dataset({ columns, records: { r: record({}, { name: 'Ada' }) }, getTargetEntityType }), sets, 'notLinked').rows[0];
            expect(row?.reference).toStrictEqual({ id: { guid: 'r' }, etn: '', name: '' });
            expect(row?.name).toBe('Ada');
        }
    });

    it('a record whose values throw shows empty text; a formatted value that is no text gives way to the raw value', () => {
        const throwing = { getRecordId: () => 'r', getFormattedValue: () => { throw new Error('no'); }, getValue: () => { throw new Error('no'); } };
        const row = readView(dataset({ columns: [column('name', 0, { isPrimary: true })], records: { r: throwing } }), sets, 'notLinked').rows[0];
        expect([row?.name, row?.text('name')]).toStrictEqual(['', '']);
        const odd = { getRecordId: () => 'r', getFormattedValue: (name: string) => (name === 'n' ? null : 42), getValue: (name: string) => (name === 'n' ? 'raw' : 7) };
        const oddRow = readView(dataset({ columns: [column('n', 0)], records: { r: odd } }), sets, 'notLinked').rows[0];
        expect([oddRow?.text('n'), oddRow?.text('x')]).toStrictEqual(['raw', '7']);
    });

    it('without a primary column a row has no name, even when the record answers every column', () => {
        const answersAll = { getRecordId: () => 'r', getFormattedValue: () => 'Anything', getValue: () => 'anything' };
        expect(readView(dataset({ columns: [column('x', 0)], records: { r: answersAll } }), sets, 'notLinked').rows[0]?.name).toBe('');
    });
});

describe('paging, sorting, selection and errors', () => {
    const rows = { r1: record({}), r2: record({}) };
    it('counts at least the rows loaded, and only a count the platform knows', () => {
        expect(readView(dataset({ records: rows, paging: { totalResultCount: 7, hasNextPage: true } }), sets, 'notLinked').paging).toStrictEqual({ loaded: 2, total: 7, countLimit: VIEW_COUNT_LIMIT, hasNextPage: true });
        expect(readView(dataset({ records: rows, paging: { totalResultCount: 1, hasNextPage: false } }), sets, 'notLinked').paging.total).toBe(2);
        expect(readView(dataset({ records: rows, paging: { totalResultCount: 0 } }), sets, 'notLinked').paging.total).toBe(2);
        expect(readView(dataset({ records: rows, paging: { totalResultCount: -1 } }), sets, 'notLinked').paging.total).toBeUndefined();
        expect(readView(dataset({ records: rows, paging: { totalResultCount: '7', hasNextPage: 'yes' } }), sets, 'notLinked').paging).toStrictEqual({ loaded: 2, total: undefined, countLimit: 5000, hasNextPage: false });
        expect(readView(dataset({ records: rows, paging: undefined }), sets, 'notLinked').paging).toStrictEqual({ loaded: 2, total: undefined, countLimit: 5000, hasNextPage: false });
    });

    it('takes the first ascending or descending sort, nothing else', () => {
        expect(readView(dataset({ sorting: [{ name: 'x', sortDirection: -1 }, { name: 'a', sortDirection: 0 }] }), sets, 'notLinked').sort).toStrictEqual({ column: 'a', descending: false });
        expect(readView(dataset({ sorting: [{ name: 'b', sortDirection: 1 }] }), sets, 'notLinked').sort).toStrictEqual({ column: 'b', descending: true });
        expect(readView(dataset({ sorting: [{ name: 'x', sortDirection: -1 }] }), sets, 'notLinked')).not.toHaveProperty('sort');
    });

    it('passes on the error text trimmed, or an empty one, and no error when there is none', () => {
        expect(readView(dataset({ error: true, errorMessage: '  Broken view  ' }), sets, 'notLinked').error).toBe('Broken view');
        expect(readView(dataset({ error: true, errorMessage: '' }), sets, 'notLinked').error).toBe('');
        expect(readView(dataset({ error: false, errorMessage: 'stale' }), sets, 'notLinked')).not.toHaveProperty('error');
        expect(readView(dataset({ error: 'true', errorMessage: 'x' }), sets, 'notLinked')).not.toHaveProperty('error');
        // An odd host's message that is no text: an error without words, and readView still answers.
        for (const errorMessage of [undefined, 42, { text: 'x' }]) expect(readView(dataset({ error: true, errorMessage }), sets, 'notLinked').error).toBe('');
    });

    it('keeps the selection and the loading flag only when true', () => {
        const view = readView(dataset({ getSelectedRecordIds: () => ['r2'], loading: 'yes' }), sets, 'notLinked');
        expect([...view.selectedIds]).toStrictEqual(['r2']);
        expect(view.loading).toBe(false);
    });
});

describe('row values', () => {
    const view = (values: Record<string, unknown>, formatted: Record<string, string> = {}, reference?: unknown) =>
        readView(
            dataset({ columns: [column('name', 0, { isPrimary: true }), column('lookup', 1, { alias: 'profileLookup' }), column('key', 2, { alias: 'profileKey' })], records: { r: record(values, formatted, reference) } }),
            sets,
            'notLinked',
        ).rows[0];

    it('reads a lookup as a string, a list, an id or an id with a guid, and nothing else', () => {
        for (const value of [LOOKUP_ID, [LOOKUP_ID], { id: LOOKUP_ID }, { id: { guid: `{${LOOKUP_ID.toUpperCase()}}` } }, [{ id: { guid: LOOKUP_ID } }]]) {
            expect(view({ lookup: value })?.page.profileLookupId).toBe(LOOKUP_ID);
        }
        for (const value of [null, 'not a guid', { id: 42 }, { name: 'x' }, []]) expect(view({ lookup: value })?.page.profileLookupId).toBeNull();
    });

    it('takes the key value trimmed, or null when blank', () => {
        expect(view({ key: 'x' }, { key: '  K-1  ' })?.page.profileKey).toBe('K-1');
        expect(view({ key: '   ' })?.page.profileKey).toBeNull();
        expect(view({})?.page.profileKey).toBeNull();
    });

    it('shows the formatted value, else a readable raw value, never [object Object]', () => {
        const row = view({ n: 12, b: false, s: 'raw', t: 'plain', d: new Date('2026-01-02T03:04:05Z'), bad: new Date(Number.NaN), many: [{ name: 'A' }, null, { id: 1 }, { name: 'B' }], one: { name: 'Solo' }, obj: { x: 1 } }, { s: 'Formatted' });
        expect(['n', 'b', 's', 't', 'd', 'bad', 'many', 'one', 'obj', 'none'].map((name) => row?.text(name))).toStrictEqual(['12', 'false', 'Formatted', 'plain', '2026-01-02T03:04:05.000Z', '', 'A, B', 'Solo', '', '']);
        expect(view({}, { name: 'Ada' })?.name).toBe('Ada');
    });

    it('uses the record reference when there is one, else builds it from the id and table', () => {
        expect(view({}, {}, { id: { guid: 'g' }, etn: 'lead', name: 'L' })?.reference).toStrictEqual({ id: { guid: 'g' }, etn: 'lead', name: 'L' });
        expect(view({})?.reference).toStrictEqual({ id: { guid: 'r' }, etn: 'contact', name: '' });
        const noPrimary = readView(dataset({ columns: [column('x', 0)], records: { r: record({}, { x: 'X' }) } }), sets, 'notLinked').rows[0];
        expect(noPrimary?.name).toBe('');
    });
});

describe('linked profile columns', () => {
    const linkedView = (values: Record<string, unknown>, formatted: Record<string, string> = {}, link: 'linked' | 'notLinked' = 'linked', columns: Column[] = [column('lookup', -1, { alias: 'profileLookup' }), column(`${PROFILE_LINK_ALIAS}.msdynci_customerid`, -1)]) =>
        readView(dataset({ columns, records: { r: record({ lookup: { id: { guid: LOOKUP_ID } }, ...values }, formatted) } }), sets, link).rows[0]?.page;
    const at = (name: string) => `${PROFILE_LINK_ALIAS}.${name}`;

    it('carry the customer id, the business unit with or without its name, and a valid date', () => {
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('owningbusinessunit')]: { id: { guid: UNIT_ID } }, [at('modifiedon')]: '2026-01-02T00:00:00Z' }, { [at('owningbusinessunit')]: ' US ' })?.linkedProfile).toStrictEqual({
            customerId: CUSTOMER,
            owningBusinessUnit: { id: UNIT_ID, name: 'US' },
            modifiedOn: new Date('2026-01-02T00:00:00Z'),
        });
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('owningbusinessunit')]: { id: UNIT_ID }, [at('modifiedon')]: new Date('2026-01-03T00:00:00Z') })?.linkedProfile).toStrictEqual({
            customerId: CUSTOMER,
            owningBusinessUnit: { id: UNIT_ID },
            modifiedOn: new Date('2026-01-03T00:00:00Z'),
        });
        // A bare id in place of the lookup (no formatted value) carries the unit, never its GUID as the name.
        for (const bare of [UNIT_ID, `{${UNIT_ID.toUpperCase()}}`]) {
            expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('owningbusinessunit')]: bare })?.linkedProfile).toStrictEqual({ customerId: CUSTOMER, owningBusinessUnit: { id: UNIT_ID } });
            expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('owningbusinessunit')]: { id: UNIT_ID } }, { [at('owningbusinessunit')]: bare })?.linkedProfile).toStrictEqual({ customerId: CUSTOMER, owningBusinessUnit: { id: UNIT_ID } });
        }
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('modifiedon')]: 'not a date' })?.linkedProfile).toStrictEqual({ customerId: CUSTOMER });
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER, [at('modifiedon')]: 12345 })?.linkedProfile).toStrictEqual({ customerId: CUSTOMER });
    });

    it('are not used for a row without a lookup value, nor when the link column did not arrive or the lookup is not bound', () => {
        expect(linkedView({ lookup: null, [at('msdynci_customerid')]: CUSTOMER })).toStrictEqual({ recordId: 'r', profileLookupId: null });
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER }, {}, 'linked', [column('lookup', -1, { alias: 'profileLookup' })])).not.toHaveProperty('linkedProfile');
        expect(linkedView({ [at('msdynci_customerid')]: CUSTOMER }, {}, 'linked', [column(`${PROFILE_LINK_ALIAS}.msdynci_customerid`, -1)])).toStrictEqual({ recordId: 'r' });
    });

    it('a customer id that is not one reads as "no profile" only when another row shows the link applied', () => {
        const records = { r: record({ lookup: LOOKUP_ID, [at('msdynci_customerid')]: 'junk' }), s: record({ lookup: LOOKUP_ID, [at('msdynci_customerid')]: CUSTOMER }) };
        const columns = [column('lookup', -1, { alias: 'profileLookup' }), column(at('msdynci_customerid'), -1)];
        expect(readView(dataset({ columns, records }), sets, 'linked').rows.map((row) => row.page.linkedProfile)).toStrictEqual([null, { customerId: CUSTOMER }]);
        const alone = readView(dataset({ columns, records: { r: records.r } }), sets, 'linked').rows[0]?.page;
        expect(alone).toStrictEqual({ recordId: 'r', profileLookupId: LOOKUP_ID });
        // A row without a lookup value brings no linked columns either: it is no sign that the link applied.
        const withoutLookup = readView(dataset({ columns, records: { r: records.r, t: record({ lookup: null }) } }), sets, 'linked').rows.map((row) => row.page);
        expect(withoutLookup).toStrictEqual([{ recordId: 'r', profileLookupId: LOOKUP_ID }, { recordId: 't', profileLookupId: null }]);
    });
});

describe('what the adapter asks of the platform', () => {
    function platform(overrides: Record<string, unknown> = {}) {
        const calls: unknown[][] = [];
        const linked: { alias: string }[] = [];
        const data = {
            columns: [column('lookup', 0, { alias: 'profileLookup' })],
            linking: {
                getLinkedEntities: () => linked,
                addLinkedEntity: (entity: { alias: string }) => {
                    calls.push(['addLinkedEntity', entity]);
                    linked.push(entity);
                },
            },
            addColumn: (name: string, alias: string) => calls.push(['addColumn', name, alias]),
            sorting: [{ name: 'old', sortDirection: 0 }],
            refresh: () => calls.push(['refresh']),
            paging: { hasNextPage: true, loadNextPage: () => calls.push(['loadNextPage']), setPageSize: (size: number) => calls.push(['setPageSize', size]) },
            openDatasetItem: (reference: unknown) => calls.push(['open', reference]),
            setSelectedRecordIds: (ids: string[]) => calls.push(['select', ids]),
            ...overrides,
        };
        return { data: data as unknown as DataSet, calls, raw: data };
    }

    it('links the profile table once through the bound lookup and adds its columns', () => {
        const { data, calls } = platform();
        expect(linkProfile(data, sets)).toBe('linked');
        expect(linkProfile(data, sets)).toBe('linked');
        const columns = ['msdynci_customerid', 'owningbusinessunit', 'modifiedon'].map((name) => ['addColumn', name, PROFILE_LINK_ALIAS]);
        expect(calls).toStrictEqual([['addLinkedEntity', { name: 'msdynci_customerprofile', from: 'msdynci_customerprofileid', to: 'lookup', linkType: 'outer', alias: 'cibu_profile' }], ...columns, ...columns]);
    });

    it('links through the column bound to the lookup set wherever it stands, beside links the view already has', () => {
        const { data, calls } = platform({ columns: [column('name', 0), column('parentcustomerid', 1, { alias: 'profileLookup' })] });
        (data.linking.getLinkedEntities() as { alias: string }[]).push({ alias: 'a_account' });
        expect(linkProfile(data, sets)).toBe('linked');
        expect(calls[0]).toStrictEqual(['addLinkedEntity', expect.objectContaining({ to: 'parentcustomerid', alias: PROFILE_LINK_ALIAS })]);
        const unbound = platform({ columns: [column('name', 0)] });
        expect(linkProfile(unbound.data, sets)).toBe('notLinked');
        expect(unbound.calls).toStrictEqual([]);
    });

    it('does not link without a bound lookup, linking or addColumn, or when the platform refuses', () => {
        expect(linkProfile(undefined, sets)).toBe('notLinked');
        for (const overrides of [{ columns: [] }, { columns: [column('', 0, { alias: 'profileLookup' })] }, { linking: undefined }, { linking: { getLinkedEntities: () => [] } }, { addColumn: undefined }]) {
            const { data, calls } = platform(overrides);
            expect(linkProfile(data, sets)).toBe('notLinked');
            expect(calls).toStrictEqual([]);
        }
        // A host that lists our link but cannot add one is not trusted to have applied it: no columns are added.
        const listsOnly = platform({ linking: { getLinkedEntities: () => [{ alias: PROFILE_LINK_ALIAS }] } });
        expect(linkProfile(listsOnly.data, sets)).toBe('notLinked');
        expect(listsOnly.calls).toStrictEqual([]);
        const refusing = platform({ addColumn: () => { throw new Error('no'); } });
        expect(linkProfile(refusing.data, sets)).toBe('notLinked');
    });

    it('sorts by one column only, loads a next page only when there is one, opens, selects, sizes and refreshes', () => {
        const { data, calls, raw } = platform();
        sortView(data, 'name', true);
        expect(raw.sorting).toStrictEqual([{ name: 'name', sortDirection: 1 }]);
        sortView(data, 'city', false);
        expect(raw.sorting).toStrictEqual([{ name: 'city', sortDirection: 0 }]);
        loadNextPage(data);
        raw.paging.hasNextPage = false;
        loadNextPage(data);
        const reference = { id: { guid: 'g' }, etn: 'contact', name: 'N' };
        openRow(data, { id: 'g', reference, name: 'N', text: () => '', page: { recordId: 'g' } });
        const ids = ['a', 'b'];
        selectRows(data, ids);
        setPageSize(data, 50);
        refreshView(data);
        expect(calls).toStrictEqual([['refresh'], ['refresh'], ['loadNextPage'], ['open', reference], ['select', ['a', 'b']], ['setPageSize', 50], ['refresh']]);
        expect(calls[4]?.[1]).not.toBe(ids);
        const without = platform({ paging: { setPageSize: () => { throw new Error('not here'); } } });
        expect(() => setPageSize(without.data, 10)).not.toThrow();
    });
});
