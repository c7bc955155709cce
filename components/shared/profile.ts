/**
 * Finding the Customer Insights profile of the record a control sits on.
 *
 * Links are tried in order, each switchable by the maker:
 * 1. `recordLookup`: the backstamped lookup `msdynci_lookupfield_customerprofile` on the contact (or lead),
 *    read by record id, or its id when the control is bound to that lookup;
 * 2. `alternateKey`: the `msdynci_alternatekey` row whose `msdynci_alternatevalue` is the contact id and
 *    whose `msdynci_entityname` is the CI table name (optionally `msdynci_datasourcename`);
 * 3. `profileKeyColumn`: a maker-named alternate-key column on the profile (`msdynci_<source>_<table>_<key>`).
 * A bound value that is itself a customer id (32 hex) is read directly. A bound value that is a customer's
 * key in a source system (`EC-100000`: one token, no spaces, see `normaliseSourceKey`) is looked up in the
 * alternate-key table by value (any table name, narrowed by the maker's data source) and in the profile key
 * column; the backstamped lookup needs a record id and is skipped. A value that can be no id at all
 * (`hello world`) resolves to `noProfile` with reason `notAnId`, without any request.
 *
 * What counts as "not visible": business-unit security hides rows silently, so an empty answer from the
 * profile table alone proves nothing. We only answer `notVisible` when we hold evidence that the profile
 * exists: a backstamped lookup value, or an alternate-key row, pointing to a profile row that did not come
 * back. Alternate-key rows are owned by the ROOT business unit: a user whose read access on that table is
 * business-unit level sees none of them, and a user without the privilege gets an error. Neither is evidence
 * of anything, so step 2 is then skipped and the other links still resolve the profile (the backstamped
 * lookup lives on the contact; the profile key column on the profile itself, both readable at BU level).
 * Alternate-key rows are only used as pointers here and never returned.
 */

import { classifyFailure, InsightsError, type InsightsFailure } from './failure';
import {
    normaliseCustomerId,
    normaliseGuid,
    readCustomerReference,
    requireGuid,
    sameSourceKey,
    storedGuidSpellings,
    type CustomerId,
    type NormalisedGuid,
    type SourceKey,
} from './identifiers';
import { buildODataOptions, requireColumnName, where, type ODataFilter } from './query';
import type { Requester } from './requests';
import { readOrigin, readText, type BusinessUnitRef, type Row } from './rows';
import {
    AlternateKeyColumns,
    Annotations,
    CustomerInsightsTables,
    DEFAULT_ALTERNATE_KEY_ENTITY_NAME,
    InsightsColumns,
    OWNING_BUSINESS_UNIT_PROPERTY,
    OwnershipColumns,
    PlatformTables,
    PROFILE_LOOKUP_NAVIGATION_PROPERTY,
    PROFILE_LOOKUP_PROPERTY,
} from './schema';

export type ProfileLink = 'customerId' | 'recordLookup' | 'alternateKey' | 'profileKeyColumn';

/** How a maker set up the link from a record to its profile. All optional; defaults in brackets. */
export interface ProfileLinkSettings {
    /** Use the backstamped lookup on the record [true]. */
    readonly useRecordLookup?: boolean;
    /** Table of the host record that carries the backstamped lookup ['contact']; 'lead' also has it. */
    readonly recordTable?: string;
    /** Use the alternate-key table [true]. */
    readonly useAlternateKeys?: boolean;
    /** CI table name stored in `msdynci_entityname` for these records ['contact']. */
    readonly alternateKeyEntityName?: string;
    /** Only alternate keys of this data source (`msdynci_datasourcename`) [any]. */
    readonly alternateKeyDataSourceName?: string;
    /** Maker-named alternate-key column on the profile holding the record id [not used]. */
    readonly profileKeyColumn?: string;
    /** Extra profile columns to return with a found profile, e.g. `msdynci_fullname` [none]. */
    readonly profileColumns?: readonly string[];
    /**
     * Read the record's backstamped lookup and the profile it points to in one request (`$expand` through the
     * lookup) [false]. Tenant-dependent: Customer Insights tables may be elastic tables, which refuse it; a
     * refused read falls back to two requests (record, then profile) and the reader does not try again. Not
     * used with a business-unit scope (the scope cannot filter an expanded row).
     */
    readonly readProfileWithRecord?: boolean;
}

