// Writes the Dataverse solution (unmanaged and managed) from the built controls in out/controls, laid out
// as pac writes a solution that holds PCF controls, without dotnet or pac:
//   customizations.xml, solution.xml, Controls/<prefix>_<namespace>.<Constructor>/..., [Content_Types].xml
// The three top XML files start with a UTF-8 BOM, entries use forward slashes and deflate.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { listControls, readPackage, readSolution, solutionVersion, solutionOutDir } from './controls.mjs';

const BOM = '\uFEFF';

function xmlEscape(value) {
    return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function schemaName(solution, control) {
    return `${solution.publisher.prefix}_${control.namespace}.${control.constructorName}`;
}

function nilOrValue(tag, value) {
    return value ? `<${tag}>${xmlEscape(value)}</${tag}>` : `<${tag} xsi:nil="true"></${tag}>`;
}

function address(number) {
    const nil = ['City', 'County', 'Country', 'Fax', 'FreightTermsCode', 'ImportSequenceNumber', 'Latitude', 'Line1', 'Line2', 'Line3', 'Longitude', 'Name', 'PostalCode', 'PostOfficeBox', 'PrimaryContactName'];
    const nilAfter = ['StateOrProvince', 'Telephone1', 'Telephone2', 'Telephone3', 'TimeZoneRuleVersionNumber', 'UPSZone', 'UTCOffset', 'UTCConversionTimeZoneCode'];
    return [
        '        <Address>',
        `          <AddressNumber>${number}</AddressNumber>`,
        '          <AddressTypeCode>1</AddressTypeCode>',
        ...nil.map((tag) => `          <${tag} xsi:nil="true"></${tag}>`),
        '          <ShippingMethodCode>1</ShippingMethodCode>',
        ...nilAfter.map((tag) => `          <${tag} xsi:nil="true"></${tag}>`),
        '        </Address>',
    ].join('\r\n');
}

export function solutionXml(solution, controls, version, managed) {
    const p = solution.publisher;
    return [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<ImportExportXml version="9.1.0.643" SolutionPackageVersion="9.1" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        '  <SolutionManifest>',
        `    <UniqueName>${xmlEscape(solution.uniqueName)}</UniqueName>`,
        '    <LocalizedNames>',
        `      <LocalizedName description="${xmlEscape(solution.localizedName)}" languagecode="1033" />`,
        '    </LocalizedNames>',
        '    <Descriptions>',
        `      <Description description="${xmlEscape(solution.description)}" languagecode="1033" />`,
        '    </Descriptions>',
        `    <Version>${version}</Version>`,
        `    <Managed>${managed ? 1 : 0}</Managed>`,
        '    <Publisher>',
        `      <UniqueName>${xmlEscape(p.uniqueName)}</UniqueName>`,
        '      <LocalizedNames>',
        `        <LocalizedName description="${xmlEscape(p.localizedName)}" languagecode="1033" />`,
        '      </LocalizedNames>',
        '      <Descriptions>',
        `        <Description description="${xmlEscape(p.description)}" languagecode="1033" />`,
        '      </Descriptions>',
        `      ${nilOrValue('EMailAddress', p.email)}`,
        `      ${nilOrValue('SupportingWebsiteUrl', p.website)}`,
        `      <CustomizationPrefix>${xmlEscape(p.prefix)}</CustomizationPrefix>`,
        `      <CustomizationOptionValuePrefix>${p.optionValuePrefix}</CustomizationOptionValuePrefix>`,
        '      <Addresses>',
        address(1),
        address(2),
        '      </Addresses>',
        '    </Publisher>',
        '    <RootComponents>',
        ...controls.map((c) => `      <RootComponent type="66" schemaName="${schemaName(solution, c)}" behavior="0" />`),
        '    </RootComponents>',
        '    <MissingDependencies />',
        '  </SolutionManifest>',
        '</ImportExportXml>',
    ].join('\r\n');
}

export function customizationsXml(solution, controls) {
    return [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.1.0.643" OrganizationSchemaType="Standard" CRMServerServiceabilityVersion="9.1.0.643">',
        '  <Entities></Entities>',
        '  <Roles></Roles>',
        '  <Workflows></Workflows>',
        '  <FieldSecurityProfiles></FieldSecurityProfiles>',
        '  <Templates />',
        '  <EntityMaps />',
        '  <EntityRelationships />',
        '  <OrganizationSettings />',
        '  <optionsets />',
        '  <CustomControls>',
        ...controls.flatMap((c) => [
            '    <CustomControl>',
            `      <Name>${schemaName(solution, c)}</Name>`,
            `      <FileName>/Controls/${schemaName(solution, c)}/ControlManifest.xml</FileName>`,
            '    </CustomControl>',
        ]),
        '  </CustomControls>',
        '  <SolutionPluginAssemblies />',
        '  <EntityDataProviders />',
        '  <Languages>',
        '    <Language>1033</Language>',
        '  </Languages>',
        '</ImportExportXml>',
    ].join('\r\n');
}

const contentTypeByExtension = { xml: 'text/xml' };

export function contentTypesXml(entryNames, manifestEntries) {
    const extensions = [...new Set(entryNames.map((name) => extname(name).slice(1).toLowerCase()).filter(Boolean))];
    return (
        '<?xml version="1.0" encoding="utf-8"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        extensions.map((ext) => `<Default Extension="${ext}" ContentType="${contentTypeByExtension[ext] ?? 'application/octet-stream'}" />`).join('') +
        manifestEntries.map((name) => `<Override PartName="/${name}" ContentType="application/octet-stream" />`).join('') +
        '</Types>'
    );
}

function filesUnder(dir) {
    return readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
        .sort();
}

/** Files of a built control in the order pac writes them: the manifest first, then the rest by path. */
function controlEntries(solution, control) {
    if (!existsSync(join(control.outDir, 'ControlManifest.xml')) || !existsSync(join(control.outDir, 'bundle.js'))) {
        throw new Error(`${control.name} is not built (out/controls/${control.name}); run npm run build:controls first.`);
    }
    const folder = `Controls/${schemaName(solution, control)}`;
    // webpack's bundle.js.LICENSE.txt is not part of a pac-built solution.
    const files = filesUnder(control.outDir).filter((f) => statSync(f).isFile() && !f.endsWith('.LICENSE.txt'));
    const ordered = [join(control.outDir, 'ControlManifest.xml'), ...files.filter((f) => !f.endsWith('ControlManifest.xml'))];
    return ordered.map((file) => [`${folder}/${relative(control.outDir, file).split('\\').join('/')}`, new Uint8Array(readFileSync(file))]);
}

export function zipFileName(uniqueName, version, managed) {
    return `${uniqueName}_${version.replace(/\./g, '_')}${managed ? '_managed' : ''}.zip`;
}

function main() {
    const solution = readSolution();
    const controls = listControls();
    const version = solutionVersion(readPackage().version);
    const controlFiles = controls.flatMap((c) => controlEntries(solution, c));
    const manifestEntries = controlFiles.map(([name]) => name).filter((name) => name.endsWith('/ControlManifest.xml'));
    mkdirSync(solutionOutDir, { recursive: true });
    for (const managed of [false, true]) {
        const entries = [
            ['customizations.xml', strToU8(BOM + customizationsXml(solution, controls))],
            ['solution.xml', strToU8(BOM + solutionXml(solution, controls, version, managed))],
            ...controlFiles,
        ];
        const names = [...entries.map(([name]) => name), '[Content_Types].xml'];
        entries.push(['[Content_Types].xml', strToU8(BOM + contentTypesXml(names, manifestEntries))]);
        const zip = zipSync(Object.fromEntries(entries.map(([name, data]) => [name, [data, { level: 6 }]])));
        const file = join(solutionOutDir, zipFileName(solution.uniqueName, version, managed));
        writeFileSync(file, zip);
        console.log(`wrote ${relative(process.cwd(), file)} (${(zip.length / 1024).toFixed(1)} KB, ${entries.length} entries)`);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
