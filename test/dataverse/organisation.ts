/**
 * The fixed organisation of the synthetic tenant: business units, teams, security roles and users
 * (described in personas.ts). Identifiers are constants so tests, the playground and PERSONAS agree
 * whatever the data seed.
 */
import { CUSTOMER_INSIGHTS_TABLES, ROOT_OWNED_TABLES } from './metadata';
import { PERSONAS } from './personas';

export type AccessLevel = 'None' | 'User' | 'BusinessUnit' | 'ParentChild' | 'Organization';

export interface BusinessUnit {
    readonly id: string;
    readonly name: string;
    readonly parentId: string | null;
    readonly defaultTeamId: string;
}

export interface Team {
    readonly id: string;
    readonly name: string;
    readonly businessUnitId: string;
    readonly teamType: 'Owner' | 'Access';
    readonly isDefault: boolean;
    readonly memberIds: readonly string[];
    readonly roleIds: readonly string[];
}

export interface SecurityRole {
    readonly id: string;
    readonly name: string;
    /** Read access level per table logical name; absent = None. */
    readonly readLevels: Readonly<Record<string, AccessLevel>>;
    /**
     * Member's privilege inheritance when the role is assigned to a team. 'TeamPrivilegesOnly': the team is
     * the principal (User level = rows the team owns, BU levels relative to the team's BU).
     * 'DirectUserAndTeam': additionally the member gets User-level access for rows they or their teams own.
     */
    readonly memberPrivilegeInheritance: 'TeamPrivilegesOnly' | 'DirectUserAndTeam';
}

export interface SystemUser {
    readonly id: string;
    readonly key: string;
    readonly fullName: string;
    readonly domainName: string;
    readonly businessUnitId: string;
    readonly roleIds: readonly string[];
}

export interface Organisation {
    readonly rootBusinessUnitId: string;
    readonly businessUnits: readonly BusinessUnit[];
    readonly teams: readonly Team[];
    readonly roles: readonly SecurityRole[];
    readonly users: readonly SystemUser[];
}

function fixedGuid(group: string, n: number): string {
    return `${group}-${n.toString(16).padStart(4, '0')}-4b00-8000-${n.toString(16).padStart(12, '0')}`;
}

export const BUSINESS_UNIT_IDS = {
    contoso: fixedGuid('b0000000', 1),
    northAmerica: fixedGuid('b0000000', 2),
    unitedStates: fixedGuid('b0000000', 3),
    canada: fixedGuid('b0000000', 4),
    europe: fixedGuid('b0000000', 5),
    germany: fixedGuid('b0000000', 6),
    france: fixedGuid('b0000000', 7),
} as const;

export const TEAM_IDS = {
    germanyKeyAccounts: fixedGuid('7ea00000', 101),
    canadaKeyAccounts: fixedGuid('7ea00000', 102),
    /** Owner team of the sales rep in United States: contacts it owns are the rep's too (User-level read). */
    usInsideSales: fixedGuid('7ea00000', 103),
} as const;

export const ROLE_IDS = {
    ciReadBusinessUnit: fixedGuid('501e0000', 1),
    ciReadParentChild: fixedGuid('501e0000', 2),
    ciReadOrganization: fixedGuid('501e0000', 3),
    ciConfigurationViewer: fixedGuid('501e0000', 4),
    basicUser: fixedGuid('501e0000', 5),
    ciReadUserTeamOnly: fixedGuid('501e0000', 6),
    marketingProfessional: fixedGuid('501e0000', 7),
    ciReadRootOwnedOrganization: fixedGuid('501e0000', 8),
    salesRepresentative: fixedGuid('501e0000', 9),
} as const;

export const EXTRA_USER_IDS = {
    keyAccountReader: fixedGuid('5e41a9e2', 0x20),
} as const;

function levelsFor(tables: readonly string[], level: AccessLevel): Record<string, AccessLevel> {
    return Object.fromEntries(tables.map((table) => [table, level]));
}

