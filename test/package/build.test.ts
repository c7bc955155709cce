/**
 * pcf-scripts exits 0 when a build fails; the build script must not. A copy of a real control with a type
 * error is built through the same script and must fail the command.
 *
 * This is a second real build (about 20 s), so `npm test` builds only once and leaves it out: CI runs it on
 * its own (`.ci/run` sets CIBU_REAL_BUILD_FAILURE=1). test/package/buildScript.test.ts checks the script's
 * judgement of the tool's output on every run, with a stand-in for pcf-scripts.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');

const realBuild = process.env.CIBU_REAL_BUILD_FAILURE === '1' ? it : it.skip;

realBuild('exits non-zero when a control does not compile', () => {
    const scratch = join(root, 'out', 'scratch');
    mkdirSync(scratch, { recursive: true });
    const work = mkdtempSync(join(scratch, 'broken-'));
    const control = join(work, 'CustomerProfileCard');
    try {
        cpSync(join(root, 'components', 'CustomerProfileCard'), control, {
            recursive: true,
            filter: (source) => !source.includes('generated'),
        });
        cpSync(join(root, 'components', 'shared'), join(work, 'shared'), { recursive: true });
        // The copy's tsconfig extends the repository's by absolute path, since it lives elsewhere.
        writeFileSync(
            join(control, 'tsconfig.json'),
            JSON.stringify({ extends: join(root, 'tsconfig.json'), include: ['./**/*.ts', './**/*.tsx', '../shared/**/*.ts', '../shared/**/*.tsx'], exclude: ['**/generated'] }),
        );
        const index = join(control, 'index.ts');
        writeFileSync(index, `${readFileSync(index, 'utf8')}\nconst broken: number = 'not a number';\nvoid broken;\n`);
        const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-controls.mjs'), '--control', control], {
            cwd: root,
            encoding: 'utf8',
            env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
        });
        expect(result.status).not.toBe(0);
        expect(`${result.stdout}${result.stderr}`).toMatch(/TS2322/);
        expect(`${result.stdout}${result.stderr}`).toMatch(/FAILED CustomerProfileCard/);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}, 120000);
