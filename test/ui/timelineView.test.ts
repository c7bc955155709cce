/**
 * The timeline's entry view model (components/CustomerInsightsTimeline/timelineView.ts), pure: what each
 * entry shows (type label, time, title, source, contact, details, partial marker, link), the group headings
 * by day and by month, how every kind of detail value is written, and that a view prepared earlier is
 * reused only for the same entry with the same settings and heading.
 */
import type { UnifiedActivityRow } from '../../components/shared';
import type { ActivityDetail, KnownDetailName } from '../../components/shared/activityDetails';
import { normaliseGuid, type NormalisedGuid } from '../../components/shared/identifiers';
import { parseKeyValues } from '../../components/shared/parsers';
import { formatLocalDateTime, formatLocalTime } from '../../components/shared/userTime';
import { parseActivityTypes } from '../../components/CustomerInsightsTimeline/activityTypes';
import { detailText, entryViews, type TimelineViewContext } from '../../components/CustomerInsightsTimeline/timelineView';

let idCounter = 0;
function row(time: string, type: string | null = 'Email', extra: Partial<UnifiedActivityRow> = {}): UnifiedActivityRow {
    idCounter++;
    const id = normaliseGuid(`00000000-0000-4000-8000-${String(idCounter).padStart(12, '0')}`) as NormalisedGuid;
    return { id, activityTime: new Date(time), ...(type !== null ? { activityType: type } : {}), semanticData: parseKeyValues(null), ...extra };
}

/** Strings as their key, except the templates (so a label shows which string it came from). */
const strings = (key: string): string => ({ Timeline_Today: 'Today, {0}', Timeline_Yesterday: 'Yesterday, {0}', Timeline_Rating: '{0} of {1}' })[key] ?? key;
/** Numbers with the style they were formatted in, so the style is visible. */
const formatNumber = (value: number, style: string): string => `${style}:${value}`;

const utcClock = { locale: 'en-US', offsetMinutes: () => 0, hourCycle: 'h23' as const };

function contextWith(overrides: Partial<TimelineViewContext> = {}): TimelineViewContext {
    return {
        grouping: 'day',
        clock: utcClock,
        now: new Date('2026-11-30T15:00:00Z'),
        types: parseActivityTypes(''),
        detailKeys: [],
        strings,
        formatNumber,
        ...overrides,
    };
}

