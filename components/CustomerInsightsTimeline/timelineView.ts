/**
 * What each timeline entry shows, as plain data (pure, tested without React): group headings in the user's
 * time zone, type label and icon, time, source, responsible contact, details as text in the user's
 * language, and a link only when the stored URL is a safe http(s) one.
 */
import type { UnifiedActivityRow } from '../shared';
import { activityDetails, responsibleContact, type ActivityDetail, type DetailKeySpec, type KnownDetailName } from '../shared/activityDetails';
import { fillTemplate, type NumberStyle, type StringLookup } from '../shared/host/controlEnvironment';
import { readableName } from '../shared/readableName';
import { safeExternalUrl } from '../shared/safeLink';
import { formatCalendarDate, formatLocalDateTime, formatLocalDay, formatLocalMonth, formatLocalTime, localDayKey, localDaysBetween, localMonthKey, type UserClock } from '../shared/userTime';
import { typeAppearance, type ActivityIconName, type ActivityTypeList } from './activityTypes';
import type { TimelineGrouping } from './timelineSettings';

export interface DetailView {
    readonly label: string;
    readonly text: string;
}

export interface EntryView {
    readonly id: string;
    /** The day or month this entry opens, when it is the first entry of its group. */
    readonly groupHeading?: string;
    readonly typeLabel: string;
    readonly icon: ActivityIconName;
    /** ISO-8601 UTC, for `<time dateTime>`. */
    readonly dateTime: string;
    /** Time of day (grouped by day) or date and time (grouped by month), in the user's time zone. */
    readonly timeText: string;
    /** Full date and time, in the user's time zone. */
    readonly timeTitle: string;
    readonly title?: string;
    /** Source table, readable ("Ecommerce orders"), and as stored. */
    readonly source?: string;
    readonly sourceName?: string;
    readonly contact?: string;
    readonly details: readonly DetailView[];
    /** Some of the semantic data could not be read. */
    readonly detailsPartial: boolean;
    /** Only a safe http(s) URL (../shared/safeLink). */
    readonly link?: string;
}

export interface TimelineViewContext {
    readonly grouping: TimelineGrouping;
    readonly clock: UserClock;
    readonly now: Date;
    readonly types: ActivityTypeList;
    readonly detailKeys: readonly DetailKeySpec[];
    readonly strings: StringLookup;
    readonly formatNumber: (value: number, style: NumberStyle) => string;
}

/** String keys of the known details (literal, so the strings test checks every one exists). */
const DETAIL_LABEL_KEYS: Readonly<Record<KnownDetailName, string>> = {
    OrderNumber: 'Timeline_Detail_OrderNumber',
    Total: 'Timeline_Detail_Total',
    Status: 'Timeline_Detail_Status',
    Items: 'Timeline_Detail_Items',
    Channel: 'Timeline_Detail_Channel',
    PointsEarned: 'Timeline_Detail_PointsEarned',
    PointsRedeemed: 'Timeline_Detail_PointsRedeemed',
    Tier: 'Timeline_Detail_Tier',
    Program: 'Timeline_Detail_Program',
    Rating: 'Timeline_Detail_Rating',
    Sentiment: 'Timeline_Detail_Sentiment',
    Comment: 'Timeline_Detail_Comment',
    Plan: 'Timeline_Detail_Plan',
    Amount: 'Timeline_Detail_Amount',
    StartDate: 'Timeline_Detail_StartDate',
    RenewalDate: 'Timeline_Detail_RenewalDate',
};

/**
 * Views of entries already shown are kept (by row object, for the same settings), so "Load more" on a long
 * list only prepares the new entries and unchanged entries keep their identity (React skips them).
 */
const viewCache = new WeakMap<UnifiedActivityRow, { readonly key: string; readonly view: EntryView }>();

