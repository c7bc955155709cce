/** The grid's manifest properties as typed settings (no logic beyond reading and bounding the values). */
import type { IInputs } from './generated/ManifestTypes';
import type { DatasetInsightsSettings } from '../shared/host/datasetSession';
import type { ProfileColumnSets } from '../shared/host/dataset';
import { parseMeasureSpecs } from '../shared/measureSpec';
import { parseNameMapping } from '../shared/readableName';
import { insightColumns, type InsightColumn, type SegmentDisplay } from '../shared/ui/insightCells';
import { textInput, wholeNumberInput } from '../shared/host/inputValues';

/** The manifest's property sets that locate a row's profile. */
export const PROFILE_COLUMN_SETS: ProfileColumnSets = { profileLookup: 'profileLookup', profileKey: 'profileKey' };

export interface GridSettings {
    readonly dataset: DatasetInsightsSettings;
    readonly columns: readonly InsightColumn[];
    readonly segmentNames: ReadonlyMap<string, string>;
    readonly segmentTagLimit: number;
    /** Lines of the measures property that could not be read, e.g. "2, 5" (empty when all could). */
    readonly rejectedMeasureLines: string;
    /** Values of the properties that name columns, for naming the property behind a configuration problem. */
    readonly namedColumns: Readonly<Record<string, string | undefined>>;
}

const PAGE_SIZE_LIMITS = { min: 1, max: 5000 } as const;

export function readGridSettings(parameters: IInputs): GridSettings {
    const yes = (property: ComponentFramework.PropertyTypes.EnumProperty<'yes' | 'no'> | undefined): boolean => property?.raw !== 'no';
    const measures = parseMeasureSpecs(parameters.measures?.raw);
    const showSegments = yes(parameters.showSegments);
    const columns = insightColumns({
        businessUnit: yes(parameters.showBusinessUnit),
        segments: showSegments,
        measures: measures.specs,
        maxMeasures: wholeNumberInput(parameters.measureColumns, 3, 0, 10),
        freshness: yes(parameters.showFreshness),
    });
    const alternateKeyTable = textInput(parameters.alternateKeyTable);
    const dataSource = textInput(parameters.alternateKeyDataSource);
    const profileKeyColumn = textInput(parameters.profileKeyColumn);
    const pageSize = parameters.pageSize?.raw;
    return {
        dataset: {
            read: columns.length > 0,
            links: {
                useRecordLookup: yes(parameters.useProfileLookup),
                useAlternateKeys: yes(parameters.useAlternateKeys),
                ...(alternateKeyTable !== undefined ? { alternateKeyEntityName: alternateKeyTable } : {}),
                ...(dataSource !== undefined ? { alternateKeyDataSourceName: dataSource } : {}),
                ...(profileKeyColumn !== undefined ? { profileKeyColumn } : {}),
            },
            linkProfile: yes(parameters.linkProfile) && yes(parameters.useProfileLookup),
            // Tables are read only when a column shows them: a grid without segment columns sends no segment request.
            segments: showSegments,
            measures: columns.some((column) => column.kind === 'measure'),
            ...(typeof pageSize === 'number' && Number.isFinite(pageSize) ? { pageSize: wholeNumberInput(parameters.pageSize, 50, PAGE_SIZE_LIMITS.min, PAGE_SIZE_LIMITS.max) } : {}),
        },
        columns,
        segmentNames: parseNameMapping(parameters.segmentNames?.raw),
        segmentTagLimit: wholeNumberInput(parameters.segmentTags, 2, 1, 20),
        rejectedMeasureLines: measures.rejectedLines.join(', '),
        namedColumns: {
            Property_ProfileKeyColumn_DisplayName: profileKeyColumn,
            Property_AlternateKeyTable_DisplayName: alternateKeyTable,
            Property_AlternateKeyDataSource_DisplayName: dataSource,
        },
    };
}

export function segmentDisplay(settings: GridSettings, locale: string): SegmentDisplay {
    return { names: settings.segmentNames, tagLimit: settings.segmentTagLimit, locale };
}

/** The string key of the property a configuration problem points at (the one naming the offending column). */
export function propertyKeyFor(settings: GridSettings, offendingName: string | undefined): string {
    const name = offendingName?.trim().toLowerCase();
    const match = Object.entries(settings.namedColumns).find(([, value]) => name !== undefined && value?.toLowerCase() === name);
    return match?.[0] ?? 'Property_Records_DisplayName';
}
