/**
 * Faults on demand (latency, service-protection throttling, transient server errors, network down) and the
 * request log. Service protection mirrors Dataverse's per-user limits (domain.md section 3): 6,000 requests
 * per 5-minute sliding window and 52 concurrent requests, answered with HTTP 429 and Retry-After. The
 * execution-time budget (1,200 s) is not modelled.
 */
import { dataverseError, type NetworkFailureShape } from './errors';

export interface ThrottleBudget {
    /** Requests per caller per window (default 6,000). */
    readonly maxRequests: number;
    /** Sliding window length (default 300,000 ms). */
    readonly windowMs: number;
    /** Concurrent requests per caller (default 52). */
    readonly maxConcurrent: number;
    /** Fixed Retry-After to report; by default the time until the oldest request leaves the window. */
    readonly retryAfterSeconds?: number;
}

export const DEFAULT_THROTTLE_BUDGET: ThrottleBudget = { maxRequests: 6000, windowMs: 300_000, maxConcurrent: 52 };

export type InjectedFailure = 'server' | 'network';

/**
 * A server that pages wrongly (issue 10): `emptyPagesForever` answers every read of the table with an empty
 * page and a new nextLink; `selfLink` answers with an empty page whose nextLink is the request itself.
 * `table` limits it to one table (logical name); without it every retrieveMultipleRecords is affected.
 */
export interface PagingFault {
    readonly kind: 'emptyPagesForever' | 'selfLink';
    readonly table?: string;
}

export class FaultControls {
    /** Delay added to every request (real setTimeout, so jest fake timers control it). 0 = none. */
    latencyMs = 0;
    /** While true every request fails with TypeError('Failed to fetch') before reaching the server. */
    networkDown = false;
    /**
     * How `webApi()` reports a lost network (undocumented on the platform, so both plausible shapes):
     * `typeError` (default) passes the browser's `TypeError('Failed to fetch')` on; `errorObject` rejects with
     * `{ errorCode: 0, message: 'The request failed: ...' }`. `operations()` always throws the TypeError.
     */
    networkFailureShape: NetworkFailureShape = 'typeError';
    /**
     * While true, queries using `UnderOrEqual` (OData `Microsoft.Dynamics.CRM.UnderOrEqual`, FetchXML
     * `eq-or-under`) are refused with HTTP 400 0x80060888: whether the platform accepts it on
     * `owningbusinessunit` of these tables is unverified, so the controls must cope either way.
     */
    refuseUnderOrEqual = false;
    /** Misbehaving paging, see {@link PagingFault}; undefined = pages like Dataverse. */
    pagingFault: PagingFault | undefined = undefined;
    /**
     * Delay of `getEntityMetadata` (real setTimeout). 0 = answers at once, as a warm metadata cache does; a
     * real server with a cold cache answers after a round trip, so benchmarks set it to `latencyMs`.
     */
    metadataLatencyMs = 0;
    private budget: ThrottleBudget = DEFAULT_THROTTLE_BUDGET;
    private readonly pending: InjectedFailure[] = [];
    private readonly requestTimes = new Map<string, number[]>();
    private readonly inFlightByCaller = new Map<string, number>();

    /** Changes the service-protection budget (unspecified fields keep their defaults). */
    throttle(budget: Partial<ThrottleBudget>): void {
        this.budget = { ...DEFAULT_THROTTLE_BUDGET, ...budget };
    }

    get throttleBudget(): ThrottleBudget {
        return this.budget;
    }

    /** The next `count` requests fail: 'server' with HTTP 500, 'network' with TypeError('Failed to fetch'). */
    failNext(count: number, kind: InjectedFailure): void {
        for (let i = 0; i < count; i++) {
            this.pending.push(kind);
        }
    }

