import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { CustomerInsightsTables } from '../shared';
import { PageMetadata } from '../shared/host/entityMetadata';
import { InsightsFormControl } from '../shared/host/InsightsFormControl';
import { parseColumnList } from '../shared/profileColumns';
import { ProfileCard } from '../shared/ui/ProfileCard';
import { readProfileCard, type ProfileCardData } from '../shared/profileCardRead';

/** Customer Insights profile card: who this customer is, for users whose business unit may see the profile. */
export class CustomerProfileCard extends InsightsFormControl<IInputs, ProfileCardData> implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    /** The tenant's column names and display names, shared with the page's other controls for a few seconds. */
    private metadata: PageMetadata;

    public override init(context: ComponentFramework.Context<IInputs>): void {
        super.init(context);
        this.metadata = new PageMetadata(() => this.context);
    }

    public override destroy(): void {
        super.destroy();
        this.metadata.release();
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const columns = context.parameters.profileColumns?.raw ?? undefined;
        const view = this.session.update(context, context.parameters, columns ?? '', (reader, inputs) =>
            readProfileCard(reader, inputs, this.metadata.read, columns),
        );
        return React.createElement(ProfileCard, {
            environment: view.environment,
            state: view.state,
            onRetry: view.retry,
            onOpenProfile: this.openProfile,
            propertyFor: this.propertyFor,
        });
    }

    protected override ownColumnProperties(): Readonly<Record<string, readonly string[]>> {
        return { Property_ProfileColumns_DisplayName: parseColumnList(this.context.parameters.profileColumns?.raw ?? undefined) };
    }

    private readonly openProfile = (profileId: string): void => {
        void this.context.navigation.openForm({ entityName: CustomerInsightsTables.customerProfile.logicalName, entityId: profileId });
    };
}
