import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { CustomerInsightsTables } from '../shared';
import { InsightsSession } from '../shared/host/insightsSession';
import { parseColumnList } from '../shared/profileColumns';
import { ProfileCard } from './ProfileCard';
import { readProfileCard, type ProfileCardData } from './profileCardRead';

/** Customer Insights profile card: who this customer is, for users whose business unit may see the profile. */
export class CustomerProfileCard implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: InsightsSession<ProfileCardData>;
    private context: ComponentFramework.Context<IInputs>;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.context = context;
        this.session = new InsightsSession<ProfileCardData>(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const parameters = context.parameters;
        const columns = parameters.profileColumns?.raw ?? undefined;
        const view = this.session.update(context, parameters, columns ?? '', (reader, inputs) =>
            readProfileCard(reader, inputs, (table, attributes) => context.utils.getEntityMetadata(table, attributes), columns),
        );
        return React.createElement(ProfileCard, {
            environment: view.environment,
            state: view.state,
            onRetry: view.retry,
            onOpenProfile: this.openProfile,
            propertyFor: (name) => this.propertyFor(name),
        });
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }

    private readonly openProfile = (profileId: string): void => {
        void this.context.navigation.openForm({ entityName: CustomerInsightsTables.customerProfile.logicalName, entityId: profileId });
    };

    private propertyFor(offendingName: string | undefined): string {
        const configured = parseColumnList(this.context.parameters.profileColumns?.raw ?? undefined);
        return this.session.propertyFor(this.context, offendingName, { Property_ProfileColumns_DisplayName: configured });
    }
}
