/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from '../shared/ui/jsx';
import { Button, MessageBarBody, MessageBarTitle, makeStyles, mergeClasses, useId } from '@fluentui/react-components';
import { InsightsMessageBar } from '../shared/ui/InsightsMessageBar';
import { tokens } from '../shared/ui/tokens';
import { AGGREGATE_ROW_LIMIT, JOURNEYS_SEGMENT_MEMBER_LIMIT, type BusinessUnitMembers, type BusinessUnitRelation, type SegmentReadiness } from '../shared';
import { fillTemplate, type ControlEnvironment } from '../shared/host/controlEnvironment';
import type { LoadState } from '../shared/load';
import { AttentionIcon, GoodIcon, InfoIcon } from '../shared/ui/icons';
import { InsightsPanel, type PanelContent } from '../shared/ui/InsightsPanel';
import { stateMessage, type StateMessageModel } from '../shared/ui/stateMessages';
import type { ReadinessData } from './readinessRead';

export interface ReadinessViewProps {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<ReadinessData>;
    readonly onRetry: () => void;
    readonly propertyFor: (offendingName: string | undefined) => string;
    readonly now?: Date;
}

const useStyles = makeStyles({
    meta: {
        marginBlockStart: '0',
        marginBlockEnd: '0',
        color: tokens.colorNeutralForeground2,
        fontSize: tokens.fontSizeBase200,
        overflowWrap: 'anywhere',
    },
    outputName: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground1 },
    units: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    unit: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'baseline',
        columnGap: tokens.spacingHorizontalS,
        paddingBlockStart: tokens.spacingVerticalXS,
        paddingBlockEnd: tokens.spacingVerticalXS,
        paddingInlineStart: tokens.spacingHorizontalS,
        borderInlineStartWidth: tokens.strokeWidthThick,
        borderInlineStartStyle: 'solid',
        borderInlineStartColor: tokens.colorPaletteRedBorder2,
        minWidth: '0',
    },
    ownerUnit: { borderInlineStartColor: tokens.colorPaletteGreenBorder2 },
    unitName: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
    unitCount: { fontVariantNumeric: 'tabular-nums' },
    unitNote: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
    section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
    heading: {
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase300,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    checklist: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
        fontSize: tokens.fontSizeBase200,
    },
    item: { display: 'flex', alignItems: 'flex-start', columnGap: tokens.spacingHorizontalXS, minWidth: '0', overflowWrap: 'anywhere' },
    itemIcon: { flexShrink: 0, marginBlockStart: '2px', fontSize: tokens.fontSizeBase300 },
    good: { color: tokens.colorPaletteGreenForeground1 },
    attention: { color: tokens.colorPaletteDarkOrangeForeground1 },
    neutral: { color: tokens.colorNeutralForeground3 },
    help: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
    paragraph: { marginBlockStart: '0', marginBlockEnd: '0' },
    helpToggle: { alignSelf: 'flex-start' },
});

const RELATION_KEY: Readonly<Record<BusinessUnitRelation, string>> = {
    owner: 'Readiness_Unit_Owner',
    child: 'Readiness_Unit_Child',
    root: 'Readiness_Unit_Root',
    other: 'Readiness_Unit_Other',
};

const VERDICT_TITLE: Readonly<Record<SegmentReadiness['verdict'], string>> = {
    ready: 'Readiness_Ready_Title',
    notReady: 'Readiness_NotReady_Title',
    cannotVerify: 'Readiness_CannotVerify_Title',
    noMembers: 'Readiness_NoMembers_Title',
};

const VERDICT_INTENT: Readonly<Record<SegmentReadiness['verdict'], 'success' | 'warning' | 'info'>> = {
    ready: 'success',
    notReady: 'warning',
    cannotVerify: 'info',
    noMembers: 'info',
};

type Environment = ControlEnvironment;

const integer = (environment: Environment) => (value: number) => environment.formatNumber(value, 'integer');

function ownerName(readiness: SegmentReadiness, environment: Environment): string {
    return readiness.owner.name ?? environment.strings('Origin_UnknownBusinessUnit');
}

/** The verdict's title, also announced when the check finishes. */
export function verdictTitle(readiness: SegmentReadiness, environment: Environment): string {
    return fillTemplate(environment.strings(VERDICT_TITLE[readiness.verdict]), ownerName(readiness, environment));
}

