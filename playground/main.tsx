/**
 * The playground page: a model-driven-like contact form hosting the PRODUCTION bundles of this library's form
 * controls over one in-memory Dataverse running in the page. Switch persona, contact, language, theme and
 * faults; watch every Web API call in the request panel. Settings live in the URL so a state can be shared.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { FluentProvider, webDarkTheme, webLightTheme, teamsHighContrastTheme, type Theme } from '@fluentui/react-components';
import { DataverseEmulator, PERSONA_LIST, PERSONAS, wideCustomer, type PersonaKey } from '../test/dataverse';
import { mountControl, type EntityMetadataSource, type EntityPrivilegeSource, type MountedControl, type RawParameterValue, type ThemeName } from '../test/host';

/** An environment's form gives the controls no bound values the playground could know. */
const NO_PARAMETERS: Readonly<Record<string, RawParameterValue>> = {};
import { contactChoices, contactName, type ContactChoice } from './contacts';
import { ContactPicker, contactFullName, describeFailure, normaliseContactId, openEnvironmentSession, PLAYGROUND_ENVIRONMENT, type EnvironmentSession } from './environment';
import { controlsOnForm, FORM_LAYOUTS, LINK_SETUPS, linkParameters, type FormLayout, type LinkSetup } from './formSetups';
import { describeLibraries, installPlatform, loadBuiltControls, loadStrings, PLATFORM_LIBRARIES, type BrokenControl, type LoadedControl, type PlatformLibraries } from './platform';
import { PageRequestLog, type FaultSwitches } from './requestLog';
import { RequestPanel } from './RequestPanel';
import { SegmentPage, SEGMENT_PAGE_CONTROLS } from './segmentPage';
import { ContactsView } from './ContactsView';
import { GRID_CELLS_CONTROL, GridCellsView } from './GridCellsView';

export const LANGUAGES: ReadonlyArray<{ readonly id: number; readonly name: string; readonly lang: string; readonly rtl: boolean }> = [
    { id: 1033, name: 'English (1033)', lang: 'en', rtl: false },
    { id: 1031, name: 'Deutsch (1031)', lang: 'de', rtl: false },
    { id: 1036, name: 'Français (1036)', lang: 'fr', rtl: false },
    { id: 3082, name: 'Español (3082)', lang: 'es', rtl: false },
    { id: 1025, name: 'العربية (1025, right to left)', lang: 'ar', rtl: true },
];

const THEMES: ReadonlyArray<{ readonly id: ThemeName; readonly name: string; readonly theme: Theme }> = [
    { id: 'light', name: 'Light', theme: webLightTheme },
    { id: 'dark', name: 'Dark', theme: webDarkTheme },
    { id: 'highContrast', name: 'High contrast', theme: teamsHighContrastTheme },
];

const LATENCIES: readonly number[] = [0, 50, 300, 1500];

/** Throttling fault: 2 requests per user per 2 s window, answered with 429 and Retry-After 2 s (recovers by itself). */
const THROTTLE_BUDGET = { maxRequests: 2, windowMs: 2000, retryAfterSeconds: 2 };

interface Settings {
    /** The contact form, the "Contacts view" page with the grid control, or the Power Apps grid with the cells customizer. */
    readonly page: 'form' | 'view' | 'cells';
    readonly persona: PersonaKey;
    readonly contactId: string;
    readonly languageId: number;
    readonly theme: ThemeName;
    /** Which controls the form holds, and how the maker set up the profile link (./formSetups). */
    readonly form: FormLayout;
    readonly link: LinkSetup;
}

interface Faults {
    readonly latencyMs: number;
    /** getEntityMetadata answers after the same latency (a cold metadata cache, as on a real server). */
    readonly metadataLatency: boolean;
    /** The tenant refuses $expand (Customer Insights tables as elastic tables). */
    readonly refuseExpand: boolean;
    readonly throttling: boolean;
    readonly serverError: boolean;
    readonly offline: boolean;
}

