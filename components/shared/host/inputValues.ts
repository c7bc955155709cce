/**
 * Manifest input values read defensively: the platform gives `raw` as declared, but an unset, empty or
 * mistyped value must fall back, never throw. One place for every control's settings reader.
 */

type TextInput = { readonly raw?: unknown } | undefined;

/** A text input's trimmed value; undefined when unset, blank or not text. */
export function textInput(property: TextInput): string | undefined {
    const value = property?.raw;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A whole-number input clamped to `min`..`max` (fractions cut); `fallback` when unset or not a finite number. */
export function wholeNumberInput(property: { readonly raw?: unknown } | undefined, fallback: number, min: number, max: number): number {
    const value = property?.raw;
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;
}
