/** Segment output names as the tags a user reads: friendly labels from the maker's mapping, sorted. */
import { friendlyName } from './readableName';

export interface SegmentTag {
    readonly outputName: string;
    readonly label: string;
}

/** Friendly labels, sorted in the user's language; duplicates (same label) shown once. */
export function segmentTags(outputNames: readonly string[], mapping: ReadonlyMap<string, string>, locale: string): SegmentTag[] {
    const byLabel = new Map<string, SegmentTag>();
    for (const outputName of outputNames) {
        const label = friendlyName(outputName, mapping);
        if (!byLabel.has(label)) byLabel.set(label, { outputName, label });
    }
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    return [...byLabel.values()].sort((a, b) => collator.compare(a.label, b.label));
}

