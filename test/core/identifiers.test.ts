/**
 * GUID and customer-id normalisation on its own: every spelling the platform hands out is accepted, and
 * nothing else is. A value these functions accept reaches a query unquoted (GUIDs) or decides which
 * profile is read (customer ids), so "almost a GUID" must be refused, not trimmed into one.
 */
import fc from 'fast-check';
import {
    InvalidGuidError,
    isGuid,
    MAX_SOURCE_KEY_LENGTH,
    normaliseCustomerId,
    normaliseGuid,
    normaliseSourceKey,
    requireGuid,
    sameSourceKey,
    storedGuidSpellings,
    type NormalisedGuid,
    type SourceKey,
} from '../../components/shared/identifiers';

const GUID = '7d3c2b1a-0000-4000-8000-0000000000ab';
const CUSTOMER_ID = 'ce759201f786d590bf2134bff576c369';

const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
const hex = (length: number) => fc.string({ unit: hexChar, minLength: length, maxLength: length });
const guidText = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));
/** Text that is neither empty nor white space only, and so cannot be trimmed away. */
const junk = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '' && s.trim() === s);

describe('normaliseGuid', () => {
    it.each([
        [GUID, GUID],
        [GUID.toUpperCase(), GUID],
        [`{${GUID}}`, GUID],
        [`{${GUID.toUpperCase()}}`, GUID],
        [`  ${GUID}\t`, GUID],
        [` {${GUID}} `, GUID],
    ])('reads %j as the normal form', (value, expected) => {
        expect(normaliseGuid(value)).toBe(expected);
        expect(isGuid(value)).toBe(true);
    });

    it.each([
        ['unbalanced opening brace', `{${GUID}`],
        ['unbalanced closing brace', `${GUID}}`],
        ['junk before', `junk${GUID}`],
        ['junk after', `${GUID}junk`],
        ['junk before, braced', `junk{${GUID}}`],
        ['junk after, braced', `{${GUID}}junk`],
        ['a quote and a filter after', `${GUID}' or 1 eq 1`],
        ['no dashes', GUID.replace(/-/g, '')],
        ['one digit short', GUID.slice(1)],
        ['one digit long', `${GUID}0`],
        ['a non-hex digit', GUID.replace('a', 'g')],
        ['dashes in the wrong place', '7d3c2b1a0-000-4000-8000-0000000000ab'],
        ['empty', ''],
        ['white space', '   '],
        ['double braces', `{{${GUID}}}`],
    ])('refuses %s', (_what, value) => {
        expect(normaliseGuid(value)).toBeUndefined();
        expect(isGuid(value)).toBe(false);
    });

    it.each([[undefined], [null], [42], [{ guid: GUID }], [[GUID]]])('refuses the non-string %j', (value) => {
        expect(normaliseGuid(value)).toBeUndefined();
    });

    it('accepts every spelling of every GUID and refuses it with anything before or after (property)', () => {
        fc.assert(
            fc.property(guidText, junk, (guid, extra) => {
                const normal = guid.toLowerCase();
                expect(normaliseGuid(guid)).toBe(normal);
                expect(normaliseGuid(`{${guid}}`)).toBe(normal);
                expect(normaliseGuid(`${extra}${guid}`)).toBeUndefined();
                expect(normaliseGuid(`${guid}${extra}`)).toBeUndefined();
            }),
        );
    });
});

describe('requireGuid', () => {
    it('returns the normal form', () => {
        expect(requireGuid(`{${GUID.toUpperCase()}}`, 'The record id')).toBe(GUID);
    });

    it.each([
        ['a string', 'abc', 'The record id must be a GUID (8-4-4-4-12 hex digits), got "abc".'],
        ['nothing', undefined, 'The record id must be a GUID (8-4-4-4-12 hex digits), got nothing.'],
        ['null', null, 'The record id must be a GUID (8-4-4-4-12 hex digits), got null.'],
        ['a number', 42, 'The record id must be a GUID (8-4-4-4-12 hex digits), got number.'],
        ['60 characters, shown whole', 'x'.repeat(60), `The record id must be a GUID (8-4-4-4-12 hex digits), got "${'x'.repeat(60)}".`],
        ['61 characters, cut at 60', 'y'.repeat(61), `The record id must be a GUID (8-4-4-4-12 hex digits), got "${'y'.repeat(60)}…".`],
    ])('throws InvalidGuidError naming the value for %s', (_what, value, message) => {
        const attempt = () => requireGuid(value, 'The record id');
        expect(attempt).toThrow(InvalidGuidError);
        expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidGuidError', what: 'The record id', message }) as Error);
    });
});

