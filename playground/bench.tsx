/**
 * The page `npm run bench:render` drives in Chromium: the PRODUCTION bundles from out/controls (loaded as a
 * model-driven app loads them, through playground/platform.ts), mounted one at a time through the PCF host
 * over the in-memory Dataverse, whose service-agent customer has as many segments or measures as asked
 * (test/dataverse/wideCustomer.ts). Every figure is measured in the page with `performance.now()`:
 * - time to content: from `init` until the list is in the document and laid out (read, parse, sort, render);
 * - an interaction: from the click or keystroke until the DOM is updated and laid out (React 16 renders a
 *   click or input event synchronously, so this is the script, style and layout time the user waits for).
 */
import { DataverseEmulator, PERSONAS, wideCustomer } from '../test/dataverse';
import { mountControl, type MountedControl } from '../test/host';
import { installPlatform, loadBuiltControls, loadStrings, type LoadedControl } from './platform';

export interface SegmentTimes {
    readonly contentMs: number;
    /** "+N more". */
    readonly expandMs: number;
    /** The next "Show 200 more" step. */
    readonly stepMs: number;
    /** Each keystroke of typing the filter text, in order. */
    readonly keystrokesMs: readonly number[];
    /** List items in the document after the last keystroke. */
    readonly renderedAfterFilter: number;
}

export interface MeasureTimes {
    readonly contentMs: number;
    /** "Show all". */
    readonly showAllMs: number;
    readonly tilesAfterShowAll: number;
}

export interface RenderBench {
    segments(count: number, filterText: string): Promise<SegmentTimes>;
    measures(count: number): Promise<MeasureTimes>;
}

installPlatform();
const controls = loadBuiltControls();
const root = document.getElementById('root') as HTMLElement;

async function builtControl(name: string): Promise<LoadedControl> {
    const control = (await controls).controls.find((candidate) => candidate.name === name);
    if (control === undefined) throw new Error(`${name} is not built: run npm run build`);
    return control;
}

/** Longest a mount may take before the run fails instead of waiting forever. */
const CONTENT_TIMEOUT_MS = 60_000;

/** Resolves once `ready()` holds, checked after every change of the container; rejects after the time limit. */
function until(container: HTMLElement, ready: () => boolean, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
            if (!ready()) return;
            observer.disconnect();
            window.clearTimeout(timer);
            resolve();
        });
        const timer = window.setTimeout(() => {
            observer.disconnect();
            reject(new Error(`${what} did not appear within ${CONTENT_TIMEOUT_MS} ms: ${(container.textContent ?? '').slice(0, 300)}`));
        }, CONTENT_TIMEOUT_MS);
        observer.observe(container, { childList: true, subtree: true, characterData: true, attributes: true });
    });
}

/** Forces style and layout, so a figure includes what the browser must do before it can paint. */
function layout(container: HTMLElement): void {
    void container.getBoundingClientRect().height;
}

async function timedMount(name: string, dv: DataverseEmulator, contentSelector: string): Promise<{ mounted: MountedControl; container: HTMLElement; contentMs: number }> {
    const control = await builtControl(name);
    const strings = await loadStrings(control, 1033);
    const persona = PERSONAS.serviceAgent;
    const container = document.createElement('div');
    root.appendChild(container);
    const started = performance.now();
    const mounted = mountControl(control.controlClass, container, {
        manifest: control.manifest,
        strings,
        webApi: dv.webApi(persona.userId),
        userId: persona.userId,
        userName: persona.fullName,
        languageId: 1033,
        formRecord: { id: dv.tenant.sampleContacts.serviceAgentCustomer.contactId, table: 'contact' },
        metadata: dv,
        width: 640,
    });
    await until(container, () => container.querySelector(contentSelector) !== null, contentSelector);
    layout(container);
    return { mounted, container, contentMs: performance.now() - started };
}

function timedClick(container: HTMLElement, label: RegExp): number {
    const button = Array.from(container.querySelectorAll('button')).find((candidate) => label.test(candidate.textContent ?? ''));
    if (button === undefined) throw new Error(`no button ${String(label)}`);
    const started = performance.now();
    button.click();
    layout(container);
    return performance.now() - started;
}

function timedKeystroke(container: HTMLElement, input: HTMLInputElement, value: string): number {
    // React tracks the value it set: set it through the element's own setter, as typing does.
    const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    const started = performance.now();
    descriptor?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    layout(container);
    return performance.now() - started;
}

function unmount(mounted: MountedControl, container: HTMLElement): void {
    mounted.destroy();
    container.remove();
}

const bench: RenderBench = {
    async segments(count, filterText) {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, rowOverride: wideCustomer({ segments: count }) });
        const { mounted, container, contentMs } = await timedMount('SegmentMembership', dv, 'ul[aria-label] > li');
        try {
            const expandMs = timedClick(container, /^\+[\d,]+ more$/);
            const stepMs = count > 208 ? timedClick(container, /^Show [\d,]+ more$/) : 0;
            const input = container.querySelector<HTMLInputElement>('input[type="search"]');
            const keystrokesMs: number[] = [];
            if (input !== null) for (let length = 1; length <= filterText.length; length++) keystrokesMs.push(timedKeystroke(container, input, filterText.slice(0, length)));
            return { contentMs, expandMs, stepMs, keystrokesMs, renderedAfterFilter: container.querySelectorAll('ul[aria-label] > li').length };
        } finally {
            unmount(mounted, container);
        }
    },
    async measures(count) {
        const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, rowOverride: wideCustomer({ measures: count }) });
        const { mounted, container, contentMs } = await timedMount('CustomerMeasures', dv, 'li[data-measure]');
        try {
            const showAllMs = count > 12 ? timedClick(container, /^Show all [\d,]+ measures$/) : 0;
            return { contentMs, showAllMs, tilesAfterShowAll: container.querySelectorAll('li[data-measure]').length };
        } finally {
            unmount(mounted, container);
        }
    },
};

(window as unknown as { renderBench: RenderBench }).renderBench = bench;
