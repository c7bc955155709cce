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
        expect(details).toStrictEqual([
            { key: 'orderid', known: 'OrderNumber', value: { kind: 'text', text: 'SO-1' } },
            { key: 'TOTALAMOUNT', known: 'Total', value: { kind: 'amount', value: 12.5, currency: 'EUR' } },
            { key: 'Status', known: 'Status', value: { kind: 'text', text: 'Shipped' } },
            { key: 'ItemCount', known: 'Items', value: { kind: 'number', value: 3 } },
            { key: 'Channel', known: 'Channel', value: { kind: 'text', text: 'Web' } },
        ]);
    });

    it('reads loyalty, feedback and subscription details', () => {
        expect(activityDetails(values('{"Points":120,"Tier":"Gold"}'), 'loyalty').map((d) => d.known)).toStrictEqual(['PointsEarned', 'Tier']);
        expect(activityDetails(values('{"Rating":4,"Comment":"Fast"}'), 'Feedback')).toStrictEqual([
            { key: 'Rating', known: 'Rating', value: { kind: 'rating', value: 4, outOf: 5 } },
            { key: 'Comment', known: 'Comment', value: { kind: 'text', text: 'Fast' } },
        ]);
        expect(activityDetails(values('{"Rating":9}'), 'Feedback')).toStrictEqual([{ key: 'Rating', known: 'Rating', value: { kind: 'number', value: 9 } }]);
        expect(activityDetails(values('{"Plan":"Club","StartDate":"2026-02-28","RenewalDate":"2026-02-30","Amount":9}'), 'Subscription')).toStrictEqual([
            { key: 'Plan', known: 'Plan', value: { kind: 'text', text: 'Club' } },
            { key: 'Amount', known: 'Amount', value: { kind: 'amount', value: 9 } },
            { key: 'StartDate', known: 'StartDate', value: { kind: 'date', year: 2026, month: 2, day: 28 } },
            // Not a real date: shown as the text it is.
            { key: 'RenewalDate', known: 'RenewalDate', value: { kind: 'text', text: '2026-02-30' } },
        ]);
    });

    it('shows nothing for a known type without its keys, rather than raw data', () => {
        expect(activityDetails(values('{"Something":"else"}'), 'SalesOrder')).toStrictEqual([]);
    });
});

