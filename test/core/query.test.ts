/**
 * The query builder on its own: every value is escaped so it can neither break nor widen a query.
 * (The same guarantees against the emulator's real query evaluation are in escaping.emulator.test.ts.)
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import {
    buildFetchXml,
    buildFetchXmlAggregate,
    buildFetchXmlAggregateOptions,
    buildFetchXmlOptions,
    buildODataOptions,
    canCarryInFetchXml,
    chunkToFit,
    escapeLikeWildcards,
    MAX_QUERY_LENGTH,
    MAX_URL_LENGTH,
    odataOptionsLength,
    QueryValueError,
    where,
    type FetchFilter,
} from '../../components/shared/query';

/** Splits an options string the way a server does: on `&` first, then percent-decodes each value. */
function serverParams(options: string): Map<string, string> {
    expect(options.startsWith('?')).toBe(true);
    const params = new Map<string, string>();
    for (const part of options.slice(1).split('&')) {
        const eq = part.indexOf('=');
        params.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)));
    }
    return params;
}

/** The single string literal compared with `column` in a `$filter`, or a failure if the filter is anything else. */
function onlyLiteral(filter: string, column: string): string {
    const match = new RegExp(`^${column} eq '((?:[^']|'')*)'$`).exec(filter);
    if (match?.[1] === undefined) throw new Error(`not one comparison: ${filter}`);
    return match[1].replace(/''/g, "'");
}

const HOSTILE = [
    "O'Brien",
    "'' or 1 eq 1 or ''",
    "x') or (msdynci_customerid ne '",
    'A & B',
    'a&$filter=1 eq 1',
    '#fragment',
    'plus+sign',
    '100%',
    '%25',
    'under_score',
    '[bracket]',
    '<tag attr="v">&amp;</tag>',
    '"double"',
    'Müller 日本語 😀',
    '\\back\\slash',
    'line\nbreak\ttab',
    'x'.repeat(5000),
];
/** Test titles: the value itself, shortened. */
const CASES = HOSTILE.map((value) => [value.length > 40 ? `${value.slice(0, 12)}… (${value.length} chars)` : JSON.stringify(value), value] as const);

