// npm run bench:bundle-sources [-- <Control> ... [--common-of A,B,C]]: where each production bundle's bytes come from, per source
// file (issue 12: bundles <= 40 KB raw). Builds each named control (default: the three form controls) with
// pcf-scripts in production mode plus a source map, in a throw-away copy of the repository's components (the
// repository is not written), and attributes every byte of the minified bundle to the source file the map
// names. The bundle is the same as `npm run build` writes, give or take the source-map comment.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const { SourceMapConsumer } = require('source-map-js');
const BUILD_TIMEOUT_MS = 5 * 60_000;
const TOP = 25;

// `--common-of A,B,C`: the controls whose common shared code is weighed as a library (default: every named one);
// each named control then also prints what it would keep of its own if that code shipped once per page.
const args = process.argv.slice(2);
const commonFlag = args.indexOf('--common-of');
const commonOf = commonFlag >= 0 ? (args[commonFlag + 1] ?? '').split(',').filter((name) => name !== '') : undefined;
if (commonFlag >= 0) args.splice(commonFlag, 2);
const names = args.length > 0 ? args : ['CustomerProfileCard', 'SegmentMembership', 'CustomerMeasures'];
if (commonOf !== undefined && (commonOf.length === 0 || commonOf.some((name) => !names.includes(name)))) {
    console.error('--common-of names controls (comma-separated) that are also built: name them among the controls.');
    process.exit(1);
}
for (const name of names) {
    if (!existsSync(join(root, 'components', name, 'ControlManifest.Input.xml'))) {
        console.error(`No control named ${name} under components/.`);
        process.exit(1);
    }
}

/** A copy of what a control build reads, with node_modules linked; the source map switched on. */
function workspace() {
    const dir = mkdtempSync(join(tmpdir(), 'cibu-bundle-sources-'));
    cpSync(join(root, 'components'), join(dir, 'components'), { recursive: true, filter: (path) => !/[\\/](generated|node_modules)$/.test(path) });
    for (const file of ['package.json', 'tsconfig.json', 'pcfconfig.json']) cpSync(join(root, file), join(dir, file));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // pcf-scripts merges components/webpack.config.js when the control's featureconfig.json allows it: the
    // repository's one (minifier settings, copied above as webpack.build.js) plus a source map.
    renameSync(join(dir, 'components', 'webpack.config.js'), join(dir, 'components', 'webpack.build.js'));
    writeFileSync(join(dir, 'components', 'webpack.config.js'), "module.exports = { ...require('./webpack.build.js'), devtool: 'source-map' };\n");
    const { targets } = JSON.parse(readFileSync(join(root, 'pcfconfig.json'), 'utf8'));
    for (const name of names) {
        writeFileSync(join(dir, 'components', name, 'featureconfig.json'), JSON.stringify({ pcfAllowCustomWebpack: 'on' }));
        writeFileSync(join(dir, 'components', name, 'pcfconfig.json'), JSON.stringify({ targets }));
    }
    return dir;
}

function build(controlDir, outDir) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, 'node_modules', 'pcf-scripts', 'bin', 'pcf-scripts.js'), 'build', '--buildMode', 'production', '--outDir', outDir], {
            cwd: controlDir,
            env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
        child.on('close', () => {
            clearTimeout(timer);
            if (/\[build\] Succeeded/.test(output) && existsSync(join(outDir, 'bundle.js.map'))) resolve();
            else reject(new Error(`The build of ${controlDir} failed:\n${output.slice(-2000)}`));
        });
    });
}

/** Bytes of the minified bundle per source file, from the source map's segments. */
function attribute(bundlePath) {
    const code = readFileSync(bundlePath, 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
    const consumer = new SourceMapConsumer(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')));
    const segments = [];
    consumer.eachMapping((m) => segments.push(m));
    segments.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
    const lines = code.split('\n');
    const bytes = new Map();
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        const next = segments[i + 1];
        const line = lines[segment.generatedLine - 1] ?? '';
        const end = next !== undefined && next.generatedLine === segment.generatedLine ? next.generatedColumn : line.length;
        const source = (segment.source ?? '(no source)').replace(/^webpack:\/\/[^/]+\//, '').replace(/^\.\.\//, '');
        bytes.set(source, (bytes.get(source) ?? 0) + Math.max(0, end - segment.generatedColumn));
    }
    return { size: Buffer.byteLength(code), bytes };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const dir = workspace();
const perControl = [];
const sizes = [];
try {
    for (const name of names) {
        const outDir = join(dir, 'out', name);
        await build(join(dir, 'components', name), outDir);
        const { size, bytes } = attribute(join(outDir, 'bundle.js'));
        perControl.push(bytes);
        sizes.push(size);
        const mapped = [...bytes.values()].reduce((a, b) => a + b, 0);
        const shared = [...bytes].filter(([source]) => source.startsWith('shared/')).reduce((a, [, n]) => a + n, 0);
        console.log(`\n${name}: ${kb(size)} raw; ${kb(shared)} (${((100 * shared) / size).toFixed(0)} %) from components/shared; ${kb(size - mapped)} unmapped (webpack runtime, separators)`);
        for (const [source, n] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
            console.log(`  ${String(n).padStart(6)} B  ${((100 * n) / size).toFixed(1).padStart(5)} %  ${source}`);
        }
    }
    if (perControl.length > 1) {
        // The code every library-defining bundle carries: what a library control holding the common part would
        // weigh at least (each file counted at its smallest minified size among those bundles; the webpack
        // runtime and the library's own export table not counted). Then what each named bundle would keep
        // of its own with that code left out (its own files plus its runtime and separators).
        const definers = commonOf ?? names;
        const definingBytes = definers.map((name) => perControl[names.indexOf(name)]);
        const common = [...definingBytes[0].keys()].filter((source) => source.startsWith('shared/') && definingBytes.every((bytes) => bytes.has(source)));
        const total = common.reduce((sum, source) => sum + Math.min(...definingBytes.map((bytes) => bytes.get(source))), 0);
        console.log(`\nIn every one of ${definers.join(', ')}: ${common.length} files of components/shared, ${kb(total)} (${total} B) raw`);
        console.log('Each bundle without those files (what it would keep if they shipped once per page):');
        names.forEach((name, i) => {
            const shared = common.reduce((sum, source) => sum + (perControl[i].get(source) ?? 0), 0);
            const own = sizes[i] - shared;
            console.log(`  ${name.padEnd(28)} ${kb(sizes[i]).padStart(8)} -> ${kb(own).padStart(8)}  (${own} B)`);
        });
    }
} finally {
    rmSync(dir, { recursive: true, force: true });
}
