/** @jsx h */
/** @jsxFrag Fragment */
import * as React from 'react';
import { Fragment, h } from '../shared/ui/jsx';
import { Button, Checkbox, Link, makeStyles, MessageBarActions, MessageBarBody, MessageBarTitle, mergeClasses, shorthands, Skeleton, SkeletonItem, Spinner, useId } from '@fluentui/react-components';
import { InsightsMessageBar } from '../shared/ui/InsightsMessageBar';
import { tokens } from '../shared/ui/tokens';
import { fillTemplate } from '../shared/host/controlEnvironment';
import type { DatasetInsightsView } from '../shared/host/datasetSession';
import type { ViewColumn, ViewRow } from '../shared/host/dataset';
import type { RowState } from '../shared/pageLoad';
import { insightCell, settledRows, type InsightColumn, type SegmentDisplay } from '../shared/ui/insightCells';
import { InsightCell } from '../shared/ui/InsightCell';
import { SortAscendingIcon, SortDescendingIcon } from '../shared/ui/icons';
import { StateMessage } from '../shared/ui/StateMessage';
import { failureMessage, stateMessage } from '../shared/ui/stateMessages';
import { clampWidth, columnWidths, HEADER_HEIGHT, moveCell, resizeDelta, ROW_HEIGHT, scrollToShow, visibleRows, DEFAULT_VIEWPORT_HEIGHT, type CellPosition } from './gridLayout';

export interface InsightsGridProps {
    readonly session: DatasetInsightsView;
    readonly insightColumns: readonly InsightColumn[];
    readonly segmentDisplay: SegmentDisplay;
    /** Names the maker property behind a configuration problem. */
    readonly propertyFor: (offendingName: string | undefined) => string;
    /** Measure lines the control could not read ("2, 5"), for the maker. */
    readonly rejectedMeasureLines?: string;
    /** Height the host gives the control, when known. */
    readonly height?: number;
}

type GridColumn =
    | { readonly id: string; readonly kind: 'select'; readonly weight: number; readonly fixed: number }
    | { readonly id: string; readonly kind: 'view'; readonly weight: number; readonly view: ViewColumn }
    | { readonly id: string; readonly kind: 'insight'; readonly weight: number; readonly insight: InsightColumn; readonly first: boolean };

const SELECT_COLUMN_WIDTH = 44;
/** Width weights of the Customer Insights columns, on the scale of a view's visualSizeFactor. */
const INSIGHT_WEIGHTS: Readonly<Record<InsightColumn['kind'], number>> = { businessUnit: 170, segments: 260, measure: 120, freshness: 130 };
/** Floors of the Customer Insights columns in pixels, so that a unit's name or a tag is not cut to "Un…". */
const INSIGHT_MIN_WIDTHS: Readonly<Record<InsightColumn['kind'], number>> = { businessUnit: 160, segments: 160, measure: 100, freshness: 120 };
/** Space the heading, messages and footer take from the host's height. */
const CHROME_HEIGHT = 120;
/** `now` for "updated 3 hours ago" moves at most this often (rows stay memoised in between). */
const NOW_RESOLUTION_MS = 60_000;