describe('OData options', () => {
    it('always selects and joins options with &', () => {
        expect(buildODataOptions({ select: ['a', 'b'], filter: where.eq('a', 'x'), orderBy: [{ column: 'b', descending: true }], top: 3 })).toBe(
            "?$select=a,b&$filter=a eq 'x'&$orderby=b desc&$top=3",
        );
        expect(() => buildODataOptions({ select: [] })).toThrow(QueryValueError);
    });

    it.each(CASES)('keeps %s one literal of one comparison', (_title, value) => {
        const params = serverParams(buildODataOptions({ select: ['msdynci_title'], filter: where.eq('msdynci_title', value) }));
        expect([...params.keys()]).toStrictEqual(['$select', '$filter']);
        expect(onlyLiteral(params.get('$filter') ?? '', 'msdynci_title')).toBe(value);
    });

    it('doubles single quotes and percent-encodes URL-significant characters', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.eq('a', "O'Brien & Co #1 +100%") })).toBe(
            "?$select=a&$filter=a eq 'O''Brien%20%26%20Co%20%231%20%2B100%25'",
        );
    });

    it('round-trips any well-formed string (property)', () => {
        fc.assert(
            fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
                const params = serverParams(buildODataOptions({ select: ['msdynci_title'], filter: where.eq('msdynci_title', value) }));
                expect(params.size).toBe(2);
                expect(onlyLiteral(params.get('$filter') ?? '', 'msdynci_title')).toBe(value);
            }),
            { numRuns: 500 },
        );
    });

    it('renders GUIDs unquoted in normal form and rejects anything else before sending', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.eq('_x_value', where.guid('{7D3C2B1A-0000-4000-8000-0000000000AB}')) })).toBe(
            '?$select=a&$filter=_x_value eq 7d3c2b1a-0000-4000-8000-0000000000ab',
        );
        for (const bad of ['', 'not-a-guid', "7d3c2b1a-0000-4000-8000-0000000000ab' or 1 eq 1", '{7d3c2b1a-0000-4000-8000-0000000000ab', '7d3c2b1a00004000800000000000000a']) {
            expect(() => buildODataOptions({ select: ['a'], filter: where.eq('_x_value', where.guid(bad)) })).toThrow(/not a GUID/);
        }
    });

    it('renders anyOf as an or-group and the business-unit operators', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.and(where.anyOf('a', ['x', "y'"]), where.equalBusinessId()) })).toBe(
            "?$select=a&$filter=((a eq 'x' or a eq 'y''') and Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit'))",
        );
        expect(buildODataOptions({ select: ['a'], filter: where.underOrEqual('{A0000000-0000-4000-8000-000000000001}') })).toBe(
            "?$select=a&$filter=Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='owningbusinessunit',PropertyValue='a0000000-0000-4000-8000-000000000001')",
        );
    });

    it('renders In as one condition with a JSON list of double-quoted, percent-encoded strings', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.in('a', ['x', "O'Brien", 'say "hi"', where.guid('{7D3C2B1A-0000-4000-8000-0000000000AB}')]) })).toBe(
            "?$select=a&$filter=Microsoft.Dynamics.CRM.In(PropertyName='a',PropertyValues=[%22x%22,%22O'Brien%22,%22say%20%5C%22hi%5C%22%22,%227d3c2b1a-0000-4000-8000-0000000000ab%22])",
        );
        expect(() => buildODataOptions({ select: ['a'], filter: where.in('a', []) })).toThrow(QueryValueError);
        expect(() => buildODataOptions({ select: ['a'], filter: where.in('a', ['\uD800']) })).toThrow(QueryValueError);
        expect(() => buildODataOptions({ select: ['a'], filter: where.in('a', [where.guid('nope')]) })).toThrow(/not a GUID/);
        expect(() => buildODataOptions({ select: ['a'], filter: where.in("a') or (1 eq 1", ['x']) })).toThrow(QueryValueError);
    });

    it('renders the ordering comparisons a keyset condition needs', () => {
        const time = new Date(Date.UTC(2026, 2, 1, 10, 0, 0));
        const id = where.guid('{7D3C2B1A-0000-4000-8000-0000000000AB}');
        expect(buildODataOptions({ select: ['a'], filter: where.or(where.lt('t', time), where.and(where.eq('t', time), where.lt('id', id)), where.gt('n', 2)) })).toBe(
            '?$select=a&$filter=(t lt 2026-03-01T10:00:00.000Z or (t eq 2026-03-01T10:00:00.000Z and id lt 7d3c2b1a-0000-4000-8000-0000000000ab) or n gt 2)',
        );
    });

    it('renders numbers, booleans, null and dates; rejects non-finite numbers and invalid dates', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.and(where.eq('n', 1.5), where.eq('b', false), where.eq('z', null), where.ge('d', new Date(Date.UTC(2026, 0, 2)))) })).toBe(
            '?$select=a&$filter=(n eq 1.5 and b eq false and z eq null and d ge 2026-01-02T00:00:00.000Z)',
        );
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('n', Number.NaN) })).toThrow(QueryValueError);
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('d', new Date('nope')) })).toThrow(QueryValueError);
    });

    it('rejects column names that are not logical names (they may come from a maker)', () => {
        for (const bad of ['a b', "a'", 'a,b', 'a&b', '', '1abc', 'a/b']) {
            expect(() => buildODataOptions({ select: [bad] })).toThrow(QueryValueError);
            expect(() => buildODataOptions({ select: ['a'], filter: where.eq(bad, 'x') })).toThrow(QueryValueError);
        }
    });

    it('renders $expand of a lookup with its own $select, validating every name', () => {
        expect(
            buildODataOptions({
                select: ['_msdynci_lookupfield_customerprofile_value'],
                expand: [{ property: 'msdynci_lookupfield_customerprofile', select: ['msdynci_customerid', 'modifiedon'] }],
                filter: where.eq('contactid', where.guid('0d2b7b29-9a5b-4c1e-8d6e-1f2a3b4c5d6e')),
            }),
        ).toBe('?$select=_msdynci_lookupfield_customerprofile_value&$expand=msdynci_lookupfield_customerprofile($select=msdynci_customerid,modifiedon)&$filter=contactid eq 0d2b7b29-9a5b-4c1e-8d6e-1f2a3b4c5d6e');
        expect(() => buildODataOptions({ select: ['a'], expand: [{ property: 'b)&$x=(', select: ['c'] }] })).toThrow(QueryValueError);
        expect(() => buildODataOptions({ select: ['a'], expand: [{ property: 'b', select: ['c;$filter=x'] }] })).toThrow(QueryValueError);
        expect(() => buildODataOptions({ select: ['a'], expand: [{ property: 'b', select: [] }] })).toThrow(/at least one column/);
    });

    it('rejects lone surrogates and over-long queries instead of altering them', () => {
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', '\uDC00x') })).toThrow(/incomplete unicode/);
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', 'x\uD800') })).toThrow(/incomplete unicode/);
        expect(buildODataOptions({ select: ['a'], filter: where.eq('a', 'x\uD83D\uDE00y') })).toContain(encodeURIComponent('x\uD83D\uDE00y'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', 'x\uD800y') })).toThrow(/incomplete unicode/);
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', 'x'.repeat(MAX_QUERY_LENGTH)) })).toThrow(/characters/);
    });
});

