/**
 * The Journeys readiness check on its own (components/shared/readiness.ts), over a scripted Web API: exact
 * results for counted and probed answers, business units the user cannot read or whose tree is odd (cycles,
 * missing parents), aggregate answers in shapes it cannot read, every kind of refusal, and the record-owner
 * read. (The same check against the emulator, per persona, is in readiness.emulator.test.ts.)
 */
import { checkSegmentReadiness, JOURNEYS_SEGMENT_MEMBER_LIMIT, readOwningBusinessUnit, type ReadinessRequest } from '../../components/shared/readiness';
import { createRequestCache, createRequestLimiter, createReadSignals } from '../../components/shared/pageState';
import { createRequester, type Requester } from '../../components/shared/requests';
import { InsightsError } from '../../components/shared/failure';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const OWNER = 'b0000000-0000-4000-8000-00000000000a';
const CHILD = 'b0000000-0000-4000-8000-00000000000c';
const GRANDCHILD = 'b0000000-0000-4000-8000-00000000000d';
const ROOT = 'b0000000-0000-4000-8000-000000000001';
const OTHER = 'b0000000-0000-4000-8000-00000000000e';
const UNKNOWN = 'b0000000-0000-4000-8000-00000000000f';

type Row = Record<string, unknown>;
type Answer = Row[] | { errorCode: number; message: string };

/** Units as the businessunit read returns them: the root, the owner below it, its child and grandchild, another unit. */
const TREE: Row[] = [
    { businessunitid: ROOT, name: 'Contoso', _parentbusinessunitid_value: null },
    { businessunitid: OWNER, name: 'Owner', _parentbusinessunitid_value: ROOT },
    { businessunitid: CHILD, name: 'Child', _parentbusinessunitid_value: OWNER },
    { businessunitid: GRANDCHILD, name: 'Grandchild', _parentbusinessunitid_value: CHILD },
    { businessunitid: OTHER, name: 'Other', _parentbusinessunitid_value: ROOT },
];

interface Script {
    aggregate?: Answer;
    units?: Answer;
    latest?: Answer;
    inOwner?: Answer;
    outside?: Answer;
}

/** A requester over a webApi that answers each of the check's reads from the script; records page sizes. */
function scripted(script: Script): { requester: Requester; asked: { table: string; kind: string; maxPageSize?: number }[] } {
    const asked: { table: string; kind: string; maxPageSize?: number }[] = [];
    const webApi = {
        retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) => {
            const text = decodeURIComponent(options ?? '');
            const kind = table === 'businessunit' ? 'units' : text.includes('aggregate="true"') ? 'aggregate' : text.includes('operator="eq" value=') ? 'inOwner' : text.includes('operator="ne"') ? 'outside' : 'latest';
            asked.push({ table, kind, ...(maxPageSize !== undefined ? { maxPageSize } : {}) });
            const answer = script[kind] ?? (kind === 'units' ? TREE : []);
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with plain objects
            return Array.isArray(answer) ? Promise.resolve({ entities: answer }) : Promise.reject(answer);
        },
    };
    const requester = createRequester({ webApi, userId: 'user', cache: createRequestCache(), limiter: createRequestLimiter(6), signals: createReadSignals(), policy: { maxAttempts: 1, cacheTtlMs: 0 } });
    return { requester, asked };
}

const request = (extra: Partial<ReadinessRequest> = {}): ReadinessRequest => ({ outputName: 'Gold', ownerBusinessUnitId: OWNER, readsAllBusinessUnits: true, ...extra });
const group = (id: string, members: unknown, name?: string): Row => ({ businessunit: id, members, ...(name !== undefined ? { [`businessunit${FORMATTED}`]: name } : {}) });

