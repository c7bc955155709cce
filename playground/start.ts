/**
 * `npm start`: the playground's dev server.
 *
 *     npm start                                   the embedded in-memory Dataverse (default; no internet)
 *     npm start -- --environment https://<org>.crm.dynamics.com [--tenant <id>] [--client-id <id>]
 *                                                 a real environment as the signed-in user (device code)
 *     npm start -- --environment <url> --token <bearer token>
 *                                                 a real environment with a token you got elsewhere, or the
 *                                                 local server of `npm run dataverse` with a dev token
 *     [--port <n>]                                the dev server's port (default 5173, or the next free one)
 *
 * The options can also come from CIBU_ENVIRONMENT, CIBU_TOKEN, CIBU_CLIENT_ID and CIBU_TENANT. Against an
 * environment, the page's reads go through the dev server's read-only proxy (GET only) with the token,
 * which never reaches the page.
 */
import { join } from 'node:path';
import { EnvironmentUrlError, parseEnvironmentUrl } from '../tools/environment/environmentUrl';
import { playgroundEnvironmentPlugin } from '../tools/environment/playgroundEnvironment';
import { createTokenSource } from '../tools/environment/signIn';

interface StartOptions {
    readonly environment?: string;
    readonly token?: string;
    readonly clientId?: string;
    readonly tenant?: string;
    readonly port?: number;
}

const FLAGS: Readonly<Record<string, keyof StartOptions>> = { '--environment': 'environment', '--token': 'token', '--client-id': 'clientId', '--tenant': 'tenant', '--port': 'port' };

function parseArguments(args: readonly string[]): StartOptions {
    const options: { -readonly [Key in keyof StartOptions]: StartOptions[Key] } = {};
    const env = process.env;
    if (env.CIBU_ENVIRONMENT) options.environment = env.CIBU_ENVIRONMENT;
    if (env.CIBU_TOKEN) options.token = env.CIBU_TOKEN;
    if (env.CIBU_CLIENT_ID) options.clientId = env.CIBU_CLIENT_ID;
    if (env.CIBU_TENANT) options.tenant = env.CIBU_TENANT;
    for (let index = 0; index < args.length; index++) {
        const argument = args[index] ?? '';
        const equals = argument.indexOf('=');
        const flag = equals === -1 ? argument : argument.slice(0, equals);
        const inline = equals === -1 ? undefined : argument.slice(equals + 1);
        const key = FLAGS[flag];
        const value = inline ?? args[++index];
        if (key === undefined || value === undefined || value === '') throw new Error(`Unknown or incomplete option '${args[index] ?? flag}'. Options: ${Object.keys(FLAGS).join(', ')}.`);
        if (key === 'port') {
            if (!/^\d{1,5}$/.test(value)) throw new Error('--port needs a port number.');
            options.port = Number(value);
        } else options[key] = value;
    }
    return options;
}

interface ViteApi {
    createServer(config: Record<string, unknown>): Promise<{ listen(): Promise<unknown>; printUrls(): void; close(): Promise<void> }>;
}

async function main(): Promise<void> {
    const options = parseArguments(process.argv.slice(2));
    // vite is ESM-only; its types need a newer moduleResolution than the repository's, so the little used is typed here.
    const vitePackage: string = 'vite';
    const loadVite = (): Promise<unknown> => import(vitePackage);
    const vite = (await loadVite()) as ViteApi;
    const log = (line: string): void => console.log(`[environment] ${line}`);
    const plugins = [];
    if (options.environment !== undefined) {
        const environment = parseEnvironmentUrl(options.environment);
        const tokens = createTokenSource({ environment, log, ...(options.token !== undefined ? { token: options.token } : {}), ...(options.clientId !== undefined ? { clientId: options.clientId } : {}), ...(options.tenant !== undefined ? { tenant: options.tenant } : {}) });
        console.log(`Playground against ${environment.origin}: reads only, as the signed-in user (${tokens.description}).`);
        plugins.push(playgroundEnvironmentPlugin(environment, tokens, log));
        // Sign in now, so the device code shows before the page is opened.
        tokens.getToken().then(
            () => log('token ready'),
            (error: unknown) => log(`no token: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
    const server = await vite.createServer({
        configFile: join(__dirname, 'vite.config.mjs'),
        plugins,
        server: { host: 'localhost', ...(options.port !== undefined ? { port: options.port, strictPort: true } : {}) },
    });
    await server.listen();
    server.printUrls();
    const stop = (): void => {
        void server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
    console.error(error instanceof EnvironmentUrlError || error instanceof Error ? error.message : error);
    process.exit(1);
});