const useStyles = makeStyles({
    root: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalS,
        minWidth: '0',
        width: '100%',
        boxSizing: 'border-box',
        fontFamily: tokens.fontFamilyBase,
        fontSize: tokens.fontSizeBase300,
        color: tokens.colorNeutralForeground1,
    },
    toolbar: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalM,
        rowGap: tokens.spacingVerticalXS,
    },
    title: {
        fontSize: tokens.fontSizeBase400,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase400,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    muted: {
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
    scroller: {
        position: 'relative',
        overflowX: 'auto',
        overflowY: 'auto',
        borderTopWidth: tokens.strokeWidthThin,
        borderBottomWidth: tokens.strokeWidthThin,
        borderLeftWidth: tokens.strokeWidthThin,
        borderRightWidth: tokens.strokeWidthThin,
        borderTopStyle: 'solid',
        borderBottomStyle: 'solid',
        borderLeftStyle: 'solid',
        borderRightStyle: 'solid',
        borderTopColor: tokens.colorNeutralStroke2,
        borderBottomColor: tokens.colorNeutralStroke2,
        borderLeftColor: tokens.colorNeutralStroke2,
        borderRightColor: tokens.colorNeutralStroke2,
        borderTopLeftRadius: tokens.borderRadiusMedium,
        borderTopRightRadius: tokens.borderRadiusMedium,
        borderBottomLeftRadius: tokens.borderRadiusMedium,
        borderBottomRightRadius: tokens.borderRadiusMedium,
        backgroundColor: tokens.colorNeutralBackground1,
    },
    headerRow: {
        position: 'sticky',
        top: '0',
        zIndex: 1,
        display: 'grid',
        backgroundColor: tokens.colorNeutralBackground2,
        borderBottomWidth: tokens.strokeWidthThin,
        borderBottomStyle: 'solid',
        borderBottomColor: tokens.colorNeutralStroke1,
    },
    body: {
        position: 'relative',
    },
    row: {
        position: 'absolute',
        insetInlineStart: '0',
        display: 'grid',
        borderBottomWidth: tokens.strokeWidthThin,
        borderBottomStyle: 'solid',
        borderBottomColor: tokens.colorNeutralStroke2,
        backgroundColor: tokens.colorNeutralBackground1,
        ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    },
    selectedRow: {
        backgroundColor: tokens.colorNeutralBackground1Selected,
        ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
    },
    cell: {
        position: 'relative',
        display: 'flex',
        alignItems: 'center',
        minWidth: '0',
        paddingInlineStart: tokens.spacingHorizontalS,
        paddingInlineEnd: tokens.spacingHorizontalS,
        boxSizing: 'border-box',
        overflowX: 'hidden',
        overflowY: 'hidden',
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
        ':focus-visible': {
            outlineWidth: tokens.strokeWidthThick,
            outlineStyle: 'solid',
            outlineColor: tokens.colorStrokeFocus2,
            outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
        },
    },
    text: {
        overflowX: 'hidden',
        overflowY: 'hidden',
        textOverflow: 'ellipsis',
        minWidth: '0',
    },
    headerCell: {
        fontWeight: tokens.fontWeightSemibold,
        columnGap: tokens.spacingHorizontalXS,
        cursor: 'default',
    },
    sortable: {
        cursor: 'pointer',
        ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    },
    insightHeader: {
        color: tokens.colorBrandForeground1,
    },
    resizeHandle: {
        position: 'absolute',
        insetInlineEnd: '0',
        top: '0',
        bottom: '0',
        width: '6px',
        cursor: 'col-resize',
        touchAction: 'none',
        ':hover': { backgroundColor: tokens.colorNeutralStroke1 },
    },
    footer: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalM,
    },
    emptyRow: {
        paddingTop: tokens.spacingVerticalM,
        paddingBottom: tokens.spacingVerticalM,
        paddingInlineStart: tokens.spacingHorizontalM,
        paddingInlineEnd: tokens.spacingHorizontalM,
        color: tokens.colorNeutralForeground3,
    },
    skeletonRow: {
        display: 'grid',
        rowGap: tokens.spacingVerticalS,
        paddingTop: tokens.spacingVerticalS,
        paddingBottom: tokens.spacingVerticalS,
        paddingInlineStart: tokens.spacingHorizontalS,
        paddingInlineEnd: tokens.spacingHorizontalS,
    },
    visuallyHidden: {
        position: 'absolute',
        width: '1px',
        height: '1px',
        ...shorthands.overflow('hidden'),
        clipPath: 'inset(50%)',
        whiteSpace: 'nowrap',
    },
    preview: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalXS,
        listStyleType: 'none',
        paddingInlineStart: '0',
        marginBlockStart: '0',
        marginBlockEnd: '0',
        color: tokens.colorBrandForeground1,
    },
});

