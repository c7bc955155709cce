/**
 * Which profile columns a card shows. Tenants name their unified columns differently, so the default is the
 * first existing column of each kind (name, email, phone, location) found in the tenant's metadata, with the
 * tenant's display names. Columns a maker lists that do not exist are a configuration problem, not a crash.
 */
import { InsightsError } from './failure';
import { CustomerInsightsTables } from './schema';

/** Candidates per kind, in order of preference (domain.md: names come from the tenant's unification). */
export const DEFAULT_PROFILE_COLUMN_CANDIDATES: readonly (readonly string[])[] = [
    ['msdynci_fullname', 'msdynci_name', 'msdynci_firstname'],
    ['msdynci_primaryemail', 'msdynci_email', 'msdynci_emailaddress1', 'msdynci_emailaddress'],
    ['msdynci_telephone', 'msdynci_primaryphone', 'msdynci_phone', 'msdynci_telephone1', 'msdynci_mobilephone'],
    ['msdynci_city', 'msdynci_address1_city'],
    ['msdynci_country', 'msdynci_countryregion', 'msdynci_address1_country'],
];

/** The name shown as the card's title: the full name, or first and last name. */
export const NAME_COLUMNS = { fullName: 'msdynci_fullname', firstName: 'msdynci_firstname', lastName: 'msdynci_lastname' } as const;

export interface ProfileColumn {
    readonly logicalName: string;
    readonly displayName: string;
}

/** What `context.utils.getEntityMetadata` gives, read defensively (its Attributes shape differs by host). */
export type EntityMetadataReader = (table: string, attributes: string[]) => Promise<unknown>;

/** Parses the maker's list: names separated by commas, semicolons or line breaks. */
export function parseColumnList(value: string | undefined): string[] {
    if (value === undefined) return [];
    return [...new Set(value.split(/[,;\n\r]+/).map((c) => c.trim().toLowerCase()).filter((c) => c !== ''))];
}

/**
 * Platform assumption (docs/platform-assumptions.md): `getEntityMetadata` resolves to an object whose
 * `Attributes.get(name)` gives the attribute, its `DisplayName` as text (PCF) or as `{ UserLocalizedLabel:
 * { Label } }` (the Xrm.Utility.getEntityMetadata shape). Source: the PCF Utility reference. Anything else:
 * the column is treated as missing (or shown by its logical name when it exists without a label).
 */
function displayNameOf(metadata: unknown, column: string): string | undefined {
    const attributes = (metadata as { Attributes?: { get?: (name: string) => unknown } } | undefined)?.Attributes;
    const attribute = typeof attributes?.get === 'function' ? attributes.get(column) : undefined;
    if (attribute === undefined || attribute === null) return undefined;
    const display = (attribute as { DisplayName?: unknown }).DisplayName;
    if (typeof display === 'string' && display.trim() !== '') return display;
    const label = (display as { UserLocalizedLabel?: { Label?: unknown } } | undefined)?.UserLocalizedLabel?.Label;
    return typeof label === 'string' && label.trim() !== '' ? label : column;
}

/**
 * The columns to show: the maker's list (each must exist) or the default kinds that exist in this tenant.
 * Throws a configuration InsightsError naming the first missing column.
 */
export async function resolveProfileColumns(readMetadata: EntityMetadataReader, configured: readonly string[]): Promise<ProfileColumn[]> {
    const wanted = configured.length > 0 ? [...configured] : [...new Set([NAME_COLUMNS.firstName, NAME_COLUMNS.lastName, ...DEFAULT_PROFILE_COLUMN_CANDIDATES.flat()])];
    const metadata = await readMetadata(CustomerInsightsTables.customerProfile.logicalName, wanted);
    if (configured.length > 0) {
        const missing = configured.find((column) => displayNameOf(metadata, column) === undefined);
        if (missing !== undefined) {
            throw new InsightsError({ kind: 'configuration', code: 'UnknownProfileColumn', message: `The profile has no column named '${missing}'.`, offendingName: missing });
        }
        return configured.map((column) => ({ logicalName: column, displayName: displayNameOf(metadata, column) ?? column }));
    }
    const chosen = DEFAULT_PROFILE_COLUMN_CANDIDATES.map((kind) => kind.find((column) => displayNameOf(metadata, column) !== undefined)).filter(
        (column): column is string => column !== undefined,
    );
    const nameParts = chosen.includes(NAME_COLUMNS.fullName) ? [] : [NAME_COLUMNS.firstName, NAME_COLUMNS.lastName].filter((c) => displayNameOf(metadata, c) !== undefined && !chosen.includes(c));
    return [...chosen, ...nameParts].map((column) => ({ logicalName: column, displayName: displayNameOf(metadata, column) ?? column }));
}

