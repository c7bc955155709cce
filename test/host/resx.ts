/** Reads a .resx file (the control's localized strings) into a key → text map. Browser-safe. */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'data', trimValues: false });

export function parseResx(xml: string): Map<string, string> {
    const document = parser.parse(xml) as { root?: { data?: Array<{ '@name'?: string; value?: unknown }> } };
    const strings = new Map<string, string>();
    for (const entry of document.root?.data ?? []) {
        if (typeof entry['@name'] === 'string') strings.set(entry['@name'], typeof entry.value === 'string' ? entry.value : typeof entry.value === 'number' ? String(entry.value) : '');
    }
    return strings;
}
