/**
 * The lifecycle every form control of this library shares: a session created in init, released in destroy,
 * no outputs (the controls only read). A control's class extends this and only says what to read and
 * which view to draw.
 */
import { InsightsSession } from './insightsSession';
import type { ProfileLinkParameters } from './profileInputs';

export abstract class InsightsFormControl<TInputs extends ProfileLinkParameters, TData> {
    protected session: InsightsSession<TData>;
    protected context: ComponentFramework.Context<TInputs>;

    public init(context: ComponentFramework.Context<TInputs>): void {
        this.context = context;
        this.session = new InsightsSession<TData>(context);
    }

    /** The controls write nothing back to the form. */
    public getOutputs(): Record<string, never> {
        return {};
    }

    public destroy(): void {
        this.session.destroy();
    }

    /**
     * Names the maker property behind a configuration problem; `ownColumns` maps a control's own property
     * (display-name key) to the columns it lists.
     */
    protected readonly propertyFor = (offendingName: string | undefined): string =>
        this.session.propertyFor(this.context, offendingName, this.ownColumnProperties());

    protected ownColumnProperties(): Readonly<Record<string, readonly string[]>> {
        return {};
    }
}
