/** The intelligence control's view model: formats, maker lists, grouping, bars; and the value line syntax it shares with the measures control. */
import fc from 'fast-check';
import { parseInsightValues, type EnrichmentRow, type PredictionRow } from '../../components/shared';
import { parseMeasureSpecs, parseValueSpecs, VALUE_FORMATS } from '../../components/shared/measureSpec';
import { barScale, enrichmentGroups, insightDisplay, predictionSections, probabilityBand, PREDICTION_FORMATS } from '../../components/CustomerIntelligence/intelligenceModel';

let nextId = 0;
const prediction = (model: string | undefined, values: unknown, modifiedOn = new Date('2026-01-01')): PredictionRow => ({
    id: `p${nextId++}`,
    ...(model !== undefined ? { model } : {}),
    modelProvider: 'CustomerInsights',
    values: parseInsightValues(typeof values === 'string' ? values : JSON.stringify(values)),
    modifiedOn,
});
const enrichment = (type: string | undefined, provider: string, values: unknown, modifiedOn = new Date('2026-01-01')): EnrichmentRow => ({
    id: `e${nextId++}`,
    ...(type !== undefined ? { enrichmentType: type } : {}),
    enrichmentProvider: provider,
    values: parseInsightValues(typeof values === 'string' ? values : JSON.stringify(values)),
    modifiedOn,
});
const none = { specs: [], rejectedLines: [] };

describe('the value line syntax', () => {
    it('offers the prediction formats to the intelligence control and keeps the measures control as it was', () => {
        const text = 'ChurnModel.ChurnScore | Churn risk | probability | < 0.3 | >= 0.7\nProducts | | list\nSpend | | currency';
        expect(parseValueSpecs(text, PREDICTION_FORMATS)).toStrictEqual({
            specs: [
                { name: 'ChurnModel.ChurnScore', label: 'Churn risk', format: 'probability', good: { comparison: '<', value: 0.3 }, bad: { comparison: '>=', value: 0.7 } },
                { name: 'Products', format: 'list' },
                { name: 'Spend', format: 'currency' },
            ],
            rejectedLines: [],
        });
        expect(parseMeasureSpecs(text).rejectedLines).toStrictEqual([1, 2]);
        expect(VALUE_FORMATS).toStrictEqual(['number', 'currency', 'percent', 'days', 'text', 'probability', 'list']);
    });
});

describe('how a value shows', () => {
    it('bands probabilities without relying on colour: low below a third, medium below two thirds, else high', () => {
        expect([0, 0.33, 0.34, 0.66, 0.67, 1].map(probabilityBand)).toStrictEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    });

    it('guesses formats from the key and value when the maker gives none', () => {
        expect(insightDisplay('ChurnScore', { kind: 'number', value: 0.8 })).toStrictEqual({ kind: 'probability', value: 0.8, band: 'high' });
        expect(insightDisplay('AffinityScore', { kind: 'number', value: 87 })).toStrictEqual({ kind: 'value', value: { kind: 'number', value: 87, format: 'number', defaultFormat: true } });
        expect(insightDisplay('PredictedLifetimeValue', { kind: 'number', value: 2480.5 })).toStrictEqual({ kind: 'value', value: { kind: 'number', value: 2480.5, format: 'currency' } });
        expect(insightDisplay('annual_revenue', { kind: 'number', value: 1 })).toMatchObject({ value: { format: 'currency' } });
        expect(insightDisplay('Active', { kind: 'boolean', value: false })).toStrictEqual({ kind: 'yesNo', value: false });
        expect(insightDisplay('Products', { kind: 'list', items: [{ label: 'A' }], total: 1, unreadableItems: 0 })).toStrictEqual({ kind: 'list', items: [{ label: 'A' }], total: 1 });
    });

    it("follows the maker's format, and says unavailable where the value does not fit it", () => {
        expect(insightDisplay('X', { kind: 'number', value: 72 }, 'probability')).toStrictEqual({ kind: 'probability', value: 0.72, band: 'high' });
        expect(insightDisplay('X', { kind: 'number', value: 140 }, 'probability')).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('X', { kind: 'number', value: -0.1 }, 'probability')).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('X', { kind: 'text', value: 'High' }, 'currency')).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('X', { kind: 'number', value: 0.5 }, 'text')).toStrictEqual({ kind: 'value', value: { kind: 'text', value: '0.5' } });
        expect(insightDisplay('X', { kind: 'text', value: 'Tent' }, 'list')).toStrictEqual({ kind: 'list', items: [{ label: 'Tent' }], total: 1 });
        expect(insightDisplay('X', { kind: 'list', items: [{ label: 'A' }], total: 1, unreadableItems: 0 }, 'number')).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('X', { kind: 'unreadable', reason: 'object' })).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('X', { kind: 'none' })).toStrictEqual({ kind: 'unavailable' });
    });
});

