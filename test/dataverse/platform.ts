/**
 * What a tenant's Dataverse does with the Customer Insights (msdynci_*) tables where the documentation
 * leaves it open (shared/docs/domain.md, views-timeline-journeys.md "Checks that need a live tenant"):
 * elastic or virtual tables, page size, `$expand`, aggregates, hierarchy operators, formatted values on
 * lookups, nextLink paging. The emulator answers either way, so every code path that depends on it, and
 * every outcome of the tenant probe (`npm run probe`), can be exercised here.
 *
 * - {@link DEFAULT_PLATFORM}: what the emulator always did (unchanged for existing tests).
 * - {@link ELASTIC_REFUSALS}: a tenant that refuses everything it might refuse on elastic tables.
 * - {@link NO_REFUSALS}: a tenant whose msdynci_* tables behave like standard tables.
 *
 * Which error a refusing tenant really gives is unverified; the refusals here answer 400 with
 * 0x80060888 ("not supported"), the code Dataverse uses for unsupported query features.
 */

export type TableType = 'Standard' | 'Elastic' | 'Virtual';

export interface PlatformBehaviour {
    /** `TableType` the metadata reports for the msdynci_* tables. */
    readonly customerInsightsTableType: TableType;
    /** Most rows per page on msdynci_* tables (elastic tables: 500; standard tables: 5,000). */
    readonly customerInsightsPageSize: number;
    /** `$expand` of a single-valued navigation property (a lookup) in OData queries. */
    readonly expandLookups: boolean;
    /** FetchXML aggregates (`aggregate="true"`) on msdynci_* tables. */
    readonly customerInsightsAggregates: boolean;
    /** EqualBusinessId / NotBusinessId / Under / UnderOrEqual / NotUnder (and FetchXML's) on msdynci_* tables. */
    readonly customerInsightsHierarchyOperators: boolean;
    /** The formatted-value annotation (the name) on lookups of msdynci_* rows, e.g. `_owningbusinessunit_value`. */
    readonly customerInsightsLookupNames: boolean;
    /** Following a nextLink (`$skiptoken`) on msdynci_* tables. */
    readonly customerInsightsNextLink: boolean;
    /**
     * `lt`/`le`/`gt`/`ge` on a GUID column (the timeline's keyset compares the activity id) on msdynci_* tables.
     * Absent means accepted, as in every preset: whether any tenant refuses it is unverified, and the tenant
     * probe (`activity-keyset`) asks; set false to see what the probe and the controls do when one does.
     */
    readonly customerInsightsGuidComparisons?: boolean;
}

export const DEFAULT_PLATFORM: PlatformBehaviour = {
    customerInsightsTableType: 'Elastic',
    customerInsightsPageSize: 500,
    expandLookups: false,
    customerInsightsAggregates: true,
    customerInsightsHierarchyOperators: true,
    customerInsightsLookupNames: true,
    customerInsightsNextLink: true,
};

export const ELASTIC_REFUSALS: PlatformBehaviour = {
    customerInsightsTableType: 'Elastic',
    customerInsightsPageSize: 500,
    expandLookups: false,
    customerInsightsAggregates: false,
    customerInsightsHierarchyOperators: false,
    customerInsightsLookupNames: false,
    customerInsightsNextLink: false,
};

export const NO_REFUSALS: PlatformBehaviour = {
    customerInsightsTableType: 'Standard',
    customerInsightsPageSize: 5000,
    expandLookups: true,
    customerInsightsAggregates: true,
    customerInsightsHierarchyOperators: true,
    customerInsightsLookupNames: true,
    customerInsightsNextLink: true,
};
