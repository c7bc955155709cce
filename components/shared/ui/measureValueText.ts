/**
 * A named value (measure, prediction value, grid measure column) as text in the user's format, per the
 * maker's format: the one place that turns a `TileValue` into what a tile or cell shows. Uses the string
 * keys `Measures_Days_<plural category>`; `undefined` means "unavailable" (the caller shows its own text).
 *
 * - No format set by the maker: whole numbers without decimals ("7", not "7.00"), others with the user's
 *   usual precision.
 * - Never "-0", "-0.00", "-0 %", "-0 days" (see `withoutNegativeZero` in the environment).
 * - Very large figures (from {@link COMPACT_FROM}) in compact notation ("1.2T", "1E308"), with the full value
 *   as `fullText` for the title and screen readers: 1e308 would otherwise be 309 digits in a tile.
 */
import type { ControlEnvironment, NumberStyle } from '../host/controlEnvironment';
import type { TileValue } from '../measureSpec';

/** From this magnitude on (a trillion), a figure shows in compact notation. */
export const COMPACT_FROM = 1e12;
/** Intl's compact units stop at trillions; beyond this they would grow digits again, so scientific notation. */
const SCIENTIFIC_FROM = 1e15;
/** Beyond this the full value is written with every significant digit in scientific notation, not hundreds of digits. */
const ALL_DIGITS_UP_TO = 1e21;

export interface MeasureValueTexts {
    /** What the tile or cell shows. */
    readonly text: string;
    /** The full value when `text` is abbreviated: for the title and for screen readers. */
    readonly fullText?: string;
}

type Environment = Pick<ControlEnvironment, 'formatCount' | 'formatNumber'> & Partial<Pick<ControlEnvironment, 'locale'>>;

export function measureValueText(value: TileValue, environment: Environment): string | undefined {
    return measureValue(value, environment)?.text;
}

/** The text of a value and, when that is abbreviated, its full value; `undefined` for "unavailable". */
export function measureValue(value: TileValue, environment: Environment): MeasureValueTexts | undefined {
    switch (value.kind) {
        case 'unavailable':
            return undefined;
        case 'text':
            return { text: value.value };
        case 'number': {
            if (!Number.isFinite(value.value)) return undefined;
            const style: NumberStyle | 'days' = value.format === 'days' ? 'days' : value.defaultFormat === true && Number.isInteger(value.value) ? 'integer' : value.format;
            const locale = environment.locale ?? 'en-US';
            const magnitude = Math.abs(style === 'percent' ? value.value * 100 : value.value);
            // A fraction whose percentage overflows (beyond 1.8E306) has no figure to show.
            if (!Number.isFinite(magnitude)) return undefined;
            const full = magnitude < ALL_DIGITS_UP_TO ? formatted(value.value, style, environment) : written(value.value, style, environment, intlNumber(locale, { notation: 'scientific', maximumSignificantDigits: 17 }, style));
            if (magnitude < COMPACT_FROM) return { text: full };
            const compact =
                magnitude < SCIENTIFIC_FROM
                    ? intlNumber(locale, { notation: 'compact', maximumFractionDigits: 1 }, style)
                    : intlNumber(locale, { notation: 'scientific', maximumSignificantDigits: 3 }, style);
            return { text: written(value.value, style, environment, compact), fullText: full };
        }
    }
}

/** The platform's own format of the whole value. */
function formatted(value: number, style: NumberStyle | 'days', environment: Environment): string {
    if (style === 'days') {
        const days = Math.round(value) || 0;
        return environment.formatCount('Measures_Days', days, (n) => environment.formatNumber(n, 'integer'));
    }
    return environment.formatNumber(value, style);
}

/** `value` written with an Intl number format, in the style's frame (currency symbol, "days", percent sign). */
function written(value: number, style: NumberStyle | 'days', environment: Environment, format: (n: number) => string): string {
    switch (style) {
        case 'days':
            return environment.formatCount('Measures_Days', Math.round(value), format);
        case 'currency': {
            // The platform knows the currency, Intl does not: put the figure into the platform's own pattern.
            const sample = environment.formatNumber(value < 0 ? -1 : 1, 'currency');
            const figure = FIGURE.exec(sample);
            const text = format(Math.abs(value));
            return figure === null ? format(value) : `${sample.slice(0, figure.index)}${text}${sample.slice(figure.index + figure[0].length)}`;
        }
        default:
            return format(value);
    }
}

/** The digits of a formatted number, with their separators (Latin and Arabic-Indic digits). */
const FIGURE = /[0-9\u0660-\u0669\u06f0-\u06f9](?:[0-9\u0660-\u0669\u06f0-\u06f9\s.,'\u00a0\u202f\u066b\u066c]*[0-9\u0660-\u0669\u06f0-\u06f9])?/;

function intlNumber(locale: string, options: Intl.NumberFormatOptions, style: NumberStyle | 'days'): (n: number) => string {
    const withStyle: Intl.NumberFormatOptions = style === 'percent' ? { ...options, style: 'percent' } : options;
    let format: Intl.NumberFormat;
    try {
        format = new Intl.NumberFormat(locale, withStyle);
    } catch {
        format = new Intl.NumberFormat('en-US', withStyle);
    }
    return (n) => format.format(n);
}