describe('normaliseCustomerId', () => {
    it.each([
        [CUSTOMER_ID, CUSTOMER_ID],
        [CUSTOMER_ID.toUpperCase(), CUSTOMER_ID],
        [` ${CUSTOMER_ID}\n`, CUSTOMER_ID],
    ])('reads %j as the normal form', (value, expected) => {
        expect(normaliseCustomerId(value)).toBe(expected);
    });

    it.each([
        ['junk before', `junk${CUSTOMER_ID}`],
        ['junk after', `${CUSTOMER_ID}junk`],
        ['a quote and a filter after', `${CUSTOMER_ID}' or 1 eq 1`],
        ['31 characters', CUSTOMER_ID.slice(1)],
        ['33 characters', `${CUSTOMER_ID}0`],
        ['a non-hex character', CUSTOMER_ID.replace('c', 'x')],
        ['a GUID', GUID],
        ['empty', ''],
    ])('refuses %s', (_what, value) => {
        expect(normaliseCustomerId(value)).toBeUndefined();
    });

    it.each([[undefined], [null], [0xce75], [{ id: CUSTOMER_ID }]])('refuses the non-string %j', (value) => {
        expect(normaliseCustomerId(value)).toBeUndefined();
    });

    it('accepts any 32 hex characters and refuses them with anything before or after (property)', () => {
        fc.assert(
            fc.property(hex(32), junk, (id, extra) => {
                expect(normaliseCustomerId(id)).toBe(id.toLowerCase());
                expect(normaliseCustomerId(`${extra}${id}`)).toBeUndefined();
                expect(normaliseCustomerId(`${id}${extra}`)).toBeUndefined();
            }),
        );
    });
});

describe('storedGuidSpellings', () => {
    it('lists the normal form, upper case and both braced', () => {
        expect(storedGuidSpellings(GUID as NormalisedGuid)).toStrictEqual([GUID, GUID.toUpperCase(), `{${GUID}}`, `{${GUID.toUpperCase()}}`]);
    });
});

describe('normaliseSourceKey', () => {
    it.each([42, null, undefined, {}, ['EC-1']])('is no key when the value is no text (%p)', (value) => {
        expect(normaliseSourceKey(value)).toBeUndefined();
    });

    it(`takes a key of exactly ${MAX_SOURCE_KEY_LENGTH} characters, and none longer`, () => {
        const longest = 'k'.repeat(MAX_SOURCE_KEY_LENGTH);
        expect(normaliseSourceKey(longest)).toBe(longest);
        expect(normaliseSourceKey(`${longest}k`)).toBeUndefined();
    });

    it.each([
        ['a low surrogate half at the start', '\udc00EC-1'],
        ['a low surrogate half after a letter', 'EC\udc00-1'],
        ['a high surrogate half at the end', 'EC-1\ud83d'],
    ])('is no key with %s', (_name, value) => {
        expect(normaliseSourceKey(value)).toBeUndefined();
    });

    it('takes a whole surrogate pair (an emoji) as part of a key', () => {
        expect(normaliseSourceKey('EC-\ud83d\ude00')).toBe('EC-\ud83d\ude00');
    });
});

describe('sameSourceKey', () => {
    const key = 'EC-100000' as SourceKey;

    it('compares as the server does: case and surrounding spaces of the stored value do not matter', () => {
        expect(sameSourceKey(' ec-100000 ', key)).toBe(true);
        expect(sameSourceKey('EC-100001', key)).toBe(false);
    });

    it.each([100000, null, undefined, { value: 'EC-100000' }])('a stored value that is no text is never the key (%p)', (stored) => {
        expect(sameSourceKey(stored, key)).toBe(false);
    });
});
