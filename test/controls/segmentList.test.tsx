/**
 * @jest-environment jsdom
 *
 * The segment list's own behaviour with many segments, rendered as the control renders it.
 */
import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { SegmentList, FILTER_THRESHOLD } from '../../components/shared/ui/SegmentList';
import type { SegmentMembershipData } from '../../components/shared/segmentMembershipRead';
import { formatCount, type ControlEnvironment } from '../../components/shared/host/controlEnvironment';
import type { LoadState } from '../../components/shared/load';
import { loadStrings } from '../host/node';

const strings = loadStrings('SegmentMembership', 1033);
const environment: ControlEnvironment = {
    strings: (key) => strings.get(key) ?? key,
    locale: 'en-US',
    isRTL: false,
    width: 400,
    formatNumber: (value) => String(value),
    formatDateTime: (date) => date.toISOString(),
    formatRelative: () => 'just now',
    formatCount: (keyBase, count, formatNumber) => formatCount((key) => strings.get(key) ?? key, 'en-US', keyBase, count, formatNumber),
};

function ready(count: number): LoadState<SegmentMembershipData> {
    const segments = Array.from({ length: count }, (_, i) => ({ outputName: `Segment_${i + 1}`, label: `Segment ${String(i + 1).padStart(2, '0')}` }));
    return { status: 'ready', loadedAt: new Date(), data: { kind: 'found', origin: {}, segments, status: 'complete' } };
}

function show(count: number, visibleCount = 8) {
    return render(
        <FluentProvider theme={webLightTheme}>
            <SegmentList environment={environment} state={ready(count)} visibleCount={visibleCount} onRetry={() => undefined} propertyFor={() => ''} />
        </FluentProvider>,
    );
}

it(`offers a filter box only above ${FILTER_THRESHOLD} segments`, () => {
    show(FILTER_THRESHOLD);
    expect(screen.queryByLabelText('Filter segments')).toBeNull();
    show(FILTER_THRESHOLD + 2);
    expect(screen.getByLabelText('Filter segments')).toBeTruthy();
});

it('filters over all segments, including the folded ones, and says when nothing matches', () => {
    show(14, 3);
    const list = () => screen.getByRole('list', { name: 'Segments of this customer' });
    expect(within(list()).getAllByRole('listitem')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Filter segments'), { target: { value: '1' } });
    expect(within(list()).getAllByRole('listitem').map((item) => item.textContent)).toStrictEqual(['Segment 01', 'Segment 10', 'Segment 11', 'Segment 12', 'Segment 13', 'Segment 14']);
    fireEvent.change(screen.getByLabelText('Filter segments'), { target: { value: 'zzz' } });
    expect(screen.getByText('No segment matches "zzz".')).toBeTruthy();
});

it('folds the rest into "+N more" and folds them back', () => {
    show(12, 5);
    fireEvent.click(screen.getByRole('button', { name: '+7 more' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(12);
    fireEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
});

describe('many segments', () => {
    const items = () => screen.getAllByRole('listitem');
    const filterTo = (text: string) => fireEvent.change(screen.getByLabelText('Filter segments'), { target: { value: text } });
    const liveText = () => Array.from(document.querySelectorAll('[aria-live="polite"]')).map((region) => region.textContent ?? '').join('|');

    it('renders 10,000 segments in steps: 8, then 200 more at a time, never all at once', () => {
        show(10_000);
        expect(items()).toHaveLength(8);
        const more = screen.getByRole('button', { name: '+9,992 more' });
        more.focus();
        fireEvent.click(more);
        expect(items()).toHaveLength(208);
        // The same button now offers the next step, and keeps the focus.
        const next = screen.getByRole('button', { name: 'Show 200 more' });
        expect(document.activeElement).toBe(next);
        fireEvent.click(next);
        expect(items()).toHaveLength(408);
        expect(items()[407]?.textContent).toBe('Segment 408');
        fireEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
        expect(items()).toHaveLength(8);
        expect(document.activeElement).toBe(screen.getByRole('button', { name: '+9,992 more' }));
    });

    it('filters all 10,000, renders at most one step of matches, and says how many match', () => {
        show(10_000);
        fireEvent.click(screen.getByRole('button', { name: '+9,992 more' }));
        fireEvent.click(screen.getByRole('button', { name: 'Show 200 more' }));
        filterTo('segment 9');
        // "Segment 90"-"Segment 99", 900-999, 9000-9999: 1,110 matches, one step of them shown.
        expect(items()).toHaveLength(200);
        expect(liveText()).toContain('1,110 segments match');
        expect(screen.getByRole('button', { name: 'Show 200 more' })).toBeTruthy();
        filterTo('Segment 9999');
        expect(items().map((item) => item.textContent)).toStrictEqual(['Segment 9999']);
        expect(liveText()).toContain('1 segment matches');
        // Unfolded before the filter: one step again, not the 408 rendered before.
        filterTo('');
        expect(items()).toHaveLength(200);
    });

    it('lets a keyboard user reach every tag: the last step hands focus to "Show fewer"', () => {
        show(450);
        fireEvent.click(screen.getByRole('button', { name: '+442 more' }));
        fireEvent.click(screen.getByRole('button', { name: 'Show 200 more' }));
        fireEvent.click(screen.getByRole('button', { name: 'Show 42 more' }));
        expect(items()).toHaveLength(450);
        expect(items()[449]?.textContent).toBe('Segment 450');
        expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
        expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show fewer' }));
    });

    it('counts "+N more" in each language\'s plural forms', () => {
        const german = loadStrings('SegmentMembership', 1031);
        const plural = (count: number) => formatCount((key) => german.get(key) ?? key, 'de-DE', 'Segments_More', count);
        expect([plural(1), plural(9992)]).toStrictEqual(['+1 weiteres', '+9.992 weitere']);
    });
});
