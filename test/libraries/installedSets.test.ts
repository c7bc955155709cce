/**
 * Both platform library sets are really installed, as the platform ships them (platform-libraries/sets.cjs):
 * - declared: exactly what every manifest declares (React 16.14.0, Fluent 9.46.2), and every @fluentui/*,
 *   @griffel/*, tabster and keyborg package at what 9.46.2 shipped with: the caret minimum its dependents name (the highest one
 *   when several do), not today's newest in the caret range;
 * - runtime: React/ReactDOM 17.0.2 and Fluent 9.68, pinned the same way;
 * - each set has one copy of every Fluent and Griffel package (two copies split React contexts and styles).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseManifest } from '../host';

const REPO_ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sets module is CommonJS, shared with jest and vite configs
const { librarySet, versionsOf } = require('../../platform-libraries/sets.cjs') as {
    readonly librarySet: (name: string) => { readonly name: string; readonly nodeModules: string };
    readonly versionsOf: (set: { readonly nodeModules: string }) => Record<string, string>;
};

interface PackageJson {
    readonly name: string;
    readonly version: string;
    readonly dependencies?: Readonly<Record<string, string>>;
}

interface LockFile {
    readonly packages: Readonly<Record<string, { readonly version?: string; readonly name?: string }>>;
}

/** Fluent's packages, its styling engine, and the focus library its React contexts share (two copies break focus handling). */
const PINNED = /^(@fluentui\/|@griffel\/|tabster$|keyborg$)/;

