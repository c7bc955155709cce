/**
 * The tenant probe (issue 18): read-only checks of every platform behaviour the controls rely on but could
 * not verify here (shared/docs/domain.md, views-timeline-journeys.md "Checks that need a live tenant").
 * Each probe sends one request or a few, all GET; none reads a customer value: queries select row ids only
 * (or aggregate counts), and the report keeps ids, counts, HTTP statuses, error codes and error messages.
 *
 * Each result says what the tenant answered, which code path the controls take because of it, and what a
 * maker should configure. `outcome` is a stable key per answer (the tests exercise every one).
 */
import { classifyFailure } from '../../components/shared/failure';
import { normaliseGuid, type NormalisedGuid } from '../../components/shared/identifiers';
import { ACTIVITY_ORDER, activityKeysetFilter } from '../../components/shared/readers';
import { buildODataOptions, where, type ODataFilter } from '../../components/shared/query';
import { CustomerInsightsTables, InsightsColumns, OwnershipColumns, PlatformTables } from '../../components/shared/schema';
import { ALL_ANNOTATIONS, describeRefusal, type JsonResult, type ProbeSession } from './session';

export interface ProbeResult {
    readonly id: string;
    readonly assumption: string;
    /** Stable key of the answer, e.g. `elastic`, `refused`, `works`. */
    readonly outcome: string;
    /** What the tenant answered (ids and counts only). */
    readonly answer: string;
    /** Which code path the controls take. */
    readonly path: string;
    /** What the maker or administrator should configure ("Nothing." when nothing). */
    readonly configure: string;
    /** Numbers and codes behind the answer, for the JSON report. */
    readonly details?: Readonly<Record<string, unknown>>;
}

export interface TableInfo {
    readonly logicalName: string;
    readonly entitySet: string;
    readonly schemaName: string;
    readonly primaryId: string;
    readonly tableType?: string;
}

export interface ProbeContext {
    readonly session: ProbeSession;
    readonly userId: string;
    readonly businessUnitId: string;
    /** Metadata of a table (cached), or undefined when the environment has no such table. */
    table(logicalName: string): Promise<TableInfo | undefined>;
}

type Outcome = Omit<ProbeResult, 'id' | 'assumption'>;

export interface Probe {
    readonly id: string;
    readonly assumption: string;
    run(context: ProbeContext): Promise<Outcome>;
}

const CI_TABLES = Object.values(CustomerInsightsTables).map((table) => table.logicalName);
const PROFILE = CustomerInsightsTables.customerProfile;
const MEMBERSHIP = CustomerInsightsTables.segmentMembership;
const MEASURE = CustomerInsightsTables.customerMeasure;
const ALTERNATE_KEY = CustomerInsightsTables.alternateKey;
const ACTIVITY = CustomerInsightsTables.unifiedActivity;
const PROFILE_LOOKUP = 'msdynci_lookupfield_customerprofile';
const NOTHING = 'Nothing.';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Random customer ids (32 hex characters) made up by the probe: they match no customer. */
export function madeUpCustomerIds(count: number): string[] {
    const bytes = new Uint8Array(16 * count);
    globalThis.crypto.getRandomValues(bytes);
    return Array.from({ length: count }, (_, index) => Array.from(bytes.slice(index * 16, index * 16 + 16), (byte) => byte.toString(16).padStart(2, '0')).join(''));
}

function rows(result: JsonResult): Array<Record<string, unknown>> {
    return Array.isArray(result.body?.value) ? (result.body.value as Array<Record<string, unknown>>) : [];
}

function missing(logicalName: string): Outcome {
    return { outcome: 'missing', answer: `The environment has no table ${logicalName}.`, path: 'The controls show their configuration message naming the table.', configure: 'Install Customer Insights - Data for this environment, or check the environment URL.' };
}