describe('incomplete unicode characters (lone surrogates) are refused as QueryValueError, never a URIError', () => {
    const LONE = [
        ['a lone high surrogate inside', 'x\uD800y'],
        ['a lone high surrogate at the end', 'x\uDBFF'],
        ['a lone low surrogate', '\uDC00'],
        ['a lone low surrogate inside', 'x\uDFFFy'],
        ['two high surrogates', '\uD800\uD800\uDC00'],
        ['a reversed pair', '\uDC00\uD800'],
        ['a high surrogate before the first code point after the low ones', '\uD800\uE000'],
        ['a high surrogate before the last code point before the low ones', '\uDBFF\uDBFF'],
    ] as const;
    const refused = (build: () => unknown, column: string) => {
        expect(build).toThrow(QueryValueError);
        expect(build).toThrow(expect.objectContaining({ name: 'QueryValueError' }) as Error);
        expect(build).toThrow(expect.objectContaining({ column, message: `Cannot query ${column}: the value contains an incomplete unicode character.` }) as Error);
    };

    it.each(LONE)('%s, in every operator that carries text', (_what, value) => {
        refused(() => buildODataOptions({ select: ['a'], filter: where.eq('a', value) }), 'a');
        refused(() => buildODataOptions({ select: ['a'], filter: where.anyOf('b', ['ok', value]) }), 'b');
        refused(() => buildODataOptions({ select: ['a'], filter: where.in('c', ['ok', value]) }), 'c');
        for (const operator of ['eq', 'containsText', 'beginsWithText', 'containsJsonString'] as const) {
            refused(() => buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'd', operator, value }] }), 'd');
        }
        refused(() => buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'e', operator: 'in', values: ['ok', value] }] }), 'e');
    });

    it.each([
        ['a pair (an emoji)', '😀'],
        ['pairs next to each other', '😀😀'],
        ['a pair after text', 'x😀'],
        ['the last code points before and after the surrogates', '\uD7FF\uE000'],
        ['the highest code point', '\uDBFF\uDFFF'],
    ])('accepts %s', (_what, value) => {
        expect(buildODataOptions({ select: ['a'], filter: where.eq('a', value) })).toBe(`?$select=a&$filter=a eq '${encodeURIComponent(value)}'`);
        expect(conditionValue(buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value }] }))).toBe(value);
    });
});

/** The value of the one condition of a FetchXML options string. */
function conditionValue(options: string): string | undefined {
    return /value="([^"]*)"/.exec(decodeURIComponent(options.slice('?fetchXml='.length)))?.[1];
}

