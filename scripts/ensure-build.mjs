// Builds the controls and the solution when out/ is missing or older than its inputs, so `npm test` and
// `npm start` work on a fresh clone and never test a stale bundle. Staleness is a hash of the inputs, not
// file times, because a fresh clone gives every file the same new time.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root, outDir, solutionOutDir, listControls, readPackage, readSolution, solutionVersion, CONTROL_BUILD_CONFIG_FILES } from './controls.mjs';

const inputs = ['components', 'solution', 'scripts', 'package.json', 'tsconfig.json', 'pcfconfig.json'];

function filesUnder(path) {
    if (!existsSync(path)) return [];
    const entries = readdirSync(path, { withFileTypes: true });
    return entries.flatMap((entry) => {
        const full = join(path, entry.name);
        if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : filesUnder(full);
        // The build writes these into control folders from the root pcfconfig.json (which is hashed).
        if (CONTROL_BUILD_CONFIG_FILES.includes(entry.name) && path !== root && path.startsWith(join(root, 'components'))) return [];
        return [full];
    });
}

function inputHash() {
    const hash = createHash('sha256');
    const files = inputs.flatMap((input) => {
        const full = join(root, input);
        return existsSync(full) && !full.endsWith('.json') ? filesUnder(full) : [full];
    });
    for (const file of files.filter(existsSync).sort()) {
        hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
    return hash.digest('hex');
}

const stampFile = join(outDir, '.build-hash');
const version = solutionVersion(readPackage().version).replace(/\./g, '_');
const zips = [`${readSolution().uniqueName}_${version}.zip`, `${readSolution().uniqueName}_${version}_managed.zip`];
const outputsExist =
    listControls().every((c) => existsSync(join(c.outDir, 'bundle.js'))) && zips.every((z) => existsSync(join(solutionOutDir, z)));
const hash = inputHash();

if (outputsExist && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    console.log('Build output is up to date.');
} else {
    console.log('Build output is missing or stale: building the controls and the solution.');
    execFileSync(process.execPath, [join(root, 'scripts', 'build-controls.mjs')], { stdio: 'inherit' });
    execFileSync(process.execPath, [join(root, 'scripts', 'package-solution.mjs')], { stdio: 'inherit' });
    writeFileSync(stampFile, hash);
}