/** `?$select=<id>&$filter=...&$top=1`: does any readable row match? (reads one row id at most) */
async function anyRow(context: ProbeContext, table: TableInfo, filter?: ODataFilter): Promise<JsonResult> {
    return context.session.json(`${table.entitySet}${buildODataOptions({ select: [table.primaryId], ...(filter !== undefined ? { filter } : {}), top: 1 })}`);
}

// ---- Probes ---------------------------------------------------------------------------------------------

const tableType: Probe = {
    id: 'table-type',
    assumption: 'Whether the msdynci_* tables are elastic, virtual or standard tables (metadata)',
    async run(context) {
        const types = new Map<string, string>();
        for (const name of CI_TABLES) types.set(name, (await context.table(name))?.tableType ?? 'missing');
        const counts = new Map<string, number>();
        for (const type of types.values()) counts.set(type, (counts.get(type) ?? 0) + 1);
        const answer = [...counts.entries()].map(([type, count]) => `${type}: ${count} of ${CI_TABLES.length}`).join(', ');
        const kinds = [...counts.keys()];
        const outcome = kinds.length === 1 && kinds[0] !== undefined ? kinds[0].toLowerCase() : 'mixed';
        return {
            outcome,
            answer,
            path: 'Every table is read on its own by msdynci_customerid (no joins, no filters on related tables), which works for any table type.',
            configure: outcome === 'missing' ? 'Install Customer Insights - Data for this environment, or check the environment URL.' : NOTHING,
            details: Object.fromEntries(types),
        };
    },
};

const pageSize: Probe = {
    id: 'page-size',
    assumption: 'How many rows a page of a msdynci_* table holds (500 on elastic tables)',
    async run(context) {
        const table = await context.table(MEMBERSHIP.logicalName);
        if (table === undefined) return missing(MEMBERSHIP.logicalName);
        const result = await context.session.json(`${table.entitySet}${buildODataOptions({ select: [table.primaryId] })}`, [ALL_ANNOTATIONS, 'odata.maxpagesize=501']);
        const path = 'Readers ask for pages of 500 rows and follow nextLink, at most 20 pages (10,000 rows) per read.';
        if (!result.ok) return { outcome: 'refused', answer: describeRefusal(result), path, configure: NOTHING };
        const count = rows(result).length;
        const more = typeof result.body?.['@odata.nextLink'] === 'string';
        const details = { rowsInFirstPage: count, nextLink: more, asked: 501 };
        if (count > 500) return { outcome: 'uncapped', answer: `${count} rows in one page when 501 were asked for: not capped at 500.`, path, configure: NOTHING, details };
        if (count === 500 && more) return { outcome: 'capped500', answer: '500 rows and a nextLink when 501 were asked for: pages are capped at 500 (elastic).', path, configure: NOTHING, details };
        return { outcome: 'undetermined', answer: `${count} rows readable in all${more ? ' (with a nextLink)' : ''}: fewer than a page, so the cap could not be seen.`, path, configure: NOTHING, details };
    },
};

function inProbe(count: number): Probe {
    return {
        id: `in-${count}`,
        assumption: `Microsoft.Dynamics.CRM.In on msdynci_customerid with ${count} values`,
        async run(context) {
            const table = await context.table(PROFILE.logicalName);
            if (table === undefined) return missing(PROFILE.logicalName);
            const options = buildODataOptions({ select: [table.primaryId], filter: where.in(InsightsColumns.customerId, madeUpCustomerIds(count)) });
            const resource = `${table.entitySet}${options}`;
            const length = context.session.targetLength(resource);
            const result = await context.session.json(resource);
            const path = 'The grid reads the Customer Insights rows of a page of records with one In query per table, in chunks of up to 700 ids (about 29,000 characters).';
            const details = { values: count, requestTargetLength: length, status: result.status, ...(result.code !== undefined ? { code: result.code } : {}) };
            if (result.ok) return { outcome: 'accepted', answer: `Accepted (HTTP ${result.status}, ${rows(result).length} rows for made-up ids; request target ${length} characters).`, path, configure: NOTHING, details };
            return {
                outcome: 'refused',
                answer: `Refused: ${describeRefusal(result)} (request target ${length} characters).`,
                path,
                configure: count > 250 ? 'Keep grid pages at 250 rows or fewer, and tell the developers the length this tenant refuses (see url-limit).' : 'Keep grid pages small (50 rows or fewer) and tell the developers the length this tenant refuses (see url-limit).',
                details,
            };
        },
    };
}

