/**
 * Every time limit, cap and bound of the read pipeline in one place, with why each value was chosen (the
 * README's "Reliability" section lists them). Defaults of the request policy are in ./requests
 * (`DEFAULT_REQUEST_POLICY`); they are derived from these where they must agree.
 *
 * Platform facts behind the values (shared/docs/domain.md section 3): service protection counts 6,000
 * requests per user in a 5-minute sliding window and 52 concurrent requests, and answers HTTP 429 with a
 * Retry-After that is at most the rest of that window; Customer Insights tables answer at most 500 rows per
 * page.
 */

/**
 * Time limit of one Web API call. A read of one customer's rows answers in well under a second; 45 s leaves
 * room for a slow network and a large page (500 rows of up to 1 MB JSON each) and is still short enough
 * that a user waiting on a hung call gets a "taking too long" state with Try again in under a minute.
 */
export const REQUEST_TIMEOUT_MS = 45_000;

/**
 * Longest an automatic retry waits in total, and longest any single wait may be. Five minutes is the length
 * of the service-protection window: after it, the user's budget is whole again, so waiting longer on our
 * own gains nothing; a user who still gets "busy" then decides with Try again.
 */
export const MAX_BUSY_WAIT_MS = 300_000;

/**
 * A Retry-After above this is not a service-protection answer (those are at most the 5-minute window) but a
 * garbled or hostile header: it is treated like a missing one (backoff with jitter), never used as a timer.
 */
export const MAX_CREDIBLE_RETRY_AFTER_SECONDS = 3_600;

/** Automatic re-reads of a control after its read ended busy; then the busy state shows Try again. */
export const MAX_AUTOMATIC_BUSY_RETRIES = 3;

/** First automatic re-read of a busy control without Retry-After; doubles per re-read, with jitter. */
export const BUSY_RETRY_MS = 15_000;

/**
 * Longest a cache entry may stay in flight. Our own reads end well before (4 attempts of at most
 * {@link REQUEST_TIMEOUT_MS} plus 30 s of waits is 3.5 minutes); the bound is for a shared read started by
 * another (older) bundle that never settles, so later controls do not join it forever.
 */
export const MAX_IN_FLIGHT_MS = 300_000;

/**
 * Business units "business unit and children" may list when it falls back from UnderOrEqual to In: 300 GUIDs
 * make an In list of about 14,000 characters, half of what a request URL can hold next to the rest of the
 * query; far more units than a business-unit tree below one user normally has.
 */
export const MAX_SCOPE_BUSINESS_UNITS = 300;

/** The largest delay `setTimeout` honours (2^31-1 ms); a larger one fires at once in every browser. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay every timer of this library may be given: finite, not negative, never above {@link MAX_TIMER_MS}. */
export function timerDelay(ms: number): number {
    if (!Number.isFinite(ms) || ms <= 0) return 0;
    return Math.min(Math.ceil(ms), MAX_TIMER_MS);
}

/**
 * Seconds of a Retry-After that can be honoured: a finite, non-negative number up to
 * {@link MAX_CREDIBLE_RETRY_AFTER_SECONDS}; anything else is treated as no Retry-After at all.
 */
export function usableRetryAfterSeconds(value: unknown): number | undefined {
    const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CREDIBLE_RETRY_AFTER_SECONDS) return undefined;
    return seconds;
}

/**
 * How long a `getEntityMetadata` answer is shared between the controls of a page after it arrived: long
 * enough for every control of one form load, short enough (seconds, like Web API answers) that a renamed
 * column or a changed language shows on the next load. The platform keeps its own, longer metadata cache.
 */
export const METADATA_SHARE_MS = 5_000;
