/**
 * Opens the built solution zips the way Dataverse import would read them and checks that they are laid out as
 * pac writes a solution with PCF controls. `npm test` builds first when out/ is missing or stale.
 */
import { readFileSync, readdirSync, existsSync } from 'fs';
import { join } from 'path';
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const solution = JSON.parse(readFileSync(join(root, 'solution', 'solution.json'), 'utf8')) as {
    uniqueName: string;
    namespace: string;
    publisher: { prefix: string };
};
const solutionVersion = [...packageJson.version.split('-')[0].split('.'), '0', '0'].slice(0, 4).join('.');
const controlNames = readdirSync(join(root, 'components'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, 'components', e.name, 'ControlManifest.Input.xml')))
    .map((e) => e.name);
const schemaNames = controlNames.map((name) => `${solution.publisher.prefix}_${solution.namespace}.${name}`);
const zipName = (managed: boolean): string =>
    `${solution.uniqueName}_${solutionVersion.replace(/\./g, '_')}${managed ? '_managed' : ''}.zip`;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['RootComponent', 'CustomControl', 'Default', 'Override', 'resx', 'img', 'css', 'uses-feature', 'platform-library'].includes(name) });
const BOM = [0xef, 0xbb, 0xbf];

type Entries = Record<string, Uint8Array>;

/**
 * Size ceilings of the production bundles (raw bytes). Issue 12's goal is 40 KB per bundle and 70 KB per
 * form with the three form controls; measured (npm run bench:bundles, 2026-12-01 06:17 UTC, main e76279e):
 * card 42.9 KB, segment membership 47.6 KB, measures 49.4 KB, panel 61.2 KB, intelligence 63.2 KB, readiness
 * 54.1 KB, grid 75.6 KB, timeline 80.4 KB (+0.9 KB on 2026-12-01 for its by-time paging fallback, so its
 * ceiling moved from 81 to 82 KB), grid cells 55.7 KB (README, Benchmarks). Each ceiling sits 1 to 2 KB above its
 * figure so that growth shows up here with a clear message. All are still over the 40 KB goal: about 40 KB
 * of every bundle is the shared core (README, Bundle size); the ceilings only keep them from growing back.
 */
const BUNDLE_CEILING_BYTES: Readonly<Record<string, number>> = {
    default: 51 * 1024,
    CustomerProfileCard: 44 * 1024,
    SegmentMembership: 49 * 1024,
    CustomerMeasures: 51 * 1024,
    CustomerInsightsPanel: 63 * 1024,
    CustomerIntelligence: 65 * 1024,
    SegmentActivationReadiness: 56 * 1024,
    CustomerInsightsGrid: 77 * 1024,
    CustomerInsightsTimeline: 82 * 1024,
    CustomerInsightsGridCells: 57 * 1024,
};
const text = (entries: Entries, name: string): string => strFromU8(entries[name]).replace(/^\uFEFF/, '');