describe('counted', () => {
    it('lists the owner first, then the others by members and name, named from the tree, without empty units', async () => {
        const { requester, asked } = scripted({
            aggregate: [group(OTHER, 4), group(CHILD, 3), group(OWNER, 5), group(ROOT, 4), group(GRANDCHILD, 0), group(UNKNOWN, 4, 'Far away')],
            latest: [{ modifiedon: '2026-11-01T10:00:00Z' }],
        });
        await expect(checkSegmentReadiness(requester, request())).resolves.toStrictEqual({
            outputName: 'Gold',
            owner: { id: OWNER, name: 'Owner' },
            complete: true,
            latestModifiedOn: new Date('2026-11-01T10:00:00Z'),
            verdict: 'notReady',
            businessUnits: [
                { businessUnit: { id: OWNER, name: 'Owner' }, relation: 'owner', members: 5 },
                { businessUnit: { id: ROOT, name: 'Contoso' }, relation: 'root', members: 4 },
                { businessUnit: { id: UNKNOWN, name: 'Far away' }, relation: 'other', members: 4 },
                { businessUnit: { id: OTHER, name: 'Other' }, relation: 'other', members: 4 },
                { businessUnit: { id: CHILD, name: 'Child' }, relation: 'child', members: 3 },
            ],
            visibleMembers: 20,
            memberLimit: 'under',
        });
        expect(asked.find((a) => a.kind === 'units')).toStrictEqual({ table: 'businessunit', kind: 'units', maxPageSize: 5000 });
    });

    it('lists the owner first even when another unit has more members', async () => {
        const { requester } = scripted({ aggregate: [group(OTHER, 9), group(CHILD, 7), group(OWNER, 1)] });
        const result = await checkSegmentReadiness(requester, request());
        expect(result.businessUnits.map((u) => [u.relation, u.members])).toStrictEqual([
            ['owner', 1],
            ['other', 9],
            ['child', 7],
        ]);
    });

    it('calls a unit below a child a child too, and sorts units without a name first among equals', async () => {
        const { requester } = scripted({ aggregate: [group(GRANDCHILD, 2), group(UNKNOWN, 2), group('b0000000-0000-4000-8000-0000000000aa', 2, 'Named')], units: TREE.slice(0, 3).concat([{ businessunitid: GRANDCHILD, _parentbusinessunitid_value: CHILD }]) });
        const result = await checkSegmentReadiness(requester, request());
        expect(result.businessUnits).toStrictEqual([
            { businessUnit: { id: GRANDCHILD }, relation: 'child', members: 2 },
            { businessUnit: { id: UNKNOWN }, relation: 'other', members: 2 },
            { businessUnit: { id: 'b0000000-0000-4000-8000-0000000000aa', name: 'Named' }, relation: 'other', members: 2 },
        ]);
        expect(result).not.toHaveProperty('latestModifiedOn');
        // Whatever order the platform answers in: a unit without a name comes before "Alpha".
        const reversed = scripted({ aggregate: [group('b0000000-0000-4000-8000-0000000000aa', 2, 'Alpha'), group(UNKNOWN, 2)] });
        await expect(checkSegmentReadiness(reversed.requester, request())).resolves.toMatchObject({
            businessUnits: [{ businessUnit: { id: UNKNOWN } }, { businessUnit: { name: 'Alpha' } }],
        });
    });

    it.each([
        [JOURNEYS_SEGMENT_MEMBER_LIMIT - 1, true, 'under'],
        [JOURNEYS_SEGMENT_MEMBER_LIMIT, true, 'over'],
        [JOURNEYS_SEGMENT_MEMBER_LIMIT, false, 'over'],
        [5, false, 'unknown'],
    ] as const)('%i members (reads all units: %p) are %s the Journeys limit', async (members, readsAllBusinessUnits, memberLimit) => {
        const { requester } = scripted({ aggregate: [group(OWNER, members)] });
        await expect(checkSegmentReadiness(requester, request({ readsAllBusinessUnits }))).resolves.toMatchObject({ memberLimit, verdict: readsAllBusinessUnits ? 'ready' : 'cannotVerify' });
    });

    it('no members counted: no members, or cannot verify without Global read', async () => {
        await expect(checkSegmentReadiness(scripted({ aggregate: [] }).requester, request())).resolves.toMatchObject({ verdict: 'noMembers', businessUnits: [], visibleMembers: 0 });
        await expect(checkSegmentReadiness(scripted({ aggregate: [group(OWNER, 0)] }).requester, request({ readsAllBusinessUnits: false }))).resolves.toMatchObject({ verdict: 'cannotVerify', businessUnits: [] });
    });

    it('walks a tree with a cycle or a missing parent without looping, and calls such a unit other', async () => {
        const A = 'b0000000-0000-4000-8000-0000000000a1';
        const B = 'b0000000-0000-4000-8000-0000000000b1';
        const units = [...TREE, { businessunitid: A, name: 'A', _parentbusinessunitid_value: B }, { businessunitid: B, name: 'B', _parentbusinessunitid_value: A }, { businessunitid: 'not a guid', name: 'Broken' }, { businessunitid: GRANDCHILD.replace('d', '9'), name: 'Orphan', _parentbusinessunitid_value: UNKNOWN }];
        const { requester } = scripted({ aggregate: [group(A, 1), group(GRANDCHILD.replace('d', '9'), 1)], units });
        const result = await checkSegmentReadiness(requester, request());
        expect(result.businessUnits.map((u) => [u.businessUnit.name, u.relation])).toStrictEqual([
            ['A', 'other'],
            ['Orphan', 'other'],
        ]);
    });
});

