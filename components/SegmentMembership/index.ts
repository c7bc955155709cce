import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { InsightsSession } from '../shared/host/insightsSession';
import { localeForLanguage } from '../shared/host/controlEnvironment';
import { parseNameMapping } from '../shared/readableName';
import { SegmentList } from './SegmentList';
import { readSegments, type SegmentMembershipData } from './segmentMembershipRead';

const DEFAULT_VISIBLE_SEGMENTS = 8;

/** Customer Insights segment membership: the segments this customer is in, as tags. */
export class SegmentMembership implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: InsightsSession<SegmentMembershipData>;
    private context: ComponentFramework.Context<IInputs>;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.context = context;
        this.session = new InsightsSession<SegmentMembershipData>(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const names = context.parameters.segmentNames?.raw ?? '';
        const locale = localeForLanguage(context.userSettings.languageId);
        const view = this.session.update(context, context.parameters, `${names}|${locale}`, (reader, inputs) => readSegments(reader, inputs, (table, attributes) => context.utils.getEntityMetadata(table, attributes), parseNameMapping(names), locale));
        const visible = context.parameters.visibleSegments?.raw;
        return React.createElement(SegmentList, {
            environment: view.environment,
            state: view.state,
            visibleCount: typeof visible === 'number' && visible > 0 ? Math.floor(visible) : DEFAULT_VISIBLE_SEGMENTS,
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
