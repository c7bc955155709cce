/**
 * Security matrix: for every persona (plus the team-only User-level reader) and every table, the rows the
 * emulator returns equal the rows the documented access rules allow. The expected set is computed here,
 * independently of the emulator's filtering code, from the tenant's ownership facts (owner, owning business
 * unit, the BU tree walked upwards, roles of the user and of their teams).
 */
import { matching } from '../core/matchers';
import { DataverseEmulator, EXTRA_USER_IDS, PERSONAS, PERSONA_LIST, TABLES, TEAM_IDS, type AccessLevel, type BusinessUnit, type Organisation, type SecurityRole, type StoredRow } from './index';
import { readScope } from './security';
import { retrieveAllPages } from './helpers';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 7, profileCount: 150 });
const tenant = dv.tenant;

const CALLERS: ReadonlyArray<{ key: string; userId: string }> = [
    ...PERSONA_LIST.map((persona) => ({ key: persona.key, userId: persona.userId })),
    { key: 'keyAccountReader', userId: EXTRA_USER_IDS.keyAccountReader },
];

interface Grant {
    readonly level: AccessLevel;
    /** Owners whose rows a User-level grant covers. */
    readonly owners: readonly string[];
    /** The business unit BU-level grants are relative to. */
    readonly businessUnitId: string;
}

/** True when `unitId` is `ancestorId` or lies below it, found by walking parents upwards. */
function isSameOrBelow(unitId: string, ancestorId: string): boolean {
    let current: string | null = unitId;
    while (current !== null) {
        if (current === ancestorId) {
            return true;
        }
        const unit = tenant.businessUnits.find((candidate) => candidate.id === current);
        current = unit?.parentId ?? null;
    }
    return false;
}

function grantsOf(userId: string, table: string): Grant[] {
    const user = tenant.users.find((candidate) => candidate.id === userId);
    if (user === undefined) {
        throw new Error(`no user ${userId}`);
    }
    const teams = tenant.teams.filter((team) => team.memberIds.includes(userId));
    const mine = [user.id, ...teams.map((team) => team.id)];
    const grants: Grant[] = [];
    for (const roleId of user.roleIds) {
        const level = tenant.roles.find((role) => role.id === roleId)?.readLevels[table];
        if (level !== undefined && level !== 'None') {
            grants.push({ level, owners: mine, businessUnitId: user.businessUnitId });
        }
    }
    for (const team of teams) {
        for (const roleId of team.roleIds) {
            const role = tenant.roles.find((candidate) => candidate.id === roleId);
            const level = role?.readLevels[table];
            if (role === undefined || level === undefined || level === 'None') {
                continue;
            }
            // The team is the principal of its roles.
            grants.push({ level, owners: [team.id], businessUnitId: team.businessUnitId });
            if (role.memberPrivilegeInheritance === 'DirectUserAndTeam') {
                grants.push({ level: 'User', owners: mine, businessUnitId: user.businessUnitId });
            }
        }
    }
    return grants;
}

function allows(grant: Grant, owner: string | null, owningBusinessUnit: string | null): boolean {
    switch (grant.level) {
        case 'Organization':
            return true;
        case 'ParentChild':
            return owningBusinessUnit !== null && isSameOrBelow(owningBusinessUnit, grant.businessUnitId);
        case 'BusinessUnit':
            return owningBusinessUnit === grant.businessUnitId;
        case 'User':
            return owner !== null && grant.owners.includes(owner);
        case 'None':
            return false;
    }
}

/** Primary ids the rules allow, or 'missing privilege' when no role grants read on the table. */
function expectedIds(userId: string, table: string): Set<string> | 'missing privilege' {
    const grants = grantsOf(userId, table);
    if (grants.length === 0) {
        return 'missing privilege';
    }
    const definition = TABLES.get(table);
    if (definition === undefined) {
        throw new Error(table);
    }
    const ids = new Set<string>();
    for (const row of tenant.rows(table)) {
        const isBusinessUnitOwned = definition.ownership === 'BusinessUnit';
        const owningBusinessUnit = stringOrNull(isBusinessUnitOwned ? row.businessunitid : row.owningbusinessunit);
        const owner = isBusinessUnitOwned ? null : stringOrNull(row.ownerid);
        if (grants.some((grant) => allows(grant, owner, owningBusinessUnit))) {
            ids.add(String(row[definition.primaryIdAttribute]));
        }
    }
    return ids;
}

function stringOrNull(value: StoredRow[string] | undefined): string | null {
    return typeof value === 'string' ? value : null;
}

const TABLE_NAMES = [...TABLES.keys()];

describe('security matrix: every caller x every table', () => {
    for (const caller of CALLERS) {
        for (const table of TABLE_NAMES) {
            const primaryId = TABLES.get(table)?.primaryIdAttribute ?? '';
            it(`${caller.key} reads exactly the allowed ${table} rows`, async () => {
                const expected = expectedIds(caller.userId, table);
                const webApi = dv.webApi(caller.userId);
                const query = retrieveAllPages(webApi, table, `?$select=${primaryId}`, 40);
                if (expected === 'missing privilege') {
                    await expect(query).rejects.toStrictEqual({ errorCode: 0x80040220, message: matching.containing(`prvRead${table}`) });
                    return;
                }
                const { entities } = await query;
                const ids = entities.map((entity) => String(entity[primaryId]));
                expect(new Set(ids).size).toBe(ids.length);
                expect(new Set(ids)).toStrictEqual(expected);
            });
        }
    }
});

