/**
 * Table metadata the emulator knows: the seven Customer Insights tables, contact, businessunit, systemuser,
 * team (shared/docs/domain.md section 1) and the Customer Insights - Journeys segment (msdynmkt_segment).
 * Column sets for the msdynci_* tables follow the documented key columns; the profile columns stand for one
 * tenant's unification output (they differ per tenant).
 */

export type AttributeType =
    | 'Uniqueidentifier'
    | 'String'
    | 'Memo'
    | 'DateTime'
    | 'Integer'
    | 'Decimal'
    | 'Boolean'
    | 'Picklist'
    | 'Lookup'
    | 'Owner';

export interface AttributeDefinition {
    readonly logicalName: string;
    readonly displayName: string;
    readonly type: AttributeType;
    /** Tables a lookup/owner column points to. */
    readonly targets?: readonly string[];
    /** Labels of a picklist column. */
    readonly options?: Readonly<Record<number, string>>;
}

/** How a row's owning business unit is found, which decides how access levels apply. */
export type OwnershipKind = 'UserOrTeam' | 'BusinessUnit';

export interface TableDefinition {
    readonly logicalName: string;
    readonly entitySetName: string;
    readonly primaryIdAttribute: string;
    readonly primaryNameAttribute: string;
    readonly displayName: string;
    readonly ownership: OwnershipKind;
    /** Customer Insights tables: read-only for us and elastic (500-row pages). */
    readonly customerInsights: boolean;
    readonly attributes: ReadonlyMap<string, AttributeDefinition>;
}

type AttributeTuple = readonly [logicalName: string, displayName: string, type: AttributeType, targets?: readonly string[]];

function attributeMap(tuples: readonly AttributeTuple[]): ReadonlyMap<string, AttributeDefinition> {
    const map = new Map<string, AttributeDefinition>();
    for (const [logicalName, displayName, type, targets] of tuples) {
        map.set(logicalName, targets ? { logicalName, displayName, type, targets } : { logicalName, displayName, type });
    }
    return map;
}

const OWNERSHIP_ATTRIBUTES: readonly AttributeTuple[] = [
    ['ownerid', 'Owner', 'Owner', ['systemuser', 'team']],
    ['owningbusinessunit', 'Owning Business Unit', 'Lookup', ['businessunit']],
    ['owningteam', 'Owning Team', 'Lookup', ['team']],
    ['owninguser', 'Owning User', 'Lookup', ['systemuser']],
    ['createdon', 'Created On', 'DateTime'],
    ['modifiedon', 'Modified On', 'DateTime'],
];

function customerInsightsTable(
    name: string,
    entitySetName: string,
    displayName: string,
    primaryNameAttribute: string,
    columns: readonly AttributeTuple[],
): TableDefinition {
    return {
        logicalName: name,
        entitySetName,
        primaryIdAttribute: `${name}id`,
        primaryNameAttribute,
        displayName,
        ownership: 'UserOrTeam',
        customerInsights: true,
        attributes: attributeMap([
            [`${name}id`, displayName, 'Uniqueidentifier'],
            ['msdynci_customerid', 'Customer ID', 'String'],
            ...columns,
            ...OWNERSHIP_ATTRIBUTES,
        ]),
    };
}

const CUSTOMER_LOOKUP: AttributeTuple = ['msdynci_lookupfield_customer', 'Customer', 'Lookup', ['msdynci_customerprofile']];

