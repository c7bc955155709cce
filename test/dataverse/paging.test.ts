/**
 * Paging as Dataverse does it: maxPageSize (5,000 default, 500 on Customer Insights tables), nextLink passed
 * back unchanged to the last row with nothing lost or repeated.
 */
import { DataverseEmulator, EMULATOR_BASE_URL, PERSONAS } from './index';
import { retrieveAllPages } from './helpers';

const dv = DataverseEmulator.withSyntheticTenant({ seed: 3, profileCount: 1_234 });
const tenant = dv.tenant;
// operations(): these tests check the HTTP-level answer (status, hex code); webApi() rejects with
// { errorCode, message } only (its shape is tested in faults.test.ts).
const admin = dv.operations(PERSONAS.administrator.userId);
const MEMBERSHIP = 'msdynci_segmentmembership';

describe('paging through nextLink', () => {
    it('caps Customer Insights tables at 500 rows per page and loses or repeats nothing', async () => {
        const first = await admin.retrieveMultipleRecords(MEMBERSHIP, '?$select=msdynci_customerid', 5000);
        expect(first.entities).toHaveLength(500);
        expect(first.nextLink.startsWith(`${EMULATOR_BASE_URL}msdynci_segmentmemberships?$select=msdynci_customerid&$skiptoken=`)).toBe(true);
        const { entities, pages } = await retrieveAllPages(admin, MEMBERSHIP, '?$select=msdynci_customerid');
        expect(pages).toBe(3);
        const ids = entities.map((entity) => String(entity.msdynci_segmentmembershipid));
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toStrictEqual(new Set([...tenant.rows(MEMBERSHIP)].map((row) => String(row.msdynci_segmentmembershipid))));
        expect(ids).toHaveLength(1_234);
    });

    it('uses 5,000 rows per page by default on other tables', async () => {
        const contacts = await admin.retrieveMultipleRecords('contact', '?$select=fullname');
        expect(contacts.entities.length).toBe([...tenant.rows('contact')].length);
        expect(contacts.nextLink).toBeUndefined();
    });

    it('pages a filtered, ordered query of a security-trimmed caller with odd page sizes', async () => {
        const agent = dv.operations(PERSONAS.salesManager.userId);
        const options = "?$select=msdynci_title,msdynci_activitytime&$filter=msdynci_activitytype ne 'Email'&$orderby=msdynci_activitytime desc";
        const all = await retrieveAllPages(agent, 'msdynci_unifiedactivity', options, 5000);
        const paged = await retrieveAllPages(agent, 'msdynci_unifiedactivity', options, 37);
        expect(paged.pages).toBe(Math.ceil(all.entities.length / 37));
        expect(paged.entities.map((entity): unknown => entity.msdynci_unifiedactivityid)).toStrictEqual(all.entities.map((entity): unknown => entity.msdynci_unifiedactivityid));
        const times = paged.entities.map((entity) => Date.parse(String(entity.msdynci_activitytime)));
        expect(times).toStrictEqual([...times].sort((a, b) => b - a));
    });

    it('accepts the nextLink query part (from ?) as well as the absolute URL', async () => {
        const first = await admin.retrieveMultipleRecords(MEMBERSHIP, '?$select=msdynci_customerid', 100);
        const viaUrl = await admin.retrieveMultipleRecords(MEMBERSHIP, first.nextLink, 100);
        const viaQuery = await admin.retrieveMultipleRecords(MEMBERSHIP, first.nextLink.slice(first.nextLink.indexOf('?')), 100);
        expect(viaQuery.entities).toStrictEqual(viaUrl.entities);
        expect(viaUrl.entities[0]).not.toStrictEqual(first.entities[0]);
    });

    it("rejects a nextLink sent to another table and a tampered $skiptoken", async () => {
        const first = await admin.retrieveMultipleRecords(MEMBERSHIP, '?$select=msdynci_customerid', 100);
        await expect(admin.retrieveMultipleRecords('msdynci_customerprofile', first.nextLink)).rejects.toMatchObject({ status: 400 });
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, '?$select=msdynci_customerid&$skiptoken=abc')).rejects.toMatchObject({ status: 400 });
    });

    it('rejects an invalid maxPageSize', async () => {
        await expect(admin.retrieveMultipleRecords(MEMBERSHIP, '?$select=msdynci_customerid', 0)).rejects.toMatchObject({ status: 400 });
    });
});
