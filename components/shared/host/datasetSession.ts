/**
 * What a dataset control of this library does with the platform, written once: the page enricher over
 * `context.webAPI` (created in init, recreated only when the user or the link settings change), the view's
 * profile link and page size set up once, Customer Insights reads started only for rows never seen, a render
 * requested when they settle, and everything released on destroy.
 *
 * The loading state always clears: it is the dataset's own `loading` flag or our own pending action (sort,
 * Load more, refresh). A pending action ends at the first updateView that shows the view answered: the
 * `dataset` flag, or the dataset was seen loading and is not any more, or its rows, sort or error changed.
 * Updated properties alone are not trusted (model-driven apps send the first updateView without them, and
 * none for a sort that returns no rows: PowerApps-Samples ModelDrivenGridControl). After a time limit
 * without any such updateView the loading state ends anyway.
 */
import { createPageEnricher, type PageEnricher, type PageLinkSettings } from '../pageEnricher';
import { PageInsightsLoad, type RowState } from '../pageLoad';
import type { InsightsFailure } from '../failure';
import type { PageRow } from '../pageEnricher';
import { linkProfile, loadNextPage, openRow, readView, refreshView, selectRows, setPageSize, sortView, type ProfileColumnSets, type ProfileLinkState, type ViewRow, type ViewSnapshot } from './dataset';
import { readEnvironment, type ControlEnvironment } from './controlEnvironment';
import { urlPrefixLength } from './clientUrl';

export interface DatasetInsightsSettings {
    /** Some column shows Customer Insights facts; false reads nothing (unless the view shows the profile lookup). */
    readonly read: boolean;
    /** How rows link to profiles (the row's lookup and key values come from the property sets). */
    readonly links: PageLinkSettings;
    /**
     * Link the profile into the view's query when the lookup is bound, once the user proved able to read
     * profiles (saves the profile request on the following pages).
     */
    readonly linkProfile: boolean;
    readonly segments: boolean;
    readonly measures: boolean;
    /** Rows per page the maker chose; undefined keeps the view's. */
    readonly pageSize?: number;
}

export interface DatasetInsightsView {
    readonly environment: ControlEnvironment;
    readonly view: ViewSnapshot;
    readonly rowState: (row: ViewRow) => RowState | undefined;
    /** The one failure to show for the grid (Customer Insights reads). */
    readonly failure?: InsightsFailure;
    /** A throttled read retries by itself. */
    readonly busy: boolean;
    /** Rows are being loaded (the view's load or our own action). */
    readonly viewLoading: boolean;
    /** Customer Insights reads in flight. */
    readonly insightsLoading: boolean;
    /** The profile link was set up but the view then failed to load (a tenant that refuses the link). */
    readonly linkBrokeView: boolean;
    readonly disabled: boolean;
    readonly sort: (column: string, descending: boolean) => void;
    readonly loadMore: () => void;
    readonly open: (row: ViewRow) => void;
    readonly select: (ids: readonly string[]) => void;
    /** Try again for Customer Insights reads. */
    readonly retry: () => void;
    /** Reload the view itself. */
    readonly reloadView: () => void;
}

/** An action's loading state ends at the next updateView, or after this long without one. */
export const PENDING_ACTION_LIMIT_MS = 60_000;

type DataSet = ComponentFramework.PropertyTypes.DataSet;

interface Reading {
    readonly key: string;
    readonly enricher: PageEnricher;
    readonly load: PageInsightsLoad;
}

export class DatasetInsightsSession {
    private context: ComponentFramework.Context<unknown>;
    private reading: Reading | undefined;
    private linkState: ProfileLinkState = 'notLinked';
    private linkTried = false;
    private unlinkedIds = new Set<string>();
    private pending = false;
    private pendingSignature = '';
    private sawLoading = false;
    private pendingTimer: ReturnType<typeof setTimeout> | undefined;
    private destroyed = false;

    constructor(
        context: ComponentFramework.Context<unknown>,
        dataset: DataSet | undefined,
        private readonly sets: ProfileColumnSets,
        settings: DatasetInsightsSettings,
    ) {
        this.context = context;
        context.mode.trackContainerResize(true);
        if (dataset === undefined || readView(dataset, sets, 'notLinked').designer) return;
        // Once, before the first rows are used: the maker's page size and the profile link, then one reload
        // (which also works around hosts that show nothing until the first refresh). A host that refuses any
        // of it keeps its own page size and rows.
        try {
            if (settings.pageSize !== undefined && settings.pageSize !== dataset.paging.pageSize) {
                setPageSize(dataset, settings.pageSize);
                this.act(dataset, () => refreshView(dataset));
            }
        } catch {
            // a host without paging keeps its own page size
        }
    }

