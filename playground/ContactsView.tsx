/**
 * The playground's "Contacts view" page: the Customer Insights grid (production bundle) as the dataset control
 * of an "Active Contacts" view over the page's in-memory Dataverse, for the chosen persona, language, theme and
 * faults, with the page size and the profile link as switches. Every page of rows (first load, sort, Load more)
 * is a load of its own in the request panel, so it shows the requests per page.
 */
import * as React from 'react';
import type { DataverseEmulator, PersonaKey } from '../test/dataverse';
import { PERSONAS } from '../test/dataverse';
import { ACTIVE_CONTACTS_VIEW, createDatasetHost, mountControl, type LinkingBehaviour, type MountedControl, type ThemeName } from '../test/host';
import { loadStrings, type LoadedControl } from './platform';
import type { FaultSwitches, PageRequestLog } from './requestLog';

export const PAGE_SIZES = [25, 50, 100, 250] as const;

/** How the view treats the grid's profile link: linked by the platform, refused, or not asked for. */
export type ProfileLinkChoice = 'linked' | 'refused' | 'off';
const LINK_CHOICES: ReadonlyArray<{ readonly value: ProfileLinkChoice; readonly label: string }> = [
    { value: 'linked', label: 'Linked into the view (saves the profile request)' },
    { value: 'refused', label: 'Refused by the platform (falls back to In)' },
    { value: 'off', label: 'Off (In query per page)' },
];
const LINKING: Readonly<Record<ProfileLinkChoice, LinkingBehaviour>> = { linked: 'supported', refused: 'throws', off: 'absent' };

/** What a maker would configure on the grid in this demo environment. */
const GRID_PARAMETERS = {
    measures: 'TotalSpend | Total spend | currency | >= 1000 | < 100\nDaysSinceLastPurchase | Days since purchase | days | <= 30 | > 180\nOrderCount | Orders | number',
    segmentNames: 'HighValueCustomers = High value\nLoyalty_Gold = Gold loyalty\nNewsletterSubscribers = Newsletter',
};

/** Height of the grid's place on the page (the grid renders only the rows that fit, plus a few). */
const VIEW_HEIGHT = 620;

export interface ContactsViewProps {
    readonly control: LoadedControl | undefined;
    readonly dv: DataverseEmulator;
    readonly requestLog: PageRequestLog;
    readonly persona: PersonaKey;
    readonly languageId: number;
    readonly theme: ThemeName;
    readonly faults: FaultSwitches & { offline: boolean };
    readonly latencyMs: number;
    readonly reloads: number;
    readonly onLoad: (loadId: number) => void;
}

export function ContactsView(props: ContactsViewProps): React.ReactElement {
    const { control, dv, requestLog, persona, languageId, theme, faults, latencyMs, reloads, onLoad } = props;
    const params = new URLSearchParams(window.location.search);
    const [pageSize, setPageSize] = React.useState<number>(() => PAGE_SIZES.find((size) => String(size) === params.get('pageSize')) ?? 50);
    const [link, setLink] = React.useState<ProfileLinkChoice>(() => LINK_CHOICES.find((choice) => choice.value === params.get('viewLink'))?.value ?? 'linked');
    const [error, setError] = React.useState<string | undefined>(undefined);
    const cell = React.useRef<HTMLDivElement>(null);
    const loadCounter = React.useRef(0);

    React.useEffect(() => {
        const next = new URLSearchParams(window.location.search);
        next.set('pageSize', String(pageSize));
        next.set('viewLink', link);
        window.history.replaceState(null, '', `?${next.toString()}`);
    }, [pageSize, link]);

    React.useEffect(() => {
        const element = cell.current;
        if (control === undefined || element === null) return;
        let cancelled = false;
        let instance: MountedControl | undefined;
        let observer: ResizeObserver | undefined;
        setError(undefined);
        // Each page of rows the view loads starts a new load in the request panel.
        let currentLoad = 0;
        const startLoad = (): void => {
            currentLoad = ++loadCounter.current;
            onLoad(currentLoad);
        };
        const user = PERSONAS[persona];
        const host = createDatasetHost({
            read: dv.platformReads(user.userId),
            view: ACTIVE_CONTACTS_VIEW,
            propertySets: { profileLookup: 'msdynci_lookupfield_customerprofile' },
            linking: LINKING[link],
            latencyMs,
            onLoadStart: startLoad,
        });
        const mount = async (): Promise<void> => {
            const strings = await loadStrings(control, languageId).catch(() => new Map<string, string>());
            await host.load();
            if (cancelled) return;
            try {
                instance = mountControl(control.controlClass, element, {
                    manifest: control.manifest,
                    strings,
                    webApi: requestLog.webApi(dv, user.userId, user.key, () => currentLoad, faults),
                    userId: user.userId,
                    userName: user.fullName,
                    languageId,
                    datasets: { records: host },
                    parameters: { ...GRID_PARAMETERS, pageSize, linkProfile: link === 'off' ? 'no' : 'yes' },
                    isOffline: () => faults.offline,
                    width: element.clientWidth || 900,
                    height: VIEW_HEIGHT,
                    theme,
                });
                const mounted = instance;
                observer = new ResizeObserver(() => mounted.resize(element.clientWidth));
                observer.observe(element);
            } catch (failure) {
                setError(failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure));
            }
        };
        void mount();
        return () => {
            cancelled = true;
            observer?.disconnect();
            instance?.destroy();
        };
    }, [control, dv, requestLog, persona, languageId, theme, faults, latencyMs, reloads, onLoad, pageSize, link]);

    return (
        <div className="view-page" data-testid="contacts-view">
            <div className="view-settings" role="group" aria-label="View settings">
                <div className="field">
                    <label htmlFor="page-size">Rows per page</label>
                    <select id="page-size" data-testid="page-size" value={String(pageSize)} onChange={(event) => setPageSize(Number(event.target.value))}>
                        {PAGE_SIZES.map((size) => (
                            <option key={size} value={String(size)}>
                                {size}
                            </option>
                        ))}
                    </select>
                </div>
                <div className="field">
                    <label htmlFor="profile-link">Profile link</label>
                    <select id="profile-link" data-testid="profile-link" value={link} onChange={(event) => setLink(event.target.value as ProfileLinkChoice)}>
                        {LINK_CHOICES.map((choice) => (
                            <option key={choice.value} value={choice.value}>
                                {choice.label}
                            </option>
                        ))}
                    </select>
                </div>
            </div>
            {control === undefined && (
                <p role="alert" data-testid="page-error">
                    The grid control is not built. Run <code>node scripts/ensure-build.mjs</code>.
                </p>
            )}
            {error !== undefined && (
                <p role="alert" className="control-error" data-testid="control-error">
                    CustomerInsightsGrid threw while mounting: {error}
                </p>
            )}
            <div className="control-cell view-cell" data-testid="view-cell" data-control={control?.name}>
                <div className="control-host" ref={cell} />
            </div>
        </div>
    );
}
