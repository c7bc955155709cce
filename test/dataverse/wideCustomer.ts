/**
 * One customer with very many segments and measures, for rendering tests and `npm run bench:render`:
 * `DataverseEmulator.withSyntheticTenant({ rowOverride: wideCustomer({ segments: 10_000, measures: 1_000 }) })`.
 * Only the segment-membership and measures rows of one profile change (by default profile 0, the
 * `serviceAgentCustomer` sample, in the service agent's business unit); ownership and every other row stay
 * as generated, so security and the request counts are those of the ordinary tenant.
 */
import type { RowOverride, StoredRow } from './tenant';

export interface WideCustomerOptions {
    /** Segments the customer is in (default: as generated). */
    readonly segments?: number;
    /** Measures in the customer's measures JSON (default: as generated). */
    readonly measures?: number;
    /** Profile index of the customer (default 0: the serviceAgentCustomer sample). */
    readonly profileIndex?: number;
}

/** Topics segment names are made of, so that a filter narrows the list the way real names would. */
const TOPICS = ['Loyalty', 'Newsletter', 'Churn', 'HighValue', 'Promo', 'Gold', 'Silver', 'Bronze', 'Outdoor', 'Garden', 'Kitchen', 'Travel', 'Sports', 'Books', 'Music', 'Fashion', 'Kids', 'Pets', 'Auto', 'Health'];

/** Segment output names: `Loyalty_Region_00001`-style, unique, in no particular order. */
export function wideSegmentNames(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${TOPICS[(i * 7) % TOPICS.length] ?? 'Topic'}_Group_${String(i + 1).padStart(5, '0')}`);
}

/** Measure name to value: whole numbers, decimals, numeric text and text, like the generated tenant. */
export function wideMeasures(count: number): Record<string, number | string> {
    const measures: Record<string, number | string> = {};
    for (let i = 0; i < count; i++) {
        const name = `${TOPICS[i % TOPICS.length] ?? 'Topic'}Measure${String(i + 1).padStart(4, '0')}`;
        measures[name] = i % 4 === 0 ? i * 3 : i % 4 === 1 ? Math.round(i * 123.45) / 100 : i % 4 === 2 ? String(i) : ['Email', 'Phone', 'Web', 'Store'][i % 4] ?? 'Web';
    }
    return measures;
}

export function wideCustomer(options: WideCustomerOptions): RowOverride {
    const index = options.profileIndex ?? 0;
    const segmentsJson = options.segments !== undefined ? JSON.stringify({ Segments: wideSegmentNames(options.segments) }) : undefined;
    const measuresJson = options.measures !== undefined ? JSON.stringify(wideMeasures(options.measures)) : undefined;
    return (table, slot, row): StoredRow | undefined => {
        if (slot !== index || row === undefined) return row;
        if (table === 'msdynci_segmentmembership' && segmentsJson !== undefined) return { ...row, msdynci_segments: segmentsJson };
        if (table === 'msdynci_customermeasure' && measuresJson !== undefined) return { ...row, msdynci_measures: measuresJson };
        return row;
    };
}
