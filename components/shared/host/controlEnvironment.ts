/**
 * The one place that turns a PCF context into plain values for React: strings, locale, direction, width
 * and formatters. Components never receive the raw context.
 */

/** Looks up a string from the control's .resx files. */
export type StringLookup = (key: string) => string;

export type NumberStyle = 'number' | 'integer' | 'currency' | 'percent';

export interface ControlEnvironment {
    readonly strings: StringLookup;
    /** BCP 47 tag of the user's language, for Intl APIs the platform formatting does not cover. */
    readonly locale: string;
    readonly isRTL: boolean;
    /** Width the host gives the control in pixels (trackContainerResize), when known. */
    readonly width: number | undefined;
    formatNumber(value: number, style: NumberStyle): string;
    /** Date and time in the user's format. */
    formatDateTime(date: Date): string;
    /** "3 hours ago", in the user's language. */
    formatRelative(date: Date, now: Date): string;
    /**
     * A counted phrase in the user's language ("1 segment loaded", "5 segments loaded"): the string
     * `${keyBase}_${category}` for the count's plural category (Intl.PluralRules: zero, one, two, few, many,
     * other), else `${keyBase}_other`; `{0}` becomes the count in the user's number format.
     */
    formatCount(keyBase: string, count: number, formatNumber?: (value: number) => string): string;
}

/** Languages the controls ship strings for, and a few common others; anything else falls back to en-US. */
const LOCALE_BY_LCID: Readonly<Record<number, string>> = {
    1025: 'ar-SA',
    1031: 'de-DE',
    1033: 'en-US',
    1036: 'fr-FR',
    1037: 'he-IL',
    1040: 'it-IT',
    1043: 'nl-NL',
    1046: 'pt-BR',
    2057: 'en-GB',
    3082: 'es-ES',
};

export function localeForLanguage(languageId: number | undefined): string {
    return (languageId !== undefined && LOCALE_BY_LCID[languageId]) || 'en-US';
}

/** Replaces `{0}`, `{1}`… in a localized template. */
export function fillTemplate(template: string, ...args: readonly (string | number)[]): string {
    return template.replace(/\{(\d+)\}/g, (match, index: string) => {
        const value = args[Number(index)];
        return value === undefined ? match : String(value);
    });
}

/** The plural categories a .resx may hold for a counted phrase, as suffixes of its keys. */
export const PLURAL_CATEGORIES: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * See {@link ControlEnvironment.formatCount}. A key the .resx lacks comes back from the platform as the key
 * itself or empty, and then the `other` form is used, so a language only lists the categories it has.
 */
export function formatCount(strings: StringLookup, locale: string, keyBase: string, count: number, formatNumber?: (value: number) => string): string {
    const value = Number.isFinite(count) ? count : 0;
    let category: Intl.LDMLPluralRule = 'other';
    let formatted = String(value);
    try {
        category = new Intl.PluralRules(locale).select(value);
        formatted = formatNumber !== undefined ? formatNumber(value) : new Intl.NumberFormat(locale).format(value);
    } catch {
        // an unknown locale tag: the `other` form and plain digits still read correctly
    }
    const lookup = (key: string): string | undefined => {
        const text = strings(key);
        return typeof text === 'string' && text !== '' && text !== key ? text : undefined;
    };
    const template = lookup(`${keyBase}_${category}`) ?? lookup(`${keyBase}_other`) ?? `${keyBase}_other`;
    return fillTemplate(template, formatted);
}

const RELATIVE_STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
    ['year', Number.POSITIVE_INFINITY],
];

/**
 * "3 hours ago" in the user's language. A time less than a minute ago, or in the future (the server's clock
 * ahead of the user's), reads `justNow` ("just now"), never "in 24 hours"; without `justNow`, the
 * language's own word for now. An invalid date reads `justNow` too rather than "NaN years ago".
 */
export function formatRelativeTime(date: Date, now: Date, locale: string, justNow?: string): string {
    const elapsedSeconds = (now.getTime() - date.getTime()) / 1000;
    if (!(elapsedSeconds >= 60)) {
        return justNow !== undefined && justNow !== '' ? justNow : new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
    }
    let amount = -elapsedSeconds;
    for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(amount) < size) {
            return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(amount), unit);
        }
        amount /= size;
    }
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(amount), 'year');
}

/** Fraction digits shown for percentages (the platform's formatting API has no percent style). */
export const PERCENT_FRACTION_DIGITS = 1;

/**
 * `value` as it is about to be shown with `fractionDigits` digits after the separator: anything that rounds
 * to zero is zero, so the text never reads "-0", "-0.00", "-0 %" or "-0 days" (nor does negative zero).
 */
export function withoutNegativeZero(value: number, fractionDigits: number): number {
    if (!Number.isFinite(value)) return value;
    return Math.abs(value) < 0.5 * 10 ** -Math.max(0, fractionDigits) ? 0 : value;
}

/** Digits after the separator from the user's settings (documented `numberFormattingInfo`), else 2. */
function fractionDigitsOf(value: unknown): number {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10 ? value : 2;
}

export function readEnvironment<TInputs>(context: ComponentFramework.Context<TInputs>): ControlEnvironment {
    const locale = localeForLanguage(context.userSettings.languageId);
    const formatting = context.formatting;
    const width = Number(context.mode.allocatedWidth);
    const numberInfo = (context.userSettings.numberFormattingInfo ?? {}) as Partial<ComponentFramework.UserSettingApi.NumberFormattingInfo>;
    const decimalDigits = fractionDigitsOf(numberInfo.numberDecimalDigits);
    const currencyDigits = fractionDigitsOf(numberInfo.currencyDecimalDigits);
    return {
        strings: (key) => context.resources.getString(key),
        locale,
        isRTL: context.userSettings.isRTL === true,
        width: Number.isFinite(width) && width > 0 ? width : undefined,
        formatNumber: (value, style) => {
            switch (style) {
                case 'integer':
                    // `|| 0`: Math.round(-0.4) is -0, which would read "-0".
                    return formatting.formatInteger(Math.round(value) || 0);
                case 'currency':
                    return formatting.formatCurrency(withoutNegativeZero(value, currencyDigits), currencyDigits);
                case 'percent':
                    // The platform formatting API has no percent; Intl follows the same user language.
                    // A fraction shown as a percentage has two more digits than the percent figure.
                    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: PERCENT_FRACTION_DIGITS }).format(withoutNegativeZero(value, PERCENT_FRACTION_DIGITS + 2));
                case 'number':
                    return formatting.formatDecimal(withoutNegativeZero(value, decimalDigits), decimalDigits);
            }
        },
        formatDateTime: (date) => formatting.formatDateShort(date, true),
        formatRelative: (date, now) => formatRelativeTime(date, now, locale, context.resources.getString('Origin_JustNow')),
        formatCount: (keyBase, count, formatNumber) => formatCount((key) => context.resources.getString(key), locale, keyBase, count, formatNumber),
    };
}