function verdictBody(readiness: SegmentReadiness, environment: Environment): string {
    const { strings } = environment;
    const owner = ownerName(readiness, environment);
    const counted = readiness.visibleMembers;
    switch (readiness.verdict) {
        case 'ready':
            return counted === undefined
                ? fillTemplate(strings('Readiness_Ready_Uncounted'), owner)
                : fillTemplate(environment.formatCount('Readiness_Ready_Body', counted, integer(environment)), '', owner);
        case 'notReady':
            return fillTemplate(strings('Readiness_NotReady_Body'), owner);
        case 'cannotVerify':
            return `${counted === undefined ? strings('Readiness_CannotVerify_Uncounted') : environment.formatCount('Readiness_CannotVerify_Body', counted, integer(environment))} ${strings('Readiness_CannotVerify_Reason')}`;
        case 'noMembers':
            return fillTemplate(strings('Readiness_NoMembers_Body'), readiness.outputName);
    }
}

const UnitList: React.FC<{ readonly units: readonly BusinessUnitMembers[]; readonly environment: Environment }> = ({ units, environment }) => {
    const styles = useStyles();
    const { strings } = environment;
    return (
        <ul className={styles.units} aria-label={strings('Readiness_Units_Label')}>
            {units.map((unit) => (
                <li key={unit.businessUnit.id} className={mergeClasses(styles.unit, unit.relation === 'owner' && styles.ownerUnit)} data-relation={unit.relation}>
                    <bdi className={styles.unitName}>{unit.businessUnit.name ?? strings('Origin_UnknownBusinessUnit')}</bdi>
                    {unit.members !== undefined && <span className={styles.unitCount}>{environment.formatCount('Readiness_Unit_Members', unit.members, integer(environment))}</span>}
                    <span className={styles.unitNote}>{strings(RELATION_KEY[unit.relation])}</span>
                </li>
            ))}
        </ul>
    );
};

type ItemTone = 'good' | 'attention' | 'neutral';

const ChecklistItem: React.FC<{ readonly tone: ItemTone; readonly check: string; readonly children: React.ReactNode }> = ({ tone, check, children }) => {
    const styles = useStyles();
    return (
        <li className={styles.item} data-check={check} data-tone={tone}>
            <span className={mergeClasses(styles.itemIcon, styles[tone])}>{tone === 'good' ? <GoodIcon /> : tone === 'attention' ? <AttentionIcon /> : <InfoIcon />}</span>
            <span>{children}</span>
        </li>
    );
};

const Checklist: React.FC<{ readonly readiness: SegmentReadiness; readonly environment: Environment; readonly now: Date }> = ({ readiness, environment, now }) => {
    const styles = useStyles();
    const headingId = useId('cibu-readiness-checklist-');
    const { strings } = environment;
    const limit = environment.formatNumber(JOURNEYS_SEGMENT_MEMBER_LIMIT, 'integer');
    const counted = readiness.visibleMembers;
    let limitText: string;
    let limitTone: ItemTone = 'neutral';
    if (readiness.memberLimit === 'unknown' || counted === undefined) {
        limitText = fillTemplate(strings('Readiness_Limit_Unknown'), limit);
    } else {
        const key = readiness.memberLimit === 'over' ? environment.formatCount('Readiness_Limit_Over', counted, integer(environment)) : environment.formatCount('Readiness_Limit_Under', counted, integer(environment));
        limitText = fillTemplate(key, '', limit);
        limitTone = readiness.memberLimit === 'over' ? 'attention' : 'good';
    }
    const latest = readiness.latestModifiedOn;
    return (
        <section className={styles.section} aria-labelledby={headingId}>
            <h3 id={headingId} className={styles.heading}>
                {strings('Readiness_Checklist_Title')}
            </h3>
            <ul className={styles.checklist}>
                <ChecklistItem tone={limitTone} check="memberLimit">
                    {limitText}
                </ChecklistItem>
                <ChecklistItem tone="neutral" check="freshness">
                    {latest === undefined ? (
                        strings('Readiness_Freshness_None')
                    ) : (
                        <time dateTime={latest.toISOString()}>{fillTemplate(strings('Readiness_Freshness'), environment.formatRelative(latest, now), environment.formatDateTime(latest))}</time>
                    )}
                </ChecklistItem>
                <ChecklistItem tone="neutral" check="scoping">
                    {strings('Readiness_Scoping')}
                </ChecklistItem>
                <ChecklistItem tone="neutral" check="modernizedBusinessUnits">
                    {strings('Readiness_Modernized')}
                </ChecklistItem>
                <ChecklistItem tone="neutral" check="marketingProfessional">
                    {strings('Readiness_Roles')}
                </ChecklistItem>
            </ul>
        </section>
    );
};

