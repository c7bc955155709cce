/**
 * How the playground's form is set up (issue 12): which controls it holds and how they find the customer's
 * profile. Each choice is a URL parameter, so a benchmark or a test can open exactly one setup.
 *
 * - `form`: `controls` (default: every built form control except the panel, each its own bundle) or `panel`
 *   (the Customer Insights panel alone: the same three parts in one bundle). `controls=A,B` names exact ones.
 * - `link`: the maker's profile-link setup. `contact` (nothing bound: the controls read the contact's lookup
 *   first, the default of the manifests), `lookup` (the profile lookup bound to the contact's
 *   msdynci_lookupfield_customerprofile: the recommended setup, no contact read), `expand` (the contact read
 *   carries the profile: "Read the profile with the record"), `keyColumn` (only the profile key column).
 */
import type { DataverseEmulator } from '../test/dataverse';
import type { RawParameterValue } from '../test/host';

export const PANEL_CONTROL = 'CustomerInsightsPanel';

export type FormLayout = 'controls' | 'panel';

export const FORM_LAYOUTS: ReadonlyArray<{ readonly id: FormLayout; readonly name: string }> = [
    { id: 'controls', name: 'Separate controls (one bundle each)' },
    { id: 'panel', name: 'Customer Insights panel (one bundle)' },
];

/** The built controls the form holds: the named ones, or the layout's. */
export function controlsOnForm(built: readonly string[], layout: FormLayout, named: readonly string[] | undefined): string[] {
    if (named !== undefined && named.length > 0) return built.filter((name) => named.includes(name));
    return layout === 'panel' ? built.filter((name) => name === PANEL_CONTROL) : built.filter((name) => name !== PANEL_CONTROL);
}

export type LinkSetup = 'contact' | 'lookup' | 'expand' | 'keyColumn';

export const LINK_SETUPS: ReadonlyArray<{ readonly id: LinkSetup; readonly name: string }> = [
    { id: 'contact', name: 'Nothing bound: read the contact first (default)' },
    { id: 'lookup', name: 'Profile lookup bound (recommended)' },
    { id: 'expand', name: 'Read the profile with the contact ($expand)' },
    { id: 'keyColumn', name: 'Profile key column only' },
];

/** The maker's alternate-key column on the synthetic tenant's profiles (the CRM contact id). */
export const PROFILE_KEY_COLUMN = 'msdynci_crm_contact_contactid';

/**
 * The control parameters of a link setup for a contact. For `lookup`, the value the form gives a control
 * bound to the contact's profile lookup: read straight from the tenant's contact row (as the form has it),
 * not through the controls' Web API; empty when the contact has no backstamped lookup.
 */
export function linkParameters(dv: DataverseEmulator, setup: LinkSetup, contactId: string): Record<string, RawParameterValue> {
    switch (setup) {
        case 'contact':
            return {};
        case 'expand':
            return { readProfileWithRecord: 'yes' };
        case 'keyColumn':
            return { useProfileLookup: 'no', useAlternateKeys: 'no', profileKeyColumn: PROFILE_KEY_COLUMN };
        case 'lookup': {
            const contacts = dv.tenant.store('contact');
            const slot = contacts?.slotOfId(contactId.toLowerCase());
            const profileId = slot === undefined ? undefined : contacts?.rowAt(slot)?.['msdynci_lookupfield_customerprofile'];
            if (typeof profileId !== 'string') return { profileLookup: [] };
            return { profileLookup: [{ id: profileId, entityType: 'msdynci_customerprofile', name: dv.tenant.primaryName('msdynci_customerprofile', profileId) ?? '' }] };
        }
    }
}
