/**
 * The token for a real environment: the one the user passed (`--token`), or a Microsoft Entra device-code
 * sign-in with `@azure/msal-node`, kept in memory for this process only (msal-node's default cache; nothing
 * is written to disk). The signed-in user's own Dataverse roles apply to every read.
 *
 * Not tried from here: a real sign-in needs the internet and an account. The default client id is the public
 * client Microsoft's Dataverse samples and tools use (51f81489-12ee-4a9e-aaae-a2591f45987d); a tenant that
 * does not allow it needs its own app registration with public client flows on (`--client-id`).
 */
import type { Environment } from './environmentUrl';

export const DEFAULT_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';

export interface SignInOptions {
    readonly environment: Environment;
    /** A bearer token to use as is (no sign-in). */
    readonly token?: string;
    /** Entra application (client) id for the device-code flow. */
    readonly clientId?: string;
    /** Tenant id or domain; default `organizations` (the user's home tenant). */
    readonly tenant?: string;
    /** Where the device-code instructions go (the terminal). */
    readonly log: (line: string) => void;
}

export interface TokenSource {
    /** A current bearer token; signs in (device code) the first time when no token was given. */
    getToken(): Promise<string>;
    /** How tokens are obtained, for the start-up message. */
    readonly description: string;
}

export function createTokenSource(options: SignInOptions): TokenSource {
    if (options.token !== undefined && options.token.trim() !== '') {
        const token = options.token.trim();
        return { getToken: () => Promise.resolve(token), description: 'the token passed in (it is not refreshed: pass a new one when it expires)' };
    }
    const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    const authority = `https://login.microsoftonline.com/${encodeURIComponent(options.tenant ?? 'organizations')}`;
    const scopes = [`${options.environment.origin}/.default`];
    let application: Promise<import('@azure/msal-node').PublicClientApplication> | undefined;
    let account: import('@azure/msal-node').AccountInfo | null = null;
    let signingIn: Promise<string> | undefined;

    const app = (): Promise<import('@azure/msal-node').PublicClientApplication> => {
        // Loaded only when a sign-in is needed: the emulator mode never touches it.
        application ??= import('@azure/msal-node').then((msal) => new msal.PublicClientApplication({ auth: { clientId, authority } }));
        return application;
    };

    return {
        description: `device-code sign-in (client ${clientId}, authority ${authority}), token kept in memory only`,
        async getToken() {
            const client = await app();
            if (account !== null) {
                try {
                    const silent = await client.acquireTokenSilent({ account, scopes });
                    if (silent.accessToken !== '') return silent.accessToken;
                } catch {
                    // expired and not refreshable: sign in again below
                }
            }
            signingIn ??= client
                .acquireTokenByDeviceCode({ scopes, deviceCodeCallback: (response) => options.log(response.message) })
                .then((result) => {
                    if (result === null || result.accessToken === '') throw new Error('The sign-in returned no token.');
                    account = result.account;
                    return result.accessToken;
                })
                .finally(() => {
                    signingIn = undefined;
                });
            return signingIn;
        },
    };
}
