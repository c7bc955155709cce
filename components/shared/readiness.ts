/**
 * Journeys activation readiness of a Customer Insights - Data segment: will Customer Insights - Journeys
 * process all its members? The rule (business-unit-integration page): Journeys "can only process segments
 * that contain members that belong to one business unit and has an owner that belongs to the same business
 * unit"; members in child business units are not processed, and unmapped profiles sit in the root unit.
 *
 * What is read, all through the requester (page cache, concurrency limit, busy retries), never Journeys
 * actions, Customer Insights APIs or `$batch`; requests grow with business units, never with members:
 * 1. one FetchXML aggregate over `msdynci_segmentmembership`: members per owning business unit (`groupby` +
 *    `count`), filtered to rows whose `msdynci_segments` JSON lists the output name (quoted, so "Gold" does
 *    not match "Gold_Plus");
 * 2. one read of `businessunit` (names and parents) to tell child and root units apart;
 * 3. the newest `modifiedon` of the members (one row, ordered), for "how fresh is this";
 * 4. only when the aggregate is refused (elastic-table shapes) or passes 50,000 rows (0x8004E023): two
 *    existence probes (`top 1`, owner business unit `eq` / `ne`), which answer "any members outside?"
 *    exactly; member counts are then unavailable and the result says so.
 *
 * Dataverse returns only the rows the user may read, so a user without organisation-wide read on segment
 * membership would always find every member "in the owner's unit". The caller says whether the user reads
 * every business unit (`readsAllBusinessUnits`, from hasEntityPrivilege in the host); without that, members
 * found outside still prove "not ready", but "ready" becomes "cannot verify".
 */
import { InsightsError, type FailureKind } from './failure';
import { normaliseGuid, requireGuid, type NormalisedGuid } from './identifiers';
import { readPages } from './pages';
import { buildFetchXmlAggregateOptions, buildFetchXmlOptions, buildODataOptions, QueryValueError, where, type FetchCondition } from './query';
import type { Requester } from './requests';
import { readDate, readNumber, readText, type BusinessUnitRef, type Row } from './rows';
import {
    BusinessUnitColumns,
    CustomerInsightsTables,
    formattedValueProperty,
    lookupValueProperty,
    OWNING_BUSINESS_UNIT_PROPERTY,
    OwnershipColumns,
    PlatformTables,
    SegmentMembershipColumns,
} from './schema';

/** A segment-based journey "will only work when the size of the segment is under 10M contacts". */
export const JOURNEYS_SEGMENT_MEMBER_LIMIT = 10_000_000;

/** FetchXML aggregates fail over this many rows (0x8004E023). */
export const AGGREGATE_ROW_LIMIT = 50_000;

const AGGREGATE_LIMIT_CODE = '0x8004e023';

/** Business units read at most (pages of 5,000); far more than any organisation has. */
const MAX_BUSINESS_UNITS = 50_000;

export interface ReadinessRequest {
    /** The segment's Customer Insights - Data output name, exactly as it appears in `msdynci_segments`. */
    readonly outputName: string;
    /** The business unit the Journeys segment belongs to (its owner's). */
    readonly ownerBusinessUnitId: string;
    /**
     * Whether the user reads segment membership in every business unit (Read at Global depth). Only then can
     * "ready" be concluded: Dataverse silently leaves out rows the user may not read.
     */
    readonly readsAllBusinessUnits: boolean;
}

/**
 * How a business unit with members relates to the segment's owner: its own unit, a unit below it (members
 * there are not processed), the root (profiles without a business-unit mapping), or any other unit.
 */
export type BusinessUnitRelation = 'owner' | 'child' | 'root' | 'other';

export interface BusinessUnitMembers {
    readonly businessUnit: BusinessUnitRef;
    readonly relation: BusinessUnitRelation;
    /** Members there that the user can see; absent when counts are unavailable. */
    readonly members?: number;
}