/**
 * Profile columns a resolution returns that are worked out while it runs (from the tenant's metadata): the
 * first read of the resolution does not wait for them, only profile reads do (and fail when they fail).
 */
export interface ProfileColumnsRequest {
    /** Works out the columns; called when the resolution starts, so it runs alongside the first read. */
    readonly columns: () => PromiseLike<readonly string[]>;
}

/** What the control knows about its record. Give at least one. */
export interface ProfileRequest {
    /**
     * Id of the host record (the contact the form shows), or the bound column's value. A 32-hex value is
     * taken as a customer id, a GUID as a record id, one token such as `EC-100000` as a customer's key in a
     * source system; anything else is no id (`noProfile`, reason `notAnId`).
     */
    readonly recordId?: string | null;
    /** Id of the profile when the control is bound to the profile lookup itself. */
    readonly profileLookupId?: string | null;
    /** A Customer Insights customer id. */
    readonly customerId?: string | null;
}

declare const issuedByResolver: unique symbol;

/**
 * A profile this user could read. Only `resolveProfile` creates these (checked at run time too), which is
 * how readers of root-owned tables know the user may see the customer.
 */
export interface FoundProfile {
    readonly kind: 'found';
    readonly customerId: CustomerId;
    readonly profileId: NormalisedGuid;
    readonly owningBusinessUnit?: BusinessUnitRef;
    readonly modifiedOn?: Date;
    /** The requested `profileColumns`; value null when empty. */
    readonly columns: ReadonlyMap<string, ProfileColumnValue>;
    /** Which link found it. */
    readonly via: ProfileLink;
    readonly [issuedByResolver]: true;
}

export interface ProfileColumnValue {
    readonly value: unknown;
    /** The platform's formatted value (option sets, dates, numbers, lookups), when given. */
    readonly formattedValue?: string;
}

export interface NoProfile {
    readonly kind: 'noProfile';
    /**
     * `noRecord`: nothing to look up (e.g. a create form); `noLink`: no link pointed to a profile;
     * `notAnId`: the record id given is no customer id, record id or source-system key (see `reference`).
     */
    readonly reason: 'noRecord' | 'noLink' | 'notAnId';
    /** For `notAnId`: the value as given, for the message that says what the column holds. */
    readonly reference?: string;
    /** Links that were tried. */
    readonly checked: readonly ProfileLink[];
    /** Links that could not be used for this user or tenant (privilege, missing column), with why. */
    readonly unavailable: readonly { readonly link: ProfileLink; readonly failure: InsightsFailure }[];
}

export interface ProfileNotVisible {
    readonly kind: 'notVisible';
    /** The link that proves a profile exists although this user cannot read it. */
    readonly via: ProfileLink;
}

export type ProfileResolution = FoundProfile | NoProfile | ProfileNotVisible;

/** A well-formed customer id no profile has: for a query that must match nothing. */
const NO_CUSTOMER = '00000000000000000000000000000000';

/** Found profiles issued by this bundle, with the user they were resolved for. */
const issuedProfiles = new WeakMap<object, string>();

/**
 * Throws unless `value` is a found profile that `resolveProfile` returned for `userKey`. A plain object with
 * the same fields does not pass: root-owned rows are only read for customers this user could see.
 */
export function requireFoundProfile(value: unknown, userKey: string): FoundProfile {
    if (typeof value === 'object' && value !== null && issuedProfiles.get(value) === userKey) return value as FoundProfile;
    throw new InsightsError({
        kind: 'unexpected',
        code: 'ProfileNotResolved',
        message: 'Customer Insights rows are only read for a profile returned by resolveProfile for this user.',
    });
}

/**
 * A filter limiting rows to the chosen business-unit scope, or undefined for "everything readable": given at
 * once when it needs no read, a promise when it does (the user's business unit).
 */
export type ScopeFilter = () => ODataFilter | undefined | Promise<ODataFilter | undefined>;

/** What a reader remembers about the tenant between resolutions. */
export interface ProfileLinkMemory {
    /** The tenant refused `$expand` from the record to its profile: use two reads from now on. */
    expandRefused: boolean;
}

