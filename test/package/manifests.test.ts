/**
 * Manifest rules the platform enforces or documents for this library's controls, checked on the sources (no
 * build needed): a dataset control keeps its Lookup.Simple properties inside the data-set (PCF manifest docs:
 * "If the manifest.xml file contains at least one dataset, then properties of type Lookup.Simple should be also
 * wrapped into the data-set element") and keeps the host's command bar, view selector and quick find.
 */
import { readdirSync, existsSync } from 'fs';
import { join } from 'path';
import { loadManifest } from '../host/node';

const components = join(__dirname, '..', '..', 'components');
const controls = readdirSync(components).filter((name) => existsSync(join(components, name, 'ControlManifest.Input.xml')));

describe.each(controls)('%s manifest', (control) => {
    const manifest = loadManifest(control);

    it('puts Lookup.Simple properties inside the data-set when it has one', () => {
        if (manifest.dataSets.length === 0) return;
        const typeOf = (property: { ofType?: string; typeGroup?: string }): readonly string[] => (property.ofType !== undefined ? [property.ofType] : (manifest.typeGroups.get(property.typeGroup ?? '') ?? []));
        expect(manifest.properties.filter((property) => typeOf(property).includes('Lookup.Simple')).map((property) => property.name)).toStrictEqual([]);
    });

    it('keeps the host command bar, view selector and quick find for every data-set', () => {
        for (const dataSet of manifest.dataSets) {
            expect(dataSet.cdsDataSetOptions?.split(';').sort()).toStrictEqual(['displayCommandBar:true', 'displayQuickFind:true', 'displayViewSelector:true']);
        }
    });
});

it('the grid binds the profile lookup and the profile key column as property sets of its data-set', () => {
    const manifest = loadManifest('CustomerInsightsGrid');
    expect(manifest.dataSets.map((dataSet) => dataSet.name)).toStrictEqual(['records']);
    expect(manifest.dataSets[0]?.propertySets.map((set) => `${set.name}:${set.ofType ?? set.typeGroup ?? ''}:${set.usage}`)).toStrictEqual(['profileLookup:Lookup.Simple:bound', 'profileKey:keyTypes:bound']);
});
