/**
 * The Journeys readiness check against the emulator: each verdict per marketer persona, computed from the
 * tenant's facts (not from the emulator's filter), the fallback when the aggregate is refused or passes the
 * row limit, hostile output names, and the requests: the same few whatever the number of members.
 */
import fc from 'fast-check';
import { BUSINESS_UNIT_IDS, DataverseEmulator, type PersonaKey, type StoredRow } from '../dataverse';
import { JOURNEYS_SEGMENTS, READINESS_SEGMENT_NAMES } from '../dataverse/journeys';
import type { SegmentReadiness } from '../../components/shared';
import { MAX_QUERY_LENGTH } from '../../components/shared/query';
import { readerFor } from './support';

const MEMBERSHIP = 'msdynci_segmentmembership';

function ownerOf(key: (typeof JOURNEYS_SEGMENTS)[number]['key']): string {
    const segment = JOURNEYS_SEGMENTS.find((candidate) => candidate.key === key);
    if (segment === undefined) throw new Error(key);
    return segment.businessUnitId;
}

/** Members per business unit the way the rule reads them: stored rows whose JSON lists the name (SQL LIKE ignores case). */
function membersByUnit(dv: DataverseEmulator, name: string, readable: (row: StoredRow) => boolean = () => true): Map<string, number> {
    const needle = JSON.stringify(name).toLowerCase();
    const counts = new Map<string, number>();
    for (const row of dv.tenant.rows(MEMBERSHIP)) {
        if (!readable(row) || !String(row.msdynci_segments).toLowerCase().includes(needle)) continue;
        counts.set(String(row.owningbusinessunit), (counts.get(String(row.owningbusinessunit)) ?? 0) + 1);
    }
    return counts;
}

function countsOf(result: SegmentReadiness): Map<string, number> {
    return new Map(result.businessUnits.map((unit) => [unit.businessUnit.id, unit.members ?? -1]));
}

function check(dv: DataverseEmulator, persona: PersonaKey, outputName: string, owner: string, readsAll: boolean): Promise<SegmentReadiness> {
    return readerFor(dv, persona).checkSegmentReadiness({ outputName, ownerBusinessUnitId: owner, readsAllBusinessUnits: readsAll });
}

const dv = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 600 });
beforeEach(() => {
    dv.log.clear();
    dv.refuseAggregates = false;
});

describe('marketer with organization read', () => {
    const persona = 'marketerOrganization';

    it('Ready: every Gold member is in Germany, counted exactly; Gold_Plus (France) does not leak into Gold', async () => {
        const result = await check(dv, persona, 'Gold', ownerOf('gold'), true);
        expect(result.verdict).toBe('ready');
        expect(countsOf(result)).toStrictEqual(membersByUnit(dv, 'Gold'));
        expect(result.businessUnits.map((unit) => [unit.businessUnit.name, unit.relation])).toStrictEqual([['Germany', 'owner']]);
        expect(result.memberLimit).toBe('under');
        expect(result.countsUnavailable).toBeUndefined();
        expect(result.owner).toStrictEqual({ id: BUSINESS_UNIT_IDS.germany, name: 'Germany' });
    });

    it('Not ready: the winter sale lists every business unit with its count, the owner first, children and the root called out', async () => {
        const result = await check(dv, persona, 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), true);
        expect(result.verdict).toBe('notReady');
        expect(countsOf(result)).toStrictEqual(membersByUnit(dv, 'NorthAmerica_Winter_Sale'));
        const relations: Record<string, string> = Object.fromEntries(result.businessUnits.map((unit) => [unit.businessUnit.name ?? '', unit.relation]));
        expect(relations).toStrictEqual({ 'North America': 'owner', 'United States': 'child', Canada: 'child', Contoso: 'root', Europe: 'other', Germany: 'other', France: 'other' });
        expect(result.businessUnits[0]?.relation).toBe('owner');
        const outside = result.businessUnits.slice(1).map((unit) => unit.members ?? 0);
        expect(outside).toStrictEqual([...outside].sort((a, b) => b - a));
        expect(result.visibleMembers).toBe([...membersByUnit(dv, 'NorthAmerica_Winter_Sale').values()].reduce((a, b) => a + b, 0));
    });

    it('Not ready: a segment owned by the root has every other business unit below it', async () => {
        const result = await check(dv, persona, 'All_Customers', ownerOf('allCustomers'), true);
        expect(result.verdict).toBe('notReady');
        expect(new Set(result.businessUnits.filter((unit) => unit.relation !== 'owner').map((unit) => unit.relation))).toStrictEqual(new Set(['child']));
    });

    it('No members: an output name no row lists', async () => {
        const result = await check(dv, persona, READINESS_SEGMENT_NAMES.springPreview, ownerOf('springPreview'), true);
        expect(result).toMatchObject({ verdict: 'noMembers', businessUnits: [], visibleMembers: 0 });
        expect(result.latestModifiedOn).toBeUndefined();
    });

    it('freshness is the newest modifiedon of the members', async () => {
        const result = await check(dv, persona, 'Gold', ownerOf('gold'), true);
        const newest = [...dv.tenant.rows(MEMBERSHIP)].filter((row) => String(row.msdynci_segments).includes('"Gold"')).map((row) => String(row.modifiedon)).sort().pop();
        expect(result.latestModifiedOn?.toISOString().replace('.000Z', 'Z')).toBe(newest);
    });

    it('without Global read (the caller says so) the same user gets "cannot verify" instead of "ready"', async () => {
        const result = await check(dv, persona, 'Gold', ownerOf('gold'), false);
        expect(result.verdict).toBe('cannotVerify');
        expect(result.complete).toBe(false);
    });
});

