/**
 * Customer Insights - Journeys in the synthetic tenant: the segments the readiness control checks.
 *
 * - Customer Insights - Data segments (output names) ADDED to the profiles' membership lists, with members
 *   chosen by business unit so each has a known readiness. The wave-1 segments (SEGMENT_NAMES) and their
 *   members are untouched: these names are appended after them.
 * - Journeys segment rows (`msdynmkt_segment`) that use them, each owned by a user of a chosen business unit,
 *   with the output name in `cibu_outputname`: a column a maker adds, because how a Journeys segment maps to
 *   its Customer Insights - Data output name is not documented.
 *
 * | Output name                | Members (profiles whose segment JSON is intact)                         | Journeys segment owner | Readiness |
 * |----------------------------|-------------------------------------------------------------------------|------------------------|-----------|
 * | `Gold`                     | 80 % of the Germany profiles (not the sample ones)                      | Germany                | ready     |
 * | `Gold_Plus`                | 80 % of the France profiles (not the sample ones)                       | France                 | ready     |
 * | `NorthAmerica_Winter_Sale` | every North America profile, and 30 % of the others in every BU         | North America          | not ready: children (United States, Canada), sibling (Europe), root (Contoso), others |
 * | `All_Customers`            | every profile: about 970,000 members in a 1,000,000-profile tenant       | Contoso (root)         | not ready: every other BU is below the root |
 * | `Spring_Preview_2027`      | none (not exported yet)                                                 | Europe                 | no members |
 *
 * `Gold` and `Gold_Plus` make the quoting trap visible: a filter that matched `Gold` as a bare substring
 * would find the France members of `Gold_Plus` and call `Gold` not ready. Profiles whose segment JSON is
 * corrupt (about 3 %, and the `corruptJson` sample) keep their wave-1 text, which names none of these
 * segments, so they are members of none of them (their facts say so too).
 */
import { hash32, isoSeconds, unitAt } from './determinism';
import { BUSINESS_UNIT_IDS, type SystemUser } from './organisation';
import type { StoredRow } from './tenant';

export const READINESS_SEGMENT_NAMES = {
    gold: 'Gold',
    goldPlus: 'Gold_Plus',
    winterSale: 'NorthAmerica_Winter_Sale',
    allCustomers: 'All_Customers',
    springPreview: 'Spring_Preview_2027',
} as const;

const MASK_GOLD = 1;
const MASK_GOLD_PLUS = 2;
const MASK_WINTER_SALE = 4;
const MASK_ALL_CUSTOMERS = 8;

/** Which readiness segments profile `index` is in, as a bit mask (cheap: it runs once per generated row). */
export function readinessSegmentMask(seed: number, index: number, businessUnitId: string, isSample: boolean, corruptJson: boolean): number {
    if (corruptJson) return 0;
    let mask = MASK_ALL_CUSTOMERS;
    if (isSample) return mask;
    if (businessUnitId === BUSINESS_UNIT_IDS.germany && unitAt(seed, 90, index) < 0.8) mask |= MASK_GOLD;
    if (businessUnitId === BUSINESS_UNIT_IDS.france && unitAt(seed, 91, index) < 0.8) mask |= MASK_GOLD_PLUS;
    if (businessUnitId === BUSINESS_UNIT_IDS.northAmerica || unitAt(seed, 92, index) < 0.3) mask |= MASK_WINTER_SALE;
    return mask;
}

const MASKED_NAMES: ReadonlyArray<readonly [number, string]> = [
    [MASK_GOLD, READINESS_SEGMENT_NAMES.gold],
    [MASK_GOLD_PLUS, READINESS_SEGMENT_NAMES.goldPlus],
    [MASK_WINTER_SALE, READINESS_SEGMENT_NAMES.winterSale],
    [MASK_ALL_CUSTOMERS, READINESS_SEGMENT_NAMES.allCustomers],
];

// Lists are shared per (wave-1 list, mask), like the tenant's own segment lists, so a million rows stay cheap
// and the tenant's JSON cache (keyed by list identity) keeps working.
const combined = new Map<readonly string[], Map<number, readonly string[]>>();

