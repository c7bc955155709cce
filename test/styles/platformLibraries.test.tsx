/**
 * @jest-environment jsdom
 *
 * The controls on the platform library set this jest project runs (jest.config.cjs runs this file once per
 * set): the declared set (React 16.14.0, Fluent 9.46.2 with the Griffel it shipped with) and the run-time set
 * (React 17.0.2, Fluent 9.68). Griffel 1.14 drops a CSS shorthand in makeStyles and logs a console error, so
 * the tiles lost their padding, border, radius and gap on the declared set while today's Griffel hid it;
 * here the three controls render on a contact form with no console error, and the tiles' CSS rules hold
 * every longhand; the Customer Insights grid renders a view the same way.
 */
import * as React from 'react';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator } from '../dataverse';
import { destroyAll, mountOnContactForm } from '../controls/mount';
import { gridRows, gridSettled, mountGrid } from '../controls/grid';

/** Set by jest.config.cjs for each project. */
declare const platformLibraries: { readonly name: string; readonly nodeModules: string; readonly versions: Readonly<Record<string, string>> };

/** CSS properties of the rules in the page's style sheets that apply to an element (media rules included). */
function appliedProperties(element: Element): Set<string> {
    const properties = new Set<string>();
    const visit = (rules: CSSRuleList): void => {
        for (const rule of Array.from(rules)) {
            if (rule instanceof CSSStyleRule) {
                let matches = false;
                try {
                    matches = element.matches(rule.selectorText);
                } catch {
                    // A selector jsdom cannot evaluate (e.g. a vendor pseudo-class) does not apply here.
                }
                if (matches) for (let index = 0; index < rule.style.length; index++) properties.add(rule.style[index]);
            } else if ('cssRules' in rule) {
                visit((rule as CSSGroupingRule).cssRules);
            }
        }
    };
    for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
    return properties;
}

/** The text of the page's style rules that apply to an element (top-level rules). */
function appliedRuleText(element: Element): string {
    const texts: string[] = [];
    for (const sheet of Array.from(document.styleSheets)) {
        for (const rule of Array.from(sheet.cssRules)) {
            if (!(rule instanceof CSSStyleRule)) continue;
            try {
                if (element.matches(rule.selectorText)) texts.push(rule.cssText);
            } catch {
                // A selector jsdom cannot evaluate does not apply here.
            }
        }
    }
    return texts.join('\n');
}

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
const CORNERS = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;

let dv: DataverseEmulator;
let consoleErrors: string[];
let consoleError: jest.SpyInstance;
let consoleWarn: jest.SpyInstance;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
    consoleErrors = [];
    const record = (...args: unknown[]) => consoleErrors.push(args.map(String).join(' '));
    consoleError = jest.spyOn(console, 'error').mockImplementation(record);
    consoleWarn = jest.spyOn(console, 'warn').mockImplementation(record);
});
afterEach(() => {
    destroyAll();
    consoleError.mockRestore();
    consoleWarn.mockRestore();
});

const settled = () => waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]')).toHaveLength(3));

function mountForm(languageId = 1033): void {
    const options = { persona: 'serviceAgent', contact: 'serviceAgentCustomer', languageId } as const;
    mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, options);
    mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, options);
    mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, options);
}

describe(`the controls on the ${platformLibraries.name} platform libraries (React ${platformLibraries.versions.react}, Fluent ${platformLibraries.versions['@fluentui/react-components']})`, () => {
    it('run on the React, Fluent and Griffel of that set', () => {
        const { versions, nodeModules } = platformLibraries;
        expect(React.version).toBe(versions.react);
        // The Fluent the components import, and the Griffel that Fluent renders styles with.
        const fluentEntry = require.resolve('@fluentui/react-components');
        expect(fluentEntry.startsWith(join(nodeModules, '@fluentui', 'react-components'))).toBe(true);
        const fluentRoot = join(nodeModules, '@fluentui', 'react-components');
        const griffelPackage = require.resolve('@griffel/react/package.json', { paths: [fluentRoot] });
        expect((JSON.parse(readFileSync(griffelPackage, 'utf8')) as { version: string }).version).toBe(versions['@griffel/react']);
        expect(dirname(griffelPackage).startsWith(nodeModules)).toBe(true);
    });

    it('render all three on a contact form without a console error or warning (Griffel reports unsupported styles there)', async () => {
        mountForm();
        await settled();
        expect(screen.getAllByRole('listitem').length).toBeGreaterThan(0);
        expect(consoleErrors).toStrictEqual([]);
    });

    it.each([
        ['left to right', 1033],
        ['right to left', 1025],
    ])('give the measure tiles padding, border and radius, and the grid its gaps, as longhand rules (%s)', async (_direction, languageId) => {
        mountForm(languageId);
        await settled();
        const list = document.querySelector('li[data-measure]')?.parentElement;
        expect(list).not.toBeNull();
        const tiles = within(list as HTMLElement).getAllByRole('listitem');
        expect(tiles.length).toBeGreaterThan(0);

        const grid = appliedProperties(list!);
        const tile = appliedProperties(tiles[0]);
        const wantedOnTile = [
            ...SIDES.map((side) => `padding-${side}`),
            ...SIDES.flatMap((side) => [`border-${side}-width`, `border-${side}-style`, `border-${side}-color`]),
            ...CORNERS.map((corner) => `border-${corner}-radius`),
            'background-color',
        ];
        // What is missing, per element: both listed at once so a failure names every lost property.
        expect({
            grid: ['display', 'column-gap', 'row-gap'].filter((property) => !grid.has(property)),
            tile: wantedOnTile.filter((property) => !tile.has(property)),
        }).toStrictEqual({ grid: [], tile: [] });
        expect(consoleErrors).toStrictEqual([]);
    });

    it.each([
        ['left to right', 1033],
        ['right to left', 1025],
    ])('render the Customer Insights grid on a view with its border, radius and cell padding as longhand rules, without a console error (%s)', async (_direction, languageId) => {
        const { host } = await mountGrid(dv, { languageId });
        await gridSettled(host);
        const grid = screen.getByRole('grid');
        const rows = gridRows();
        expect(rows.length).toBeGreaterThan(0);
        const cell = rows[0].querySelector('[role="gridcell"]');
        expect(cell).not.toBeNull();
        const frame = appliedProperties(grid);
        // The cell pads by logical sides (padding-inline-start/end, flipped right to left by the browser), which
        // jsdom keeps in the rule's text but does not list as properties.
        const cellRules = appliedRuleText(cell as Element);
        expect({
            grid: [...SIDES.flatMap((side) => [`border-${side}-width`, `border-${side}-style`, `border-${side}-color`]), ...CORNERS.map((corner) => `border-${corner}-radius`)].filter((property) => !frame.has(property)),
            cell: ['padding-inline-start:', 'padding-inline-end:', 'display:'].filter((property) => !cellRules.includes(property)),
        }).toStrictEqual({ grid: [], cell: [] });
        expect(consoleErrors).toStrictEqual([]);
    });
});
