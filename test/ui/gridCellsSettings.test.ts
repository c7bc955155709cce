/** Which host columns the grid cells customizer draws in (components/CustomerInsightsGridCells/cellsSettings.ts). */
import { parseCellColumns, readCellsSettings } from '../../components/CustomerInsightsGridCells/cellsSettings';
import type { IInputs } from '../../components/CustomerInsightsGridCells/generated/ManifestTypes';

const parameters = (raw: Record<string, unknown>): IInputs => Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, { raw: value }])) as unknown as IInputs;

describe('cell columns', () => {
    it('by default: the profile lookup shows the business unit, <prefix>_ci<kind> placeholders their kind, nothing else', () => {
        const settings = readCellsSettings(parameters({}));
        expect(settings.kindOf('msdynci_lookupfield_customerprofile')).toBe('businessUnit');
        expect(settings.kindOf('cr123_cisegments')).toBe('segments');
        expect(settings.kindOf('new_CIMeasures')).toBe('measures');
        expect(settings.kindOf('abc_cifreshness')).toBe('freshness');
        expect(settings.kindOf('abc_cibusinessunit')).toBe('businessUnit');
        for (const other of ['fullname', 'cisegments', 'cr123_cisegments2', 'cr123_segments', '', 'a_b_cisegments']) expect(settings.kindOf(other)).toBeUndefined();
        expect(settings.session).toMatchObject({ segments: true, measures: true });
    });

    it("the maker's list replaces the defaults, and only its kinds' tables are read", () => {
        const settings = readCellsSettings(parameters({ cellColumns: 'EmailAddress1 = Segments\nbad line\nx = unknown\n = segments\naddress1_city=business unit' }));
        expect(settings.kindOf('emailaddress1')).toBe('segments');
        expect(settings.kindOf('address1_city')).toBe('businessUnit');
        expect(settings.kindOf('msdynci_lookupfield_customerprofile')).toBeUndefined();
        expect(settings.kindOf('cr123_cisegments')).toBeUndefined();
        expect(settings.session).toMatchObject({ segments: true, measures: false });
        expect(parseCellColumns('a = measures; b = freshness')).toStrictEqual(new Map([['a', 'measures'], ['b', 'freshness']]));
        expect(parseCellColumns(undefined).size).toBe(0);
    });

    it('bounds the numbers and reads the link settings', () => {
        const settings = readCellsSettings(parameters({ segmentTags: 99, measureCount: -3, useAlternateKeys: 'no', profileKeyColumn: ' msdynci_crm_contact_contactid ', alternateKeyTable: 'lead' }));
        expect(settings.segmentTagLimit).toBe(20);
        expect(settings.measureCount).toBe(1);
        expect(settings.session.links).toStrictEqual({ useRecordLookup: true, useAlternateKeys: false, alternateKeyEntityName: 'lead', profileKeyColumn: 'msdynci_crm_contact_contactid' });
    });
});
