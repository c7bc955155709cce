/**
 * What the synthetic tenant's prediction and enrichment rows hold (both tables are owned by the ROOT
 * business unit; tenant.ts adds ids and ownership). Shapes follow what Customer Insights writes into
 * `msdynci_values` (flat key/value JSON), plus the awkward cases a control must survive:
 *
 * Predictions, slots 3i..3i+2 for profile i:
 * - 0 `ChurnModel`: `{"ChurnScore":0.723,"ChurnRisk":"High"}` (a probability and its label);
 * - 1 `CustomerLifetimeValue`: `{"PredictedLifetimeValue":2480.5,"ValueTier":"Gold","PredictionWindowMonths":12}`;
 * - 2 `ProductRecommendation`: `{"RecommendedProducts":[...]}`, a ranked list of names, or of
 *   `{"Product","Score","Rank"}` objects stored out of rank order.
 *
 * Enrichments, slots 5i..5i+4 for profile i:
 * - 0..2 `BrandAffinity` (Microsoft), one row per brand: `{"BrandName","AffinityLevel","AffinityScore"}`;
 * - 3 `InterestAffinity` (Microsoft), one row, interest name → score 0..100;
 * - 4 `CompanyData` (Northwind Company Data & Co.), one row of firmographics.
 *
 * A profile with corrupt JSON gets cut-off and non-JSON values; about 1 in 12 other CLV rows carries
 * unknown shapes (a nested object, nested arrays, a number too large for a double, "NaN" text).
 */
import { intAt, pickAt, unitAt } from './determinism';
import type { ProfileFacts } from './tenant';

export const PREDICTION_SLOTS_PER_PROFILE = 3;
export const ENRICHMENT_SLOTS_PER_PROFILE = 5;

export interface PredictionContent {
    readonly model: string;
    readonly provider: string;
    readonly values: string | null;
}

export interface EnrichmentContent {
    readonly type: string;
    readonly provider: string;
    readonly values: string | null;
}

export const PREDICTION_MODELS = ['ChurnModel', 'CustomerLifetimeValue', 'ProductRecommendation'] as const;
export const ENRICHMENT_TYPES = ['BrandAffinity', 'InterestAffinity', 'CompanyData'] as const;
export const COMPANY_DATA_PROVIDER = 'Northwind Company Data & Co.';

const PRODUCTS = ['Trail running shoes', 'Rain jacket', 'Headlamp', 'Water bottle', 'Hiking poles', 'Sleeping bag', 'Camp stove', 'Wool socks'];
const BRANDS = ['Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Litware', 'Adventure Works', 'Proseware', 'Alpine Ski House'];
const INTERESTS = ['Outdoor recreation', 'Cooking', 'Travel', 'Photography', 'Cycling', 'Gardening'];
const INDUSTRIES = ['Retail', 'Manufacturing', 'Hospitality', 'Financial services'];
const VALUE_TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];

/** Streams of the deterministic hash (the tenant uses 1..99). */
const S = {
    clv: 201,
    clvOdd: 202,
    tier: 203,
    recommendation: 204,
    recommendationShape: 205,
    products: 206,
    productScore: 207,
    brandCount: 210,
    brandOffset: 211,
    brandScore: 212,
    interest: 213,
    interestScore: 214,
    company: 215,
    companyPick: 216,
    companySize: 217,
    hasClv: 218,
} as const;

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function churnScore(seed: number, index: number): number {
    // The stream the tenant used for churn before predictions had three models: scores stay as they were.
    return round(unitAt(seed, 50, index), 3);
}

