/**
 * Customer Insights - Journeys in the emulator: the readiness segments of the synthetic tenant (members by
 * business unit, wave-1 segments untouched), the msdynmkt_segment rows and their owners, aggregates grouped
 * by business unit and the switch that refuses them like an elastic table, ordered and unordered `top`
 * shortcuts, and hasEntityPrivilege from the security model.
 */
import { BUSINESS_UNIT_IDS, DataverseEmulator, PERSONAS, PERSONA_LIST, SEGMENT_NAMES, type RetrieveMultipleResult, type StoredRow } from './index';
import { JOURNEYS_SEGMENTS, READINESS_SEGMENT_NAMES } from './journeys';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: 400 });
const tenant = dv.tenant;
const admin = dv.webApi(PERSONAS.administrator.userId);
const MEMBERSHIP = 'msdynci_segmentmembership';
const READINESS_NAMES: readonly string[] = Object.values(READINESS_SEGMENT_NAMES);

function fetch(table: string, inner: string, fetchAttributes = '', webApi = admin): Promise<RetrieveMultipleResult> {
    const xml = `<fetch${fetchAttributes}><entity name="${table}">${inner}</entity></fetch>`;
    return webApi.retrieveMultipleRecords(table, `?fetchXml=${encodeURIComponent(xml)}`);
}

const inSegment = (name: string): string => `<filter><condition attribute="msdynci_segments" operator="like" value="%&quot;${name}&quot;%"/></filter>`;

/** Membership rows naming `name` as a JSON list entry, found in the stored text. */
function membersOf(name: string): StoredRow[] {
    return [...tenant.rows(MEMBERSHIP)].filter((row) => String(row.msdynci_segments).includes(JSON.stringify(name)));
}

function countByUnit(rows: readonly StoredRow[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row.owningbusinessunit), (counts.get(String(row.owningbusinessunit)) ?? 0) + 1);
    return counts;
}

describe('readiness segments of the synthetic tenant', () => {
    it('are appended after the wave-1 segments, and the facts agree with the stored JSON', () => {
        for (let index = 0; index < tenant.profileCount; index++) {
            const facts = tenant.profile(index);
            const firstReadiness = facts.segments.findIndex((name) => READINESS_NAMES.includes(name));
            const wave1 = firstReadiness === -1 ? facts.segments : facts.segments.slice(0, firstReadiness);
            expect(wave1.every((name) => SEGMENT_NAMES.includes(name))).toBe(true);
            if (firstReadiness !== -1) expect(facts.segments.slice(firstReadiness).every((name) => READINESS_NAMES.includes(name))).toBe(true);
            for (const name of READINESS_NAMES) {
                const row = tenant.store(MEMBERSHIP)?.rowAt(index);
                expect(String(row?.msdynci_segments).includes(JSON.stringify(name))).toBe(facts.segments.includes(name));
            }
        }
    });

    it('Gold has members in Germany only, Gold_Plus in France only', () => {
        expect([...countByUnit(membersOf('Gold')).keys()]).toStrictEqual([BUSINESS_UNIT_IDS.germany]);
        expect([...countByUnit(membersOf('Gold_Plus')).keys()]).toStrictEqual([BUSINESS_UNIT_IDS.france]);
    });

    it('the winter sale has members in its owner (North America), its children, its sibling and the root', () => {
        const units = countByUnit(membersOf('NorthAmerica_Winter_Sale'));
        for (const unit of [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada, BUSINESS_UNIT_IDS.europe, BUSINESS_UNIT_IDS.contoso]) {
            expect(units.get(unit) ?? 0).toBeGreaterThan(0);
        }
    });

    it('All_Customers holds every profile with intact segment JSON; Spring_Preview_2027 holds none', () => {
        const intact = [...tenant.rows(MEMBERSHIP)].filter((row) => {
            try {
                JSON.parse(String(row.msdynci_segments));
                return true;
            } catch {
                return false;
            }
        });
        expect(membersOf('All_Customers')).toHaveLength(intact.length);
        expect(intact.length).toBeGreaterThan(tenant.profileCount * 0.9);
        expect(membersOf('Spring_Preview_2027')).toHaveLength(0);
    });
});

describe('msdynmkt_segment', () => {
    it('holds the Journeys segments with their owners and output names', async () => {
        const marketer = dv.webApi(PERSONAS.marketerOrganization.userId);
        const page = await marketer.retrieveMultipleRecords('msdynmkt_segment', '?$select=msdynmkt_displayname,cibu_outputname,_owningbusinessunit_value,_ownerid_value');
        expect(page.entities.map((entity): unknown[] => [entity.msdynmkt_displayname, entity.cibu_outputname, entity._owningbusinessunit_value])).toStrictEqual(
            JOURNEYS_SEGMENTS.map((segment) => [segment.displayName, segment.outputName, segment.businessUnitId]),
        );
        for (const entity of page.entities) {
            const owner = tenant.user(String(entity._ownerid_value));
            expect(owner?.businessUnitId).toBe(entity._owningbusinessunit_value);
        }
    });

    it('is readable with the Marketing Professional role only', async () => {
        const segment = JOURNEYS_SEGMENTS[0];
        if (segment === undefined) throw new Error('no segment');
        for (const persona of PERSONA_LIST) {
            const read = dv.webApi(persona.userId).retrieveRecord('msdynmkt_segment', segment.id, '?$select=msdynmkt_displayname');
            if (persona.key === 'marketerOrganization' || persona.key === 'marketerBusinessUnit') await expect(read).resolves.toMatchObject({ msdynmkt_displayname: segment.displayName });
            else await expect(read).rejects.toMatchObject({ errorCode: 0x80040220 });
        }
    });
});

