/**
 * What each persona may see on a contact form, computed from the tenant's ownership facts and the persona
 * table in test/dataverse/personas.ts, independently of the emulator's security code and of the page:
 *
 * - serviceAgent reads rows owned in United States; salesManager in North America, United States and
 *   Canada; administrator everything; ownerTeamMember (through the Germany Key Accounts team) in Germany;
 *   noRole nothing (missing privilege); marketerOrganization everything; marketerBusinessUnit North America;
 *   insightsAnalyst in United States, plus every root-owned row; salesRep in United States, and only the
 *   contacts they, the "US Inside Sales" team or the United States default team own (others do not exist
 *   for them: no profile).
 * - Alternate keys are root-owned, so only a persona reading the root business unit (administrator) or
 *   every root-owned row (insightsAnalyst) can follow an alternate-key link; for the others such a contact
 *   has no profile they can find.
 */
import { BUSINESS_UNIT_IDS, PERSONAS, TEAM_IDS, type DataverseEmulator, type PersonaKey, type ProfileFacts } from '../dataverse';

const READABLE_BUSINESS_UNITS: Readonly<Record<PersonaKey, readonly string[] | 'all'>> = {
    serviceAgent: [BUSINESS_UNIT_IDS.unitedStates],
    salesManager: [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada],
    administrator: 'all',
    ownerTeamMember: [BUSINESS_UNIT_IDS.germany],
    noRole: [],
    marketerOrganization: 'all',
    marketerBusinessUnit: [BUSINESS_UNIT_IDS.northAmerica],
    insightsAnalyst: [BUSINESS_UNIT_IDS.unitedStates],
    salesRep: [BUSINESS_UNIT_IDS.unitedStates],
};

/** Personas with Organization read on the root-owned tables only (not on profiles). */
const ROOT_OWNED_READERS: readonly PersonaKey[] = ['insightsAnalyst'];

/** Owners of the contacts the sales rep may read (User level: their own and their teams'). */
function canReadContact(dv: DataverseEmulator, persona: PersonaKey, contactId: string): boolean {
    if (persona !== 'salesRep') return true;
    const store = dv.tenant.store('contact');
    const slot = store?.slotOfId(contactId.toLowerCase());
    const owner = slot === undefined ? undefined : store?.rowAt(slot)?.ownerid;
    const unitedStatesTeam = dv.tenant.businessUnit(BUSINESS_UNIT_IDS.unitedStates)?.defaultTeamId;
    return owner === PERSONAS.salesRep.userId || owner === TEAM_IDS.usInsideSales || owner === unitedStatesTeam;
}

export function canReadProfile(persona: PersonaKey, facts: ProfileFacts): boolean {
    const units = READABLE_BUSINESS_UNITS[persona];
    return units === 'all' || units.includes(facts.businessUnitId);
}

function canReadRootOwned(persona: PersonaKey): boolean {
    const units = READABLE_BUSINESS_UNITS[persona];
    return units === 'all' || units.includes(BUSINESS_UNIT_IDS.contoso) || ROOT_OWNED_READERS.includes(persona);
}

export type ExpectedForm =
    | { readonly kind: 'content'; readonly profile: ProfileFacts; readonly businessUnitName: string }
    | { readonly kind: 'state'; readonly state: 'noProfile' | 'notVisible' | 'noPrivilege' };

/** The profile behind a contact id, if the tenant links one. */
export function profileOfContact(dv: DataverseEmulator, contactId: string): ProfileFacts | undefined {
    for (let index = 0; index < dv.tenant.profileCount; index++) {
        const facts = dv.tenant.profile(index);
        if (facts.contactId === contactId) return facts;
    }
    return undefined;
}

export function expectedForm(dv: DataverseEmulator, persona: PersonaKey, contactId: string): ExpectedForm {
    if (persona === 'noRole') return { kind: 'state', state: 'noPrivilege' };
    if (!canReadContact(dv, persona, contactId)) return { kind: 'state', state: 'noProfile' };
    const facts = profileOfContact(dv, contactId);
    if (facts === undefined || facts.contactLink === 'none') return { kind: 'state', state: 'noProfile' };
    if (facts.contactLink === 'alternateKey' && !canReadRootOwned(persona)) return { kind: 'state', state: 'noProfile' };
    if (!canReadProfile(persona, facts)) return { kind: 'state', state: 'notVisible' };
    return { kind: 'content', profile: facts, businessUnitName: dv.tenant.businessUnit(facts.businessUnitId)?.name ?? '' };
}

/**
 * Strings that must never appear in the controls or the request panel for `persona`: the names, e-mail
 * addresses and customer ids of every profile the persona may not read. A name shared with the profile
 * the form legitimately shows is left out (the synthetic tenant reuses first and last names).
 */
