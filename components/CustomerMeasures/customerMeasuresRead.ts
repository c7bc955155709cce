/** What the measures control reads: the profile, then its customer measures, through the core. */
import type { FoundProfile, InsightsReader, ParseStatus } from '../shared';
import type { ProfileInputs } from '../shared/host/profileInputs';
import { resolveFormProfile, type EntityMetadataReader } from '../shared/profileColumns';
import { measureTiles, type MeasureSpecList, type MeasureTile } from './measureSpec';

export type CustomerMeasuresData =
    | { readonly kind: 'found'; readonly tiles: readonly MeasureTile[]; readonly status: ParseStatus; readonly businessUnit?: FoundProfile['owningBusinessUnit']; readonly modifiedOn?: Date }
    | { readonly kind: 'noProfile' | 'notVisible'; readonly noRecord: boolean };

export async function readMeasures(reader: InsightsReader, inputs: ProfileInputs, readMetadata: EntityMetadataReader, specs: MeasureSpecList): Promise<CustomerMeasuresData> {
    const { resolution } = await resolveFormProfile(reader, inputs, readMetadata);
    if (resolution.kind !== 'found') return { kind: resolution.kind, noRecord: resolution.kind === 'noProfile' && resolution.reason === 'noRecord' };
    const read = await reader.readCustomerMeasures(resolution);
    const businessUnit = read.owningBusinessUnit ?? resolution.owningBusinessUnit;
    const modifiedOn = read.modifiedOn ?? resolution.modifiedOn;
    return {
        kind: 'found',
        tiles: measureTiles(read.measures, specs),
        status: read.measuresStatus,
        ...(businessUnit !== undefined ? { businessUnit } : {}),
        ...(modifiedOn !== undefined ? { modifiedOn } : {}),
    };
}