    update(context: ComponentFramework.Context<unknown>, dataset: DataSet | undefined, settings: DatasetInsightsSettings): DatasetInsightsView {
        this.context = context;
        if (this.pending) {
            if (isLoading(dataset)) this.sawLoading = true;
            else if (this.sawLoading || (context.updatedProperties ?? []).includes('dataset') || signature(dataset) !== this.pendingSignature) this.clearPending();
        }
        const reading = this.readingFor(settings);
        // The profile link goes into the view's query only once a profile read proved this user may read the
        // profile table: a link to a table the user may not read could fail the whole view. It applies from the
        // view's next load (Load more, sort, refresh); rows without linked columns are read with In as before.
        if (settings.linkProfile && this.linkState === 'notLinked' && !this.linkTried && reading.enricher.profilesReadable && dataset !== undefined) {
            this.linkTried = true;
            this.linkState = linkProfile(dataset, this.sets);
            // Rows already loaded came without the link (until the view reloads them).
            this.unlinkedIds = new Set(readView(dataset, this.sets, 'notLinked').rows.map((row) => row.id));
        }
        const view = readView(dataset, this.sets, { state: this.linkState, unlinkedIds: this.unlinkedIds });
        // Rows about to be replaced by our own pending action (the first reload with the maker's page size or
        // profile link, a sort) are not read: the answer brings the rows to read.
        const wanted = settings.read || view.columns.some((column) => column.isProfileLookup);
        if (wanted && !view.designer && view.error === undefined && !this.pending) reading.load.show(view.rows.map((row) => row.page));
        const disabled = context.mode.isControlDisabled === true;
        return {
            environment: readEnvironment(context),
            view,
            rowState: (row) => reading.load.stateOf(row.page),
            ...(reading.load.failure !== undefined ? { failure: reading.load.failure } : {}),
            busy: reading.load.busy,
            viewLoading: view.loading || this.pending,
            insightsLoading: reading.load.loading,
            linkBrokeView: view.error !== undefined && this.linkState === 'linked',
            disabled,
            sort: (column, descending) => {
                if (dataset !== undefined) this.act(dataset, () => sortView(dataset, column, descending));
            },
            loadMore: () => {
                if (dataset !== undefined && view.paging.hasNextPage) this.act(dataset, () => loadNextPage(dataset), false);
            },
            open: (row) => {
                if (dataset !== undefined) openRow(dataset, row);
            },
            select: (ids) => {
                if (dataset === undefined || disabled) return;
                selectRows(dataset, ids);
                this.requestRender();
            },
            retry: () => reading.load.retry(),
            reloadView: () => {
                if (dataset !== undefined) this.act(dataset, () => refreshView(dataset));
            },
        };
    }

    destroy(): void {
        this.destroyed = true;
        this.clearPending();
        this.reading?.load.dispose();
        this.reading?.enricher.release();
        this.reading = undefined;
    }

    /** The enricher and its load for the current user and settings; a change starts over. */
    private readingFor(settings: DatasetInsightsSettings): Reading {
        const userId = this.context.userSettings.userId;
        const key = JSON.stringify([userId, settings.links, settings.segments, settings.measures]);
        if (this.reading?.key === key) return this.reading;
        this.reading?.load.dispose();
        this.reading?.enricher.release();
        const context = this.context;
        const busy = { load: undefined as PageInsightsLoad | undefined };
        const prefix = urlPrefixLength(context);
        const enricher = createPageEnricher({
            webApi: context.webAPI,
            userId,
            isOffline: () => this.context.client.isOffline(),
            options: {
                links: settings.links,
                segments: settings.segments,
                measures: settings.measures,
                ...(prefix !== undefined ? { urlPrefixLength: prefix } : {}),
                onBusyRetry: () => busy.load?.markBusy(),
            },
        });
        enricher.register();
        const load = new PageInsightsLoad({ enricher, onChange: () => this.requestRender() });
        busy.load = load;
        this.reading = { key, enricher, load };
        return this.reading;
    }

    /** Runs a dataset action and shows the loading state until the view answers. */
    private act(dataset: DataSet, action: () => void, reload = true): void {
        // A reload (refresh, sort) brings every row again, with the link when there is one; Load more keeps them.
        if (reload) this.unlinkedIds = new Set();
        this.pending = true;
        this.pendingSignature = signature(dataset);
        this.sawLoading = false;
        this.clearTimer();
        this.pendingTimer = setTimeout(() => {
            this.pendingTimer = undefined;
            this.pending = false;
            this.requestRender();
        }, PENDING_ACTION_LIMIT_MS);
        try {
            action();
        } catch {
            // A host that throws on refresh/sort/load more: nothing to wait for.
            this.clearPending();
        }
        this.requestRender();
    }

    private clearPending(): void {
        this.pending = false;
        this.clearTimer();
    }

    private clearTimer(): void {
        if (this.pendingTimer !== undefined) clearTimeout(this.pendingTimer);
        this.pendingTimer = undefined;
    }

    private requestRender(): void {
        if (!this.destroyed) this.context.factory.requestRender();
    }
}

function isLoading(dataset: DataSet | undefined): boolean {
    try {
        return dataset?.loading === true;
    } catch {
        return false;
    }
}

/** What changes when the view answers: its rows, sort, count and error. */
function signature(dataset: DataSet | undefined): string {
    try {
        if (dataset === undefined) return '';
        const ids = dataset.sortedRecordIds;
        return JSON.stringify([ids.length, ids.slice(0, 50), ids[ids.length - 1], dataset.sorting, dataset.paging.totalResultCount, dataset.error, dataset.errorMessage]);
    } catch {
        return '';
    }
}

export type { PageRow, RowState, ViewRow, ViewSnapshot };
