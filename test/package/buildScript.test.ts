/**
 * scripts/build-controls.mjs without building anything: which controls it picks, and how it judges a
 * pcf-scripts run. pcf-scripts 1.51.1 exits 0 when a build fails, so the script must read its output and
 * look for the bundle; a stand-in for pcf-scripts (CIBU_PCF_SCRIPTS) plays the failing and the succeeding
 * tool here. The real tool failing on a type error is checked by test/package/build.test.ts in CI (.ci/run).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'build-controls.mjs');

function run(args: readonly string[], env: Record<string, string> = {}): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true', ...env } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('which controls it builds', () => {
    it('builds only the control it is given by name', () => {
        const result = run(['CustomerMeasures', '--dry-run']);
        expect(result.status).toBe(0);
        expect(result.output.trim().split('\n')).toStrictEqual(['would build CustomerMeasures']);
    });

    it('builds the controls it is given, and every control without a name', () => {
        expect(run(['SegmentMembership', 'CustomerMeasures', '--dry-run']).output.trim().split('\n').sort()).toStrictEqual(['would build CustomerMeasures', 'would build SegmentMembership']);
        expect(run(['--dry-run']).output).toMatch(/would build CustomerProfileCard/);
    });

    it('refuses a name that is not a control, naming the ones there are', () => {
        const result = run(['CustomerMesures', '--dry-run']);
        expect(result.status).toBe(1);
        expect(result.output).toMatch(/No control named CustomerMesures under components\/ \(controls: .*CustomerMeasures/);
    });
});

describe('how it judges a pcf-scripts run', () => {
    let work: string;
    beforeEach(() => {
        mkdirSync(join(root, 'out', 'scratch'), { recursive: true });
        work = mkdtempSync(join(root, 'out', 'scratch', 'tool-'));
    });
    afterEach(() => {
        rmSync(work, { recursive: true, force: true });
        rmSync(join(root, 'out', 'scratch', 'controls', 'CustomerMeasures'), { recursive: true, force: true });
    });

    /** A stand-in for pcf-scripts that prints `output`, maybe writes the bundle, and exits 0 like the real one. */
    function tool(output: string, writesBundle: boolean): string {
        const path = join(work, 'pcf-scripts.js');
        writeFileSync(
            path,
            [
                "const { mkdirSync, writeFileSync } = require('fs');",
                "const outDir = process.argv[process.argv.indexOf('--outDir') + 1];",
                writesBundle
                    ? "mkdirSync(outDir, { recursive: true }); writeFileSync(outDir + '/bundle.js', ''); writeFileSync(outDir + '/ControlManifest.xml', '<manifest><control namespace=\"N\" constructor=\"C\" version=\"0.0.1\" /></manifest>');"
                    : '',
                `console.log(${JSON.stringify(output)});`,
                'process.exit(0);',
            ].join('\n'),
        );
        return path;
    }

    const control = ['--control', join(root, 'components', 'CustomerMeasures')];

    it('fails when the tool exits 0 but reports a failed build (a type error)', () => {
        const failing = tool("[build] Compiling and bundling controls...\nERROR in index.ts(3,7)\n      TS2322: Type 'string' is not assignable to type 'number'.\n[build] Failed:", false);
        const result = run(control, { CIBU_PCF_SCRIPTS: failing });
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(/FAILED CustomerMeasures/);
        expect(result.output).toMatch(/TS2322/);
    });

    it('fails when the tool says it succeeded but wrote no bundle', () => {
        const result = run(control, { CIBU_PCF_SCRIPTS: tool('[build] Succeeded', false) });
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(/FAILED CustomerMeasures/);
    });

    it('succeeds when the tool says so and wrote the bundle, and stamps the package version', () => {
        const result = run(control, { CIBU_PCF_SCRIPTS: tool('[build] Succeeded', true) });
        expect(result.output).toMatch(/built {2}CustomerMeasures/);
        expect(result.status).toBe(0);
        const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version.split('-')[0];
        expect(readFileSync(join(root, 'out', 'scratch', 'controls', 'CustomerMeasures', 'ControlManifest.xml'), 'utf8')).toContain(`version="${version}"`);
    });
});
