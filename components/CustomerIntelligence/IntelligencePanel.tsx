/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from '../shared/ui/jsx';
import { MessageBarBody, makeStyles, mergeClasses, shorthands, useId } from '@fluentui/react-components';
import { InsightsMessageBar } from '../shared/ui/InsightsMessageBar';
import { tokens } from '../shared/ui/tokens';
import { fillTemplate, type ControlEnvironment } from '../shared/host/controlEnvironment';
import type { LoadState } from '../shared/load';
import { AttentionIcon, GoodIcon } from '../shared/ui/icons';
import { InsightsPanel, unresolvedProfileState, type PanelContent } from '../shared/ui/InsightsPanel';
import { StateMessage } from '../shared/ui/StateMessage';
import { failureMessage } from '../shared/ui/stateMessages';
import { measureValueText } from '../shared/ui/measureValueText';
import type { CustomerIntelligenceData, TablePart } from './customerIntelligenceRead';
import { hasUnavailable, MAX_LIST_ITEMS, type AffinityBar, type BarScale, type EnrichmentGroup, type InsightEntry, type PredictionSection, type ProbabilityBand } from './intelligenceModel';

export interface IntelligencePanelProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<CustomerIntelligenceData>;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
    /** The localized name of the "Predictions to show" property, for the message about lines it skipped. */
    readonly predictionsProperty: string;
}

const BAND_KEY: Readonly<Record<ProbabilityBand, string>> = {
    low: 'Intelligence_Band_Low',
    medium: 'Intelligence_Band_Medium',
    high: 'Intelligence_Band_High',
};

const useStyles = makeStyles({
    part: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, minWidth: '0' },
    partHeading: {
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase300,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    cards: {
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 220px), 1fr))',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    card: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        paddingBlockStart: tokens.spacingVerticalS,
        paddingBlockEnd: tokens.spacingVerticalS,
        paddingInlineStart: tokens.spacingHorizontalM,
        paddingInlineEnd: tokens.spacingHorizontalM,
        ...shorthands.borderRadius(tokens.borderRadiusMedium),
        ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke2),
        backgroundColor: tokens.colorNeutralBackground1,
        minWidth: '0',
    },
    cardTitle: {
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase300,
        marginBlockStart: '0',
        marginBlockEnd: '0',
        overflowWrap: 'anywhere',
    },
    provider: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, marginBlockStart: '0', marginBlockEnd: '0', overflowWrap: 'anywhere' },
    values: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, marginBlockStart: '0', marginBlockEnd: '0' },
    pair: { display: 'flex', flexDirection: 'column', minWidth: '0' },
    label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
    value: { marginInlineStart: '0', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
    emphasis: { fontSize: tokens.fontSizeBase400 },
    unavailable: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3 },
    line: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS },
    band: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2 },
    rating: { display: 'inline-flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightRegular },
    good: { color: tokens.colorPaletteGreenForeground1 },
    bad: { color: tokens.colorPaletteRedForeground1 },
    rankedList: {
        marginBlockStart: '0',
        marginBlockEnd: '0',
        paddingInlineStart: tokens.spacingHorizontalXL,
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightRegular,
    },
    more: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
    bars: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, listStyleType: 'none', paddingInlineStart: '0', marginBlockStart: '0', marginBlockEnd: '0' },
    bar: {
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr) auto',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalXXS,
        alignItems: 'baseline',
        fontSize: tokens.fontSizeBase200,
    },
    barLabel: { overflowWrap: 'anywhere' },
    barNumber: { fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
    track: {
        display: 'block',
        gridColumnStart: '1',
        gridColumnEnd: '3',
        blockSize: '6px',
        backgroundColor: tokens.colorNeutralBackground4,
        ...shorthands.borderRadius(tokens.borderRadiusSmall),
        ...shorthands.overflow('hidden'),
    },
    // Drawn as a border, not a background: forced-colours (high contrast) mode keeps borders and paints
    // them in the text colour, while it drops background colours.
    fill: {
        display: 'block',
        blockSize: '0',
        borderBlockStartWidth: '6px',
        borderBlockStartStyle: 'solid',
        borderBlockStartColor: tokens.colorBrandBackground,
    },
    empty: { color: tokens.colorNeutralForeground3, marginBlockStart: '0', marginBlockEnd: '0' },
});

type Styles = ReturnType<typeof useStyles>;

const Meter: React.FC<{ readonly fraction: number; readonly styles: Styles }> = ({ fraction, styles }) => (
    <span className={styles.track} aria-hidden="true">
        <span className={styles.fill} style={{ inlineSize: `${Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10}%` }} />
    </span>
);

/** A score next to a list entry or bar: fractions as percentages, other scores as numbers. */
function scoreText(score: number, scale: BarScale, environment: ControlEnvironment): string {
    return scale === 'fraction' ? environment.formatNumber(score, 'percent') : environment.formatNumber(score, 'number');
}

