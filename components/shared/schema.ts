/**
 * Logical names of the Dataverse tables and columns the library reads.
 *
 * One place for every name so a tenant difference (or a platform rename) is a one-line change, and so
 * controls never spell a column themselves. Sources: shared/docs/domain.md. Names marked "unverified" there
 * are kept here as plain data, and readers tolerate their absence.
 */

/** A Dataverse table: logical name (what `context.webAPI` takes), entity set name and primary id column. */
export interface TableName {
    readonly logicalName: string;
    readonly entitySetName: string;
    readonly primaryIdColumn: string;
}

/** The seven tables Customer Insights - Data writes into Dataverse. */
export const CustomerInsightsTables = {
    customerProfile: {
        logicalName: 'msdynci_customerprofile',
        entitySetName: 'msdynci_customerprofiles',
        primaryIdColumn: 'msdynci_customerprofileid',
    },
    segmentMembership: {
        logicalName: 'msdynci_segmentmembership',
        entitySetName: 'msdynci_segmentmemberships',
        primaryIdColumn: 'msdynci_segmentmembershipid',
    },
    customerMeasure: {
        logicalName: 'msdynci_customermeasure',
        entitySetName: 'msdynci_customermeasures',
        primaryIdColumn: 'msdynci_customermeasureid',
    },
    unifiedActivity: {
        logicalName: 'msdynci_unifiedactivity',
        entitySetName: 'msdynci_unifiedactivities',
        primaryIdColumn: 'msdynci_unifiedactivityid',
    },
    alternateKey: {
        logicalName: 'msdynci_alternatekey',
        entitySetName: 'msdynci_alternatekeys',
        primaryIdColumn: 'msdynci_alternatekeyid',
    },
    prediction: {
        logicalName: 'msdynci_prediction',
        entitySetName: 'msdynci_predictions',
        primaryIdColumn: 'msdynci_predictionid',
    },
    enrichment: {
        logicalName: 'msdynci_enrichment',
        entitySetName: 'msdynci_enrichments',
        primaryIdColumn: 'msdynci_enrichmentid',
    },
} as const satisfies Record<string, TableName>;

/** Platform tables the library touches. */
export const PlatformTables = {
    contact: { logicalName: 'contact', entitySetName: 'contacts', primaryIdColumn: 'contactid' },
    lead: { logicalName: 'lead', entitySetName: 'leads', primaryIdColumn: 'leadid' },
    businessUnit: { logicalName: 'businessunit', entitySetName: 'businessunits', primaryIdColumn: 'businessunitid' },
    systemUser: { logicalName: 'systemuser', entitySetName: 'systemusers', primaryIdColumn: 'systemuserid' },
} as const satisfies Record<string, TableName>;

/**
 * Tables whose rows inherit the profile's business unit. Every other Customer Insights table is owned by
 * the ROOT business unit, so a readable row there says nothing about whether the user may see the customer.
 */
export const BusinessUnitInheritedTables: readonly string[] = [
    CustomerInsightsTables.customerProfile.logicalName,
    CustomerInsightsTables.segmentMembership.logicalName,
    CustomerInsightsTables.customerMeasure.logicalName,
    CustomerInsightsTables.unifiedActivity.logicalName,
];

/** Ownership and audit columns every table has (logical names, as used in FetchXML and query functions). */
export const OwnershipColumns = {
    ownerId: 'ownerid',
    owningBusinessUnit: 'owningbusinessunit',
    owningTeam: 'owningteam',
    owningUser: 'owninguser',
    modifiedOn: 'modifiedon',
} as const;

/** Columns shared by the Customer Insights tables. */
export const InsightsColumns = {
    customerId: 'msdynci_customerid',
    /** Lookup from an insight row to its profile row (unverified in a live tenant; not relied on). */
    customerLookup: 'msdynci_lookupfield_customer',
} as const;

export const SegmentMembershipColumns = {
    segments: 'msdynci_segments',
    segmentProvider: 'msdynci_segmentprovider',
    membershipType: 'msdynci_segmentmembershiptype',
} as const;

export const CustomerMeasureColumns = {
    measures: 'msdynci_measures',
} as const;

export const UnifiedActivityColumns = {
    activityId: 'msdynci_activityid',
    activityTime: 'msdynci_activitytime',
    activityType: 'msdynci_activitytype',
    activityTypeDisplay: 'msdynci_activitytypedisplay',
    activityName: 'msdynci_activityname',
    title: 'msdynci_title',
    externalUrl: 'msdynci_externalurl',
    entityName: 'msdynci_entityname',
    actualActivityId: 'msdynci_actualactivityid',
    semanticData: 'msdynci_semanticdata',
} as const;

export const AlternateKeyColumns = {
    dataSourceName: 'msdynci_datasourcename',
    entityName: 'msdynci_entityname',
    alternateValue: 'msdynci_alternatevalue',
    keyRing: 'msdynci_keyring',
} as const;

export const PredictionColumns = {
    model: 'msdynci_model',
    modelProvider: 'msdynci_modelprovider',
    values: 'msdynci_values',
} as const;

export const EnrichmentColumns = {
    enrichmentProvider: 'msdynci_enrichmentprovider',
    enrichmentType: 'msdynci_enrichmenttype',
    values: 'msdynci_values',
} as const;

/** The backstamped lookup from a contact (or lead) to its profile row (B2C environments only). */
export const ContactColumns = {
    profileLookup: 'msdynci_lookupfield_customerprofile',
} as const;

export const BusinessUnitColumns = {
    name: 'name',
    parentBusinessUnit: 'parentbusinessunitid',
} as const;

export const SystemUserColumns = {
    businessUnit: 'businessunitid',
} as const;

/** Default Customer Insights table name stored in `msdynci_alternatekey.msdynci_entityname` for contacts. */
export const DEFAULT_ALTERNATE_KEY_ENTITY_NAME = 'contact';

/**
 * Web API property of a lookup column: `owningbusinessunit` is read and filtered as `_owningbusinessunit_value`.
 */
export function lookupValueProperty(lookupColumn: string): string {
    return `_${lookupColumn}_value`;
}

/** Instance annotations the Web API adds next to a property (present when annotations are included). */
export const Annotations = {
    formattedValue: 'OData.Community.Display.V1.FormattedValue',
    lookupLogicalName: 'Microsoft.Dynamics.CRM.lookuplogicalname',
    associatedNavigationProperty: 'Microsoft.Dynamics.CRM.associatednavigationproperty',
} as const;

/** Name of the formatted-value annotation of a property, e.g. the business unit name of `_owningbusinessunit_value`. */
export function formattedValueProperty(property: string): string {
    return `${property}@${Annotations.formattedValue}`;
}

/** `_owningbusinessunit_value`, the property every reader selects for the business-unit badge. */
export const OWNING_BUSINESS_UNIT_PROPERTY = lookupValueProperty(OwnershipColumns.owningBusinessUnit);

/** `_msdynci_lookupfield_customerprofile_value` on contact / lead. */
export const PROFILE_LOOKUP_PROPERTY = lookupValueProperty(ContactColumns.profileLookup);

/**
 * The single-valued navigation property from contact (or lead) to its profile, for `$expand`. Unverified: a
 * lookup's navigation property is named after the lookup's schema name, assumed here to be its logical name;
 * if a tenant names it otherwise the expanded read is refused and the controls read the record and the
 * profile one after the other (components/shared/profile.ts, docs/platform-assumptions.md).
 */
export const PROFILE_LOOKUP_NAVIGATION_PROPERTY = ContactColumns.profileLookup;
