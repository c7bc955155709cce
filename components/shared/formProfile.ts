/**
 * What every form control does first: resolve the form's profile, and shape what it shows around it (the
 * state for a profile that did not resolve, and the origin for the business-unit badge).
 */
import type { InsightsReader } from './insightsReader';
import type { FoundProfile, NoProfile, ProfileNotVisible, ProfileResolution } from './profile';
import type { ProfileInputs } from './host/profileInputs';
import { resolveProfileColumns, type EntityMetadataReader, type ProfileColumn } from './profileColumns';
import type { RowOrigin } from './rows';

/** A profile that did not resolve: a record not saved yet, no profile, or one this user may not see. */
export interface UnresolvedProfile {
    readonly kind: 'noProfile' | 'notVisible';
    readonly noRecord: boolean;
    /** The bound column holds no id (`hello world`): its name and what it holds, for the message. */
    readonly notAnId?: { readonly column: string; readonly value: string };
}

/** `inputs` names the bound column for the "not an id" message; pass the form's profile inputs. */
export function unresolvedProfile(resolution: NoProfile | ProfileNotVisible, inputs?: Pick<ProfileInputs, 'referenceColumn'>): UnresolvedProfile {
    const noRecord = resolution.kind === 'noProfile' && resolution.reason === 'noRecord';
    if (resolution.kind === 'noProfile' && resolution.reason === 'notAnId') {
        return { kind: 'noProfile', noRecord, notAnId: { column: inputs?.referenceColumn ?? '', value: resolution.reference ?? '' } };
    }
    return { kind: resolution.kind, noRecord };
}

/** Whose rows these are and how fresh, for the badge: the rows' own, else the profile's. */
export function originOf(rows: RowOrigin, profile: FoundProfile): RowOrigin {
    return { owningBusinessUnit: rows.owningBusinessUnit ?? profile.owningBusinessUnit, modifiedOn: rows.modifiedOn ?? profile.modifiedOn };
}

/**
 * Resolves the form's profile with the profile columns every control on the form agrees on: the maker's list
 * for the card, otherwise the tenant's default display columns. Controls that show no profile columns still
 * ask for the defaults, so their profile read is the card's, and the page-wide cache sends it once.
 * `columnsRequired`: false for controls that do not show columns, which then carry on without them when the
 * metadata cannot be read.
 */
export async function resolveFormProfile(
    reader: InsightsReader,
    inputs: ProfileInputs,
    readMetadata: EntityMetadataReader,
    options: { readonly configuredColumns?: readonly string[]; readonly columnsRequired?: boolean } = {},
): Promise<{ readonly resolution: ProfileResolution; readonly columns: readonly ProfileColumn[] }> {
    let columns: ProfileColumn[] = [];
    try {
        columns = await resolveProfileColumns(readMetadata, options.configuredColumns ?? []);
    } catch (error) {
        if (options.columnsRequired === true) throw error;
    }
    const resolution = await reader.resolveProfile(inputs.request, { ...inputs.links, profileColumns: columns.map((c) => c.logicalName) });
    return { resolution, columns };
}
