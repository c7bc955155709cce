/** @jsx h */
import * as React from 'react';
import { h } from '../shared/ui/jsx';
import { Link, makeStyles, useId } from '@fluentui/react-components';
import { tokens } from '../shared/ui/tokens';
import { fillTemplate, type StringLookup } from '../shared/host/controlEnvironment';
import { OpenIcon } from '../shared/ui/icons';
import { ActivityIcon } from './activityIcons';
import type { EntryView } from './timelineView';

export interface TimelineFeedListProps {
    readonly entries: readonly EntryView[];
    /** The total is unknown while more can be loaded: `aria-setsize` is then -1. */
    readonly moreAvailable: boolean;
    readonly busy: boolean;
    readonly strings: StringLookup;
    /** Move focus to this entry (the first of a page loaded from the Load more button). */
    readonly focusRequest?: { readonly index: number; readonly sequence: number };
}

const useStyles = makeStyles({
    feed: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    article: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        borderTopLeftRadius: tokens.borderRadiusMedium,
        borderTopRightRadius: tokens.borderRadiusMedium,
        borderBottomLeftRadius: tokens.borderRadiusMedium,
        borderBottomRightRadius: tokens.borderRadiusMedium,
        ':focus-visible': {
            outlineWidth: tokens.strokeWidthThick,
            outlineStyle: 'solid',
            outlineColor: tokens.colorStrokeFocus2,
            outlineOffset: '1px',
        },
    },
    groupHeading: {
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase300,
        color: tokens.colorNeutralForeground2,
        marginBlockStart: tokens.spacingVerticalS,
        marginBlockEnd: '0',
        paddingBlockEnd: tokens.spacingVerticalXXS,
        borderBottomWidth: tokens.strokeWidthThin,
        borderBottomStyle: 'solid',
        borderBottomColor: tokens.colorNeutralStroke2,
    },
    entry: {
        display: 'flex',
        columnGap: tokens.spacingHorizontalS,
        paddingBlockStart: tokens.spacingVerticalXS,
        paddingBlockEnd: tokens.spacingVerticalXS,
        minWidth: '0',
    },
    iconBox: {
        display: 'inline-flex',
        flexShrink: 0,
        alignItems: 'center',
        justifyContent: 'center',
        width: '28px',
        height: '28px',
        borderTopLeftRadius: tokens.borderRadiusCircular,
        borderTopRightRadius: tokens.borderRadiusCircular,
        borderBottomLeftRadius: tokens.borderRadiusCircular,
        borderBottomRightRadius: tokens.borderRadiusCircular,
        backgroundColor: tokens.colorBrandBackground2,
        color: tokens.colorBrandForeground2,
        fontSize: tokens.fontSizeBase400,
    },
    body: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXXS,
        minWidth: '0',
        flexGrow: 1,
    },
    meta: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: tokens.spacingHorizontalS,
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
        lineHeight: tokens.lineHeightBase200,
    },
    type: {
        fontWeight: tokens.fontWeightSemibold,
        color: tokens.colorNeutralForeground2,
    },
    title: {
        fontSize: tokens.fontSizeBase300,
        lineHeight: tokens.lineHeightBase300,
        marginBlockStart: '0',
        marginBlockEnd: '0',
        overflowWrap: 'anywhere',
    },
    line: {
        fontSize: tokens.fontSizeBase200,
        marginBlockStart: '0',
        marginBlockEnd: '0',
        overflowWrap: 'anywhere',
    },
    details: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: tokens.spacingHorizontalM,
        rowGap: tokens.spacingVerticalXXS,
        fontSize: tokens.fontSizeBase200,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    detail: {
        display: 'flex',
        columnGap: tokens.spacingHorizontalXS,
        minWidth: '0',
    },
    detailLabel: {
        color: tokens.colorNeutralForeground3,
    },
    detailValue: {
        marginInlineStart: '0',
        overflowWrap: 'anywhere',
    },
    note: {
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
        fontStyle: 'italic',
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    link: {
        display: 'inline-flex',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalXXS,
        fontSize: tokens.fontSizeBase200,
        alignSelf: 'flex-start',
    },
});

/** "Contact: {0}" with the name isolated for bidi (a Latin name in an Arabic sentence and the reverse). */
const ContactLine: React.FC<{ readonly template: string; readonly contact: string; readonly className: string }> = ({ template, contact, className }) => {
    const at = template.indexOf('{0}');
    const before = at < 0 ? `${template} ` : template.slice(0, at);
    const after = at < 0 ? '' : template.slice(at + 3);
    return (
        <p className={className}>
            {before}
            <bdi>{contact}</bdi>
            {after}
        </p>
    );
};

interface EntryProps {
    readonly view: EntryView;
    readonly position: number;
    readonly setSize: number;
    readonly tabIndex: number;
    readonly strings: StringLookup;
    readonly onFocus: () => void;
}

