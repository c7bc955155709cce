/**
 * @jest-environment jsdom
 *
 * The Customer Insights cells customizer through the real lifecycle (init with the grid's registration event,
 * updateView, destroy) inside the Power Apps grid harness, which calls the renderers as the grid does
 * (windows of rows on scroll, recycled rows, re-render on sort), over a view of contacts in the emulator:
 * per persona what each cell shows (expected from the tenant's facts) and that nothing of an unreadable
 * profile reaches the page; requests per scroll batch; states; languages; a host without the registration.
 */
import { act } from 'react-dom/test-utils';
import { DataverseEmulator, type PersonaKey } from '../dataverse';
import { loadStrings } from '../host/node';
import { destroyAll, pageMarkup } from './mount';
import { expectedRowKind, factsOfContact, forbiddenFor, unreadableBusinessUnits } from './grid';
import { cellRows, cellsSettled, columnCell, mountCells, scrollGrid, unmountGrids } from './gridCells';

const LOOKUP = 'msdynci_lookupfield_customerprofile';
const MEASURES = 'TotalSpend | Total spend | currency | >= 1000 | < 100\nDaysSinceLastPurchase | Days since purchase | days';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(() => {
    unmountGrids();
    destroyAll();
});

/** Problems of the rendered rows against what the persona may see. */
function checkRows(persona: PersonaKey, alternateKeys = true): string[] {
    const problems: string[] = [];
    for (const row of cellRows()) {
        const id = row.dataset.rowId ?? '';
        const expected = expectedRowKind(dv, persona, id, alternateKeys);
        const unit = columnCell(row, LOOKUP)?.textContent ?? '';
        const segments = columnCell(row, 'cr123_cisegments');
        const facts = factsOfContact(dv, id);
        if (expected === 'found' && facts !== undefined) {
            const unitName = dv.tenant.businessUnit(facts.businessUnitId)?.name ?? '';
            if (unit !== unitName) problems.push(`${id}: business unit "${unit}", expected ${unitName}`);
            const shown = Number(segments?.querySelector('[data-segments]')?.getAttribute('data-segments') ?? '0');
            if (!facts.corruptJson && shown !== facts.segments.length) problems.push(`${id}: ${shown} segments, expected ${facts.segments.length}`);
        } else {
            const text = expected === 'notVisible' ? 'Not visible in your business unit' : 'No profile';
            if (unit !== text) problems.push(`${id}: "${unit}", expected "${text}"`);
            if ((segments?.textContent ?? '') !== '') problems.push(`${id}: segments shown for a row without a readable profile`);
            if ((columnCell(row, 'cr123_cimeasures')?.textContent ?? '') !== '') problems.push(`${id}: measures shown for a row without a readable profile`);
        }
    }
    return problems;
}

describe.each<PersonaKey>(['serviceAgent', 'salesManager', 'administrator', 'ownerTeamMember', 'salesRep', 'insightsAnalyst', 'marketerBusinessUnit'])('for the %s', (persona) => {
    it('shows in each cell what the persona may see, and nothing of a profile it may not read, while scrolling', async () => {
        const { grid } = await mountCells(dv, { persona, parameters: { measures: MEASURES } });
        const problems: string[] = [];
        const forbidden = forbiddenFor(dv, persona);
        const units = unreadableBusinessUnits(dv, persona);
        for (const first of [0, 25, 50]) {
            await scrollGrid(grid, first);
            if (cellRows().length === 0) break;
            problems.push(...checkRows(persona));
            const markup = pageMarkup();
            problems.push(...forbidden.filter((secret) => markup.includes(secret)).map((secret) => `rows from ${first}: ${secret} in the page`));
            const unitCells = cellRows().map((row) => columnCell(row, LOOKUP)?.outerHTML ?? '').join('');
            problems.push(...units.filter((name) => unitCells.includes(name)).map((name) => `rows from ${first}: business unit ${name} shown`));
            expect(markup).not.toContain('[object Object]');
        }
        expect(problems).toStrictEqual([]);
    });
});

describe('requests', () => {
    const big = (): DataverseEmulator => DataverseEmulator.withSyntheticTenant({ seed: 7, profileCount: 1400 });

    it.each([25, 100, 1000])('are one per Customer Insights table for each scroll batch, for %i scrolled rows', async (rows) => {
        dv = big();
        const { grid } = await mountCells(dv, { persona: 'administrator', windowRows: 25, pageSize: 250, parameters: { measures: MEASURES, useAlternateKeys: 'no' } });
        await cellsSettled();
        const perBatch: string[] = [JSON.stringify(dv.log.countByTable())];
        for (let first = 25; first < rows; first += 25) {
            dv.log.clear();
            await scrollGrid(grid, first);
            perBatch.push(JSON.stringify(dv.log.countByTable()));
        }
        const expected = JSON.stringify({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(perBatch).toStrictEqual(perBatch.map(() => expected));
        expect(perBatch).toHaveLength(rows / 25);
        expect(grid.loadedRows).toBeGreaterThanOrEqual(rows);
    });

    it('are not sent again for rows already read: scrolling back, recycled rows and a sort answer from memory', async () => {
        const { grid } = await mountCells(dv, { persona: 'administrator', parameters: { useAlternateKeys: 'no' } });
        await cellsSettled();
        await scrollGrid(grid, 25);
        dv.log.clear();
        await scrollGrid(grid, 0);
        await scrollGrid(grid, 10);
        expect(dv.log.entries).toHaveLength(0);
        expect(checkRows('administrator', false)).toStrictEqual([]);
        // Sorted the other way round, the first rows are rows never read: one batch for them, nothing for the others.
        await act(async () => {
            await grid.sort('fullname', true);
        });
        await cellsSettled();
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(checkRows('administrator', false)).toStrictEqual([]);
    });

    it('agree per row when the grid gives only the record id in the row data (the lookup cell tells the others)', async () => {
        await mountCells(dv, { persona: 'serviceAgent', rowData: 'idOnly', parameters: { useAlternateKeys: 'no' } });
        await cellsSettled();
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1, msdynci_customermeasure: 1 });
        expect(checkRows('serviceAgent', false)).toStrictEqual([]);
    });

    it('read only the tables of the kinds the maker listed', async () => {
        await mountCells(dv, { persona: 'serviceAgent', parameters: { cellColumns: `${LOOKUP} = businessunit\ncr123_cisegments = segments`, useAlternateKeys: 'no' } });
        await cellsSettled();
        expect(dv.log.countByTable()).toStrictEqual({ msdynci_customerprofile: 1, msdynci_segmentmembership: 1 });
        // The measures placeholder is not listed: the grid draws it itself.
        expect(cellRows()[0]?.querySelector('[data-column="cr123_cimeasures"] [data-grid-own-cell]')).not.toBeNull();
    });
});

