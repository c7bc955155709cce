/**
 * @jest-environment jsdom
 */
/**
 * The Journeys readiness control through the real lifecycle over the emulator: on the Journeys segment form
 * and on any form, per persona (marketer with organization read, marketer with business-unit read, no
 * privilege), each verdict, the fallback when aggregates are refused or too large, hostile output names,
 * the designed states (no output name, create form, no owner, app designer), five languages, and what is
 * sent. Expected numbers come from the tenant's facts, not from the emulator's query code.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SegmentActivationReadiness } from '../../components/SegmentActivationReadiness';
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, type StoredRow } from '../dataverse';
import { JOURNEYS_SEGMENTS, type JourneysSegment } from '../dataverse/journeys';
import { loadStrings, SHIPPED_LANGUAGES } from '../host/node';
import { readsEveryBusinessUnit } from '../../components/shared/host/privileges';
import { destroyAll, mountOnRecordForm, pageMarkup, pageText, type RecordFormOptions } from './mount';

const CONTROL = 'SegmentActivationReadiness';
const MEMBERSHIP = 'msdynci_segmentmembership';
const LOCALES: Readonly<Record<number, string>> = { 1025: 'ar-SA', 1031: 'de-DE', 1033: 'en-US', 1036: 'fr-FR', 3082: 'es-ES' };

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 300 });
});
afterEach(destroyAll);

function segment(key: JourneysSegment['key']): JourneysSegment {
    const found = JOURNEYS_SEGMENTS.find((candidate) => candidate.key === key);
    if (found === undefined) throw new Error(key);
    return found;
}

/** The control on the Journeys segment form, placed on the maker's output-name column. */
function onSegmentForm(key: JourneysSegment['key'], options: RecordFormOptions = {}) {
    const row = segment(key);
    return mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, {
        formRecord: { id: row.id, table: 'msdynmkt_segment' },
        ...options,
        parameters: { segmentColumn: row.outputName, ...options.parameters },
    });
}

/** The control on any form: the output name as a property, the owner from a lookup. */
function onAnyForm(outputName: string, ownerBusinessUnitId: string, options: RecordFormOptions = {}) {
    return mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, {
        ...options,
        parameters: { segmentOutputName: outputName, ownerBusinessUnit: [{ id: ownerBusinessUnitId, name: 'Owner', entityType: 'businessunit' }], ...options.parameters },
    });
}

function membersByUnit(name: string, readable: (row: StoredRow) => boolean = () => true): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of dv.tenant.rows(MEMBERSHIP)) {
        if (readable(row) && String(row.msdynci_segments).includes(JSON.stringify(name))) counts.set(String(row.owningbusinessunit), (counts.get(String(row.owningbusinessunit)) ?? 0) + 1);
    }
    return counts;
}

const unitName = (id: string): string => dv.tenant.businessUnit(id)?.name ?? id;
const verdict = (): Promise<HTMLElement> => waitFor(() => {
    const element = document.querySelector<HTMLElement>('[data-verdict]');
    if (element === null) throw new Error('no verdict yet');
    return element;
});
const settledState = (kind: string): Promise<void> => waitFor(() => expect(document.querySelector(`[data-state="${kind}"]`)).not.toBeNull());
const requestsByTable = (): Record<string, number> => dv.log.countByTable();

