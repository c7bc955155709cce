import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { DatasetInsightsSession } from '../shared/host/datasetSession';
import { InsightsGrid } from './InsightsGrid';
import { PROFILE_COLUMN_SETS, propertyKeyFor, readGridSettings, segmentDisplay } from './gridSettings';

/**
 * Customer Insights grid: a view's or subgrid's rows with the Customer Insights facts the user may see
 * (owning business unit, segments, measures, freshness) beside the view's own columns.
 */
export class CustomerInsightsGrid implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: DatasetInsightsSession;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.session = new DatasetInsightsSession(context, context.parameters.records, PROFILE_COLUMN_SETS, readGridSettings(context.parameters).dataset);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const settings = readGridSettings(context.parameters);
        const session = this.session.update(context, context.parameters.records, settings.dataset);
        const height = Number(context.mode.allocatedHeight);
        return React.createElement(InsightsGrid, {
            session,
            insightColumns: settings.columns,
            segmentDisplay: segmentDisplay(settings, session.environment.locale),
            propertyFor: (offendingName) => context.resources.getString(propertyKeyFor(settings, offendingName)),
            rejectedMeasureLines: settings.rejectedMeasureLines,
            ...(Number.isFinite(height) && height > 0 ? { height } : {}),
        });
    }

    /** The grid writes nothing back; selection goes to the host through the dataset. */
    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }
}