/** Largest request target the builder lets the controls send: its 30,000-character cap plus the longest entity set path. */
const BUILDER_CAP = 30_000 + 120;

const urlLimit: Probe = {
    id: 'url-limit',
    assumption: 'The URL length at which the tenant refuses a GET (documented: 32,768 characters)',
    async run(context) {
        const table = await context.table(PROFILE.logicalName);
        if (table === undefined) return missing(PROFILE.logicalName);
        // Deliberately past the query builder's own cap, so it is built here: the values are the probe's own
        // made-up hex ids, nothing that needs escaping.
        const prefix = `${table.entitySet}?$select=${table.primaryId}&$top=1&$filter=Microsoft.Dynamics.CRM.In(PropertyName='${InsightsColumns.customerId}',PropertyValues=[`;
        const ids = madeUpCustomerIds(2000);
        const resourceFor = (count: number): string => `${prefix}${ids.slice(0, count).map((id) => `%22${id}%22`).join(',')}])`;
        const lengthFor = (count: number): number => context.session.targetLength(resourceFor(count));
        const idsForLength = (target: number): number => Math.max(1, Math.min(ids.length, Math.floor((target - lengthFor(1)) / 39) + 1));
        const tried: Array<{ length: number; status: number; code?: string }> = [];
        const accepts = async (count: number): Promise<boolean> => {
            const result = await context.session.json(resourceFor(count));
            tried.push({ length: lengthFor(count), status: result.status, ...(result.code !== undefined ? { code: result.code } : {}) });
            return result.ok;
        };
        // Bracket from the documented limit, then halve the gap: at most 11 requests.
        let low = 0;
        let high = ids.length + 1;
        for (const target of [16_000, 32_700, 34_000, 66_000]) {
            const count = idsForLength(target);
            if (count <= low || count >= high) continue;
            if (await accepts(count)) low = count;
            else {
                high = count;
                break;
            }
        }
        for (let step = 0; step < 7 && high <= ids.length && high - low > 1; step++) {
            const middle = Math.floor((low + high) / 2);
            if (await accepts(middle)) low = middle;
            else high = middle;
        }
        const refusal = tried.find((attempt) => attempt.length === (high <= ids.length ? lengthFor(high) : -1));
        const longestAccepted = low === 0 ? 0 : lengthFor(low);
        const details = { longestAccepted, shortestRefused: high <= ids.length ? lengthFor(high) : undefined, refusal, tried };
        const path = `The query builder refuses a query over 30,000 characters before sending it; the longest request target the controls send is about ${BUILDER_CAP} characters.`;
        if (high > ids.length) return { outcome: 'noLimitFound', answer: `No refusal up to ${longestAccepted} characters of request target.`, path, configure: NOTHING, details };
        const answer = `Refused from ${lengthFor(high)} characters (${refusal?.status ?? '?'}${refusal?.code !== undefined ? ` ${refusal.code}` : ''}); accepted ${longestAccepted}.`;
        if (longestAccepted >= BUILDER_CAP) return { outcome: 'aboveBuilderCap', answer, path, configure: NOTHING, details };
        return { outcome: 'belowBuilderCap', answer, path, configure: 'Keep grid pages small (the In chunks must stay below this length) and tell the developers this length: the builder cap needs lowering for this tenant.', details };
    },
};

