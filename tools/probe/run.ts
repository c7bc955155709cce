/**
 * Runs the tenant probes against one environment as one user and collects the report; renders it as a text
 * table, Markdown and JSON. Used by `npm run probe` (cli.ts) and by the tests against the local server.
 */
import { PROBES, type ProbeContext, type ProbeResult, type TableInfo } from './probes';
import { ProbeLimitError, ProbeSession, describeRefusal, type ProbeRequestRecord } from './session';

export interface ProbeReport {
    readonly environment: string;
    readonly userId: string;
    readonly businessUnitId: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly results: readonly ProbeResult[];
    /** Every request sent (resource without its query, request target length, status). */
    readonly requests: readonly ProbeRequestRecord[];
}

export interface ProbeRunOptions {
    /** The environment's Web API base (`https://<org>.crm.dynamics.com/api/data/v9.2/`). */
    readonly apiUrl: string;
    /** Shown in the report. */
    readonly environment: string;
    readonly getToken: () => Promise<string>;
    /** Probe ids to run (default all). */
    readonly only?: readonly string[];
    readonly fetch?: typeof fetch;
    /** Told before each probe. */
    readonly progress?: (line: string) => void;
}

export class ProbeSetupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ProbeSetupError';
    }
}

export async function runProbes(options: ProbeRunOptions): Promise<ProbeReport> {
    const startedAt = new Date().toISOString();
    const session = new ProbeSession(options.apiUrl, options.getToken, options.fetch);
    const whoAmI = await session.json('WhoAmI', []);
    const userId = whoAmI.body?.UserId;
    const businessUnitId = whoAmI.body?.BusinessUnitId;
    if (!whoAmI.ok || typeof userId !== 'string' || typeof businessUnitId !== 'string') {
        throw new ProbeSetupError(`WhoAmI failed, so nothing was probed: ${describeRefusal(whoAmI)}`);
    }
    const tables = new Map<string, Promise<TableInfo | undefined>>();
    const context: ProbeContext = {
        session,
        userId,
        businessUnitId,
        table(logicalName) {
            let info = tables.get(logicalName);
            if (info === undefined) {
                info = session
                    .json(`EntityDefinitions(LogicalName='${logicalName}')?$select=LogicalName,SchemaName,EntitySetName,PrimaryIdAttribute,TableType`, [])
                    .then((result) => {
                        const body = result.body;
                        if (!result.ok || typeof body?.EntitySetName !== 'string' || typeof body.PrimaryIdAttribute !== 'string') return undefined;
                        return {
                            logicalName,
                            entitySet: body.EntitySetName,
                            schemaName: typeof body.SchemaName === 'string' ? body.SchemaName : logicalName,
                            primaryId: body.PrimaryIdAttribute,
                            ...(typeof body.TableType === 'string' ? { tableType: body.TableType } : {}),
                        };
                    });
                tables.set(logicalName, info);
            }
            return info;
        },
    };
    const results: ProbeResult[] = [];
    for (const probe of PROBES.filter((candidate) => options.only === undefined || options.only.includes(candidate.id))) {
        options.progress?.(`${probe.id}: ${probe.assumption}`);
        try {
            results.push({ id: probe.id, assumption: probe.assumption, ...(await probe.run(context)) });
        } catch (error) {
            if (error instanceof ProbeLimitError) {
                results.push({ id: probe.id, assumption: probe.assumption, outcome: 'stopped', answer: error.message, path: '', configure: '' });
                break;
            }
            results.push({ id: probe.id, assumption: probe.assumption, outcome: 'error', answer: `The probe failed: ${error instanceof Error ? error.message : String(error)}`, path: '', configure: 'Tell the developers.' });
        }
    }
    return { environment: options.environment, userId, businessUnitId, startedAt, finishedAt: new Date().toISOString(), results, requests: session.requests };
}

function cell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function reportMarkdown(report: ProbeReport): string {
    const lines = [
        `# Tenant probe: ${report.environment}`,
        '',
        `Signed-in user ${report.userId} (business unit ${report.businessUnitId}); ${report.startedAt} to ${report.finishedAt}; ${report.requests.length} GET requests, nothing written. Ids and counts only: no customer value is read or shown.`,
        '',
        '| Probe | Assumption | Outcome | What the tenant answered | What the controls do | What to configure |',
        '|---|---|---|---|---|---|',
        ...report.results.map((result) => `| ${result.id} | ${cell(result.assumption)} | ${cell(result.outcome)} | ${cell(result.answer)} | ${cell(result.path)} | ${cell(result.configure)} |`),
        '',
    ];
    return lines.join('\n');
}

export function reportJson(report: ProbeReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}

/** The terminal table: one block per probe, wrapped to the width. */
export function reportText(report: ProbeReport, width = 110): string {
    const wrap = (label: string, text: string): string[] => {
        const indent = ' '.repeat(12);
        const words = text.split(/\s+/).filter((word) => word !== '');
        const lines: string[] = [];
        let line = label.padEnd(12);
        for (const word of words) {
            if (line.trim().length > 0 && line.length + word.length + 1 > width && line.length > 12) {
                lines.push(line.trimEnd());
                line = indent;
            }
            line += `${word} `;
        }
        lines.push(line.trimEnd());
        return lines;
    };
    const blocks = report.results.map((result) => [`${result.id} [${result.outcome}]  ${result.assumption}`, ...wrap('  answered', result.answer), ...wrap('  controls', result.path), ...wrap('  configure', result.configure)].join('\n'));
    return [`Tenant probe of ${report.environment} as ${report.userId}: ${report.requests.length} GET requests`, '', ...blocks, ''].join('\n');
}
