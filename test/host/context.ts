/**
 * A PCF host for this library's controls: builds the `ComponentFramework.Context` a model-driven form gives a
 * virtual control and runs the real lifecycle (init, updateView, requestRender, destroy). Used by the jest
 * tests and by the playground page, so it is browser-safe (no Node built-ins); `node.ts` adds file loading.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { FluentProvider, webLightTheme, webDarkTheme, teamsHighContrastTheme, type Theme } from '@fluentui/react-components';
import type { ControlManifest, ManifestProperty } from './manifest';
import type { DatasetHost } from './dataset';

export type RawParameterValue = string | number | boolean | null | readonly ComponentFramework.LookupValue[] | undefined;
export type ThemeName = 'light' | 'dark' | 'highContrast';

export interface EntityMetadataSource {
    getEntityMetadata(logicalName: string, attributes?: readonly string[]): Promise<unknown>;
}

/** The security model behind `context.utils.hasEntityPrivilege` (the emulator's, per user). */
export interface EntityPrivilegeSource {
    hasEntityPrivilege(userId: string, entityTypeName: string, privilegeType: number, privilegeDepth: number): boolean;
}

export interface HostOptions {
    readonly manifest: ControlManifest;
    /** The control's strings in the user's language (from its .resx). */
    readonly strings: ReadonlyMap<string, string>;
    readonly webApi: ComponentFramework.WebApi;
    readonly userId: string;
    readonly userName?: string;
    /** 1033 by default; 1025 (Arabic) turns on right-to-left. */
    readonly languageId?: number;
    /** Raw values by manifest property name; absent input properties take their manifest default. */
    readonly parameters?: Readonly<Record<string, RawParameterValue>>;
    /** The record of the form (exposed where model-driven apps expose it: context.mode.contextInfo). */
    readonly formRecord?: { readonly id: string; readonly table: string };
    readonly metadata?: EntityMetadataSource;
    /**
     * Answers `hasEntityPrivilege` for the signed-in user. Like the platform, the answer is false until
     * `getEntityMetadata` for that table has resolved; without a source it is always false.
     */
    readonly privileges?: EntityPrivilegeSource;
    readonly isOffline?: () => boolean;
    readonly width?: number;
    /** Display names of the columns bound properties sit on (`attributes.DisplayName`); default: the property name. */
    readonly boundColumnNames?: Readonly<Record<string, string>>;
    /** Height the host gives the control (context.mode.allocatedHeight); -1 (unknown) by default. */
    readonly height?: number;
    /** The views behind the control's data-sets, by data-set name (test/host/dataset.ts). */
    readonly datasets?: Readonly<Record<string, DatasetHost>>;
    /** context.mode.isControlDisabled (a read-only form or view). */
    readonly disabled?: boolean;
    readonly theme?: ThemeName;
    /** Wraps renders, e.g. React's `act` in tests. */
    readonly act?: (work: () => void) => void;
    /** The user's Dataverse time zone: minutes to add to UTC (a number, or per moment for daylight saving). Default 0. */
    readonly timeZoneOffsetMinutes?: number | ((date: Date) => number);
    /** The user's .NET short time pattern (`HH:mm`, `h:mm tt`); default none. */
    readonly shortTimePattern?: string;
    /** Control state from an earlier instance in this session (what `mode.setControlState` kept), passed to init. */
    readonly controlState?: ComponentFramework.Dictionary;
    /**
     * `context.factory.fireEvent` (not in the PCF types): how the Power Apps grid hands a grid customizer its
     * registration event (test/host/powerAppsGrid.tsx). Absent by default, as on a form.
     */
    readonly fireEvent?: (eventName: string, payload: unknown) => void;
}

export interface OpenFormCall {
    readonly entityName?: string;
    readonly entityId?: string;
}

