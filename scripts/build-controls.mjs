// Builds every control under components/ in production mode, one pcf-scripts process per control.
// Why one process per control: run from the root, pcf-scripts shares one type generator and each control's
// generated/ManifestTypes.d.ts collects the properties of the controls built before it.
// Why the output checks: pcf-scripts exits 0 even when the build failed, so success is "[build] Succeeded"
// in its output plus a bundle.js written by this run.
// Why a pcfconfig.json is written into each control folder: pcf-scripts reads babel's browser targets only
// from the pcfconfig.json of its working directory (the control folder) and otherwise targets every browser
// with ES modules (Safari 10.1, Edge 16), which costs each bundle kilobytes of downlevel code. The platform
// supports only current browsers, so the targets live once, in the repository's pcfconfig.json, and are
// copied here before each build (the copies are not committed).
//
//   node scripts/build-controls.mjs                  every control under components/
//   node scripts/build-controls.mjs A B              only the controls A and B (folder names)
//   node scripts/build-controls.mjs --control <dir>  one control folder outside components/ (tests)
//   --dry-run                                        print which controls would be built, build nothing
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, writeFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { root, listControls, readControl, readPackage, controlVersion, controlsOutDir, writeControlBuildConfig } from './controls.mjs';

// CIBU_PCF_SCRIPTS: a stand-in for pcf-scripts, so that tests of this script's success checks need no build.
const pcfScripts = process.env.CIBU_PCF_SCRIPTS ?? join(root, 'node_modules', 'pcf-scripts', 'bin', 'pcf-scripts.js');

function buildControl(control) {
    return new Promise((resolve) => {
        rmSync(control.outDir, { recursive: true, force: true });
        writeControlBuildConfig(control.dir);
        const started = Date.now();
        const child = spawn(process.execPath, [pcfScripts, 'build', '--buildMode', 'production', '--outDir', control.outDir], {
            cwd: control.dir,
            env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => {
            const bundle = join(control.outDir, 'bundle.js');
            const emitted = existsSync(bundle) && statSync(bundle).mtimeMs >= started - 1000;
            const succeeded = code === 0 && /\[build\] Succeeded/.test(output) && !/\[build\] Failed/.test(output) && emitted;
            resolve({ control, succeeded, output, seconds: (Date.now() - started) / 1000 });
        });
    });
}

/** The output manifest carries the version from package.json, the single source of the version. */
function stampVersion(control, version) {
    const manifestPath = join(control.outDir, 'ControlManifest.xml');
    const manifest = readFileSync(manifestPath, 'utf8');
    const stamped = manifest.replace(/(<control\b[^>]*\sversion=")[^"]*(")/, `$1${version}$2`);
    if (stamped === manifest && !manifest.includes(`version="${version}"`)) {
        throw new Error(`Could not stamp the version into ${manifestPath}`);
    }
    writeFileSync(manifestPath, stamped);
}

async function main() {
    // `--control <folder>` builds one control folder that is not under components/ (the broken-build test
    // uses it); other arguments pick controls under components/ by folder name.
    const args = process.argv.slice(2);
    const dryRun = args.includes('--dry-run');
    const controlFlag = args.indexOf('--control');
    const names = args.filter((arg, i) => arg !== '--dry-run' && (controlFlag < 0 || (i !== controlFlag && i !== controlFlag + 1)));
    const available = listControls();
    const unknown = controlFlag >= 0 ? [] : names.filter((name) => !available.some((c) => c.name === name));
    if (unknown.length > 0) {
        console.error(`No control named ${unknown.join(', ')} under components/ (controls: ${available.map((c) => c.name).join(', ')}).`);
        process.exit(1);
    }
    const controls =
        controlFlag >= 0
            ? [{ ...readControl(args[controlFlag + 1]), outDir: join(root, 'out', 'scratch', 'controls', basename(args[controlFlag + 1])) }]
            : available.filter((c) => names.length === 0 || names.includes(c.name));
    if (controls.length === 0) {
        console.error('No control to build under components/.');
        process.exit(1);
    }
    if (dryRun) {
        for (const control of controls) console.log(`would build ${control.name}`);
        return;
    }
    mkdirSync(controlsOutDir, { recursive: true });
    const version = controlVersion(readPackage().version);
    const queue = [...controls];
    const results = [];
    const workers = Array.from({ length: Math.max(1, Math.min(availableParallelism(), controls.length)) }, async () => {
        for (let control = queue.shift(); control; control = queue.shift()) {
            const result = await buildControl(control);
            results.push(result);
            console.log(`${result.succeeded ? 'built ' : 'FAILED'} ${control.name} (${result.seconds.toFixed(1)} s)`);
            if (!result.succeeded) console.error(result.output);
        }
    });
    await Promise.all(workers);
    const failed = results.filter((r) => !r.succeeded);
    if (failed.length > 0) {
        console.error(`Build failed for: ${failed.map((r) => r.control.name).join(', ')}`);
        process.exit(1);
    }
    for (const { control } of results) stampVersion(control, version);
    console.log(`Built ${results.length} control(s) into out/controls at version ${version}.`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
