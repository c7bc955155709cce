/**
 * The privileges a user holds, as `RetrieveUserPrivileges` lists them ("through their roles, and inherited
 * privileges from their team membership"): one entry per role that grants the privilege, with its depth
 * and the business unit it applies to (the user's for their own roles, the team's for a team's roles).
 * Only read privileges (`prvRead<table>`) are modelled, since that is all the security model here holds.
 *
 * Depths: Basic = User, Local = Business Unit, Deep = Parent: Child, Global = Organization.
 */
import type { AccessLevel, Organisation, SystemUser } from './organisation';

export type PrivilegeDepth = 'Basic' | 'Local' | 'Deep' | 'Global';

export interface RolePrivilege {
    readonly PrivilegeName: string;
    readonly PrivilegeId: string;
    readonly Depth: PrivilegeDepth;
    readonly BusinessUnitId: string;
}

const DEPTHS: Readonly<Record<Exclude<AccessLevel, 'None'>, PrivilegeDepth>> = { User: 'Basic', BusinessUnit: 'Local', ParentChild: 'Deep', Organization: 'Global' };

/** A stable id per privilege name (the emulator keeps no privilege table). */
function privilegeId(name: string): string {
    let hash = 5381;
    for (let i = 0; i < name.length; i++) hash = ((hash * 33) ^ name.charCodeAt(i)) >>> 0;
    const hex = hash.toString(16).padStart(8, '0');
    return `${hex}-0000-4000-9000-${hex}0000`;
}

export function readPrivileges(organisation: Organisation, user: SystemUser): RolePrivilege[] {
    const roles = new Map(organisation.roles.map((role) => [role.id, role]));
    const grants: Array<{ roleIds: readonly string[]; businessUnitId: string }> = [
        { roleIds: user.roleIds, businessUnitId: user.businessUnitId },
        ...organisation.teams.filter((team) => team.memberIds.includes(user.id)).map((team) => ({ roleIds: team.roleIds, businessUnitId: team.businessUnitId })),
    ];
    const privileges: RolePrivilege[] = [];
    for (const grant of grants) {
        for (const roleId of grant.roleIds) {
            for (const [table, level] of Object.entries(roles.get(roleId)?.readLevels ?? {})) {
                if (level === 'None') continue;
                const name = `prvRead${table}`;
                privileges.push({ PrivilegeName: name, PrivilegeId: privilegeId(name), Depth: DEPTHS[level], BusinessUnitId: grant.businessUnitId });
            }
        }
    }
    return privileges;
}
