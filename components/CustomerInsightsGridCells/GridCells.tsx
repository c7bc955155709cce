/** @jsx h */
/**
 * The cells this customizer draws inside the Power Apps grid, and the note it shows where no grid hosts it.
 *
 * The grid calls a renderer per cell as rows come into view; the renderer only queues the row for the next
 * batch (../shared/cellBatches.ts) and returns a small component that shows the row's state from memory and
 * re-renders when a batch answers. Columns that are not Customer Insights host columns return undefined, so
 * the grid draws them itself.
 */
import * as React from 'react';
import { h } from '../shared/ui/jsx';
import { makeStyles } from '@fluentui/react-components';
import { tokens } from '../shared/ui/tokens';
import type { PageRow } from '../shared/pageEnricher';
import type { RowState } from '../shared/pageLoad';
import type { GridCellsSource } from '../shared/host/gridCellsSession';
import { HOST_DATA_TYPES, lookupIdOf, readGridCell, type GridCellRenderer, type GridCellRendererOverrides, type GridCustomizerRegistration } from '../shared/host/gridCustomizer';
import { insightCell, type CellModel, type InsightColumn, type SegmentDisplay } from '../shared/ui/insightCells';
import { InsightCell } from '../shared/ui/InsightCell';
import { readableName } from '../shared/readableName';
import type { MeasureSpec } from '../shared/measureSpec';
import type { CellKind, CellsSettings } from './cellsSettings';

const useStyles = makeStyles({
    cell: {
        display: 'flex',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalS,
        minWidth: '0',
        width: '100%',
        height: '100%',
        overflowX: 'hidden',
        overflowY: 'hidden',
        whiteSpace: 'nowrap',
        // Fluent's Badge sets a fixed 20 px width (for counters); a tag takes its text's width up to its cap.
        '& .fui-Badge': { width: 'auto' },
    },
    measure: {
        display: 'inline-flex',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalXXS,
        minWidth: '0',
    },
    label: {
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
    note: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalXS,
        paddingTop: tokens.spacingVerticalS,
        paddingBottom: tokens.spacingVerticalS,
        paddingInlineStart: tokens.spacingHorizontalM,
        paddingInlineEnd: tokens.spacingHorizontalM,
        color: tokens.colorNeutralForeground2,
    },
    noteTitle: {
        fontWeight: tokens.fontWeightSemibold,
    },
});

/** Most rows whose lookup value is remembered (a row's cells then agree even when one of them lacks it). */
const MAX_REMEMBERED_LOOKUPS = 20_000;

/** The renderer overrides for every data type a host column can have. */
export function gridCellRenderers(source: GridCellsSource, settings: CellsSettings): GridCellRendererOverrides {
    const lookups = new Map<string, string | null>();
    const render: GridCellRenderer = (props, rendererParams) => {
        const cell = readGridCell(props, rendererParams);
        if (cell === undefined) return undefined;
        const kind = settings.kindOf(cell.columnName);
        if (kind === undefined) return undefined;
        // The row's lookup value: this cell's own value on the lookup column, else the row's data when the grid
        // carries the column, else what an earlier cell of the row saw.
        const own = cell.columnName.toLowerCase() === settings.lookupColumn ? cell.value : cell.rowValue(settings.lookupColumn);
        let profileLookupId: string | null | undefined = own === undefined ? undefined : (lookupIdOf(own) ?? null);
        if (profileLookupId === undefined) profileLookupId = lookups.get(cell.rowId);
        else if (lookups.size < MAX_REMEMBERED_LOOKUPS || lookups.has(cell.rowId)) lookups.set(cell.rowId, profileLookupId);
        const row: PageRow = { recordId: cell.rowId, ...(profileLookupId !== undefined ? { profileLookupId } : {}) };
        source.batches.want(row);
        const first = cell.columnNames.find((name) => settings.kindOf(name) !== undefined) === cell.columnName;
        return <GridInsightCell source={source} settings={settings} row={row} kind={kind} first={first} />;
    };
    return Object.fromEntries(HOST_DATA_TYPES.map((type) => [type, render]));
}

interface GridInsightCellProps {
    readonly source: GridCellsSource;
    readonly settings: CellsSettings;
    readonly row: PageRow;
    readonly kind: CellKind;
    /** The row's first Customer Insights cell: where a row without facts says why. */
    readonly first: boolean;
}

