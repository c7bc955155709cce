// Runs a TypeScript entry point of this repository in Node (`node tools/run-ts.cjs <file.ts> [args]`): `npm
// start`, `npm run dataverse`, `npm run probe`. The root tsconfig emits ES modules for the controls' build,
// which Node cannot load from .ts files, so ts-node is registered here with `module: node16`: CommonJS output
// (package.json has no "type": "module") that keeps `import()` as is, so ESM-only packages such as vite
// still load. Transpile only: types are checked by `npm run typecheck`.
const { resolve } = require('node:path');

require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'node16', moduleResolution: 'node16' } });

const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
    console.error('usage: node tools/run-ts.cjs <entry.ts> [arguments]');
    process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...args];
require(resolve(entry));