describe('answers the aggregate cannot give', () => {
    it.each([
        ['a unit that is not a GUID', [group('nope', 3)]],
        ['no count', [{ businessunit: OWNER }]],
        ['a count that is not whole', [group(OWNER, 1.5)]],
        ['a negative count', [group(OWNER, -1)]],
        ['a count that is text', [group(OWNER, 'many')]],
    ])('%s: counts unavailable, the verdict from the probes', async (_what, aggregate) => {
        const { requester, asked } = scripted({ aggregate, inOwner: [{ _owningbusinessunit_value: OWNER }], outside: [] });
        await expect(checkSegmentReadiness(requester, request())).resolves.toStrictEqual({
            outputName: 'Gold',
            owner: { id: OWNER, name: 'Owner' },
            complete: true,
            verdict: 'ready',
            businessUnits: [{ businessUnit: { id: OWNER, name: 'Owner' }, relation: 'owner' }],
            countsUnavailable: 'refused',
            memberLimit: 'unknown',
        });
        expect(asked.map((a) => a.kind).sort()).toStrictEqual(['aggregate', 'inOwner', 'latest', 'outside', 'units']);
    });

    it.each([
        ['the 50,000-row limit', { errorCode: 0x8004e023, message: 'AggregateQueryRecordLimit exceeded.' }, 'overLimit'],
        ['a refusal of elastic tables', { errorCode: 0x80060888, message: 'Aggregate not supported.' }, 'refused'],
        ['an error without a code', { errorCode: 0, message: 'Something odd' }, 'refused'],
        ['an unknown column', { errorCode: 0, message: "Could not find a property named 'x'." }, 'refused'],
    ])('%s: the probes answer (%s)', async (_what, rejection, countsUnavailable) => {
        const { requester } = scripted({ aggregate: rejection, inOwner: [], outside: [{ _owningbusinessunit_value: OTHER, [`_owningbusinessunit_value${FORMATTED}`]: 'Formatted other' }] });
        await expect(checkSegmentReadiness(requester, request())).resolves.toStrictEqual({
            outputName: 'Gold',
            owner: { id: OWNER, name: 'Owner' },
            complete: true,
            verdict: 'notReady',
            businessUnits: [{ businessUnit: { id: OTHER, name: 'Other' }, relation: 'other' }],
            countsUnavailable,
            memberLimit: 'unknown',
        });
    });

    it('names a unit found outside from its formatted value when the tree does not know it, and proves "not ready" from a row without a readable unit', async () => {
        const named = scripted({ aggregate: { errorCode: 0x80060888, message: 'x' }, inOwner: [{ _owningbusinessunit_value: OWNER }], outside: [{ _owningbusinessunit_value: UNKNOWN, [`_owningbusinessunit_value${FORMATTED}`]: 'Far away' }] });
        await expect(checkSegmentReadiness(named.requester, request())).resolves.toMatchObject({
            verdict: 'notReady',
            businessUnits: [
                { businessUnit: { id: OWNER, name: 'Owner' }, relation: 'owner' },
                { businessUnit: { id: UNKNOWN, name: 'Far away' }, relation: 'other' },
            ],
        });
        const unreadable = scripted({ aggregate: { errorCode: 0x80060888, message: 'x' }, inOwner: [], outside: [{ _owningbusinessunit_value: null }] });
        await expect(checkSegmentReadiness(unreadable.requester, request({ readsAllBusinessUnits: false }))).resolves.toMatchObject({ verdict: 'notReady', businessUnits: [] });
        const none = scripted({ aggregate: { errorCode: 0x80060888, message: 'x' }, inOwner: [], outside: [] });
        await expect(checkSegmentReadiness(none.requester, request())).resolves.toMatchObject({ verdict: 'noMembers', businessUnits: [] });
    });

    it.each([
        ['busy', { errorCode: 0x80072322, message: 'Number of requests exceeded the limit' }],
        ['missing privilege', { errorCode: 0x80040220, message: 'missing prvRead' }],
        ['not visible', { errorCode: 0x80048306, message: 'Access denied' }],
        ['a lost network', { errorCode: 0, message: 'Failed to fetch' }],
    ])('passes %s on instead of probing, even when the probes would answer', async (_what, rejection) => {
        const { requester, asked } = scripted({ aggregate: rejection, inOwner: [{ _owningbusinessunit_value: OWNER }], outside: [] });
        await expect(checkSegmentReadiness(requester, request())).rejects.toBeInstanceOf(InsightsError);
        expect(asked.map((a) => a.kind)).not.toContain('inOwner');
    });

    it.each([
        ['offline', { kind: 'offline', message: 'The app is offline.' }],
        ['a time limit', { kind: 'timeout', message: 'No answer in time.' }],
        ['missing privilege', { kind: 'noPrivilege', message: 'missing prvRead' }],
        ['not visible', { kind: 'notVisible', message: 'Access denied' }],
        ['busy', { kind: 'busy', message: 'throttled' }],
        ['a lost network', { kind: 'network', message: 'Failed to fetch' }],
    ] as const)('passes %s from the requester on instead of probing', async (_what, failure) => {
        const { requester, asked } = scripted({ inOwner: [{ _owningbusinessunit_value: OWNER }], outside: [] });
        const refused = new InsightsError(failure);
        const odd: Requester = { ...requester, retrieve: (table, options, max) => (decodeURIComponent(options).includes('aggregate="true"') ? Promise.reject(refused) : requester.retrieve(table, options, max)) };
        await expect(checkSegmentReadiness(odd, request())).rejects.toBe(refused);
        expect(asked.map((a) => a.kind)).not.toContain('inOwner');
    });

    it('passes on an error that is not an InsightsError as it is', async () => {
        const broken = new Error('a requester of another kind');
        const { requester } = scripted({});
        const odd: Requester = { ...requester, retrieve: (table, options, max) => (decodeURIComponent(options).includes('aggregate="true"') ? Promise.reject(broken) : requester.retrieve(table, options, max)) };
        await expect(checkSegmentReadiness(odd, request())).rejects.toBe(broken);
    });
});

