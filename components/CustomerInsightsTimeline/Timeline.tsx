/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from '../shared/ui/jsx';
import { Button, MessageBarBody, Skeleton, SkeletonItem, makeStyles } from '@fluentui/react-components';
import { InsightsMessageBar } from '../shared/ui/InsightsMessageBar';
import { tokens } from '../shared/ui/tokens';
import type { InsightsFailure } from '../shared';
import { fillTemplate, type ControlEnvironment } from '../shared/host/controlEnvironment';
import type { LoadState } from '../shared/load';
import type { UserClock } from '../shared/userTime';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from '../shared/ui/InsightsPanel';
import { StateMessage } from '../shared/ui/StateMessage';
import { failureMessage } from '../shared/ui/stateMessages';
import { typeChips } from './activityTypes';
import { TimelineFeedList } from './TimelineFeedList';
import { TimelineFilterBar } from './TimelineFilterBar';
import { MAX_TIMELINE_ENTRIES, type FeedSnapshot } from './timelineFeed';
import { NO_FILTERS, type TimelineFilters } from './timelineFilters';
import type { TimelineData } from './timelineRead';
import type { TimelineSettings } from './timelineSettings';
import { entryViews } from './timelineView';

export interface TimelineActions {
    readonly loadMore: () => void;
    readonly setFilters: (filters: TimelineFilters) => void;
    readonly retry: () => void;
}

export interface TimelineProps {
    readonly environment: ControlEnvironment;
    readonly clock: UserClock;
    /** The profile resolution (the panel's states). */
    readonly state: LoadState<TimelineData>;
    /** The list (pages, filters, their own loading and failures). */
    readonly feed: FeedSnapshot;
    readonly settings: TimelineSettings;
    readonly actions: TimelineActions;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
    readonly now?: Date;
}

/** Failures of the list that say everything about the control (not a passing problem): shown as the panel's state. */
const PANEL_FAILURES: ReadonlySet<InsightsFailure['kind']> = new Set(['noPrivilege', 'notVisible', 'configuration']);

const useStyles = makeStyles({
    skeleton: {
        display: 'grid',
        rowGap: tokens.spacingVerticalS,
    },
    empty: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalXS,
        color: tokens.colorNeutralForeground3,
    },
    emptyText: {
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    footer: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalM,
        rowGap: tokens.spacingVerticalXS,
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
});

function announcementOf(feed: FeedSnapshot, environment: ControlEnvironment): string {
    const { strings } = environment;
    if (feed.status === 'loading' || feed.status === 'idle') return strings('Timeline_Loading');
    if (feed.status === 'failed') return feed.failure !== undefined ? strings(failureMessage(feed.failure, () => '').titleKey) : '';
    if (feed.loadingMore) return strings('Timeline_LoadingMore');
    if (feed.moreFailure !== undefined) return strings(failureMessage(feed.moreFailure, () => '').titleKey);
    if (feed.invalidRange) return strings('Timeline_InvalidRange');
    if (feed.entries.length === 0) return strings(feed.filtered ? 'Timeline_NoMatch' : 'Timeline_None');
    if (feed.lastPage?.more === true) return environment.formatCount('Timeline_MoreLoaded_Announcement', feed.lastPage.added);
    return environment.formatCount('Timeline_Loaded_Announcement', feed.entries.length);
}

interface BodyProps extends Omit<TimelineProps, 'state' | 'onRetry'> {
    readonly now: Date;
}

