/**
 * The seeded synthetic tenant: the organisation (organisation.ts) plus Customer Insights data.
 *
 * Customer rows are never stored: each table is a set of numbered slots and a row is computed from
 * (seed, slot) when asked for, so a tenant with a million profiles costs a few kilobytes. Ids encode their
 * slot (determinism.ts), which gives O(1) retrieve-by-id and customer-id lookups without in-memory indexes.
 *
 * Slot layout (P = profileCount):
 * - msdynci_customerprofile, msdynci_segmentmembership: slot i = profile i (every profile has one
 *   membership row; some have an empty segment list).
 * - msdynci_customermeasure: slot i = profile i, some absent.
 * - msdynci_prediction: slots 3i..3i+2, msdynci_enrichment: slots 5i..5i+4 for profile i, some absent
 *   (what they hold: intelligence.ts).
 * - msdynci_unifiedactivity: slots 6i..6i+5 for profile i, the first activityCount(i) present, then the
 *   10,000-activity history of the `timelineCustomer` sample (activities.ts).
 * - msdynci_alternatekey: slot 2i = contact key (when profile i has a contact), 2i+1 = e-commerce key.
 * - contact: slot i = contact of profile i (when it has one); slots P.. are contacts without a profile.
 */
import { customerIdFor, hash32, intAt, isoSeconds, normaliseGuid, pickAt, profileIndexOfCustomerId, slotGuid, slotOfGuid, unitAt } from './determinism';
import { ActivityGenerator, DEFAULT_ACTIVITY_ANCHOR_MS } from './activities';
import { ENRICHMENT_SLOTS_PER_PROFILE, enrichmentContent, PREDICTION_SLOTS_PER_PROFILE, predictionContent } from './intelligence';
import { TABLES, type TableDefinition } from './metadata';
import { PERSONAS } from './personas';
import { BUSINESS_UNIT_IDS, ORGANISATION, TEAM_IDS, type BusinessUnit, type Organisation, type SecurityRole, type SystemUser, type Team } from './organisation';
import { journeysSegmentRows, readinessSegmentMask, withReadinessSegments } from './journeys';

/** A column value as stored: lookups hold the target's GUID; datetimes an ISO-8601 UTC string. */
export type ColumnValue = string | number | boolean | null;
export type StoredRow = Readonly<Record<string, ColumnValue>>;

/** All rows of one table, by slot. */
export interface TableStore {
    readonly table: TableDefinition;
    /** Upper bound of slots; rowAt(slot) may be undefined for gaps. */
    readonly slotCount: number;
    rowAt(slot: number): StoredRow | undefined;
    /** The slot of a row by its (normalised) primary id. */
    slotOfId(id: string): number | undefined;
    /**
     * Slots that may hold rows where `column` equals `value` (a superset; the caller still filters), or
     * undefined when the column is not indexed. Keeps customer-id lookups O(1) at any scale.
     */
    candidateSlots(column: string, value: string): number[] | undefined;
    /**
     * Owner and owning business unit the row in `slot` has, found without generating the row, so scans can
     * skip rows the caller may not read. Optional; must agree with rowAt (the security matrix checks it).
     */
    ownershipAt?(slot: number): RowOwnership;
}

export interface RowOwnership {
    readonly ownerId: string | null;
    readonly businessUnitId: string | null;
}

export type ContactLinkKind = 'backstamp' | 'alternateKey' | 'none';
/** How the source system stored the contact id in the alternate key. */
export type StoredIdForm = 'lower' | 'upper' | 'braced';

/** Ownership and linking facts of one customer, from which all its rows are derived. */
export interface ProfileFacts {
    readonly index: number;
    readonly profileId: string;
    readonly customerId: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly fullName: string;
    readonly businessUnitId: string;
    /** The owner team (BU default team, or a key-accounts team). */
    readonly ownerTeamId: string;
    readonly contactLink: ContactLinkKind;
    readonly contactId: string | null;
    readonly storedContactIdForm: StoredIdForm;
    readonly corruptJson: boolean;
    readonly segments: readonly string[];
    readonly hasMeasures: boolean;
    readonly activityCount: number;
    readonly hasPrediction: boolean;
    readonly hasEnrichment: boolean;
}

export type SampleContactKey =
    | 'serviceAgentCustomer'
    | 'otherRegionCustomer'
    | 'unmappedCustomer'
    | 'noProfile'
    | 'upperCaseGuid'
    | 'bracedGuid'
    | 'alternateKeyOnly'
    | 'corruptJson'
    | 'teamOwned'
    | 'timelineCustomer';

export interface SampleContact {
    readonly key: SampleContactKey;
    readonly contactId: string;
    readonly fullName: string;
    readonly note: string;
    /** Profile index, or null for `noProfile`. */
    readonly profileIndex: number | null;
}

/** Sample accounts (B2B): an account record whose profile is found through a key column on the profile. */
export type SampleAccountKey = 'b2bAccount';

export interface SampleAccount {
    readonly key: SampleAccountKey;
    /** The Dataverse account id, stored in the profile column `msdynci_crm_account_accountid`. */
    readonly accountId: string;
    readonly name: string;
    readonly note: string;
    readonly profileIndex: number;
}