const TimelineEntryView = React.forwardRef<HTMLElement, EntryProps>(function TimelineEntry({ view, position, setSize, tabIndex, strings, onFocus }, ref) {
    const styles = useStyles();
    const titleId = useId('cibu-timeline-title-');
    const metaId = useId('cibu-timeline-meta-');
    const title = view.title ?? strings('Timeline_Untitled');
    return (
        <article ref={ref} className={styles.article} aria-posinset={position} aria-setsize={setSize} aria-labelledby={titleId} aria-describedby={metaId} tabIndex={tabIndex} onFocus={onFocus} data-entry-id={view.id}>
            {view.groupHeading !== undefined && <h3 className={styles.groupHeading}>{view.groupHeading}</h3>}
            <div className={styles.entry}>
                <span className={styles.iconBox}>
                    <ActivityIcon name={view.icon} />
                </span>
                <div className={styles.body}>
                    <div className={styles.meta} id={metaId}>
                        <span className={styles.type}>{view.typeLabel}</span>
                        <time dateTime={view.dateTime} title={view.timeTitle}>
                            {view.timeText}
                        </time>
                        {view.source !== undefined && <span title={view.sourceName}>{fillTemplate(strings('Timeline_Source'), view.source)}</span>}
                    </div>
                    <p id={titleId} className={styles.title}>
                        <bdi>{title}</bdi>
                    </p>
                    {view.contact !== undefined && <ContactLine template={strings('Timeline_Contact')} contact={view.contact} className={styles.line} />}
                    {view.details.length > 0 && (
                        <dl className={styles.details}>
                            {view.details.map((detail, index) => (
                                <div key={`${index}-${detail.label}`} className={styles.detail}>
                                    <dt className={styles.detailLabel}>{detail.label}</dt>
                                    <dd className={styles.detailValue}>
                                        <bdi>{detail.text}</bdi>
                                    </dd>
                                </div>
                            ))}
                        </dl>
                    )}
                    {view.detailsPartial && <p className={styles.note}>{strings('Timeline_DetailsPartial')}</p>}
                    {view.link !== undefined && (
                        <Link className={styles.link} href={view.link} target="_blank" rel="noopener noreferrer" aria-label={fillTemplate(strings('Timeline_OpenSource_Label'), title)}>
                            {strings('Timeline_OpenSource')}
                            <OpenIcon />
                        </Link>
                    )}
                </div>
            </div>
        </article>
    );
});

/**
 * An entry re-renders only when what it shows changes: a long list after many "Load more" stays cheap.
 * `strings` and `onFocus` are left out: strings only change with the language, which changes the view too,
 * and onFocus only sets the entry's own position.
 */
const TimelineEntry = React.memo(
    TimelineEntryView,
    (previous, next) => previous.view === next.view && previous.position === next.position && previous.setSize === next.setSize && previous.tabIndex === next.tabIndex,
);

/**
 * The entries as an ARIA feed: articles with their position, `aria-setsize` -1 while more can be loaded,
 * one tab stop (the current article), Page Down / Page Up to the next and previous article, Ctrl+Home and
 * Ctrl+End to the first and last.
 */
export const TimelineFeedList: React.FC<TimelineFeedListProps> = ({ entries, moreAvailable, busy, strings, focusRequest }) => {
    const styles = useStyles();
    const [active, setActive] = React.useState(0);
    const articles = React.useRef<Array<HTMLElement | null>>([]);
    articles.current.length = entries.length;
    // One ref callback per position for the list's life: a new callback would make every memoised entry render again.
    const refCallbacks = React.useRef<Array<(element: HTMLElement | null) => void>>([]);
    const refAt = (index: number): ((element: HTMLElement | null) => void) => {
        let callback = refCallbacks.current[index];
        if (callback === undefined) {
            callback = (element) => {
                articles.current[index] = element;
            };
            refCallbacks.current[index] = callback;
        }
        return callback;
    };
    const current = Math.min(active, Math.max(0, entries.length - 1));

    const focusAt = (index: number): void => {
        const target = Math.max(0, Math.min(entries.length - 1, index));
        setActive(target);
        articles.current[target]?.focus();
    };

    const sequence = focusRequest?.sequence;
    const requestedIndex = focusRequest?.index;
    React.useEffect(() => {
        if (sequence === undefined || requestedIndex === undefined) return;
        const target = articles.current[requestedIndex];
        if (target !== null && target !== undefined) {
            setActive(requestedIndex);
            target.focus();
        }
    }, [sequence, requestedIndex]);

    const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
        const index = articles.current.findIndex((article) => article !== null && article.contains(event.target as Node));
        if (index < 0) return;
        let next: number | undefined;
        if (event.key === 'PageDown') next = index + 1;
        else if (event.key === 'PageUp') next = index - 1;
        else if (event.key === 'Home' && event.ctrlKey) next = 0;
        else if (event.key === 'End' && event.ctrlKey) next = entries.length - 1;
        if (next === undefined) return;
        event.preventDefault();
        focusAt(next);
    };

    return (
        <div role="feed" className={styles.feed} aria-busy={busy} aria-label={strings('Timeline_Feed_Label')} onKeyDown={onKeyDown}>
            {entries.map((view, index) => (
                <TimelineEntry
                    key={view.id}
                    ref={refAt(index)}
                    view={view}
                    position={index + 1}
                    setSize={moreAvailable ? -1 : entries.length}
                    tabIndex={index === current ? 0 : -1}
                    strings={strings}
                    onFocus={() => setActive(index)}
                />
            ))}
        </div>
    );
};
