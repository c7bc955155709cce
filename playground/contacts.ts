/**
 * The contacts the form can open: every named sample contact of the synthetic tenant (the awkward cases)
 * plus one ordinary contact per business unit. Names come straight from the tenant's contact rows, as the
 * form's own header would (every persona may read contacts), not through the controls' Web API, so they do
 * not show up in the request log.
 */
import type { DataverseEmulator, SampleContactKey } from '../test/dataverse';

export interface ContactChoice {
    readonly contactId: string;
    readonly fullName: string;
    /** What makes this contact interesting. */
    readonly label: string;
    readonly sampleKey?: SampleContactKey;
}

const SAMPLE_LABELS: Readonly<Record<SampleContactKey, string>> = {
    serviceAgentCustomer: "Service agent's business unit (United States)",
    otherRegionCustomer: 'Other business unit (Germany)',
    unmappedCustomer: 'Unmapped profile, owned by the root business unit',
    noProfile: 'No Customer Insights profile',
    upperCaseGuid: 'Alternate key stores the contact id in upper case',
    bracedGuid: 'Alternate key stores the contact id braced',
    alternateKeyOnly: 'Linked through the alternate key only',
    corruptJson: 'Corrupt segments, measures, predictions and enrichments JSON',
    teamOwned: 'Owned by the Germany Key Accounts owner team',
    timelineCustomer: '10,000 activities (timeline paging, hostile links)',
};

export const SAMPLE_ORDER: readonly SampleContactKey[] = [
    'serviceAgentCustomer',
    'otherRegionCustomer',
    'unmappedCustomer',
    'noProfile',
    'upperCaseGuid',
    'bracedGuid',
    'alternateKeyOnly',
    'corruptJson',
    'teamOwned',
    'timelineCustomer',
];

/** Regular (non-sample) contacts in the picker: the first linked contact of each business unit. */
const REGULAR_PER_BUSINESS_UNIT = 1;

export function contactChoices(dv: DataverseEmulator): ContactChoice[] {
    const tenant = dv.tenant;
    const samples = SAMPLE_ORDER.map((key): ContactChoice => {
        const sample = tenant.sampleContacts[key];
        return { contactId: sample.contactId, fullName: contactName(dv, sample.contactId) ?? sample.fullName, label: SAMPLE_LABELS[key], sampleKey: key };
    });
    const sampleProfiles = new Set(SAMPLE_ORDER.map((key) => tenant.sampleContacts[key].profileIndex));
    const perUnit = new Map<string, number>();
    const regular: ContactChoice[] = [];
    for (let index = 0; index < tenant.profileCount; index++) {
        if (sampleProfiles.has(index)) continue;
        const facts = tenant.profile(index);
        if (facts.contactId === null || facts.corruptJson) continue;
        const seen = perUnit.get(facts.businessUnitId) ?? 0;
        if (seen >= REGULAR_PER_BUSINESS_UNIT) continue;
        perUnit.set(facts.businessUnitId, seen + 1);
        const unit = tenant.businessUnit(facts.businessUnitId)?.name ?? facts.businessUnitId;
        regular.push({ contactId: facts.contactId, fullName: contactName(dv, facts.contactId) ?? facts.fullName, label: `Regular customer (${unit})` });
    }
    return [...samples, ...regular];
}

export function contactName(dv: DataverseEmulator, contactId: string): string | undefined {
    return dv.tenant.primaryName('contact', contactId);
}