describe('FetchXML', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true });

    function conditionOf(options: string): { attribute: string; operator: string; value?: string } {
        expect(options.startsWith('?fetchXml=')).toBe(true);
        expect(options.slice(1).split('&')).toHaveLength(1);
        const doc = xml.parse(decodeURIComponent(options.slice('?fetchXml='.length))) as {
            fetch: { entity: { filter: { condition: { attribute: string; operator: string; value?: string } } } };
        };
        return doc.fetch.entity.filter.condition;
    }

    it('builds a fetch document', () => {
        expect(
            buildFetchXml({
                table: 'msdynci_unifiedactivity',
                columns: ['msdynci_title'],
                conditions: [{ attribute: 'msdynci_customerid', operator: 'eq', value: 'abc' }, { attribute: 'owningbusinessunit', operator: 'eq-businessid' }],
                orderBy: [{ attribute: 'msdynci_activitytime', descending: true }],
                top: 10,
            }),
        ).toBe(
            '<fetch top="10"><entity name="msdynci_unifiedactivity"><attribute name="msdynci_title" /><order attribute="msdynci_activitytime" descending="true" />' +
                '<filter type="and"><condition attribute="msdynci_customerid" operator="eq" value="abc" /><condition attribute="owningbusinessunit" operator="eq-businessid" /></filter></entity></fetch>',
        );
    });

    it.each(CASES)('keeps %s one attribute value', (_title, value) => {
        const condition = conditionOf(buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value }] }));
        expect(condition).toStrictEqual({ attribute: 'a', operator: 'eq', value });
    });

    it('nests filters and renders ordering comparisons of dates (UTC, with Z) and GUIDs', () => {
        const time = new Date(Date.UTC(2026, 2, 1, 10, 0, 0));
        expect(
            buildFetchXml({
                table: 't',
                columns: ['a'],
                conditions: [{ attribute: 'c', operator: 'eq', value: 'x' }],
                filters: [
                    {
                        type: 'or',
                        conditions: [{ attribute: 'time', operator: 'lt', value: time }],
                        filters: [{ type: 'and', conditions: [{ attribute: 'time', operator: 'eq', value: time }, { attribute: 'id', operator: 'lt', value: where.guid('{7D3C2B1A-0000-4000-8000-0000000000AB}') }] }],
                    },
                ],
            }),
        ).toBe(
            '<fetch><entity name="t"><attribute name="a" /><filter type="and"><condition attribute="c" operator="eq" value="x" />' +
                '<filter type="or"><condition attribute="time" operator="lt" value="2026-03-01T10:00:00.000Z" />' +
                '<filter type="and"><condition attribute="time" operator="eq" value="2026-03-01T10:00:00.000Z" /><condition attribute="id" operator="lt" value="7d3c2b1a-0000-4000-8000-0000000000ab" /></filter>' +
                '</filter></filter></entity></fetch>',
        );
        expect(() => buildFetchXml({ table: 't', columns: ['a'], filters: [{ type: 'or' }] })).toThrow(/empty/);
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'time', operator: 'ge', value: new Date('nope') }] })).toThrow(/invalid date/);
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'id', operator: 'lt', value: where.guid('nope') }] })).toThrow(/not a GUID/);
    });

    it('keeps tabs and line breaks as character references (parsers normalise literal ones to spaces)', () => {
        expect(buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: 'a\tb\r\nc' }] })).toContain('value="a&#9;b&#13;&#10;c"');
    });

    it('escapes LIKE wildcards in user text', () => {
        expect(escapeLikeWildcards('50%_off [x]')).toBe('50[%][_]off [[]x]');
        const condition = conditionOf(buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'containsText', value: 'Promo_50%' }] }));
        expect(condition).toStrictEqual({ attribute: 'a', operator: 'like', value: '%Promo[_]50[%]%' });
    });

    it('round-trips any XML-representable string (property)', () => {
        const xmlSafe = fc.string({ unit: 'grapheme', maxLength: 200 }).filter(canCarryInFetchXml);
        fc.assert(
            fc.property(xmlSafe, (value) => {
                const eq = conditionOf(buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value }] }));
                expect(eq.value).toBe(value);
                const like = conditionOf(buildFetchXmlOptions({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'containsText', value }] }));
                expect(like.value).toBe(`%${escapeLikeWildcards(value)}%`);
                // Un-escaping the brackets gives the value back: no wildcard of the user's survived.
                expect((like.value ?? '').slice(1, -1).replace(/\[([%_[])\]/g, '$1')).toBe(value);
            }),
            { numRuns: 300 },
        );
    });

    it('rejects control characters XML cannot carry, and non-GUIDs for GUID operators', () => {
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: 'a\u0001b' }] })).toThrow(/control characters/);
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'owningbusinessunit', operator: 'eq-or-under', value: where.guid('nope') }] })).toThrow(/not a GUID/);
        expect(() => buildFetchXml({ table: 't"><x', columns: ['a'] })).toThrow(QueryValueError);
    });
});

