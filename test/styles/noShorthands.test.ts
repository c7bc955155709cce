/**
 * No CSS shorthand property in any `makeStyles` call of components/ or playground/.
 *
 * Model-driven apps run the controls on whatever Fluent 9 (and Griffel) the page loaded: the declared
 * platform set (Fluent 9.46.2 with Griffel 1.5) rejects shorthands in makeStyles: it logs a console error and
 * the property is lost (no padding, border, radius or gap), while newer Griffel expands them. Longhands
 * (`paddingTop`, `columnGap`, ...) or Griffel's `shorthands.*` helpers work on both. This test reads the
 * source with the TypeScript parser, so it checks every style object, nested selectors and media queries
 * included, and names the file, line and key of each offence.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

const REPO_ROOT = join(__dirname, '..', '..');
const CHECKED_FOLDERS = ['components', 'playground'];

/**
 * CSS shorthand properties (camelCase as written in makeStyles): every one that Griffel 1.14 (the declared
 * set) refuses, plus the newer shorthands it does not know yet. Griffel 1.16 (the run-time Fluent 9.68)
 * expands most of them but still refuses `borderColor`/`borderStyle`/`borderWidth` and the logical border
 * shorthands.
 */
const CSS_SHORTHANDS: ReadonlySet<string> = new Set([
    'all',
    'animation',
    'animationRange',
    'background',
    'backgroundPosition',
    'border',
    'borderBlock',
    'borderBlockColor',
    'borderBlockEnd',
    'borderBlockStart',
    'borderBlockStyle',
    'borderBlockWidth',
    'borderBottom',
    'borderColor',
    'borderImage',
    'borderInline',
    'borderInlineColor',
    'borderInlineEnd',
    'borderInlineStart',
    'borderInlineStyle',
    'borderInlineWidth',
    'borderLeft',
    'borderRadius',
    'borderRight',
    'borderStyle',
    'borderTop',
    'borderWidth',
    'caret',
    'columnRule',
    'columns',
    'containIntrinsicSize',
    'container',
    'flex',
    'flexFlow',
    'font',
    'gap',
    'grid',
    'gridArea',
    'gridColumn',
    'gridGap',
    'gridRow',
    'gridTemplate',
    'inset',
    'insetBlock',
    'insetInline',
    'lineClamp',
    'listStyle',
    'margin',
    'marginBlock',
    'marginInline',
    'mask',
    'maskBorder',
    'motion',
    'offset',
    'outline',
    'overflow',
    'overscrollBehavior',
    'padding',
    'paddingBlock',
    'paddingInline',
    'placeContent',
    'placeItems',
    'placeSelf',
    'scrollMargin',
    'scrollMarginBlock',
    'scrollMarginInline',
    'scrollPadding',
    'scrollPaddingBlock',
    'scrollPaddingInline',
    'scrollSnapMargin',
    'scrollTimeline',
    'textDecoration',
    'textEmphasis',
    'textWrap',
    'transition',
    'viewTimeline',
]);

/** The longhands or helper to use instead, for the message. */
function advice(key: string): string {
    if (key === 'gap' || key === 'gridGap') return 'use columnGap and rowGap';
    if (key === 'overflow') return 'use overflowX and overflowY, or ...shorthands.overflow()';
    return `use its longhands or ...shorthands.${key}() if Griffel has that helper`;
}

interface ShorthandOffence {
    readonly file: string;
    readonly line: number;
    readonly key: string;
    readonly path: string;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(path);
        return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
}

function propertyName(name: ts.PropertyName, sourceFile: ts.SourceFile): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
        const expression = name.expression;
        if (ts.isStringLiteralLike(expression)) return expression.text;
        return `[${expression.getText(sourceFile)}]`;
    }
    return undefined;
}

