/** `parseInsightValues`: prediction and enrichment values, with ranked lists kept and unknown shapes marked, never thrown. */
import fc from 'fast-check';
import { parseInsightValues, type InsightValue } from '../../components/shared';
import { MAX_INSIGHT_LIST_ITEMS, MAX_INSIGHT_TEXT_LENGTH } from '../../components/shared/parsers';

const parsed = (raw: unknown) => {
    const result = parseInsightValues(raw);
    return { status: result.status, values: Object.fromEntries(result.value) as Record<string, InsightValue> };
};

describe('prediction and enrichment values', () => {
    it('reads numbers, numeric text, text, yes/no and nothing; leaves out the customer id', () => {
        expect(parsed('{"CustomerId":"ce75","ChurnScore":0.72,"Clv":"1234.5","Risk":"High","Active":true,"Note":null,"Blank":"  "}')).toEqual({
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
        expect(values.Names).toEqual({ kind: 'list', items: [{ label: 'Headlamp' }, { label: 'Rain jacket' }], total: 2, unreadableItems: 1 });
        expect(values.Ranked).toEqual({ kind: 'list', items: [{ label: 'First', score: 0.9 }, { label: 'Second', score: 0.5 }], total: 2, unreadableItems: 0 });
        expect(values.AsText).toEqual({ kind: 'list', items: [{ label: 'Tent' }, { label: 'Stove' }], total: 2, unreadableItems: 0 });
        // The empty name is one entry that could not be read.
        expect(status).toBe('partial');
    });

    it('marks nested objects, lists of lists, numbers beyond a double and "NaN" text as unreadable, by name', () => {
        const { status, values } = parsed('{"Value":10,"Breakdown":{"Online":6},"History":[[1,2],[3]],"Outlier":1e400,"Huge":12345678901234567890,"Margin":"NaN","Inf":"-Infinity"}');
        expect(status).toBe('partial');
        expect(values).toEqual({
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
        expect(parsed('{"ChurnScore":0.81,"ChurnRi')).toEqual({ status: 'partial', values: { ChurnScore: { kind: 'number', value: 0.81 } } });
        expect(parsed('RecommendedProducts=Headlamp;Rain jacket')).toEqual({ status: 'unreadable', values: {} });
        expect(parsed('[1,2]')).toEqual({ status: 'unreadable', values: {} });
        expect(parsed(null)).toEqual({ status: 'empty', values: {} });
        expect(parsed('{}')).toEqual({ status: 'empty', values: {} });
        expect(parsed('{"Only":{"nested":true}}').status).toBe('unreadable');
    });

    it('bounds long text and long lists', () => {
        const { values } = parsed(JSON.stringify({ Long: 'x'.repeat(MAX_INSIGHT_TEXT_LENGTH * 3), Many: Array.from({ length: 250 }, (_, i) => `item ${i}`) }));
        expect(values.Long?.kind === 'text' && values.Long.value.length).toBe(MAX_INSIGHT_TEXT_LENGTH + 1);
        expect(values.Many?.kind === 'list' && [values.Many.items.length, values.Many.total]).toEqual([MAX_INSIGHT_LIST_ITEMS, 250]);
    });

    it('keeps keys such as __proto__ as data', () => {
        const { value } = parseInsightValues('{"__proto__":1,"constructor":"x"}');
        expect([...value]).toEqual([
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