/**
 * - `ready`: every member is in the owner's business unit (only with organisation-wide read);
 * - `notReady`: members were found in other business units;
 * - `cannotVerify`: the user cannot read every business unit and found no member outside;
 * - `noMembers`: no row names the output name (with organisation-wide read).
 */
export type ReadinessVerdict = 'ready' | 'notReady' | 'cannotVerify' | 'noMembers';

/** Why member counts are missing: the table refused the aggregate, or it passed 50,000 rows. */
export type CountsUnavailable = 'refused' | 'overLimit';

/** Where the segment stands against Journeys' 10 million member limit, as far as the counts tell. */
export type MemberLimitStatus = 'under' | 'over' | 'unknown';

export interface SegmentReadiness {
    readonly verdict: ReadinessVerdict;
    readonly outputName: string;
    /** The owner's business unit, named from the business-unit read when it is there. */
    readonly owner: BusinessUnitRef;
    /**
     * Business units where the user found members: the owner's first, then the others by member count and
     * name. With counts unavailable, only what the probes found: the owner's, and one unit outside.
     */
    readonly businessUnits: readonly BusinessUnitMembers[];
    /** Members the user can see in all, when counted. */
    readonly visibleMembers?: number;
    /** Set when the counts could not be read (the verdict is still exact). */
    readonly countsUnavailable?: CountsUnavailable;
    /** False when the user cannot read every business unit: lists and counts may be incomplete. */
    readonly complete: boolean;
    readonly memberLimit: MemberLimitStatus;
    /** Newest `modifiedon` of the members the user can see. */
    readonly latestModifiedOn?: Date;
}

/** The business units of the organisation, as the user can read them. */
interface BusinessUnitTree {
    readonly byId: ReadonlyMap<string, { readonly name?: string; readonly parentId?: NormalisedGuid }>;
}

const GROUP_ALIAS = 'businessunit';
const COUNT_ALIAS = 'members';

/** Failures that mean "this cannot be read now or by this user": never answered with the fallback probes. */
const PASSED_ON: readonly FailureKind[] = ['noPrivilege', 'notVisible', 'busy', 'offline', 'network', 'timeout'];