/** `segments` with the readiness segments of `mask` appended (the same array for the same inputs). */
export function withReadinessSegments(segments: readonly string[], mask: number): readonly string[] {
    let byMask = combined.get(segments);
    if (byMask === undefined) {
        byMask = new Map();
        combined.set(segments, byMask);
    }
    let list = byMask.get(mask);
    if (list === undefined) {
        list = [...segments, ...MASKED_NAMES.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name)];
        byMask.set(mask, list);
    }
    return list;
}

/** A Journeys segment of the tenant. */
export interface JourneysSegment {
    readonly key: 'gold' | 'goldPlus' | 'winterSale' | 'allCustomers' | 'springPreview' | 'noOutputName';
    readonly id: string;
    readonly displayName: string;
    /** Customer Insights - Data output name, or null when the maker left the column empty. */
    readonly outputName: string | null;
    readonly businessUnitId: string;
    /** Key of the organisation's user who owns it (persona key or `rep:<BU name>`). */
    readonly ownerKey: string;
    readonly note: string;
}

const segmentId = (n: number): string => `5e6e0000-${n.toString(16).padStart(4, '0')}-4c00-8000-${n.toString(16).padStart(12, '0')}`;

export const JOURNEYS_SEGMENTS: readonly JourneysSegment[] = [
    { key: 'gold', id: segmentId(1), displayName: 'Gold customers (Germany)', outputName: READINESS_SEGMENT_NAMES.gold, businessUnitId: BUSINESS_UNIT_IDS.germany, ownerKey: 'rep:Germany', note: 'Ready: every member is in Germany, the owner\'s business unit.' },
    { key: 'goldPlus', id: segmentId(2), displayName: 'Gold Plus customers (France)', outputName: READINESS_SEGMENT_NAMES.goldPlus, businessUnitId: BUSINESS_UNIT_IDS.france, ownerKey: 'rep:France', note: 'Ready: every member is in France.' },
    { key: 'winterSale', id: segmentId(3), displayName: 'North America winter sale', outputName: READINESS_SEGMENT_NAMES.winterSale, businessUnitId: BUSINESS_UNIT_IDS.northAmerica, ownerKey: 'marketerBusinessUnit', note: 'Not ready: members in child (United States, Canada), sibling (Europe), root and other business units.' },
    { key: 'allCustomers', id: segmentId(4), displayName: 'All customers newsletter', outputName: READINESS_SEGMENT_NAMES.allCustomers, businessUnitId: BUSINESS_UNIT_IDS.contoso, ownerKey: 'administrator', note: 'Large: every profile of the tenant; owned by the root, so members in every other business unit are not processed.' },
    { key: 'springPreview', id: segmentId(5), displayName: 'Spring preview 2027', outputName: READINESS_SEGMENT_NAMES.springPreview, businessUnitId: BUSINESS_UNIT_IDS.europe, ownerKey: 'marketerOrganization', note: 'No members: not exported by Customer Insights - Data yet.' },
    { key: 'noOutputName', id: segmentId(6), displayName: 'Segment without an output name', outputName: null, businessUnitId: BUSINESS_UNIT_IDS.unitedStates, ownerKey: 'rep:United States', note: 'The maker left the output-name column empty.' },
];

const CREATED_ON = Date.UTC(2026, 8, 1, 9, 0, 0);

/** The `msdynmkt_segment` rows; each owned by a user (owningbusinessunit = the owner's business unit). */
export function journeysSegmentRows(seed: number, users: readonly SystemUser[]): StoredRow[] {
    return JOURNEYS_SEGMENTS.map((segment, index) => {
        const owner = users.find((user) => user.key === segment.ownerKey);
        if (owner === undefined || owner.businessUnitId !== segment.businessUnitId) {
            throw new Error(`Journeys segment ${segment.key}: no owner ${segment.ownerKey} in business unit ${segment.businessUnitId}`);
        }
        return {
            msdynmkt_segmentid: segment.id,
            msdynmkt_displayname: segment.displayName,
            msdynmkt_type: 11,
            msdynmkt_baseentitylogicalname: 'contact',
            cibu_outputname: segment.outputName,
            ownerid: owner.id,
            owningbusinessunit: owner.businessUnitId,
            owningteam: null,
            owninguser: owner.id,
            createdon: isoSeconds(CREATED_ON),
            modifiedon: isoSeconds(CREATED_ON + (hash32(seed, 95, index) % 86_400) * 1000),
        };
    });
}