const EntryValue: React.FC<{ readonly entry: InsightEntry; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ entry, environment, styles }) => {
    const { strings } = environment;
    const { display } = entry;
    const unavailable = <span className={mergeClasses(styles.value, styles.unavailable)}>{strings('Intelligence_Unavailable')}</span>;
    switch (display.kind) {
        case 'unavailable':
            return unavailable;
        case 'yesNo':
            return <span className={styles.value}>{strings(display.value ? 'Value_Yes' : 'Value_No')}</span>;
        case 'value': {
            const text = measureValueText(display.value, environment);
            return text === undefined ? unavailable : <bdi className={styles.value}>{text}</bdi>;
        }
        case 'probability':
            return (
                <>
                    <span className={styles.line}>
                        <span className={styles.emphasis}>{environment.formatNumber(display.value, 'percent')}</span>
                        <span className={styles.band} data-band={display.band}>
                            {strings(BAND_KEY[display.band])}
                        </span>
                    </span>
                    <Meter fraction={display.value} styles={styles} />
                </>
            );
        case 'list': {
            const shown = display.items.slice(0, MAX_LIST_ITEMS);
            const scale = display.items.every((item) => item.score === undefined || (item.score >= 0 && item.score <= 1)) ? 'fraction' : 'relative';
            return (
                <div>
                    <ol className={styles.rankedList}>
                        {shown.map((item, index) => (
                            <li key={index}>
                                <span className={styles.line}>
                                    <bdi>{item.label}</bdi>
                                    {item.score !== undefined && <span className={styles.more}>{scoreText(item.score, scale, environment)}</span>}
                                </span>
                            </li>
                        ))}
                    </ol>
                    {display.total > shown.length && <span className={styles.more}>{environment.formatCount('Intelligence_More', display.total - shown.length)}</span>}
                </div>
            );
        }
    }
};

const Entries: React.FC<{ readonly entries: readonly InsightEntry[]; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ entries, environment, styles }) => {
    const { strings } = environment;
    if (entries.length === 0) return null;
    return (
        <dl className={styles.values}>
            {entries.map((entry) => (
                <div key={entry.name} className={styles.pair} data-value={entry.name}>
                    <dt className={styles.label}>
                        <bdi>{entry.label}</bdi>
                    </dt>
                    <dd className={styles.value}>
                        <EntryValue entry={entry} environment={environment} styles={styles} />
                        {entry.rating === 'good' && (
                            <span className={mergeClasses(styles.rating, styles.good)}>
                                <GoodIcon />
                                {strings('Intelligence_Good')}
                            </span>
                        )}
                        {entry.rating === 'bad' && (
                            <span className={mergeClasses(styles.rating, styles.bad)}>
                                <AttentionIcon />
                                {strings('Intelligence_Bad')}
                            </span>
                        )}
                    </dd>
                </div>
            ))}
        </dl>
    );
};

/** "Provided by {0}" with the provider's name isolated, so a name in another script keeps its own direction. */
const Provider: React.FC<{ readonly provider: string | undefined; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ provider, environment, styles }) => {
    if (provider === undefined) return null;
    const template = environment.strings('Intelligence_Provider');
    const at = template.indexOf('{0}');
    if (at < 0) return <p className={styles.provider}>{fillTemplate(template, provider)}</p>;
    return (
        <p className={styles.provider}>
            {template.slice(0, at)}
            <bdi>{provider}</bdi>
            {template.slice(at + 3)}
        </p>
    );
};

/** Says when an entry could not be read at all (nothing shown) or only in part (what could be read is shown). */
const ReadStatus: React.FC<{ readonly status: string; readonly empty: boolean; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ status, empty, environment, styles }) => {
    if (empty && status === 'unreadable') return <p className={styles.empty}>{environment.strings('Intelligence_Unreadable')}</p>;
    if (status === 'partial' || status === 'unreadable') return <p className={styles.empty}>{environment.strings('Intelligence_PartialEntry')}</p>;
    return null;
};

const PredictionCard: React.FC<{ readonly section: PredictionSection; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ section, environment, styles }) => (
    <li className={styles.card} data-model={section.model ?? ''}>
        <h4 className={styles.cardTitle}>
            <bdi>{section.title ?? environment.strings('Intelligence_Model_Untitled')}</bdi>
        </h4>
        <Provider provider={section.provider} environment={environment} styles={styles} />
        <Entries entries={section.entries} environment={environment} styles={styles} />
        <ReadStatus status={section.status} empty={section.entries.length === 0} environment={environment} styles={styles} />
    </li>
);

const Bar: React.FC<{ readonly bar: AffinityBar; readonly scale: BarScale; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ bar, scale, environment, styles }) => (
    <li className={styles.bar}>
        <bdi className={styles.barLabel}>{bar.label}</bdi>
        <span className={styles.line}>
            <span className={styles.barNumber}>{scoreText(bar.score, scale, environment)}</span>
            {bar.level !== undefined && <bdi className={styles.band}>{bar.level}</bdi>}
        </span>
        <Meter fraction={bar.fraction} styles={styles} />
    </li>
);