describe('marketer with business-unit read (North America): the trap', () => {
    const persona = 'marketerBusinessUnit';
    const inNorthAmerica = (row: StoredRow): boolean => row.owningbusinessunit === BUSINESS_UNIT_IDS.northAmerica;

    it('sees only North America members of the winter sale: cannot verify, checked only those N', async () => {
        const result = await check(dv, persona, 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), false);
        const visible = membersByUnit(dv, 'NorthAmerica_Winter_Sale', inNorthAmerica);
        expect(result.verdict).toBe('cannotVerify');
        expect(result.visibleMembers).toBe(visible.get(BUSINESS_UNIT_IDS.northAmerica));
        expect(result.visibleMembers).toBeGreaterThan(0);
        expect(result.memberLimit).toBe('unknown');
        // What the platform shows this user is exactly what a naive check would call "ready".
        expect(result.businessUnits.map((unit) => unit.relation)).toStrictEqual(['owner']);
    });

    it('still proves "not ready" from members it can see outside the owner (a root-owned segment)', async () => {
        const result = await check(dv, persona, 'All_Customers', ownerOf('allCustomers'), false);
        expect(result).toMatchObject({ verdict: 'notReady', complete: false });
        expect(result.businessUnits.map((unit) => unit.businessUnit.name)).toStrictEqual(['North America']);
    });

    it('sees none of the Germany members of Gold: cannot verify, checked 0', async () => {
        const result = await check(dv, persona, 'Gold', ownerOf('gold'), false);
        expect(result).toMatchObject({ verdict: 'cannotVerify', visibleMembers: 0 });
    });
});

describe('no privilege', () => {
    it('a user without Customer Insights read gets noPrivilege, nothing else', async () => {
        await expect(check(dv, 'noRole', 'Gold', ownerOf('gold'), false)).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
    });
});

describe('fallback: the aggregate refused or over its row limit', () => {
    it('refused like an elastic table: the same verdicts from two existence probes, counts unavailable', async () => {
        dv.refuseAggregates = true;
        const ready = await check(dv, 'marketerOrganization', 'Gold', ownerOf('gold'), true);
        expect(ready).toMatchObject({ verdict: 'ready', countsUnavailable: 'refused', memberLimit: 'unknown' });
        expect(ready.visibleMembers).toBeUndefined();
        expect(ready.businessUnits).toStrictEqual([{ businessUnit: { id: BUSINESS_UNIT_IDS.germany, name: 'Germany' }, relation: 'owner' }]);

        const notReady = await check(dv, 'marketerOrganization', 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), true);
        expect(notReady.verdict).toBe('notReady');
        const example = notReady.businessUnits.find((unit) => unit.relation !== 'owner');
        expect(example?.members).toBeUndefined();
        expect(membersByUnit(dv, 'NorthAmerica_Winter_Sale').has(example?.businessUnit.id ?? '')).toBe(true);

        await expect(check(dv, 'marketerOrganization', READINESS_SEGMENT_NAMES.springPreview, ownerOf('springPreview'), true)).resolves.toMatchObject({ verdict: 'noMembers' });
        await expect(check(dv, 'marketerBusinessUnit', 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), false)).resolves.toMatchObject({ verdict: 'cannotVerify' });
    });

    it('over the 50,000-row limit (0x8004E023): counts unavailable because the segment is too large', async () => {
        const small = DataverseEmulator.withSyntheticTenant({ seed: 42, profileCount: 600, aggregateRecordLimit: 100 });
        const result = await check(small, 'marketerOrganization', 'All_Customers', ownerOf('allCustomers'), true);
        expect(result).toMatchObject({ verdict: 'notReady', countsUnavailable: 'overLimit', memberLimit: 'unknown' });
        const gold = await check(small, 'marketerOrganization', 'Gold', ownerOf('gold'), true);
        expect(gold.countsUnavailable).toBeUndefined();
    });

    it('does not answer throttling, privilege or network failures with probes', async () => {
        dv.faults.networkDown = true;
        try {
            await expect(check(dv, 'marketerOrganization', 'Gold', ownerOf('gold'), true)).rejects.toMatchObject({ failure: { kind: 'network' } });
        } finally {
            dv.faults.networkDown = false;
        }
        expect(dv.log.entries.filter((entry) => entry.query.includes(encodeURIComponent('top="1"')) && entry.query.includes(encodeURIComponent('operator="ne"')))).toHaveLength(0);
    });
});

