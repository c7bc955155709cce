/**
 * The page's own record of every Web API call the controls made, tagged with the form load that made it,
 * so the panel can show per-table counts for the current load even while an earlier load's requests are
 * still finishing. It wraps the emulator's webApi; the emulator's log (`dv.log`) stays the reference the
 * tests cross-check against.
 */
import type { DataverseEmulator } from '../test/dataverse';

export interface PageRequest {
    readonly id: number;
    readonly loadId: number;
    readonly persona: string;
    readonly operation: 'retrieveRecord' | 'retrieveMultipleRecords';
    readonly table: string;
    readonly query: string;
    readonly startedAt: number;
    /** Undefined while in flight. */
    durationMs?: number;
    /** HTTP status, 0 when the network was down, -1 for a failure without a status (the platform's `{ errorCode, message }`); undefined while in flight. */
    status?: number;
    rows?: number;
    errorCode?: string;
}

export interface FaultSwitches {
    /** Every request fails with HTTP 500 while on. */
    serverError: boolean;
}

type Listener = () => void;

export class PageRequestLog {
    readonly requests: PageRequest[] = [];
    private nextId = 1;
    private readonly listeners = new Set<Listener>();
    private notifyScheduled = false;

    subscribe(listener: Listener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    get pending(): number {
        return this.requests.filter((request) => request.status === undefined).length;
    }

    /**
     * The emulator's webApi for `userId`, recording every call under `loadId` (or, for the view page, the load
     * current when the call starts: each page of rows is a load of its own). It wraps the HTTP-level
     * `dv.operations()` so the panel can show each call's status and code, and hands the controls exactly
     * what `context.webAPI` rejects with (`dv.platformRejection`: `{ errorCode, message }`).
     */
    webApi(dv: DataverseEmulator, userId: string, persona: string, loadId: number | (() => number), faults: FaultSwitches): ComponentFramework.WebApi {
        // HTTP-level facts (status, hex code) for the panel; the controls get the platform's shape.
        return this.track(dv.operations(userId), persona, loadId, () => {
            if (faults.serverError) dv.faults.failNext(1, 'server');
        }, (error) => dv.platformRejection(error));
    }

    /**
     * Any webApi (the emulator's, or the HTTP one against an environment), recording every call under
     * `loadId`; `toPlatform` turns a rejection into what `context.webAPI` rejects with, when it is richer.
     */
    track(inner: ComponentFramework.WebApi, persona: string, loadId: number | (() => number), beforeEach?: () => void, toPlatform?: (error: unknown) => unknown): ComponentFramework.WebApi {
        const track = <T>(operation: PageRequest['operation'], table: string, query: string, call: () => Promise<T>, rowsOf: (value: T) => number): Promise<T> => {
            const request: PageRequest = { id: this.nextId++, loadId: typeof loadId === 'number' ? loadId : loadId(), persona, operation, table, query, startedAt: performance.now() };
            this.requests.push(request);
            this.notify();
            beforeEach?.();
            const finish = (status: number, rows: number, errorCode?: string): void => {
                request.durationMs = Math.round(performance.now() - request.startedAt);
                request.status = status;
                request.rows = rows;
                if (errorCode !== undefined) request.errorCode = errorCode;
                this.notify();
            };
            return call().then(
                (value) => {
                    finish(200, rowsOf(value));
                    return value;
                },
                (error: unknown) => {
                    const failure = describeRejection(error);
                    finish(failure.status, 0, failure.code);
                    throw toPlatform !== undefined ? toPlatform(error) : error;
                },
            );
        };
        return {
            ...inner,
            retrieveRecord: (entityType, id, options) => track('retrieveRecord', entityType, `${id}${options ?? ''}`, () => inner.retrieveRecord(entityType, id, options), () => 1),
            retrieveMultipleRecords: (entityType, options, maxPageSize) =>
                track('retrieveMultipleRecords', entityType, options ?? '', () => inner.retrieveMultipleRecords(entityType, options, maxPageSize), (value) => value.entities.length),
        };
    }

    /**
     * Batches change notifications (a form load makes requests in bursts) and redraws the panel when the page
     * is idle, so that its rendering never delays the controls' own work: a redraw on a fixed timer could land
     * just when the answers of a round trip arrive and add its time to the form's (npm run bench:form). An idle
     * period of at least 10 ms is used, or the redraw happens after 500 ms at the latest.
     */
    private notify(): void {
        if (this.notifyScheduled) return;
        this.notifyScheduled = true;
        const deliver = (): void => {
            this.notifyScheduled = false;
            this.listeners.forEach((listener) => listener());
        };
        if (typeof requestIdleCallback !== 'function') {
            setTimeout(deliver, 50);
            return;
        }
        const startedAt = Date.now();
        const whenIdle = (deadline: IdleDeadline): void => {
            if (deadline.didTimeout || deadline.timeRemaining() >= 10 || Date.now() - startedAt >= 500) deliver();
            else requestIdleCallback(whenIdle, { timeout: Math.max(1, 500 - (Date.now() - startedAt)) });
        };
        requestIdleCallback(whenIdle, { timeout: 500 });
    }

    clear(): void {
        this.requests.length = 0;
        this.notify();
    }
}

/**
 * Status and code of a rejection: the emulator's rich error has both; the platform shape (`{ errorCode,
 * message }`, also the HTTP client's) has only the code; a network failure is a TypeError.
 */
function describeRejection(error: unknown): { status: number; code?: string } {
    const shape = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; code?: unknown; errorCode?: unknown; name?: unknown };
    const code =
        typeof shape.code === 'string'
            ? shape.code
            : typeof shape.errorCode === 'number' && shape.errorCode !== 0
              ? `0x${(shape.errorCode >>> 0).toString(16).padStart(8, '0')}`
              : undefined;
    const status = typeof shape.status === 'number' ? shape.status : error instanceof TypeError || shape.name === 'TypeError' ? 0 : -1;
    return code === undefined ? { status } : { status, code };
}
