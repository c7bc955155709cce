/**
 * The playground against a real environment (issue 15): a vite plugin that mounts the read-only proxy at
 * `/environment` and tells the page where its Web API is (a global set by a script in the page's head,
 * `window.__PLAYGROUND_ENVIRONMENT__`). The page then runs the same form over `context.webAPI` implemented
 * by test/host/httpWebApi.ts.
 */
import type { Environment } from './environmentUrl';
import { createReadOnlyProxy, type Middleware } from './readOnlyProxy';
import type { TokenSource } from './signIn';

export const ENVIRONMENT_MOUNT = '/environment';

/** What the page knows about the environment (no token: that stays in the dev server). */
export interface PlaygroundEnvironment {
    /** The environment's origin, shown on the page. */
    readonly origin: string;
    /** The page's Web API base: the proxy on its own dev server. */
    readonly apiUrl: string;
    readonly loopback: boolean;
    /** How the token was obtained, shown on the page. */
    readonly signIn: string;
}

export function pageEnvironment(environment: Environment, tokens: TokenSource): PlaygroundEnvironment {
    return { origin: environment.origin, apiUrl: `${ENVIRONMENT_MOUNT}/api/data/v9.2/`, loopback: environment.loopback, signIn: tokens.description };
}

/** The part of a vite plugin used here (vite's own types need a newer moduleResolution than the repository's). */
export interface EnvironmentPlugin {
    readonly name: string;
    transformIndexHtml(): Array<{ tag: string; children: string; injectTo: 'head-prepend' }>;
    configureServer(server: { middlewares: { use(middleware: Middleware): unknown } }): void;
}

export function playgroundEnvironmentPlugin(environment: Environment, tokens: TokenSource, log: (line: string) => void): EnvironmentPlugin {
    return {
        name: 'playground-environment',
        // JSON with '<' escaped, so nothing in it can end the script element.
        transformIndexHtml: () => [{ tag: 'script', children: `window.__PLAYGROUND_ENVIRONMENT__ = ${JSON.stringify(pageEnvironment(environment, tokens)).replace(/</g, '\\u003c')};`, injectTo: 'head-prepend' }],
        configureServer(server) {
            server.middlewares.use(createReadOnlyProxy({ environment, mountPath: ENVIRONMENT_MOUNT, getToken: () => tokens.getToken(), log }));
        },
    };
}
