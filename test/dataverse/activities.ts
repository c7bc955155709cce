/**
 * Unified activities of the synthetic tenant: realistic types, sources and semantic data, external URLs of
 * which some are hostile (maker-built free text), equal timestamps, and one customer with a long history.
 *
 * Slot layout (P = profileCount, H = TIMELINE_ACTIVITY_COUNT):
 * - slots 6i..6i+5: profile i, the first `activityCount(i)` present (as before);
 * - slots 6P..6P+H-1: the long history of the `timelineCustomer` profile (index TIMELINE_PROFILE_INDEX).
 *
 * Rows are computed from (seed, slot) like the rest of the tenant. The long history's times come from one
 * precomputed descending series (gaps of ten minutes to half a day, a quarter of them zero: equal
 * timestamps), anchored at `anchorMs`, and its rows are kept once generated (10,000 rows, a few MB), so the
 * timeline's keyset queries over it cost a scan of one customer's slots, not a regeneration.
 */
import { hash32, intAt, isoSeconds, pickAt, slotGuid, unitAt } from './determinism';
import type { ColumnValue, StoredRow } from './tenant';

export const ACTIVITY_SLOTS_PER_PROFILE = 6;
/** Activities of the `timelineCustomer` sample (a customer "with thousands of activities"). */
export const TIMELINE_ACTIVITY_COUNT = 10_000;
/** Default anchor of the long history: its newest activity is at this time (the playground passes "now"). */
export const DEFAULT_ACTIVITY_ANCHOR_MS = Date.UTC(2026, 10, 27, 16, 30, 0);

const TAG_ACTIVITY = 0x104;
const ACTIVITY_EPOCH = Date.UTC(2024, 0, 1);
const ACTIVITY_SPAN_MS = Date.UTC(2026, 10, 1) - ACTIVITY_EPOCH;
const MINUTE = 60_000;

/** Activity types as Customer Insights writes them: its semantic types plus custom ones. */
export interface ActivityKind {
    readonly type: string;
    readonly display: string;
    /** Source table (`msdynci_entityname`). */
    readonly entity: string;
    readonly activityName: string;
}

export const ACTIVITY_KINDS: readonly ActivityKind[] = [
    { type: 'SalesOrder', display: 'Sales order', entity: 'ecommerce_orders', activityName: 'Online orders' },
    { type: 'Loyalty', display: 'Loyalty', entity: 'loyalty_transactions', activityName: 'Loyalty points' },
    { type: 'Feedback', display: 'Feedback', entity: 'survey_responses', activityName: 'Survey responses' },
    { type: 'Subscription', display: 'Subscription', entity: 'subscriptions', activityName: 'Subscriptions' },
    { type: 'Email', display: 'Email', entity: 'email', activityName: 'Marketing emails' },
    { type: 'PhoneCall', display: 'Phone call', entity: 'phonecall', activityName: 'Phone calls' },
    { type: 'WebVisit', display: 'Website visit', entity: 'web_sessions', activityName: 'Web sessions' },
    { type: 'SupportCase', display: 'Support case', entity: 'incident', activityName: 'Support cases' },
    { type: 'StoreVisit', display: 'Store visit', entity: 'pos_visits', activityName: 'Store visits' },
];

/**
 * `msdynci_externalurl` is maker-built free text (Power Query can construct it), so it may hold anything.
 * These must never become links; a few look almost like links.
 */
export const HOSTILE_EXTERNAL_URLS: readonly string[] = [
    'javascript:alert(document.domain)',
    'JaVaScRiPt:alert(1)',
    '  javascript:alert("leading spaces")',
    '\tjavascript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/phish',
    'https://user:secret@evil.example/login',
    'mailto:someone@example.com',
    'ftp://files.contoso.example/report.pdf',
    'contoso.example/no-scheme',
    'https://',
];

