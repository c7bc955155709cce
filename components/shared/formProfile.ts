/**
 * What every form control does first: resolve the form's profile, and shape what it shows around it (the
 * state for a profile that did not resolve, and the origin for the business-unit badge).
 */
import type { InsightsReaderCore } from './insightsReader';
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
 * Resolves the form's profile. Controls that show no profile columns (the default) ask for none and never
 * wait for metadata: they all send the same read of the profile's identity columns, which the page-wide
 * cache sends once, and read their own rows right after it. A control that shows profile columns (the card)
 * passes `readMetadata` and the maker's list (`configuredColumns`, empty for the tenant's default display
 * columns): its metadata is read alongside the first read of the resolution (shared page-wide, see
 * host/entityMetadata), and only its profile read waits for the columns. A form with the card and another
 * control therefore reads the profile table twice (the card's columns, the others' identity), and none of
 * them waits for the other.
 */
export async function resolveFormProfile(
    reader: InsightsReaderCore,
    inputs: ProfileInputs,
    columns?: { readonly readMetadata: EntityMetadataReader; readonly configured: readonly string[] },
): Promise<{ readonly resolution: ProfileResolution; readonly columns: readonly ProfileColumn[] }> {
    if (columns === undefined) return { resolution: await reader.resolveProfile(inputs.request, inputs.links), columns: [] };
    let worked: Promise<ProfileColumn[]> | undefined;
    const resolution = await reader.resolveProfile(inputs.request, inputs.links, {
        columns: () => (worked ??= resolveProfileColumns(columns.readMetadata, columns.configured)).then((list) => list.map((c) => c.logicalName)),
    });
    // Display names for a found profile; its read already waited for them (and failed if they failed).
    return { resolution, columns: resolution.kind === 'found' && worked !== undefined ? await worked : [] };
}
