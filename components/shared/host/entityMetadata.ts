/**
 * `context.utils.getEntityMetadata` for the controls of one page, shared: when the app's metadata cache is
 * cold each call is a round trip, and several controls of a form may ask for the same table. Identical
 * questions (same user, language, table and columns) share one answer for a few seconds through the
 * page-wide metadata cache (../pageState: keyed by user, memory only, failures never kept). Only controls
 * that show table metadata create one (others never ask for metadata).
 */
import { normaliseGuid } from '../identifiers';
import { METADATA_SHARE_MS } from '../limits';
import { sharedMetadataCache } from '../pageState';
import type { EntityMetadataReader } from '../profileColumns';

export class PageMetadata {
    /** Reads through the current context (`context()`), sharing answers page-wide. */
    readonly read: EntityMetadataReader;
    private readonly cache = sharedMetadataCache();

    /** Call in init; {@link release} in destroy (the page's cache empties when the last holder releases it). */
    constructor(context: () => ComponentFramework.Context<unknown>) {
        this.cache.retain();
        this.read = (table, attributes) => {
            const current = context();
            const settings = current.userSettings as Partial<ComponentFramework.UserSettings> | undefined;
            const user = normaliseGuid(settings?.userId) ?? String(settings?.userId ?? '');
            const columns = [...new Set(attributes)].sort();
            const key = JSON.stringify(['metadata', user, settings?.languageId ?? null, table, columns]);
            return this.cache.share(key, METADATA_SHARE_MS, () => current.utils.getEntityMetadata(table, columns));
        };
    }

    release(): void {
        this.cache.release();
    }
}
