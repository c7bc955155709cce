// The list of controls and the facts every script derives from one place: package.json (version),
// solution/solution.json (solution identity) and each control's ControlManifest.Input.xml.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const componentsDir = join(root, 'components');
export const outDir = join(root, 'out');
export const controlsOutDir = join(outDir, 'controls');
export const solutionOutDir = join(outDir, 'solution');

export function readPackage() {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
}

export function readSolution() {
    return JSON.parse(readFileSync(join(root, 'solution', 'solution.json'), 'utf8'));
}

/** package.json holds major.minor.patch; a Dataverse solution version has four parts. */
export function solutionVersion(packageVersion) {
    const parts = packageVersion.split('-')[0].split('.');
    while (parts.length < 4) parts.push('0');
    return parts.slice(0, 4).join('.');
}

/** Control manifests take major.minor.patch; the platform only reloads a control whose version grew. */
export function controlVersion(packageVersion) {
    return packageVersion.split('-')[0].split('.').slice(0, 3).join('.');
}

/** A control folder: its name, namespace and constructor from the manifest, and where it builds to. */
export function readControl(folder) {
    const dir = resolve(folder);
    const name = basename(dir);
    const manifestPath = join(dir, 'ControlManifest.Input.xml');
    if (!existsSync(manifestPath)) throw new Error(`${dir} has no ControlManifest.Input.xml`);
    const manifest = readFileSync(manifestPath, 'utf8');
    const namespace = /<control[^>]*\snamespace="([^"]+)"/.exec(manifest)?.[1];
    const constructorName = /<control[^>]*\sconstructor="([^"]+)"/.exec(manifest)?.[1];
    if (!namespace || !constructorName) {
        throw new Error(`${name}/ControlManifest.Input.xml has no namespace or constructor on <control>`);
    }
    return { name, dir, namespace, constructorName, outDir: join(controlsOutDir, name) };
}

/** Every folder under components/ that holds a ControlManifest.Input.xml is a control. */
export function listControls() {
    return readdirSync(componentsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(componentsDir, entry.name, 'ControlManifest.Input.xml')))
        .map((entry) => readControl(join(componentsDir, entry.name)))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** Files the build writes into a control folder (derived from the repository's pcfconfig.json, not committed). */
export const CONTROL_BUILD_CONFIG_FILES = ['pcfconfig.json', 'featureconfig.json'];

/**
 * Writes `<control>/pcfconfig.json` with the babel targets of the repository's pcfconfig.json, and
 * `<control>/featureconfig.json` that switches on pcf-scripts' `pcfAllowCustomWebpack`, so that
 * components/webpack.config.js (minifier settings) is merged: pcf-scripts reads both files only from its
 * working directory, which is the control folder.
 */
export function writeControlBuildConfig(controlDir) {
    const { targets } = JSON.parse(readFileSync(join(root, 'pcfconfig.json'), 'utf8'));
    if (targets === undefined) throw new Error('pcfconfig.json has no "targets" (the browsers the bundles are built for).');
    const note = 'Written by scripts/build-controls.mjs from the repository pcfconfig.json: edit that one.';
    writeIfChanged(join(controlDir, 'pcfconfig.json'), { '//': note, targets });
    writeIfChanged(join(controlDir, 'featureconfig.json'), {
        '//': 'Written by scripts/build-controls.mjs: lets pcf-scripts merge components/webpack.config.js.',
        pcfAllowCustomWebpack: 'on',
    });
}

function writeIfChanged(path, value) {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}