describe('cells', () => {
    it('show a skeleton while their batch is in flight, then the facts', async () => {
        dv.faults.latencyMs = 150;
        await mountCells(dv, { persona: 'serviceAgent' });
        const lookupCell = columnCell(cellRows()[0], LOOKUP);
        expect(lookupCell?.querySelector('[aria-label="Loading Customer Insights data"]')).not.toBeNull();
        await cellsSettled();
        expect(lookupCell?.querySelector('[aria-label="Loading Customer Insights data"]')).toBeNull();
        expect(checkRows('serviceAgent')).toStrictEqual([]);
    });

    it('show measure values with their labels and marks, and freshness', async () => {
        await mountCells(dv, { persona: 'administrator', parameters: { measures: MEASURES, useAlternateKeys: 'no' } });
        await cellsSettled();
        const found = cellRows().find((row) => expectedRowKind(dv, 'administrator', row.dataset.rowId ?? '', false) === 'found' && factsOfContact(dv, row.dataset.rowId ?? '')?.corruptJson === false);
        expect(found).toBeDefined();
        const measures = columnCell(found as HTMLElement, 'cr123_cimeasures')?.textContent ?? '';
        expect(measures).toContain('Total spend');
        expect(measures).toContain('Days since purchase');
        expect(columnCell(found as HTMLElement, 'cr123_cifreshness')?.querySelector('time')).not.toBeNull();
    });

    it('say "No access" for a user without the Customer Insights roles, and show nothing else', async () => {
        await mountCells(dv, { persona: 'noRole' });
        await cellsSettled();
        const texts = cellRows().map((row) => columnCell(row, LOOKUP)?.textContent);
        expect(new Set(texts)).toStrictEqual(new Set(['No access']));
        expect(cellRows().map((row) => columnCell(row, 'cr123_cisegments')?.textContent ?? '').join('')).toBe('');
    });

    it('say "Not loaded" offline, without sending anything', async () => {
        await mountCells(dv, { persona: 'serviceAgent', isOffline: () => true });
        await cellsSettled();
        expect(new Set(cellRows().map((row) => columnCell(row, LOOKUP)?.textContent))).toStrictEqual(new Set(['Not loaded']));
        expect(dv.log.entries).toHaveLength(0);
    });

    it.each([1033, 1031, 1036, 3082, 1025])('speak language %i', async (languageId) => {
        await mountCells(dv, { persona: 'serviceAgent', languageId });
        await cellsSettled();
        const strings = loadStrings('CustomerInsightsGridCells', languageId);
        const texts = new Set(cellRows().map((row) => columnCell(row, LOOKUP)?.textContent));
        expect(texts).toContain(strings.get('Cell_NotVisible'));
        expect(texts).toContain(strings.get('Cell_NoProfile'));
        expect(texts).toContain('United States');
    });
});

describe('the host', () => {
    it('without the registration event keeps its own cells, and the control shows a note instead of an error', async () => {
        const { control } = await mountCells(dv, { persona: 'serviceAgent', noRegistrationEvent: true });
        expect(control.container.textContent).toContain('Customer Insights cells appear in the Power Apps grid');
        expect(document.querySelector('[data-ci-cell]')).toBeNull();
        expect(cellRows()[0]?.querySelector(`[data-column="${LOOKUP}"] [data-grid-own-cell]`)).not.toBeNull();
        expect(dv.log.entries).toHaveLength(0);
    });

    it('without an event name (a form, the app designer) shows the note', async () => {
        const { control } = await mountCells(dv, { persona: 'serviceAgent', parameters: { EventName: null } });
        expect(control.container.querySelector('[role="note"]')).not.toBeNull();
        expect(document.querySelector('[data-ci-cell]')).toBeNull();
    });

    it('inside the grid renders nothing of its own', async () => {
        const { control } = await mountCells(dv, { persona: 'serviceAgent' });
        await cellsSettled();
        expect(control.container.textContent).toBe('');
    });

    it('after destroy sends nothing: rows never read say "Not loaded"', async () => {
        const { control, grid } = await mountCells(dv, { persona: 'serviceAgent', parameters: { useAlternateKeys: 'no' } });
        await cellsSettled();
        control.destroy();
        dv.log.clear();
        await act(async () => {
            await grid.scrollTo(25);
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(dv.log.entries).toHaveLength(0);
        const texts = new Set(cellRows().map((row) => columnCell(row, LOOKUP)?.textContent));
        expect(texts).toStrictEqual(new Set(['Not loaded']));
    });
});