const expandProfile: Probe = {
    id: 'expand-profile',
    assumption: '$expand from contact to the backstamped profile lookup',
    async run(context) {
        const contact = await context.table(PlatformTables.contact.logicalName);
        if (contact === undefined) return missing(PlatformTables.contact.logicalName);
        const relationships = await context.session.json(
            `EntityDefinitions(LogicalName='contact')/ManyToOneRelationships?$select=ReferencingAttribute,ReferencingEntityNavigationPropertyName&$filter=ReferencingAttribute eq '${PROFILE_LOOKUP}'`,
            [],
        );
        const navigation = rows(relationships)[0]?.ReferencingEntityNavigationPropertyName;
        const path = 'Form controls read the profile row by the lookup id in a request of its own; a linked read would only save that request (the grid falls back to its own read when linking is refused).';
        if (typeof navigation !== 'string' || !NAME.test(navigation)) {
            return { outcome: 'noLookup', answer: relationships.ok ? 'contact has no relationship through msdynci_lookupfield_customerprofile.' : describeRefusal(relationships), path, configure: NOTHING };
        }
        const options = `${buildODataOptions({ select: [contact.primaryId], filter: where.ne(`_${PROFILE_LOOKUP}_value`, null), top: 1 })}&$expand=${navigation}($select=${PROFILE.primaryIdColumn})`;
        const result = await context.session.json(`${contact.entitySet}${options}`);
        if (!result.ok) return { outcome: 'refused', answer: `Refused: ${describeRefusal(result)}.`, path, configure: NOTHING, details: { navigation, status: result.status, code: result.code } };
        const first = rows(result)[0];
        const expanded = first === undefined ? 'no contact with the lookup set' : first[navigation] === null ? 'the related profile came back null (not readable)' : 'the related profile came back';
        return { outcome: 'works', answer: `Accepted (${expanded}).`, path, configure: NOTHING, details: { navigation, rows: rows(result).length } };
    },
};

async function lookupPopulated(context: ProbeContext, tableName: string, lookup: string): Promise<{ outcome: string; text: string; details: Record<string, unknown> }> {
    const table = await context.table(tableName);
    if (table === undefined) return { outcome: 'noTable', text: `${tableName}: no such table`, details: { [tableName]: 'noTable' } };
    const attribute = await context.session.json(`EntityDefinitions(LogicalName='${tableName}')/Attributes(LogicalName='${lookup}')?$select=LogicalName`, []);
    if (!attribute.ok) return { outcome: 'missing', text: `${tableName}: no column ${lookup}`, details: { [tableName]: 'missing' } };
    const result = await anyRow(context, table, where.ne(`_${lookup}_value`, null));
    if (!result.ok) return { outcome: 'refused', text: `${tableName}: ${describeRefusal(result)}`, details: { [tableName]: 'refused', status: result.status } };
    const populated = rows(result).length > 0;
    return { outcome: populated ? 'populated' : 'empty', text: `${tableName}: ${populated ? 'set on readable rows' : 'exists, empty on every readable row'}`, details: { [tableName]: populated ? 'populated' : 'empty' } };
}

const backstampedLookup: Probe = {
    id: 'profile-lookup',
    assumption: 'Whether _msdynci_lookupfield_customerprofile_value exists on contact and lead and is populated',
    async run(context) {
        const contact = await lookupPopulated(context, PlatformTables.contact.logicalName, PROFILE_LOOKUP);
        const lead = await lookupPopulated(context, PlatformTables.lead.logicalName, PROFILE_LOOKUP);
        const usable = contact.outcome === 'populated' || lead.outcome === 'populated';
        return {
            outcome: contact.outcome,
            answer: `${contact.text}; ${lead.text}.`,
            path: usable
                ? 'Profile resolution step 1: the lookup on the record points to the profile (one request).'
                : 'Step 1 finds nothing, so profiles resolve through the alternate-key table (step 2) or the profile key column (step 3).',
            configure: usable ? NOTHING : 'Set "Profile key column" (e.g. msdynci_crm_contact_contactid) on every control: alternate-key rows are root-owned, so business-unit users cannot use step 2.',
            details: { ...contact.details, ...lead.details, leadOutcome: lead.outcome },
        };
    },
};

