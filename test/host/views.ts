/**
 * Views of the synthetic tenant for dataset controls, shared by the jest tests, the playground and the
 * benchmarks (like a table's system views in a real environment).
 */
import type { ViewDefinition } from './dataset';

/** "Active Contacts": name, e-mail and city, by name; the phone column is in the view but hidden. */
export const ACTIVE_CONTACTS_VIEW: ViewDefinition = {
    table: 'contact',
    viewId: '00000000-0000-0000-00aa-000010001004',
    title: 'Active Contacts',
    columns: [
        { name: 'fullname', order: 0, visualSizeFactor: 200, isPrimary: true },
        { name: 'emailaddress1', order: 1, visualSizeFactor: 250 },
        { name: 'address1_city', order: 2, visualSizeFactor: 120 },
        { name: 'telephone1', order: 3, visualSizeFactor: 100, isHidden: true },
    ],
    sort: [{ name: 'fullname', sortDirection: 0 }],
};

/**
 * "Active Contacts" with the backstamped profile lookup as a column: the host column of the grid cells
 * customizer (it shows the business unit there), for jest, the playground's "Power Apps grid" page and the
 * benchmark.
 */
export const CONTACTS_WITH_PROFILE_VIEW: ViewDefinition = {
    ...ACTIVE_CONTACTS_VIEW,
    viewId: '00000000-0000-0000-00aa-000010001005',
    title: 'Active Contacts with Customer Insights',
    columns: [...ACTIVE_CONTACTS_VIEW.columns, { name: 'msdynci_lookupfield_customerprofile', displayName: 'Customer profile', order: 4, visualSizeFactor: 190 }],
};

/** Empty text columns a maker adds to that view to host the other kinds of cells (the customizer's default names). */
export const CELL_PLACEHOLDER_COLUMNS: readonly { readonly name: string; readonly displayName: string; readonly width: number }[] = [
    { name: 'cr123_cisegments', displayName: 'Segments', width: 260 },
    { name: 'cr123_cimeasures', displayName: 'Measures', width: 380 },
    { name: 'cr123_cifreshness', displayName: 'Updated', width: 140 },
];