describe('an entry', () => {
    it('shows its type label, time, title, source, contact and a safe link', () => {
        const entry = row('2026-11-30T09:05:00Z', 'SalesOrder', {
            activityTypeDisplay: 'Sales order',
            title: 'Order 1001',
            entityName: 'ecommerce_orders',
            externalUrl: 'https://shop.contoso.example/orders/1001',
            semanticData: parseKeyValues('{"ContactName":"Ana Diaz","OrderNumber":"1001"}'),
        });
        const [view] = entryViews([entry], contextWith());
        expect(view).toStrictEqual({
            id: entry.id,
            groupHeading: 'Today, Monday, November 30, 2026',
            typeLabel: 'Sales order',
            icon: 'order',
            dateTime: '2026-11-30T09:05:00.000Z',
            timeText: '09:05',
            timeTitle: formatLocalDateTime(entry.activityTime, utcClock),
            title: 'Order 1001',
            source: 'Ecommerce orders',
            sourceName: 'ecommerce_orders',
            contact: 'Ana Diaz',
            details: [{ label: 'Timeline_Detail_OrderNumber', text: '1001' }],
            detailsPartial: false,
            link: 'https://shop.contoso.example/orders/1001',
        });
    });

    it('leaves out what the row does not have, and an unsafe link', () => {
        const entry = row('2026-11-30T09:05:00Z', 'Email', { externalUrl: 'javascript:alert(1)' });
        const [first, second] = entryViews([entry, row('2026-11-30T08:00:00Z', 'Email')], contextWith());
        for (const absent of ['title', 'source', 'sourceName', 'contact', 'link']) expect(absent in (first as object)).toBe(false);
        // Only the first entry of a day opens its group.
        expect('groupHeading' in (second as object)).toBe(false);
        expect(first).toMatchObject({ typeLabel: 'Email', icon: 'email', detailsPartial: false, details: [] });
    });

    it('names an entry without any type with the unknown type string', () => {
        const [view] = entryViews([row('2026-11-30T09:05:00Z', null)], contextWith());
        expect(view).toMatchObject({ typeLabel: 'Timeline_UnknownType', icon: 'activity' });
    });

    it('says when its details could not all be read (partial or unreadable), and not when they could', () => {
        const views = entryViews(
            [
                row('2026-11-30T09:00:00Z', 'Email', { semanticData: parseKeyValues('{"a":1}') }),
                row('2026-11-30T08:00:00Z', 'Email', { semanticData: parseKeyValues('{"a":1,"b":') }),
                row('2026-11-30T07:00:00Z', 'Email', { semanticData: parseKeyValues('not json') }),
                row('2026-11-30T06:00:00Z', 'Email', { semanticData: parseKeyValues(null) }),
            ],
            contextWith(),
        );
        expect(views.map((v) => v.detailsPartial)).toStrictEqual([false, true, true, false]);
    });

    it('labels every known detail with its own string', () => {
        const entries = [
            row('2026-11-30T09:00:00Z', 'SalesOrder', { semanticData: parseKeyValues('{"OrderNumber":"A1","TotalAmount":10,"Status":"Shipped","ItemCount":2,"Channel":"Web"}') }),
            row('2026-11-30T08:00:00Z', 'Loyalty', { semanticData: parseKeyValues('{"PointsEarned":5,"PointsRedeemed":1,"Tier":"Gold","Program":"Club"}') }),
            row('2026-11-30T07:00:00Z', 'Feedback', { semanticData: parseKeyValues('{"Rating":4,"Sentiment":"Positive","Comment":"Fine"}') }),
            row('2026-11-30T06:00:00Z', 'Subscription', { semanticData: parseKeyValues('{"Plan":"Basic","Status":"Active","Amount":9,"StartDate":"2026-01-01","RenewalDate":"2027-01-01"}') }),
        ];
        const labels = entryViews(entries, contextWith()).flatMap((view) => view.details.map((detail) => detail.label));
        const names: KnownDetailName[] = ['OrderNumber', 'Total', 'Status', 'Items', 'Channel', 'PointsEarned', 'PointsRedeemed', 'Tier', 'Program', 'Rating', 'Sentiment', 'Comment', 'Plan', 'Status', 'Amount', 'StartDate', 'RenewalDate'];
        expect(labels).toStrictEqual(names.map((name) => `Timeline_Detail_${name}`));
    });

    it("labels other details with the maker's label, else the stored key made readable", () => {
        const entry = row('2026-11-30T09:00:00Z', 'Email', { semanticData: parseKeyValues('{"ref_code":"X-1","campaign_name":"Spring"}') });
        expect(entryViews([entry], contextWith())[0]?.details).toStrictEqual([
            { label: 'Ref code', text: 'X-1' },
            { label: 'Campaign name', text: 'Spring' },
        ]);
        const other = row('2026-11-30T09:00:00Z', 'Email', { semanticData: parseKeyValues('{"ref_code":"X-1","campaign_name":"Spring"}') });
        expect(entryViews([other], contextWith({ detailKeys: [{ key: 'ref_code', label: 'Reference' }, { key: 'campaign_name' }] }))[0]?.details).toStrictEqual([
            { label: 'Reference', text: 'X-1' },
            { label: 'Campaign name', text: 'Spring' },
        ]);
    });
});

describe('group headings', () => {
    it('by day: today and yesterday named, older days by their date alone', () => {
        const views = entryViews([row('2026-11-30T09:00:00Z'), row('2026-11-29T09:00:00Z'), row('2026-11-28T09:00:00Z'), row('2026-11-28T08:00:00Z')], contextWith());
        expect(views.map((v) => v.groupHeading)).toStrictEqual(['Today, Monday, November 30, 2026', 'Yesterday, Sunday, November 29, 2026', 'Saturday, November 28, 2026', undefined]);
        expect(views.map((v) => v.timeText)).toStrictEqual(['09:00', '09:00', '09:00', '08:00']);
    });

    it('by month: one heading per local month, and the time with its date', () => {
        const entries = [row('2026-11-30T09:00:00Z'), row('2026-11-02T09:00:00Z'), row('2026-10-31T09:00:00Z')];
        const views = entryViews(entries, contextWith({ grouping: 'month' }));
        expect(views.map((v) => v.groupHeading)).toStrictEqual(['November 2026', undefined, 'October 2026']);
        expect(views.map((v) => v.timeText)).toStrictEqual(entries.map((entry) => formatLocalDateTime(entry.activityTime, utcClock)));
        expect(views[0]?.timeText).not.toBe(formatLocalTime(entries[0].activityTime, utcClock));
    });
});

