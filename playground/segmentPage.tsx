/**
 * The playground's Journeys segment page (`?page=segment`): a model-driven-like msdynmkt_segment form
 * hosting the production bundle of SegmentActivationReadiness on the segment's output-name column, over the
 * page's in-memory Dataverse, with the same request panel as the contact form. Pick a persona (the two
 * marketers tell "ready" from "can't verify"), a segment (ready, not ready, large, no members, no output
 * name), a language and a theme, and switch Customer Insights tables to refuse aggregates like elastic
 * tables to see the probe fallback.
 */
import * as React from 'react';
import { FluentProvider, webDarkTheme, webLightTheme, teamsHighContrastTheme, type Theme } from '@fluentui/react-components';
import { PERSONA_LIST, PERSONAS, type DataverseEmulator, type PersonaKey } from '../test/dataverse';
import { JOURNEYS_SEGMENTS } from '../test/dataverse/journeys';
import { mountControl, type MountedControl, type ThemeName } from '../test/host';
import { loadBuiltControls, loadStrings, type LoadedControl } from './platform';
import type { PageRequestLog } from './requestLog';
import { RequestPanel } from './RequestPanel';

/** Controls that belong on this page and not on the contact form. */
export const SEGMENT_PAGE_CONTROLS: readonly string[] = ['SegmentActivationReadiness'];

