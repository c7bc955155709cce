/**
 * Links from `msdynci_externalurl` (maker-built free text): only absolute http(s) URLs become links, and the
 * link is exactly what the browser's URL parser makes of them. Property-tested against hostile input.
 */
import fc from 'fast-check';
import { MAX_LINK_LENGTH, safeExternalUrl } from '../../components/shared/safeLink';
import { HOSTILE_EXTERNAL_URLS } from '../dataverse';

describe('safeExternalUrl', () => {
    it.each([
        ['https://contoso.example/orders/1', 'https://contoso.example/orders/1'],
        ['http://legacy.contoso.example/x?id=1&y=2', 'http://legacy.contoso.example/x?id=1&y=2'],
        ['  https://contoso.example/padded  ', 'https://contoso.example/padded'],
        ['HTTPS://CONTOSO.EXAMPLE/Upper/Case', 'https://contoso.example/Upper/Case'],
        ['https://contoso.example/a b', 'https://contoso.example/a%20b'],
        ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ])('links %j as %j', (text, href) => {
        expect(safeExternalUrl(text)).toBe(href);
    });

    it.each(HOSTILE_EXTERNAL_URLS.map((url) => [url]))('never links the tenant sample %j', (text) => {
        expect(safeExternalUrl(text)).toBeUndefined();
    });

    it.each<[string, unknown]>([
        ['null', null],
        ['undefined', undefined],
        ['a number', 42],
        ['an object', { href: 'https://x.example' }],
        ['empty text', ''],
        ['blank text', '   '],
        ['an over-long URL', `https://x.example/${'a'.repeat(MAX_LINK_LENGTH)}`],
        ['a space in the host', 'https://exa mple.example/'],
        ['a scheme without slashes', 'https:evil.example'],
    ])('refuses %s', (_title, value) => {
        expect(safeExternalUrl(value)).toBeUndefined();
    });

    const schemes = fc.constantFrom('javascript', 'data', 'vbscript', 'file', 'blob', 'about', 'jar', 'view-source', 'ms-word', 'intent', 'filesystem');
    const mixedCase = (text: string) => fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((flags) => [...text].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));
    const junk = fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\u0000', '\u0001', '\u001f', '\u00a0', '\u200b', '\ufeff', '  \t ');
    const split = (text: string) =>
        fc.tuple(fc.nat(), junk).map(([at, insert]) => {
            const position = at % (text.length + 1);
            return text.slice(0, position) + insert + text.slice(position);
        });

    it('never links another scheme, however cased, padded or split by whitespace and control characters (property)', () => {
        const hostile = fc
            .tuple(schemes.chain(mixedCase).chain(split), junk, junk, fc.string({ maxLength: 40 }))
            .map(([scheme, before, after, payload]) => `${before}${scheme}${after}:${payload}`);
        fc.assert(
            fc.property(hostile, (text) => {
                expect(safeExternalUrl(text)).toBeUndefined();
            }),
            { numRuns: 2000 },
        );
    });

    it('links only http(s) URLs without credentials, and the link parses to itself (property)', () => {
        const anything = fc.oneof(
            fc.string({ maxLength: 80 }),
            fc.webUrl({ withQueryParameters: true, withFragments: true }),
            fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://', 'hTTps://', ' https://', 'https:/', 'https:\\\\', '//'), fc.string({ maxLength: 40 })).map(([a, b]) => a + b),
        );
        fc.assert(
            fc.property(anything, (text) => {
                const link = safeExternalUrl(text);
                if (link === undefined) return;
                const url = new URL(link);
                expect(['http:', 'https:']).toContain(url.protocol);
                expect(url.href).toBe(link);
                expect(url.username).toBe('');
                expect(url.password).toBe('');
                expect(/^https?:\/\//.test(link)).toBe(true);
            }),
            { numRuns: 2000 },
        );
    });

    it('keeps every well-formed web URL (property)', () => {
        fc.assert(
            fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true }), (text) => {
                const link = safeExternalUrl(text);
                if (new URL(text).username !== '' || new URL(text).password !== '' || text.length > MAX_LINK_LENGTH) expect(link).toBeUndefined();
                else expect(link).toBe(new URL(text).href);
            }),
            { numRuns: 500 },
        );
    });

    it('refuses a scheme that is not the first character, though a URL parser would strip what comes before (found by mutation testing)', () => {
        expect(safeExternalUrl('\u0001https://example.com/')).toBeUndefined();
        expect(safeExternalUrl('\u001fhttp://example.com/')).toBeUndefined();
        expect(safeExternalUrl('x https://example.com/')).toBeUndefined();
    });

    it('refuses a password without a user name, and takes a URL of exactly the length limit', () => {
        expect(safeExternalUrl('https://:secret@example.com/')).toBeUndefined();
        const prefix = 'https://example.com/';
        const longest = prefix + 'a'.repeat(MAX_LINK_LENGTH - prefix.length);
        expect(safeExternalUrl(longest)).toBe(longest);
        expect(safeExternalUrl(`${longest}a`)).toBeUndefined();
    });
});
