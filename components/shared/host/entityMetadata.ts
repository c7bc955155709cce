/**
 * `context.utils.getEntityMetadata` for the controls of one page, shared: when the app's metadata cache is
 * cold each call is a round trip, and several controls of a form ask for the same table. Identical questions
 * (same user, language, table and columns) share one answer for a few seconds through the page-wide metadata
 * cache (../pageState: keyed by user, memory only, failures never kept).
 */
import { normaliseGuid } from '../identifiers';
import { METADATA_SHARE_MS } from '../limits';
import type { SharedRequestCacheV1 } from '../pageState';
import type { EntityMetadataReader } from '../profileColumns';

export function pageMetadataReader(context: () => ComponentFramework.Context<unknown>, cache: SharedRequestCacheV1): EntityMetadataReader {
    return (table, attributes) => {
        const current = context();
        const settings = current.userSettings as Partial<ComponentFramework.UserSettings> | undefined;
        const user = normaliseGuid(settings?.userId) ?? String(settings?.userId ?? '');
        const columns = [...new Set(attributes)].sort();
        const key = JSON.stringify(['metadata', user, settings?.languageId ?? null, table, columns]);
        return cache.share(key, METADATA_SHARE_MS, () => current.utils.getEntityMetadata(table, columns));
    };
}
