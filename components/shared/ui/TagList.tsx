/** @jsx h */
/** @jsxFrag Fragment */
/**
 * A list of tags that stays fast and reachable at any length (segments on a form, "+N" cells in a grid):
 * the first few, "+N more" for the rest, rendered in steps ("Show 200 more") instead of all at once, and a
 * filter box over all of them when there are many. 10,000 tags never means 10,000 elements at once: one step
 * costs the same at 100 tags as at 10,000, and a filter keystroke renders at most one step of matches.
 *
 * Incremental rather than windowed on purpose: every rendered tag is a real list item in the page, so a
 * screen reader's list navigation, find-in-page and the reading order all work, and each "Show more" adds
 * the next tags after the ones already read. Focus never drops to the page: when a button disappears, focus
 * moves to the one that took its place.
 *
 * Strings come in as props (`TagListLabels`), so each control keeps its own wording and .resx keys.
 */
import * as React from 'react';
import { Fragment, h } from './jsx';
import { Button, Field, Input, makeStyles, shorthands, useId } from '@fluentui/react-components';
import { tokens } from './tokens';
import { useInsightsStyles } from './styles';

export interface TagListItem {
    /** Unique among the items (React key). */
    readonly key: string;
    readonly label: string;
    /** Shown on hover, e.g. the segment's output name behind a friendly label. */
    readonly title?: string;
}

export interface TagListLabels {
    /** Accessible name of the list. */
    readonly list: string;
    /** Label of the filter box. */
    readonly filter: string;
    /** "No segment matches "xyz"." */
    readonly noMatch: (filter: string) => string;
    /** "+N more" while folded. */
    readonly more: (hidden: number) => string;
    /** "Show N more": the next step when unfolded. */
    readonly showMore: (count: number) => string;
    /** "Show fewer". */
    readonly fewer: string;
    /** "N segments match", announced politely while filtering. */
    readonly matches: (count: number) => string;
}

export interface TagListProps {
    readonly items: readonly TagListItem[];
    readonly labels: TagListLabels;
    /** For case-insensitive filtering in the user's language. */
    readonly locale: string;
    /** Tags shown before "+N more". */
    readonly foldedCount: number;
    /** More tags than this get a filter box [10]. */
    readonly filterThreshold?: number;
    /** Tags added per step once unfolded, and the most matches a filter keystroke renders [200]. */
    readonly stepSize?: number;
}

/** More tags than this get a filter box. */
export const TAG_FILTER_THRESHOLD = 10;
/**
 * Tags rendered per step: a step takes about 10-20 ms in Chromium on a busy 2-core machine
 * (`npm run bench:render`), well under the 100 ms an interaction may take, and 200 tags are several screens:
 * a user rarely needs a second step, and the filter reaches any tag in a few keystrokes.
 */
export const TAG_STEP_SIZE = 200;

const useStyles = makeStyles({
    tags: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: tokens.spacingHorizontalXS,
        rowGap: tokens.spacingVerticalXS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    // Looks like Fluent's brand, circular, medium Tag, drawn as a plain list item: a Fluent Tag costs a
    // dozen hooks and slots per tag, which is what made 10,000 of them take seconds.
    tag: {
        display: 'inline-flex',
        alignItems: 'center',
        boxSizing: 'border-box',
        maxWidth: '100%',
        minHeight: '32px',
        paddingInlineStart: tokens.spacingHorizontalS,
        paddingInlineEnd: tokens.spacingHorizontalS,
        paddingTop: tokens.spacingVerticalXXS,
        paddingBottom: tokens.spacingVerticalXXS,
        ...shorthands.borderRadius(tokens.borderRadiusCircular),
        // Transparent, so that high-contrast themes (where it becomes visible) still outline each tag.
        ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorTransparentStroke),
        backgroundColor: tokens.colorBrandBackground2,
        color: tokens.colorBrandForeground2,
        fontFamily: tokens.fontFamilyBase,
        fontSize: tokens.fontSizeBase300,
        fontWeight: tokens.fontWeightRegular,
        lineHeight: tokens.lineHeightBase300,
        overflowWrap: 'anywhere',
    },
    empty: { color: tokens.colorNeutralForeground3, marginBlockStart: '0', marginBlockEnd: '0' },
    actions: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
});

const TagItem = React.memo(function TagItem({ item, className }: { readonly item: TagListItem; readonly className: string }) {
    return (
        <li className={className} title={item.title}>
            {item.label}
        </li>
    );
});

type FocusTarget = 'more' | 'fewer' | undefined;

