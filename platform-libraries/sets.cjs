/**
 * The two platform library sets the controls are tested on, in one place for jest, the playground (vite)
 * and the browser tests.
 *
 * - `declared`: what the manifests declare (`<platform-library name="React" version="16.14.0" />`,
 *   `name="Fluent" version="9.46.2"`): React/ReactDOM 16.14.0 and @fluentui/react-components 9.46.2 with
 *   every @fluentui/* and @griffel/* package pinned to what 9.46.2 shipped with. The root package.json and
 *   node_modules.
 * - `runtime`: what model-driven apps load at run time (Microsoft's "React controls & platform libraries"
 *   page: React 17.0.2, Fluent 9.68): React/ReactDOM 17.0.2 and @fluentui/react-components 9.68.x, pinned the
 *   same way. A second small package folder, platform-libraries/runtime, installed by the root `postinstall`.
 *
 * Choose the set with the environment variable PLATFORM_LIBRARIES=declared|runtime (default: declared).
 */
const { existsSync, readFileSync } = require('fs');
const { join } = require('path');

const REPO_ROOT = join(__dirname, '..');

/** The packages that make a set: what the platform provides, and the styling engine inside Fluent. */
const LIBRARY_PACKAGES = ['react', 'react-dom', '@fluentui/react-components', '@griffel/core', '@griffel/react'];

/** Bare module names (and their sub-paths) that resolve to the chosen set. */
const MAPPED_MODULES = ['react', 'react-dom', '@fluentui/react-components', 'scheduler'];

const SETS = {
    declared: {
        name: 'declared',
        title: 'declared in the manifests',
        nodeModules: join(REPO_ROOT, 'node_modules'),
    },
    runtime: {
        name: 'runtime',
        title: 'loaded by model-driven apps at run time',
        nodeModules: join(__dirname, 'runtime', 'node_modules'),
    },
};

/** The set named by PLATFORM_LIBRARIES (or `name`); throws on an unknown name so a typo never tests the wrong set. */
function librarySet(name = process.env.PLATFORM_LIBRARIES || 'declared') {
    const set = SETS[name];
    if (set === undefined) throw new Error(`PLATFORM_LIBRARIES=${name}: expected one of ${Object.keys(SETS).join(', ')}`);
    const missing = LIBRARY_PACKAGES.filter((pkg) => !existsSync(join(set.nodeModules, pkg, 'package.json')));
    if (missing.length > 0) {
        throw new Error(`The ${name} platform library set is not installed (missing ${missing.join(', ')} in ${set.nodeModules}): run npm ci at the repository root.`);
    }
    return set;
}

/** Installed versions of the set's packages, e.g. `{ react: '17.0.2', '@fluentui/react-components': '9.68.4', ... }`. */
function versionsOf(set) {
    return Object.fromEntries(LIBRARY_PACKAGES.map((pkg) => [pkg, JSON.parse(readFileSync(join(set.nodeModules, pkg, 'package.json'), 'utf8')).version]));
}

function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** jest `moduleNameMapper` entries that point the mapped modules (and their sub-paths) at the set's copies. */
function jestModuleNameMapper(set) {
    if (set.name === 'declared') return {};
    return Object.fromEntries(
        MAPPED_MODULES.flatMap((pkg) => [
            [`^${escapeRegExp(pkg)}$`, join(set.nodeModules, pkg)],
            [`^${escapeRegExp(pkg)}/(.*)$`, `${join(set.nodeModules, pkg)}/$1`],
        ]),
    );
}

/** vite `resolve.alias` entries doing the same for the playground page. */
function viteAliases(set) {
    if (set.name === 'declared') return [];
    return MAPPED_MODULES.flatMap((pkg) => [
        { find: new RegExp(`^${escapeRegExp(pkg)}$`), replacement: join(set.nodeModules, pkg) },
        { find: new RegExp(`^${escapeRegExp(pkg)}/(.*)$`), replacement: `${join(set.nodeModules, pkg)}/$1` },
    ]);
}

module.exports = { SETS, LIBRARY_PACKAGES, librarySet, versionsOf, jestModuleNameMapper, viteAliases };
