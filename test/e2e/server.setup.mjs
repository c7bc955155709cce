// Starts the playground's vite dev server on a free localhost port for the e2e run (vite is ESM-only, so
// this runs here, outside the test sandbox). The tests read the URL from PLAYGROUND_URL.
import { createServer as createNetServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort() {
    return new Promise((resolve, reject) => {
        const probe = createNetServer();
        probe.unref();
        probe.on('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

export default async function startPlayground() {
    // CIBU_PLAYGROUND_BUILD=production (the benchmarks): the page gets the production builds of React and Fluent,
    // as model-driven apps load them; vite pre-bundles dependencies for NODE_ENV, so it is set before the server
    // starts. The browser tests keep the development builds, whose warnings they would show.
    const production = process.env.CIBU_PLAYGROUND_BUILD === 'production';
    if (production) process.env.NODE_ENV = 'production';
    const port = await freePort();
    const server = await createServer({
        configFile: join(root, 'playground', 'vite.config.mjs'),
        server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
        logLevel: 'warn',
        ...(production ? { mode: 'production' } : {}),
    });
    await server.listen();
    const url = `http://127.0.0.1:${port}/`;
    // Warm up: the first request triggers dependency optimisation; do it before any test times a load.
    await fetch(url).then((response) => response.text());
    globalThis.__playgroundServer = server;
    process.env.PLAYGROUND_URL = url;
    console.log(`\nPlayground for e2e tests at ${url}`);
}
