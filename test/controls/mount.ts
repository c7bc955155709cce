/** Mounts a control of this library with the real lifecycle over the emulator, for jsdom tests. */
import { act } from 'react-dom/test-utils';
import { DataverseEmulator, PERSONAS, type PersonaKey, type ProfileFacts, type SampleContactKey } from '../dataverse';
import { mountControl, type EntityMetadataSource, type MountedControl, type RawParameterValue, type ReactControlClass } from '../host';
import { loadManifest, loadStrings } from '../host/node';

export interface FormOptions {
    readonly persona?: PersonaKey;
    readonly contact?: SampleContactKey;
    readonly contactId?: string;
    readonly parameters?: Readonly<Record<string, RawParameterValue>>;
    readonly languageId?: number;
    readonly width?: number;
    /** Display names of the bound columns (see HostOptions.boundColumnNames). */
    readonly boundColumnNames?: Readonly<Record<string, string>>;
    readonly isOffline?: () => boolean;
    /** A create form: the record has no id yet. */
    readonly newRecord?: boolean;
    /**
     * The webAPI to give the control: another one (e.g. over HTTP), or a wrapper of the persona's
     * `dv.webApi()` (a call that never settles, answers stripped of annotations, ...). Default: the emulator's.
     */
    readonly webApi?: ComponentFramework.WebApi | ((inner: ComponentFramework.WebApi) => ComponentFramework.WebApi);
    /** Where getEntityMetadata reads from (default: the emulator). */
    readonly metadata?: EntityMetadataSource;
    /** Wraps the persona's Web API, e.g. to model a server that misbehaves (same as a function in `webApi`). */
    readonly wrapWebApi?: (webApi: ComponentFramework.WebApi) => ComponentFramework.WebApi;
    /** The form's table (default contact). */
    readonly table?: string;
    readonly timeZoneOffsetMinutes?: number | ((date: Date) => number);
    readonly shortTimePattern?: string;
    readonly controlState?: ComponentFramework.Dictionary;
}

export const mounted: MountedControl[] = [];

/** Puts a control on a contact form for a persona; destroy everything with `destroyAll` after each test. */
export function mountOnContactForm(dv: DataverseEmulator, controlName: string, ControlClass: unknown, options: FormOptions = {}): MountedControl {
    const persona = PERSONAS[options.persona ?? 'serviceAgent'];
    const contactId = options.contactId ?? dv.tenant.sampleContacts[options.contact ?? 'serviceAgentCustomer'].contactId;
    const container = document.createElement('div');
    document.body.appendChild(container);
    let control: MountedControl | undefined;
    act(() => {
        control = mountControl(ControlClass as ReactControlClass, container, {
            manifest: loadManifest(controlName),
            strings: loadStrings(controlName, options.languageId ?? 1033),
            webApi:
                typeof options.webApi === 'function'
                    ? options.webApi(dv.webApi(persona.userId))
                    : (options.webApi ?? (options.wrapWebApi !== undefined ? options.wrapWebApi(dv.webApi(persona.userId)) : dv.webApi(persona.userId))),
            userId: persona.userId,
            userName: persona.fullName,
            languageId: options.languageId ?? 1033,
            formRecord: { id: options.newRecord === true ? '' : contactId, table: options.table ?? 'contact' },
            metadata: options.metadata ?? dv,
            privileges: dv,
            ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
            ...(options.width !== undefined ? { width: options.width } : {}),
            ...(options.boundColumnNames !== undefined ? { boundColumnNames: options.boundColumnNames } : {}),
            ...(options.isOffline !== undefined ? { isOffline: options.isOffline } : {}),
            ...(options.timeZoneOffsetMinutes !== undefined ? { timeZoneOffsetMinutes: options.timeZoneOffsetMinutes } : {}),
            ...(options.shortTimePattern !== undefined ? { shortTimePattern: options.shortTimePattern } : {}),
            ...(options.controlState !== undefined ? { controlState: options.controlState } : {}),
            act: (work) => act(work),
        });
    });
    mounted.push(control!);
    return control!;
}

export function destroyAll(): void {
    for (const control of mounted.splice(0)) control.destroy();
    document.body.innerHTML = '';
}

/** Text of the whole page, for "nothing of it appears anywhere" checks. */
export function pageText(): string {
    return document.body.textContent ?? '';
}

/** Also attribute values (aria-label, title), which a screen reader would read. */
export function pageMarkup(): string {
    return document.body.innerHTML;
}

/** The ownership facts of a sample contact's profile (the curated profiles come first in the tenant). */
export function factsOf(dv: DataverseEmulator, key: Exclude<SampleContactKey, 'noProfile'>): ProfileFacts {
    const contactId = dv.tenant.sampleContacts[key].contactId.toLowerCase();
    for (let index = 0; index < Math.min(dv.tenant.profileCount, 50); index++) {
        const facts = dv.tenant.profile(index);
        if (facts.contactId?.toLowerCase().replace(/[{}]/g, '') === contactId.replace(/[{}]/g, '')) return facts;
    }
    throw new Error(`No profile facts for sample contact ${key}`);
}

export interface RecordFormOptions {
    readonly persona?: PersonaKey;
    /** The form's record; absent for a dashboard or custom page, `id: ''` for a create form. */
    readonly formRecord?: { readonly id: string; readonly table: string };
    readonly parameters?: Readonly<Record<string, RawParameterValue>>;
    readonly languageId?: number;
    /** Replaces the emulator's webApi (e.g. `undefined` for the app designer, which may host a control without one). */
    readonly webApi?: ComponentFramework.WebApi | null;
}

/** Puts a control on any record's form (or none) for a persona; destroy everything with `destroyAll` after each test. */
export function mountOnRecordForm(dv: DataverseEmulator, controlName: string, ControlClass: unknown, options: RecordFormOptions = {}): MountedControl {
    const persona = PERSONAS[options.persona ?? 'marketerOrganization'];
    const container = document.createElement('div');
    document.body.appendChild(container);
    let control: MountedControl | undefined;
    act(() => {
        control = mountControl(ControlClass as ReactControlClass, container, {
            manifest: loadManifest(controlName),
            strings: loadStrings(controlName, options.languageId ?? 1033),
            webApi: (options.webApi === undefined ? dv.webApi(persona.userId) : (options.webApi ?? undefined)) as ComponentFramework.WebApi,
            userId: persona.userId,
            userName: persona.fullName,
            languageId: options.languageId ?? 1033,
            ...(options.formRecord !== undefined ? { formRecord: options.formRecord } : {}),
            metadata: dv,
            privileges: dv,
            ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
            act: (work) => act(work),
        });
    });
    mounted.push(control!);
    return control!;
}
