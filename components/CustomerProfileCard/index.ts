import * as React from 'react';
import { IInputs, IOutputs } from './generated/ManifestTypes';

export class CustomerProfileCard implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    public init(): void {
        /* skeleton */
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        return React.createElement('div', null, context.resources.getString('Control_DisplayName'));
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        /* skeleton */
    }
}
