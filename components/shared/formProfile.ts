/**
 * What every form control does first: resolve the form's profile, and shape what it shows around it (the
 * state for a profile that did not resolve, and the origin for the business-unit badge).
 */
import type { InsightsReaderCore } from './insightsReader';
import type { FoundProfile, NoProfile, ProfileNotVisible, ProfileResolution } from './profile';
import type { ProfileInputs } from './host/profileInputs';
import { InsightsError } from './failure';
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
 * Resolves the form's profile. A control that shows profile columns (the card) asks with `columnsRequired`
 * and the maker's list (`configuredColumns`, empty for the tenant's default display columns): its metadata is
 * read alongside the first read of the resolution, and only its profile read waits for the columns.
 * Controls that show no columns (the default) ask for the tenant's default display columns only when that
 * costs no time, i.e. when their profile read waits for another read anyway (the contact's lookup): then they
 * send the card's profile read, which the page-wide cache sends once. When the profile read comes first (a
 * bound profile lookup), they read the profile's identity columns at once and their own rows right after it,
 * without waiting for metadata (a form with the card then reads the profile table twice, for one round trip
 * less). Metadata answers are shared page-wide (host/entityMetadata).
 */
export async function resolveFormProfile(
    reader: InsightsReaderCore,
    inputs: ProfileInputs,
    readMetadata?: EntityMetadataReader,
    options: { readonly configuredColumns?: readonly string[]; readonly columnsRequired?: boolean } = {},
): Promise<{ readonly resolution: ProfileResolution; readonly columns: readonly ProfileColumn[] }> {
    const required = options.columnsRequired === true;
    if (readMetadata === undefined) {
        if (required) throw new InsightsError({ kind: 'configuration', code: 'NoMetadata', message: 'The host gives no table metadata for the profile columns.' });
        return { resolution: await reader.resolveProfile(inputs.request, inputs.links), columns: [] };
    }
    let columns: Promise<ProfileColumn[]> | undefined;
    const workOut = (): Promise<ProfileColumn[]> => (columns ??= resolveProfileColumns(readMetadata, options.configuredColumns ?? []));
    const resolution = await reader.resolveProfile(inputs.request, inputs.links, {
        columns: () => workOut().then((list) => list.map((c) => c.logicalName)),
        wait: required ? 'always' : 'whenFree',
    });
    // Display names for a found profile; the columns were read with it (a required failure already failed it).
    const shown = resolution.kind === 'found' && columns !== undefined ? await columns.catch((): ProfileColumn[] => []) : [];
    return { resolution, columns: shown.filter((c) => resolution.kind !== 'found' || resolution.columns.has(c.logicalName)) };
}
