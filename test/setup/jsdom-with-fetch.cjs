/**
 * jsdom plus Node's own `fetch` (jsdom has none), for tests that render controls in jsdom and talk HTTP to
 * the local Dataverse server on loopback (test/wire). Use with the docblock
 * `@jest-environment ./test/setup/jsdom-with-fetch.cjs`.
 */
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'ReadableStream', 'TextDecoder', 'TextEncoder', 'AbortController', 'AbortSignal'];

class JsdomWithFetch extends TestEnvironment {
    constructor(config, context) {
        super(config, context);
        // Node's fetch checks that a signal is its own AbortSignal, so the controller comes from Node too.
        for (const name of FROM_NODE) this.global[name] = globalThis[name];
    }
}

module.exports = JsdomWithFetch;