const TOPICS = ['billing', 'delivery', 'returns', 'account access', 'warranty', 'a damaged item'];
const PAGES = ['/products/espresso-machines', '/offers', '/support/returns', '/account', '/stores/berlin'];
const CAMPAIGNS = ['Spring sale', 'Loyalty newsletter', 'Welcome series', "Owner's club invite", '50% off _weekend_ [promo]'];
const PLANS = ['Coffee club', 'Premium care', 'Filter refills'];
const STORES = ['Seattle Downtown', 'Berlin Mitte', 'Lyon Part-Dieu', 'Toronto Eaton'];
/** Contacts of the B2B account sample, named on its activities. */
export const B2B_CONTACTS: readonly string[] = ['Dana Whitfield', 'Ravi Menon', 'Sofía Herrera'];

/** What a row needs from its profile. */
export interface ActivityOwnerFacts {
    readonly index: number;
    readonly customerId: string;
    readonly profileId: string;
    readonly fullName: string;
}

export class ActivityGenerator {
    readonly slotCount: number;
    private readonly longHistoryStart: number;
    private longHistoryTimes: Float64Array | undefined;
    private readonly longHistoryRows = new Map<number, StoredRow>();

    constructor(
        private readonly seed: number,
        profileCount: number,
        /** Profile index of the customer with the long history. */
        readonly longHistoryProfile: number,
        private readonly anchorMs: number,
        /** Whether rows carry `msdynci_lookupfield_customer` (the tenant's `insightCustomerLookups`). */
        private readonly customerLookups = true,
        /** Profile index of a B2B account whose activities name the contact responsible (contact-level activities). */
        private readonly contactLevelProfile = -1,
    ) {
        this.longHistoryStart = profileCount * ACTIVITY_SLOTS_PER_PROFILE;
        this.slotCount = this.longHistoryStart + TIMELINE_ACTIVITY_COUNT;
    }

    /** The profile a slot belongs to. */
    profileOfSlot(slot: number): number {
        return slot >= this.longHistoryStart ? this.longHistoryProfile : Math.floor(slot / ACTIVITY_SLOTS_PER_PROFILE);
    }

    /** Every slot that may hold an activity of profile `index` (a superset; absent slots are undefined rows). */
    slotsOfProfile(index: number): number[] {
        const own = Array.from({ length: ACTIVITY_SLOTS_PER_PROFILE }, (_, offset) => index * ACTIVITY_SLOTS_PER_PROFILE + offset);
        if (index !== this.longHistoryProfile) return own;
        return [...own, ...Array.from({ length: TIMELINE_ACTIVITY_COUNT }, (_, k) => this.longHistoryStart + k)];
    }

    /**
     * The row in `slot`; `activityCount` is how many of the profile's six regular slots are used;
     * `ownership` gives the profile-inherited owner columns for the slot.
     */
    rowAt(slot: number, facts: ActivityOwnerFacts, activityCount: number, ownership: (slot: number) => Record<string, ColumnValue>): StoredRow | undefined {
        if (slot >= this.longHistoryStart) {
            const k = slot - this.longHistoryStart;
            if (k >= TIMELINE_ACTIVITY_COUNT) return undefined;
            let row = this.longHistoryRows.get(k);
            if (row === undefined) {
                row = this.row(slot, facts, this.longHistoryTime(k), k, ownership(slot), longHistoryUrl(k, this.seed, slot));
                this.longHistoryRows.set(k, row);
            }
            return row;
        }
        const ordinal = slot % ACTIVITY_SLOTS_PER_PROFILE;
        if (ordinal >= activityCount) return undefined;
        return this.row(slot, facts, this.regularTime(slot), ordinal, ownership(slot), regularUrl(this.seed, slot));
    }

    /** Regular customers: spread over 2024-01 to 2026-11; about a third of the odd slots share the time of the slot before. */
    private regularTime(slot: number): number {
        const own = (s: number): number => ACTIVITY_EPOCH + intAt(ACTIVITY_SPAN_MS, this.seed, 41, s);
        return slot % 2 === 1 && unitAt(this.seed, 47, slot) < 0.35 ? own(slot - 1) : own(slot);
    }

