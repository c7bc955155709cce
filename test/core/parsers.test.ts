/** The JSON column parsers on hostile input: they never throw and always say how much they understood. */
import fc from 'fast-check';
import { parseKeyValues, parseMeasures, parseSegments, repairTruncatedJson, MAX_JSON_COLUMN_LENGTH } from '../../components/shared/parsers';
import { matching } from './matchers';

describe('parseSegments', () => {
    it('reads the documented shape', () => {
        expect(parseSegments('{"Segments":["Male_under_40","HighValueCustomers"]}')).toStrictEqual({ status: 'complete', value: ['Male_under_40', 'HighValueCustomers'] });
    });

    it('accepts a bare list, other key casing and an already parsed value', () => {
        expect(parseSegments('["A","B"]').value).toStrictEqual(['A', 'B']);
        expect(parseSegments('{"segments":["A"]}').value).toStrictEqual(['A']);
        expect(parseSegments({ Segments: ['A'] }).value).toStrictEqual(['A']);
    });

    it.each([[null], [undefined], [''], ['   '], ['null'], ['{}'], ['{"Segments":[]}'], ['{"Segments":null}'], ['[]']])('treats %j as empty', (raw) => {
        expect(parseSegments(raw)).toStrictEqual({ status: 'empty', value: [] });
    });

    it.each([['not json'], ['{"Segments":"A"}'], ['{"Other":["A"]}'], ['42'], ['true'], [42], ['{"Segments":[1,2,{}]}'], ['{']])('finds nothing usable in %j', (raw) => {
        const result = parseSegments(raw);
        expect(result.status).toBe('unreadable');
        expect(result.value).toStrictEqual([]);
        expect(result.problem).toStrictEqual(matching.string());
    });

    it('keeps the usable entries of a mixed list and says some were dropped', () => {
        const result = parseSegments('{"Segments":["A",null,42,"",{"x":1},"B","A"]}');
        expect(result).toStrictEqual({ status: 'partial', value: ['A', 'B'], problem: matching.containing('4 segment entries could not be read') });
    });

    it('recovers the complete entries of truncated text', () => {
        expect(parseSegments('{"Segments":["A","B","C')).toMatchObject({ status: 'partial', value: ['A', 'B'] });
        expect(parseSegments('{"Segments":["A","B"')).toMatchObject({ status: 'partial', value: ['A', 'B'] });
        expect(parseSegments('{"Segments":["A\\"quoted\\"",')).toMatchObject({ status: 'partial', value: ['A"quoted"'] });
    });

    it('recovers the complete entries of truncated text with white space between the tokens', () => {
        expect(parseSegments('{ "Segments" : [ "A" , "B" , "C')).toMatchObject({ status: 'partial', value: ['A', 'B'] });
        expect(parseSegments('{\n\t"Segments":\r\n[\n  "A",\n  "B"\n')).toMatchObject({ status: 'partial', value: ['A', 'B'] });
        expect(parseSegments('  [ "A" , "B" ,  ')).toMatchObject({ status: 'partial', value: ['A', 'B'] });
    });

    it('reads a 1 MB value', () => {
        const names = Array.from({ length: 40_000 }, (_, i) => `Segment_${i}_${'x'.repeat(10)}`);
        const raw = JSON.stringify({ Segments: names });
        expect(raw.length).toBeGreaterThan(1_000_000);
        const result = parseSegments(raw);
        expect(result.status).toBe('complete');
        expect(result.value).toHaveLength(40_000);
        // Cut off in the middle (a memo limit reached during a refresh): still most of it.
        const truncated = parseSegments(raw.slice(0, 1_000_000));
        expect(truncated.status).toBe('partial');
        expect(truncated.value.length).toBeGreaterThan(30_000);
    });

    it('refuses text beyond the column size instead of freezing the page', () => {
        expect(parseSegments(`["${'x'.repeat(MAX_JSON_COLUMN_LENGTH)}"]`).status).toBe('unreadable');
    });
});