export const TagList: React.FC<TagListProps> = ({ items, labels, locale, foldedCount, filterThreshold = TAG_FILTER_THRESHOLD, stepSize = TAG_STEP_SIZE }) => {
    const styles = useStyles();
    const shared = useInsightsStyles();
    const listId = useId('cibu-tags-');
    const step = Math.max(1, Math.floor(stepSize));
    const folded = Math.max(0, Math.floor(foldedCount));
    // Unfolded: how many tags (or matches) are rendered; 0 while folded.
    const [limit, setLimit] = React.useState(0);
    const [filter, setFilter] = React.useState('');
    const moreRef = React.useRef<HTMLButtonElement>(null);
    const fewerRef = React.useRef<HTMLButtonElement>(null);
    const filterRef = React.useRef<HTMLInputElement>(null);
    const focusNext = React.useRef<FocusTarget>(undefined);

    const needle = lower(filter.trim(), locale);
    const filtering = needle !== '';
    // Lower-cased once while filtering, not per keystroke, and not at all for a user who never filters.
    const searchable = React.useMemo(() => (filtering ? items.map((item) => lower(item.label, locale)) : []), [items, locale, filtering]);
    const matching = React.useMemo(() => (filtering ? items.filter((_, index) => searchable[index]?.includes(needle) === true) : items), [items, searchable, filtering, needle]);

    const unfolded = limit > 0;
    const shownCount = Math.min(matching.length, unfolded ? limit : filtering ? step : folded);
    const shown = React.useMemo(() => matching.slice(0, shownCount), [matching, shownCount]);
    const remaining = matching.length - shownCount;

    React.useEffect(() => {
        const target = focusNext.current;
        focusNext.current = undefined;
        if (target === undefined) return;
        const preferred = target === 'more' ? moreRef.current : fewerRef.current;
        (preferred ?? moreRef.current ?? fewerRef.current ?? filterRef.current)?.focus();
    });

    const showMore = (): void => {
        setLimit((current) => Math.max(current, shownCount) + step);
        // When this was the last step the button goes away: focus moves to "Show fewer" (or the filter box).
        if (remaining <= step) focusNext.current = 'fewer';
    };
    const showFewer = (): void => {
        setLimit(0);
        focusNext.current = 'more';
    };

    return (
        <>
            {items.length > filterThreshold && (
                <Field label={labels.filter}>
                    <Input
                        ref={filterRef}
                        type="search"
                        value={filter}
                        aria-controls={matching.length > 0 ? listId : undefined}
                        onChange={(_, data) => {
                            setFilter(data.value);
                            // A keystroke renders at most one step of matches, however far the list was unfolded.
                            setLimit((current) => Math.min(current, step));
                        }}
                    />
                </Field>
            )}
            {matching.length === 0 ? (
                <p className={styles.empty}>{labels.noMatch(filter)}</p>
            ) : (
                <ul id={listId} className={styles.tags} aria-label={labels.list}>
                    {shown.map((item) => (
                        <TagItem key={item.key} item={item} className={styles.tag} />
                    ))}
                </ul>
            )}
            {(remaining > 0 || unfolded) && (
                <div className={styles.actions}>
                    {remaining > 0 && (
                        <Button ref={moreRef} size="small" appearance="subtle" aria-controls={listId} aria-expanded={unfolded || filtering ? undefined : false} onClick={showMore}>
                            {unfolded || filtering ? labels.showMore(Math.min(step, remaining)) : labels.more(remaining)}
                        </Button>
                    )}
                    {unfolded && !filtering && matching.length > folded && (
                        <Button ref={fewerRef} size="small" appearance="subtle" aria-controls={listId} aria-expanded={true} onClick={showFewer}>
                            {labels.fewer}
                        </Button>
                    )}
                </div>
            )}
            <div aria-live="polite" aria-atomic="true" className={shared.visuallyHidden}>
                {filtering ? labels.matches(matching.length) : ''}
            </div>
        </>
    );
};

/** Languages whose lower case differs from the default mapping (dotted and dotless i, Lithuanian accents). */
const LOCALE_SPECIFIC_CASE = /^(?:tr|az|lt)\b/i;

function lower(text: string, locale: string): string {
    // The plain mapping is several times faster, which matters for the first keystroke over 10,000 tags.
    if (!LOCALE_SPECIFIC_CASE.test(locale)) return text.toLowerCase();
    try {
        return text.toLocaleLowerCase(locale);
    } catch {
        return text.toLowerCase();
    }
}