    /**
     * Back to defaults: no latency, network up (TypeError shape), UnderOrEqual accepted, paging as Dataverse,
     * default budget, no pending failures, counters cleared.
     */
    reset(): void {
        this.latencyMs = 0;
        this.networkDown = false;
        this.networkFailureShape = 'typeError';
        this.refuseUnderOrEqual = false;
        this.pagingFault = undefined;
        this.metadataLatencyMs = 0;
        this.budget = DEFAULT_THROTTLE_BUDGET;
        this.pending.length = 0;
        this.requestTimes.clear();
        this.inFlightByCaller.clear();
    }

    /** Takes (consumes) the next injected failure, if any; the emulator calls it once per admitted request. */
    takeInjectedFailure(): InjectedFailure | undefined {
        return this.pending.shift();
    }

    /** Drops failures injected with failNext that have not happened yet. */
    clearInjectedFailures(): void {
        this.pending.length = 0;
    }

    /** Number of injected failures still to happen. */
    get pendingFailures(): number {
        return this.pending.length;
    }

    /**
     * @internal Admits a request for `caller` at time `now` or throws the 429. Admitted requests count
     * against the window; rejected ones do not.
     */
    admit(caller: string, now: number): void {
        const inFlight = this.inFlightByCaller.get(caller) ?? 0;
        if (inFlight >= this.budget.maxConcurrent) {
            throw dataverseError(
                'tooManyConcurrent',
                429,
                `Number of concurrent requests exceeded the limit of ${this.budget.maxConcurrent}.`,
                this.budget.retryAfterSeconds ?? 1,
            );
        }
        const times = (this.requestTimes.get(caller) ?? []).filter((time) => time > now - this.budget.windowMs);
        this.requestTimes.set(caller, times);
        if (times.length >= this.budget.maxRequests) {
            const oldest = times[0] ?? now;
            const retryAfter = this.budget.retryAfterSeconds ?? Math.max(1, Math.ceil((oldest + this.budget.windowMs - now) / 1000));
            throw dataverseError(
                'tooManyRequests',
                429,
                `Number of requests exceeded the limit of ${this.budget.maxRequests} over time window of ${Math.round(this.budget.windowMs / 1000)} seconds.`,
                retryAfter,
            );
        }
        times.push(now);
        this.inFlightByCaller.set(caller, inFlight + 1);
    }

    /** @internal An admitted request finished. */
    release(caller: string): void {
        this.inFlightByCaller.set(caller, Math.max(0, (this.inFlightByCaller.get(caller) ?? 1) - 1));
    }
}

export type Operation = 'retrieveRecord' | 'retrieveMultipleRecords' | 'createRecord' | 'updateRecord' | 'deleteRecord';

export interface RequestLogEntry {
    readonly seq: number;
    /** systemuserid of the caller. */
    readonly caller: string;
    readonly operation: Operation;
    /** Table logical name. */
    readonly table: string;
    /** Options string (retrieveMultipleRecords), `id` plus options (retrieveRecord), or the id (writes). */
    readonly query: string;
    /** Clock time the request started (ms). */
    readonly startedAt: number;
    readonly durationMs: number;
    /** HTTP status; 0 when the network was down. */
    readonly status: number;
    /** Entities returned. */
    readonly rows: number;
    /** Requests in flight (all callers) when this one started, itself included. */
    readonly concurrency: number;
}

/** A `getEntityMetadata` call (not a Web API request: kept apart from `entries`). */
export interface MetadataLogEntry {
    readonly table: string;
    readonly attributes: readonly string[];
    readonly startedAt: number;
    readonly durationMs: number;
}

export class RequestLog {
    readonly entries: RequestLogEntry[] = [];
    /** `getEntityMetadata` calls, for the critical path of a form load (benchmarks). */
    readonly metadata: MetadataLogEntry[] = [];
    /** Highest number of requests in flight at once since the last clear(). */
    peakConcurrency = 0;

    clear(): void {
        this.entries.length = 0;
        this.metadata.length = 0;
        this.peakConcurrency = 0;
    }

    /** Number of logged requests per table. */
    countByTable(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const entry of this.entries) {
            counts[entry.table] = (counts[entry.table] ?? 0) + 1;
        }
        return counts;
    }
}
