/**
 * The reader object (components/shared/insightsReader.ts) over the emulator with scripted answers for some
 * tables: how it finds the user's business unit for "business unit and children" (once, again after a
 * failure, never for a given id), when it takes a refused read for a refusal of UnderOrEqual and falls back
 * to the business-unit tree with In (and when not), the bounded walk of that tree, every rejection as an
 * InsightsError, release and register. Written from mutation testing.
 */
import { BUSINESS_UNIT_IDS, PERSONAS, type PersonaKey } from '../dataverse';
import { InsightsError } from '../../components/shared/failure';
import { createInsightsReader, type InsightsReaderOptions } from '../../components/shared';
import { createRequestCache, createRequestLimiter } from '../../components/shared/pageState';
import { contactId, emulator, instantClock, readerFor, scriptedReader, type ScriptedTable, type SentRequest } from './support';

const dv = emulator();
type Row = Record<string, unknown>;
type Handler = ScriptedTable;

const PROFILE = 'msdynci_customerprofile';
const REFUSED_UNDER_OR_EQUAL = { errorCode: 0x80060888, message: "The function 'Microsoft.Dynamics.CRM.UnderOrEqual' is not supported for this query." };
const NO_PRIVILEGE = { errorCode: 0x80040220, message: 'Principal user is missing prvReadmsdynci_customerprofile privilege' };
const BAD_REQUEST = { errorCode: 0x80040203, message: 'Invalid argument.' };
const NAMED_COLUMN = { errorCode: 0, message: "Could not find a property named 'msdynci_nothere' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'." };
const THROTTLED = { errorCode: 0x8005f034, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' };
const unit = (n: number): string => `b1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A reader for `persona` whose `tables` may answer instead of the emulator; records every request. */
const scripted = (persona: PersonaKey, tables: Record<string, Handler>, options: InsightsReaderOptions = {}) => scriptedReader(dv, persona, tables, options);

const tableOf = (sent: readonly SentRequest[], table: string): SentRequest[] => sent.filter((s) => s.table === table);
const serviceAgentContact = (): string => contactId(dv, 'serviceAgentCustomer');

describe("the user's business unit for 'business unit and children'", () => {
    it('is read once from systemuser by the user id, and used with UnderOrEqual', async () => {
        const { reader, sent } = scripted('salesManager', {}, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        expect(tableOf(sent, 'systemuser')).toStrictEqual([{ table: 'systemuser', options: `?$select=_businessunitid_value&$filter=systemuserid eq ${PERSONAS.salesManager.userId}`, maxPageSize: 1 }]);
        expect(tableOf(sent, PROFILE).every((s) => s.options.includes(`Microsoft.Dynamics.CRM.UnderOrEqual(PropertyName='owningbusinessunit',PropertyValue='${BUSINESS_UNIT_IDS.northAmerica}')`))).toBe(true);
    });

    it('is read again after a failed read, instead of remembering the failure', async () => {
        const { reader, sent } = scripted('salesManager', { systemuser: (_options, call) => (call === 1 ? NO_PRIVILEGE : undefined) }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).rejects.toMatchObject({ failure: { kind: 'noPrivilege' } });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        expect(tableOf(sent, 'systemuser')).toHaveLength(2);
    });

    it('is a configuration problem when systemuser gives no business unit', async () => {
        const { reader } = scripted('salesManager', { systemuser: () => [{ _businessunitid_value: 'nobody knows' }] }, { businessUnitScope: 'businessUnitAndChildren' });
        const read = reader.resolveProfile({ recordId: serviceAgentContact() });
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toMatchObject({ failure: { kind: 'configuration', code: 'InvalidGuid', offendingName: "The user's business unit" } });
    });

    it('is a configuration problem when systemuser returns no row, or the user id is no GUID', async () => {
        const none = scripted('salesManager', { systemuser: () => [] }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(none.reader.resolveProfile({ recordId: serviceAgentContact() })).rejects.toMatchObject({ failure: { kind: 'configuration', code: 'InvalidGuid', offendingName: "The user's business unit" } });
        const reader = createInsightsReader({
            webApi: dv.webApi(PERSONAS.salesManager.userId),
            userId: 'somebody',
            options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), businessUnitScope: 'businessUnitAndChildren' },
        });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).rejects.toMatchObject({ failure: { kind: 'configuration', code: 'InvalidGuid', offendingName: 'The user id' } });
    });

    it('comes from the options without any read when given, and must be a GUID', async () => {
        const given = scripted('salesManager', {}, { businessUnitScope: 'businessUnitAndChildren', userBusinessUnitId: `{${BUSINESS_UNIT_IDS.unitedStates.toUpperCase()}}` });
        await expect(given.reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        expect(tableOf(given.sent, 'systemuser')).toStrictEqual([]);
        expect(tableOf(given.sent, PROFILE).at(-1)?.options).toContain(`PropertyValue='${BUSINESS_UNIT_IDS.unitedStates}'`);
        const wrong = scripted('salesManager', {}, { businessUnitScope: 'businessUnitAndChildren', userBusinessUnitId: 'North America' });
        const refused = wrong.reader.resolveProfile({ recordId: serviceAgentContact() });
        await expect(refused).rejects.toMatchObject({ failure: { kind: 'configuration', code: 'InvalidGuid', offendingName: 'userBusinessUnitId' } });
        await expect(refused).rejects.toHaveProperty('cause.name', 'InvalidGuidError');
    });

    it('is never read for the other scopes', async () => {
        for (const businessUnitScope of ['all', 'businessUnit'] as const) {
            const { reader, sent } = scripted('serviceAgent', {}, { businessUnitScope });
            await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
            expect(tableOf(sent, 'systemuser')).toStrictEqual([]);
            expect(tableOf(sent, 'businessunit')).toStrictEqual([]);
            expect(sent.some((s) => s.options.includes('EqualBusinessId'))).toBe(businessUnitScope === 'businessUnit');
        }
    });
});

describe('a refused UnderOrEqual', () => {
    /** The profile table refuses every query with UnderOrEqual with `refusal`. */
    const refusing = (refusal: { errorCode?: number; message: string }): Handler => (options) => (options.includes('UnderOrEqual') ? refusal : undefined);

    it('falls back once to the business-unit tree with In, and keeps using it', async () => {
        const { reader, sent } = scripted('salesManager', { [PROFILE]: refusing(REFUSED_UNDER_OR_EQUAL) }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') })).resolves.toMatchObject({ kind: 'notVisible' });
        expect(tableOf(sent, PROFILE).filter((s) => s.options.includes('UnderOrEqual'))).toHaveLength(1);
        expect(tableOf(sent, 'businessunit')).toHaveLength(2);
        expect(tableOf(sent, 'businessunit')[0]?.options).toBe(`?$select=businessunitid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='parentbusinessunitid',PropertyValues=["${BUSINESS_UNIT_IDS.northAmerica}"])`);
        const last = tableOf(sent, PROFILE).at(-1)?.options ?? '';
        expect(last).toContain("Microsoft.Dynamics.CRM.In(PropertyName='owningbusinessunit'");
        for (const id of [BUSINESS_UNIT_IDS.northAmerica, BUSINESS_UNIT_IDS.unitedStates, BUSINESS_UNIT_IDS.canada]) expect(last).toContain(id);
    });

    it('is also recognised by an unexplained bad request, but not by privilege, throttling or a named column', async () => {
        const generic = scripted('salesManager', { [PROFILE]: refusing(BAD_REQUEST) }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(generic.reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        expect(tableOf(generic.sent, 'businessunit').length).toBeGreaterThan(0);

        for (const [refusal, kind] of [
            [NO_PRIVILEGE, 'noPrivilege'],
            [THROTTLED, 'busy'],
            [NAMED_COLUMN, 'configuration'],
        ] as const) {
            const { reader, sent } = scripted('salesManager', { [PROFILE]: refusing(refusal) }, { businessUnitScope: 'businessUnitAndChildren', requests: { maxAttempts: 1 } });
            await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).rejects.toMatchObject({ failure: { kind } });
            expect(tableOf(sent, 'businessunit')).toStrictEqual([]);
        }
    });

    it('is recognised by its name in the message, by an unexpected or configuration platform code without a named column, and by a refusal without any code', async () => {
        for (const refusal of [
            { errorCode: 0, message: "Could not find a property named 'UnderOrEqual' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'." },
            { errorCode: 0x80040216, message: 'An unexpected error occurred.' },
            { errorCode: 0x80041103, message: 'The condition is not valid for this attribute.' },
            { message: 'The request is invalid.' },
        ]) {
            const { reader, sent } = scripted('salesManager', { [PROFILE]: refusing(refusal) }, { businessUnitScope: 'businessUnitAndChildren' });
            await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
            expect(tableOf(sent, 'businessunit').length).toBeGreaterThan(0);
        }
    });

    it('is not taken from a failure with a code of our own (a read stopped for endless paging)', async () => {
        const endless = { entities: [], nextLink: 'https://org.example/api/data/v9.2/msdynci_segmentmemberships?$skiptoken=same' };
        const { reader, sent } = scripted(
            'salesManager',
            { msdynci_segmentmembership: (o) => (o.includes('UnderOrEqual') || o.includes('skiptoken') ? endless : undefined) },
            { businessUnitScope: 'businessUnitAndChildren' },
        );
        const profile = await reader.resolveProfile({ recordId: serviceAgentContact() });
        if (profile.kind !== 'found') throw new Error('expected a found profile');
        await expect(reader.readSegmentMembership(profile)).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'PagingLimit' } });
        expect(tableOf(sent, 'businessunit')).toStrictEqual([]);
    });

    it('is not retried when the failed read did not use UnderOrEqual', async () => {
        const { reader, sent } = scripted('salesManager', { [PROFILE]: () => BAD_REQUEST }, { businessUnitScope: 'businessUnit' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).rejects.toBeInstanceOf(InsightsError);
        expect(tableOf(sent, 'businessunit')).toStrictEqual([]);
        expect(tableOf(sent, PROFILE)).toHaveLength(1);
        // Nor when the failure reads like a refusal but the read had no UnderOrEqual in it.
        const children = scripted('salesManager', { [PROFILE]: (o) => (o.includes('UnderOrEqual') ? undefined : REFUSED_UNDER_OR_EQUAL) }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(children.reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        await expect(children.reader.resolveProfile({ customerId: 'ffffffffffffffffffffffffffffffff' })).resolves.toBeDefined();
        expect(tableOf(children.sent, 'businessunit')).toStrictEqual([]);
    });

    it('after the fallback, a failing read is not retried again', async () => {
        let fail = false;
        const { reader, sent } = scripted('salesManager', { [PROFILE]: (options) => (options.includes('UnderOrEqual') ? REFUSED_UNDER_OR_EQUAL : fail ? BAD_REQUEST : undefined) }, { businessUnitScope: 'businessUnitAndChildren' });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        fail = true;
        const before = tableOf(sent, PROFILE).length;
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'corruptJson') })).rejects.toBeInstanceOf(InsightsError);
        expect(tableOf(sent, PROFILE).length - before).toBe(1);
    });
});

describe('the business-unit tree below the user', () => {
    const options: InsightsReaderOptions = { businessUnitScope: 'businessUnitAndChildren', userBusinessUnitId: unit(0) };

    it('walks level by level, skipping repeats, cycles and rows without an id', async () => {
        const { reader, sent } = scripted('salesManager', {
            [PROFILE]: (o) => (o.includes('UnderOrEqual') ? REFUSED_UNDER_OR_EQUAL : undefined),
            businessunit: (_o, call) =>
                call === 1
                    ? [{ businessunitid: unit(1) }, { businessunitid: unit(2) }, { businessunitid: unit(1) }, { businessunitid: 'not a guid' }, {}]
                    : call === 2
                      ? [{ businessunitid: unit(3) }, { businessunitid: unit(0) }, { businessunitid: unit(2) }]
                      : [{ businessunitid: unit(1) }],
        }, options);
        await reader.resolveProfile({ recordId: serviceAgentContact() });
        expect(tableOf(sent, 'businessunit').map((s) => /PropertyValues=(\[[^\]]*\])/.exec(s.options)?.[1])).toStrictEqual([
            JSON.stringify([unit(0)]),
            JSON.stringify([unit(1), unit(2)]),
            JSON.stringify([unit(3)]),
        ]);
        expect(tableOf(sent, 'businessunit').map((s) => s.maxPageSize)).toStrictEqual([5000, 5000, 5000]);
        const last = tableOf(sent, PROFILE).at(-1)?.options ?? '';
        expect(last).toContain(`PropertyName='owningbusinessunit',PropertyValues=${JSON.stringify([unit(0), unit(1), unit(2), unit(3)])}`);
    });

    it('refuses more than 300 units instead of showing a silently narrowed view, and reads the tree again next time', async () => {
        const wide = Array.from({ length: 300 }, (_, i) => ({ businessunitid: unit(i + 1) }));
        let answer: Row[] = wide;
        const { reader, sent } = scripted('salesManager', {
            [PROFILE]: (o) => (o.includes('UnderOrEqual') ? REFUSED_UNDER_OR_EQUAL : undefined),
            businessunit: (_o, call) => (call === 1 ? answer : []),
        }, { ...options, requests: { cacheTtlMs: 0 } });
        const read = reader.resolveProfile({ recordId: serviceAgentContact() });
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toMatchObject({ failure: { kind: 'unexpected', code: 'ScopeTooLarge', message: expect.stringContaining('More than 300 business units') as unknown } });
        answer = wide.slice(0, 299);
        const before = tableOf(sent, 'businessunit').length;
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toBeDefined();
        expect(tableOf(sent, 'businessunit').length).toBeGreaterThan(before);
    });

    it('accepts exactly 300 units (the root and 299 below it)', async () => {
        const { reader } = scripted('salesManager', {
            [PROFILE]: (o) => (o.includes('UnderOrEqual') ? REFUSED_UNDER_OR_EQUAL : undefined),
            businessunit: (_o, call) => (call === 1 ? Array.from({ length: 299 }, (_, i) => ({ businessunitid: unit(i + 1) })) : []),
        }, options);
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toBeDefined();
    });
});

describe('the reader object', () => {
    it('rejects every failure as an InsightsError, classified with the offline signal', async () => {
        let offline = false;
        const reader = createInsightsReader({
            webApi: { retrieveMultipleRecords: () => Promise.reject(new Error('Failed to fetch')) },
            userId: PERSONAS.serviceAgent.userId,
            isOffline: () => offline,
            options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock(), requests: { maxAttempts: 1 } },
        });
        const read = reader.resolveProfile({ recordId: serviceAgentContact() });
        await expect(read).rejects.toBeInstanceOf(InsightsError);
        await expect(read).rejects.toMatchObject({ failure: { kind: 'network' } });
        await expect(read).rejects.toHaveProperty('cause');
        offline = true;
        expect(reader.classifyFailure(new Error('Failed to fetch')).kind).toBe('offline');
        const later = reader.resolveProfile({ recordId: contactId(dv, 'otherRegionCustomer') });
        await expect(later).rejects.toMatchObject({ failure: { kind: 'offline' } });
    });

    it('sends nothing more after release, and reads again after register', async () => {
        const { reader, sent } = scripted('serviceAgent', {});
        reader.register();
        reader.register();
        const profile = await reader.resolveProfile({ recordId: serviceAgentContact() });
        reader.release();
        reader.release();
        const before = sent.length;
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'corruptJson') })).rejects.toBeInstanceOf(InsightsError);
        expect(sent.length).toBe(before);
        reader.register();
        await expect(reader.resolveProfile({ recordId: contactId(dv, 'corruptJson') })).resolves.toMatchObject({ kind: 'found' });
        expect(profile.kind).toBe('found');
        reader.release();
    });

    it('shares found profiles between readers of the same user, whatever the spelling of the user id', async () => {
        const lower = createInsightsReader({ webApi: dv.webApi(PERSONAS.serviceAgent.userId), userId: PERSONAS.serviceAgent.userId, options: { cache: createRequestCache(), limiter: createRequestLimiter(6), clock: instantClock() } });
        const braced = readerFor(dv, 'serviceAgent');
        const profile = await braced.resolveProfile({ recordId: serviceAgentContact() });
        if (profile.kind !== 'found') throw new Error('expected a found profile');
        await expect(lower.readSegmentMembership(profile)).resolves.toMatchObject({ customerId: profile.customerId });
    });

    it('tries to read the record and its profile in one request when asked to', async () => {
        const { reader, sent } = scripted('serviceAgent', {}, { profileLinks: { readProfileWithRecord: true } });
        await expect(reader.resolveProfile({ recordId: serviceAgentContact() })).resolves.toMatchObject({ kind: 'found' });
        // The emulator's tables refuse $expand (as elastic tables do): the reader then reads the record, then the profile.
        expect(sent[0]?.options).toContain('$expand=');
        expect(sent.slice(1).map((e) => e.table)).toStrictEqual(['contact', PROFILE]);
    });

    it('keeps the page cache while another control holds it, and empties it with the last release', async () => {
        const cache = createRequestCache();
        const first = scripted('serviceAgent', {}, { cache });
        const second = scripted('serviceAgent', {}, { cache });
        first.reader.register();
        first.reader.register();
        second.reader.register();
        await first.reader.resolveProfile({ recordId: serviceAgentContact() });
        first.reader.release();
        first.reader.release();
        await second.reader.resolveProfile({ recordId: serviceAgentContact() });
        expect(second.sent).toStrictEqual([]);
        second.reader.release();
        const third = scripted('serviceAgent', {}, { cache });
        third.reader.register();
        await third.reader.resolveProfile({ recordId: serviceAgentContact() });
        expect(third.sent.length).toBeGreaterThan(0);
        third.reader.release();
    });
});