const COLUMNS: Readonly<Record<Exclude<CellKind, 'measures'>, InsightColumn>> = {
    businessUnit: { id: 'ci:businessUnit', kind: 'businessUnit' },
    segments: { id: 'ci:segments', kind: 'segments' },
    freshness: { id: 'ci:freshness', kind: 'freshness' },
};

/** One Customer Insights cell of a row; follows the row's state as batches answer. */
function GridInsightCell({ source, settings, row, kind, first }: GridInsightCellProps): React.ReactElement {
    const styles = useStyles();
    const [, rerender] = React.useReducer((count: number) => count + 1, 0);
    const state = source.batches.stateOf(row);
    const shown = React.useRef<RowState>(state);
    shown.current = state;
    React.useEffect(() => {
        const unsubscribe = source.batches.subscribe(() => {
            if (source.batches.stateOf(row) !== shown.current) rerender();
        });
        // A batch may have answered between this render and the subscription.
        if (source.batches.stateOf(row) !== shown.current) rerender();
        return unsubscribe;
    }, [source, row]);
    const environment = source.environment();
    const display: SegmentDisplay = { names: settings.segmentNames, tagLimit: settings.segmentTagLimit, locale: environment.locale };
    const now = new Date();
    const models = kind === 'measures' ? measureModels(state, settings, first, display) : [{ model: honest(insightCell(COLUMNS[kind], state, first, display), state, source), label: undefined }];
    return (
        <span className={styles.cell} data-ci-cell={kind} data-row-id={row.recordId} data-row-state={state.kind}>
            {models.map(({ model, label }, index) =>
                label === undefined ? (
                    <InsightCell key={index} model={model} environment={environment} now={now} />
                ) : (
                    <span key={index} className={styles.measure}>
                        <span className={styles.label}>{label}</span>
                        <InsightCell model={model} environment={environment} now={now} />
                    </span>
                ),
            )}
        </span>
    );
}

/** A row whose read failed: "no access" when the user may not read the tables at all, else "not loaded". */
function honest(model: CellModel, state: RowState, source: GridCellsSource): CellModel {
    if (state.kind !== 'failed' || model.kind !== 'state') return model;
    const kind = source.batches.failure?.kind;
    return kind === 'noPrivilege' || kind === 'notVisible' ? { kind: 'state', state: 'noAccess' } : model;
}

/** Up to `measureCount` measure values with their labels; a row without values shows one model (its state). */
function measureModels(state: RowState, settings: CellsSettings, first: boolean, display: SegmentDisplay): { model: CellModel; label: string | undefined }[] {
    const specs = measureSpecs(state, settings);
    const [firstSpec] = specs;
    if (firstSpec === undefined) {
        const model = insightCell({ id: 'ci:measure', kind: 'measure' }, state, first, display);
        return [{ model: model.kind === 'empty' && state.kind === 'found' ? { kind: 'state', state: 'unavailable' } : model, label: undefined }];
    }
    const models = specs.map((spec) => ({ model: insightCell({ id: `ci:measure:${spec.name}`, kind: 'measure', spec }, state, first, display), label: spec.label ?? readableName(spec.name) }));
    if (models[0]?.model.kind !== 'measure' && models.every((entry) => entry.model.kind !== 'measure')) return [{ model: models[0]?.model ?? { kind: 'empty' }, label: undefined }];
    return models;
}

/** The maker's measures, else the row's own measures by name. */
function measureSpecs(state: RowState, settings: CellsSettings): MeasureSpec[] {
    if (settings.measures.length > 0) return settings.measures.slice(0, settings.measureCount);
    if (state.kind !== 'found' || state.measures.status !== 'read') return [];
    return [...state.measures.value.measures.keys()].sort().slice(0, settings.measureCount).map((name) => ({ name }));
}

export interface CellsNoteProps {
    readonly registration: GridCustomizerRegistration;
    readonly strings: (key: string) => string;
}

/**
 * What the control itself shows: nothing inside a grid that took its renderers (like Microsoft's template);
 * elsewhere (a form, the app designer, a host without the registration event) a short note, never an error.
 */
export function CellsNote({ registration, strings }: CellsNoteProps): React.ReactElement | null {
    const styles = useStyles();
    if (registration.kind === 'registered') return null;
    return (
        <div className={styles.note} role="note" data-registration={registration.reason}>
            <span className={styles.noteTitle}>{strings('Cells_Unregistered_Title')}</span>
            <span>{strings('Cells_Unregistered_Body')}</span>
        </div>
    );
}
