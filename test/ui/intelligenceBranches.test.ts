/**
 * The intelligence control's view model (components/CustomerIntelligence/intelligenceModel.ts) at its edges
 * and branches, found by mutation testing (README "Mutation testing"): band and probability bounds, format
 * guesses that must not fire, every value kind against every format, ratings, newest rows without dates,
 * maker lists with odd names, ranked lists, enrichment grouping and ordering, bar scales, hasUnavailable.
 * intelligenceModel.test.ts holds the main behaviour.
 */
import { parseInsightValues, type EnrichmentRow, type InsightValue, type PredictionRow } from '../../components/shared';
import { barScale, enrichmentGroups, hasUnavailable, insightDisplay, predictionSections, probabilityBand, type InsightEntry } from '../../components/CustomerIntelligence/intelligenceModel';
import type { ValueFormat, ValueSpec } from '../../components/shared/measureSpec';

let nextId = 0;
const prediction = (model: string | undefined, values: unknown, modifiedOn?: Date, provider: string | null = 'CustomerInsights'): PredictionRow => ({
    id: `p${nextId++}`,
    ...(model !== undefined ? { model } : {}),
    ...(provider !== null ? { modelProvider: provider } : {}),
    values: parseInsightValues(typeof values === 'string' ? values : JSON.stringify(values)),
    ...(modifiedOn !== undefined ? { modifiedOn } : {}),
});
const enrichment = (type: string | undefined, provider: string | undefined, values: unknown, modifiedOn?: Date): EnrichmentRow => ({
    id: `e${nextId++}`,
    ...(type !== undefined ? { enrichmentType: type } : {}),
    ...(provider !== undefined ? { enrichmentProvider: provider } : {}),
    values: parseInsightValues(typeof values === 'string' ? values : JSON.stringify(values)),
    ...(modifiedOn !== undefined ? { modifiedOn } : {}),
});
const specs = (...list: ValueSpec[]) => ({ specs: list, rejectedLines: [] });
const num = (value: number): InsightValue => ({ kind: 'number', value });
const text = (value: string): InsightValue => ({ kind: 'text', value });
const list = (labels: string[]): InsightValue => ({ kind: 'list', items: labels.map((label) => ({ label })), total: labels.length, unreadableItems: 0 });
const plainNumber = (value: number) => ({ kind: 'value', value: { kind: 'number', value, format: 'number', defaultFormat: true } });

describe('probability bands and bounds', () => {
    it('a third and two thirds start the next band', () => {
        expect(probabilityBand(1 / 3 - 1e-9)).toBe('low');
        expect(probabilityBand(1 / 3)).toBe('medium');
        expect(probabilityBand(2 / 3 - 1e-9)).toBe('medium');
        expect(probabilityBand(2 / 3)).toBe('high');
    });

    it('takes 0 and 1 as fractions, up to 100 as percentage points, nothing outside', () => {
        expect(insightDisplay('x', num(0), 'probability')).toStrictEqual({ kind: 'probability', value: 0, band: 'low' });
        expect(insightDisplay('x', num(1), 'probability')).toStrictEqual({ kind: 'probability', value: 1, band: 'high' });
        expect(insightDisplay('x', num(100), 'probability')).toStrictEqual({ kind: 'probability', value: 1, band: 'high' });
        expect(insightDisplay('x', num(50), 'probability')).toStrictEqual({ kind: 'probability', value: 0.5, band: 'medium' });
        expect(insightDisplay('x', num(100.5), 'probability')).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('x', num(-0.1), 'probability')).toStrictEqual({ kind: 'unavailable' });
    });

    it('guesses a probability from the key only for numbers from 0 to 1', () => {
        expect(insightDisplay('ChurnScore', num(0))).toStrictEqual({ kind: 'probability', value: 0, band: 'low' });
        expect(insightDisplay('ChurnScore', num(1))).toStrictEqual({ kind: 'probability', value: 1, band: 'high' });
        expect(insightDisplay('ChurnScore', num(-0.5))).toStrictEqual(plainNumber(-0.5));
        expect(insightDisplay('ChurnScore', num(1.5))).toStrictEqual(plainNumber(1.5));
        // Text that looks like a number is text, whatever the key.
        expect(insightDisplay('ChurnScore', text('0.5'))).toStrictEqual({ kind: 'value', value: { kind: 'text', value: '0.5' } });
        // Separators inside the key are ignored: "Life time value" is a lifetime value.
        expect(insightDisplay('Life time value', num(5))).toStrictEqual({ kind: 'value', value: { kind: 'number', value: 5, format: 'currency' } });
        expect(insightDisplay('Churn - Probability', num(0.2))).toMatchObject({ kind: 'probability' });
    });
});

