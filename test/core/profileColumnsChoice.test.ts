/**
 * Which profile columns the card shows (components/shared/profileColumns.ts), beyond the display-name
 * shapes of profileColumns.test.ts: what is asked of the metadata, every default candidate of each kind in
 * its order of preference, the first and last name when there is no full name, attributes the host gives
 * as null, the maker's list and its parsing, and the configuration error naming a missing column. Written
 * from mutation testing.
 */
import { DEFAULT_PROFILE_COLUMN_CANDIDATES, NAME_COLUMNS, parseColumnList, resolveProfileColumns } from '../../components/shared/profileColumns';
import { InsightsError } from '../../components/shared/failure';

/** Metadata that has exactly these columns (display name: the logical name in upper case); records the asks. */
function metadataWith(columns: readonly string[], asked: { table: string; attributes: string[] }[] = []) {
    return (table: string, attributes: string[]) => {
        asked.push({ table, attributes: [...attributes] });
        return Promise.resolve({ Attributes: { get: (name: string) => (columns.includes(name) ? { DisplayName: name.toUpperCase() } : undefined) } });
    };
}
const names = async (columns: readonly string[], configured: readonly string[] = []): Promise<string[]> => (await resolveProfileColumns(metadataWith(columns), configured)).map((c) => c.logicalName);

describe('the default columns', () => {
    it('asks the profile table for the name parts and every candidate once', async () => {
        const asked: { table: string; attributes: string[] }[] = [];
        await resolveProfileColumns(metadataWith([], asked), []);
        const expected = [...new Set([NAME_COLUMNS.firstName, NAME_COLUMNS.lastName, ...DEFAULT_PROFILE_COLUMN_CANDIDATES.flat()])];
        expect(asked).toStrictEqual([{ table: 'msdynci_customerprofile', attributes: expected }]);
        expect(expected).toContain('msdynci_fullname');
        expect(expected.filter((c) => c === NAME_COLUMNS.firstName)).toHaveLength(1);
    });

    it('has these candidates per kind, in this order', () => {
        expect(DEFAULT_PROFILE_COLUMN_CANDIDATES).toStrictEqual([
            ['msdynci_fullname', 'msdynci_name', 'msdynci_firstname'],
            ['msdynci_primaryemail', 'msdynci_email', 'msdynci_emailaddress1', 'msdynci_emailaddress'],
            ['msdynci_telephone', 'msdynci_primaryphone', 'msdynci_phone', 'msdynci_telephone1', 'msdynci_mobilephone'],
            ['msdynci_city', 'msdynci_address1_city'],
            ['msdynci_country', 'msdynci_countryregion', 'msdynci_address1_country'],
        ]);
    });

    it.each(DEFAULT_PROFILE_COLUMN_CANDIDATES.flatMap((kind) => kind.map((column, index) => [column, kind.slice(index)] as const)))(
        'takes %s when it is the first candidate of its kind that exists',
        async (column, fromHere) => {
            const chosen = await names(fromHere);
            expect(chosen[0]).toBe(column);
        },
    );

    it('takes one column per kind, in the order of the kinds, with display names', async () => {
        await expect(resolveProfileColumns(metadataWith(['msdynci_address1_country', 'msdynci_city', 'msdynci_email', 'msdynci_primaryemail', 'msdynci_name']), [])).resolves.toStrictEqual([
            { logicalName: 'msdynci_name', displayName: 'MSDYNCI_NAME' },
            { logicalName: 'msdynci_primaryemail', displayName: 'MSDYNCI_PRIMARYEMAIL' },
            { logicalName: 'msdynci_city', displayName: 'MSDYNCI_CITY' },
            { logicalName: 'msdynci_address1_country', displayName: 'MSDYNCI_ADDRESS1_COUNTRY' },
        ]);
    });

    it('adds the first and last name when there is no full name, without repeating one chosen already', async () => {
        expect(await names(['msdynci_firstname', 'msdynci_lastname', 'msdynci_city'])).toStrictEqual(['msdynci_firstname', 'msdynci_city', 'msdynci_lastname']);
        expect(await names(['msdynci_name', 'msdynci_firstname', 'msdynci_lastname'])).toStrictEqual(['msdynci_name', 'msdynci_firstname', 'msdynci_lastname']);
        expect(await names(['msdynci_lastname'])).toStrictEqual(['msdynci_lastname']);
        expect(await names(['msdynci_fullname', 'msdynci_firstname', 'msdynci_lastname'])).toStrictEqual(['msdynci_fullname']);
    });
});

describe("the maker's list", () => {
    it('asks for exactly the listed columns and keeps their order', async () => {
        const asked: { table: string; attributes: string[] }[] = [];
        const columns = await resolveProfileColumns(metadataWith(['msdynci_city', 'msdynci_fullname'], asked), ['msdynci_city', 'msdynci_fullname']);
        expect(asked).toStrictEqual([{ table: 'msdynci_customerprofile', attributes: ['msdynci_city', 'msdynci_fullname'] }]);
        expect(columns).toStrictEqual([
            { logicalName: 'msdynci_city', displayName: 'MSDYNCI_CITY' },
            { logicalName: 'msdynci_fullname', displayName: 'MSDYNCI_FULLNAME' },
        ]);
    });

    it('names the first missing column in a configuration error', async () => {
        const read = resolveProfileColumns(metadataWith(['msdynci_city']), ['msdynci_shoesize', 'msdynci_city', 'msdynci_hat']);
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toMatchObject({
            failure: { kind: 'configuration', code: 'UnknownProfileColumn', message: "The profile has no column named 'msdynci_shoesize'.", offendingName: 'msdynci_shoesize' },
        });
    });

    it('takes an attribute the host gives as null as missing, and a blank or null display name as the logical name', async () => {
        const metadata = () =>
            Promise.resolve({
                Attributes: {
                    get: (name: string) => ({ msdynci_gone: null, msdynci_blank: { DisplayName: '  ' }, msdynci_null: { DisplayName: null }, msdynci_label: { DisplayName: { UserLocalizedLabel: { Label: ' ' } } } })[name],
                },
            });
        await expect(resolveProfileColumns(metadata, ['msdynci_gone'])).rejects.toMatchObject({ failure: { offendingName: 'msdynci_gone' } });
        await expect(resolveProfileColumns(metadata, ['msdynci_blank', 'msdynci_null', 'msdynci_label'])).resolves.toStrictEqual([
            { logicalName: 'msdynci_blank', displayName: 'msdynci_blank' },
            { logicalName: 'msdynci_null', displayName: 'msdynci_null' },
            { logicalName: 'msdynci_label', displayName: 'msdynci_label' },
        ]);
    });

    it('parses names separated by commas, semicolons or line breaks, lower case, each once', () => {
        expect(parseColumnList(undefined)).toStrictEqual([]);
        expect(parseColumnList('')).toStrictEqual([]);
        expect(parseColumnList(' msdynci_City ;msdynci_fullname,,\r\nmsdynci_city\n msdynci_email ')).toStrictEqual(['msdynci_city', 'msdynci_fullname', 'msdynci_email']);
    });
});
