/**
 * The timeline's own maker properties, read into plain values (structural types: this file does not need
 * the generated ManifestTypes). Every value has a working default.
 */
import { parseDetailKeys, type DetailKeySpec } from '../shared/activityDetails';
import { parseActivityTypes, type ActivityTypeList } from './activityTypes';

export type TimelineGrouping = 'day' | 'month';
export const PAGE_SIZES = [10, 25, 50] as const;
export type TimelinePageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: TimelinePageSize = 25;

export interface TimelineParameters {
    readonly activityTypes?: ComponentFramework.PropertyTypes.StringProperty;
    readonly pageSize?: ComponentFramework.PropertyTypes.EnumProperty<string>;
    readonly grouping?: ComponentFramework.PropertyTypes.EnumProperty<string>;
    readonly semanticKeys?: ComponentFramework.PropertyTypes.StringProperty;
}

export interface TimelineSettings {
    readonly pageSize: TimelinePageSize;
    readonly grouping: TimelineGrouping;
    readonly typesText: string;
    readonly types: ActivityTypeList;
    readonly detailKeys: readonly DetailKeySpec[];
    /** Changes exactly when what is read changes (page size, type list). */
    readonly readKey: string;
}

export function readTimelineSettings(parameters: TimelineParameters): TimelineSettings {
    const size = Number(parameters.pageSize?.raw);
    const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? (size as TimelinePageSize) : DEFAULT_PAGE_SIZE;
    const grouping: TimelineGrouping = parameters.grouping?.raw === 'month' ? 'month' : 'day';
    const typesText = parameters.activityTypes?.raw ?? '';
    const types = parseActivityTypes(typesText);
    return {
        pageSize,
        grouping,
        typesText,
        types,
        detailKeys: parseDetailKeys(parameters.semanticKeys?.raw),
        readKey: `${pageSize}|${typesText}`,
    };
}
