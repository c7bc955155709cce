import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { InsightsSession } from '../shared/host/insightsSession';
import { readFormRecord } from '../shared/host/formRecord';
import { canReadData, readsEveryBusinessUnit } from '../shared/host/privileges';
import { ReadinessView } from './ReadinessView';
import { readinessInputs, readReadiness, type ReadinessData } from './readinessRead';

/** Customer Insights Journeys activation readiness: will Journeys process every member of this segment? */
export class SegmentActivationReadiness implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: InsightsSession<ReadinessData>;
    private context: ComponentFramework.Context<IInputs>;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.context = context;
        this.session = new InsightsSession<ReadinessData>(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const inputs = readinessInputs(context.parameters, readFormRecord(context));
        const view = this.session.updateRead(context, inputs.key, (reader) =>
            readReadiness(reader, inputs, {
                canRead: canReadData(context),
                readsAllBusinessUnits: (table) => readsEveryBusinessUnit(context, table),
                primaryIdColumn: async (table) => String((await context.utils.getEntityMetadata(table, [])).PrimaryIdAttribute),
            }),
        );
        return React.createElement(ReadinessView, {
            environment: view.environment,
            state: view.state,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
        });
    }

    /** The control writes nothing back to the form. */
    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }

    /** The maker property behind a configuration problem: a bad output name is the only one this control has. */
    private readonly propertyFor = (): string => this.context.resources.getString('Property_SegmentOutputName_DisplayName');
}