const insightLookup: Probe = {
    id: 'insight-lookup',
    assumption: 'Whether _msdynci_lookupfield_customer_value is populated on segment membership and measures',
    async run(context) {
        const membership = await lookupPopulated(context, MEMBERSHIP.logicalName, InsightsColumns.customerLookup);
        const measures = await lookupPopulated(context, MEASURE.logicalName, InsightsColumns.customerLookup);
        const both = membership.outcome === 'populated' && measures.outcome === 'populated';
        return {
            outcome: both ? 'populated' : membership.outcome === measures.outcome ? membership.outcome : 'mixed',
            answer: `${membership.text}; ${measures.text}.`,
            path: 'Segments and measures are read by msdynci_customerid, not by this lookup, so the controls work either way.',
            configure: NOTHING,
            details: { ...membership.details, ...measures.details },
        };
    },
};

const hierarchyOperators: Probe = {
    id: 'business-unit-operators',
    assumption: 'UnderOrEqual and EqualBusinessId on owningbusinessunit of the profile table',
    async run(context) {
        const table = await context.table(PROFILE.logicalName);
        if (table === undefined) return missing(PROFILE.logicalName);
        const equal = await anyRow(context, table, where.equalBusinessId(OwnershipColumns.owningBusinessUnit));
        const under = await anyRow(context, table, where.underOrEqual(context.businessUnitId, OwnershipColumns.owningBusinessUnit));
        const text = (name: string, result: JsonResult): string => `${name}: ${result.ok ? 'accepted' : `refused (${describeRefusal(result)})`}`;
        const works = equal.ok && under.ok;
        return {
            outcome: works ? 'works' : !equal.ok && !under.ok ? 'refused' : 'partly',
            answer: `${text('EqualBusinessId', equal)}; ${text('UnderOrEqual', under)}.`,
            path: '"Business units to show" = business unit uses EqualBusinessId; = business unit and children uses UnderOrEqual. The default (all) uses neither.',
            configure: works ? NOTHING : 'Leave "Business units to show" at All (the default) on every control.',
            details: { equalBusinessId: equal.ok ? 'accepted' : equal.code ?? equal.status, underOrEqual: under.ok ? 'accepted' : under.code ?? under.status },
        };
    },
};

/** A fixed aggregate without any value in it (the query builder has no aggregates). */
const MEMBERS_PER_BUSINESS_UNIT = `<fetch aggregate="true"><entity name="${MEMBERSHIP.logicalName}"><attribute name="${OwnershipColumns.owningBusinessUnit}" groupby="true" alias="businessunit" /><attribute name="${MEMBERSHIP.primaryIdColumn}" aggregate="count" alias="rows" /></entity></fetch>`;

const aggregate: Probe = {
    id: 'aggregate',
    assumption: 'A FetchXML groupby owningbusinessunit count on segment membership (elastic aggregates), and the 50,000-row limit',
    async run(context) {
        const table = await context.table(MEMBERSHIP.logicalName);
        if (table === undefined) return missing(MEMBERSHIP.logicalName);
        const result = await context.session.json(`${table.entitySet}?fetchXml=${encodeURIComponent(MEMBERS_PER_BUSINESS_UNIT)}`);
        const path = 'Journeys readiness counts a segment\'s members per business unit with this aggregate, and falls back to two existence checks ($top=1) when it is refused or over the limit.';
        if (result.ok) {
            const groups = rows(result).map((row) => ({ businessUnitId: typeof row.businessunit === 'string' ? row.businessunit : null, rows: typeof row.rows === 'number' ? row.rows : null }));
            const total = groups.reduce((sum, group) => sum + (group.rows ?? 0), 0);
            return { outcome: 'counts', answer: `Accepted: ${groups.length} business units, ${total} readable membership rows in all.`, path, configure: NOTHING, details: { groups } };
        }
        if (result.code === '0x8004e023') return { outcome: 'limit', answer: `Refused: more than 50,000 rows in your scope (${describeRefusal(result)}).`, path, configure: NOTHING, details: { code: result.code } };
        return { outcome: 'refused', answer: `Refused: ${describeRefusal(result)}.`, path, configure: NOTHING, details: { status: result.status, code: result.code } };
    },
};

