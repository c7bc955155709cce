/**
 * Details of a timeline entry from `msdynci_semanticdata`: known keys of the semantic types, a short list
 * for anything else, the maker's keys when given, never anything raw.
 */
import fc from 'fast-check';
import { activityDetails, MAX_DETAIL_TEXT, MAX_GENERIC_DETAILS, parseDetailKeys, responsibleContact } from '../../components/shared/activityDetails';
import { parseKeyValues } from '../../components/shared/parsers';

const values = (json: string) => parseKeyValues(json).value;

describe('known semantic types', () => {
    it('reads a sales order with its currency, whatever the key case', () => {
        const details = activityDetails(values('{"orderid":"SO-1","TOTALAMOUNT":"12.50","currency":"eur","Status":"Shipped","ItemCount":3,"Channel":"Web","Extra":"x"}'), 'SalesOrder');
        expect(details).toEqual([
            { key: 'orderid', known: 'OrderNumber', value: { kind: 'text', text: 'SO-1' } },
            { key: 'TOTALAMOUNT', known: 'Total', value: { kind: 'amount', value: 12.5, currency: 'EUR' } },
            { key: 'Status', known: 'Status', value: { kind: 'text', text: 'Shipped' } },
            { key: 'ItemCount', known: 'Items', value: { kind: 'number', value: 3 } },
            { key: 'Channel', known: 'Channel', value: { kind: 'text', text: 'Web' } },
        ]);
    });

    it('reads loyalty, feedback and subscription details', () => {
        expect(activityDetails(values('{"Points":120,"Tier":"Gold"}'), 'loyalty').map((d) => d.known)).toEqual(['PointsEarned', 'Tier']);
        expect(activityDetails(values('{"Rating":4,"Comment":"Fast"}'), 'Feedback')).toEqual([
            { key: 'Rating', known: 'Rating', value: { kind: 'rating', value: 4, outOf: 5 } },
            { key: 'Comment', known: 'Comment', value: { kind: 'text', text: 'Fast' } },
        ]);
        expect(activityDetails(values('{"Rating":9}'), 'Feedback')).toEqual([{ key: 'Rating', known: 'Rating', value: { kind: 'number', value: 9 } }]);
        expect(activityDetails(values('{"Plan":"Club","StartDate":"2026-02-28","RenewalDate":"2026-02-30","Amount":9}'), 'Subscription')).toEqual([
            { key: 'Plan', known: 'Plan', value: { kind: 'text', text: 'Club' } },
            { key: 'Amount', known: 'Amount', value: { kind: 'amount', value: 9 } },
            { key: 'StartDate', known: 'StartDate', value: { kind: 'date', year: 2026, month: 2, day: 28 } },
            // Not a real date: shown as the text it is.
            { key: 'RenewalDate', known: 'RenewalDate', value: { kind: 'text', text: '2026-02-30' } },
        ]);
    });

    it('shows nothing for a known type without its keys, rather than raw data', () => {
        expect(activityDetails(values('{"Something":"else"}'), 'SalesOrder')).toEqual([]);
    });
});

describe('other types', () => {
    it('shows a short key/value list with readable names, skipping plumbing, contacts and empty values', () => {
        const details = activityDetails(values('{"CustomerId":"abc","ContactName":"Ada","DurationMinutes":12,"Direction":"Inbound","Empty":"  ","Flag":true,"On":"2026-03-01","More":"a","EvenMore":"b"}'), 'PhoneCall');
        expect(details).toEqual([
            { key: 'DurationMinutes', label: 'Duration Minutes', value: { kind: 'number', value: 12 } },
            { key: 'Direction', label: 'Direction', value: { kind: 'text', text: 'Inbound' } },
            { key: 'Flag', label: 'Flag', value: { kind: 'boolean', value: true } },
            { key: 'On', label: 'On', value: { kind: 'date', year: 2026, month: 3, day: 1 } },
        ]);
        expect(details).toHaveLength(MAX_GENERIC_DETAILS);
    });

    it('cuts long text and collapses whitespace, never splitting a character', () => {
        const [detail] = activityDetails(values(JSON.stringify({ Note: `a\n\n b ${'😀'.repeat(200)}` })), 'Custom');
        expect(detail?.value.kind).toBe('text');
        const text = detail?.value.kind === 'text' ? detail.value.text : '';
        expect(text.startsWith('a b ')).toBe(true);
        expect(text.length).toBeLessThanOrEqual(MAX_DETAIL_TEXT);
        expect(text.endsWith('…')).toBe(true);
        expect(/[\uD800-\uDBFF]…$/.test(text)).toBe(false);
    });

    it('never returns anything but scalar, bounded values for any JSON (property)', () => {
        fc.assert(
            fc.property(fc.jsonValue(), fc.constantFrom('SalesOrder', 'Loyalty', 'Feedback', 'Subscription', 'Email', undefined), (json, type) => {
                const details = activityDetails(parseKeyValues(JSON.stringify(json)).value, type);
                for (const detail of details) {
                    if (detail.value.kind === 'text') {
                        expect(detail.value.text.length).toBeLessThanOrEqual(MAX_DETAIL_TEXT);
                        expect(detail.value.text).not.toMatch(/\[object /);
                    }
                    if (detail.value.kind === 'number' || detail.value.kind === 'amount') expect(Number.isFinite(detail.value.value)).toBe(true);
                }
                expect(details.length).toBeLessThanOrEqual(6);
            }),
            { numRuns: 500 },
        );
    });
});

describe("the maker's keys", () => {
    it('parses one key per line, Key = Label, or comma-separated keys; ignores blanks, comments and repeats', () => {
        expect(parseDetailKeys('TotalAmount = Total spent\n# comment\n\nRating, Comment , rating\n= nothing')).toEqual([
            { key: 'TotalAmount', label: 'Total spent' },
            { key: 'Rating' },
            { key: 'Comment' },
        ]);
        expect(parseDetailKeys(undefined)).toEqual([]);
    });

    it('shows exactly those keys, in that order, for every type', () => {
        const keys = parseDetailKeys('Comment = What they said\nTotalAmount');
        expect(activityDetails(values('{"TotalAmount":5,"Comment":"Nice","Rating":5}'), 'Feedback', keys)).toEqual([
            { key: 'Comment', label: 'What they said', value: { kind: 'text', text: 'Nice' } },
            { key: 'TotalAmount', label: 'Total Amount', value: { kind: 'number', value: 5 } },
        ]);
    });
});

describe('responsible contact (B2B)', () => {
    it('is the first contact key the row carries', () => {
        expect(responsibleContact(values('{"ContactName":"Ada Andersen","ContactId":"C-1"}'))).toBe('Ada Andersen');
        expect(responsibleContact(values('{"contactid":"C-1"}'))).toBe('C-1');
        expect(responsibleContact(values('{"ContactName":"  ","Amount":1}'))).toBeUndefined();
        expect(responsibleContact(values('{"ContactName":12}'))).toBeUndefined();
    });
});