const params = new URLSearchParams(window.location.search);
const seed = Number(params.get('seed') ?? '42') || 42;
// `?segments=10000&measures=1000`: the service agent's customer has that many (rendering at scale).
const wideCounts = { segments: Number(params.get('segments')) || undefined, measures: Number(params.get('measures')) || undefined };
const wide = wideCounts.segments !== undefined || wideCounts.measures !== undefined;
/** `controls=A,B`: exactly these built controls on the form (benchmarks); otherwise the form layout decides. */
const namedControls = params.get('controls')?.split(',').filter((name) => name !== '');
/** `latency=<ms>`: the starting latency fault (0 to 5,000 ms). */
const initialLatency = Math.min(5000, Math.max(0, Number(params.get('latency') ?? '0') || 0));
/** A bigger tenant for the view page's benchmarks (`?profiles=6000`); the default is the emulator's. */
const profileCount = Number(params.get('profiles') ?? '') || undefined;

installPlatform();
// One Dataverse for the whole page, like one environment behind a model-driven app. The timeline sample's
// long history ends now, so the timeline's date presets ("last 7 days") have something to show.
const dv = DataverseEmulator.withSyntheticTenant({ seed, activityAnchorMs: Date.now(), ...(wide ? { rowOverride: wideCustomer(wideCounts) } : {}), ...(profileCount !== undefined ? { profileCount } : {}) });
const requestLog = new PageRequestLog();
const contacts = contactChoices(dv);
const faultSwitches: FaultSwitches & { offline: boolean } = { serverError: false, offline: false };

function initialSettings(): Settings {
    const persona = params.get('persona');
    const contact = params.get('contact');
    const language = Number(params.get('lang'));
    const theme = params.get('theme');
    const form = params.get('form');
    const link = params.get('link');
    return {
        page: params.get('page') === 'view' ? 'view' : params.get('page') === 'cells' ? 'cells' : 'form',
        persona: persona !== null && persona in PERSONAS ? (persona as PersonaKey) : 'serviceAgent',
        contactId: contacts.find((c) => c.contactId === contact)?.contactId ?? contacts[0]?.contactId ?? '',
        languageId: LANGUAGES.some((l) => l.id === language) ? language : 1033,
        theme: THEMES.some((t) => t.id === theme) ? (theme as ThemeName) : 'light',
        form: FORM_LAYOUTS.some((f) => f.id === form) ? (form as FormLayout) : 'controls',
        link: LINK_SETUPS.some((l) => l.id === link) ? (link as LinkSetup) : 'contact',
    };
}

function writeUrl(settings: Settings): void {
    const next = new URLSearchParams({ persona: settings.persona, contact: settings.contactId, lang: String(settings.languageId), theme: settings.theme });
    if (seed !== 42) next.set('seed', String(seed));
    for (const [name, value] of Object.entries(wideCounts)) if (value !== undefined) next.set(name, String(value));
    if (settings.form !== 'controls') next.set('form', settings.form);
    if (settings.link !== 'contact') next.set('link', settings.link);
    if (namedControls !== undefined) next.set('controls', namedControls.join(','));
    if (profileCount !== undefined) next.set('profiles', String(profileCount));
    if (settings.page === 'view') {
        next.set('page', 'view');
        // The view page keeps its own switches in the URL too.
        for (const key of ['pageSize', 'viewLink']) {
            const value = new URLSearchParams(window.location.search).get(key);
            if (value !== null) next.set(key, value);
        }
    }
    if (settings.page === 'cells') next.set('page', 'cells');
    window.history.replaceState(null, '', `?${next.toString()}`);
}