describe('every value kind against every format', () => {
    it('yes/no, or its text when asked for text', () => {
        expect(insightDisplay('x', { kind: 'boolean', value: true }, 'text')).toStrictEqual({ kind: 'value', value: { kind: 'text', value: 'true' } });
        expect(insightDisplay('x', { kind: 'boolean', value: false })).toStrictEqual({ kind: 'yesNo', value: false });
    });

    it('lists: shown as lists or text, unavailable in another format or when empty', () => {
        const three = list(['a', 'b', 'c']);
        for (const format of [undefined, 'list', 'text'] as const) expect(insightDisplay('x', three, format)).toStrictEqual({ kind: 'list', items: [{ label: 'a' }, { label: 'b' }, { label: 'c' }], total: 3 });
        for (const format of ['currency', 'number', 'probability', 'percent'] as const) expect(insightDisplay('x', three, format as ValueFormat)).toStrictEqual({ kind: 'unavailable' });
        expect(insightDisplay('x', list([]))).toStrictEqual({ kind: 'unavailable' });
    });

    it('text: as it is, as a one-item list, or unavailable in a number format', () => {
        expect(insightDisplay('x', text('Gold'))).toStrictEqual({ kind: 'value', value: { kind: 'text', value: 'Gold' } });
        expect(insightDisplay('x', text('Gold'), 'text')).toStrictEqual({ kind: 'value', value: { kind: 'text', value: 'Gold' } });
        expect(insightDisplay('x', text('Gold'), 'list')).toStrictEqual({ kind: 'list', items: [{ label: 'Gold' }], total: 1 });
        expect(insightDisplay('x', text('Gold'), 'currency')).toStrictEqual({ kind: 'unavailable' });
    });

    it('numbers: as text, default, or in the format asked for', () => {
        expect(insightDisplay('x', num(12), 'text')).toStrictEqual({ kind: 'value', value: { kind: 'text', value: '12' } });
        expect(insightDisplay('x', num(12), 'list')).toStrictEqual(plainNumber(12));
        expect(insightDisplay('x', num(12), 'currency')).toStrictEqual({ kind: 'value', value: { kind: 'number', value: 12, format: 'currency' } });
    });
});