/** The Customer Insights grid: the view's rows and columns with Customer Insights columns beside them. */
export function InsightsGrid(props: InsightsGridProps): React.ReactElement {
    const { session, insightColumns } = props;
    const { environment, view } = session;
    const { strings } = environment;
    const styles = useStyles();
    const titleId = useId('cibu-grid-title-');
    const title = view.title !== '' ? view.title : strings('Grid_Title');
    const announcement = useAnnouncements(props);

    const banner = gridBanner(props);
    let body: React.ReactNode;
    if (view.designer) {
        body = (
            <>
                <InsightsMessageBar intent="info" data-state="designer">
                    <MessageBarBody>
                        <MessageBarTitle>{strings('Grid_Designer_Title')}</MessageBarTitle>
                        {strings('Grid_Designer_Body')}
                    </MessageBarBody>
                </InsightsMessageBar>
                {insightColumns.length > 0 && (
                    <ul className={styles.preview} aria-label={strings('Grid_Designer_Columns')}>
                        {insightColumns.map((column) => (
                            <li key={column.id}>{column.label ?? strings(column.headerKey ?? '')}</li>
                        ))}
                    </ul>
                )}
            </>
        );
    } else {
        body = <GridTable {...props} titleId={titleId} />;
    }

    const total = view.paging.total;
    const count =
        total !== undefined
            ? fillTemplate(strings('Grid_RowCountOf'), environment.formatNumber(view.paging.loaded, 'integer'), environment.formatNumber(total, 'integer'))
            : view.paging.hasNextPage || view.paging.loaded >= view.paging.countLimit
              ? fillTemplate(strings('Grid_RowCountOf'), environment.formatNumber(view.paging.loaded, 'integer'), fillTemplate(strings('Grid_MoreThan'), environment.formatNumber(view.paging.countLimit, 'integer')))
              : environment.formatCount('Grid_RowCount', view.paging.loaded);

    return (
        <section className={styles.root} aria-labelledby={titleId} dir={environment.isRTL ? 'rtl' : 'ltr'} data-control="CustomerInsightsGrid">
            <div className={styles.toolbar}>
                <h2 id={titleId} className={styles.title}>
                    {title}
                </h2>
                {!view.designer && <span className={styles.muted} data-testid="grid-count">{count}</span>}
                {(session.viewLoading || session.insightsLoading) && !view.designer && (
                    <Spinner size="extra-tiny" label={strings(session.viewLoading ? 'Grid_LoadingRows' : 'Grid_LoadingInsights')} labelPosition="after" />
                )}
            </div>
            {banner}
            {body}
            {!view.designer && view.paging.hasNextPage && (
                <div className={styles.footer}>
                    <Button onClick={session.loadMore} disabled={session.viewLoading} data-testid="grid-load-more">
                        {strings('Grid_LoadMore')}
                    </Button>
                </div>
            )}
            <div aria-live="polite" aria-atomic="true" className={styles.visuallyHidden} data-testid="grid-announcement">
                {announcement}
            </div>
        </section>
    );
}

/** The one grid-level message: the view's own failure, else the Customer Insights failure, else busy. */
function gridBanner({ session, propertyFor, rejectedMeasureLines }: InsightsGridProps): React.ReactNode {
    const { strings } = session.environment;
    const messages: React.ReactNode[] = [];
    if (session.view.error !== undefined) {
        messages.push(
            <InsightsMessageBar key="view" intent="error" data-state="viewError">
                <MessageBarBody>
                    <MessageBarTitle>{strings('Grid_ViewError_Title')}</MessageBarTitle>
                    {strings(session.linkBrokeView ? 'Grid_ViewError_LinkBody' : 'Grid_ViewError_Body')}
                    {session.view.error !== '' && (
                        <div>
                            {strings('State_SupportCode_Label')} <code>{session.view.error}</code>
                        </div>
                    )}
                </MessageBarBody>
                <MessageBarActions>
                    <Button size="small" onClick={session.reloadView}>
                        {strings('Action_Retry')}
                    </Button>
                </MessageBarActions>
            </InsightsMessageBar>,
        );
    } else if (session.failure !== undefined) {
        messages.push(<StateMessage key="failure" message={failureMessage(session.failure, propertyFor, session.busy)} strings={strings} onRetry={session.retry} />);
    } else if (session.busy) {
        messages.push(<StateMessage key="busy" message={stateMessage('busy')} strings={strings} />);
    }
    if (rejectedMeasureLines !== undefined && rejectedMeasureLines !== '') {
        messages.push(
            <InsightsMessageBar key="measures" intent="warning" data-state="configuration">
                <MessageBarBody>
                    <MessageBarTitle>{strings('State_Configuration_Title')}</MessageBarTitle>
                    {fillTemplate(strings('Grid_MeasureLines'), strings('Property_Measures_DisplayName'), rejectedMeasureLines)}
                </MessageBarBody>
            </InsightsMessageBar>,
        );
    }
    return messages.length > 0 ? messages : null;
}