describe('FetchXML aggregates and JSON list entries', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true });
    const segmentCondition = (value: string): { attribute: string; operator: string; value?: string } => {
        const options = buildFetchXmlAggregateOptions({
            table: 'msdynci_segmentmembership',
            groupBy: [{ attribute: 'owningbusinessunit', alias: 'unit' }],
            aggregates: [{ attribute: 'msdynci_segmentmembershipid', alias: 'n', aggregate: 'count' }],
            conditions: [{ attribute: 'msdynci_segments', operator: 'containsJsonString', value }],
        });
        expect(options.slice(1).split('&')).toHaveLength(1);
        const doc = xml.parse(decodeURIComponent(options.slice('?fetchXml='.length))) as { fetch: { entity: { filter: { condition: { attribute: string; operator: string; value?: string } } } } };
        return doc.fetch.entity.filter.condition;
    };

    it('builds an aggregate document: groupby and aggregate attributes with aliases, then the filter', () => {
        expect(
            buildFetchXmlAggregate({
                table: 'msdynci_segmentmembership',
                groupBy: [{ attribute: 'owningbusinessunit', alias: 'unit' }],
                aggregates: [{ attribute: 'msdynci_segmentmembershipid', alias: 'members', aggregate: 'count' }],
                conditions: [{ attribute: 'msdynci_segments', operator: 'containsJsonString', value: 'Gold' }],
            }),
        ).toBe(
            '<fetch aggregate="true"><entity name="msdynci_segmentmembership"><attribute name="owningbusinessunit" alias="unit" groupby="true" />' +
                '<attribute name="msdynci_segmentmembershipid" alias="members" aggregate="count" />' +
                '<filter type="and"><condition attribute="msdynci_segments" operator="like" value="%&quot;Gold&quot;%" /></filter></entity></fetch>',
        );
    });

    it('rejects aggregates without an aggregate, duplicate or invalid aliases and unknown functions', () => {
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [] })).toThrow(QueryValueError);
        expect(() => buildFetchXmlAggregate({ table: 't', groupBy: [{ attribute: 'a', alias: 'x' }], aggregates: [{ attribute: 'b', alias: 'X', aggregate: 'count' }] })).toThrow(/unique/);
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'b', alias: 'x" injected="1', aggregate: 'count' }] })).toThrow(QueryValueError);
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'b', alias: 'x', aggregate: 'stdev' as 'count' }] })).toThrow(/unknown aggregate/);
        expect(() => buildFetchXmlAggregateOptions({ table: 't', aggregates: [{ attribute: 'b', alias: 'x', aggregate: 'count' }], conditions: [{ attribute: 'a', operator: 'containsJsonString', value: 'x'.repeat(MAX_QUERY_LENGTH) }] })).toThrow(/characters/);
    });

    it.each([
        ['Gold', '%"Gold"%'],
        ['Promo_50%_Off', '%"Promo[_]50[%][_]Off"%'],
        ['[x]', '%"[[]x]"%'],
        ['say "hi"', '%"say \\"hi\\""%'],
        ['back\\slash', '%"back\\\\slash"%'],
        ['<a & b>', '%"<a & b>"%'],
    ])('matches %s as a quoted JSON list entry, wildcards escaped: %s', (value, pattern) => {
        expect(segmentCondition(value)).toStrictEqual({ attribute: 'msdynci_segments', operator: 'like', value: pattern });
    });

    it('keeps any XML-representable name one quoted, escaped JSON string inside the pattern (property)', () => {
        fc.assert(
            fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }).filter(canCarryInFetchXml), (value) => {
                const pattern = segmentCondition(value).value ?? '';
                expect(pattern.startsWith('%"') && pattern.endsWith('"%')).toBe(true);
                const unescaped = pattern.slice(1, -1).replace(/\[([%_[])\]/g, '$1');
                expect(JSON.parse(unescaped)).toBe(value);
            }),
            { numRuns: 300 },
        );
    });
});

describe('sizing queries to the URL limit', () => {
    const query = (values: readonly string[]) => ({ select: ['msdynci_customerid'], filter: where.in('msdynci_customerid', values) });

    it('measures exactly what buildODataOptions renders, also past its limit', () => {
        const values = ['a', "O'Brien", 'x&y'];
        expect(odataOptionsLength(query(values))).toBe(buildODataOptions(query(values)).length);
        const many = Array.from({ length: 2000 }, (_, i) => `value-${i}`);
        expect(() => buildODataOptions(query(many))).toThrow(QueryValueError);
        expect(odataOptionsLength(query(many))).toBeGreaterThan(MAX_QUERY_LENGTH);
    });

    it('chunkToFit makes the fewest consecutive chunks that fit, in order', () => {
        fc.assert(
            fc.property(fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 150, max: 2000 }), (values, limit) => {
                const lengthOf = (chunk: readonly string[]) => odataOptionsLength(query(chunk));
                fc.pre(values.every((value) => lengthOf([value]) <= limit));
                const chunks = chunkToFit(values, lengthOf, limit);
                expect(chunks.flat()).toStrictEqual(values);
                for (const [index, chunk] of chunks.entries()) {
                    expect(lengthOf(chunk)).toBeLessThanOrEqual(limit);
                    const next = chunks[index + 1];
                    // Greedy and full: the chunk could not have taken the next value.
                    if (next !== undefined) expect(lengthOf([...chunk, next[0]])).toBeGreaterThan(limit);
                }
            }),
        );
    });

    it('refuses a value that does not fit on its own', () => {
        expect(() => chunkToFit(['x'.repeat(500)], (chunk) => odataOptionsLength(query(chunk)), 200)).toThrow(QueryValueError);
        expect(chunkToFit([], () => 0, 10)).toStrictEqual([]);
    });

    it('knows the documented URL limit', () => {
        expect(MAX_URL_LENGTH).toBe(32_768);
        expect(MAX_QUERY_LENGTH).toBeLessThan(MAX_URL_LENGTH);
    });
});

