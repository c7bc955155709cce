/**
 * `npm run probe`: settles the platform assumptions the controls rely on against an environment, read-only.
 *
 *     npm run probe -- --environment https://<org>.crm.dynamics.com [--tenant <id>] [--client-id <id>]
 *     npm run probe -- --environment https://<org>.crm.dynamics.com --token <bearer token>
 *     npm run probe -- --environment http://127.0.0.1:5555 --token cibu-dev.serviceAgent    (npm run dataverse)
 *     npm run probe -- --local [--persona serviceAgent] [--elastic-refusals]               (a local server, started here)
 *     [--out out/probe] [--only table-type,page-size]
 *
 * Prints the table and writes it as JSON and Markdown (`<out>/probe-<host>-<time>.json|.md`). Refuses an
 * environment that is not https unless it is on loopback. GET requests only, a bounded number of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataverseEmulator, ELASTIC_REFUSALS, NO_REFUSALS, PERSONAS, type PersonaKey } from '../../test/dataverse';
import { startDataverseServer, type DataverseServer } from '../../test/dataverse/http/server';
import { DEV_TOKENS } from '../../test/dataverse/http/tokens';
import { parseEnvironmentUrl } from '../environment/environmentUrl';
import { createTokenSource } from '../environment/signIn';
import { PROBES } from './probes';
import { reportJson, reportMarkdown, reportText, runProbes } from './run';

const VALUE_FLAGS = ['--environment', '--token', '--client-id', '--tenant', '--out', '--only', '--persona'] as const;
const SWITCHES = ['--local', '--elastic-refusals'] as const;

function parseArguments(args: readonly string[]): { values: Map<string, string>; switches: Set<string> } {
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (let index = 0; index < args.length; index++) {
        const argument = args[index] ?? '';
        const equals = argument.indexOf('=');
        const flag = equals === -1 ? argument : argument.slice(0, equals);
        if ((SWITCHES as readonly string[]).includes(flag)) {
            switches.add(flag);
            continue;
        }
        if (!(VALUE_FLAGS as readonly string[]).includes(flag)) throw new Error(`Unknown option '${argument}'. Options: ${[...VALUE_FLAGS, ...SWITCHES].join(', ')}.`);
        const value = equals === -1 ? args[++index] : argument.slice(equals + 1);
        if (value === undefined || value === '') throw new Error(`${flag} needs a value.`);
        values.set(flag, value);
    }
    return { values, switches };
}

async function main(): Promise<void> {
    const { values, switches } = parseArguments(process.argv.slice(2));
    const env = process.env;
    const only = values.get('--only')?.split(',').map((id) => id.trim());
    const unknown = only?.filter((id) => !PROBES.some((probe) => probe.id === id)) ?? [];
    if (unknown.length > 0) throw new Error(`Unknown probe ${unknown.join(', ')}. Probes: ${PROBES.map((probe) => probe.id).join(', ')}.`);

    let local: DataverseServer | undefined;
    let environmentText = values.get('--environment') ?? env.CIBU_ENVIRONMENT;
    let token = values.get('--token') ?? env.CIBU_TOKEN;
    if (switches.has('--local')) {
        const persona = (values.get('--persona') ?? 'administrator') as PersonaKey;
        if (!(persona in PERSONAS)) throw new Error(`--persona must be one of ${Object.keys(PERSONAS).join(', ')}.`);
        const refusals = switches.has('--elastic-refusals');
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 600, platform: refusals ? ELASTIC_REFUSALS : NO_REFUSALS, ...(refusals ? { backstampContacts: false, insightCustomerLookups: false } : {}) });
        local = await startDataverseServer({ dv, ...(refusals ? { maxUrlLength: 8192 } : {}) });
        environmentText = local.origin;
        token = DEV_TOKENS[persona];
        console.log(`Local in-memory Dataverse at ${local.origin} (${refusals ? 'elastic-like refusals, 8 KB URL limit' : 'no refusals'}), as ${PERSONAS[persona].fullName}.`);
    }
    if (environmentText === undefined) throw new Error('Give --environment https://<org>.crm.dynamics.com (or --local).');
    const environment = parseEnvironmentUrl(environmentText);
    const clientId = values.get('--client-id') ?? env.CIBU_CLIENT_ID;
    const tenant = values.get('--tenant') ?? env.CIBU_TENANT;
    const tokens = createTokenSource({ environment, log: (line) => console.log(line), ...(token !== undefined ? { token } : {}), ...(clientId !== undefined ? { clientId } : {}), ...(tenant !== undefined ? { tenant } : {}) });
    try {
        const report = await runProbes({ apiUrl: environment.apiUrl, environment: environment.origin, getToken: () => tokens.getToken(), ...(only !== undefined ? { only } : {}), progress: (line) => console.error(`probing ${line}`) });
        console.log(reportText(report));
        const outDir = values.get('--out') ?? join(process.cwd(), 'out', 'probe');
        mkdirSync(outDir, { recursive: true });
        const stamp = report.startedAt.replace(/[-:]/g, '').replace(/\..*$/, '');
        const base = join(outDir, `probe-${new URL(environment.origin).host.replace(/[^A-Za-z0-9.-]/g, '_')}-${stamp}`);
        writeFileSync(`${base}.json`, reportJson(report));
        writeFileSync(`${base}.md`, reportMarkdown(report));
        console.log(`Written: ${base}.json and ${base}.md`);
    } finally {
        await local?.close();
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
});
