/**
 * Property tests of the emulator's own parsing of escaped values, which the core's query builder relies on:
 * OData `''` inside a literal, and SQL LIKE escapes `[%]`, `[_]`, `[[]` in FetchXML.
 */
import fc from 'fast-check';
import { TABLES } from './index';
import { parseFilter } from './odata';
import { likeMatch, matches, type EvaluationContext } from './query';

const table = TABLES.get('msdynci_customerprofile');
const city = table?.attributes.get('msdynci_city');
const context: EvaluationContext = { callerBusinessUnitId: '', subtree: () => new Set() };
const quoteOData = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const escapeLike = (value: string): string => value.replace(/[[%_]/g, '[$&]');
// Printable text with the characters that matter for escaping over-represented.
const text = fc.string({ unit: fc.oneof(fc.constantFrom("'", '%', '_', '[', ']', '^', '"', '\\', '.', '*', ' '), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 20 });

describe('escaping round trips', () => {
    it("an OData literal with '' escapes compares equal to exactly the original text", () => {
        if (table === undefined || city === undefined) {
            throw new Error('metadata');
        }
        fc.assert(
            fc.property(text, text, (value, other) => {
                const condition = parseFilter(`msdynci_city eq ${quoteOData(value)}`, table);
                expect(matches(condition, { msdynci_city: value }, context)).toBe(true);
                expect(matches(condition, { msdynci_city: other }, context)).toBe(value.toLowerCase() === other.toLowerCase());
                const contains = parseFilter(`contains(msdynci_city,${quoteOData(value)})`, table);
                expect(matches(contains, { msdynci_city: `${other}${value}${other}` }, context)).toBe(true);
            }),
        );
    });

    it('a LIKE pattern with [%] [_] [[] escapes matches the literal text and nothing looser', () => {
        if (city === undefined) {
            throw new Error('metadata');
        }
        fc.assert(
            fc.property(text, text, (value, other) => {
                const condition = likeMatch(city, `%${escapeLike(value)}%`);
                expect(matches(condition, { msdynci_city: `${other}${value}${other}` }, context)).toBe(true);
                expect(matches(condition, { msdynci_city: other }, context)).toBe(other.toLowerCase().includes(value.toLowerCase()));
            }),
        );
    });
});