export function entryViews(entries: readonly UnifiedActivityRow[], context: TimelineViewContext): EntryView[] {
    let previousGroup: string | undefined;
    const settingsKey = [context.grouping, context.clock.locale, context.clock.hourCycle ?? '', JSON.stringify(context.types.specs), context.types.includeOthers, JSON.stringify(context.detailKeys)].join('|');
    return entries.map((entry) => {
        const group = context.grouping === 'month' ? localMonthKey(entry.activityTime, context.clock) : localDayKey(entry.activityTime, context.clock);
        const opensGroup = group !== previousGroup;
        previousGroup = group;
        const heading = opensGroup ? groupHeading(entry.activityTime, context) : undefined;
        const key = `${settingsKey}|${context.clock.offsetMinutes(entry.activityTime)}|${heading ?? ''}`;
        const cached = viewCache.get(entry);
        if (cached !== undefined && cached.key === key) return cached.view;
        const view = entryView(entry, heading, context);
        viewCache.set(entry, { key, view });
        return view;
    });
}

function entryView(entry: UnifiedActivityRow, heading: string | undefined, context: TimelineViewContext): EntryView {
    const { label, icon } = typeAppearance(context.types, entry.activityType, entry.activityTypeDisplay);
    const values = entry.semanticData.value;
    const contact = responsibleContact(values);
    const link = safeExternalUrl(entry.externalUrl);
    return {
        id: entry.id,
        ...(heading !== undefined ? { groupHeading: heading } : {}),
        typeLabel: label !== '' ? label : context.strings('Timeline_UnknownType'),
        icon,
        dateTime: entry.activityTime.toISOString(),
        timeText: context.grouping === 'month' ? formatLocalDateTime(entry.activityTime, context.clock) : formatLocalTime(entry.activityTime, context.clock),
        timeTitle: formatLocalDateTime(entry.activityTime, context.clock),
        ...(entry.title !== undefined ? { title: entry.title } : {}),
        ...(entry.entityName !== undefined ? { source: readableName(entry.entityName), sourceName: entry.entityName } : {}),
        ...(contact !== undefined ? { contact } : {}),
        details: activityDetails(values, entry.activityType, context.detailKeys).map((detail) => ({ label: detailLabel(detail, context.strings), text: detailText(detail, context) })),
        detailsPartial: entry.semanticData.status === 'partial' || entry.semanticData.status === 'unreadable',
        ...(link !== undefined ? { link } : {}),
    };
}

function groupHeading(date: Date, context: TimelineViewContext): string {
    if (context.grouping === 'month') return formatLocalMonth(date, context.clock);
    const day = formatLocalDay(date, context.clock);
    const ago = localDaysBetween(date, context.now, context.clock);
    if (ago === 0) return fillTemplate(context.strings('Timeline_Today'), day);
    if (ago === 1) return fillTemplate(context.strings('Timeline_Yesterday'), day);
    return day;
}

function detailLabel(detail: ActivityDetail, strings: StringLookup): string {
    return detail.known !== undefined ? strings(DETAIL_LABEL_KEYS[detail.known]) : (detail.label ?? detail.key);
}

export function detailText(detail: ActivityDetail, context: Pick<TimelineViewContext, 'strings' | 'formatNumber' | 'clock'>): string {
    const value = detail.value;
    switch (value.kind) {
        case 'text':
            return value.text;
        case 'number':
            // Counts are whole numbers: "3", not "3.00" (as measures without a format).
            return context.formatNumber(value.value, Number.isInteger(value.value) ? 'integer' : 'number');
        case 'amount':
            return value.currency !== undefined ? formatCurrency(value.value, value.currency, context) : context.formatNumber(value.value, 'number');
        case 'rating':
            return fillTemplate(context.strings('Timeline_Rating'), context.formatNumber(value.value, Number.isInteger(value.value) ? 'integer' : 'number'), context.formatNumber(value.outOf, 'integer'));
        case 'date':
            return formatCalendarDate(value.year, value.month, value.day, context.clock);
        case 'boolean':
            return context.strings(value.value ? 'Value_Yes' : 'Value_No');
    }
}

/** An amount in the currency the data names (the platform's formatCurrency only knows the org's currency). */
function formatCurrency(value: number, currency: string, context: Pick<TimelineViewContext, 'formatNumber' | 'clock'>): string {
    try {
        return new Intl.NumberFormat(context.clock.locale, { style: 'currency', currency }).format(value);
    } catch {
        return `${context.formatNumber(value, 'number')} ${currency}`;
    }
}