const EnrichmentCard: React.FC<{ readonly group: EnrichmentGroup; readonly environment: ControlEnvironment; readonly styles: Styles }> = ({ group, environment, styles }) => (
    <li className={styles.card} data-enrichment={group.type ?? ''}>
        <h4 className={styles.cardTitle}>
            <bdi>{group.title ?? environment.strings('Intelligence_Enrichment_Untitled')}</bdi>
        </h4>
        <Provider provider={group.provider} environment={environment} styles={styles} />
        {group.bars.length > 0 && (
            <ol className={styles.bars}>
                {group.bars.map((bar, index) => (
                    <Bar key={index} bar={bar} scale={group.barScale} environment={environment} styles={styles} />
                ))}
            </ol>
        )}
        {group.moreBars > 0 && <span className={styles.more}>{environment.formatCount('Intelligence_More', group.moreBars)}</span>}
        <Entries entries={group.entries} environment={environment} styles={styles} />
        <ReadStatus status={group.status} empty={group.entries.length === 0 && group.bars.length === 0} environment={environment} styles={styles} />
    </li>
);

interface PartProps<T> {
    readonly headingKey: string;
    readonly noneKey: string;
    readonly part: TablePart<T>;
    readonly environment: ControlEnvironment;
    readonly propertyFor: (offendingName: string | undefined) => string;
    readonly onRetry: () => void;
    readonly renderItem: (item: T) => React.ReactNode;
    readonly table: string;
}

function Part<T>({ headingKey, noneKey, part, environment, propertyFor, onRetry, renderItem, table }: PartProps<T>): React.ReactElement {
    const styles = useStyles();
    const headingId = useId('cibu-intelligence-');
    const { strings } = environment;
    return (
        <section className={styles.part} aria-labelledby={headingId} data-part={table}>
            <h3 id={headingId} className={styles.partHeading}>
                {strings(headingKey)}
            </h3>
            {part.kind === 'failed' ? (
                <StateMessage message={failureMessage(part.failure, propertyFor)} strings={strings} onRetry={onRetry} />
            ) : part.sections.length === 0 ? (
                <p className={styles.empty}>{strings(noneKey)}</p>
            ) : (
                <ul className={styles.cards}>{part.sections.map(renderItem)}</ul>
            )}
        </section>
    );
}

export const IntelligencePanel: React.FC<IntelligencePanelProps> = ({ environment, state, onRetry, propertyFor, predictionsProperty }) => {
    const styles = useStyles();
    const { strings } = environment;
    const render = (data: CustomerIntelligenceData): PanelContent => {
        if (data.kind === 'off') {
            return { kind: 'content', origin: {}, announcement: strings('Intelligence_Off'), body: <p className={styles.empty}>{strings('Intelligence_Off')}</p> };
        }
        if (data.kind !== 'found') return unresolvedProfileState(data);
        const predictions = data.predictions?.kind === 'read' ? data.predictions.sections : [];
        const enrichments = data.enrichments?.kind === 'read' ? data.enrichments.sections : [];
        const someUnavailable = hasUnavailable(predictions) || hasUnavailable(enrichments);
        const announcement = [
            data.predictions?.kind === 'read' ? environment.formatCount('Intelligence_Predictions_Loaded', predictions.length) : undefined,
            data.enrichments?.kind === 'read' ? environment.formatCount('Intelligence_Enrichments_Loaded', enrichments.length) : undefined,
        ]
            .filter((text): text is string => text !== undefined)
            .join(' ');
        return {
            kind: 'content',
            origin: data.origin,
            announcement,
            body: (
                <>
                    {data.ignoredLines.length > 0 && (
                        <InsightsMessageBar intent="warning" data-state="ignoredLines">
                            <MessageBarBody>
                                {fillTemplate(strings('Intelligence_IgnoredLines'), predictionsProperty, data.ignoredLines.map((line) => environment.formatNumber(line, 'integer')).join(', '))}
                            </MessageBarBody>
                        </InsightsMessageBar>
                    )}
                    {someUnavailable && (
                        <InsightsMessageBar intent="warning" data-state="partial">
                            <MessageBarBody>{strings('Intelligence_Partial')}</MessageBarBody>
                        </InsightsMessageBar>
                    )}
                    {data.predictions !== undefined && (
                        <Part
                            table="predictions"
                            headingKey="Intelligence_Predictions_Heading"
                            noneKey="Intelligence_Predictions_None"
                            part={data.predictions}
                            environment={environment}
                            propertyFor={propertyFor}
                            onRetry={onRetry}
                            renderItem={(section) => <PredictionCard key={section.id} section={section} environment={environment} styles={styles} />}
                        />
                    )}
                    {data.enrichments !== undefined && (
                        <Part
                            table="enrichments"
                            headingKey="Intelligence_Enrichments_Heading"
                            noneKey="Intelligence_Enrichments_None"
                            part={data.enrichments}
                            environment={environment}
                            propertyFor={propertyFor}
                            onRetry={onRetry}
                            renderItem={(group) => <EnrichmentCard key={group.id} group={group} environment={environment} styles={styles} />}
                        />
                    )}
                </>
            ),
        };
    };
    return (
        <InsightsPanel
            title={strings('Intelligence_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={5}
        />
    );
};
