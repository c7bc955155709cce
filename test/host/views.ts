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