export function forbiddenStrings(dv: DataverseEmulator, persona: PersonaKey, shown: ProfileFacts | undefined): string[] {
    const forbidden: string[] = [];
    for (let index = 0; index < dv.tenant.profileCount; index++) {
        const facts = dv.tenant.profile(index);
        if (canReadProfile(persona, facts)) continue;
        if (facts.fullName !== shown?.fullName) forbidden.push(facts.fullName);
        const email = dv.tenant.store('msdynci_customerprofile')?.rowAt(index)?.msdynci_primaryemail;
        if (typeof email === 'string') forbidden.push(email);
        forbidden.push(facts.customerId);
    }
    return forbidden;
}

/**
 * What must never appear in the request panel (the queries the form sent). As `forbiddenStrings`, except the
 * customer ids for a persona that reads every root-owned row: the alternate-key rows Dataverse returns to it
 * carry them, and profile resolution then asks for that customer's profile by id (and gets nothing back).
 */
export function forbiddenInRequests(dv: DataverseEmulator, persona: PersonaKey, shown: ProfileFacts | undefined): string[] {
    if (!ROOT_OWNED_READERS.includes(persona)) return forbiddenStrings(dv, persona, shown);
    const customerIds = new Set(Array.from({ length: dv.tenant.profileCount }, (_, index) => dv.tenant.profile(index).customerId));
    return forbiddenStrings(dv, persona, shown).filter((secret) => !customerIds.has(secret));
}

// ---- Views (the Customer Insights grid) --------------------------------------------------------------

/** The profile facts behind a contact (contact slot i belongs to profile i), or undefined for a contact without one. */
export function factsOfContact(dv: DataverseEmulator, contactId: string): ProfileFacts | undefined {
    const slot = dv.tenant.store('contact')?.slotOfId(contactId.toLowerCase());
    return slot === undefined || slot >= dv.tenant.profileCount ? undefined : dv.tenant.profile(slot);
}

/**
 * What a persona's grid row must show for a contact, from the tenant's facts and the persona table (not from
 * the emulator's filter): the profile when the persona reads its business unit, "not visible" when the
 * backstamped lookup (or an alternate key) points to one it may not read, "no profile" otherwise (alternate
 * keys are root-owned: only personas reading root-owned rows follow them).
 */
export function expectedRowKind(dv: DataverseEmulator, persona: PersonaKey, contactId: string, alternateKeys = true): 'found' | 'notVisible' | 'noProfile' {
    const facts = factsOfContact(dv, contactId);
    if (facts === undefined || facts.contactLink === 'none') return 'noProfile';
    // Alternate keys are root-owned: only a persona reading them finds the profile (or learns it exists).
    if (facts.contactLink === 'alternateKey' && (!alternateKeys || !canReadRootOwned(persona))) return 'noProfile';
    return canReadProfile(persona, facts) ? 'found' : 'notVisible';
}

/**
 * Strings of profiles a persona may not read that must never be in the page: customer ids, profile e-mails
 * and (unless `withProfileIds` is false) profile row ids. Profile row ids are the backstamped lookup values of
 * contacts the persona may read, so they may appear in requests (the request panel), never in what a control
 * shows. Business units are checked where the grid shows them: {@link unreadableBusinessUnits}.
 */
export function forbiddenFor(dv: DataverseEmulator, persona: PersonaKey, withProfileIds = true): string[] {
    const forbidden = new Set<string>();
    for (let index = 0; index < dv.tenant.profileCount; index++) {
        const facts = dv.tenant.profile(index);
        if (canReadProfile(persona, facts)) continue;
        forbidden.add(facts.customerId);
        if (withProfileIds) forbidden.add(facts.profileId);
        const email = dv.tenant.store('msdynci_customerprofile')?.rowAt(index)?.msdynci_primaryemail;
        if (typeof email === 'string') forbidden.add(email);
    }
    return [...forbidden];
}

/**
 * What must never appear in the request panel of a view: as `forbiddenFor` without profile row ids, and for a
 * persona reading every root-owned row without customer ids either (as {@link forbiddenInRequests}: the
 * alternate-key rows Dataverse returns to it carry them, and the page's profile query then asks for them).
 */
export function forbiddenInViewRequests(dv: DataverseEmulator, persona: PersonaKey): string[] {
    const forbidden = forbiddenFor(dv, persona, false);
    if (!ROOT_OWNED_READERS.includes(persona)) return forbidden;
    const customerIds = new Set(Array.from({ length: dv.tenant.profileCount }, (_, index) => dv.tenant.profile(index).customerId));
    return forbidden.filter((secret) => !customerIds.has(secret));
}

/**
 * Names of the business units whose profiles a persona may not read: never in a business-unit cell. (Not
 * checked on the whole page: segment names may contain a region's name, e.g. "North America Winter Sale".)
 */
export function unreadableBusinessUnits(dv: DataverseEmulator, persona: PersonaKey): string[] {
    return dv.tenant.businessUnits
        .filter((unit) => !Array.from({ length: dv.tenant.profileCount }, (_, index) => dv.tenant.profile(index)).some((facts) => facts.businessUnitId === unit.id && canReadProfile(persona, facts)))
        .map((unit) => unit.name);
}
