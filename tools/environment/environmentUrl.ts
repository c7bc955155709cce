/**
 * Which environments the playground and the probe may talk to: a Dataverse environment over https, or a
 * local server on loopback over http (the in-memory Dataverse of `npm run dataverse`). Anything else is
 * refused before a token is asked for or a request is sent, so a token never travels in clear text.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export class EnvironmentUrlError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'EnvironmentUrlError';
    }
}

export interface Environment {
    /** `https://contoso.crm.dynamics.com` (no trailing slash). */
    readonly origin: string;
    /** `https://contoso.crm.dynamics.com/api/data/v9.2/` */
    readonly apiUrl: string;
    /** A local server on loopback (http allowed, development tokens). */
    readonly loopback: boolean;
}

/** Parses `--environment`; throws {@link EnvironmentUrlError} with a message for the user. */
export function parseEnvironmentUrl(text: string): Environment {
    let url: URL;
    try {
        url = new URL(text.trim());
    } catch {
        throw new EnvironmentUrlError(`'${text}' is not a URL. Give the environment as https://<org>.crm.dynamics.com.`);
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        throw new EnvironmentUrlError(`Refusing ${url.protocol}//${url.host}: an environment is reached over https only (http only on loopback: 127.0.0.1, ::1, localhost).`);
    }
    if (url.username !== '' || url.password !== '') throw new EnvironmentUrlError('The environment URL must not carry a user name or password.');
    const path = url.pathname.replace(/\/+$/, '');
    if (path !== '' && path !== '/api/data/v9.2') throw new EnvironmentUrlError(`Give the environment's address without a path (got '${url.pathname}').`);
    return { origin: url.origin, apiUrl: `${url.origin}/api/data/v9.2/`, loopback };
}
