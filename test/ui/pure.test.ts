/** The pure pieces behind the controls: name mapping, measure lists, state messages, the load life cycle. */
import fc from 'fast-check';
import { friendlyName, parseNameMapping, readableName } from '../../components/shared/readableName';
import { measureTiles, parseMeasureSpecs, parseThreshold, type MeasureTile } from '../../components/shared/measureSpec';
import { measuresNotice } from '../../components/shared/ui/MeasureTiles';
import { failureMessage, stateMessage, supportCodeOf } from '../../components/shared/ui/stateMessages';
import { InsightsLoad, type LoadTimers } from '../../components/shared/load';
import { fillTemplate, formatCount, formatRelativeTime, localeForLanguage } from '../../components/shared/host/controlEnvironment';
import { loadStrings } from '../host/node';
import { segmentTags } from '../../components/shared/segmentTags';
import { classifyFailure, type InsightsFailure } from '../../components/shared';
import { MAX_BUSY_WAIT_MS } from '../../components/shared/limits';

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
        expect(tags.map((t) => t.label)).toStrictEqual(['A segment', 'Äpfel', 'B segment']);
    });
});

describe('measure list', () => {
    it('reads name, label, format and thresholds, and reports the lines it could not read', () => {
        const list = parseMeasureSpecs('TotalSpend | Total spend | currency | >= 1000 | < 100\n\nChurn | | percent\nBad | x | weird\nNoThreshold | y | number | about 5\n# note\nDaysSince');
        expect(list.specs).toStrictEqual([
            { name: 'TotalSpend', label: 'Total spend', format: 'currency', good: { comparison: '>=', value: 1000 }, bad: { comparison: '<', value: 100 } },
            { name: 'Churn', format: 'percent' },
            { name: 'DaysSince' },
        ]);
        expect(list.rejectedLines).toStrictEqual([4, 5]);
    });

    it('parses thresholds strictly', () => {
        expect(parseThreshold('>= -2.5')).toStrictEqual({ comparison: '>=', value: -2.5 });
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
        expect(tiles.map((t) => [t.name, t.value.kind, t.rating])).toStrictEqual([
            ['TotalSpend', 'number', 'good'],
            ['Churn', 'unavailable', undefined],
            ['Days', 'number', 'good'],
            ['Missing', 'unavailable', undefined],
            ['NotThere', 'unavailable', undefined],
        ]);
    });

    it('shows every measure by name when the maker lists none, text as text', () => {
        const tiles = measureTiles(new Map<string, number | string>([['b', 2], ['a', 'Gold']]), parseMeasureSpecs(''));
        expect(tiles.map((t) => [t.label, t.value])).toStrictEqual([
            ['A', { kind: 'text', value: 'Gold' }],
            ['B', { kind: 'number', value: 2, format: 'number', defaultFormat: true }],
        ]);
    });
});

describe('the note above the measure tiles says what the tiles show', () => {
    const tile = (kind: 'number' | 'unavailable'): MeasureTile => ({ name: kind, label: kind, value: kind === 'number' ? { kind, value: 1, format: 'number' } : { kind } });
    it.each([
        ['column not JSON at all, no list: nothing to show as unavailable', [], 'unreadable', false, 'Measures_Unreadable'],
        ['column not JSON at all, listed measures: each shown as unavailable', [tile('unavailable'), tile('unavailable')], 'unreadable', true, 'Measures_Partial'],
        ['column cut off, no list: the rest is not shown', [tile('number')], 'partial', false, 'Measures_Incomplete'],
        ['column cut off, listed measures all there', [tile('number')], 'partial', true, undefined],
        ['a listed measure missing', [tile('number'), tile('unavailable')], 'complete', true, 'Measures_Partial'],
        ['a stored "NaN", no list', [tile('number'), tile('unavailable')], 'complete', false, 'Measures_Partial'],
        ['everything fine', [tile('number')], 'complete', false, undefined],
        ['no measures at all', [], 'empty', false, undefined],
    ] as const)('%s', (_case, tiles, status, listed, key) => {
        expect(measuresNotice({ tiles, status, listed })).toBe(key);
    });

    it('never says "shown as unavailable" without an unavailable tile, nor says nothing when the column was damaged and nothing is shown', () => {
        const tiles = fc.array(fc.constantFrom<'number' | 'unavailable'>('number', 'unavailable'), { maxLength: 5 }).map((kinds) => kinds.map(tile));
        const status = fc.constantFrom<'complete' | 'partial' | 'unreadable' | 'empty'>('complete', 'partial', 'unreadable', 'empty');
        fc.assert(
            fc.property(tiles, status, fc.boolean(), (shown, parseStatus, listed) => {
                const key = measuresNotice({ tiles: shown, status: parseStatus, listed });
                if (key === 'Measures_Partial' && !shown.some((t) => t.value.kind === 'unavailable')) return false;
                if (shown.length === 0 && (parseStatus === 'unreadable' || parseStatus === 'partial')) return key === 'Measures_Unreadable';
                return true;
            }),
        );
    });
});