/** For the browser tests and the curious: the page's emulator and request log (`window.playground`). */
export interface PlaygroundHandle {
    readonly dv: DataverseEmulator;
    readonly requestLog: PageRequestLog;
    readonly contacts: readonly ContactChoice[];
    currentLoadId: number;
    /** The controls on the form of the current load. */
    controlNames: readonly string[];
    /** performance.now() when the current load mounted its controls (benchmarks measure from here). */
    loadStartedAt: number;
    ready: boolean;
    /** The platform library set handed to the bundles (PLATFORM_LIBRARIES when the server started). */
    readonly libraries: PlatformLibraries;
}
const handle: PlaygroundHandle = { dv, requestLog, contacts, currentLoadId: 0, controlNames: [], loadStartedAt: 0, ready: false, libraries: PLATFORM_LIBRARIES };
(window as unknown as { playground: PlaygroundHandle }).playground = handle;

interface SelectProps<T extends string | number> {
    readonly id: string;
    readonly label: string;
    readonly value: T;
    readonly options: ReadonlyArray<{ readonly value: T; readonly label: string }>;
    readonly onChange: (value: T) => void;
    readonly describedBy?: string;
}

function Select<T extends string | number>({ id, label, value, options, onChange, describedBy }: SelectProps<T>): React.ReactElement {
    return (
        <div className="field">
            <label htmlFor={id}>{label}</label>
            <select
                id={id}
                data-testid={id}
                value={String(value)}
                aria-describedby={describedBy}
                onChange={(event) => {
                    const chosen = options.find((option) => String(option.value) === event.target.value);
                    if (chosen !== undefined) onChange(chosen.value);
                }}
            >
                {options.map((option) => (
                    <option key={String(option.value)} value={String(option.value)}>
                        {option.label}
                    </option>
                ))}
            </select>
        </div>
    );
}

