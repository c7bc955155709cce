import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { InsightsFormControl } from '../shared/host/InsightsFormControl';
import { DEFAULT_VISIBLE_MEASURES, MeasureTiles } from '../shared/ui/MeasureTiles';
import { readMeasures, type CustomerMeasuresData } from '../shared/customerMeasuresRead';
import { parseMeasureSpecs } from '../shared/measureSpec';

/** Customer Insights measures: KPI tiles for this customer, with good/bad marks from the maker's thresholds. */
export class CustomerMeasures extends InsightsFormControl<IInputs, CustomerMeasuresData> implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const list = context.parameters.measures?.raw ?? '';
        const view = this.session.update(context, context.parameters, list, (reader, inputs) => readMeasures(reader, inputs, parseMeasureSpecs(list)));
        const visible = context.parameters.visibleMeasures?.raw;
        return React.createElement(MeasureTiles, {
            environment: view.environment,
            state: view.state,
            visibleCount: typeof visible === 'number' && visible > 0 ? Math.floor(visible) : DEFAULT_VISIBLE_MEASURES,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
        });
    }
}