export interface ProfileResolverDeps {
    readonly requester: Requester;
    readonly userKey: string;
    readonly scopeFilter: ScopeFilter;
    readonly memory?: ProfileLinkMemory;
}

/** What every profile read selects: enough to find the profile, read its rows and show the badge. */
const IDENTITY_COLUMNS: readonly string[] = [
    CustomerInsightsTables.customerProfile.primaryIdColumn,
    InsightsColumns.customerId,
    OWNING_BUSINESS_UNIT_PROPERTY,
    OwnershipColumns.modifiedOn,
];

/**
 * Finds the profile. `later` (instead of `settings.profileColumns`) asks for columns that are worked out
 * while the resolution runs: see {@link ProfileColumnsRequest}.
 */
export async function resolveProfile(
    deps: ProfileResolverDeps,
    request: ProfileRequest,
    settings: ProfileLinkSettings = {},
    later?: ProfileColumnsRequest,
): Promise<ProfileResolution> {
    // Columns known now (none, or a fixed list) or worked out while the resolution runs (`later`, started
    // once the request is checked: a create form starts nothing).
    const fixedColumns = later === undefined ? (settings.profileColumns ?? []).map(requireColumnName) : undefined;
    let columnsReady: Promise<readonly string[]> = Promise.resolve(fixedColumns ?? []);
    let profileColumns: readonly string[] = [];
    let readProfileTable = false;
    const readProfiles = async (filter: ODataFilter, matchColumn?: string): Promise<Row[]> => {
        // Nothing is awaited that is known already, so the first read goes out while the control's first
        // render still runs (a turn later it would wait for that render).
        const pendingScope = deps.scopeFilter();
        const scope = pendingScope instanceof Promise ? await pendingScope : pendingScope;
        const columns = fixedColumns ?? (await columnsReady);
        profileColumns = columns;
        // Controls on one form that ask for the same columns send the same read, which the page-wide cache
        // answers once (controls that show no profile columns all ask for the identity columns only).
        const select = [...new Set([...IDENTITY_COLUMNS, ...columns, ...(matchColumn !== undefined ? [matchColumn] : [])])];
        const options = buildODataOptions({ select, filter: scope === undefined ? filter : where.and(filter, scope) });
        const page = await deps.requester.retrieve(CustomerInsightsTables.customerProfile.logicalName, options, 50);
        readProfileTable = true;
        return [...page.entities];
    };
    const found = (row: Row, via: ProfileLink): FoundProfile | undefined => {
        const customerId = normaliseCustomerId(row[InsightsColumns.customerId]);
        const profileId = normaliseGuid(row[CustomerInsightsTables.customerProfile.primaryIdColumn]);
        if (customerId === undefined || profileId === undefined) return undefined;
        const columns = new Map<string, ProfileColumnValue>();
        for (const column of profileColumns) {
            const formattedValue = readText(row, `${column}@${Annotations.formattedValue}`);
            columns.set(column, { value: row[column] ?? null, ...(formattedValue !== undefined ? { formattedValue } : {}) });
        }
        // The brand is a type-only marker; the WeakMap below is the run-time proof of origin.
        const profile = { kind: 'found', customerId, profileId, ...readOrigin(row), columns, via } as unknown as FoundProfile;
        Object.freeze(profile);
        issuedProfiles.set(profile, deps.userKey);
        return profile;
    };

    const checked: ProfileLink[] = [];
    const unavailable: { link: ProfileLink; failure: InsightsFailure }[] = [];
    let notVisibleVia: ProfileLink | undefined;

    // A bound customer id (or a 32-hex "record id") is read directly; a record id is a GUID; one token that
    // is neither is a source system's key; anything else is no id and is never sent.
    const reference = hasValue(request.recordId) ? readCustomerReference(request.recordId) : undefined;
    const directCustomerId = normaliseCustomerId(request.customerId) ?? (reference?.kind === 'customerId' ? reference.customerId : undefined);
    const recordId = directCustomerId === undefined && reference?.kind === 'recordId' ? reference.recordId : undefined;
    const sourceKey = directCustomerId === undefined && reference?.kind === 'sourceKey' ? reference.sourceKey : undefined;
    const lookupId = hasValue(request.profileLookupId) ? requireGuid(request.profileLookupId, 'The profile lookup') : undefined;
    if (hasValue(request.customerId) && directCustomerId === undefined) {
        throw new InsightsError({ kind: 'configuration', code: 'InvalidCustomerId', message: 'The customer id must be 32 hexadecimal characters.', offendingName: 'customerId' });
    }
    if (directCustomerId === undefined && reference?.kind === 'notAnId' && lookupId === undefined) {
        return { kind: 'noProfile', reason: 'notAnId', checked, unavailable, reference: reference.value };
    }
    if (directCustomerId === undefined && recordId === undefined && sourceKey === undefined && lookupId === undefined) {
        return { kind: 'noProfile', reason: 'noRecord', checked, unavailable };
    }
    if (later !== undefined) {
        // Started now, alongside the first read (a synchronous throw becomes the promise's rejection).
        columnsReady = new Promise<readonly string[]>((resolve) => resolve(later.columns())).then((columns) => columns.map(requireColumnName));
        columnsReady.catch(() => undefined); // reported by the profile read that awaits it
    }

    if (directCustomerId !== undefined) {
        checked.push('customerId');
        const hit = firstFound(await readProfiles(where.eq(InsightsColumns.customerId, directCustomerId)), hasCustomerId(directCustomerId), found, 'customerId');
        if (hit !== undefined) return hit;
        // Evidence that the customer exists: an alternate key for it (root-owned; only some users can read it).
        if (settings.useAlternateKeys !== false && (await alternateKeyExists(deps.requester, directCustomerId, unavailable))) notVisibleVia = 'customerId';
    }

    // 1. Backstamped lookup: bound lookup id, or read from the record (with the profile, where the tenant allows).
    if (settings.useRecordLookup !== false && (lookupId !== undefined || recordId !== undefined)) {
        checked.push('recordLookup');
        let profileId = lookupId;
        if (profileId === undefined && recordId !== undefined) {
            const fromRecord = await readRecordLookup(deps, settings.recordTable ?? PlatformTables.contact.logicalName, recordId, settings.readProfileWithRecord === true, unavailable);
            profileId = fromRecord.profileId;
            // The expanded profile carries the identity columns: enough when no other columns are asked for.
            const expanded = fromRecord.profile;
            if (profileId !== undefined && expanded !== undefined && normaliseGuid(expanded[CustomerInsightsTables.customerProfile.primaryIdColumn]) === profileId && (await columnsReady).length === 0) {
                const hit = found(expanded, 'recordLookup');
                if (hit !== undefined) return hit;
            }
        }
        if (profileId !== undefined) {
            const rows = await readProfiles(where.eq(CustomerInsightsTables.customerProfile.primaryIdColumn, where.guid(profileId)));
            const hit = firstFound(rows, (r) => normaliseGuid(r[CustomerInsightsTables.customerProfile.primaryIdColumn]) === profileId, found, 'recordLookup');
            if (hit !== undefined) return hit;
            notVisibleVia ??= 'recordLookup';
        }
    }

    // 2. Alternate-key table.
    if (settings.useAlternateKeys !== false && (recordId !== undefined || sourceKey !== undefined)) {
        checked.push('alternateKey');
        const customerIds =
            recordId !== undefined
                ? await readAlternateKeyCustomerIds(deps.requester, recordId, settings, unavailable)
                : await readSourceKeyCustomerIds(deps.requester, sourceKey as SourceKey, settings, unavailable);
        if (customerIds.length > 0) {
            const rows = await readProfiles(where.anyOf(InsightsColumns.customerId, customerIds));
            for (const customerId of customerIds) {
                const hit = firstFound(rows, hasCustomerId(customerId), found, 'alternateKey');
                if (hit !== undefined) return hit;
            }
            notVisibleVia ??= 'alternateKey';
        }
    }

    // 3. Maker-named key column on the profile. An empty answer is no evidence (the profile may be elsewhere).
    if (settings.profileKeyColumn !== undefined && settings.profileKeyColumn.trim() !== '' && (recordId !== undefined || sourceKey !== undefined)) {
        checked.push('profileKeyColumn');
        const column = requireColumnName(settings.profileKeyColumn.trim());
        const rows =
            recordId !== undefined
                ? await readProfiles(where.anyOf(column, storedGuidSpellings(recordId)), column)
                : await readProfiles(where.eq(column, sourceKey as SourceKey), column);
        const hit = firstFound(rows, (r) => (recordId !== undefined ? normaliseGuid(r[column]) === recordId : sameSourceKey(r[column], sourceKey as SourceKey)), found, 'profileKeyColumn');
        if (hit !== undefined) return hit;
    }

    if (notVisibleVia !== undefined) return { kind: 'notVisible', via: notVisibleVia };
    // A link refused for missing privilege may mean the user lacks Customer Insights access altogether; then
    // "missing privilege" is the state to show, not "no profile". One query that matches nothing tells
    // (it throws 0x80040220 without read privilege on the profile table); only asked in this rare case.
    if (unavailable.some((u) => u.failure.kind === 'noPrivilege') && !readProfileTable) {
        await readProfiles(where.eq(InsightsColumns.customerId, NO_CUSTOMER));
    }
    return { kind: 'noProfile', reason: 'noLink', checked, unavailable };
}

