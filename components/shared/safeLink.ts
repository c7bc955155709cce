/**
 * Which stored URLs may become links. `msdynci_externalurl` is maker-built free text (any source field, or
 * one built in Power Query), so it is untrusted: only an absolute `http:` or `https:` URL, spelled so from
 * its first character, becomes a link. `javascript:`, `data:`, `vbscript:` and the like never do, however
 * they are cased, padded or split by whitespace and control characters (browsers strip those before
 * reading a scheme, so "java\nscript:" would run). The link is the URL as the browser's own parser
 * serialises it, so what is shown as safe is exactly what is opened.
 */

/** Longer text is not a URL anyone clicks; refusing it keeps the page light. */
export const MAX_LINK_LENGTH = 2048;

const HTTP_SCHEME = /^https?:\/\//i;

/** The URL to link to, or undefined when `value` must stay plain text (or is not shown at all). */
export function safeExternalUrl(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    if (text === '' || text.length > MAX_LINK_LENGTH || !HTTP_SCHEME.test(text)) return undefined;
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // `https://trusted.example@evil.example/` shows one host and opens another.
    if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined;
    return url.href;
}
