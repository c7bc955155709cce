/** What the profile card reads: the columns to show (from metadata), then the profile through the core. */
import type { FoundProfile, InsightsReaderCore } from './index';
import type { ProfileInputs } from './host/profileInputs';
import type { ProfileResolution } from './profile';
import { unresolvedProfile, type UnresolvedProfile } from './formProfile';
import { parseColumnList, resolveProfileColumns, NAME_COLUMNS, type EntityMetadataReader, type ProfileColumn } from './profileColumns';

export interface ProfileField {
    readonly column: ProfileColumn;
    /** Text as the platform formats it; undefined when the profile has no value. */
    readonly text: string | undefined;
}

export type ProfileCardData =
    | { readonly kind: 'found'; readonly profile: FoundProfile; readonly name: string | undefined; readonly fields: readonly ProfileField[] }
    | UnresolvedProfile;

function textOf(profile: FoundProfile, column: string): string | undefined {
    const cell = profile.columns.get(column);
    if (cell === undefined || cell.value === null || cell.value === undefined || cell.value === '') return undefined;
    if (cell.formattedValue !== undefined) return cell.formattedValue;
    return typeof cell.value === 'string' || typeof cell.value === 'number' || typeof cell.value === 'boolean' ? String(cell.value) : undefined;
}

/**
 * Resolves the form's profile with the columns the card shows (the maker's list, or the tenant's default
 * display columns when `configured` is empty). The metadata is read alongside the first read of the
 * resolution (shared page-wide, see host/entityMetadata), and only the profile read waits for the columns.
 * The other controls read the profile's identity columns at once (`resolveFormProfile`), so a form with the
 * card and another control reads the profile table twice, and none of them waits for the other.
 */
export async function resolveProfileWithColumns(
    reader: InsightsReaderCore,
    inputs: ProfileInputs,
    readMetadata: EntityMetadataReader,
    configured: readonly string[],
): Promise<{ readonly resolution: ProfileResolution; readonly columns: readonly ProfileColumn[] }> {
    let worked: Promise<ProfileColumn[]> | undefined;
    const resolution = await reader.resolveProfile(inputs.request, inputs.links, {
        columns: () => (worked ??= resolveProfileColumns(readMetadata, configured)).then((list) => list.map((c) => c.logicalName)),
    });
    // Display names for a found profile; its read already waited for them (and failed if they failed).
    return { resolution, columns: resolution.kind === 'found' && worked !== undefined ? await worked : [] };
}

export async function readProfileCard(reader: InsightsReaderCore, inputs: ProfileInputs, readMetadata: EntityMetadataReader, configuredColumns: string | undefined): Promise<ProfileCardData> {
    const { resolution, columns } = await resolveProfileWithColumns(reader, inputs, readMetadata, parseColumnList(configuredColumns));
    const nameColumns = [NAME_COLUMNS.fullName, NAME_COLUMNS.firstName, NAME_COLUMNS.lastName].filter((c) => columns.some((col) => col.logicalName === c));
    if (resolution.kind !== 'found') return unresolvedProfile(resolution, inputs);
    const fullName = textOf(resolution, NAME_COLUMNS.fullName);
    const name = fullName ?? ([textOf(resolution, NAME_COLUMNS.firstName), textOf(resolution, NAME_COLUMNS.lastName)].filter(Boolean).join(' ') || undefined);
    return {
        kind: 'found',
        profile: resolution,
        name,
        fields: columns.filter((c) => !nameColumns.includes(c.logicalName as (typeof nameColumns)[number])).map((column) => ({ column, text: textOf(resolution, column.logicalName) })),
    };
}
