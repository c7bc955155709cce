import * as React from 'react';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { GridCellsSession } from '../shared/host/gridCellsSession';
import { readCellsSettings } from './cellsSettings';
import { CellsNote, gridCellRenderers } from './GridCells';

/**
 * Customer Insights cells for the Power Apps grid (a grid customizer): registers cell renderers with the grid
 * that hosts it (the grid fills `EventName`), which draw Customer Insights facts in the view's host columns.
 */
export class CustomerInsightsGridCells implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private session: GridCellsSession;

    public init(context: ComponentFramework.Context<IInputs>): void {
        const settings = readCellsSettings(context.parameters);
        this.session = new GridCellsSession(context, context.parameters.EventName?.raw, settings.session, (source) => gridCellRenderers(source, settings));
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.session.update(context);
        return React.createElement(CellsNote, { registration: this.session.registration, strings: (key: string) => context.resources.getString(key) });
    }

    /** The cells write nothing back. */
    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }
}
