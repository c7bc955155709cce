/**
 * Reading typed values out of Web API rows (components/shared/rows.ts): the badge's origin (owning business
 * unit with its formatted name, modifiedOn), text, dates and numbers as the Web API and FetchXML send them,
 * and the badge summary over several rows. Written from mutation testing.
 */
import { commonBusinessUnit, newestModifiedOn, ORIGIN_COLUMNS, readDate, readNumber, readOrigin, readText } from '../../components/shared/rows';

const UNIT = 'b0000000-0003-4b00-8000-000000000003';
const OTHER_UNIT = 'b0000000-0004-4b00-8000-000000000004';
const BU = '_owningbusinessunit_value';
const BU_NAME = '_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue';

describe('the origin of a row (the badge)', () => {
    it('selects the owning business unit and modifiedOn', () => {
        expect(ORIGIN_COLUMNS).toStrictEqual([BU, 'modifiedon']);
    });

    it('reads the business unit id normalised, with its name from the formatted value, and modifiedOn', () => {
        expect(readOrigin({ [BU]: `{${UNIT.toUpperCase()}}`, [BU_NAME]: 'United States', modifiedon: '2026-01-02T03:04:05Z' })).toStrictEqual({
            owningBusinessUnit: { id: UNIT, name: 'United States' },
            modifiedOn: new Date('2026-01-02T03:04:05Z'),
        });
    });

    it('has the id only without a formatted name, and leaves out what is missing or unreadable', () => {
        expect(readOrigin({ [BU]: UNIT, [BU_NAME]: '  ' })).toStrictEqual({ owningBusinessUnit: { id: UNIT } });
        expect(readOrigin({ [BU]: UNIT })).toStrictEqual({ owningBusinessUnit: { id: UNIT } });
        // No keys for what is missing (a badge tells "no name" by the key's absence).
        expect(Object.keys(readOrigin({ [BU]: UNIT }))).toStrictEqual(['owningBusinessUnit']);
        expect(Object.keys(readOrigin({ [BU]: UNIT })['owningBusinessUnit'] ?? {})).toStrictEqual(['id']);
        expect(readOrigin({ [BU]: 'not a guid', [BU_NAME]: 'United States', modifiedon: 'yesterday' })).toStrictEqual({});
        expect(Object.keys(readOrigin({ modifiedon: '2026-01-02T03:04:05Z' }))).toStrictEqual(['modifiedOn']);
    });
});

describe('values of a row', () => {
    it('reads text; numbers and booleans as text; blank, null and other values as no value', () => {
        const row = { a: 'x', b: ' padded ', c: '   ', d: 7, e: false, f: null, g: { x: 1 }, h: ['a'] };
        expect(readText(row, 'a')).toBe('x');
        expect(readText(row, 'b')).toBe(' padded ');
        expect(readText(row, 'c')).toBeUndefined();
        expect(readText(row, 'd')).toBe('7');
        expect(readText(row, 'e')).toBe('false');
        expect(readText(row, 'f')).toBeUndefined();
        expect(readText(row, 'g')).toBeUndefined();
        expect(readText(row, 'h')).toBeUndefined();
        expect(readText(row, 'missing')).toBeUndefined();
    });

    it('reads dates from text and Date, never from numbers or unreadable text', () => {
        const date = new Date('2026-05-06T07:08:09Z');
        expect(readDate({ a: '2026-05-06T07:08:09Z' }, 'a')).toStrictEqual(date);
        expect(readDate({ a: date }, 'a')).toStrictEqual(date);
        expect(readDate({ a: date.getTime() }, 'a')).toBeUndefined();
        expect(readDate({ a: 'not a date' }, 'a')).toBeUndefined();
        expect(readDate({ a: new Date(Number.NaN) }, 'a')).toBeUndefined();
        expect(readDate({ a: null }, 'a')).toBeUndefined();
    });

    it('reads finite numbers from numbers and numeric text only', () => {
        expect(readNumber({ a: 3.5 }, 'a')).toBe(3.5);
        expect(readNumber({ a: 0 }, 'a')).toBe(0);
        expect(readNumber({ a: ' 42 ' }, 'a')).toBe(42);
        expect(readNumber({ a: '-1.5' }, 'a')).toBe(-1.5);
        for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '', '   ', 'abc', 'Infinity', '1e400', true, null, undefined, {}]) {
            expect(readNumber({ a: value }, 'a')).toBeUndefined();
        }
    });
});

describe('the badge over several rows', () => {
    const jan = new Date('2026-01-01T00:00:00Z');
    const feb = new Date('2026-02-01T00:00:00Z');
    const mar = new Date('2026-03-01T00:00:00Z');

    it('is the newest modifiedOn, whatever the order, ignoring rows without one', () => {
        expect(newestModifiedOn([{ modifiedOn: feb }, {}, { modifiedOn: mar }, { modifiedOn: jan }])).toStrictEqual(mar);
        expect(newestModifiedOn([{ modifiedOn: mar }, { modifiedOn: jan }])).toStrictEqual(mar);
        expect(newestModifiedOn([{}, { modifiedOn: jan }])).toStrictEqual(jan);
        expect(newestModifiedOn([{}])).toBeUndefined();
        expect(newestModifiedOn([])).toBeUndefined();
    });

    it('names the business unit only when every row has the same one', () => {
        const unit = { id: UNIT, name: 'United States' } as const;
        expect(commonBusinessUnit([{ owningBusinessUnit: unit as never }, { owningBusinessUnit: { id: UNIT } as never }])).toStrictEqual(unit);
        expect(commonBusinessUnit([{ owningBusinessUnit: unit as never }, { owningBusinessUnit: { id: OTHER_UNIT } as never }])).toBeUndefined();
        expect(commonBusinessUnit([{ owningBusinessUnit: unit as never }, {}])).toBeUndefined();
        expect(commonBusinessUnit([{}, { owningBusinessUnit: unit as never }])).toBeUndefined();
        expect(commonBusinessUnit([])).toBeUndefined();
    });
});
