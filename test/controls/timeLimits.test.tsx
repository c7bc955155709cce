/**
 * @jest-environment jsdom
 *
 * Every read ends and nothing outlives its control, through the real lifecycle with jest's fake timers: a
 * Web API call that never settles ends in the timeout state with Try again and frees the page for the other
 * controls; destroy cancels busy retries and the automatic re-read, so no request is sent after it; "Copy
 * code" after destroy sets no React state.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { act } from 'react-dom/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { REQUEST_TIMEOUT_MS, MAX_BUSY_WAIT_MS } from '../../components/shared/limits';
import { StateMessage } from '../../components/shared/ui/StateMessage';
import { stateMessage } from '../../components/shared/ui/stateMessages';
import { DataverseEmulator, type SampleContactKey } from '../dataverse';
import { destroyAll, mountOnContactForm } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    // Microtasks stay real: the host renders on them, and the emulator yields on them.
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(() => {
    destroyAll();
    jest.useRealTimers();
});

async function advance(ms: number): Promise<void> {
    await act(async () => {
        await jest.advanceTimersByTimeAsync(ms);
    });
}

/** Lets promise chains and renders run without moving the clock. */
async function settle(): Promise<void> {
    await advance(0);
    await advance(0);
}

/** A webApi whose calls hang (never settle) while `hanging` is true; counts calls. */
function switchable(): { wrap: (inner: ComponentFramework.WebApi) => ComponentFramework.WebApi; hanging: boolean; calls: number } {
    const control = {
        hanging: true,
        calls: 0,
        wrap: (inner: ComponentFramework.WebApi): ComponentFramework.WebApi => ({
            ...inner,
            retrieveMultipleRecords: (table, options, maxPageSize) => {
                control.calls++;
                return control.hanging ? new Promise(() => undefined) : inner.retrieveMultipleRecords(table, options, maxPageSize);
            },
        }),
    };
    return control;
}

const stateOf = (section: Element | null | undefined): string => section?.querySelector('[data-state]')?.getAttribute('data-state') ?? '';
const states = (): string[] => Array.from(document.querySelectorAll('section')).map(stateOf);

describe('a Web API call that never settles', () => {
    it(`shows the skeleton, then after ${REQUEST_TIMEOUT_MS / 1000} s the timeout state; Try again reads anew`, async () => {
        const api = switchable();
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { webApi: api.wrap });
        await settle();
        expect(document.querySelector('section')?.getAttribute('aria-busy')).toBe('true');
        await advance(REQUEST_TIMEOUT_MS - 1);
        expect(states()).toStrictEqual(['']);
        await advance(1);
        await settle();
        expect(states()).toStrictEqual(['timeout']);
        expect(screen.getAllByText('Dataverse is taking too long')).toHaveLength(2); // the message, and the live region
        const sent = api.calls;
        api.hanging = false;
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await settle();
        // The timed-out read left no cache entry behind: Try again sends it again and shows the profile.
        expect(api.calls).toBeGreaterThan(sent);
        expect(await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName)).toBeTruthy();
    });

    it('six hung calls no longer block every other control on the page: their slots are freed at the time limit', async () => {
        const api = switchable();
        const hungContacts: SampleContactKey[] = ['serviceAgentCustomer', 'corruptJson', 'alternateKeyOnly', 'upperCaseGuid', 'bracedGuid', 'otherRegionCustomer'];
        for (const contact of hungContacts) mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, { contact, persona: 'administrator', webApi: api.wrap });
        await settle();
        expect(api.calls).toBe(6);
        // A seventh control, whose own calls would answer, waits for a slot.
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { contact: 'unmappedCustomer', persona: 'administrator' });
        await settle();
        expect(dv.log.entries).toHaveLength(0);
        await advance(REQUEST_TIMEOUT_MS);
        await settle();
        expect(await screen.findByText(dv.tenant.sampleContacts.unmappedCustomer.fullName)).toBeTruthy();
        expect(states().filter((state) => state === 'timeout')).toHaveLength(6);
    });

    it('a second control on the same record shares the hung read and its timeout, not a forever skeleton', async () => {
        const api = switchable();
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { webApi: api.wrap });
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, { webApi: api.wrap });
        await settle();
        expect(api.calls).toBe(1);
        await advance(REQUEST_TIMEOUT_MS);
        await settle();
        expect(states()).toStrictEqual(['timeout', 'timeout']);
    });
});

describe('nothing outlives its control', () => {
    it('destroy during a busy backoff: the retry is cancelled and nothing is sent afterwards', async () => {
        dv.faults.throttle({ maxRequests: 0 });
        const control = mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard);
        await settle();
        expect(states()).toStrictEqual(['busy']);
        const sent = dv.log.entries.length;
        control.destroy();
        await advance(MAX_BUSY_WAIT_MS * 2);
        expect(dv.log.entries.length).toBe(sent);
    });

    it('destroy while the automatic re-read of a busy control is pending: it never happens', async () => {
        dv.faults.throttle({ maxRequests: 0 });
        const control = mountOnContactForm(dv, 'SegmentMembership', SegmentMembership);
        // The requester's own retries (about 1 + 2 + 4 s of backoff) end busy; the control then waits to re-read.
        await advance(10_000);
        await settle();
        expect(states()).toStrictEqual(['busy']);
        const sent = dv.log.entries.length;
        expect(sent).toBe(4);
        control.destroy();
        dv.faults.reset();
        await advance(MAX_BUSY_WAIT_MS * 2);
        expect(dv.log.entries.length).toBe(sent);
    });

    it('a busy control stops re-reading by itself after a bounded number of times and offers Try again', async () => {
        dv.faults.throttle({ maxRequests: 0 });
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard);
        await advance(MAX_BUSY_WAIT_MS * 3);
        await settle();
        const sent = dv.log.entries.length;
        expect(sent).toBe(4 * 4); // 4 reads (the first and 3 automatic re-reads), 4 attempts each
        expect(screen.getByText("Dataverse is still too busy, so we stopped trying for now. Try again in a few minutes.")).toBeTruthy();
        await advance(MAX_BUSY_WAIT_MS * 3);
        expect(dv.log.entries.length).toBe(sent);
        dv.faults.reset();
        fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
        await settle();
        expect(await screen.findByText(dv.tenant.sampleContacts.serviceAgentCustomer.fullName)).toBeTruthy();
    });

    it('"Copy code" answered after destroy sets no state on the unmounted message', async () => {
        let finishCopy: () => void = () => undefined;
        const writeText = jest.fn(() => new Promise<void>((resolve) => (finishCopy = resolve)));
        Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
        const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            const container = document.createElement('div');
            document.body.appendChild(container);
            act(() => {
                ReactDOM.render(React.createElement(StateMessage, { message: stateMessage('unexpected', [], '0x80040216 · Boom'), strings: (key: string) => key }), container);
            });
            fireEvent.click(screen.getByRole('button', { name: 'Action_CopyCode' }));
            expect(writeText).toHaveBeenCalledWith('0x80040216 · Boom');
            act(() => {
                ReactDOM.unmountComponentAtNode(container);
            });
            finishCopy();
            await settle();
            expect(errors).not.toHaveBeenCalled();
        } finally {
            errors.mockRestore();
            delete (navigator as { clipboard?: unknown }).clipboard;
        }
    });
});
