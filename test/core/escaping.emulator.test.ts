/**
 * Escaping against the emulator's real query evaluation: a value, whatever it contains, matches exactly
 * the rows equal to it (OData) or containing it (FetchXML like), never more.
 */
import fc from 'fast-check';
import { DataverseEmulator, PERSONAS } from '../dataverse';
import { buildFetchXmlOptions, buildODataOptions, canCarryInFetchXml, where } from '../../components/shared/query';
import { SEED } from './support';

const dv = DataverseEmulator.withSyntheticTenant({ seed: SEED });
const webApi = dv.webApi(PERSONAS.administrator.userId);
const TABLE = 'msdynci_customerprofile';
const ID = 'msdynci_customerprofileid';
const NAME = 'msdynci_lastname';

let everyone: { id: string; name: string }[] = [];

beforeAll(async () => {
    const page = await webApi.retrieveMultipleRecords(TABLE, buildODataOptions({ select: [ID, NAME] }));
    everyone = page.entities.map((e) => ({ id: String(e[ID]), name: String(e[NAME] ?? '') }));
    expect(page.nextLink).toBeUndefined();
    expect(everyone.some((p) => p.name === "O'Brien")).toBe(true);
});

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function idsEqualTo(value: string): Promise<string[]> {
    const page = await webApi.retrieveMultipleRecords(TABLE, buildODataOptions({ select: [ID], filter: where.eq(NAME, value) }));
    return page.entities.map((e) => String(e[ID])).sort();
}

async function idsIn(values: readonly string[]): Promise<string[]> {
    const page = await webApi.retrieveMultipleRecords(TABLE, buildODataOptions({ select: [ID], filter: where.in(NAME, values) }));
    return page.entities.map((e) => String(e[ID])).sort();
}

async function idsContaining(value: string): Promise<string[]> {
    const page = await webApi.retrieveMultipleRecords(TABLE, buildFetchXmlOptions({ table: TABLE, columns: [ID], conditions: [{ attribute: NAME, operator: 'containsText', value }] }));
    return page.entities.map((e) => String(e[ID])).sort();
}

/** Existing names, the same with wildcards and injections mixed in, and random text. */
function candidateValues(): fc.Arbitrary<string> {
    const names = [...new Set(everyone.map((p) => p.name))];
    const existing = fc.constantFrom(...names);
    const hostile = fc.constantFrom("'", "''", '%', '_', '[', ']', '[%]', '&', '#', '+', '<', '>', '"', '*', "' or 1 eq 1 or '", '%27', '%25', '\\', ' ');
    const mutated = fc.tuple(existing, hostile, fc.nat()).map(([name, insert, at]) => {
        const position = at % (name.length + 1);
        return name.slice(0, position) + insert + name.slice(position);
    });
    const substring = fc.tuple(existing, fc.nat(), fc.nat()).map(([name, a, b]) => name.slice(Math.min(a, b) % (name.length + 1), Math.max(a, b) % (name.length + 1)));
    return fc.oneof(existing, mutated, substring, fc.string({ unit: 'grapheme', maxLength: 30 }), hostile);
}

describe('values reach the server intact', () => {
    it.each(["O'Brien", 'García', 'Müller', "O''Brien", "O'Brien' or msdynci_lastname ne '", 'O_Brien', 'O%Brien', '[O]', 'A & B', 'x'.repeat(3000)].map((v) => [v.length > 40 ? `${v.slice(0, 10)}… (${v.length} chars)` : v, v]))('eq %s', async (_title, value) => {
        const expected = everyone.filter((p) => p.name.toLowerCase() === value.toLowerCase()).map((p) => p.id).sort();
        expect(await idsEqualTo(value)).toStrictEqual(expected);
    });

    it('OData eq matches exactly the rows equal to the value (property)', async () => {
        await fc.assert(
            fc.asyncProperty(candidateValues(), async (value) => {
                const expected = everyone.filter((p) => p.name.toLowerCase() === value.toLowerCase()).map((p) => p.id).sort();
                expect(await idsEqualTo(value)).toStrictEqual(expected);
            }),
            { numRuns: 150 },
        );
    });

    it('Microsoft.Dynamics.CRM.In matches exactly the rows equal to one of the values (property)', async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(candidateValues(), { minLength: 1, maxLength: 6 }), async (values) => {
                const wanted = new Set(values.map((v) => v.toLowerCase()));
                const expected = everyone.filter((p) => wanted.has(p.name.toLowerCase())).map((p) => p.id).sort();
                expect(await idsIn(values)).toStrictEqual(expected);
            }),
            { numRuns: 100 },
        );
        expect(await idsIn(["O'Brien", 'nobody'])).toStrictEqual(everyone.filter((p) => p.name === "O'Brien").map((p) => p.id).sort());
    });

    it('FetchXML containsText matches exactly the rows containing the value, wildcards included (property)', async () => {
        const xmlSafe = candidateValues().filter(canCarryInFetchXml);
        await fc.assert(
            fc.asyncProperty(xmlSafe, async (value) => {
                const pattern = new RegExp(escapeRegExp(value), 'i');
                const expected = everyone.filter((p) => pattern.test(p.name)).map((p) => p.id).sort();
                expect(await idsContaining(value)).toStrictEqual(expected);
            }),
            { numRuns: 150 },
        );
    });

    it('a value that is only wildcards matches only names containing those characters', async () => {
        expect(await idsContaining('%')).toStrictEqual([]);
        expect(await idsContaining('_')).toStrictEqual([]);
        expect(await idsContaining("'")).toStrictEqual(everyone.filter((p) => p.name.includes("'")).map((p) => p.id).sort());
    });
});
