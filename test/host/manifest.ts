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

export interface ControlManifest {
    readonly namespace: string;
    readonly constructorName: string;
    readonly displayNameKey: string;
    readonly descriptionKey?: string;
    readonly properties: readonly ManifestProperty[];
    readonly typeGroups: ReadonlyMap<string, readonly string[]>;
    readonly resx: readonly string[];
    readonly previewImage?: string;
}

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['property', 'value', 'type-group', 'type', 'resx', 'uses-feature'].includes(name),
});

type Attributes = Record<string, string | undefined>;

export function parseManifest(xml: string): ControlManifest {
    const control = (parser.parse(xml) as { manifest: { control: Attributes & Record<string, unknown> } }).manifest.control;
    const properties = ((control.property as Array<Attributes & { value?: Attributes[] }> | undefined) ?? []).map((p) => ({
        name: p['@name'] ?? '',
        ...(p['@of-type'] !== undefined ? { ofType: p['@of-type'] } : {}),
        ...(p['@of-type-group'] !== undefined ? { typeGroup: p['@of-type-group'] } : {}),
        usage: (p['@usage'] ?? 'input') as ManifestProperty['usage'],
        ...(p['@default-value'] !== undefined ? { defaultValue: p['@default-value'] } : {}),
        displayNameKey: p['@display-name-key'] ?? '',
        ...(p['@description-key'] !== undefined ? { descriptionKey: p['@description-key'] } : {}),
        valueDisplayNameKeys: (p.value ?? []).map((v) => v['@display-name-key'] ?? ''),
    }));
    const groups = (control['type-group'] as Array<{ '@name': string; type: string[] }> | undefined) ?? [];
    const resources = control.resources as { resx?: Attributes[] };
    return {
        namespace: control['@namespace'] ?? '',
        constructorName: control['@constructor'] ?? '',
        displayNameKey: control['@display-name-key'] ?? '',
        ...(control['@description-key'] !== undefined ? { descriptionKey: control['@description-key'] } : {}),
        properties,
        typeGroups: new Map(groups.map((g) => [g['@name'], g.type])),
        resx: (resources.resx ?? []).map((r) => r['@path'] ?? ''),
        ...(control['@preview-image'] !== undefined ? { previewImage: control['@preview-image'] } : {}),
    };
}
