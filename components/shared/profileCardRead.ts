/** What the profile card reads: the columns to show (from metadata), then the profile through the core. */
import type { FoundProfile, InsightsReaderCore } from './index';
import type { ProfileInputs } from './host/profileInputs';
import { resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from './formProfile';
import { parseColumnList, NAME_COLUMNS, type EntityMetadataReader, type ProfileColumn } from './profileColumns';

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

export async function readProfileCard(reader: InsightsReaderCore, inputs: ProfileInputs, readMetadata: EntityMetadataReader, configuredColumns: string | undefined): Promise<ProfileCardData> {
    const { resolution, columns } = await resolveFormProfile(reader, inputs, { readMetadata, configured: parseColumnList(configuredColumns) });
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