describe('the documented rules, spot-checked by name', () => {
    const profileIdOf = (index: number): string => tenant.profile(index).profileId;
    const readProfile = (userId: string, index: number): Promise<ComponentFramework.WebApi.Entity> =>
        dv.webApi(userId).retrieveRecord('msdynci_customerprofile', profileIdOf(index), '?$select=msdynci_fullname');
    const samples = tenant.sampleContacts;

    it('service agent reads profiles of their own BU only', async () => {
        await expect(readProfile(PERSONAS.serviceAgent.userId, samples.serviceAgentCustomer.profileIndex ?? -1)).resolves.toMatchObject({ msdynci_fullname: samples.serviceAgentCustomer.fullName });
        await expect(readProfile(PERSONAS.serviceAgent.userId, samples.otherRegionCustomer.profileIndex ?? -1)).rejects.toStrictEqual({ errorCode: 0x80048306, message: matching.containing('SecLib::AccessCheckEx') });
        await expect(readProfile(PERSONAS.serviceAgent.userId, samples.unmappedCustomer.profileIndex ?? -1)).rejects.toMatchObject({ errorCode: 0x80048306 });
    });

    it('a BU-level reader outside the root reads no root-owned rows; Organization reads them all', async () => {
        for (const table of ['msdynci_alternatekey', 'msdynci_prediction', 'msdynci_enrichment']) {
            const agent = await retrieveAllPages(dv.webApi(PERSONAS.serviceAgent.userId), table, '?$select=msdynci_customerid');
            expect(agent.entities).toHaveLength(0);
            const admin = await retrieveAllPages(dv.webApi(PERSONAS.administrator.userId), table, '?$select=msdynci_customerid');
            expect(admin.entities.length).toBe([...tenant.rows(table)].length);
            expect(admin.entities.length).toBeGreaterThan(0);
        }
    });

    it('the owner team member reads the team-owned profile and the rest of that BU, not their home BU', async () => {
        await expect(readProfile(PERSONAS.ownerTeamMember.userId, samples.teamOwned.profileIndex ?? -1)).resolves.toBeDefined();
        await expect(readProfile(PERSONAS.ownerTeamMember.userId, samples.otherRegionCustomer.profileIndex ?? -1)).resolves.toBeDefined();
        await expect(readProfile(PERSONAS.ownerTeamMember.userId, samples.serviceAgentCustomer.profileIndex ?? -1)).rejects.toMatchObject({ errorCode: 0x80048306 });
    });

    it('a User-level role on a team with team privileges only covers exactly the rows that team owns', async () => {
        const { entities } = await retrieveAllPages(dv.webApi(EXTRA_USER_IDS.keyAccountReader), 'msdynci_customerprofile', '?$select=_ownerid_value');
        expect(entities.length).toBeGreaterThan(0);
        expect(new Set(entities.map((entity) => entity._ownerid_value as string))).toStrictEqual(new Set([TEAM_IDS.canadaKeyAccounts]));
    });

    it('the sales manager (Parent: Child) reads North America and the BUs below it', async () => {
        const { entities } = await retrieveAllPages(dv.webApi(PERSONAS.salesManager.userId), 'msdynci_customerprofile', '?$select=_owningbusinessunit_value');
        const names = new Set(entities.map((entity) => entity['_owningbusinessunit_value@OData.Community.Display.V1.FormattedValue'] as string));
        expect(names).toStrictEqual(new Set(['North America', 'United States', 'Canada']));
    });

    it('a caller without a Customer Insights role gets the missing-privilege error, but reads contacts', async () => {
        const webApi = dv.webApi(PERSONAS.noRole.userId);
        // What context.webAPI documents: errorCode as the unsigned decimal, and the message; nothing else.
        await expect(webApi.retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_segments')).rejects.toStrictEqual({
            errorCode: 2147746336,
            message: matching.containing('missing prvReadmsdynci_segmentmembership privilege'),
        });
        // The HTTP-level facts stay behind operations(): 403 and the Web API error body.
        const http = dv.operations(PERSONAS.noRole.userId);
        await expect(http.retrieveMultipleRecords('msdynci_segmentmembership', '?$select=msdynci_segments')).rejects.toMatchObject({ status: 403, code: '0x80040220', raw: matching.containing('"code":"0x80040220"') });
        await expect(webApi.retrieveRecord('msdynci_customerprofile', profileIdOf(0), '?$select=msdynci_fullname')).rejects.toMatchObject({ errorCode: 0x80040220 });
        await expect(webApi.retrieveRecord('contact', samples.serviceAgentCustomer.contactId, '?$select=fullname')).resolves.toMatchObject({ fullname: samples.serviceAgentCustomer.fullName });
    });

    it('FetchXML applies the same security as OData', async () => {
        for (const caller of CALLERS) {
            const expected = expectedIds(caller.userId, 'msdynci_unifiedactivity');
            const fetchXml = '<fetch><entity name="msdynci_unifiedactivity"><attribute name="msdynci_unifiedactivityid"/></entity></fetch>';
            const result = dv.webApi(caller.userId).retrieveMultipleRecords('msdynci_unifiedactivity', `?fetchXml=${encodeURIComponent(fetchXml)}`);
            if (expected === 'missing privilege') {
                await expect(result).rejects.toMatchObject({ errorCode: 0x80040220 });
                continue;
            }
            const ids = new Set<string>();
            for (let page = 1; ; page++) {
                const paged = `<fetch count="100" page="${page}"><entity name="msdynci_unifiedactivity"><attribute name="msdynci_unifiedactivityid"/></entity></fetch>`;
                const response = (await dv.webApi(caller.userId).retrieveMultipleRecords('msdynci_unifiedactivity', `?fetchXml=${encodeURIComponent(paged)}`)) as { entities: Array<Record<string, unknown>>; moreRecords?: boolean };
                response.entities.forEach((entity) => ids.add(String(entity.msdynci_unifiedactivityid)));
                if (response.moreRecords !== true) {
                    break;
                }
            }
            expect(ids).toStrictEqual(expected);
        }
    });
});

