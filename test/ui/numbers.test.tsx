/**
 * @jest-environment jsdom
 *
 * Numbers and dates as a user reads them, through the environment a mounted control gets from the PCF host
 * (the platform's formatting API, the user's language): whole numbers without decimals unless the maker set
 * a format, never a negative zero, non-finite values as unavailable, very large values compact with the full
 * value at hand, and no "in 24 hours" for a clock that runs ahead. Property-based where inputs vary.
 */
import fc from 'fast-check';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { formatRelativeTime, readEnvironment, type ControlEnvironment } from '../../components/shared/host/controlEnvironment';
import { measureTiles, parseMeasureSpecs, type TileValue } from '../../components/shared/measureSpec';
import { parseMeasures } from '../../components/shared/parsers';
import { measureValue, measureValueText } from '../../components/shared/ui/measureValueText';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, mountOnContactForm } from '../controls/mount';

const LANGUAGES = [
    [1033, 'en-US'],
    [1031, 'de-DE'],
    [1036, 'fr-FR'],
    [3082, 'es-ES'],
    [1025, 'ar-SA'],
] as const;

const environments = new Map<number, ControlEnvironment>();

beforeAll(() => {
    const dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
    for (const [languageId] of LANGUAGES) {
        const control = mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, { languageId });
        environments.set(languageId, readEnvironment(control.context));
    }
});
afterAll(destroyAll);

const env = (languageId: number): ControlEnvironment => {
    const environment = environments.get(languageId);
    if (environment === undefined) throw new Error(`no environment for ${languageId}`);
    return environment;
};

const DIGIT = /[0-9\u0660-\u0669\u06f0-\u06f9]/g;
const NON_ZERO_DIGIT = /[1-9\u0661-\u0669\u06f1-\u06f9]/;
const MINUS = /[-\u2212]/;

/** True when the text shows a minus sign and only zeros: "-0", "-0.00", "-0 %", "‏-٠٫٠٠". */
function readsAsNegativeZero(text: string): boolean {
    return MINUS.test(text) && (text.match(DIGIT) ?? []).length > 0 && !NON_ZERO_DIGIT.test(text);
}

const numberValue = (value: number, format: Exclude<TileValue, { kind: 'text' | 'unavailable' }>['format'], defaultFormat = false): TileValue =>
    defaultFormat ? { kind: 'number', value, format, defaultFormat: true } : { kind: 'number', value, format };

describe('whole numbers', () => {
    it('shows a measure without a maker format as the value is: 7, not 7.00; 7.25 with the usual precision', () => {
        const tiles = measureTiles(parseMeasures('{"OrderCount":7,"Basket":"7.25","Big":1234567}').value, parseMeasureSpecs(''));
        const texts = Object.fromEntries(tiles.map((tile) => [tile.name, measureValueText(tile.value, env(1033))]));
        expect(texts).toStrictEqual({ OrderCount: '7', Basket: '7.25', Big: '1,234,567' });
        const big = tiles.find((tile) => tile.name === 'Big');
        expect(measureValueText(big?.value ?? { kind: 'unavailable' }, env(1031))).toBe('1.234.567');
    });

    it('keeps the maker\'s format when one is set', () => {
        const [tile] = measureTiles(new Map([['OrderCount', 7]]), parseMeasureSpecs('OrderCount | Orders | number'));
        expect(measureValueText(tile?.value ?? { kind: 'unavailable' }, env(1033))).toBe('7.00');
    });

    it('shows every whole number of a default-format measure without decimals, in every language', () => {
        fc.assert(
            fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom(...LANGUAGES), (value, [languageId]) => {
                const text = measureValueText(numberValue(value, 'number', true), env(languageId)) ?? '';
                return text === env(languageId).formatNumber(value, 'integer') && !readsAsNegativeZero(text);
            }),
        );
    });
});

describe('no negative zero', () => {
    it.each([
        ['number', -0],
        ['number', -0.001],
        ['currency', -0.004],
        ['percent', -0.00001],
        ['days', -0.4],
        ['number', -1e-300],
    ] as const)('%s %p reads as zero', (format, value) => {
        for (const [languageId] of LANGUAGES) {
            const text = measureValueText(numberValue(value, format), env(languageId)) ?? '';
            expect({ languageId, text, negativeZero: readsAsNegativeZero(text) }).toStrictEqual({ languageId, text, negativeZero: false });
        }
    });

    it('never shows a minus sign before zeros, whatever the value, format and language', () => {
        const small = fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), fc.constant(-0));
        fc.assert(
            fc.property(small, fc.constantFrom<'number' | 'currency' | 'percent' | 'days'>('number', 'currency', 'percent', 'days'), fc.boolean(), fc.constantFrom(...LANGUAGES), (value, format, defaultFormat, [languageId]) => {
                const text = measureValueText(numberValue(value, format, defaultFormat && format === 'number'), env(languageId)) ?? '';
                return !readsAsNegativeZero(text);
            }),
            { numRuns: 500 },
        );
    });
});