describe('prediction sections at their edges', () => {
    const entriesOf = (rows: PredictionRow[], list = specs()) => predictionSections(rows, list).map((s) => s.entries);

    it('rates probabilities and numbers, and carries no rating otherwise', () => {
        const [entries] = entriesOf([prediction('M', { ChurnScore: 0.9, Spend: 10, Tier: 'Gold' })], specs(
            { name: 'M.ChurnScore', format: 'probability', bad: { comparison: '>=', value: 0.7 } },
            { name: 'M.Spend', good: { comparison: '>', value: 5 } },
            { name: 'M.Tier', good: { comparison: '>', value: 5 } },
            { name: 'M.Missing', good: { comparison: '>', value: 5 } },
        ));
        expect(entries?.map((e) => e.rating)).toStrictEqual(['bad', 'good', undefined, undefined]);
        expect(entries?.map((e) => 'rating' in e)).toStrictEqual([true, true, false, false]);
        const [plain] = entriesOf([prediction('M', { Spend: 10 })]);
        expect(plain?.[0]).toStrictEqual({ name: 'Spend', label: 'Spend', display: { kind: 'value', value: { kind: 'number', value: 10, format: 'currency' } } });
        const [neither] = entriesOf([prediction('M', { Spend: 3 })], specs({ name: 'M.Spend', good: { comparison: '>', value: 5 }, bad: { comparison: '<', value: 1 } }));
        expect(neither?.[0]?.rating).toBeUndefined();
    });

    it('takes the newest row of a model; rows without a date count as oldest', () => {
        const rows = [prediction('M', { V: 1 }), prediction('M', { V: 2 }, new Date('2026-01-01')), prediction('M', { V: 3 })];
        expect(entriesOf(rows)[0]?.map((e) => e.display)).toStrictEqual([plainNumber(2)]);
        expect(entriesOf([prediction('M', { V: 1 }, new Date('2026-01-01')), prediction('M', { V: 2 })])[0]?.map((e) => e.display)).toStrictEqual([plainNumber(1)]);
    });

    it('groups models and providers without regard to case, and keeps the provider', () => {
        const sections = predictionSections([prediction('Churn', { V: 1 }, new Date('2026-02-01'), 'CI'), prediction('CHURN', { V: 2 }, new Date('2026-01-01'), 'ci'), prediction(undefined, { V: 3 }, undefined, null)], specs());
        expect(sections.map((s) => [s.model, s.title, s.provider, s.entries.length])).toStrictEqual([
            ['Churn', 'Churn', 'CI', 1],
            [undefined, undefined, undefined, 1],
        ]);
        expect(sections[1]).not.toHaveProperty('model');
        expect(sections[1]).not.toHaveProperty('title');
        expect(sections[1]).not.toHaveProperty('provider');
    });

    it('keeps one model of two providers apart, and folds only case, not spelling (Straße is not STRASSE)', () => {
        const sections = predictionSections([prediction('Churn', { V: 1 }, undefined, 'Contoso'), prediction('Churn', { V: 2 }, undefined, 'Fabrikam'), prediction('Straße', { V: 3 }), prediction('STRASSE', { V: 4 }), prediction('Churn', { V: 5 }, undefined, 'ß'), prediction('Churn', { V: 6 }, undefined, 'SS')], specs());
        expect(sections.map((s) => [s.model, s.provider, s.entries.map((e) => e.display)])).toStrictEqual([
            ['Churn', 'Contoso', [plainNumber(1)]],
            ['Churn', 'Fabrikam', [plainNumber(2)]],
            ['Churn', 'ß', [plainNumber(5)]],
            ['Churn', 'SS', [plainNumber(6)]],
            ['STRASSE', 'CustomerInsights', [plainNumber(4)]],
            ['Straße', 'CustomerInsights', [plainNumber(3)]],
        ]);
    });

    it('a row without a model shows for a bare key only when it has that key', () => {
        const rows = [prediction(undefined, { V: 1 }), prediction('M', { W: 2 })];
        expect(predictionSections(rows, specs({ name: 'W' })).map((s) => s.model)).toStrictEqual(['M']);
        expect(predictionSections(rows, specs({ name: 'V' })).map((s) => [s.model, s.entries.map((e) => e.name)])).toStrictEqual([[undefined, ['V']]]);
    });

    it('rates only numbers: never text, yes/no or a missing value, even against "not equal"', () => {
        const [entries] = predictionSections([prediction('M', { Code: 'Gold', Flag: true })], specs(
            { name: 'M.Code', bad: { comparison: '!=', value: 1 } },
            { name: 'M.Flag', bad: { comparison: '!=', value: 1 } },
            { name: 'M.Missing', bad: { comparison: '!=', value: 1 } },
        )).map((s) => s.entries);
        expect(entries?.map((e) => [e.name, e.display.kind, 'rating' in e])).toStrictEqual([
            ['Code', 'value', false],
            ['Flag', 'yesNo', false],
            ['Missing', 'unavailable', false],
        ]);
    });

    it('reads a name with a dot at either end, or spaces around it, as the maker meant', () => {
        const rows = [prediction('Churn', { Score: 0.2, '.Odd': 4, 'Odd.': 5 }), prediction('Other', { Score: 0.5 })];
        // "Churn . Score": the model and key are trimmed.
        expect(predictionSections(rows, specs({ name: 'Churn . Score' })).map((s) => [s.model, s.entries.map((e) => e.name)])).toStrictEqual([['Churn', ['Score']]]);
        // A leading or trailing dot is part of a bare key (for any model that has it).
        expect(predictionSections(rows, specs({ name: '.Odd' })).map((s) => [s.model, s.entries.map((e) => e.name)])).toStrictEqual([['Churn', ['.Odd']]]);
        expect(predictionSections(rows, specs({ name: 'Odd.' })).map((s) => [s.model, s.entries.map((e) => e.name)])).toStrictEqual([['Churn', ['Odd.']]]);
    });

    it('keeps the maker order across model keys and bare keys, and shows a key once', () => {
        const rows = [prediction('M', { A: 1, B: 2, C: 3 })];
        const [section] = predictionSections(rows, specs({ name: 'C' }, { name: 'M.A' }, { name: 'm.c' }, { name: 'B' }));
        expect(section?.entries.map((e) => e.name)).toStrictEqual(['C', 'A', 'B']);
        const wildcard = predictionSections(rows, specs({ name: 'M.A' }, { name: 'M.*', label: 'All of M', format: 'currency' }))[0];
        expect(wildcard?.title).toBe('All of M');
        expect(wildcard?.entries.map((e) => [e.name, e.display])).toStrictEqual([
            ['A', plainNumber(1)],
            ['B', { kind: 'value', value: { kind: 'number', value: 2, format: 'currency' } }],
            ['C', { kind: 'value', value: { kind: 'number', value: 3, format: 'currency' } }],
        ]);
        const noFormat = predictionSections(rows, specs({ name: 'M.*' }))[0];
        expect(noFormat?.entries.map((e) => e.display)).toStrictEqual([plainNumber(1), plainNumber(2), plainNumber(3)]);
        expect(noFormat?.title).toBe('M');
    });

    it('orders sections by the maker list, then by title with untitled last', () => {
        const rows = [prediction(undefined, { V: 1 }), prediction('Zeta', { V: 1 }), prediction('Alpha', { V: 1 })];
        expect(predictionSections(rows, specs()).map((s) => s.title)).toStrictEqual(['Alpha', 'Zeta', undefined]);
        expect(predictionSections(rows, specs({ name: 'Zeta.V' }, { name: 'Alpha.V' })).map((s) => s.title)).toStrictEqual(['Zeta', 'Alpha']);
    });

    it('ranks rows by rank where any has one, else by score, highest first', () => {
        const byScore = predictionSections([prediction('P', { name: 'low', score: 1 }), prediction('P', { name: 'none' }), prediction('P', { name: 'high', score: 9 })], specs())[0];
        expect(byScore?.entries[0]?.display).toStrictEqual({ kind: 'list', items: [{ label: 'high', score: 9 }, { label: 'low', score: 1 }, { label: 'none' }], total: 3 });
        const byRank = predictionSections([prediction('P', { name: 'second', rank: 2, score: 9 }), prediction('P', { name: 'unranked', score: 10 }), prediction('P', { name: 'first', rank: 1 })], specs())[0];
        expect(byRank?.entries[0]?.display).toStrictEqual({ kind: 'list', items: [{ label: 'first' }, { label: 'second', score: 9 }, { label: 'unranked', score: 10 }], total: 3 });
        const numbered = predictionSections([prediction('P', { id: 7, position: 2 }), prediction('P', { id: 3, position: 1 })], specs())[0];
        expect(numbered?.entries[0]?.display).toStrictEqual({ kind: 'list', items: [{ label: '3' }, { label: '7' }], total: 2 });
        const unnamed = predictionSections([prediction(undefined, { name: 'a' }, undefined, 'x'), prediction(undefined, { name: 'b' }, undefined, 'x')], specs())[0];
        expect(unnamed?.entries.map((e) => e.name)).toStrictEqual(['Items']);
        // One row that names an item is not a list; neither are rows where one names nothing.
        expect(predictionSections([prediction('S', { name: 'only', score: 2 })], specs())[0]?.entries.map((e) => e.name)).toStrictEqual(['name', 'score']);
        expect(predictionSections([prediction('T', { name: 'a' }, new Date('2026-01-02')), prediction('T', { other: 1 }, new Date('2026-01-01'))], specs())[0]?.entries.map((e) => e.name)).toStrictEqual(['name']);
    });
});

