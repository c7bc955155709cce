/**
 * The URL and header layer of the local Dataverse Web API server: which resource a request path names, the
 * parameter aliases of a query (`@p1=...`), the `Prefer` header and which instance annotations it asks for.
 * Pure functions (no Node built-ins), so they are tested on their own; query semantics stay with the
 * emulator's OData and FetchXML parsers.
 */
import { dataverseError } from '../errors';
import { decodeQueryText, splitQueryOptions } from '../odata';

/** The Web API path every resource lives under. */
export const API_PATH = '/api/data/v9.2/';

/**
 * "The length of a URL in a GET request is limited to 32 KB (32,768 characters)" (Dataverse docs, see
 * shared/docs/views-timeline-journeys.md A2). Counted here over the request target (path and query), which
 * is what a server sees; the scheme and host add a few dozen characters on top.
 */
export const MAX_URL_LENGTH = 32_768;

export type Resource =
    | { readonly kind: 'whoAmI' }
    | { readonly kind: 'entitySet'; readonly entitySet: string }
    | { readonly kind: 'record'; readonly entitySet: string; readonly id: string }
    | { readonly kind: 'entityDefinition'; readonly logicalName: string; readonly part?: EntityDefinitionPart }
    | { readonly kind: 'userPrivileges'; readonly userId: string; readonly functionName: string; readonly parameters: string }
    | { readonly kind: 'unknown'; readonly segment: string };

export type EntityDefinitionPart = { readonly kind: 'attributes'; readonly logicalName?: string } | { readonly kind: 'manyToOneRelationships' };

const GUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** Decodes a path once; a malformed escape is kept as typed (the resource then is simply unknown). */
function decodePath(path: string): string {
    return decodeQueryText(path);
}

/** Names the resource of `path`, the part of the request path after {@link API_PATH}. */
export function parseResourcePath(path: string): Resource {
    const decoded = decodePath(path);
    if (/^WhoAmI(\(\))?$/.test(decoded)) return { kind: 'whoAmI' };
    const definition = new RegExp(`^EntityDefinitions\\(LogicalName='(${NAME})'\\)(?:/(Attributes|ManyToOneRelationships)(?:\\(LogicalName='(${NAME})'\\))?)?$`).exec(decoded);
    if (definition?.[1] !== undefined) {
        const [, logicalName, part, attribute] = definition;
        if (part === undefined) return { kind: 'entityDefinition', logicalName };
        if (part === 'Attributes') return { kind: 'entityDefinition', logicalName, part: { kind: 'attributes', ...(attribute !== undefined ? { logicalName: attribute } : {}) } };
        if (attribute === undefined) return { kind: 'entityDefinition', logicalName, part: { kind: 'manyToOneRelationships' } };
        return { kind: 'unknown', segment: decoded };
    }
    const privileges = new RegExp(`^systemusers\\((${GUID})\\)/Microsoft\\.Dynamics\\.CRM\\.(${NAME})\\((.*)\\)$`).exec(decoded);
    if (privileges?.[1] !== undefined && privileges[2] !== undefined) {
        return { kind: 'userPrivileges', userId: privileges[1].toLowerCase(), functionName: privileges[2], parameters: privileges[3] ?? '' };
    }
    const record = new RegExp(`^(${NAME})\\(\\{?(${GUID})\\}?\\)$`).exec(decoded);
    if (record?.[1] !== undefined && record[2] !== undefined) return { kind: 'record', entitySet: record[1], id: record[2].toLowerCase() };
    if (new RegExp(`^${NAME}$`).test(decoded)) return { kind: 'entitySet', entitySet: decoded };
    return { kind: 'unknown', segment: decoded };
}

/**
 * Resolves parameter aliases (`$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='x'&@p2=["a"]`)
 * the way an OData service does before evaluating the query: every `@name` outside a quoted literal in
 * `$filter` is replaced by the alias's value. Returns the raw query text (percent-encoded as received) with
 * the aliases gone, or unchanged when it has none. Rejects an alias that is used but not given.
 */
export function resolveParameterAliases(rawQuery: string): string {
    const options = splitQueryOptions(rawQuery);
    const aliases = new Map<string, string>();
    for (const option of options) {
        if (option.name.startsWith('@')) aliases.set(option.name, decodeQueryText(option.value));
    }
    if (aliases.size === 0) return rawQuery;
    return options
        .filter((option) => !option.name.startsWith('@'))
        .map((option) => (option.name === '$filter' ? `$filter=${encodeURIComponent(substituteAliases(decodeQueryText(option.value), aliases))}` : option.raw))
        .join('&');
}