/** The first row that matches and is a well-formed profile: a malformed row (server noise) never hides a good one. */
function firstFound(rows: readonly Row[], matches: (row: Row) => boolean, found: (row: Row, via: ProfileLink) => FoundProfile | undefined, via: ProfileLink): FoundProfile | undefined {
    for (const row of rows) {
        const hit = matches(row) ? found(row, via) : undefined;
        if (hit !== undefined) return hit;
    }
    return undefined;
}

function hasCustomerId(customerId: CustomerId): (row: Row) => boolean {
    return (row) => normaliseCustomerId(row[InsightsColumns.customerId]) === customerId;
}

/**
 * The backstamped profile id on the record, and with `withProfile` the profile row too (`$expand`, one
 * request). A tenant without the backstamp column (not B2C), a record this user cannot read, or no privilege
 * on the table make the link unavailable, not the resolution failed. A refused `$expand` (configuration or
 * unexpected: elastic tables, another navigation property name) is remembered and the record is read again
 * without it; a privilege or access failure of the expanded read also tries the plain read, which tells
 * whether the record itself is readable.
 */
async function readRecordLookup(
    deps: ProfileResolverDeps,
    table: string,
    recordId: NormalisedGuid,
    withProfile: boolean,
    unavailable: { link: ProfileLink; failure: InsightsFailure }[],
): Promise<{ readonly profileId: NormalisedGuid | undefined; readonly profile: Row | undefined }> {
    // contact → contactid, lead → leadid: the platform's naming rule for primary ids.
    const primaryId = requireColumnName(`${requireColumnName(table)}id`);
    const byId = where.eq(primaryId, where.guid(recordId));
    const pendingScope = withProfile ? deps.scopeFilter() : undefined;
    const scope = pendingScope instanceof Promise ? await pendingScope : pendingScope;
    if (withProfile && deps.memory?.expandRefused !== true && scope === undefined) {
        const options = buildODataOptions({
            select: [PROFILE_LOOKUP_PROPERTY],
            expand: [{ property: PROFILE_LOOKUP_NAVIGATION_PROPERTY, select: IDENTITY_COLUMNS }],
            filter: byId,
        });
        try {
            const row = (await deps.requester.retrieve(table, options, 1)).entities[0];
            const profileId = normaliseGuid(row?.[PROFILE_LOOKUP_PROPERTY]);
            const expanded = row?.[PROFILE_LOOKUP_NAVIGATION_PROPERTY];
            const profile = typeof expanded === 'object' && expanded !== null && !Array.isArray(expanded) ? (expanded as Row) : undefined;
            return { profileId, profile };
        } catch (error) {
            const kind = classifyFailure(error).kind;
            if (kind === 'configuration' || kind === 'unexpected') {
                if (deps.memory !== undefined) deps.memory.expandRefused = true;
            } else if (kind !== 'noPrivilege' && kind !== 'notVisible') {
                throw error;
            }
        }
    }
    const options = buildODataOptions({ select: [PROFILE_LOOKUP_PROPERTY], filter: byId });
    let profileId: NormalisedGuid | undefined;
    try {
        const page = await deps.requester.retrieve(table, options, 1);
        profileId = normaliseGuid(page.entities[0]?.[PROFILE_LOOKUP_PROPERTY]);
    } catch (error) {
        tolerate(error, 'recordLookup', unavailable);
    }
    return { profileId, profile: undefined };
}

