/** What the segment control reads: the profile, then its segment membership, through the core. */
import type { InsightsReader, ParseStatus } from '../shared';
import type { ProfileInputs } from '../shared/host/profileInputs';
import { originOf, resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from '../shared/formProfile';
import type { EntityMetadataReader } from '../shared/profileColumns';
import type { RowOrigin } from '../shared/rows';
import { friendlyName } from '../shared/readableName';

export interface SegmentTag {
    readonly outputName: string;
    readonly label: string;
}

export type SegmentMembershipData =
    | { readonly kind: 'found'; readonly segments: readonly SegmentTag[]; readonly status: ParseStatus; readonly origin: RowOrigin }
    | UnresolvedProfile;

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
    if (resolution.kind !== 'found') return unresolvedProfile(resolution);
    const membership = await reader.readSegmentMembership(resolution);
    return {
        kind: 'found',
        segments: segmentTags(membership.segments, mapping, locale),
        status: membership.segmentsStatus,
        origin: originOf(membership, resolution),
    };
}
