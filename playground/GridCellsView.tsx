/**
 * The playground's "Power Apps grid" page: the Customer Insights cells customizer (production bundle) inside
 * the test host's stand-in for Microsoft's Power Apps grid (test/host/powerAppsGrid.tsx), over the "Active
 * Contacts with Customer Insights" view of the page's in-memory Dataverse, for the chosen persona, language,
 * theme and faults. Scrolling and sorting render other rows, as the grid does; each scroll or sort is a load
 * of its own in the request panel, so it shows the requests per batch of cells.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { FluentProvider, webDarkTheme, webLightTheme, teamsHighContrastTheme } from '@fluentui/react-components';
import type { DataverseEmulator, PersonaKey } from '../test/dataverse';
import { PERSONAS } from '../test/dataverse';
import { CELL_PLACEHOLDER_COLUMNS, CONTACTS_WITH_PROFILE_VIEW, createDatasetHost, createPowerAppsGrid, mountControl, type MountedControl, type PowerAppsGridHarness, type ThemeName } from '../test/host';
import { loadStrings, type LoadedControl } from './platform';
import type { FaultSwitches, PageRequestLog } from './requestLog';

/** The cells customizer's name among the built controls (it belongs on this page only). */
export const GRID_CELLS_CONTROL = 'CustomerInsightsGridCells';

/** What a maker might configure (if the grid passes it; the defaults work without). */
const CELLS_PARAMETERS = {
    measures: 'TotalSpend | Total spend | currency | >= 1000 | < 100\nDaysSinceLastPurchase | Days since purchase | days | <= 30 | > 180',
    segmentNames: 'HighValueCustomers = High value\nLoyalty_Gold = Gold loyalty\nNewsletterSubscribers = Newsletter',
};
const WINDOW_ROWS = 25;
const THEMES = { light: webLightTheme, dark: webDarkTheme, highContrast: teamsHighContrastTheme } as const;

export interface GridCellsViewProps {
    readonly control: LoadedControl | undefined;
    readonly dv: DataverseEmulator;
    readonly requestLog: PageRequestLog;
    readonly persona: PersonaKey;
    readonly languageId: number;
    readonly theme: ThemeName;
    readonly faults: FaultSwitches & { offline: boolean };
    readonly latencyMs: number;
    readonly reloads: number;
    readonly onLoad: (loadId: number) => void;
}

export function GridCellsView(props: GridCellsViewProps): React.ReactElement {
    const { control, dv, requestLog, persona, languageId, theme, faults, latencyMs, reloads, onLoad } = props;
    const controlCell = React.useRef<HTMLDivElement>(null);
    const gridCell = React.useRef<HTMLDivElement>(null);
    const harness = React.useRef<{ grid: PowerAppsGridHarness; startLoad: () => void } | undefined>(undefined);
    const [error, setError] = React.useState<string | undefined>(undefined);
    const [position, setPosition] = React.useState({ first: 0, loaded: 0 });
    const loadCounter = React.useRef(0);

    React.useEffect(() => {
        const controlElement = controlCell.current;
        const gridElement = gridCell.current;
        if (control === undefined || controlElement === null || gridElement === null) return;
        let cancelled = false;
        let instance: MountedControl | undefined;
        setError(undefined);
        let currentLoad = 0;
        const startLoad = (): void => {
            currentLoad = ++loadCounter.current;
            onLoad(currentLoad);
        };
        const user = PERSONAS[persona];
        const view = createDatasetHost({ read: dv.platformReads(user.userId), view: CONTACTS_WITH_PROFILE_VIEW, linking: 'absent', latencyMs, pageSize: 50 });
        const grid = createPowerAppsGrid({ dataset: view, placeholderColumns: CELL_PLACEHOLDER_COLUMNS, windowRows: WINDOW_ROWS });
        harness.current = { grid, startLoad };
        const isRTL = languageId === 1025;
        const mount = async (): Promise<void> => {
            const strings = await loadStrings(control, languageId).catch(() => new Map<string, string>());
            await view.load();
            if (cancelled) return;
            startLoad();
            try {
                instance = mountControl(control.controlClass, controlElement, {
                    manifest: control.manifest,
                    strings,
                    webApi: requestLog.webApi(dv, user.userId, user.key, () => currentLoad, faults),
                    userId: user.userId,
                    userName: user.fullName,
                    languageId,
                    parameters: { ...CELLS_PARAMETERS, EventName: grid.eventName },
                    ...(grid.fireEvent !== undefined ? { fireEvent: grid.fireEvent } : {}),
                    isOffline: () => faults.offline,
                    width: controlElement.clientWidth || 400,
                    theme,
                });
            } catch (failure) {
                setError(failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure));
            }
            ReactDOM.render(
                <FluentProvider theme={THEMES[theme]} dir={isRTL ? 'rtl' : 'ltr'}>
                    <grid.Grid isRTL={isRTL} />
                </FluentProvider>,
                gridElement,
            );
            setPosition({ first: grid.firstRow, loaded: grid.loadedRows });
        };
        void mount();
        return () => {
            cancelled = true;
            harness.current = undefined;
            ReactDOM.unmountComponentAtNode(gridElement);
            instance?.destroy();
        };
    }, [control, dv, requestLog, persona, languageId, theme, faults, latencyMs, reloads, onLoad]);

    const scroll = (rows: number): void => {
        const current = harness.current;
        if (current === undefined) return;
        current.startLoad();
        void current.grid.scrollTo(current.grid.firstRow + rows).then(() => setPosition({ first: current.grid.firstRow, loaded: current.grid.loadedRows }));
    };
    const sort = (descending: boolean): void => {
        const current = harness.current;
        if (current === undefined) return;
        current.startLoad();
        void current.grid.sort('fullname', descending).then(() => setPosition({ first: current.grid.firstRow, loaded: current.grid.loadedRows }));
    };

    return (
        <div className="view-page" data-testid="grid-cells-view">
            <div className="view-settings" role="group" aria-label="Grid actions">
                <button type="button" data-testid="scroll-up" onClick={() => scroll(-WINDOW_ROWS)}>
                    Scroll up {WINDOW_ROWS} rows
                </button>
                <button type="button" data-testid="scroll-down" onClick={() => scroll(WINDOW_ROWS)}>
                    Scroll down {WINDOW_ROWS} rows
                </button>
                <button type="button" data-testid="sort-ascending" onClick={() => sort(false)}>
                    Sort by name A to Z
                </button>
                <button type="button" data-testid="sort-descending" onClick={() => sort(true)}>
                    Sort by name Z to A
                </button>
                <p data-testid="grid-position">
                    Rows {position.first + 1} to {position.first + WINDOW_ROWS} of {position.loaded} loaded
                </p>
            </div>
            {control === undefined && (
                <p role="alert" data-testid="page-error">
                    The grid cells customizer is not built. Run <code>node scripts/ensure-build.mjs</code>.
                </p>
            )}
            {error !== undefined && (
                <p role="alert" className="control-error" data-testid="control-error">
                    {GRID_CELLS_CONTROL} threw while mounting: {error}
                </p>
            )}
            <div className="control-cell" data-testid="customizer-cell" data-control={GRID_CELLS_CONTROL}>
                <div className="control-host" ref={controlCell} />
            </div>
            {/* Scrolls sideways when the view is wider than the page: focusable, so keyboard users can scroll it. */}
            <div className="control-cell view-cell" data-testid="power-apps-grid-cell" role="region" aria-label="Power Apps grid" tabIndex={0}>
                <div ref={gridCell} />
            </div>
        </div>
    );
}