describe('state messages', () => {
    it('gives every state a title and body key, and only unexpected errors a support code', () => {
        for (const kind of ['noRecord', 'noProfile', 'notAnId', 'notVisible', 'noPrivilege', 'busy', 'configuration', 'offline', 'network', 'timeout', 'unexpected'] as const) {
            const message = stateMessage(kind);
            expect(message.titleKey).toMatch(/^State_\w+_Title$/);
            expect(message.bodyKey).toMatch(/^State_\w+_Body$/);
        }
        expect(failureMessage({ kind: 'unexpected', code: '0x80040216', message: 'Boom' }, () => 'x').supportCode).toBe('0x80040216 · Boom');
    });

    it('offers Try again for a timeout, a lost network and a busy read whose automatic retries stopped', () => {
        const x = (): string => 'x';
        expect(failureMessage({ kind: 'timeout', message: 'late' }, x)).toMatchObject({ titleKey: 'State_Timeout_Title', canRetry: true });
        expect(failureMessage({ kind: 'network', message: 'Failed to fetch' }, x)).toMatchObject({ titleKey: 'State_Network_Title', canRetry: true });
        expect(failureMessage({ kind: 'network', message: 'Failed to fetch' }, x).supportCode).toBeUndefined();
        expect(failureMessage({ kind: 'busy', message: 'busy' }, x)).toMatchObject({ bodyKey: 'State_Busy_Body', canRetry: false });
        expect(failureMessage({ kind: 'busy', message: 'busy' }, x, false)).toMatchObject({ titleKey: 'State_Busy_Title', bodyKey: 'State_BusyStopped_Body', canRetry: true });
    });

    it('names the property and the unknown column of a configuration problem', () => {
        const message = failureMessage({ kind: 'configuration', message: 'x', offendingName: 'msdynci_nope' }, (name) => `property of ${name ?? ''}`);
        expect(message.bodyArgs).toStrictEqual(['property of msdynci_nope', 'msdynci_nope']);
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
    function timers(): LoadTimers & { run(): void; pending: number; delays: number[] } {
        const queue: (() => void)[] = [];
        const delays: number[] = [];
        return {
            delays,
            setTimeout: (callback, ms) => {
                delays.push(ms);
                return queue.push(callback);
            },
            clearTimeout: () => queue.splice(0),
            now: () => new Date(0),
            run: () => queue.splice(0).forEach((c) => c()),
            get pending() {
                return queue.length;
            },
        };
    }
    const classify = (error: unknown): InsightsFailure => classifyFailure(error);
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    /** What context.webAPI rejects with when Dataverse is busy. */
    const BUSY = { errorCode: 0x80072322, message: 'Number of requests exceeded the limit' };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform rejects with a plain object
    const rejectWith = (value: unknown): Promise<never> => Promise.reject(value);

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

    it('reads a busy read again by itself after a backoff with jitter (the platform gives no Retry-After)', async () => {
        const clock = timers();
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock, random: () => 0.5 });
        let attempts = 0;
        load.start('k', () => (++attempts === 1 ? rejectWith(BUSY) : Promise.resolve('ok')));
        await settle();
        expect(load.state).toMatchObject({ status: 'failed', failure: { kind: 'busy' }, retryingAt: new Date(11_250) });
        expect(clock.delays).toStrictEqual([11_250]); // 15 s * (0.5 + 0.5 / 2)
        clock.run();
        await settle();
        expect(load.state).toMatchObject({ status: 'ready', data: 'ok' });
    });

    it('waits a Retry-After the rejection carried (our own HTTP client adds it)', async () => {
        const clock = timers();
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock });
        load.start('k', () => rejectWith({ ...BUSY, retryAfterSeconds: 2 }));
        await settle();
        expect(load.state).toMatchObject({ status: 'failed', retryingAt: new Date(2000) });
        expect(clock.delays).toStrictEqual([2000]);
    });

    it('stops after a bounded number of automatic re-reads and shows Try again; Try again starts a fresh budget', async () => {
        const clock = timers();
        let attempts = 0;
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock, random: () => 0 });
        load.start('k', () => {
            attempts++;
            return rejectWith(BUSY);
        });
        for (let i = 0; i < 10; i++) {
            await settle();
            clock.run();
        }
        await settle();
        expect(attempts).toBe(4); // the read and 3 automatic re-reads
        expect(clock.delays).toStrictEqual([7_500, 15_000, 30_000]);
        expect(load.state).toStrictEqual({ status: 'failed', failure: expect.objectContaining({ kind: 'busy' }) as unknown });
        expect(clock.pending).toBe(0);
        load.retry();
        await settle();
        expect(attempts).toBe(5);
        expect(clock.pending).toBe(1);
    });

    it('never schedules a timer above the cap, never an Invalid Date, whatever Retry-After says', async () => {
        await fc.assert(
            fc.asyncProperty(fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 3_000_000, 1e300, 600), fc.string()), async (retryAfterSeconds) => {
                const clock = timers();
                const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock });
                load.start('k', () => rejectWith({ ...BUSY, retryAfterSeconds }));
                await settle();
                const state = load.state;
                expect(state.status).toBe('failed');
                if (state.status === 'failed' && state.retryingAt !== undefined) expect(Number.isNaN(state.retryingAt.getTime())).toBe(false);
                for (const ms of clock.delays) {
                    expect(Number.isFinite(ms)).toBe(true);
                    expect(ms).toBeGreaterThanOrEqual(0);
                    expect(ms).toBeLessThanOrEqual(MAX_BUSY_WAIT_MS);
                }
            }),
        );
    });

    it('does not shorten a Retry-After longer than the wait budget: Try again instead', async () => {
        const clock = timers();
        const load = new InsightsLoad<string>({ onChange: () => undefined, classify, timers: clock });
        load.start('k', () => rejectWith({ ...BUSY, retryAfterSeconds: 600 }));
        await settle();
        expect(load.state).toStrictEqual({ status: 'failed', failure: expect.objectContaining({ kind: 'busy', retryAfterSeconds: 600 }) as unknown });
        expect(clock.pending).toBe(0);
    });

    it('cancels its automatic re-read and stops telling the host after dispose', async () => {
        const clock = timers();
        let changes = 0;
        let attempts = 0;
        const load = new InsightsLoad<string>({ onChange: () => changes++, classify, timers: clock });
        load.start('k', () => {
            attempts++;
            return rejectWith(BUSY);
        });
        await settle();
        expect(clock.pending).toBe(1);
        load.dispose();
        expect(clock.pending).toBe(0);
        const before = changes;
        load.retry();
        load.start('other', () => Promise.resolve('x'));
        await settle();
        expect(changes).toBe(before);
        expect(attempts).toBe(1);
    });

    it('drops a result that arrives after dispose', async () => {
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
    it('maps shipped languages to locales', () => expect([1033, 1031, 1036, 3082, 1025, 9999].map(localeForLanguage)).toStrictEqual(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ar-SA', 'en-US']));
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
