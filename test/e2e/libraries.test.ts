/**
 * The playground hands the bundles the platform library set this run asked for (PLATFORM_LIBRARIES:
 * declared = React 16.14.0 + Fluent 9.46.2, runtime = React 17.0.2 + Fluent 9.68), as the globals a
 * model-driven app provides (`Reactv16`, `FluentUIReactv940`); on it, in a real browser, the measure tiles
 * have their padding, border, corner radius and gaps, and nothing is logged to the console (Griffel logs the
 * styles it drops there). .ci/run runs the whole browser suite once per set.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, LIBRARY_SET, openForm, openSegmentPage, reloadForm, screenshot, waitForFormSettled, type Browser } from './browser';
import type { PlaygroundHandle } from '../../playground/main';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sets module is CommonJS, shared with jest and vite configs
const { librarySet, versionsOf } = require('../../platform-libraries/sets.cjs') as {
    readonly librarySet: (name: string) => { readonly name: string; readonly nodeModules: string };
    readonly versionsOf: (set: { readonly nodeModules: string }) => Record<string, string>;
};

const expected = versionsOf(librarySet(LIBRARY_SET));

let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

test(`the bundles get React ${expected.react} and Fluent ${expected['@fluentui/react-components']} (${LIBRARY_SET} set) from the page`, async () => {
    const { page } = browser;
    await openForm(page);
    const running = await page.evaluate(() => {
        const globals = window as unknown as { Reactv16?: { version?: string }; FluentUIReactv940?: Record<string, unknown>; playground?: PlaygroundHandle };
        const fluent = globals.FluentUIReactv940 ?? {};
        return {
            react: globals.Reactv16?.version,
            libraries: globals.playground?.libraries,
            // Exports that tell the two Fluent lines apart: ColorPicker and Rating are newer than 9.46.2.
            fluentHasMakeStyles: typeof fluent.makeStyles === 'function',
            fluentHasNewerComponents: 'ColorPicker' in fluent && 'Rating' in fluent,
        };
    });
    expect({ ...running, libraries: { name: running.libraries?.name, versions: running.libraries?.versions } }).toStrictEqual({
        react: expected.react,
        libraries: { name: LIBRARY_SET, versions: expected },
        fluentHasMakeStyles: true,
        fluentHasNewerComponents: LIBRARY_SET === 'runtime',
    });
    await expect(page.getByTestId('platform-libraries').innerText()).resolves.toContain(`React ${expected.react} · Fluent ${expected['@fluentui/react-components']}`);
});

test('the measure tiles have padding, border, corner radius and gaps, and nothing is logged to the console', async () => {
    const { page } = browser;
    await openForm(page);
    const tiles = page.locator('li[data-measure]');
    expect(await tiles.count()).toBeGreaterThan(0);
    const styles = await tiles.first().evaluate((tile) => {
        const own = getComputedStyle(tile);
        const grid = getComputedStyle(tile.parentElement!);
        return {
            padding: [own.paddingTop, own.paddingRight, own.paddingBottom, own.paddingLeft],
            border: [own.borderTopWidth, own.borderRightWidth, own.borderBottomWidth, own.borderLeftWidth],
            borderStyle: [own.borderTopStyle, own.borderRightStyle, own.borderBottomStyle, own.borderLeftStyle],
            radius: [own.borderTopLeftRadius, own.borderTopRightRadius, own.borderBottomRightRadius, own.borderBottomLeftRadius],
            gaps: [grid.columnGap, grid.rowGap],
        };
    });
    const nonZero = (value: string) => value !== '' && value !== 'normal' && !/^0(px)?$/.test(value);
    expect({
        padding: styles.padding.every(nonZero),
        border: styles.border.every(nonZero),
        borderStyle: styles.borderStyle.every((value) => value === 'solid'),
        radius: styles.radius.every(nonZero),
        gaps: styles.gaps.every(nonZero),
    }).toStrictEqual({ padding: true, border: true, borderStyle: true, radius: true, gaps: true });
    await screenshot(page, `libraries-${LIBRARY_SET}`);
    expect(browser.errors).toStrictEqual([]);
});

/** Pixels between a message bar's border box and its text (above, below), and below its actions row if any. */
function messageSpacing(page: Page, selector: string): Promise<{ above: number; below: number; belowActions: number | undefined }> {
    return page.locator(selector).first().evaluate((bar) => {
        const box = bar.getBoundingClientRect();
        const body = bar.querySelector('.fui-MessageBarBody')!.getBoundingClientRect();
        const actions = bar.querySelector('.fui-MessageBarActions')?.getBoundingClientRect();
        return { above: Math.round(body.top - box.top), below: Math.round(box.bottom - body.bottom), belowActions: actions === undefined ? undefined : Math.round(box.bottom - actions.bottom) };
    });
}

test('a message bar without actions has space below its text, on both Fluent lines, never twice; one with actions keeps Fluent\'s spacing', async () => {
    const { page } = browser;
    // The Journeys verdict has no actions: Fluent 9.46's multiline layout leaves no space below its text (the
    // controls add it), 9.68 adds a spacer of its own (the controls must not add to it).
    await openSegmentPage(page);
    const verdict = await messageSpacing(page, '[data-verdict]');
    expect(verdict.above).toBeGreaterThan(8);
    expect(verdict.below).toBeGreaterThanOrEqual(8);
    expect(verdict.below).toBeLessThanOrEqual(verdict.above);
    // A server error's message has "Copy code" and "Try again": the space under the buttons is Fluent's own.
    await openForm(page, { controls: ['CustomerProfileCard'] });
    await page.getByTestId('fault-server-error').check();
    await reloadForm(page);
    await waitForFormSettled(page, 60_000);
    const failure = await messageSpacing(page, '[data-testid="form-controls"] [data-state="unexpected"]');
    await page.getByTestId('fault-server-error').uncheck();
    expect(failure.belowActions).toBeGreaterThan(1);
    expect(failure.belowActions).toBeLessThan(verdict.above);
    expect(browser.errors).toStrictEqual([]);
});
