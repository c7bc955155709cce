import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { InsightsSession } from '../shared/host/insightsSession';
import { MeasureTiles } from './MeasureTiles';
import { readMeasures, type CustomerMeasuresData } from './customerMeasuresRead';
import { parseMeasureSpecs } from './measureSpec';

/** Customer Insights measures: KPI tiles for this customer, with good/bad marks from the maker's thresholds. */
export class CustomerMeasures implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: InsightsSession<CustomerMeasuresData>;
    private context: ComponentFramework.Context<IInputs>;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.context = context;
        this.session = new InsightsSession<CustomerMeasuresData>(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const list = context.parameters.measures?.raw ?? '';
        const view = this.session.update(context, context.parameters, list, (reader, inputs) => readMeasures(reader, inputs, (table, attributes) => context.utils.getEntityMetadata(table, attributes), parseMeasureSpecs(list)));
        return React.createElement(MeasureTiles, {
            environment: view.environment,
            state: view.state,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
        });
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }

    private readonly propertyFor = (offendingName: string | undefined): string => this.session.propertyFor(this.context, offendingName);
}
