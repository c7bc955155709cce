/** `parseInsightValues`: prediction and enrichment values, with ranked lists kept and unknown shapes marked, never thrown. */
import fc from 'fast-check';
import { parseInsightValues, type InsightValue } from '../../components/shared';
import { MAX_INSIGHT_LIST_ITEMS, MAX_INSIGHT_TEXT_LENGTH, MAX_JSON_COLUMN_LENGTH } from '../../components/shared/parsers';

const parsed = (raw: unknown) => {
    const result = parseInsightValues(raw);
    return { status: result.status, values: Object.fromEntries(result.value) as Record<string, InsightValue> };
};

describe('prediction and enrichment values', () => {
    it('reads numbers, numeric text, text, yes/no and nothing; leaves out the customer id', () => {
        expect(parsed('{"CustomerId":"ce75","ChurnScore":0.72,"Clv":"1234.5","Risk":"High","Active":true,"Note":null,"Blank":"  "}')).toStrictEqual({
            status: 'complete',
            values: {
                ChurnScore: { kind: 'number', value: 0.72 },
                Clv: { kind: 'number', value: 1234.5 },
                Risk: { kind: 'text', value: 'High' },
                Active: { kind: 'boolean', value: true },
                Note: { kind: 'none' },
                Blank: { kind: 'none' },
            },
        });
    });

    it('keeps lists as ranked lists: names, objects with a name and score, stored order unless they carry a rank', () => {
        const { status, values } = parsed(
            JSON.stringify({
                Names: ['Headlamp', ' Rain jacket ', ''],
                Ranked: [
                    { Product: 'Second', Score: 0.5, Rank: 2 },
                    { product: 'First', score: '0.9', rank: 1 },
                ],
                AsText: '["Tent","Stove"]',
            }),
        );
        expect(values.Names).toStrictEqual({ kind: 'list', items: [{ label: 'Headlamp' }, { label: 'Rain jacket' }], total: 2, unreadableItems: 1 });
        expect(values.Ranked).toStrictEqual({ kind: 'list', items: [{ label: 'First', score: 0.9 }, { label: 'Second', score: 0.5 }], total: 2, unreadableItems: 0 });
        expect(values.AsText).toStrictEqual({ kind: 'list', items: [{ label: 'Tent' }, { label: 'Stove' }], total: 2, unreadableItems: 0 });
        // The empty name is one entry that could not be read.
        expect(status).toBe('partial');
    });

    it('marks nested objects, lists of lists, numbers beyond a double and "NaN" text as unreadable, by name', () => {
        const { status, values } = parsed('{"Value":10,"Breakdown":{"Online":6},"History":[[1,2],[3]],"Outlier":1e400,"Huge":12345678901234567890,"Margin":"NaN","Inf":"-Infinity"}');
        expect(status).toBe('partial');
        expect(values).toStrictEqual({
            Value: { kind: 'number', value: 10 },
            Breakdown: { kind: 'unreadable', reason: 'object' },
            History: { kind: 'unreadable', reason: 'nestedList' },
            Outlier: { kind: 'unreadable', reason: 'number' },
            Huge: { kind: 'unreadable', reason: 'number' },
            Margin: { kind: 'unreadable', reason: 'number' },
            Inf: { kind: 'unreadable', reason: 'number' },
        });
    });

    it('reads the entries before the cut of truncated text, and nothing of text that is not JSON', () => {
        expect(parsed('{"ChurnScore":0.81,"ChurnRi')).toStrictEqual({ status: 'partial', values: { ChurnScore: { kind: 'number', value: 0.81 } } });
        expect(parsed('RecommendedProducts=Headlamp;Rain jacket')).toStrictEqual({ status: 'unreadable', values: {} });
        expect(parsed('[1,2]')).toStrictEqual({ status: 'unreadable', values: {} });
        expect(parsed(null)).toStrictEqual({ status: 'empty', values: {} });
        expect(parsed('{}')).toStrictEqual({ status: 'empty', values: {} });
        expect(parsed('{"Only":{"nested":true}}').status).toBe('unreadable');
    });

    it('bounds long text and long lists', () => {
        const { values } = parsed(JSON.stringify({ Long: 'x'.repeat(MAX_INSIGHT_TEXT_LENGTH * 3), Many: Array.from({ length: 250 }, (_, i) => `item ${i}`) }));
        expect(values.Long?.kind === 'text' && values.Long.value.length).toBe(MAX_INSIGHT_TEXT_LENGTH + 1);
        expect(values.Many?.kind === 'list' && [values.Many.items.length, values.Many.total]).toStrictEqual([MAX_INSIGHT_LIST_ITEMS, 250]);
    });

    it('keeps keys such as __proto__ as data', () => {
        const { value } = parseInsightValues('{"__proto__":1,"constructor":"x"}');
        expect([...value]).toStrictEqual([
            ['__proto__', { kind: 'number', value: 1 }],
            ['constructor', { kind: 'text', value: 'x' }],
        ]);
    });

    it('never throws and never produces "[object Object]" for any JSON value or text', () => {
        fc.assert(
            fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.dictionary(fc.string(), fc.jsonValue())), (value) => {
                for (const raw of [value, JSON.stringify(value) ?? '', typeof value === 'string' ? value : JSON.stringify(value)?.slice(0, 7) ?? '']) {
                    const result = parseInsightValues(raw);
                    expect(JSON.stringify([...result.value])).not.toContain('[object Object]');
                }
            }),
        );
    });
});

