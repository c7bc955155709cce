/**
 * Segment and measure output names as a user reads them (components/shared/readableName.ts) and the
 * segment tags built from them (segmentTags.ts): spacing, the maker's mapping lines (comments, blank
 * names, the first mapping wins), and tags sorted in the user's language with numbers in numeric order.
 * Written from mutation testing.
 */
import { friendlyName, parseNameMapping, readableName } from '../../components/shared/readableName';
import { segmentTags } from '../../components/shared/segmentTags';

describe('readable names', () => {
    it.each([
        ['HighValueCustomers', 'High Value Customers'],
        ['_leading_and_trailing_', 'Leading and trailing'],
        ['Hello   World', 'Hello World'],
        ['tab\tand\nnewline', 'Tab and newline'],
        ['XMLReport2026', 'XML Report2026'],
        ['top10Customers', 'Top10 Customers'],
        ['ABCDef', 'ABC Def'],
        ['a', 'A'],
    ])('reads %j as %j', (input, expected) => expect(readableName(input)).toBe(expected));

    it('keeps a name that is nothing but separators as it is, rather than showing nothing', () => {
        expect(readableName('__')).toBe('__');
        expect(readableName('-.-')).toBe('-.-');
        expect(readableName('   ')).toBe('   ');
    });
});

describe("the maker's name mapping", () => {
    it('reads one "output name = friendly name" per line, names case-insensitively, the first mapping winning', () => {
        const mapping = parseNameMapping('  Gold_Tier =  Gold customers  \r\nGOLD_TIER = later\nSilver=Silver=ish');
        expect([...mapping]).toStrictEqual([
            ['gold_tier', 'Gold customers'],
            ['silver', 'Silver=ish'],
        ]);
        expect(friendlyName('gold_tier', mapping)).toBe('Gold customers');
        expect(friendlyName('Bronze_Tier', mapping)).toBe('Bronze Tier');
    });

    it('ignores comments (also indented ones), lines without a name or a friendly name, and lines without =', () => {
        const mapping = parseNameMapping('#Hidden = shown?\n   # Indented = no\nEmpty =   \n= nameless\n\n   \nno separator here\nKept = yes #not a comment');
        expect([...mapping]).toStrictEqual([['kept', 'yes #not a comment']]);
        expect(friendlyName('Empty', mapping)).toBe('Empty');
        expect(friendlyName('#Hidden', mapping)).toBe('#Hidden');
    });

    it('maps any output name, spaces and punctuation included', () => {
        const mapping = parseNameMapping('Stryker was here! = Found\nQ3 (EU) = Third quarter');
        expect(friendlyName('stryker was here!', mapping)).toBe('Found');
        expect(friendlyName('Q3 (EU)', mapping)).toBe('Third quarter');
    });

    it('is empty for no text', () => {
        expect(parseNameMapping(undefined).size).toBe(0);
        expect(parseNameMapping(null).size).toBe(0);
        expect(parseNameMapping('').size).toBe(0);
    });
});

describe('segment tags', () => {
    it('shows a label once, for the first output name that has it', () => {
        expect(segmentTags(['Gold_Tier', 'GoldTier', 'Gold Tier'], new Map(), 'en')).toStrictEqual([{ outputName: 'Gold_Tier', label: 'Gold Tier' }]);
    });

    it('sorts numbers in numeric order and ignores case differences, keeping the given order of labels that differ only in case', () => {
        const tags = segmentTags(['Segment10', 'Segment9', 'Segment100'], new Map(), 'en');
        expect(tags.map((t) => t.label)).toStrictEqual(['Segment9', 'Segment10', 'Segment100']);
        const mapping = new Map([
            ['upper', 'Apple'],
            ['lower', 'apple'],
            ['other', 'Banana'],
        ]);
        expect(segmentTags(['other', 'upper', 'lower'], mapping, 'en').map((t) => t.label)).toStrictEqual(['Apple', 'apple', 'Banana']);
        expect(segmentTags(['other', 'lower', 'upper'], mapping, 'en').map((t) => t.label)).toStrictEqual(['apple', 'Apple', 'Banana']);
    });
});
