/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from './jsx';
import { Avatar, Button, makeStyles } from '@fluentui/react-components';
import { tokens } from './tokens';
import { OpenIcon } from './icons';
import type { ControlEnvironment } from '../host/controlEnvironment';
import { fillTemplate } from '../host/controlEnvironment';
import type { LoadState } from '../load';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from './InsightsPanel';
import type { ProfileCardData } from '../profileCardRead';

export interface ProfileCardProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<ProfileCardData>;
    readonly onRetry: () => void;
    readonly onOpenProfile: (profileId: string) => void;
    /** Names the maker property behind a configuration problem. */
    readonly propertyFor: (offendingName: string | undefined) => string;
}

const useStyles = makeStyles({
    identity: {
        display: 'flex',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalM,
        minWidth: '0',
    },
    name: {
        fontSize: tokens.fontSizeBase500,
        fontWeight: tokens.fontWeightSemibold,
        overflowWrap: 'anywhere',
    },
    fields: {
        display: 'grid',
        gridTemplateColumns: 'minmax(0, max-content) minmax(0, 1fr)',
        columnGap: tokens.spacingHorizontalL,
        rowGap: tokens.spacingVerticalXS,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    fieldsNarrow: {
        gridTemplateColumns: 'minmax(0, 1fr)',
    },
    label: {
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
    value: {
        marginInlineStart: '0',
        overflowWrap: 'anywhere',
    },
    empty: {
        color: tokens.colorNeutralForeground4,
    },
});

/** Below this width labels go above values. */
const NARROW_WIDTH = 360;

export const ProfileCard: React.FC<ProfileCardProps> = ({ environment, state, onRetry, onOpenProfile, propertyFor }) => {
    const styles = useStyles();
    const { strings } = environment;
    const narrow = (environment.width ?? Number.POSITIVE_INFINITY) < NARROW_WIDTH;

    const render = (data: ProfileCardData): PanelContent => {
        if (data.kind !== 'found') return unresolvedProfileState(data);
        const name = data.name ?? strings('Card_UnnamedCustomer');
        return {
            kind: 'content',
            origin: data.profile,
            announcement: fillTemplate(strings('Card_Loaded_Announcement'), name),
            body: (
                <>
                    <div className={styles.identity}>
                        <Avatar name={name} aria-hidden="true" />
                        <bdi className={styles.name}>{name}</bdi>
                    </div>
                    <dl className={narrow ? `${styles.fields} ${styles.fieldsNarrow}` : styles.fields}>
                        {data.fields.map(({ column, text }) => (
                            <React.Fragment key={column.logicalName}>
                                <dt className={styles.label}>{column.displayName}</dt>
                                <dd className={text === undefined ? `${styles.value} ${styles.empty}` : styles.value}>{text !== undefined ? <bdi>{text}</bdi> : strings('Card_NoValue')}</dd>
                            </React.Fragment>
                        ))}
                    </dl>
                    <div>
                        <Button
                            appearance="secondary"
                            icon={<OpenIcon />}
                            onClick={() => onOpenProfile(data.profile.profileId)}
                        >
                            {strings('Card_OpenProfile')}
                        </Button>
                    </div>
                </>
            ),
        };
    };

    return (
        <InsightsPanel
            title={strings('Card_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={4}
        />
    );
};
