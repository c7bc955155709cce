/**
 * The maker's line syntax for named values and the tiles it makes (components/shared/measureSpec.ts), on its
 * own: every comparison at its edge, every refusal, and every way a value can be unavailable.
 */
import { meets, measureTiles, MEASURE_FORMATS, parseMeasureSpecs, parseThreshold, parseValueSpecs } from '../../components/shared/measureSpec';

describe('thresholds', () => {
    it.each([
        ['>= 10', '>=', 10],
        ['> 10', '>', 10],
        ['<= 10', '<=', 10],
        ['< 10', '<', 10],
        ['= 10', '=', 10],
        ['!= 10', '!=', 10],
        ['>=10', '>=', 10],
        ['  <   -2.5  ', '<', -2.5],
        ['= 0', '=', 0],
        ['>= 1.25', '>=', 1.25],
        ['< -0.125', '<', -0.125],
    ])('reads %j', (text, comparison, value) => {
        expect(parseThreshold(text)).toStrictEqual({ comparison, value });
    });

    it.each([['=> 3'], ['> abc'], ['>'], ['10'], ['>= 1.'], ['>= .5'], ['>= 1e3'], ['>= 1 2'], ['x >= 1'], ['>= 1x'], ['== 1'], ['']])('refuses %j', (text) => {
        expect(parseThreshold(text)).toBeUndefined();
    });

    it.each([
        ['>=', [false, true, true]],
        ['>', [false, false, true]],
        ['<=', [true, true, false]],
        ['<', [true, false, false]],
        ['=', [false, true, false]],
        ['!=', [true, false, true]],
    ] as const)('%s 10 for 9, 10 and 11', (comparison, expected) => {
        expect([9, 10, 11].map((value) => meets(value, { comparison, value: 10 }))).toStrictEqual(expected);
    });
});

describe('the line syntax', () => {
    it('reads every part, trims them, takes formats in any case and skips blank and comment lines', () => {
        expect(parseMeasureSpecs('  Spend  |  Total spend  |  CURRENCY  |  >= 1000  |  < 100  \r\n\n   \n# a comment\n  # an indented comment\nDays||days')).toStrictEqual({
            specs: [
                { name: 'Spend', label: 'Total spend', format: 'currency', good: { comparison: '>=', value: 1000 }, bad: { comparison: '<', value: 100 } },
                { name: 'Days', format: 'days' },
            ],
            rejectedLines: [],
        });
    });

    it.each([
        ['no name', ' | Label'],
        ['an unknown format', 'Spend | Spend | money'],
        ['a good threshold it cannot read', 'Spend | Spend | currency | lots'],
        ['a bad threshold it cannot read', 'Spend | Spend | currency | >= 1 | few'],
    ])('refuses a line with %s and names it, keeping the others', (_what, line) => {
        expect(parseMeasureSpecs(`First\n${line}\nLast`)).toStrictEqual({ specs: [{ name: 'First' }, { name: 'Last' }], rejectedLines: [2] });
    });

    it('reads only a bad threshold when there is no good one', () => {
        expect(parseMeasureSpecs('Churn | | percent | | > 0.5').specs).toStrictEqual([{ name: 'Churn', format: 'percent', bad: { comparison: '>', value: 0.5 } }]);
    });

    it.each([[null], [undefined], [''], ['\n\n']])('reads %j as no list', (text) => {
        expect(parseMeasureSpecs(text)).toStrictEqual({ specs: [], rejectedLines: [] });
    });

    it('offers exactly the formats a control names', () => {
        expect(MEASURE_FORMATS).toStrictEqual(['number', 'currency', 'percent', 'days', 'text']);
        expect(parseValueSpecs('A | | list\nB | | number', ['list'] as const)).toStrictEqual({ specs: [{ name: 'A', format: 'list' }], rejectedLines: [2] });
    });
});

describe('tiles', () => {
    const list = (text: string) => parseMeasureSpecs(text);

    it('matches names in any case and labels them readably unless the maker named them', () => {
        const tiles = measureTiles(new Map([['totalspend', 5]]), list('TotalSpend\nTotalSpend | Spend'));
        expect(tiles).toStrictEqual([
            { name: 'TotalSpend', label: 'Total Spend', value: { kind: 'number', value: 5, format: 'number', defaultFormat: true } },
            { name: 'TotalSpend', label: 'Spend', value: { kind: 'number', value: 5, format: 'number', defaultFormat: true } },
        ]);
    });

    it.each([
        ['a missing measure', undefined, 'number', { kind: 'unavailable' }],
        ['a missing measure shown as text', undefined, 'text', { kind: 'unavailable' }],
        ['a missing measure without a format', undefined, undefined, { kind: 'unavailable' }],
        ['null', null, 'number', { kind: 'unavailable' }],
        ['null shown as text', null, 'text', { kind: 'unavailable' }],
        ['text where a number was asked', 'Gold', 'currency', { kind: 'unavailable' }],
        ['a boolean where a number was asked', true, 'days', { kind: 'unavailable' }],
        ['a number shown as text', 42, 'text', { kind: 'text', value: '42' }],
        ['a boolean shown as text', false, 'text', { kind: 'text', value: 'false' }],
        ['a number with a format', 0.25, 'percent', { kind: 'number', value: 0.25, format: 'percent' }],
        ['a number without a format', 3, undefined, { kind: 'number', value: 3, format: 'number', defaultFormat: true }],
        ['text without a format', 'Gold', undefined, { kind: 'text', value: 'Gold' }],
        ['a boolean without a format', true, undefined, { kind: 'text', value: 'true' }],
        ['an infinite number without a format', Number.POSITIVE_INFINITY, undefined, { kind: 'unavailable' }],
        ['"NaN" text without a format', 'NaN', undefined, { kind: 'unavailable' }],
        ['"-Infinity" text shown as text', '-Infinity', 'text', { kind: 'unavailable' }],
        ['an infinite number with a format', Number.POSITIVE_INFINITY, 'number', { kind: 'unavailable' }],
    ] as const)('shows %s as %j', (_what, value, format, expected) => {
        const measures = new Map<string, number | string | boolean | null>(value === undefined ? [] : [['M', value]]);
        const spec = format === undefined ? 'M' : `M | | ${format}`;
        expect(measureTiles(measures, list(spec))[0]?.value).toStrictEqual(expected);
    });

    it('rates bad before good, and only numbers', () => {
        const tiles = measureTiles(
            new Map<string, number | string>([
                ['Both', 50],
                ['Good', 10],
                ['Neither', 30],
                ['Text', 'x'],
            ]),
            list('Both | | number | > 0 | > 40\nGood | | number | < 20 | > 40\nNeither | | number | < 20 | > 40\nText | | text | > 0 | > 0\nNone'),
        );
        expect(tiles.map((t) => t.rating)).toStrictEqual(['bad', 'good', undefined, undefined, undefined]);
        // A number shown as text is text: its thresholds do not apply.
        expect(measureTiles(new Map([['N', 5]]), list('N | | text | > 0 | > 1'))[0]).toStrictEqual({ name: 'N', label: 'N', value: { kind: 'text', value: '5' } });
        expect(tiles.map((t) => 'rating' in t)).toStrictEqual([true, true, false, false, false]);
    });

    it('without a list, shows every measure sorted by name', () => {
        expect(measureTiles(new Map([['b', 1], ['C', 2], ['a', 3]]), list('')).map((t) => t.name)).toStrictEqual(['a', 'b', 'C']);
    });
});