describe('prediction sections', () => {
    const rows = [
        prediction('ChurnModel', { ChurnScore: 0.2, ChurnRisk: 'Low' }),
        prediction('CustomerLifetimeValue', { PredictedLifetimeValue: 100, ValueTier: 'Gold' }),
        prediction('ChurnModel', { ChurnScore: 0.9, ChurnRisk: 'High' }, new Date('2026-02-01')),
    ];

    it('makes one section per model from its newest row, every key readable, sorted by title', () => {
        const sections = predictionSections(rows, none);
        expect(sections.map((s) => [s.title, s.provider, s.entries.map((e) => e.label)])).toStrictEqual([
            ['Churn Model', 'CustomerInsights', ['Churn Score', 'Churn Risk']],
            ['Customer Lifetime Value', 'CustomerInsights', ['Predicted Lifetime Value', 'Value Tier']],
        ]);
        expect(sections[0]?.entries[0]?.display).toStrictEqual({ kind: 'probability', value: 0.9, band: 'high' });
    });

    it('shows only what the maker lists: explicit keys in order, missing ones unavailable, Model.* for the rest, bare keys for any model', () => {
        const specs = parseValueSpecs(['CustomerLifetimeValue.* | Value', 'churnmodel.churnrisk | Risk', 'ChurnModel.Missing', 'ValueTier | Tier'].join('\n'), PREDICTION_FORMATS);
        const sections = predictionSections(rows, specs);
        expect(sections.map((s) => [s.title, s.entries.map((e) => [e.label, e.display.kind])])).toStrictEqual([
            [
                'Value',
                [
                    ['Tier', 'value'],
                    ['Predicted Lifetime Value', 'value'],
                ],
            ],
            [
                'Churn Model',
                [
                    ['Risk', 'value'],
                    ['Missing', 'unavailable'],
                ],
            ],
        ]);
        expect(predictionSections(rows, parseValueSpecs('OtherModel.Score', PREDICTION_FORMATS))).toStrictEqual([]);
    });

    it('marks values good or bad by the thresholds, in text as well as colour', () => {
        const specs = parseValueSpecs('ChurnModel.ChurnScore | Churn | probability | < 0.3 | >= 0.7', PREDICTION_FORMATS);
        expect(predictionSections(rows, specs)[0]?.entries[0]).toMatchObject({ label: 'Churn', rating: 'bad' });
    });

    it('turns several rows of one model that each name an item into one ranked list', () => {
        const products = [
            prediction('ProductRecommendation', { ProductName: 'Stove', Score: 0.4, Rank: 3 }),
            prediction('ProductRecommendation', { ProductName: 'Tent', Score: 0.9, Rank: 1 }),
            prediction('ProductRecommendation', { ProductName: 'Lamp', Score: 0.6, Rank: 2 }),
        ];
        const [section] = predictionSections(products, none);
        expect(section?.entries).toStrictEqual([
            {
                name: 'ProductRecommendation',
                label: 'Product Recommendation',
                display: { kind: 'list', items: [{ label: 'Tent', score: 0.9 }, { label: 'Lamp', score: 0.6 }, { label: 'Stove', score: 0.4 }], total: 3 },
            },
        ]);
    });

    it('keeps a row without a model name, untitled, and an unreadable row with its status', () => {
        const sections = predictionSections([prediction(undefined, { Score: 0.5 }), prediction('Broken', 'not json')], none);
        expect(sections.map((s) => [s.title, s.status, s.entries.length])).toStrictEqual([
            ['Broken', 'unreadable', 0],
            [undefined, 'complete', 1],
        ]);
    });
});