describe('requests', () => {
    const tables = (): string[] => dv.log.entries.map((entry) => entry.table).sort();

    it('three with the aggregate: membership aggregate and freshness, one business-unit read; five when it is refused', async () => {
        await check(dv, 'marketerOrganization', 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), true);
        expect(tables()).toStrictEqual(['businessunit', MEMBERSHIP, MEMBERSHIP]);
        expect(dv.log.entries.every((entry) => entry.operation === 'retrieveMultipleRecords' && !entry.query.includes('$batch'))).toBe(true);
        dv.log.clear();
        dv.refuseAggregates = true;
        await check(dv, 'marketerOrganization', 'NorthAmerica_Winter_Sale', ownerOf('winterSale'), true);
        expect(tables()).toStrictEqual(['businessunit', MEMBERSHIP, MEMBERSHIP, MEMBERSHIP, MEMBERSHIP]);
        expect(dv.log.entries.filter((entry) => entry.status !== 200)).toHaveLength(1);
    });

    it('the same number for a tenant 20 times larger (requests grow with business units, not members)', async () => {
        const counts: number[] = [];
        for (const profileCount of [100, 2000]) {
            const tenant = DataverseEmulator.withSyntheticTenant({ seed: 3, profileCount });
            await check(tenant, 'marketerOrganization', 'All_Customers', ownerOf('allCustomers'), true);
            counts.push(tenant.log.entries.length);
            const elastic = DataverseEmulator.withSyntheticTenant({ seed: 3, profileCount, refuseAggregates: true });
            await check(elastic, 'marketerOrganization', 'All_Customers', ownerOf('allCustomers'), true);
            counts.push(elastic.log.entries.length);
        }
        expect(counts).toStrictEqual([3, 5, 3, 5]);
    });

    it('reads the owner of the form record with one request', async () => {
        const segment = JOURNEYS_SEGMENTS[2];
        if (segment === undefined) throw new Error('no segment');
        const owner = await readerFor(dv, 'marketerBusinessUnit').readOwningBusinessUnit({ table: 'msdynmkt_segment', primaryIdColumn: 'msdynmkt_segmentid', id: segment.id.toUpperCase() });
        expect(owner).toStrictEqual({ id: BUSINESS_UNIT_IDS.northAmerica, name: 'North America' });
        expect(tables()).toStrictEqual(['msdynmkt_segment']);
    });
});

describe('hostile output names', () => {
    const admin = 'marketerOrganization';
    const HOSTILE = ['Gold"', '"Gold"', 'Gold%', '%', '_', 'Gol_', '[G]old', '[', 'G[o]ld', "Owner's", '<Gold>&amp;', '"Segments"', 'Gold\\', 'Gold_Plus', 'gold', 'Loyalty', 'x'.repeat(4000)];

    it.each(HOSTILE.map((name) => [name.length > 30 ? `${name.slice(0, 8)}… (${name.length} chars)` : name, name]))('%s matches exactly the rows that list it', async (_title, name) => {
        const result = await check(dv, admin, name, BUSINESS_UNIT_IDS.germany, true);
        const expected = membersByUnit(dv, name);
        expect(countsOf(result)).toStrictEqual(expected);
        expect(result.verdict).toBe(expected.size === 0 ? 'noMembers' : [...expected.keys()].every((unit) => unit === BUSINESS_UNIT_IDS.germany) ? 'ready' : 'notReady');
    });

    it('a name too long for a request URL is a configuration problem, and nothing is sent', async () => {
        await expect(check(dv, admin, 'y'.repeat(MAX_QUERY_LENGTH), BUSINESS_UNIT_IDS.germany, true)).rejects.toMatchObject({ failure: { kind: 'configuration' } });
        await expect(check(dv, admin, '   ', BUSINESS_UNIT_IDS.germany, true)).rejects.toMatchObject({ failure: { kind: 'configuration' } });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('any name built from existing names and LIKE or XML specials counts exactly its own members (property)', async () => {
        const names = ['Gold', 'Gold_Plus', 'NorthAmerica_Winter_Sale', 'Promo_50%_Off', 'Promo_50Percent_Off', "Owner's_Club", 'Loyalty_Gold'];
        const specials = fc.constantFrom('%', '_', '[', ']', '"', "'", '&', '<', '>', '\\', '[%]', '&quot;', ' ');
        const candidate = fc.oneof(
            fc.constantFrom(...names),
            fc.tuple(fc.constantFrom(...names), specials, fc.nat()).map(([name, insert, at]) => name.slice(0, at % (name.length + 1)) + insert + name.slice(at % (name.length + 1))),
            fc.tuple(fc.constantFrom(...names), fc.nat(), fc.nat()).map(([name, a, b]) => name.slice(Math.min(a, b) % (name.length + 1), Math.max(a, b) % (name.length + 1))).filter((name) => name.trim() !== ''),
        );
        await fc.assert(
            fc.asyncProperty(candidate, async (name) => {
                const result = await check(dv, admin, name, BUSINESS_UNIT_IDS.germany, true);
                expect(countsOf(result)).toStrictEqual(membersByUnit(dv, name));
            }),
            { numRuns: 60 },
        );
    });
});