const TimelineBody: React.FC<BodyProps> = ({ environment, clock, feed, settings, actions, propertyFor, now }) => {
    const styles = useStyles();
    const { strings } = environment;
    const focusAfterLoad = React.useRef(false);
    const chips = typeChips(settings.types, feed.seenTypes, feed.filters.types, environment.locale);
    const views = entryViews(feed.entries, { grouping: settings.grouping, clock, now, types: settings.types, detailKeys: settings.detailKeys, strings, formatNumber: (value, style) => environment.formatNumber(value, style) });
    const lastPage = feed.lastPage;
    const focusRequest = lastPage !== undefined && lastPage.more && lastPage.added > 0 && focusAfterLoad.current ? { index: lastPage.firstIndex, sequence: lastPage.sequence } : undefined;
    const rejected = settings.types.rejectedLines;

    return (
        <>
            {rejected.length > 0 && (
                <InsightsMessageBar intent="warning" data-state="configurationLines">
                    <MessageBarBody>{fillTemplate(strings('Timeline_ConfigurationLines'), strings('Property_ActivityTypes_DisplayName'), rejected.join(', '))}</MessageBarBody>
                </InsightsMessageBar>
            )}
            <TimelineFilterBar filters={feed.filters} chips={chips} strings={strings} invalidRange={feed.invalidRange} onChange={actions.setFilters} />
            {(feed.status === 'loading' || feed.status === 'idle') && (
                <div aria-busy={true}>
                    <Skeleton aria-label={strings('Timeline_Loading')} className={styles.skeleton}>
                        {Array.from({ length: 4 }, (_, i) => (
                            <SkeletonItem key={i} size={24} />
                        ))}
                    </Skeleton>
                </div>
            )}
            {feed.status === 'failed' && feed.failure !== undefined && (
                // Still at work while a busy read waits to be read again by itself.
                <div aria-busy={feed.retryingAt !== undefined}>
                    <StateMessage message={failureMessage(feed.failure, propertyFor, feed.retryingAt !== undefined)} strings={strings} onRetry={actions.retry} />
                </div>
            )}
            {feed.status === 'ready' && !feed.invalidRange && feed.entries.length === 0 && (
                <div className={styles.empty} data-state={feed.filtered ? 'noMatch' : 'noActivities'}>
                    <p className={styles.emptyText}>{strings(feed.filtered ? 'Timeline_NoMatch' : 'Timeline_None')}</p>
                    {feed.filtered && (
                        <Button size="small" onClick={() => actions.setFilters(NO_FILTERS)}>
                            {strings('Timeline_ClearFilters')}
                        </Button>
                    )}
                </div>
            )}
            {feed.status === 'ready' && views.length > 0 && <TimelineFeedList entries={views} moreAvailable={feed.moreAvailable} busy={feed.loadingMore} strings={strings} {...(focusRequest !== undefined ? { focusRequest } : {})} />}
            {feed.status === 'ready' && views.length > 0 && (
                <div className={styles.footer}>
                    <span>{environment.formatCount('Timeline_LoadedCount', feed.entries.length)}</span>
                    {feed.moreAvailable && (
                        <Button
                            size="small"
                            disabledFocusable={feed.loadingMore}
                            onClick={() => {
                                focusAfterLoad.current = true;
                                actions.loadMore();
                            }}
                        >
                            {strings(feed.loadingMore ? 'Timeline_LoadingMore' : 'Timeline_LoadMore')}
                        </Button>
                    )}
                    {!feed.moreAvailable && !feed.atLimit && <span>{strings('Timeline_End')}</span>}
                    {feed.atLimit && <span>{fillTemplate(strings('Timeline_Limit'), environment.formatNumber(MAX_TIMELINE_ENTRIES, 'integer'))}</span>}
                </div>
            )}
            {feed.moreFailure !== undefined && (
                <div aria-busy={feed.retryingAt !== undefined}>
                    <StateMessage message={failureMessage(feed.moreFailure, propertyFor, feed.retryingAt !== undefined)} strings={strings} onRetry={actions.retry} />
                </div>
            )}
        </>
    );
};

/** The activity timeline: the shared panel (heading, badge, states, live region) around filters and the feed. */
export const Timeline: React.FC<TimelineProps> = (props) => {
    const { environment, state, feed, onRetry, propertyFor } = props;
    const now = props.now ?? new Date();
    const render = (data: TimelineData): PanelContent => {
        if (data.kind !== 'found') return unresolvedProfileState(data);
        if (feed.status === 'failed' && feed.failure !== undefined && PANEL_FAILURES.has(feed.failure.kind)) {
            return { kind: 'state', message: failureMessage(feed.failure, propertyFor) };
        }
        return {
            kind: 'content',
            origin: { owningBusinessUnit: feed.origin.owningBusinessUnit ?? data.origin.owningBusinessUnit, modifiedOn: feed.origin.modifiedOn ?? data.origin.modifiedOn },
            announcement: announcementOf(feed, environment),
            body: <TimelineBody {...props} now={now} />,
        };
    };
    return (
        <InsightsPanel
            title={environment.strings('Timeline_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={4}
            now={now}
        />
    );
};