describe('on the Journeys segment form, marketer with organization read', () => {
    it('Ready: every Gold member is in Germany, with the count, the owner badge and the checklist', async () => {
        onSegmentForm('gold');
        const shown = await verdict();
        const members = membersByUnit('Gold');
        expect(shown.dataset.verdict).toBe('ready');
        expect(within(shown).getByText('Ready for Journeys')).toBeTruthy();
        const count = members.get(BUSINESS_UNIT_IDS.germany) ?? 0;
        expect(shown.textContent).toContain(`All ${count.toLocaleString('en-US')} members are in Germany`);
        expect(screen.getByRole('list', { name: 'Business units with members' }).textContent).toContain(`Germany${count} members`);
        expect(screen.getByLabelText('Business unit: Germany')).toBeTruthy();
        const checklist = screen.getByRole('region', { name: 'Before you activate' });
        expect(checklist.querySelector('[data-check="memberLimit"]')?.textContent).toBe(`${count} members: under the limit of 10,000,000 members for segment-based journeys.`);
        for (const check of ['freshness', 'scoping', 'modernizedBusinessUnits', 'marketingProfessional']) expect(checklist.querySelector(`[data-check="${check}"]`)).not.toBeNull();
        expect(checklist.querySelector('[data-check="freshness"] time')).not.toBeNull();
        expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe('Ready for Journeys');
        // One read of the form's segment, one of business units, the aggregate and the freshness row.
        expect(requestsByTable()).toStrictEqual({ msdynmkt_segment: 1, businessunit: 1, [MEMBERSHIP]: 2 });
    });

    it('Not ready: the winter sale names every business unit with its count and calls out children and the root', async () => {
        onSegmentForm('winterSale');
        const shown = await verdict();
        expect(shown.dataset.verdict).toBe('notReady');
        expect(within(shown).getByText('Not ready: members outside North America')).toBeTruthy();
        const list = screen.getByRole('list', { name: 'Business units with members' });
        const rows = within(list).getAllByRole('listitem');
        const members = membersByUnit('NorthAmerica_Winter_Sale');
        expect(rows.map((row) => row.querySelector('bdi')?.textContent).sort()).toStrictEqual([...members.keys()].map(unitName).sort());
        expect(rows[0]?.dataset.relation).toBe('owner');
        const rowOf = (name: string): HTMLElement | undefined => rows.find((row) => row.querySelector('bdi')?.textContent === name);
        for (const [id, count] of members) expect(rowOf(unitName(id))?.textContent).toContain(`${count} member`);
        expect(rowOf('Canada')?.textContent).toContain('below the owner\'s business unit: not processed');
        expect(rowOf('United States')?.dataset.relation).toBe('child');
        expect(rowOf('Contoso')?.textContent).toContain('root business unit (profiles without a business-unit mapping): not processed');
        expect(rowOf('Europe')?.textContent).toContain('another business unit: not processed');
    });

    it('No members: an output name nothing lists yet', async () => {
        onSegmentForm('springPreview');
        const shown = await verdict();
        expect(shown.dataset.verdict).toBe('noMembers');
        expect(shown.textContent).toContain('No segment membership lists "Spring_Preview_2027"');
        expect(screen.queryByRole('list', { name: 'Business units with members' })).toBeNull();
        expect(document.querySelector('[data-check="freshness"]')?.textContent).toBe("There's no membership data to tell how fresh this segment is.");
    });

    it('names the property to set when the segment has no output name', async () => {
        onSegmentForm('noOutputName');
        await settledState('configuration');
        expect(pageText()).toContain('Ask the app maker to set the property "Segment output name (optional)"');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('the output-name property wins over the column the control sits on', async () => {
        onSegmentForm('gold', { parameters: { segmentColumn: 'Gold customers (Germany)', segmentOutputName: 'Gold_Plus' } });
        const shown = await verdict();
        expect(document.body.textContent).toContain('Segment output name: Gold_Plus');
        // Gold_Plus lives in France, the Gold segment's owner is Germany.
        expect(shown.dataset.verdict).toBe('notReady');
    });
});

describe('marketer with business-unit read (North America): the trap', () => {
    it('says "can\'t verify, checked only the N members you can see" where a naive check would say ready', async () => {
        onSegmentForm('winterSale', { persona: 'marketerBusinessUnit' });
        const shown = await verdict();
        const visible = membersByUnit('NorthAmerica_Winter_Sale', (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.northAmerica).get(BUSINESS_UNIT_IDS.northAmerica) ?? 0;
        expect(visible).toBeGreaterThan(1);
        expect(shown.dataset.verdict).toBe('cannotVerify');
        expect(shown.textContent).toContain(`Checked only the ${visible} members you can see.`);
        expect(pageText()).not.toContain('Ready for Journeys');
        expect(document.querySelector('[data-check="memberLimit"]')?.textContent).toContain("The member count isn't available here");
    });

    it('still shows "not ready" when it sees members outside the owner (a segment owned by the root)', async () => {
        onSegmentForm('allCustomers', { persona: 'marketerBusinessUnit' });
        const shown = await verdict();
        expect(shown.dataset.verdict).toBe('notReady');
        expect(pageText()).toContain('You can read segment membership in some business units only, so there may be members in others too.');
        // Only what this user may read: North America, never the names of units it cannot see members of.
        const list = screen.getByRole('list', { name: 'Business units with members' });
        expect(within(list).getAllByRole('listitem').map((row) => row.querySelector('bdi')?.textContent)).toStrictEqual(['North America']);
    });
});

describe('no privilege', () => {
    it('on any form: names the roles to ask for, and says nothing about the segment', async () => {
        onAnyForm('Gold', BUSINESS_UNIT_IDS.germany, { persona: 'noRole' });
        await settledState('noPrivilege');
        expect(document.querySelector('[data-verdict]')).toBeNull();
        expect(pageText()).toContain('Customer Insights Data Read Access');
    });

    it('on the segment form, where even the segment is not readable', async () => {
        onSegmentForm('gold', { persona: 'noRole' });
        await settledState('noPrivilege');
    });
});

describe('on any form or dashboard', () => {
    it('uses the output-name property and the owner lookup, and reads no form record', async () => {
        onAnyForm('Gold', BUSINESS_UNIT_IDS.germany, { formRecord: { id: dv.tenant.sampleContacts.serviceAgentCustomer.contactId, table: 'contact' } });
        expect((await verdict()).dataset.verdict).toBe('ready');
        expect(requestsByTable()).toStrictEqual({ businessunit: 1, [MEMBERSHIP]: 2 });
    });

    it('without a lookup uses the owner of the form record (here a contact owned in Germany)', async () => {
        const contact = dv.tenant.sampleContacts.otherRegionCustomer.contactId;
        mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { formRecord: { id: contact, table: 'contact' }, parameters: { segmentOutputName: 'Gold' } });
        expect((await verdict()).dataset.verdict).toBe('ready');
        expect(requestsByTable().contact).toBe(1);
    });

    it('on a dashboard without a lookup: asks for the owner business unit property', async () => {
        mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { parameters: { segmentOutputName: 'Gold' } });
        await settledState('configuration');
        expect(pageText()).toContain('Ask the app maker to set the property "Owner business unit (optional)"');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('on a create form: "save this record first", nothing sent', async () => {
        mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { formRecord: { id: '', table: 'msdynmkt_segment' }, parameters: { segmentOutputName: 'Gold' } });
        await settledState('noRecord');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('in the app designer without webAPI: a preview, never an error', async () => {
        mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { webApi: null, parameters: { segmentColumn: 'Gold' } });
        await waitFor(() => expect(pageText()).toContain('this control checks whether Customer Insights - Journeys will process every member'));
        expect(document.querySelector('[data-state="unexpected"]')).toBeNull();
    });
});

describe('fallback when the platform will not count', () => {
    it('aggregates refused like an elastic table: same verdict, counts unavailable, one business unit found outside named', async () => {
        dv.refuseAggregates = true;
        onSegmentForm('winterSale');
        const shown = await verdict();
        expect(shown.dataset.verdict).toBe('notReady');
        expect(document.querySelector('[data-state="countsUnavailable"]')?.textContent).toContain("Dataverse doesn't count this table's rows in one query");
        expect(pageText()).toContain('outside the owner\'s business unit this is an example, not a complete list');
        const rows = within(screen.getByRole('list', { name: 'Business units with members' })).getAllByRole('listitem');
        expect(rows).toHaveLength(2);
        expect(rows.some((row) => /member/.test(row.querySelector('span')?.textContent ?? ''))).toBe(false);
        expect(requestsByTable()).toStrictEqual({ msdynmkt_segment: 1, businessunit: 1, [MEMBERSHIP]: 4 });
    });

    it('aggregate over the row limit (0x8004E023): counts unavailable because the segment is too large', async () => {
        dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 300, aggregateRecordLimit: 50 });
        onSegmentForm('allCustomers');
        expect((await verdict()).dataset.verdict).toBe('notReady');
        expect(document.querySelector('[data-state="countsUnavailable"]')?.textContent).toContain('more than 50,000 membership rows');
    });

    it('Ready from the probes with counts unavailable', async () => {
        dv.refuseAggregates = true;
        onSegmentForm('gold');
        const shown = await verdict();
        expect(shown.textContent).toContain("Every member is in Germany, the business unit of the segment's owner.");
    });
});

describe('hostile output names', () => {
    it.each(['Gold" or "x', '<b>Gold</b> & Co', "Owner's_Club%", '[Gold]_', 'x'.repeat(2000)].map((name) => [name.length > 30 ? `${name.slice(0, 6)}… (${name.length} chars)` : name, name]))('shows %s as text and checks it literally', async (_title, name) => {
        onAnyForm(name, BUSINESS_UNIT_IDS.germany);
        const shown = await verdict();
        expect(shown.dataset.verdict).toBe('noMembers');
        expect(document.querySelector('bdi')?.textContent).toBe(name);
        expect(document.querySelector('b')).toBeNull();
        expect(pageMarkup()).not.toContain('[object Object]');
    });

    it('a name too long to send names the property', async () => {
        onAnyForm('y'.repeat(40_000), BUSINESS_UNIT_IDS.germany);
        await settledState('configuration');
        expect(pageText()).toContain('Segment output name (optional)');
        expect(dv.log.entries).toHaveLength(0);
    });
});

describe('languages', () => {
    it.each(SHIPPED_LANGUAGES.map((lcid) => [lcid]))('%s: verdicts, counted phrases and direction from the language\'s strings', async (lcid) => {
        const strings = loadStrings(CONTROL, lcid);
        const plural = (base: string, n: number): string => (strings.get(`${base}_${new Intl.PluralRules(LOCALES[lcid]).select(n)}`) ?? strings.get(`${base}_other`) ?? '').replace('{0}', new Intl.NumberFormat(LOCALES[lcid], { maximumFractionDigits: 0 }).format(n));
        onSegmentForm('winterSale', { persona: 'marketerBusinessUnit', languageId: lcid });
        const shown = await verdict();
        const visible = membersByUnit('NorthAmerica_Winter_Sale', (row) => row.owningbusinessunit === BUSINESS_UNIT_IDS.northAmerica).get(BUSINESS_UNIT_IDS.northAmerica) ?? 0;
        expect(within(shown).getByText(strings.get('Readiness_CannotVerify_Title') ?? '?')).toBeTruthy();
        expect(shown.textContent).toContain(plural('Readiness_CannotVerify_Body', visible));
        expect(document.querySelector('section')?.getAttribute('dir')).toBe(lcid === 1025 ? 'rtl' : 'ltr');
        destroyAll();
        onSegmentForm('winterSale', { languageId: lcid });
        const notReady = await verdict();
        expect(notReady.textContent).toContain((strings.get('Readiness_NotReady_Title') ?? '?').replace('{0}', 'North America'));
        const canada = membersByUnit('NorthAmerica_Winter_Sale').get(BUSINESS_UNIT_IDS.canada) ?? 0;
        expect(pageText()).toContain(plural('Readiness_Unit_Members', canada));
        expect(pageText()).toContain(strings.get('Readiness_Unit_Child') ?? '?');
        expect(pageText()).not.toMatch(/Readiness_|\{\d\}/);
    });
});

describe('lifecycle', () => {
    it('reads again only when the output name or owner changes, and stays quiet after destroy', async () => {
        const control = onAnyForm('Gold', BUSINESS_UNIT_IDS.germany);
        await verdict();
        const sent = dv.log.entries.length;
        control.update();
        control.resize(300);
        await verdict();
        expect(dv.log.entries.length).toBe(sent);
        control.setParameters({ segmentOutputName: 'Gold_Plus', ownerBusinessUnit: [{ id: BUSINESS_UNIT_IDS.france, name: 'France', entityType: 'businessunit' }] });
        await waitFor(() => expect(document.body.textContent).toContain('Segment output name: Gold_Plus'));
        expect((await verdict()).dataset.verdict).toBe('ready');
        // Two membership reads; the business units come from the page's request cache.
        expect(requestsByTable()).toStrictEqual({ businessunit: 1, [MEMBERSHIP]: 4 });

        dv.faults.latencyMs = 50;
        control.setParameters({ segmentOutputName: 'NorthAmerica_Winter_Sale' });
        const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        control.destroy();
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(errors).not.toHaveBeenCalled();
        errors.mockRestore();
        expect(document.body.textContent).not.toContain('NorthAmerica_Winter_Sale');
    });

    it('explains the rule and the documented contradiction on demand', async () => {
        onSegmentForm('gold');
        await verdict();
        const toggle = screen.getByRole('button', { name: 'About this check' });
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        fireEvent.click(toggle);
        expect(screen.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe('true');
        expect(screen.getByTestId('readiness-help').textContent).toContain("Microsoft's documentation disagrees with itself");
    });
});

describe('privilege depth through the host', () => {
    it('answers false until getEntityMetadata for that table has resolved, then from the user\'s roles', async () => {
        const organization = mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { webApi: null }).context.utils;
        expect(organization.hasEntityPrivilege(MEMBERSHIP, 2, 3)).toBe(false);
        await organization.getEntityMetadata(MEMBERSHIP, []);
        expect(organization.hasEntityPrivilege(MEMBERSHIP, 2, 3)).toBe(true);
        const businessUnit = mountOnRecordForm(dv, CONTROL, SegmentActivationReadiness, { webApi: null, persona: 'marketerBusinessUnit' }).context;
        await expect(readsEveryBusinessUnit(businessUnit, MEMBERSHIP)).resolves.toBe(false);
        expect(businessUnit.utils.hasEntityPrivilege(MEMBERSHIP, 2, 1)).toBe(true);
    });

    it('claims no organization-wide read when the platform cannot say', async () => {
        const failing = { utils: { getEntityMetadata: () => Promise.reject(new Error('metadata unavailable')), hasEntityPrivilege: () => true } };
        await expect(readsEveryBusinessUnit(failing as unknown as ComponentFramework.Context<unknown>, MEMBERSHIP)).resolves.toBe(false);
        await expect(readsEveryBusinessUnit({} as unknown as ComponentFramework.Context<unknown>, MEMBERSHIP)).resolves.toBe(false);
    });

    it('the organization marketer is told "ready" only because hasEntityPrivilege says Global after getEntityMetadata', async () => {
        const control = onSegmentForm('gold');
        await verdict();
        const utils = control.context.utils;
        // The host is not kinder than the platform: a table whose metadata was never fetched answers false.
        expect(utils.hasEntityPrivilege('msdynci_customermeasure', 2, 3)).toBe(false);
        expect(utils.hasEntityPrivilege(MEMBERSHIP, 2, 3)).toBe(true);
        expect(dv.hasEntityPrivilege(PERSONAS.marketerBusinessUnit.userId, MEMBERSHIP, 2, 3)).toBe(false);
    });
});
