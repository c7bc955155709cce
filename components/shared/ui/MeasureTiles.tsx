/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from './jsx';
import { Button, MessageBarBody, makeStyles, mergeClasses, shorthands, useId } from '@fluentui/react-components';
import { InsightsMessageBar } from './InsightsMessageBar';
import { tokens } from './tokens';
import type { ControlEnvironment } from '../host/controlEnvironment';
import type { LoadState } from '../load';
import { AttentionIcon, GoodIcon } from './icons';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from './InsightsPanel';
import type { CustomerMeasuresData } from '../customerMeasuresRead';
import type { MeasureTile } from '../measureSpec';
import { measureValue } from './measureValueText';
import { useInsightsStyles } from './styles';

export interface MeasureTilesProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<CustomerMeasuresData>;
    /** Tiles shown before "Show all" (the maker's "Measures shown" property) [12]. */
    readonly visibleCount?: number;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
}

/** Tiles shown before "Show all" when the maker sets nothing: two or three rows on a form section. */
export const DEFAULT_VISIBLE_MEASURES = 12;

/**
 * The note above the tiles, so that it says what the tiles show: unavailable tiles only when some are
 * there; measures left out when the column was only partly readable and nobody listed which to expect;
 * "could not be read" when nothing could.
 */
export function measuresNotice(data: Pick<Extract<CustomerMeasuresData, { kind: 'found' }>, 'tiles' | 'status' | 'listed'>): string | undefined {
    const damaged = data.status === 'partial' || data.status === 'unreadable';
    if (data.tiles.length === 0) return damaged ? 'Measures_Unreadable' : undefined;
    if (!data.listed && damaged) return 'Measures_Incomplete';
    return data.tiles.some((tile) => tile.value.kind === 'unavailable') ? 'Measures_Partial' : undefined;
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

/** Class names of a tile, worked out once per list rather than once per tile (1,000 tiles on "Show all"). */
interface TileClasses {
    readonly tile: string;
    readonly label: string;
    readonly value: string;
    readonly unavailable: string;
    readonly good: string;
    readonly bad: string;
    readonly visuallyHidden: string;
}

const Tile = React.memo(function Tile({ tile, environment, classes }: { readonly tile: MeasureTile; readonly environment: ControlEnvironment; readonly classes: TileClasses }) {
    const { strings } = environment;
    const value = measureValue(tile.value, environment);
    return (
        <li className={classes.tile} data-measure={tile.name}>
            <span className={classes.label}>{tile.label}</span>
            {value === undefined && <span className={classes.unavailable}>{strings('Measures_Unavailable')}</span>}
            {value !== undefined && value.fullText === undefined && <span className={classes.value}>{value.text}</span>}
            {value?.fullText !== undefined && (
                // Abbreviated ("1.2T"): the full value on hover, and read instead of the abbreviation.
                <span className={classes.value} title={value.fullText}>
                    <span aria-hidden="true">{value.text}</span>
                    <span className={classes.visuallyHidden}>{value.fullText}</span>
                </span>
            )}
            {tile.rating === 'good' && (
                <span className={classes.good}>
                    <GoodIcon />
                    {strings('Measures_Good')}
                </span>
            )}
            {tile.rating === 'bad' && (
                <span className={classes.bad}>
                    <AttentionIcon />
                    {strings('Measures_Bad')}
                </span>
            )}
        </li>
    );
});

export const MeasureTiles: React.FC<MeasureTilesProps> = ({ environment, state, visibleCount = DEFAULT_VISIBLE_MEASURES, onRetry, propertyFor }) => {
    const styles = useStyles();
    const { strings } = environment;
    const render = (data: CustomerMeasuresData): PanelContent => {
        if (data.kind !== 'found') return unresolvedProfileState(data);
        const notice = measuresNotice(data);
        return {
            kind: 'content',
            origin: data.origin,
            announcement: environment.formatCount('Measures_Loaded_Announcement', data.tiles.length),
            body: (
                <>
                    {notice !== undefined && (
                        <InsightsMessageBar intent="warning" data-state="partial">
                            <MessageBarBody>{strings(notice)}</MessageBarBody>
                        </InsightsMessageBar>
                    )}
                    {data.tiles.length === 0 ? (
                        data.status !== 'unreadable' && data.status !== 'partial' && <p className={styles.empty}>{strings('Measures_None')}</p>
                    ) : (
                        <TileList tiles={data.tiles} visibleCount={visibleCount} environment={environment} />
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

/** The tiles, capped at the maker's number with "Show all"; focus stays on the one button that toggles. */
const TileList: React.FC<{ readonly tiles: readonly MeasureTile[]; readonly visibleCount: number; readonly environment: ControlEnvironment }> = ({ tiles, visibleCount, environment }) => {
    const styles = useStyles();
    const shared = useInsightsStyles();
    const { strings } = environment;
    const listId = useId('cibu-measures-');
    const classes = React.useMemo(
        (): TileClasses => ({
            tile: styles.tile,
            label: styles.label,
            value: styles.value,
            unavailable: mergeClasses(styles.value, styles.unavailable),
            good: mergeClasses(styles.rating, styles.good),
            bad: mergeClasses(styles.rating, styles.bad),
            visuallyHidden: shared.visuallyHidden,
        }),
        [styles, shared],
    );
    const [all, setAll] = React.useState(false);
    const cap = Math.max(1, Math.floor(visibleCount));
    const shown = all ? tiles : tiles.slice(0, cap);
    return (
        <>
            <ul id={listId} className={styles.grid} aria-label={strings('Measures_List_Label')}>
                {shown.map((tile) => (
                    <Tile key={tile.name} tile={tile} environment={environment} classes={classes} />
                ))}
            </ul>
            {tiles.length > cap && (
                <div>
                    <Button size="small" appearance="subtle" aria-controls={listId} aria-expanded={all} onClick={() => setAll((current) => !current)}>
                        {all ? strings('Measures_ShowFewer') : environment.formatCount('Measures_ShowAll', tiles.length)}
                    </Button>
                </div>
            )}
        </>
    );
};
