/**
 * Dataverse read security as the platform applies it (shared/docs/domain.md section 2), reduced to a
 * per-caller, per-table ReadScope that is cheap to test against each row.
 *
 * - Privileges are cumulative over the caller's roles and the roles of every team they belong to.
 * - Roles assigned to the user: User = rows owned by the user or a team they are in; Business Unit = the
 *   user's home BU; Parent:Child = home BU and every BU below; Organization = every row.
 * - Roles assigned to a team with "team privileges only": the team is the principal (User = rows the team
 *   owns; BU levels relative to the team's BU). With "direct user and team" the member additionally gets
 *   User-level access to rows they or their teams own.
 * - Rows of BU-owned tables (businessunit, systemuser, team) belong to their business unit and have no owner.
 */
import type { TableDefinition } from './metadata';
import type { AccessLevel, BusinessUnit, Organisation, SystemUser } from './organisation';
import type { StoredRow } from './tenant';

export interface ReadScope {
    readonly organization: boolean;
    /** Owners (users or teams) whose rows are readable. */
    readonly ownerIds: ReadonlySet<string>;
    /** Owning business units whose rows are readable. */
    readonly businessUnitIds: ReadonlySet<string>;
}

/** Business unit ids of `rootId` and everything below it. */
export function businessUnitSubtree(units: readonly BusinessUnit[], rootId: string): Set<string> {
    const result = new Set<string>([rootId]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const unit of units) {
            if (unit.parentId !== null && result.has(unit.parentId) && !result.has(unit.id)) {
                result.add(unit.id);
                grew = true;
            }
        }
    }
    return result;
}

/**
 * The rows `user` may read in `table`, or undefined when no role grants any read privilege on it (the
 * caller then gets 0x80040220 instead of an empty result).
 */
export function readScope(organisation: Organisation, user: SystemUser, table: string): ReadScope | undefined {
    const roleById = new Map(organisation.roles.map((role) => [role.id, role]));
    const memberTeams = organisation.teams.filter((team) => team.memberIds.includes(user.id));
    const ownIds = [user.id, ...memberTeams.map((team) => team.id)];
    let granted = false;
    let organization = false;
    const ownerIds = new Set<string>();
    const businessUnitIds = new Set<string>();

    const apply = (level: AccessLevel, principalOwnerIds: readonly string[], principalBusinessUnitId: string): void => {
        switch (level) {
            case 'None':
                return;
            case 'User':
                principalOwnerIds.forEach((id) => ownerIds.add(id));
                break;
            case 'BusinessUnit':
                businessUnitIds.add(principalBusinessUnitId);
                break;
            case 'ParentChild':
                businessUnitSubtree(organisation.businessUnits, principalBusinessUnitId).forEach((id) => businessUnitIds.add(id));
                break;
            case 'Organization':
                organization = true;
                break;
        }
        granted = true;
    };

    for (const roleId of user.roleIds) {
        const level = roleById.get(roleId)?.readLevels[table] ?? 'None';
        apply(level, ownIds, user.businessUnitId);
    }
    for (const team of memberTeams) {
        for (const roleId of team.roleIds) {
            const role = roleById.get(roleId);
            const level = role?.readLevels[table] ?? 'None';
            apply(level, [team.id], team.businessUnitId);
            if (role?.memberPrivilegeInheritance === 'DirectUserAndTeam') {
                apply(level === 'None' ? 'None' : 'User', ownIds, user.businessUnitId);
            }
        }
    }
    return granted ? { organization, ownerIds, businessUnitIds } : undefined;
}

/** Owning business unit and owner of a stored row, by the table's ownership kind. */
export function rowOwnership(table: TableDefinition, row: StoredRow): { businessUnitId: string | null; ownerId: string | null } {
    if (table.ownership === 'BusinessUnit') {
        // businessunit rows carry their own id in businessunitid; users and teams their BU.
        const unit = row.businessunitid;
        return { businessUnitId: typeof unit === 'string' ? unit : null, ownerId: null };
    }
    const unit = row.owningbusinessunit;
    const owner = row.ownerid;
    return { businessUnitId: typeof unit === 'string' ? unit : null, ownerId: typeof owner === 'string' ? owner : null };
}

/** Whether a row with this owner and owning business unit is in scope. */
export function canReadOwnership(scope: ReadScope, ownerId: string | null, businessUnitId: string | null): boolean {
    return scope.organization || (ownerId !== null && scope.ownerIds.has(ownerId)) || (businessUnitId !== null && scope.businessUnitIds.has(businessUnitId));
}

export function canRead(scope: ReadScope, table: TableDefinition, row: StoredRow): boolean {
    const { businessUnitId, ownerId } = rowOwnership(table, row);
    return canReadOwnership(scope, ownerId, businessUnitId);
}

/**
 * The deepest read access `user` holds on `table` over all their roles and their teams' roles (what
 * `context.utils.hasEntityPrivilege` reports as the Read depth), or undefined without any read privilege.
 * Team roles count like in readScope: privileges add up over the user's teams.
 */
export function readDepth(organisation: Organisation, user: SystemUser, table: string): Exclude<AccessLevel, 'None'> | undefined {
    const order: readonly AccessLevel[] = ['None', 'User', 'BusinessUnit', 'ParentChild', 'Organization'];
    const roleById = new Map(organisation.roles.map((role) => [role.id, role]));
    const teamRoleIds = organisation.teams.filter((team) => team.memberIds.includes(user.id)).flatMap((team) => team.roleIds);
    let deepest: AccessLevel = 'None';
    for (const roleId of [...user.roleIds, ...teamRoleIds]) {
        const level = roleById.get(roleId)?.readLevels[table] ?? 'None';
        if (order.indexOf(level) > order.indexOf(deepest)) deepest = level;
    }
    return deepest === 'None' ? undefined : deepest;
}