const businessUnitName: Probe = {
    id: 'business-unit-name',
    assumption: 'Whether the formatted-value annotation of _owningbusinessunit_value is returned',
    async run(context) {
        const table = await context.table(PROFILE.logicalName);
        if (table === undefined) return missing(PROFILE.logicalName);
        const result = await context.session.json(`${table.entitySet}${buildODataOptions({ select: ['_owningbusinessunit_value'], top: 1 })}`);
        const path = 'The business-unit badge shows the name from this annotation; without it the badge says "unknown business unit".';
        if (!result.ok) return { outcome: 'refused', answer: `Refused: ${describeRefusal(result)}.`, path, configure: NOTHING };
        const row = rows(result)[0];
        if (row === undefined) return { outcome: 'noRows', answer: 'No readable profile, so it could not be seen.', path, configure: NOTHING };
        const present = typeof row['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue'] === 'string';
        return { outcome: present ? 'present' : 'absent', answer: present ? 'Returned.' : 'Not returned.', path, configure: present ? NOTHING : 'Nothing to set; tell the developers (the badge will say "unknown business unit").' };
    },
};

const rejections: Probe = {
    id: 'rejections',
    assumption: 'The exact rejection for an unknown column and for a missing privilege, and how the controls classify it',
    async run(context) {
        const profile = await context.table(PROFILE.logicalName);
        if (profile === undefined) return missing(PROFILE.logicalName);
        const unknown = await context.session.json(`${profile.entitySet}${buildODataOptions({ select: ['cibu_probe_no_such_column'], top: 1 })}`);
        const unknownKind = unknown.ok ? 'accepted' : classifyFailure(unknown.rejection).kind;
        let privilege: { table: string; result: JsonResult } | undefined;
        for (const name of CI_TABLES) {
            const table = await context.table(name);
            if (table === undefined) continue;
            const result = await anyRow(context, table);
            if (!result.ok && result.status === 403) {
                privilege = { table: name, result };
                break;
            }
        }
        const privilegeKind = privilege === undefined ? undefined : classifyFailure(privilege.result.rejection).kind;
        const shape = (result: JsonResult): string => JSON.stringify({ errorCode: result.rejection?.errorCode, message: result.rejection?.message });
        const expected = unknownKind === 'configuration' && (privilegeKind === undefined || privilegeKind === 'noPrivilege');
        return {
            outcome: privilege === undefined ? 'noPrivilegeNotObserved' : 'bothObserved',
            answer: [
                `Unknown column: ${unknown.ok ? 'accepted (!)' : `${describeRefusal(unknown)} → ${shape(unknown)} → ${unknownKind}`}`,
                privilege === undefined ? 'Missing privilege: not observed (you may read every Customer Insights table)' : `Missing privilege on ${privilege.table}: ${describeRefusal(privilege.result)} → ${shape(privilege.result)} → ${privilegeKind ?? ''}`,
            ].join('; '),
            path: 'The controls classify an unknown column as a configuration problem naming the property, and a missing privilege as the message naming the roles to ask for.',
            configure: expected ? NOTHING : 'Tell the developers: this tenant rejects differently from what the controls expect.',
            details: { unknownColumn: { status: unknown.status, code: unknown.code, rejection: unknown.rejection, kind: unknownKind }, missingPrivilege: privilege === undefined ? null : { table: privilege.table, status: privilege.result.status, code: privilege.result.code, rejection: privilege.result.rejection, kind: privilegeKind } },
        };
    },
};

