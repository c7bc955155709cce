/**
 * Small helpers shared by the emulator's tests (and usable by other tests): follow nextLink to the end.
 */

/** Reads every page of a query by passing nextLink back unchanged; returns entities and page count. */
export async function retrieveAllPages(
    webApi: ComponentFramework.WebApi,
    table: string,
    options: string,
    maxPageSize?: number,
): Promise<{ entities: ComponentFramework.WebApi.Entity[]; pages: number }> {
    const entities: ComponentFramework.WebApi.Entity[] = [];
    let pages = 0;
    let next: string | undefined = options;
    while (next !== undefined) {
        const page: ComponentFramework.WebApi.RetrieveMultipleResponse = await webApi.retrieveMultipleRecords(table, next, maxPageSize);
        pages++;
        entities.push(...page.entities);
        // The platform leaves nextLink undefined on the last page even though the type says string.
        next = page.nextLink ? page.nextLink : undefined;
    }
    return { entities, pages };
}
