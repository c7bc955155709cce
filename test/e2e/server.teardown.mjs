// Closes the dev server started by server.setup.mjs.
export default async function stopPlayground() {
    await globalThis.__playgroundServer?.close();
}