describe.each([false, true])('solution zip (managed: %s)', (managed) => {
    const file = join(root, 'out', 'solution', zipName(managed));
    let entries: Entries;
    let names: string[];

    beforeAll(() => {
        entries = unzipSync(new Uint8Array(readFileSync(file)));
        names = Object.keys(entries);
    });

    it('is named after the unique name and the package.json version', () => {
        expect(existsSync(file)).toBe(true);
    });

    it('orders entries as pac does: customizations.xml, solution.xml, the controls, [Content_Types].xml last', () => {
        expect(names[0]).toBe('customizations.xml');
        expect(names[1]).toBe('solution.xml');
        expect(names[names.length - 1]).toBe('[Content_Types].xml');
        for (const name of names.slice(2, -1)) expect(name).toMatch(/^Controls\/[^\\]+$/);
    });

    it('starts the three top XML files with a UTF-8 BOM and nothing else does', () => {
        for (const name of ['customizations.xml', 'solution.xml', '[Content_Types].xml']) {
            expect(Array.from(entries[name].slice(0, 3))).toStrictEqual(BOM);
        }
    });

    it('declares every control as a type 66 root component, with the managed flag and version right', () => {
        const manifest = xml.parse(text(entries, 'solution.xml')) as {
            ImportExportXml: { SolutionManifest: { UniqueName: string; Version: string; Managed: number; Publisher: { CustomizationPrefix: string }; RootComponents: { RootComponent: Array<Record<string, string>> } } };
        };
        const sm = manifest.ImportExportXml.SolutionManifest;
        expect(sm.UniqueName).toBe(solution.uniqueName);
        expect(String(sm.Version)).toBe(solutionVersion);
        expect(Number(sm.Managed)).toBe(managed ? 1 : 0);
        expect(sm.Publisher.CustomizationPrefix).toBe(solution.publisher.prefix);
        const roots = sm.RootComponents.RootComponent;
        expect(roots.map((r) => r['@type'])).toStrictEqual(schemaNames.map(() => '66'));
        expect(roots.map((r) => r['@schemaName']).sort()).toStrictEqual([...schemaNames].sort());
    });

    it('lists every control as a CustomControl whose FileName is an entry of the zip', () => {
        const customizations = xml.parse(text(entries, 'customizations.xml')) as {
            ImportExportXml: { CustomControls: { CustomControl: Array<{ Name: string; FileName: string }> } };
        };
        const controls = customizations.ImportExportXml.CustomControls.CustomControl;
        expect(controls.map((c) => c.Name).sort()).toStrictEqual([...schemaNames].sort());
        for (const control of controls) {
            expect(control.FileName).toBe(`/Controls/${control.Name}/ControlManifest.xml`);
            expect(names).toContain(control.FileName.slice(1));
        }
    });

    it('has one content type per extension present and one override per control manifest', () => {
        const types = xml.parse(text(entries, '[Content_Types].xml')) as {
            Types: { Default: Array<Record<string, string>>; Override: Array<Record<string, string>> };
        };
        const extensions = new Set(names.map((n) => n.split('.').pop()!.toLowerCase()));
        expect(new Set(types.Types.Default.map((d) => d['@Extension']))).toStrictEqual(extensions);
        expect(types.Types.Default.find((d) => d['@Extension'] === 'xml')?.['@ContentType']).toBe('text/xml');
        for (const d of types.Types.Default.filter((d) => d['@Extension'] !== 'xml')) {
            expect(d['@ContentType']).toBe('application/octet-stream');
        }
        expect(types.Types.Override.map((o) => o['@PartName']).sort()).toStrictEqual(
            schemaNames.map((s) => `/Controls/${s}/ControlManifest.xml`).sort(),
        );
    });

    describe.each(controlNames.map((name, i) => [name, schemaNames[i]]))('control %s', (controlName, schemaName) => {
        const folder = `Controls/${schemaName}`;
        const manifestOf = () =>
            (xml.parse(text(entries, `${folder}/ControlManifest.xml`)) as { manifest: { control: Record<string, unknown> & { resources: Record<string, unknown> } } }).manifest.control;

        it('is a virtual control on the platform React and Fluent, needing WebAPI, at the package version', () => {
            const control = manifestOf();
            expect(control['@control-type']).toBe('virtual');
            expect(control['@version']).toBe(packageJson.version.split('-')[0]);
            const libraries = control.resources['platform-library'] as Array<Record<string, string>>;
            expect(libraries.map((l) => `${l['@name']}@${l['@version']}`).sort()).toStrictEqual(['Fluent@9.46.2', 'React@16.14.0']);
            const features = (control['feature-usage'] as { 'uses-feature': Array<Record<string, string>> })['uses-feature'];
            expect(features).toContainEqual({ '@name': 'WebAPI', '@required': 'true' });
        });

        it('ships every file its manifest names', () => {
            const control = manifestOf();
            const paths = [
                (control.resources.code as Record<string, string>)['@path'],
                ...((control.resources.resx as Array<Record<string, string>> | undefined) ?? []).map((r) => r['@path']),
                ...((control.resources.css as Array<Record<string, string>> | undefined) ?? []).map((r) => r['@path']),
                ...((control.resources.img as Array<Record<string, string>> | undefined) ?? []).map((r) => r['@path']),
                control['@preview-image'] as string,
            ].filter(Boolean);
            for (const path of paths) expect(names).toContain(`${folder}/${path}`);
            expect(paths).toContain('bundle.js');
        });

        it('ships a production bundle within its size budget, with no copy of React or Fluent', () => {
            const bundle = strFromU8(entries[`${folder}/bundle.js`]);
            const bytes = entries[`${folder}/bundle.js`].length;
            const budget = BUNDLE_CEILING_BYTES[controlName] ?? BUNDLE_CEILING_BYTES.default;
            const budgetMessage = `${controlName}/bundle.js is ${bytes} bytes (${(bytes / 1024).toFixed(1)} KB), over its ceiling of ${budget / 1024} KB. ` +
                'The goal is 40 KB per bundle (issue 12); these ceilings only stop the bundles from growing back: leave readers and ' +
                'views a control does not use out of it, and see `npm run bench:bundles` and the README (Benchmarks).';
            if (bytes > budget) throw new Error(budgetMessage);
            expect(bundle).not.toContain('eval(');
            // Markers of a bundled React or Fluent: React's internals and Fluent's provider/theme sources.
            expect(bundle).not.toMatch(/__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED|react\.production\.min|ReactCurrentOwner/);
            expect(bundle).not.toMatch(/FluentProvider|createDOMRenderer|teamsLightTheme|webLightTheme/);
            expect(bundle).toContain('Reactv16');
        });
    });
});