describe('views prepared earlier', () => {
    it('are the same objects for the same entries and settings (Load more prepares only the new ones)', () => {
        const entries = [row('2026-11-30T09:00:00Z'), row('2026-11-30T08:00:00Z')];
        const first = entryViews(entries, contextWith());
        const again = entryViews([...entries, row('2026-11-30T07:00:00Z')], contextWith());
        expect(again[0]).toBe(first[0]);
        expect(again[1]).toBe(first[1]);
    });

    it('are prepared again when a setting changes, also for entries without a heading', () => {
        const entries = [row('2026-11-30T09:00:00Z', 'Email'), row('2026-11-30T08:00:00Z', 'Email')];
        expect(entryViews(entries, contextWith())[1]?.typeLabel).toBe('Email');
        expect(entryViews(entries, contextWith({ types: parseActivityTypes('Email = Mails') }))[1]?.typeLabel).toBe('Mails');
        // The user's clock changes from 24 to 12 hours and back.
        expect(entryViews(entries, contextWith({ clock: { ...utcClock, hourCycle: 'h12' } }))[1]?.timeText).toMatch(/^8:00\sAM$/);
        expect(entryViews(entries, contextWith())[1]?.timeText).toBe('08:00');
        // A language and a clock whose texts would run together are still different settings.
        expect(entryViews(entries, contextWith({ clock: { locale: 'en-USh23', offsetMinutes: () => 0 } }))[1]?.timeText).toMatch(/^8:00\sAM$/);
        expect(entryViews(entries, contextWith({ clock: { locale: 'en-US', offsetMinutes: () => 0, hourCycle: 'h23' } }))[1]?.timeText).toBe('08:00');
    });

    it('are prepared again when the heading of the entry changes (the next day, today becomes yesterday)', () => {
        const entries = [row('2026-11-30T09:00:00Z')];
        expect(entryViews(entries, contextWith())[0]?.groupHeading).toBe('Today, Monday, November 30, 2026');
        expect(entryViews(entries, contextWith({ now: new Date('2026-12-01T09:00:00Z') }))[0]?.groupHeading).toBe('Yesterday, Monday, November 30, 2026');
    });

    it('are prepared again when the user\'s offset at that moment changes', () => {
        const entries = [row('2026-11-30T09:00:00Z'), row('2026-11-30T08:00:00Z')];
        expect(entryViews(entries, contextWith())[1]?.timeText).toBe('08:00');
        expect(entryViews(entries, contextWith({ clock: { ...utcClock, offsetMinutes: () => 60 } }))[1]?.timeText).toBe('09:00');
    });
});

describe('detail values', () => {
    const detail = (value: ActivityDetail['value']): ActivityDetail => ({ key: 'k', value });
    const context = { strings, formatNumber, clock: { locale: 'en-US' } as never };

    it('text as stored', () => {
        expect(detailText(detail({ kind: 'text', text: 'Shipped' }), context)).toBe('Shipped');
    });

    it('whole numbers as integers, others as numbers', () => {
        expect(detailText(detail({ kind: 'number', value: 3 }), context)).toBe('integer:3');
        expect(detailText(detail({ kind: 'number', value: 2.5 }), context)).toBe('number:2.5');
    });

    it('amounts in the currency the data names, else as a number; an unknown currency code beside the number', () => {
        expect(detailText(detail({ kind: 'amount', value: 12.5, currency: 'EUR' }), context)).toBe('€12.50');
        expect(detailText(detail({ kind: 'amount', value: 12.5 }), context)).toBe('number:12.5');
        expect(detailText(detail({ kind: 'amount', value: 12.5, currency: 'not a code' }), context)).toBe('number:12.5 not a code');
    });

    it('ratings out of their scale', () => {
        expect(detailText(detail({ kind: 'rating', value: 4, outOf: 5 }), context)).toBe('integer:4 of integer:5');
        expect(detailText(detail({ kind: 'rating', value: 4.5, outOf: 5 }), context)).toBe('number:4.5 of integer:5');
    });

    it('calendar dates in the user\'s language', () => {
        expect(detailText(detail({ kind: 'date', year: 2026, month: 3, day: 1 }), context)).toBe('Mar 1, 2026');
    });

    it('yes and no in the user\'s language', () => {
        expect(detailText(detail({ kind: 'boolean', value: true }), context)).toBe('Value_Yes');
        expect(detailText(detail({ kind: 'boolean', value: false }), context)).toBe('Value_No');
    });
});
