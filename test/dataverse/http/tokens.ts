/**
 * Static development tokens of the local Dataverse Web API server (`npm run dataverse`): the bearer token
 * chooses the caller, so business-unit security applies per request exactly as in-process. They are not
 * secrets: the server only listens on loopback and serves synthetic data. Browser-safe (the playground
 * shows them).
 *
 * | Token                       | Caller                                                    |
 * |-----------------------------|-----------------------------------------------------------|
 * | `cibu-dev.serviceAgent`     | Avery Service, United States, Business Unit read          |
 * | `cibu-dev.salesManager`     | Morgan Sales, North America, Parent: Child read           |
 * | `cibu-dev.administrator`    | Alex Admin, Contoso (root), Organization read             |
 * | `cibu-dev.ownerTeamMember`  | Taylor Team, France, reads through the Germany Key Accounts team |
 * | `cibu-dev.noRole`           | Jordan Norole, no Customer Insights role                  |
 * | `cibu-dev.user.<systemuserid>` | any other user of the synthetic tenant (e.g. the key-account reader) |
 */
import { PERSONA_LIST, type PersonaKey } from '../personas';

const PREFIX = 'cibu-dev.';

export const DEV_TOKENS: Readonly<Record<PersonaKey, string>> = Object.fromEntries(PERSONA_LIST.map((persona) => [persona.key, `${PREFIX}${persona.key}`])) as Record<PersonaKey, string>;

/** The token of any tenant user by systemuserid. */
export function devTokenForUser(userId: string): string {
    const persona = PERSONA_LIST.find((candidate) => candidate.userId === userId.toLowerCase());
    return persona !== undefined ? DEV_TOKENS[persona.key] : `${PREFIX}user.${userId.toLowerCase()}`;
}

/** The systemuserid a development token stands for, or undefined for anything else. */
export function userIdOfDevToken(token: string): string | undefined {
    if (!token.startsWith(PREFIX)) return undefined;
    const rest = token.slice(PREFIX.length);
    const persona = PERSONA_LIST.find((candidate) => candidate.key === rest);
    if (persona !== undefined) return persona.userId;
    const user = /^user\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(rest);
    return user?.[1];
}