    /** k = 0 is the newest. Ties straddle the page boundaries of 10, 25 and 50 on purpose. */
    private longHistoryTime(k: number): number {
        if (this.longHistoryTimes === undefined) {
            const times = new Float64Array(TIMELINE_ACTIVITY_COUNT);
            let time = Math.floor(this.anchorMs / 1000) * 1000;
            const forcedTies = new Set([3, 4, 9, 10, 11, 24, 25, 26, 49, 50, 51]);
            for (let i = 0; i < TIMELINE_ACTIVITY_COUNT; i++) {
                if (i > 0) {
                    const tie = forcedTies.has(i) || (i > 60 && unitAt(this.seed, 48, i) < 0.25);
                    if (!tie) time -= (10 + intAt(710, this.seed, 49, i)) * MINUTE;
                }
                times[i] = time;
            }
            this.longHistoryTimes = times;
        }
        return this.longHistoryTimes[k] ?? this.anchorMs;
    }

    private row(slot: number, facts: ActivityOwnerFacts, time: number, ordinal: number, owner: Record<string, ColumnValue>, externalUrl: string | null): StoredRow {
        const seed = this.seed;
        const kind = pickAt(ACTIVITY_KINDS, seed, 40, slot);
        const sourceId = `${kind.entity.toUpperCase()}-${String(hash32(seed, 42, slot))}`;
        const { title, semanticData: data } = content(kind, seed, slot, facts);
        // B2B contact-level activities carry the contact responsible (where exactly is a guess: see activityDetails).
        const semanticData = facts.index === this.contactLevelProfile ? JSON.stringify({ ...(JSON.parse(data) as object), ContactName: pickAt(B2B_CONTACTS, seed, 58, slot) }) : data;
        return {
            msdynci_unifiedactivityid: slotGuid(seed, TAG_ACTIVITY, slot),
            msdynci_customerid: facts.customerId,
            msdynci_activityid: sourceId,
            msdynci_activitytime: isoSeconds(time),
            msdynci_activitytype: kind.type,
            msdynci_activitytypedisplay: kind.display,
            msdynci_activityname: kind.activityName,
            msdynci_title: title,
            msdynci_externalurl: externalUrl,
            msdynci_entityname: kind.entity,
            msdynci_actualactivityid: sourceId,
            msdynci_semanticdata: unitAt(seed, 43, slot) < 0.04 ? '{"Channel":"Web","TotalAmount":' : semanticData,
            msdynci_rangeindex: ordinal,
            msdynci_lookupfield_customer: this.customerLookups ? facts.profileId : null,
            ...owner,
        };
    }
}

function regularUrl(seed: number, slot: number): string | null {
    const roll = unitAt(seed, 46, slot);
    if (roll < 0.25) return null;
    if (roll < 0.4) return pickAt(HOSTILE_EXTERNAL_URLS, seed, 50, slot);
    const kind = pickAt(ACTIVITY_KINDS, seed, 40, slot);
    return roll < 0.5 ? `http://legacy.contoso.example/${kind.entity}?id=${String(hash32(seed, 42, slot))}` : `https://contoso.example/${kind.entity}/${String(hash32(seed, 42, slot))}`;
}

/** The newest entries of the long history carry every hostile URL, so the first page shows them all. */
function longHistoryUrl(k: number, seed: number, slot: number): string | null {
    if (k === 0) return 'https://contoso.example/ecommerce_orders/newest';
    if (k <= HOSTILE_EXTERNAL_URLS.length) return HOSTILE_EXTERNAL_URLS[k - 1] ?? null;
    if (k === HOSTILE_EXTERNAL_URLS.length + 1) return 'HTTPS://CONTOSO.EXAMPLE/Upper/Case';
    return regularUrl(seed, slot);
}

