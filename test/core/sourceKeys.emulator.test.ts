/**
 * Bound values that are not record ids: a customer's key in a source system (the tenant stores e-commerce
 * keys `EC-1000nn` as alternate keys, data source `ecommerce`, table `customers`) is looked up like the README
 * says, escaped like any value; a value that can be no id at all is said to be so, without any request.
 */
import fc from 'fast-check';
import { PERSONAS } from '../dataverse';
import { normaliseSourceKey, readCustomerReference } from '../../components/shared/identifiers';
import { emulator, readerFor } from './support';

const dv = emulator();

/** The e-commerce key the tenant stores for a sample contact's profile (tenant.ts: `EC-${100000 + index}`). */
function ecommerceKey(key: 'serviceAgentCustomer' | 'otherRegionCustomer' | 'alternateKeyOnly'): { key: string; customerId: string } {
    const index = dv.tenant.sampleContacts[key].profileIndex;
    if (index === null) throw new Error(`${key} has no profile`);
    return { key: `EC-${String(100000 + index)}`, customerId: dv.tenant.profile(index).customerId };
}

/** Hides every profile row: what a user sees whose business unit does not own the profile. */
function hidingProfiles() {
    const admin = dv.webApi(PERSONAS.administrator.userId);
    return {
        retrieveMultipleRecords: (table: string, options?: string, maxPageSize?: number) =>
            table === 'msdynci_customerprofile' ? Promise.resolve({ entities: [] }) : admin.retrieveMultipleRecords(table, options, maxPageSize),
    };
}

beforeEach(() => {
    dv.faults.reset();
    dv.log.clear();
});

describe('a value that can be no id', () => {
    it.each([
        ['hello world', 'hello world'],
        ['an injection attempt', "x' or 1 eq 1"],
        ['two lines', 'two\nlines'],
        ['a tab', 'tab\there'],
        ['201 characters', 'x'.repeat(201)],
    ])('%s is not an id: said so, nothing sent', async (_title, value) => {
        await expect(readerFor(dv, 'administrator').resolveProfile({ recordId: value })).resolves.toStrictEqual({
            kind: 'noProfile',
            reason: 'notAnId',
            checked: [],
            unavailable: [],
            reference: value,
        });
        expect(dv.log.entries).toHaveLength(0);
    });

    it('tells customer ids, record ids, source-system keys and text apart', () => {
        expect(readCustomerReference('CE759201F786D590BF2134BFF576C369')).toMatchObject({ kind: 'customerId', customerId: 'ce759201f786d590bf2134bff576c369' });
        expect(readCustomerReference('{7D3C2B1A-0000-4000-8000-000000000001}')).toMatchObject({ kind: 'recordId', recordId: '7d3c2b1a-0000-4000-8000-000000000001' });
        expect(readCustomerReference(' EC-100000 ')).toStrictEqual({ kind: 'sourceKey', sourceKey: 'EC-100000' });
        expect(readCustomerReference('hello world')).toStrictEqual({ kind: 'notAnId', value: 'hello world' });
    });

    it('takes no text with spaces, control characters or broken surrogates for a key; any other token of up to 200 characters is one', () => {
        fc.assert(
            fc.property(fc.string({ unit: 'binary', maxLength: 220 }), (value) => {
                const key = normaliseSourceKey(value);
                if (key === undefined) return true;
                encodeURIComponent(key); // throws on a broken surrogate pair
                // eslint-disable-next-line no-control-regex -- a key must hold no control characters
                return key === value.trim() && key.length >= 1 && key.length <= 200 && !/[\s\u0000-\u001f\u007f-\u009f]/.test(key);
            }),
        );
        const tokenCharacter = fc.constantFrom(...Array.from('abcXYZ0189-_.:/#@+%&\'"*[](){}!?=~^$,;<>|\\äßéø中😀'));
        fc.assert(fc.property(fc.array(tokenCharacter, { minLength: 1, maxLength: 100 }), (characters) => normaliseSourceKey(characters.join('')) === characters.join('')));
    });
});

