// The playground's dev server (`npm start`): the page in this folder plus the PRODUCTION control bundles
// from out/controls, served byte for byte as they ship (`/controls/<Control>/...`), and a listing of the
// built controls (`/controls/index.json`) read on every request so a control built later shows up on reload.
// PLATFORM_LIBRARIES=declared|runtime picks the React/Fluent the page hands to the bundles (default: declared,
// what the manifests name; runtime: what model-driven apps load), see platform-libraries/sets.cjs.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import platformLibraries from '../platform-libraries/sets.cjs';

const playgroundDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(playgroundDir, '..');
const controlsDir = join(repoRoot, 'out', 'controls');
const librarySet = platformLibraries.librarySet();

const CONTENT_TYPES = {
    '.js': 'text/javascript; charset=utf-8',
    '.xml': 'text/xml; charset=utf-8',
    '.resx': 'text/xml; charset=utf-8',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
    '.css': 'text/css; charset=utf-8',
    '.txt': 'text/plain; charset=utf-8',
};

/** Names of the controls that have a built bundle and manifest. */
export function builtControls() {
    if (!existsSync(controlsDir)) return [];
    return readdirSync(controlsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .filter((name) => existsSync(join(controlsDir, name, 'bundle.js')) && existsSync(join(controlsDir, name, 'ControlManifest.xml')))
        .sort();
}

/** Serves out/controls under /controls, unmodified; no caching so a rebuilt bundle is picked up on reload. */
function builtControlsPlugin() {
    return {
        name: 'playground-built-controls',
        configureServer(server) {
            server.middlewares.use('/controls', (request, response, next) => {
                const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
                if (path === '/index.json') {
                    response.setHeader('Content-Type', 'application/json; charset=utf-8');
                    response.setHeader('Cache-Control', 'no-store');
                    response.end(JSON.stringify({ controls: builtControls() }));
                    return;
                }
                const file = normalize(join(controlsDir, path));
                if (!file.startsWith(controlsDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
                    next();
                    return;
                }
                response.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
                response.setHeader('Cache-Control', 'no-store');
                createReadStream(file).pipe(response);
            });
        },
    };
}

export default defineConfig(({ mode }) => ({
    root: playgroundDir,
    // The page imports the emulator and host from test/ and the platform libraries from the repo's node_modules.
    server: { fs: { allow: [repoRoot] }, strictPort: false },
    // Nothing is built for production: the playground is a dev tool.
    clearScreen: false,
    logLevel: 'info',
    plugins: [builtControlsPlugin()],
    // One copy of React and Fluent for the page, the host and the bundles (they get them through globals),
    // from the chosen library set.
    resolve: { dedupe: ['react', 'react-dom', '@fluentui/react-components'], alias: platformLibraries.viteAliases(librarySet) },
    optimizeDeps: { include: ['react', 'react-dom', '@fluentui/react-components', 'fast-xml-parser'] },
    // Pre-bundled dependencies per set and build (development, or production for the benchmarks), so switching
    // never serves the other set's or build's React.
    cacheDir: join(repoRoot, 'node_modules', '.vite', `playground-${librarySet.name}${mode === 'production' ? '-production' : ''}`),
    // What the page shows and reports (`window.playground.libraries`).
    define: { __PLATFORM_LIBRARIES__: JSON.stringify({ name: librarySet.name, title: librarySet.title, versions: platformLibraries.versionsOf(librarySet) }) },
    // Classic JSX like the controls (tsconfig `jsx: "react"`).
    oxc: { jsx: { runtime: 'classic' } },
}));