describe('aggregates over segment membership', () => {
    const countInner = (name: string): string =>
        `<attribute name="owningbusinessunit" alias="unit" groupby="true"/><attribute name="msdynci_segmentmembershipid" alias="members" aggregate="count"/>${inSegment(name)}`;

    it('count grouped by owning business unit equals the members per business unit', async () => {
        const result = await fetch(MEMBERSHIP, countInner('NorthAmerica_Winter_Sale'), ' aggregate="true"');
        const counted = new Map(result.entities.map((entity) => [String(entity.unit), Number(entity.members)]));
        expect(counted).toStrictEqual(countByUnit(membersOf('NorthAmerica_Winter_Sale')));
        for (const entity of result.entities) expect(entity['unit@OData.Community.Display.V1.FormattedValue']).toBe(tenant.businessUnit(String(entity.unit))?.name);
    });

    it('counts only what the caller reads: a business-unit marketer sees North America alone', async () => {
        const result = await fetch(MEMBERSHIP, countInner('NorthAmerica_Winter_Sale'), ' aggregate="true"', dv.webApi(PERSONAS.marketerBusinessUnit.userId));
        expect(result.entities.map((entity): unknown => entity.unit)).toStrictEqual([BUSINESS_UNIT_IDS.northAmerica]);
    });

    it('refuses aggregates on Customer Insights tables while the elastic switch is on, and only then', async () => {
        const elastic = DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: 50, refuseAggregates: true });
        const api = elastic.webApi(PERSONAS.administrator.userId);
        await expect(fetch(MEMBERSHIP, countInner('Gold'), ' aggregate="true"', api)).rejects.toMatchObject({ errorCode: 0x80060888, message: expect.stringContaining('not supported') as unknown });
        // Platform tables still aggregate; plain queries on the elastic table still work.
        await expect(fetch('businessunit', '<attribute name="businessunitid" alias="n" aggregate="count"/>', ' aggregate="true"', api)).resolves.toMatchObject({ entities: [{ n: 7 }] });
        await expect(fetch(MEMBERSHIP, `<attribute name="msdynci_customerid"/>${inSegment('Gold')}`, ' top="1"', api)).resolves.toBeDefined();
        elastic.refuseAggregates = false;
        await expect(fetch(MEMBERSHIP, countInner('Gold'), ' aggregate="true"', api)).resolves.toBeDefined();
    });

    it('gives up past the aggregate row limit with 0x8004E023', async () => {
        const small = DataverseEmulator.withSyntheticTenant({ seed: 5, profileCount: 400, aggregateRecordLimit: 100 });
        const api = small.webApi(PERSONAS.administrator.userId);
        await expect(fetch(MEMBERSHIP, countInner('All_Customers'), ' aggregate="true"', api)).rejects.toMatchObject({ errorCode: 0x8004e023 });
        await expect(fetch(MEMBERSHIP, countInner('Gold'), ' aggregate="true"', api)).resolves.toBeDefined();
    });
});

describe('top without a full sort', () => {
    it('an unordered top returns the first matching rows in storage order', async () => {
        const first = membersOf('Gold_Plus').slice(0, 2).map((row) => row.msdynci_segmentmembershipid);
        const result = await fetch(MEMBERSHIP, `<attribute name="msdynci_customerid"/>${inSegment('Gold_Plus')}`, ' top="2"');
        expect(result.entities.map((entity): unknown => entity.msdynci_segmentmembershipid)).toStrictEqual(first);
    });

    it('an ordered top returns the rows a full sort would put first, ties in storage order', async () => {
        for (const [order, top] of [['descending="true"', 1], ['descending="false"', 3]] as const) {
            const inner = `<attribute name="modifiedon"/><order attribute="modifiedon" ${order}/><order attribute="msdynci_customerid"/>${inSegment('All_Customers')}`;
            const full = await fetch(MEMBERSHIP, inner);
            const topped = await fetch(MEMBERSHIP, inner, ` top="${top}"`);
            expect(topped.entities).toStrictEqual(full.entities.slice(0, top));
        }
    });
});

describe('hasEntityPrivilege from the security model', () => {
    const READ = 2;
    const GLOBAL = 3;
    const LOCAL = 1;
    it('reports the Read depth each persona holds on segment membership', () => {
        const globalRead = PERSONA_LIST.filter((persona) => dv.hasEntityPrivilege(persona.userId, MEMBERSHIP, READ, GLOBAL)).map((persona) => persona.key);
        expect(globalRead.sort()).toStrictEqual(['administrator', 'marketerOrganization']);
        expect(dv.hasEntityPrivilege(PERSONAS.marketerBusinessUnit.userId, MEMBERSHIP, READ, LOCAL)).toBe(true);
        expect(dv.hasEntityPrivilege(PERSONAS.salesManager.userId, MEMBERSHIP, READ, 2)).toBe(true);
        expect(dv.hasEntityPrivilege(PERSONAS.noRole.userId, MEMBERSHIP, READ, 0)).toBe(false);
        // Through a team role: the owner-team member reads Germany at Business Unit depth.
        expect(dv.hasEntityPrivilege(PERSONAS.ownerTeamMember.userId, MEMBERSHIP, READ, LOCAL)).toBe(true);
        expect(dv.hasEntityPrivilege(PERSONAS.ownerTeamMember.userId, MEMBERSHIP, READ, GLOBAL)).toBe(false);
    });

    it('answers false for privileges the emulator does not model and for unknown tables', () => {
        expect(dv.hasEntityPrivilege(PERSONAS.administrator.userId, MEMBERSHIP, 3, 0)).toBe(false);
        expect(dv.hasEntityPrivilege(PERSONAS.administrator.userId, 'nope', READ, 0)).toBe(false);
    });
});