/** Customer ids whose alternate key is this record's id, for the maker's table (or the default one). */
function readAlternateKeyCustomerIds(
    requester: Requester,
    recordId: NormalisedGuid,
    settings: ProfileLinkSettings,
    unavailable: { link: ProfileLink; failure: InsightsFailure }[],
): Promise<CustomerId[]> {
    return readCustomerIdsByAlternateValue(
        requester,
        // The stored value may be upper case or braced (copied from the source system as it was).
        [where.anyOf(AlternateKeyColumns.alternateValue, storedGuidSpellings(recordId)), where.eq(AlternateKeyColumns.entityName, settings.alternateKeyEntityName ?? DEFAULT_ALTERNATE_KEY_ENTITY_NAME)],
        (value) => normaliseGuid(value) === recordId,
        settings,
        unavailable,
    );
}

/**
 * Customer ids whose alternate key is this source-system key. Matched by value in any table (the maker's
 * table name describes the form's records, e.g. contact, not the source system's), narrowed to the maker's
 * data source when one is set; the value is escaped like any other by the query builder.
 */
function readSourceKeyCustomerIds(
    requester: Requester,
    sourceKey: SourceKey,
    settings: ProfileLinkSettings,
    unavailable: { link: ProfileLink; failure: InsightsFailure }[],
): Promise<CustomerId[]> {
    return readCustomerIdsByAlternateValue(requester, [where.eq(AlternateKeyColumns.alternateValue, sourceKey)], (value) => sameSourceKey(value, sourceKey), settings, unavailable);
}

