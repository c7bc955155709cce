// npm run bench: every benchmark of the repository, one after another, with the machine it ran on: the
// bundle sizes (bench:bundles), the form's time to content (bench:form), then every other `bench:*` script
// of package.json (e.g. bench:membership, and the rendering benchmarks as they land). `--only a,b` runs the
// named ones (without the `bench:` prefix).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts).filter((name) => name.startsWith('bench:'));
const first = ['bench:bundles', 'bench:form'];
const ordered = [...first.filter((name) => scripts.includes(name)), ...scripts.filter((name) => !first.includes(name))];
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',').map((name) => `bench:${name}`) : undefined;
const chosen = ordered.filter((name) => only === undefined || only.includes(name));

const cpu = cpus();
console.log(`Benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
console.log(`Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work shares the machine: treat times as rough)`);
let failed = 0;
for (const name of chosen) {
    console.log(`\n== npm run ${name}`);
    const result = spawnSync('npm', ['run', '--silent', name], { cwd: root, stdio: 'inherit', env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' } });
    if (result.status !== 0) failed++;
}
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
process.exit(failed > 0 ? 1 : 0);