describe('parseMeasures', () => {
    it('keeps value types, turns numeric strings into numbers and leaves out CustomerId', () => {
        const result = parseMeasures('{"CustomerId":"ce759201f786d590bf2134bff576c369","TotalSpend":1234.5,"DaysSinceLastPurchase":"12","Tier":"Gold","Active":true,"Missing":null,"Exp":"1e3","Neg":" -4.5 "}');
        expect(result.status).toBe('complete');
        expect([...result.value]).toStrictEqual([
            ['TotalSpend', 1234.5],
            ['DaysSinceLastPurchase', 12],
            ['Tier', 'Gold'],
            ['Active', true],
            ['Missing', null],
            ['Exp', 1000],
            ['Neg', -4.5],
        ]);
    });

    it('does not mistake text that only starts like a number, and keeps non-finite spellings as no value', () => {
        // "Infinity" is no value a user can read: null, so the measure shows as unavailable (issue 10.7).
        expect([...parseMeasures('{"a":"12abc","b":"","c":"Infinity","d":"0x10","e":"1,5"}').value.values()]).toStrictEqual(['12abc', '', null, '0x10', '1,5']);
    });

    it('drops nested values and keeps the rest', () => {
        const result = parseMeasures('{"A":1,"B":{"x":1},"C":[1],"D":"2"}');
        expect(result.status).toBe('partial');
        expect([...result.value]).toStrictEqual([
            ['A', 1],
            ['D', 2],
        ]);
    });

    it('keeps keys such as __proto__ as data', () => {
        const result = parseMeasures('{"__proto__":5,"constructor":"x","toString":1}');
        expect(result.value.get('__proto__')).toBe(5);
        expect(result.value.get('constructor')).toBe('x');
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('reads the emulator corrupt value and other wrong shapes without throwing', () => {
        expect(parseMeasures('TotalSpend=12; not JSON')).toMatchObject({ status: 'unreadable', value: new Map() });
        expect(parseMeasures('[1,2]').status).toBe('unreadable');
        expect(parseMeasures('"text"').status).toBe('unreadable');
        expect(parseMeasures('{"CustomerId":"abc"}').status).toBe('empty');
        expect(parseMeasures('{"TotalSpend":12,"Days":"3').status).toBe('partial');
        expect([...parseMeasures('{"TotalSpend":12,"Days":3').value]).toStrictEqual([['TotalSpend', 12]]);
    });
});

describe.each([
    ['parseMeasures', parseMeasures],
    ['parseKeyValues', parseKeyValues],
] as const)('%s on nothing', (_name, parse) => {
    it.each([[null], [undefined], [''], ['   '], ['\n\t'], ['null'], [' null '], ['{}']])('reads %j as empty', (raw) => {
        expect(parse(raw)).toStrictEqual({ status: 'empty', value: new Map() });
    });

    it.each([[42], [true], ['42'], ['"text"'], ['[1]'], ['not json'], ['{']])('reads %j as unreadable, saying why', (raw) => {
        expect(parse(raw)).toStrictEqual({ status: 'unreadable', value: new Map(), problem: matching.string() });
    });
});

describe('1 MB flat objects', () => {
    const big = Object.fromEntries(Array.from({ length: 45_000 }, (_, i) => [`Measure_${i}`, i % 2 === 0 ? i * 1.5 : String(i)]));
    const raw = JSON.stringify({ CustomerId: 'ce759201f786d590bf2134bff576c369', ...big });

    it('parses measures of a 1 MB value completely, and a cut one partially', () => {
        expect(raw.length).toBeGreaterThan(1_000_000);
        const result = parseMeasures(raw);
        expect(result.status).toBe('complete');
        expect(result.value.size).toBe(45_000);
        expect(result.value.get('Measure_3')).toBe(3);
        const cut = parseMeasures(raw.slice(0, raw.length / 2));
        expect(cut.status).toBe('partial');
        expect(cut.value.size).toBeGreaterThan(20_000);
    });

    it('parses key values of a 1 MB value', () => {
        const padded = JSON.stringify({ Note: 'x'.repeat(1_048_576), Score: 0.5 });
        expect([...parseKeyValues(padded).value.keys()]).toStrictEqual(['Note', 'Score']);
    });
});

describe('parseKeyValues', () => {
    it('keeps values as stored', () => {
        expect([...parseKeyValues('{"ChurnScore":0.42,"ChurnRisk":"Medium","Code":"007"}').value]).toStrictEqual([
            ['ChurnScore', 0.42],
            ['ChurnRisk', 'Medium'],
            ['Code', '007'],
        ]);
    });

    it('reads truncated values partially', () => {
        expect(parseKeyValues('{"Channel":')).toMatchObject({ status: 'unreadable' });
        expect(parseKeyValues('{"Channel":"Web","Amount":')).toMatchObject({ status: 'partial', value: new Map([['Channel', 'Web']]) });
    });
});

describe('hostile input in general', () => {
    it('never throws, whatever the input (property)', () => {
        const anything = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), fc.anything(), fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)));
        fc.assert(
            fc.property(anything, (raw) => {
                for (const parse of [parseSegments, parseMeasures, parseKeyValues]) {
                    const result = parse(raw);
                    expect(['complete', 'partial', 'unreadable', 'empty']).toContain(result.status);
                }
            }),
            { numRuns: 1000 },
        );
    });

    it('repairs any cut of a valid flat object to a prefix of its entries (property)', () => {
        fc.assert(
            fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), fc.nat(), (object, cutSeed) => {
                const text = JSON.stringify(object);
                const cut = text.slice(0, cutSeed % text.length);
                const repaired = repairTruncatedJson(cut) as Record<string, unknown> | undefined;
                if (repaired === undefined) return;
                const original = Object.entries(object);
                const entries = Object.entries(repaired);
                expect(entries).toStrictEqual(original.slice(0, entries.length));
            }),
            { numRuns: 500 },
        );
    });

    it('survives absurd nesting', () => {
        const deep = '['.repeat(100_000);
        expect(parseSegments(deep).status).toBe('unreadable');
        expect(parseSegments(`${'['.repeat(5000)}${']'.repeat(5000)}`).status).toBe('unreadable');
    });
});