describe('other types', () => {
    it('shows a short key/value list with readable names, skipping plumbing, contacts and empty values', () => {
        const details = activityDetails(values('{"CustomerId":"abc","ContactName":"Ada","DurationMinutes":12,"Direction":"Inbound","Empty":"  ","Flag":true,"On":"2026-03-01","More":"a","EvenMore":"b"}'), 'PhoneCall');
        expect(details).toStrictEqual([
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
        expect(parseDetailKeys('TotalAmount = Total spent\n# comment\n\nRating, Comment , rating\n= nothing')).toStrictEqual([
            { key: 'TotalAmount', label: 'Total spent' },
            { key: 'Rating' },
            { key: 'Comment' },
        ]);
        expect(parseDetailKeys(undefined)).toStrictEqual([]);
    });

    it('shows exactly those keys, in that order, for every type', () => {
        const keys = parseDetailKeys('Comment = What they said\nTotalAmount');
        expect(activityDetails(values('{"TotalAmount":5,"Comment":"Nice","Rating":5}'), 'Feedback', keys)).toStrictEqual([
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

/** The details a row stored as `json` shows for `type`. */
const only = (json: string, type?: string) => activityDetails(values(json), type);

describe('every stored name of a known detail (found by mutation testing)', () => {
    const aliases: [string, string, string[]][] = [
        ['SalesOrder', 'OrderNumber', ['OrderNumber', 'OrderId', 'SalesOrderId', 'OrderNo']],
        ['SalesOrder', 'Total', ['TotalAmount', 'OrderTotal', 'TotalPrice', 'Amount', 'Total', 'Revenue']],
        ['SalesOrder', 'Status', ['Status', 'OrderStatus']],
        ['SalesOrder', 'Items', ['ItemCount', 'Quantity', 'Items', 'LineCount']],
        ['SalesOrder', 'Channel', ['Channel', 'SalesChannel']],
        ['Loyalty', 'PointsEarned', ['PointsEarned', 'Points', 'EarnedPoints']],
        ['Loyalty', 'PointsRedeemed', ['PointsRedeemed', 'RedeemedPoints']],
        ['Loyalty', 'Tier', ['Tier', 'LoyaltyTier', 'MembershipTier', 'Level']],
        ['Loyalty', 'Program', ['Program', 'LoyaltyProgram', 'ProgramName']],
        ['Feedback', 'Rating', ['Rating', 'Score', 'StarRating', 'Stars']],
        ['Feedback', 'Sentiment', ['Sentiment', 'SentimentLabel']],
        ['Feedback', 'Comment', ['Comment', 'Comments', 'FeedbackText', 'Review', 'Text']],
        ['Subscription', 'Plan', ['Plan', 'PlanName', 'SubscriptionName', 'Product']],
        ['Subscription', 'Status', ['Status', 'SubscriptionStatus']],
        ['Subscription', 'Amount', ['Amount', 'Price', 'RecurringAmount']],
        ['Subscription', 'StartDate', ['StartDate', 'SubscriptionStartDate']],
        ['Subscription', 'RenewalDate', ['RenewalDate', 'EndDate', 'NextBillingDate']],
    ];
    const sample: Record<string, string | number> = { Total: 3, Items: 2, PointsEarned: 7, PointsRedeemed: 5, Rating: 4, Amount: 9, StartDate: '2026-01-31', RenewalDate: '2027-01-31' };
    const expected: Record<string, object> = {
        Total: { kind: 'amount', value: 3 },
        Items: { kind: 'number', value: 2 },
        PointsEarned: { kind: 'number', value: 7 },
        PointsRedeemed: { kind: 'number', value: 5 },
        Rating: { kind: 'rating', value: 4, outOf: 5 },
        Amount: { kind: 'amount', value: 9 },
        StartDate: { kind: 'date', year: 2026, month: 1, day: 31 },
        RenewalDate: { kind: 'date', year: 2027, month: 1, day: 31 },
    };
    it.each(aliases.flatMap(([type, name, keys]) => keys.map((key) => [type, name, key] as const)))('%s reads %s from %s alone', (type, name, key) => {
        const value = sample[name] ?? 'Some text';
        expect(only(JSON.stringify({ [key]: value }), type)).toStrictEqual([{ key, known: name, value: expected[name] ?? { kind: 'text', text: 'Some text' } }]);
    });

    it.each(['Currency', 'CurrencyCode', 'TransactionCurrency', 'CurrencyIsoCode'])('takes the currency from %s', (key) => {
        expect(only(`{"TotalAmount":10,"${key}":" usd "}`, 'SalesOrder')).toStrictEqual([{ key: 'TotalAmount', known: 'Total', value: { kind: 'amount', value: 10, currency: 'USD' } }]);
    });

    it('takes no currency that is not three letters, and adds no currency field without one', () => {
        for (const currency of ['EURO', 'EU', 'E1R', '€', 'xEUR']) {
            expect(only(JSON.stringify({ Amount: 10, Currency: currency }), 'Subscription')).toStrictEqual([{ key: 'Amount', known: 'Amount', value: { kind: 'amount', value: 10 } }]);
        }
    });

    it('matches a padded type name, and no type name that only Object.prototype knows (a real bug: "constructor" threw)', () => {
        expect(only('{"Tier":"Gold"}', '  Loyalty ')).toStrictEqual([{ key: 'Tier', known: 'Tier', value: { kind: 'text', text: 'Gold' } }]);
        for (const type of ['constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
            expect(only('{"Tier":"Gold"}', type)).toStrictEqual([{ key: 'Tier', label: 'Tier', value: { kind: 'text', text: 'Gold' } }]);
        }
    });
});

describe('values of known details that are not what their name promises (found by mutation testing)', () => {
    it('falls through to the next stored name when a value is empty or null', () => {
        expect(only('{"OrderNumber":"  ","OrderId":null,"SalesOrderId":"SO-9"}', 'SalesOrder')).toStrictEqual([{ key: 'SalesOrderId', known: 'OrderNumber', value: { kind: 'text', text: 'SO-9' } }]);
        expect(only('{"OrderNumber":null}', 'SalesOrder')).toStrictEqual([]);
    });

    it('keeps text details as text even when they look like numbers or dates', () => {
        expect(only('{"OrderNumber":"12345"}', 'SalesOrder')).toStrictEqual([{ key: 'OrderNumber', known: 'OrderNumber', value: { kind: 'text', text: '12345' } }]);
        expect(only('{"OrderNumber":12345}', 'SalesOrder')).toStrictEqual([{ key: 'OrderNumber', known: 'OrderNumber', value: { kind: 'text', text: '12345' } }]);
    });

    it('shows a number, amount or rating that is no number as its text', () => {
        expect(only('{"ItemCount":"many"}', 'SalesOrder')).toStrictEqual([{ key: 'ItemCount', known: 'Items', value: { kind: 'text', text: 'many' } }]);
        expect(only('{"ItemCount":true}', 'SalesOrder')).toStrictEqual([{ key: 'ItemCount', known: 'Items', value: { kind: 'text', text: 'true' } }]);
        expect(only('{"TotalAmount":"n/a","Currency":"EUR"}', 'SalesOrder')).toStrictEqual([{ key: 'TotalAmount', known: 'Total', value: { kind: 'text', text: 'n/a' } }]);
        expect(only('{"Rating":"great"}', 'Feedback')).toStrictEqual([{ key: 'Rating', known: 'Rating', value: { kind: 'text', text: 'great' } }]);
        expect(only('{"StartDate":"soon"}', 'Subscription')).toStrictEqual([{ key: 'StartDate', known: 'StartDate', value: { kind: 'text', text: 'soon' } }]);
    });

    it('reads a rating from 0 to 5 as stars, anything else as a number', () => {
        const rating = (value: number) => only(JSON.stringify({ Rating: value }), 'Feedback')[0]?.value;
        expect(rating(0)).toStrictEqual({ kind: 'rating', value: 0, outOf: 5 });
        expect(rating(5)).toStrictEqual({ kind: 'rating', value: 5, outOf: 5 });
        expect(rating(-1)).toStrictEqual({ kind: 'number', value: -1 });
        expect(rating(5.5)).toStrictEqual({ kind: 'number', value: 5.5 });
    });

    it.each<[string, number]>([
        ['12', 12],
        ['-3', -3],
        ['+4', 4],
        ['.25', 0.25],
        ['7.', 7],
        [' 3 ', 3],
        ['1.75', 1.75],
    ])('reads the number text %j as %d', (text, value) => {
        expect(only(JSON.stringify({ ItemCount: text }), 'SalesOrder')[0]?.value).toStrictEqual({ kind: 'number', value });
    });

    it.each(['x1', '3 items', '3x', '1.2.3', '-', '.', '1e3', '0x10', '.5x'])('shows the text %j that only partly looks like a number as text', (text) => {
        expect(only(JSON.stringify({ ItemCount: text }), 'SalesOrder')[0]?.value).toStrictEqual({ kind: 'text', text });
    });
});

describe('dates (found by mutation testing)', () => {
    const date = (text: string) => only(JSON.stringify({ On: text }), 'Custom')[0]?.value;

    it.each(['2026-03-01', ' 2026-03-01 ', '2026-03-01T00:00', '2026-03-01T00:00Z', '2026-03-01T00:00:00', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00.0Z', '2026-03-01T00:00:00.000Z'])('reads %j as a calendar date', (text) => {
        expect(date(text)).toStrictEqual({ kind: 'date', year: 2026, month: 3, day: 1 });
    });

    it.each(['x2026-03-01', '2026-03-01x', '2026-03-01T10:00', '2026-03-01T00:00:01Z', '2026-03-01T00:00:00.Z', '2026-03-01T00:00:00.5Z', '2026-03-01 00:00', '2026-13-01', '2026-00-10', '2026-02-29', '2026-04-31', '2026-03-00', '0050-01-01'])(
        'shows %j, which is no calendar date or has a time of day, as text',
        (text) => {
            expect(date(text)).toStrictEqual({ kind: 'text', text: text.trim() });
        },
    );
});

describe('the generic list and the responsible contact (found by mutation testing)', () => {
    it('skips the row plumbing, every contact key and blank key names', () => {
        const hidden = ['CustomerId', 'ActivityId', 'ActivityTypeDisplay', 'ResponsibleContact', 'ContactName', 'ContactFullName', 'Contact', 'ContactId'];
        const row: Record<string, string> = Object.fromEntries<string>([...hidden.map((key): [string, string] => [key.toUpperCase(), 'x']), ['', 'blank'], [' ', 'space'], ['Shown', 'yes']]);
        expect(only(JSON.stringify(row), 'Email')).toStrictEqual([{ key: 'Shown', label: 'Shown', value: { kind: 'text', text: 'yes' } }]);
    });

    it('skips null values', () => {
        expect(only('{"A":null,"B":"ok"}', 'Email')).toStrictEqual([{ key: 'B', label: 'B', value: { kind: 'text', text: 'ok' } }]);
    });

    it.each(['ResponsibleContact', 'ContactName', 'ContactFullName', 'Contact', 'ContactId'])('reads the contact from %s, trimmed', (key) => {
        expect(responsibleContact(values(JSON.stringify({ Other: 'Not a contact', [key]: '  Ada  ' })))).toBe('Ada');
    });

    it('takes no other key as the contact, and cuts a long name', () => {
        expect(responsibleContact(values('{"Note":"Not a contact","Amount":"12"}'))).toBeUndefined();
        expect(responsibleContact(values(JSON.stringify({ ContactName: 'a'.repeat(500) })))).toBe(`${'a'.repeat(MAX_DETAIL_TEXT - 1)}…`);
    });
});

describe('long text (found by mutation testing)', () => {
    const text = (value: string) => {
        const detail = only(JSON.stringify({ Note: value }), 'Custom')[0]?.value;
        return detail?.kind === 'text' ? detail.text : undefined;
    };

    it('keeps text of exactly the limit, and cuts longer text to the limit with an ellipsis', () => {
        expect(text('a'.repeat(MAX_DETAIL_TEXT))).toBe('a'.repeat(MAX_DETAIL_TEXT));
        expect(text('a'.repeat(MAX_DETAIL_TEXT + 1))).toBe(`${'a'.repeat(MAX_DETAIL_TEXT - 1)}…`);
    });

    it('cuts one character earlier only where the cut would split a surrogate pair', () => {
        // An emoji before and after the cut, none across it: the cut stays where it is.
        expect(text(`😀${'a'.repeat(MAX_DETAIL_TEXT + 2)}😀😀`)).toBe(`😀${'a'.repeat(MAX_DETAIL_TEXT - 3)}…`);
        // An emoji across the cut: it goes whole.
        expect(text(`${'a'.repeat(MAX_DETAIL_TEXT - 2)}😀😀`)).toBe(`${'a'.repeat(MAX_DETAIL_TEXT - 2)}…`);
    });
});

describe("the maker's keys, edge cases (found by mutation testing)", () => {
    it('ignores blank keys, blank labels, indented comments and label-only lines', () => {
        expect(parseDetailKeys('Rating, ,Comment,\n  # Indented comment\nTotalAmount =   \n = Label only\n\n   \nPlan = \tMy plan ')).toStrictEqual([
            { key: 'Rating' },
            { key: 'Comment' },
            { key: 'TotalAmount' },
            { key: 'Plan', label: 'My plan' },
        ]);
    });

    it("skips a maker's key the row lacks or whose value is empty", () => {
        const keys = parseDetailKeys('Missing\nBlank\nNothing\nShown');
        expect(activityDetails(values('{"Blank":"  ","Nothing":null,"Shown":"yes"}'), 'Email', keys)).toStrictEqual([{ key: 'Shown', label: 'Shown', value: { kind: 'text', text: 'yes' } }]);
    });
});
