/**
 * A named value (measure, prediction value, grid measure column) as text in the user's format, per the
 * maker's format: the one place that turns a `TileValue` into what a tile or cell shows. Uses the string
 * keys `Measures_Days_<plural category>`; `undefined` means "unavailable" (the caller shows its own text).
 */
import type { ControlEnvironment } from '../host/controlEnvironment';
import type { TileValue } from '../measureSpec';

export function measureValueText(value: TileValue, environment: Pick<ControlEnvironment, 'formatCount' | 'formatNumber'>): string | undefined {
    switch (value.kind) {
        case 'unavailable':
            return undefined;
        case 'text':
            return value.value;
        case 'number':
            if (value.format === 'days') return environment.formatCount('Measures_Days', value.value, (days) => environment.formatNumber(days, 'integer'));
            return environment.formatNumber(value.value, value.format);
    }
}
