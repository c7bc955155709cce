/**
 * The JSON column parsers at the edges that mutation testing (issue 19) found unpinned: every spelling of a
 * number that is not finite, and the text that only resembles one.
 */
import { isNonFiniteNumber, parseKeyValues, parseMeasures } from '../../components/shared/parsers';

describe('measures spelled as numbers that are not finite', () => {
    it.each(['NaN', 'nan', 'INF', 'inf', 'Infinity', 'infinity', '-Infinity', '+Infinity', '-nan', '+inf', ' NaN ', '\tInfinity\n', '1e400', '-1E400', ' 1e999 '])('%j is kept as no value (unavailable)', (text) => {
        expect(parseMeasures({ M: text })).toStrictEqual({ status: 'complete', value: new Map([['M', null]]) });
        expect(isNonFiniteNumber(text)).toBe(true);
    });

    it.each(['xnan', 'nanx', 'banana', 'x Infinity', 'Infinity x', 'infinit', 'Infinityy', 'in f', '--inf', '+-NaN', 'N aN', '1e40x', '12', '1e300', ''])('%j is no such number: kept as stored or as its number', (text) => {
        const expected = text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
        expect(parseMeasures({ M: text })).toStrictEqual({ status: 'complete', value: new Map([['M', expected]]) });
        expect(isNonFiniteNumber(text)).toBe(false);
    });

    it.each([
        ['a finite number', 12.5, false],
        ['NaN', Number.NaN, true],
        ['Infinity', Number.POSITIVE_INFINITY, true],
        ['-Infinity', Number.NEGATIVE_INFINITY, true],
        ['null', null, false],
        ['undefined', undefined, false],
        ['a boolean', true, false],
        ['a list spelling NaN', ['NaN'], false],
        ['a list spelling 1e400', ['1e400'], false],
        ['an object', { NaN: 1 }, false],
    ])('isNonFiniteNumber of %s', (_what, value, expected) => {
        expect(isNonFiniteNumber(value)).toBe(expected);
    });

    it('drops a list that spells a number that is not finite, like any other nested value', () => {
        expect(parseMeasures({ A: ['NaN'], B: ['1e400'], C: 1 })).toStrictEqual({ status: 'partial', value: new Map([['C', 1]]), problem: '2 nested values could not be read' });
    });
});

describe('key values that are numbers but not finite', () => {
    it('drops a JSON number beyond a double (1e400 parses to Infinity) and says so, never keeping Infinity', () => {
        expect(parseKeyValues('{"Score":1e400,"Tier":"Gold"}')).toStrictEqual({ status: 'partial', value: new Map([['Tier', 'Gold']]), problem: '1 nested values could not be read' });
    });

    it('drops NaN and infinities of an already parsed value', () => {
        expect(parseKeyValues({ A: Number.NaN, B: Number.NEGATIVE_INFINITY, C: 0 })).toStrictEqual({ status: 'partial', value: new Map([['C', 0]]), problem: '2 nested values could not be read' });
    });
});
