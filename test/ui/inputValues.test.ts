/** Manifest input values every settings reader uses: blank and mistyped values fall back, numbers clamp. */
import fc from 'fast-check';
import { textInput, wholeNumberInput } from '../../components/shared/host/inputValues';

describe('textInput', () => {
    it('trims text and treats unset, blank and non-text values as unset', () => {
        expect(textInput({ raw: '  msdynci_customerid \n' })).toBe('msdynci_customerid');
        for (const raw of [undefined, null, '', '   ', '\t\n', 42, true, {}, ['a']]) expect(textInput({ raw })).toBeUndefined();
        expect(textInput(undefined)).toBeUndefined();
    });
});

describe('wholeNumberInput', () => {
    it('cuts fractions and clamps to the range; unset or not finite gives the fallback', () => {
        expect(wholeNumberInput({ raw: 7.9 }, 3, 0, 10)).toBe(7);
        expect(wholeNumberInput({ raw: -4 }, 3, 0, 10)).toBe(0);
        expect(wholeNumberInput({ raw: 1e12 }, 3, 0, 10)).toBe(10);
        for (const raw of [undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', {}]) expect(wholeNumberInput({ raw }, 3, 0, 10)).toBe(3);
        expect(wholeNumberInput(undefined, 3, 0, 10)).toBe(3);
    });

    it('always answers a whole number within the range (property)', () => {
        fc.assert(
            fc.property(fc.anything(), fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 100 }), (raw, min, span) => {
                const max = min + span;
                const value = wholeNumberInput({ raw }, min, min, max);
                expect(Number.isInteger(value)).toBe(true);
                expect(value).toBeGreaterThanOrEqual(min);
                expect(value).toBeLessThanOrEqual(max);
            }),
        );
    });
});