const nextLinkPaging: Probe = {
    id: 'next-link',
    assumption: 'Whether nextLink paging works on the msdynci_* tables',
    async run(context) {
        const table = await context.table(MEMBERSHIP.logicalName);
        if (table === undefined) return missing(MEMBERSHIP.logicalName);
        const prefer = [ALL_ANNOTATIONS, 'odata.maxpagesize=2'];
        const first = await context.session.json(`${table.entitySet}${buildODataOptions({ select: [table.primaryId] })}`, prefer);
        const path = 'Readers follow nextLink (its query part, unchanged) up to 20 pages per read.';
        if (!first.ok) return { outcome: 'refused', answer: `The first page was refused: ${describeRefusal(first)}.`, path, configure: NOTHING };
        const link = first.body?.['@odata.nextLink'];
        if (typeof link !== 'string') return { outcome: 'undetermined', answer: `${rows(first).length} rows readable: no second page to follow.`, path, configure: NOTHING };
        const query = link.slice(link.indexOf('?'));
        const second = await context.session.json(`${table.entitySet}${query}`, prefer);
        if (!second.ok) return { outcome: 'refused', answer: `Following the nextLink was refused: ${describeRefusal(second)}.`, path, configure: 'Tell the developers: reads of more than one page will fail in this tenant.', details: { status: second.status, code: second.code } };
        const ids = (result: JsonResult): string[] => rows(result).map((row) => String(row[table.primaryId]));
        const repeated = ids(second).some((id) => ids(first).includes(id));
        return {
            outcome: repeated ? 'repeats' : 'works',
            answer: repeated ? 'The second page repeats rows of the first.' : `Works: ${ids(first).length} + ${ids(second).length} different rows over two pages.`,
            path,
            configure: repeated ? 'Tell the developers: paging repeats rows in this tenant.' : NOTHING,
        };
    },
};

const DEPTH_ORDER = ['None', 'Basic', 'Local', 'Deep', 'Global'];
const DEPTH_TEXT: Readonly<Record<string, string>> = { None: 'none', Basic: 'User', Local: 'Business Unit', Deep: 'Parent: Child', Global: 'Organization' };