function Toggle({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }): React.ReactElement {
    return (
        <div className="toggle">
            <input id={id} data-testid={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
            <label htmlFor={id}>{label}</label>
        </div>
    );
}

/** Who the form runs as and where its data comes from: a persona over the in-memory Dataverse, or the signed-in user of an environment. */
interface FormSource {
    /** Persona key (or `environment`), recorded with each request. */
    readonly key: string;
    readonly userId: string;
    readonly userName: string;
    /** The webAPI for one form load, recording its requests. */
    webApi(loadId: number): ComponentFramework.WebApi;
    readonly metadata: EntityMetadataSource;
    /** What `context.utils.hasEntityPrivilege` answers from (the emulator's security model); none against an environment. */
    readonly privileges?: EntityPrivilegeSource;
    readonly isOffline: () => boolean;
}

function emulatorSource(persona: PersonaKey): FormSource {
    const { key, userId, fullName } = PERSONAS[persona];
    return { key, userId, userName: fullName, webApi: (loadId) => requestLog.webApi(dv, userId, key, loadId, faultSwitches), metadata: dv, privileges: dv, isOffline: () => faultSwitches.offline };
}

interface FormControlsProps {
    readonly controls: readonly LoadedControl[];
    readonly settings: Settings;
    /** The maker's profile-link setup as control parameters (./formSetups). */
    readonly parameters: Readonly<Record<string, RawParameterValue>>;
    readonly source: FormSource;
    readonly reloads: number;
    readonly onLoad: (loadId: number) => void;
}

/**
 * The form body: one cell per control. Every change of persona, contact, language, theme or an explicit
 * reload destroys all mounted controls first (so the shared request cache empties) and mounts them again.
 */
function FormControls({ controls, settings, parameters, source, reloads, onLoad }: FormControlsProps): React.ReactElement {
    const cells = React.useRef(new Map<string, HTMLDivElement>());
    const [errors, setErrors] = React.useState<ReadonlyMap<string, string>>(new Map());
    const loadCounter = React.useRef(0);

    React.useEffect(() => {
        const loadId = ++loadCounter.current;
        let cancelled = false;
        const mounted: MountedControl[] = [];
        const observers: ResizeObserver[] = [];
        onLoad(loadId);
        setErrors(new Map());
        handle.controlNames = controls.map((control) => control.name);
        void Promise.all(controls.map((control) => loadStrings(control, settings.languageId).catch(() => new Map<string, string>()))).then((allStrings) => {
            if (cancelled) return;
            const failed = new Map<string, string>();
            // The widths the form gives its controls, measured once before any control mounts: reading a cell's
            // width after another control rendered would force the browser to lay out the page again, between
            // one control's first reads and the next's (the platform knows its layout).
            const widths = new Map(controls.map((control) => [control.name, cells.current.get(control.name)?.clientWidth ?? 0]));
            handle.loadStartedAt = performance.now();
            controls.forEach((control, index) => {
                // Mounting renders, and React runs pending effects first: a reload clicked meanwhile may have
                // run this load's cleanup already. Then mount nothing more (see below for what was mounted).
                if (cancelled) return;
                const cell = cells.current.get(control.name);
                if (cell === undefined) return;
                try {
                    const instance = mountControl(control.controlClass, cell, {
                        manifest: control.manifest,
                        strings: allStrings[index] ?? new Map<string, string>(),
                        webApi: source.webApi(loadId),
                        userId: source.userId,
                        userName: source.userName,
                        languageId: settings.languageId,
                        formRecord: { id: settings.contactId, table: 'contact' },
                        parameters,
                        metadata: source.metadata,
                        ...(source.privileges !== undefined ? { privileges: source.privileges } : {}),
                        isOffline: source.isOffline,
                        width: widths.get(control.name) || 400,
                        theme: settings.theme,
                    });
                    mounted.push(instance);
                    const observer = new ResizeObserver(() => instance.resize(cell.clientWidth));
                    observer.observe(cell);
                    observers.push(observer);
                } catch (error) {
                    failed.set(control.name, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
                }
            });
            // Controls mounted after this load's cleanup ran would never be destroyed (and would keep the
            // page-wide cache alive): destroy them now.
            if (cancelled) {
                observers.forEach((observer) => observer.disconnect());
                mounted.splice(0).forEach((instance) => instance.destroy());
                return;
            }
            if (failed.size > 0) setErrors(failed);
        });
        return () => {
            cancelled = true;
            observers.forEach((observer) => observer.disconnect());
            // Destroy every control before the next mount: the shared cache is dropped with the last one.
            mounted.forEach((instance) => instance.destroy());
        };
    }, [controls, settings, parameters, source, reloads, onLoad]);

    return (
        <div className="controls" data-testid="form-controls">
            {controls.map((control) => (
                <div key={control.name} className="control-cell" data-testid="control-cell" data-control={control.name}>
                    {errors.has(control.name) && (
                        <p role="alert" className="control-error" data-testid="control-error">
                            {control.name} threw while mounting: {errors.get(control.name)}
                        </p>
                    )}
                    <div
                        className="control-host"
                        ref={(element) => {
                            if (element !== null) cells.current.set(control.name, element);
                            else cells.current.delete(control.name);
                        }}
                    />
                </div>
            ))}
        </div>
    );
}

function App(): React.ReactElement {
    const [settings, setSettings] = React.useState<Settings>(initialSettings);
    const [faults, setFaults] = React.useState<Faults>({ latencyMs: initialLatency, metadataLatency: true, refuseExpand: false, throttling: false, serverError: false, offline: false });
    const [reloads, setReloads] = React.useState(0);
    const [loadId, setLoadId] = React.useState(0);
    const { built, loadError } = useBuiltControls();

    React.useEffect(() => writeUrl(settings), [settings]);

    // Faults apply to the next request; the panel's "Reload form" runs the load again under them.
    React.useEffect(() => {
        dv.faults.latencyMs = faults.latencyMs;
        dv.faults.metadataLatencyMs = faults.metadataLatency ? faults.latencyMs : 0;
        // The playground's tenant accepts $expand unless switched off (the emulator's default platform refuses it).
        dv.platform = { ...dv.platform, expandLookups: !faults.refuseExpand };
        dv.faults.throttle(faults.throttling ? THROTTLE_BUDGET : {});
        dv.faults.networkDown = faults.offline;
        faultSwitches.offline = faults.offline;
        faultSwitches.serverError = faults.serverError;
        // A request refused before it reached the server (offline, throttled) left its injected failure queued.
        if (!faults.serverError) dv.faults.clearInjectedFailures();
    }, [faults]);

    const onLoad = React.useCallback((id: number) => {
        handle.currentLoadId = id;
        handle.ready = true;
        setLoadId(id);
    }, []);

    const update = (change: Partial<Settings>): void => setSettings((current) => ({ ...current, ...change }));
    const language = LANGUAGES.find((l) => l.id === settings.languageId) ?? LANGUAGES[0];
    const theme = THEMES.find((t) => t.id === settings.theme) ?? THEMES[0];
    const contact = contacts.find((c) => c.contactId === settings.contactId);
    const persona = PERSONAS[settings.persona];
    const formName = contactName(dv, settings.contactId) ?? contact?.fullName ?? settings.contactId;
    const source = React.useMemo(() => emulatorSource(settings.persona), [settings.persona]);
    const formControls = React.useMemo(() => {
        const names = controlsOnForm(built?.controls.map((control) => control.name) ?? [], settings.form, namedControls);
        return built?.controls.filter((control) => names.includes(control.name)) ?? [];
    }, [built, settings.form]);
    const parameters = React.useMemo(() => linkParameters(dv, settings.link, settings.contactId), [settings.link, settings.contactId]);

    return (
        <FluentProvider theme={theme?.theme ?? webLightTheme} className="page">
            <header className="toolbar" data-testid="toolbar">
                <p className="app-title">
                    Customer Insights controls playground <a href="?page=segment">(Journeys segment page)</a> <a href="?page=view">(Contacts view)</a> <a href="?page=cells">(Power Apps grid)</a>
                </p>
                <p className="libraries" data-testid="platform-libraries">
                    Platform libraries: {describeLibraries()}
                </p>
                <div className="settings" role="group" aria-label="Form settings">
                    <Select
                        id="page"
                        label="Page"
                        value={settings.page}
                        options={[
                            { value: 'form', label: 'Contact form' },
                            { value: 'view', label: 'Contacts view (grid)' },
                            { value: 'cells', label: 'Power Apps grid (cells customizer)' },
                        ]}
                        onChange={(value) => update({ page: value })}
                    />
                    <Select
                        id="persona"
                        label="Signed-in user (persona)"
                        value={settings.persona}
                        options={PERSONA_LIST.map((p) => ({ value: p.key, label: `${p.fullName} (${p.key})` }))}
                        onChange={(value) => update({ persona: value })}
                        describedBy="persona-description"
                    />
                    <Select
                        id="contact"
                        label="Contact record"
                        value={settings.contactId}
                        options={contacts.map((c) => ({ value: c.contactId, label: `${c.fullName}: ${c.label}` }))}
                        onChange={(value) => update({ contactId: value })}
                    />
                    <Select id="language" label="Language" value={settings.languageId} options={LANGUAGES.map((l) => ({ value: l.id, label: l.name }))} onChange={(value) => update({ languageId: value })} />
                    <Select id="theme" label="Theme" value={settings.theme} options={THEMES.map((t) => ({ value: t.id, label: t.name }))} onChange={(value) => update({ theme: value })} />
                    <Select id="form-layout" label="Form" value={settings.form} options={FORM_LAYOUTS.map((f) => ({ value: f.id, label: f.name }))} onChange={(value) => update({ form: value })} />
                    <Select id="link-setup" label="Profile link (maker setup)" value={settings.link} options={LINK_SETUPS.map((l) => ({ value: l.id, label: l.name }))} onChange={(value) => update({ link: value })} />
                </div>
                <div className="faults" role="group" aria-label="Faults (apply to the next requests)">
                    <Select
                        id="latency"
                        label="Latency"
                        value={faults.latencyMs}
                        options={[...new Set([...LATENCIES, faults.latencyMs])].sort((a, b) => a - b).map((ms) => ({ value: ms, label: ms === 0 ? 'None' : `${ms} ms` }))}
                        onChange={(value) => setFaults((current) => ({ ...current, latencyMs: value }))}
                    />
                    <Toggle id="fault-metadata-latency" label="Metadata after the same latency (cold cache)" checked={faults.metadataLatency} onChange={(on) => setFaults((current) => ({ ...current, metadataLatency: on }))} />
                    <Toggle id="fault-refuse-expand" label="Tenant refuses $expand (elastic tables)" checked={faults.refuseExpand} onChange={(on) => setFaults((current) => ({ ...current, refuseExpand: on }))} />
                    <Toggle id="fault-throttling" label="Throttling (429, Retry-After 2 s)" checked={faults.throttling} onChange={(on) => setFaults((current) => ({ ...current, throttling: on }))} />
                    <Toggle id="fault-server-error" label="Server error (500)" checked={faults.serverError} onChange={(on) => setFaults((current) => ({ ...current, serverError: on }))} />
                    <Toggle id="fault-offline" label="Offline" checked={faults.offline} onChange={(on) => setFaults((current) => ({ ...current, offline: on }))} />
                    <button type="button" data-testid="reload-form" onClick={() => setReloads((n) => n + 1)}>
                        Reload form
                    </button>
                </div>
                <p id="persona-description" className="persona-description" data-testid="persona-description">
                    {persona.description}
                </p>
            </header>
            <div className="layout">
                <main className="form" lang={language?.lang} dir={language?.rtl === true ? 'rtl' : 'ltr'} aria-labelledby="form-title">
                    <div className="form-header">
                        <p className="form-entity">{settings.page !== 'form' ? 'Contacts' : 'Contact'}</p>
                        <h1 id="form-title" data-testid="form-header-name">
                            {settings.page === 'view' ? 'Contacts view' : settings.page === 'cells' ? 'Contacts in the Power Apps grid' : formName}
                        </h1>
                        {contact !== undefined && settings.page === 'form' && <p className="form-note">{contact.label}</p>}
                    </div>
                    {loadError !== undefined && (
                        <p role="alert" data-testid="page-error">
                            Could not list the built controls: {loadError}. Run <code>node scripts/ensure-build.mjs</code>.
                        </p>
                    )}
                    {built?.broken.map((broken) => (
                        <p role="alert" key={broken.name} data-testid="control-load-error">
                            {broken.name} could not be loaded: {broken.error}
                        </p>
                    ))}
                    {built !== undefined && built.controls.length === 0 && (
                        <p role="alert" data-testid="page-error">
                            No built form controls in out/controls. Run <code>node scripts/ensure-build.mjs</code>.
                        </p>
                    )}
                    {built !== undefined && settings.page === 'form' && <FormControls controls={formControls} settings={settings} parameters={parameters} source={source} reloads={reloads} onLoad={onLoad} />}
                    {built !== undefined && settings.page === 'view' && (
                        <ContactsView
                            control={built.datasetControls.find((control) => control.name === 'CustomerInsightsGrid')}
                            dv={dv}
                            requestLog={requestLog}
                            persona={settings.persona}
                            languageId={settings.languageId}
                            theme={settings.theme}
                            faults={faultSwitches}
                            latencyMs={faults.latencyMs}
                            reloads={reloads}
                            onLoad={onLoad}
                        />
                    )}
                    {built !== undefined && settings.page === 'cells' && (
                        <GridCellsView
                            control={built.cellsControl}
                            dv={dv}
                            requestLog={requestLog}
                            persona={settings.persona}
                            languageId={settings.languageId}
                            theme={settings.theme}
                            faults={faultSwitches}
                            latencyMs={faults.latencyMs}
                            reloads={reloads}
                            onLoad={onLoad}
                        />
                    )}
                </main>
                <RequestPanel
                    log={requestLog}
                    loadId={loadId}
                    personaNames={Object.fromEntries(PERSONA_LIST.map((p) => [p.key, p.fullName]))}
                    onClear={() => requestLog.clear()}
                    loadName={settings.page === 'view' ? 'page of rows' : settings.page === 'cells' ? 'scroll batch' : 'form load'}
                />
            </div>
        </FluentProvider>
    );
}

/** Reads the built controls once; shared by both page modes. */
interface BuiltControls {
    readonly controls: LoadedControl[];
    readonly datasetControls: LoadedControl[];
    /** The grid cells customizer (its own page). */
    readonly cellsControl: LoadedControl | undefined;
    readonly broken: BrokenControl[];
}

function useBuiltControls(): { built: BuiltControls | undefined; loadError: string | undefined } {
    const [built, setBuilt] = React.useState<BuiltControls | undefined>(undefined);
    const [loadError, setLoadError] = React.useState<string | undefined>(undefined);
    React.useEffect(() => {
        loadBuiltControls().then(
            (loaded) => {
                // Controls of other pages (the Journeys segment page) stay off the contact form.
                const result = {
                    ...loaded,
                    controls: loaded.controls.filter((control) => !SEGMENT_PAGE_CONTROLS.includes(control.name) && control.name !== GRID_CELLS_CONTROL),
                    cellsControl: loaded.controls.find((control) => control.name === GRID_CELLS_CONTROL),
                };
                handle.controlNames = result.controls.map((control) => control.name);
                setBuilt(result);
            },
            (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)),
        );
    }, []);
    return { built, loadError };
}

/**
 * The page against a real environment (`npm start -- --environment ...`): the signed-in user instead of
 * personas, a contact picked by id or name, no fault switches (the environment's faults are real ones);
 * language, theme, reload and the request panel as in the default mode.
 */
function EnvironmentApp({ session }: { session: EnvironmentSession }): React.ReactElement {
    const [settings, setSettings] = React.useState<Settings>(() => ({ ...initialSettings(), contactId: normaliseContactId(params.get('contact') ?? '') ?? '' }));
    const [reloads, setReloads] = React.useState(0);
    const [loadId, setLoadId] = React.useState(0);
    const [formName, setFormName] = React.useState<string | undefined>(undefined);
    const { built, loadError } = useBuiltControls();
    const source = React.useMemo<FormSource>(
        () => ({ key: 'environment', userId: session.userId, userName: session.userName, webApi: (id) => requestLog.track(session.webApi, 'environment', id), metadata: session.metadata, isOffline: () => false }),
        [session],
    );
    // One array per change of the built controls or the layout (a new array each render would remount the form each render).
    const formControls = React.useMemo(() => built?.controls.filter((control) => controlsOnForm([control.name], settings.form, namedControls).length > 0) ?? [], [built, settings.form]);

    React.useEffect(() => {
        const next = new URLSearchParams({ contact: settings.contactId, lang: String(settings.languageId), theme: settings.theme });
        window.history.replaceState(null, '', `?${next.toString()}`);
        let current = true;
        setFormName(undefined);
        if (settings.contactId !== '') void contactFullName(session, settings.contactId).then((name) => current && setFormName(name));
        return () => {
            current = false;
        };
    }, [settings, session]);

    const onLoad = React.useCallback((id: number) => {
        handle.currentLoadId = id;
        handle.ready = true;
        setLoadId(id);
    }, []);
    const update = (change: Partial<Settings>): void => setSettings((current) => ({ ...current, ...change }));
    const language = LANGUAGES.find((l) => l.id === settings.languageId) ?? LANGUAGES[0];
    const theme = THEMES.find((t) => t.id === settings.theme) ?? THEMES[0];

    return (
        <FluentProvider theme={theme?.theme ?? webLightTheme} className="page">
            <header className="toolbar" data-testid="toolbar">
                <p className="app-title">Customer Insights controls playground · {session.environment.origin}</p>
                <p className="persona-description" data-testid="signed-in-user">
                    Signed in as {session.userName} ({session.environment.signIn}). Reads only, through the dev server&apos;s proxy.
                </p>
                <ContactPicker session={session} contactId={settings.contactId} onPick={(contactId) => update({ contactId })} />
                <div className="settings" role="group" aria-label="Form settings">
                    <Select id="language" label="Language" value={settings.languageId} options={LANGUAGES.map((l) => ({ value: l.id, label: l.name }))} onChange={(value) => update({ languageId: value })} />
                    <Select id="theme" label="Theme" value={settings.theme} options={THEMES.map((t) => ({ value: t.id, label: t.name }))} onChange={(value) => update({ theme: value })} />
                    <button type="button" data-testid="reload-form" onClick={() => setReloads((n) => n + 1)}>
                        Reload form
                    </button>
                </div>
            </header>
            <div className="layout">
                <main className="form" lang={language?.lang} dir={language?.rtl === true ? 'rtl' : 'ltr'} aria-labelledby="form-title">
                    <div className="form-header">
                        <p className="form-entity">Contact</p>
                        <h1 id="form-title" data-testid="form-header-name">
                            {settings.contactId === '' ? 'No contact chosen' : (formName ?? settings.contactId)}
                        </h1>
                    </div>
                    {loadError !== undefined && (
                        <p role="alert" data-testid="page-error">
                            Could not list the built controls: {loadError}. Run <code>node scripts/ensure-build.mjs</code>.
                        </p>
                    )}
                    {built?.broken.map((broken) => (
                        <p role="alert" key={broken.name} data-testid="control-load-error">
                            {broken.name} could not be loaded: {broken.error}
                        </p>
                    ))}
                    {built !== undefined && settings.contactId !== '' && <FormControls controls={formControls} settings={settings} parameters={NO_PARAMETERS} source={source} reloads={reloads} onLoad={onLoad} />}
                </main>
                <RequestPanel log={requestLog} loadId={loadId} personaNames={{ environment: session.userName }} onClear={() => requestLog.clear()} />
            </div>
        </FluentProvider>
    );
}

/** Opens the environment session first; says what went wrong when it cannot. */
function EnvironmentStart({ environment }: { environment: NonNullable<typeof PLAYGROUND_ENVIRONMENT> }): React.ReactElement {
    const [session, setSession] = React.useState<EnvironmentSession | undefined>(undefined);
    const [failure, setFailure] = React.useState<string | undefined>(undefined);
    React.useEffect(() => {
        openEnvironmentSession(environment).then(setSession, (error: unknown) => setFailure(describeFailure(error)));
    }, [environment]);
    if (session !== undefined) return <EnvironmentApp session={session} />;
    return (
        <FluentProvider theme={webLightTheme} className="page">
            <main className="form">
                <h1>Customer Insights controls playground · {environment.origin}</h1>
                {failure === undefined ? (
                    <p role="status">Signing in… (see the terminal that runs npm start for the device code)</p>
                ) : (
                    <p role="alert" data-testid="page-error">
                        Could not read who is signed in: {failure}
                    </p>
                )}
            </main>
        </FluentProvider>
    );
}

const root = document.getElementById('root');
if (root !== null) {
    const page = PLAYGROUND_ENVIRONMENT !== undefined ? <EnvironmentStart environment={PLAYGROUND_ENVIRONMENT} /> : params.get('page') === 'segment' ? <SegmentPage dv={dv} requestLog={requestLog} handle={handle} /> : <App />;
    ReactDOM.render(page, root);
}
