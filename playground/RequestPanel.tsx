/**
 * The live request panel: per-table counts for the current form load (the "one request per table per form"
 * promise) and every Web API call the page made, newest first, with persona, timing and status.
 */
import * as React from 'react';
import type { PageRequest, PageRequestLog } from './requestLog';

export interface RequestPanelProps {
    readonly log: PageRequestLog;
    readonly loadId: number;
    readonly personaNames: Readonly<Record<string, string>>;
    readonly onClear: () => void;
    /** What one load is on this page: a form load, or a page of a view's rows. */
    readonly loadName?: string;
}

/** Rows shown in the full log; older ones stay counted in the total. */
const MAX_ROWS = 200;

function statusText(request: PageRequest): string {
    if (request.status === undefined) return 'pending';
    if (request.status === 0) return 'network error';
    if (request.status < 0) return request.errorCode !== undefined ? `failed ${request.errorCode}` : 'failed';
    return request.errorCode !== undefined ? `${request.status} ${request.errorCode}` : String(request.status);
}

function useLogVersion(log: PageRequestLog): number {
    const [version, setVersion] = React.useState(0);
    React.useEffect(() => log.subscribe(() => setVersion((v) => v + 1)), [log]);
    return version;
}

export function RequestPanel({ log, loadId, personaNames, onClear, loadName = 'form load' }: RequestPanelProps): React.ReactElement {
    useLogVersion(log);
    const requests = log.requests;
    const current = requests.filter((request) => request.loadId === loadId);
    const counts = new Map<string, { total: number; failed: number; pending: number }>();
    for (const request of current) {
        const count = counts.get(request.table) ?? { total: 0, failed: 0, pending: 0 };
        count.total++;
        if (request.status === undefined) count.pending++;
        else if (request.status !== 200) count.failed++;
        counts.set(request.table, count);
    }
    const allLoads = new Map<string, number>();
    for (const request of requests) allLoads.set(request.table, (allLoads.get(request.table) ?? 0) + 1);
    const pending = requests.filter((request) => request.status === undefined).length;
    const recent = requests.slice(-MAX_ROWS).reverse();

    return (
        <aside className="requests" aria-labelledby="requests-title" data-testid="request-panel" data-load-id={loadId} data-pending={pending} data-total={requests.length}>
            <div className="requests-header">
                <h2 id="requests-title">Web API requests</h2>
                <button type="button" onClick={onClear} data-testid="clear-requests">
                    Clear log
                </button>
            </div>
            <table className="counts" data-testid="load-counts">
                <caption>
                    This {loadName} (#{loadId}): {current.length} request{current.length === 1 ? '' : 's'}
                    {pending > 0 ? `, ${pending} in flight` : ''}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">Table</th>
                        <th scope="col">Requests</th>
                        <th scope="col">Failed</th>
                        <th scope="col">All loads</th>
                    </tr>
                </thead>
                <tbody>
                    {[...counts.entries()]
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([table, count]) => (
                            <tr key={table} data-testid="load-count" data-table={table} data-count={count.total} data-failed={count.failed} className={count.total > 1 ? 'repeated' : undefined}>
                                <th scope="row">{table}</th>
                                <td>{count.total}</td>
                                <td>{count.failed}</td>
                                <td>{allLoads.get(table) ?? 0}</td>
                            </tr>
                        ))}
                </tbody>
            </table>
            <div className="log-scroll" tabIndex={0} role="region" aria-label="All requests, newest first">
                <table className="log" data-testid="request-log">
                    <caption>
                        All requests: {requests.length}
                        {requests.length > MAX_ROWS ? ` (latest ${MAX_ROWS} shown)` : ''}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">#</th>
                            <th scope="col">Load</th>
                            <th scope="col">User</th>
                            <th scope="col">Table</th>
                            <th scope="col">Status</th>
                            <th scope="col">ms</th>
                            <th scope="col">Rows</th>
                        </tr>
                    </thead>
                    {recent.map((request) => (
                        <tbody key={request.id} className={request.status === undefined ? 'pending' : request.status === 200 ? undefined : 'failed'}>
                            <tr
                                data-testid="request-row"
                                data-load-id={request.loadId}
                                data-persona={request.persona}
                                data-table={request.table}
                                data-status={request.status ?? 'pending'}
                            >
                                <td>{request.id}</td>
                                <td>{request.loadId}</td>
                                <td>{personaNames[request.persona] ?? request.persona}</td>
                                <td>{request.table}</td>
                                <td>{statusText(request)}</td>
                                <td>{request.durationMs ?? ''}</td>
                                <td>{request.rows ?? ''}</td>
                            </tr>
                            <tr>
                                <td colSpan={7} className="query">
                                    {request.operation === 'retrieveRecord' ? 'GET by id ' : ''}
                                    {safeDecode(request.query)}
                                </td>
                            </tr>
                        </tbody>
                    ))}
                </table>
            </div>
        </aside>
    );
}

function safeDecode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}