function buildOrganisation(): Organisation {
    const units: Array<[keyof typeof BUSINESS_UNIT_IDS, string, keyof typeof BUSINESS_UNIT_IDS | null]> = [
        ['contoso', 'Contoso', null],
        ['northAmerica', 'North America', 'contoso'],
        ['unitedStates', 'United States', 'northAmerica'],
        ['canada', 'Canada', 'northAmerica'],
        ['europe', 'Europe', 'contoso'],
        ['germany', 'Germany', 'europe'],
        ['france', 'France', 'europe'],
    ];
    const businessUnits: BusinessUnit[] = units.map(([key, name, parent], index) => ({
        id: BUSINESS_UNIT_IDS[key],
        name,
        parentId: parent === null ? null : BUSINESS_UNIT_IDS[parent],
        defaultTeamId: fixedGuid('7ea00000', index + 1),
    }));

    const roles: SecurityRole[] = [
        {
            id: ROLE_IDS.ciReadBusinessUnit,
            name: 'Customer Insights Data Read Access',
            readLevels: levelsFor(CUSTOMER_INSIGHTS_TABLES, 'BusinessUnit'),
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            id: ROLE_IDS.ciReadParentChild,
            name: 'Customer Insights Data Read Access (Parent: Child)',
            readLevels: levelsFor(CUSTOMER_INSIGHTS_TABLES, 'ParentChild'),
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            id: ROLE_IDS.ciReadOrganization,
            name: 'Customer Insights Data Read Access (Organization)',
            readLevels: levelsFor(CUSTOMER_INSIGHTS_TABLES, 'Organization'),
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            // Grants configuration reads only (no msdynci_* data tables).
            id: ROLE_IDS.ciConfigurationViewer,
            name: 'Customer Insights Data Configuration Viewer',
            readLevels: {},
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            id: ROLE_IDS.basicUser,
            name: 'Basic User',
            readLevels: levelsFor(['contact', 'businessunit', 'systemuser', 'team'], 'Organization'),
            memberPrivilegeInheritance: 'DirectUserAndTeam',
        },
        {
            id: ROLE_IDS.ciReadUserTeamOnly,
            name: 'Customer Insights Data Read Access (User, team privileges only)',
            readLevels: levelsFor(CUSTOMER_INSIGHTS_TABLES, 'User'),
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            // Reads Customer Insights - Journeys segments (msdynmkt_segment); grants nothing on msdynci_* tables.
            id: ROLE_IDS.marketingProfessional,
            name: 'Marketing Professional',
            readLevels: { msdynmkt_segment: 'Organization' },
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            // A custom role some tenants add so that analysts can use Customer Insights' root-owned tables.
            id: ROLE_IDS.ciReadRootOwnedOrganization,
            name: 'Customer Insights Root-Owned Data Read (Organization)',
            readLevels: levelsFor(ROOT_OWNED_TABLES, 'Organization'),
            memberPrivilegeInheritance: 'TeamPrivilegesOnly',
        },
        {
            // Instead of Basic User (which reads every contact): the rep reads the contacts they or their
            // teams own, and the organisation's reference tables.
            id: ROLE_IDS.salesRepresentative,
            name: 'Sales Representative',
            readLevels: { contact: 'User', ...levelsFor(['businessunit', 'systemuser', 'team'], 'Organization') },
            memberPrivilegeInheritance: 'DirectUserAndTeam',
        },
    ];

    const userSpecs: Array<[string, string, string, string, readonly string[]]> = [
        [PERSONAS.serviceAgent.key, PERSONAS.serviceAgent.userId, PERSONAS.serviceAgent.fullName, BUSINESS_UNIT_IDS.unitedStates, [ROLE_IDS.ciReadBusinessUnit, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser]],
        [PERSONAS.salesManager.key, PERSONAS.salesManager.userId, PERSONAS.salesManager.fullName, BUSINESS_UNIT_IDS.northAmerica, [ROLE_IDS.ciReadParentChild, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser]],
        [PERSONAS.administrator.key, PERSONAS.administrator.userId, PERSONAS.administrator.fullName, BUSINESS_UNIT_IDS.contoso, [ROLE_IDS.ciReadOrganization, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser]],
        [PERSONAS.ownerTeamMember.key, PERSONAS.ownerTeamMember.userId, PERSONAS.ownerTeamMember.fullName, BUSINESS_UNIT_IDS.france, [ROLE_IDS.basicUser]],
        [PERSONAS.noRole.key, PERSONAS.noRole.userId, PERSONAS.noRole.fullName, BUSINESS_UNIT_IDS.unitedStates, [ROLE_IDS.basicUser]],
        ['keyAccountReader', EXTRA_USER_IDS.keyAccountReader, 'Casey Keyaccount', BUSINESS_UNIT_IDS.france, [ROLE_IDS.basicUser]],
        [PERSONAS.marketerOrganization.key, PERSONAS.marketerOrganization.userId, PERSONAS.marketerOrganization.fullName, BUSINESS_UNIT_IDS.europe, [ROLE_IDS.ciReadOrganization, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser, ROLE_IDS.marketingProfessional]],
        [PERSONAS.marketerBusinessUnit.key, PERSONAS.marketerBusinessUnit.userId, PERSONAS.marketerBusinessUnit.fullName, BUSINESS_UNIT_IDS.northAmerica, [ROLE_IDS.ciReadBusinessUnit, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser, ROLE_IDS.marketingProfessional]],
        [PERSONAS.insightsAnalyst.key, PERSONAS.insightsAnalyst.userId, PERSONAS.insightsAnalyst.fullName, BUSINESS_UNIT_IDS.unitedStates, [ROLE_IDS.ciReadBusinessUnit, ROLE_IDS.ciReadRootOwnedOrganization, ROLE_IDS.ciConfigurationViewer, ROLE_IDS.basicUser]],
        [PERSONAS.salesRep.key, PERSONAS.salesRep.userId, PERSONAS.salesRep.fullName, BUSINESS_UNIT_IDS.unitedStates, [ROLE_IDS.salesRepresentative, ROLE_IDS.ciReadBusinessUnit, ROLE_IDS.ciConfigurationViewer]],
    ];
    // One sales representative per business unit: they own the contacts there.
    businessUnits.forEach((unit, index) => {
        userSpecs.push([`rep:${unit.name}`, fixedGuid('5e41a9e2', 0x100 + index), `${unit.name} Representative`, unit.id, [ROLE_IDS.basicUser]]);
    });
    const users: SystemUser[] = userSpecs.map(([key, id, fullName, businessUnitId, roleIds]) => ({
        id,
        key,
        fullName,
        domainName: `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@contoso.example`,
        businessUnitId,
        roleIds,
    }));

    const teams: Team[] = businessUnits.map((unit) => ({
        id: unit.defaultTeamId,
        name: unit.name,
        businessUnitId: unit.id,
        teamType: 'Owner',
        isDefault: true,
        memberIds: users.filter((user) => user.businessUnitId === unit.id).map((user) => user.id),
        roleIds: [],
    }));
    teams.push(
        {
            id: TEAM_IDS.germanyKeyAccounts,
            name: 'Germany Key Accounts',
            businessUnitId: BUSINESS_UNIT_IDS.germany,
            teamType: 'Owner',
            isDefault: false,
            memberIds: [PERSONAS.ownerTeamMember.userId],
            roleIds: [ROLE_IDS.ciReadBusinessUnit],
        },
        {
            id: TEAM_IDS.canadaKeyAccounts,
            name: 'Canada Key Accounts',
            businessUnitId: BUSINESS_UNIT_IDS.canada,
            teamType: 'Owner',
            isDefault: false,
            memberIds: [EXTRA_USER_IDS.keyAccountReader],
            roleIds: [ROLE_IDS.ciReadUserTeamOnly],
        },
        {
            id: TEAM_IDS.usInsideSales,
            name: 'US Inside Sales',
            businessUnitId: BUSINESS_UNIT_IDS.unitedStates,
            teamType: 'Owner',
            isDefault: false,
            memberIds: [PERSONAS.salesRep.userId],
            roleIds: [],
        },
    );

    return { rootBusinessUnitId: BUSINESS_UNIT_IDS.contoso, businessUnits, teams, roles, users };
}

export const ORGANISATION: Organisation = buildOrganisation();
