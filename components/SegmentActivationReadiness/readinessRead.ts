/**
 * What the readiness control reads: which segment and which owner business unit (from the maker's
 * properties, else the form's record), whether the user reads every business unit, then the check itself,
 * all through the core.
 */
import type { InsightsReaderCore, SegmentReadiness } from '../shared';
import { checkSegmentReadiness, readOwningBusinessUnit } from '../shared/readiness';
import { CustomerInsightsTables } from '../shared/schema';

/** The inputs that decide what is checked; `key` changes exactly when they do. */
export interface ReadinessInputs {
    /** The output name to check: the maker's property when set, else the bound column's value. */
    readonly outputName?: string;
    /** The owner business unit from the lookup property. */
    readonly ownerBusinessUnitId?: string;
    /** The form's record, whose owning business unit is used when no lookup is set. */
    readonly record?: { readonly id?: string; readonly table?: string };
    readonly key: string;
}

/** What the host provides besides the reader (read from the context in index.ts). */
export interface ReadinessServices {
    /** False in the app designer or anywhere without `context.webAPI`: nothing can be read. */
    readonly canRead: boolean;
    /** Read at Global depth on segment membership (hasEntityPrivilege after getEntityMetadata). */
    readonly readsAllBusinessUnits: (table: string) => Promise<boolean>;
    /** The primary id column of a table (from its metadata). */
    readonly primaryIdColumn: (table: string) => Promise<string>;
}

export type ReadinessData =
    | { readonly kind: 'checked'; readonly readiness: SegmentReadiness }
    /** No output name to check: the maker has to set one. */
    | { readonly kind: 'noOutputName' }
    /** No owner business unit: on a create form (`noRecord`), without a record or lookup (`noOwner`), or not readable (`ownerUnknown`). */
    | { readonly kind: 'noRecord' | 'noOwner' | 'ownerUnknown' }
    /** In the app designer: what the control does, nothing read. */
    | { readonly kind: 'preview' };

const text = (value: string | null | undefined): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function readinessInputs(
    parameters: {
        readonly segmentColumn?: ComponentFramework.PropertyTypes.StringProperty;
        readonly segmentOutputName?: ComponentFramework.PropertyTypes.StringProperty;
        readonly ownerBusinessUnit?: ComponentFramework.PropertyTypes.LookupProperty;
    },
    record: { readonly id?: string; readonly table?: string },
): ReadinessInputs {
    // Output names are table names: surrounding spaces are never part of one (a pasted value often has them).
    const outputName = (text(parameters.segmentOutputName?.raw) ?? text(parameters.segmentColumn?.raw))?.trim();
    const ownerBusinessUnitId = text(parameters.ownerBusinessUnit?.raw?.[0]?.id);
    return {
        ...(outputName !== undefined ? { outputName } : {}),
        ...(ownerBusinessUnitId !== undefined ? { ownerBusinessUnitId } : {}),
        record,
        key: JSON.stringify([outputName ?? null, ownerBusinessUnitId ?? null, record.id ?? null, record.table ?? null]),
    };
}

export async function readReadiness(reader: InsightsReaderCore, inputs: ReadinessInputs, services: ReadinessServices): Promise<ReadinessData> {
    if (!services.canRead) return { kind: 'preview' };
    if (inputs.outputName === undefined) return { kind: 'noOutputName' };
    const membership = CustomerInsightsTables.segmentMembership.logicalName;
    const readsAll = services.readsAllBusinessUnits(membership);
    let ownerId = inputs.ownerBusinessUnitId;
    if (ownerId === undefined) {
        const { id, table } = inputs.record ?? {};
        if (table === undefined) return { kind: 'noOwner' };
        if (id === undefined) return { kind: 'noRecord' };
        const owner = await reader.use(readOwningBusinessUnit, { table, primaryIdColumn: await services.primaryIdColumn(table), id });
        if (owner === undefined) return { kind: 'ownerUnknown' };
        ownerId = owner.id;
    }
    const readiness = await reader.use(checkSegmentReadiness, { outputName: inputs.outputName, ownerBusinessUnitId: ownerId, readsAllBusinessUnits: await readsAll });
    return { kind: 'checked', readiness };
}
