/**
 * The shared insights core: the only way controls of this library read Customer Insights data.
 * Data layer only (no React). Start with {@link createInsightsReader}.
 */

export { createInsightsReader } from './insightsReader';
export type { BusinessUnitScope, InsightsReader, InsightsReaderOptions, InsightsReaderSettings } from './insightsReader';

export type {
    FoundProfile,
    NoProfile,
    ProfileColumnValue,
    ProfileLink,
    ProfileLinkSettings,
    ProfileNotVisible,
    ProfileRequest,
    ProfileResolution,
} from './profile';

export { combineStatus, DEFAULT_ACTIVITY_ROW_LIMIT } from './readers';
export type {
    ActivityQuery,
    CustomerMeasureRow,
    CustomerMeasuresRead,
    EnrichmentRow,
    InsightsRows,
    PredictionRow,
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
