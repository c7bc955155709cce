/**
 * The playground page against a real environment (`npm start -- --environment ...`): the same form, with
 * `context.webAPI` and `getEntityMetadata` over HTTP through the dev server's read-only proxy, as the
 * signed-in user. The contact is picked by id or from a small name search. Without the flag the page runs
 * the embedded in-memory Dataverse and nothing here is used.
 */
import * as React from 'react';
import { buildFetchXmlOptions } from '../components/shared/query';
import { createHttpMetadata, createHttpWebApi, DataverseHttpClient } from '../test/host/httpWebApi';
import type { PlaygroundEnvironment } from '../tools/environment/playgroundEnvironment';

/** Set by the dev server's environment plugin (a script in the page's head); undefined in the default (in-memory) mode. */
export const PLAYGROUND_ENVIRONMENT: PlaygroundEnvironment | undefined = (() => {
    const value = (window as { __PLAYGROUND_ENVIRONMENT__?: unknown }).__PLAYGROUND_ENVIRONMENT__;
    return typeof value === 'object' && value !== null && typeof (value as PlaygroundEnvironment).apiUrl === 'string' ? (value as PlaygroundEnvironment) : undefined;
})();

export interface EnvironmentSession {
    readonly environment: PlaygroundEnvironment;
    readonly userId: string;
    readonly userName: string;
    readonly webApi: ComponentFramework.WebApi;
    readonly metadata: ReturnType<typeof createHttpMetadata>;
    /** The page's own reads (who is signed in, contact names): not shown in the request panel, like the emulator mode's. */
    readonly client: DataverseHttpClient;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Who is signed in (WhoAmI, then the user's name). Rejects with the Web API's `{ errorCode, message }`. */
export async function openEnvironmentSession(environment: PlaygroundEnvironment): Promise<EnvironmentSession> {
    const options = { apiUrl: environment.apiUrl };
    const client = new DataverseHttpClient(options);
    const whoAmI = await client.getJson('WhoAmI', []);
    const userId = typeof whoAmI.UserId === 'string' ? whoAmI.UserId : '';
    if (!GUID.test(userId)) throw new Error('WhoAmI returned no user id.');
    const user = await client.getJson(`systemusers(${userId})?$select=fullname`).catch((): Record<string, unknown> => ({}));
    return { environment, userId, userName: typeof user.fullname === 'string' ? user.fullname : userId, webApi: createHttpWebApi(options), metadata: createHttpMetadata(options), client };
}

export interface ContactHit {
    readonly contactId: string;
    readonly fullName: string;
}

/** Up to 10 contacts whose full name starts with `text` (FetchXML like, escaped by the query builder). */
export async function searchContacts(session: EnvironmentSession, text: string): Promise<ContactHit[]> {
    const options = buildFetchXmlOptions({ table: 'contact', columns: ['fullname'], conditions: [{ attribute: 'fullname', operator: 'beginsWithText', value: text }], orderBy: [{ attribute: 'fullname' }], top: 10 });
    const body = await session.client.getJson(`contacts${options}`);
    const rows = Array.isArray(body.value) ? (body.value as Array<Record<string, unknown>>) : [];
    return rows
        .map((row) => {
            const contactId = typeof row.contactid === 'string' ? row.contactid : '';
            return { contactId, fullName: typeof row.fullname === 'string' ? row.fullname : contactId };
        })
        .filter((hit) => GUID.test(hit.contactId));
}

/** The contact's full name for the form header, or undefined when it cannot be read. */
export async function contactFullName(session: EnvironmentSession, contactId: string): Promise<string | undefined> {
    const id = GUID.exec(contactId.trim())?.[1];
    if (id === undefined) return undefined;
    try {
        const row = await session.client.getJson(`contacts(${id.toLowerCase()})?$select=fullname`);
        return typeof row.fullname === 'string' ? row.fullname : undefined;
    } catch {
        return undefined;
    }
}

export function normaliseContactId(text: string): string | undefined {
    return GUID.exec(text.trim())?.[1]?.toLowerCase();
}

/** The message of an Error or of the platform's `{ errorCode, message }`. */
export function describeFailure(error: unknown): string {
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
    return typeof error === 'string' ? error : JSON.stringify(error);
}

interface ContactPickerProps {
    readonly session: EnvironmentSession;
    readonly contactId: string;
    readonly onPick: (contactId: string) => void;
}

/** Pick the form's contact by id, or search by the start of the name and choose one of up to 10. */
export function ContactPicker({ session, contactId, onPick }: ContactPickerProps): React.ReactElement {
    const [idText, setIdText] = React.useState(contactId);
    const [query, setQuery] = React.useState('');
    const [hits, setHits] = React.useState<readonly ContactHit[] | undefined>(undefined);
    const [message, setMessage] = React.useState('');
    const idValid = normaliseContactId(idText) !== undefined;

    const search = (event: React.FormEvent): void => {
        event.preventDefault();
        if (query.trim() === '') return;
        setMessage('Searching…');
        searchContacts(session, query.trim()).then(
            (found) => {
                setHits(found);
                setMessage(found.length === 0 ? 'No contact name starts with that.' : `${found.length} contact${found.length === 1 ? '' : 's'} found.`);
            },
            (error: unknown) => {
                setHits([]);
                setMessage(`The search failed: ${describeFailure(error)}`);
            },
        );
    };

    return (
        <div className="settings" role="group" aria-label="Contact record">
            <form
                className="field-row"
                onSubmit={(event) => {
                    event.preventDefault();
                    const id = normaliseContactId(idText);
                    if (id !== undefined) onPick(id);
                }}
            >
                <div className="field">
                    <label htmlFor="contact-id">Contact id</label>
                    <input id="contact-id" data-testid="contact-id" value={idText} size={38} onChange={(event) => setIdText(event.target.value)} aria-invalid={idText !== '' && !idValid} />
                </div>
                <button type="submit" data-testid="open-contact" disabled={!idValid}>
                    Open
                </button>
            </form>
            <form className="field-row" onSubmit={search}>
                <div className="field">
                    <label htmlFor="contact-search">Contact name starts with</label>
                    <input id="contact-search" data-testid="contact-search" value={query} onChange={(event) => setQuery(event.target.value)} />
                </div>
                <button type="submit" data-testid="search-contacts">
                    Search
                </button>
            </form>
            {hits !== undefined && hits.length > 0 && (
                <div className="field">
                    <label htmlFor="contact-hits">Search results</label>
                    <select
                        id="contact-hits"
                        data-testid="contact-hits"
                        value=""
                        onChange={(event) => {
                            if (event.target.value !== '') {
                                setIdText(event.target.value);
                                onPick(event.target.value);
                            }
                        }}
                    >
                        <option value="">Choose a contact…</option>
                        {hits.map((hit) => (
                            <option key={hit.contactId} value={hit.contactId}>
                                {hit.fullName}
                            </option>
                        ))}
                    </select>
                </div>
            )}
            <p className="persona-description" role="status" data-testid="contact-search-status">
                {message}
            </p>
        </div>
    );
}
