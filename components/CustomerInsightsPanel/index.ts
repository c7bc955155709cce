import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { CustomerInsightsTables } from '../shared';
import { readMeasures, type CustomerMeasuresData } from '../shared/customerMeasuresRead';
import { localeForLanguage, readEnvironment } from '../shared/host/controlEnvironment';
import { PageMetadata } from '../shared/host/entityMetadata';
import { InsightsSession } from '../shared/host/insightsSession';
import { parseMeasureSpecs } from '../shared/measureSpec';
import { readProfileCard, type ProfileCardData } from '../shared/profileCardRead';
import { parseColumnList } from '../shared/profileColumns';
import { parseNameMapping } from '../shared/readableName';
import { readSegments, type SegmentMembershipData } from '../shared/segmentMembershipRead';
import { DEFAULT_VISIBLE_MEASURES } from '../shared/ui/MeasureTiles';
import { DEFAULT_VISIBLE_SEGMENTS } from '../shared/ui/SegmentList';
import { PanelSections } from './PanelSections';

const shown = (property: ComponentFramework.PropertyTypes.EnumProperty<'yes' | 'no'> | undefined): boolean => property?.raw !== 'no';

/**
 * Customer Insights panel: the profile card, segment membership and measures in one control, so that a form
 * downloads the shared core once instead of three times. Each part has its own session, exactly as if it
 * were its own control (same reads, states, retries); the page-wide cache shares the reads they have in
 * common. A part that is switched off reads nothing.
 */
export class CustomerInsightsPanel implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private context: ComponentFramework.Context<IInputs>;
    private profile: InsightsSession<ProfileCardData>;
    private segments: InsightsSession<SegmentMembershipData>;
    private measures: InsightsSession<CustomerMeasuresData>;
    private metadata: PageMetadata;

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.context = context;
        this.profile = new InsightsSession<ProfileCardData>(context);
        this.segments = new InsightsSession<SegmentMembershipData>(context);
        this.measures = new InsightsSession<CustomerMeasuresData>(context);
        this.metadata = new PageMetadata(() => this.context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        const parameters = context.parameters;
        const columns = parameters.profileColumns?.raw ?? undefined;
        const names = parameters.segmentNames?.raw ?? '';
        const list = parameters.measures?.raw ?? '';
        const locale = localeForLanguage(context.userSettings.languageId);
        const visible = parameters.visibleSegments?.raw;
        const visibleTiles = parameters.visibleMeasures?.raw;
        return React.createElement(PanelSections, {
            profile: shown(parameters.showProfile)
                ? this.profile.update(context, parameters, columns ?? '', (reader, inputs) => readProfileCard(reader, inputs, this.metadata.read, columns))
                : undefined,
            segments: shown(parameters.showSegments)
                ? this.segments.update(context, parameters, `${names}|${locale}`, (reader, inputs) => readSegments(reader, inputs, parseNameMapping(names), locale))
                : undefined,
            measures: shown(parameters.showMeasures) ? this.measures.update(context, parameters, list, (reader, inputs) => readMeasures(reader, inputs, parseMeasureSpecs(list))) : undefined,
            strings: readEnvironment(context).strings,
            visibleSegments: typeof visible === 'number' && visible > 0 ? Math.floor(visible) : DEFAULT_VISIBLE_SEGMENTS,
            visibleMeasures: typeof visibleTiles === 'number' && visibleTiles > 0 ? Math.floor(visibleTiles) : DEFAULT_VISIBLE_MEASURES,
            onOpenProfile: this.openProfile,
            propertyFor: this.propertyFor,
        });
    }

    /** The panel writes nothing back to the form. */
    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.profile.destroy();
        this.segments.destroy();
        this.measures.destroy();
        this.metadata.release();
    }

    private readonly propertyFor = (offendingName: string | undefined): string =>
        this.profile.propertyFor(this.context, offendingName, { Property_ProfileColumns_DisplayName: parseColumnList(this.context.parameters.profileColumns?.raw ?? undefined) });

    private readonly openProfile = (profileId: string): void => {
        void this.context.navigation.openForm({ entityName: CustomerInsightsTables.customerProfile.logicalName, entityId: profileId });
    };
}
