/** Mounts the Customer Insights grid over a view of contacts in the emulator, as a persona, for jsdom tests. */
import { act } from 'react-dom/test-utils';
import { waitFor } from '@testing-library/react';
import { CustomerInsightsGrid } from '../../components/CustomerInsightsGrid';
import { DataverseEmulator, PERSONAS, type PersonaKey } from '../dataverse';
export { expectedRowKind, factsOfContact, forbiddenFor, unreadableBusinessUnits } from '../e2e/expectations';
import { ACTIVE_CONTACTS_VIEW, createDatasetHost, mountControl, type DatasetHost, type LinkingBehaviour, type MountedControl, type RawParameterValue, type ReactControlClass, type ViewDefinition } from '../host';
import { loadManifest, loadStrings } from '../host/node';
import { mounted } from './mount';

/** The view the grid tests use (test/host/views.ts). */
export const CONTACTS_VIEW: ViewDefinition = ACTIVE_CONTACTS_VIEW;

export interface GridOptions {
    readonly persona?: PersonaKey;
    readonly view?: ViewDefinition;
    /** Bind the profile lookup property set [true]. */
    readonly profileLookup?: boolean;
    /** Column bound to the profile key property set. */
    readonly profileKey?: string;
    readonly linking?: LinkingBehaviour;
    readonly paging?: 'append' | 'replace';
    readonly parameters?: Readonly<Record<string, RawParameterValue>>;
    readonly languageId?: number;
    readonly width?: number;
    /** Room for every row (jsdom has no layout; the grid renders the rows of this height). */
    readonly height?: number;
    readonly disabled?: boolean;
    readonly designer?: boolean;
    /** Delay of the view's own loads (ms). */
    readonly viewLatencyMs?: number;
    readonly isOffline?: () => boolean;
    readonly webApi?: ComponentFramework.WebApi;
}

export interface MountedGrid {
    readonly control: MountedControl;
    readonly host: DatasetHost;
}

/**
 * Loads the view's first page as the app does, then mounts the grid (init, first updateView without
 * updated properties) with the real lifecycle.
 */
export async function mountGrid(dv: DataverseEmulator, options: GridOptions = {}): Promise<MountedGrid> {
    const persona = PERSONAS[options.persona ?? 'serviceAgent'];
    const host = createDatasetHost({
        read: dv.platformReads(persona.userId),
        view: options.view ?? CONTACTS_VIEW,
        propertySets: {
            ...(options.profileLookup !== false ? { profileLookup: 'msdynci_lookupfield_customerprofile' } : {}),
            ...(options.profileKey !== undefined ? { profileKey: options.profileKey } : {}),
        },
        linking: options.linking ?? 'absent',
        ...(options.paging !== undefined ? { paging: options.paging } : {}),
        ...(options.designer === true ? { designer: true } : {}),
        ...(options.viewLatencyMs !== undefined ? { latencyMs: options.viewLatencyMs } : {}),
    });
    await host.load();
    const container = document.createElement('div');
    document.body.appendChild(container);
    let control: MountedControl | undefined;
    act(() => {
        control = mountControl(CustomerInsightsGrid as unknown as ReactControlClass, container, {
            manifest: loadManifest('CustomerInsightsGrid'),
            strings: loadStrings('CustomerInsightsGrid', options.languageId ?? 1033),
            webApi: options.webApi ?? dv.webApi(persona.userId),
            userId: persona.userId,
            userName: persona.fullName,
            languageId: options.languageId ?? 1033,
            datasets: { records: host },
            width: options.width ?? 1200,
            height: options.height ?? 20_000,
            ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
            ...(options.disabled === true ? { disabled: true } : {}),
            ...(options.isOffline !== undefined ? { isOffline: options.isOffline } : {}),
            act: (work) => act(work),
        });
    });
    mounted.push(control as MountedControl);
    return { control: control as MountedControl, host };
}

/** Waits until the view is loaded and no Customer Insights cell is loading any more. */
export async function gridSettled(host: DatasetHost): Promise<void> {
    await act(async () => {
        await host.settled();
    });
    await waitFor(() => {
        expect(document.querySelector('[data-testid="grid"]')?.getAttribute('aria-busy')).not.toBe('true');
        expect(document.querySelector('[aria-label="Loading Customer Insights data"]')).toBeNull();
        expect(document.body.textContent).not.toContain('Loading Customer Insights data…');
    });
}

/** The rendered data rows, by record id. */
export function gridRows(): HTMLElement[] {
    return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="grid"] [role="row"][data-row-id]'));
}

/** The cell of a row in the given column id (`view:fullname`, `ci:businessUnit`, ...). */
export function cellOf(row: HTMLElement, column: string): HTMLElement | null {
    return row.querySelector<HTMLElement>(`[data-column="${column}"]`);
}

