/** Where a control's Web API requests go, for the URL-length budget of the page enricher (dataset and grid cells). */

/**
 * Characters of a Web API URL before the entity set: the organisation URL plus `/api/data/v9.2/`. Model-driven
 * apps offer `context.page.getClientUrl()` (not in the PCF types; used by Microsoft's own samples); without it
 * the enricher assumes a long organisation URL.
 */
export function urlPrefixLength(context: ComponentFramework.Context<unknown>): number | undefined {
    try {
        const page = (context as unknown as { page?: { getClientUrl?: () => unknown } }).page;
        const url = page?.getClientUrl?.();
        return typeof url === 'string' && url !== '' ? url.replace(/\/+$/, '').length + '/api/data/v9.2/'.length : undefined;
    } catch {
        return undefined;
    }
}