/** `makeStyles(...)` or `x.makeStyles(...)`. */
function isMakeStylesCall(node: ts.Node): node is ts.CallExpression {
    if (!ts.isCallExpression(node)) return false;
    const callee = node.expression;
    return (ts.isIdentifier(callee) && callee.text === 'makeStyles') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'makeStyles');
}

/** Top-level `const name = { ... }` object literals of a file, so that a style object kept in a constant is checked too. */
function objectConstants(sourceFile: ts.SourceFile): Map<string, ts.ObjectLiteralExpression> {
    const constants = new Map<string, ts.ObjectLiteralExpression>();
    const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
            let initializer: ts.Expression = node.initializer;
            while (ts.isAsExpression(initializer) || ts.isSatisfiesExpression(initializer) || ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
            if (ts.isObjectLiteralExpression(initializer)) constants.set(node.name.text, initializer);
        }
        ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return constants;
}

/** Every shorthand key in the makeStyles calls of one source text. */
function findShorthands(fileName: string, text: string): ShorthandOffence[] {
    const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const constants = objectConstants(sourceFile);
    const offences: ShorthandOffence[] = [];
    const lineOf = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    const unresolvable = (node: ts.Node, path: string): void => {
        offences.push({ file: fileName, line: lineOf(node), key: `(${node.getText(sourceFile).slice(0, 60)})`, path: `${path}: not a style object this check can read; write an object literal` });
    };

    /** A style object: CSS properties, and nested selector / at-rule objects. */
    const checkStyle = (expression: ts.Expression, path: string, seen: ReadonlySet<string>): void => {
        while (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
        if (ts.isIdentifier(expression)) {
            const constant = constants.get(expression.text);
            if (constant !== undefined && !seen.has(expression.text)) checkStyle(constant, path, new Set([...seen, expression.text]));
            else unresolvable(expression, path);
            return;
        }
        if (!ts.isObjectLiteralExpression(expression)) {
            unresolvable(expression, path);
            return;
        }
        for (const property of expression.properties) {
            if (ts.isSpreadAssignment(property)) {
                const spread = property.expression;
                // Griffel's helpers (`...shorthands.padding(x)`) return longhands; Fluent's typography styles are longhands.
                const callee = ts.isCallExpression(spread) ? spread.expression : undefined;
                if (callee !== undefined && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'shorthands') continue;
                if (ts.isPropertyAccessExpression(spread) && ts.isIdentifier(spread.expression) && spread.expression.text === 'typographyStyles') continue;
                checkStyle(spread, `${path} ...`, seen);
                continue;
            }
            if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) {
                unresolvable(property, path);
                continue;
            }
            const key = propertyName(property.name, sourceFile);
            if (key === undefined) continue;
            const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
            let inner: ts.Expression = value;
            while (ts.isAsExpression(inner) || ts.isParenthesizedExpression(inner)) inner = inner.expression;
            if (ts.isObjectLiteralExpression(inner)) {
                // A nested selector (':hover', '& > li'), an at-rule ('@media ...') or a keyframes object.
                checkStyle(inner, `${path} > '${key}'`, seen);
                continue;
            }
            if (CSS_SHORTHANDS.has(key)) offences.push({ file: fileName, line: lineOf(property), key, path });
        }
    };

    const visit = (node: ts.Node): void => {
        if (isMakeStylesCall(node)) {
            const [slots] = node.arguments;
            if (slots === undefined) {
                // makeStyles() without styles: nothing to check.
            } else {
                let argument: ts.Expression = slots;
                while (ts.isAsExpression(argument) || ts.isParenthesizedExpression(argument)) argument = argument.expression;
                if (ts.isIdentifier(argument) && constants.has(argument.text)) argument = constants.get(argument.text)!;
                if (!ts.isObjectLiteralExpression(argument)) unresolvable(argument, 'makeStyles');
                else {
                    for (const slot of argument.properties) {
                        if (ts.isPropertyAssignment(slot)) checkStyle(slot.initializer, `slot '${propertyName(slot.name, sourceFile) ?? '?'}'`, new Set());
                        else if (ts.isShorthandPropertyAssignment(slot)) checkStyle(slot.name, `slot '${slot.name.text}'`, new Set());
                        else unresolvable(slot, 'makeStyles');
                    }
                }
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return offences;
}

function describeOffence(offence: ShorthandOffence): string {
    const where = `${relative(REPO_ROOT, offence.file)}:${offence.line}`;
    if (offence.key.startsWith('(')) return `${where} ${offence.path} ${offence.key}`;
    return `${where} ${offence.path}: CSS shorthand "${offence.key}" in makeStyles (${advice(offence.key)})`;
}

describe('makeStyles uses no CSS shorthand properties', () => {
    const files = CHECKED_FOLDERS.flatMap((folder) => sourceFiles(join(REPO_ROOT, folder)));
    const withMakeStyles = files.filter((file) => /\bmakeStyles\s*\(/.test(readFileSync(file, 'utf8')));

    it('finds the style files it is meant to check', () => {
        // Guards against the walk silently checking nothing (a moved folder, a renamed import).
        expect(withMakeStyles.length).toBeGreaterThanOrEqual(3);
        expect(withMakeStyles.map((file) => relative(REPO_ROOT, file).split('\\').join('/'))).toContain('components/shared/ui/MeasureTiles.tsx');
    });

    it('every makeStyles style object in components/ and playground/ uses longhands or shorthands.* helpers', () => {
        const offences = withMakeStyles.flatMap((file) => findShorthands(file, readFileSync(file, 'utf8')));
        if (offences.length > 0) {
            throw new Error(
                `${offences.length} CSS shorthand(s) in makeStyles; Griffel 1.5 (the declared Fluent 9.46.2) drops them and logs errors:\n` +
                    offences.map((offence) => `  ${describeOffence(offence)}`).join('\n'),
            );
        }
    });
});

describe('the shorthand check itself', () => {
    const check = (source: string): string[] => findShorthands('example.tsx', source).map((offence) => `${offence.line}:${offence.key}`);

    it('flags shorthand keys in slots, nested selectors, media queries and spread constants', () => {
        const source = [
            "import { makeStyles, shorthands, tokens } from '@fluentui/react-components';",
            'const focus = { outline: "none" };',
            'export const useStyles = makeStyles({',
            '    root: { padding: tokens.spacingHorizontalM, paddingTop: "0", gap: "4px" },',
            "    item: { ':hover': { borderRadius: '2px' }, '@media (forced-colors: active)': { border: '1px solid' } },",
            '    focused: { ...focus, ...shorthands.padding("4px"), margin: 0 },',
            "    'quoted-key': { 'flex': 1, ['overflow']: 'hidden' },",
            '});',
        ].join('\n');
        expect(check(source)).toStrictEqual(['4:padding', '4:gap', '5:borderRadius', '5:border', '2:outline', '6:margin', '7:flex', '7:overflow']);
    });

    it('accepts longhands, shorthands.* helpers and makeResetStyles (which supports shorthands)', () => {
        const source = [
            "import { makeResetStyles, makeStyles, shorthands, tokens, typographyStyles } from '@fluentui/react-components';",
            'export const useReset = makeResetStyles({ padding: "4px" });',
            'export const useStyles = makeStyles({',
            '    root: { paddingTop: "0", columnGap: "4px", rowGap: "4px", ...shorthands.border("1px", "solid", tokens.colorNeutralStroke1) },',
            '    text: { ...typographyStyles.body1, overflowX: "hidden" },',
            '});',
        ].join('\n');
        expect(check(source)).toStrictEqual([]);
    });

    it('reports a style object it cannot read instead of passing it', () => {
        const source = ["import { makeStyles } from '@fluentui/react-components';", 'import { external } from "./x";', 'export const useStyles = makeStyles({ root: external });'].join('\n');
        expect(check(source)).toStrictEqual(['3:(external)']);
    });
});