export interface SyntheticTenantOptions {
    /** Data seed (default 42). The organisation is the same for every seed. */
    readonly seed?: number;
    /** Number of customer profiles = segment-membership rows (default 60, at least 11). */
    readonly profileCount?: number;
    /**
     * Whether Customer Insights backstamps `msdynci_lookupfield_customerprofile` on contacts (default true;
     * false models a tenant without it: not B2C, or a customer-owned lake). Contacts of link kind
     * 'backstamp' then have no link at all.
     */
    readonly backstampContacts?: boolean;
    /** Whether the insight rows carry `msdynci_lookupfield_customer` (default true; unverified on the platform). */
    readonly insightCustomerLookups?: boolean;
    /**
     * Changes generated rows of the Customer Insights tables, e.g. one customer with 10,000 segments
     * (`wideCustomer` in wideCustomer.ts). Gets the table, slot and generated row; returns the row to store.
     */
    readonly rowOverride?: RowOverride;
    /**
     * Time of the newest activity of the `timelineCustomer` sample (epoch ms); its 10,000 activities reach back
     * about five years from there. Default 2026-11-27 16:30 UTC; the playground passes the page's "now".
     */
    readonly activityAnchorMs?: number;
}

export type RowOverride = (table: string, slot: number, row: StoredRow | undefined) => StoredRow | undefined;

/** Segment output-table names (not display names). Two differ only by `%`/`_` to test literal matching. */
export const SEGMENT_NAMES: readonly string[] = [
    'Male_under_40',
    'HighValueCustomers',
    'ChurnRisk',
    'NewsletterSubscribers',
    'Loyalty_Gold',
    'RecentPurchasers',
    'Promo_50%_Off',
    'Promo_50Percent_Off',
    "Owner's_Club",
];

