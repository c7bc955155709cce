// Debian's Chromium for the benchmarks and scripts, with the browser tests' flags (test/e2e/browser.ts): never a
// downloaded browser, a throw-away profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
    const profile = mkdtempSync(join(tmpdir(), 'cibu-bench-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
        page,
        close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        },
    };
}
