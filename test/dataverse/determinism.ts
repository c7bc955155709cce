/**
 * Deterministic, random-access pseudo-randomness for the synthetic tenant.
 *
 * The tenant must scale to millions of rows without holding them in memory, so every row is generated on
 * demand from (seed, table, slot). That needs a hash rather than a sequential PRNG: any slot can be asked
 * for in any order and always yields the same row. Identifiers embed their slot through an invertible
 * 32-bit permutation, so `id -> slot` is O(1) without an index held in memory.
 */

/**
 * 32-bit integer multiplication, same result as Math.imul. Math.imul is ~100x slower inside jest's vm
 * context (a cross-realm builtin the optimiser cannot inline), which made row generation dominate test time.
 */
export function imul(a: number, b: number): number {
    const aHigh = (a >>> 16) & 0xffff;
    const aLow = a & 0xffff;
    return (aLow * b + (((aHigh * b) & 0xffff) << 16)) | 0;
}

/** Finaliser of MurmurHash3: a cheap, well-mixed 32-bit hash step. */
function fmix32(input: number): number {
    let h = input >>> 0;
    h ^= h >>> 16;
    h = imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}

function step(h: number, part: number): number {
    const mixed = fmix32(h ^ fmix32(part | 0));
    return (imul(mixed, 5) + 0xe6546b64) >>> 0;
}

/**
 * Hash of up to four 32-bit integers. Fixed parameters rather than rest arguments: this runs several times
 * per generated row, and the rest array was measurable garbage at a million rows.
 */
export function hash32(a: number, b?: number, c?: number, d?: number): number {
    let h = step(0x9e3779b9, a);
    if (b !== undefined) {
        h = step(h, b);
    }
    if (c !== undefined) {
        h = step(h, c);
    }
    if (d !== undefined) {
        h = step(h, d);
    }
    return fmix32(h);
}

/** Uniform number in [0, 1) for the given coordinates. */
export function unitAt(a: number, b?: number, c?: number, d?: number): number {
    return hash32(a, b, c, d) / 0x1_0000_0000;
}

/** Integer in [0, count) for the given coordinates. */
export function intAt(count: number, a: number, b?: number, c?: number, d?: number): number {
    return Math.floor(unitAt(a, b, c, d) * count);
}

/** Picks one element deterministically. */
export function pickAt<T>(items: readonly T[], a: number, b?: number, c?: number, d?: number): T {
    const item = items[intAt(items.length, a, b, c, d)];
    if (item === undefined) {
        throw new Error('pickAt: empty list');
    }
    return item;
}

/** mulberry32: small sequential PRNG, used where order of generation is fixed (the small org chart). */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = imul(t ^ (t >>> 15), t | 1);
        t ^= t + imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
    };
}

// Invertible permutation of 32-bit integers: xor-shifts and odd multipliers are bijections mod 2^32.
const MULTIPLIER_A = 0x7feb352d;
const MULTIPLIER_B = 0x846ca68b;

/** Multiplicative inverse of an odd number mod 2^32 (Newton's iteration doubles correct bits each step). */
function inverseOdd(a: number): number {
    let x = a;
    for (let i = 0; i < 5; i++) {
        x = imul(x, 2 - imul(a, x));
    }
    return x >>> 0;
}
const INVERSE_A = inverseOdd(MULTIPLIER_A);
const INVERSE_B = inverseOdd(MULTIPLIER_B);

export function permute32(value: number): number {
    let x = value >>> 0;
    x ^= x >>> 16;
    x = imul(x, MULTIPLIER_A);
    x ^= x >>> 15;
    x = imul(x, MULTIPLIER_B);
    x ^= x >>> 16;
    return x >>> 0;
}

/** Undoes an xor with its own right shift by `shift` bits. */
function unXorShift(value: number, shift: number): number {
    let x = value >>> 0;
    let result = x;
    for (let s = shift; s < 32; s += shift) {
        x = x >>> shift;
        result ^= x;
    }
    return result >>> 0;
}

