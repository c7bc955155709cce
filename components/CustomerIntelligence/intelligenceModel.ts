/**
 * What the intelligence control shows, worked out from the rows without React: one section per prediction
 * model with its values in the right format, and enrichments grouped by type and provider, affinity-like
 * values as ranked bars. Pure, so every rule here is tested on its own, including hostile values.
 */
import type { EnrichmentRow, InsightListItem, InsightValue, ParseStatus, PredictionRow } from '../shared';
import { combineStatus } from '../shared';
import { INSIGHT_LABEL_KEYS, INSIGHT_RANK_KEYS, INSIGHT_SCORE_KEYS } from '../shared/parsers';
import { meets, VALUE_FORMATS, type TileValue, type ValueFormat, type ValueSpec, type ValueSpecList } from '../shared/measureSpec';
import { readableName } from '../shared/readableName';

/** The formats a maker may give a prediction key (`Model.Key | label | format | good when | bad when`). */
export const PREDICTION_FORMATS: readonly ValueFormat[] = VALUE_FORMATS;

export type ProbabilityBand = 'low' | 'medium' | 'high';

/** How one value shows. `value` covers number, currency, percent, days and text (shared measure text). */
export type InsightDisplay =
    | { readonly kind: 'value'; readonly value: TileValue }
    | { readonly kind: 'probability'; readonly value: number; readonly band: ProbabilityBand }
    | { readonly kind: 'list'; readonly items: readonly InsightListItem[]; readonly total: number }
    | { readonly kind: 'yesNo'; readonly value: boolean }
    | { readonly kind: 'unavailable' };

export interface InsightEntry {
    /** The key as stored (`ChurnScore`). */
    readonly name: string;
    readonly label: string;
    readonly display: InsightDisplay;
    readonly rating?: 'good' | 'bad';
}

export interface PredictionSection {
    readonly id: string;
    /** `msdynci_model`, when the row has one. */
    readonly model?: string;
    /** The maker's label or the model's readable name; absent for a row without a model name. */
    readonly title?: string;
    readonly provider?: string;
    readonly entries: readonly InsightEntry[];
    readonly status: ParseStatus;
}

export interface AffinityBar {
    readonly label: string;
    readonly score: number;
    /** Length of the bar, 0–1. */
    readonly fraction: number;
    /** A stored level such as "High", shown next to the number. */
    readonly level?: string;
}

/** How bar scores read: fractions as percentages, 0–100 scores as numbers, anything else as numbers against the largest. */
export type BarScale = 'fraction' | 'hundred' | 'relative';

export interface EnrichmentGroup {
    readonly id: string;
    readonly type?: string;
    readonly title?: string;
    readonly provider?: string;
    /** Highest score first, at most MAX_BARS. */
    readonly bars: readonly AffinityBar[];
    readonly barScale: BarScale;
    /** Bars left out after the first MAX_BARS. */
    readonly moreBars: number;
    readonly entries: readonly InsightEntry[];
    readonly status: ParseStatus;
}

/** Bars shown per enrichment group; the rest are counted ("3 more"). */
export const MAX_BARS = 10;
/** Entries of a ranked list shown before "N more". */
export const MAX_LIST_ITEMS = 5;

/** Probability bands: below a third is low, below two thirds medium, else high. */
export function probabilityBand(value: number): ProbabilityBand {
    return value < 1 / 3 ? 'low' : value < 2 / 3 ? 'medium' : 'high';
}

// Keys are compared without spaces, dashes and underscores, in lower case.
const PROBABILITY_KEY = /probabilit|likelihood|propensit|score|confidence|chance/;
const CURRENCY_KEY = /lifetimevalue|clv|revenue|spend|amount|price|income|sales/;
const AFFINITY_TYPE = /affinit|interest|brand|propensit/;
const LEVEL_KEYS = ['affinitylevel', 'level'];

const compact = (name: string): string => name.toLowerCase().replace(/[\s_\-.]+/g, '');

