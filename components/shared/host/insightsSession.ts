/**
 * What every form control's class does with the platform, written once: create the reader over
 * `context.webAPI` in init, start a read only when the inputs that decide it change, ask the host to render
 * when the read settles, and release the page's shared cache on destroy.
 */
import { createInsightsReaderCore, normaliseGuid, type BusinessUnitScope, type InsightsReaderCore } from '../index';
import { InsightsLoad, type LoadState } from '../load';
import { readEnvironment, type ControlEnvironment } from './controlEnvironment';
import { readFormRecord } from './formRecord';
import { readProfileInputs, type ProfileInputs, type ProfileLinkParameters } from './profileInputs';

export interface SessionView<T> {
    readonly environment: ControlEnvironment;
    readonly state: LoadState<T>;
    readonly retry: () => void;
}

export type SessionRead<T> = (reader: InsightsReaderCore, inputs: ProfileInputs) => Promise<T>;

export class InsightsSession<T> {
    private readonly readers = new Map<BusinessUnitScope, InsightsReaderCore>();
    /** The user the readers were created for (normalised); they are replaced when it changes. */
    private readersUser: string | undefined;
    private readonly load: InsightsLoad<T>;
    private context: ComponentFramework.Context<unknown>;

    constructor(context: ComponentFramework.Context<unknown>) {
        this.context = context;
        // Re-render when the width changes, so the controls can lay out from 250 px up.
        context.mode.trackContainerResize(true);
        this.load = new InsightsLoad<T>({
            onChange: () => this.context.factory.requestRender(),
            classify: (error) => this.readerFor('all').classifyFailure(error),
        });
    }

    /**
     * Called from updateView. `settingsKey` holds the control's own properties that change what is read;
     * together with the profile inputs it decides whether to read again.
     */
    update(context: ComponentFramework.Context<unknown>, parameters: ProfileLinkParameters, settingsKey: string, read: SessionRead<T>): SessionView<T> {
        this.context = context;
        const inputs = readProfileInputs(parameters, readFormRecord(context), context.resources.getString('Property_CustomerReference_DisplayName'));
        const reader = this.readerFor(inputs.scope);
        this.load.start(`${inputs.key}|${settingsKey}|${this.readersUser ?? ''}`, () => read(reader, inputs));
        return { environment: readEnvironment(context), state: this.load.state, retry: this.retry };
    }

    /**
     * For controls that read something other than the form's profile: `key` holds every input that changes
     * what is read (a new key starts a new read, the same key keeps what is shown).
     */
    updateRead(context: ComponentFramework.Context<unknown>, key: string, read: (reader: InsightsReaderCore) => Promise<T>): SessionView<T> {
        this.context = context;
        const reader = this.readerFor('all');
        this.load.start(`${key}|${context.userSettings.userId}`, () => read(reader));
        return { environment: readEnvironment(context), state: this.load.state, retry: this.retry };
    }

    readonly retry = (): void => this.load.retry();

    /**
     * The maker property a configuration problem points at (by its localized display name), so the message
     * says what to fix: the control's own column lists first (`ownColumns`: property display-name key →
     * columns it names), then the shared link properties, else the bound customer reference.
     */
    propertyFor(
        context: ComponentFramework.Context<unknown>,
        offendingName: string | undefined,
        ownColumns: Readonly<Record<string, readonly string[]>> = {},
    ): string {
        const parameters = context.parameters as Partial<ProfileLinkParameters>;
        const name = offendingName?.toLowerCase();
        const same = (value: string | null | undefined): boolean => name !== undefined && value?.trim().toLowerCase() === name;
        const own = Object.entries(ownColumns).find(([, columns]) => columns.some((c) => c.toLowerCase() === name));
        const key =
            own?.[0] ??
            (same(parameters.profileKeyColumn?.raw) ? 'Property_ProfileKeyColumn_DisplayName' : undefined) ??
            (same(parameters.alternateKeyTable?.raw) ? 'Property_AlternateKeyTable_DisplayName' : undefined) ??
            (same(parameters.alternateKeyDataSource?.raw) ? 'Property_AlternateKeyDataSource_DisplayName' : undefined) ??
            'Property_CustomerReference_DisplayName';
        return context.resources.getString(key);
    }

    /** Stops everything of this control: the automatic re-read timer, and every wait and queued request of its readers. */
    destroy(): void {
        this.load.dispose();
        for (const reader of this.readers.values()) reader.release();
        this.readers.clear();
    }

    /**
     * The reader for `scope`, made for the user of the current context. Defence in depth: if the host ever
     * hands the same control instance another user (`context.userSettings.userId` changes), the readers of the
     * previous user are released (their pending work cancelled) and new ones read through the current
     * context's webAPI, with the current user in every cache key.
     */
    private readerFor(scope: BusinessUnitScope): InsightsReaderCore {
        const user = currentUser(this.context);
        if (user !== this.readersUser) {
            for (const old of this.readers.values()) old.release();
            this.readers.clear();
            this.readersUser = user;
        }
        let reader = this.readers.get(scope);
        if (reader === undefined) {
            const context = this.context;
            reader = createInsightsReaderCore({
                webApi: context.webAPI,
                userId: user,
                isOffline: () => this.context.client.isOffline(),
                options: { businessUnitScope: scope, onBusyRetry: () => this.load.markBusy() },
            });
            reader.register();
            this.readers.set(scope, reader);
        }
        return reader;
    }
}

/** The signed-in user as the platform spells it, normalised so `{ABC…}` and `abc…` are one user. */
function currentUser(context: ComponentFramework.Context<unknown>): string {
    const id = (context.userSettings as Partial<ComponentFramework.UserSettings> | undefined)?.userId;
    return normaliseGuid(id) ?? String(id ?? '');
}
