/**
 * What every form control does first: resolve the form's profile, and shape what it shows around it (the
 * state for a profile that did not resolve, and the origin for the business-unit badge).
 */
import type { InsightsReaderCore } from './insightsReader';
import type { FoundProfile, NoProfile, ProfileNotVisible, ProfileResolution } from './profile';
import type { ProfileInputs } from './host/profileInputs';
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
 * Resolves the form's profile for a control that shows no profile columns: it asks for none and never waits
 * for metadata, so every such control on the form sends the same read of the profile's identity columns, which
 * the page-wide cache sends once, and reads its own rows right after it. The card, which shows profile
 * columns, resolves through `resolveProfileWithColumns` (./profileCardRead) instead, so that the column and
 * metadata code is only in the bundles that show columns.
 */
export async function resolveFormProfile(reader: InsightsReaderCore, inputs: ProfileInputs): Promise<{ readonly resolution: ProfileResolution }> {
    return { resolution: await reader.resolveProfile(inputs.request, inputs.links) };
}
