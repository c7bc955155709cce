/**
 * The tenant probe (issue 18) against the local Dataverse server in both configurations: a tenant that
 * refuses everything elastic tables might refuse (with an 8 KB URL limit and no backstamped lookups), and
 * one that refuses nothing; per persona where the answer depends on the user. Every probe's outcomes are
 * exercised; the probe only sends GET requests, a bounded number of them, and its report holds no customer
 * value.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataverseEmulator, ELASTIC_REFUSALS, NO_REFUSALS, type PersonaKey } from '../dataverse';
import type { DataverseEmulatorOptions, SyntheticTenantOptions } from '../dataverse';
import { startDataverseServer, type DataverseServer } from '../dataverse/http/server';
import { DEV_TOKENS } from '../dataverse/http/tokens';
import { PROBES } from '../../tools/probe/probes';
import { reportJson, reportMarkdown, reportText, runProbes, type ProbeReport } from '../../tools/probe/run';
import { MAX_PROBE_REQUESTS } from '../../tools/probe/session';

const REPO_ROOT = join(__dirname, '..', '..');
const servers: DataverseServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

const OPEN: SyntheticTenantOptions & DataverseEmulatorOptions = { seed: 42, profileCount: 600, platform: NO_REFUSALS };
const REFUSING: SyntheticTenantOptions & DataverseEmulatorOptions = { seed: 42, profileCount: 600, platform: ELASTIC_REFUSALS, backstampContacts: false, insightCustomerLookups: false };

async function probe(tenant: SyntheticTenantOptions & DataverseEmulatorOptions, persona: PersonaKey, only?: readonly string[], maxUrlLength?: number): Promise<{ report: ProbeReport; server: DataverseServer }> {
    const server = await startDataverseServer({ dv: DataverseEmulator.withSyntheticTenant(tenant), ...(maxUrlLength !== undefined ? { maxUrlLength } : {}) });
    servers.push(server);
    const report = await runProbes({ apiUrl: server.apiUrl, environment: server.origin, getToken: () => Promise.resolve(DEV_TOKENS[persona]), ...(only !== undefined ? { only } : {}) });
    return { report, server };
}

const outcomes = (report: ProbeReport): Record<string, string> => Object.fromEntries(report.results.map((result) => [result.id, result.outcome]));

describe('the probe against a tenant that refuses nothing, and one that refuses what elastic tables might', () => {
    let open: { report: ProbeReport; server: DataverseServer };
    let refusing: { report: ProbeReport; server: DataverseServer };
    beforeAll(async () => {
        open = await probe(OPEN, 'administrator');
        refusing = await probe(REFUSING, 'administrator', undefined, 8192);
    });

    it('runs every probe and settles each assumption the open way', () => {
        expect(outcomes(open.report)).toStrictEqual({
            'table-type': 'standard',
            'page-size': 'uncapped',
            'in-250': 'accepted',
            'in-700': 'accepted',
            'url-limit': 'aboveBuilderCap',
            'expand-profile': 'works',
            'profile-lookup': 'populated',
            'insight-lookup': 'populated',
            'business-unit-operators': 'works',
            aggregate: 'counts',
            'business-unit-name': 'present',
            rejections: 'noPrivilegeNotObserved',
            'next-link': 'works',
            'read-depth': 'global',
            'alternate-keys': 'readable',
            'activity-keyset': 'works',
        });
        expect(open.report.results.map((result) => result.id)).toStrictEqual(PROBES.map((probe) => probe.id));
        for (const result of open.report.results) expect(result.configure).toBe('Nothing.');
    });

    it('settles each assumption the refusing way and says what to configure', () => {
        expect(outcomes(refusing.report)).toStrictEqual({
            'table-type': 'elastic',
            'page-size': 'capped500',
            'in-250': 'refused',
            'in-700': 'refused',
            'url-limit': 'belowBuilderCap',
            'expand-profile': 'refused',
            'profile-lookup': 'empty',
            'insight-lookup': 'empty',
            'business-unit-operators': 'refused',
            aggregate: 'refused',
            'business-unit-name': 'absent',
            rejections: 'noPrivilegeNotObserved',
            'next-link': 'refused',
            'read-depth': 'global',
            'alternate-keys': 'readable',
            'activity-keyset': 'works',
        });
        const configure = Object.fromEntries(refusing.report.results.map((result) => [result.id, result.configure]));
        expect(configure['profile-lookup']).toMatch(/Profile key column/);
        expect(configure['business-unit-operators']).toMatch(/Business units to show" at All/);
        expect(configure['url-limit']).toMatch(/tell the developers/);
    });

    it('measures the URL length where the tenant refuses, to within one id', () => {
        const details = (report: ProbeReport) => report.results.find((result) => result.id === 'url-limit')?.details as { longestAccepted: number; shortestRefused: number; refusal: { status: number } };
        expect(details(open.report).longestAccepted).toBeLessThanOrEqual(32_768);
        expect(details(open.report).shortestRefused).toBeGreaterThan(32_768);
        expect(details(open.report).shortestRefused - details(open.report).longestAccepted).toBeLessThanOrEqual(39);
        expect(details(open.report).refusal.status).toBe(414);
        expect(details(refusing.report).shortestRefused).toBeGreaterThan(8192);
        expect(details(refusing.report).longestAccepted).toBeLessThanOrEqual(8192);
    });

    it('only reads (GET), within its request bound', () => {
        for (const { report, server } of [open, refusing]) {
            expect(server.requests.every((request) => request.method === 'GET')).toBe(true);
            expect(server.requests.length).toBe(report.requests.length);
            expect(report.requests.length).toBeLessThanOrEqual(MAX_PROBE_REQUESTS);
            expect(server.dv.log.entries.every((entry) => entry.operation === 'retrieveMultipleRecords' || entry.operation === 'retrieveRecord')).toBe(true);
        }
    });

    it('reports ids and counts, never a customer value', () => {
        const tenant = open.server.dv.tenant;
        const values: string[] = [];
        for (let index = 0; index < tenant.profileCount; index++) {
            const facts = tenant.profile(index);
            values.push(facts.fullName, facts.customerId, facts.lastName);
        }
        for (const { report } of [open, refusing]) {
            const written = [reportJson(report), reportMarkdown(report), reportText(report)].join('\n');
            const leaked = values.filter((value) => value.length > 3 && written.includes(value));
            expect(leaked).toStrictEqual([]);
        }
    });
});

describe('a tenant that refuses ordering comparisons on GUIDs (not seen, but unverified)', () => {
    it("says the timeline's Load more reads by time alone there, and sends the keyset shape", async () => {
        const { report, server } = await probe({ ...OPEN, platform: { ...NO_REFUSALS, customerInsightsGuidComparisons: false } }, 'administrator', ['activity-keyset']);
        expect(outcomes(report)).toStrictEqual({ 'activity-keyset': 'refused' });
        expect(report.results[0]?.configure).toMatch(/by time alone/);
        // The probe sent the timeline's keyset shape: a time cursor, then the id.
        expect(decodeURIComponent(server.requests[server.requests.length - 1]?.target ?? '')).toMatch(/msdynci_activitytime lt .* or \(msdynci_activitytime eq .* and msdynci_unifiedactivityid lt ffffffff-ffff-ffff-ffff-ffffffffffff\)/);
    });
});

describe('answers that depend on the user', () => {
    it('a business-unit reader: pages not determinable, Business Unit depth, no alternate key visible (the root-owned trap)', async () => {
        const { report } = await probe(OPEN, 'serviceAgent', ['page-size', 'read-depth', 'alternate-keys']);
        expect(outcomes(report)).toStrictEqual({ 'page-size': 'undetermined', 'read-depth': 'local', 'alternate-keys': 'none' });
        expect(report.results.find((result) => result.id === 'alternate-keys')?.configure).toMatch(/Profile key column/);
    });

    it('a user without a Customer Insights role: the missing-privilege rejection observed and classified, no depth, no alternate keys', async () => {
        const { report } = await probe(OPEN, 'noRole', ['page-size', 'rejections', 'read-depth', 'alternate-keys', 'next-link']);
        expect(outcomes(report)).toStrictEqual({ 'page-size': 'refused', rejections: 'bothObserved', 'read-depth': 'none', 'alternate-keys': 'noPrivilege', 'next-link': 'refused' });
        const rejection = report.results.find((result) => result.id === 'rejections')?.details as { missingPrivilege: { code: string; kind: string; rejection: { errorCode: number } }; unknownColumn: { kind: string } };
        expect(rejection.missingPrivilege).toMatchObject({ code: '0x80040220', kind: 'noPrivilege', rejection: { errorCode: 2147746336 } });
        expect(rejection.unknownColumn.kind).toBe('configuration');
    });

    it('Parent: Child and team-granted depths', async () => {
        expect(outcomes((await probe(OPEN, 'salesManager', ['read-depth'])).report)).toStrictEqual({ 'read-depth': 'deep' });
        expect(outcomes((await probe(OPEN, 'ownerTeamMember', ['read-depth'])).report)).toStrictEqual({ 'read-depth': 'local' });
    });

    it('an aggregate over more than the limit, and a tenant with no URL limit below 66,000 characters', async () => {
        expect(outcomes((await probe({ ...OPEN, aggregateRecordLimit: 100 }, 'administrator', ['aggregate'])).report)).toStrictEqual({ aggregate: 'limit' });
        expect(outcomes((await probe(OPEN, 'administrator', ['url-limit'], 100_000)).report)).toStrictEqual({ 'url-limit': 'noLimitFound' });
    });
});

describe('npm run probe', () => {
    const run = (args: readonly string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), 'tools/probe/cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });

    it('writes the table as JSON and Markdown', () => {
        const out = mkdtempSync(join(tmpdir(), 'cibu-probe-'));
        try {
            const result = run(['--local', '--persona', 'serviceAgent', '--only', 'table-type,alternate-keys', '--out', out]);
            expect(result.status).toBe(0);
            expect(result.stdout).toContain('alternate-keys [none]');
            const files = readdirSync(out).sort();
            expect(files).toStrictEqual([expect.stringMatching(/^probe-127\.0\.0\.1_\d+-\d{8}T\d{6}\.json$/), expect.stringMatching(/^probe-127\.0\.0\.1_\d+-\d{8}T\d{6}\.md$/)]);
            const json = JSON.parse(readFileSync(join(out, files[0] ?? ''), 'utf8')) as ProbeReport;
            expect(json.results.map((result) => result.outcome)).toStrictEqual(['standard', 'none']);
            expect(readFileSync(join(out, files[1] ?? ''), 'utf8')).toContain('| alternate-keys |');
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    });

    it('refuses an environment that is not https unless it is on loopback, before sending anything', () => {
        const result = run(['--environment', 'http://contoso.crm.dynamics.com', '--token', 'x']);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('https only');
    });
});
