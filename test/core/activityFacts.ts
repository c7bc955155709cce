/**
 * A customer's unified activities in timeline order (time desc, id desc), straight from the tenant's stored
 * rows, for tests that check what the reader or the control shows (not through the emulator's query).
 */
import type { DataverseEmulator, StoredRow } from '../dataverse';
import type { ActivityFilter } from '../../components/shared';

export const timeOf = (row: StoredRow): number => Date.parse(String(row.msdynci_activitytime));
export const idOf = (row: StoredRow): string => String(row.msdynci_unifiedactivityid);

export function storedActivities(dv: DataverseEmulator, customerId: string, filter: ActivityFilter = {}): StoredRow[] {
    const types = new Set((filter.activityTypes ?? []).map((t) => t.toLowerCase()));
    const needle = filter.titleContains?.trim().toLowerCase() ?? '';
    return [...dv.tenant.rows('msdynci_unifiedactivity')]
        .filter((row) => row.msdynci_customerid === customerId && row.msdynci_activitytime !== null)
        .filter((row) => types.size === 0 || types.has(String(row.msdynci_activitytype).toLowerCase()))
        .filter((row) => filter.since === undefined || timeOf(row) >= filter.since.getTime())
        .filter((row) => filter.before === undefined || timeOf(row) < filter.before.getTime())
        .filter((row) => needle === '' || String(row.msdynci_title ?? '').toLowerCase().includes(needle))
        .sort((a, b) => timeOf(b) - timeOf(a) || (idOf(b) > idOf(a) ? 1 : idOf(b) < idOf(a) ? -1 : 0));
}