const TABLE_LIST: readonly TableDefinition[] = [
    customerInsightsTable('msdynci_customerprofile', 'msdynci_customerprofiles', 'Customer Profile', 'msdynci_fullname', [
        ['msdynci_fullname', 'Full Name', 'String'],
        ['msdynci_firstname', 'First Name', 'String'],
        ['msdynci_lastname', 'Last Name', 'String'],
        ['msdynci_primaryemail', 'Primary Email', 'String'],
        ['msdynci_telephone', 'Telephone', 'String'],
        ['msdynci_city', 'City', 'String'],
        ['msdynci_country', 'Country', 'String'],
        ['msdynci_postalcode', 'Postal Code', 'String'],
        ['msdynci_birthdate', 'Birth Date', 'DateTime'],
        ['msdynci_gender', 'Gender', 'String'],
        // Alternate-key columns msdynci_<datasource>_<table>_<keycolumn>; names are tenant-specific.
        ['msdynci_crm_contact_contactid', 'crm contact contactid', 'String'],
        ['msdynci_ecommerce_customers_customerid', 'ecommerce customers customerid', 'String'],
        ['msdynci_crm_account_accountid', 'crm account accountid', 'String'],
    ]),
    customerInsightsTable('msdynci_segmentmembership', 'msdynci_segmentmemberships', 'Segment Membership', 'msdynci_customerid', [
        ['msdynci_segments', 'Segments', 'Memo'],
        ['msdynci_segmentprovider', 'Segment Provider', 'String'],
        ['msdynci_segmentmembershiptype', 'Segment Membership Type', 'String'],
        CUSTOMER_LOOKUP,
    ]),
    customerInsightsTable('msdynci_customermeasure', 'msdynci_customermeasures', 'Customer Measure', 'msdynci_customerid', [
        ['msdynci_measures', 'Measures', 'Memo'],
        CUSTOMER_LOOKUP,
    ]),
    customerInsightsTable('msdynci_unifiedactivity', 'msdynci_unifiedactivities', 'Unified Activity', 'msdynci_title', [
        ['msdynci_activityid', 'Activity ID', 'String'],
        ['msdynci_activitytime', 'Activity Time', 'DateTime'],
        ['msdynci_activitytype', 'Activity Type', 'String'],
        ['msdynci_activitytypedisplay', 'Activity Type Display', 'String'],
        ['msdynci_activityname', 'Activity Name', 'String'],
        ['msdynci_title', 'Title', 'String'],
        ['msdynci_externalurl', 'External URL', 'String'],
        ['msdynci_entityname', 'Entity Name', 'String'],
        ['msdynci_actualactivityid', 'Actual Activity ID', 'String'],
        ['msdynci_semanticdata', 'Semantic Data', 'Memo'],
        ['msdynci_rangeindex', 'Range Index', 'Integer'],
        CUSTOMER_LOOKUP,
    ]),
    customerInsightsTable('msdynci_alternatekey', 'msdynci_alternatekeys', 'Alternate Key', 'msdynci_customerid', [
        ['msdynci_datasourcename', 'Data Source Name', 'String'],
        ['msdynci_entityname', 'Entity Name', 'String'],
        ['msdynci_alternatevalue', 'Alternate Value', 'String'],
        ['msdynci_keyring', 'Key Ring', 'Memo'],
        CUSTOMER_LOOKUP,
    ]),
    customerInsightsTable('msdynci_prediction', 'msdynci_predictions', 'Prediction', 'msdynci_customerid', [
        ['msdynci_model', 'Model', 'String'],
        ['msdynci_modelprovider', 'Model Provider', 'String'],
        ['msdynci_values', 'Values', 'Memo'],
        CUSTOMER_LOOKUP,
    ]),
    customerInsightsTable('msdynci_enrichment', 'msdynci_enrichments', 'Enrichment', 'msdynci_customerid', [
        ['msdynci_enrichmentprovider', 'Enrichment Provider', 'String'],
        ['msdynci_enrichmenttype', 'Enrichment Type', 'String'],
        ['msdynci_values', 'Values', 'Memo'],
        CUSTOMER_LOOKUP,
    ]),
    {
        logicalName: 'contact',
        entitySetName: 'contacts',
        primaryIdAttribute: 'contactid',
        primaryNameAttribute: 'fullname',
        displayName: 'Contact',
        ownership: 'UserOrTeam',
        customerInsights: false,
        attributes: attributeMap([
            ['contactid', 'Contact', 'Uniqueidentifier'],
            ['fullname', 'Full Name', 'String'],
            ['firstname', 'First Name', 'String'],
            ['lastname', 'Last Name', 'String'],
            ['emailaddress1', 'Email', 'String'],
            ['telephone1', 'Business Phone', 'String'],
            ['address1_city', 'Address 1: City', 'String'],
            ['msdynci_lookupfield_customerprofile', 'Customer Profile', 'Lookup', ['msdynci_customerprofile']],
            ...OWNERSHIP_ATTRIBUTES,
        ]),
    },
    {
        logicalName: 'businessunit',
        entitySetName: 'businessunits',
        primaryIdAttribute: 'businessunitid',
        primaryNameAttribute: 'name',
        displayName: 'Business Unit',
        ownership: 'BusinessUnit',
        customerInsights: false,
        attributes: attributeMap([
            ['businessunitid', 'Business Unit', 'Uniqueidentifier'],
            ['name', 'Name', 'String'],
            ['parentbusinessunitid', 'Parent Business', 'Lookup', ['businessunit']],
            ['createdon', 'Created On', 'DateTime'],
            ['modifiedon', 'Modified On', 'DateTime'],
        ]),
    },
    {
        logicalName: 'systemuser',
        entitySetName: 'systemusers',
        primaryIdAttribute: 'systemuserid',
        primaryNameAttribute: 'fullname',
        displayName: 'User',
        ownership: 'BusinessUnit',
        customerInsights: false,
        attributes: attributeMap([
            ['systemuserid', 'User', 'Uniqueidentifier'],
            ['fullname', 'Full Name', 'String'],
            ['domainname', 'User Name', 'String'],
            ['internalemailaddress', 'Primary Email', 'String'],
            ['businessunitid', 'Business Unit', 'Lookup', ['businessunit']],
            ['isdisabled', 'Status', 'Boolean'],
            ['createdon', 'Created On', 'DateTime'],
            ['modifiedon', 'Modified On', 'DateTime'],
        ]),
    },
    {
        logicalName: 'team',
        entitySetName: 'teams',
        primaryIdAttribute: 'teamid',
        primaryNameAttribute: 'name',
        displayName: 'Team',
        ownership: 'BusinessUnit',
        customerInsights: false,
        attributes: new Map([
            ...attributeMap([
                ['teamid', 'Team', 'Uniqueidentifier'],
                ['name', 'Team Name', 'String'],
                ['businessunitid', 'Business Unit', 'Lookup', ['businessunit']],
                ['isdefault', 'Is Default', 'Boolean'],
                ['createdon', 'Created On', 'DateTime'],
                ['modifiedon', 'Modified On', 'DateTime'],
            ]),
            ['teamtype', { logicalName: 'teamtype', displayName: 'Team Type', type: 'Picklist', options: { 0: 'Owner', 1: 'Access' } }],
        ]),
    },
    {
        // Customer Insights - Journeys segment (real-time-marketing-api-segment.md); rows in journeys.ts.
        // `cibu_outputname` is a column a maker adds: the Customer Insights - Data output name is not on the table.
        logicalName: 'msdynmkt_segment',
        entitySetName: 'msdynmkt_segments',
        primaryIdAttribute: 'msdynmkt_segmentid',
        primaryNameAttribute: 'msdynmkt_displayname',
        displayName: 'Segment',
        ownership: 'UserOrTeam',
        customerInsights: false,
        attributes: new Map([
            ...attributeMap([
                ['msdynmkt_segmentid', 'Segment', 'Uniqueidentifier'],
                ['msdynmkt_displayname', 'Name', 'String'],
                ['msdynmkt_baseentitylogicalname', 'Target audience', 'String'],
                ['cibu_outputname', 'Customer Insights output name', 'String'],
                ...OWNERSHIP_ATTRIBUTES,
            ]),
            ['msdynmkt_type', { logicalName: 'msdynmkt_type', displayName: 'Segment type', type: 'Picklist', options: { 10: 'Static', 11: 'Dynamic' } }],
        ]),
    },
];