/** Polite announcements: rows loaded, Customer Insights loaded, sort changes, column widths. */
function useAnnouncements({ session }: InsightsGridProps): string {
    const { environment, view } = session;
    const [text, setText] = React.useState('');
    const previous = React.useRef({ loaded: -1, insightsLoading: false, sort: '' });
    const settled = settledRows(view.rows.map((row) => session.rowState(row)));
    const sortText = view.sort !== undefined ? `${view.sort.column}:${view.sort.descending ? 'd' : 'a'}` : '';
    React.useEffect(() => {
        const before = previous.current;
        const { strings } = environment;
        if (!session.viewLoading && sortText !== before.sort && before.loaded >= 0 && view.sort !== undefined) {
            const column = view.columns.find((candidate) => candidate.name === view.sort?.column)?.displayName ?? view.sort.column;
            setText(fillTemplate(strings('Grid_Sorted'), column, strings(view.sort.descending ? 'Grid_Descending' : 'Grid_Ascending')));
        } else if (!session.viewLoading && view.paging.loaded !== before.loaded && !view.designer) {
            setText(view.paging.loaded === 0 ? strings('Grid_Empty') : environment.formatCount('Grid_RowsLoaded', view.paging.loaded));
        } else if (before.insightsLoading && !session.insightsLoading && settled > 0) {
            setText(environment.formatCount('Grid_InsightsLoaded', settled));
        }
        previous.current = { loaded: session.viewLoading ? before.loaded : view.paging.loaded, insightsLoading: session.insightsLoading, sort: session.viewLoading ? before.sort : sortText };
    }, [environment, session.viewLoading, session.insightsLoading, view.paging.loaded, view.designer, view.sort, view.columns, sortText, settled]);
    return text;
}

interface GridTableProps extends InsightsGridProps {
    readonly titleId: string;
}