export interface MountedControl {
    readonly context: ComponentFramework.Context<Record<string, unknown>>;
    readonly container: HTMLElement;
    readonly openFormCalls: readonly OpenFormCall[];
    /** What the control last passed to `mode.setControlState` (the platform keeps it for the session). */
    readonly controlState: () => ComponentFramework.Dictionary | undefined;
    /** Changes raw parameter values and runs updateView, as a form does when a bound column changes. */
    setParameters(values: Readonly<Record<string, RawParameterValue>>): void;
    /** Runs updateView again (e.g. after a resize). */
    update(): void;
    resize(width: number): void;
    /** Sets context.mode.isControlDisabled and runs updateView. */
    setDisabled(disabled: boolean): void;
    destroy(): void;
}

export interface ReactControlClass {
    new (): ComponentFramework.ReactControl<Record<string, unknown>, Record<string, unknown>>;
}

/** Digits after the decimal separator in the user's number settings (the platform's default). */
const DECIMAL_DIGITS = 2;
const RTL_LANGUAGES = new Set([1025, 1037, 1054, 1056, 1065]);
const LOCALES: Readonly<Record<number, string>> = { 1025: 'ar-SA', 1031: 'de-DE', 1033: 'en-US', 1036: 'fr-FR', 3082: 'es-ES' };
const CURRENCIES: Readonly<Record<string, string>> = { 'ar-SA': 'SAR', 'en-US': 'USD' };
const THEMES: Readonly<Record<ThemeName, Theme>> = { light: webLightTheme, dark: webDarkTheme, highContrast: teamsHighContrastTheme };

function typeOf(property: ManifestProperty, manifest: ControlManifest): string {
    return property.ofType ?? manifest.typeGroups.get(property.typeGroup ?? '')?.[0] ?? 'SingleLine.Text';
}

function buildProperty(property: ManifestProperty, manifest: ControlManifest, raw: RawParameterValue, locale: string, columnName?: string): unknown {
    const type = typeOf(property, manifest);
    const value = raw === undefined ? (property.usage === 'input' ? (property.defaultValue ?? null) : null) : raw;
    const common = { error: false, errorMessage: '', type, security: { editable: true, readable: true, secured: false }, attributes: { DisplayName: columnName ?? property.name, LogicalName: property.name } };
    if (type === 'Lookup.Simple') return { ...common, raw: Array.isArray(value) ? value : [], formatted: '' };
    if (type.startsWith('Whole') || type === 'Decimal' || type === 'FP' || type === 'Currency') {
        const number = value === null || value === '' ? null : Number(value);
        return { ...common, raw: number, formatted: number === null ? '' : new Intl.NumberFormat(locale).format(number) };
    }
    if (type === 'TwoOptions') return { ...common, raw: value === true || value === 'true', formatted: value === true || value === 'true' ? 'true' : 'false' };
    const text = value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
    return { ...common, raw: text, formatted: text ?? '' };
}

