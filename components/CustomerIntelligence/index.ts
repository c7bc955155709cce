import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { CustomerInsightsTables } from '../shared';
import { InsightsFormControl } from '../shared/host/InsightsFormControl';
import { parseValueSpecs } from '../shared/measureSpec';
import { IntelligencePanel } from './IntelligencePanel';
import { readIntelligence, type CustomerIntelligenceData } from './customerIntelligenceRead';
import { PREDICTION_FORMATS } from './intelligenceModel';

/** Customer Insights intelligence: this customer's predictions and enrichments, only when their profile is readable. */
export class CustomerIntelligence extends InsightsFormControl<IInputs, CustomerIntelligenceData> implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const list = context.parameters.predictions?.raw ?? '';
        const showPredictions = context.parameters.showPredictions?.raw !== 'no';
        const showEnrichments = context.parameters.showEnrichments?.raw !== 'no';
        const view = this.session.update(context, context.parameters, JSON.stringify([list, showPredictions, showEnrichments]), (reader, inputs) =>
            readIntelligence(reader, inputs, {
                showPredictions,
                showEnrichments,
                predictionSpecs: parseValueSpecs(list, PREDICTION_FORMATS),
            }),
        );
        return React.createElement(IntelligencePanel, {
            environment: view.environment,
            state: view.state,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
            predictionsProperty: context.resources.getString('Property_Predictions_DisplayName'),
        });
    }

    /** A tenant without one of the tables (no model or enrichment set up) is fixed by switching that part off. */
    protected override ownColumnProperties(): Readonly<Record<string, readonly string[]>> {
        return {
            Property_ShowPredictions_DisplayName: [CustomerInsightsTables.prediction.logicalName, CustomerInsightsTables.prediction.entitySetName],
            Property_ShowEnrichments_DisplayName: [CustomerInsightsTables.enrichment.logicalName, CustomerInsightsTables.enrichment.entitySetName],
        };
    }
}