/** `curated`: one of the tenant's named sample profiles, which have every model. */
export function predictionContent(seed: number, facts: ProfileFacts, ordinal: number, curated: boolean): PredictionContent | undefined {
    if (!facts.hasPrediction) return undefined;
    const index = facts.index;
    const provider = 'CustomerInsights';
    switch (ordinal) {
        case 0: {
            const churn = churnScore(seed, index);
            const risk = churn > 0.66 ? 'High' : churn > 0.33 ? 'Medium' : 'Low';
            // Cut off mid-value, as a refresh in progress leaves it: the score is readable, the label is not.
            const values = facts.corruptJson ? `{"ChurnScore":${churn},"ChurnRi` : JSON.stringify({ ChurnScore: churn, ChurnRisk: risk });
            return { model: PREDICTION_MODELS[0], provider, values };
        }
        case 1: {
            if (!curated && unitAt(seed, S.hasClv, index) >= 0.6) return undefined;
            const value = round(200 + unitAt(seed, S.clv, index) * 9800, 2);
            if (facts.corruptJson || (!curated && unitAt(seed, S.clvOdd, index) < 1 / 12)) {
                // Shapes nobody documented: a control shows what it can and never "[object Object]".
                return {
                    model: PREDICTION_MODELS[1],
                    provider,
                    values: `{"PredictedLifetimeValue":${value},"Breakdown":{"Online":${round(value * 0.6, 2)},"Store":${round(value * 0.4, 2)}},"History":[[1,2],[3]],"Outlier":1e400,"Margin":"NaN"}`,
                };
            }
            return {
                model: PREDICTION_MODELS[1],
                provider,
                values: JSON.stringify({ PredictedLifetimeValue: value, ValueTier: pickAt(VALUE_TIERS, seed, S.tier, index), PredictionWindowMonths: 12 }),
            };
        }
        case 2: {
            if (!curated && unitAt(seed, S.recommendation, index) >= 0.5) return undefined;
            if (facts.corruptJson) return { model: PREDICTION_MODELS[2], provider, values: 'RecommendedProducts=Headlamp;Rain jacket' };
            const offset = intAt(PRODUCTS.length, seed, S.products, index);
            const names = [0, 1, 2, 3, 4, 5].map((k) => PRODUCTS[(offset + k) % PRODUCTS.length] ?? '');
            if (unitAt(seed, S.recommendationShape, index) < 0.5) return { model: PREDICTION_MODELS[2], provider, values: JSON.stringify({ RecommendedProducts: names }) };
            // Objects with a rank, stored out of order: the rank decides the order shown.
            const ranked = names.map((product, rank) => ({ Product: product, Score: round(0.95 - rank * 0.1 - unitAt(seed, S.productScore, index, rank) * 0.05, 3), Rank: rank + 1 }));
            return { model: PREDICTION_MODELS[2], provider, values: JSON.stringify({ RecommendedProducts: [...ranked].reverse() }) };
        }
        default:
            return undefined;
    }
}

/** `curated`: one of the tenant's named sample profiles, which have every enrichment type. */
export function enrichmentContent(seed: number, facts: ProfileFacts, ordinal: number, curated: boolean): EnrichmentContent | undefined {
    if (!facts.hasEnrichment) return undefined;
    const index = facts.index;
    if (ordinal <= 2) {
        const brands = curated ? 3 : 1 + intAt(3, seed, S.brandCount, index);
        if (ordinal >= brands) return undefined;
        const offset = intAt(BRANDS.length, seed, S.brandOffset, index);
        const score = round(20 + unitAt(seed, S.brandScore, index, ordinal) * 80, 1);
        return {
            type: ENRICHMENT_TYPES[0],
            provider: 'Microsoft',
            values: JSON.stringify({ BrandName: BRANDS[(offset + ordinal * 3) % BRANDS.length], AffinityLevel: score >= 70 ? 'High' : score >= 45 ? 'Medium' : 'Low', AffinityScore: score }),
        };
    }
    if (ordinal === 3) {
        if (!curated && unitAt(seed, S.interest, index) >= 0.7) return undefined;
        const scores: Record<string, number> = {};
        INTERESTS.forEach((interest, k) => {
            if (k < 4) scores[interest] = round(unitAt(seed, S.interestScore, index, k) * 100, 1);
        });
        const json = JSON.stringify(scores);
        // Cut off after the second entry.
        return { type: ENRICHMENT_TYPES[1], provider: 'Microsoft', values: facts.corruptJson ? json.slice(0, json.indexOf(',', json.indexOf(',') + 1) + 6) : json };
    }
    if (ordinal === 4) {
        if (!curated && unitAt(seed, S.company, index) >= 0.4) return undefined;
        const employees = 10 + intAt(5000, seed, S.companySize, index);
        const brand = pickAt(['Fabrikam', 'Tailspin', 'Wingtip', 'Litware'], seed, S.companyPick, index);
        return {
            type: ENRICHMENT_TYPES[2],
            provider: COMPANY_DATA_PROVIDER,
            values: JSON.stringify({
                CompanyName: `${brand} ${pickAt(['Outfitters', 'Traders', 'Supply'], seed, S.companyPick, index, 1)} Ltd`,
                Industry: pickAt(INDUSTRIES, seed, S.companyPick, index, 2),
                Employees: employees,
                AnnualRevenue: employees * 125000,
                Website: `${brand.toLowerCase()}.example.com`,
            }),
        };
    }
    return undefined;
}
