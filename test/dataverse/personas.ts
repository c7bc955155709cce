/**
 * The people tests and the playground act as. This is the one documented place for them.
 *
 * Organisation (same for every seed; only the customer data depends on the seed):
 *
 * ```
 * Contoso (root)
 * ├── North America
 * │   ├── United States
 * │   └── Canada
 * └── Europe
 *     ├── Germany
 *     └── France
 * ```
 * Every business unit has a default owner team (named like the unit) that owns the profiles unification maps
 * to it. Two extra owner teams: "Germany Key Accounts" (BU Germany, holds the BU-level read role) and
 * "Canada Key Accounts" (BU Canada, holds a User-level role with "team privileges only").
 * Root-owned tables (alternate keys, predictions, enrichments) are owned by the root default team "Contoso".
 *
 * | Persona          | Home BU        | Roles (direct)                                   | Via teams                                   | Reads on msdynci_* tables                       |
 * |------------------|----------------|--------------------------------------------------|---------------------------------------------|-------------------------------------------------|
 * | serviceAgent     | United States  | CI Data Read Access (BU), CI Config Viewer, Basic User | —                                     | rows owned in United States; no root-owned rows |
 * | salesManager     | North America  | CI Data Read Access (Parent: Child), Basic User  | —                                           | North America, United States, Canada            |
 * | administrator    | Contoso (root) | CI Data Read Access (Organization), Basic User   | —                                           | everything                                      |
 * | ownerTeamMember  | France         | Basic User (no CI role on the user)              | Germany Key Accounts -> CI Data Read Access (BU) | rows owned in Germany                      |
 * | noRole           | United States  | Basic User                                       | —                                           | none: 0x80040220 missing privilege              |
 * | marketerOrganization | Europe     | CI Data Read Access (Organization), CI Config Viewer, Basic User, Marketing Professional | — | everything                         |
 * | marketerBusinessUnit | North America | CI Data Read Access (BU), CI Config Viewer, Basic User, Marketing Professional | —   | rows owned in North America only                |
 * | insightsAnalyst  | United States  | CI Data Read Access (BU), CI Root-Owned Read (Organization), CI Config Viewer, Basic User | — | rows owned in United States, and EVERY root-owned row (alternate keys, predictions, enrichments) |
 * | salesRep         | United States  | Sales Representative, CI Data Read Access (BU), CI Config Viewer | US Inside Sales (no roles)   | rows owned in United States; no root-owned rows |
 *
 * insightsAnalyst is the case the root-owned leak guard exists for: Dataverse gives them the predictions and
 * enrichments of every customer, but only the profiles of United States. The controls must show them
 * nothing of a customer whose profile they cannot read.
 *
 * Extra (non-persona) user `keyAccountReader` (home BU France, member of "Canada Key Accounts" whose role
 * grants User-level CI read with team privileges only): reads exactly the rows that team owns.
 * Basic User grants Organization-level read on contact, businessunit, systemuser and team to everyone who
 * has it. The sales rep has no Basic User: their "Sales Representative" role reads contacts at User level
 * (the contacts they, the "US Inside Sales" team or the United States default team own; tenant.ts assigns
 * some contacts of every business unit to them) and the reference tables at Organization level. So a rep's
 * view lists only their contacts, whose profiles may belong to another business unit.
 * Marketing Professional grants Organization-level read on Customer Insights - Journeys segments
 * (msdynmkt_segment) and nothing on msdynci_* tables: the two marketers differ only in the depth of their
 * Customer Insights read, which is what the Journeys readiness check must tell apart.
 */

export type PersonaKey = 'serviceAgent' | 'salesManager' | 'administrator' | 'ownerTeamMember' | 'noRole' | 'marketerOrganization' | 'marketerBusinessUnit' | 'insightsAnalyst' | 'salesRep';

export interface Persona {
    readonly key: PersonaKey;
    readonly userId: string;
    readonly fullName: string;
    readonly description: string;
}

export const PERSONAS: Readonly<Record<PersonaKey, Persona>> = {
    serviceAgent: {
        key: 'serviceAgent',
        userId: '5e41a9e2-0001-4a00-8000-000000000001',
        fullName: 'Avery Service',
        description: 'Service agent in the leaf business unit United States with Business Unit-level read on Customer Insights tables.',
    },
    salesManager: {
        key: 'salesManager',
        userId: '5e41a9e2-0002-4a00-8000-000000000002',
        fullName: 'Morgan Sales',
        description: 'Sales manager in the regional business unit North America with Parent: Child read on Customer Insights tables.',
    },
    administrator: {
        key: 'administrator',
        userId: '5e41a9e2-0003-4a00-8000-000000000003',
        fullName: 'Alex Admin',
        description: 'Administrator in the root business unit Contoso with Organization-level read on Customer Insights tables.',
    },
    ownerTeamMember: {
        key: 'ownerTeamMember',
        userId: '5e41a9e2-0004-4a00-8000-000000000004',
        fullName: 'Taylor Team',
        description:
            'User in France (no Customer Insights role of their own) who is a member of the Germany Key Accounts owner team, which holds Business Unit-level read.',
    },
    noRole: {
        key: 'noRole',
        userId: '5e41a9e2-0005-4a00-8000-000000000005',
        fullName: 'Jordan Norole',
        description: 'User in United States without any Customer Insights role; can read contacts.',
    },
    marketerOrganization: {
        key: 'marketerOrganization',
        userId: '5e41a9e2-0006-4a00-8000-000000000006',
        fullName: 'Riley Marketing',
        description: 'Marketer in Europe with Organization-level read on Customer Insights tables and the Marketing Professional role.',
    },
    marketerBusinessUnit: {
        key: 'marketerBusinessUnit',
        userId: '5e41a9e2-0007-4a00-8000-000000000007',
        fullName: 'Sam Campaign',
        description: 'Marketer in North America with Business Unit-level read on Customer Insights tables (sees only North America rows) and the Marketing Professional role.',
    },
    insightsAnalyst: {
        key: 'insightsAnalyst',
        userId: '5e41a9e2-0008-4a00-8000-000000000008',
        fullName: 'Robin Analyst',
        description:
            'Analyst in United States with Business Unit-level read on profiles and the tables that inherit their business unit, but Organization-level read on the root-owned tables (alternate keys, predictions, enrichments).',
    },
    salesRep: {
        key: 'salesRep',
        userId: '5e41a9e2-0009-4a00-8000-000000000009',
        fullName: 'Drew Rep',
        description:
            'Sales rep in United States who reads only the contacts they or their teams own (User level) and Customer Insights rows at Business Unit level.',
    },
};

export const PERSONA_LIST: readonly Persona[] = Object.values(PERSONAS);