describe('enrichment groups at their edges', () => {
    it('groups types and providers without regard to case, sorted by title, untitled last', () => {
        const groups = enrichmentGroups([
            enrichment(undefined, undefined, { a: 'x' }),
            enrichment('Zeta', 'P', { a: 'x' }, new Date('2026-01-02')),
            enrichment('ZETA', 'p', { b: 'y' }, new Date('2026-01-01')),
            enrichment('Alpha', 'P', { a: 'x' }),
        ]);
        expect(groups.map((g) => [g.title, g.type, g.provider, g.entries.map((e) => e.name)])).toStrictEqual([
            ['Alpha', 'Alpha', 'P', ['a']],
            ['Zeta', 'Zeta', 'P', ['a', 'b']],
            [undefined, undefined, undefined, ['a']],
        ]);
        expect(groups[2]).not.toHaveProperty('type');
        expect(groups[2]).not.toHaveProperty('provider');
    });

    it('keeps one type of two providers apart, folds only case, and carries the rows\' status', () => {
        const groups = enrichmentGroups([
            enrichment('Straße', 'P', { a: 'x' }),
            enrichment('STRASSE', 'P', { a: 'y' }),
            enrichment('Lifestyle', 'ß', { a: 'z' }),
            enrichment('Lifestyle', 'SS', { a: 'w' }),
            enrichment('Unreadable', 'P', '{"a": '),
        ]);
        expect(groups.map((g) => [g.type, g.provider, g.status])).toStrictEqual([
            ['Lifestyle', 'ß', 'complete'],
            ['Lifestyle', 'SS', 'complete'],
            ['STRASSE', 'P', 'complete'],
            ['Straße', 'P', 'complete'],
            ['Unreadable', 'P', 'unreadable'],
        ]);
    });

    it('puts an untitled group last whatever order the rows come in', () => {
        const untitled = () => enrichment(undefined, 'P', { a: 'x' });
        const titled = (type: string) => enrichment(type, 'P', { a: 'x' });
        for (const rows of [[untitled(), titled('Alpha')], [titled('Alpha'), untitled()], [untitled(), titled('Beta'), titled('Alpha')], [titled('Beta'), untitled(), titled('Alpha')]]) {
            const titles = enrichmentGroups(rows).map((g) => g.title);
            expect(titles[titles.length - 1]).toBeUndefined();
            expect(titles.slice(0, -1)).toStrictEqual([...titles.slice(0, -1)].sort());
        }
    });

    it('shows a key once, newest first, without regard to case; a named level without a score is an entry', () => {
        const [group] = enrichmentGroups([enrichment('Lifestyle', 'P', { Hobby: 'Chess', Level: 'x' }, new Date('2026-01-02')), enrichment('Lifestyle', 'P', { hobby: 'Golf' }, new Date('2026-01-01'))]);
        expect(group?.entries.map((e: InsightEntry) => [e.name, e.display])).toStrictEqual([
            ['Hobby', { kind: 'value', value: { kind: 'text', value: 'Chess' } }],
            ['Level', { kind: 'value', value: { kind: 'text', value: 'x' } }],
        ]);
        const [levels] = enrichmentGroups([enrichment('Brand affinity', 'P', { brand: 'Contoso', level: 'High' })]);
        expect(levels?.bars).toStrictEqual([]);
        expect(levels?.entries.map((e: InsightEntry) => [e.name, e.display])).toStrictEqual([['Contoso', { kind: 'value', value: { kind: 'text', value: 'High' } }]]);
        const [noLevel] = enrichmentGroups([enrichment('Brand affinity', 'P', { brand: 'Contoso', score: 0.5 })]);
        expect(noLevel?.bars).toStrictEqual([{ label: 'Contoso', score: 0.5, fraction: 0.5 }]);
    });

    it('scales bars: fractions from 0 to 1, hundreds from 0 to 100, else against the largest', () => {
        expect(barScale([])).toBe('fraction');
        expect(barScale([0, 1])).toBe('fraction');
        expect(barScale([0, 1.5])).toBe('hundred');
        expect(barScale([0, 100])).toBe('hundred');
        expect(barScale([-0.1, 0.5])).toBe('relative');
        expect(barScale([100.5])).toBe('relative');
        const [hundred] = enrichmentGroups([enrichment('Interests', 'P', { Golf: 50, Chess: 100 })]);
        expect(hundred?.bars.map((b) => [b.label, b.fraction])).toStrictEqual([
            ['Chess', 1],
            ['Golf', 0.5],
        ]);
        const [relative] = enrichmentGroups([enrichment('Interests', 'P', { Golf: 200, Chess: 400 })]);
        expect(relative?.bars.map((b) => b.fraction)).toStrictEqual([1, 0.5]);
        const [negative] = enrichmentGroups([enrichment('Interests', 'P', { Golf: -2, Chess: -4 })]);
        expect(negative?.bars.map((b) => b.fraction)).toStrictEqual([0, 0]);
        // Nothing above zero to measure against: every bar is empty, never NaN (0 / 0).
        const [zero] = enrichmentGroups([enrichment('Interests', 'P', { Golf: 0, Chess: -4 })]);
        expect(zero?.bars.map((b) => [b.label, b.fraction])).toStrictEqual([
            ['Golf', 0],
            ['Chess', 0],
        ]);
    });
});

describe('something not shown', () => {
    const entry = (kind: 'unavailable' | 'yesNo'): InsightEntry => ({ name: 'x', label: 'x', display: kind === 'unavailable' ? { kind } : { kind, value: true } });
    it('is a partial or unreadable section, or an unavailable entry', () => {
        expect(hasUnavailable([])).toBe(false);
        expect(hasUnavailable([{ status: 'complete', entries: [entry('yesNo')] }, { status: 'empty', entries: [] }])).toBe(false);
        expect(hasUnavailable([{ status: 'complete', entries: [entry('yesNo')] }, { status: 'partial', entries: [] }])).toBe(true);
        expect(hasUnavailable([{ status: 'unreadable', entries: [] }])).toBe(true);
        expect(hasUnavailable([{ status: 'complete', entries: [entry('yesNo'), entry('unavailable')] }])).toBe(true);
    });
});