/** Checks a segment; rejects with {@link InsightsError} (or {@link QueryValueError} for a name that cannot be sent). */
export async function checkSegmentReadiness(requester: Requester, request: ReadinessRequest): Promise<SegmentReadiness> {
    const outputName = request.outputName;
    if (outputName.trim() === '') throw new QueryValueError(SegmentMembershipColumns.segments, 'the segment output name is empty.');
    const owner = requireGuid(request.ownerBusinessUnitId, 'The owner business unit');
    const table = CustomerInsightsTables.segmentMembership;
    const inSegment: FetchCondition = { attribute: SegmentMembershipColumns.segments, operator: 'containsJsonString', value: outputName };
    // Built before anything is sent, so a name that cannot be carried fails without a request.
    const aggregateOptions = buildFetchXmlAggregateOptions({
        table: table.logicalName,
        groupBy: [{ attribute: OwnershipColumns.owningBusinessUnit, alias: GROUP_ALIAS }],
        aggregates: [{ attribute: table.primaryIdColumn, alias: COUNT_ALIAS, aggregate: 'count' }],
        conditions: [inSegment],
    });
    const latestOptions = buildFetchXmlOptions({
        table: table.logicalName,
        columns: [OwnershipColumns.modifiedOn],
        conditions: [inSegment],
        orderBy: [{ attribute: OwnershipColumns.modifiedOn, descending: true }],
        top: 1,
    });
    const probeOptions = (operator: 'eq' | 'ne'): string =>
        buildFetchXmlOptions({
            table: table.logicalName,
            columns: [OwnershipColumns.owningBusinessUnit],
            conditions: [inSegment, { attribute: OwnershipColumns.owningBusinessUnit, operator, value: where.guid(owner) }],
            top: 1,
        });
    const probes = [probeOptions('eq'), probeOptions('ne')] as const;

    const [counted, tree, latest] = await Promise.all([
        countByBusinessUnit(requester, table.logicalName, aggregateOptions),
        readBusinessUnits(requester),
        requester.retrieve(table.logicalName, latestOptions, 1),
    ]);
    const latestModifiedOn = latest.entities[0] === undefined ? undefined : readDate(latest.entities[0], OwnershipColumns.modifiedOn);
    const ownerRef = businessUnitRef(owner, tree);
    const relationOf = (id: NormalisedGuid): BusinessUnitRelation => relation(id, owner, tree);
    const complete = request.readsAllBusinessUnits;
    const base = { outputName, owner: ownerRef, complete, ...(latestModifiedOn !== undefined ? { latestModifiedOn } : {}) };

    if (counted.kind === 'counted') {
        const units = counted.groups
            .map((group): BusinessUnitMembers => ({ businessUnit: businessUnitRef(group.id, tree, group.name), relation: relationOf(group.id), members: group.members }))
            .filter((unit) => (unit.members ?? 0) > 0)
            .sort(byOwnerThenSize);
        const visibleMembers = units.reduce((sum, unit) => sum + (unit.members ?? 0), 0);
        const outside = units.some((unit) => unit.relation !== 'owner');
        return {
            ...base,
            verdict: verdictOf(outside, visibleMembers > 0, complete),
            businessUnits: units,
            visibleMembers,
            memberLimit: visibleMembers >= JOURNEYS_SEGMENT_MEMBER_LIMIT ? 'over' : complete ? 'under' : 'unknown',
        };
    }

    const [inOwner, outsideRow] = await Promise.all(probes.map(async (options) => (await requester.retrieve(table.logicalName, options, 1)).entities[0]));
    const units: BusinessUnitMembers[] = [];
    if (inOwner !== undefined) units.push({ businessUnit: ownerRef, relation: 'owner' });
    // The row found outside names one unit there (an example, not the full list); a row without a readable
    // unit still proves a member outside, it just cannot be listed.
    const outsideId = outsideRow === undefined ? undefined : normaliseGuid(outsideRow[OWNING_BUSINESS_UNIT_PROPERTY]);
    if (outsideRow !== undefined && outsideId !== undefined) {
        units.push({ businessUnit: businessUnitRef(outsideId, tree, readText(outsideRow, formattedValueProperty(OWNING_BUSINESS_UNIT_PROPERTY))), relation: relationOf(outsideId) });
    }
    return {
        ...base,
        verdict: verdictOf(outsideRow !== undefined, inOwner !== undefined || outsideRow !== undefined, complete),
        businessUnits: units,
        countsUnavailable: counted.reason,
        memberLimit: 'unknown',
    };
}

function verdictOf(anyOutside: boolean, anyMembers: boolean, complete: boolean): ReadinessVerdict {
    if (anyOutside) return 'notReady';
    if (!complete) return 'cannotVerify';
    return anyMembers ? 'ready' : 'noMembers';
}

const RELATION_ORDER: Readonly<Record<BusinessUnitRelation, number>> = { owner: 0, child: 1, root: 1, other: 1 };

function byOwnerThenSize(a: BusinessUnitMembers, b: BusinessUnitMembers): number {
    return RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || (b.members ?? 0) - (a.members ?? 0) || (a.businessUnit.name ?? '').localeCompare(b.businessUnit.name ?? '');
}

type Counted = { readonly kind: 'counted'; readonly groups: readonly { readonly id: NormalisedGuid; readonly name?: string; readonly members: number }[] } | { readonly kind: 'unavailable'; readonly reason: CountsUnavailable };

/**
 * Members per business unit, or why the platform would not count them. Refusals are expected on elastic
 * tables and above 50,000 rows; failures that say "not now" or "not you" are passed on instead, and a
 * systemic problem (an unknown column) fails the probes that follow as well.
 */
