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
import { Button, Field, Input, Tag, TagGroup, makeStyles, tokens, useId } from '@fluentui/react-components';
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
 * Tags rendered per step. 200 Fluent tags render in a few milliseconds in Chromium (`npm run bench:render`),
 * far under the 100 ms an interaction may take, and are several screens of tags: a user rarely needs a step.
 */
export const TAG_STEP_SIZE = 200;

const useStyles = makeStyles({
    tags: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXS },
    tag: { maxWidth: '100%' },
    empty: { color: tokens.colorNeutralForeground3, marginBlockStart: '0', marginBlockEnd: '0' },
    actions: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
});

const TagItem = React.memo(function TagItem({ item, className }: { readonly item: TagListItem; readonly className: string }) {
    return (
        <Tag className={className} appearance="brand" shape="circular" role="listitem" title={item.title}>
            {item.label}
        </Tag>
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

    // Lower-cased once per list, not per keystroke.
    const searchable = React.useMemo(() => items.map((item) => lower(item.label, locale)), [items, locale]);
    const needle = lower(filter.trim(), locale);
    const matching = React.useMemo(() => (needle === '' ? items : items.filter((_, index) => searchable[index]?.includes(needle) === true)), [items, searchable, needle]);

    const unfolded = limit > 0;
    const filtering = needle !== '';
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
                        aria-controls={listId}
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
                <TagGroup id={listId} className={styles.tags} aria-label={labels.list} role="list">
                    {shown.map((item) => (
                        <TagItem key={item.key} item={item} className={styles.tag} />
                    ))}
                </TagGroup>
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

function lower(text: string, locale: string): string {
    try {
        return text.toLocaleLowerCase(locale);
    } catch {
        return text.toLowerCase();
    }
}
