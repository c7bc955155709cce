/** @jsx h */
import * as React from 'react';
import { h } from './jsx';
import { Badge, makeStyles, mergeClasses, shorthands, Skeleton, SkeletonItem } from '@fluentui/react-components';
import { tokens } from './tokens';
import { fillTemplate, type ControlEnvironment } from '../host/controlEnvironment';
import { AttentionIcon, BusinessUnitIcon, GoodIcon, InfoIcon, LockIcon, NoProfileIcon, NotLoadedIcon } from './icons';
import { CELL_STATE_KEYS, type CellModel, type CellState } from './insightCells';
import { measureValueText } from './measureValueText';

const useStyles = makeStyles({
    cell: {
        display: 'flex',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalXS,
        minWidth: '0',
        maxWidth: '100%',
        ...shorthands.overflow('hidden'),
        whiteSpace: 'nowrap',
    },
    text: {
        ...shorthands.overflow('hidden'),
        textOverflow: 'ellipsis',
        minWidth: '0',
    },
    state: {
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
    icon: {
        flexShrink: 0,
        fontSize: tokens.fontSizeBase300,
    },
    tag: {
        // Fluent's Badge is 20 px wide with min-width: max-content; a min-width of our own replaces the latter,
        // so the width must be the content's again, or every tag is drawn at its minimum ("Un…").
        width: 'auto',
        maxWidth: '10em',
        flexShrink: 1,
        // A tag squeezed below a few letters says nothing; the cell clips instead (full names in the title).
        minWidth: '4.5em',
    },
    tagText: {
        ...shorthands.overflow('hidden'),
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
    },
    more: {
        flexShrink: 0,
    },
    good: { color: tokens.colorPaletteGreenForeground1 },
    bad: { color: tokens.colorPaletteRedForeground1 },
    skeleton: {
        width: '100%',
        maxWidth: '8em',
    },
    visuallyHidden: {
        position: 'absolute',
        width: '1px',
        height: '1px',
        ...shorthands.overflow('hidden'),
        clipPath: 'inset(50%)',
        whiteSpace: 'nowrap',
    },
});

const STATE_ICONS: Readonly<Record<CellState, React.FC<React.SVGProps<SVGSVGElement>>>> = {
    noProfile: NoProfileIcon,
    notVisible: LockIcon,
    notLoaded: NotLoadedIcon,
    noAccess: LockIcon,
    noSegments: InfoIcon,
    unreadable: AttentionIcon,
    unavailable: NotLoadedIcon,
    unknownBusinessUnit: BusinessUnitIcon,
};

export interface InsightCellProps {
    readonly model: CellModel;
    readonly environment: Pick<ControlEnvironment, 'strings' | 'formatCount' | 'formatNumber' | 'formatRelative' | 'formatDateTime'>;
    readonly now: Date;
}

/**
 * One Customer Insights cell: compact, one line, a state always as an icon with text (never colour alone).
 * Pure rendering of a {@link CellModel}; memoised, since a grid renders many.
 */
export const InsightCell = React.memo(function InsightCell({ model, environment, now }: InsightCellProps): React.ReactElement | null {
    const styles = useStyles();
    const { strings } = environment;
    switch (model.kind) {
        case 'empty':
            return null;
        case 'loading':
            return (
                <Skeleton className={styles.skeleton} aria-label={strings('Cell_Loading')}>
                    <SkeletonItem size={12} />
                </Skeleton>
            );
        case 'state': {
            const Icon = STATE_ICONS[model.state];
            const text = strings(CELL_STATE_KEYS[model.state]);
            return (
                <span className={mergeClasses(styles.cell, styles.state)} data-cell-state={model.state} title={text}>
                    <Icon className={styles.icon} />
                    <span className={styles.text}>{text}</span>
                </span>
            );
        }
        case 'businessUnit':
            return (
                <span className={styles.cell}>
                    <Badge appearance="tint" color="informative" shape="rounded" icon={<BusinessUnitIcon />} className={styles.tag} title={fillTemplate(strings('Origin_BusinessUnit_Label'), model.unit.name)}>
                        <span className={styles.tagText}>{model.unit.name}</span>
                    </Badge>
                </span>
            );
        case 'segments': {
            const hidden = model.more.map((tag) => tag.label).join(', ');
            return (
                <span className={styles.cell} data-segments={model.shown.length + model.more.length}>
                    {model.shown.map((tag) => (
                        <Badge key={tag.outputName} appearance="outline" color="brand" shape="rounded" className={styles.tag} title={tag.label}>
                            <span className={styles.tagText}>{tag.label}</span>
                        </Badge>
                    ))}
                    {model.more.length > 0 && (
                        <Badge appearance="tint" color="brand" shape="rounded" className={styles.more} title={hidden}>
                            <span aria-hidden="true">{fillTemplate(strings('Cell_MoreSegments_Short'), environment.formatNumber(model.more.length, 'integer'))}</span>
                            <span className={styles.visuallyHidden}>{fillTemplate(strings('Cell_MoreSegments_List'), environment.formatCount('Cell_MoreSegments', model.more.length), hidden)}</span>
                        </Badge>
                    )}
                    {model.partial && (
                        <span className={styles.state} title={strings('Cell_Partial')}>
                            <AttentionIcon className={styles.icon} />
                            <span className={styles.visuallyHidden}>{strings('Cell_Partial')}</span>
                        </span>
                    )}
                </span>
            );
        }
        case 'measure': {
            const text = measureValueText(model.value, environment) ?? '';
            return (
                <span className={styles.cell}>
                    <span className={styles.text}>{text}</span>
                    {model.rating === 'good' && (
                        <span className={mergeClasses(styles.cell, styles.good)} title={strings('Cell_Good')}>
                            <GoodIcon className={styles.icon} />
                            <span className={styles.visuallyHidden}>{strings('Cell_Good')}</span>
                        </span>
                    )}
                    {model.rating === 'bad' && (
                        <span className={mergeClasses(styles.cell, styles.bad)} title={strings('Cell_Bad')}>
                            <AttentionIcon className={styles.icon} />
                            <span className={styles.visuallyHidden}>{strings('Cell_Bad')}</span>
                        </span>
                    )}
                </span>
            );
        }
        case 'freshness':
            return (
                <time className={mergeClasses(styles.cell, styles.state)} dateTime={model.modifiedOn.toISOString()} title={environment.formatDateTime(model.modifiedOn)}>
                    <span className={styles.text}>{environment.formatRelative(model.modifiedOn, now)}</span>
                </time>
            );
    }
});