export const TABLES: ReadonlyMap<string, TableDefinition> = new Map(TABLE_LIST.map((table) => [table.logicalName, table]));

/** Logical names of the seven Customer Insights tables. */
export const CUSTOMER_INSIGHTS_TABLES = TABLE_LIST.filter((table) => table.customerInsights).map((table) => table.logicalName);

/** Tables CI writes into the root business unit (domain.md section 2). */
export const ROOT_OWNED_TABLES: readonly string[] = ['msdynci_alternatekey', 'msdynci_prediction', 'msdynci_enrichment'];

export function isLookupType(type: AttributeType): boolean {
    return type === 'Lookup' || type === 'Owner';
}

/** The Web API property name of a column: lookups are `_<name>_value`. */
export function webApiPropertyName(attribute: AttributeDefinition): string {
    return isLookupType(attribute.type) ? `_${attribute.logicalName}_value` : attribute.logicalName;
}

/** Resolves a Web API property name (as written in $select/$filter/$orderby) to a column. */
export function attributeByWebApiName(table: TableDefinition, propertyName: string): AttributeDefinition | undefined {
    const lookupMatch = /^_(.+)_value$/.exec(propertyName);
    if (lookupMatch?.[1] !== undefined) {
        const attribute = table.attributes.get(lookupMatch[1]);
        return attribute && isLookupType(attribute.type) ? attribute : undefined;
    }
    const attribute = table.attributes.get(propertyName);
    return attribute && !isLookupType(attribute.type) ? attribute : undefined;
}