function content(kind: ActivityKind, seed: number, slot: number, facts: ActivityOwnerFacts): { title: string; semanticData: string } {
    const number = 100000 + intAt(900000, seed, 51, slot);
    const amount = Math.round(unitAt(seed, 52, slot) * 50000) / 100;
    const currency = pickAt(['USD', 'EUR', 'CAD'], seed, 53, slot);
    const day = (offsetDays: number): string => isoSeconds(ACTIVITY_EPOCH + offsetDays * 86_400_000).slice(0, 10);
    switch (kind.type) {
        case 'SalesOrder': {
            const items = 1 + intAt(6, seed, 54, slot);
            return {
                title: unitAt(seed, 55, slot) < 0.1 ? `Order SO-${number} for ${facts.fullName} <b>gift</b> & "special" wrap` : `Order SO-${number}: ${items} item${items === 1 ? '' : 's'}`,
                semanticData: JSON.stringify({ OrderId: `SO-${number}`, TotalAmount: amount, Currency: currency, Status: pickAt(['Completed', 'Shipped', 'Returned'], seed, 56, slot), ItemCount: items, Channel: pickAt(['Web', 'Store', 'App'], seed, 57, slot) }),
            };
        }
        case 'Loyalty': {
            const earned = intAt(800, seed, 54, slot);
            const redeemed = unitAt(seed, 55, slot) < 0.3 ? intAt(500, seed, 56, slot) : 0;
            return {
                title: redeemed > 0 ? `Redeemed ${redeemed} points` : `Earned ${earned} points`,
                semanticData: JSON.stringify({ PointsEarned: earned, PointsRedeemed: redeemed, Tier: pickAt(['Silver', 'Gold', 'Platinum'], seed, 57, slot), Program: 'Contoso Rewards' }),
            };
        }
        case 'Feedback': {
            const rating = 1 + intAt(5, seed, 54, slot);
            return {
                title: `Survey answered: ${rating} of 5`,
                semanticData: JSON.stringify({ Rating: rating, Sentiment: rating >= 4 ? 'Positive' : rating <= 2 ? 'Negative' : 'Neutral', Comment: pickAt(['Fast delivery', 'The app kept logging me out', 'Great staff in store', 'مرحبا، الخدمة ممتازة', 'x'.repeat(400)], seed, 55, slot) }),
            };
        }
        case 'Subscription': {
            const start = intAt(900, seed, 54, slot);
            return {
                title: `${pickAt(PLANS, seed, 55, slot)} subscription ${pickAt(['started', 'renewed', 'paused'], seed, 56, slot)}`,
                semanticData: JSON.stringify({ Plan: pickAt(PLANS, seed, 55, slot), Status: pickAt(['Active', 'Paused', 'Cancelled'], seed, 57, slot), StartDate: day(start), RenewalDate: day(start + 365), Amount: amount, Currency: currency, BillingPeriod: 'Yearly' }),
            };
        }
        case 'Email':
            return {
                title: `Opened "${pickAt(CAMPAIGNS, seed, 54, slot)}"`,
                semanticData: JSON.stringify({ Campaign: pickAt(CAMPAIGNS, seed, 54, slot), Opened: true, Clicked: unitAt(seed, 55, slot) < 0.4, Nested: { Ignored: true } }),
            };
        case 'PhoneCall':
            return {
                title: `Call about ${pickAt(TOPICS, seed, 54, slot)}`,
                semanticData: JSON.stringify({ DurationMinutes: 1 + intAt(40, seed, 55, slot), Direction: pickAt(['Inbound', 'Outbound'], seed, 56, slot) }),
            };
        case 'WebVisit':
            return {
                title: `Visited ${pickAt(PAGES, seed, 54, slot)}`,
                semanticData: JSON.stringify({ Pages: 1 + intAt(12, seed, 55, slot), Referrer: pickAt(['search', 'newsletter', 'direct'], seed, 56, slot), Device: 'Mobile', Browser: 'Edge', Country: 'US', SessionId: String(number) }),
            };
        case 'SupportCase':
            return {
                title: `Case CAS-${number}: ${pickAt(TOPICS, seed, 54, slot)}`,
                semanticData: JSON.stringify({ CaseNumber: `CAS-${number}`, Priority: pickAt(['Low', 'Normal', 'High'], seed, 55, slot), Status: pickAt(['Resolved', 'Active'], seed, 56, slot) }),
            };
        default:
            return { title: `Visited the ${pickAt(STORES, seed, 54, slot)} store`, semanticData: JSON.stringify({ Store: pickAt(STORES, seed, 54, slot), Minutes: intAt(90, seed, 55, slot) }) };
    }
}
