/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from './jsx';
import { Skeleton, SkeletonItem, useId } from '@fluentui/react-components';
import type { ControlEnvironment } from '../host/controlEnvironment';
import type { LoadState } from '../load';
import type { UnresolvedProfile } from '../formProfile';
import type { RowOrigin } from '../rows';
import { BusinessUnitBadge } from './BusinessUnitBadge';
import { StateMessage } from './StateMessage';
import { failureMessage, stateMessage, type StateMessageModel } from './stateMessages';
import { useInsightsStyles } from './styles';

/** Longest part of a bound value quoted back in the "not an id" message. */
const QUOTED_VALUE_LENGTH = 80;

export function unresolvedProfileState(profile: UnresolvedProfile): PanelContent {
    if (profile.notAnId !== undefined) {
        const { column, value } = profile.notAnId;
        const quoted = value.length > QUOTED_VALUE_LENGTH ? `${value.slice(0, QUOTED_VALUE_LENGTH)}…` : value;
        return { kind: 'state', message: stateMessage('notAnId', [column, quoted]) };
    }
    return { kind: 'state', message: stateMessage(profile.noRecord ? 'noRecord' : profile.kind) };
}

/** What a loaded control shows: either its content with the badge data, or a designed state. */
export type PanelContent =
    | { readonly kind: 'content'; readonly origin: RowOrigin; readonly announcement: string; readonly body: React.ReactNode }
    | { readonly kind: 'state'; readonly message: StateMessageModel };

export interface InsightsPanelProps<T> {
    readonly title: string;
    readonly environment: Pick<ControlEnvironment, 'strings' | 'isRTL' | 'formatRelative' | 'formatDateTime'>;
    readonly load: LoadState<T>;
    /** Turns loaded data (or a failure) into what to show. */
    readonly render: (data: T) => PanelContent;
    /** Names the maker property behind a configuration problem (see InsightsFormControl.propertyFor). */
    readonly propertyFor: (offendingName: string | undefined) => string;
    readonly onRetry: () => void;
    /** Lines of the loading skeleton, close to the loaded height so the form does not jump. */
    readonly skeletonLines?: number;
    readonly now?: Date;
}

/**
 * The frame every control shares: a labelled region with a heading, the business-unit badge, the content
 * or a designed state, and a polite live region that announces what loaded.
 */
export function InsightsPanel<T>(props: InsightsPanelProps<T>): React.ReactElement {
    const { title, environment, load, render, propertyFor, onRetry, skeletonLines = 3 } = props;
    const styles = useInsightsStyles();
    const { strings } = environment;
    const now = props.now ?? new Date();
    const headingId = useId('cibu-heading-');

    let content: PanelContent | undefined;
    if (load.status === 'ready') content = render(load.data);
    if (load.status === 'failed') content = { kind: 'state', message: failureMessage(load.failure, propertyFor, load.retryingAt !== undefined) };

    let announcement = '';
    if (load.status === 'loading') announcement = strings(load.busy ? 'State_Busy_Title' : 'State_Loading');
    else if (content?.kind === 'content') announcement = content.announcement;
    else if (content?.kind === 'state') announcement = strings(content.message.titleKey);

    return (
        <section className={styles.root} aria-labelledby={headingId} dir={environment.isRTL ? 'rtl' : 'ltr'} aria-busy={load.status === 'loading'}>
            <div className={styles.header}>
                <h2 id={headingId} className={styles.title}>
                    {title}
                </h2>
                {content?.kind === 'content' && (
                    <BusinessUnitBadge
                        origin={content.origin}
                        strings={strings}
                        formatRelative={environment.formatRelative}
                        formatDateTime={environment.formatDateTime}
                        now={now}
                    />
                )}
            </div>
            {load.status === 'loading' && (
                <>
                    {load.busy && <StateMessage message={stateMessage('busy')} strings={strings} />}
                    <Skeleton aria-label={strings('State_Loading')} className={styles.skeletonRow}>
                        {Array.from({ length: skeletonLines }, (_, i) => (
                            <SkeletonItem key={i} size={16} />
                        ))}
                    </Skeleton>
                </>
            )}
            {content?.kind === 'state' && <StateMessage message={content.message} strings={strings} onRetry={onRetry} />}
            {content?.kind === 'content' && content.body}
            <div aria-live="polite" aria-atomic="true" className={styles.visuallyHidden}>
                {announcement}
            </div>
        </section>
    );
}