export function mountControl(ControlClass: ReactControlClass, container: HTMLElement, options: HostOptions): MountedControl {
    const languageId = options.languageId ?? 1033;
    const locale = LOCALES[languageId] ?? 'en-US';
    const isRTL = RTL_LANGUAGES.has(languageId);
    const act = options.act ?? ((work: () => void) => work());
    let raw: Record<string, RawParameterValue> = { ...(options.parameters ?? {}) };
    let width = options.width ?? 400;
    const openFormCalls: OpenFormCall[] = [];
    const resizeTracking = { enabled: false };
    let savedControlState: ComponentFramework.Dictionary | undefined;
    const offset = options.timeZoneOffsetMinutes ?? 0;
    const offsetAt = (date?: Date): number => (typeof offset === 'function' ? offset(date ?? new Date()) : offset);

    const buildParameters = (): Record<string, unknown> => ({
        ...Object.fromEntries(options.manifest.properties.map((p) => [p.name, buildProperty(p, options.manifest, raw[p.name], locale, options.boundColumnNames?.[p.name])])),
        ...Object.fromEntries(options.manifest.dataSets.flatMap((d) => (options.datasets?.[d.name] !== undefined ? [[d.name, options.datasets[d.name]?.dataset]] : []))),
    });

    // Formatters made once per control, not per value: the platform's formatting is not slower per call than
    // Intl's, and a stand-in that builds a formatter per date made the form's last render look slow (bench:form).
    let shortDate: Intl.DateTimeFormat | undefined;
    let shortDateTime: Intl.DateTimeFormat | undefined;
    const dateShort = (): Intl.DateTimeFormat => (shortDate ??= new Intl.DateTimeFormat(locale, { dateStyle: 'short' }));
    const dateTimeShort = (): Intl.DateTimeFormat => (shortDateTime ??= new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }));
    const decimal = (value: number, digits?: number): string =>
        new Intl.NumberFormat(locale, digits !== undefined ? { minimumFractionDigits: digits, maximumFractionDigits: digits } : { maximumFractionDigits: 2 }).format(value);
    const formatting = {
        formatCurrency: (value: number, precision?: number, symbol?: string) =>
            symbol !== undefined
                ? `${symbol}${decimal(value, precision ?? 2)}`
                : new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCIES[locale] ?? 'EUR', ...(precision !== undefined ? { maximumFractionDigits: precision } : {}) }).format(value),
        // Like the platform: without a precision, the user's decimal digits (2), so 7 reads "7.00".
        formatDecimal: (value: number, precision?: number) => decimal(value, precision ?? DECIMAL_DIGITS),
        formatInteger: (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value),
        formatLanguage: (value: number) => String(value),
        formatTime: (value: Date) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(value),
        formatDateShort: (value: Date, includeTime?: boolean) => (includeTime === true ? dateTimeShort() : dateShort()).format(value),
        formatDateLong: (value: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(value),
        formatDateLongAbbreviated: (value: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(value),
        formatDateYearMonth: (value: Date) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(value),
        formatUserDateTimeToUTC: (value: Date) => value.toISOString(),
        formatUTCDateTimeToUserDate: (value: number) => new Date(value),
        getWeekOfYear: () => 1,
        parseDateFromInput: (input: string) => new Date(input),
    };

    let renderScheduled = false;
    let destroyed = false;
    // Tables whose metadata a getEntityMetadata call has delivered ("locally cached" in the platform's words).
    const cachedMetadata = new Set<string>();

    const context = {
        parameters: buildParameters(),
        updatedProperties: [] as string[],
        mode: {
            allocatedWidth: width,
            allocatedHeight: options.height ?? -1,
            isControlDisabled: options.disabled === true,
            isVisible: true,
            label: options.manifest.constructorName,
            setControlState: (state: ComponentFramework.Dictionary) => {
                savedControlState = { ...state };
                return true;
            },
            setFullScreen: () => undefined,
            trackContainerResize: (value: boolean) => {
                resizeTracking.enabled = value;
            },
            // Where model-driven apps put the form's record (undocumented; read by components/shared/host/formRecord.ts).
            contextInfo: options.formRecord !== undefined ? { entityId: options.formRecord.id, entityTypeName: options.formRecord.table } : {},
        },
        userSettings: {
            userId: `{${options.userId.toUpperCase()}}`,
            userName: options.userName ?? 'Playground user',
            languageId,
            isRTL,
            securityRoles: [],
            timeZoneOffsetMinutes: offsetAt(),
            getTimeZoneOffsetMinutes: (date?: Date) => offsetAt(date),
            dateFormattingInfo: options.shortTimePattern !== undefined ? { shortTimePattern: options.shortTimePattern } : {},
            // The documented NumberFormattingInfo fields the controls read (a model-driven app's defaults).
            numberFormattingInfo: { numberDecimalDigits: DECIMAL_DIGITS, currencyDecimalDigits: DECIMAL_DIGITS, percentDecimalDigits: DECIMAL_DIGITS },
        },
        formatting,
        resources: {
            getString: (key: string) => options.strings.get(key) ?? key,
            getResource: (_id: string, _success: (data: string) => void, failure: () => void) => failure(),
        },
        navigation: {
            openForm: (formOptions: ComponentFramework.NavigationApi.EntityFormOptions) => {
                openFormCalls.push({ ...(formOptions.entityName !== undefined ? { entityName: formOptions.entityName } : {}), ...(formOptions.entityId !== undefined ? { entityId: formOptions.entityId } : {}) });
                return Promise.resolve({ savedEntityReference: [] });
            },
            openUrl: () => undefined,
            openAlertDialog: () => Promise.resolve(),
            openConfirmDialog: () => Promise.resolve({ confirmed: false }),
            openErrorDialog: () => Promise.resolve(),
            openFile: () => Promise.resolve(),
            openWebResource: () => undefined,
        },
        utils: {
            getEntityMetadata: async (entityName: string, attributes?: string[]) => {
                if (options.metadata === undefined) throw new Error('No metadata source');
                const metadata = await options.metadata.getEntityMetadata(entityName, attributes);
                cachedMetadata.add(entityName);
                return metadata;
            },
            // Documented: "might return false if the table metadata isn't locally cached"; this host always does.
            hasEntityPrivilege: (entityName: string, privilegeType: number, privilegeDepth: number) =>
                cachedMetadata.has(entityName) && options.privileges?.hasEntityPrivilege(options.userId, entityName, privilegeType, privilegeDepth) === true,
            lookupObjects: () => Promise.resolve([]),
        },
        client: {
            disableScroll: false,
            getClient: () => 'Web',
            getFormFactor: () => 1,
            isOffline: () => options.isOffline?.() ?? false,
            isNetworkAvailable: () => !(options.isOffline?.() ?? false),
        },
        device: {},
        webAPI: options.webApi,
        factory: {
            getPopupService: () => ({}),
            requestRender: () => {
                if (renderScheduled || destroyed) return;
                renderScheduled = true;
                queueMicrotask(() => {
                    renderScheduled = false;
                    render();
                });
            },
            ...(options.fireEvent !== undefined ? { fireEvent: options.fireEvent } : {}),
        },
        events: {},
    };
    const typedContext = context as unknown as ComponentFramework.Context<Record<string, unknown>>;

    function render(): void {
        if (destroyed) return;
        const element = control.updateView(typedContext);
        const theme = THEMES[options.theme ?? 'light'];
        act(() => {
            ReactDOM.render(React.createElement(FluentProvider, { theme, dir: isRTL ? 'rtl' : 'ltr' }, element), container);
        });
        context.updatedProperties = [];
    }

    const control = new ControlClass();
    control.init(typedContext, () => undefined, options.controlState ?? {});
    // A view's dataset runs updateView when a load ends, with the updated properties the platform gives.
    for (const host of Object.values(options.datasets ?? {})) {
        host.attach((updated) => {
            if (destroyed) return;
            context.updatedProperties = [...updated];
            render();
        });
    }
    // The first updateView after init comes without updated properties, also for a loaded dataset.
    render();

    return {
        context: typedContext,
        container,
        openFormCalls,
        controlState: () => savedControlState,
        setParameters(values) {
            raw = { ...raw, ...values };
            context.parameters = buildParameters();
            context.updatedProperties = ['parameters', ...Object.keys(values)];
            render();
        },
        update: render,
        setDisabled(disabled) {
            context.mode.isControlDisabled = disabled;
            context.updatedProperties = [];
            render();
        },
        resize(newWidth) {
            width = newWidth;
            context.mode.allocatedWidth = newWidth;
            context.updatedProperties = ['layout'];
            if (resizeTracking.enabled) render();
        },
        destroy() {
            if (destroyed) return;
            control.destroy();
            destroyed = true;
            act(() => {
                ReactDOM.unmountComponentAtNode(container);
            });
        },
    };
}
