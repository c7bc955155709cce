/** The pure pieces behind the controls: name mapping, measure lists, state messages, the load life cycle. */
import fc from 'fast-check';
import { friendlyName, parseNameMapping, readableName } from '../../components/shared/readableName';
import { measureTiles, parseMeasureSpecs, parseThreshold } from '../../components/shared/measureSpec';
import { failureMessage, stateMessage, supportCodeOf } from '../../components/shared/ui/stateMessages';
import { InsightsLoad, type LoadTimers } from '../../components/shared/load';
import { fillTemplate, formatCount, formatRelativeTime, localeForLanguage } from '../../components/shared/host/controlEnvironment';
import { loadStrings } from '../host/node';
import { segmentTags } from '../../components/shared/segmentTags';
import { classifyFailure, type InsightsFailure } from '../../components/shared';

describe('segment and measure names', () => {
    it.each([
        ['HighValueCustomers', 'High Value Customers'],
        ['Male_under_40', 'Male under 40'],
        ['VIPCustomers', 'VIP Customers'],
        ['churn-risk.q3', 'Churn risk q3'],
        ['', ''],
    ])('reads %s as "%s"', (input, expected) => expect(readableName(input)).toBe(expected));

    it('maps output names to friendly names, ignoring blank, comment and broken lines', () => {
        const mapping = parseNameMapping('HighValueCustomers = High-value customers\n# comment\nbroken line\n = nothing\nhighvaluecustomers = second wins not\nA=B=C');
        expect(friendlyName('HighValueCustomers', mapping)).toBe('High-value customers');
        expect(friendlyName('a', mapping)).toBe('B=C');
        expect(friendlyName('Unmapped_one', mapping)).toBe('Unmapped one');
    });

    it('never throws on any mapping text', () => {
        fc.assert(fc.property(fc.string(), fc.string(), (text, name) => typeof friendlyName(name, parseNameMapping(text)) === 'string'));
    });

    it('sorts segment tags in the user language and shows a label once', () => {
        const tags = segmentTags(['b_segment', 'A_segment', 'Äpfel', 'B segment'], new Map(), 'de-DE');
        expect(tags.map((t) => t.label)).toEqual(['A segment', 'Äpfel', 'B segment']);
    });
});

describe('measure list', () => {
    it('reads name, label, format and thresholds, and reports the lines it could not read', () => {
        const list = parseMeasureSpecs('TotalSpend | Total spend | currency | >= 1000 | < 100\n\nChurn | | percent\nBad | x | weird\nNoThreshold | y | number | about 5\n# note\nDaysSince');
        expect(list.specs).toEqual([
            { name: 'TotalSpend', label: 'Total spend', format: 'currency', good: { comparison: '>=', value: 1000 }, bad: { comparison: '<', value: 100 } },
            { name: 'Churn', format: 'percent' },
            { name: 'DaysSince' },
        ]);
        expect(list.rejectedLines).toEqual([4, 5]);
    });

    it('parses thresholds strictly', () => {
        expect(parseThreshold('>= -2.5')).toEqual({ comparison: '>=', value: -2.5 });
        expect(parseThreshold('=> 3')).toBeUndefined();
        expect(parseThreshold('> abc')).toBeUndefined();
    });

    it('marks good and bad, and shows missing or non-numeric values as unavailable without hiding others', () => {
        const measures = new Map<string, number | string | null>([
            ['TotalSpend', 1500],
            ['Churn', 'not a number'],
            ['Days', 12],
            ['Missing', null],
        ]);
        const tiles = measureTiles(measures, parseMeasureSpecs('TotalSpend | Spend | currency | >= 1000 | < 100\nChurn | Churn | percent\nDays | Days | days | <= 30 | > 90\nMissing\nNotThere | Nope | number'));
        expect(tiles.map((t) => [t.name, t.value.kind, t.rating])).toEqual([
            ['TotalSpend', 'number', 'good'],
            ['Churn', 'unavailable', undefined],
            ['Days', 'number', 'good'],
            ['Missing', 'unavailable', undefined],
            ['NotThere', 'unavailable', undefined],
        ]);
    });

    it('shows every measure by name when the maker lists none, text as text', () => {
        const tiles = measureTiles(new Map<string, number | string>([['b', 2], ['a', 'Gold']]), parseMeasureSpecs(''));
        expect(tiles.map((t) => [t.label, t.value])).toEqual([
            ['A', { kind: 'text', value: 'Gold' }],
            ['B', { kind: 'number', value: 2, format: 'number' }],
        ]);
    });
});

describe('state messages', () => {
    it('gives every state a title and body key, and only unexpected errors a support code', () => {
        for (const kind of ['noRecord', 'noProfile', 'notVisible', 'noPrivilege', 'busy', 'configuration', 'offline', 'unexpected'] as const) {
            const message = stateMessage(kind);
            expect(message.titleKey).toMatch(/^State_\w+_Title$/);
            expect(message.bodyKey).toMatch(/^State_\w+_Body$/);
        }
        expect(failureMessage({ kind: 'unexpected', code: '0x80040216', status: 500, message: 'Boom' }, () => 'x').supportCode).toBe('0x80040216 · HTTP 500 · Boom');
    });

    it('names the property and the unknown column of a configuration problem', () => {
        const message = failureMessage({ kind: 'configuration', message: 'x', offendingName: 'msdynci_nope' }, (name) => `property of ${name ?? ''}`);
        expect(message.bodyArgs).toEqual(['property of msdynci_nope', 'msdynci_nope']);
    });

    it('never shows [object Object] as a support code, whatever was thrown', () => {
        fc.assert(
            fc.property(fc.anything(), (thrown) => {
                const failure: InsightsFailure = classifyFailure(thrown);
                return !supportCodeOf(failure).includes('[object Object]');
            }),
        );
    });
});

