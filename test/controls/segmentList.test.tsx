/**
 * @jest-environment jsdom
 *
 * The segment list's own behaviour with many segments, rendered as the control renders it.
 */
import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { SegmentList, FILTER_THRESHOLD } from '../../components/SegmentMembership/SegmentList';
import type { SegmentMembershipData } from '../../components/SegmentMembership/segmentMembershipRead';
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
    expect(within(list()).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Segment 01', 'Segment 10', 'Segment 11', 'Segment 12', 'Segment 13', 'Segment 14']);
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
