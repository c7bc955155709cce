import * as React from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Tag, TagGroup, makeStyles, tokens } from '@fluentui/react-components';
import { fillTemplate, type ControlEnvironment } from '../shared/host/controlEnvironment';
import type { LoadState } from '../shared/load';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from '../shared/ui/InsightsPanel';
import type { SegmentTag } from '../shared/segmentTags';
import type { SegmentMembershipData } from './segmentMembershipRead';

export interface SegmentListProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<SegmentMembershipData>;
    readonly visibleCount: number;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
}

/** More segments than this get a filter box. */
export const FILTER_THRESHOLD = 10;

const useStyles = makeStyles({
    tags: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXS },
    tag: { maxWidth: '100%' },
    empty: { color: tokens.colorNeutralForeground3 },
});

const SegmentTags: React.FC<{ readonly segments: readonly SegmentTag[]; readonly visibleCount: number; readonly environment: ControlEnvironment }> = ({ segments, visibleCount, environment }) => {
    const styles = useStyles();
    const { strings } = environment;
    const [expanded, setExpanded] = React.useState(false);
    const [filter, setFilter] = React.useState('');
    const needle = filter.trim().toLocaleLowerCase(environment.locale);
    const matching = needle === '' ? segments : segments.filter((s) => s.label.toLocaleLowerCase(environment.locale).includes(needle));
    const shown = expanded || needle !== '' ? matching : matching.slice(0, visibleCount);
    const hidden = matching.length - shown.length;
    return (
        <>
            {segments.length > FILTER_THRESHOLD && (
                <Field label={strings('Segments_Filter_Label')}>
                    <Input type="search" value={filter} onChange={(_, data) => setFilter(data.value)} />
                </Field>
            )}
            {matching.length === 0 ? (
                <p className={styles.empty}>{fillTemplate(strings('Segments_Filter_NoMatch'), filter)}</p>
            ) : (
                <TagGroup className={styles.tags} aria-label={strings('Segments_List_Label')} role="list">
                    {shown.map((segment) => (
                        <Tag key={segment.outputName} className={styles.tag} appearance="brand" shape="circular" role="listitem" title={segment.outputName}>
                            {segment.label}
                        </Tag>
                    ))}
                </TagGroup>
            )}
            {hidden > 0 && (
                <div>
                    <Button size="small" appearance="subtle" aria-expanded={false} onClick={() => setExpanded(true)}>
                        {fillTemplate(strings('Segments_More'), hidden)}
                    </Button>
                </div>
            )}
            {expanded && needle === '' && segments.length > visibleCount && (
                <div>
                    <Button size="small" appearance="subtle" aria-expanded={true} onClick={() => setExpanded(false)}>
                        {strings('Segments_Fewer')}
                    </Button>
                </div>
            )}
        </>
    );
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
                        <MessageBar intent="warning" data-state="partial">
                            <MessageBarBody>{strings('Segments_Partial')}</MessageBarBody>
                        </MessageBar>
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