describe('load life cycle', () => {
    function timers(): LoadTimers & { run(): void; pending: number } {
        const queue: (() => void)[] = [];
        return {
            setTimeout: (callback) => queue.push(callback),
            clearTimeout: () => queue.splice(0),
            now: () => new Date(0),
            run: () => queue.splice(0).forEach((c) => c()),
            get pending() {
                return queue.length;
            },
        };
    }
    const classify = (error: unknown): InsightsFailure => classifyFailure(error);

    it('reads once per key, drops results of an older read, and reads again on retry', async () => {
        const changes: string[] = [];
        const load = new InsightsLoad<string>({ onChange: () => changes.push(load.state.status), classify });
        let resolveFirst: (value: string) => void = () => undefined;
        load.start('a', () => new Promise<string>((resolve) => (resolveFirst = resolve)));
        load.start('a', () => Promise.resolve('never read'));
        load.start('b', () => Promise.resolve('second'));
        resolveFirst('first');
        await Promise.resolve();
        await Promise.resolve();
        expect(load.state).toMatchObject({ status: 'ready', data: 'second' });
        let reads = 0;
        load.start('c', () => Promise.resolve(String(++reads)));
        await Promise.resolve();
        load.retry();
        await Promise.resolve();
        expect(load.state).toMatchObject({ status: 'ready', data: '2' });
        expect(changes).not.toContain('failed');
    });

    it('tries a busy read again by itself after Retry-After', async () => {
        const clock = timers();
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock });
        let attempts = 0;
        // The platform rejects with a plain error object, not an Error; this is that shape.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        load.start('k', () => (++attempts === 1 ? Promise.reject({ errorCode: 0x80072322, code: '0x80072322', status: 429, message: 'busy', retryAfterSeconds: 2 }) : Promise.resolve('ok')));
        await new Promise((resolve) => setImmediate(resolve));
        expect(load.state).toMatchObject({ status: 'failed', failure: { kind: 'busy' }, retryingAt: new Date(2000) });
        expect(clock.pending).toBe(1);
        clock.run();
        await new Promise((resolve) => setImmediate(resolve));
        expect(load.state).toMatchObject({ status: 'ready', data: 'ok' });
    });

    it('stops telling the host after dispose', async () => {
        let changes = 0;
        const load = new InsightsLoad<string>({ onChange: () => changes++, classify });
        load.start('k', () => Promise.resolve('x'));
        load.dispose();
        const before = changes;
        await Promise.resolve();
        expect(changes).toBe(before);
    });
});

describe('environment helpers', () => {
    it('fills templates and leaves unknown placeholders', () => expect(fillTemplate('{0} of {1} {2}', 'a', 3)).toBe('a of 3 {2}'));
    it('maps shipped languages to locales', () => expect([1033, 1031, 1036, 3082, 1025, 9999].map(localeForLanguage)).toEqual(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ar-SA', 'en-US']));
    it('says how long ago in the user language', () => {
        const now = new Date('2026-01-01T12:00:00Z');
        expect(formatRelativeTime(new Date('2026-01-01T09:00:00Z'), now, 'en-US')).toBe('3 hours ago');
        expect(formatRelativeTime(new Date('2026-01-01T09:00:00Z'), now, 'de-DE')).toBe('vor 3 Stunden');
    });
});

describe('counted phrases', () => {
    const lookup = (control: string, lcid: number) => {
        const strings = loadStrings(control, lcid);
        return (key: string) => strings.get(key) ?? key;
    };

    it('picks the plural form of the count in each language', () => {
        const english = lookup('SegmentMembership', 1033);
        expect(formatCount(english, 'en-US', 'Segments_Loaded_Announcement', 1)).toBe('1 segment loaded');
        expect(formatCount(english, 'en-US', 'Segments_Loaded_Announcement', 0)).toBe('0 segments loaded');
        expect(formatCount(english, 'en-US', 'Segments_Loaded_Announcement', 1234)).toBe('1,234 segments loaded');
        const arabic = lookup('SegmentMembership', 1025);
        const forms = [0, 1, 2, 3, 11, 100].map((n) => formatCount(arabic, 'ar-SA', 'Segments_Loaded_Announcement', n));
        expect(new Set(forms).size).toBe(6);
        expect(forms[2]).toBe('تم تحميل شريحتين');
        const french = lookup('CustomerMeasures', 1036);
        expect(formatCount(french, 'fr-FR', 'Measures_Days', 1)).toBe('1 jour');
        expect(formatCount(french, 'fr-FR', 'Measures_Days', 2)).toBe('2 jours');
    });

    it('falls back to the other form when a language lacks a category, and formats the number as asked', () => {
        const onlyOther = (key: string) => (key === 'Thing_other' ? '{0} things' : key);
        expect(formatCount(onlyOther, 'en-US', 'Thing', 1)).toBe('1 things');
        expect(formatCount(onlyOther, 'en-US', 'Thing', 7, (n) => `#${n}`)).toBe('#7 things');
        expect(formatCount(() => '', 'en-US', 'Thing', Number.NaN)).toBe('Thing_other');
        expect(formatCount(onlyOther, 'not a locale!', 'Thing', 2)).toContain('things');
    });
});