describe('statuses and problems, exactly', () => {
    it.each([
        ['a list with another key casing', '{"SEGMENTS":["A"]}', { status: 'complete', value: ['A'] }],
        ['names with white space around', '[" A ","B","A "]', { status: 'complete', value: ['A', 'B'] }],
        ['an object without the list', '{"Other":1}', { status: 'unreadable', value: [], problem: 'no "Segments" property' }],
        ['an empty object cut off', '{', { status: 'unreadable', value: [], problem: 'the text was cut off before any entry' }],
        ['a list that is not a list', '{"Segments":{"A":1}}', { status: 'unreadable', value: [], problem: '"Segments" is not a list' }],
        ['a null list cut off', '{"Segments":null,', { status: 'unreadable', value: [], problem: 'the text was cut off; entries up to the cut are shown' }],
        ['dropped and cut off', '{"Segments":["A",1,"B",', { status: 'partial', value: ['A', 'B'], problem: 'the text was cut off; entries up to the cut are shown; 1 segment entries could not be read' }],
        ['only unusable entries', '["",2]', { status: 'unreadable', value: [], problem: '2 segment entries could not be read' }],
        ['a number', 42, { status: 'unreadable', value: [], problem: 'a number, not JSON text' }],
        ['a boolean', true, { status: 'unreadable', value: [], problem: 'a boolean, not JSON text' }],
        ['text that is not JSON', 'A;B', { status: 'unreadable', value: [], problem: 'not valid JSON' }],
        ['a parsed list', ['A'], { status: 'complete', value: ['A'] }],
        ['a parsed object whose list is undefined', { Segments: undefined }, { status: 'empty', value: [] }],
    ])('segments: %s', (_what, raw, expected) => {
        expect(parseSegments(raw)).toStrictEqual(expected);
    });

    it('refuses text just over the column size, and reads text just under it', () => {
        const under = `["${'x'.repeat(MAX_JSON_COLUMN_LENGTH - 4)}"]`;
        expect(under.length).toBe(MAX_JSON_COLUMN_LENGTH);
        expect(parseSegments(under).status).toBe('complete');
        expect(parseSegments(` ${under} `).status).toBe('complete');
        expect(parseSegments(`["${'x'.repeat(MAX_JSON_COLUMN_LENGTH - 3)}"]`)).toStrictEqual({ status: 'unreadable', value: [], problem: `longer than ${MAX_JSON_COLUMN_LENGTH} characters` });
    });

    it.each([
        ['customerid in any casing', '{"customerid":"x","CUSTOMERID":"y","Spend":1}', [['Spend', 1]]],
        ['numeric text in every form', '{"a":"1.","b":".5","c":"+3","d":"1e-3","e":" 12 ","f":"-0","g":".25","h":"2E10"}', [['a', 1], ['b', 0.5], ['c', 3], ['d', 0.001], ['e', 12], ['f', -0], ['g', 0.25], ['h', 2e10]]],
        ['text that only looks numeric', '{"a":"1.2.3","b":"1e","c":"e5","d":"1 2","e":"--1","f":"."}', [['a', '1.2.3'], ['b', '1e'], ['c', 'e5'], ['d', '1 2'], ['e', '--1'], ['f', '.']]],
        ['numeric text beyond a double, kept as null (unavailable)', '{"a":"1e400"}', [['a', null]]],
    ])('measures: %s', (_what, raw, expected) => {
        expect([...parseMeasures(raw).value]).toStrictEqual(expected);
    });

    it('measures and key values: a document that is not an object says so', () => {
        expect(parseMeasures('[1]')).toStrictEqual({ status: 'unreadable', value: new Map(), problem: 'not a JSON object' });
        expect(parseKeyValues('"x"')).toStrictEqual({ status: 'unreadable', value: new Map(), problem: 'not a JSON object' });
    });

    it('measures: a parsed object keeps a number that is not finite as null and drops what is no value, saying so', () => {
        expect(parseMeasures({ a: Number.NaN, b: 2, c: () => 1 })).toStrictEqual({ status: 'partial', value: new Map([['a', null], ['b', 2]]), problem: '1 nested values could not be read' });
    });

    it('key values: keeps everything flat as stored, drops the rest and says so', () => {
        expect(parseKeyValues('{"a":"12","b":true,"c":null,"d":[1],"CustomerId":"x"}')).toStrictEqual({
            status: 'partial',
            value: new Map<string, unknown>([
                ['a', '12'],
                ['b', true],
                ['c', null],
                ['CustomerId', 'x'],
            ]),
            problem: '1 nested values could not be read',
        });
    });
});