/** The maker's format, or one guessed from the key and value (documented in the README: [guess]). */
function formatFor(name: string, value: InsightValue, format: ValueFormat | undefined): ValueFormat | undefined {
    if (format !== undefined) return format;
    // Lists, text and yes/no need no guess: insightDisplay shows each as itself without a format.
    if (value.kind !== 'number') return undefined;
    const key = compact(name);
    if (PROBABILITY_KEY.test(key) && value.value >= 0 && value.value <= 1) return 'probability';
    if (CURRENCY_KEY.test(key)) return 'currency';
    return undefined;
}

/** A probability given as 0–1, or as 0–100 percentage points; anything else is not a probability. */
function asProbability(value: number): number | undefined {
    if (value >= 0 && value <= 1) return value;
    if (value > 1 && value <= 100) return value / 100;
    return undefined;
}

export function insightDisplay(name: string, value: InsightValue, requested?: ValueFormat): InsightDisplay {
    const format = formatFor(name, value, requested);
    switch (value.kind) {
        case 'none':
        case 'unreadable':
            return { kind: 'unavailable' };
        case 'boolean':
            return format === 'text' ? { kind: 'value', value: { kind: 'text', value: String(value.value) } } : { kind: 'yesNo', value: value.value };
        case 'list':
            if (format !== undefined && format !== 'list' && format !== 'text') return { kind: 'unavailable' };
            return value.items.length === 0 ? { kind: 'unavailable' } : { kind: 'list', items: value.items, total: value.total };
        case 'text':
            if (format === undefined || format === 'text') return { kind: 'value', value: { kind: 'text', value: value.value } };
            if (format === 'list') return { kind: 'list', items: [{ label: value.value }], total: 1 };
            return { kind: 'unavailable' };
        case 'number': {
            if (format === 'probability') {
                const probability = asProbability(value.value);
                return probability === undefined ? { kind: 'unavailable' } : { kind: 'probability', value: probability, band: probabilityBand(probability) };
            }
            if (format === 'text') return { kind: 'value', value: { kind: 'text', value: String(value.value) } };
            // No format from the maker (nor a guess from the key): the value decides, so 12 reads "12", not "12.00".
            if (format === undefined || format === 'list') return { kind: 'value', value: { kind: 'number', value: value.value, format: 'number', defaultFormat: true } };
            return { kind: 'value', value: { kind: 'number', value: value.value, format } };
        }
    }
}

function entry(name: string, value: InsightValue | undefined, spec?: ValueSpec): InsightEntry {
    const display = value === undefined ? ({ kind: 'unavailable' } as const) : insightDisplay(name, value, spec?.format);
    const number = display.kind === 'probability' ? display.value : display.kind === 'value' && display.value.kind === 'number' ? display.value.value : undefined;
    const rating = number === undefined ? undefined : spec?.bad && meets(number, spec.bad) ? 'bad' : spec?.good && meets(number, spec.good) ? 'good' : undefined;
    return { name, label: spec?.label ?? readableName(name), display, ...(rating !== undefined ? { rating } : {}) };
}

const byNewest = <T extends { readonly modifiedOn?: Date }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (b.modifiedOn?.getTime() ?? 0) - (a.modifiedOn?.getTime() ?? 0));

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
        const k = key(row);
        const group = groups.get(k);
        if (group === undefined) groups.set(k, [row]);
        else group.push(row);
    }
    return groups;
}

/** A row that is one item of a ranked set (one brand or product per row): its name, score, rank and level. */
function rowItem(values: ReadonlyMap<string, InsightValue>): { label: string; score?: number; rank?: number; level?: string } | undefined {
    const byKey = new Map([...values].map(([key, value]) => [key.toLowerCase(), value] as const));
    const first = (keys: readonly string[], kinds: readonly InsightValue['kind'][]): InsightValue | undefined =>
        keys.map((key) => byKey.get(key)).find((value) => value !== undefined && kinds.includes(value.kind));
    const label = first(INSIGHT_LABEL_KEYS, ['text', 'number']);
    if (label === undefined || (label.kind !== 'text' && label.kind !== 'number')) return undefined;
    const score = first(INSIGHT_SCORE_KEYS, ['number']);
    const rank = first(INSIGHT_RANK_KEYS, ['number']);
    const level = first(LEVEL_KEYS, ['text']);
    return {
        label: String(label.value),
        ...(score?.kind === 'number' ? { score: score.value } : {}),
        ...(rank?.kind === 'number' ? { rank: rank.value } : {}),
        ...(level?.kind === 'text' ? { level: level.value } : {}),
    };
}