function readJson<T>(path: string): T {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every installed @fluentui/*, @griffel/*, tabster and keyborg package of a set (its node_modules is flat for them). */
function installedPinnedPackages(nodeModules: string): Map<string, PackageJson> {
    const names = [...['@fluentui', '@griffel'].flatMap((scope) => readdirSync(join(nodeModules, scope)).map((name) => `${scope}/${name}`)), 'tabster', 'keyborg'];
    return new Map(names.map((name) => [name, readJson<PackageJson>(join(nodeModules, name, 'package.json'))]));
}

function caretMinimum(range: string): string | undefined {
    return /^[\^~]?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(range)?.[1];
}

function compareVersions(a: string, b: string): number {
    const [pa, pb] = [a, b].map((version) => version.split(/[.-]/).slice(0, 3).map(Number));
    for (let index = 0; index < 3; index++) if (pa[index] !== pb[index]) return pa[index] - pb[index];
    return 0;
}

/** Each tracked package at the highest caret minimum that its installed dependents name, starting from Fluent. */
function versionsAsShipped(packages: ReadonlyMap<string, PackageJson>): Map<string, string> {
    const wanted = new Map<string, string>();
    for (const pkg of packages.values()) {
        for (const [dependency, range] of Object.entries(pkg.dependencies ?? {})) {
            if (!PINNED.test(dependency)) continue;
            const minimum = caretMinimum(range);
            if (minimum === undefined) continue; // `*`: names no minimum
            const current = wanted.get(dependency);
            if (current === undefined || compareVersions(minimum, current) > 0) wanted.set(dependency, minimum);
        }
    }
    return wanted;
}

/** Lock-file paths that install the same package name more than once. */
function duplicates(lockPath: string, select: (name: string) => boolean): Record<string, string[]> {
    const lock = readJson<LockFile>(lockPath);
    const byName = new Map<string, string[]>();
    for (const [path, entry] of Object.entries(lock.packages)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
        if (name === undefined || !select(name)) continue;
        byName.set(name, [...(byName.get(name) ?? []), `${path}@${entry.version ?? '?'}`]);
    }
    return Object.fromEntries([...byName].filter(([, paths]) => paths.length > 1));
}

const manifests = readdirSync(join(REPO_ROOT, 'components'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
    .flatMap((entry) => {
        try {
            return [{ name: entry.name, xml: readFileSync(join(REPO_ROOT, 'components', entry.name, 'ControlManifest.Input.xml'), 'utf8') }];
        } catch {
            return [];
        }
    });

describe('the declared platform library set', () => {
    const set = librarySet('declared');
    const versions = versionsOf(set);

    it('is what every manifest declares', () => {
        expect(manifests.length).toBeGreaterThanOrEqual(3);
        for (const manifest of manifests) {
            parseManifest(manifest.xml); // a manifest the host cannot read fails here, not silently below
            const declared = Object.fromEntries([...manifest.xml.matchAll(/<platform-library\s+name="([^"]+)"\s+version="([^"]+)"/g)].map((match) => [match[1], match[2]]));
            expect({ control: manifest.name, ...declared }).toStrictEqual({ control: manifest.name, React: versions.react, Fluent: versions['@fluentui/react-components'] });
        }
        expect(versions['react-dom']).toBe(versions.react);
    });

    it('has every Fluent sub-package and Griffel at the version Fluent 9.46.2 shipped with', () => {
        const installed = installedPinnedPackages(set.nodeModules);
        const fluent = installed.get('@fluentui/react-components')!;
        // The direct sub-packages: exactly the caret minimums 9.46.2's package.json names.
        const direct = Object.entries(fluent.dependencies ?? {}).filter(([name]) => PINNED.test(name));
        expect(direct.length).toBeGreaterThan(40);
        expect(Object.fromEntries(direct.map(([name]) => [name, installed.get(name)?.version]))).toStrictEqual(Object.fromEntries(direct.map(([name, range]) => [name, caretMinimum(range)])));
        // All of them, transitively (react-jsx-runtime, tokens, @griffel/core, ...).
        const wanted = versionsAsShipped(installed);
        const actual = new Map([...installed].filter(([name]) => name !== '@fluentui/react-components').map(([name, pkg]) => [name, pkg.version]));
        expect(Object.fromEntries(actual)).toStrictEqual(Object.fromEntries(wanted));
        expect(versions['@griffel/react']).toBe('1.5.14');
    });

    it('pins them in package.json overrides, so npm ci cannot pull newer ones through caret ranges', () => {
        const overrides = readJson<{ overrides: Record<string, string> }>(join(REPO_ROOT, 'package.json')).overrides;
        const installed = installedPinnedPackages(set.nodeModules);
        for (const [name, pkg] of installed) if (name !== '@fluentui/react-components') expect([name, overrides[name]]).toStrictEqual([name, pkg.version]);
    });

    it('installs one copy of each Fluent, Griffel and React package', () => {
        expect(duplicates(join(REPO_ROOT, 'package-lock.json'), (name) => PINNED.test(name) || name === 'react' || name === 'react-dom')).toStrictEqual({});
    });
});

describe('the run-time platform library set', () => {
    const set = librarySet('runtime');
    const versions = versionsOf(set);
    const runtimeFolder = join(REPO_ROOT, 'platform-libraries', 'runtime');

    it('is React 17.0.2 and Fluent 9.68, as the folder names them', () => {
        expect(versions.react).toBe('17.0.2');
        expect(versions['react-dom']).toBe('17.0.2');
        expect(versions['@fluentui/react-components']).toMatch(/^9\.68\.\d+$/);
        const declared = readJson<{ dependencies: Record<string, string> }>(join(runtimeFolder, 'package.json')).dependencies;
        expect(declared['@fluentui/react-components']).toBe(versions['@fluentui/react-components']);
    });

    it('has every Fluent sub-package and Griffel at the version that Fluent release shipped with, one copy each', () => {
        const installed = installedPinnedPackages(set.nodeModules);
        const wanted = versionsAsShipped(installed);
        const actual = new Map([...installed].filter(([name]) => name !== '@fluentui/react-components').map(([name, pkg]) => [name, pkg.version]));
        expect(Object.fromEntries(actual)).toStrictEqual(Object.fromEntries(wanted));
        expect(duplicates(join(runtimeFolder, 'package-lock.json'), (name) => PINNED.test(name) || name === 'react' || name === 'react-dom' || name === 'scheduler')).toStrictEqual({});
    });
});