describe('values that are not numbers a user can read', () => {
    it('shows stored "NaN", "Infinity", "1e400" and an overflowing JSON number as unavailable, not as values', () => {
        const parsed = parseMeasures('{"A":"NaN","B":"Infinity","C":"1e400","D":1e400,"E":"-inf","F":"Gold","G":"12"}');
        const tiles = measureTiles(parsed.value, parseMeasureSpecs(''));
        expect(tiles.map((tile) => [tile.name, tile.value.kind])).toStrictEqual([
            ['A', 'unavailable'],
            ['B', 'unavailable'],
            ['C', 'unavailable'],
            ['D', 'unavailable'],
            ['E', 'unavailable'],
            ['F', 'text'],
            ['G', 'number'],
        ]);
    });

    it('never shows a non-finite spelling as a value, whatever is stored and whatever the maker listed', () => {
        const stored = fc.oneof(
            fc.constantFrom('NaN', 'nan', ' Infinity', '-Infinity', '+inf', '1e400', '-1E999', '9'.repeat(400)),
            fc.string(),
            fc.double(),
        );
        fc.assert(
            fc.property(stored, fc.constantFrom('', 'X', 'X | x | number', 'X | x | text', 'X | x | days'), (value, list) => {
                const [tile] = measureTiles(parseMeasures(JSON.stringify({ X: value })).value, parseMeasureSpecs(list));
                if (tile === undefined) return true;
                const text = measureValueText(tile.value, env(1033));
                return text === undefined || !/^\s*[-+]?(nan|inf|infinity)\s*$/i.test(text) && !/NaN|∞/.test(text);
            }),
        );
    });
});

describe('very large values', () => {
    it('shows 1e308 compactly, with the full value for the title and screen readers', () => {
        const shown = measureValue(numberValue(1.7976931348623157e308, 'number', true), env(1033));
        expect(shown).toStrictEqual({ text: '1.8E308', fullText: '1.7976931348623157E308' });
        expect(measureValue(numberValue(2.5e12, 'currency'), env(1033))).toStrictEqual({ text: '$2.5T', fullText: '$2,500,000,000,000.00' });
        expect(measureValue(numberValue(-2.5e12, 'currency'), env(1033))?.text).toBe('-$2.5T');
        expect(measureValue(numberValue(3e15, 'days'), env(1033))?.text).toBe('3E15 days');
    });

    it('keeps every large value short, and its full value exact to the last digit shown', () => {
        const large = fc.double({ min: 1e12, max: Number.MAX_VALUE, noNaN: true });
        fc.assert(
            fc.property(large, fc.boolean(), fc.constantFrom<'number' | 'currency' | 'percent'>('number', 'currency', 'percent'), (magnitude, negative, format) => {
                const value = negative ? -magnitude : magnitude;
                const shown = measureValue(numberValue(value, format), env(1033));
                // A percentage beyond the largest number there is has no figure: unavailable.
                if (format === 'percent' && !Number.isFinite(value * 100)) return shown === undefined;
                if (shown?.fullText === undefined) return false;
                // Back from English text: drop grouping, currency and percent signs.
                const back = Number(shown.fullText.replace(/[,$%]/g, '').replace(/^(-?)\$?/, '$1')) / (format === 'percent' ? 100 : 1);
                return shown.text.length <= 12 && Math.abs(back - value) <= Math.abs(value) * 1e-9;
            }),
        );
    });
});

describe('relative times', () => {
    const now = new Date('2026-01-01T12:00:00Z');

    it('reads a modified date in the future (clock skew) as "just now", never "in 24 hours"', () => {
        expect(formatRelativeTime(new Date('2026-01-02T12:00:00Z'), now, 'en-US', 'just now')).toBe('just now');
        expect(env(1033).formatRelative(new Date('2026-01-02T12:00:00Z'), now)).toBe('just now');
        expect(env(1031).formatRelative(new Date('2026-01-02T12:00:00Z'), now)).toBe('gerade eben');
        expect(env(1033).formatRelative(new Date(Number.NaN), now)).toBe('just now');
        expect(env(1033).formatRelative(new Date('2026-01-01T09:00:00Z'), now)).toBe('3 hours ago');
    });

    it('says "just now" for the last minute and any future time, and a past phrase for anything older', () => {
        fc.assert(
            fc.property(fc.integer({ min: -10 * 365 * 86_400_000, max: 10 * 365 * 86_400_000 }), fc.constantFrom(...LANGUAGES), (offsetMs, [languageId, locale]) => {
                const text = env(languageId).formatRelative(new Date(now.getTime() + offsetMs), now);
                const justNow = env(languageId).formatRelative(now, now);
                if (offsetMs > -60_000) return text === justNow;
                // Never a future phrase: the same text as Intl gives for the past amount.
                const pastPhrase = formatRelativeTime(new Date(now.getTime() + offsetMs), now, locale);
                return text === pastPhrase && text !== justNow;
            }),
        );
    });
});