describe('readScope on a handcrafted organisation', () => {
    // root -> a -> a1; root -> b. One user in a, member of team tb (BU b).
    const unit = (id: string, parentId: string | null): BusinessUnit => ({ id, name: id, parentId, defaultTeamId: `team-${id}` });
    const role = (id: string, level: AccessLevel, memberPrivilegeInheritance: SecurityRole['memberPrivilegeInheritance']): SecurityRole => ({
        id,
        name: id,
        readLevels: { contact: level },
        memberPrivilegeInheritance,
    });
    const organisation = (userRoles: string[], teamRoles: string[], roles: SecurityRole[]): Organisation => ({
        rootBusinessUnitId: 'root',
        businessUnits: [unit('root', null), unit('a', 'root'), unit('a1', 'a'), unit('b', 'root')],
        teams: [{ id: 'tb', name: 'tb', businessUnitId: 'b', teamType: 'Owner', isDefault: false, memberIds: ['u'], roleIds: teamRoles }],
        roles,
        users: [{ id: 'u', key: 'u', fullName: 'U', domainName: 'u', businessUnitId: 'a', roleIds: userRoles }],
    });
    const scopeOf = (org: Organisation): ReturnType<typeof readScope> => {
        const user = org.users[0];
        return user ? readScope(org, user, 'contact') : undefined;
    };
    const plain = (scope: ReturnType<typeof readScope>): object | undefined =>
        scope && { organization: scope.organization, ownerIds: [...scope.ownerIds].sort(), businessUnitIds: [...scope.businessUnitIds].sort() };

    it('user roles: User = me and my teams, BU = home BU, Parent:Child = home subtree, Organization = all', () => {
        const levels: Array<[AccessLevel, object]> = [
            ['User', { organization: false, ownerIds: ['tb', 'u'], businessUnitIds: [] }],
            ['BusinessUnit', { organization: false, ownerIds: [], businessUnitIds: ['a'] }],
            ['ParentChild', { organization: false, ownerIds: [], businessUnitIds: ['a', 'a1'] }],
            ['Organization', { organization: true, ownerIds: [], businessUnitIds: [] }],
        ];
        for (const [level, expected] of levels) {
            expect(plain(scopeOf(organisation(['r'], [], [role('r', level, 'TeamPrivilegesOnly')])))).toStrictEqual(expected);
        }
    });

    it("team roles with team privileges only are relative to the team; 'direct user and team' adds the member's own rows", () => {
        expect(plain(scopeOf(organisation([], ['r'], [role('r', 'User', 'TeamPrivilegesOnly')])))).toStrictEqual({ organization: false, ownerIds: ['tb'], businessUnitIds: [] });
        expect(plain(scopeOf(organisation([], ['r'], [role('r', 'BusinessUnit', 'TeamPrivilegesOnly')])))).toStrictEqual({ organization: false, ownerIds: [], businessUnitIds: ['b'] });
        expect(plain(scopeOf(organisation([], ['r'], [role('r', 'BusinessUnit', 'DirectUserAndTeam')])))).toStrictEqual({ organization: false, ownerIds: ['tb', 'u'], businessUnitIds: ['b'] });
    });

    it('privileges are cumulative; no read privilege at all is undefined (missing privilege)', () => {
        const both = organisation(['r1'], ['r2'], [role('r1', 'BusinessUnit', 'TeamPrivilegesOnly'), role('r2', 'ParentChild', 'TeamPrivilegesOnly')]);
        expect(plain(scopeOf(both))).toStrictEqual({ organization: false, ownerIds: [], businessUnitIds: ['a', 'b'] });
        expect(scopeOf(organisation(['r'], [], [role('r', 'None', 'TeamPrivilegesOnly')]))).toBeUndefined();
        expect(scopeOf(organisation([], [], []))).toBeUndefined();
    });
});
