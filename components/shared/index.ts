/**
 * The shared insights core: the only way controls of this library read Customer Insights data.
 * Data layer only (no React). Start with {@link createInsightsReaderCore} and the table readers it runs
 * (`reader.read(readSegmentMembership, profile)`): a bundle then holds only the readers its control uses.
 */

export { createInsightsReader, createInsightsReaderCore } from './insightsReader';
export type { BusinessUnitScope, InsightsReader, InsightsReaderCore, InsightsReaderOptions, InsightsReaderSettings, TableReader } from './insightsReader';

export type {
    FoundProfile,
    NoProfile,
    ProfileColumnValue,
    ProfileLink,
    ProfileLinkSettings,
    ProfileColumnsRequest,
    ProfileNotVisible,
    ProfileRequest,
    ProfileResolution,
} from './profile';

export { combineStatus, DEFAULT_ACTIVITY_PAGE_SIZE, MAX_ACTIVITY_PAGE_SIZE, readCustomerMeasures, readEnrichments, readPredictions, readSegmentMembership, readUnifiedActivities } from './readers';
export type {
    ActivityCursor,
    ActivityFilter,
    ActivityPageQuery,
    CustomerMeasureRow,
    CustomerMeasuresRead,
    EnrichmentRow,
    InsightsRows,
    PredictionRow,
    ReaderDeps,
    SegmentMembershipRead,
    SegmentMembershipRow,
    UnifiedActivitiesRead,
    UnifiedActivityRow,
} from './readers';

export type { BusinessUnitRef, RowOrigin } from './rows';

export { AGGREGATE_ROW_LIMIT, JOURNEYS_SEGMENT_MEMBER_LIMIT } from './readiness';
export type { BusinessUnitMembers, BusinessUnitRelation, CountsUnavailable, MemberLimitStatus, ReadinessRequest, ReadinessVerdict, SegmentReadiness } from './readiness';

export { classifyFailure, InsightsError, PlatformErrorCodes } from './failure';
export type { FailureKind, InsightsFailure } from './failure';

export { parseInsightValues, parseKeyValues, parseMeasures, parseSegments } from './parsers';
export type { InsightListItem, InsightValue, KeyValue, MeasureValue, ParsedColumn, ParseStatus } from './parsers';

export { DEFAULT_REQUEST_POLICY } from './requests';
export type { BusyRetry, Clock, RequestPolicy, WebApiReader } from './requests';

export { isGuid, normaliseCustomerId, normaliseGuid } from './identifiers';
export type { CustomerId, NormalisedGuid } from './identifiers';

export * from './schema';