const privileges: Probe = {
    id: 'read-depth',
    assumption: "The signed-in user's read depth on each Customer Insights table (privileges)",
    async run(context) {
        const depths: Record<string, string> = {};
        let allPrivileges: Array<Record<string, unknown>> | undefined;
        for (const name of CI_TABLES) {
            const table = await context.table(name);
            if (table === undefined) {
                depths[name] = 'missing';
                continue;
            }
            const privilegeName = `prvRead${table.schemaName}`;
            let entries: Array<Record<string, unknown>> | undefined;
            if (allPrivileges === undefined) {
                const result = await context.session.json(`systemusers(${context.userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='${privilegeName}')`, []);
                if (result.ok) entries = Array.isArray(result.body?.RolePrivileges) ? (result.body.RolePrivileges as Array<Record<string, unknown>>) : [];
                else {
                    // Older service: one call for every privilege, filtered here.
                    const all = await context.session.json(`systemusers(${context.userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, []);
                    if (!all.ok) return { outcome: 'unreadable', answer: `Privileges could not be read: ${describeRefusal(all)}.`, path: 'Unchanged: rows outside the user\'s depth are simply absent.', configure: NOTHING };
                    allPrivileges = Array.isArray(all.body?.RolePrivileges) ? (all.body.RolePrivileges as Array<Record<string, unknown>>) : [];
                }
            }
            entries ??= (allPrivileges ?? []).filter((entry) => typeof entry.PrivilegeName === 'string' && entry.PrivilegeName.toLowerCase() === privilegeName.toLowerCase());
            const deepest = entries.map((entry) => (typeof entry.Depth === 'string' ? entry.Depth : 'None')).reduce((best, depth) => (DEPTH_ORDER.indexOf(depth) > DEPTH_ORDER.indexOf(best) ? depth : best), 'None');
            depths[name] = deepest;
        }
        const summary = CI_TABLES.map((name) => `${name.replace('msdynci_', '')}: ${DEPTH_TEXT[depths[name] ?? ''] ?? depths[name] ?? ''}`).join(', ');
        const values = Object.values(depths);
        const none = values.every((depth) => depth === 'None' || depth === 'missing');
        const outcome = none ? 'none' : values.every((depth) => depth === values[0]) ? (values[0] ?? 'none').toLowerCase() : 'mixed';
        return {
            outcome,
            answer: summary,
            path: none
                ? 'Every control shows "missing privilege" and names the roles to ask for.'
                : 'Rows outside this depth are silently absent: the controls say "not visible in your business unit" for a profile that exists but is out of reach.',
            configure: none
                ? 'Give the user Customer Insights Data Read Access (and Configuration Viewer) at the depth of their business unit.'
                : depths[ALTERNATE_KEY.logicalName] !== 'Global'
                  ? 'Alternate keys are root-owned: below Organization depth the user reads none; set "Profile key column" (or rely on the backstamped lookup).'
                  : NOTHING,
            details: depths,
        };
    },
};

const alternateKeys: Probe = {
    id: 'alternate-keys',
    assumption: 'Whether alternate-key rows are readable at all (they are owned by the root business unit)',
    async run(context) {
        const table = await context.table(ALTERNATE_KEY.logicalName);
        if (table === undefined) return missing(ALTERNATE_KEY.logicalName);
        const result = await anyRow(context, table);
        const noSteps = 'Set "Profile key column" (e.g. msdynci_crm_contact_contactid) so this user resolves profiles, unless the backstamped lookup is populated (see profile-lookup).';
        if (!result.ok && result.status === 403) return { outcome: 'noPrivilege', answer: `No read privilege: ${describeRefusal(result)}.`, path: 'Resolution skips the alternate-key step (step 2).', configure: noSteps };
        if (!result.ok) return { outcome: 'refused', answer: `Refused: ${describeRefusal(result)}.`, path: 'Resolution skips the alternate-key step (step 2).', configure: noSteps };
        if (rows(result).length === 0) {
            return { outcome: 'none', answer: 'Readable table, but no row is visible to this user (the root-owned trap).', path: 'Step 2 finds nothing for this user; an empty answer is not taken as "not visible".', configure: noSteps };
        }
        return { outcome: 'readable', answer: 'At least one row is readable.', path: 'Profile resolution step 2 (alternate keys) works for this user.', configure: NOTHING };
    },
};

/** The last GUID in any order: a cursor after which the keyset query may match every row of that time. */
const LAST_GUID = normaliseGuid('ffffffff-ffff-ffff-ffff-ffffffffffff') as NormalisedGuid;

const activityKeyset: Probe = {
    id: 'activity-keyset',
    assumption: "The timeline's keyset page: lt on msdynci_activitytime, then lt on the activity id (a GUID), ordered by both",
    async run(context) {
        const table = await context.table(ACTIVITY.logicalName);
        if (table === undefined) return missing(ACTIVITY.logicalName);
        // readUnifiedActivities' own "Load more" filter and order (components/shared/readers.ts), ids only.
        const filter = activityKeysetFilter({ time: new Date(), id: LAST_GUID });
        const result = await context.session.json(`${table.entitySet}${buildODataOptions({ select: [table.primaryId], filter, orderBy: ACTIVITY_ORDER, top: 2 })}`);
        const path = 'The timeline reads its first page without a cursor; every "Load more" sends this query with the last entry shown (its time, then its id), or, where it is refused, time alone (le) leaving out the entries already shown at that time.';
        if (!result.ok) {
            return {
                outcome: 'refused',
                answer: `Refused: ${describeRefusal(result)}.`,
                path,
                configure: 'Nothing to set: the timeline reads its following pages by time alone (one extra request on the first "Load more"). Tell the developers all the same.',
                details: { status: result.status, code: result.code },
            };
        }
        return { outcome: 'works', answer: `Accepted (${rows(result).length} activity ids read).`, path, configure: NOTHING };
    },
};

export const PROBES: readonly Probe[] = [tableType, pageSize, inProbe(250), inProbe(700), urlLimit, expandProfile, backstampedLookup, insightLookup, hierarchyOperators, aggregate, businessUnitName, rejections, nextLinkPaging, privileges, alternateKeys, activityKeyset];
