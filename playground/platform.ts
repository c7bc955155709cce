/**
 * What a model-driven app provides to a virtual control bundle before it runs: the platform React and Fluent
 * libraries as the globals the bundles were built against (`Reactv16`, `FluentUIReactv940`), and
 * `ComponentFramework.registerControl`, through which a production bundle hands over its class. The same
 * module instances are used by the host (test/host), so the controls' elements render in the host's React.
 */
import * as React from 'react';
import * as FluentUI from '@fluentui/react-components';
import { parseManifest, parseResx, type ControlManifest, type ReactControlClass } from '../test/host';

/** The platform library set the page runs (vite.config.mjs defines it from PLATFORM_LIBRARIES). */
export interface PlatformLibraries {
    readonly name: string;
    readonly title: string;
    readonly versions: Readonly<Record<string, string>>;
}

declare const __PLATFORM_LIBRARIES__: PlatformLibraries | undefined;

export const PLATFORM_LIBRARIES: PlatformLibraries =
    typeof __PLATFORM_LIBRARIES__ !== 'undefined' ? __PLATFORM_LIBRARIES__ : { name: 'declared', title: 'declared in the manifests', versions: { react: React.version } };

/** E.g. "React 17.0.2 · Fluent 9.68.4 · Griffel 1.5.22 (runtime set: loaded by model-driven apps at run time)". */
export function describeLibraries(libraries: PlatformLibraries = PLATFORM_LIBRARIES): string {
    const { versions } = libraries;
    const parts = [`React ${React.version}`, `Fluent ${versions['@fluentui/react-components'] ?? '?'}`, `Griffel ${versions['@griffel/react'] ?? '?'}`];
    return `${parts.join(' · ')} (${libraries.name} set: ${libraries.title})`;
}

interface PlatformGlobals {
    Reactv16?: unknown;
    FluentUIReactv940?: unknown;
    ComponentFramework?: { registerControl(name: string, controlClass: unknown): void };
}

/** Classes handed over by the bundles, by `<namespace>.<constructor>`. */
const registered = new Map<string, ReactControlClass>();

export function installPlatform(): void {
    const globals = window as unknown as PlatformGlobals;
    globals.Reactv16 = React;
    globals.FluentUIReactv940 = FluentUI;
    globals.ComponentFramework = {
        registerControl: (name: string, controlClass: unknown) => {
            if (typeof controlClass === 'function') registered.set(name, controlClass as ReactControlClass);
        },
    };
}

/** A built control ready to mount. */
export interface LoadedControl {
    readonly name: string;
    readonly manifest: ControlManifest;
    readonly controlClass: ReactControlClass;
    /** Language id → resx path from the manifest (e.g. `strings/X.1031.resx`). */
    readonly resxByLanguage: ReadonlyMap<number, string>;
}

/** A built control that could not be loaded (shown on the page instead of silently missing). */
export interface BrokenControl {
    readonly name: string;
    readonly error: string;
}

/** Form controls first in this order; any other built form control follows alphabetically. */
const PREFERRED_ORDER = ['CustomerProfileCard', 'SegmentMembership', 'CustomerMeasures', 'CustomerIntelligence'];

function orderOf(name: string): number {
    const index = PREFERRED_ORDER.indexOf(name);
    return index === -1 ? PREFERRED_ORDER.length : index;
}

async function fetchText(url: string): Promise<string> {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
}

function loadScript(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = url;
        script.async = false;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`${url} failed to load`));
        document.head.appendChild(script);
    });
}

async function loadControl(name: string): Promise<LoadedControl> {
    const xml = await fetchText(`/controls/${encodeURIComponent(name)}/ControlManifest.xml`);
    const manifest = parseManifest(xml);
    const key = `${manifest.namespace}.${manifest.constructorName}`;
    if (!registered.has(key)) await loadScript(`/controls/${encodeURIComponent(name)}/bundle.js`);
    const controlClass = registered.get(key);
    if (controlClass === undefined) throw new Error(`bundle.js did not register ${key}`);
    const resxByLanguage = new Map<number, string>();
    for (const path of manifest.resx) {
        const language = /\.(\d+)\.resx$/.exec(path)?.[1];
        if (language !== undefined) resxByLanguage.set(Number(language), path);
    }
    return { name, manifest, controlClass, resxByLanguage };
}

/**
 * Loads every built control listed by the dev server: form controls for the contact form, dataset controls
 * (a `<data-set>` in the manifest) for the view page.
 */
export async function loadBuiltControls(): Promise<{ controls: LoadedControl[]; datasetControls: LoadedControl[]; broken: BrokenControl[] }> {
    const listing = JSON.parse(await fetchText('/controls/index.json')) as { controls: string[] };
    const names = [...listing.controls].sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b));
    const controls: LoadedControl[] = [];
    const datasetControls: LoadedControl[] = [];
    const broken: BrokenControl[] = [];
    for (const name of names) {
        try {
            const control = await loadControl(name);
            (control.manifest.dataSets.length > 0 ? datasetControls : controls).push(control);
        } catch (error) {
            broken.push({ name, error: error instanceof Error ? error.message : String(error) });
        }
    }
    return { controls, datasetControls, broken };
}

const stringsCache = new Map<string, Promise<Map<string, string>>>();

/** The control's strings for a language, from its built .resx (falls back to 1033 like the platform). */
export function loadStrings(control: LoadedControl, languageId: number): Promise<Map<string, string>> {
    const path = control.resxByLanguage.get(languageId) ?? control.resxByLanguage.get(1033);
    if (path === undefined) return Promise.resolve(new Map<string, string>());
    const url = `/controls/${encodeURIComponent(control.name)}/${path}`;
    let strings = stringsCache.get(url);
    if (strings === undefined) {
        strings = fetchText(url).then(parseResx);
        stringsCache.set(url, strings);
        strings.catch(() => stringsCache.delete(url));
    }
    return strings;
}