export function unpermute32(value: number): number {
    let x = value >>> 0;
    x = unXorShift(x, 16);
    x = imul(x, INVERSE_B);
    x = unXorShift(x, 15);
    x = imul(x, INVERSE_A);
    x = unXorShift(x, 16);
    return x >>> 0;
}

// Byte-to-hex table: Number#toString(16) dominated row generation in profiles.
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hexByte(value: number): string {
    return HEX_BYTES[value & 0xff] ?? '00';
}

function hex8(value: number): string {
    return hexByte(value >>> 24) + hexByte(value >>> 16) + hexByte(value >>> 8) + hexByte(value);
}

/**
 * A lowercase GUID whose first group encodes `slot` for `(seed, tag)`; the rest is hash noise so GUIDs look
 * random. Version nibble 4 and variant 8..b keep them well-formed.
 */
export function slotGuid(seed: number, tag: number, slot: number): string {
    const head = permute32((slot ^ hash32(seed, tag)) >>> 0);
    const a = hash32(seed, tag, slot, 1);
    const b = hash32(seed, tag, slot, 2);
    const c = hash32(seed, tag, slot, 3);
    const group2 = hex8(a).slice(0, 4);
    const group3 = `4${hex8(a).slice(4, 7)}`;
    const group4 = `${(8 + (b & 3)).toString(16)}${hex8(b).slice(1, 4)}`;
    const group5 = `${hex8(b).slice(4, 8)}${hex8(c)}`;
    return `${hex8(head)}-${group2}-${group3}-${group4}-${group5}`;
}

/** Inverse of slotGuid: the slot a normalised GUID encodes, or undefined when it is not one of ours. */
export function slotOfGuid(seed: number, tag: number, guid: string, slotCount: number): number | undefined {
    if (!/^[0-9a-f]{8}-/.test(guid)) {
        return undefined;
    }
    const slot = (unpermute32(parseInt(guid.slice(0, 8), 16)) ^ hash32(seed, tag)) >>> 0;
    if (slot >= slotCount) {
        return undefined;
    }
    return slotGuid(seed, tag, slot) === guid ? slot : undefined;
}

/** Customer Insights customer id: 32 lowercase hex characters, no dashes; encodes the profile index. */
export function customerIdFor(seed: number, profileIndex: number): string {
    const guid = slotGuid(seed, 0xc1d, profileIndex);
    return guid.slice(0, 8) + guid.slice(9, 13) + guid.slice(14, 18) + guid.slice(19, 23) + guid.slice(24);
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `YYYY-MM-DDTHH:mm:ssZ` for epoch milliseconds (whole seconds), without allocating a Date: civil-from-days
 * (Howard Hinnant's algorithm), because Date#toISOString was a hot spot when generating millions of rows.
 */
export function isoSeconds(ms: number): string {
    const seconds = Math.floor(ms / 1000);
    const days = Math.floor(seconds / 86400);
    const secondOfDay = seconds - days * 86400;
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const dayOfEra = z - era * 146097;
    const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
    const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    const two = (n: number): string => TWO_DIGITS[n] ?? String(n);
    return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}Z`;
}

export function profileIndexOfCustomerId(seed: number, customerId: string, profileCount: number): number | undefined {
    if (!/^[0-9a-f]{32}$/.test(customerId)) {
        return undefined;
    }
    const dashed = `${customerId.slice(0, 8)}-${customerId.slice(8, 12)}-${customerId.slice(12, 16)}-${customerId.slice(16, 20)}-${customerId.slice(20)}`;
    return slotOfGuid(seed, 0xc1d, dashed, profileCount);
}

/** Lowercase, brace-free GUID, or undefined when the text is not a GUID. */
export function normaliseGuid(text: string): string | undefined {
    const trimmed = text.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(trimmed) ? trimmed : undefined;
}
