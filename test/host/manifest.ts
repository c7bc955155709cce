/** The parts of a control manifest the host needs: property names, types and defaults. Browser-safe. */
import { XMLParser } from 'fast-xml-parser';

export interface ManifestProperty {
    readonly name: string;
    readonly ofType?: string;
    readonly typeGroup?: string;
    readonly usage: 'bound' | 'input' | 'output';
    readonly defaultValue?: string;
    readonly displayNameKey: string;
    readonly descriptionKey?: string;
    readonly valueDisplayNameKeys: readonly string[];
}

/** A `<data-set>` of a dataset control, with the columns (`<property-set>`) a maker binds inside it. */
export interface ManifestDataSet {
    readonly name: string;
    readonly displayNameKey: string;
    readonly descriptionKey?: string;
    readonly cdsDataSetOptions?: string;
    readonly propertySets: readonly ManifestProperty[];
}

export interface ControlManifest {
    readonly namespace: string;
    readonly constructorName: string;
    readonly displayNameKey: string;
    readonly descriptionKey?: string;
    readonly properties: readonly ManifestProperty[];
    readonly dataSets: readonly ManifestDataSet[];
    readonly typeGroups: ReadonlyMap<string, readonly string[]>;
    readonly resx: readonly string[];
    readonly previewImage?: string;
}

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['property', 'property-set', 'data-set', 'value', 'type-group', 'type', 'resx', 'uses-feature'].includes(name),
});

type Attributes = Record<string, string | undefined>;

export function parseManifest(xml: string): ControlManifest {
    const control = (parser.parse(xml) as { manifest: { control: Attributes & Record<string, unknown> } }).manifest.control;
    const readProperty = (p: Attributes & { value?: Attributes[] }): ManifestProperty => ({
        name: p['@name'] ?? '',
        ...(p['@of-type'] !== undefined ? { ofType: p['@of-type'] } : {}),
        ...(p['@of-type-group'] !== undefined ? { typeGroup: p['@of-type-group'] } : {}),
        usage: (p['@usage'] ?? 'input') as ManifestProperty['usage'],
        ...(p['@default-value'] !== undefined ? { defaultValue: p['@default-value'] } : {}),
        displayNameKey: p['@display-name-key'] ?? '',
        ...(p['@description-key'] !== undefined ? { descriptionKey: p['@description-key'] } : {}),
        valueDisplayNameKeys: (p.value ?? []).map((v) => v['@display-name-key'] ?? ''),
    });
    const properties = ((control.property as Array<Attributes & { value?: Attributes[] }> | undefined) ?? []).map(readProperty);
    const dataSets = ((control['data-set'] as Array<Attributes & { 'property-set'?: Array<Attributes & { value?: Attributes[] }> }> | undefined) ?? []).map(
        (d): ManifestDataSet => ({
            name: d['@name'] ?? '',
            displayNameKey: d['@display-name-key'] ?? '',
            ...(d['@description-key'] !== undefined ? { descriptionKey: d['@description-key'] } : {}),
            ...(d['@cds-data-set-options'] !== undefined ? { cdsDataSetOptions: d['@cds-data-set-options'] } : {}),
            propertySets: (d['property-set'] ?? []).map(readProperty),
        }),
    );
    const groups = (control['type-group'] as Array<{ '@name': string; type: string[] }> | undefined) ?? [];
    const resources = control.resources as { resx?: Attributes[] };
    return {
        namespace: control['@namespace'] ?? '',
        constructorName: control['@constructor'] ?? '',
        displayNameKey: control['@display-name-key'] ?? '',
        ...(control['@description-key'] !== undefined ? { descriptionKey: control['@description-key'] } : {}),
        properties,
        dataSets,
        typeGroups: new Map(groups.map((g) => [g['@name'], g.type])),
        resx: (resources.resx ?? []).map((r) => r['@path'] ?? ''),
        ...(control['@preview-image'] !== undefined ? { previewImage: control['@preview-image'] } : {}),
    };
}