// ---- Predictions ------------------------------------------------------------------------------------------

interface SplitSpec {
    readonly spec: ValueSpec;
    readonly index: number;
    /** Lower-case model, or undefined for a key that applies to every model. */
    readonly model?: string;
    /** The key, or '*' for every key of the model. */
    readonly key: string;
}

/** `Model.Key` (split at the last dot), `Model.*`, or a bare `Key` for any model. */
function splitSpecs(specs: readonly ValueSpec[]): SplitSpec[] {
    return specs.map((spec, index) => {
        const dot = spec.name.lastIndexOf('.');
        if (dot <= 0 || dot === spec.name.length - 1) return { spec, index, key: spec.name };
        return { spec, index, model: spec.name.slice(0, dot).trim().toLowerCase(), key: spec.name.slice(dot + 1).trim() };
    });
}

/**
 * One section per model (rows grouped by model and provider). Without a maker list: every model, every key
 * readable, formats guessed. With one: only models the list names (in its order), the listed keys in the
 * listed order; a key listed for a model but missing shows as unavailable; `Model.*` shows every key and
 * its label titles the section; a bare `Key` applies to every model that has it.
 */
export function predictionSections(rows: readonly PredictionRow[], specList: ValueSpecList<ValueFormat>): PredictionSection[] {
    const groups = groupBy(rows, (row) => `${row.model?.toLowerCase() ?? ''}\u0000${row.modelProvider?.toLowerCase() ?? ''}`);
    const specs = splitSpecs(specList.specs);
    const sections: Array<{ section: PredictionSection; order: number }> = [];
    for (const [id, group] of groups) {
        const newest = byNewest(group);
        const first = newest[0];
        if (first === undefined) continue;
        const model = first.model;
        const status = combineStatus(group.map((row) => row.values.status));
        // Several rows of one model that each name an item (a product per row): one ranked list.
        const items = group.length > 1 ? group.map((row) => rowItem(row.values.value)) : [];
        const values: ReadonlyMap<string, InsightValue> =
            items.length > 0 && items.every((item) => item !== undefined)
                ? new Map([[model ?? 'Items', rankedList(items.filter((item) => item !== undefined))]])
                : first.values.value;

        const forModel = specs.filter((s) => s.model !== undefined && s.model === model?.toLowerCase());
        const anyModel = specs.filter((s) => s.model === undefined && [...values.keys()].some((k) => k.toLowerCase() === s.key.toLowerCase()));
        if (specs.length > 0 && forModel.length === 0 && anyModel.length === 0) continue;

        const entries: InsightEntry[] = [];
        const listed = new Set<string>();
        const lookup = (key: string): [string, InsightValue] | undefined => [...values].find(([k]) => k.toLowerCase() === key.toLowerCase());
        const wildcard = forModel.find((s) => s.key === '*');
        if (specs.length === 0) {
            for (const [key, value] of values) entries.push(entry(key, value));
        } else {
            for (const s of [...forModel, ...anyModel].sort((a, b) => a.index - b.index)) {
                if (s.key === '*' || listed.has(s.key.toLowerCase())) continue;
                listed.add(s.key.toLowerCase());
                const found = lookup(s.key);
                entries.push(entry(found?.[0] ?? s.key, found?.[1], s.spec));
            }
            if (wildcard !== undefined) {
                for (const [key, value] of values) {
                    if (!listed.has(key.toLowerCase())) entries.push(entry(key, value, { name: key, ...(wildcard.spec.format !== undefined ? { format: wildcard.spec.format } : {}) }));
                }
            }
        }
        const title = wildcard?.spec.label ?? (model !== undefined ? readableName(model) : undefined);
        const order = specs.length === 0 ? 0 : Math.min(...[...forModel, ...anyModel].map((s) => s.index));
        sections.push({
            order,
            section: {
                id,
                ...(model !== undefined ? { model } : {}),
                ...(title !== undefined ? { title } : {}),
                ...(first.modelProvider !== undefined ? { provider: first.modelProvider } : {}),
                entries,
                status,
            },
        });
    }
    return sections
        .sort((a, b) => a.order - b.order || (a.section.title ?? '\uffff').localeCompare(b.section.title ?? '\uffff'))
        .map((s) => s.section);
}