describe('what it refuses before sending', () => {
    it('an empty output name and an owner that is not a GUID', async () => {
        const { requester, asked } = scripted({});
        await expect(checkSegmentReadiness(requester, request({ outputName: '  ' }))).rejects.toThrow('Cannot query msdynci_segments: the segment output name is empty.');
        await expect(checkSegmentReadiness(requester, request({ ownerBusinessUnitId: 'x' }))).rejects.toMatchObject({ name: 'InvalidGuidError', what: 'The owner business unit' });
        expect(asked).toStrictEqual([]);
    });
});

describe('the owner of a record', () => {
    const record = { table: 'msdynmkt_segment', primaryIdColumn: 'msdynmkt_segmentid', id: '7d3c2b1a-0000-4000-8000-0000000000ab' };
    const owning = (rows: Row[]) => {
        const { requester } = scripted({});
        const stub: Requester = { ...requester, retrieve: () => Promise.resolve({ entities: rows }) };
        return readOwningBusinessUnit(stub, record);
    };

    it('is its owning business unit, named when the platform names it', async () => {
        await expect(owning([{ _owningbusinessunit_value: OWNER, [`_owningbusinessunit_value${FORMATTED}`]: 'Owner' }])).resolves.toStrictEqual({ id: OWNER, name: 'Owner' });
        await expect(owning([{ _owningbusinessunit_value: OWNER.toUpperCase() }])).resolves.toStrictEqual({ id: OWNER });
    });

    it('is unknown without a row or a readable unit', async () => {
        await expect(owning([])).resolves.toBeUndefined();
        await expect(owning([{ _owningbusinessunit_value: null }])).resolves.toBeUndefined();
        await expect(owning([{}])).resolves.toBeUndefined();
    });

    it('refuses a record id that is not a GUID, naming it', async () => {
        const { requester } = scripted({});
        await expect(readOwningBusinessUnit(requester, { ...record, id: 'nope' })).rejects.toMatchObject({ name: 'InvalidGuidError', what: 'The record id' });
    });
});
