/**
 * Mounts the Customer Insights cells customizer inside the Power Apps grid harness (test/host/powerAppsGrid.tsx)
 * over a view of contacts in the emulator, as a persona, for jsdom tests: the view loads as the app does, the
 * grid offers its registration event, the control runs its real lifecycle, the grid calls the renderers.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { act } from 'react-dom/test-utils';
import { waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { CustomerInsightsGridCells } from '../../components/CustomerInsightsGridCells';
import { DataverseEmulator, PERSONAS, type PersonaKey } from '../dataverse';
import { CELL_PLACEHOLDER_COLUMNS, CONTACTS_WITH_PROFILE_VIEW, createDatasetHost, createPowerAppsGrid, mountControl, type DatasetHost, type MountedControl, type PowerAppsGridHarness, type RawParameterValue, type ReactControlClass, type ViewDefinition } from '../host';
import { loadManifest, loadStrings } from '../host/node';
import { mounted } from './mount';

/** The view and placeholder columns the cells tests use (test/host/views.ts). */
export const CELLS_VIEW: ViewDefinition = CONTACTS_WITH_PROFILE_VIEW;
export const PLACEHOLDER_COLUMNS = CELL_PLACEHOLDER_COLUMNS;

export interface CellsOptions {
    readonly persona?: PersonaKey;
    readonly view?: ViewDefinition;
    readonly placeholders?: boolean;
    readonly parameters?: Readonly<Record<string, RawParameterValue>>;
    readonly languageId?: number;
    readonly windowRows?: number;
    /** Rows per page of the view's own loads (the grid's infinite scroll). Default 50. */
    readonly pageSize?: number;
    readonly rowData?: 'values' | 'idOnly';
    readonly noRegistrationEvent?: boolean;
    readonly webApi?: ComponentFramework.WebApi;
    readonly isOffline?: () => boolean;
}

export interface MountedCells {
    readonly control: MountedControl;
    readonly grid: PowerAppsGridHarness;
    readonly view: DatasetHost;
    readonly gridContainer: HTMLElement;
    /** Unmounts the grid (the page leaves the view). */
    unmountGrid(): void;
}

const grids: HTMLElement[] = [];

export async function mountCells(dv: DataverseEmulator, options: CellsOptions = {}): Promise<MountedCells> {
    const persona = PERSONAS[options.persona ?? 'serviceAgent'];
    const view = createDatasetHost({ read: dv.platformReads(persona.userId), view: options.view ?? CELLS_VIEW, linking: 'absent', pageSize: options.pageSize ?? 50 });
    await view.load();
    const grid = createPowerAppsGrid({
        dataset: view,
        ...(options.placeholders !== false ? { placeholderColumns: PLACEHOLDER_COLUMNS } : {}),
        ...(options.windowRows !== undefined ? { windowRows: options.windowRows } : {}),
        ...(options.rowData !== undefined ? { rowData: options.rowData } : {}),
        ...(options.noRegistrationEvent === true ? { noRegistrationEvent: true } : {}),
    });
    const controlContainer = document.createElement('div');
    const gridContainer = document.createElement('div');
    document.body.append(controlContainer, gridContainer);
    grids.push(gridContainer);
    let control: MountedControl | undefined;
    act(() => {
        control = mountControl(CustomerInsightsGridCells as unknown as ReactControlClass, controlContainer, {
            manifest: loadManifest('CustomerInsightsGridCells'),
            strings: loadStrings('CustomerInsightsGridCells', options.languageId ?? 1033),
            webApi: options.webApi ?? dv.webApi(persona.userId),
            userId: persona.userId,
            userName: persona.fullName,
            languageId: options.languageId ?? 1033,
            parameters: { EventName: grid.eventName, ...(options.parameters ?? {}) },
            ...(grid.fireEvent !== undefined ? { fireEvent: grid.fireEvent } : {}),
            ...(options.isOffline !== undefined ? { isOffline: options.isOffline } : {}),
            act: (work) => act(work),
        });
    });
    mounted.push(control as MountedControl);
    const isRTL = (options.languageId ?? 1033) === 1025;
    act(() => {
        ReactDOM.render(React.createElement(FluentProvider, { theme: webLightTheme, dir: isRTL ? 'rtl' : 'ltr' }, React.createElement(grid.Grid, { isRTL })), gridContainer);
    });
    return {
        control: control as MountedControl,
        grid,
        view,
        gridContainer,
        unmountGrid: () => act(() => void ReactDOM.unmountComponentAtNode(gridContainer)),
    };
}

/** Unmounts the grids (call before `destroyAll`). */
export function unmountGrids(): void {
    for (const container of grids.splice(0)) act(() => void ReactDOM.unmountComponentAtNode(container));
}

/** Waits until no Customer Insights cell of the rendered window is loading. */
export async function cellsSettled(): Promise<void> {
    await waitFor(
        () => {
            expect(document.querySelector('[data-testid="power-apps-grid"] [data-ci-cell][data-row-state="loading"]')).toBeNull();
            expect(document.querySelectorAll('[data-testid="power-apps-grid"] [data-ci-cell]').length).toBeGreaterThan(0);
        },
        { timeout: 5000 },
    );
}

/** Scrolls the grid (inside act, so the renderers run) and waits for the cells. */
export async function scrollGrid(grid: PowerAppsGridHarness, row: number): Promise<void> {
    await act(async () => {
        await grid.scrollTo(row);
    });
    await cellsSettled();
}

/** The rendered data rows of the grid. */
export function cellRows(): HTMLElement[] {
    return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="power-apps-grid"] [role="row"][data-row-id]'));
}

/** A row's cell in a column (by logical name). */
export function columnCell(row: HTMLElement, column: string): HTMLElement | null {
    return row.querySelector<HTMLElement>(`[role="gridcell"][data-column="${column}"]`);
}
