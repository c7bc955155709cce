import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { classifyFailure } from '../shared';
import { InsightsFormControl } from '../shared/host/InsightsFormControl';
import { readUserClock } from '../shared/host/userClock';
import { Timeline, type TimelineActions } from './Timeline';
import { TimelineFeed } from './timelineFeed';
import { filtersFromState, filtersToState } from './timelineFilters';
import { readTimelineProfile, type TimelineData } from './timelineRead';
import { readTimelineSettings } from './timelineSettings';

/** Customer Insights activity timeline: the customer's unified activities, newest first, filtered on the server. */
export class CustomerInsightsTimeline extends InsightsFormControl<IInputs, TimelineData> implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private feed: TimelineFeed;
    /** The profile resolution the feed was last started for. */
    private started: TimelineData | undefined;

    public init(context: ComponentFramework.Context<IInputs>, _notifyOutputChanged?: () => void, state?: ComponentFramework.Dictionary): void {
        super.init(context);
        this.feed = new TimelineFeed({
            // Filters live as long as the control, and for the session in the platform's control state.
            filters: filtersFromState(state),
            classify: (error) => classifyFailure(error, () => this.context.client.isOffline()),
            onChange: () => this.context.factory.requestRender(),
            onFiltersChange: (filters) => {
                try {
                    this.context.mode.setControlState(filtersToState(filters));
                } catch {
                    // Some hosts (designers, custom pages) keep no control state; the control keeps them anyway.
                }
            },
            clock: () => readUserClock(this.context),
        });
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const settings = readTimelineSettings(context.parameters);
        const view = this.session.update(context, context.parameters, settings.readKey, (reader, inputs) => readTimelineProfile(reader, inputs));
        // A newly resolved profile (or changed page size / types) starts the list; nothing else does.
        if (view.state.status === 'ready' && view.state.data !== this.started) {
            this.started = view.state.data;
            if (view.state.data.kind === 'found') this.feed.start({ read: view.state.data.read, pageSize: settings.pageSize, types: settings.types });
        }
        return React.createElement(Timeline, {
            environment: view.environment,
            clock: readUserClock(context),
            state: view.state,
            feed: this.feed.snapshot,
            settings,
            actions: this.actions,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
        });
    }

    public destroy(): void {
        this.feed.dispose();
        super.destroy();
    }

    private readonly actions: TimelineActions = {
        loadMore: () => this.feed.loadMore(),
        setFilters: (filters) => this.feed.setFilters(filters),
        retry: () => this.feed.retry(),
    };
}
