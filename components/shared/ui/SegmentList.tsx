/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from './jsx';
import { MessageBarBody, makeStyles } from '@fluentui/react-components';
import { InsightsMessageBar } from './InsightsMessageBar';
import { tokens } from './tokens';
import { fillTemplate, type ControlEnvironment } from '../host/controlEnvironment';
import type { LoadState } from '../load';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from './InsightsPanel';
import type { SegmentTag } from '../segmentTags';
import { TagList, TAG_FILTER_THRESHOLD, type TagListItem, type TagListLabels } from './TagList';
import type { SegmentMembershipData } from '../segmentMembershipRead';

export interface SegmentListProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<SegmentMembershipData>;
    readonly visibleCount: number;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
}

/** Segments shown before "+N more" when the maker sets nothing. */
export const DEFAULT_VISIBLE_SEGMENTS = 8;

/** More segments than this get a filter box. */
export const FILTER_THRESHOLD = TAG_FILTER_THRESHOLD;

const useStyles = makeStyles({
    empty: { color: tokens.colorNeutralForeground3 },
});

const SegmentTags: React.FC<{ readonly segments: readonly SegmentTag[]; readonly visibleCount: number; readonly environment: ControlEnvironment }> = ({ segments, visibleCount, environment }) => {
    const { strings, locale } = environment;
    const items = React.useMemo(() => segments.map((segment): TagListItem => ({ key: segment.outputName, label: segment.label, title: segment.outputName })), [segments]);
    const labels: TagListLabels = {
        list: strings('Segments_List_Label'),
        filter: strings('Segments_Filter_Label'),
        noMatch: (filter) => fillTemplate(strings('Segments_Filter_NoMatch'), filter),
        more: (hidden) => environment.formatCount('Segments_More', hidden),
        showMore: (count) => environment.formatCount('Segments_ShowMore', count),
        fewer: strings('Segments_Fewer'),
        matches: (count) => environment.formatCount('Segments_Filter_Matches', count),
    };
    return <TagList items={items} labels={labels} locale={locale} foldedCount={visibleCount} />;
};

export const SegmentList: React.FC<SegmentListProps> = ({ environment, state, visibleCount, onRetry, propertyFor }) => {
    const styles = useStyles();
    const { strings } = environment;
    const render = (data: SegmentMembershipData): PanelContent => {
        if (data.kind !== 'found') return unresolvedProfileState(data);
        return {
            kind: 'content',
            origin: data.origin,
            announcement: environment.formatCount('Segments_Loaded_Announcement', data.segments.length),
            body: (
                <>
                    {(data.status === 'partial' || data.status === 'unreadable') && (
                        <InsightsMessageBar intent="warning" data-state="partial">
                            <MessageBarBody>{strings('Segments_Partial')}</MessageBarBody>
                        </InsightsMessageBar>
                    )}
                    {data.segments.length === 0 ? (
                        data.status !== 'unreadable' && <p className={styles.empty}>{strings('Segments_None')}</p>
                    ) : (
                        <SegmentTags segments={data.segments} visibleCount={visibleCount} environment={environment} />
                    )}
                </>
            ),
        };
    };
    return (
        <InsightsPanel
            title={strings('Segments_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={2}
        />
    );
};