describe('repairing cut text', () => {
    it.each([
        ['a cut string', '{"a":"b', {}],
        ['a cut key', '{"a":1,"b', { a: 1 }],
        ['a cut number', '{"a":1,"b":12', { a: 1 }],
        ['a cut literal', '{"a":1,"b":tru', { a: 1 }],
        ['a key without a colon', '{"a":1,"b"}', { a: 1 }],
        ['a closer that does not match', '{"a":[1,2}', { a: [1, 2] }],
        ['a colon in a list', '[1:2]', [1]],
        ['a comma where a value belongs', '[1,,2]', [1]],
        ['a value where a key belongs', '{1:2}', {}],
        ['an escaped quote and backslash in a string', '["a\\"b\\\\",', ['a"b\\']],
        ['a nested object cut in the middle', '{"a":{"b":1,"c":', { a: { b: 1 } }],
        ['white space everywhere', ' { "a" : [ 1 , 2 ] , "b" : ', { a: [1, 2] }],
        ['a bad literal', '[1,nul,2]', [1]],
        ['closed lists followed by more', '[[1],[2],', [[1], [2]]],
        ['a closed object followed by more', '{"a":{"b":1},"c":2,', { a: { b: 1 }, c: 2 }],
        ['a closer after a key without its value', '[{"a"},2,', [{}]],
        ['nothing but white space', '   ', undefined],
        ['a top-level value that ended, then junk', '{"a":1}x', { a: 1 }],
        ['a cut top-level number', '12', undefined],
    ])('%s: %j', (_what, text, expected) => {
        expect(repairTruncatedJson(text)).toStrictEqual(expected);
    });

    it('follows nesting 32 levels deep and no deeper', () => {
        expect(repairTruncatedJson(`${'['.repeat(32)}1,`)).toStrictEqual(JSON.parse(`${'['.repeat(32)}1${']'.repeat(32)}`));
        expect(repairTruncatedJson(`${'['.repeat(33)}1,`)).toStrictEqual(JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`));
    });
});
