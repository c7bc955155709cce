/** Error classification on its own: every rejection shape becomes a state with a readable message. */
import { classifyFailure, InsightsError } from '../../components/shared/failure';
import { InvalidGuidError } from '../../components/shared/identifiers';
import { QueryValueError } from '../../components/shared/query';

function platform(code: string, status: number, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { errorCode: parseInt(code, 16) >>> 0, code, message, status, raw: JSON.stringify({ error: { code, message } }), ...extra };
}

describe('classifyFailure', () => {
    it('missing privilege', () => {
        expect(classifyFailure(platform('0x80040220', 403, 'Principal user is missing prvReadmsdynci_customerprofile privilege'))).toMatchObject({
            kind: 'noPrivilege',
            code: '0x80040220',
            status: 403,
        });
        // The same code as a signed number, as some clients report it.
        expect(classifyFailure({ errorCode: -2147220960, message: 'x' }).kind).toBe('noPrivilege');
    });

    it('not visible', () => {
        expect(classifyFailure(platform('0x80048306', 403, 'SecLib::AccessCheckEx failed')).kind).toBe('notVisible');
    });

    it.each(['0x80072322', '0x80072321', '0x80072326'])('busy %s, keeping Retry-After', (code) => {
        expect(classifyFailure(platform(code, 429, 'Number of requests exceeded the limit', { retryAfterSeconds: 7 }))).toMatchObject({ kind: 'busy', retryAfterSeconds: 7 });
    });

    it('busy from the status alone', () => {
        expect(classifyFailure({ status: 429, message: 'Too Many Requests' }).kind).toBe('busy');
    });

    it('configuration: unknown column, naming it', () => {
        expect(classifyFailure(platform('0x0', 400, "Could not find a property named 'msdynci_crm_contact_contactid' on type 'Microsoft.Dynamics.CRM.msdynci_customerprofile'."))).toMatchObject({
            kind: 'configuration',
            offendingName: 'msdynci_crm_contact_contactid',
        });
    });

    it.each([
        ["The entity with a name = 'msdynci_prediction' was not found in the MetadataCache.", 'msdynci_prediction'],
        ['Entity msdynci_enrichment does not exist', 'msdynci_enrichment'],
        ["Resource not found for the segment 'msdynci_predictions'.", 'msdynci_predictions'],
    ])('configuration: unknown table in %j', (message, name) => {
        expect(classifyFailure(platform('0x80040217', 404, message))).toMatchObject({ kind: 'configuration', offendingName: name });
    });

    it('configuration: unknown table code without a name', () => {
        expect(classifyFailure(platform('0x80040217', 404, 'Not found'))).toMatchObject({ kind: 'configuration', code: '0x80040217' });
    });

    it('configuration: values the query builder refused', () => {
        expect(classifyFailure(new QueryValueError('msdynci_x', 'bad'))).toMatchObject({ kind: 'configuration', offendingName: 'msdynci_x' });
        expect(classifyFailure(new InvalidGuidError('The record id', 'abc'))).toMatchObject({ kind: 'configuration', offendingName: 'The record id' });
    });

    it.each([new TypeError('Failed to fetch'), new TypeError('NetworkError when attempting to fetch resource.'), new TypeError('Load failed')])('offline: %s', (error) => {
        expect(classifyFailure(error).kind).toBe('offline');
    });

    it('offline when the client says so, whatever the error', () => {
        expect(classifyFailure(platform('0x80040216', 500, 'x'), () => true).kind).toBe('offline');
        expect(classifyFailure(platform('0x80040216', 500, 'x'), () => false).kind).toBe('unexpected');
        expect(
            classifyFailure(platform('0x80040216', 500, 'x'), () => {
                throw new Error('host broken');
            }).kind,
        ).toBe('unexpected');
    });

    it('unexpected keeps the platform code and message', () => {
        expect(classifyFailure(platform('0x80040216', 500, 'An unexpected error occurred.'))).toEqual({
            kind: 'unexpected',
            code: '0x80040216',
            status: 500,
            message: 'An unexpected error occurred.',
        });
    });

    it('takes code and message from the raw body when the fields are missing', () => {
        expect(classifyFailure({ raw: '{"error":{"code":"0x80048306","message":"no access"}}' })).toMatchObject({ kind: 'notVisible', message: 'no access' });
        expect(classifyFailure({ error: { code: '0x80040220', message: 'missing' } })).toMatchObject({ kind: 'noPrivilege', message: 'missing' });
    });

    it.each([
        ['undefined', undefined],
        ['null', null],
        ['empty object', {}],
        ['empty string', ''],
        ['a number', 42],
        ['an Error without message', new Error('')],
        ['a circular object', (() => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })()],
        ['an object with a throwing getter', Object.defineProperty({}, 'message', { get: () => { throw new Error('boom'); }, enumerable: true })],
    ])('never "[object Object]" for %s', (_name, error) => {
        const failure = classifyFailure(error);
        expect(failure.kind).toBe('unexpected');
        expect(failure.message).not.toMatch(/\[object/);
        expect(failure.message.length).toBeGreaterThan(0);
    });

    it('describes unknown objects and strings readably', () => {
        expect(classifyFailure({ foo: 'bar' }).message).toBe('The request failed: {"foo":"bar"}');
        expect(classifyFailure('Something went wrong').message).toBe('Something went wrong');
    });

    it('passes an already classified failure through', () => {
        const failure = { kind: 'busy', message: 'x' } as const;
        expect(classifyFailure(new InsightsError(failure))).toBe(failure);
    });
});