function rankedList(items: ReadonlyArray<{ label: string; score?: number; rank?: number }>): InsightValue {
    const sorted = [...items].sort((a, b) =>
        a.rank !== undefined || b.rank !== undefined ? (a.rank ?? Infinity) - (b.rank ?? Infinity) : (b.score ?? -Infinity) - (a.score ?? -Infinity),
    );
    return { kind: 'list', items: sorted.map(({ label, score }) => (score === undefined ? { label } : { label, score })), total: sorted.length, unreadableItems: 0 };
}

// ---- Enrichments ------------------------------------------------------------------------------------------

/**
 * Groups by type and provider. In an affinity-like group (brand, interest, propensity), rows that each name
 * an item with a score become ranked bars, and a row of name → number pairs becomes one bar per pair; the
 * other values show as key/value pairs (newest row first, one entry per key).
 */
export function enrichmentGroups(rows: readonly EnrichmentRow[]): EnrichmentGroup[] {
    const groups = groupBy(rows, (row) => `${row.enrichmentType?.toLowerCase() ?? ''}\u0000${row.enrichmentProvider?.toLowerCase() ?? ''}`);
    const result: EnrichmentGroup[] = [];
    for (const [id, group] of groups) {
        const newest = byNewest(group);
        const first = newest[0];
        if (first === undefined) continue;
        const affinityLike = AFFINITY_TYPE.test(compact(first.enrichmentType ?? ''));
        const bars: Array<Omit<AffinityBar, 'fraction'>> = [];
        const entries: InsightEntry[] = [];
        const seen = new Set<string>();
        const addEntry = (key: string, value: InsightValue): void => {
            if (seen.has(key.toLowerCase())) return;
            seen.add(key.toLowerCase());
            entries.push(entry(key, value));
        };
        for (const row of newest) {
            const item = rowItem(row.values.value);
            if (item?.score !== undefined) {
                bars.push({ label: item.label, score: item.score, ...(item.level !== undefined ? { level: item.level } : {}) });
                continue;
            }
            if (item?.level !== undefined) {
                addEntry(item.label, { kind: 'text', value: item.level });
                continue;
            }
            for (const [key, value] of row.values.value) {
                if (affinityLike && value.kind === 'number') bars.push({ label: readableName(key), score: value.value });
                else addEntry(key, value);
            }
        }
        const scale = barScale(bars.map((bar) => bar.score));
        const largest = Math.max(0, ...bars.map((bar) => bar.score));
        const ranked = [...bars].sort((a, b) => b.score - a.score);
        result.push({
            id,
            ...(first.enrichmentType !== undefined ? { type: first.enrichmentType, title: readableName(first.enrichmentType) } : {}),
            ...(first.enrichmentProvider !== undefined ? { provider: first.enrichmentProvider } : {}),
            bars: ranked.slice(0, MAX_BARS).map((bar) => ({ ...bar, fraction: barFraction(bar.score, scale, largest) })),
            barScale: scale,
            moreBars: Math.max(0, ranked.length - MAX_BARS),
            entries,
            status: combineStatus(group.map((row) => row.values.status)),
        });
    }
    return result.sort((a, b) => (a.title ?? '\uffff').localeCompare(b.title ?? '\uffff'));
}

export function barScale(scores: readonly number[]): BarScale {
    if (scores.every((score) => score >= 0 && score <= 1)) return 'fraction';
    if (scores.every((score) => score >= 0 && score <= 100)) return 'hundred';
    return 'relative';
}

function barFraction(score: number, scale: BarScale, largest: number): number {
    const fraction = scale === 'fraction' ? score : scale === 'hundred' ? score / 100 : largest > 0 ? score / largest : 0;
    return Math.min(1, Math.max(0, fraction));
}

/** True when something the rows hold could not be shown (the control then says so). */
export function hasUnavailable(sections: ReadonlyArray<{ readonly status: ParseStatus; readonly entries: readonly InsightEntry[] }>): boolean {
    return sections.some((s) => s.status === 'partial' || s.status === 'unreadable' || s.entries.some((e) => e.display.kind === 'unavailable'));
}
