import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { InsightsFormControl } from '../shared/host/InsightsFormControl';
import { localeForLanguage } from '../shared/host/controlEnvironment';
import { parseNameMapping } from '../shared/readableName';
import { DEFAULT_VISIBLE_SEGMENTS, SegmentList } from '../shared/ui/SegmentList';
import { readSegments, type SegmentMembershipData } from '../shared/segmentMembershipRead';

/** Customer Insights segment membership: the segments this customer is in, as tags. */
export class SegmentMembership extends InsightsFormControl<IInputs, SegmentMembershipData> implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const names = context.parameters.segmentNames?.raw ?? '';
        const locale = localeForLanguage(context.userSettings.languageId);
        const view = this.session.update(context, context.parameters, `${names}|${locale}`, (reader, inputs) =>
            readSegments(reader, inputs, parseNameMapping(names), locale),
        );
        const visible = context.parameters.visibleSegments?.raw;
        return React.createElement(SegmentList, {
            environment: view.environment,
            state: view.state,
            visibleCount: typeof visible === 'number' && visible > 0 ? Math.floor(visible) : DEFAULT_VISIBLE_SEGMENTS,
            onRetry: view.retry,
            propertyFor: this.propertyFor,
        });
    }
}