describe('exact rendering and every refusal', () => {
    const GUID = '7d3c2b1a-0000-4000-8000-0000000000ab';

    it('orders ascending unless asked otherwise, and joins several orders and columns', () => {
        expect(buildODataOptions({ select: ['a', 'b'], orderBy: [{ column: 'a' }, { column: 'b', descending: false }, { column: 'c', descending: true }] })).toBe('?$select=a,b&$orderby=a asc,b asc,c desc');
        expect(buildODataOptions({ select: ['a'], orderBy: [] })).toBe('?$select=a');
    });

    it.each([[1], [5000]])('accepts $top %i', (top) => {
        expect(buildODataOptions({ select: ['a'], top })).toBe(`?$select=a&$top=${top}`);
        expect(buildFetchXml({ table: 't', columns: ['a'], top })).toBe(`<fetch top="${top}"><entity name="t"><attribute name="a" /></entity></fetch>`);
    });

    it.each([[0], [5001], [1.5], [Number.NaN], [-1]])('refuses $top %p', (top) => {
        expect(() => buildODataOptions({ select: ['a'], top })).toThrow(new QueryValueError('$top', 'must be a whole number from 1 to 5000.'));
        expect(() => buildFetchXml({ table: 't', columns: ['a'], top })).toThrow(new QueryValueError('top', 'must be a whole number from 1 to 5000.'));
    });

    it('renders one-element groups without parentheses, or-groups with or, and refuses empty ones', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.anyOf('a', ['x']) })).toBe("?$select=a&$filter=a eq 'x'");
        expect(buildODataOptions({ select: ['a'], filter: where.and(where.eq('a', 1)) })).toBe('?$select=a&$filter=a eq 1');
        expect(buildODataOptions({ select: ['a'], filter: where.or(where.eq('a', 1), where.ne('b', true), where.le('c', 2)) })).toBe('?$select=a&$filter=(a eq 1 or b ne true or c le 2)');
        expect(() => buildODataOptions({ select: ['a'], filter: where.and() })).toThrow(new QueryValueError('$filter', 'an empty "and" group.'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.or() })).toThrow(new QueryValueError('$filter', 'an empty "or" group.'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.anyOf('a', []) })).toThrow(new QueryValueError('a', 'anyOf needs at least one value.'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.in('a', []) })).toThrow(new QueryValueError('a', 'In needs at least one value.'));
        expect(() => buildODataOptions({ select: [] })).toThrow(new QueryValueError('$select', 'at least one column is required.'));
    });

    it('renders true, GUIDs in anyOf, and business-unit operators on other columns', () => {
        expect(buildODataOptions({ select: ['a'], filter: where.anyOf('_x_value', [where.guid(`{${GUID.toUpperCase()}}`), true]) })).toBe(`?$select=a&$filter=(_x_value eq ${GUID} or _x_value eq true)`);
        expect(buildODataOptions({ select: ['a'], filter: where.equalBusinessId('owninguser') })).toBe("?$select=a&$filter=Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owninguser')");
        expect(buildODataOptions({ select: ['a'], filter: where.underOrEqual(GUID, 'parentbusinessunitid') })).toBe(
            `?$select=a&$filter=Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='parentbusinessunitid',PropertyValue='${GUID}')`,
        );
        expect(() => buildODataOptions({ select: ['a'], filter: where.underOrEqual('nope') })).toThrow(new QueryValueError('owningbusinessunit', 'the value is not a GUID; it was not sent.'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', Number.POSITIVE_INFINITY) })).toThrow(new QueryValueError('a', 'numbers must be finite.'));
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('d', new Date(Number.NaN)) })).toThrow(new QueryValueError('d', 'invalid date.'));
    });

    it('accepts column names up to 128 characters that start with a letter or _, and nothing else', () => {
        for (const good of ['a', '_x_value', 'A1', `a${'b'.repeat(127)}`]) expect(buildODataOptions({ select: [good] })).toBe(`?$select=${good}`);
        for (const bad of [`a${'b'.repeat(128)}`, '1a', 'a-b', 'a.b', ' a', 'a ', 'ä']) {
            expect(() => buildODataOptions({ select: [bad] })).toThrow(new QueryValueError(bad, 'not a valid column name (letters, digits and _ only).'));
        }
    });

    it('accepts a query of exactly the length limit and refuses one character more', () => {
        const prefix = '?$select=a&$filter=a eq ';
        const fits = `'${'x'.repeat(MAX_QUERY_LENGTH - prefix.length - 2)}'`;
        expect(buildODataOptions({ select: ['a'], filter: where.eq('a', fits.slice(1, -1)) })).toHaveLength(MAX_QUERY_LENGTH);
        const over = 'x'.repeat(MAX_QUERY_LENGTH - prefix.length - 1);
        expect(() => buildODataOptions({ select: ['a'], filter: where.eq('a', over) })).toThrow(
            new QueryValueError('query', `the query would be ${MAX_QUERY_LENGTH + 1} characters, more than the ${MAX_QUERY_LENGTH} a request URL can carry.`),
        );
    });

    it('renders every FetchXML condition', () => {
        const conditions = [
            { attribute: 'a', operator: 'ne', value: 5 },
            { attribute: 'b', operator: 'eq', value: true },
            { attribute: 'c', operator: 'eq', value: false },
            { attribute: 'd', operator: 'in', values: ['x', 2, where.guid(`{${GUID.toUpperCase()}}`)] },
            { attribute: 'e', operator: 'beginsWithText', value: 'Pro_' },
            { attribute: 'f', operator: 'null' },
            { attribute: 'g', operator: 'not-null' },
            { attribute: 'h', operator: 'eq-or-under', value: where.guid(GUID) },
            { attribute: 'i', operator: 'eq', value: where.guid(GUID.toUpperCase()) },
        ] as const;
        expect(buildFetchXml({ table: 't', columns: ['a', 'b'], conditions, filterType: 'or', orderBy: [{ attribute: 'a' }] })).toBe(
            '<fetch><entity name="t"><attribute name="a" /><attribute name="b" /><order attribute="a" descending="false" /><filter type="or">' +
                '<condition attribute="a" operator="ne" value="5" />' +
                '<condition attribute="b" operator="eq" value="1" />' +
                '<condition attribute="c" operator="eq" value="0" />' +
                `<condition attribute="d" operator="in"><value>x</value><value>2</value><value>${GUID}</value></condition>` +
                '<condition attribute="e" operator="like" value="Pro[_]%" />' +
                '<condition attribute="f" operator="null" />' +
                '<condition attribute="g" operator="not-null" />' +
                `<condition attribute="h" operator="eq-or-under" value="${GUID}" />` +
                `<condition attribute="i" operator="eq" value="${GUID}" />` +
                '</filter></entity></fetch>',
        );
        expect(buildFetchXml({ table: 't', columns: ['a'], conditions: [] })).toBe('<fetch><entity name="t"><attribute name="a" /></entity></fetch>');
        expect(buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'null' }], filterType: 'and' })).toContain('<filter type="and">');
    });

    it('refuses what FetchXML cannot carry', () => {
        expect(() => buildFetchXml({ table: 't', columns: [] })).toThrow(new QueryValueError('fetch', 'at least one column is required.'));
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'in', values: [] }] })).toThrow(new QueryValueError('a', 'in needs at least one value.'));
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: Number.NaN }] })).toThrow(new QueryValueError('a', 'numbers must be finite.'));
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: where.guid('x') }] })).toThrow(new QueryValueError('a', 'the value is not a GUID; it was not sent.'));
        expect(() => buildFetchXml({ table: 't', columns: ['a"'] })).toThrow(QueryValueError);
        expect(() => buildFetchXml({ table: 't', columns: ['a'], orderBy: [{ attribute: 'a"' }] })).toThrow(QueryValueError);
        expect(() => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a"', operator: 'null' }] })).toThrow(QueryValueError);
    });

    it('escapes every XML special character and keeps tabs and line breaks as references', () => {
        expect(buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: `&<>"'\t\n\r` }] })).toContain('value="&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;"');
    });

    it.each([
        ['\u0000', false],
        ['\u0008', false],
        ['\u0009', true],
        ['\u000A', true],
        ['\u000B', false],
        ['\u000C', false],
        ['\u000D', true],
        ['\u000E', false],
        ['\u001F', false],
        ['\u0020', true],
        ['\uFFFD', true],
        ['\uFFFE', false],
        ['\uFFFF', false],
    ])('FetchXML can carry %j: %p', (character, carried) => {
        expect(canCarryInFetchXml(`a${character}b`)).toBe(carried);
        const build = () => buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'a', operator: 'eq', value: `a${character}b` }] });
        if (carried) expect(build).not.toThrow();
        else expect(build).toThrow(new QueryValueError('a', 'the value contains control characters FetchXML cannot carry.'));
    });

    it('renders aggregates with every function, or-filters, and no group', () => {
        const aggregates = (['count', 'countcolumn', 'sum', 'avg', 'min', 'max'] as const).map((aggregate, i) => ({ attribute: `a${i}`, alias: `x${i}`, aggregate }));
        expect(buildFetchXmlAggregate({ table: 't', aggregates, conditions: [{ attribute: 'a', operator: 'null' }, { attribute: 'b', operator: 'null' }], filterType: 'or' })).toBe(
            '<fetch aggregate="true"><entity name="t">' +
                aggregates.map((a) => `<attribute name="${a.attribute}" alias="${a.alias}" aggregate="${a.aggregate}" />`).join('') +
                '<filter type="or"><condition attribute="a" operator="null" /><condition attribute="b" operator="null" /></filter></entity></fetch>',
        );
        expect(buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }], conditions: [] })).toBe('<fetch aggregate="true"><entity name="t"><attribute name="a" alias="n" aggregate="count" /></entity></fetch>');
        expect(buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }] })).toBe('<fetch aggregate="true"><entity name="t"><attribute name="a" alias="n" aggregate="count" /></entity></fetch>');
        expect(buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }], conditions: [{ attribute: 'a', operator: 'null' }] })).toContain('<filter type="and">');
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [] })).toThrow(new QueryValueError('fetch', 'an aggregate query needs at least one aggregate.'));
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }, { attribute: 'b', alias: 'N', aggregate: 'sum' }] })).toThrow(new QueryValueError('N', 'aliases must be unique.'));
        expect(() => buildFetchXmlAggregate({ table: 't', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'median' as 'count' }] })).toThrow(new QueryValueError('a', 'unknown aggregate "median".'));
        expect(() => buildFetchXmlAggregate({ table: 't"', aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }] })).toThrow(QueryValueError);
        expect(() => buildFetchXmlAggregate({ table: 't', groupBy: [{ attribute: 'a"', alias: 'g' }], aggregates: [{ attribute: 'a', alias: 'n', aggregate: 'count' }] })).toThrow(QueryValueError);
    });
});

