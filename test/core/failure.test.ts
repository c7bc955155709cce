/**
 * Error classification on its own: the platform's `{ errorCode, message }` (and everything else a rejection
 * may be) becomes a state with a readable message, from errorCode and message alone.
 */
import fc from 'fast-check';
import {
    classifyFailure,
    InsightsError,
    isCancellation,
    ReadCancelledError,
    RequestTimeoutError,
    unwrapLimiterError,
    type FailureKind,
    type InsightsFailure,
} from '../../components/shared/failure';
import { InvalidGuidError } from '../../components/shared/identifiers';
import { MAX_CREDIBLE_RETRY_AFTER_SECONDS } from '../../components/shared/limits';
import { QueryValueError } from '../../components/shared/query';
import { NETWORK_FAILURE_MESSAGE } from '../dataverse';

/** What context.webAPI rejects with: errorCode the unsigned decimal of the hex code, and the message. */
function platform(hex: string, message: string): { errorCode: number; message: string } {
    return { errorCode: parseInt(hex, 16) >>> 0, message };
}

const KINDS: readonly FailureKind[] = ['noPrivilege', 'notVisible', 'busy', 'configuration', 'offline', 'network', 'timeout', 'unexpected'];

describe('classifyFailure on the platform shape { errorCode, message }', () => {
    it('missing privilege, from the unsigned, signed or hex code', () => {
        expect(classifyFailure(platform('0x80040220', 'Principal user is missing prvReadmsdynci_customerprofile privilege'))).toStrictEqual({
            kind: 'noPrivilege',
            code: '0x80040220',
            message: 'Principal user is missing prvReadmsdynci_customerprofile privilege',
        });
        expect(classifyFailure({ errorCode: 2147746336, message: 'x' }).kind).toBe('noPrivilege');
        expect(classifyFailure({ errorCode: -2147220960, message: 'x' }).kind).toBe('noPrivilege');
        expect(classifyFailure({ errorCode: '0x80040220', message: 'x' }).kind).toBe('noPrivilege');
    });

    it('not visible', () => {
        expect(classifyFailure(platform('0x80048306', 'SecLib::AccessCheckEx failed')).kind).toBe('notVisible');
    });

    it.each(['0x80048306', '0x8004030a', '0x80040225'])('not visible %s from the code alone', (code) => {
        expect(classifyFailure(platform(code, 'Denied.'))).toStrictEqual({ kind: 'notVisible', code, message: 'Denied.' });
    });

    it.each([
        'Principal user (Id=1) is missing prvReadmsdynci_alternatekey privilege',
        'The user has a Missing Privilege for this table',
    ])('missing privilege from the message when a code is missing: %j', (message) => {
        expect(classifyFailure({ errorCode: 0, message })).toStrictEqual({ kind: 'noPrivilege', message });
    });

    it.each([
        'The user does not have access to this record',
        'The user does not have the required permission',
        'SecLib: user has no access to the record',
    ])('not visible from the message when a code is missing: %j', (message) => {
        expect(classifyFailure({ errorCode: 0, message })).toStrictEqual({ kind: 'notVisible', message });
    });

    it.each([
        ['upper-case hex text', '0X80040220', '0x80040220'],
        ['upper-case hex digits', '0x8004022A', '0x8004022a'],
        ['hex text with spaces around', ' 0x80040220 ', '0x80040220'],
        ['short hex text, padded', '0x220', '0x00000220'],
        ['decimal text', '2147746336', '0x80040220'],
        ['signed decimal text', '-2147220960', '0x80040220'],
        ['a signed number', -2147220960, '0x80040220'],
        ['a small number, padded', 0x220, '0x00000220'],
    ])('reads the code from %s', (_what, errorCode, code) => {
        expect(classifyFailure({ errorCode, message: 'x' })).toMatchObject({ code });
    });

    it.each([
        ['0', 0],
        ['hex zero', '0x0'],
        ['padded hex zero', '0x00000000'],
        ['decimal text zero', '0'],
        ['blank text', '  '],
        ['a fraction', 1.5],
        ['hex text with leading zeros only', '0x0000'],
        ['not a number', Number.NaN],
        ['a boolean', true],
    ])('reads no code from %s', (_what, errorCode) => {
        expect(classifyFailure({ errorCode, message: 'x' })).toStrictEqual({ kind: 'unexpected', message: 'x' });
    });

    it('keeps a code it cannot read as it is, for support', () => {
        expect(classifyFailure({ errorCode: 'E_WEIRD', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: 'E_WEIRD', message: 'x' });
        expect(classifyFailure({ errorCode: '0x123456789', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: '0x123456789', message: 'x' });
        expect(classifyFailure({ errorCode: '0X12345678AB', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: '0X12345678AB', message: 'x' });
        expect(classifyFailure({ errorCode: 'E0x80040220', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: 'E0x80040220', message: 'x' });
    });

    it('reads a short hex code with a leading zero', () => {
        expect(classifyFailure({ errorCode: '0x01', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: '0x00000001', message: 'x' });
    });


    it.each(['0x80072322', '0x80072321', '0x80072326'])('busy %s, without any Retry-After (the platform gives none)', (code) => {
        const failure = classifyFailure(platform(code, 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.'));
        expect(failure).toStrictEqual({ kind: 'busy', code, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' });
    });

    it.each(['0x80072322', '0x80072321', '0x80072326'])('busy %s from the code alone, with a message that says nothing about limits', (code) => {
        expect(classifyFailure(platform(code, 'The server is busy.'))).toStrictEqual({ kind: 'busy', code, message: 'The server is busy.' });
    });

    it('not busy: a neighbouring code with a neutral message', () => {
        expect(classifyFailure(platform('0x80072320', 'Something else')).kind).toBe('unexpected');
    });

    it.each([
        'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
        'Number of concurrent requests exceeded the limit of 52.',
    ])('busy from the message %j when a code is missing', (message) => {
        expect(classifyFailure({ errorCode: 0, message })).toStrictEqual({ kind: 'busy', message });
    });

    it('busy from the message when a code is missing', () => {
        expect(classifyFailure({ errorCode: 0, message: 'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds.' }).kind).toBe('busy');
    });

    it('keeps a usable Retry-After only when the rejection carries one (our own HTTP client adds it)', () => {
        expect(classifyFailure({ ...platform('0x80072322', 'busy'), retryAfterSeconds: 7 })).toMatchObject({ kind: 'busy', retryAfterSeconds: 7 });
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 3_000_000, 1e300, Number.MAX_VALUE),
                    fc.double({ min: MAX_CREDIBLE_RETRY_AFTER_SECONDS + 0.001, noNaN: true }),
                    fc.double({ max: -0.001, noNaN: true }),
                    fc.string(),
                ),
                (retryAfterSeconds) => {
                    const failure = classifyFailure({ ...platform('0x80072322', 'busy'), retryAfterSeconds });
                    expect(failure.kind).toBe('busy');
                    const usable = typeof retryAfterSeconds === 'string' && retryAfterSeconds.trim() !== '' ? Number(retryAfterSeconds) : retryAfterSeconds;
                    if (typeof usable === 'number' && Number.isFinite(usable) && usable >= 0 && usable <= MAX_CREDIBLE_RETRY_AFTER_SECONDS) return;
                    expect(failure.retryAfterSeconds).toBeUndefined();
                },
            ),
        );
    });

    it('configuration: an unknown column (errorCode 0), naming it', () => {
        expect(classifyFailure({ errorCode: 0, message: "Could not find a property named 'msdynci_crm_contact_contactid' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'." })).toStrictEqual({
            kind: 'configuration',
            offendingName: 'msdynci_crm_contact_contactid',
            message: "Could not find a property named 'msdynci_crm_contact_contactid' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'.",
        });
    });

    it.each([
        ["The entity with a name = 'msdynci_prediction' was not found in the MetadataCache.", 'msdynci_prediction'],
        ['Entity msdynci_enrichment does not exist', 'msdynci_enrichment'],
        ["Resource not found for the segment 'msdynci_predictions'.", 'msdynci_predictions'],
    ])('configuration: unknown table in %j', (message, name) => {
        expect(classifyFailure(platform('0x80040217', message))).toMatchObject({ kind: 'configuration', offendingName: name });
    });

    it.each([
        ["The entity 'msdynci_prediction' was not found in the MetadataCache.", 'msdynci_prediction'],
        ["The entity 'msdynci_prediction' does not exist.", 'msdynci_prediction'],
        ['Could not find entity msdynci_enrichment', 'msdynci_enrichment'],
        ["Could not find entity named 'msdynci_enrichment'.", 'msdynci_enrichment'],
        ['Could not find entity named msdynci_enrichment.', 'msdynci_enrichment'],
        ['The attribute msdynci_shoesize was not found.', 'msdynci_shoesize'],
        ["The attribute 'msdynci_shoesize' does not exist.", 'msdynci_shoesize'],
        ["'msdynci_segmentmembership' entity doesn't contain attribute with Name = 'msdynci_shoesize' and NameMapping = 'Logical'.", 'msdynci_shoesize'],
    ])('configuration: names the unknown table or column in %j', (message, name) => {
        expect(classifyFailure({ errorCode: 0, message })).toStrictEqual({ kind: 'configuration', message, offendingName: name });
    });

    it('configuration: unknown table code without a name', () => {
        expect(classifyFailure(platform('0x80040217', 'Not found'))).toMatchObject({ kind: 'configuration', code: '0x80040217' });
    });

    it('configuration: values the query builder refused', () => {
        expect(classifyFailure(new QueryValueError('msdynci_x', 'bad'))).toStrictEqual({ kind: 'configuration', code: 'InvalidQueryValue', message: 'Cannot query msdynci_x: bad', offendingName: 'msdynci_x' });
        expect(classifyFailure(new InvalidGuidError('The record id', 'abc'))).toStrictEqual({
            kind: 'configuration',
            code: 'InvalidGuid',
            message: 'The record id must be a GUID (8-4-4-4-12 hex digits), got "abc".',
            offendingName: 'The record id',
        });
    });

    it('missing privilege from a message with any white space before prv', () => {
        expect(classifyFailure({ errorCode: 0, message: 'Principal user is missing  prvReadcontact privilege' }).kind).toBe('noPrivilege');
    });

    it('adds no code and no Retry-After field when there is none', () => {
        const failure = classifyFailure({ errorCode: 0, message: 'Something odd' });
        expect(failure).not.toHaveProperty('code');
        expect(failure).not.toHaveProperty('retryAfterSeconds');
        expect(classifyFailure(platform('0x80072322', 'busy'))).not.toHaveProperty('retryAfterSeconds');
    });

    it('reads a message that is not text as no message', () => {
        expect(classifyFailure({ errorCode: 0, message: 42 })).toStrictEqual({ kind: 'unexpected', message: 'The request failed: {"errorCode":0,"message":42}' });
        expect(classifyFailure({ errorCode: 0x80040216, message: { text: 'x' } })).toStrictEqual({ kind: 'unexpected', code: '0x80040216', message: 'The request failed: {"errorCode":2147746326,"message":{"text":"x"}}' });
    });

    it('server errors are unexpected and keep the code and message for support', () => {
        expect(classifyFailure(platform('0x80040216', 'An unexpected error occurred.'))).toStrictEqual({ kind: 'unexpected', code: '0x80040216', message: 'An unexpected error occurred.' });
        expect(classifyFailure(platform('0x8004e023', 'AggregateQueryRecordLimit exceeded.'))).toMatchObject({ kind: 'unexpected', code: '0x8004e023' });
    });
});

describe('network and offline', () => {
    it.each([new TypeError('Failed to fetch'), new TypeError('NetworkError when attempting to fetch resource.'), new TypeError('Load failed')])('network: %s', (error) => {
        expect(classifyFailure(error)).toStrictEqual({ kind: 'network', message: error.message });
    });

    it("network: the client's error object without a code whose message says the request failed", () => {
        expect(classifyFailure({ errorCode: 0, message: NETWORK_FAILURE_MESSAGE })).toStrictEqual({ kind: 'network', message: NETWORK_FAILURE_MESSAGE });
        expect(classifyFailure({ message: 'UciError: This operation failed because you\'re offline. Reconnect and try again.' }).kind).toBe('network');
    });

    it('not network: a TypeError from a bug, or a coded answer that mentions a failed request', () => {
        expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'entities')")).kind).toBe('unexpected');
        expect(classifyFailure(platform('0x80040216', 'The request failed on the server.')).kind).toBe('unexpected');
    });

    it.each([
        'NetworkError when attempting to fetch resource.',
        'Network request failed',
        'Load failed',
        'A network error occurred.',
        'The network connection was lost.',
        'net::ERR_INTERNET_DISCONNECTED',
        'This operation failed because you\u2019re offline.',
        'You are offline',
        'The request failed.',
    ])('network: an object without a code saying %j', (message) => {
        expect(classifyFailure({ errorCode: 0, message })).toStrictEqual({ kind: 'network', message });
        expect(classifyFailure({ message })).toStrictEqual({ kind: 'network', message });
    });

    it('not network: the same words as a plain string, or with a Dataverse code', () => {
        expect(classifyFailure('Failed to fetch')).toStrictEqual({ kind: 'unexpected', message: 'Failed to fetch' });
        expect(classifyFailure(platform('0x80040216', 'Failed to fetch'))).toStrictEqual({ kind: 'unexpected', code: '0x80040216', message: 'Failed to fetch' });
    });

    it('never offline or network unless the client or the message says so', () => {
        for (const isOffline of [undefined, () => false]) {
            expect(classifyFailure(new TypeError('Failed to fetch'), isOffline)).toStrictEqual({ kind: 'network', message: 'Failed to fetch' });
            expect(classifyFailure(new TypeError("Cannot read properties of null (reading 'x')"), isOffline)).toStrictEqual({ kind: 'unexpected', message: "Cannot read properties of null (reading 'x')" });
            expect(classifyFailure(new TypeError(''), isOffline).kind).toBe('unexpected');
            expect(classifyFailure(null, isOffline)).toStrictEqual({ kind: 'unexpected', message: 'The request failed without any error details.' });
        }
        // Only a real `true` says offline.
        expect(classifyFailure(new TypeError('Failed to fetch'), () => 'yes' as unknown as boolean).kind).toBe('network');
    });

    it('offline when the client says so, whatever the error', () => {
        expect(classifyFailure(platform('0x80040216', 'x'), () => true).kind).toBe('offline');
        expect(classifyFailure(new TypeError('Failed to fetch'), () => true).kind).toBe('offline');
        expect(classifyFailure(platform('0x80040216', 'x'), () => false).kind).toBe('unexpected');
        expect(
            classifyFailure(platform('0x80040216', 'x'), () => {
                throw new Error('host broken');
            }).kind,
        ).toBe('unexpected');
    });
});

describe("this library's own failures", () => {
    it('a request past its time limit is a timeout; a cancelled read is never shown as anything but unexpected', () => {
        expect(classifyFailure(new RequestTimeoutError('msdynci_customerprofile', 45_000))).toMatchObject({ kind: 'timeout', code: 'RequestTimeout', message: expect.stringContaining('45 s') as unknown });
        expect(classifyFailure(new ReadCancelledError())).toMatchObject({ kind: 'unexpected', code: 'ReadCancelled' });
    });

    it('reads the same errors made by another bundle (instanceof fails across bundles)', () => {
        expect(classifyFailure({ name: 'RequestTimeoutError', message: 'late' }).kind).toBe('timeout');
        expect(classifyFailure({ name: 'InsightsError', message: 'x', failure: { kind: 'busy', message: 'x' } })).toStrictEqual({ kind: 'busy', message: 'x' });
    });

    it("unwraps what an older version's page-wide limiter wrapped the platform's rejection in", () => {
        const wrapped = Object.assign(new Error('Request failed'), { cause: platform('0x80040220', 'Principal user is missing prvRead') });
        expect(classifyFailure(wrapped)).toMatchObject({ kind: 'noPrivilege', code: '0x80040220', message: 'Principal user is missing prvRead' });
    });

    it('passes an already classified failure through', () => {
        const failure = { kind: 'busy', message: 'x' } as const;
        expect(classifyFailure(new InsightsError(failure))).toBe(failure);
        // Its own errors are trusted as they are, also with a kind another version may add.
        const newer = { kind: 'throttledForever', message: 'x' } as unknown as InsightsFailure;
        expect(classifyFailure(new InsightsError(newer))).toBe(newer);
    });

    it('an InsightsError is an Error named InsightsError that keeps its cause', () => {
        const cause = platform('0x80040220', 'x');
        const error = new InsightsError({ kind: 'noPrivilege', message: 'no access' }, { cause });
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({ name: 'InsightsError', message: 'no access', cause });
        expect(new InsightsError({ kind: 'busy', message: 'x' })).not.toHaveProperty('cause');
    });

    it.each(KINDS)("reads another bundle's InsightsError of kind %s as it is", (kind) => {
        const failure = { kind, message: 'from another bundle' };
        expect(classifyFailure({ name: 'InsightsError', message: 'm', failure })).toBe(failure);
    });

    it.each([
        ['no failure', { name: 'InsightsError', message: 'Failed to fetch' }],
        ['a null failure', { name: 'InsightsError', message: 'Failed to fetch', failure: null }],
        ['a failure that is text', { name: 'InsightsError', message: 'Failed to fetch', failure: 'busy' }],
        ['an unknown kind', { name: 'InsightsError', message: 'Failed to fetch', failure: { kind: 'weird', message: 'x' } }],
        ['a message that is not text', { name: 'InsightsError', message: 'Failed to fetch', failure: { kind: 'busy', message: 42 } }],
        ['another name', { name: 'OtherError', message: 'Failed to fetch', failure: { kind: 'busy', message: 'x' } }],
    ])("does not trust a look-alike InsightsError with %s: it is classified from its own fields", (_what, error) => {
        expect(classifyFailure(error)).toStrictEqual({ kind: 'network', message: 'Failed to fetch' });
    });

    it('knows a cancelled read by its name, also from another bundle, and nothing else', () => {
        const cancelled = new ReadCancelledError();
        expect(cancelled).toMatchObject({ name: 'ReadCancelledError', message: 'The read was cancelled because its control was destroyed.' });
        expect(isCancellation(cancelled)).toBe(true);
        expect(isCancellation({ name: 'ReadCancelledError' })).toBe(true);
        expect(classifyFailure({ name: 'ReadCancelledError', message: 'x' })).toStrictEqual({ kind: 'unexpected', code: 'ReadCancelled', message: 'x' });
        for (const other of [new Error('x'), new RequestTimeoutError('t', 1000), 'ReadCancelledError', null, undefined, { name: 42 }]) expect(isCancellation(other)).toBe(false);
    });

    it('never takes a function for one of its errors, whatever the function is called', () => {
        const named = (name: string) => Object.defineProperty(() => undefined, 'name', { value: name });
        expect(isCancellation(named('ReadCancelledError'))).toBe(false);
        expect(classifyFailure(named('RequestTimeoutError'))).toStrictEqual({ kind: 'unexpected', message: 'The request failed without any error details.' });
        expect(classifyFailure(named('ReadCancelledError'))).toStrictEqual({ kind: 'unexpected', message: 'The request failed without any error details.' });
    });

    it("unwraps only an older limiter's wrapper that carries a cause", () => {
        const cause = platform('0x80040220', 'x');
        expect(unwrapLimiterError(Object.assign(new Error('Request failed'), { cause }))).toBe(cause);
        const withoutCause = new Error('Request failed');
        expect(unwrapLimiterError(withoutCause)).toBe(withoutCause);
        const other = Object.assign(new Error('Something else'), { cause });
        expect(unwrapLimiterError(other)).toBe(other);
        const plain = { message: 'Request failed', cause };
        expect(unwrapLimiterError(plain)).toBe(plain);
        expect(unwrapLimiterError(cause)).toBe(cause);
    });
});

describe('classification uses errorCode and message alone', () => {
    it('fields the platform does not document (code, status, raw, error body) change nothing', () => {
        fc.assert(
            fc.property(
                fc.oneof(fc.constantFrom(0, 0x80040220, 0x80048306, 0x80072322, 0x80072326, 0x80040217, 0x80040216), fc.nat({ max: 0xffffffff })),
                fc.oneof(fc.constantFrom('Failed to fetch', "Could not find a property named 'x'", 'missing prvRead', ''), fc.string()),
                fc.record({ code: fc.string(), status: fc.integer({ min: 100, max: 599 }), raw: fc.string(), error: fc.record({ code: fc.string(), message: fc.string() }) }, { requiredKeys: [] }),
                (errorCode, message, extra) => {
                    const plain = classifyFailure({ errorCode, message });
                    const decision = ({ kind, code, offendingName }: ReturnType<typeof classifyFailure>) => ({ kind, code, offendingName });
                    // (an empty message is described from the whole object, extra fields included: only the decision is compared)
                    expect(decision(classifyFailure({ errorCode, message, ...extra }))).toStrictEqual(decision(plain));
                    expect(KINDS).toContain(plain.kind);
                    expect(plain.message.length).toBeGreaterThan(0);
                    expect(plain.message).not.toMatch(/\[object/);
                    if (errorCode !== 0) expect(plain.code).toBe(`0x${errorCode.toString(16).padStart(8, '0')}`);
                },
            ),
        );
    });
});

describe('never "[object Object]"', () => {
    it.each([
        ['undefined', undefined],
        ['null', null],
        ['empty object', {}],
        ['empty string', ''],
        ['a number', 42],
        ['an Error without message', new Error('')],
        ['a circular object', (() => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })()],
        ['an object with a throwing getter', Object.defineProperty({}, 'message', { get: () => { throw new Error('boom'); }, enumerable: true })],
        ['a Proxy that throws on every read', new Proxy({}, { get: () => { throw new Error('hostile'); }, ownKeys: () => { throw new Error('hostile'); } })],
    ])('%s', (_name, error) => {
        const failure = classifyFailure(error);
        expect(failure.kind).toBe('unexpected');
        expect(failure.message).not.toMatch(/\[object/);
        expect(failure.message.length).toBeGreaterThan(0);
    });

    it('describes unknown objects and strings readably', () => {
        expect(classifyFailure({ foo: 'bar' }).message).toBe('The request failed: {"foo":"bar"}');
        expect(classifyFailure('Something went wrong').message).toBe('Something went wrong');
    });

    it.each([
        ['undefined', undefined, 'The request failed without any error details.'],
        ['null', null, 'The request failed without any error details.'],
        ['a blank string', '  ', 'The request failed without any error details.'],
        ['an empty object', {}, 'The request failed without any error details.'],
        ['an object with a blank message', { message: ' ', errorCode: 0 }, 'The request failed: {"message":" ","errorCode":0}'],
        ['a number', 42, 'The request failed: 42.'],
        ['a boolean', false, 'The request failed: false.'],
        ['a bigint', BigInt(7), 'The request failed: 7.'],
        ['a symbol', Symbol('odd'), 'The request failed: Symbol(odd).'],
        ['a function', () => undefined, 'The request failed without any error details.'],
        ['a circular object', (() => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })(), 'The request failed without any error details.'],
    ])('%s is unexpected, described as %j', (_name, error, message) => {
        expect(classifyFailure(error)).toStrictEqual({ kind: 'unexpected', message });
    });

    it('cuts the description of a large object at 500 characters', () => {
        const message = classifyFailure({ detail: 'x'.repeat(1000) }).message;
        expect(message).toBe(`The request failed: ${JSON.stringify({ detail: 'x'.repeat(1000) }).slice(0, 500)}…`);
        const exact = { d: 'y'.repeat(492) }; // JSON of exactly 500 characters is kept whole
        expect(JSON.stringify(exact)).toHaveLength(500);
        expect(classifyFailure(exact).message).toBe(`The request failed: ${JSON.stringify(exact)}`);
    });
});
