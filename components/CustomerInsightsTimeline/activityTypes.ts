/**
 * The maker's "Activity types to show": one type per line, `type = label | icon`, e.g.
 * `SalesOrder = Orders | order`. Label and icon are optional. Listed types are the only ones shown unless a
 * line `*` adds every other type; an empty list shows every type. A line the control cannot read (no type,
 * an unknown icon) is reported, never fatal: the type keeps its default icon.
 *
 * The type chips of the filter bar are the listed types, merged with the types seen in loaded entries
 * (when other types are shown), and whatever is selected.
 */
import { readableName } from '../shared/readableName';

export const ACTIVITY_ICON_NAMES = ['order', 'loyalty', 'feedback', 'subscription', 'email', 'phone', 'web', 'support', 'store', 'calendar', 'activity'] as const;
export type ActivityIconName = (typeof ACTIVITY_ICON_NAMES)[number];

/** Icons of Customer Insights' semantic types and common custom ones (lower-case type → icon). */
const DEFAULT_ICONS: Readonly<Record<string, ActivityIconName>> = {
    salesorder: 'order',
    salesorderline: 'order',
    purchase: 'order',
    loyalty: 'loyalty',
    feedback: 'feedback',
    review: 'feedback',
    subscription: 'subscription',
    email: 'email',
    phonecall: 'phone',
    call: 'phone',
    webvisit: 'web',
    websession: 'web',
    supportcase: 'support',
    case: 'support',
    storevisit: 'store',
    appointment: 'calendar',
    event: 'calendar',
};

export interface ActivityTypeSpec {
    readonly type: string;
    readonly label?: string;
    readonly icon?: ActivityIconName;
}

export interface ActivityTypeList {
    readonly specs: readonly ActivityTypeSpec[];
    /** Types not listed are shown too (no list, or a `*` line). */
    readonly includeOthers: boolean;
    /** Lines (1-based) that could not be read, for the maker. */
    readonly rejectedLines: readonly number[];
}

export function parseActivityTypes(text: string | null | undefined): ActivityTypeList {
    const specs: ActivityTypeSpec[] = [];
    const rejectedLines: number[] = [];
    const seen = new Set<string>();
    let star = false;
    (text ?? '').split(/\r?\n/).forEach((line, index) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        if (trimmed === '*') {
            star = true;
            return;
        }
        const equals = trimmed.indexOf('=');
        const typePart = equals < 0 ? trimmed.split('|')[0] ?? '' : trimmed.slice(0, equals);
        const rest = equals < 0 ? trimmed.slice(typePart.length) : trimmed.slice(equals + 1);
        const [labelPart = '', iconPart = ''] = (rest.startsWith('|') ? ['', rest.slice(1)] : rest.split('|')).map((part) => part.trim());
        const type = typePart.trim();
        if (type === '') {
            rejectedLines.push(index + 1);
            return;
        }
        const iconName = iconPart.toLowerCase();
        const icon = (ACTIVITY_ICON_NAMES as readonly string[]).includes(iconName) ? (iconName as ActivityIconName) : undefined;
        if (iconPart !== '' && icon === undefined) rejectedLines.push(index + 1);
        if (seen.has(type.toLowerCase())) return;
        seen.add(type.toLowerCase());
        specs.push({ type, ...(labelPart !== '' ? { label: labelPart } : {}), ...(icon !== undefined ? { icon } : {}) });
    });
    return { specs, includeOthers: specs.length === 0 || star, rejectedLines };
}

export interface TypeChip {
    readonly type: string;
    readonly label: string;
    readonly icon: ActivityIconName;
}

/** How an entry's type is shown: the maker's label and icon, else the stored display name and a default icon. */
export function typeAppearance(list: ActivityTypeList, type: string | undefined, display: string | undefined): { label: string; icon: ActivityIconName } {
    const key = (type ?? '').trim().toLowerCase();
    const spec = list.specs.find((s) => s.type.toLowerCase() === key);
    const label = spec?.label ?? display?.trim() ?? (type !== undefined && type.trim() !== '' ? readableName(type.trim()) : '');
    return { label, icon: spec?.icon ?? DEFAULT_ICONS[key] ?? 'activity' };
}

/**
 * The chips: listed types first (maker's order), then, when other types are shown, the types seen so far
 * by label, then any selected type not among them (so a selection can always be undone).
 */
export function typeChips(list: ActivityTypeList, seen: ReadonlyMap<string, string | undefined>, selected: readonly string[], locale: string): TypeChip[] {
    const chips: TypeChip[] = [];
    const have = new Set<string>();
    const add = (type: string, display: string | undefined): void => {
        const key = type.toLowerCase();
        if (have.has(key) || type.trim() === '') return;
        have.add(key);
        chips.push({ type, ...typeAppearance(list, type, display) });
    };
    const displayOf = (type: string): string | undefined => {
        for (const [seenType, display] of seen) if (seenType.toLowerCase() === type.toLowerCase()) return display;
        return undefined;
    };
    for (const spec of list.specs) add(spec.type, displayOf(spec.type));
    if (list.includeOthers) {
        const others = [...seen.entries()]
            .filter(([type]) => !have.has(type.toLowerCase()))
            .map(([type, display]) => ({ type, display, label: typeAppearance(list, type, display).label }))
            .sort((a, b) => a.label.localeCompare(b.label, locale, { sensitivity: 'base' }));
        for (const other of others) add(other.type, other.display);
    }
    for (const type of selected) add(type, displayOf(type));
    return chips;
}

/**
 * The `msdynci_activitytype` values to ask the server for: the selected types (only listed ones when other
 * types are not shown), else the listed types when other types are not shown, else none (every type).
 */
export function serverTypes(list: ActivityTypeList, selected: readonly string[]): string[] {
    if (list.includeOthers) return [...selected];
    const listed = new Set(list.specs.map((s) => s.type.toLowerCase()));
    const chosen = selected.filter((type) => listed.has(type.toLowerCase()));
    return chosen.length > 0 ? chosen : list.specs.map((s) => s.type);
}
