/**
 * What the platform lets a control read: whether `context.webAPI` is there at all, and what the user's
 * security roles allow as `context.utils` reports it. The only place that calls `hasEntityPrivilege`: its
 * documentation warns that it "might return false if the table metadata isn't locally cached" and says to
 * await `getEntityMetadata` first, so this always does.
 */

/** `PropertyHelper.Types.PrivilegeType` / `PrivilegeDepth` values (PCF typings: numbers, not an enum at run time). */
const PRIVILEGE_READ = 2;
const DEPTH_GLOBAL = 3;

/**
 * Whether the user reads `table` in every business unit (Read at Global depth). False when the platform
 * cannot say (no utils, metadata unavailable, an exception): the caller then claims less, never more.
 */
export async function readsEveryBusinessUnit<TInputs>(context: ComponentFramework.Context<TInputs>, table: string): Promise<boolean> {
    const utils = context.utils as Partial<ComponentFramework.Utility> | undefined;
    if (typeof utils?.getEntityMetadata !== 'function' || typeof utils.hasEntityPrivilege !== 'function') return false;
    try {
        await utils.getEntityMetadata(table, []);
        return utils.hasEntityPrivilege(table, PRIVILEGE_READ, DEPTH_GLOBAL) === true;
    } catch {
        return false;
    }
}

/**
 * Whether `context.webAPI` can read at all. The app designer's preview may host a control without it; a
 * control then shows what it would do instead of failing ("Error loading control").
 */
export function canReadData<TInputs>(context: ComponentFramework.Context<TInputs>): boolean {
    const webApi = (context as { webAPI?: Partial<ComponentFramework.WebApi> }).webAPI;
    return typeof webApi?.retrieveMultipleRecords === 'function';
}
