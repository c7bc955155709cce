/** What the segment control reads: the profile, then its segment membership, through the core. */
import { readSegmentMembership, type InsightsReaderCore, type ParseStatus } from './index';
import type { ProfileInputs } from './host/profileInputs';
import { originOf, resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from './formProfile';
import type { RowOrigin } from './rows';
import { segmentTags, type SegmentTag } from './segmentTags';

export type SegmentMembershipData =
    | { readonly kind: 'found'; readonly segments: readonly SegmentTag[]; readonly status: ParseStatus; readonly origin: RowOrigin }
    | UnresolvedProfile;

export async function readSegments(reader: InsightsReaderCore, inputs: ProfileInputs, mapping: ReadonlyMap<string, string>, locale: string): Promise<SegmentMembershipData> {
    const { resolution } = await resolveFormProfile(reader, inputs);
    if (resolution.kind !== 'found') return unresolvedProfile(resolution, inputs);
    const membership = await reader.read(readSegmentMembership, resolution);
    return {
        kind: 'found',
        segments: segmentTags(membership.segments, mapping, locale),
        status: membership.segmentsStatus,
        origin: originOf(membership, resolution),
    };
}
