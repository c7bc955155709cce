/**
 * What the controls read of `context.utils.getEntityMetadata` (docs/platform-assumptions.md): its
 * `Attributes.get(name)` with a display name as text or as a localized label, read defensively.
 */
import { resolveProfileColumns } from '../../components/shared/profileColumns';

/** Metadata as a host may give it: attributes by name with the given DisplayName values. */
function metadata(attributes: Record<string, unknown>): () => Promise<unknown> {
    return () => Promise.resolve({ Attributes: { get: (name: string) => (name in attributes ? { LogicalName: name, DisplayName: attributes[name] } : undefined) } });
}

describe('profile columns from the tenant metadata', () => {
    it('reads a display name given as text or as { UserLocalizedLabel: { Label } }', async () => {
        const read = metadata({ msdynci_fullname: 'Full Name', msdynci_primaryemail: { UserLocalizedLabel: { Label: 'E-mail' } } });
        await expect(resolveProfileColumns(read, [])).resolves.toStrictEqual([
            { logicalName: 'msdynci_fullname', displayName: 'Full Name' },
            { logicalName: 'msdynci_primaryemail', displayName: 'E-mail' },
        ]);
    });

    it('shows the logical name when an existing column has no readable display name', async () => {
        await expect(resolveProfileColumns(metadata({ msdynci_city: { UserLocalizedLabel: null } }), ['msdynci_city'])).resolves.toStrictEqual([{ logicalName: 'msdynci_city', displayName: 'msdynci_city' }]);
    });

    it('names a listed column the metadata does not have as a configuration problem', async () => {
        await expect(resolveProfileColumns(metadata({ msdynci_city: 'City' }), ['msdynci_city', 'msdynci_shoesize'])).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'msdynci_shoesize' } });
    });

    it('copes with metadata of another shape: no Attributes, or no get()', async () => {
        await expect(resolveProfileColumns(() => Promise.resolve({}), [])).resolves.toStrictEqual([]);
        await expect(resolveProfileColumns(() => Promise.resolve({ Attributes: [] }), [])).resolves.toStrictEqual([]);
        await expect(resolveProfileColumns(() => Promise.resolve(undefined), ['msdynci_city'])).rejects.toMatchObject({ failure: { kind: 'configuration', offendingName: 'msdynci_city' } });
    });
});