describe('every shape of a value, exactly', () => {
    const one = (value: unknown) => parseInsightValues({ V: value }).value.get('V');

    it.each([
        ['undefined', undefined, { kind: 'none' }],
        ['false', false, { kind: 'boolean', value: false }],
        ['a number at the bound', Number.MAX_SAFE_INTEGER, { kind: 'number', value: Number.MAX_SAFE_INTEGER }],
        ['a negative number at the bound', -Number.MAX_SAFE_INTEGER, { kind: 'number', value: -Number.MAX_SAFE_INTEGER }],
        ['a number just past the bound', Number.MAX_SAFE_INTEGER + 2, { kind: 'unreadable', reason: 'number' }],
        ['NaN', Number.NaN, { kind: 'unreadable', reason: 'number' }],
        ['numeric text past the bound', '9007199254740993', { kind: 'unreadable', reason: 'number' }],
        ['"inf" text', ' +inf ', { kind: 'unreadable', reason: 'number' }],
        ['"nan" in a word', 'banana', { kind: 'text', value: 'banana' }],
        ['text in brackets that is no JSON list', '[not json]', { kind: 'text', value: '[not json]' }],
        ['a JSON object text in brackets', '[1', { kind: 'text', value: '[1' }],
        ['text of an object', '{"a":1}', { kind: 'text', value: '{"a":1}' }],
        ['text with white space', '  High  ', { kind: 'text', value: 'High' }],
        ['text of exactly the bound', 'x'.repeat(MAX_INSIGHT_TEXT_LENGTH), { kind: 'text', value: 'x'.repeat(MAX_INSIGHT_TEXT_LENGTH) }],
        ['an empty list', [], { kind: 'list', items: [], total: 0, unreadableItems: 0 }],
        ['a list of numbers and non-finite numbers', [1, 2.5, Number.POSITIVE_INFINITY], { kind: 'list', items: [{ label: '1' }, { label: '2.5' }], total: 2, unreadableItems: 1 }],
        ['a list of lists only', [[1], [2]], { kind: 'unreadable', reason: 'nestedList' }],
        ['a list with null and booleans', [null, true, 'A'], { kind: 'list', items: [{ label: 'A' }], total: 1, unreadableItems: 2 }],
        ['a list of exactly the bound', Array.from({ length: MAX_INSIGHT_LIST_ITEMS }, (_, i) => `i${i}`), { kind: 'list', items: Array.from({ length: MAX_INSIGHT_LIST_ITEMS }, (_, i) => ({ label: `i${i}` })), total: MAX_INSIGHT_LIST_ITEMS, unreadableItems: 0 }],
        ['a long list entry, cut', ['y'.repeat(MAX_INSIGHT_TEXT_LENGTH + 5)], { kind: 'list', items: [{ label: 'y'.repeat(MAX_INSIGHT_TEXT_LENGTH) }], total: 1, unreadableItems: 0 }],
    ])('%s', (_what, value, expected) => {
        expect(one(value)).toStrictEqual(expected);
    });

    it.each([
        ['every label key, the first usable one wins', [{ Name: '', DisplayName: 'Shown', Title: 'Not this' }], [{ label: 'Shown' }]],
        ['a number as the label', [{ Id: 42 }], [{ label: '42' }]],
        ['a label that is not finite is no label', [{ Name: Number.POSITIVE_INFINITY, Id: 8 }], [{ label: '8' }]],
        ['a label with white space around, cut to the bound', [{ label: `  ${'z'.repeat(MAX_INSIGHT_TEXT_LENGTH + 1)}` }], [{ label: 'z'.repeat(MAX_INSIGHT_TEXT_LENGTH) }]],
        ['every score key and numeric text', [{ Brand: 'A', AffinityScore: '0.4' }, { Brand: 'B', Likelihood: 0.3 }, { Brand: 'C', Propensity: 'high', Confidence: 0.2 }], [{ label: 'A', score: 0.4 }, { label: 'B', score: 0.3 }, { label: 'C', score: 0.2 }]],
        ['a score past the bound is no score', [{ Brand: 'A', Score: 1e300 }], [{ label: 'A' }]],
        ['ranks by Position, entries without one last', [{ Item: 'Last' }, { Item: 'Second', Position: 2 }, { Item: 'First', Position: '1' }], [{ label: 'First' }, { label: 'Second' }, { label: 'Last' }]],
        ['stored order when no entry has a rank', [{ Item: 'B' }, { Item: 'A' }], [{ label: 'B' }, { label: 'A' }]],
    ])('list entries: %s', (_what, list, items) => {
        // Strictly: an entry without a score has no score field at all.
        expect(one(list)).toStrictEqual({ kind: 'list', items, total: items.length, unreadableItems: 0 });
    });

    it.each(['name', 'displayname', 'productname', 'product', 'title', 'label', 'brandname', 'brand', 'interestname', 'interest', 'itemname', 'item', 'productid', 'id'])('takes %s as the label', (key) => {
        expect(one([{ [key.toUpperCase()]: 'L' }])).toStrictEqual({ kind: 'list', items: [{ label: 'L' }], total: 1, unreadableItems: 0 });
    });

    it.each(['score', 'probability', 'affinityscore', 'affinity', 'confidence', 'likelihood', 'propensity'])('takes %s as the score', (key) => {
        expect(one([{ Item: 'L', [key]: 0.5 }])).toStrictEqual({ kind: 'list', items: [{ label: 'L', score: 0.5 }], total: 1, unreadableItems: 0 });
    });

    it.each([
        ['a blank label is no label', [{ Name: '   ', Item: 'Kept' }], [{ label: 'Kept' }]],
        ['a label that is not a finite number is no label', [{ Name: Number.NaN, Id: 7 }], [{ label: '7' }]],
        ['a score that is yes/no, a list or an object is no score', [{ Item: 'A', Score: true }, { Item: 'B', Score: [5] }, { Item: 'C', Score: { v: 1 } }], [{ label: 'A' }, { label: 'B' }, { label: 'C' }]],
        ['a score at the bound is kept', [{ Item: 'A', Score: Number.MAX_SAFE_INTEGER }], [{ label: 'A', score: Number.MAX_SAFE_INTEGER }]],
    ])('list entries: %s', (_what, list, items) => {
        expect(one(list)).toStrictEqual({ kind: 'list', items, total: items.length, unreadableItems: 0 });
    });

    it('a list without unreadable entries is complete', () => {
        expect(parseInsightValues('{"L":["a","b"]}')).toStrictEqual({ status: 'complete', value: new Map([['L', { kind: 'list', items: [{ label: 'a' }, { label: 'b' }], total: 2, unreadableItems: 0 }]]) });
    });

    it.each([
        ['text ending in nan', 'xnan', { kind: 'text', value: 'xnan' }],
        ['text starting with nan', 'nanx', { kind: 'text', value: 'nanx' }],
        ['numeric text with a short fraction', '.55', { kind: 'number', value: 0.55 }],
        ['numeric text with a two-digit exponent', '1e10', { kind: 'number', value: 1e10 }],
    ])('%s', (_what, value, expected) => {
        expect(one(value)).toStrictEqual(expected);
    });

    it('reads JSON text of a list up to the column size, and longer text as text', () => {
        const listOf = (length: number) => `["${'w'.repeat(length - 4)}"]`;
        const atBound = one(listOf(MAX_JSON_COLUMN_LENGTH));
        expect(atBound).toMatchObject({ kind: 'list', total: 1 });
        const over = one(listOf(MAX_JSON_COLUMN_LENGTH + 1));
        expect(over).toMatchObject({ kind: 'text' });
    });

    it('an object entry without any label is an entry that could not be read', () => {
        expect(one([{ Score: 1 }, { Item: 'A' }])).toStrictEqual({ kind: 'list', items: [{ label: 'A' }], total: 1, unreadableItems: 1 });
        expect(one([{ Score: 1 }])).toStrictEqual({ kind: 'unreadable', reason: 'nestedList' });
    });

    it('says how much it could not read', () => {
        expect(parseInsightValues('{"A":1,"B":{"x":1},"C":[[1]]}')).toMatchObject({ status: 'partial', problem: '2 values could not be read' });
        expect(parseInsightValues('{"B":{"x":1}}')).toMatchObject({ status: 'unreadable', problem: '1 values could not be read' });
        expect(parseInsightValues('{"A":1,"B":')).toMatchObject({ status: 'partial', problem: 'the text was cut off; entries up to the cut are shown' });
        expect(parseInsightValues('{"A":[1,[2]],"B":')).toMatchObject({ status: 'partial', problem: 'the text was cut off; entries up to the cut are shown; 1 values could not be read' });
        expect(parseInsightValues('{"CustomerId":"x"}')).toStrictEqual({ status: 'empty', value: new Map() });
        expect(parseInsightValues('"text"')).toStrictEqual({ status: 'unreadable', value: new Map(), problem: 'not a JSON object' });
        expect(parseInsightValues(7)).toStrictEqual({ status: 'unreadable', value: new Map(), problem: 'a number, not JSON text' });
        expect(parseInsightValues('{"A":1}')).toStrictEqual({ status: 'complete', value: new Map([['A', { kind: 'number', value: 1 }]]) });
    });
});