/** Replaces `@name` outside quoted literals ('...' with '' escapes, "..." with backslash escapes). */
export function substituteAliases(text: string, aliases: ReadonlyMap<string, string>): string {
    let result = '';
    let i = 0;
    while (i < text.length) {
        const char = text.charAt(i);
        if (char === "'" || char === '"') {
            const end = endOfLiteral(text, i);
            result += text.slice(i, end);
            i = end;
            continue;
        }
        if (char === '@') {
            const name = /^@[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
            if (name !== undefined) {
                const value = aliases.get(name);
                if (value === undefined) throw dataverseError('badRequest', 400, `The parameter alias '${name}' is used in $filter but has no value in the query.`);
                result += value;
                i += name.length;
                continue;
            }
        }
        result += char;
        i++;
    }
    return result;
}

/** Index just past the literal that starts at `start` (or the end of the text when it is unterminated). */
function endOfLiteral(text: string, start: number): number {
    const quote = text.charAt(start);
    let i = start + 1;
    while (i < text.length) {
        const char = text.charAt(i);
        if (quote === '"' && char === '\\') {
            i += 2;
            continue;
        }
        if (char === quote) {
            if (quote === "'" && text.charAt(i + 1) === "'") {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return text.length;
}

// ---- Prefer ---------------------------------------------------------------------------------------------

export interface Preferences {
    /** The value of `odata.include-annotations`, without quotes (e.g. `*`). */
    readonly includeAnnotations?: string;
    /** `odata.maxpagesize`, when a positive whole number. */
    readonly maxPageSize?: number;
}

/** Reads the preferences the server honours from one or more `Prefer` headers (quote-aware). */
export function parsePrefer(header: string | readonly string[] | undefined): Preferences {
    const text = typeof header === 'string' ? header : (header ?? []).join(',');
    let includeAnnotations: string | undefined;
    let maxPageSize: number | undefined;
    for (const preference of splitOutsideQuotes(text, ',')) {
        const equals = preference.indexOf('=');
        const name = (equals === -1 ? preference : preference.slice(0, equals)).trim().toLowerCase();
        const value = (equals === -1 ? '' : preference.slice(equals + 1)).trim().replace(/^"(.*)"$/, '$1');
        if (name === 'odata.include-annotations' && value !== '') includeAnnotations = value;
        if (name === 'odata.maxpagesize' && /^\d{1,9}$/.test(value) && Number(value) > 0) maxPageSize = Number(value);
    }
    return { ...(includeAnnotations !== undefined ? { includeAnnotations } : {}), ...(maxPageSize !== undefined ? { maxPageSize } : {}) };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
    const parts: string[] = [];
    let inQuote = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const char = text.charAt(i);
        if (char === '"') inQuote = !inQuote;
        else if (char === separator && !inQuote) {
            parts.push(text.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(text.slice(start));
    return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** The `Preference-Applied` header for what was honoured, or undefined. */
export function preferenceApplied(applied: Preferences): string | undefined {
    const parts = [
        ...(applied.includeAnnotations !== undefined ? [`odata.include-annotations="${applied.includeAnnotations}"`] : []),
        ...(applied.maxPageSize !== undefined ? [`odata.maxpagesize=${applied.maxPageSize}`] : []),
    ];
    return parts.length === 0 ? undefined : parts.join(',');
}

/**
 * Which annotation terms `odata.include-annotations` asks for: `*`, a term (`OData.Community.Display.V1.FormattedValue`),
 * a namespace (`Microsoft.Dynamics.CRM.*`), and exclusions with a leading `-`. Nothing when absent.
 */
export function annotationSelector(includeAnnotations: string | undefined): (term: string) => boolean {
    if (includeAnnotations === undefined) return () => false;
    const patterns = includeAnnotations
        .split(',')
        .map((pattern) => pattern.trim())
        .filter((pattern) => pattern !== '');
    const matches = (pattern: string, term: string): boolean =>
        pattern === '*' || pattern.toLowerCase() === term.toLowerCase() || (pattern.endsWith('.*') && term.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()));
    return (term) => patterns.some((pattern) => !pattern.startsWith('-') && matches(pattern, term)) && !patterns.some((pattern) => pattern.startsWith('-') && matches(pattern.slice(1), term));
}

/**
 * A copy of `entity` with only the instance annotations `keep` accepts. `@odata.*` control information
 * (etag, context, nextLink) is not an annotation in this sense and always stays.
 */
export function withAnnotations(entity: Readonly<Record<string, unknown>>, keep: (term: string) => boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entity)) {
        const at = key.indexOf('@');
        const term = at === -1 ? undefined : key.slice(at + 1);
        if (term === undefined || term.startsWith('odata.') || keep(term)) result[key] = value;
    }
    return result;
}
