/** @jsx h */
import * as React from 'react';
import { h } from '../shared/ui/jsx';
import { makeStyles } from '@fluentui/react-components';
import { tokens } from '../shared/ui/tokens';
import type { CustomerMeasuresData } from '../shared/customerMeasuresRead';
import type { StringLookup } from '../shared/host/controlEnvironment';
import type { SessionView } from '../shared/host/insightsSession';
import type { ProfileCardData } from '../shared/profileCardRead';
import type { SegmentMembershipData } from '../shared/segmentMembershipRead';
import { MeasureTiles } from '../shared/ui/MeasureTiles';
import { ProfileCard } from '../shared/ui/ProfileCard';
import { SegmentList } from '../shared/ui/SegmentList';

export interface PanelSectionsProps {
    /** Each part's session view; undefined when the maker switched the part off. */
    readonly profile: SessionView<ProfileCardData> | undefined;
    readonly segments: SessionView<SegmentMembershipData> | undefined;
    readonly measures: SessionView<CustomerMeasuresData> | undefined;
    readonly visibleSegments: number;
    readonly visibleMeasures: number;
    readonly strings: StringLookup;
    readonly onOpenProfile: (profileId: string) => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
}

const useStyles = makeStyles({
    sections: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXL, minWidth: '0' },
    nothing: { color: tokens.colorNeutralForeground3 },
});

/** The parts one under another, each with its own heading, business-unit badge and states. */
export const PanelSections: React.FC<PanelSectionsProps> = ({ profile, segments, measures, visibleSegments, visibleMeasures, strings, onOpenProfile, propertyFor }) => {
    const styles = useStyles();
    return (
        <div className={styles.sections}>
            {profile && <ProfileCard environment={profile.environment} state={profile.state} onRetry={profile.retry} onOpenProfile={onOpenProfile} propertyFor={propertyFor} />}
            {segments && <SegmentList environment={segments.environment} state={segments.state} visibleCount={visibleSegments} onRetry={segments.retry} propertyFor={propertyFor} />}
            {measures && <MeasureTiles environment={measures.environment} state={measures.state} visibleCount={visibleMeasures} onRetry={measures.retry} propertyFor={propertyFor} />}
            {!profile && !segments && !measures && <p className={styles.nothing}>{strings('Panel_NothingShown')}</p>}
        </div>
    );
};