function GridTable(props: GridTableProps): React.ReactElement {
    const { session, insightColumns, segmentDisplay, titleId } = props;
    const { environment, view } = session;
    const { strings } = environment;
    const styles = useStyles();
    const rtl = environment.isRTL;
    const selectable = !session.disabled;
    const helpId = useId('cibu-grid-help-');
    const notSortableId = useId('cibu-grid-nosort-');

    const columns = React.useMemo((): GridColumn[] => {
        const list: GridColumn[] = [];
        if (selectable) list.push({ id: 'select', kind: 'select', weight: 0, fixed: SELECT_COLUMN_WIDTH });
        for (const column of view.columns) list.push({ id: `view:${column.name}`, kind: 'view', weight: column.widthWeight, view: column });
        insightColumns.forEach((insight, index) => list.push({ id: insight.id, kind: 'insight', weight: INSIGHT_WEIGHTS[insight.kind], insight, first: index === 0 }));
        return list;
    }, [selectable, view.columns, insightColumns]);

    const [resized, setResized] = React.useState<ReadonlyMap<string, number>>(new Map());
    const available = (environment.width ?? 800) - 2;
    const widths = React.useMemo(() => columnWidths(columns.map((column) => ({ id: column.id, weight: column.weight, ...(column.kind === 'select' ? { fixed: column.fixed } : column.kind === 'insight' ? { min: INSIGHT_MIN_WIDTHS[column.insight.kind] } : {}) })), available, resized), [columns, available, resized]);
    const template = widths.map((width) => `${width}px`).join(' ');
    const totalWidth = widths.reduce((sum, width) => sum + width, 0);

    const viewportHeight = props.height !== undefined && props.height > 0 ? Math.max(4 * ROW_HEIGHT, props.height - CHROME_HEIGHT) : DEFAULT_VIEWPORT_HEIGHT + HEADER_HEIGHT;
    const scroller = React.useRef<HTMLDivElement>(null);
    const [scrollTop, setScrollTop] = React.useState(0);
    const rows = view.rows;
    const range = visibleRows(scrollTop, viewportHeight - HEADER_HEIGHT, rows.length);

    const [active, setActive] = React.useState<CellPosition>({ row: 0, column: 0 });
    /** The cell to focus once it is rendered (set by keyboard moves; effects may run before the move renders). */
    const focusWanted = React.useRef<CellPosition | undefined>(undefined);
    const clampedActive: CellPosition = { row: Math.min(active.row, rows.length), column: Math.min(active.column, Math.max(0, columns.length - 1)) };
    const [announcement, setAnnouncement] = React.useState('');

    // Keep the active cell focused after it moved by keyboard (its row may have just been rendered).
    React.useEffect(() => {
        const target = focusWanted.current;
        if (target === undefined) return;
        const element = scroller.current?.querySelector<HTMLElement>(`[data-cell="${target.row}:${target.column}"]`);
        if (element === null || element === undefined) return;
        focusWanted.current = undefined;
        element.focus();
    });

    const now = useMinuteClock();
    const selected = view.selectedIds;
    const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));

    const toggleRow = React.useCallback(
        (row: ViewRow, only = false) => {
            if (!selectable) return;
            const next = only ? (selected.has(row.id) && selected.size === 1 ? [] : [row.id]) : selected.has(row.id) ? [...selected].filter((id) => id !== row.id) : [...selected, row.id];
            session.select(next);
        },
        [selectable, selected, session],
    );
    const toggleAll = (): void => {
        if (selectable) session.select(allSelected ? [] : rows.map((row) => row.id));
    };
    const sortBy = (column: GridColumn): void => {
        if (column.kind !== 'view' || !column.view.sortable) return;
        const descending = view.sort?.column === column.view.name && !view.sort.descending;
        session.sort(column.view.name, descending);
    };
    const resize = (columnIndex: number, width: number): void => {
        const column = columns[columnIndex];
        if (column === undefined || column.kind === 'select') return;
        const next = clampWidth(width);
        setResized((current) => new Map(current).set(column.id, next));
        setAnnouncement(fillTemplate(strings('Grid_ColumnWidth'), headerText(column, strings), environment.formatNumber(next, 'integer')));
    };

    const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
        const key = { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey };
        const current = clampedActive;
        const column = columns[current.column];
        if (current.row === 0 && column !== undefined) {
            const delta = resizeDelta(key, rtl);
            if (delta !== undefined) {
                event.preventDefault();
                resize(current.column, (widths[current.column] ?? 0) + delta);
                return;
            }
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                if (column.kind === 'select') toggleAll();
                else sortBy(column);
                return;
            }
        } else if (current.row > 0) {
            const row = rows[current.row - 1];
            if (row !== undefined && event.key === 'Enter') {
                event.preventDefault();
                session.open(row);
                return;
            }
            if (row !== undefined && event.key === ' ') {
                event.preventDefault();
                toggleRow(row);
                return;
            }
        }
        const pageRows = Math.max(1, Math.floor((viewportHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
        const next = moveCell(current, key, { rows: rows.length, columns: columns.length }, rtl, pageRows);
        if (next === undefined) return;
        event.preventDefault();
        const element = scroller.current;
        if (next.row > 0 && element !== null) {
            const target = scrollToShow(next.row - 1, element.scrollTop, element.clientHeight > 0 ? element.clientHeight : viewportHeight);
            if (target !== undefined) {
                element.scrollTop = target;
                setScrollTop(target);
            }
        }
        focusWanted.current = next;
        setActive(next);
    };

    const rendered: number[] = [];
    for (let index = range.start; index < range.end; index++) rendered.push(index);
    if (clampedActive.row > 0 && (clampedActive.row - 1 < range.start || clampedActive.row - 1 >= range.end)) rendered.push(clampedActive.row - 1);

    const empty = !session.viewLoading && rows.length === 0 && view.error === undefined;
    const total = view.paging.total;
    // ARIA: -1 when the number of rows is unknown ("5000+").
    const rowCount = total !== undefined ? total + 1 : view.paging.hasNextPage ? -1 : rows.length + 1;

    return (
        <>
            <span id={helpId} className={styles.visuallyHidden}>
                {strings('Grid_KeyboardHelp')}
            </span>
            <span id={notSortableId} className={styles.visuallyHidden}>
                {strings('Grid_NotSortable')}
            </span>
            {session.viewLoading && rows.length === 0 && (
                <Skeleton className={styles.skeletonRow} aria-label={strings('Grid_LoadingRows')}>
                    {[0, 1, 2].map((line) => (
                        <SkeletonItem key={line} size={16} />
                    ))}
                </Skeleton>
            )}
            <div
                ref={scroller}
                className={styles.scroller}
                style={{ maxHeight: `${viewportHeight}px` }}
                role="grid"
                aria-labelledby={titleId}
                aria-describedby={helpId}
                aria-rowcount={rowCount}
                aria-colcount={columns.length}
                aria-multiselectable={selectable ? true : undefined}
                aria-busy={session.viewLoading}
                onKeyDown={onKeyDown}
                onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
                data-testid="grid"
            >
                <div role="rowgroup">
                    <div role="row" aria-rowindex={1} className={styles.headerRow} style={{ gridTemplateColumns: template, width: `${totalWidth}px`, height: `${HEADER_HEIGHT}px` }}>
                        {columns.map((column, index) => (
                            <HeaderCell
                                key={column.id}
                                column={column}
                                index={index}
                                width={widths[index] ?? 0}
                                active={clampedActive.row === 0 && clampedActive.column === index}
                                sort={column.kind === 'view' && view.sort?.column === column.view.name ? (view.sort.descending ? 'descending' : 'ascending') : undefined}
                                notSortableId={notSortableId}
                                allSelected={allSelected}
                                someSelected={selected.size > 0}
                                props={props}
                                onActivate={() => setActive({ row: 0, column: index })}
                                onSort={() => sortBy(column)}
                                onToggleAll={toggleAll}
                                onResize={(width) => resize(index, width)}
                            />
                        ))}
                    </div>
                </div>
                <div role="rowgroup" className={styles.body} style={{ height: `${Math.max(rows.length, empty ? 1 : 0) * ROW_HEIGHT}px`, width: `${totalWidth}px` }}>
                    {rendered.map((index) => {
                        const row = rows[index];
                        if (row === undefined) return null;
                        return (
                            <GridRow
                                key={row.id}
                                row={row}
                                index={index}
                                columns={columns}
                                template={template}
                                width={totalWidth}
                                state={session.rowState(row)}
                                selected={selected.has(row.id)}
                                activeColumn={clampedActive.row === index + 1 ? clampedActive.column : -1}
                                selectable={selectable}
                                segmentDisplay={segmentDisplay}
                                environment={environment}
                                now={now}
                                onActivate={setActive}
                                onOpen={session.open}
                                onToggle={toggleRow}
                            />
                        );
                    })}
                    {empty && (
                        <div role="row" aria-rowindex={2}>
                            <div role="gridcell" aria-colindex={1} className={styles.emptyRow} data-state="empty">
                                {strings('Grid_Empty')}
                            </div>
                        </div>
                    )}
                </div>
            </div>
            <span aria-live="polite" className={styles.visuallyHidden}>
                {announcement}
            </span>
        </>
    );
}

function headerText(column: GridColumn, strings: (key: string) => string): string {
    switch (column.kind) {
        case 'select':
            return strings('Grid_SelectAll');
        case 'view':
            return column.view.displayName;
        case 'insight':
            return column.insight.label ?? strings(column.insight.headerKey ?? '');
    }
}

interface HeaderCellProps {
    readonly column: GridColumn;
    readonly index: number;
    readonly width: number;
    readonly active: boolean;
    readonly sort: 'ascending' | 'descending' | undefined;
    readonly notSortableId: string;
    readonly allSelected: boolean;
    readonly someSelected: boolean;
    readonly props: GridTableProps;
    readonly onActivate: () => void;
    readonly onSort: () => void;
    readonly onToggleAll: () => void;
    readonly onResize: (width: number) => void;
}

function HeaderCell({ column, index, width, active, sort, notSortableId, allSelected, someSelected, props, onActivate, onSort, onToggleAll, onResize }: HeaderCellProps): React.ReactElement {
    const styles = useStyles();
    const { strings, isRTL } = props.session.environment;
    const text = headerText(column, strings);
    const sortable = column.kind === 'view' && column.view.sortable;
    const drag = React.useRef<{ x: number; width: number } | undefined>(undefined);
    const common = {
        role: 'columnheader',
        'aria-colindex': index + 1,
        tabIndex: active ? 0 : -1,
        'data-cell': `0:${index}`,
        onFocus: onActivate,
    } as const;
    if (column.kind === 'select') {
        return (
            <div {...common} className={mergeClasses(styles.cell, styles.headerCell)} data-column={column.id}>
                <Checkbox
                    checked={allSelected ? true : someSelected ? 'mixed' : false}
                    onChange={onToggleAll}
                    aria-label={strings('Grid_SelectAll')}
                    input={{ tabIndex: -1 }}
                />
            </div>
        );
    }
    const SortIcon = sort === 'ascending' ? SortAscendingIcon : sort === 'descending' ? SortDescendingIcon : undefined;
    return (
        <div
            {...common}
            className={mergeClasses(styles.cell, styles.headerCell, sortable && styles.sortable, column.kind === 'insight' && styles.insightHeader)}
            aria-sort={sort ?? (sortable ? 'none' : undefined)}
            aria-describedby={sortable ? undefined : notSortableId}
            aria-keyshortcuts="Control+ArrowLeft Control+ArrowRight"
            title={column.kind === 'insight' ? `${text}. ${strings('Grid_NotSortable')}` : text}
            onClick={sortable ? onSort : undefined}
            data-column={column.id}
        >
            <span className={styles.text}>{text}</span>
            {SortIcon !== undefined && <SortIcon />}
            {/* For the mouse; the keyboard resizes with Control and the arrows on the header (announced). */}
            <div
                className={styles.resizeHandle}
                aria-hidden="true"
                title={fillTemplate(strings('Grid_ResizeColumn'), text)}
                onClick={(event) => event.stopPropagation()}
                onPointerDown={(event) => {
                    event.stopPropagation();
                    event.preventDefault();
                    drag.current = { x: event.clientX, width };
                    event.currentTarget.setPointerCapture?.(event.pointerId);
                }}
                onPointerMove={(event) => {
                    const start = drag.current;
                    if (start === undefined) return;
                    const delta = (event.clientX - start.x) * (isRTL ? -1 : 1);
                    onResize(start.width + delta);
                }}
                onPointerUp={(event) => {
                    drag.current = undefined;
                    event.currentTarget.releasePointerCapture?.(event.pointerId);
                }}
            />
        </div>
    );
}

interface GridRowProps {
    readonly row: ViewRow;
    readonly index: number;
    readonly columns: readonly GridColumn[];
    readonly template: string;
    readonly width: number;
    readonly state: RowState | undefined;
    readonly selected: boolean;
    readonly activeColumn: number;
    readonly selectable: boolean;
    readonly segmentDisplay: SegmentDisplay;
    readonly environment: DatasetInsightsView['environment'];
    readonly now: Date;
    readonly onActivate: (position: CellPosition) => void;
    readonly onOpen: (row: ViewRow) => void;
    readonly onToggle: (row: ViewRow, only?: boolean) => void;
}

/** One data row; memoised, so a scroll or keypress re-renders only rows that changed. */
const GridRow = React.memo(function GridRow(props: GridRowProps): React.ReactElement {
    const { row, index, columns, template, width, state, selected, activeColumn, selectable, segmentDisplay, environment, now, onActivate, onOpen, onToggle } = props;
    const styles = useStyles();
    const { strings } = environment;
    const name = row.name !== '' ? row.name : row.id;
    return (
        <div
            role="row"
            aria-rowindex={index + 2}
            aria-selected={selectable ? selected : undefined}
            className={mergeClasses(styles.row, selected && styles.selectedRow)}
            style={{ gridTemplateColumns: template, width: `${width}px`, height: `${ROW_HEIGHT}px`, top: `${index * ROW_HEIGHT}px` }}
            data-row-id={row.id}
            onDoubleClick={() => onOpen(row)}
        >
            {columns.map((column, columnIndex) => {
                const cellProps = {
                    role: 'gridcell',
                    'aria-colindex': columnIndex + 1,
                    tabIndex: activeColumn === columnIndex ? 0 : -1,
                    'data-cell': `${index + 1}:${columnIndex}`,
                    className: styles.cell,
                    onFocus: () => onActivate({ row: index + 1, column: columnIndex }),
                    key: column.id,
                } as const;
                switch (column.kind) {
                    case 'select':
                        return (
                            <div {...cellProps}>
                                <Checkbox checked={selected} onChange={() => onToggle(row)} aria-label={fillTemplate(strings('Grid_SelectRow'), name)} input={{ tabIndex: -1 }} />
                            </div>
                        );
                    case 'view': {
                        if (column.view.isProfileLookup) {
                            // The backstamped lookup names the profile: shown only when it came back readable.
                            const shown = state?.kind === 'found' ? row.text(column.view.name) : '';
                            return (
                                <div {...cellProps} data-column={column.id}>
                                    {state?.kind === 'found' ? (
                                        <span className={styles.text}>{shown}</span>
                                    ) : (
                                        <InsightCell model={state === undefined || state.kind === 'loading' ? { kind: 'loading' } : state.kind === 'notVisible' ? { kind: 'state', state: 'notVisible' } : { kind: 'empty' }} environment={environment} now={now} />
                                    )}
                                </div>
                            );
                        }
                        const text = row.text(column.view.name);
                        return (
                            <div {...cellProps} data-column={column.id}>
                                {column.view.isPrimary ? (
                                    <Link
                                        as="button"
                                        tabIndex={-1}
                                        className={styles.text}
                                        onClick={(event) => {
                                            event.stopPropagation();
                                            onOpen(row);
                                        }}
                                        title={fillTemplate(strings('Grid_Open'), name)}
                                    >
                                        {text}
                                    </Link>
                                ) : (
                                    <span className={styles.text}>{text}</span>
                                )}
                            </div>
                        );
                    }
                    case 'insight':
                        return (
                            <div {...cellProps} data-column={column.id}>
                                <InsightCell model={insightCell(column.insight, state, column.first, segmentDisplay)} environment={environment} now={now} />
                            </div>
                        );
                }
            })}
        </div>
    );
});

/** "Now" for relative times, moving once a minute (so memoised rows do not re-render on every render). */
function useMinuteClock(): Date {
    const [now, setNow] = React.useState(() => new Date());
    React.useEffect(() => {
        const timer = setInterval(() => setNow(new Date()), NOW_RESOLUTION_MS);
        return () => clearInterval(timer);
    }, []);
    return now;
}