describe('enrichment groups', () => {
    it('groups by type and provider; a row per brand becomes ranked bars with its level', () => {
        const groups = enrichmentGroups([
            enrichment('BrandAffinity', 'Microsoft', { BrandName: 'Fabrikam', AffinityLevel: 'Low', AffinityScore: 30 }),
            enrichment('BrandAffinity', 'Microsoft', { BrandName: 'Northwind', AffinityLevel: 'High', AffinityScore: 90 }),
            enrichment('BrandAffinity', 'Other provider', { BrandName: 'Tailspin', AffinityScore: 0.5 }),
        ]);
        expect(groups.map((g) => [g.title, g.provider, g.barScale, g.bars.map((b) => [b.label, b.fraction, b.level])])).toStrictEqual([
            [
                'Brand Affinity',
                'Microsoft',
                'hundred',
                [
                    ['Northwind', 0.9, 'High'],
                    ['Fabrikam', 0.3, 'Low'],
                ],
            ],
            ['Brand Affinity', 'Other provider', 'fraction', [['Tailspin', 0.5, undefined]]],
        ]);
    });

    it('makes a row of interest → score into bars, and other values into key/value pairs', () => {
        const [interests] = enrichmentGroups([enrichment('InterestAffinity', 'Microsoft', { Cooking: 40, 'Outdoor recreation': 82.5, Source: 'Survey' })]);
        expect(interests?.bars.map((b) => b.label)).toStrictEqual(['Outdoor recreation', 'Cooking']);
        expect(interests?.entries.map((e) => e.label)).toStrictEqual(['Source']);
        const [company] = enrichmentGroups([enrichment('CompanyData', 'Northwind', { CompanyName: 'Fabrikam Ltd', Employees: 1200, AnnualRevenue: 5 })]);
        expect(company?.bars).toStrictEqual([]);
        expect(company?.entries.map((e) => [e.label, e.display.kind])).toStrictEqual([
            ['Company Name', 'value'],
            ['Employees', 'value'],
            ['Annual Revenue', 'value'],
        ]);
    });

    it('scales bars to the largest score when scores are not fractions or out of 100, and caps them at ten', () => {
        expect(barScale([0.2, 1])).toBe('fraction');
        expect(barScale([0.2, 55])).toBe('hundred');
        expect(barScale([-1, 5])).toBe('relative');
        const values = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`Interest ${i}`, (i + 1) * 100]));
        const [group] = enrichmentGroups([enrichment('InterestAffinity', 'Microsoft', values)]);
        expect(group?.barScale).toBe('relative');
        expect(group?.bars).toHaveLength(10);
        expect(group?.moreBars).toBe(4);
        expect(group?.bars[0]).toMatchObject({ label: 'Interest 13', fraction: 1 });
    });

    it('never breaks on any values', () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(fc.option(fc.string()), fc.string(), fc.oneof(fc.jsonValue(), fc.string()))), (rows) => {
                const groups = enrichmentGroups(rows.map(([type, provider, values]) => enrichment(type ?? undefined, provider, values)));
                const sections = predictionSections(rows.map(([type, , values]) => prediction(type ?? undefined, values)), none);
                for (const bar of groups.flatMap((g) => g.bars)) expect(bar.fraction >= 0 && bar.fraction <= 1).toBe(true);
                expect(JSON.stringify([groups, sections])).not.toContain('[object Object]');
            }),
        );
    });
});