/** The error `work` throws (the test fails when it throws none). */
function thrownBy(work: () => unknown): unknown {
    try {
        work();
    } catch (error) {
        return error;
    }
    throw new Error('expected an error, none was thrown');
}

describe('validation edges (survivors of mutation testing)', () => {
    const condition = (value: string) => ({ attribute: 'name', operator: 'eq' as const, value });
    /** A filter `levels` deep below the top-level one, with one condition at the bottom. */
    const nested = (levels: number): FetchFilter => (levels === 0 ? { type: 'and', conditions: [condition('x')] } : { type: 'or', filters: [nested(levels - 1)] });

    it('chunkToFit takes a value whose query is exactly the limit, and names the query when one is longer', () => {
        expect(chunkToFit(['abc'], () => 10, 10)).toStrictEqual([['abc']]);
        const error = thrownBy(() => chunkToFit(['abc'], () => 11, 10));
        expect(error).toBeInstanceOf(QueryValueError);
        expect(error).toMatchObject({ column: 'query', message: 'Cannot query query: a single value makes the query longer than 10 characters.' });
    });

    it('renders no $expand for an empty list, and several expanded lookups separated by commas', () => {
        expect(buildODataOptions({ select: ['a'], expand: [] })).toBe('?$select=a');
        expect(buildODataOptions({ select: ['a'], expand: [{ property: 'b', select: ['c'] }, { property: 'd', select: ['e', 'f'] }] })).toBe('?$select=a&$expand=b($select=c),d($select=e,f)');
    });

    it('renders le and gt conditions', () => {
        const xml = buildFetchXml({ table: 't', columns: ['a'], conditions: [{ attribute: 'n', operator: 'le', value: 5 }, { attribute: 'n', operator: 'gt', value: 1 }] });
        expect(xml).toContain('<condition attribute="n" operator="le" value="5" />');
        expect(xml).toContain('<condition attribute="n" operator="gt" value="1" />');
    });

    it('nests filters up to eight levels and refuses a ninth, naming the filter', () => {
        const eight = buildFetchXml({ table: 't', columns: ['a'], filters: [nested(7)] });
        expect(eight.match(/<filter /g)).toHaveLength(9);
        expect(eight).toContain('<filter type="or"><filter type="or">');
        const error = thrownBy(() => buildFetchXml({ table: 't', columns: ['a'], filters: [nested(8)] }));
        expect(error).toBeInstanceOf(QueryValueError);
        expect(error).toMatchObject({ column: 'filter', message: 'Cannot query filter: filters nested deeper than 8 levels.' });
    });

    it('takes a filter of nested filters only, and refuses an empty one by its type', () => {
        expect(buildFetchXml({ table: 't', columns: ['a'], filters: [{ type: 'or', filters: [{ type: 'and', conditions: [condition('x')] }] }] })).toContain('<filter type="or"><filter type="and"><condition');
        const error = thrownBy(() => buildFetchXml({ table: 't', columns: ['a'], filters: [{ type: 'or', filters: [{ type: 'and' }] }] }));
        expect(error).toMatchObject({ column: 'filter', message: 'Cannot query filter: an empty "and" filter.' });
    });
});
