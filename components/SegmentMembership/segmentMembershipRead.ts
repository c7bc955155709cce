/** What the segment control reads: the profile, then its segment membership, through the core. */
import type { FoundProfile, InsightsReader, ParseStatus } from '../shared';
import type { ProfileInputs } from '../shared/host/profileInputs';
import { resolveFormProfile, type EntityMetadataReader } from '../shared/profileColumns';
import { friendlyName } from '../shared/readableName';

export interface SegmentTag {
    readonly outputName: string;
    readonly label: string;
}

export type SegmentMembershipData =
    | { readonly kind: 'found'; readonly profile: FoundProfile; readonly segments: readonly SegmentTag[]; readonly status: ParseStatus; readonly businessUnit?: FoundProfile['owningBusinessUnit']; readonly modifiedOn?: Date }
    | { readonly kind: 'noProfile' | 'notVisible'; readonly noRecord: boolean };

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

export async function readSegments(reader: InsightsReader, inputs: ProfileInputs, readMetadata: EntityMetadataReader, mapping: ReadonlyMap<string, string>, locale: string): Promise<SegmentMembershipData> {
    const { resolution } = await resolveFormProfile(reader, inputs, readMetadata);
    if (resolution.kind !== 'found') return { kind: resolution.kind, noRecord: resolution.kind === 'noProfile' && resolution.reason === 'noRecord' };
    const membership = await reader.readSegmentMembership(resolution);
    const businessUnit = membership.owningBusinessUnit ?? resolution.owningBusinessUnit;
    const modifiedOn = membership.modifiedOn ?? resolution.modifiedOn;
    return {
        kind: 'found',
        profile: resolution,
        segments: segmentTags(membership.segments, mapping, locale),
        status: membership.segmentsStatus,
        ...(businessUnit !== undefined ? { businessUnit } : {}),
        ...(modifiedOn !== undefined ? { modifiedOn } : {}),
    };
}
