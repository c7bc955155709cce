/**
 * What a grid customizer of this library does with the platform: one page enricher over `context.webAPI` and
 * the cell batches in init, the renderers registered with the hosting grid once, the current strings and
 * formatters for cells the grid renders between updateViews, and everything released on destroy.
 */
import { createPageEnricher, type PageLinkSettings } from '../pageEnricher';
import { CellBatches } from '../cellBatches';
import { readEnvironment, type ControlEnvironment } from './controlEnvironment';
import { urlPrefixLength } from './clientUrl';
import { registerGridCustomizer, type GridCellRendererOverrides, type GridCustomizerRegistration } from './gridCustomizer';

export interface GridCellsSettings {
    readonly links: PageLinkSettings;
    readonly segments: boolean;
    readonly measures: boolean;
}

/** What the cells need between updateViews: the batches and the user's strings and formats. */
export interface GridCellsSource {
    readonly batches: CellBatches;
    environment(): ControlEnvironment;
}

export class GridCellsSession implements GridCellsSource {
    readonly batches: CellBatches;
    readonly registration: GridCustomizerRegistration;
    private currentEnvironment: ControlEnvironment;
    private readonly release: () => void;

    /**
     * `renderers` builds the overrides from this session (the control's cell views); `eventName` is the value
     * of the manifest's bound `EventName` property, which the grid fills.
     */
    constructor(context: ComponentFramework.Context<unknown>, eventName: unknown, settings: GridCellsSettings, renderers: (source: GridCellsSource) => GridCellRendererOverrides) {
        this.currentEnvironment = readEnvironment(context);
        const prefix = urlPrefixLength(context);
        const busy = { batches: undefined as CellBatches | undefined };
        const enricher = createPageEnricher({
            webApi: context.webAPI,
            userId: context.userSettings.userId,
            isOffline: () => context.client.isOffline(),
            options: {
                links: settings.links,
                segments: settings.segments,
                measures: settings.measures,
                ...(prefix !== undefined ? { urlPrefixLength: prefix } : {}),
                onBusyRetry: () => busy.batches?.markBusy(),
            },
        });
        enricher.register();
        this.batches = new CellBatches({ enricher });
        busy.batches = this.batches;
        this.release = () => enricher.release();
        this.registration = registerGridCustomizer(context, eventName, renderers(this));
    }

    environment(): ControlEnvironment {
        return this.currentEnvironment;
    }

    update(context: ComponentFramework.Context<unknown>): void {
        this.currentEnvironment = readEnvironment(context);
    }

    destroy(): void {
        this.batches.dispose();
        this.release();
    }
}