/**
 * The customer ids of the alternate keys that meet `conditions` (narrowed to the maker's data source when one is
 * set) and whose stored value `matches` (the server's comparison is not trusted to be the one meant), sorted.
 */
async function readCustomerIdsByAlternateValue(
    requester: Requester,
    conditions: ODataFilter[],
    matches: (alternateValue: unknown) => boolean,
    settings: ProfileLinkSettings,
    unavailable: { link: ProfileLink; failure: InsightsFailure }[],
): Promise<CustomerId[]> {
    if (settings.alternateKeyDataSourceName !== undefined && settings.alternateKeyDataSourceName !== '') {
        conditions.push(where.eq(AlternateKeyColumns.dataSourceName, settings.alternateKeyDataSourceName));
    }
    const options = buildODataOptions({
        select: [InsightsColumns.customerId, AlternateKeyColumns.alternateValue],
        filter: where.and(...conditions),
    });
    try {
        const page = await requester.retrieve(CustomerInsightsTables.alternateKey.logicalName, options, 50);
        const ids = new Set<CustomerId>();
        for (const row of page.entities) {
            const customerId = normaliseCustomerId(row[InsightsColumns.customerId]);
            if (customerId !== undefined && matches(row[AlternateKeyColumns.alternateValue])) ids.add(customerId);
        }
        return [...ids].sort();
    } catch (error) {
        return tolerate(error, 'alternateKey', unavailable) ?? [];
    }
}

async function alternateKeyExists(requester: Requester, customerId: CustomerId, unavailable: { link: ProfileLink; failure: InsightsFailure }[]): Promise<boolean> {
    const options = buildODataOptions({
        select: [CustomerInsightsTables.alternateKey.primaryIdColumn],
        filter: where.eq(InsightsColumns.customerId, customerId),
    });
    try {
        const page = await requester.retrieve(CustomerInsightsTables.alternateKey.logicalName, options, 1);
        return page.entities.length > 0;
    } catch (error) {
        tolerate(error, 'alternateKey', unavailable);
        return false;
    }
}

/** A link this user or tenant cannot use is skipped; anything else (busy, offline, unexpected) is thrown. */
function tolerate(error: unknown, link: ProfileLink, unavailable: { link: ProfileLink; failure: InsightsFailure }[]): undefined {
    const failure = classifyFailure(error);
    if (failure.kind === 'noPrivilege' || failure.kind === 'configuration' || failure.kind === 'notVisible') {
        unavailable.push({ link, failure });
        return undefined;
    }
    throw error;
}

function hasValue(value: string | null | undefined): value is string {
    return typeof value === 'string' && value.trim() !== '';
}

