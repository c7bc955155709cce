/** What the measures control reads: the profile, then its customer measures, through the core. */
import { readCustomerMeasures, type InsightsReaderCore, type ParseStatus } from './index';
import type { ProfileInputs } from './host/profileInputs';
import { originOf, resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from './formProfile';
import type { RowOrigin } from './rows';
import { measureTiles, type MeasureSpecList, type MeasureTile } from './measureSpec';

export type CustomerMeasuresData =
    | {
          readonly kind: 'found';
          readonly tiles: readonly MeasureTile[];
          readonly status: ParseStatus;
          readonly origin: RowOrigin;
          /** The maker listed the measures (else every stored measure is a tile). */
          readonly listed: boolean;
      }
    | UnresolvedProfile;

export async function readMeasures(reader: InsightsReaderCore, inputs: ProfileInputs, specs: MeasureSpecList): Promise<CustomerMeasuresData> {
    const { resolution } = await resolveFormProfile(reader, inputs);
    if (resolution.kind !== 'found') return unresolvedProfile(resolution, inputs);
    const read = await reader.read(readCustomerMeasures, resolution);
    return {
        kind: 'found',
        tiles: measureTiles(read.measures, specs),
        status: read.measuresStatus,
        origin: originOf(read, resolution),
        listed: specs.specs.length > 0,
    };
}