const LANGUAGES: ReadonlyArray<{ readonly id: number; readonly name: string; readonly lang: string; readonly rtl: boolean }> = [
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

/** What the browser tests read through `window.playground` (the contact page's handle, shared). */
export interface SegmentPageHandle {
    currentLoadId: number;
    controlNames: readonly string[];
    ready: boolean;
}

export interface SegmentPageProps {
    readonly dv: DataverseEmulator;
    readonly requestLog: PageRequestLog;
    readonly handle: SegmentPageHandle;
}

interface Settings {
    readonly persona: PersonaKey;
    readonly segmentId: string;
    readonly languageId: number;
    readonly theme: ThemeName;
    readonly elastic: boolean;
}

function initialSettings(params: URLSearchParams): Settings {
    const persona = params.get('persona');
    const segment = params.get('segment');
    const language = Number(params.get('lang'));
    const theme = params.get('theme');
    return {
        persona: persona !== null && persona in PERSONAS ? (persona as PersonaKey) : 'marketerOrganization',
        segmentId: JOURNEYS_SEGMENTS.find((s) => s.id === segment || s.key === segment)?.id ?? JOURNEYS_SEGMENTS[0]?.id ?? '',
        languageId: LANGUAGES.some((l) => l.id === language) ? language : 1033,
        theme: THEMES.some((t) => t.id === theme) ? (theme as ThemeName) : 'light',
        elastic: params.get('elastic') === '1',
    };
}

function LabelledSelect(props: { id: string; label: string; value: string; options: ReadonlyArray<{ value: string; label: string }>; onChange: (value: string) => void }): React.ReactElement {
    return (
        <div className="field">
            <label htmlFor={props.id}>{props.label}</label>
            <select id={props.id} data-testid={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
                {props.options.map((option) => (
                    <option key={option.value} value={option.value}>
                        {option.label}
                    </option>
                ))}
            </select>
        </div>
    );
}

export function SegmentPage({ dv, requestLog, handle }: SegmentPageProps): React.ReactElement {
    const [controls, setControls] = React.useState<readonly LoadedControl[] | undefined>(undefined);
    const [loadError, setLoadError] = React.useState<string | undefined>(undefined);
    const [settings, setSettings] = React.useState<Settings>(() => initialSettings(new URLSearchParams(window.location.search)));
    const [reloads, setReloads] = React.useState(0);
    const [loadId, setLoadId] = React.useState(0);
    const [errors, setErrors] = React.useState<ReadonlyMap<string, string>>(new Map());
    const cells = React.useRef(new Map<string, HTMLDivElement>());
    const loadCounter = React.useRef(0);
    const segment = JOURNEYS_SEGMENTS.find((s) => s.id === settings.segmentId) ?? JOURNEYS_SEGMENTS[0];
    const language = LANGUAGES.find((l) => l.id === settings.languageId) ?? LANGUAGES[0];
    const theme = THEMES.find((t) => t.id === settings.theme) ?? THEMES[0];
    const update = (change: Partial<Settings>): void => setSettings((current) => ({ ...current, ...change }));

    React.useEffect(() => {
        loadBuiltControls().then(
            (result) => setControls(result.controls.filter((control) => SEGMENT_PAGE_CONTROLS.includes(control.name))),
            (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)),
        );
    }, []);

    React.useEffect(() => {
        const next = new URLSearchParams({ page: 'segment', persona: settings.persona, segment: settings.segmentId, lang: String(settings.languageId), theme: settings.theme });
        if (settings.elastic) next.set('elastic', '1');
        window.history.replaceState(null, '', `?${next.toString()}`);
    }, [settings]);

    // Every change mounts the controls again, after destroying the previous ones (the shared cache empties).
    React.useEffect(() => {
        if (controls === undefined || segment === undefined) return undefined;
        const id = ++loadCounter.current;
        let cancelled = false;
        const mounted: MountedControl[] = [];
        dv.refuseAggregates = settings.elastic;
        handle.controlNames = controls.map((control) => control.name);
        handle.currentLoadId = id;
        handle.ready = true;
        setLoadId(id);
        setErrors(new Map());
        const persona = PERSONAS[settings.persona];
        void Promise.all(controls.map((control) => loadStrings(control, settings.languageId).catch(() => new Map<string, string>()))).then((allStrings) => {
            if (cancelled) return;
            const failed = new Map<string, string>();
            controls.forEach((control, index) => {
                const cell = cells.current.get(control.name);
                if (cell === undefined) return;
                try {
                    mounted.push(
                        mountControl(control.controlClass, cell, {
                            manifest: control.manifest,
                            strings: allStrings[index] ?? new Map<string, string>(),
                            webApi: requestLog.webApi(dv, persona.userId, persona.key, id, { serverError: false }),
                            userId: persona.userId,
                            userName: persona.fullName,
                            languageId: settings.languageId,
                            formRecord: { id: segment.id, table: 'msdynmkt_segment' },
                            // The control sits on the maker's output-name column of the segment form.
                            parameters: { segmentColumn: segment.outputName },
                            metadata: dv,
                            privileges: dv,
                            width: cell.clientWidth || 480,
                            theme: settings.theme,
                        }),
                    );
                } catch (error) {
                    failed.set(control.name, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
                }
            });
            if (failed.size > 0) setErrors(failed);
        });
        return () => {
            cancelled = true;
            mounted.forEach((instance) => instance.destroy());
        };
    }, [controls, settings, reloads, segment, dv, requestLog, handle]);

    return (
        <FluentProvider theme={theme?.theme ?? webLightTheme} className="page">
            <header className="toolbar" data-testid="toolbar">
                <p className="app-title">
                    Customer Insights controls playground: Journeys segment <a href="?">(contact form)</a>
                </p>
                <div className="settings" role="group" aria-label="Form settings">
                    <LabelledSelect
                        id="persona"
                        label="Signed-in user (persona)"
                        value={settings.persona}
                        options={PERSONA_LIST.map((p) => ({ value: p.key, label: `${p.fullName} (${p.key})` }))}
                        onChange={(value) => update({ persona: value as PersonaKey })}
                    />
                    <LabelledSelect id="segment" label="Segment record" value={settings.segmentId} options={JOURNEYS_SEGMENTS.map((s) => ({ value: s.id, label: s.displayName }))} onChange={(value) => update({ segmentId: value })} />
                    <LabelledSelect id="language" label="Language" value={String(settings.languageId)} options={LANGUAGES.map((l) => ({ value: String(l.id), label: l.name }))} onChange={(value) => update({ languageId: Number(value) })} />
                    <LabelledSelect id="theme" label="Theme" value={settings.theme} options={THEMES.map((t) => ({ value: t.id, label: t.name }))} onChange={(value) => update({ theme: value as ThemeName })} />
                </div>
                <div className="faults" role="group" aria-label="Platform behaviour">
                    <div className="toggle">
                        <input id="elastic" data-testid="elastic" type="checkbox" checked={settings.elastic} onChange={(event) => update({ elastic: event.target.checked })} />
                        <label htmlFor="elastic">Customer Insights tables refuse aggregates (elastic table)</label>
                    </div>
                    <button type="button" data-testid="reload-form" onClick={() => setReloads((n) => n + 1)}>
                        Reload form
                    </button>
                </div>
                <p className="persona-description" data-testid="persona-description">
                    {PERSONAS[settings.persona].description}
                </p>
            </header>
            <div className="layout">
                <main className="form" lang={language?.lang} dir={language?.rtl === true ? 'rtl' : 'ltr'} aria-labelledby="form-title">
                    <div className="form-header">
                        <p className="form-entity">Segment</p>
                        <h1 id="form-title" data-testid="form-header-name">
                            {segment?.displayName}
                        </h1>
                        <p className="form-note">
                            {segment?.note} Output name column: <code>{segment?.outputName ?? '(empty)'}</code>; owner: {dv.tenant.businessUnit(segment?.businessUnitId ?? '')?.name}
                        </p>
                    </div>
                    {loadError !== undefined && (
                        <p role="alert" data-testid="page-error">
                            Could not list the built controls: {loadError}. Run <code>node scripts/ensure-build.mjs</code>.
                        </p>
                    )}
                    {controls !== undefined && controls.length === 0 && (
                        <p role="alert" data-testid="page-error">
                            SegmentActivationReadiness is not built. Run <code>node scripts/ensure-build.mjs</code>.
                        </p>
                    )}
                    <div className="controls" data-testid="form-controls">
                        {(controls ?? []).map((control) => (
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
                </main>
                <RequestPanel log={requestLog} loadId={loadId} personaNames={Object.fromEntries(PERSONA_LIST.map((p) => [p.key, p.fullName]))} onClear={() => requestLog.clear()} />
            </div>
        </FluentProvider>
    );
}
