/**
 * Customer Insights stores segment and measure OUTPUT-TABLE names (`HighValueCustomers`, `Male_under_40`),
 * not display names. Makers can map them to friendly names; anything unmapped is shown readably.
 */

/** `HighValueCustomers` → "High Value Customers", `Male_under_40` → "Male under 40". */
export function readableName(outputName: string): string {
    const spaced = outputName
        .replace(/[_\-.]+/g, ' ')
        .replace(/([a-z\d])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .replace(/\s+/g, ' ')
        .trim();
    return spaced === '' ? outputName : spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * Parses a maker's mapping, one `output_name = Friendly name` per line. Lines without `=`, blank names and
 * comments (`#`) are ignored rather than failing the control; the first mapping of a name wins.
 */
export function parseNameMapping(text: string | null | undefined): ReadonlyMap<string, string> {
    const mapping = new Map<string, string>();
    for (const line of (text ?? '').split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) continue;
        const separator = trimmed.indexOf('=');
        if (separator <= 0) continue;
        const outputName = trimmed.slice(0, separator).trim();
        const friendly = trimmed.slice(separator + 1).trim();
        if (outputName !== '' && friendly !== '' && !mapping.has(outputName.toLowerCase())) mapping.set(outputName.toLowerCase(), friendly);
    }
    return mapping;
}

export function friendlyName(outputName: string, mapping: ReadonlyMap<string, string>): string {
    return mapping.get(outputName.toLowerCase()) ?? readableName(outputName);
}