describe('a customer\'s key in a source system', () => {
    it('finds the profile through the alternate-key table, in any table and any case, narrowed by the data source', async () => {
        const { key, customerId } = ecommerceKey('serviceAgentCustomer');
        for (const spelling of [key, key.toLowerCase(), ` ${key} `]) {
            await expect(readerFor(dv, 'administrator').resolveProfile({ recordId: spelling })).resolves.toMatchObject({ kind: 'found', via: 'alternateKey', customerId });
        }
        // The maker's source table name (default contact) describes the form's records, not the source system's.
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyEntityName: 'contact' } }).resolveProfile({ recordId: key })).resolves.toMatchObject({ kind: 'found', customerId });
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyDataSourceName: 'ecommerce' } }).resolveProfile({ recordId: key })).resolves.toMatchObject({ kind: 'found', customerId });
        await expect(readerFor(dv, 'administrator', { profileLinks: { alternateKeyDataSourceName: 'crm' } }).resolveProfile({ recordId: key })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink' });
    });

    it('sends one alternate-key read and one profile read, the key escaped as a string literal; the record lookup needs a record id and is skipped', async () => {
        const { key } = ecommerceKey('serviceAgentCustomer');
        await readerFor(dv, 'administrator').resolveProfile({ recordId: key });
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_alternatekey: 1, msdynci_customerprofile: 1 });
        const keyRead = dv.log.entries.find((entry) => entry.table === 'msdynci_alternatekey');
        expect(decodeURIComponent(keyRead?.query ?? '')).toContain(`msdynci_alternatevalue eq '${key}'`);
        expect(decodeURIComponent(keyRead?.query ?? '')).not.toContain('msdynci_entityname');
    });

    it('finds a business-unit-level user\'s profile through the profile key column, since root-owned keys are out of their reach', async () => {
        const { key, customerId } = ecommerceKey('serviceAgentCustomer');
        await expect(readerFor(dv, 'serviceAgent').resolveProfile({ recordId: key })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink', checked: ['alternateKey'] });
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_ecommerce_customers_customerid' } });
        await expect(reader.resolveProfile({ recordId: key.toLowerCase() })).resolves.toMatchObject({ kind: 'found', via: 'profileKeyColumn', customerId });
    });

    it('says notVisible when the key exists but its profile does not come back, and noProfile without such evidence', async () => {
        const { key } = ecommerceKey('otherRegionCustomer');
        await expect(readerFor(dv, 'administrator', {}, hidingProfiles()).resolveProfile({ recordId: key })).resolves.toStrictEqual({ kind: 'notVisible', via: 'alternateKey' });
        const reader = readerFor(dv, 'serviceAgent', { profileLinks: { profileKeyColumn: 'msdynci_ecommerce_customers_customerid' } });
        await expect(reader.resolveProfile({ recordId: key })).resolves.toMatchObject({ kind: 'noProfile', reason: 'noLink' });
    });

    it('matches exactly the stored key, whatever the key contains (escaped like any value)', async () => {
        const hostile = fc.constantFrom("'", "''", '%', '_', '[', '&', '#', '+', '"', '*', "'or'1'eq'1", '%27', '%25', '\\', '/', '?', '$filter=', '😀');
        const stored = fc.integer({ min: 0, max: dv.tenant.profileCount - 1 }).map((index) => `EC-${String(100000 + index)}`);
        const mutated = fc.tuple(stored, hostile, fc.nat()).map(([key, insert, at]) => {
            const position = at % (key.length + 1);
            return key.slice(0, position) + insert + key.slice(position);
        });
        const candidates = fc.oneof(stored, mutated, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => normaliseSourceKey(s) !== undefined));
        await fc.assert(
            fc.asyncProperty(candidates, async (value) => {
                dv.log.clear();
                const resolution = await readerFor(dv, 'administrator').resolveProfile({ recordId: value });
                const match = /^EC-(\d+)$/i.exec(value.trim());
                const index = match?.[1] !== undefined ? Number(match[1]) - 100000 : -1;
                const expected = index >= 0 && index < dv.tenant.profileCount && String(100000 + index) === match?.[1] ? dv.tenant.profile(index).customerId : undefined;
                const everyReadAnswered = dv.log.entries.every((entry) => entry.status === 200);
                return everyReadAnswered && (expected === undefined ? resolution.kind === 'noProfile' : resolution.kind === 'found' && resolution.customerId === expected);
            }),
            { numRuns: 150 },
        );
    });
});