const AboutThisCheck: React.FC<{ readonly environment: Environment }> = ({ environment }) => {
    const styles = useStyles();
    const { strings } = environment;
    const [open, setOpen] = React.useState(false);
    const regionId = useId('cibu-readiness-help-');
    return (
        <div className={styles.help}>
            <Button className={styles.helpToggle} size="small" appearance="subtle" aria-expanded={open} aria-controls={regionId} onClick={() => setOpen(!open)}>
                {strings(open ? 'Readiness_Help_Hide' : 'Readiness_Help_Show')}
            </Button>
            {open && (
                <div id={regionId} className={styles.help} data-testid="readiness-help">
                    <p className={styles.paragraph}>{strings('Readiness_Help_Rule')}</p>
                    <p className={styles.paragraph}>{strings('Readiness_Help_Contradiction')}</p>
                    <p className={styles.paragraph}>{strings('Readiness_Help_Method')}</p>
                </div>
            )}
        </div>
    );
};

const Checked: React.FC<{ readonly readiness: SegmentReadiness; readonly environment: Environment; readonly now: Date }> = ({ readiness, environment, now }) => {
    const styles = useStyles();
    const { strings } = environment;
    const outside = readiness.businessUnits.some((unit) => unit.relation !== 'owner');
    const listed = readiness.verdict === 'notReady' || readiness.verdict === 'cannotVerify' ? readiness.businessUnits : readiness.businessUnits.filter((unit) => unit.members !== undefined);
    return (
        <>
            <p className={styles.meta}>
                {strings('Readiness_Segment_Label')} <bdi className={styles.outputName}>{readiness.outputName}</bdi>
            </p>
            <InsightsMessageBar intent={VERDICT_INTENT[readiness.verdict]} data-verdict={readiness.verdict}>
                <MessageBarBody>
                    <MessageBarTitle>{verdictTitle(readiness, environment)}</MessageBarTitle>
                    <div>{verdictBody(readiness, environment)}</div>
                </MessageBarBody>
            </InsightsMessageBar>
            {readiness.countsUnavailable !== undefined && outside && <p className={styles.meta}>{strings('Readiness_Units_Example')}</p>}
            {listed.length > 0 && <UnitList units={listed} environment={environment} />}
            {readiness.verdict === 'notReady' && !readiness.complete && <p className={styles.meta}>{strings('Readiness_NotReady_Partial')}</p>}
            {readiness.countsUnavailable !== undefined && (
                <InsightsMessageBar intent="info" data-state="countsUnavailable">
                    <MessageBarBody>
                        {readiness.countsUnavailable === 'overLimit'
                            ? fillTemplate(strings('Readiness_Counts_OverLimit'), environment.formatNumber(AGGREGATE_ROW_LIMIT, 'integer'))
                            : strings('Readiness_Counts_Refused')}
                    </MessageBarBody>
                </InsightsMessageBar>
            )}
            <Checklist readiness={readiness} environment={environment} now={now} />
            <AboutThisCheck environment={environment} />
        </>
    );
};

/** A designed message of this control's own (which segment, which business unit, the designer's preview). */
function ownState(kind: StateMessageModel['kind'], intent: StateMessageModel['intent'], titleKey: string, bodyKey: string, bodyArgs: readonly string[] = []): PanelContent {
    return { kind: 'state', message: { kind, intent, titleKey, bodyKey, bodyArgs, canRetry: false } };
}

export const ReadinessView: React.FC<ReadinessViewProps> = ({ environment, state, onRetry, propertyFor, now }) => {
    const { strings } = environment;
    const at = now ?? new Date();
    const render = (data: ReadinessData): PanelContent => {
        switch (data.kind) {
            case 'preview':
                return ownState('noRecord', 'info', 'Readiness_Preview_Title', 'Readiness_Preview_Body');
            case 'noOutputName':
                return ownState('configuration', 'warning', 'Readiness_NoOutputName_Title', 'Readiness_NoOutputName_Body', [strings('Property_SegmentOutputName_DisplayName')]);
            case 'noOwner':
                return ownState('configuration', 'warning', 'Readiness_NoOwner_Title', 'Readiness_NoOwner_Body', [strings('Property_OwnerBusinessUnit_DisplayName')]);
            case 'ownerUnknown':
                return ownState('notVisible', 'info', 'Readiness_OwnerUnknown_Title', 'Readiness_OwnerUnknown_Body', [strings('Property_OwnerBusinessUnit_DisplayName')]);
            case 'noRecord':
                return { kind: 'state', message: stateMessage('noRecord') };
            case 'checked':
                return {
                    kind: 'content',
                    origin: { owningBusinessUnit: data.readiness.owner, ...(data.readiness.latestModifiedOn !== undefined ? { modifiedOn: data.readiness.latestModifiedOn } : {}) },
                    announcement: verdictTitle(data.readiness, environment),
                    body: <Checked readiness={data.readiness} environment={environment} now={at} />,
                };
        }
    };
    return (
        <InsightsPanel
            title={strings('Readiness_Title')}
            environment={environment}
            load={state}
            render={render}
            propertyFor={propertyFor}
            onRetry={onRetry}
            skeletonLines={4}
            now={at}
        />
    );
};
