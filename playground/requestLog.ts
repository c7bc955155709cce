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
    /** HTTP status, 0 when the network was down; undefined while in flight. */
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
     * The emulator's webApi for `userId`, recording every call under `loadId`. It wraps the HTTP-level
     * `dv.operations()` so the panel can show each call's status and code, and hands the controls exactly
     * what `context.webAPI` rejects with (`dv.platformRejection`: `{ errorCode, message }`).
     */
    webApi(dv: DataverseEmulator, userId: string, persona: string, loadId: number, faults: FaultSwitches): ComponentFramework.WebApi {
        const inner = dv.operations(userId);
        const track = <T>(operation: PageRequest['operation'], table: string, query: string, call: () => Promise<T>, rowsOf: (value: T) => number): Promise<T> => {
            const request: PageRequest = { id: this.nextId++, loadId, persona, operation, table, query, startedAt: performance.now() };
            this.requests.push(request);
            this.notify();
            if (faults.serverError) dv.faults.failNext(1, 'server');
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
                    // HTTP-level facts for the panel only; the control gets the platform's shape.
                    const shape = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; code?: unknown };
                    finish(typeof shape.status === 'number' ? shape.status : 0, 0, typeof shape.code === 'string' ? shape.code : undefined);
                    throw dv.platformRejection(error);
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

    /** Batches change notifications: a form load makes requests in bursts. */
    private notify(): void {
        if (this.notifyScheduled) return;
        this.notifyScheduled = true;
        setTimeout(() => {
            this.notifyScheduled = false;
            this.listeners.forEach((listener) => listener());
        }, 50);
    }

    clear(): void {
        this.requests.length = 0;
        this.notify();
    }
}
