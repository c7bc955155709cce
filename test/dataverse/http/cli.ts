/**
 * `npm run dataverse [-- --port 5555 --seed 42 --profiles 200]`: serves the synthetic tenant as a Dataverse
 * Web API on http://127.0.0.1:<port>/api/data/v9.2/ until Ctrl+C, and prints the development tokens.
 */
import { DataverseEmulator, PERSONA_LIST } from '..';
import { startDataverseServer } from './server';
import { DEV_TOKENS } from './tokens';

function option(name: string, fallback: number): number {
    const index = process.argv.indexOf(`--${name}`);
    const value = index === -1 ? undefined : Number(process.argv[index + 1]);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 0) {
        console.error(`--${name} needs a whole number`);
        process.exit(2);
    }
    return value;
}

async function main(): Promise<void> {
    const seed = option('seed', 42);
    const profileCount = option('profiles', 60);
    const dv = DataverseEmulator.withSyntheticTenant({ seed, profileCount });
    const server = await startDataverseServer({ dv, port: option('port', 5555) });
    console.log(`In-memory Dataverse (seed ${seed}, ${dv.tenant.profileCount} profiles) at ${server.apiUrl}`);
    console.log('Bearer tokens (each one a persona; see test/dataverse/http/tokens.ts):');
    for (const persona of PERSONA_LIST) console.log(`  ${DEV_TOKENS[persona.key].padEnd(26)} ${persona.fullName}: ${persona.description}`);
    console.log(`\nTry: curl -H "Authorization: Bearer ${DEV_TOKENS.serviceAgent}" "${server.apiUrl}WhoAmI"`);
    console.log(`Playground over it: npm start -- --environment ${server.origin} --token ${DEV_TOKENS.serviceAgent}`);
    const stop = (): void => {
        void server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
