/**
 * The in-memory Dataverse used by tests, the playground and benchmarks (issue 3, docs/contracts.md).
 *
 * ```ts
 * const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 200 });
 * const webApi = dv.webApi(PERSONAS.serviceAgent.userId);
 * const page = await webApi.retrieveMultipleRecords('msdynci_segmentmembership', "?$select=msdynci_segments&$filter=msdynci_customerid eq '...'");
 * ```
 * Runtime code uses no Node built-ins, so vite can bundle it for a browser page.
 */
export { DataverseEmulator, EMULATOR_BASE_URL, MAX_PAGE_SIZE, ELASTIC_MAX_PAGE_SIZE, AGGREGATE_RECORD_LIMIT, MAX_URL_LENGTH } from './emulator';
export type { DataverseEmulatorOptions, WhoAmIResponse, EntityMetadataLike, AttributeMetadataLike, RetrieveMultipleResult } from './emulator';
export { DataverseError, ERROR_CODES, isDataverseError, networkFailure, NETWORK_FAILURE_MESSAGE, toPlatformRejection } from './errors';
export type { DataverseErrorShape, ErrorCodeName, NetworkFailureShape, PlatformRejection } from './errors';
export { FaultControls, RequestLog, DEFAULT_THROTTLE_BUDGET } from './faults';
export type { ThrottleBudget, InjectedFailure, PagingFault, RequestLogEntry, Operation } from './faults';
export { TABLES, CUSTOMER_INSIGHTS_TABLES, ROOT_OWNED_TABLES, webApiPropertyName } from './metadata';
export type { TableDefinition, AttributeDefinition, AttributeType } from './metadata';
export { ORGANISATION, BUSINESS_UNIT_IDS, TEAM_IDS, ROLE_IDS, EXTRA_USER_IDS } from './organisation';
export type { AccessLevel, BusinessUnit, Team, SecurityRole, SystemUser, Organisation } from './organisation';
export { PERSONAS, PERSONA_LIST } from './personas';
export type { Persona, PersonaKey } from './personas';
export { SyntheticTenant, SEGMENT_NAMES } from './tenant';
export { DEFAULT_PLATFORM, ELASTIC_REFUSALS, NO_REFUSALS } from './platform';
export type { PlatformBehaviour, TableType } from './platform';
export type { RolePrivilege, PrivilegeDepth } from './privileges';
export { ACTIVITY_KINDS, B2B_CONTACTS, DEFAULT_ACTIVITY_ANCHOR_MS, HOSTILE_EXTERNAL_URLS, TIMELINE_ACTIVITY_COUNT } from './activities';
export type { ActivityKind } from './activities';
export type { SyntheticTenantOptions, SampleAccount, SampleAccountKey, SampleContact, SampleContactKey, ProfileFacts, StoredRow, ColumnValue, ContactLinkKind, StoredIdForm, TableStore, RowOwnership } from './tenant';
export { wideCustomer, wideMeasures, wideSegmentNames } from './wideCustomer';
export type { WideCustomerOptions } from './wideCustomer';
export type { RowOverride } from './tenant';