const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jonas', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq'];
const LAST_NAMES = ['Andersen', 'Bauer', 'Costa', 'Dubois', 'Evans', 'Fischer', 'García', 'Hughes', 'Ito', 'Jensen', 'Kowalski', 'Larsen', "O'Brien", 'Müller', 'Nakamura', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
const CITIES: Readonly<Record<string, readonly [string, string]>> = {
    [BUSINESS_UNIT_IDS.contoso]: ['Redmond', 'United States'],
    [BUSINESS_UNIT_IDS.northAmerica]: ['Chicago', 'United States'],
    [BUSINESS_UNIT_IDS.unitedStates]: ['Seattle', 'United States'],
    [BUSINESS_UNIT_IDS.canada]: ['Toronto', 'Canada'],
    [BUSINESS_UNIT_IDS.europe]: ['Brussels', 'Belgium'],
    [BUSINESS_UNIT_IDS.germany]: ['Berlin', 'Germany'],
    [BUSINESS_UNIT_IDS.france]: ['Lyon', 'France'],
};

// Slot tags so ids of different tables never coincide.
const TAG = {
    profile: 0x101,
    membership: 0x102,
    measure: 0x103,
    activity: 0x104,
    alternateKey: 0x105,
    prediction: 0x106,
    enrichment: 0x107,
    contact: 0x108,
    account: 0x109,
} as const;

const ACTIVITY_SLOTS_PER_PROFILE = 6;
const PROFILE_CACHE_SIZE = 1 << 6;
const CREATED_ON = Date.UTC(2025, 0, 15, 8, 0, 0);


const FIRST_PROFILE_SEGMENTS: readonly string[] = ['HighValueCustomers', 'Loyalty_Gold', 'Promo_50%_Off'];

/** The sales rep persona, who owns some contacts of every business unit. */
const SALES_REP_USER_ID = PERSONAS.salesRep.userId;

type ContactOwnerKind = 'rep' | 'repTeam' | 'unitTeam' | 'unitRepresentative';

/**
 * Owners of the curated sample contacts (by profile index; the first contact without a profile, the
 * `noProfile` sample, is the rep's too): the rep's view holds a customer of their business unit, an unmapped
 * one, one owned by a team of another region (through the United States default team), one without a profile
 * and the corrupt-JSON one. The others stay with their business unit's representative, as before the rep
 * existed (other tests rely on where those contacts are owned, e.g. the other region's customer in Germany).
 */
const CURATED_CONTACT_OWNERS: Readonly<Record<number, ContactOwnerKind>> = {
    0: 'rep',
    1: 'unitRepresentative',
    2: 'repTeam',
    3: 'unitRepresentative',
    4: 'unitRepresentative',
    5: 'rep',
    6: 'rep',
    7: 'unitTeam',
};

// Each segment is in with probability 2/8, from three bits of a hash. Lists and their JSON are shared per
// combination, which keeps a million generated rows cheap.
const segmentListCache = new Map<number, readonly string[]>();
const segmentJsonCache = new Map<readonly string[], string>();

function segmentsFor(bits: number): readonly string[] {
    let mask = 0;
    SEGMENT_NAMES.forEach((_, bit) => {
        if (((bits >>> (bit * 3)) & 7) < 2) {
            mask |= 1 << bit;
        }
    });
    let list = segmentListCache.get(mask);
    if (list === undefined) {
        list = SEGMENT_NAMES.filter((_, bit) => (mask & (1 << bit)) !== 0);
        segmentListCache.set(mask, list);
    }
    return list;
}

function segmentsJson(segments: readonly string[]): string {
    let json = segmentJsonCache.get(segments);
    if (json === undefined) {
        json = JSON.stringify({ Segments: segments });
        segmentJsonCache.set(segments, json);
    }
    return json;
}

/** Curated profiles 0..8 carry the named sample contacts; the rest is random. */
interface CuratedProfile {
    readonly key: Exclude<SampleContactKey, 'noProfile'> | SampleAccountKey;
    /** A company name instead of a person's (B2B account profiles). */
    readonly companyName?: string;
    readonly businessUnitId: string;
    readonly ownerTeamId?: string;
    readonly contactLink: ContactLinkKind;
    readonly storedContactIdForm: StoredIdForm;
    readonly corruptJson: boolean;
    readonly note: string;
}

const CURATED: readonly CuratedProfile[] = [
    { key: 'serviceAgentCustomer', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: false, note: "Profile in the service agent's leaf BU (United States), backstamped lookup." },
    { key: 'otherRegionCustomer', businessUnitId: BUSINESS_UNIT_IDS.germany, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: false, note: 'Profile in another region (Germany), backstamped lookup.' },
    { key: 'unmappedCustomer', businessUnitId: BUSINESS_UNIT_IDS.contoso, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: false, note: 'Profile not mapped to a BU: owned by the root BU (Contoso).' },
    { key: 'upperCaseGuid', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'alternateKey', storedContactIdForm: 'upper', corruptJson: false, note: 'Linked only through the alternate key, which stores the contact id in upper case.' },
    { key: 'bracedGuid', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'alternateKey', storedContactIdForm: 'braced', corruptJson: false, note: 'Linked only through the alternate key, which stores the contact id braced and upper case.' },
    { key: 'alternateKeyOnly', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'alternateKey', storedContactIdForm: 'lower', corruptJson: false, note: 'Linked only through the alternate key (lower case), no backstamped lookup.' },
    { key: 'corruptJson', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: true, note: 'Profile in United States whose segments and measures JSON are corrupt.' },
    { key: 'teamOwned', businessUnitId: BUSINESS_UNIT_IDS.germany, ownerTeamId: TEAM_IDS.germanyKeyAccounts, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: false, note: 'Profile owned by the Germany Key Accounts owner team, of which ownerTeamMember is a member.' },
    { key: 'timelineCustomer', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'backstamp', storedContactIdForm: 'lower', corruptJson: false, note: "Profile in the service agent's BU (United States) with 10,000 unified activities, equal timestamps and hostile external URLs." },
    { key: 'b2bAccount', companyName: 'Fabrikam Ltd.', businessUnitId: BUSINESS_UNIT_IDS.unitedStates, contactLink: 'none', storedContactIdForm: 'lower', corruptJson: false, note: "B2B account profile in United States: found through its account id in msdynci_crm_account_accountid; its activities name the responsible contact." },
];

/** Profile index of the `b2bAccount` sample. */
const B2B_PROFILE_INDEX = CURATED.findIndex((curated) => curated.key === 'b2bAccount');

/** Profile index of the `timelineCustomer` sample (curated profiles come first). */
const TIMELINE_PROFILE_INDEX = CURATED.findIndex((curated) => curated.key === 'timelineCustomer');

const RANDOM_BUSINESS_UNITS: readonly string[] = [
    BUSINESS_UNIT_IDS.unitedStates,
    BUSINESS_UNIT_IDS.unitedStates,
    BUSINESS_UNIT_IDS.canada,
    BUSINESS_UNIT_IDS.germany,
    BUSINESS_UNIT_IDS.germany,
    BUSINESS_UNIT_IDS.france,
    BUSINESS_UNIT_IDS.northAmerica,
    BUSINESS_UNIT_IDS.europe,
];

export class SyntheticTenant implements Organisation {
    readonly seed: number;
    readonly profileCount: number;
    /** Contacts without a profile, in contact slots profileCount.. */
    readonly unlinkedContactCount: number;
    readonly rootBusinessUnitId = ORGANISATION.rootBusinessUnitId;
    readonly businessUnits: readonly BusinessUnit[] = ORGANISATION.businessUnits;
    readonly teams: readonly Team[] = ORGANISATION.teams;
    readonly roles: readonly SecurityRole[] = ORGANISATION.roles;
    readonly users: readonly SystemUser[] = ORGANISATION.users;
    readonly sampleContacts: Readonly<Record<SampleContactKey, SampleContact>>;
    readonly sampleAccounts: Readonly<Record<SampleAccountKey, SampleAccount>>;
    readonly segmentNames = SEGMENT_NAMES;
    readonly backstampContacts: boolean;
    readonly insightCustomerLookups: boolean;

    private readonly stores = new Map<string, TableStore>();
    private readonly rowOverride: RowOverride | undefined;
    private readonly activities: ActivityGenerator;
    private readonly profileCache: Array<ProfileFacts | undefined> = new Array<ProfileFacts | undefined>(PROFILE_CACHE_SIZE);
    private readonly businessUnitById = new Map(ORGANISATION.businessUnits.map((unit) => [unit.id, unit]));
    private readonly teamById = new Map(ORGANISATION.teams.map((team) => [team.id, team]));
    private readonly userById = new Map(ORGANISATION.users.map((user) => [user.id, user]));
    private readonly representativeByBusinessUnit = new Map(
        ORGANISATION.users.filter((user) => user.key.startsWith('rep:')).map((user) => [user.businessUnitId, user]),
    );

    constructor(options: SyntheticTenantOptions = {}) {
        this.seed = (options.seed ?? 42) >>> 0;
        this.backstampContacts = options.backstampContacts ?? true;
        this.insightCustomerLookups = options.insightCustomerLookups ?? true;
        this.profileCount = Math.max(CURATED.length + 2, Math.floor(options.profileCount ?? 60));
        this.unlinkedContactCount = Math.max(3, Math.floor(this.profileCount / 20));
        this.rowOverride = options.rowOverride;
        this.activities = new ActivityGenerator(this.seed, this.profileCount, TIMELINE_PROFILE_INDEX, options.activityAnchorMs ?? DEFAULT_ACTIVITY_ANCHOR_MS, this.insightCustomerLookups, B2B_PROFILE_INDEX);
        const samples: Partial<Record<SampleContactKey, SampleContact>> = {};
        const accounts: Partial<Record<SampleAccountKey, SampleAccount>> = {};
        CURATED.forEach((curated, index) => {
            const facts = this.profile(index);
            if (curated.key === 'b2bAccount') {
                accounts[curated.key] = { key: curated.key, accountId: slotGuid(this.seed, TAG.account, index), name: facts.fullName, note: curated.note, profileIndex: index };
                return;
            }
            samples[curated.key] = {
                key: curated.key,
                contactId: facts.contactId ?? '',
                fullName: facts.fullName,
                note: curated.note,
                profileIndex: index,
            };
        });
        const noProfileContact = this.contactRowAt(this.profileCount);
        samples.noProfile = {
            key: 'noProfile',
            contactId: String(noProfileContact?.contactid),
            fullName: String(noProfileContact?.fullname),
            note: 'Contact without any Customer Insights profile.',
            profileIndex: null,
        };
        this.sampleContacts = samples as Record<SampleContactKey, SampleContact>;
        this.sampleAccounts = accounts as Record<SampleAccountKey, SampleAccount>;
        this.createStores();
    }

    // ---- Organisation facts -------------------------------------------------------------------------

    businessUnit(id: string): BusinessUnit | undefined {
        return this.businessUnitById.get(id);
    }

    team(id: string): Team | undefined {
        return this.teamById.get(id);
    }

    user(id: string): SystemUser | undefined {
        return this.userById.get(id);
    }

    /** Name of the record a lookup points to, for formatted-value annotations. */
    primaryName(table: string, id: string): string | undefined {
        const store = this.stores.get(table);
        const slot = store?.slotOfId(id);
        if (store === undefined || slot === undefined) {
            return undefined;
        }
        const value = store.rowAt(slot)?.[store.table.primaryNameAttribute];
        return typeof value === 'string' ? value : undefined;
    }

    // ---- Customer data ------------------------------------------------------------------------------

    /** Facts of profile `index` (0 <= index < profileCount). */
    profile(index: number): ProfileFacts {
        // Direct-mapped cache: a profile's facts are needed by all its rows (activities, keys, lookups).
        const cacheSlot = index & (PROFILE_CACHE_SIZE - 1);
        const cached = this.profileCache[cacheSlot];
        if (cached?.index === index) {
            return cached;
        }
        const facts = this.computeProfile(index);
        this.profileCache[cacheSlot] = facts;
        return facts;
    }

    /** Business unit and owner team of profile `index`: the cheap part of its facts. */
    private profileOwner(index: number): { businessUnitId: string; ownerTeamId: string } {
        const seed = this.seed;
        const curated = CURATED[index];
        const businessUnitId = curated?.businessUnitId ?? (unitAt(seed, 1, index) < 0.1 ? BUSINESS_UNIT_IDS.contoso : pickAt(RANDOM_BUSINESS_UNITS, seed, 2, index));
        const unit = this.businessUnitById.get(businessUnitId);
        if (unit === undefined) {
            throw new Error(`unknown business unit ${businessUnitId}`);
        }
        let ownerTeamId = curated?.ownerTeamId ?? unit.defaultTeamId;
        if (curated === undefined && businessUnitId === BUSINESS_UNIT_IDS.canada && index % 3 === 0) {
            ownerTeamId = TEAM_IDS.canadaKeyAccounts;
        } else if (curated === undefined && businessUnitId === BUSINESS_UNIT_IDS.germany && index % 7 === 0) {
            ownerTeamId = TEAM_IDS.germanyKeyAccounts;
        }
        return { businessUnitId, ownerTeamId };
    }

    /** The facts a segment-membership row needs: the hot path of large scans, so only these. */
    private membershipFacts(index: number): Pick<ProfileFacts, 'index' | 'profileId' | 'customerId' | 'businessUnitId' | 'ownerTeamId' | 'corruptJson' | 'segments'> {
        const seed = this.seed;
        const curated = CURATED[index];
        const owner = this.profileOwner(index);
        const corruptJson = curated?.corruptJson ?? unitAt(seed, 8, index) < 0.03;
        const segments = index === 0 ? FIRST_PROFILE_SEGMENTS : segmentsFor(hash32(seed, 7, index));
        return {
            index,
            ...owner,
            profileId: slotGuid(seed, TAG.profile, index),
            customerId: customerIdFor(seed, index),
            corruptJson,
            // The Journeys readiness segments (journeys.ts) come after the wave-1 ones, which stay as they were.
            segments: withReadinessSegments(segments, readinessSegmentMask(seed, index, owner.businessUnitId, curated !== undefined, corruptJson)),
        };
    }

    private computeProfile(index: number): ProfileFacts {
        const seed = this.seed;
        const curated = CURATED[index];
        const { businessUnitId, ownerTeamId, profileId, customerId, corruptJson, segments } = this.membershipFacts(index);
        const linkRoll = unitAt(seed, 3, index);
        const contactLink: ContactLinkKind = curated?.contactLink ?? (linkRoll < 0.55 ? 'backstamp' : linkRoll < 0.8 ? 'alternateKey' : 'none');
        const formRoll = unitAt(seed, 4, index);
        const storedContactIdForm: StoredIdForm = curated?.storedContactIdForm ?? (contactLink !== 'alternateKey' ? 'lower' : formRoll < 0.1 ? 'upper' : formRoll < 0.2 ? 'braced' : 'lower');
        const firstName = pickAt(FIRST_NAMES, seed, 5, index);
        const lastName = pickAt(LAST_NAMES, seed, 6, index);
        return {
            index,
            profileId,
            customerId,
            firstName,
            lastName,
            fullName: curated?.companyName ?? `${firstName} ${lastName}`,
            businessUnitId,
            ownerTeamId,
            contactLink,
            contactId: contactLink === 'none' ? null : slotGuid(seed, TAG.contact, index),
            storedContactIdForm,
            corruptJson,
            segments,
            hasMeasures: curated !== undefined || unitAt(seed, 9, index) < 0.9,
            // Profile 0 fills its six regular slots; timelineCustomer has its long history on top (activities.ts).
            activityCount: index === 0 || index === TIMELINE_PROFILE_INDEX || index === B2B_PROFILE_INDEX ? ACTIVITY_SLOTS_PER_PROFILE : curated !== undefined ? 3 : intAt(ACTIVITY_SLOTS_PER_PROFILE + 1, seed, 10, index),
            hasPrediction: curated !== undefined || unitAt(seed, 11, index) < 0.7,
            hasEnrichment: curated !== undefined || unitAt(seed, 12, index) < 0.5,
        };
    }

    /** The profile index a customer id belongs to. */
    profileIndexOfCustomerId(customerId: string): number | undefined {
        return profileIndexOfCustomerId(this.seed, customerId, this.profileCount);
    }

    store(table: string): TableStore | undefined {
        return this.stores.get(table);
    }

    /** Every row of a table (generated on the fly). */
    *rows(table: string): Generator<StoredRow> {
        const store = this.stores.get(table);
        if (store === undefined) {
            throw new Error(`unknown table ${table}`);
        }
        for (let slot = 0; slot < store.slotCount; slot++) {
            const row = store.rowAt(slot);
            if (row !== undefined) {
                yield row;
            }
        }
    }

    // ---- Row generation -----------------------------------------------------------------------------

    private ownership(ownerTeamId: string | null, ownerUserId: string | null, businessUnitId: string, modifiedOffsetMs: number): Record<string, ColumnValue> {
        return {
            ownerid: ownerTeamId ?? ownerUserId,
            owningbusinessunit: businessUnitId,
            owningteam: ownerTeamId,
            owninguser: ownerUserId,
            createdon: isoSeconds(CREATED_ON),
            modifiedon: isoSeconds(CREATED_ON + modifiedOffsetMs),
        };
    }

    /** Rows of the four profile-BU tables inherit the profile's owner. */
    private profileOwnership(facts: Pick<ProfileFacts, 'index' | 'businessUnitId' | 'ownerTeamId'>, table: number): Record<string, ColumnValue> {
        return this.ownership(facts.ownerTeamId, null, facts.businessUnitId, intAt(86_400_000 * 300, this.seed, table, facts.index));
    }

    /** Root-owned tables (alternate keys, predictions, enrichments) are owned by the root BU's team. */
    private rootOwnership(facts: ProfileFacts, table: number): Record<string, ColumnValue> {
        const root = this.businessUnitById.get(this.rootBusinessUnitId);
        return this.ownership(root?.defaultTeamId ?? null, null, this.rootBusinessUnitId, intAt(86_400_000 * 300, this.seed, table, facts.index));
    }

    private profileRowAt(index: number): StoredRow {
        const facts = this.profile(index);
        const [city, country] = CITIES[facts.businessUnitId] ?? ['Redmond', 'United States'];
        const email = `${facts.firstName}.${facts.lastName}${index}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
        return {
            msdynci_customerprofileid: facts.profileId,
            msdynci_customerid: facts.customerId,
            msdynci_fullname: facts.fullName,
            msdynci_firstname: facts.firstName,
            msdynci_lastname: facts.lastName,
            msdynci_primaryemail: email,
            msdynci_telephone: unitAt(this.seed, 20, index) < 0.15 ? null : `+1 555 ${String(1000 + intAt(9000, this.seed, 21, index))}`,
            msdynci_city: city,
            msdynci_country: country,
            msdynci_postalcode: String(10000 + intAt(89999, this.seed, 22, index)),
            msdynci_birthdate: unitAt(this.seed, 23, index) < 0.2 ? null : isoSeconds(Date.UTC(1950 + intAt(50, this.seed, 24, index), intAt(12, this.seed, 25, index), 1 + intAt(28, this.seed, 26, index))),
            msdynci_gender: pickAt(['Female', 'Male', 'Unknown'], this.seed, 27, index),
            msdynci_crm_contact_contactid: facts.contactId === null ? null : storedContactId(facts.contactId, facts.storedContactIdForm),
            msdynci_ecommerce_customers_customerid: `EC-${String(100000 + index)}`,
            msdynci_crm_account_accountid: index === B2B_PROFILE_INDEX ? slotGuid(this.seed, TAG.account, index) : null,
            ...this.profileOwnership(facts, TAG.profile),
        };
    }

    private membershipRowAt(index: number): StoredRow {
        const facts = this.membershipFacts(index);
        const segments = facts.corruptJson ? '{"Segments":["HighValueCustomers",' : segmentsJson(facts.segments);
        return {
            msdynci_segmentmembershipid: slotGuid(this.seed, TAG.membership, index),
            msdynci_customerid: facts.customerId,
            msdynci_segments: segments,
            msdynci_segmentprovider: 'CustomerInsights',
            msdynci_segmentmembershiptype: 'Customer',
            msdynci_lookupfield_customer: this.insightCustomerLookups ? facts.profileId : null,
            ...this.profileOwnership(facts, TAG.membership),
        };
    }

    private measureRowAt(index: number): StoredRow | undefined {
        const facts = this.profile(index);
        if (!facts.hasMeasures) {
            return undefined;
        }
        const seed = this.seed;
        const measures: Record<string, unknown> = {
            TotalSpend: Math.round(unitAt(seed, 30, index) * 500000) / 100,
            // Measures arrive as JSON numbers or numeric strings, sometimes plain strings.
            DaysSinceLastPurchase: String(intAt(400, seed, 31, index)),
            OrderCount: intAt(60, seed, 32, index),
            PreferredChannel: pickAt(['Email', 'Phone', 'Web', 'Store'], seed, 33, index),
            AverageBasket: unitAt(seed, 34, index) < 0.5 ? (Math.round(unitAt(seed, 35, index) * 30000) / 100).toFixed(2) : Math.round(unitAt(seed, 35, index) * 30000) / 100,
        };
        if (unitAt(seed, 36, index) < 0.8) {
            measures.CustomerId = facts.customerId;
        }
        return {
            msdynci_customermeasureid: slotGuid(seed, TAG.measure, index),
            msdynci_customerid: facts.customerId,
            msdynci_measures: facts.corruptJson ? 'TotalSpend=12; not JSON' : JSON.stringify(measures),
            msdynci_lookupfield_customer: this.insightCustomerLookups ? facts.profileId : null,
            ...this.profileOwnership(facts, TAG.measure),
        };
    }

    private activityRowAt(slot: number): StoredRow | undefined {
        const facts = this.profile(this.activities.profileOfSlot(slot));
        return this.activities.rowAt(slot, facts, facts.activityCount, (row) => this.profileOwnership(facts, TAG.activity + row * 16));
    }

    private alternateKeyRowAt(slot: number): StoredRow | undefined {
        const index = Math.floor(slot / 2);
        const facts = this.profile(index);
        const isContactKey = slot % 2 === 0;
        if (isContactKey && facts.contactId === null) {
            return undefined;
        }
        const alternateValue = isContactKey && facts.contactId !== null ? storedContactId(facts.contactId, facts.storedContactIdForm) : `EC-${String(100000 + index)}`;
        const dataSource = isContactKey ? 'crm' : 'ecommerce';
        const entityName = isContactKey ? 'contact' : 'customers';
        return {
            msdynci_alternatekeyid: slotGuid(this.seed, TAG.alternateKey, slot),
            msdynci_customerid: facts.customerId,
            msdynci_datasourcename: dataSource,
            msdynci_entityname: entityName,
            msdynci_alternatevalue: alternateValue,
            msdynci_keyring: JSON.stringify([{ DataSourceName: dataSource, EntityName: entityName, PreferredKey: alternateValue }]),
            msdynci_lookupfield_customer: this.insightCustomerLookups ? facts.profileId : null,
            ...this.rootOwnership(facts, TAG.alternateKey + slot * 16),
        };
    }

    private predictionRowAt(slot: number): StoredRow | undefined {
        const index = Math.floor(slot / PREDICTION_SLOTS_PER_PROFILE);
        const facts = this.profile(index);
        const content = predictionContent(this.seed, facts, slot % PREDICTION_SLOTS_PER_PROFILE, CURATED[index] !== undefined);
        if (content === undefined) {
            return undefined;
        }
        return {
            msdynci_predictionid: slotGuid(this.seed, TAG.prediction, slot),
            msdynci_customerid: facts.customerId,
            msdynci_model: content.model,
            msdynci_modelprovider: content.provider,
            msdynci_values: content.values,
            msdynci_lookupfield_customer: this.insightCustomerLookups ? facts.profileId : null,
            ...this.rootOwnership(facts, TAG.prediction + (slot % PREDICTION_SLOTS_PER_PROFILE) * 16),
        };
    }

    private enrichmentRowAt(slot: number): StoredRow | undefined {
        const index = Math.floor(slot / ENRICHMENT_SLOTS_PER_PROFILE);
        const facts = this.profile(index);
        const content = enrichmentContent(this.seed, facts, slot % ENRICHMENT_SLOTS_PER_PROFILE, CURATED[index] !== undefined);
        if (content === undefined) {
            return undefined;
        }
        return {
            msdynci_enrichmentid: slotGuid(this.seed, TAG.enrichment, slot),
            msdynci_customerid: facts.customerId,
            msdynci_enrichmentprovider: content.provider,
            msdynci_enrichmenttype: content.type,
            msdynci_values: content.values,
            msdynci_lookupfield_customer: this.insightCustomerLookups ? facts.profileId : null,
            ...this.rootOwnership(facts, TAG.enrichment + (slot % ENRICHMENT_SLOTS_PER_PROFILE) * 16),
        };
    }

    private contactRowAt(slot: number): StoredRow | undefined {
        const seed = this.seed;
        if (slot >= this.profileCount) {
            const firstName = pickAt(FIRST_NAMES, seed, 70, slot);
            const lastName = pickAt(LAST_NAMES, seed, 71, slot);
            return this.contactRow(slot, firstName, lastName, null, BUSINESS_UNIT_IDS.unitedStates);
        }
        const facts = this.profile(slot);
        if (facts.contactId === null) {
            return undefined;
        }
        return this.contactRow(slot, facts.firstName, facts.lastName, facts.contactLink === 'backstamp' && this.backstampContacts ? facts.profileId : null, facts.businessUnitId);
    }

    /**
     * Who owns the contact in `slot`, like real rows: mostly the representative of the profile's business
     * unit (a user), but about a third of all contacts, from every business unit, belong to the sales rep
     * persona (United States): to the rep themself, to their "US Inside Sales" owner team, or to the United
     * States default team. Curated sample contacts have fixed owners so tests can name them.
     */
    contactOwner(slot: number, profileBusinessUnitId: string): { readonly ownerUserId: string | null; readonly ownerTeamId: string | null; readonly businessUnitId: string } {
        const salesRep = this.userById.get(SALES_REP_USER_ID);
        const unitedStates = this.businessUnitById.get(BUSINESS_UNIT_IDS.unitedStates);
        const fixed = slot === this.profileCount ? 'rep' : CURATED_CONTACT_OWNERS[slot];
        const roll = unitAt(this.seed, 80, slot);
        const kind = fixed ?? (roll < 0.2 ? 'rep' : roll < 0.3 ? 'repTeam' : roll < 0.35 ? 'unitTeam' : 'unitRepresentative');
        switch (kind) {
            case 'rep':
                return { ownerUserId: salesRep?.id ?? null, ownerTeamId: null, businessUnitId: BUSINESS_UNIT_IDS.unitedStates };
            case 'repTeam':
                return { ownerUserId: null, ownerTeamId: TEAM_IDS.usInsideSales, businessUnitId: BUSINESS_UNIT_IDS.unitedStates };
            case 'unitTeam':
                return { ownerUserId: null, ownerTeamId: unitedStates?.defaultTeamId ?? null, businessUnitId: BUSINESS_UNIT_IDS.unitedStates };
            case 'unitRepresentative': {
                const unitId = slot >= this.profileCount ? BUSINESS_UNIT_IDS.unitedStates : profileBusinessUnitId;
                const representative = this.representativeByBusinessUnit.get(unitId);
                return { ownerUserId: representative?.id ?? null, ownerTeamId: null, businessUnitId: representative?.businessUnitId ?? unitId };
            }
        }
    }

    private contactRow(slot: number, firstName: string, lastName: string, profileId: string | null, profileBusinessUnitId: string): StoredRow {
        const owner = this.contactOwner(slot, profileBusinessUnitId);
        return {
            contactid: slotGuid(this.seed, TAG.contact, slot),
            fullname: `${firstName} ${lastName}`,
            firstname: firstName,
            lastname: lastName,
            emailaddress1: `${firstName}.${lastName}.${slot}@contoso-customers.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
            telephone1: `+1 555 ${String(2000 + (slot % 7000))}`,
            address1_city: CITIES[profileBusinessUnitId]?.[0] ?? null,
            msdynci_lookupfield_customerprofile: profileId,
            ...this.ownership(owner.ownerTeamId, owner.ownerUserId, owner.businessUnitId, intAt(86_400_000 * 300, this.seed, 81, slot)),
        };
    }

    // ---- Stores -------------------------------------------------------------------------------------

    private createStores(): void {
        const seed = this.seed;
        const profiles = this.profileCount;
        const byCustomer = (slotsPerProfile: number) => (column: string, value: string): number[] | undefined => {
            if (column !== 'msdynci_customerid') {
                return undefined;
            }
            const index = this.profileIndexOfCustomerId(value.toLowerCase());
            if (index === undefined) {
                return [];
            }
            return Array.from({ length: slotsPerProfile }, (_, offset) => index * slotsPerProfile + offset);
        };
        const root = this.businessUnitById.get(this.rootBusinessUnitId);
        const rootOwnership: RowOwnership = { ownerId: root?.defaultTeamId ?? null, businessUnitId: this.rootBusinessUnitId };
        const ownership = (slotsPerProfile: number, rootOwned: boolean) => (slot: number): RowOwnership => {
            if (rootOwned) {
                return rootOwnership;
            }
            const owner = this.profileOwner(Math.floor(slot / slotsPerProfile));
            return { ownerId: owner.ownerTeamId, businessUnitId: owner.businessUnitId };
        };
        const lazy = (
            table: string,
            tag: number,
            slotCount: number,
            generatedRowAt: (slot: number) => StoredRow | undefined,
            slotsPerProfile: number,
            extraIndex?: (column: string, value: string) => number[] | undefined,
            layout?: { slotsOfProfile(index: number): number[]; profileOfSlot(slot: number): number },
        ): void => {
            const override = this.rowOverride;
            const rowAt = override === undefined || table === 'contact' ? generatedRowAt : (slot: number) => override(table, slot, generatedRowAt(slot));
            const definition = TABLES.get(table);
            if (definition === undefined) {
                throw new Error(`no metadata for ${table}`);
            }
            const customerIndex = layout === undefined ? byCustomer(slotsPerProfile) : (column: string, value: string): number[] | undefined => {
                if (column !== 'msdynci_customerid') {
                    return undefined;
                }
                const index = this.profileIndexOfCustomerId(value.toLowerCase());
                return index === undefined ? [] : layout.slotsOfProfile(index);
            };
            this.stores.set(table, {
                table: definition,
                slotCount,
                rowAt: (slot) => (slot >= 0 && slot < slotCount ? rowAt(slot) : undefined),
                slotOfId: (id) => {
                    const slot = slotOfGuid(seed, tag, id, slotCount);
                    return slot !== undefined && rowAt(slot) !== undefined ? slot : undefined;
                },
                candidateSlots: (column, value) => {
                    if (column === definition.primaryIdAttribute) {
                        // Ids encode their slot: a lookup by primary id (e.g. In over profile ids) visits only its rows.
                        const id = normaliseGuid(value);
                        const slot = id === undefined ? undefined : slotOfGuid(seed, tag, id, slotCount);
                        return slot === undefined ? [] : [slot];
                    }
                    return customerIndex(column, value) ?? extraIndex?.(column, value);
                },
                // Contacts are owned by users, not derived from the profile's owner: no shortcut there.
                ...(table === 'contact'
                    ? {}
                    : layout !== undefined
                      ? { ownershipAt: (slot: number) => ownership(1, false)(layout.profileOfSlot(slot)) }
                      : { ownershipAt: ownership(slotsPerProfile, definition.logicalName === 'msdynci_alternatekey' || definition.logicalName === 'msdynci_prediction' || definition.logicalName === 'msdynci_enrichment') }),
            });
        };
        lazy('msdynci_customerprofile', TAG.profile, profiles, (slot) => this.profileRowAt(slot), 1);
        lazy('msdynci_segmentmembership', TAG.membership, profiles, (slot) => this.membershipRowAt(slot), 1);
        lazy('msdynci_customermeasure', TAG.measure, profiles, (slot) => this.measureRowAt(slot), 1);
        lazy('msdynci_unifiedactivity', TAG.activity, this.activities.slotCount, (slot) => this.activityRowAt(slot), ACTIVITY_SLOTS_PER_PROFILE, undefined, this.activities);
        lazy('msdynci_alternatekey', TAG.alternateKey, profiles * 2, (slot) => this.alternateKeyRowAt(slot), 2, (column, value) => {
            // Contact ids embed their slot; tolerate case and braces here, exact matching happens in the filter.
            if (column !== 'msdynci_alternatevalue') {
                return undefined;
            }
            const contactId = normaliseGuid(value);
            const contactSlot = contactId === undefined ? undefined : slotOfGuid(seed, TAG.contact, contactId, profiles);
            if (contactSlot !== undefined) {
                return [contactSlot * 2];
            }
            const ecommerce = /^EC-(\d+)$/i.exec(value);
            return ecommerce?.[1] !== undefined ? [(Number(ecommerce[1]) - 100000) * 2 + 1] : undefined;
        });
        lazy('msdynci_prediction', TAG.prediction, profiles * PREDICTION_SLOTS_PER_PROFILE, (slot) => this.predictionRowAt(slot), PREDICTION_SLOTS_PER_PROFILE);
        lazy('msdynci_enrichment', TAG.enrichment, profiles * ENRICHMENT_SLOTS_PER_PROFILE, (slot) => this.enrichmentRowAt(slot), ENRICHMENT_SLOTS_PER_PROFILE);
        lazy('contact', TAG.contact, profiles + this.unlinkedContactCount, (slot) => this.contactRowAt(slot), 0, (column, value) => {
            if (column !== 'msdynci_lookupfield_customerprofile') {
                return undefined;
            }
            const slot = slotOfGuid(seed, TAG.profile, value.toLowerCase(), profiles);
            return slot === undefined ? [] : [slot];
        });

        this.stores.set('businessunit', this.fixedStore('businessunit', this.businessUnits.map((unit) => ({
            businessunitid: unit.id,
            name: unit.name,
            parentbusinessunitid: unit.parentId,
            createdon: isoSeconds(CREATED_ON),
            modifiedon: isoSeconds(CREATED_ON),
        }))));
        this.stores.set('systemuser', this.fixedStore('systemuser', this.users.map((user) => ({
            systemuserid: user.id,
            fullname: user.fullName,
            domainname: user.domainName,
            internalemailaddress: user.domainName,
            businessunitid: user.businessUnitId,
            isdisabled: false,
            createdon: isoSeconds(CREATED_ON),
            modifiedon: isoSeconds(CREATED_ON),
        }))));
        this.stores.set('team', this.fixedStore('team', this.teams.map((team) => ({
            teamid: team.id,
            name: team.name,
            businessunitid: team.businessUnitId,
            isdefault: team.isDefault,
            teamtype: team.teamType === 'Owner' ? 0 : 1,
            createdon: isoSeconds(CREATED_ON),
            modifiedon: isoSeconds(CREATED_ON),
        }))));
        // Customer Insights - Journeys segments (journeys.ts).
        this.stores.set('msdynmkt_segment', this.fixedStore('msdynmkt_segment', journeysSegmentRows(seed, this.users)));
    }

    private fixedStore(table: string, rows: readonly StoredRow[]): TableStore {
        const definition = TABLES.get(table);
        if (definition === undefined) {
            throw new Error(`no metadata for ${table}`);
        }
        const slotById = new Map(rows.map((row, slot) => [String(row[definition.primaryIdAttribute]), slot]));
        return {
            table: definition,
            slotCount: rows.length,
            rowAt: (slot) => rows[slot],
            slotOfId: (id) => slotById.get(id),
            candidateSlots: () => undefined,
        };
    }
}

/** The contact id as a source system stored it in the alternate key. */
function storedContactId(contactId: string, form: StoredIdForm): string {
    switch (form) {
        case 'upper':
            return contactId.toUpperCase();
        case 'braced':
            return `{${contactId.toUpperCase()}}`;
        case 'lower':
            return contactId;
    }
}
