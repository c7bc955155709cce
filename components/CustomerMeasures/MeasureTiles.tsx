import * as React from 'react';
import { MessageBar, MessageBarBody, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import type { ControlEnvironment } from '../shared/host/controlEnvironment';
import type { LoadState } from '../shared/load';
import { AttentionIcon, GoodIcon } from '../shared/ui/icons';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from '../shared/ui/InsightsPanel';
import type { CustomerMeasuresData } from './customerMeasuresRead';
import type { MeasureTile } from '../shared/measureSpec';
import { measureValueText } from '../shared/ui/measureValueText';

export interface MeasureTilesProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<CustomerMeasuresData>;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
}

const useStyles = makeStyles({
    grid: {
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingHorizontalS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    tile: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXXS,
        // Longhands through Griffel's helpers: the declared Fluent 9.46.2 (Griffel 1.5) drops CSS shorthands.
        ...shorthands.padding(tokens.spacingHorizontalM),
        ...shorthands.borderRadius(tokens.borderRadiusMedium),
        ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke2),
        backgroundColor: tokens.colorNeutralBackground1,
        minWidth: '0',
    },
    label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
    value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
    unavailable: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3 },
    rating: { display: 'inline-flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase200 },
    good: { color: tokens.colorPaletteGreenForeground1 },
    bad: { color: tokens.colorPaletteRedForeground1 },
    empty: { color: tokens.colorNeutralForeground3 },
});

const Tile: React.FC<{ readonly tile: MeasureTile; readonly environment: ControlEnvironment }> = ({ tile, environment }) => {
    const styles = useStyles();
    const { strings } = environment;
    const text = measureValueText(tile.value, environment);
    return (
        <li className={styles.tile} data-measure={tile.name}>
            <span className={styles.label}>{tile.label}</span>
            <span className={text === undefined ? mergeClasses(styles.value, styles.unavailable) : styles.value}>{text ?? strings('Measures_Unavailable')}</span>
            {tile.rating === 'good' && (
                <span className={mergeClasses(styles.rating, styles.good)}>
                    <GoodIcon />
                    {strings('Measures_Good')}
                </span>
            )}
            {tile.rating === 'bad' && (
                <span className={mergeClasses(styles.rating, styles.bad)}>
                    <AttentionIcon />
                    {strings('Measures_Bad')}
                </span>
            )}
        </li>
    );
};

export const MeasureTiles: React.FC<MeasureTilesProps> = ({ environment, state, onRetry, propertyFor }) => {
    const styles = useStyles();
    const { strings } = environment;
    const render = (data: CustomerMeasuresData): PanelContent => {
        if (data.kind !== 'found') return unresolvedProfileState(data);
        const someUnavailable = data.status === 'partial' || data.status === 'unreadable' || data.tiles.some((t) => t.value.kind === 'unavailable');
        return {
            kind: 'content',
            origin: data.origin,
            announcement: environment.formatCount('Measures_Loaded_Announcement', data.tiles.length),
            body: (
                <>
                    {someUnavailable && (
                        <MessageBar intent="warning" data-state="partial">
                            <MessageBarBody>{strings('Measures_Partial')}</MessageBarBody>
                        </MessageBar>
                    )}
                    {data.tiles.length === 0 ? (
                        data.status !== 'unreadable' && <p className={styles.empty}>{strings('Measures_None')}</p>
                    ) : (
                        <ul className={styles.grid} aria-label={strings('Measures_List_Label')}>
                            {data.tiles.map((tile) => (
                                <Tile key={tile.name} tile={tile} environment={environment} />
                            ))}
                        </ul>
                    )}
                </>
            ),
        };
    };
    return (
        <InsightsPanel
            title={strings('Measures_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={3}
        />
    );
};
