/**
 * What the timeline reads when its form record or settings change: the profile, through the shared form
 * profile resolution (no profile columns, so the page's identity read of the profile is shared with the
 * other controls). The activities are then read page by page by the feed (./timelineFeed) through `read`,
 * bound to this profile.
 */
import { readUnifiedActivities, type ActivityPageQuery, type FoundProfile, type InsightsReaderCore, type UnifiedActivitiesRead } from '../shared';
import type { ProfileInputs } from '../shared/host/profileInputs';
import { resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from '../shared/formProfile';
import type { RowOrigin } from '../shared/rows';

export type TimelineData =
    | {
          readonly kind: 'found';
          readonly profile: FoundProfile;
          /** The profile's business unit and freshness, until entries give their own. */
          readonly origin: RowOrigin;
          readonly read: (query: ActivityPageQuery) => Promise<UnifiedActivitiesRead>;
      }
    | UnresolvedProfile;

export async function readTimelineProfile(reader: InsightsReaderCore, inputs: ProfileInputs): Promise<TimelineData> {
    const { resolution } = await resolveFormProfile(reader, inputs);
    if (resolution.kind !== 'found') return unresolvedProfile(resolution, inputs);
    return {
        kind: 'found',
        profile: resolution,
        origin: { ...(resolution.owningBusinessUnit !== undefined ? { owningBusinessUnit: resolution.owningBusinessUnit } : {}), ...(resolution.modifiedOn !== undefined ? { modifiedOn: resolution.modifiedOn } : {}) },
        read: (query) => reader.read(readUnifiedActivities, resolution, query),
    };
}
