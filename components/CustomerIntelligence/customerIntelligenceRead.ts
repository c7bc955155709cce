/**
 * What the intelligence control reads: the form's profile (the shared read every control on the form
 * makes), then, only for a profile that came back readable for this user, its predictions and enrichments:
 * one request per table, none for a table the maker switched off.
 *
 * Both tables are owned by the ROOT business unit, so Dataverse may return them for customers whose profile
 * this user may not see. The reader refuses anything but a FoundProfile it resolved itself; for no profile
 * or a profile of another business unit this returns the same state as the profile card and reads nothing.
 */
import { readEnrichments, readPredictions, type EnrichmentRow, type InsightsFailure, type InsightsReaderCore, type InsightsRows, type PredictionRow } from '../shared';
import type { ProfileInputs } from '../shared/host/profileInputs';
import { resolveFormProfile, unresolvedProfile, type UnresolvedProfile } from '../shared/formProfile';
import { newestModifiedOn, type RowOrigin } from '../shared/rows';
import type { ValueFormat, ValueSpecList } from '../shared/measureSpec';
import { enrichmentGroups, predictionSections, type EnrichmentGroup, type PredictionSection } from './intelligenceModel';

export interface IntelligenceSettings {
    readonly showPredictions: boolean;
    readonly showEnrichments: boolean;
    readonly predictionSpecs: ValueSpecList<ValueFormat>;
}

/** One table's part: what could be shown, or why that table could not be read while the other could. */
export type TablePart<T> = { readonly kind: 'read'; readonly sections: readonly T[]; readonly rowCount: number } | { readonly kind: 'failed'; readonly failure: InsightsFailure };

export type CustomerIntelligenceData =
    | { readonly kind: 'off' }
    | UnresolvedProfile
    | {
          readonly kind: 'found';
          /** The profile's business unit (the rows themselves all belong to the root) and the newest row's time. */
          readonly origin: RowOrigin;
          /** Absent when switched off. */
          readonly predictions?: TablePart<PredictionSection>;
          readonly enrichments?: TablePart<EnrichmentGroup>;
          /** Lines of the maker's prediction list that could not be read. */
          readonly ignoredLines: readonly number[];
      };

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
    promise.then(
        (value): Settled<T> => ({ ok: true, value }),
        (error: unknown): Settled<T> => ({ ok: false, error }),
    );

export async function readIntelligence(reader: InsightsReaderCore, inputs: ProfileInputs, settings: IntelligenceSettings): Promise<CustomerIntelligenceData> {
    if (!settings.showPredictions && !settings.showEnrichments) return { kind: 'off' };
    const { resolution } = await resolveFormProfile(reader, inputs);
    if (resolution.kind !== 'found') return unresolvedProfile(resolution, inputs);

    const [predictions, enrichments] = await Promise.all([
        settings.showPredictions ? settle(reader.read(readPredictions, resolution)) : undefined,
        settings.showEnrichments ? settle(reader.read(readEnrichments, resolution)) : undefined,
    ]);
    const failures = [predictions, enrichments].filter((s): s is { ok: false; error: unknown } => s !== undefined && !s.ok);
    const enabled = [predictions, enrichments].filter((s) => s !== undefined).length;
    // Nothing to show, or a busy platform (the whole control waits and tries again by itself): fail as a whole.
    const busy = failures.find((f) => reader.classifyFailure(f.error).kind === 'busy');
    if (busy !== undefined) throw busy.error;
    if (failures.length === enabled && failures[0] !== undefined) throw failures[0].error;

    const part = <R extends RowOrigin, T>(settled: Settled<InsightsRows<R>> | undefined, build: (rows: readonly R[]) => T[]): TablePart<T> | undefined => {
        if (settled === undefined) return undefined;
        if (!settled.ok) return { kind: 'failed', failure: reader.classifyFailure(settled.error) };
        return { kind: 'read', sections: build(settled.value.rows), rowCount: settled.value.rows.length };
    };
    const rows: Array<{ readonly modifiedOn?: Date }> = [
        ...(predictions?.ok === true ? predictions.value.rows : []),
        ...(enrichments?.ok === true ? enrichments.value.rows : []),
    ];
    const modifiedOn = newestModifiedOn(rows) ?? resolution.modifiedOn;
    const predictionPart = part<PredictionRow, PredictionSection>(predictions, (r) => predictionSections(r, settings.predictionSpecs));
    const enrichmentPart = part<EnrichmentRow, EnrichmentGroup>(enrichments, enrichmentGroups);
    return {
        kind: 'found',
        origin: {
            ...(resolution.owningBusinessUnit !== undefined ? { owningBusinessUnit: resolution.owningBusinessUnit } : {}),
            ...(modifiedOn !== undefined ? { modifiedOn } : {}),
        },
        ...(predictionPart !== undefined ? { predictions: predictionPart } : {}),
        ...(enrichmentPart !== undefined ? { enrichments: enrichmentPart } : {}),
        ignoredLines: settings.predictionSpecs.rejectedLines,
    };
}