async function countByBusinessUnit(requester: Requester, table: string, options: string): Promise<Counted> {
    let entities: readonly Row[];
    try {
        entities = (await requester.retrieve(table, options)).entities;
    } catch (error) {
        if (!(error instanceof InsightsError)) throw error;
        const failure = error.failure;
        if (PASSED_ON.includes(failure.kind)) throw error;
        return { kind: 'unavailable', reason: failure.code?.toLowerCase() === AGGREGATE_LIMIT_CODE ? 'overLimit' : 'refused' };
    }
    const groups: { id: NormalisedGuid; name?: string; members: number }[] = [];
    for (const entity of entities) {
        const id = normaliseGuid(entity[GROUP_ALIAS]);
        const members = readNumber(entity, COUNT_ALIAS);
        // An answer in a shape we cannot read is treated like a refusal: the probes still give the verdict.
        if (id === undefined || members === undefined || !Number.isInteger(members) || members < 0) return { kind: 'unavailable', reason: 'refused' };
        const name = readText(entity, formattedValueProperty(GROUP_ALIAS));
        groups.push(name === undefined ? { id, members } : { id, name, members });
    }
    return { kind: 'counted', groups };
}

async function readBusinessUnits(requester: Requester): Promise<BusinessUnitTree> {
    const unit = PlatformTables.businessUnit;
    const parentProperty = lookupValueProperty(BusinessUnitColumns.parentBusinessUnit);
    const options = buildODataOptions({ select: [unit.primaryIdColumn, BusinessUnitColumns.name, parentProperty] });
    const read = await readPages(requester, unit.logicalName, options, { pageSize: 5000, maxRows: MAX_BUSINESS_UNITS });
    const byId = new Map<string, { name?: string; parentId?: NormalisedGuid }>();
    for (const row of read.rows) {
        const id = normaliseGuid(row[unit.primaryIdColumn]);
        if (id === undefined) continue;
        const name = readText(row, BusinessUnitColumns.name);
        const parentId = normaliseGuid(row[parentProperty]);
        byId.set(id, { ...(name !== undefined ? { name } : {}), ...(parentId !== undefined ? { parentId } : {}) });
    }
    return { byId };
}

function businessUnitRef(id: NormalisedGuid, tree: BusinessUnitTree, fallbackName?: string): BusinessUnitRef {
    const name = tree.byId.get(id)?.name ?? fallbackName;
    return name === undefined ? { id } : { id, name };
}

/** Walks up from `id` (bounded by the number of units, so a cycle in bad data cannot loop). */
function relation(id: NormalisedGuid, owner: NormalisedGuid, tree: BusinessUnitTree): BusinessUnitRelation {
    if (id === owner) return 'owner';
    let current = tree.byId.get(id)?.parentId;
    for (let step = 0; current !== undefined && step <= tree.byId.size; step++) {
        if (current === owner) return 'child';
        current = tree.byId.get(current)?.parentId;
    }
    const unit = tree.byId.get(id);
    return unit !== undefined && unit.parentId === undefined ? 'root' : 'other';
}

/** The business unit that owns a record (e.g. the Journeys segment on its own form). */
export async function readOwningBusinessUnit(requester: Requester, record: { readonly table: string; readonly primaryIdColumn: string; readonly id: string }): Promise<BusinessUnitRef | undefined> {
    const id = requireGuid(record.id, 'The record id');
    const options = buildODataOptions({ select: [OWNING_BUSINESS_UNIT_PROPERTY], filter: where.eq(record.primaryIdColumn, where.guid(id)), top: 1 });
    const row = (await requester.retrieve(record.table, options, 1)).entities[0];
    const unit = row === undefined ? undefined : normaliseGuid(row[OWNING_BUSINESS_UNIT_PROPERTY]);
    if (row === undefined || unit === undefined) return undefined;
    const name = readText(row, formattedValueProperty(OWNING_BUSINESS_UNIT_PROPERTY));
    return name === undefined ? { id: unit } : { id: unit, name };
}
